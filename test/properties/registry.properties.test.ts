import { expect } from "chai";
import fc from "fast-check";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { BaseContract, ContractTransactionResponse, Interface, Result } from "ethers";
import {
  AssessmentKind, CertificateStatus, Classification, NO_EXPIRY, ProductStatus, RightCategory, SourceCategory, Validity,
  hashOf, jurisdiction, now, registerProduct, registryFixture,
} from "../fixtures";
import type { ProductOptions, RegistryFixture } from "../fixtures";
import { ASSESSMENT_TYPES } from "../../src/sdk/eip712";
import { RegistryModel, VALIDITY_PRODUCT_REVOKED, ZERO_ADDRESS, ZERO_HASH, defaultRequiredKinds, kindsMask } from "./model";
import type { FindingInput, ObjectionBookName, RegistryName, Rejection } from "./model";

/**
 * Model-based property tests of the four registry contracts (issue #2). fast-check generates
 * random histories of registration acts, objections, assessments and time; each act is applied
 * to the contracts and to the TypeScript model in ./model.ts. Every act must be accepted exactly
 * when the model accepts it (with the model's events), or rejected with the custom error and
 * arguments the model predicts; after every step the contracts' state must equal the model's,
 * and the acceptance criteria are checked directly:
 *   1. no certificate ever changes holder;
 *   2. a derived certificate never expires after its (live) parent;
 *   3. a suspended, revoked, surrendered or expired ancestor invalidates every descendant;
 *   4. nothing frozen by an open objection gains a licence or a certification;
 *   5. a product is certified exactly when its required findings are passed, unexpired,
 *      unrevoked and by still-accredited assessors.
 * Every act is mined at exactly `model.now + 1`, so expiries are compared without tolerance.
 *
 * Knobs: PROPERTY_RUNS (default 30), PROPERTY_SEED and PROPERTY_PATH (replay what fast-check
 * prints), PROPERTY_REPLAY='[...]' (the printed counterexample, run once as is).
 */

const HOUR = 3600;
const DAY = 24 * HOUR;
const YEAR_SECONDS = 365 * DAY;
/** Acts generated a run, at most. Acts on certificates, objections or findings are skipped while
 * none exists (see Step.check), so a run executes up to about 30. */
const MAX_COMMANDS = 40;

const SCOPE = hashOf("scope");
const EVIDENCE = hashOf("evidence");
const LICENCE_SCOPE = hashOf("licence scope");
const LICENCE_EVIDENCE = hashOf("licence evidence");
const DEED = hashOf("transfer deed");
const AMENDED_SCOPE = hashOf("amended scope");
const AMENDED_EVIDENCE = hashOf("amended evidence");
const REASON = hashOf("reason");
const AGREEMENT = hashOf("loan agreement");
const CLAIM = hashOf("ownership claim");
const DECISION = hashOf("decision");
const WITHDRAWN = hashOf("withdrawn");


// ----- the world a run starts from ----------------------------------------------------------

type ActorName = "provider" | "otherProvider" | "buyer" | "lawFirm" | "institute" | "financier" | "auditor" | "stranger";
const ACTORS: ActorName[] = ["provider", "otherProvider", "buyer", "lawFirm", "institute", "financier", "auditor", "stranger"];

type ProductAttributes = Required<Pick<ProductOptions, "sourceCategory" | "classification" | "containsPersonalInfo">>;
const attributes = (sourceCategory: number, classification: number, containsPersonalInfo = false): ProductAttributes =>
  ({ sourceCategory, classification, containsPersonalInfo });

/** Registered in this order, so product ids run from 1. Their policies differ (docs/domain.md defaults):
 * 1 needs LegalCompliance and Quality; 2 adds SecurityRisk (Important); 3 adds
 * PersonalInfoProtection (Personal source); 4 is Core; 5 needs all four (Important, personal information). */
const PRODUCTS: { provider: ActorName; options: ProductAttributes }[] = [
  { provider: "provider", options: attributes(SourceCategory.Enterprise, Classification.General) },
  { provider: "provider", options: attributes(SourceCategory.Enterprise, Classification.Important) },
  { provider: "otherProvider", options: attributes(SourceCategory.Personal, Classification.General) },
  { provider: "provider", options: attributes(SourceCategory.Public, Classification.Core) },
  { provider: "otherProvider", options: attributes(SourceCategory.Public, Classification.Important, true) },
];
/** An id no product has. */
const UNKNOWN_PRODUCT = PRODUCTS.length + 1;

/** The registry fixture plus the products above. */
async function propertyFixture(): Promise<RegistryFixture> {
  const fixture = await registryFixture();
  for (const [index, { provider, options }] of PRODUCTS.entries()) {
    await registerProduct(fixture, { ...options, contentHash: hashOf(`content ${index + 1}`) }, fixture[provider]);
  }
  return fixture;
}

interface Real {
  fixture: RegistryFixture;
  chainId: bigint;
  addresses: Record<RegistryName, string>;
}

async function setUp(): Promise<{ model: RegistryModel; real: Real }> {
  const fixture = await loadFixture(propertyFixture);
  const model = new RegistryModel(await now(), fixture.registrar.address);
  for (const name of ACTORS) {
    const { status, kinds, assessmentKinds, accreditedUntil } = await fixture.participants.participant(fixture[name].address);
    model.participants.set(fixture[name].address, {
      status: Number(status), kinds: Number(kinds), assessmentKinds: Number(assessmentKinds), accreditedUntil,
    });
  }
  for (const [index, { provider, options }] of PRODUCTS.entries()) {
    const id = BigInt(index + 1);
    model.products.set(id, { provider: fixture[provider].address, ...options, status: ProductStatus.Registered, openObjections: 0 });
    // 5. The exchange's policy is docs/domain.md's default. Product attributes never change, so once is enough.
    expect(Number(await fixture.assessments.requiredKinds(id)), `kinds required of product ${id}`).to.equal(kindsMask(model.requiredKinds(id)));
  }
  const real = {
    fixture,
    chainId: (await ethers.provider.getNetwork()).chainId,
    addresses: {
      certificates: await fixture.certificates.getAddress(), products: await fixture.products.getAddress(), assessments: await fixture.assessments.getAddress(),
    },
  };
  return { model, real };
}

