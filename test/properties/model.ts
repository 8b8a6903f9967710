import {
  AssessmentKind, CertificateStatus, Classification, Kind, ObjectionStatus, ParticipantStatus, ProductStatus,
  RightCategory, SourceCategory, Validity, NO_EXPIRY, kindBit,
} from "../fixtures";

/**
 * A plain TypeScript model of the four registry contracts, written from docs/domain.md and the
 * interfaces' NatSpec. Each `check*` returns the rejection the model predicts (the first failing
 * check, in the order the contract makes them), or undefined for acceptance; each `apply*` is the
 * state change of an accepted act. `at` is the timestamp of the block the act is mined in.
 */

export const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
export const ZERO_HASH = "0x0000000000000000000000000000000000000000000000000000000000000000";

/** A certificate of a revoked product is no longer valid (ProductRevoked, after the fixtures' list). */
export const VALIDITY_PRODUCT_REVOKED = 8;

/** The contract that raises a rejection, by the fixture's property name. */
export type RegistryName = "certificates" | "products" | "assessments";

/** A custom error the model predicts: raised by `contract`, named `error`, with `args`. */
export interface Rejection {
  contract: RegistryName;
  error: string;
  args: (bigint | number | string | boolean)[];
}

export interface ParticipantState {
  status: number;
  kinds: number;
  assessmentKinds: number;
  accreditedUntil: bigint;
}

export interface ProductState {
  provider: string;
  sourceCategory: number;
  classification: number;
  containsPersonalInfo: boolean;
  status: number;
  openObjections: number;
  /** The status a suspension interrupted, for reinstatement. */
  statusBeforeSuspension?: number;
  /** Direct source edges: the source product and the certificate the provider held on it. */
  sourceEdges?: { source: bigint; certificateId: bigint }[];
}

export interface CertificateState {
  /** The holder at mint: a certificate never changes holder. */
  holder: string;
  productId: bigint;
  category: number;
  parentId: bigint;
  predecessorId: bigint;
  successorId: bigint;
  expiresAt: bigint;
  status: number;
  pledgee: string;
  openObjections: number;
  scopeHash: string;
  evidenceHash: string;
  /** Open trades with a licence reserved out of this right: it cannot be withdrawn meanwhile. */
  openTrades?: number;
}

export interface FindingState {
  assessor: string;
  productId: bigint;
  kind: number;
  passed: boolean;
  revoked: boolean;
  expiresAt: bigint;
  previousId: bigint;
}

export interface ObjectionState {
  targetId: bigint;
  status: number;
}

export type ObjectionBookName = "certificates" | "products";

export interface FindingInput {
  productId: bigint;
  kind: number;
  passed: boolean;
  expiresAt: bigint;
}

const reject = (contract: RegistryName, error: string, ...args: Rejection["args"]): Rejection => ({ contract, error, args });

/** docs/domain.md's default policy: LegalCompliance and Quality for all; PersonalInfoProtection for
 * Personal-source or personal-information products; SecurityRisk for Important ones. */
export function defaultRequiredKinds(product: Pick<ProductState, "sourceCategory" | "classification" | "containsPersonalInfo">): number[] {
  const kinds: number[] = [AssessmentKind.LegalCompliance, AssessmentKind.Quality];
  if (product.sourceCategory === SourceCategory.Personal || product.containsPersonalInfo) {
    kinds.push(AssessmentKind.PersonalInfoProtection);
  }
  if (product.classification === Classification.Important) kinds.push(AssessmentKind.SecurityRisk);
  return kinds;
}

export const kindsMask = (kinds: number[]): number => kinds.reduce((mask, kind) => mask | kindBit(kind), 0);

export class RegistryModel {
  /** Timestamp of the latest block. */
  now: bigint;
  readonly registrar: string;
  readonly participants = new Map<string, ParticipantState>();
  readonly products = new Map<bigint, ProductState>();
  readonly certificates = new Map<bigint, CertificateState>();
  /** Findings by id - 1. */
  readonly findings: FindingState[] = [];
  /** Latest finding id per `${productId}:${kind}`. */
  readonly latest = new Map<string, bigint>();
  readonly objections: Record<ObjectionBookName, ObjectionState[]> = { certificates: [], products: [] };
  readonly nonces = new Map<string, bigint>();

