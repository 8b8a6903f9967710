import { writeFileSync } from "node:fs";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { DatarightsClient } from "../../sdk/client";
import { documentsDirectory } from "../../sdk/product-document";
import { toProvJson } from "../../sdk/prov";
import { UnknownProductError, verifyProduct } from "../../sdk/verify";
import { chainConfig, globalOptions, jsonValue } from "../context";
import { VerificationFailed } from "../failure";
import { UsageError } from "../parse";

export async function verify(productId: bigint, options: { file?: string; prov?: string; documents?: string }, command: CommandUnknownOpts): Promise<void> {
  const config = chainConfig(command);
  const client = await DatarightsClient.connect(config);
  let report;
  try {
    report = await verifyProduct(client, productId, { file: options.file, documents: documentsDirectory(process.env, config.network, options.documents), localMetadata: true });
  } catch (error) {
    if (error instanceof UnknownProductError) throw new UsageError(error.message);
    throw error;
  } finally {
    client.destroy();
  }
  if (options.prov) writeFileSync(options.prov, `${JSON.stringify(toProvJson(report), jsonValue, 2)}\n`);
  const failed = report.checks.filter((item) => !item.passed);
  if (globalOptions(command).json) {
    process.stdout.write(`${JSON.stringify(report, jsonValue, 2)}\n`);
  } else {
    process.stdout.write(`${report.registrationNumber} (product ${productId}) on chain ${report.chainId} at block ${report.blockNumber}\n`);
    for (const item of report.checks) process.stdout.write(`${item.passed ? "PASS" : "FAIL"}  ${item.id.padEnd(24)} ${item.detail}\n`);
    process.stdout.write(failed.length === 0 ? `all ${report.checks.length} checks passed\n` : `${failed.length} of ${report.checks.length} checks FAILED\n`);
    if (options.prov) process.stdout.write(`PROV-JSON written to ${options.prov}\n`);
  }
  if (!report.passed) {
    throw new VerificationFailed(
      `verification of product ${productId} failed: ${failed.length} of ${report.checks.length} checks (${failed.map((item) => item.id).join(", ")})`,
      { productId, failedChecks: failed.map((item) => ({ id: item.id, detail: item.detail })) },
    );
  }
}
