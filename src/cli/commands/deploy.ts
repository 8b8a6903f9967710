import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { examples } from "../help";
import { lazy } from "../lazy";
import { listParser } from "../parse";

export function registerDeploy(program: CommandUnknownOpts): void {
  program
    .command("deploy")
    .description("deploy datarights and wire its roles and policy, or finish a deployment begun before (idempotent)")
    .option("--parameters <file>", "JSON file: exchangeCode, registrars, arbiters, requirements")
    .option("--allowlist <urls>", "first add the deployer and the named staff to these Besu nodes' account allowlists (comma-separated RPC URLs; env ALLOWLIST_NODES)", listParser((url: string) => url))
    .addHelpText("after", examples("deploy", "--network beijing deploy --parameters beijing.json --allowlist http://node1:8545,http://node2:8545"))
    .action(lazy(async () => (await import("../actions/deploy")).deploy));
}