  constructor(now: bigint, registrar: string) {
    this.now = now;
    this.registrar = registrar;
  }

  // ----- derived state -------------------------------------------------------------------

  isAccredited(account: string, kinds: number, at: bigint): boolean {
    const participant = this.participants.get(account);
    return participant !== undefined && participant.status === ParticipantStatus.Active
      && participant.accreditedUntil > at && (participant.kinds & kinds) === kinds;
  }

  isAccreditedAssessor(account: string, kind: number, at: bigint): boolean {
    return this.isAccredited(account, Kind.Assessor, at)
      && (this.participants.get(account)!.assessmentKinds & kindBit(kind)) !== 0;
  }

  requiredKinds(productId: bigint): number[] {
    return defaultRequiredKinds(this.products.get(productId)!);
  }

  latestFinding(productId: bigint, kind: number): { id: bigint; finding: FindingState } | undefined {
    const id = this.latest.get(`${productId}:${kind}`);
    return id === undefined ? undefined : { id, finding: this.findings[Number(id) - 1] };
  }

  /** The latest finding of `kind` passed, is unrevoked, unexpired at `at`, by a still-accredited assessor. */
  isKindSatisfied(productId: bigint, kind: number, at: bigint): boolean {
    const latest = this.latestFinding(productId, kind);
    if (latest === undefined) return false;
    const { finding } = latest;
    return finding.passed && !finding.revoked && finding.expiresAt > at && this.isAccreditedAssessor(finding.assessor, kind, at);
  }

  meetsPolicy(productId: bigint, at: bigint): boolean {
    return this.missingKinds(productId, at) === 0;
  }

  /** The required kinds not satisfied now, as a bitmask of 1 << kind. */
  missingKinds(productId: bigint, at: bigint): number {
    return kindsMask(this.requiredKinds(productId).filter((kind) => !this.isKindSatisfied(productId, kind, at)));
  }

  /** The first direct source edge whose certificate is no longer valid, if any: the lineage is broken there. */
  brokenEdge(productId: bigint, at: bigint): { source: bigint; certificateId: bigint; validity: number } | undefined {
    for (const { source, certificateId } of this.products.get(productId)?.sourceEdges ?? []) {
      const validity = this.validity(certificateId, at);
      if (validity !== Validity.Valid) return { source, certificateId, validity };
    }
    return undefined;
  }

  /** Reinstating a suspended product returns it to the highest state it still qualifies for. */
  reinstatedStatus(productId: bigint, at: bigint): number {
    const product = this.products.get(productId)!;
    const before = product.statusBeforeSuspension ?? ProductStatus.Registered;
    const certified = before === ProductStatus.Certified || before === ProductStatus.Listed || before === ProductStatus.Delisted;
    if (certified && !this.meetsPolicy(productId, at)) return ProductStatus.Registered;
    if (before === ProductStatus.Listed && (product.openObjections > 0 || this.brokenEdge(productId, at) !== undefined)) {
      return ProductStatus.Delisted;
    }
    return before;
  }

  /** Certified, Listed or Delisted, and the policy still met. */
  isCertified(productId: bigint, at: bigint): boolean {
    const { status } = this.products.get(productId)!;
    return (status === ProductStatus.Certified || status === ProductStatus.Listed || status === ProductStatus.Delisted)
      && this.meetsPolicy(productId, at);
  }

  isProductFrozen(productId: bigint): boolean {
    return (this.products.get(productId)?.openObjections ?? 0) > 0;
  }

  /** A product a right can be granted on: it exists, is neither suspended, revoked, Core nor frozen. */
  isProductAvailable(productId: bigint): boolean {
    const product = this.products.get(productId);
    return product !== undefined && product.status !== ProductStatus.Suspended && product.status !== ProductStatus.Revoked
      && product.classification !== Classification.Core && product.openObjections === 0;
  }

