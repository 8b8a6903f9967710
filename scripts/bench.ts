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
import type { ContractTransactionResponse } from "ethers";
import { deployClientInProcess } from "../deploy/hardhat";
import type { Account, DatarightsClient } from "../src/sdk/client";
import {
  accredit, certifyProduct, confirmDeal, confirmPrice, confirmReceipt, deliverTrade, disputeTrade, draftDeal, grantRole,
  issueCertificate, licenseCertificate, listProduct, pledgeCertificate, proposePrice, recordAssessment, recordSignedAssessment,
  registerProduct, resolveDispute, signAssessment, signDeal,
} from "../src/sdk/actions";
import type { AccreditParameters, FindingParameters, ProductRegistrationParameters, TransactionResult } from "../src/sdk/actions";
import type { BenchERC721 } from "../typechain-types";
import SchemaRegistryArtifact from "@ethereum-attestation-service/eas-contracts/artifacts/contracts/SchemaRegistry.sol/SchemaRegistry.json";
import EasArtifact from "@ethereum-attestation-service/eas-contracts/artifacts/contracts/EAS.sol/EAS.json";

const YEAR = 365n * 24n * 3600n;
const BLOCK_GAS = 30_000_000n;


/** The EAS schema closest to a certificate: the same four facts, attested to the holder. */
const EAS_SCHEMA = "uint256 productId,uint8 category,bytes32 scopeHash,bytes32 evidenceHash";
/** The category the attestations carry: ResourceHolding, as the certificates issued above. */
const EAS_RESOURCE_HOLDING = 0;

interface Row {
  action: string;
  gas: bigint;
}

/** Gas of a yardstick's transaction (EAS, ERC-721): those are not datarights contracts, so no action sends them. */
async function gasOf(tx: Promise<ContractTransactionResponse>): Promise<bigint> {
  const receipt = await (await tx).wait();
  if (!receipt) throw new Error("transaction was dropped");
  return receipt.gasUsed;
}

/** Gas of a datarights act, as its action reports it. */
async function gasOfAct(act: Promise<{ transaction: TransactionResult }>): Promise<bigint> {
  return (await act).transaction.gasUsed;
}

