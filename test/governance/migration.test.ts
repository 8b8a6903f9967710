import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { FunctionFragment, ZeroAddress } from "ethers";
import type { BaseContract, ParamType } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { deployDatarights } from "../../deploy/deployer";
import type { DatarightsClient } from "../../src/sdk/client";
import { MIGRATED_CONTRACTS } from "../../src/sdk/deployment";
import { MIGRATION_TABLES, idsToCarry, recordIds } from "../../src/sdk/migration";
import { diffDeployments, getAssessment, getCertificate, getGovernance, getProduct, getTrade, listCertificates } from "../../src/sdk/actions/read";
import {
  applyForAccreditation, confirmDeal, confirmReceipt, deliverTrade, draftDeal, grantRole, lodgeObjection, migrateRecords, pauseRecords, pledgeCertificate,
  recordAssessment, registerProduct, relistProduct, revokeAssessment, sealDeployment, setSuccessor, signDeal, suspendParticipant, unpauseRecords,
} from "../../src/sdk/actions/write";
import { runStories } from "../../src/stories";
import type { Actor } from "../../src/stories";
import type { DealValues } from "../../src/sdk/eip712";
import { verifyProduct } from "../../src/sdk/verify";
import { decodeRevert } from "../../src/sdk/errors";
import { deployClient, refusal } from "../fixtures";
import { temporaryDirectory } from "../cli/harness";

const hash = (text: string): string => ethers.id(text);

/** A zero value of an ABI parameter: enough to reach a function's first check. */
function defaultOf(param: ParamType): unknown {
  if (param.isArray()) return [];
  if (param.isTuple()) return param.components.map(defaultOf);
  if (param.baseType === "address") return ZeroAddress;
  if (param.baseType === "bool") return false;
  if (param.baseType.startsWith("bytes")) return param.baseType === "bytes" ? "0x" : `0x${"00".repeat(Number(param.baseType.slice(5)))}`;
  if (param.baseType === "string") return "";
  return 0n;
}

async function advanceTime(seconds: bigint): Promise<void> {
  await ethers.provider.send("evm_increaseTime", [Number(seconds)]);
  await ethers.provider.send("evm_mine", []);
}

/** `deal` with both parties' signatures, as `confirmDeal` takes it. */
async function signedBy(client: DatarightsClient, deal: DealValues, seller: Actor, buyer: Actor) {
  const [{ signature: sellerSignature }, { signature: buyerSignature }] = await Promise.all([
    signDeal(client.withAccount(seller), { deal }), signDeal(client.withAccount(buyer), { deal }),
  ]);
  return { deal, sellerSignature, buyerSignature };
}

/**
 * Epoch 1 holds the six stories' records (every kind: participants with a rotated key, products
 * with lineage and versions, certificates with licences, replacements, pledges and objections,
 * findings, listings, trades in every state) and one trade left open; it is paused and epoch 2 is
 * deployed after it, not yet migrated.
 */
async function twoEpochs() {
  const first = await deployClient();
  const documents = temporaryDirectory("migration-documents");
  const signers = await ethers.getSigners();
  const stories = await runStories({
    client: first, signers, latestTimestamp: async () => BigInt(await time.latest()), advanceTime,
    documents, skipStory7: true, log: { heading: () => undefined, step: () => undefined, detail: () => undefined },
  });
  const { cast } = stories.context;
  const admin = first.withAccount(cast.admin);
  const registrar = first.withAccount(cast.registrar);
  // A trade confirmed and not yet delivered: it must go on in epoch 2.
  const { productId, holdingId } = stories.story1;
  const { deal } = await draftDeal(first, {
    productId, sellerCertificateId: holdingId, buyer: cast.bankOfShenzhen.address, price: { amount: 5_000n, currency: "CNY" },
    termsHash: hash("terms"), purposeHash: hash("renewal"),
  });
  const { tradeId: openTradeId } = await confirmDeal(registrar, await signedBy(first, deal, cast.shenzhenPower, cast.bankOfShenzhen));

  // Objections left open on a product and a certificate: the freezes must move with them.
  const objector = first.withAccount(cast.bankOfShenzhen);
  await lodgeObjection(objector, { target: "product", targetId: stories.story1.weiyanProductId, claimHash: hash("product claim") });
  await lodgeObjection(objector, { target: "certificate", targetId: stories.story1.weiyanHoldingId, claimHash: hash("certificate claim") });
  // The Admin holds every staff role too, so a check of a sealed act is never stopped by a role first.
  for (const role of ["pauser", "registrar", "arbiter", "market", "regulator"] as const) await grantRole(admin, { role, account: cast.admin.address });
  await pauseRecords(admin);
  const { deployment } = await deployDatarights({
    signer: cast.admin, network: "epoch-2", predecessor: first.deployment, artifactsDir: hre.config.paths.artifacts,
  });
  const second = first.forDeployment(deployment).withAccount(cast.admin);
  await grantRole(second, { role: "registrar", account: cast.registrar.address });
  return { first, second, stories, cast, openTradeId, productId, documents };
}

