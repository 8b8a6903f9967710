import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  registryFixture, registerProduct, hashOf, now, YEAR, RightCategory, CertificateStatus, Validity, ProductStatus,
  Classification, SourceCategory, AssessmentKind,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";

/**
 * Model-based property tests of the registry: random sequences of registration acts, assessments
 * and time, each applied to the contracts and to a plain TypeScript model of DOMAIN.md's rules.
 * After every step the contracts must agree with the model and keep the invariants of issue #2.
 */

const DAY = 24n * 3600n;
/** eth_call and the next block may run a second or two after the latest block: expiries this close are not compared. */
const TIME_TOLERANCE = 5n;
const KINDS = [AssessmentKind.LegalCompliance, AssessmentKind.Quality, AssessmentKind.PersonalInfoProtection, AssessmentKind.SecurityRisk];

type Action =
  | { type: "issue"; product: number; category: number; holder: number; days: number }
  | { type: "license"; parent: number; category: number; holder: number; days: number }
  | { type: "renew"; cert: number; days: number }
  | { type: "suspend" | "reinstate" | "revoke" | "surrender" | "pledge" | "release" | "objectCertificate"; cert: number }
  | { type: "reissue"; cert: number; holder: number }
  | { type: "objectProduct"; product: number }
  | { type: "resolve"; onCertificate: boolean; objection: number; upheld: boolean }
  | { type: "assess"; product: number; kind: number; passed: boolean; days: number; bySignature: boolean }
  | { type: "revokeAssessment"; assessment: number }
  | { type: "certify"; product: number }
  | { type: "advance"; seconds: number };

const certificateAct = (type: "suspend" | "reinstate" | "revoke" | "surrender" | "pledge" | "release" | "objectCertificate") =>
  fc.record({ type: fc.constant(type), cert: fc.nat(30) });

/** Weighted so that licences, suspensions and assessments meet often enough to matter. */
const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ type: fc.constant("issue" as const), product: fc.nat(3), category: fc.constantFrom(RightCategory.ResourceHolding, RightCategory.ProductOperation), holder: fc.nat(2), days: fc.integer({ min: 30, max: 1500 }) }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant("license" as const), parent: fc.nat(30), category: fc.constantFrom(RightCategory.ProcessingUse, RightCategory.ProductOperation), holder: fc.nat(2), days: fc.integer({ min: 10, max: 1800 }) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("renew" as const), cert: fc.nat(30), days: fc.integer({ min: 1, max: 800 }) }) },
  { weight: 3, arbitrary: certificateAct("suspend") },
  { weight: 2, arbitrary: certificateAct("reinstate") },
  { weight: 2, arbitrary: certificateAct("revoke") },
  { weight: 1, arbitrary: certificateAct("surrender") },
  { weight: 2, arbitrary: certificateAct("pledge") },
  { weight: 1, arbitrary: certificateAct("release") },
  { weight: 2, arbitrary: certificateAct("objectCertificate") },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("reissue" as const), cert: fc.nat(30), holder: fc.nat(2) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("objectProduct" as const), product: fc.nat(3) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("resolve" as const), onCertificate: fc.boolean(), objection: fc.nat(10), upheld: fc.boolean() }) },
  { weight: 5, arbitrary: fc.record({ type: fc.constant("assess" as const), product: fc.nat(3), kind: fc.nat(KINDS.length), passed: fc.oneof({ weight: 4, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }), days: fc.integer({ min: 1, max: 700 }), bySignature: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ type: fc.constant("revokeAssessment" as const), assessment: fc.nat(20) }) },
  { weight: 3, arbitrary: fc.record({ type: fc.constant("certify" as const), product: fc.nat(3) }) },
  { weight: 2, arbitrary: fc.record({ type: fc.constant("advance" as const), seconds: fc.integer({ min: 3600, max: 2 * 365 * 24 * 3600 }) }) },
);

interface CertificateModel {
  holder: string;
  productId: bigint;
  category: number;
  parentId: bigint;
  expiresAt: bigint;
  status: number;
  pledged: boolean;
  objections: number;
  successorId: bigint;
}

