import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract, ContractTransactionResponse } from "ethers";
import type { DatarightsClient } from "../src/sdk/client";
import { DatarightsError } from "../src/sdk/errors";
import { deployClientInProcess, deployInProcess } from "../deploy/hardhat";
import type { DatarightsContracts } from "../src/sdk/client";
import { DEAL_TYPES, tradeDomain } from "../src/sdk/eip712";
import type { DealValues } from "../src/sdk/eip712";
import {
  AssessmentKind, Classification, ExchangeRole, ParticipantKind as Kind, ProductType, RightCategory, SourceCategory,
} from "../src/sdk/generated/enums";
import type { ListingBook, TradeLedger } from "../typechain-types";

// The contracts' enums, kind flags and roles, generated from the compiler's AST.
export {
  AssessmentKind, CertificateStatus, Classification, ObjectionStatus, ParticipantStatus, PricingMethod, ProductStatus,
  ProductType, RequirementScope, RightCategory, SourceCategory, TradeStatus, CertificateValidity as Validity, ParticipantKind as Kind,
} from "../src/sdk/generated/enums";
export const MARKET_ROLE_ID = ExchangeRole.MARKET_ROLE;

export const YEAR = 365n * 24n * 3600n;
export const NO_EXPIRY = 2n ** 40n - 1n;
export const REGISTRAR_ROLE = ExchangeRole.REGISTRAR_ROLE;
export const ARBITER_ROLE = ExchangeRole.ARBITER_ROLE;
export const ADMIN_ROLE = ExchangeRole.DEFAULT_ADMIN_ROLE;

export const kindBit = (kind: number): number => 1 << kind;
export const hashOf = (label: string): string => ethers.id(label);
export const jurisdiction = (code: string): string => ethers.hexlify(ethers.toUtf8Bytes(code));

export async function now(): Promise<bigint> {
  return BigInt(await time.latest());
}

/** The bindings of a deployment. */
export type Deployment = DatarightsContracts;

/** A client of a fresh deployment, whose account is the Admin: for tests that act through the SDK. */
export async function deployClient(exchangeCode = "SZDE"): Promise<DatarightsClient> {
  return deployClientInProcess(hre, exchangeCode);
}

/** Deploys through the production deployer (deploy/deployer.ts), as the exchange would. */
export async function deployDatarights(exchangeCode = "SZDE"): Promise<Deployment> {
  return deployInProcess(hre, exchangeCode);
}

export interface Actors {
  admin: HardhatEthersSigner;
  registrar: HardhatEthersSigner;
  arbiter: HardhatEthersSigner;
  provider: HardhatEthersSigner;
  otherProvider: HardhatEthersSigner;
  buyer: HardhatEthersSigner;
  lawFirm: HardhatEthersSigner;
  institute: HardhatEthersSigner;
  financier: HardhatEthersSigner;
  auditor: HardhatEthersSigner;
  stranger: HardhatEthersSigner;
}

export interface RegistryFixture extends Deployment, Actors {}

/**
 * Deployed registry with staff roles granted and one accredited participant of each kind:
 * a provider (also a buyer), a second provider, a buyer, a law firm accredited for
 * LegalCompliance and PersonalInfoProtection, a standards institute for Quality, SecurityRisk,
 * CrossBorderSecurity and PriceEvaluation, a financier and an auditor. `stranger` is unknown.
 * Deploys unless given the bindings of a deployment.
 */