describe("migration to a successor deployment (immutable versions)", () => {
  it("refuses to carry anything before the predecessor's Admin names the successor, and carries only as the Admin", async () => {
    const { first, second, cast } = await loadFixture(twoEpochs);
    expect((await refusal(migrateRecords(second))).errorName).to.equal("RecordMigrationNotSucceeded");
    // The contracts refuse on their own too: no import, and no seal, before the successor is named.
    expect((await refusal(second.send("import early", () => second.contracts.products.importRecords(0, [1n])))).errorName)
      .to.equal("RecordMigrationNotSucceeded");
    expect((await refusal(sealDeployment(first))).errorName).to.equal("RecordMigrationNoSuccessor");
    await setSuccessor(first.withAccount(cast.admin), { registry: second.deployment.contracts.ParticipantRegistry.address });
    // Named, but not sealed: its records could still change after being carried.
    expect((await refusal(second.send("import unsealed", () => second.contracts.products.importRecords(0, [1n])))).errorName)
      .to.equal("RecordMigrationNotSealed");
    // The certificates are sealed only with the ledger, by it: not on their own, first.
    expect((await refusal(first.withAccount(cast.registrar).send("seal the certificates", () => first.contracts.certificates.connect(cast.registrar).seal()))).errorName)
      .to.equal("AccessControlUnauthorizedAccount");
    // Anyone may seal (the registrar here), but only the Admin carries.
    expect((await refusal(migrateRecords(second.withAccount(cast.registrar)))).errorName).to.equal("AccessControlUnauthorizedAccount");
    for (const key of ["products", "certificates", "assessments", "listings", "trades", "participants"] as const) {
      expect(await first.contracts[key].isSealed(), key).to.equal(true);
    }
  });

  it("carries records the old deployment made after the successor was built (the pause does not stop receipts or objections)", async () => {
    const { first, second, cast, stories, openTradeId, documents } = await loadFixture(twoEpochs);
    await deliverTrade(first.withAccount(cast.shenzhenPower), { tradeId: openTradeId, deliveryHash: hash("late delivery") });
    const { licenceId: lateLicence } = await confirmReceipt(first.withAccount(cast.bankOfShenzhen), { tradeId: openTradeId });
    await lodgeObjection(first.withAccount(cast.bankOfNingbo), { target: "product", targetId: stories.story1.productId, claimHash: hash("late claim") });
    expect(lateLicence).to.equal(await second.contracts.certificates.certificateCount() + 1n);
    await setSuccessor(first.withAccount(cast.admin), { registry: second.deployment.contracts.ParticipantRegistry.address });
    await migrateRecords(second);
    expect((await diffDeployments(second)).differences).to.deep.equal([]);
    expect(await second.contracts.certificates.certificateCount()).to.equal(lateLicence);
    expect(await second.contracts.products.objectionCount()).to.equal(await first.contracts.products.objectionCount());
    expect((await getCertificate(second, { certificateId: lateLicence })).registrationNumber).to.match(/^SZDE-E1-/);
    expect((await getTrade(second, { tradeId: openTradeId })).status).to.equal("Completed");
    // One history: the receipt made on epoch 1 during the move is in the lists and verify of epoch 2.
    const listed = (await listCertificates(second, { productId: stories.story1.productId })).map((certificate) => certificate.certificateId);
    expect(listed).to.include(lateLicence);
    expect(new Set(listed).size).to.equal(listed.length);
    const report = await verifyProduct(second, stories.story1.productId, { documents });
    expect(report.trades.find((trade) => trade.tradeId === openTradeId)?.status).to.equal("Completed");
  });

  it("holds new records on the new deployment until its first import settles its counts on the sealed old one's", async () => {
    const { first, second, cast, stories } = await loadFixture(twoEpochs);
    const assessor = cast.standardsInstitute;
    const finding = (product: bigint, report: string) => ({ productId: product, kind: "Quality" as const, passed: true, expiresAt: 4_000_000_000n, reportHash: hash(report) });
    const { productId } = stories.story1;
    // A finding recorded on epoch 1 after epoch 2 was built (the assessment registry has no pause).
    const { assessmentId: late } = await recordAssessment(first.withAccount(assessor), finding(productId, "late finding"));
    await setSuccessor(first.withAccount(cast.admin), { registry: second.deployment.contracts.ParticipantRegistry.address });
    await sealDeployment(first);
    // The participants and products first, by hand: the assessor could now record on epoch 2...
    for (const entry of MIGRATION_TABLES.filter((table) => table.contract === "participants" || table.contract === "products")) {
      const ids = await idsToCarry(first, second, entry);
      await second.send("carry", () => second.contracts[entry.contract].importRecords(entry.table, ids));
    }
    expect(await second.contracts.assessments.awaitingCarry()).to.equal(true);
    // ...but not before the findings' counts are settled: the late finding's id is still to be carried.
    expect((await refusal(recordAssessment(second.withAccount(assessor), finding(productId, "too early")))).errorName).to.equal("RecordMigrationAwaitingCarry");
    await migrateRecords(second);
    expect((await diffDeployments(second)).differences).to.deep.equal([]);
    expect(await second.contracts.assessments.awaitingCarry()).to.equal(false);
    expect((await getAssessment(second, { assessmentId: late })).reportHash).to.equal(hash("late finding"));
    const { assessmentId } = await recordAssessment(second.withAccount(assessor), finding(productId, "in epoch 2"));
    expect(assessmentId).to.equal(late + 1n);
  });

  it("splits an import batch whose gas would pass the cap, and carries everything all the same", async () => {
    const { first, second, cast } = await loadFixture(twoEpochs);
    await setSuccessor(first.withAccount(cast.admin), { registry: second.deployment.contracts.ParticipantRegistry.address });
    const cap = 1_500_000n;
    const { transactions, carried } = await migrateRecords(second, { maxBatchGas: cap });
    const imports = transactions.slice(5);
    expect(imports.every((transaction) => transaction.gasUsed <= cap), "every import within the cap").to.equal(true);
    // 25 products at ~150k gas each would pass it: they went in smaller batches.
    expect(imports.length).to.be.greaterThan(Object.values(carried).reduce((sum, count) => sum + Math.ceil(count / 25), 0));
    expect((await diffDeployments(second)).differences).to.deep.equal([]);
  });

  it("refuses, by name, to skip a record made on the new deployment before it was carried", async () => {
    const { first, second, cast } = await loadFixture(twoEpochs);
    await setSuccessor(first.withAccount(cast.admin), { registry: second.deployment.contracts.ParticipantRegistry.address });
    // An accredited participant of epoch 1 applies afresh on epoch 2 first: its record there is Pending.
    await applyForAccreditation(second.withAccount(cast.bankOfNingbo), { kinds: ["Buyer"], jurisdiction: "CN", dossierHash: hash("again") });
    let message = "";
    await migrateRecords(second).catch((error: Error) => (message = error.message));
    expect(message).to.equal(
      `participants ${cast.bankOfNingbo.address.toLowerCase()} exists on the new deployment but differs from the old one's: it was made there before it was carried (see \`governance diff\`)`,
    );
  });

  it("starts paused, with ids after the predecessor's, and refuses a predecessor of another kind", async () => {
    const { first, second, cast } = await loadFixture(twoEpochs);
    for (const key of ["products", "certificates", "trades"] as const) expect(await second.contracts[key].paused()).to.equal(true);
    expect(await second.contracts.products.productCount()).to.equal(await first.contracts.products.productCount());
    expect(await second.contracts.certificates.certificateCount()).to.equal(await first.contracts.certificates.certificateCount());
    expect(await second.contracts.trades.tradeCount()).to.equal(await first.contracts.trades.tradeCount());
    expect(await second.contracts.assessments.assessmentCount()).to.equal(await first.contracts.assessments.assessmentCount());
    for (const name of MIGRATED_CONTRACTS.filter((contract) => contract !== "ParticipantRegistry")) {
      const key = ({ DataProductRegistry: "products", RightsCertificate: "certificates", AssessmentRegistry: "assessments", ListingBook: "listings", TradeLedger: "trades" } as const)[name];
      expect(await second.contracts[key].predecessor()).to.equal(first.deployment.contracts[name].address);
    }
    // The listing book of epoch 1 handed in as the product registry's predecessor: wrong kind.
    const factory = await ethers.getContractFactory("DataProductRegistry", cast.admin);
    const wrong = first.deployment.contracts.ListingBook.address;
    await expect(factory.deploy(second.deployment.contracts.ParticipantRegistry.address, wrong))
      .to.be.revertedWithCustomError(factory, "RecordMigrationInvalidPredecessor").withArgs(wrong);
    // And a first deployment's contract may not name a predecessor at all.
    await expect(factory.deploy(first.deployment.contracts.ParticipantRegistry.address, first.deployment.contracts.DataProductRegistry.address))
      .to.be.revertedWithCustomError(factory, "RecordMigrationInvalidPredecessor");
  });

  describe("once migrated", () => {
    async function migrated() {
      const world = await loadFixture(twoEpochs);
      const { first, second, cast } = world;
      const before = await diffDeployments(second);
      await setSuccessor(first.withAccount(cast.admin), { registry: second.deployment.contracts.ParticipantRegistry.address });
      const result = await migrateRecords(second);
      const after = await diffDeployments(second);
      return { ...world, before, result, after };
    }

    it("carries every record, so the before/after diff of every record is empty", async () => {
      const { first, before, result, after } = await loadFixture(migrated);
      // Before: every record of epoch 1 is missing from epoch 2.
      const total = Object.values(after.compared).reduce((sum, count) => sum + count, 0);
      expect(total).to.be.greaterThan(100);
      expect(before.truncated).to.equal(true);
      expect(before.differences[0]).to.include({ table: "participants", field: "stored", after: null });
      for (const entry of MIGRATION_TABLES) {
        const count = (await recordIds(first, entry)).length;
        expect(after.compared[entry.name], entry.name).to.equal(count);
        expect(result.carried[entry.name], entry.name).to.equal(count);
        expect(count, `${entry.name} of epoch 1`).to.be.greaterThan(0);
      }
      expect(after.differences).to.deep.equal([]);
      expect(after.truncated).to.equal(false);
      // The old deployment was sealed first, the ledger before what it calls into.
      expect(result.sealed).to.deep.equal(["trades", "listings", "assessments", "certificates", "products"]);
    });

    it("is resumable: a rerun carries nothing twice, and a record is refused a second time", async () => {
      const { second } = await loadFixture(migrated);
      const rerun = await migrateRecords(second);
      expect(Object.values(rerun.carried).every((count) => count === 0)).to.equal(true);
      expect(rerun.transactions).to.have.length(0);
      expect((await refusal(second.send("import again", () => second.contracts.products.importRecords(0, [1n])))).errorName)
        .to.equal("RecordMigrationAlreadyCarried");
      const beyond = (await second.contracts.products.productCount()) + 1n;
      expect((await refusal(second.send("import beyond", () => second.contracts.products.importRecords(0, [beyond])))).errorName)
        .to.equal("RecordMigrationNothingToCarry");
    });

    it("seals the old deployment: every act there reverts, naming the successor, and reads go on", async () => {
      const { first, second, cast, openTradeId, stories } = await loadFixture(migrated);
      const successorRegistry = second.deployment.contracts.ParticipantRegistry.address;
      const { holdingId, weiyanProductId } = stories.story1;
      const acts: [string, () => Promise<unknown>][] = [
        ["registry", () => suspendParticipant(first.withAccount(cast.registrar), { account: cast.bankOfNingbo.address, reasonHash: hash("late") })],
        ["ledger", () => deliverTrade(first.withAccount(cast.shenzhenPower), { tradeId: openTradeId, deliveryHash: hash("late delivery") })],
        ["certificates", () => pledgeCertificate(first.withAccount(cast.shenzhenPower), { certificateId: holdingId, financier: cast.bankOfShenzhen.address, agreementHash: hash("loan") })],
        ["products", () => lodgeObjection(first.withAccount(cast.bankOfShenzhen), { target: "product", targetId: weiyanProductId, claimHash: hash("late claim") })],
        ["certificate objections", () => lodgeObjection(first.withAccount(cast.bankOfShenzhen), { target: "certificate", targetId: holdingId, claimHash: hash("late claim") })],
        ["listings", () => relistProduct(first.withAccount(cast.registrar), { productId: stories.story1.productId })],
        ["assessments", () => revokeAssessment(first.withAccount(cast.registrar), { assessmentId: 1n, reasonHash: hash("late") })],
      ];
      for (const [name, act] of acts) {
        const error = await refusal(act());
        expect(error.errorName, name).to.equal("RecordMigrationSealed");
        expect(error.message, name).to.include(`this deployment is sealed: its records moved to the deployment of registry ${successorRegistry}`);
      }
      expect((await refusal(first.send("seal twice", () => first.contracts.trades.seal()))).errorName).to.equal("RecordMigrationSealed");
      expect((await getGovernance(first)).sealed).to.deep.equal(["participants", "products", "certificates", "assessments", "listings", "trades"]);
      expect((await getGovernance(second)).sealed).to.deep.equal([]);
      // Reads go on, and the old records still say what they said at the move.
      expect((await getTrade(first, { tradeId: openTradeId })).status).to.equal("Confirmed");
      expect((await getCertificate(first, { certificateId: holdingId })).validity).to.equal("Valid");
      expect((await diffDeployments(second)).differences).to.deep.equal([]);
      // What changes on the new deployment shows up in the diff.
      await suspendParticipant(second.withAccount(cast.registrar), { account: cast.bankOfNingbo.address, reasonHash: hash("new epoch") });
      const account = cast.bankOfNingbo.address.toLowerCase();
      expect((await diffDeployments(second)).differences.map((difference) => `${difference.table} ${difference.id} ${difference.field}`))
        .to.include.members([`participants ${account} stored`, `participants ${account} participant`]);
    });

    it("seals every act of every contract: each state-changing function of the ABIs reverts, but governance's and the documented few", async () => {
      const { first, cast } = await loadFixture(migrated);
      const exempt: Record<string, string[]> = {
        // Each contract: the migration's own acts and the emergency pause.
        "*": ["pause", "unpause"],
        // Governance: taking roles away, the Admin handover and the successor (granting a role is sealed).
        participants: ["revokeRole", "renounceRole", "beginDefaultAdminTransfer", "cancelDefaultAdminTransfer",
          "acceptDefaultAdminTransfer", "changeDefaultAdminDelay", "rollbackDefaultAdminDelay", "setSuccessor"],
        // Only the ledger reserves, from its own sealed `confirm`; transfers and approvals always revert (soulbound).
        certificates: ["reserveForTrade", "approve", "setApprovalForAll", "transferFrom", "safeTransferFrom"],
      };
      const checked: string[] = [];
      for (const key of ["participants", "products", "certificates", "assessments", "listings", "trades"] as const) {
        const contract = first.contracts[key].connect(cast.admin) as unknown as BaseContract;
        for (const fragment of contract.interface.fragments) {
          if (!(fragment instanceof FunctionFragment) || fragment.constant || fragment.payable) continue;
          if ([...exempt["*"], ...(exempt[key] ?? [])].includes(fragment.name)) continue;
          const error = await contract.getFunction(fragment.format()).staticCall(...fragment.inputs.map(defaultOf)).then(() => undefined, (caught: unknown) => caught);
          expect(decodeRevert(error)?.name, `${key}.${fragment.format()}`).to.equal("RecordMigrationSealed");
          checked.push(`${key}.${fragment.name}`);
        }
      }
      expect(checked.length).to.be.greaterThan(50);
    });

    it("keeps each record's id, registration number and links; new records get the new epoch's numbers", async () => {
      const { first, second, cast, stories } = await loadFixture(migrated);
      const { productId, holdingId } = stories.story1;
      const [oldProduct, newProduct] = await Promise.all([getProduct(first, { productId }), getProduct(second, { productId })]);
      expect(newProduct.registrationNumber).to.equal(oldProduct.registrationNumber).and.match(/^SZDE-E1-DP-/);
      const [oldHolding, newHolding] = await Promise.all([getCertificate(first, { certificateId: holdingId }), getCertificate(second, { certificateId: holdingId })]);
      expect(newHolding.registrationNumber).to.equal(oldHolding.registrationNumber).and.match(/^SZDE-E1-RH-/);
      expect(newHolding).to.deep.include({ holder: oldHolding.holder, validity: oldHolding.validity, predecessorId: oldHolding.predecessorId });

      await unpauseRecords(second);
      const { productId: fresh } = await registerProduct(second.withAccount(cast.shenzhenPower), {
        contentHash: hash("epoch 2 product"), originDeclarationHash: hash("origin"), productType: "Dataset", sourceCategory: "Enterprise",
        classification: "General", containsPersonalInfo: false, metadataURI: "ipfs://epoch-2",
      });
      expect(fresh).to.equal((await first.contracts.products.productCount()) + 1n);
      expect((await getProduct(second, { productId: fresh })).registrationNumber).to.equal(`SZDE-E2-DP-${fresh.toString().padStart(8, "0")}`);
      // Unique across both deployments: every number either deployment answers.
      const numbers: string[] = [];
      for (const client of [first, second]) {
        const count = await client.contracts.products.productCount();
        for (let id = 1n; id <= count; id += 1n) numbers.push(await client.contracts.products.registrationNumber(id));
        const certificates = await client.contracts.certificates.certificateCount();
        for (let id = 1n; id <= certificates; id += 1n) numbers.push(await client.contracts.certificates.registrationNumber(id));
      }
      const distinctInFirst = new Set(numbers.slice(0, numbers.length / 2));
      expect(new Set(numbers).size).to.equal(distinctInFirst.size + 1);
    });

    it("lets the open trade go on in the new deployment, and a product certified before the move trade after it", async () => {
      const { first, second, cast, openTradeId, productId, stories, documents } = await loadFixture(migrated);
      await unpauseRecords(second);
      // The open trade: delivered and received in epoch 2, its licence issued there.
      await deliverTrade(second.withAccount(cast.shenzhenPower), { tradeId: openTradeId, deliveryHash: hash("delivered in epoch 2") });
      await confirmReceipt(second.withAccount(cast.bankOfShenzhen), { tradeId: openTradeId });
      const carried = await getTrade(second, { tradeId: openTradeId });
      expect(carried.status).to.equal("Completed");
      expect((await getTrade(first, { tradeId: openTradeId })).status).to.equal("Confirmed");
      // The old ledger is sealed: the same trade cannot be completed there a second time.
      expect((await refusal(deliverTrade(first.withAccount(cast.shenzhenPower), { tradeId: openTradeId, deliveryHash: hash("delivered in epoch 1") }))).errorName)
        .to.equal("RecordMigrationSealed");
      expect((await refusal(confirmReceipt(first.withAccount(cast.bankOfShenzhen), { tradeId: openTradeId }))).errorName).to.equal("RecordMigrationSealed");
      const listed = (await listCertificates(second, { productId })).map((certificate) => certificate.certificateId);
      expect(new Set(listed).size).to.equal(listed.length);
      expect((await diffDeployments(second)).differences.map((difference) => `${difference.table} ${difference.id}`))
        .to.include(`trades ${openTradeId}`);
      // A new trade of the epoch-1 product, booked in epoch 2.
      const terms = {
        productId, sellerCertificateId: stories.story1.holdingId, buyer: cast.bankOfNingbo.address, price: { amount: 1_000n, currency: "CNY" },
        termsHash: hash("terms"), purposeHash: hash("epoch 2 purchase"),
      };
      const { deal } = await draftDeal(second, terms);
      const { tradeId } = await confirmDeal(second.withAccount(cast.registrar), await signedBy(second, deal, cast.shenzhenPower, cast.bankOfNingbo));
      expect(tradeId).to.equal((await first.contracts.trades.tradeCount()) + 1n);
      // A deal signed for epoch 1 names epoch 1's ledger in its domain: epoch 2 refuses it.
      const { deal: oldDeal } = await draftDeal(first, { ...terms, nonce: deal.nonce + 1n });
      const stale = await signedBy(first, oldDeal, cast.shenzhenPower, cast.bankOfNingbo);
      expect((await refusal(confirmDeal(second.withAccount(cast.registrar), stale))).errorName).to.match(/Signature/);
      // One history: verify on epoch 2 reads the product's trades of both epochs, and fails
      // exactly what it failed on epoch 1 (story 6's planted lapsed buyer), nothing more.
      const [before, after] = await Promise.all([verifyProduct(first, productId, { documents }), verifyProduct(second, productId, { documents })]);
      const failed = (report: typeof before) => report.checks.filter((check) => !check.passed).map((check) => check.id);
      expect(failed(after)).to.deep.equal(["trade.3.buyer"]);
      // The old deployment, verified on its own, says it is no longer the record, and where it went.
      expect(failed(before)).to.deep.equal(["epoch.successor", "trade.3.buyer"]);
      expect(before.checks.find((check) => check.id === "epoch.successor")?.detail)
        .to.equal(`this deployment (epoch 1) was succeeded by registry ${second.deployment.contracts.ParticipantRegistry.address} (epoch 2): its records moved there, so verify against that deployment`);
      const tradeIds = after.trades.map((trade) => trade.tradeId);
      expect(tradeIds).to.include.members([...before.trades.map((trade) => trade.tradeId), openTradeId, tradeId]);
      expect(after.trades.find((trade) => trade.tradeId === openTradeId)?.status).to.equal("Completed");
      expect(after.checks.find((check) => check.id === "epoch.2")).to.include({ passed: true });
      expect(before.checks.some((check) => check.id.startsWith("epoch.") && check.id !== "epoch.successor")).to.equal(false);
    });

    it("checks the epochs' links on-chain: a deployment file claiming another predecessor fails verify", async () => {
      const { second, productId } = await loadFixture(migrated);
      const stranger = await deployClient();
      const forged = second.forDeployment({ ...second.deployment, predecessor: stranger.deployment });
      const report = await verifyProduct(forged, productId);
      const link = report.checks.find((check) => check.id === "epoch.2");
      expect(link?.passed).to.equal(false);
      expect(link?.detail).to.include(`names ${second.deployment.predecessor!.contracts.ParticipantRegistry!.address} its predecessor`);
      // The stranger's deployment was never sealed either: records there could still change.
      expect(link?.detail).to.include("epoch 1's DataProductRegistry, RightsCertificate, AssessmentRegistry, ListingBook, TradeLedger are not sealed");
      // The real predecessor is sealed: the same check passes on the true deployment file.
      expect((await verifyProduct(second, productId)).checks.find((check) => check.id === "epoch.2")).to.include({ passed: true });
    });
  });
});
