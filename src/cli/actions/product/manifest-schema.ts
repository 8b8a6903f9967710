import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { productManifestJsonSchema } from "../../../sdk/manifest";
import { emit } from "../../context";
import type { NoOptions } from "../../context";

export async function manifestSchema(_options: NoOptions, command: CommandUnknownOpts): Promise<void> {
  const schema = productManifestJsonSchema() as Record<string, unknown>;
  emit(command, { data: schema, lines: [JSON.stringify(schema, null, 2)] });
}
