/**
 * Auditor bench: `verify` of a product whose lineage has 10, 100 and 1,000 products, built on a
 * separate anvil node, with the wall time and the RPC traffic of each verification.
 * Goal: the 1,000-product lineage verifies in under 2 s. Exits 1 when the goal is missed.
 *
 *   npm run bench     (after the gas bench)
 */
import { NonceManager, Wallet, id } from "ethers";
import type { Provider } from "ethers";
import { deployDatarights } from "../deploy/deployer";
import { connectProvider } from "../src/sdk/chain";
import type { RpcCounter } from "../src/sdk/chain";
import { DatarightsClient } from "../src/sdk/client";
import type { Account } from "../src/sdk/client";
import { accredit, issueCertificate, recordAssessment, registerProduct } from "../src/sdk/actions";
import { anvilAccount, startAnvil } from "../src/devchain/anvil";
import type { AnvilNode } from "../src/devchain/anvil";
import { verifyProduct } from "../src/sdk/verify";
import { decodeError } from "../src/sdk/errors";

const FAN_IN = 10;
const SIZES = [10, 100, 1000] as const;
const GOAL_MS = 2000;
const FOREVER = 2n ** 40n - 1n;

/**
 * An anvil account that can have hundreds of transactions in flight: the NonceManager numbers
 * them as they are sent (a plain wallet would ask the node, and collide), with the address at
 * hand as the SDK's clients need it.
 */
function pipelinedAccount(index: number, provider: Provider): Account {
  const wallet = new Wallet(anvilAccount(index).privateKey, provider);
  return Object.assign(new NonceManager(wallet), { address: wallet.address });
}

/**
 * Runs `acts`, each one transaction, all at once with automine off, and mines a block whenever
 * every act still waiting has its transaction in the pool: hundreds of transactions go into a
 * few blocks, as a busy chain seals them, not a block (and ~60 ms of anvil's time) each.
 */
