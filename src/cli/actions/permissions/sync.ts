import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { runPermissionsSync } from "../../../permissions";
import { requireDeployment } from "../../../sdk/deployment";
import { chainConfig, emit, globalOptions } from "../../context";

export async function sync(options: { node: string[]; extra: string[]; dryRun?: boolean; follow?: boolean }, command: CommandUnknownOpts): Promise<void> {
  const config = chainConfig(command);
  const deployment = requireDeployment(config.deploymentFile);
  const json = globalOptions(command).json === true;
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
  try {
    const results = await runPermissionsSync(config.rpcUrl, deployment.contracts.ParticipantRegistry.address, options.node, {
      extra: options.extra, dryRun: options.dryRun === true, follow: options.follow === true, signal: controller.signal,
      log: json ? () => undefined : (line) => process.stdout.write(`${line}\n`),
    });
    emit(command, { data: { nodes: results }, lines: [] });
  } finally {
    process.off("SIGINT", stop);
    process.off("SIGTERM", stop);
  }
}