  /** The live certificate standing for `id`: itself, or its latest successor. */
  standIn(id: bigint): bigint {
    let current = id;
    while (this.certificates.get(current)!.status === CertificateStatus.Superseded) {
      current = this.certificates.get(current)!.successorId;
    }
    return current;
  }

  /** The live ancestors of `id`, parent first (each superseded one stood in for by its successor). */
  ancestors(id: bigint): bigint[] {
    const result: bigint[] = [];
    for (let parentId = this.certificates.get(id)!.parentId; parentId !== 0n; ) {
      const ancestorId = this.standIn(parentId);
      result.push(ancestorId);
      parentId = this.certificates.get(ancestorId)!.parentId;
    }
    return result;
  }

  ownValidity(id: bigint, at: bigint): number {
    const certificate = this.certificates.get(id)!;
    switch (certificate.status) {
      case CertificateStatus.Suspended: return Validity.Suspended;
      case CertificateStatus.Revoked: return Validity.Revoked;
      case CertificateStatus.Surrendered: return Validity.Surrendered;
      case CertificateStatus.Superseded: return Validity.Superseded;
      default: return certificate.expiresAt <= at ? Validity.Expired : Validity.Valid;
    }
  }

  validity(id: bigint, at: bigint): number {
    if (!this.certificates.has(id)) return Validity.Nonexistent;
    const own = this.ownValidity(id, at);
    if (own !== Validity.Valid) return own;
    // A right on a revoked product is void, whatever its own standing.
    if (this.products.get(this.certificates.get(id)!.productId)?.status === ProductStatus.Revoked) return VALIDITY_PRODUCT_REVOKED;
    return this.ancestors(id).some((ancestorId) => this.ownValidity(ancestorId, at) !== Validity.Valid)
      ? Validity.AncestorInvalid
      : Validity.Valid;
  }

  nonceOf(account: string): bigint {
    return this.nonces.get(account) ?? 0n;
  }

  // ----- certificates --------------------------------------------------------------------

  private isNarrower(category: number, parentCategory: number): boolean {
    if (parentCategory === RightCategory.ResourceHolding) return category !== RightCategory.ResourceHolding;
    return parentCategory === RightCategory.ProductOperation && category === RightCategory.ProcessingUse;
  }

  /** Frozen by an objection, or pledged. */
  private encumbrance(id: bigint): Rejection | undefined {
    const certificate = this.certificates.get(id)!;
    if (certificate.openObjections > 0) return reject("certificates", "RightsCertificateFrozen", id);
    if (certificate.pledgee !== ZERO_ADDRESS) return reject("certificates", "RightsCertificatePledged", id, certificate.pledgee);
    return undefined;
  }

  /** The first certificate of the chain of `id` (itself, then each live ancestor) frozen or
   * pledged: a licence out of it would hand on an encumbered right. */
  chainEncumbrance(id: bigint): Rejection | undefined {
    if (!this.certificates.has(id)) return undefined;
    for (const chainId of [id, ...this.ancestors(id)]) {
      const certificate = this.certificates.get(chainId)!;
      if (certificate.openObjections > 0) return reject("certificates", "RightsCertificateFrozen", chainId);
      if (certificate.pledgee !== ZERO_ADDRESS) return reject("certificates", "RightsCertificatePledged", chainId, certificate.pledgee);
    }
    return undefined;
  }

  /** A right with licences reserved for open trades cannot be surrendered, transferred or changed. */
  private reserved(id: bigint): Rejection | undefined {
    const openTrades = this.certificates.get(id)!.openTrades ?? 0;
    return openTrades > 0 ? reject("certificates", "RightsCertificateReserved", id, openTrades) : undefined;
  }

  private productUnavailable(id: bigint): Rejection | undefined {
    const { productId } = this.certificates.get(id)!;
    return this.isProductAvailable(productId) ? undefined : reject("certificates", "RightsCertificateProductUnavailable", productId);
  }

  private unknownCertificate(id: bigint): Rejection | undefined {
    return this.certificates.has(id) ? undefined : reject("certificates", "RightsCertificateUnknown", id);
  }

