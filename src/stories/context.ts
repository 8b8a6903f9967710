import { ethers } from "ethers";
import type { Signer } from "ethers";
import type { DatarightsClient } from "../sdk/client";
import {
  accredit, certifyProduct, getAssessmentPolicy, getCertificate, getProduct, getTrade, confirmDeal, confirmPrice, confirmReceipt, deliverTrade, draftDeal, issueCertificate, licenseCertificate,
  listProduct, proposePrice, recordAssessment, recordSignedAssessment, registerProduct, setNegotiable, signAssessment, signDeal,
} from "../sdk/actions";
import type { ParticipantKindName } from "../sdk/records";
import type { DealValues } from "../sdk/eip712";
import { formatMoney, isoDate } from "../sdk/names";
import type {
  AssessmentKindName, ClassificationName, PricingMethodName, ProductTypeName, RightCategoryName, SourceCategoryName,
} from "../sdk/names";
import { decodeRevert } from "../sdk/errors";
import { PRODUCT_DOCUMENT_TYPE, storeProductDocument } from "../sdk/product-document";
import type { ProductDocument } from "../sdk/product-document";
import type { DecodedRevert } from "../sdk/errors";

export type { AssessmentKindName } from "../sdk/names";

/** A signer with its address at hand, as Hardhat and ethers wallets both provide. */
export type Actor = Signer & { address: string };


/**
 * The people of docs/domain.md's stories, each an account of its own, with the name the narration
 * gives them. The order is the order of the network's accounts: the first is the deployer, who
 * is the Admin. Names follow the paper's cases; the Hong Kong fund is made up.
 */
export const CAST_NAMES = {
  admin: "the exchange's Admin",
  registrar: "the exchange's Registrar",
  // Story 1: Shenzhen.
  shenzhenPower: "Shenzhen Power Supply Co.",
  lawFirm: "Guangdong Data Law Firm",
  standardsInstitute: "Shenzhen Standards Institute",
  bankOfShenzhen: "Bank of Shenzhen",
  districtBureau: "Futian District Bureau",
  weiyanTech: "Weiyan Tech",
  creditBank: "Shenzhen Rural Commercial Bank",
  bankOfNingbo: "Bank of Ningbo Shenzhen Branch",
  merchantsBank: "China Merchants Bank Shenzhen Branch",
  // Story 2: Guiyang.
  haohuo: "Haohuo (Guizhou)",
  guizhouAppraiser: "Guizhou Data Asset Appraisal Centre",
  // Story 3: Beijing, AI training data.
  holomatic: "Holomatic",
  speechocean: "Beijing Speechocean",
  // Story 4: Shenzhen–Hong Kong.
  chinaScope: "ChinaScope",
  hongKongFund: "Victoria Harbour Fund (Hong Kong)",
  // Story 5: Beijing, public data.
  beijingOperator: "Beijing Financial Big Data Co.",
  marketRegulation: "Beijing Administration for Market Regulation",
  taxService: "Beijing Municipal Tax Service",
  socialSecurity: "Beijing Human Resources and Social Security Bureau",
  housingFund: "Beijing Housing Provident Fund Centre",
  higherCourt: "Beijing Higher People's Court",
  // Story 6.
  auditor: "Shenzhen Data Audit Office",
} as const;

export type CastRole = keyof typeof CAST_NAMES;
export type Cast = Readonly<Record<CastRole, Actor>>;
export const CAST_ROLES = Object.keys(CAST_NAMES) as readonly CastRole[];

export interface StoryLog {
  heading(text: string): void;
  step(text: string): void;
  detail(text: string): void;
}

export interface AccreditAs {
  provider?: boolean;
  buyer?: boolean;
  financier?: boolean;
  auditor?: boolean;
  assessmentKinds?: AssessmentKindName[];
  /** ISO 3166-1 alpha-2 code; CN unless given. */
  jurisdiction?: string;
  /** Seconds from now; three years unless given. */
  accreditedFor?: bigint;
}

/** What a provider submits, in the stories' words; the helper turns names into enum values. */
export interface ProductInput {
  /** The product's manifest or file: its SHA-256 is the registered content hash. */
  content: Uint8Array;
  /** The provider's declaration of the data's origin (DSL art. 33); its hash is registered. */
  originDeclaration: string;
  productType: ProductTypeName;
  sourceCategory: SourceCategoryName;
  classification?: ClassificationName;
  containsPersonalInfo?: boolean;
  metadataURI: string;
  /** The products this one is derived from, each with the provider's certificate on it. */
  sources?: readonly { productId: bigint; certificateId: bigint }[];
  /**
   * The product's public description: stored in the exchange's documents folder, its hash
   * registered. Every product of the stories has one; without it none is registered.
   */
  document?: Omit<ProductDocument, "type">;
}

