import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { loadWallet } from "../../../sdk/chain";
import { dealDocumentSchema, readDocument, signDealDocument, writeDocument } from "../../../sdk/documents";
import { chainConfig, emit } from "../../context";
import type { NoOptions } from "../../context";

/** Offline: needs only the key. */
export async function sign(file: string, _options: NoOptions, command: CommandUnknownOpts): Promise<void> {
  const config = chainConfig(command);
  const document = readDocument(file, dealDocumentSchema, "deal");
  const { document: signed, role } = await signDealDocument(document, await loadWallet(config.key, null));
  writeDocument(file, signed);
  emit(command, { data: { file, role, signatures: signed.signatures }, lines: [`signed ${file} as the ${role}`] });
}
