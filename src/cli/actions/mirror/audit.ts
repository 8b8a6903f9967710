import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { auditMirror } from "../../../listener";
import type { AuditReport } from "../../../listener";
import { loadMirrorConfig } from "../../../mirror/config";
import { openMirrorDatabase } from "../../../mirror/database";
import { DatarightsClient } from "../../../sdk/client";
import { chainConfig, globalOptions } from "../../context";
import { VerificationFailed } from "../../failure";
import { checkMirrorOf } from "./setup";

export async function audit(options: { sample?: number; api?: string }, command: CommandUnknownOpts): Promise<void> {
  const json = globalOptions(command).json === true;
  if (options.api) {
    const { report, where } = await askApi(options.api, options.sample);
    return present(report, where, json);
  }
  const chain = chainConfig(command);
  const config = loadMirrorConfig(process.env, chain.network);
  const client = await DatarightsClient.connect(chain);
  try {
    const database = await openMirrorDatabase(config.database);
    try {
      await checkMirrorOf(database, client);
      const report = await auditMirror({ database, client, sample: options.sample });
      present(report, database.description, json);
    } finally {
      await database.close();
    }
  } finally {
    client.destroy();
  }
}

/** GET /audit of a running instance: its listener keeps running, and its database stays its own. */
async function askApi(api: string, sample: number | undefined): Promise<{ report: AuditReport; where: string }> {
  const url = `${api}/audit${sample === undefined ? "" : `?sample=${sample}`}`;
  let response: Response;
  try {
    response = await fetch(url);
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new Error(`cannot reach the API at ${api}: ${cause?.code ?? cause?.message ?? (error as Error).message}`);
  }
  const body = (await response.json().catch(() => undefined)) as (AuditReport & { message?: string }) | undefined;
  if (!response.ok) {
    throw new Error(`the API at ${api} refused the audit (${response.status}): ${body?.message ?? response.statusText}`);
  }
  if (!body || typeof body.block !== "number" || !Array.isArray(body.divergences)) throw new Error(`the API at ${api} answered GET /audit with something else than an audit`);
  return { report: { block: body.block, checked: body.checked, divergences: body.divergences }, where: `the API at ${api}` };
}

function present(report: AuditReport, where: string, json: boolean): void {
  const checked = Object.entries(report.checked).map(([entity, count]) => `${count} ${entity}${count === 1 ? "" : "s"}`).join(", ");
  if (json) {
    process.stdout.write(`${JSON.stringify({ ...report, database: where }, null, 2)}\n`);
  } else {
    process.stdout.write(`audited the mirror at block ${report.block} (${where}): ${checked}\n`);
    for (const divergence of report.divergences) {
      process.stdout.write(`  DIVERGES ${divergence.entity} ${divergence.id} ${divergence.field}: mirror ${divergence.mirror}, chain ${divergence.chain}\n`);
    }
    process.stdout.write(report.divergences.length === 0 ? "the mirror equals the chain\n" : `${report.divergences.length} divergences\n`);
  }
  if (report.divergences.length > 0) {
    throw new VerificationFailed(`the mirror diverges from the chain at block ${report.block}: ${report.divergences.length} divergence${report.divergences.length === 1 ? "" : "s"}`, { block: report.block, divergences: report.divergences.length });
  }
}
