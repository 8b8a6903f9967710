import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { expect } from "chai";

const WEB = join(__dirname, "..", "..", "dist", "web");
const MANIFEST = join(WEB, ".vite", "manifest.json");
/** The budget for the catalogue route's JavaScript, gzipped. */
const BUDGET = 300 * 1024;

interface Chunk {
  file: string;
  src?: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
}

function readManifest(): Record<string, Chunk> {
  if (!existsSync(MANIFEST)) throw new Error(`${MANIFEST} is missing: run \`npm run build\` first (npm test does)`);
  return JSON.parse(readFileSync(MANIFEST, "utf8")) as Record<string, Chunk>;
}

/** The chunks a browser loads for `key` before anything is imported dynamically: it and its static imports, recursively. */
function staticClosure(manifest: Record<string, Chunk>, key: string, seen = new Set<string>()): Set<string> {
  if (seen.has(key)) return seen;
  seen.add(key);
  for (const imported of manifest[key].imports ?? []) staticClosure(manifest, imported, seen);
  return seen;
}

describe("the web app's build (dist/web, Vite's manifest)", () => {
  it("loads at most 300 KB of gzipped JavaScript on the catalogue route: the entry and its static imports", () => {
    const manifest = readManifest();
    const entries = Object.entries(manifest).filter(([, chunk]) => chunk.isEntry);
    expect(entries.map(([key]) => key)).to.deep.equal(["index.html"]);
    const loaded = [...staticClosure(manifest, "index.html")].map((key) => manifest[key].file).filter((file) => file.endsWith(".js"));
    const sizes = loaded.map((file) => gzipSync(readFileSync(join(WEB, file)), { level: 9 }).length);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    expect(total, `the catalogue loads ${loaded.join(", ")}: ${(total / 1024).toFixed(1)} KB gzipped`).to.be.at.most(BUDGET);
    expect(total).to.be.greaterThan(0);
  });

  it("keeps the graph and chart libraries out of the catalogue's load, in chunks imported on demand", () => {
    const manifest = readManifest();
    const initial = staticClosure(manifest, "index.html");
    for (const library of ["cytoscape", "uplot"]) {
      const chunks = Object.keys(manifest).filter((key) => key.includes(`node_modules/${library}/`) && manifest[key].file.endsWith(".js"));
      expect(chunks, `${library} is bundled`).to.have.length.greaterThan(0);
      for (const key of chunks) expect(initial.has(key), `${key} is loaded by the catalogue`).to.equal(false);
      const importers = Object.values(manifest).filter((chunk) => chunk.dynamicImports?.some((imported) => chunks.includes(imported)));
      expect(importers, `nothing imports ${library} on demand`).to.have.length.greaterThan(0);
    }
  });

  it("references its assets by relative paths, with nothing fetched from another origin", () => {
    const html = readFileSync(join(WEB, "index.html"), "utf8");
    const references = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    expect(references.length).to.be.greaterThan(0);
    for (const reference of references) expect(reference, reference).to.match(/^(\.\/assets\/|data:)/);
    for (const chunk of Object.values(readManifest())) {
      const text = readFileSync(join(WEB, chunk.file), "utf8");
      expect(/\bhttps?:\/\/(?!www\.w3\.org\/)[a-z0-9.-]+\.[a-z]{2,}\/[^\s"'`]*\.(?:js|css|woff2?)\b/i.test(text), `${chunk.file} loads from another origin`).to.equal(false);
    }
  });
});
