/**
 * Gas bench: what each registry action costs, side by side with the Ethereum Attestation
 * Service and a plain OpenZeppelin ERC-721 deployed in the same run on the same network.
 *
 *   npm run bench            (in-process Hardhat network, the EVM target of EVM_VERSION)
 *
 * Every figure is the gasUsed of a steady-state transaction: each contract has already done one
 * of the same action, so first-write costs of counters and rosters are not billed to it.
 * "issue a certificate" goes to a provider that already holds rights (the usual case: a provider
 * registers many products); "issue a holder's first certificate" also pays ERC-721's balance
 * slot of a new holder (+17k), like the ERC-721 yardstick, which mints to a new holder.
 * Exits 1 when a goal is missed.
 */
import hre, { ethers } from "hardhat";
import type { ContractTransactionResponse, Signer } from "ethers";
import { deployInProcess } from "../deploy/hardhat";
import { ASSESSMENT_TYPES, DEAL_TYPES, assessmentDomain, tradeDomain } from "../src/sdk/eip712";
import { AssessmentKind, ExchangeRole, ParticipantKind, RightCategory } from "../src/sdk/generated/enums";
import type { BenchERC721 } from "../typechain-types";
import SchemaRegistryArtifact from "@ethereum-attestation-service/eas-contracts/artifacts/contracts/SchemaRegistry.sol/SchemaRegistry.json";
import EasArtifact from "@ethereum-attestation-service/eas-contracts/artifacts/contracts/EAS.sol/EAS.json";

const YEAR = 365n * 24n * 3600n;
const { REGISTRAR_ROLE } = ExchangeRole;
const Kind = ParticipantKind;
const { ResourceHolding: RH, ProcessingUse: PU } = RightCategory;
const { Quality, LegalCompliance, PriceEvaluation } = AssessmentKind;
const BLOCK_GAS = 30_000_000n;


/** The EAS schema closest to a certificate: the same four facts, attested to the holder. */
const EAS_SCHEMA = "uint256 productId,uint8 category,bytes32 scopeHash,bytes32 evidenceHash";

interface Row {
  action: string;
  gas: bigint;
}

async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction was dropped");
  return receipt.gasUsed;
}

