import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { sha256File } from "../../sdk/hash";
import { emit } from "../context";
import type { NoOptions } from "../context";

export async function hash(file: string, _options: NoOptions, command: CommandUnknownOpts): Promise<void> {
  const sha256 = await sha256File(file);
  emit(command, { data: { file, sha256 }, lines: [`${sha256}  ${file}`] });
}