export interface RegisteredProduct {
  productId: bigint;
  registrationNumber: string;
  contentHash: string;
  /** The registered hash of the product's description document; null without one. */
  descriptionHash: string | null;
  /** Where the exchange's documents folder keeps that document; null without one. */
  documentPath: string | null;
}

export interface FindingInput {
  assessor: Actor;
  kind: AssessmentKindName;
  /** Title of the assessor's report; its hash is recorded. */
  report: string;
  passed?: boolean;
  /** Seconds from now; a year unless given. */
  validFor?: bigint;
  /** Signed off-chain by the assessor and submitted by the Registrar: assessors run no node. */
  signed?: boolean;
}

export interface RightInput {
  /** The right's scope (use purposes, territory, terms); its hash is registered. */
  scope: string;
  /** The registration evidence; its hash is registered. */
  evidence: string;
  /** Seconds from now; five years for an initial registration, a year for a licence, unless given. */
  validFor?: bigint;
}

export type PriceInput =
  | { method: Exclude<PricingMethodName, "Negotiable">; proposer: Actor; amount: bigint; currency?: string }
  | { method: "Negotiable" };

export interface ListingInput {
  rightOffered?: Exclude<RightCategoryName, "ResourceHolding">;
  /** Longest licence a trade may grant, in seconds; two years unless given. */
  licenceDuration?: bigint;
  /** Buyer jurisdictions admitted; CN unless given. */
  jurisdictions?: readonly string[];
  price: PriceInput;
}


export interface DealInput {
  productId: bigint;
  seller: Actor;
  buyer: Actor;
  /** The seller's ResourceHolding or ProductOperation certificate the buyer's licence derives from. */
  sellerCertificateId: bigint;
  priceAmount: bigint;
  currency?: string;
  terms: string;
  purpose: string;
  /** Seconds from now; a year unless given. */
  licenceFor?: bigint;
}

export interface SignedDeal {
  deal: DealValues;
  seller: Actor;
  buyer: Actor;
  sellerSignature: string;
  buyerSignature: string;
}

export interface TradeInput extends DealInput {
  /** What the seller delivers: its SHA-256 is recorded as the delivery hash. */
  delivered: Uint8Array;
}

export interface CompletedTrade {
  tradeId: bigint;
  licenceId: bigint;
}

/**
 * What the stories share: the contracts, the cast, the log, the chain's clock, and helpers for
 * the acts every story repeats (accredit, register, assess and certify, issue rights, list and
 * price, trade). The helpers narrate what they did as details under the story's current step.
 */
export class StoryContext {
  readonly DAY = 24n * 3600n;
  readonly YEAR = 365n * this.DAY;
  private readonly namesByAddress: ReadonlyMap<string, string>;
  private readonly actorsByAddress: ReadonlyMap<string, Actor>;

  constructor(
    /** The exchange's connection; `as(actor)` sends from a member of the cast. */
    readonly client: DatarightsClient,
    readonly cast: Cast,
    readonly log: StoryLog,
    private readonly latestTimestamp: () => Promise<bigint>,
    private readonly increaseTime: (seconds: bigint) => Promise<void>,
    /** The exchange's documents folder: every product's description document is stored there by hash. */
    readonly documents: string,
  ) {
    this.namesByAddress = new Map(CAST_ROLES.map((role) => [cast[role].address.toLowerCase(), CAST_NAMES[role]]));
    this.actorsByAddress = new Map(CAST_ROLES.map((role) => [cast[role].address.toLowerCase(), cast[role]]));
  }

  get chainId(): bigint {
    return this.client.chainId;
  }

  /** Latest block time; an arrow so stories can destructure it. */
  readonly now = (): Promise<bigint> => this.latestTimestamp();

  /**
   * Moves the chain's clock `seconds` ahead and mines a block, so views that compare expiries
   * with `block.timestamp` see the new time. Only a development chain can do this.
   */
  async advanceTime(seconds: bigint): Promise<void> {
    const before = await this.now();
    await this.increaseTime(seconds);
    this.log.detail(`the chain's clock moved ${seconds / this.DAY} days: ${isoDate(before)} → ${isoDate(await this.now())}`);
  }

  /** The cast member's name for `address`, or the address itself for a stranger. */
  nameOf(address: string): string {
    return this.namesByAddress.get(address.toLowerCase()) ?? address;
  }

