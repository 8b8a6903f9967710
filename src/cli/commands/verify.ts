import { writeFileSync } from "node:fs";
import type { Command } from "commander";
import { toProvJson } from "../../sdk/prov";
import { UnknownProductError, verifyProduct } from "../../sdk/verify";
import { DatarightsClient } from "../../sdk/client";
import { chainConfig, globalOptions } from "../context";
import { UsageError, parseId } from "../parse";

/** Thrown after the report is printed when a check failed: exit code 1. */
export class VerificationFailed extends Error {}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

export function registerVerify(program: Command): void {
  program
    .command("verify")
    .description("the auditor's check of a product's provenance, read from the chain (exit 0 all pass, 1 a check failed, 2 error)")
    .argument("<product>", "product id", parseId)
    .option("--file <path>", "a local file that must match the content hash or a delivery hash")
    .option("--prov <file>", "also write the lineage, certificates, assessments and trades as W3C PROV-JSON")
    .action(async (productId: bigint, options: { file?: string; prov?: string }, command: Command) => {
      const config = chainConfig(command);
      const client = await DatarightsClient.connect(config);
      let report;
      try {
        report = await verifyProduct(client, productId, { file: options.file });
      } catch (error) {
        if (error instanceof UnknownProductError) throw new UsageError(error.message);
        throw error;
      } finally {
        client.destroy();
      }
      if (options.prov) writeFileSync(options.prov, `${JSON.stringify(toProvJson(report), jsonValue, 2)}\n`);
      if (globalOptions(command).json) {
        process.stdout.write(`${JSON.stringify(report, jsonValue, 2)}\n`);
      } else {
        process.stdout.write(`${report.registrationNumber} (product ${productId}) on chain ${report.chainId} at block ${report.blockNumber}\n`);
        for (const item of report.checks) process.stdout.write(`${item.passed ? "PASS" : "FAIL"}  ${item.id.padEnd(24)} ${item.detail}\n`);
        const failed = report.checks.filter((item) => !item.passed).length;
        process.stdout.write(failed === 0 ? `all ${report.checks.length} checks passed\n` : `${failed} of ${report.checks.length} checks FAILED\n`);
        if (options.prov) process.stdout.write(`PROV-JSON written to ${options.prov}\n`);
      }
      if (!report.passed) throw new VerificationFailed();
    });
}