  private notValid(id: bigint, at: bigint): Rejection | undefined {
    const validity = this.validity(id, at);
    return validity === Validity.Valid ? undefined : reject("certificates", "RightsCertificateNotValid", id, validity);
  }

  checkIssue(holder: string, productId: bigint, category: number, expiresAt: bigint, at: bigint): Rejection | undefined {
    if (category === RightCategory.ProcessingUse) return reject("certificates", "RightsCertificateInvalidCategory", category, category);
    if (!this.isProductAvailable(productId)) return reject("certificates", "RightsCertificateProductUnavailable", productId);
    if (!this.isAccredited(holder, 0, at)) return reject("certificates", "RightsCertificateHolderNotAccredited", holder);
    if (expiresAt <= at || expiresAt > NO_EXPIRY) return reject("certificates", "RightsCertificateInvalidExpiry", expiresAt, NO_EXPIRY);
    return undefined;
  }

  /** `reserved`: a licence reserved at a trade's confirmation, when the chain was clear; neither a
   * pledge nor an objection since then stops it (an upheld objection revokes the right, and the
   * licence's validity follows), so the seller cannot hold the receipt hostage. */
  checkLicense(parentId: bigint, holder: string, category: number, expiresAt: bigint, at: bigint, reserved = false): Rejection | undefined {
    // A freeze or pledge anywhere up the chain blocks a new licence, not only on the parent.
    const encumbered = reserved ? undefined : this.chainEncumbrance(parentId);
    if (encumbered) return encumbered;
    const unknown = this.unknownCertificate(parentId) ?? this.notValid(parentId, at);
    if (unknown) return unknown;
    const parent = this.certificates.get(parentId)!;
    if (!this.isNarrower(category, parent.category)) {
      return reject("certificates", "RightsCertificateInvalidCategory", category, parent.category);
    }
    if (!this.isProductAvailable(parent.productId)) return reject("certificates", "RightsCertificateProductUnavailable", parent.productId);
    if (!this.isAccredited(holder, 0, at)) return reject("certificates", "RightsCertificateHolderNotAccredited", holder);
    if (expiresAt <= at || expiresAt > parent.expiresAt) {
      return reject("certificates", "RightsCertificateInvalidExpiry", expiresAt, parent.expiresAt);
    }
    return undefined;
  }

  /** Mints a certificate (issue, licence, or the successor of a transfer or change); returns its id. */
  mint(certificate: Omit<CertificateState, "successorId" | "status" | "pledgee" | "openObjections" | "openTrades">): bigint {
    const id = BigInt(this.certificates.size + 1);
    this.certificates.set(id, {
      ...certificate, successorId: 0n, status: CertificateStatus.Active, pledgee: ZERO_ADDRESS, openObjections: 0, openTrades: 0,
    });
    return id;
  }

  renewalLimit(id: bigint): bigint {
    const { parentId } = this.certificates.get(id)!;
    return parentId === 0n ? NO_EXPIRY : this.certificates.get(this.standIn(parentId))!.expiresAt;
  }

  checkRenew(id: bigint, expiresAt: bigint, at: bigint): Rejection | undefined {
    const unknown = this.unknownCertificate(id);
    if (unknown) return unknown;
    const certificate = this.certificates.get(id)!;
    if (certificate.status !== CertificateStatus.Active) {
      return reject("certificates", "RightsCertificateInvalidStatus", id, certificate.status);
    }
    const invalid = this.notValid(id, at) ?? this.productUnavailable(id);
    if (invalid) return invalid;
    const limit = this.renewalLimit(id);
    if (expiresAt <= certificate.expiresAt || expiresAt <= at || expiresAt > limit) {
      return reject("certificates", "RightsCertificateInvalidExpiry", expiresAt, limit);
    }
    return undefined;
  }

  checkStatusChange(id: bigint, act: "suspend" | "reinstate" | "revoke"): Rejection | undefined {
    const unknown = this.unknownCertificate(id);
    if (unknown) return unknown;
    const { status } = this.certificates.get(id)!;
    const allowed = act === "suspend" ? [CertificateStatus.Active]
      : act === "reinstate" ? [CertificateStatus.Suspended]
      : [CertificateStatus.Active, CertificateStatus.Suspended];
    return (allowed as number[]).includes(status) ? undefined : reject("certificates", "RightsCertificateInvalidStatus", id, status);
  }