  /** The cast member whose account is `address`. */
  actorAt(address: string): Actor {
    const actor = this.actorsByAddress.get(address.toLowerCase());
    if (actor === undefined) throw new Error(`no member of the cast has the account ${address}`);
    return actor;
  }

  /** The same cast, log and clock on another deployment of the chain (the new version of story 7). */
  onDeployment(client: DatarightsClient): StoryContext {
    return new StoryContext(client, this.cast, this.log, this.latestTimestamp, this.increaseTime, this.documents);
  }

  /** The exchange's connection, sending as `actor`. */
  as(actor: Actor): DatarightsClient {
    return this.client.withAccount(actor);
  }

  /** Accredits `who` through the Registrar, for three years unless told otherwise. */
  async accredit(who: Actor, as: AccreditAs): Promise<void> {
    const kinds: ParticipantKindName[] = [
      ...(as.provider ? ["Provider" as const] : []), ...(as.buyer ? ["Buyer" as const] : []),
      ...(as.financier ? ["Financier" as const] : []), ...(as.auditor ? ["Auditor" as const] : []),
    ];
    const jurisdiction = as.jurisdiction ?? "CN";
    const accreditedUntil = (await this.now()) + (as.accreditedFor ?? 3n * this.YEAR);
    const name = this.nameOf(who.address);
    await accredit(this.as(this.cast.registrar), {
      account: who.address, kinds, assessmentKinds: as.assessmentKinds, jurisdiction, dossierHash: ethers.id(`Accreditation dossier of ${name}`), accreditedUntil,
    });
    const roles = [...kinds.map((kind) => kind.toLowerCase()), ...(as.assessmentKinds?.length ? [`assessor (${as.assessmentKinds.join(", ")})`] : [])];
    this.log.detail(
      `${name} (${who.address.slice(0, 10)}…) accredited as ${roles.join(" + ")}, ${jurisdiction}, until ${isoDate(accreditedUntil)}`,
    );
  }

  /** Registers a product as `provider`, content hash = SHA-256 of `input.content`. */
  async registerProduct(provider: Actor, input: ProductInput): Promise<RegisteredProduct> {
    const contentHash = ethers.sha256(input.content);
    const sources = input.sources ?? [];
    const classification = input.classification ?? "General";
    // Stored before the registration, as `datarights product register` does: the listener may look for it at once.
    const stored = input.document ? storeProductDocument(this.documents, { type: PRODUCT_DOCUMENT_TYPE, ...input.document }) : null;
    const descriptionHash = stored?.hash ?? null;
    const { productId } = await registerProduct(this.as(provider), {
      contentHash, originDeclarationHash: ethers.id(input.originDeclaration), descriptionHash: descriptionHash ?? undefined, productType: input.productType,
      sourceCategory: input.sourceCategory, classification, containsPersonalInfo: input.containsPersonalInfo ?? false,
      metadataURI: input.metadataURI, sources,
    });
    const { registrationNumber } = await getProduct(this.client, { productId });
    this.log.detail(
      `${registrationNumber}${input.document ? ` "${input.document.name}"` : ""} registered by ${this.nameOf(provider.address)}: ${input.productType}, ` +
        `${input.sourceCategory} source, ${classification}${input.containsPersonalInfo ? ", contains personal information" : ""}; ` +
        `content hash ${contentHash.slice(0, 18)}…${descriptionHash ? `, description ${descriptionHash.slice(0, 18)}…` : ""}`,
    );
    for (const source of sources) {
      this.log.detail(
        `  derived from ${(await getProduct(this.client, { productId: source.productId })).registrationNumber} ` +
          `under ${(await getCertificate(this.client, { certificateId: source.certificateId })).registrationNumber}`,
      );
    }
    this.log.detail(`required assessments: ${(await getAssessmentPolicy(this.client, { productId })).required.join(", ")}`);
    return { productId, registrationNumber, contentHash, descriptionHash, documentPath: stored?.path ?? null };
  }

  /** Records an assessor's finding on `productId`, directly or by signature; returns its id. */
  async recordFinding(productId: bigint, finding: FindingInput): Promise<bigint> {
    const passed = finding.passed ?? true;
    const expiresAt = (await this.now()) + (finding.validFor ?? this.YEAR);
    const input = { productId, kind: finding.kind, passed, expiresAt, reportHash: ethers.id(finding.report) };
    const { assessmentId } = finding.signed
      ? await recordSignedAssessment(
        this.as(this.cast.registrar),
        await signAssessment(this.as(finding.assessor), { ...input, deadline: (await this.now()) + 3600n }),
      )
      : await recordAssessment(this.as(finding.assessor), input);
    this.log.detail(
      `${this.nameOf(finding.assessor.address)}: ${finding.kind} ${passed ? "passed" : "failed"} ("${finding.report}"), ` +
        `valid until ${isoDate(expiresAt)}${finding.signed ? " — signed off-chain, submitted by the exchange" : ""}`,
    );
    return assessmentId;
  }