interface ProductModel {
  status: number;
  objections: number;
  classification: number;
  required: number[];
}

interface FindingModel {
  id: bigint;
  assessor: string;
  passed: boolean;
  revoked: boolean;
  expiresAt: bigint;
}

interface ObjectionModel {
  targetId: bigint;
  open: boolean;
}

class Model {
  certificates = new Map<bigint, CertificateModel>();
  products = new Map<bigint, ProductModel>();
  findings = new Map<string, FindingModel>();
  assessmentIds: { id: bigint; productId: bigint; kind: number; assessor: string }[] = [];
  certificateObjections: ObjectionModel[] = [];
  productObjections: ObjectionModel[] = [];
  accreditedUntil = new Map<string, bigint>();

  standIn(id: bigint): bigint {
    let current = id;
    while (this.certificates.get(current)!.status === CertificateStatus.Superseded) current = this.certificates.get(current)!.successorId;
    return current;
  }

  ownValidity(certificate: CertificateModel, at: bigint): number {
    switch (certificate.status) {
      case CertificateStatus.Suspended: return Validity.Suspended;
      case CertificateStatus.Revoked: return Validity.Revoked;
      case CertificateStatus.Surrendered: return Validity.Surrendered;
      case CertificateStatus.Superseded: return Validity.Superseded;
      default: return certificate.expiresAt <= at ? Validity.Expired : Validity.Valid;
    }
  }

  validity(id: bigint, at: bigint): number {
    const certificate = this.certificates.get(id);
    if (!certificate) return Validity.Nonexistent;
    const own = this.ownValidity(certificate, at);
    if (own !== Validity.Valid) return own;
    for (let parent = certificate.parentId; parent !== 0n; ) {
      const ancestor = this.certificates.get(this.standIn(parent))!;
      if (this.ownValidity(ancestor, at) !== Validity.Valid) return Validity.AncestorInvalid;
      parent = ancestor.parentId;
    }
    return Validity.Valid;
  }

  /** Expiries along the certificate's lineage: comparisons near them are skipped. */
  lineageExpiries(id: bigint): bigint[] {
    const expiries: bigint[] = [];
    for (let current: bigint = id; current !== 0n; ) {
      const certificate = this.certificates.get(this.standIn(current))!;
      expiries.push(this.certificates.get(current)!.expiresAt, certificate.expiresAt);
      current = certificate.parentId;
    }
    return expiries;
  }

  accredited(account: string, at: bigint): boolean {
    return (this.accreditedUntil.get(account) ?? 0n) > at;
  }

  kindSatisfied(productId: bigint, kind: number, at: bigint): boolean {
    const finding = this.findings.get(`${productId}:${kind}`);
    return finding !== undefined && finding.passed && !finding.revoked && finding.expiresAt > at && this.accredited(finding.assessor, at);
  }

  meetsPolicy(productId: bigint, at: bigint): boolean {
    return this.products.get(productId)!.required.every((kind) => this.kindSatisfied(productId, kind, at));
  }

  policyExpiries(productId: bigint): bigint[] {
    return this.products.get(productId)!.required.flatMap((kind) => {
      const finding = this.findings.get(`${productId}:${kind}`);
      return finding ? [finding.expiresAt, this.accreditedUntil.get(finding.assessor)!] : [];
    });
  }

  productAvailable(productId: bigint): boolean {
    const product = this.products.get(productId)!;
    return product.status !== ProductStatus.Suspended && product.status !== ProductStatus.Revoked
      && product.classification !== Classification.Core && product.objections === 0;
  }
}

const near = (values: bigint[], at: bigint): boolean => values.some((value) => value >= at - TIME_TOLERANCE && value <= at + TIME_TOLERANCE);