  /**
   * A holder gives its right away (surrender, pledge) only while its participant record is Active:
   * a Suspended participant, or a Revoked one (a replaced key among them), cannot (issue 16).
   */
  private actingHolder(caller: string): Rejection | undefined {
    if (this.participants.get(caller)?.status !== ParticipantStatus.Active) return reject("certificates", "RightsCertificateHolderNotAccredited", caller);
    return undefined;
  }

  checkSurrender(id: bigint, caller: string): Rejection | undefined {
    const unknown = this.unknownCertificate(id);
    if (unknown) return unknown;
    const certificate = this.certificates.get(id)!;
    if (certificate.holder !== caller) return reject("certificates", "RightsCertificateNotHolder", id, caller);
    const acting = this.actingHolder(caller);
    if (acting) return acting;
    if (certificate.status !== CertificateStatus.Active && certificate.status !== CertificateStatus.Suspended) {
      return reject("certificates", "RightsCertificateInvalidStatus", id, certificate.status);
    }
    return this.encumbrance(id) ?? this.reserved(id);
  }

  checkPledge(id: bigint, caller: string, financier: string, at: bigint): Rejection | undefined {
    const unknown = this.unknownCertificate(id);
    if (unknown) return unknown;
    if (this.certificates.get(id)!.holder !== caller) return reject("certificates", "RightsCertificateNotHolder", id, caller);
    const blocked = this.actingHolder(caller) ?? this.notValid(id, at) ?? this.encumbrance(id) ?? this.productUnavailable(id);
    if (blocked) return blocked;
    if (!this.isAccredited(financier, Kind.Financier, at)) {
      return reject("certificates", "RightsCertificateFinancierNotAccredited", financier);
    }
    return undefined;
  }

  checkRelease(id: bigint, caller: string): Rejection | undefined {
    const unknown = this.unknownCertificate(id);
    if (unknown) return unknown;
    const { pledgee } = this.certificates.get(id)!;
    if (pledgee === ZERO_ADDRESS) return reject("certificates", "RightsCertificateNotPledged", id);
    if (pledgee !== caller) return reject("certificates", "RightsCertificateNotPledgee", id, caller);
    return undefined;
  }

  /** Transfer (newHolder given) or change (same holder). */
  checkReplace(id: bigint, newHolder: string | undefined, at: bigint): Rejection | undefined {
    const blocked = this.unknownCertificate(id) ?? this.notValid(id, at) ?? this.encumbrance(id) ?? this.reserved(id)
      // A suspension of, or an open objection against, the product stops every registration act on it.
      ?? this.productUnavailable(id);
    if (blocked) return blocked;
    if (newHolder === undefined) return undefined;
    if (newHolder === this.certificates.get(id)!.holder) return reject("certificates", "RightsCertificateSameHolder", id, newHolder);
    if (!this.isAccredited(newHolder, 0, at)) return reject("certificates", "RightsCertificateHolderNotAccredited", newHolder);
    return undefined;
  }

  /** The old certificate is Superseded; its successor keeps product, category, parent and expiry. */
  applyReplace(id: bigint, holder: string, scopeHash: string, evidenceHash: string): bigint {
    const old = this.certificates.get(id)!;
    const successorId = this.mint({
      holder, productId: old.productId, category: old.category, parentId: old.parentId, predecessorId: id, expiresAt: old.expiresAt,
      scopeHash, evidenceHash,
    });
    old.status = CertificateStatus.Superseded;
    old.successorId = successorId;
    return successorId;
  }

  /** Whether a transfer of `id` would hand on a right out of a frozen live ancestor (the product's freeze is refused). */
  touchesFrozen(id: bigint): boolean {
    if (!this.certificates.has(id)) return false;
    return this.ancestors(id).some((ancestorId) => this.certificates.get(ancestorId)!.openObjections > 0);
  }

