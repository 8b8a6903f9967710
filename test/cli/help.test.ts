import { expect } from "chai";
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { buildProgram } from "../../src/cli/main";
import { runCli } from "./harness";

const ROOT = join(__dirname, "..", "..");
const VERSION = (JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version;

/** Every command below the root, with its words (["trade", "deal"]), read from the program itself. */
function commandsOf(command: CommandUnknownOpts, path: string[] = []): { path: string[]; command: CommandUnknownOpts }[] {
  return command.commands.flatMap((child) => [{ path: [...path, child.name()], command: child }, ...commandsOf(child, [...path, child.name()])]);
}

/** The entries of one section of a help text ("Options:"), each with its wrapped lines joined. */
function section(help: string, title: string): string[] {
  const start = help.indexOf(`\n${title}\n`);
  if (start < 0) return [];
  const body = help.slice(start + title.length + 2).split("\n\n")[0];
  const entries: string[] = [];
  for (const line of body.split("\n")) {
    if (/^ {2}\S/.test(line)) entries.push(line.trim());
    else if (entries.length > 0) entries[entries.length - 1] += ` ${line.trim()}`;
  }
  return entries;
}

async function inBatches<T>(items: T[], size: number, run: (item: T) => Promise<void>): Promise<void> {
  for (let index = 0; index < items.length; index += size) await Promise.all(items.slice(index, index + size).map(run));
}

/** The modules a `datarights` run loaded, listed by the process itself after main() returns. */
function modulesLoadedBy(args: string[]): Promise<string[]> {
  const script = `require(${JSON.stringify(join(ROOT, "dist", "src", "cli", "main.js"))}).main(${JSON.stringify(args)})
    .then(() => process.stderr.write(JSON.stringify(Object.keys(require.cache))));`;
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ["-e", script], { cwd: ROOT }, (error, _stdout, stderr) => {
      if (error) reject(error);
      else resolve(JSON.parse(stderr.slice(stderr.indexOf("[\""))) as string[]);
    });
  });
}

describe("datarights CLI: help and version", function () {
  this.timeout(180_000);
  const all = commandsOf(buildProgram());
  const leaves = all.filter((entry) => entry.command.commands.length === 0);
  const groups = all.filter((entry) => entry.command.commands.length > 0);

  it("--version and -V print the package's version", async () => {
    for (const flag of ["--version", "-V"]) {
      const result = await runCli([flag], {});
      expect(result.code).to.equal(0);
      expect(result.stdout).to.equal(`${VERSION}\n`);
    }
  });

  it("knows the commands it is checking", () => {
    expect(leaves.map((entry) => entry.path.join(" "))).to.include.members(["trade deal", "assessment require", "verify", "permissions sync", "hash"]);
    expect(leaves.length).to.be.greaterThan(50);
  });

  it("every command's help shows the global options; each leaf marks exactly its required options and gives an example of itself", async () => {
    await inBatches([...groups, ...leaves], 4, async ({ path, command }) => {
      const words = path.join(" ");
      const result = await runCli([...path, "--help"], {});
      expect(result.code, words).to.equal(0);
      expect(result.stdout, words).to.match(new RegExp(`^Usage: datarights ${words} `));
      const globals = section(result.stdout, "Global Options:").map((entry) => entry.split(/\s{2,}/)[0]);
      expect(globals, words).to.deep.equal(["--json", "--network <name>", "--rpc-url <url>"]);
      if (command.commands.length > 0) return;
      const options = section(result.stdout, "Options:");
      for (const option of command.options) {
        const entry = options.find((line) => line.startsWith(`${option.flags} `));
        expect(entry, `${words} ${option.flags}`).to.be.a("string");
        expect(entry!.endsWith("(required)"), `${words} ${option.flags}: ${entry}`).to.equal(option.mandatory);
      }
      const examples = result.stdout.split(/\nExamples?:\n/)[1]?.split("\n").filter((line) => line.trim() !== "") ?? [];
      expect(examples, `${words}: examples`).to.not.be.empty;
      for (const example of examples) expect(example, words).to.match(/^ {2}\$ datarights /);
      expect(examples.some((example) => example.replace(/ --json /, " ").includes(`$ datarights ${words}`)), `${words}: an example of itself`).to.equal(true);
    });
  });

  it("shows the jurisdiction default as CN, not as its hex", async () => {
    for (const words of [["participant", "accredit"], ["participant", "apply"]]) {
      const { stdout } = await runCli([...words, "--help"], {});
      const jurisdiction = section(stdout, "Options:").find((entry) => entry.startsWith("--jurisdiction <code>"));
      expect(jurisdiction).to.match(/\(default: CN\)$/);
    }
  });

  it("printing help loads neither ethers nor the contract bindings, the SDK's client, the mirror or the API", async () => {
    for (const args of [["--help"], ["trade", "--help"], ["trade", "deal", "--help"], ["assessment", "require", "--help"]]) {
      const loaded = await modulesLoadedBy(args);
      expect(loaded.some((file) => file.endsWith(join("dist", "src", "cli", "main.js"))), args.join(" ")).to.equal(true);
      const heavy = loaded.filter((file) =>
        /node_modules\/(ethers|@noble|fastify|@electric-sql|pg|kysely|zod|pino)\//.test(file) || /typechain-types|dist\/src\/(sdk\/(client|chain|errors|verify)|listener|mirror|api)/.test(file));
      expect(heavy, args.join(" ")).to.deep.equal([]);
    }
  });
});