// ----- actions ------------------------------------------------------------------------------

type HolderName = "provider" | "otherProvider" | "buyer" | "stranger";
type CategoryName = keyof typeof RightCategory;
type KindName = keyof typeof AssessmentKind;
/** An expiry relative to the act's block time, to the parent's expiry, or none. */
type Expiry = { from: "now" | "parent"; seconds: number } | { from: "never" };

type Action =
  | { act: "issue"; product: number; category: CategoryName; holder: HolderName; expiry: Expiry }
  | { act: "license"; parent: Ref; category: CategoryName; holder: HolderName; expiry: Expiry }
  | { act: "renew"; certificate: Ref; bySeconds: number }
  | { act: "suspend"; certificate: Ref }
  | { act: "reinstate"; certificate: Ref }
  | { act: "revoke"; certificate: Ref }
  | { act: "amend"; certificate: Ref }
  | { act: "surrender"; certificate: Ref; by: "holder" | "stranger" }
  | { act: "pledge"; certificate: Ref; by: "holder" | "stranger"; to: "financier" | "buyer" }
  | { act: "release"; certificate: Ref; by: "financier" | "stranger" }
  | { act: "reissue"; certificate: Ref; to: HolderName }
  | { act: "transfer"; certificate: Ref; method: "transferFrom" | "safeTransferFrom" | "approve"; to: HolderName }
  | { act: "object"; book: ObjectionBookName; target: Ref; by: "auditor" | "buyer" | "stranger" }
  | { act: "resolve"; book: ObjectionBookName; objection: Ref; upheld: boolean }
  | {
    act: "assess"; product: number; kind: KindName; passed: boolean; expiresIn: number; assessor: "accredited" | "other";
    path: "direct" | "signed" | "expiredSignature" | "forgedSignature" | "wrongNonce";
  }
  | { act: "assessAll"; product: number; expiresIn: number }
  | { act: "revokeAssessment"; assessment: Ref; by: "assessor" | "registrar" | "stranger" }
  | { act: "certify"; product: number }
  | { act: "list"; product: number }
  | { act: "delist"; product: number }
  | { act: "suspendProduct"; product: number }
  | { act: "reinstateProduct"; product: number }
  | { act: "advance"; seconds: number };

function weighted<const T>(...choices: [T, number][]): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([value, weight]) => ({ weight, arbitrary: fc.constant(value) })));
}

/**
 * One of the existing certificates, objections or findings: an index taken modulo their number
 * when the act runs, so acts mostly hit existing objects; "unknown" is the next id, not yet used.
 */
type Ref = number | "unknown";
const ref: fc.Arbitrary<Ref> = fc.oneof({ weight: 20, arbitrary: fc.nat(15) }, { weight: 1, arbitrary: fc.constant("unknown" as const) });
const resolve = (picked: Ref, count: number): bigint => BigInt(picked === "unknown" || count === 0 ? count + 1 : (picked % count) + 1);

/** Product ids, biased towards the General product (the cheapest policy to meet). */
const productId = fc.oneof(
  { weight: 12, arbitrary: fc.constant(1) }, { weight: 4, arbitrary: fc.constant(2) }, { weight: 4, arbitrary: fc.constant(3) },
  { weight: 2, arbitrary: fc.constant(4) }, { weight: 4, arbitrary: fc.constant(5) }, { weight: 1, arbitrary: fc.constant(UNKNOWN_PRODUCT) },
);
const holderName: fc.Arbitrary<HolderName> = weighted(["provider", 3], ["otherProvider", 2], ["buyer", 3], ["stranger", 1]);
const pastOrNow = fc.integer({ min: -HOUR, max: 0 });

const issueExpiry: fc.Arbitrary<Expiry> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ from: fc.constant("now" as const), seconds: fc.integer({ min: HOUR, max: 5 * YEAR_SECONDS }) }) },
  { weight: 2, arbitrary: fc.constant({ from: "never" as const }) },
  { weight: 1, arbitrary: fc.record({ from: fc.constant("now" as const), seconds: pastOrNow }) },
);
/** Often beyond the parent's expiry, to check the bound. */
const licenceExpiry: fc.Arbitrary<Expiry> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ from: fc.constant("now" as const), seconds: fc.integer({ min: HOUR, max: 3 * YEAR_SECONDS }) }) },
  { weight: 3, arbitrary: fc.record({ from: fc.constant("parent" as const), seconds: fc.integer({ min: -YEAR_SECONDS, max: YEAR_SECONDS }) }) },
  { weight: 1, arbitrary: fc.record({ from: fc.constant("now" as const), seconds: pastOrNow }) },
);

/** For each product id, the kinds a finding on it is drawn from: mostly required ones. */
const assessedKind = (product: number): fc.Arbitrary<KindName> => {
  const required = product <= PRODUCTS.length ? defaultRequiredKinds(PRODUCTS[product - 1].options) : [AssessmentKind.LegalCompliance, AssessmentKind.Quality];
  const names = (Object.keys(AssessmentKind) as KindName[]).filter((name) => required.includes(AssessmentKind[name]));
  return fc.oneof({ weight: 8, arbitrary: fc.constantFrom(...names) }, { weight: 1, arbitrary: fc.constant("CrossBorderSecurity" as const) });
};

const seconds = (min: number, max: number) => fc.integer({ min, max });