async function setup() {
  const fixture = await loadFixture(registryFixture);
  const model = new Model();
  const base = [AssessmentKind.LegalCompliance, AssessmentKind.Quality];
  const definitions = [
    { options: {}, required: base, classification: Classification.General },
    { options: { classification: Classification.Important }, required: [...base, AssessmentKind.SecurityRisk], classification: Classification.Important },
    { options: { sourceCategory: SourceCategory.Personal }, required: [...base, AssessmentKind.PersonalInfoProtection], classification: Classification.General },
    { options: { classification: Classification.Core }, required: base, classification: Classification.Core },
  ];
  const productIds: bigint[] = [];
  for (const definition of definitions) {
    const productId = await registerProduct(fixture, definition.options);
    productIds.push(productId);
    model.products.set(productId, { status: ProductStatus.Registered, objections: 0, classification: definition.classification, required: definition.required });
  }
  // Every non-Core product starts with its provider's ResourceHolding right, so licences have parents.
  for (const productId of productIds.slice(0, 3)) {
    const expiresAt = (await now()) + 4n * YEAR;
    await fixture.certificates.connect(fixture.registrar).issue(fixture.provider.address, productId, RightCategory.ResourceHolding, expiresAt, hashOf("scope"), hashOf("evidence"));
    model.certificates.set(await fixture.certificates.certificateCount(), {
      holder: fixture.provider.address, productId, category: RightCategory.ResourceHolding, parentId: 0n, expiresAt,
      status: CertificateStatus.Active, pledged: false, objections: 0, successorId: 0n,
    });
  }
  for (const account of [fixture.provider, fixture.otherProvider, fixture.buyer, fixture.lawFirm, fixture.institute, fixture.financier, fixture.auditor]) {
    model.accreditedUntil.set(account.address, (await fixture.participants.participant(account.address)).accreditedUntil);
  }
  return { fixture, model, productIds };
}

/** The assessor accredited for each kind in the fixture. */
function assessorFor(fixture: RegistryFixture, kind: number): HardhatEthersSigner {
  return kind === AssessmentKind.LegalCompliance || kind === AssessmentKind.PersonalInfoProtection ? fixture.lawFirm : fixture.institute;
}

async function outcome(promise: Promise<unknown>): Promise<boolean> {
  try {
    await promise;
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!message.includes("reverted")) throw error;
    return false;
  }
}

