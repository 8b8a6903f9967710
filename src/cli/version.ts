import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";

/** The version in datarights' package.json, found upwards from here (src/cli, or dist/src/cli once built). */
export function packageVersion(): string {
  for (let folder = __dirname; ; folder = dirname(folder)) {
    const file = join(folder, "package.json");
    if (existsSync(file)) {
      const manifest = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (manifest.name === "datarights" && typeof manifest.version === "string") return manifest.version;
    }
    if (dirname(folder) === folder) return "unknown";
  }
}
