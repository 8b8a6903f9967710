import type { Signer } from "ethers";
import { ethers } from "ethers";
import { ASSESSMENT_TYPES, DEAL_TYPES, assessmentDomain, tradeDomain } from "../sdk/eip712";
import type {
  AssessmentRegistry, DataProductRegistry, ListingBook, ParticipantRegistry, RightsCertificate, TradeLedger,
} from "../../typechain-types";

/** A signer with its address at hand, as Hardhat and ethers wallets both provide. */
export type Actor = Signer & { address: string };

export interface DatarightsContracts {
  participants: ParticipantRegistry;
  products: DataProductRegistry;
  certificates: RightsCertificate;
  assessments: AssessmentRegistry;
  listings: ListingBook;
  trades: TradeLedger;
}

/** The people of DOMAIN.md's stories, each an account of its own. */
export interface Cast {
  admin: Actor;
  registrar: Actor;
  shenzhenPower: Actor;
  lawFirm: Actor;
  standardsInstitute: Actor;
  bankOfShenzhen: Actor;
  districtBureau: Actor;
  weiyanTech: Actor;
  creditBank: Actor;
}

export const CAST_ROLES: readonly (keyof Cast)[] = [
  "admin", "registrar", "shenzhenPower", "lawFirm", "standardsInstitute", "bankOfShenzhen", "districtBureau", "weiyanTech",
  "creditBank",
];

export interface StoryLog {
  heading(text: string): void;
  step(text: string): void;
  detail(text: string): void;
}

const ASSESSMENT_KINDS = [
  "LegalCompliance", "SecurityRisk", "Quality", "AssetValuation", "PersonalInfoProtection", "CrossBorderSecurity",
  "PriceEvaluation",
] as const;
export type AssessmentKindName = (typeof ASSESSMENT_KINDS)[number];
const PRODUCT_STATUSES = ["None", "Registered", "Certified", "Listed", "Delisted", "Suspended", "Revoked"] as const;
const CATEGORIES = ["ResourceHolding", "ProcessingUse", "ProductOperation"] as const;
const VALIDITIES = [
  "Valid", "Nonexistent", "Suspended", "Revoked", "Surrendered", "Superseded", "Expired", "AncestorInvalid",
] as const;

export interface AccreditAs {
  provider?: boolean;
  buyer?: boolean;
  financier?: boolean;
  assessmentKinds?: AssessmentKindName[];
  jurisdiction?: string;
}

export class StoryContext {
  readonly YEAR = 365n * 24n * 3600n;
  readonly dealTypes = DEAL_TYPES;
  readonly assessmentTypes = ASSESSMENT_TYPES;

  constructor(
    readonly contracts: DatarightsContracts,
    readonly cast: Cast,
    readonly log: StoryLog,
    private readonly latestTimestamp: () => Promise<bigint>,
    private readonly chainId: bigint,
  ) {}

  /** Latest block time; an arrow so stories can destructure it. */
  readonly now = (): Promise<bigint> => this.latestTimestamp();

  /** Accredits `who` through the Registrar for three years. */
  async accredit(who: Actor, name: string, as: AccreditAs): Promise<void> {
    const assessmentKinds = (as.assessmentKinds ?? []).reduce((mask, kind) => mask | (1 << ASSESSMENT_KINDS.indexOf(kind)), 0);
    const kinds = (as.provider ? 1 : 0) | (as.buyer ? 2 : 0) | (assessmentKinds !== 0 ? 4 : 0) | (as.financier ? 16 : 0);
    const until = (await this.now()) + 3n * this.YEAR;
    await (
      await this.contracts.participants.connect(this.cast.registrar).accredit(
        who.address, kinds, assessmentKinds, ethers.hexlify(ethers.toUtf8Bytes(as.jurisdiction ?? "CN")),
        ethers.id(`Accreditation dossier of ${name}`), until,
      )
    ).wait();
    this.log.detail(`${name} (${who.address}) accredited`);
  }

  async tradeDomain() {
    return tradeDomain(this.chainId, await this.contracts.trades.getAddress());
  }

  async assessmentDomain() {
    return assessmentDomain(this.chainId, await this.contracts.assessments.getAddress());
  }

  kindNames(mask: bigint): AssessmentKindName[] {
    return ASSESSMENT_KINDS.filter((_, index) => (mask & (1n << BigInt(index))) !== 0n);
  }

  productStatus(status: bigint): string {
    return PRODUCT_STATUSES[Number(status)] ?? `unknown(${status})`;
  }

  categoryName(category: bigint): string {
    return CATEGORIES[Number(category)] ?? `unknown(${category})`;
  }

  validityName(validity: bigint): string {
    return VALIDITIES[Number(validity)] ?? `unknown(${validity})`;
  }

  date(timestamp: bigint): string {
    return new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
  }
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