  // ----- objections ----------------------------------------------------------------------

  checkLodge(book: ObjectionBookName, targetId: bigint, claimant: string, at: bigint): Rejection | undefined {
    if (!this.isAccredited(claimant, 0, at)) return reject(book, "ObjectionClaimantNotAccredited", claimant);
    if (book === "certificates") {
      const unknown = this.unknownCertificate(targetId);
      if (unknown) return unknown;
      const { status } = this.certificates.get(targetId)!;
      if (status !== CertificateStatus.Active && status !== CertificateStatus.Suspended) {
        return reject("certificates", "RightsCertificateInvalidStatus", targetId, status);
      }
      return undefined;
    }
    const product = this.products.get(targetId);
    if (product === undefined) return reject("products", "DataProductUnknown", targetId);
    if (product.status === ProductStatus.Revoked) return reject("products", "DataProductInvalidStatus", targetId, product.status);
    return undefined;
  }

  applyLodge(book: ObjectionBookName, targetId: bigint): bigint {
    this.objections[book].push({ targetId, status: ObjectionStatus.Open });
    if (book === "certificates") this.certificates.get(targetId)!.openObjections++;
    else this.products.get(targetId)!.openObjections++;
    return BigInt(this.objections[book].length);
  }

  objection(book: ObjectionBookName, objectionId: bigint): ObjectionState | undefined {
    return objectionId === 0n ? undefined : this.objections[book][Number(objectionId) - 1];
  }

  checkResolve(book: ObjectionBookName, objectionId: bigint): Rejection | undefined {
    const objection = this.objection(book, objectionId);
    if (objection === undefined) return reject(book, "ObjectionUnknown", objectionId);
    if (objection.status !== ObjectionStatus.Open) return reject(book, "ObjectionAlreadyResolved", objectionId);
    return undefined;
  }

  /** Returns the target's status before and after (equal when upholding changed nothing). */
  applyResolve(book: ObjectionBookName, objectionId: bigint, upheld: boolean): { before: number; after: number } {
    const objection = this.objection(book, objectionId)!;
    objection.status = upheld ? ObjectionStatus.Upheld : ObjectionStatus.Dismissed;
    if (book === "certificates") {
      const certificate = this.certificates.get(objection.targetId)!;
      certificate.openObjections--;
      const before = certificate.status;
      if (upheld && (before === CertificateStatus.Active || before === CertificateStatus.Suspended)) {
        certificate.status = CertificateStatus.Revoked;
      }
      return { before, after: certificate.status };
    }
    const product = this.products.get(objection.targetId)!;
    product.openObjections--;
    const before = product.status;
    if (upheld) product.status = ProductStatus.Revoked;
    return { before, after: product.status };
  }

  // ----- assessments ---------------------------------------------------------------------

  checkRecord(assessor: string, finding: FindingInput, at: bigint): Rejection | undefined {
    if (!this.isAccreditedAssessor(assessor, finding.kind, at)) {
      return reject("assessments", "AssessmentAssessorNotAccredited", assessor, finding.kind);
    }
    const product = this.products.get(finding.productId);
    if (product === undefined || product.status === ProductStatus.Revoked) {
      return reject("assessments", "AssessmentProductUnavailable", finding.productId);
    }
    if (product.provider === assessor) return reject("assessments", "AssessmentConflictOfInterest", assessor, finding.productId);
    if (finding.expiresAt <= at) return reject("assessments", "AssessmentInvalidExpiry", finding.expiresAt);
    return undefined;
  }

  checkRecordBySig(
    assessor: string, signer: string, finding: FindingInput, nonce: bigint, deadline: bigint, at: bigint,
  ): Rejection | undefined {
    if (at > deadline) return reject("assessments", "AssessmentExpiredSignature", deadline);
    if (signer !== assessor) return reject("assessments", "AssessmentInvalidSigner", signer, assessor);
    if (nonce !== this.nonceOf(assessor)) return reject("assessments", "InvalidAccountNonce", assessor, this.nonceOf(assessor));
    return this.checkRecord(assessor, finding, at);
  }