export async function registryFixture(deployed?: Deployment): Promise<RegistryFixture> {
  const signers = await ethers.getSigners();
  const [admin, registrar, arbiter, provider, otherProvider, buyer, lawFirm, institute, financier, auditor, stranger] =
    signers;
  // `deployed`: bindings of a deployment the caller made itself (to keep its deployment file for an SDK client).
  const deployment = deployed ?? (await deployDatarights());
  const { participants } = deployment;
  await participants.connect(admin).grantRole(REGISTRAR_ROLE, registrar.address);
  await participants.connect(admin).grantRole(ARBITER_ROLE, arbiter.address);

  const until = (await now()) + 10n * YEAR;
  const accredit = (who: HardhatEthersSigner, kinds: number, assessmentKinds: number, code = "CN") =>
    participants
      .connect(registrar)
      .accredit(who.address, kinds, assessmentKinds, jurisdiction(code), hashOf(`dossier:${who.address}`), until);
  await accredit(provider, Kind.Provider | Kind.Buyer, 0);
  await accredit(otherProvider, Kind.Provider | Kind.Buyer, 0);
  await accredit(buyer, Kind.Buyer, 0);
  await accredit(
    lawFirm,
    Kind.Assessor,
    kindBit(AssessmentKind.LegalCompliance) | kindBit(AssessmentKind.PersonalInfoProtection),
  );
  await accredit(
    institute,
    Kind.Assessor,
    kindBit(AssessmentKind.Quality) | kindBit(AssessmentKind.SecurityRisk) |
      kindBit(AssessmentKind.CrossBorderSecurity) | kindBit(AssessmentKind.PriceEvaluation),
  );
  await accredit(financier, Kind.Financier, 0);
  await accredit(auditor, Kind.Auditor, 0);

  return {
    ...deployment, admin, registrar, arbiter, provider, otherProvider, buyer, lawFirm, institute, financier, auditor,
    stranger,
  };
}

export interface ProductOptions {
  contentHash?: string;
  originDeclarationHash?: string;
  descriptionHash?: string;
  productType?: number;
  sourceCategory?: number;
  classification?: number;
  containsPersonalInfo?: boolean;
  metadataURI?: string;
  sources?: bigint[];
  sourceCertificates?: bigint[];
}

/** A product registration with sensible defaults: a General Enterprise dataset with no sources. */
export function registration(options: ProductOptions = {}) {
  return {
    contentHash: options.contentHash ?? hashOf("content"),
    originDeclarationHash: options.originDeclarationHash ?? hashOf("origin"),
    descriptionHash: options.descriptionHash ?? ethers.ZeroHash,
    productType: options.productType ?? ProductType.Dataset,
    sourceCategory: options.sourceCategory ?? SourceCategory.Enterprise,
    classification: options.classification ?? Classification.General,
    containsPersonalInfo: options.containsPersonalInfo ?? false,
    metadataURI: options.metadataURI ?? "ipfs://metadata",
    sources: options.sources ?? [],
    sourceCertificates: options.sourceCertificates ?? [],
  };
}

/**
 * The id that `event` of `contract` names in the receipt of `sent`: how a new id is learnt (a
 * count read after sending would race with any other sender).
 */
export async function newId(sent: Promise<ContractTransactionResponse>, contract: BaseContract, event: string, field: string): Promise<bigint> {
  const receipt = await (await sent).wait();
  const address = (await contract.getAddress()).toLowerCase();
  for (const log of receipt?.logs ?? []) {
    const parsed = log.address.toLowerCase() === address ? contract.interface.parseLog(log) : null;
    if (parsed?.name === event) return parsed.args[field] as bigint;
  }
  throw new Error(`no ${event} in transaction ${receipt?.hash}`);
}

/** Registers a product as `provider` and returns its id. */
export async function registerProduct(
  fixture: RegistryFixture,
  options: ProductOptions = {},
  provider: HardhatEthersSigner = fixture.provider,
): Promise<bigint> {
  return newId(fixture.products.connect(provider).register(registration(options)), fixture.products, "ProductRegistered", "productId");
}

/** Records passing LegalCompliance and Quality findings valid for a year on `productId`. */
export async function assessBase(fixture: RegistryFixture, productId: bigint): Promise<void> {
  const expiresAt = (await now()) + YEAR;
  await fixture.assessments.connect(fixture.lawFirm).record({
    productId, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt, reportHash: hashOf("legal report"),
  });
  await fixture.assessments.connect(fixture.institute).record({
    productId, kind: AssessmentKind.Quality, passed: true, expiresAt, reportHash: hashOf("quality report"),
  });
}

