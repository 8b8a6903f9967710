import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { AssessmentRegistry__factory } from "../../../../typechain-types";
import { connectProvider, loadWallet } from "../../../sdk/chain";
import type { KeySource } from "../../../sdk/config";
import { requireDeployment } from "../../../sdk/deployment";
import type { CompleteDeployment } from "../../../sdk/deployment";
import { signFinding, writeDocument } from "../../../sdk/documents";
import { chainConfig, emit } from "../../context";
import { UsageError, parseMoment } from "../../parse";
import type { FindingOptions } from "./finding";

/** The assessor's next nonce and the chain's time, when signing with the chain at hand. */
async function chainFacts(rpcUrl: string, deployment: CompleteDeployment, key: KeySource | undefined): Promise<{ nonce: bigint; now: bigint }> {
  const assessor = (await loadWallet(key, null)).address;
  const { provider } = await connectProvider(rpcUrl, { chainId: BigInt(deployment.chainId), source: `deployment ${deployment.network}` });
  try {
    const [nonce, block] = await Promise.all([
      AssessmentRegistry__factory.connect(deployment.contracts.AssessmentRegistry.address, provider).nonces(assessor),
      provider.getBlock("latest"),
    ]);
    return { nonce, now: BigInt(block!.timestamp) };
  } finally {
    provider.destroy();
  }
}

export async function sign(
  productId: bigint,
  options: FindingOptions & { out: string; nonce?: string; deadline: string },
  command: CommandUnknownOpts,
): Promise<void> {
  const config = chainConfig(command);
  const deployment = requireDeployment(config.deploymentFile);
  const registry = deployment.contracts.AssessmentRegistry.address;
  if (options.nonce !== undefined && !/^\d+$/.test(options.nonce)) throw new UsageError(`"${options.nonce}" is not a nonce`);
  // With --nonce the signing is fully offline (spans count from this machine's clock);
  // otherwise the chain tells the next nonce and its own time.
  const { nonce, now } = options.nonce !== undefined
    ? { nonce: BigInt(options.nonce), now: BigInt(Math.floor(Date.now() / 1000)) }
    : await chainFacts(config.rpcUrl, deployment, config.key);
  const wallet = await loadWallet(config.key, null);
  const document = await signFinding(wallet, BigInt(deployment.chainId), registry, {
    productId: productId.toString(), kind: options.kind, passed: options.failed !== true,
    expiresAt: parseMoment(options.expires, now).toString(), reportHash: options.report,
  }, nonce, parseMoment(options.deadline, now));
  writeDocument(options.out, document);
  emit(command, { data: { file: options.out, ...document }, lines: [`finding signed by ${document.assessor}, written to ${options.out}`] });
}