async function main(): Promise<void> {
  const signers = await ethers.getSigners();
  const [admin, registrar, provider, lawFirm, institute, financier, arbiter] = signers;
  const fresh = signers.slice(7);
  let nextFresh = 0;
  const freshAccount = (): Signer & { address: string } => {
    const account = fresh[nextFresh++];
    if (!account) throw new Error("bench ran out of Hardhat accounts");
    return account;
  };

  const { participants, products, certificates, assessments, listings, trades } = await deployInProcess(hre);
  const now = async (): Promise<bigint> => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const until = (await now()) + 10n * YEAR;
  const dossier = (who: string) => ethers.id(`dossier:${who}`);
  const cn = ethers.hexlify(ethers.toUtf8Bytes("CN"));
  await participants.connect(admin).grantRole(REGISTRAR_ROLE, registrar.address);
  await participants.connect(admin).grantRole(ethers.id("ARBITER_ROLE"), arbiter.address);
  const accredit = (who: string, kinds: number, assessmentKinds = 0) =>
    participants.connect(registrar).accredit(who, kinds, assessmentKinds, cn, dossier(who), until);

  const rows: Row[] = [];
  await accredit(provider.address, Kind.Provider | Kind.Buyer);
  rows.push({ action: "accredit a participant", gas: await gasOf(accredit(lawFirm.address, Kind.Assessor, 1 << LegalCompliance)) });
  await accredit(institute.address, Kind.Assessor, (1 << Quality) | (1 << PriceEvaluation));
  await accredit(financier.address, Kind.Financier);

  const registration = (label: string, sources: bigint[] = [], sourceCertificates: bigint[] = []) => ({
    contentHash: ethers.id(`content:${label}`),
    originDeclarationHash: ethers.id(`origin:${label}`),
    productType: 0,
    sourceCategory: 1,
    classification: 0,
    containsPersonalInfo: false,
    metadataURI: `ipfs://bafy${label}`,
    sources,
    sourceCertificates,
  });
  await products.connect(provider).register(registration("warm-up"));
  rows.push({ action: "register a product, 0 sources", gas: await gasOf(products.connect(provider).register(registration("plain"))) });

  // Warm-up: the registrar's first issue puts it on the issuer roster.
  const expiresAt = (await now()) + 5n * YEAR;
  await certificates.connect(registrar).issue(provider.address, 1n, RH, expiresAt, ethers.id("scope"), ethers.id("evidence"));
  rows.push({
    action: "issue a certificate",
    gas: await gasOf(
      certificates.connect(registrar).issue(provider.address, 2n, RH, expiresAt, ethers.id("scope 2"), ethers.id("evidence 2")),
    ),
  });
  const holder = freshAccount();
  await accredit(holder.address, Kind.Provider | Kind.Buyer);
  rows.push({
    action: "issue a holder's first certificate",
    gas: await gasOf(
      certificates.connect(registrar).issue(holder.address, 2n, RH, expiresAt, ethers.id("scope 3"), ethers.id("evidence 3")),
    ),
  });
  const licensee = freshAccount();
  await accredit(licensee.address, Kind.Buyer);
  rows.push({
    action: "issue a derived certificate",
    gas: await gasOf(
      certificates.connect(registrar).license(3n, licensee.address, PU, expiresAt - YEAR, ethers.id("licence scope"), ethers.id("licence evidence")),
    ),
  });

  // Three sources the provider holds rights on, then the derived product.
  const sources: bigint[] = [];
  const sourceCertificates: bigint[] = [];
  for (const label of ["a", "b", "c"]) {
    await products.connect(provider).register(registration(`source-${label}`));
    const productId = await products.productCount();
    await certificates.connect(registrar).issue(provider.address, productId, RH, expiresAt, ethers.id("scope"), ethers.id("evidence"));
    sources.push(productId);
    sourceCertificates.push(await certificates.certificateCount());
  }
  rows.push({
    action: "register a product, 3 sources",
    gas: await gasOf(products.connect(provider).register(registration("derived", sources, sourceCertificates))),
  });

  // Assessments: each assessor has one finding on record (it is on the assessor roster), then
  // measure a first finding of its kind on a product: the dearest case.
  const findingExpiry = (await now()) + YEAR;
  await assessments.connect(lawFirm).record({ productId: 1n, kind: LegalCompliance, passed: true, expiresAt: findingExpiry, reportHash: ethers.id("r0") });
  await assessments.connect(institute).record({ productId: 1n, kind: Quality, passed: true, expiresAt: findingExpiry, reportHash: ethers.id("r0") });
  rows.push({
    action: "record an assessment directly",
    gas: await gasOf(
      assessments.connect(institute).record({ productId: 2n, kind: Quality, passed: true, expiresAt: findingExpiry, reportHash: ethers.id("r1") }),
    ),
  });
  const finding = { productId: 3n, kind: Quality, passed: true, expiresAt: findingExpiry, reportHash: ethers.id("r2") };
  const deadline = (await now()) + 3600n;
  const network = await ethers.provider.getNetwork();
  const signature = await institute.signTypedData(
    assessmentDomain(network.chainId, await assessments.getAddress()),
    ASSESSMENT_TYPES,
    { assessor: institute.address, ...finding, nonce: await assessments.nonces(institute.address), deadline },
  );
  rows.push({
    action: "record an assessment by signature",
    gas: await gasOf(
      assessments.connect(admin).recordBySig(institute.address, finding, await assessments.nonces(institute.address), deadline, signature),
    ),
  });
  await certificates.connect(provider).pledge(1n, financier.address, ethers.id("loan 0"));
  rows.push({
    action: "pledge a certificate",
    gas: await gasOf(certificates.connect(holder).pledge(3n, financier.address, ethers.id("loan 1"))),
  });

  // Trading: a certified product of the provider, listed and priced, sold twice to the same
  // buyer (a bank buying again is the usual case); the second trade is measured.
  /** Registers, assesses and certifies a product of the provider, which then holds it: its id and the holding's. */
  const certifiedProduct = async (label: string, sources: bigint[] = [], sourceCertificates: bigint[] = []) => {
    await products.connect(provider).register(registration(label, sources, sourceCertificates));
    const productId = await products.productCount();
    await assessments.connect(lawFirm).record({ productId, kind: LegalCompliance, passed: true, expiresAt: findingExpiry, reportHash: ethers.id(`l ${label}`) });
    await assessments.connect(institute).record({ productId, kind: Quality, passed: true, expiresAt: findingExpiry, reportHash: ethers.id(`q ${label}`) });
    await products.connect(registrar).certify(productId);
    await certificates.connect(registrar).issue(provider.address, productId, RH, expiresAt, ethers.id("scope"), ethers.id("evidence"));
    return { productId, holdingId: await certificates.certificateCount() };
  };
  const { productId: tradedId, holdingId: sellerCertificateId } = await certifiedProduct("traded");
  rows.push({ action: "list a product", gas: await gasOf(listings.connect(registrar).list(tradedId, PU, 2n * YEAR, [cn])) });
  const cny = ethers.hexlify(ethers.toUtf8Bytes("CNY"));
  rows.push({ action: "propose a reference price", gas: await gasOf(listings.connect(institute).proposePrice(tradedId, 1_000_000n, cny, 1)) });
  rows.push({ action: "confirm a reference price", gas: await gasOf(listings.connect(provider).confirmPrice(tradedId)) });
  const bank = freshAccount();
  await accredit(bank.address, Kind.Buyer);
  const ledgerDomain = tradeDomain(network.chainId, await trades.getAddress());
  const deal = async (productId: bigint, certificateId: bigint, buyer: string) => ({
    productId, contentHash: (await products.product(productId)).contentHash, seller: provider.address, buyer, broker: ethers.ZeroAddress,
    sellerCertificateId: certificateId, rightGranted: PU, priceAmount: 1_000_000n, currency: cny, priceCommitment: ethers.ZeroHash,
    termsHash: ethers.id(`terms ${await now()}`), purposeHash: ethers.id("credit scoring"), licenceExpiresAt: (await now()) + YEAR,
    crossBorder: false, nonce: await trades.dealNonce(provider.address, buyer, productId), deadline: (await now()) + 3600n,
  });
  const confirmDeal = async (buyer: Signer & { address: string }, productId = tradedId, certificateId = sellerCertificateId) => {
    const values = await deal(productId, certificateId, buyer.address);
    const sellerSignature = await provider.signTypedData(ledgerDomain, DEAL_TYPES, values);
    const buyerSignature = await buyer.signTypedData(ledgerDomain, DEAL_TYPES, values);
    return gasOf(trades.connect(registrar).confirm(values, sellerSignature, buyerSignature));
  };
  const wholeTrade = async (buyer: Signer & { address: string }) => {
    const confirmGas = await confirmDeal(buyer);
    const tradeId = await trades.tradeCount();
    const deliverGas = await gasOf(trades.connect(provider).deliver(tradeId, ethers.id(`delivery ${tradeId}`)));
    const receiveGas = await gasOf(trades.connect(buyer).confirmReceipt(tradeId));
    return { confirmGas, deliverGas, receiveGas };
  };
  // The ledger's very first trade also pays its one-time slots (trade counter, issuer roster):
  // shown, not a goal. A buyer's first trade is measured on a ledger that has traded before.
  const ledgerFirstTrade = await wholeTrade(bank);
  const newBuyer = freshAccount();
  await accredit(newBuyer.address, Kind.Buyer);
  const firstTrade = await wholeTrade(newBuyer);
  const trade = await wholeTrade(bank);
  rows.push({ action: "confirm a trade (two signatures)", gas: trade.confirmGas });
  rows.push({ action: "deliver", gas: trade.deliverGas });
  rows.push({ action: "receive (certificate minted)", gas: trade.receiveGas });
  const wholeTradeGas = trade.confirmGas + trade.deliverGas + trade.receiveGas;
  rows.push({ action: "whole trade, confirmation to receipt", gas: wholeTradeGas });
  const firstTradeGas = firstTrade.confirmGas + firstTrade.deliverGas + firstTrade.receiveGas;
  rows.push({ action: "whole trade, a buyer's first", gas: firstTradeGas });
  rows.push({ action: "whole trade, the ledger's first (one-time)", gas: ledgerFirstTrade.confirmGas + ledgerFirstTrade.deliverGas + ledgerFirstTrade.receiveGas });

  // Fan-in 12: confirming a trade checks each direct source's edge certificate.
  const fanIn: bigint[] = [];
  const fanInRights: bigint[] = [];
  for (let index = 0; index < 12; index++) {
    await products.connect(provider).register(registration(`fan-in source ${index}`));
    const productId = await products.productCount();
    await certificates.connect(registrar).issue(provider.address, productId, RH, expiresAt, ethers.id("scope"), ethers.id("evidence"));
    fanIn.push(productId);
    fanInRights.push(await certificates.certificateCount());
  }
  const { productId: fanInId, holdingId: fanInRight } = await certifiedProduct("fan-in 12", fanIn, fanInRights);
  await listings.connect(registrar).list(fanInId, PU, 2n * YEAR, [cn]);
  const fanInGas = await confirmDeal(bank, fanInId, fanInRight);
  rows.push({ action: "confirm a trade of a fan-in 12 product", gas: fanInGas });
  await confirmDeal(bank);
  const disputedId = await trades.tradeCount();
  rows.push({ action: "open a dispute", gas: await gasOf(trades.connect(bank).dispute(disputedId, ethers.id("late"))) });
  rows.push({ action: "resolve a dispute (rejected: mints)", gas: await gasOf(trades.connect(arbiter).resolveDispute(disputedId, false, ethers.id("on time"))) });

  // The yardsticks, same network, same run.
  const schemaRegistry = await new ethers.ContractFactory(SchemaRegistryArtifact.abi, SchemaRegistryArtifact.bytecode, admin).deploy();
  const eas = await new ethers.ContractFactory(EasArtifact.abi, EasArtifact.bytecode, admin).deploy(await schemaRegistry.getAddress());
  const registerSchema = schemaRegistry.getFunction("register");
  await (await registerSchema(EAS_SCHEMA, ethers.ZeroAddress, true)).wait();
  const schemaUid = ethers.solidityPackedKeccak256(["string", "address", "bool"], [EAS_SCHEMA, ethers.ZeroAddress, true]);
  const attest = eas.getFunction("attest");
  const attestation = (recipient: string, productId: bigint) => ({
    schema: schemaUid,
    data: {
      recipient,
      expirationTime: expiresAt,
      revocable: true,
      refUID: ethers.ZeroHash,
      data: ethers.AbiCoder.defaultAbiCoder().encode(
        ["uint256", "uint8", "bytes32", "bytes32"], [productId, RH, ethers.id("scope"), ethers.id("evidence")],
      ),
      value: 0n,
    },
  });
  await (await attest(attestation(provider.address, 1n))).wait();
  const easGas = await gasOf(attest(attestation(freshAccount().address, 2n)) as Promise<ContractTransactionResponse>);
  const erc721 = (await ethers.deployContract("BenchERC721")) as unknown as BenchERC721;
  await erc721.mint(provider.address, 1n);
  const erc721Gas = await gasOf(erc721.mint(freshAccount().address, 2n));

  const gasFor = (action: string): bigint => rows.find((row) => row.action === action)!.gas;
  const ratio = (gas: bigint, base: bigint): string => (Number(gas) / Number(base)).toFixed(3);
  const width = Math.max(...rows.map((row) => row.action.length), 34);
  console.log(`\nGas, ${network.name} network (chain ${network.chainId}), EVM ${process.env.EVM_VERSION ?? "cancun"}\n`);
  console.log(`${"action".padEnd(width)}  ${"gas".padStart(9)}  ${"÷ EAS attest".padStart(12)}  ${"÷ ERC-721 mint".padStart(14)}`);
  for (const row of rows) {
    console.log(`${row.action.padEnd(width)}  ${row.gas.toString().padStart(9)}  ${ratio(row.gas, easGas).padStart(12)}  ${ratio(row.gas, erc721Gas).padStart(14)}`);
  }
  console.log(`${"EAS attest (4-field schema)".padEnd(width)}  ${easGas.toString().padStart(9)}`);
  console.log(`${"OZ ERC-721 mint to a new holder".padEnd(width)}  ${erc721Gas.toString().padStart(9)}`);

  const goals = [
    { name: "issue a certificate ≤ 0.6 × EAS attest", gas: gasFor("issue a certificate"), limit: (easGas * 6n) / 10n },
    { name: "record an assessment directly ≤ 0.5 × EAS attest", gas: gasFor("record an assessment directly"), limit: easGas / 2n },
    { name: "whole trade ≤ 1.5 × EAS attest", gas: wholeTradeGas, limit: (easGas * 15n) / 10n },
    { name: "a buyer's first whole trade ≤ 1.8 × EAS attest", gas: firstTradeGas, limit: (easGas * 18n) / 10n },
    { name: "confirming a fan-in 12 trade ≤ 2 × EAS attest", gas: fanInGas, limit: easGas * 2n },
  ];
  console.log(`\nIn a ${BLOCK_GAS / 1_000_000n}M-gas block: ${BLOCK_GAS / wholeTradeGas} complete trades, ${BLOCK_GAS / gasFor("issue a certificate")} certificate issuances`);
  console.log("\nGoals");
  let missed = 0;
  for (const goal of goals) {
    const met = goal.gas <= goal.limit;
    if (!met) missed++;
    console.log(`  ${met ? "met   " : "MISSED"}  ${goal.name}: ${goal.gas} vs ${goal.limit}`);
  }
  if (missed > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});