  /** Certifies, as the Registrar, a product whose required assessments have passed. */
  async certify(productId: bigint): Promise<void> {
    await certifyProduct(this.as(this.cast.registrar), { productId });
    const { registrationNumber, status } = await getProduct(this.client, { productId });
    this.log.detail(`${registrationNumber} is now ${status}`);
  }

  /** Records each finding, then certifies the product. */
  async certifyWithFindings(productId: bigint, findings: readonly FindingInput[]): Promise<void> {
    for (const finding of findings) await this.recordFinding(productId, finding);
    await this.certify(productId);
  }

  /** Initial registration (首次), as the Registrar: a holding or operation right of `holder`. */
  async issueRight(
    holder: Actor,
    productId: bigint,
    category: Exclude<RightCategoryName, "ProcessingUse">,
    right: RightInput,
  ): Promise<bigint> {
    const { certificateId } = await issueCertificate(this.as(this.cast.registrar), {
      holder: holder.address, productId, category, expiresAt: (await this.now()) + (right.validFor ?? 5n * this.YEAR),
      scopeHash: ethers.id(right.scope), evidenceHash: ethers.id(right.evidence),
    });
    this.log.detail(await this.describeCertificate(certificateId));
    return certificateId;
  }

  /** Licence (许可), as the Registrar, outside a trade: a narrower right derived from `parentId`. */
  async licenseRight(
    parentId: bigint,
    holder: Actor,
    category: Exclude<RightCategoryName, "ResourceHolding">,
    right: RightInput,
  ): Promise<bigint> {
    const { certificateId } = await licenseCertificate(this.as(this.cast.registrar), {
      parentId, holder: holder.address, category, expiresAt: (await this.now()) + (right.validFor ?? this.YEAR),
      scopeHash: ethers.id(right.scope), evidenceHash: ethers.id(right.evidence),
    });
    this.log.detail(await this.describeCertificate(certificateId));
    return certificateId;
  }

  /** One line on a certificate: number, category, holder, parent, expiry and validity. */
  async describeCertificate(certificateId: bigint): Promise<string> {
    const certificate = await getCertificate(this.client, { certificateId });
    const parent = certificate.parentId === null
      ? ""
      : `, derived from ${(await getCertificate(this.client, { certificateId: certificate.parentId })).registrationNumber}`;
    return (
      `${certificate.registrationNumber} ${certificate.category} → ${this.nameOf(certificate.holder)}${parent}, ` +
      `valid until ${isoDate(certificate.expiresAt)}, validity: ${certificate.validity}`
    );
  }

  /**
   * Lists a Certified product as the Registrar and sets its reference price: a Cost, Income or
   * Market price proposed by the Registrar or a PriceEvaluation assessor and confirmed by the
   * provider (the exchange's listing steps iii–iv), or Negotiable, set by the provider.
   */
  async listProduct(productId: bigint, listing: ListingInput): Promise<void> {
    const rightOffered = listing.rightOffered ?? "ProcessingUse";
    const licenceDuration = listing.licenceDuration ?? 2n * this.YEAR;
    const jurisdictions = listing.jurisdictions ?? ["CN"];
    await listProduct(this.as(this.cast.registrar), { productId, rightOffered, licenceDuration, jurisdictions });
    const product = await getProduct(this.client, { productId });
    const provider = this.actorAt(product.provider);
    const number = product.registrationNumber;
    const price = listing.price;
    let priceText: string;
    if (price.method === "Negotiable") {
      await setNegotiable(this.as(provider), { productId });
      priceText = "price Negotiable";
    } else {
      const currency = price.currency ?? "CNY";
      await proposePrice(this.as(price.proposer), { productId, amount: price.amount, currency, method: price.method });
      this.log.detail(
        `${this.nameOf(price.proposer.address)} proposes ${formatMoney(price.amount, currency)} by the ${price.method} method`,
      );
      await confirmPrice(this.as(provider), { productId });
      priceText = `reference price ${formatMoney(price.amount, currency)} (${price.method}), confirmed by ${this.nameOf(provider.address)}`;
    }
    this.log.detail(
      `${number} listed: ${rightOffered} licences for up to ${licenceDuration / this.DAY} days, ` +
        `buyers in ${jurisdictions.join(", ")}, ${priceText}`,
    );
  }

