import type { Command } from "commander";
import { runPermissionsSync } from "../../permissions";
import { requireDeployment } from "../../sdk/deployment";
import { chainConfig, emit } from "../context";
import { listParser, parseAddress } from "../parse";

export function registerPermissions(program: Command): void {
  const permissions = program.command("permissions").description("keep Besu nodes' account allowlists equal to the registry");
  permissions
    .command("sync")
    .description("add the registry's active participants and staff to each node's allowlist, remove the rest (once, or --follow)")
    .requiredOption("--node <urls>", "comma-separated RPC URLs of the Besu nodes (with the PERM API enabled)", listParser((url: string) => url))
    .option("--extra <addresses>", "accounts always allowed, e.g. the deployer", listParser(parseAddress), [] as string[])
    .option("--dry-run", "print the changes without sending them")
    .option("--follow", "keep syncing on every registry change until Ctrl-C")
    .action(async (options: { node: string[]; extra: string[]; dryRun?: boolean; follow?: boolean }, command: Command) => {
      const config = chainConfig(command);
      const deployment = requireDeployment(config.deploymentFile);
      const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
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
    });
}
