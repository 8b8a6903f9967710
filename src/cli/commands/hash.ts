import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { examples } from "../help";
import { lazy } from "../lazy";

export function registerHash(program: CommandUnknownOpts): void {
  program
    .command("hash")
    .description("SHA-256 of a file, streamed (the form of content and delivery hashes)")
    .argument("<file>", "file to hash")
    .addHelpText("after", examples("hash usage.csv"))
    .action(lazy(async () => (await import("../actions/hash")).hash));
}
