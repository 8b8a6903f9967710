import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { auditMirror, readMirrorState } from "../../../listener";
import { loadMirrorConfig } from "../../../mirror/config";
import { openMirrorDatabase } from "../../../mirror/database";
import { DatarightsClient } from "../../../sdk/client";
import { chainConfig, globalOptions } from "../../context";
import { VerificationFailed } from "../../failure";

export async function audit(options: { sample?: number }, command: CommandUnknownOpts): Promise<void> {
  const chain = chainConfig(command);
  const config = loadMirrorConfig(process.env, chain.network);
  const client = await DatarightsClient.connect(chain);
  try {
    const database = await openMirrorDatabase(config.database);
    try {
      const state = await readMirrorState(database);
      const expected = client.deployment.contracts.ParticipantRegistry.address.toLowerCase();
      if (!state) throw new Error(`the database at ${database.description} holds no mirror yet: run \`datarights listen\` first`);
      if (state.chainId !== client.deployment.chainId || state.contracts.ParticipantRegistry !== expected) {
        throw new Error(`the database at ${database.description} mirrors another deployment (ParticipantRegistry ${state.contracts.ParticipantRegistry} on chain ${state.chainId})`);
      }
      const report = await auditMirror({ database, client, sample: options.sample });
      const checked = Object.entries(report.checked).map(([entity, count]) => `${count} ${entity}${count === 1 ? "" : "s"}`).join(", ");
      if (globalOptions(command).json) {
        process.stdout.write(`${JSON.stringify({ ...report, database: database.description }, null, 2)}\n`);
      } else {
        process.stdout.write(`audited the mirror at block ${report.block} (${database.description}): ${checked}\n`);
        for (const divergence of report.divergences) {
          process.stdout.write(`  DIVERGES ${divergence.entity} ${divergence.id} ${divergence.field}: mirror ${divergence.mirror}, chain ${divergence.chain}\n`);
        }
        process.stdout.write(report.divergences.length === 0 ? "the mirror equals the chain\n" : `${report.divergences.length} divergences\n`);
      }
      if (report.divergences.length > 0) {
        throw new VerificationFailed(`the mirror diverges from the chain at block ${report.block}: ${report.divergences.length} divergence${report.divergences.length === 1 ? "" : "s"}`, { block: report.block, divergences: report.divergences.length });
      }
    } finally {
      await database.close();
    }
  } finally {
    client.destroy();
  }
}
