import { readFileSync } from "node:fs";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { deployDatarights, deployParametersSchema } from "../../../deploy/deployer";
import { allowlistAccounts } from "../../permissions/bootstrap";
import { connectProvider, loadWallet } from "../../sdk/chain";
import { chainConfig, emit, globalOptions } from "../context";
import { UsageError } from "../parse";

export async function deploy(options: { parameters?: string; allowlist?: string[] }, command: CommandUnknownOpts): Promise<void> {
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
    const json = globalOptions(command).json === true;
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
}
