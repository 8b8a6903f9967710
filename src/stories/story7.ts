import { ethers } from "ethers";
import { deployDatarights } from "../../deploy/deployer";
import {
  diffDeployments, getCertificate, getProduct, grantRole, migrateRecords, pauseRecords, pledgeCertificate, registerProduct, setSuccessor, unpauseRecords,
} from "../sdk/actions";
import type { DatarightsClient } from "../sdk/client";
import type { CompleteDeployment } from "../sdk/deployment";
import type { DecodedRevert } from "../sdk/errors";
import { verifyProduct } from "../sdk/verify";
import type { VerificationReport } from "../sdk/verify";
import type { StoryContext } from "./context";
import type { Story5Outcome } from "./story5";

export interface Story7Outcome {
  /** The new version's deployment: its file embeds the old one, so readers follow both epochs. */
  deployment: CompleteDeployment;
  successor: DatarightsClient;
  /** Why a registration on the old deployment was refused once it was paused. */
  pauseRefusal: DecodedRevert;
  /** The old deployment's contracts the move sealed, and why a pledge of a right there was refused after it. */
  sealed: string[];
  sealRefusal: DecodedRevert;
  /** Records carried over, by table, and records the diff compared. */
  carried: Record<string, number>;
  compared: number;
  /** Story 5's credit report, certified in epoch 1 and traded in both epochs. */
  productId: bigint;
  /** Its trade before the move (epoch 1) and after it (epoch 2), with the licence of the latter. */
  epochOneTradeId: bigint;
  tradeId: bigint;
  licenceId: bigint;
  /** `verify` of that product on the new deployment: its history in both epochs. */
  report: VerificationReport;
}

/**
 * Story 7: the exchange moves to a new version of its contracts mid-life (immutable versions, as
 * EAS and Uniswap chose, with a migration). It pauses the old deployment, deploys the new one
 * naming the old one its predecessor, names the new one its successor, carries every record over,
 * checks the before/after diff of every record, and opens the new one. Story 4's product,
 * certified before the move, is then traded after it, and `verify` reads one history across the
 * boundary: the registration, findings and trade of epoch 1 and the trade of epoch 2.
 */
export async function runStory7(context: StoryContext, earlier: { story5: Story5Outcome }, options: { artifactsDir?: string } = {}): Promise<Story7Outcome> {
  const { client, cast, log } = context;
  const { admin, registrar, beijingOperator, bankOfShenzhen, bankOfNingbo } = cast;
  const { creditReportId: productId, creditReportHoldingId: holdingId } = earlier.story5;
  const oldAdmin = context.as(admin);
  const sale = (buyer: typeof bankOfShenzhen, purpose: string) => ({
    productId, seller: beijingOperator, buyer, sellerCertificateId: holdingId, priceAmount: 3_000_000n,
    terms: "Beijing credit report licence BJFD-2024", purpose, delivered: ethers.toUtf8Bytes(`credit report API key for ${purpose}`),
  });

  log.heading("Story 7 — the exchange moves to a new version of its contracts, mid-life");

  log.step("Before the move, the Bank of Shenzhen buys story 5's credit report");
  const { tradeId: epochOneTradeId } = await context.trade(sale(bankOfShenzhen, "SME credit review"));

  log.step("The exchange pauses new records on the old deployment; reads and verification go on");
  await grantRole(oldAdmin, { role: "pauser", account: admin.address });
  await pauseRecords(oldAdmin);
  const pauseRefusal = await context.refusal(() =>
    registerProduct(context.as(beijingOperator), {
      contentHash: ethers.id("a product after the pause"), originDeclarationHash: ethers.id("origin"), productType: "Dataset",
      sourceCategory: "Enterprise", classification: "General", containsPersonalInfo: false, metadataURI: "",
    }),
  );
  log.detail(`a new registration on the old deployment is refused: ${pauseRefusal.formatted}`);

  log.step("It deploys the new version, naming the old deployment its predecessor");
  const { deployment } = await deployDatarights({
    signer: admin, network: client.deployment.network, predecessor: client.deployment, artifactsDir: options.artifactsDir,
  });
  const successor = client.forDeployment(deployment).withAccount(admin);
  const governance = await successor.contracts.participants.epoch();
  log.detail(
    `epoch ${governance}: ParticipantRegistry ${deployment.contracts.ParticipantRegistry.address}; it starts paused, ` +
      `its ids after the old deployment's (product ids from ${(await successor.contracts.products.productCount()) + 1n})`,
  );
  await setSuccessor(oldAdmin, { registry: deployment.contracts.ParticipantRegistry.address });
  log.detail("the old deployment's Admin names it the successor: the old records are final");

  log.step("The new version carries every record over, each keeping its id and registration number");
  const { carried, sealed } = await migrateRecords(successor);
  log.detail(`the old deployment is sealed first (${sealed.join(", ")}): every act there now reverts, reads go on`);
  log.detail(Object.entries(carried).map(([table, count]) => `${count} ${table}`).join(", "));
  // The same right cannot be used on both deployments: a pledge of it on the old one is refused.
  const sealRefusal = await context.refusal(() =>
    pledgeCertificate(context.as(beijingOperator), { certificateId: holdingId, financier: bankOfShenzhen.address, agreementHash: ethers.id("a loan on the old record") }),
  );
  log.detail(`a pledge of the operator's right on the old deployment is refused: ${sealRefusal.name}`);
  const diff = await diffDeployments(successor);
  const compared = Object.values(diff.compared).reduce((sum, count) => sum + count, 0);
  if (diff.differences.length > 0) {
    const first = diff.differences[0];
    throw new Error(`the migration left ${diff.differences.length} differences, the first: ${first.table} ${first.id} ${first.field}`);
  }
  log.detail(`the before/after diff: ${compared} records compared, as stored and as read, no difference`);
  await grantRole(successor, { role: "registrar", account: registrar.address });
  await unpauseRecords(successor);
  log.detail("the Registrar's role granted on the new version, and the pause lifted: it is open");

  log.step("The credit report, certified before the move, is sold again after it");
  const next = context.onDeployment(successor);
  const [product, holding] = await Promise.all([getProduct(successor, { productId }), getCertificate(successor, { certificateId: holdingId })]);
  log.detail(`${product.registrationNumber} and the operator's ${holding.registrationNumber} keep their epoch-1 numbers; validity ${holding.validity}`);
  const { tradeId, licenceId } = await next.trade(sale(bankOfNingbo, "loan approval"));

  log.step("The auditor verifies the product against the new deployment: one history across the boundary");
  const report = await verifyProduct(successor, productId, { documents: context.documents, nameOf: (address) => context.nameOf(address) });
  const trades = report.trades.map((trade) => `trade ${trade.tradeId} (${trade.tradeId === epochOneTradeId ? "epoch 1" : "epoch 2"}, ${trade.status})`);
  log.detail(`${report.registrationNumber}: ${report.checks.length} checks, ${report.passed ? "all pass" : "some FAIL"}; ${trades.join(", ")}`);
  for (const check of report.checks.filter((item) => !item.passed)) log.detail(`  FAIL  ${check.id}: ${check.detail}`);
  if (!report.passed) throw new Error(`verify of product ${productId} fails across the move`);

  return { deployment, successor, pauseRefusal, sealed, sealRefusal, carried, compared, productId, epochOneTradeId, tradeId, licenceId, report };
}
