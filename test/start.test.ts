import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { sharedStack } from "./shared-stack";

const ROOT = join(__dirname, "..");

/** The API examples, linked from the README: docs/mirror.md's api-examples block. */
const API_EXAMPLES = "docs/mirror.md";

/** The curl lines of the API examples block. */
function curlExamples(): string[] {
  const text = readFileSync(join(ROOT, API_EXAMPLES), "utf8");
  const block = /<!-- api-examples[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- \/api-examples -->/.exec(text);
  if (!block) throw new Error(`${API_EXAMPLES} has no api-examples block`);
  return block[1].split("\n").filter((line) => line.startsWith("curl "));
}

/** The curl lines of the README's own code blocks (its "things to try"). */
function readmeCurls(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  return [...readme.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((block) => block[1].split("\n").map((line) => line.trim())).filter((line) => line.startsWith("curl "));
}

/** The URL a curl example asks for, on `base` instead of the default 127.0.0.1:3000. */
function urlOf(line: string, base: string): string {
  const match = /curl -s '?(http:\/\/127\.0\.0\.1:3000[^'\s]*)'?/.exec(line);
  if (!match) throw new Error(`cannot read the URL of: ${line}`);
  return match[1].replace("http://127.0.0.1:3000", base);
}

describe("npm start", function () {
  this.timeout(300_000);

  // The stack is shared with the browser tests (test/web/): ./shared-stack.ts starts it once and its root
  // hook stops it after every suite, checking that Ctrl-C stops it cleanly and takes the chain with it.
  it("brings the whole stack up — chain, deployment, stories, mirror, API — and the curl examples of the README and docs/mirror.md work against it", async () => {
    const stack = await sharedStack();
    const output = stack.output();
    expect(output).to.match(/Story 6 — an auditor verifies every product against the chain/);
    expect(output).to.include("all explained by the planted problems: true");
    expect(output).to.match(/\d+ events of blocks 1-\d+ mirrored into .*\(embedded\): 13 products, 7 trades/);
    const base = stack.apiUrl;
    expect(output).to.include(`The API:    ${base}`);
    // The portal is served at the API's address.
    expect(output).to.include(`The portal: ${base}/`);
    const portal = await fetch(`${base}/`);
    expect(portal.status).to.equal(200);
    expect(portal.headers.get("content-type")).to.match(/^text\/html/);
    expect(await portal.text()).to.match(/<script type="module"[^>]* src="[^"]*assets\//);

    const examples = curlExamples();
    expect(examples.length).to.be.greaterThan(10);
    const tries = readmeCurls();
    expect(tries.length, "the README's curl lines").to.be.greaterThan(0);
    examples.push(...tries);
    for (const line of examples) {
      const response = await fetch(urlOf(line, base));
      expect(response.status, line).to.equal(200);
      const body = (await response.json()) as { items?: unknown[]; status?: string; paths?: object; id?: number };
      if (body.items !== undefined) expect(body.items.length, `${line} returned no items`).to.be.greaterThan(0);
    }
    const health = (await (await fetch(`${base}/health`)).json()) as { status: string; lag: number };
    expect(health).to.include({ status: "ok", lag: 0 });
    const lineage = (await (await fetch(`${base}/products/13`)).json()) as { lineage: { nodes: unknown[] }; document: { status: string; name?: string } };
    expect(lineage.lineage.nodes).to.have.length(7);
    // Every story product's description document, mirrored; story 6 edited the annotated frames' (product 5).
    expect(output).to.match(/product documents from .*: 1 mismatch, 12 verified/);
    expect(lineage.document).to.include({ status: "verified", name: "Jingyun credit report" });
    const frames = (await (await fetch(`${base}/products/5`)).json()) as { document: Record<string, unknown> };
    expect(frames.document).to.have.keys("status", "problem");
    expect(frames.document.status).to.equal("mismatch");
  });
});