type ActOf<Name extends Action["act"]> = Extract<Action, { act: Name }>;

/** One weighted choice of act `name`, its other fields drawn from `fields`. */
function act<Name extends Action["act"]>(
  weight: number, name: Name, fields: { [Field in Exclude<keyof ActOf<Name>, "act">]: fc.Arbitrary<ActOf<Name>[Field]> },
): fc.WeightedArbitrary<Action> {
  return { weight, arbitrary: fc.record({ act: fc.constant(name), ...fields }) as fc.Arbitrary<unknown> as fc.Arbitrary<Action> };
}

/** Weighted so that licences meet live parents, and certifications meet complete findings, often enough. */
const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  act(10, "issue", {
    product: productId, holder: holderName, expiry: issueExpiry,
    category: weighted<CategoryName>(["ResourceHolding", 4], ["ProductOperation", 2], ["ProcessingUse", 1]),
  }),
  act(14, "license", {
    parent: ref, holder: holderName, expiry: licenceExpiry,
    category: weighted<CategoryName>(["ProcessingUse", 4], ["ProductOperation", 2], ["ResourceHolding", 1]),
  }),
  act(3, "renew", { certificate: ref, bySeconds: seconds(-30 * DAY, 2 * YEAR_SECONDS) }),
  act(2, "suspend", { certificate: ref }),
  act(2, "reinstate", { certificate: ref }),
  act(1, "revoke", { certificate: ref }),
  act(1, "amend", { certificate: ref }),
  act(1, "surrender", { certificate: ref, by: weighted(["holder", 4], ["stranger", 1]) }),
  act(2, "pledge", { certificate: ref, by: weighted(["holder", 5], ["stranger", 1]), to: weighted(["financier", 5], ["buyer", 1]) }),
  act(2, "release", { certificate: ref, by: weighted(["financier", 4], ["stranger", 1]) }),
  act(2, "reissue", { certificate: ref, to: holderName }),
  act(1, "transfer", { certificate: ref, method: weighted(["transferFrom", 1], ["safeTransferFrom", 1], ["approve", 1]), to: holderName }),
  act(3, "object", {
    book: weighted<ObjectionBookName>(["certificates", 3], ["products", 2]), target: ref,
    by: weighted(["auditor", 3], ["buyer", 2], ["stranger", 1]),
  }),
  act(2, "resolve", { book: weighted<ObjectionBookName>(["certificates", 3], ["products", 2]), objection: ref, upheld: weighted([false, 2], [true, 1]) }),
  {
    weight: 9,
    arbitrary: productId.chain((product) => fc.record({
      act: fc.constant("assess" as const),
      product: fc.constant(product),
      kind: assessedKind(product),
      passed: weighted([true, 4], [false, 1]),
      expiresIn: fc.oneof({ weight: 8, arbitrary: seconds(HOUR, 2 * YEAR_SECONDS) }, { weight: 1, arbitrary: seconds(-DAY, 0) }),
      assessor: weighted(["accredited", 8], ["other", 1]),
      path: weighted(["direct", 5], ["signed", 5], ["expiredSignature", 1], ["forgedSignature", 1], ["wrongNonce", 1]),
    })),
  },
  act(4, "assessAll", { product: productId, expiresIn: seconds(HOUR, 2 * YEAR_SECONDS) }),
  act(1, "revokeAssessment", { assessment: ref, by: weighted(["assessor", 2], ["registrar", 2], ["stranger", 1]) }),
  act(6, "certify", { product: productId }),
  act(2, "list", { product: productId }),
  act(1, "delist", { product: productId }),
  act(1, "suspendProduct", { product: productId }),
  act(2, "reinstateProduct", { product: productId }),
  // From an hour to two years; mostly short, so lineages live long enough to be used.
  act(3, "advance", { seconds: fc.oneof({ weight: 3, arbitrary: seconds(HOUR, 30 * DAY) }, { weight: 1, arbitrary: seconds(30 * DAY, 2 * YEAR_SECONDS) }) }),
);

// ----- applying an act to both sides ---------------------------------------------------------

interface ExpectedEvent {
  contract: RegistryName;
  event: string;
  args: unknown[];
}

/** What the model says an act does: rejected with an error, accepted with events, or either (left out). */
type Prediction =
  | { outcome: "rejected"; rejection: Rejection }
  | { outcome: "accepted"; events: ExpectedEvent[]; absent?: ExpectedEvent[] }
  | { outcome: "either"; events: ExpectedEvent[] };

const predict = (rejection: Rejection | undefined, events: ExpectedEvent[], absent?: ExpectedEvent[]): Prediction =>
  rejection ? { outcome: "rejected", rejection } : { outcome: "accepted", events, absent };

const event = (contract: RegistryName, name: string, ...args: unknown[]): ExpectedEvent => ({ contract, event: name, args });

const isRevert = (error: unknown): boolean => error instanceof Error && /reverted/.test(error.message);

/**
 * Sends the act in a block mined at exactly `at` and checks the contract against the prediction.
 * Returns whether the act was accepted.
 */
async function settle(
  label: string, real: Real, at: bigint, send: () => Promise<ContractTransactionResponse>, prediction: Prediction,
): Promise<boolean> {
  const contractOf = (name: RegistryName): BaseContract => real.fixture[name];
  await time.setNextBlockTimestamp(at);
  const sent = send();
  if (prediction.outcome === "rejected") {
    const { contract, error, args } = prediction.rejection;
    try {
      await expect(sent).to.be.revertedWithCustomError(contractOf(contract), error).withArgs(...args);
    } catch (cause) {
      throw new Error(`${label}: the model rejects it with ${error}(${args.join(", ")}); ${(cause as Error).message}`);
    }
    return false;
  }
  if (prediction.outcome === "either") {
    try {
      await sent;
    } catch (cause) {
      if (!isRevert(cause)) throw cause;
      return false;
    }
  }
  try {
    for (const { contract, event: name, args } of prediction.events) {
      await expect(sent).to.emit(contractOf(contract), name).withArgs(...args);
    }
    for (const { contract, event: name } of prediction.outcome === "accepted" ? prediction.absent ?? [] : []) {
      await expect(sent).not.to.emit(contractOf(contract), name);
    }
  } catch (cause) {
    throw new Error(`${label}: the model accepts it; ${(cause as Error).message}`);
  }
  return true;
}