  /** Returns the new finding's id and the id of the finding it supersedes (0 if none). */
  applyRecord(assessor: string, finding: FindingInput, bySignature: boolean): { id: bigint; previousId: bigint } {
    const key = `${finding.productId}:${finding.kind}`;
    const previousId = this.latest.get(key) ?? 0n;
    this.findings.push({ assessor, productId: finding.productId, kind: finding.kind, passed: finding.passed, revoked: false, expiresAt: finding.expiresAt, previousId });
    const id = BigInt(this.findings.length);
    this.latest.set(key, id);
    if (bySignature) this.nonces.set(assessor, this.nonceOf(assessor) + 1n);
    return { id, previousId };
  }

  checkRevokeFinding(id: bigint, caller: string): Rejection | undefined {
    const finding = id === 0n ? undefined : this.findings[Number(id) - 1];
    if (finding === undefined) return reject("assessments", "AssessmentUnknown", id);
    if (finding.revoked) return reject("assessments", "AssessmentAlreadyRevoked", id);
    if (finding.assessor !== caller && caller !== this.registrar) return reject("assessments", "AssessmentUnauthorizedRevoker", id, caller);
    return undefined;
  }

  // ----- product lifecycle ---------------------------------------------------------------

  private unknownProduct(productId: bigint): Rejection | undefined {
    return this.products.has(productId) ? undefined : reject("products", "DataProductUnknown", productId);
  }

  checkCertify(productId: bigint, at: bigint): Rejection | undefined {
    const unknown = this.unknownProduct(productId);
    if (unknown) return unknown;
    const product = this.products.get(productId)!;
    if (product.status !== ProductStatus.Registered) return reject("products", "DataProductInvalidStatus", productId, product.status);
    // Core data can never be listed, so certifying it for listing is refused too.
    if (product.classification === Classification.Core) return reject("products", "DataProductCoreNotListable", productId);
    if (product.openObjections > 0) return reject("products", "DataProductFrozen", productId);
    const missing = this.missingKinds(productId, at);
    if (missing !== 0) return reject("products", "DataProductPolicyNotMet", productId, missing);
    return undefined;
  }

  checkList(productId: bigint, at: bigint): Rejection | undefined {
    const unknown = this.unknownProduct(productId);
    if (unknown) return unknown;
    const product = this.products.get(productId)!;
    if (product.classification === Classification.Core) return reject("products", "DataProductCoreNotListable", productId);
    if (product.status !== ProductStatus.Certified && product.status !== ProductStatus.Delisted) {
      return reject("products", "DataProductInvalidStatus", productId, product.status);
    }
    if (product.openObjections > 0) return reject("products", "DataProductFrozen", productId);
    const missing = this.missingKinds(productId, at);
    if (missing !== 0) return reject("products", "DataProductPolicyNotMet", productId, missing);
    // A product whose lineage no longer stands (a source right lapsed or revoked) is not listed.
    const broken = this.brokenEdge(productId, at);
    if (broken) return reject("products", "DataProductLineageBroken", productId, broken.source, broken.certificateId, broken.validity);
    return undefined;
  }

  checkSuspendProduct(productId: bigint): Rejection | undefined {
    const unknown = this.unknownProduct(productId);
    if (unknown) return unknown;
    const { status } = this.products.get(productId)!;
    return status === ProductStatus.Suspended || status === ProductStatus.Revoked
      ? reject("products", "DataProductInvalidStatus", productId, status) : undefined;
  }

  checkReinstateProduct(productId: bigint): Rejection | undefined {
    const unknown = this.unknownProduct(productId);
    if (unknown) return unknown;
    const { status } = this.products.get(productId)!;
    return status === ProductStatus.Suspended ? undefined : reject("products", "DataProductInvalidStatus", productId, status);
  }

  checkDelist(productId: bigint): Rejection | undefined {
    const unknown = this.unknownProduct(productId);
    if (unknown) return unknown;
    const { status } = this.products.get(productId)!;
    return status === ProductStatus.Listed ? undefined : reject("products", "DataProductInvalidStatus", productId, status);
  }
}
