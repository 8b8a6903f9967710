import type { Command } from "commander";
import { sha256File } from "../../sdk/hash";
import { emit } from "../context";

export function registerHash(program: Command): void {
  program
    .command("hash")
    .description("SHA-256 of a file, streamed (the form of content and delivery hashes)")
    .argument("<file>", "file to hash")
    .action(async (file: string, _options: unknown, command: Command) => {
      const sha256 = await sha256File(file);
      emit(command, { data: { file, sha256 }, lines: [`${sha256}  ${file}`] });
    });
}
