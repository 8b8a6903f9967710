/**
 * Auditor bench: `verify` of a product whose lineage has 10, 100 and 1,000 products, built on a
 * separate anvil node, with the wall time and the RPC traffic of each verification.
 * Goal: the 1,000-product lineage verifies in under 2 s. Exits 1 when the goal is missed.
 *
 *   npm run bench     (after the gas bench)
 */
import { NonceManager, Wallet } from "ethers";
import { deployDatarights } from "../deploy/deployer";
import { connectProvider } from "../src/sdk/chain";
import type { RpcCounter } from "../src/sdk/chain";
import { DatarightsClient, bindContracts } from "../src/sdk/client";
import type { DatarightsContracts } from "../src/sdk/client";
import { anvilAccount, startAnvil } from "../src/devchain/anvil";
import type { AnvilNode } from "../src/devchain/anvil";
import { verifyProduct } from "../src/sdk/verify";
import { decodeError } from "../src/sdk/errors";
import { id, toUtf8Bytes, hexlify } from "ethers";

const FAN_IN = 10;
const SIZES = [10, 100, 1000] as const;
const GOAL_MS = 2000;
const RH = 0;
const FOREVER = 2n ** 40n - 1n;

/**
 * Registers `size` products as an F-ary tree (node k's sources are nodes F·k+1 … F·k+F), leaves
 * first, each with a ResourceHolding certificate its provider derives the next level under, and
 * returns the root's product id. Ids are sequential, so every transaction is known in advance:
 * they are sent with explicit nonces and gas limits and mined a few hundred to a block.
 */
async function buildLineage(
  node: AnvilNode, contracts: DatarightsContracts, assessments: DatarightsContracts["assessments"], size: number, label: string,
): Promise<bigint> {
  const { products, certificates } = contracts;
  const provider = contracts.products.runner as NonceManager;
  const holder = await provider.getAddress();
  const firstProduct = (await products.productCount()) + 1n;
  const firstCertificate = (await certificates.certificateCount()) + 1n;
  // Registered from node size-1 down to 0: node k gets product id first + (size-1-k), certificate likewise.
  const productOf = (node: number) => firstProduct + BigInt(size - 1 - node);
  const certificateOf = (node: number) => firstCertificate + BigInt(size - 1 - node);
  const sent: Promise<unknown>[] = [];
  await node.rpc("evm_setAutomine", [false]);
  try {
    for (let index = size - 1; index >= 0; index -= 1) {
      const children = Array.from({ length: FAN_IN }, (_, offset) => FAN_IN * index + 1 + offset).filter((child) => child < size);
      sent.push(products.register({
        contentHash: id(`${label} ${index}`), originDeclarationHash: id(`origin ${label} ${index}`), productType: 0, sourceCategory: 1,
        classification: 0, containsPersonalInfo: false, metadataURI: "",
        sources: children.map(productOf), sourceCertificates: children.map(certificateOf),
      }, { gasLimit: 3_000_000 }));
      sent.push(certificates.issue(holder, productOf(index), RH, FOREVER, id(`scope ${label}`), id(`evidence ${label} ${index}`), { gasLimit: 500_000 }));
      if (sent.length % 200 === 0) {
        await Promise.all(sent.splice(0));
        await node.rpc("evm_mine");
      }
    }
    const expiresAt = BigInt(Math.floor(Date.now() / 1000)) + 365n * 86_400n;
    for (const kind of [0, 2]) {
      sent.push(assessments.record(
        { productId: productOf(0), kind, passed: true, expiresAt, reportHash: id(`${label} report ${kind}`) }, { gasLimit: 500_000 },
      ));
    }
    await Promise.all(sent.splice(0));
    await node.rpc("evm_mine");
  } finally {
    await node.rpc("evm_setAutomine", [true]);
  }
  if ((await products.productCount()) !== firstProduct + BigInt(size) - 1n) throw new Error(`the ${label} lineage is incomplete`);
  return productOf(0);
}

async function main(): Promise<void> {
  const node = await startAnvil(["--gas-limit", "100000000"]);
  try {
    const { provider } = await connectProvider(node.rpcUrl);
    const admin = new NonceManager(new Wallet(anvilAccount(0).privateKey, provider));
    const { deployment } = await deployDatarights({
      signer: admin, network: "bench", parameters: { registrars: [await admin.getAddress()] },
    });
    const contracts = bindContracts(deployment, admin);
    const assessor = new NonceManager(new Wallet(anvilAccount(1).privateKey, provider));
    await (await contracts.participants.accredit(await admin.getAddress(), 1, 0, hexlify(toUtf8Bytes("CN")), id("bench provider"), FOREVER)).wait();
    // An independent assessor for the root's LegalCompliance and Quality findings.
    await (await contracts.participants.accredit(
      await assessor.getAddress(), 4, (1 << 0) | (1 << 2), hexlify(toUtf8Bytes("CN")), id("bench assessor"), FOREVER,
    )).wait();
    const assessments = contracts.assessments.connect(assessor);

    console.log(`\nAuditor: verify a product's whole lineage against anvil (${node.rpcUrl}), fan-in ${FAN_IN}\n`);
    console.log("lineage   build s   verify ms   RPC calls   HTTP requests   checks");
    let largest = Infinity;
    for (const size of SIZES) {
      const started = Date.now();
      const root = await buildLineage(node, contracts, assessments, size, `lineage-${size}`);
      const buildSeconds = (Date.now() - started) / 1000;
      const counter: RpcCounter = { httpRequests: 0, calls: 0 };
      const { provider: counted, chainId } = await connectProvider(node.rpcUrl, {}, counter);
      const reader = new DatarightsClient({ deployment, provider: counted, chainId, rpcUrl: node.rpcUrl, counter });
      const verifyStarted = performance.now();
      const report = await verifyProduct(reader, root);
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
