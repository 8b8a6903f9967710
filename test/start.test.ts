import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { expect } from "chai";
import { temporaryDirectory } from "./cli/harness";

const ROOT = join(__dirname, "..");

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The curl lines of the README's API examples block. */
function readmeCurlExamples(): string[] {
  const readme = readFileSync(join(ROOT, "README.md"), "utf8");
  const block = /<!-- api-examples[^>]*-->\s*```sh\n([\s\S]*?)```\s*<!-- \/api-examples -->/.exec(readme);
  if (!block) throw new Error("README.md has no api-examples block");
  return block[1].split("\n").filter((line) => line.startsWith("curl "));
}

/** The URL a README curl line asks for, on `base` instead of the default 127.0.0.1:3000. */
function urlOf(line: string, base: string): string {
  const match = /curl -s '?(http:\/\/127\.0\.0\.1:3000[^'\s]*)'?/.exec(line);
  if (!match) throw new Error(`cannot read the URL of: ${line}`);
  return match[1].replace("http://127.0.0.1:3000", base);
}

describe("npm start", function () {
  this.timeout(300_000);

  it("brings the whole stack up — chain, deployment, stories, mirror, API — the README's curl examples work against it, and Ctrl-C stops it cleanly", async () => {
    const chainPort = await freePort();
    const apiPort = await freePort();
    const child = spawn(process.execPath, [join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", join(ROOT, "scripts", "start.ts")], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", START_PORT: String(chainPort), API_PORT: String(apiPort),
        DEPLOYMENTS_DIR: temporaryDirectory("start-deployments"), START_MIRROR_DIR: temporaryDirectory("start-mirror"),
        START_DOCUMENTS_DIR: temporaryDirectory("start-documents"),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setInterval(() => {
          if (output.includes("Ctrl-C stops it.")) {
            clearInterval(timer);
            resolve();
          }
        }, 100);
        void exited.then((code) => {
          clearInterval(timer);
          reject(new Error(`npm start exited (${code}):\n${output}`));
        });
      });
      expect(output).to.match(/Story 6 — an auditor verifies every product against the chain/);
      expect(output).to.include("all explained by the planted problems: true");
      expect(output).to.match(/\d+ events of blocks 1-\d+ mirrored into .*\(embedded\): 13 products, 7 trades/);
      const base = `http://127.0.0.1:${apiPort}`;
      expect(output).to.include(`The API:    ${base}`);

      const examples = readmeCurlExamples();
      expect(examples.length).to.be.greaterThan(10);
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
    } finally {
      child.kill("SIGINT");
    }
    expect(await exited, output).to.equal(0);
    // The chain and the API went with it.
    const refused = await fetch(`http://127.0.0.1:${chainPort}`, { method: "POST", body: "{}" }).then(() => false, () => true);
    expect(refused, "the chain still answers after Ctrl-C").to.equal(true);
  });
});
