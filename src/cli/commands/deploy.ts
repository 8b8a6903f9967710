import { readFileSync } from "node:fs";
import type { Command } from "commander";
import { deployDatarights, deployParametersSchema } from "../../../deploy/deployer";
import { connectProvider, loadWallet } from "../../sdk/chain";
import { chainConfig, emit } from "../context";
import { allowlistAccounts } from "../../permissions/bootstrap";
import { UsageError, listParser } from "../parse";

export function registerDeploy(program: Command): void {
  program
    .command("deploy")
    .description("deploy datarights and wire its roles and policy, or finish a deployment begun before (idempotent)")
    .option("--parameters <file>", "JSON file: exchangeCode, registrars, arbiters, requirements")
    .option("--allowlist <urls>", "first add the deployer and the named staff to these Besu nodes' account allowlists (comma-separated RPC URLs; env ALLOWLIST_NODES)", listParser((url: string) => url))
    .action(async (options: { parameters?: string; allowlist?: string[] }, command: Command) => {
      const config = chainConfig(command);
      let parameters: unknown = {};
      if (options.parameters) {
        try {
          parameters = JSON.parse(readFileSync(options.parameters, "utf8"));
        } catch (error) {
          throw new UsageError(`cannot read parameters ${options.parameters}: ${(error as Error).message.split("\n")[0]}`);
        }
      }
      const checked = deployParametersSchema.safeParse(parameters);
      if (!checked.success) {
        const issue = checked.error.issues[0];
        throw new UsageError(`parameters ${options.parameters}: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
      }
      const { provider } = await connectProvider(config.rpcUrl, { chainId: config.expectedChainId, source: "CHAIN_ID" });
      try {
        const signer = await loadWallet(config.key, provider, config.gasPrice);
        const json = command.optsWithGlobals<{ json?: boolean }>().json === true;
        const log = json ? undefined : (line: string) => process.stdout.write(`${line}\n`);
        // A permissioned chain refuses every transaction of an account not on its allowlist.
        const allowlistNodes = options.allowlist ?? process.env.ALLOWLIST_NODES?.split(",").filter((url) => url.trim() !== "");
        const allowlisted = allowlistNodes?.length
          ? await allowlistAccounts(allowlistNodes, [signer.address, ...checked.data.registrars, ...checked.data.arbiters], log)
          : [];
        const result = await deployDatarights({
          signer, network: config.network, deploymentFile: config.deploymentFile, parameters: checked.data, log,
        });
        emit(command, {
          data: { file: config.deploymentFile, allowlisted, deployed: result.deployed, wired: result.wired, deployment: result.deployment },
          lines: [],
        });
      } finally {
        provider.destroy();
      }
    });
}