async function apply(action: Action, fixture: RegistryFixture, model: Model, productIds: bigint[]): Promise<void> {
  const { certificates, products, assessments, registrar } = fixture;
  const holders = [fixture.provider, fixture.otherProvider, fixture.buyer];
  const certificateIds = [...model.certificates.keys()];
  const pickCertificate = (index: number): bigint | undefined => (certificateIds.length === 0 ? undefined : certificateIds[index % certificateIds.length]);
  const at = await now();
  // The transaction is mined a second later than `at`.
  const next = at + 1n;
  const expect_ = (predicted: boolean | undefined, actual: boolean, what: string) => {
    if (predicted !== undefined) expect(actual, `${what}: the contract ${actual ? "accepted" : "rejected"} what the model ${predicted ? "accepts" : "rejects"}`).to.equal(predicted);
  };

  switch (action.type) {
    case "issue": {
      const productId = productIds[action.product];
      const holder = holders[action.holder];
      const expiresAt = at + BigInt(action.days) * DAY;
      const predicted = model.productAvailable(productId) && model.accredited(holder.address, next);
      const ok = await outcome(certificates.connect(registrar).issue(holder.address, productId, action.category, expiresAt, hashOf("scope"), hashOf("evidence")));
      expect_(predicted, ok, "issue");
      if (ok) {
        const id = await certificates.certificateCount();
        model.certificates.set(id, { holder: holder.address, productId, category: action.category, parentId: 0n, expiresAt, status: CertificateStatus.Active, pledged: false, objections: 0, successorId: 0n });
      }
      return;
    }
    case "license": {
      const parentId = pickCertificate(action.parent);
      if (parentId === undefined) return;
      const parent = model.certificates.get(parentId)!;
      const holder = holders[action.holder];
      const expiresAt = at + BigInt(action.days) * DAY;
      const narrower = parent.category === RightCategory.ResourceHolding || (parent.category === RightCategory.ProductOperation && action.category === RightCategory.ProcessingUse);
      const frozen = parent.objections > 0 || model.products.get(parent.productId)!.objections > 0;
      const predicted = model.validity(parentId, next) === Validity.Valid && !parent.pledged && !frozen && narrower && model.productAvailable(parent.productId)
        && model.accredited(holder.address, next) && expiresAt <= parent.expiresAt;
      const uncertain = near(model.lineageExpiries(parentId), next) || near([expiresAt], parent.expiresAt);
      const ok = await outcome(certificates.connect(registrar).license(parentId, holder.address, action.category, expiresAt, hashOf("scope"), hashOf("evidence")));
      expect_(uncertain ? undefined : predicted, ok, "license");
      // Nothing frozen by an open objection gains a licence.
      if (frozen) expect(ok, "a licence was granted out of a frozen certificate or product").to.equal(false);
      if (ok) {
        const id = await certificates.certificateCount();
        model.certificates.set(id, { holder: holder.address, productId: parent.productId, category: action.category, parentId, expiresAt, status: CertificateStatus.Active, pledged: false, objections: 0, successorId: 0n });
      }
      return;
    }
    case "renew": {
      const id = pickCertificate(action.cert);
      if (id === undefined) return;
      const certificate = model.certificates.get(id)!;
      const expiresAt = certificate.expiresAt + BigInt(action.days) * DAY;
      const limit = certificate.parentId === 0n ? 2n ** 40n - 1n : model.certificates.get(model.standIn(certificate.parentId))!.expiresAt;
      const predicted = certificate.status === CertificateStatus.Active && model.validity(id, next) === Validity.Valid && expiresAt <= limit && expiresAt > next;
      const ok = await outcome(certificates.connect(registrar).renew(id, expiresAt));
      expect_(near([expiresAt, ...model.lineageExpiries(id)], next) ? undefined : predicted, ok, "renew");
      if (ok) certificate.expiresAt = expiresAt;
      return;
    }
    case "suspend":
    case "reinstate":
    case "revoke": {
      const id = pickCertificate(action.cert);
      if (id === undefined) return;
      const certificate = model.certificates.get(id)!;
      const from: number[] = action.type === "reinstate" ? [CertificateStatus.Suspended]
        : action.type === "suspend" ? [CertificateStatus.Active] : [CertificateStatus.Active, CertificateStatus.Suspended];
      const to = action.type === "suspend" ? CertificateStatus.Suspended : action.type === "revoke" ? CertificateStatus.Revoked : CertificateStatus.Active;
      const ok = await outcome(certificates.connect(registrar)[action.type](id, hashOf(action.type)));
      expect_(from.includes(certificate.status), ok, action.type);
      if (ok) certificate.status = to;
      return;
    }
    case "surrender": {
      const id = pickCertificate(action.cert);
      if (id === undefined) return;
      const certificate = model.certificates.get(id)!;
      const holder = holders.find((signer) => signer.address === certificate.holder)!;
      const predicted = !certificate.pledged && certificate.objections === 0
        && (certificate.status === CertificateStatus.Active || certificate.status === CertificateStatus.Suspended);
      const ok = await outcome(certificates.connect(holder).surrender(id));
      expect_(predicted, ok, "surrender");
      if (ok) certificate.status = CertificateStatus.Surrendered;
      return;
    }
    case "pledge":
    case "release": {
      const id = pickCertificate(action.cert);
      if (id === undefined) return;
      const certificate = model.certificates.get(id)!;
      if (action.type === "pledge") {
        const holder = holders.find((signer) => signer.address === certificate.holder)!;
        const predicted = model.validity(id, next) === Validity.Valid && !certificate.pledged && certificate.objections === 0 && model.accredited(fixture.financier.address, next);
        const ok = await outcome(certificates.connect(holder).pledge(id, fixture.financier.address, hashOf("loan")));
        expect_(near(model.lineageExpiries(id), next) ? undefined : predicted, ok, "pledge");
        if (ok) certificate.pledged = true;
      } else {
        const ok = await outcome(certificates.connect(fixture.financier).release(id));
        expect_(certificate.pledged, ok, "release");
        if (ok) certificate.pledged = false;
      }
      return;
    }
    case "reissue": {
      const id = pickCertificate(action.cert);
      if (id === undefined) return;
      const certificate = model.certificates.get(id)!;
      const holder = holders[action.holder];
      const predicted = model.validity(id, next) === Validity.Valid && !certificate.pledged && certificate.objections === 0
        && holder.address !== certificate.holder && model.accredited(holder.address, next);
      const ok = await outcome(certificates.connect(registrar).reissue(id, holder.address, hashOf("deed")));
      expect_(near(model.lineageExpiries(id), next) ? undefined : predicted, ok, "reissue");
      if (ok) {
        const successorId = await certificates.certificateCount();
        certificate.status = CertificateStatus.Superseded;
        certificate.successorId = successorId;
        model.certificates.set(successorId, { ...certificate, holder: holder.address, status: CertificateStatus.Active, pledged: false, objections: 0, successorId: 0n });
      }
      return;
    }
    case "objectCertificate": {
      const id = pickCertificate(action.cert);
      if (id === undefined) return;
      const certificate = model.certificates.get(id)!;
      const predicted = certificate.status === CertificateStatus.Active || certificate.status === CertificateStatus.Suspended;
      const ok = await outcome(certificates.connect(fixture.auditor).lodgeObjection(id, hashOf("claim")));
      expect_(predicted && model.accredited(fixture.auditor.address, next), ok, "objection to a certificate");
      if (ok) {
        certificate.objections++;
        model.certificateObjections.push({ targetId: id, open: true });
      }
      return;
    }
    case "objectProduct": {
      const productId = productIds[action.product];
      const product = model.products.get(productId)!;
      const ok = await outcome(products.connect(fixture.auditor).lodgeObjection(productId, hashOf("claim")));
      expect_(product.status !== ProductStatus.Revoked && model.accredited(fixture.auditor.address, next), ok, "objection to a product");
      if (ok) {
        product.objections++;
        model.productObjections.push({ targetId: productId, open: true });
      }
      return;
    }
    case "resolve": {
      const book = action.onCertificate ? model.certificateObjections : model.productObjections;
      if (book.length === 0) return;
      const index = action.objection % book.length;
      const objection = book[index];
      const contract = action.onCertificate ? certificates : products;
      const ok = await outcome(contract.connect(registrar).resolveObjection(BigInt(index + 1), action.upheld, hashOf("decision")));
      expect_(objection.open, ok, "resolve");
      if (!ok) return;
      objection.open = false;
      if (action.onCertificate) {
        const certificate = model.certificates.get(objection.targetId)!;
        certificate.objections--;
        if (action.upheld && (certificate.status === CertificateStatus.Active || certificate.status === CertificateStatus.Suspended)) {
          certificate.status = CertificateStatus.Revoked;
        }
      } else {
        const product = model.products.get(objection.targetId)!;
        product.objections--;
        if (action.upheld) product.status = ProductStatus.Revoked;
      }
      return;
    }
    case "assess": {
      const productId = productIds[action.product];
      const required = model.products.get(productId)!.required;
      // Mostly a kind the product needs, sometimes one it does not.
      const kind = action.kind < required.length ? required[action.kind] : KINDS[action.kind % KINDS.length];
      const assessor = assessorFor(fixture, kind);
      const finding = { productId, kind, passed: action.passed, expiresAt: at + BigInt(action.days) * DAY, reportHash: hashOf(`report ${action.days}`) };
      const predicted = model.products.get(productId)!.status !== ProductStatus.Revoked && model.accredited(assessor.address, next);
      let submission: Promise<unknown>;
      if (action.bySignature) {
        const nonce = await assessments.nonces(assessor.address);
        const deadline = at + 3600n;
        const signature = await assessor.signTypedData(
          { name: "datarights AssessmentRegistry", version: "1", chainId: (await ethers.provider.getNetwork()).chainId, verifyingContract: await assessments.getAddress() },
          { Assessment: [
            { name: "assessor", type: "address" }, { name: "productId", type: "uint64" }, { name: "kind", type: "uint8" },
            { name: "passed", type: "bool" }, { name: "expiresAt", type: "uint40" }, { name: "reportHash", type: "bytes32" },
            { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" },
          ] },
          { assessor: assessor.address, ...finding, nonce, deadline },
        );
        submission = assessments.connect(fixture.buyer).recordBySig(assessor.address, finding, nonce, deadline, signature);
      } else {
        submission = assessments.connect(assessor).record(finding);
      }
      const ok = await outcome(submission);
      expect_(predicted, ok, "assessment");
      if (ok) {
        const id = await assessments.assessmentCount();
        model.findings.set(`${productId}:${kind}`, { id, assessor: assessor.address, passed: action.passed, revoked: false, expiresAt: finding.expiresAt });
        model.assessmentIds.push({ id, productId, kind, assessor: assessor.address });
      }
      return;
    }
    case "revokeAssessment": {
      if (model.assessmentIds.length === 0) return;
      const entry = model.assessmentIds[action.assessment % model.assessmentIds.length];
      const latest = model.findings.get(`${entry.productId}:${entry.kind}`)!;
      const alreadyRevoked = (await assessments.assessment(entry.id)).revoked;
      const ok = await outcome(assessments.connect(registrar).revoke(entry.id, hashOf("withdrawn")));
      expect_(!alreadyRevoked, ok, "revoke assessment");
      if (ok && latest.id === entry.id) latest.revoked = true;
      return;
    }
    case "certify": {
      const productId = productIds[action.product];
      const product = model.products.get(productId)!;
      const policy = model.meetsPolicy(productId, next);
      const predicted = product.status === ProductStatus.Registered && product.objections === 0 && policy;
      const ok = await outcome(products.connect(registrar).certify(productId));
      expect_(near(model.policyExpiries(productId), next) ? undefined : predicted, ok, "certify");
      // Nothing frozen by an open objection gains certification.
      if (product.objections > 0) expect(ok, "a frozen product was certified").to.equal(false);
      if (ok) product.status = ProductStatus.Certified;
      return;
    }
    case "advance":
      await time.increase(action.seconds);
      return;
  }
}

async function checkInvariants(fixture: RegistryFixture, model: Model, productIds: bigint[]): Promise<void> {
  const { certificates, products, assessments } = fixture;
  const at = await now();
  for (const [id, expected] of model.certificates) {
    const [stored, validity] = await Promise.all([certificates.certificate(id), certificates.validity(id)]);
    // 1. No certificate ever changes holder.
    expect(stored.holder, `certificate ${id} changed holder`).to.equal(expected.holder);
    expect(stored.status, `certificate ${id} status`).to.equal(BigInt(expected.status));
    expect(stored.expiresAt, `certificate ${id} expiry`).to.equal(expected.expiresAt);
    // 2. A derived certificate never outlives its parent (or the parent's successor).
    if (expected.parentId !== 0n) {
      const parent = model.certificates.get(model.standIn(expected.parentId))!;
      expect(stored.expiresAt <= parent.expiresAt, `certificate ${id} outlives its parent`).to.equal(true);
    }
    // 3. Suspending, revoking, surrendering or expiring any ancestor invalidates every descendant.
    if (!near(model.lineageExpiries(id), at)) {
      expect(Number(validity), `validity of certificate ${id}`).to.equal(model.validity(id, at));
      let ancestorInvalid = false;
      for (let parent = expected.parentId; parent !== 0n; ) {
        const ancestor = model.certificates.get(model.standIn(parent))!;
        if (model.ownValidity(ancestor, at) !== Validity.Valid) ancestorInvalid = true;
        parent = ancestor.parentId;
      }
      if (ancestorInvalid) expect(validity, `certificate ${id} is valid below an invalid ancestor`).to.not.equal(BigInt(Validity.Valid));
    }
  }
  for (const productId of productIds) {
    const product = model.products.get(productId)!;
    expect((await products.product(productId)).status, `product ${productId} status`).to.equal(BigInt(product.status));
    if (near(model.policyExpiries(productId), at)) continue;
    // 5. A product is certified exactly when its required assessments are passed, unexpired and unrevoked.
    const policy = model.meetsPolicy(productId, at);
    expect(await assessments.meetsPolicy(productId), `policy of product ${productId}`).to.equal(policy);
    expect(await products.isCertified(productId), `certification of product ${productId}`).to.equal(product.status === ProductStatus.Certified && policy);
  }
}

describe("registry properties (fast-check)", () => {
  it("keeps holders, lineage bounds, validity, freezes and certification consistent over random histories", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(actionArbitrary, { minLength: 15, maxLength: 30 }), async (actions) => {
        if (process.env.PROPERTY_REPLAY) actions = JSON.parse(process.env.PROPERTY_REPLAY) as Action[];
        const { fixture, model, productIds } = await setup();
        for (const action of actions) {
          await apply(action, fixture, model, productIds);
          await checkInvariants(fixture, model, productIds);
        }
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 30), verbose: 1 },
    );
  });

  it("never certifies or licenses anything while an objection against it is open", async () => {
    type FreezeAction = "objectProduct" | "dismissProduct" | "objectCertificate" | "dismissCertificate" | "certify" | "license";
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<FreezeAction>("objectProduct", "dismissProduct", "objectCertificate", "dismissCertificate", "certify", "license"), { minLength: 4, maxLength: 14 }),
        async (actions) => {
          const { fixture, productIds } = await setup();
          const { products, certificates, assessments, registrar, auditor } = fixture;
          const productId = productIds[0];
          const expiresAt = (await now()) + YEAR;
          await assessments.connect(fixture.lawFirm).record({ productId, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt, reportHash: hashOf("l") });
          await assessments.connect(fixture.institute).record({ productId, kind: AssessmentKind.Quality, passed: true, expiresAt, reportHash: hashOf("q") });
          const open = { product: [] as bigint[], certificate: [] as bigint[] };
          for (const action of actions) {
            const productFrozen = open.product.length > 0;
            const certificateFrozen = open.certificate.length > 0;
            switch (action) {
              case "objectProduct":
                await products.connect(auditor).lodgeObjection(productId, hashOf("claim"));
                open.product.push(await products.objectionCount());
                break;
              case "objectCertificate":
                await certificates.connect(auditor).lodgeObjection(1n, hashOf("claim"));
                open.certificate.push(await certificates.objectionCount());
                break;
              case "dismissProduct":
                if (productFrozen) await products.connect(registrar).resolveObjection(open.product.pop()!, false, hashOf("no"));
                break;
              case "dismissCertificate":
                if (certificateFrozen) await certificates.connect(registrar).resolveObjection(open.certificate.pop()!, false, hashOf("no"));
                break;
              case "certify": {
                const registered = (await products.product(productId)).status === BigInt(ProductStatus.Registered);
                const ok = await outcome(products.connect(registrar).certify(productId));
                expect(ok, "certify while frozen or after certification").to.equal(registered && !productFrozen);
                break;
              }
              case "license": {
                const ok = await outcome(certificates.connect(registrar).license(1n, fixture.buyer.address, RightCategory.ProcessingUse, expiresAt, hashOf("s"), hashOf("e")));
                expect(ok, "licence out of a frozen certificate or product").to.equal(!productFrozen && !certificateFrozen);
                break;
              }
            }
          }
        },
      ),
      { numRuns: 25 },
    );
  });

  it("never lets any certificate leave its holder, whatever the caller tries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(2), fc.nat(10), fc.constantFrom("transferFrom", "safeTransferFrom", "approve"), async (callerIndex, targetIndex, method) => {
        const { fixture, productIds } = await setup();
        await fixture.certificates.connect(fixture.registrar).issue(fixture.provider.address, productIds[0], 0, (await now()) + YEAR, hashOf("s"), hashOf("e"));
        const signers = [fixture.provider, fixture.registrar, fixture.admin];
        const caller = signers[callerIndex];
        const target = (await ethers.getSigners())[targetIndex].address;
        const attempt = method === "approve"
          ? fixture.certificates.connect(caller).approve(target, 1n)
          : method === "transferFrom"
            ? fixture.certificates.connect(caller).transferFrom(fixture.provider.address, target, 1n)
            : fixture.certificates.connect(caller)["safeTransferFrom(address,address,uint256)"](fixture.provider.address, target, 1n);
        await expect(attempt).to.be.revertedWithCustomError(fixture.certificates, "RightsCertificateLocked").withArgs(1n);
        expect(await fixture.certificates.ownerOf(1n)).to.equal(fixture.provider.address);
      }),
      { numRuns: 15 },
    );
  });
});