async function main(): Promise<void> {
  const signers = await ethers.getSigners();
  const [adminSigner, registrarSigner, providerSigner, lawFirmSigner, instituteSigner, financierSigner, arbiterSigner] = signers;
  const fresh = signers.slice(7);
  let nextFresh = 0;
  const freshAccount = (): Account => {
    const account = fresh[nextFresh++];
    if (!account) throw new Error("bench ran out of Hardhat accounts");
    return account;
  };

  // Every datarights act goes through the SDK's actions, each from a client of its sender; the
  // ids they return (decoded from the receipts' events) name what later acts work on.
  const admin = await deployClientInProcess(hre);
  const as = (account: Account): DatarightsClient => admin.withAccount(account);
  const [registrar, provider, lawFirm, institute, arbiter] = [registrarSigner, providerSigner, lawFirmSigner, instituteSigner, arbiterSigner].map(as);
  const now = async (): Promise<bigint> => BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
  const until = (await now()) + 10n * YEAR;
  const dossier = (who: string) => ethers.id(`dossier:${who}`);
  await grantRole(admin, { role: "registrar", account: registrarSigner.address });
  await grantRole(admin, { role: "arbiter", account: arbiterSigner.address });
  const accreditAs = (who: Account, profile: Pick<AccreditParameters, "kinds" | "assessmentKinds">) =>
    accredit(registrar, { account: who.address, ...profile, jurisdiction: "CN", dossierHash: dossier(who.address), accreditedUntil: until });

  const rows: Row[] = [];
  await accreditAs(providerSigner, { kinds: ["Provider", "Buyer"] });
  rows.push({ action: "accredit a participant", gas: await gasOfAct(accreditAs(lawFirmSigner, { kinds: [], assessmentKinds: ["LegalCompliance"] })) });
  await accreditAs(instituteSigner, { kinds: [], assessmentKinds: ["Quality", "PriceEvaluation"] });
  await accreditAs(financierSigner, { kinds: ["Financier"] });

  const registration = (label: string, sources: ProductRegistrationParameters["sources"] = []): ProductRegistrationParameters => ({
    contentHash: ethers.id(`content:${label}`),
    originDeclarationHash: ethers.id(`origin:${label}`),
    productType: "Dataset",
    sourceCategory: "Enterprise",
    classification: "General",
    containsPersonalInfo: false,
    metadataURI: `ipfs://bafy${label}`,
    sources,
  });
  const { productId: warmUpId } = await registerProduct(provider, registration("warm-up"));
  const plain = await registerProduct(provider, registration("plain"));
  rows.push({ action: "register a product, 0 sources", gas: plain.transaction.gasUsed });

  // Warm-up: the registrar's first issue puts it on the issuer roster.
  const expiresAt = (await now()) + 5n * YEAR;
  const holding = (holder: Account, productId: bigint, scope = "scope", evidence = "evidence") =>
    issueCertificate(registrar, {
      holder: holder.address, productId, category: "ResourceHolding", expiresAt, scopeHash: ethers.id(scope), evidenceHash: ethers.id(evidence),
    });
  const { certificateId: warmUpHoldingId } = await holding(providerSigner, warmUpId);
  rows.push({ action: "issue a certificate", gas: await gasOfAct(holding(providerSigner, plain.productId, "scope 2", "evidence 2")) });
  const holderSigner = freshAccount();
  await accreditAs(holderSigner, { kinds: ["Provider", "Buyer"] });
  const holdersFirst = await holding(holderSigner, plain.productId, "scope 3", "evidence 3");
  rows.push({ action: "issue a holder's first certificate", gas: holdersFirst.transaction.gasUsed });
  const licenseeSigner = freshAccount();
  await accreditAs(licenseeSigner, { kinds: ["Buyer"] });
  rows.push({
    action: "issue a derived certificate",
    gas: await gasOfAct(licenseCertificate(registrar, {
      parentId: holdersFirst.certificateId, holder: licenseeSigner.address, category: "ProcessingUse", expiresAt: expiresAt - YEAR,
      scopeHash: ethers.id("licence scope"), evidenceHash: ethers.id("licence evidence"),
    })),
  });

  // Three sources the provider holds rights on, then the derived product.
  const sources: { productId: bigint; certificateId: bigint }[] = [];
  for (const label of ["a", "b", "c"]) {
    const { productId } = await registerProduct(provider, registration(`source-${label}`));
    const { certificateId } = await holding(providerSigner, productId);
    sources.push({ productId, certificateId });
  }
  rows.push({ action: "register a product, 3 sources", gas: await gasOfAct(registerProduct(provider, registration("derived", sources))) });

  // Assessments: each assessor has one finding on record (it is on the assessor roster), then
  // measure a first finding of its kind on a product: the dearest case.
  const findingExpiry = (await now()) + YEAR;
  await recordAssessment(lawFirm, { productId: warmUpId, kind: "LegalCompliance", passed: true, expiresAt: findingExpiry, reportHash: ethers.id("r0") });
  await recordAssessment(institute, { productId: warmUpId, kind: "Quality", passed: true, expiresAt: findingExpiry, reportHash: ethers.id("r0") });
  rows.push({
    action: "record an assessment directly",
    gas: await gasOfAct(
      recordAssessment(institute, { productId: plain.productId, kind: "Quality", passed: true, expiresAt: findingExpiry, reportHash: ethers.id("r1") }),
    ),
  });
  const finding: FindingParameters = { productId: sources[0].productId, kind: "Quality", passed: true, expiresAt: findingExpiry, reportHash: ethers.id("r2") };
  const signedFinding = await signAssessment(institute, { ...finding, deadline: (await now()) + 3600n });
  rows.push({ action: "record an assessment by signature", gas: await gasOfAct(recordSignedAssessment(admin, signedFinding)) });
  await pledgeCertificate(provider, { certificateId: warmUpHoldingId, financier: financierSigner.address, agreementHash: ethers.id("loan 0") });
  rows.push({
    action: "pledge a certificate",
    gas: await gasOfAct(pledgeCertificate(as(holderSigner), {
      certificateId: holdersFirst.certificateId, financier: financierSigner.address, agreementHash: ethers.id("loan 1"),
    })),
  });

  // Trading: a certified product of the provider, listed and priced, sold twice to the same
  // buyer (a bank buying again is the usual case); the second trade is measured.
  /** Registers, assesses and certifies a product of the provider, which then holds it: its id and the holding's. */
  const certifiedProduct = async (label: string, sources: ProductRegistrationParameters["sources"] = []) => {
    const { productId } = await registerProduct(provider, registration(label, sources));
    await recordAssessment(lawFirm, { productId, kind: "LegalCompliance", passed: true, expiresAt: findingExpiry, reportHash: ethers.id(`l ${label}`) });
    await recordAssessment(institute, { productId, kind: "Quality", passed: true, expiresAt: findingExpiry, reportHash: ethers.id(`q ${label}`) });
    await certifyProduct(registrar, { productId });
    const { certificateId } = await holding(providerSigner, productId);
    return { productId, holdingId: certificateId };
  };
  const { productId: tradedId, holdingId: sellerCertificateId } = await certifiedProduct("traded");
  const listing = { rightOffered: "ProcessingUse", licenceDuration: 2n * YEAR, jurisdictions: ["CN"] } as const;
  rows.push({ action: "list a product", gas: await gasOfAct(listProduct(registrar, { productId: tradedId, ...listing })) });
  rows.push({
    action: "propose a reference price",
    gas: await gasOfAct(proposePrice(institute, { productId: tradedId, amount: 1_000_000n, currency: "CNY", method: "Cost" })),
  });
  rows.push({ action: "confirm a reference price", gas: await gasOfAct(confirmPrice(provider, { productId: tradedId })) });
  const bankSigner = freshAccount();
  await accreditAs(bankSigner, { kinds: ["Buyer"] });
  /** A deal drafted by the SDK, both parties' signatures, and its confirmation by the Registrar. */
  const confirmTrade = async (buyerSigner: Account, productId = tradedId, certificateId = sellerCertificateId) => {
    // Terms unique to the moment, a year's licence and an hour to confirm: the deal the bench has always measured.
    const { deal } = await draftDeal(registrar, {
      productId, buyer: buyerSigner.address, sellerCertificateId: certificateId, price: { amount: 1_000_000n, currency: "CNY" },
      termsHash: ethers.id(`terms ${await now()}`), purposeHash: ethers.id("credit scoring"), licenceExpiresAt: (await now()) + YEAR,
      deadline: (await now()) + 3600n,
    });
    const sellerSignature = (await signDeal(provider, { deal })).signature;
    const buyerSignature = (await signDeal(as(buyerSigner), { deal })).signature;
    return confirmDeal(registrar, { deal, sellerSignature, buyerSignature });
  };
  const wholeTrade = async (buyerSigner: Account) => {
    const { tradeId, transaction: confirmation } = await confirmTrade(buyerSigner);
    const deliverGas = await gasOfAct(deliverTrade(provider, { tradeId, deliveryHash: ethers.id(`delivery ${tradeId}`) }));
    const receiveGas = await gasOfAct(confirmReceipt(as(buyerSigner), { tradeId }));
    return { confirmGas: confirmation.gasUsed, deliverGas, receiveGas };
  };
  // The ledger's very first trade also pays its one-time slots (trade counter, issuer roster):
  // shown, not a goal. A buyer's first trade is measured on a ledger that has traded before.
  const ledgerFirstTrade = await wholeTrade(bankSigner);
  const newBuyerSigner = freshAccount();
  await accreditAs(newBuyerSigner, { kinds: ["Buyer"] });
  const firstTrade = await wholeTrade(newBuyerSigner);
  const trade = await wholeTrade(bankSigner);
  rows.push({ action: "confirm a trade (two signatures)", gas: trade.confirmGas });
  rows.push({ action: "deliver", gas: trade.deliverGas });
  rows.push({ action: "receive (certificate minted)", gas: trade.receiveGas });
  const wholeTradeGas = trade.confirmGas + trade.deliverGas + trade.receiveGas;
  rows.push({ action: "whole trade, confirmation to receipt", gas: wholeTradeGas });
  const firstTradeGas = firstTrade.confirmGas + firstTrade.deliverGas + firstTrade.receiveGas;
  rows.push({ action: "whole trade, a buyer's first", gas: firstTradeGas });
  rows.push({ action: "whole trade, the ledger's first (one-time)", gas: ledgerFirstTrade.confirmGas + ledgerFirstTrade.deliverGas + ledgerFirstTrade.receiveGas });

  // Fan-in 12: confirming a trade checks each direct source's edge certificate.
  const fanIn: { productId: bigint; certificateId: bigint }[] = [];
  for (let index = 0; index < 12; index++) {
    const { productId } = await registerProduct(provider, registration(`fan-in source ${index}`));
    const { certificateId } = await holding(providerSigner, productId);
    fanIn.push({ productId, certificateId });
  }
  const { productId: fanInId, holdingId: fanInRight } = await certifiedProduct("fan-in 12", fanIn);
  await listProduct(registrar, { productId: fanInId, ...listing });
  const fanInGas = (await confirmTrade(bankSigner, fanInId, fanInRight)).transaction.gasUsed;
  rows.push({ action: "confirm a trade of a fan-in 12 product", gas: fanInGas });
  const { tradeId: disputedId } = await confirmTrade(bankSigner);
  const bank = as(bankSigner);
  rows.push({ action: "open a dispute", gas: await gasOfAct(disputeTrade(bank, { tradeId: disputedId, reasonHash: ethers.id("late") })) });
  rows.push({
    action: "resolve a dispute (rejected: mints)",
    gas: await gasOfAct(resolveDispute(arbiter, { tradeId: disputedId, upheld: false, resolutionHash: ethers.id("on time") })),
  });

  // The yardsticks, same network, same run.
  const schemaRegistry = await new ethers.ContractFactory(SchemaRegistryArtifact.abi, SchemaRegistryArtifact.bytecode, adminSigner).deploy();
  const eas = await new ethers.ContractFactory(EasArtifact.abi, EasArtifact.bytecode, adminSigner).deploy(await schemaRegistry.getAddress());
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
        ["uint256", "uint8", "bytes32", "bytes32"], [productId, EAS_RESOURCE_HOLDING, ethers.id("scope"), ethers.id("evidence")],
      ),
      value: 0n,
    },
  });
  await (await attest(attestation(providerSigner.address, 1n))).wait();
  const easGas = await gasOf(attest(attestation(freshAccount().address, 2n)) as Promise<ContractTransactionResponse>);
  const erc721 = (await ethers.deployContract("BenchERC721")) as unknown as BenchERC721;
  await erc721.mint(providerSigner.address, 1n);
  const erc721Gas = await gasOf(erc721.mint(freshAccount().address, 2n));

  const network = await ethers.provider.getNetwork();
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
