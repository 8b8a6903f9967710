import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { examples } from "../help";
import { lazy } from "../lazy";
import { listParser, parseAddress } from "../parse";

export function registerPermissions(program: CommandUnknownOpts): void {
  const permissions = program.command("permissions").description("keep Besu nodes' account allowlists equal to the registry");
  permissions
    .command("sync")
    .description("add the registry's active participants and staff to each node's allowlist, remove the rest (once, or --follow)")
    .requiredOption("--node <urls>", "comma-separated RPC URLs of the Besu nodes (with the PERM API enabled)", listParser((url: string) => url))
    .option("--extra <addresses>", "accounts always allowed, e.g. the deployer", listParser(parseAddress), [] as string[])
    .option("--dry-run", "print the changes without sending them")
    .option("--follow", "keep syncing on every registry change until Ctrl-C")
    .addHelpText("after", examples("permissions sync --node http://node1:8545,http://node2:8545 --dry-run", "permissions sync --node http://node1:8545 --follow"))
    .action(lazy(async () => (await import("../actions/permissions/sync")).sync));
}