/** Issues a ResourceHolding certificate of `productId` to `holder` and returns its id. */
export async function issueHolding(
  fixture: RegistryFixture,
  productId: bigint,
  holder: HardhatEthersSigner = fixture.provider,
  expiresAt?: bigint,
): Promise<bigint> {
  const issuing = fixture.certificates.connect(fixture.registrar).issue(
    holder.address, productId, RightCategory.ResourceHolding, expiresAt ?? (await now()) + 5n * YEAR, hashOf("scope"), hashOf("evidence"),
  );
  return newId(issuing, fixture.certificates, "CertificateIssued", "tokenId");
}

/** Licenses a certificate of `category` out of `parentId` to `holder` and returns its id. */
export async function licenseFrom(
  fixture: RegistryFixture,
  parentId: bigint,
  holder: HardhatEthersSigner,
  category: number = RightCategory.ProcessingUse,
  expiresAt?: bigint,
): Promise<bigint> {
  const licensing = fixture.certificates.connect(fixture.registrar)
    .license(parentId, holder.address, category, expiresAt ?? (await now()) + YEAR, hashOf("licence scope"), hashOf("licence evidence"));
  return newId(licensing, fixture.certificates, "CertificateIssued", "tokenId");
}

export { DEAL_TYPES } from "../src/sdk/eip712";


export const currencyCode = (code: string): string => ethers.hexlify(ethers.toUtf8Bytes(code));

/** Signs `deal` as `signer` for `ledger` (or another domain, to test replays). */
export async function signDeal(
  signer: HardhatEthersSigner,
  ledger: TradeLedger,
  deal: DealValues,
  domainOverrides: { chainId?: bigint; verifyingContract?: string } = {},
): Promise<string> {
  const network = await ethers.provider.getNetwork();
  return signer.signTypedData(
    tradeDomain(domainOverrides.chainId ?? network.chainId, domainOverrides.verifyingContract ?? (await ledger.getAddress())),
    DEAL_TYPES,
    deal,
  );
}

export interface ListedProduct {
  productId: bigint;
  holdingId: bigint;
  contentHash: string;
}

/** Registers, assesses, certifies and lists a product of `provider`, with its ResourceHolding certificate. */
export async function listedProduct(
  fixture: RegistryFixture & { listings: ListingBook },
  options: ProductOptions = {},
  jurisdictions: string[] = ["CN"],
): Promise<ListedProduct> {
  const productId = await registerProduct(fixture, options);
  await assessBase(fixture, productId);
  await fixture.products.connect(fixture.registrar).certify(productId);
  const holdingId = await issueHolding(fixture, productId);
  await fixture.listings
    .connect(fixture.registrar)
    .list(productId, RightCategory.ProcessingUse, 2n * YEAR, jurisdictions.map(jurisdiction));
  return { productId, holdingId, contentHash: (await fixture.products.product(productId)).contentHash };
}

/** A public-price deal of a ProcessingUse licence for a year, valid for an hour. */
export async function dealFor(
  fixture: RegistryFixture,
  listed: ListedProduct,
  overrides: Partial<DealValues> = {},
): Promise<DealValues> {
  const at = await now();
  return {
    productId: listed.productId,
    contentHash: listed.contentHash,
    seller: fixture.provider.address,
    buyer: fixture.buyer.address,
    broker: ethers.ZeroAddress,
    sellerCertificateId: listed.holdingId,
    rightGranted: RightCategory.ProcessingUse,
    priceAmount: 1_000_000n,
    currency: currencyCode("CNY"),
    priceCommitment: ethers.ZeroHash,
    termsHash: hashOf("terms"),
    purposeHash: hashOf("credit scoring"),
    licenceExpiresAt: at + YEAR,
    crossBorder: false,
    nonce: 1n,
    deadline: at + 3600n,
    ...overrides,
  };
}

export type { DealValues } from "../src/sdk/eip712";

/** Catches what an action throws: the test asserts the named contract error. */
export async function refusal(act: Promise<unknown>): Promise<DatarightsError> {
  try {
    await act;
  } catch (error) {
    if (error instanceof DatarightsError) return error;
    throw error;
  }
  throw new Error("the act went through");
}
