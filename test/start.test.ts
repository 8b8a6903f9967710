import { existsSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { describeStop, sharedStack, uncleanStop } from "./shared-stack";
import { freePort, isPortFree, processTree, spawnStart, waitForOutput } from "./stack";
import type { StartFolders } from "./stack";

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

/** Every file under `folder` with its bytes (base64), or one entry naming its absence. */
function snapshot(folder: string): Record<string, string> {
  if (!existsSync(folder)) return { [folder]: "absent" };
  if (statSync(folder).isFile()) return { [folder]: readFileSync(folder).toString("base64") };
  return Object.fromEntries(readdirSync(folder, { recursive: true, encoding: "utf8" }).sort().map((name) => {
    const path = join(folder, name);
    return [name, statSync(path).isFile() ? readFileSync(path).toString("base64") : "folder"];
  }));
}

/** The names of every file and folder under `folder`. */
const listing = (folder: string) => readdirSync(folder, { recursive: true, encoding: "utf8" }).sort();

const removeFolders = (folders: StartFolders) => {
  for (const folder of [folders.deploymentsDir, folders.mirrorDir, folders.documentsDir]) rmSync(folder, { recursive: true, force: true });
};

describe("npm start", function () {
  this.timeout(300_000);

  // Before the shared stack (which skips the build) is up, when this file runs first: this one builds.
  it("builds with a line per step and its time, then Ctrl-C (SIGINT to the process group) stops the build's children or the stack within 5 s, leaving no process and both ports free", async function () {
    this.timeout(900_000);
    const started = spawnStart({ chainPort: await freePort(), apiPort: await freePort() });
    try {
      // Once the chain is up and the stories have begun: anvil is running and the build is done.
      await waitForOutput(started, "Story 1 —");
      const output = started.output();
      for (const [index, step] of ["contracts (hardhat compile)", "SDK, CLI, listener, API (tsc)", "web app (vite build)"].entries()) {
        expect(output).to.include(`[${index + 1}/3] ${step} …`);
        expect(output).to.match(new RegExp(`\\[${index + 1}/3\\] ${step.replace(/[()]/g, "\\$&")}: done in \\d+\\.\\d s`));
      }
      expect(output).to.match(/Built in \d+\.\d s/);
      // npm's child is the node that owns everything (no shell in between), and anvil is its child.
      const tree = processTree(started.pid);
      const children = tree.filter((info) => info.ppid === started.pid);
      expect(children.map((info) => info.command), "npm's children").to.have.length(1);
      expect(children[0].command).to.match(/node .*scripts\/start\.ts$/);
      expect(tree.filter((info) => info.ppid === children[0].pid).map((info) => info.command).join("\n")).to.match(/anvil --host 127\.0\.0\.1 --port \d+/);
      const stopped = await started.stop("SIGINT to the group");
      console.log(describeStop("SIGINT to the process group", stopped));
      expect(uncleanStop(stopped), started.output()).to.equal("");
      // Its locks are gone with it.
      for (const path of [join(started.deploymentsDir, "localhost.json"), started.mirrorDir, started.documentsDir]) expect(existsSync(`${path}.start-lock`), path).to.equal(false);
    } finally {
      await started.stop("SIGINT to the group");
      removeFolders(started);
    }
  });

  // The stack is shared with the browser tests (test/web/): ./shared-stack.ts starts it once (through `npm start`)
  // and its root hook stops it after every suite with SIGTERM to npm's pid alone, checking that nothing is left.
  it("brings the whole stack up — chain, deployment, stories, mirror, API — and the curl examples of the README and docs/mirror.md work against it", async () => {
    const stack = await sharedStack();
    const output = stack.output();
    expect(output).to.match(/Story 6 — an auditor verifies every product against the chain/);
    expect(output).to.include("all explained by the planted problems: true");
    // Story 7 moved the exchange to a new version; the mirror holds both epochs' history.
    expect(output).to.match(/Story 7 — the exchange moves to a new version of its contracts, mid-life/);
    expect(output).to.match(/the before\/after diff: \d+ records compared, as stored and as read, no difference/);
    expect(output).to.match(/\d+ events of blocks 1-\d+ mirrored into .*\(embedded\): 13 products, 9 trades/);
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
    // Story 7 sold the credit report once in each epoch (trades 8 and 9): one history in the mirror.
    const sold = (await (await fetch(`${base}/trades?product=13`)).json()) as { items: { id: number; status: string }[] };
    expect(sold.items.map((trade) => [trade.id, trade.status])).to.deep.equal([[9, "Completed"], [8, "Completed"]]);
    const governance = (await (await fetch(`${base}/governance`)).json()) as { successor: unknown; sealed: string[]; paused: Record<string, boolean> };
    expect(governance.successor, "the current deployment has no successor (the first one's is not it)").to.equal(null);
    expect(governance.sealed, "the first deployment is sealed, not the current one").to.deep.equal([]);
    expect(Object.values(governance.paused)).to.deep.equal([false, false, false]);
    // Every story product's description document, mirrored; story 6 edited the annotated frames' (product 5).
    expect(output).to.match(/product documents from .*: 1 mismatch, 12 verified/);
    expect(lineage.document).to.include({ status: "verified", name: "Jingyun credit report" });
    const frames = (await (await fetch(`${base}/products/5`)).json()) as { document: Record<string, unknown> };
    expect(frames.document).to.have.keys("status", "problem");
    expect(frames.document.status).to.equal("mismatch");
    // Its hints name its ports and folders: the CLI in another terminal reaches this chain, not 8545.
    expect(output).to.include(`RPC_URL=${stack.rpcUrl} DEPLOYMENTS_DIR=${stack.deploymentsDir} npx datarights verify 1 --documents`);
  });

  it("runs as npm, its node and that node's children: no shell in between to swallow npm's SIGTERM", async () => {
    const stack = await sharedStack();
    const tree = processTree(stack.pid);
    const children = tree.filter((info) => info.ppid === stack.pid);
    expect(children.map((info) => info.command)).to.have.length(1);
    expect(children[0].command).to.match(/node .*scripts\/start\.ts$/);
    expect(tree.filter((info) => info.ppid === children[0].pid).map((info) => info.command).join("\n")).to.match(/anvil --host 127\.0\.0\.1 --port \d+/);
  });

  it("a second npm start on other ports and the same folders refuses, naming the running one, before touching anything", async () => {
    const stack = await sharedStack();
    const deploymentFile = join(stack.deploymentsDir, "localhost.json");
    const before = { deployment: snapshot(deploymentFile), documents: snapshot(stack.documentsDir), mirror: listing(stack.mirrorDir) };
    expect(before.mirror.length, "the mirror's files").to.be.greaterThan(3);
    const chainPort = await freePort();
    const apiPort = await freePort();
    // With its build: it must refuse before it (the build rewrites what the running one serves).
    const second = spawnStart({ chainPort, apiPort, folders: stack });
    const code = await Promise.race([second.exited, new Promise((resolve) => setTimeout(resolve, 120_000, "still running"))]);
    if (code === "still running") await second.stop("SIGINT to the group");
    expect(code, second.output()).to.equal(1);
    const lines = second.errors().trim().split("\n");
    expect(lines, second.errors()).to.have.length(1);
    const node = processTree(stack.pid).find((info) => info.ppid === stack.pid)!;
    expect(lines[0]).to.include(`datarights: npm start is already running on these folders (pid ${node.pid}: chain ${stack.rpcUrl}, API ${stack.apiUrl}; its lock `);
    expect(second.output()).not.to.include("Building");
    expect(await isPortFree(chainPort)).to.equal(true);
    expect(await isPortFree(apiPort)).to.equal(true);
    // The first one's files are as they were, and it still answers, from its mirror.
    expect(snapshot(deploymentFile)).to.deep.equal(before.deployment);
    expect(snapshot(stack.documentsDir)).to.deep.equal(before.documents);
    expect(listing(stack.mirrorDir)).to.include.members(before.mirror);
    const products = (await (await fetch(`${stack.apiUrl}/products?limit=100`)).json()) as { items: unknown[] };
    expect(products.items).to.have.length(13);
  });

  it("names START_PORT or API_PORT when its port is in use, before it builds or deletes anything", async () => {
    const stack = await sharedStack();
    for (const [variable, ports] of [["START_PORT", { chainPort: stack.chainPort, apiPort: await freePort() }], ["API_PORT", { chainPort: await freePort(), apiPort: stack.apiPort }]] as const) {
      const started = spawnStart(ports);
      try {
        expect(await started.exited, started.output()).to.equal(1);
        const taken = variable === "START_PORT" ? stack.chainPort : stack.apiPort;
        expect(started.errors().trim()).to.equal(`datarights: port ${taken} is in use: set ${variable} to another`);
        expect(started.output()).not.to.include("Building");
        for (const path of [join(started.deploymentsDir, "localhost.json"), started.mirrorDir, started.documentsDir]) expect(existsSync(`${path}.start-lock`), path).to.equal(false);
      } finally {
        removeFolders(started);
      }
    }
  });
});