async function inFewBlocks<T>(node: AnvilNode, acts: readonly (() => Promise<T>)[]): Promise<T[]> {
  await node.rpc("evm_setAutomine", [false]);
  try {
    let waiting = acts.length;
    let failed = false;
    const results = Promise.all(acts.map((act) => act().then(
      (result) => {
        waiting -= 1;
        return result;
      },
      (error: unknown) => {
        // A transaction never sent leaves a gap in the account's nonces: nothing after it would be mined.
        failed = true;
        throw error;
      },
    )));
    results.catch(() => undefined);
    while (waiting > 0 && !failed) {
      const { pending } = (await node.rpc("txpool_status")) as { pending: string };
      if (Number(pending) > 0 && Number(pending) >= waiting) await node.rpc("evm_mine");
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return await results;
  } finally {
    await node.rpc("evm_setAutomine", [true]);
  }
}

/**
 * Registers `size` products as an F-ary tree (node k's sources are nodes F·k+1 … F·k+F), deepest
 * level first, each with a ResourceHolding certificate its provider derives the next level
 * under, through the SDK's actions: a level's products, then their certificates, each batch in
 * a few blocks; the ids the actions return name each level's sources. Returns the root's id.
 */
async function buildLineage(provider: DatarightsClient, assessor: DatarightsClient, node: AnvilNode, size: number, label: string): Promise<bigint> {
  const holder = provider.signer.address;
  const childrenOf = (index: number) => Array.from({ length: FAN_IN }, (_, offset) => FAN_IN * index + 1 + offset).filter((child) => child < size);
  const levels: number[][] = [[0]];
  for (let next = levels[0].flatMap(childrenOf); next.length > 0; next = next.flatMap(childrenOf)) levels.push(next);
  const productOf = new Map<number, bigint>();
  const certificateOf = new Map<number, bigint>();
  for (const level of levels.reverse()) {
    const registered = await inFewBlocks(node, level.map((index) => () => registerProduct(provider, {
      contentHash: id(`${label} ${index}`), originDeclarationHash: id(`origin ${label} ${index}`), productType: "Dataset",
      sourceCategory: "Enterprise", classification: "General", containsPersonalInfo: false, metadataURI: "",
      sources: childrenOf(index).map((child) => ({ productId: productOf.get(child)!, certificateId: certificateOf.get(child)! })),
    })));
    level.forEach((index, position) => productOf.set(index, registered[position].productId));
    const issued = await inFewBlocks(node, level.map((index) => () => issueCertificate(provider, {
      holder, productId: productOf.get(index)!, category: "ResourceHolding", expiresAt: FOREVER,
      scopeHash: id(`scope ${label}`), evidenceHash: id(`evidence ${label} ${index}`),
    })));
    level.forEach((index, position) => certificateOf.set(index, issued[position].certificateId));
  }
  const root = productOf.get(0)!;
  const expiresAt = BigInt(Math.floor(Date.now() / 1000)) + 365n * 86_400n;
  await inFewBlocks(node, (["LegalCompliance", "Quality"] as const).map((kind) => () =>
    recordAssessment(assessor, { productId: root, kind, passed: true, expiresAt, reportHash: id(`${label} report ${kind}`) })));
  return root;
}

async function main(): Promise<void> {
  const node = await startAnvil(["--gas-limit", "100000000"]);
  try {
    const { provider, chainId } = await connectProvider(node.rpcUrl);
    const adminAccount = pipelinedAccount(0, provider);
    const { deployment } = await deployDatarights({ signer: adminAccount, network: "bench", parameters: { registrars: [adminAccount.address] } });
    // The Admin is also the Registrar and the provider of every product, as the bench has always had it.
    const admin = new DatarightsClient({ deployment, provider, chainId, account: adminAccount, rpcUrl: node.rpcUrl });
    const assessor = admin.withAccount(pipelinedAccount(1, provider));
    const dossier = { jurisdiction: "CN", accreditedUntil: FOREVER } as const;
    await accredit(admin, { account: adminAccount.address, kinds: ["Provider"], dossierHash: id("bench provider"), ...dossier });
    // An independent assessor for the root's LegalCompliance and Quality findings.
    await accredit(admin, {
      account: assessor.signer.address, kinds: [], assessmentKinds: ["LegalCompliance", "Quality"], dossierHash: id("bench assessor"), ...dossier,
    });

    console.log(`\nAuditor: verify a product's whole lineage against anvil (${node.rpcUrl}), fan-in ${FAN_IN}\n`);
    console.log("lineage   build s   verify ms   RPC calls   HTTP requests   checks");
    let largest = Infinity;
    for (const size of SIZES) {
      const started = Date.now();
      const root = await buildLineage(admin, assessor, node, size, `lineage-${size}`);
      const buildSeconds = (Date.now() - started) / 1000;
      const counter: RpcCounter = { httpRequests: 0, calls: 0 };
      const { provider: counted } = await connectProvider(node.rpcUrl, {}, counter);
      // The auditor's own connection, without an account: verify only reads, and counts its traffic.
      const auditor = new DatarightsClient({ deployment, provider: counted, chainId, rpcUrl: node.rpcUrl, counter });
      const verifyStarted = performance.now();
      const report = await verifyProduct(auditor, root);
      const verifyMs = performance.now() - verifyStarted;
      counted.destroy();
      if (report.lineage.length !== size) throw new Error(`verify saw ${report.lineage.length} products, built ${size}`);
      if (!report.passed) throw new Error(`the ${size}-product lineage failed verification: ${report.checks.find((check) => !check.passed)?.detail}`);
      console.log(
        `${String(size).padStart(7)}   ${buildSeconds.toFixed(1).padStart(7)}   ${verifyMs.toFixed(0).padStart(9)}   ${String(counter.calls).padStart(9)}   ${String(counter.httpRequests).padStart(13)}   ${String(report.checks.length).padStart(6)}`,
      );
      if (size === 1000) largest = verifyMs;
    }
    const met = largest < GOAL_MS;
    console.log(`\nGoal\n  ${met ? "met   " : "MISSED"}  verify a 1,000-product lineage < ${GOAL_MS} ms: ${largest.toFixed(0)} ms`);
    if (!met) process.exitCode = 1;
    provider.destroy();
  } finally {
    await node.stop();
  }
}

main().catch((error: unknown) => {
  console.error(`bench-verify: ${decodeError(error).message}`);
  process.exitCode = 1;
});