const clampExpiry = (value: bigint): bigint => (value < 0n ? 0n : value > NO_EXPIRY ? NO_EXPIRY : value);

/** The assessor accredited for `kind` in the fixture, or the other one. */
function assessorFor(fixture: RegistryFixture, kind: number, accredited: boolean): HardhatEthersSigner {
  const lawFirmKind = kind === AssessmentKind.LegalCompliance || kind === AssessmentKind.PersonalInfoProtection;
  return lawFirmKind === accredited ? fixture.lawFirm : fixture.institute;
}

async function perform(action: Action, model: RegistryModel, real: Real): Promise<void> {
  const { fixture } = real;
  const { certificates, products, assessments, registrar } = fixture;
  let label = JSON.stringify(action);
  if (action.act === "advance") {
    model.now += BigInt(action.seconds);
    await time.increase(action.seconds);
    return;
  }
  const at = model.now + 1n;
  const run = (send: () => Promise<ContractTransactionResponse>, prediction: Prediction) => settle(label, real, at, send, prediction);
  const nextCertificateId = BigInt(model.certificates.size + 1);

  switch (action.act) {
    case "issue": {
      const productId = BigInt(action.product);
      const holder = fixture[action.holder].address;
      const category = RightCategory[action.category];
      const expiresAt = action.expiry.from === "never" ? NO_EXPIRY : clampExpiry(at + BigInt(action.expiry.seconds));
      const rejection = model.checkIssue(holder, productId, category, expiresAt, at);
      if (model.isProductFrozen(productId)) expect(rejection, "the model lets a frozen product gain a right").to.not.equal(undefined);
      const accepted = await run(
        () => certificates.connect(registrar).issue(holder, productId, category, expiresAt, SCOPE, EVIDENCE),
        predict(rejection, [
          event("certificates", "Locked", nextCertificateId),
          event("certificates", "CertificateIssued", nextCertificateId, productId, holder, category, 0n, registrar.address, expiresAt, SCOPE, EVIDENCE),
        ]),
      );
      if (accepted) {
        model.mint({ holder, productId, category, parentId: 0n, predecessorId: 0n, expiresAt, scopeHash: SCOPE, evidenceHash: EVIDENCE });
      }
      break;
    }
    case "license": {
      // Among the certificates a licence can come out of (ResourceHolding or ProductOperation), whatever their state.
      const licensors = [...model.certificates].filter(([, certificate]) => certificate.category !== RightCategory.ProcessingUse).map(([id]) => id);
      const parentId = action.parent === "unknown" || licensors.length === 0 ? resolve(action.parent, model.certificates.size) : licensors[action.parent % licensors.length];
      label += ` (parent ${parentId})`;
      const parent = model.certificates.get(parentId);
      const holder = fixture[action.holder].address;
      const category = RightCategory[action.category];
      const expiresAt = action.expiry.from === "never" ? NO_EXPIRY
        : action.expiry.from === "parent" && parent ? clampExpiry(parent.expiresAt + BigInt(action.expiry.seconds))
        : clampExpiry(at + BigInt(action.expiry.seconds));
      const rejection = model.checkLicense(parentId, holder, category, expiresAt, at);
      // Criterion 4: a licence out of a frozen certificate, or of a frozen product, must be refused.
      if (parent && (parent.openObjections > 0 || model.isProductFrozen(parent.productId))) {
        expect(rejection, "the model licenses out of a frozen certificate or product").to.not.equal(undefined);
      }
      const accepted = await run(
        () => certificates.connect(registrar).license(parentId, holder, category, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
        predict(rejection, [
          event("certificates", "Locked", nextCertificateId),
          event("certificates", "CertificateIssued", nextCertificateId, parent?.productId, holder, category, parentId, registrar.address, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
        ]),
      );
      if (accepted) {
        model.mint({ holder, productId: parent!.productId, category, parentId, predecessorId: 0n, expiresAt, scopeHash: LICENCE_SCOPE, evidenceHash: LICENCE_EVIDENCE });
      }
      break;
    }
    case "renew": {
      const id = resolve(action.certificate, model.certificates.size);
      label += ` (certificate ${id})`;
      const certificate = model.certificates.get(id);
      const expiresAt = clampExpiry((certificate?.expiresAt ?? at) + BigInt(action.bySeconds));
      const accepted = await run(
        () => certificates.connect(registrar).renew(id, expiresAt),
        predict(model.checkRenew(id, expiresAt, at), [event("certificates", "CertificateRenewed", id, certificate?.expiresAt, expiresAt)]),
      );
      if (accepted) certificate!.expiresAt = expiresAt;
      break;
    }
    case "suspend":
    case "reinstate":
    case "revoke": {
      const id = resolve(action.certificate, model.certificates.size);
      label += ` (certificate ${id})`;
      const certificate = model.certificates.get(id);
      const status = { suspend: CertificateStatus.Suspended, reinstate: CertificateStatus.Active, revoke: CertificateStatus.Revoked }[action.act];
      const accepted = await run(
        () => certificates.connect(registrar)[action.act](id, REASON),
        predict(model.checkStatusChange(id, action.act), [event("certificates", "CertificateStatusChanged", id, certificate?.status, status, REASON)]),
      );
      if (accepted) certificate!.status = status;
      break;
    }
    case "surrender": {
      const id = resolve(action.certificate, model.certificates.size);
      label += ` (certificate ${id})`;
      const certificate = model.certificates.get(id);
      const caller = action.by === "stranger" ? fixture.stranger : await ethers.getSigner(certificate?.holder ?? fixture.provider.address);
      const accepted = await run(
        () => certificates.connect(caller).surrender(id),
        predict(model.checkSurrender(id, caller.address), [
          event("certificates", "CertificateStatusChanged", id, certificate?.status, CertificateStatus.Surrendered, ZERO_HASH),
        ]),
      );
      if (accepted) certificate!.status = CertificateStatus.Surrendered;
      break;
    }
    case "pledge": {
      const id = resolve(action.certificate, model.certificates.size);
      label += ` (certificate ${id})`;
      const certificate = model.certificates.get(id);
      const caller = action.by === "stranger" ? fixture.stranger : await ethers.getSigner(certificate?.holder ?? fixture.provider.address);
      const financier = fixture[action.to].address;
      const accepted = await run(
        () => certificates.connect(caller).pledge(id, financier, AGREEMENT),
        predict(model.checkPledge(id, caller.address, financier, at), [event("certificates", "CertificatePledged", id, financier, AGREEMENT)]),
      );
      if (accepted) certificate!.pledgee = financier;
      break;
    }
    case "release": {
      const id = resolve(action.certificate, model.certificates.size);
      label += ` (certificate ${id})`;
      const certificate = model.certificates.get(id);
      const caller = fixture[action.by];
      const accepted = await run(
        () => certificates.connect(caller).release(id),
        predict(model.checkRelease(id, caller.address), [event("certificates", "CertificateReleased", id, certificate?.pledgee)]),
      );
      if (accepted) certificate!.pledgee = ZERO_ADDRESS;
      break;
    }
    case "reissue":
    case "amend": {
      const id = resolve(action.certificate, model.certificates.size);
      label += ` (certificate ${id})`;
      const old = model.certificates.get(id);
      const holder = action.act === "reissue" ? fixture[action.to].address : old?.holder ?? fixture.provider.address;
      const [scopeHash, evidenceHash] = action.act === "reissue" ? [old?.scopeHash, DEED] : [AMENDED_SCOPE, AMENDED_EVIDENCE];
      const rejection = model.checkReplace(id, action.act === "reissue" ? holder : undefined, at);
      const events = [
        event("certificates", "CertificateStatusChanged", id, CertificateStatus.Active, CertificateStatus.Superseded, ZERO_HASH),
        event("certificates", "CertificateIssued", nextCertificateId, old?.productId, holder, old?.category, old?.parentId, registrar.address, old?.expiresAt, scopeHash, evidenceHash),
        event("certificates", "CertificateReplaced", id, nextCertificateId),
      ];
      // Left out (reported): whether a right may be transferred or changed while its product, or
      // the certificate it was licensed out of, is frozen by an open objection. The contracts
      // only check the certificate's own objections; the model accepts either outcome here.
      const prediction: Prediction = !rejection && model.touchesFrozen(id) ? { outcome: "either", events } : predict(rejection, events);
      const accepted = await run(
        () => action.act === "reissue"
          ? certificates.connect(registrar).reissue(id, holder, DEED)
          : certificates.connect(registrar).amend(id, AMENDED_SCOPE, AMENDED_EVIDENCE),
        prediction,
      );
      if (accepted) model.applyReplace(id, holder, scopeHash!, evidenceHash);
      break;
    }
    case "transfer": {
      const id = resolve(action.certificate, model.certificates.size);
      label += ` (certificate ${id})`;
      const from = await ethers.getSigner(model.certificates.get(id)?.holder ?? fixture.provider.address);
      const to = fixture[action.to].address;
      const rejection: Rejection = action.method === "approve" || model.certificates.has(id)
        ? { contract: "certificates", error: "RightsCertificateLocked", args: [id] }
        : { contract: "certificates", error: "ERC721NonexistentToken", args: [id] };
      await run(
        // approve is pure: send it as a transaction, as a wallet would.
        () => action.method === "approve" ? certificates.connect(from).approve.send(to, id)
          : action.method === "transferFrom" ? certificates.connect(from).transferFrom(from.address, to, id)
          : certificates.connect(from)["safeTransferFrom(address,address,uint256)"](from.address, to, id),
        { outcome: "rejected", rejection },
      );
      break;
    }
    case "object": {
      const targetId = resolve(action.target, action.book === "certificates" ? model.certificates.size : model.products.size);
      label += ` (target ${targetId})`;
      const claimant = fixture[action.by];
      const objectionId = BigInt(model.objections[action.book].length + 1);
      const accepted = await run(
        () => fixture[action.book].connect(claimant).lodgeObjection(targetId, CLAIM),
        predict(model.checkLodge(action.book, targetId, claimant.address, at), [
          event(action.book, "ObjectionLodged", objectionId, targetId, claimant.address, CLAIM),
        ]),
      );
      if (accepted) model.applyLodge(action.book, targetId);
      break;
    }
    case "resolve": {
      const objectionId = resolve(action.objection, model.objections[action.book].length);
      label += ` (objection ${objectionId})`;
      const rejection = model.checkResolve(action.book, objectionId);
      const targetId = model.objection(action.book, objectionId)?.targetId;
      // The status change upholding makes, if any, is known once the model has applied it.
      const statusEvent = action.book === "certificates" ? "CertificateStatusChanged" : "ProductStatusChanged";
      const before = targetId === undefined ? undefined
        : action.book === "certificates" ? model.certificates.get(targetId)!.status : model.products.get(targetId)!.status;
      const revokes = action.upheld && before !== undefined && (action.book === "certificates"
        ? before === CertificateStatus.Active || before === CertificateStatus.Suspended
        : before !== ProductStatus.Revoked);
      const revokedStatus = action.book === "certificates" ? CertificateStatus.Revoked : ProductStatus.Revoked;
      const events = [event(action.book, "ObjectionResolved", objectionId, targetId, action.upheld, DECISION)];
      const statusChange = event(action.book, statusEvent, targetId, before, revokedStatus, DECISION);
      const accepted = await run(
        () => fixture[action.book].connect(registrar).resolveObjection(objectionId, action.upheld, DECISION),
        predict(rejection, revokes ? [...events, statusChange] : events, revokes ? [] : [statusChange]),
      );
      if (accepted) model.applyResolve(action.book, objectionId, action.upheld);
      break;
    }
    case "assess": {
      const kind = AssessmentKind[action.kind];
      const assessor = assessorFor(fixture, kind, action.assessor === "accredited");
      const finding: FindingInput = { productId: BigInt(action.product), kind, passed: action.passed, expiresAt: clampExpiry(at + BigInt(action.expiresIn)) };
      const reportHash = hashOf(`report ${action.product}:${action.kind}:${action.expiresIn}`);
      const assessmentId = BigInt(model.findings.length + 1);
      const previousId = model.latestFinding(finding.productId, kind)?.id ?? 0n;
      const events = [
        event("assessments", "AssessmentRecorded", assessmentId, finding.productId, assessor.address, kind, finding.passed, finding.expiresAt, reportHash, previousId),
      ];
      const input = { ...finding, reportHash };
      let send: () => Promise<ContractTransactionResponse>;
      let rejection: Rejection | undefined;
      if (action.path === "direct") {
        rejection = model.checkRecord(assessor.address, finding, at);
        send = () => assessments.connect(assessor).record(input);
      } else {
        const signer = action.path === "forgedSignature" ? fixture.stranger : assessor;
        const nonce = model.nonceOf(assessor.address) + (action.path === "wrongNonce" ? 1n : 0n);
        const deadline = action.path === "expiredSignature" ? at - 1n : at + BigInt(HOUR);
        const signature = await signer.signTypedData(
          { name: "datarights AssessmentRegistry", version: "1", chainId: real.chainId, verifyingContract: real.addresses.assessments },
          ASSESSMENT_TYPES,
          { assessor: assessor.address, ...input, nonce, deadline },
        );
        rejection = model.checkRecordBySig(assessor.address, signer.address, finding, nonce, deadline, at);
        // Anyone may submit a signed finding.
        send = () => assessments.connect(fixture.buyer).recordBySig(assessor.address, input, nonce, deadline, signature);
      }
      const accepted = await run(send, predict(rejection, events));
      if (accepted) model.applyRecord(assessor.address, finding, action.path !== "direct");
      break;
    }
    case "revokeAssessment": {
      const id = resolve(action.assessment, model.findings.length);
      label += ` (finding ${id})`;
      const finding = model.findings[Number(id) - 1];
      const caller = action.by === "registrar" ? registrar : action.by === "stranger" ? fixture.stranger
        : await ethers.getSigner(finding?.assessor ?? fixture.lawFirm.address);
      const accepted = await run(
        () => assessments.connect(caller).revoke(id, WITHDRAWN),
        predict(model.checkRevokeFinding(id, caller.address), [event("assessments", "AssessmentRevoked", id, finding?.productId, caller.address, WITHDRAWN)]),
      );
      if (accepted) finding.revoked = true;
      break;
    }
    case "certify":
    case "list":
    case "delist": {
      const productId = BigInt(action.product);
      const product = model.products.get(productId);
      const [rejection, status] = action.act === "certify" ? [model.checkCertify(productId, at), ProductStatus.Certified]
        : action.act === "list" ? [model.checkList(productId, at), ProductStatus.Listed]
        : [model.checkDelist(productId), ProductStatus.Delisted];
      // Criterion 4: a frozen product must never be certified (nor listed).
      if (model.isProductFrozen(productId) && action.act !== "delist") {
        expect(rejection, "the model certifies or lists a frozen product").to.not.equal(undefined);
      }
      const accepted = await run(
        // Only the listing book lists (with the listing's terms); the Registrar certifies and delists directly.
        () => action.act === "list"
          ? fixture.listings.connect(registrar).list(productId, RightCategory.ProcessingUse, YEAR_SECONDS, [jurisdiction("CN")])
          : products.connect(registrar)[action.act](productId),
        predict(rejection, [event("products", "ProductStatusChanged", productId, product?.status, status, ZERO_HASH)]),
      );
      if (accepted) product!.status = status;
      break;
    }
    case "suspendProduct":
    case "reinstateProduct": {
      const productId = BigInt(action.product);
      const product = model.products.get(productId);
      const suspend = action.act === "suspendProduct";
      const rejection = suspend ? model.checkSuspendProduct(productId) : model.checkReinstateProduct(productId);
      const status = suspend ? ProductStatus.Suspended : rejection ? 0 : model.reinstatedStatus(productId, at);
      label += ` (to ${status})`;
      const accepted = await run(
        () => suspend ? products.connect(registrar).suspend(productId, REASON) : products.connect(registrar).reinstate(productId, REASON),
        predict(rejection, [event("products", "ProductStatusChanged", productId, product?.status, status, REASON)]),
      );
      if (accepted) {
        if (suspend) product!.statusBeforeSuspension = product!.status;
        product!.status = status;
      }
      break;
    }
    case "assessAll":
      throw new Error("assessAll is expanded into assess acts before it runs");
  }
  model.now = at;
}

/**
 * `assessAll` stands for one passing finding of every kind the product requires, each by its
 * accredited assessor, alternately recorded directly and by signature: one act each.
 */
function expand(action: Action): Action[] {
  if (action.act !== "assessAll") return [action];
  const required = action.product <= PRODUCTS.length ? defaultRequiredKinds(PRODUCTS[action.product - 1].options) : [AssessmentKind.LegalCompliance];
  return required.map((kind, index) => ({
    act: "assess", product: action.product, kind: (Object.keys(AssessmentKind) as KindName[]).find((name) => AssessmentKind[name] === kind)!,
    passed: true, expiresIn: action.expiresIn, assessor: "accredited", path: index % 2 === 0 ? "direct" : "signed",
  }));
}

// ----- invariants, after every step ----------------------------------------------------------

/** Who was frozen before the step, for the event-level check of criterion 4. */
interface Frozen {
  certificates: Set<bigint>;
  products: Set<bigint>;
}

function frozenBefore(model: RegistryModel): Frozen {
  return {
    certificates: new Set([...model.certificates].filter(([, certificate]) => certificate.openObjections > 0).map(([id]) => id)),
    products: new Set([...model.products].filter(([, product]) => product.openObjections > 0).map(([id]) => id)),
  };
}

/** A certificate record as `certificate(id)` returns it. */
interface StoredCertificate {
  productId: bigint; category: bigint; status: bigint; expiresAt: bigint; parentId: bigint; predecessorId: bigint; successorId: bigint;
  holder: string; pledgee: string; openObjections: bigint; scopeHash: string; evidenceHash: string; openTrades: bigint;
}

/**
 * A view call straight to the in-process node, decoded with the contract's ABI. The ethers
 * bindings cost about 0.5 ms more a call, and every step reads dozens of views.
 */
async function read(real: Real, name: RegistryName, method: string, ...args: unknown[]): Promise<Result> {
  const abi: Interface = real.fixture[name].interface;
  const data = abi.encodeFunctionData(method, args);
  const returned = (await network.provider.request({ method: "eth_call", params: [{ to: real.addresses[name], data }, "latest"] })) as string;
  return abi.decodeFunctionResult(method, returned);
}

async function checkInvariants(model: RegistryModel, real: Real, frozen: Frozen): Promise<void> {
  const { certificates, products } = real.fixture;
  const latest = (await network.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { number: string; timestamp: string };
  expect(BigInt(latest.timestamp), "the act was not mined at the model's time").to.equal(model.now);

  const counts: bigint[] = [];
  for (const [name, method, ...args] of [
    ["certificates", "certificateCount"], ["assessments", "assessmentCount"], ["certificates", "objectionCount"], ["products", "objectionCount"],
    ["assessments", "nonces", real.fixture.lawFirm.address], ["assessments", "nonces", real.fixture.institute.address],
  ] as [RegistryName, string, ...string[]][]) {
    counts.push((await read(real, name, method, ...args))[0] as bigint);
  }
  expect(counts.map(Number), "certificate, assessment, objection counts and nonces").to.deep.equal([
    model.certificates.size, model.findings.length, model.objections.certificates.length, model.objections.products.length,
    Number(model.nonceOf(real.fixture.lawFirm.address)), Number(model.nonceOf(real.fixture.institute.address)),
  ]);

  const records: { id: bigint; owner: string; stored: StoredCertificate; validity: number }[] = [];
  for (const id of model.certificates.keys()) {
    records.push({
      id,
      owner: (await read(real, "certificates", "ownerOf", id))[0] as string,
      stored: ((await read(real, "certificates", "certificate", id))[0] as Result).toObject() as StoredCertificate,
      validity: Number((await read(real, "certificates", "validity", id))[0]),
    });
  }
  const productRecords: { id: bigint; status: number; openObjections: number; meetsPolicy: boolean; isCertified: boolean }[] = [];
  for (const id of model.products.keys()) {
    const stored = ((await read(real, "products", "product", id))[0] as Result).toObject();
    productRecords.push({
      id, status: Number(stored.status), openObjections: Number(stored.openObjections),
      meetsPolicy: (await read(real, "assessments", "meetsPolicy", id))[0] as boolean,
      isCertified: (await read(real, "products", "isCertified", id))[0] as boolean,
    });
  }
  const logs = (await network.provider.request({
    method: "eth_getLogs", params: [{ fromBlock: latest.number, toBlock: latest.number }],
  })) as { address: string; topics: string[]; data: string }[];

  const onChain = new Map(records.map((record) => [record.id, record]));
  const chainStandIn = (id: bigint): bigint => {
    let current = id;
    while (Number(onChain.get(current)!.stored.status) === CertificateStatus.Superseded) current = onChain.get(current)!.stored.successorId;
    return current;
  };
  for (const { id, owner, stored, validity } of records) {
    const expected = model.certificates.get(id)!;
    // 1. No certificate ever changes holder.
    expect(owner, `certificate ${id} changed holder`).to.equal(expected.holder);
    expect(stored.holder, `certificate ${id} record's holder`).to.equal(expected.holder);
    expect({
      productId: stored.productId, category: Number(stored.category), status: Number(stored.status), expiresAt: stored.expiresAt,
      parentId: stored.parentId, predecessorId: stored.predecessorId, successorId: stored.successorId, pledgee: stored.pledgee,
      openObjections: Number(stored.openObjections), scopeHash: stored.scopeHash, evidenceHash: stored.evidenceHash,
      openTrades: Number(stored.openTrades),
    }, `certificate ${id}`).to.deep.equal({
      productId: expected.productId, category: expected.category, status: expected.status, expiresAt: expected.expiresAt,
      parentId: expected.parentId, predecessorId: expected.predecessorId, successorId: expected.successorId, pledgee: expected.pledgee,
      openObjections: expected.openObjections, scopeHash: expected.scopeHash, evidenceHash: expected.evidenceHash,
      openTrades: expected.openTrades ?? 0,
    });

    // 2. A derived certificate never expires after its parent (or the parent's live successor), read from the chain.
    if (stored.parentId !== 0n) {
      const parent = onChain.get(chainStandIn(stored.parentId))!.stored;
      expect(stored.expiresAt <= parent.expiresAt, `certificate ${id} expires after its parent ${parent.parentId === 0n ? "" : "lineage "}certificate`).to.equal(true);
    }

    // 3. Any invalid live ancestor (read from the chain) invalidates the certificate, and the validity is the model's.
    const ownInvalid = Number(stored.status) !== CertificateStatus.Active || stored.expiresAt <= model.now;
    let ancestorInvalid = false;
    for (let parentId = stored.parentId; parentId !== 0n; ) {
      const ancestor = onChain.get(chainStandIn(parentId))!.stored;
      if (Number(ancestor.status) !== CertificateStatus.Active || ancestor.expiresAt <= model.now) ancestorInvalid = true;
      parentId = ancestor.parentId;
    }
    // A revoked product voids every right on it first; otherwise an invalid ancestor does.
    const productRevoked = model.products.get(stored.productId)?.status === ProductStatus.Revoked;
    if (productRevoked && !ownInvalid) expect(validity, `certificate ${id} of revoked product ${stored.productId}`).to.equal(VALIDITY_PRODUCT_REVOKED);
    else if (ancestorInvalid && !ownInvalid) expect(validity, `certificate ${id} under an invalid ancestor`).to.equal(Validity.AncestorInvalid);
    expect(validity, `validity of certificate ${id}`).to.equal(model.validity(id, model.now));
  }

  for (const { id, status, openObjections, meetsPolicy, isCertified } of productRecords) {
    const expected = model.products.get(id)!;
    expect([status, openObjections], `product ${id} status and open objections`).to.deep.equal([expected.status, expected.openObjections]);
    // 5. Certified exactly when the docs/domain.md policy is met now.
    expect(meetsPolicy, `policy of product ${id}`).to.equal(model.meetsPolicy(id, model.now));
    expect(isCertified, `certification of product ${id}`).to.equal(model.isCertified(id, model.now));
  }

  // 4. Nothing frozen before this step gained a licence, an initial right or a certification in it.
  const parse = (contract: BaseContract, address: string) => logs
    .filter((log) => log.address.toLowerCase() === address.toLowerCase())
    .map((log) => contract.interface.parseLog(log))
    .filter((parsed) => parsed !== null);
  const certificateEvents = parse(certificates, real.addresses.certificates);
  const successors = new Set(certificateEvents.filter((parsed) => parsed.name === "CertificateReplaced").map((parsed) => parsed.args.successorId as bigint));
  for (const { name, args } of certificateEvents) {
    if (name !== "CertificateIssued" || successors.has(args.tokenId as bigint)) continue;
    expect(frozen.products.has(args.productId as bigint), `certificate ${args.tokenId} was issued on frozen product ${args.productId}`).to.equal(false);
    expect(frozen.certificates.has(args.parentId as bigint), `certificate ${args.tokenId} was licensed out of frozen certificate ${args.parentId}`).to.equal(false);
  }
  for (const { name, args } of parse(products, real.addresses.products)) {
    if (name !== "ProductStatusChanged" || Number(args.status) !== ProductStatus.Certified) continue;
    expect(frozen.products.has(args.productId as bigint), `frozen product ${args.productId} was certified`).to.equal(false);
  }
}

// ----- the property -------------------------------------------------------------------------

class Step implements fc.AsyncCommand<RegistryModel, Real> {
  constructor(readonly action: Action) {}

  /** Acts on existing objects wait until one exists (an explicit "unknown" reference always runs). */
  check(model: Readonly<RegistryModel>): boolean {
    const action = this.action;
    switch (action.act) {
      case "license": return action.parent === "unknown" || model.certificates.size > 0;
      case "object": return action.book === "products" || action.target === "unknown" || model.certificates.size > 0;
      case "resolve": return action.objection === "unknown" || model.objections[action.book].length > 0;
      case "revokeAssessment": return action.assessment === "unknown" || model.findings.length > 0;
      default: return !("certificate" in action) || action.certificate === "unknown" || model.certificates.size > 0;
    }
  }

  async run(model: RegistryModel, real: Real): Promise<void> {
    for (const action of expand(this.action)) {
      const frozen = frozenBefore(model);
      await perform(action, model, real);
      try {
        await checkInvariants(model, real, frozen);
      } catch (error) {
        if (error instanceof Error) error.message = `after ${JSON.stringify(action)}: ${error.message}`;
        throw error;
      }
    }
  }

  /** JSON, so a printed counterexample can be replayed with PROPERTY_REPLAY. */
  toString(): string {
    return JSON.stringify(this.action);
  }
}

describe("registry contracts under random histories (model-based, fast-check)", function () {
  this.timeout(600_000);

  it("agree with the model after every act: holders fixed, licences within their parents, validity through ancestors, freezes, certification exactly on policy", async () => {
    if (process.env.PROPERTY_REPLAY) {
      const actions = JSON.parse(process.env.PROPERTY_REPLAY.replace(/\/\*[\s\S]*?\*\//g, "")) as Action[];
      const { model, real } = await setUp();
      for (const action of actions) await new Step(action).run(model, real);
      return;
    }
    const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
    await fc.assert(
      fc.asyncProperty(fc.commands([actionArbitrary.map((action) => new Step(action))], { maxCommands: MAX_COMMANDS, size: "max" }), async (steps) => {
        const { model, real } = await setUp();
        await fc.asyncModelRun(() => ({ model, real }), steps);
      }),
      { numRuns: Number(process.env.PROPERTY_RUNS ?? 30), seed, path: process.env.PROPERTY_PATH, endOnFailure: process.env.PROPERTY_PATH !== undefined },
    );
  });
});