  /**
   * Drafts a deal from the chain (the SDK's `draftDeal`: cross-border from the parties'
   * jurisdictions, licence capped by the seller's right) and has both parties sign it (EIP-712).
   */
  async signDeal(input: DealInput): Promise<SignedDeal> {
    const { deal } = await draftDeal(this.client, {
      productId: input.productId, buyer: input.buyer.address, sellerCertificateId: input.sellerCertificateId,
      price: { amount: input.priceAmount, currency: input.currency ?? "CNY" }, termsHash: ethers.id(input.terms),
      purposeHash: ethers.id(input.purpose), licenceExpiresAt: (await this.now()) + (input.licenceFor ?? this.YEAR),
      deadline: (await this.now()) + 3600n,
    });
    return {
      deal,
      seller: input.seller,
      buyer: input.buyer,
      sellerSignature: (await signDeal(this.as(input.seller), { deal })).signature,
      buyerSignature: (await signDeal(this.as(input.buyer), { deal })).signature,
    };
  }

  /** Confirms, as the Registrar, a signed deal (step v); returns the trade id. */
  async confirmDeal(signed: SignedDeal): Promise<bigint> {
    return (await confirmDeal(this.as(this.cast.registrar), signed)).tradeId;
  }

  /** The seller delivers (its hash recorded), the buyer confirms receipt; returns the buyer's licence. */
  async completeTrade(tradeId: bigint, seller: Actor, buyer: Actor, delivered: Uint8Array): Promise<bigint> {
    await deliverTrade(this.as(seller), { tradeId, deliveryHash: ethers.sha256(delivered) });
    const { licenceId } = await confirmReceipt(this.as(buyer), { tradeId });
    const trade = await getTrade(this.client, { tradeId });
    const [licence, sellerRight] = await Promise.all([
      getCertificate(this.client, { certificateId: licenceId }), getCertificate(this.client, { certificateId: trade.sellerCertificateId }),
    ]);
    this.log.detail(
      `trade ${tradeId}: ${this.nameOf(buyer.address)} holds ${licence.registrationNumber} ` +
        `(${trade.rightGranted}, derived from ${sellerRight.registrationNumber}), validity: ${licence.validity}`,
    );
    return licenceId;
  }

  /** A whole trade: signed by both, confirmed by the Registrar, delivered, received. */
  async trade(input: TradeInput): Promise<CompletedTrade> {
    const tradeId = await this.confirmDeal(await this.signDeal(input));
    const licenceId = await this.completeTrade(tradeId, input.seller, input.buyer, input.delivered);
    return { tradeId, licenceId };
  }

  /**
   * Runs an act the story expects the chain to refuse and returns the custom error it reverted
   * with. Throws if the act goes through, or fails for a reason that is not a datarights error.
   */
  async refusal(act: () => Promise<unknown>): Promise<DecodedRevert> {
    let outcome: unknown;
    try {
      await act();
    } catch (error: unknown) {
      outcome = error;
    }
    if (outcome === undefined) throw new Error("the chain accepted an act the story expected it to refuse");
    const decoded = this.decodeError(outcome);
    if (decoded === undefined) throw outcome;
    return decoded;
  }

  /** The datarights custom error `error` carries, if any. */
  decodeError(error: unknown): DecodedRevert | undefined {
    return decodeRevert(error);
  }

  /** A two-letter jurisdiction or three-letter currency code as the contracts' bytes2/bytes3: for tests that call contracts directly. */
  code(text: string): string {
    return ethers.hexlify(ethers.toUtf8Bytes(text));
  }

}

/** The SHA-256-able bytes of a JSON manifest, as a provider would publish it. */
export function manifestBytes(manifest: object): Uint8Array {
  return ethers.toUtf8Bytes(JSON.stringify(manifest, null, 2));
}

/** A log for people: headings, numbered steps and indented details. */
export function consoleStoryLog(write: (line: string) => void = console.log): StoryLog {
  let step = 0;
  return {
    heading(text) {
      step = 0;
      write(`\n${text}\n${"─".repeat(Math.min(text.length, 100))}`);
    },
    step(text) {
      write(`${++step}. ${text}`);
    },
    detail(text) {
      write(`     ${text}`);
    },
  };
}

export type { DealValues } from "../sdk/eip712";
