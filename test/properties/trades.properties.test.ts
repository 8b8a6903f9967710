import { expect } from "chai";
import fc from "fast-check";
import { ethers, network } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse, Interface, Result } from "ethers";
import {
  AssessmentKind, CertificateStatus, Classification, DEAL_TYPES, Kind, ParticipantStatus, ProductStatus, RightCategory, SourceCategory, TradeStatus, Validity, YEAR,
  assessBase, currencyCode, hashOf, issueHolding, jurisdiction, listedProduct, now, registerProduct, registryFixture,
} from "../fixtures";
import type { DealValues, RegistryFixture } from "../fixtures";
import { tradeDomain } from "../../src/sdk/eip712";
import type { Eip712Domain } from "../../src/sdk/eip712";
import { ZERO_ADDRESS, ZERO_HASH } from "./model";
import { TradeModel } from "./tradeModel";
import type { ContractName, DealTerms, Rejection } from "./tradeModel";

/**
 * Model-based property tests of the trade ledger over random trade sequences. fast-check
 * generates histories of deals (valid and invalid: wrong jurisdiction, cross-border with and
 * without a CrossBorderSecurity assessment, Core products, pledged seller rights, unaccredited or
 * suspended buyers, replayed nonces, licences too long), deliveries, receipts, disputes by either
 * party and their resolution, cancellations, assessments recorded and revoked, suspensions,
 * pledges, delistings, attempts to list or grant rights on Core data, and time passing. Every act
 * must be accepted exactly when the model in ./tradeModel.ts accepts it, or else revert with one of
 * the errors the model predicts; after every act the ledger must agree with the model, and these
 * properties are checked against the chain itself:
 *   1. a trade that completes has a buyer's certificate held by its buyer, valid at completion,
 *      whose parent chain (a superseded ancestor stood in for by its successor) reaches the
 *      seller's certificate of the deal;
 *   2. a trade whose buyer is outside the product's jurisdiction is confirmed only while the
 *      product has a passed, unrevoked, unexpired CrossBorderSecurity assessment, and a
 *      cross-border trade completes only if it was confirmed so;
 *   3. no Core product is ever listed or traded;
 *   4. a disputed trade mints nothing: while Disputed its buyerCertificateId is 0 and no act
 *      mints a certificate for it; once upheld (Annulled) no certificate is ever minted for it;
 *      a rejected dispute completes it with a certificate.
 * Every act is mined at exactly `model.now + 1`, so expiries are compared without tolerance.
 *
 * Knobs: PROPERTY_RUNS (default 25), PROPERTY_SEED and PROPERTY_PATH (replay what fast-check
 * prints), PROPERTY_REPLAY='[...]' (the printed counterexample, run once as is).
 */

const HOUR = 3600;
const DAY = 24 * HOUR;
const RUNS = Number(process.env.PROPERTY_RUNS ?? 25);
/** Acts generated a run, at most; acts on trades wait for a trade to exist, so fewer run. */
const MAX_COMMANDS = 100;

const PRICE = 1_000_000n;
const CNY = currencyCode("CNY");
const TERMS = hashOf("terms");
const PURPOSE = hashOf("credit scoring");
const DELIVERY = hashOf("delivered file");
const REASON = hashOf("dispute reason");
const RESOLUTION = hashOf("arbitration award");
const AGREEMENT = hashOf("loan agreement");
const CROSS_BORDER_REPORT = hashOf("cross-border security report");
const WITHDRAWN = hashOf("finding withdrawn");
const SUSPENSION = hashOf("suspension reason");

// ----- the market a run starts from -------------------------------------------------------

/** Three listed products and a Core one:
 * A — provider's, CN, listed for CN and HK buyers, sold under a ResourceHolding right, with a
 *     CrossBorderSecurity finding valid for 30 days;
 * B — otherProvider's, registered from HK, listed for HK and CN buyers (so CN buyers are
 *     cross-border), sold under a ResourceHolding right, no CrossBorderSecurity finding;
 * C — provider's, CN, listed for CN buyers only, sold under a ProductOperation right that lapses
 *     after 200 days;
 * core — provider's Core data: assessed, but never certifiable for listing, listable, and no right on it. */
type ProductName = "A" | "B" | "C" | "core";
type TradableName = Exclude<ProductName, "core">;
const TRADABLE: TradableName[] = ["A", "B", "C"];

interface MarketFixture extends RegistryFixture {
  /** A Hong Kong fund accredited as a Buyer for 90 days only. */
  hkFund: HardhatEthersSigner;
  productIds: Record<ProductName, bigint>;
  /** The certificate each product is sold under; Core data has none, so a Core deal names A's. */
  sellingRights: Record<ProductName, bigint>;
}

async function marketFixture(): Promise<MarketFixture> {
  const fixture = await registryFixture();
  const { participants, products, certificates, assessments, listings, registrar, provider, otherProvider, institute } = fixture;
  const start = await now();
  const hkFund = fixture.stranger;
  await participants.connect(registrar).accredit(
    hkFund.address, Kind.Buyer, 0, jurisdiction("HK"), hashOf("hk fund dossier"), start + 90n * BigInt(DAY),
  );
  await participants.connect(registrar).accredit(
    otherProvider.address, Kind.Provider | Kind.Buyer, 0, jurisdiction("HK"), hashOf("hk provider dossier"), start + 10n * YEAR,
  );

  const a = await listedProduct(fixture, { contentHash: hashOf("product A") }, ["CN", "HK"]);

  const b = await registerProduct(fixture, { contentHash: hashOf("product B") }, otherProvider);
  await assessBase(fixture, b);
  await products.connect(registrar).certify(b);
  const bRight = await issueHolding(fixture, b, otherProvider);
  await listings.connect(registrar).list(b, RightCategory.ProcessingUse, YEAR, [jurisdiction("HK"), jurisdiction("CN")]);

  const c = await registerProduct(fixture, { contentHash: hashOf("product C") });
  await assessBase(fixture, c);
  await products.connect(registrar).certify(c);
  await certificates.connect(registrar).issue(
    provider.address, c, RightCategory.ProductOperation, (await now()) + 200n * BigInt(DAY), hashOf("scope"), hashOf("evidence"),
  );
  const cRight = await certificates.certificateCount();
  await listings.connect(registrar).list(c, RightCategory.ProcessingUse, 120n * BigInt(DAY), [jurisdiction("CN")]);

  const core = await registerProduct(fixture, {
    contentHash: hashOf("core data"), classification: Classification.Core, sourceCategory: SourceCategory.Public,
  });
  await assessBase(fixture, core);

  await assessments.connect(institute).record({
    productId: a.productId, kind: AssessmentKind.CrossBorderSecurity, passed: true, expiresAt: (await now()) + 30n * BigInt(DAY),
    reportHash: CROSS_BORDER_REPORT,
  });
  return {
    ...fixture, hkFund, productIds: { A: a.productId, B: b, C: c, core },
    sellingRights: { A: a.holdingId, B: bRight, C: cRight, core: a.holdingId },
  };
}

type ActorName = "registrar" | "arbiter" | "provider" | "otherProvider" | "buyer" | "hkFund" | "lawFirm" | "institute" | "financier" | "auditor";
const ACTORS: ActorName[] = ["registrar", "arbiter", "provider", "otherProvider", "buyer", "hkFund", "lawFirm", "institute", "financier", "auditor"];

interface Real {
  fixture: MarketFixture;
  domain: Eip712Domain;
  addresses: Record<ContractName, string>;
  signers: Map<string, HardhatEthersSigner>;
  /** What the chain showed after the previous act: the properties compare against it. */
  observed: Observed;
}

interface ObservedTrade {
  status: number;
  buyerCertificateId: bigint;
  dealDigest: string;
  crossBorder: boolean;
  /** Whether the product had a satisfied CrossBorderSecurity finding when the trade was confirmed. */
  crossBorderAssessedAtConfirmation: boolean;
}

interface Observed {
  trades: Map<bigint, ObservedTrade>;
  certificateCount: bigint;
}

async function setUp(): Promise<{ model: TradeModel; real: Real }> {
  const fixture = await loadFixture(marketFixture);
  const { participants, products, certificates, assessments, listings, trades } = fixture;
  const model = new TradeModel(await now(), fixture.registrar.address, fixture.arbiter.address);
  for (const name of ACTORS) {
    const account = fixture[name].address;
    const { status, kinds, assessmentKinds, accreditedUntil, jurisdiction: code } = await participants.participant(account);
    model.participants.set(account, { status: Number(status), kinds: Number(kinds), assessmentKinds: Number(assessmentKinds), accreditedUntil });
    model.jurisdictions.set(account, code);
  }
  for (let id = 1n; id <= (await products.productCount()); id++) {
    const product = await products.product(id);
    model.products.set(id, {
      provider: product.provider, sourceCategory: Number(product.sourceCategory), classification: Number(product.classification),
      containsPersonalInfo: product.containsPersonalInfo, status: Number(product.status), openObjections: Number(product.openObjections),
    });
    model.contentHashes.set(id, product.contentHash);
    model.productJurisdictions.set(id, product.jurisdiction);
    if (product.status === BigInt(ProductStatus.Listed)) {
      const listing = await listings.listing(id);
      model.listings.set(id, {
        rightOffered: Number(listing.rightOffered), licenceDuration: listing.licenceDuration,
        permittedJurisdictions: [...listing.permittedJurisdictions],
      });
    }
  }
  for (let id = 1n; id <= (await certificates.certificateCount()); id++) {
    const stored = await certificates.certificate(id);
    model.certificates.set(id, {
      holder: stored.holder, productId: stored.productId, category: Number(stored.category), parentId: stored.parentId,
      predecessorId: stored.predecessorId, successorId: stored.successorId, expiresAt: stored.expiresAt, status: Number(stored.status),
      pledgee: stored.pledgee, openObjections: Number(stored.openObjections), scopeHash: stored.scopeHash, evidenceHash: stored.evidenceHash,
      openTrades: Number(stored.openTrades),
    });
  }
  for (let id = 1n; id <= (await assessments.assessmentCount()); id++) {
    const finding = await assessments.assessment(id);
    model.findings.push({
      assessor: finding.assessor, productId: finding.productId, kind: Number(finding.kind), passed: finding.passed,
      revoked: finding.revoked, expiresAt: finding.expiresAt, previousId: finding.previousId,
    });
    model.latest.set(`${finding.productId}:${Number(finding.kind)}`, id);
  }
  const addresses = {
    trades: await trades.getAddress(), certificates: await certificates.getAddress(), products: await products.getAddress(),
    listings: await listings.getAddress(), participants: await participants.getAddress(), assessments: await assessments.getAddress(),
  };
  const signers = new Map(ACTORS.map((name) => [fixture[name].address, fixture[name]]));
  const real: Real = {
    fixture, domain: tradeDomain((await ethers.provider.getNetwork()).chainId, addresses.trades), addresses, signers,
    observed: { trades: new Map(), certificateCount: BigInt(model.certificates.size) },
  };
  return { model, real };
}

// ----- actions ------------------------------------------------------------------------------

type BuyerName = "buyer" | "hkFund" | "provider" | "otherProvider" | "lawFirm";
type SuspendableName = "buyer" | "hkFund" | "otherProvider";
const SUSPENDABLE: SuspendableName[] = ["buyer", "hkFund", "otherProvider"];
/** The newest trade the act suits (a Confirmed one to deliver, a Disputed one to resolve...), one
 * of the trades counted from the newest (0 is the latest), or the next id, not yet used. */
type TradeRef = "suited" | number | "unknown";
/** A licence expiry inside the allowed span (per mille of it), past its limit, or already lapsed. */
type LicenceChoice = { kind: "within"; perMille: number } | { kind: "beyond"; seconds: number } | { kind: "lapsed" };

type Action =
  | {
    act: "confirm"; product: ProductName; buyer: BuyerName; seller: "owner" | "licensee"; flag: "honest" | "flipped";
    licence: LicenceChoice; nonce: "fresh" | "replayed";
  }
  | { act: "deliver"; trade: TradeRef; by: "seller" | "buyer" }
  | { act: "confirmReceipt"; trade: TradeRef; by: "buyer" | "seller" }
  | { act: "dispute"; trade: TradeRef; by: "seller" | "buyer" | "auditor" }
  | { act: "resolveDispute"; trade: TradeRef; upheld: boolean; by: "arbiter" | "registrar" }
  | { act: "cancel"; trade: TradeRef; by: "seller" | "buyer" | "auditor" }
  | { act: "advance"; seconds: number }
  | { act: "assessCrossBorder"; product: ProductName; passed: boolean; expiresIn: number }
  | { act: "revokeCrossBorder"; product: ProductName }
  | { act: "suspend"; who: SuspendableName }
  | { act: "reinstate"; who: SuspendableName | "suspended" }
  | { act: "reaccredit"; who: SuspendableName | "lapsed" }
  | { act: "pledge"; product: TradableName }
  | { act: "release"; product: TradableName | "pledged" }
  | { act: "delist"; product: TradableName }
  | { act: "relist"; product: TradableName }
  | { act: "tryCore"; how: "list" | "relist" | "issueRight" }
  | { act: "withdrawRight"; product: TradableName; how: "surrender" | "reissue" | "amend" }
  | { act: "raiseFloor"; who: "provider" | "otherProvider" | "buyer" | "hkFund"; by: number };

/** Who acts on a trade: one of its parties, or someone else. */
type TradeCaller = "seller" | "buyer" | Extract<ActorName, "auditor" | "arbiter" | "registrar">;

type ActOf<Name extends Action["act"]> = Extract<Action, { act: Name }>;
type TradeAct = Extract<Action, { trade: TradeRef }>["act"];

function weighted<const T>(...choices: [T, number][]): fc.Arbitrary<T> {
  return fc.oneof(...choices.map(([value, weight]) => ({ weight, arbitrary: fc.constant(value) })));
}

/** One weighted choice of act `name`, its other fields drawn from `fields`. */
function act<Name extends Action["act"]>(
  weight: number, name: Name, fields: { [Field in Exclude<keyof ActOf<Name>, "act">]: fc.Arbitrary<ActOf<Name>[Field]> },
): fc.WeightedArbitrary<Action> {
  return { weight, arbitrary: fc.record({ act: fc.constant(name), ...fields }) as fc.Arbitrary<unknown> as fc.Arbitrary<Action> };
}

/** Mostly the latest few trades, where the action is. */
const tradeRef: fc.Arbitrary<TradeRef> = fc.oneof(
  { weight: 12, arbitrary: fc.constant("suited" as const) }, { weight: 4, arbitrary: fc.nat(2) }, { weight: 2, arbitrary: fc.nat(12) },
  { weight: 1, arbitrary: fc.constant("unknown" as const) },
);
const productName = weighted<ProductName>(["A", 5], ["B", 4], ["C", 3], ["core", 2]);
const tradableName = weighted<TradableName>(["A", 2], ["B", 2], ["C", 1]);
const suspendable = weighted<SuspendableName>(["buyer", 1], ["hkFund", 1], ["otherProvider", 1]);
const seconds = (min: number, max: number) => fc.integer({ min, max });
const licenceChoice: fc.Arbitrary<LicenceChoice> = fc.oneof(
  { weight: 14, arbitrary: fc.record({ kind: fc.constant("within" as const), perMille: fc.integer({ min: 20, max: 1000 }) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("beyond" as const), seconds: seconds(1, 30 * DAY) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "lapsed" as const }) },
);

/** Weighted so that deals are confirmed and carried through to completion or dispute often enough. */
const actionArbitrary: fc.Arbitrary<Action> = fc.oneof(
  act(16, "confirm", {
    product: productName,
    buyer: weighted<BuyerName>(["buyer", 4], ["hkFund", 4], ["provider", 1], ["otherProvider", 2], ["lawFirm", 1]),
    seller: weighted(["owner", 12], ["licensee", 1]),
    flag: weighted(["honest", 12], ["flipped", 1]),
    licence: licenceChoice,
    nonce: weighted(["fresh", 12], ["replayed", 1]),
  }),
  act(8, "deliver", { trade: tradeRef, by: weighted(["seller", 6], ["buyer", 1]) }),
  act(8, "confirmReceipt", { trade: tradeRef, by: weighted(["buyer", 6], ["seller", 1]) }),
  act(6, "dispute", { trade: tradeRef, by: weighted(["seller", 3], ["buyer", 3], ["auditor", 1]) }),
  // Rejections more often than upholdings: a rejection can still fail (the grant's checks apply).
  act(6, "resolveDispute", { trade: tradeRef, upheld: weighted([false, 3], [true, 2]), by: weighted(["arbiter", 8], ["registrar", 1]) }),
  act(4, "cancel", { trade: tradeRef, by: weighted(["seller", 4], ["buyer", 4], ["auditor", 1]) }),
  // From an hour to four months: enough to lapse findings, the HK fund's accreditation and right C.
  act(6, "advance", { seconds: fc.oneof({ weight: 3, arbitrary: seconds(HOUR, 5 * DAY) }, { weight: 1, arbitrary: seconds(10 * DAY, 120 * DAY) }) }),
  act(5, "assessCrossBorder", {
    product: productName, passed: weighted([true, 4], [false, 1]),
    expiresIn: fc.oneof({ weight: 1, arbitrary: seconds(HOUR, 3 * DAY) }, { weight: 3, arbitrary: seconds(10 * DAY, 200 * DAY) }),
  }),
  act(1, "revokeCrossBorder", { product: productName }),
  act(2, "suspend", { who: suspendable }),
  act(2, "reinstate", { who: fc.oneof({ weight: 3, arbitrary: fc.constant("suspended" as const) }, { weight: 1, arbitrary: suspendable }) }),
  act(2, "reaccredit", { who: fc.oneof({ weight: 3, arbitrary: fc.constant("lapsed" as const) }, { weight: 1, arbitrary: suspendable }) }),
  act(1, "pledge", { product: tradableName }),
  act(2, "release", { product: fc.oneof({ weight: 3, arbitrary: fc.constant("pledged" as const) }, { weight: 1, arbitrary: tradableName }) }),
  act(1, "delist", { product: tradableName }),
  act(1, "relist", { product: tradableName }),
  act(2, "tryCore", { how: weighted(["list", 2], ["relist", 1], ["issueRight", 1]) }),
  // The seller withdrawing or changing its right, mostly while trades are open on it.
  act(2, "withdrawRight", { product: tradableName, how: weighted(["amend", 4], ["reissue", 1], ["surrender", 1]) }),
  act(1, "raiseFloor", {
    who: weighted(["provider", 1], ["otherProvider", 1], ["buyer", 1], ["hkFund", 1]),
    by: fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 1, max: 3 }) }, { weight: 1, arbitrary: fc.integer({ min: -1, max: 0 }) }),
  }),
);

// ----- applying an act to both sides ---------------------------------------------------------

/** A revert, decoded with the ABI of whichever contract declares its error. */
interface DecodedRevert {
  error: string;
  args: unknown[];
}

const describeError = ({ error, args }: { error: string; args: unknown[] }): string => `${error}(${args.map(String).join(", ")})`;

const normalize = (value: unknown): unknown =>
  typeof value === "number" ? BigInt(value) : typeof value === "string" ? value.toLowerCase() : value;

function matches(expected: Rejection, actual: DecodedRevert): boolean {
  return expected.error === actual.error && expected.args.length === actual.args.length
    && expected.args.every((arg, index) => normalize(arg) === normalize(actual.args[index]));
}

function decodeRevert(real: Real, cause: unknown): DecodedRevert {
  const data = (cause as { data?: unknown }).data;
  if (!(cause instanceof Error) || !/revert/.test(cause.message) || typeof data !== "string") throw cause;
  for (const name of Object.keys(real.addresses) as ContractName[]) {
    const parsed = real.fixture[name].interface.parseError(data);
    if (parsed !== null) return { error: parsed.name, args: [...parsed.args] };
  }
  return { error: "undecoded", args: [data] };
}

/** Tally of outcomes over all runs, printed at the end: shows what the sequences exercised. */
const tally = new Map<string, number>();
const count = (key: string): void => {
  tally.set(key, (tally.get(key) ?? 0) + 1);
};

/**
 * Sends the act in a block mined at exactly `at`. It must succeed when the model predicts no
 * rejection, and otherwise revert with one of the predicted errors. Returns whether it succeeded.
 */
async function settle(
  label: string, real: Real, at: bigint, send: () => Promise<ContractTransactionResponse>, rejections: Rejection[],
): Promise<boolean> {
  await time.setNextBlockTimestamp(at);
  let revert: DecodedRevert | undefined;
  try {
    await send();
  } catch (cause) {
    revert = decodeRevert(real, cause);
  }
  if (rejections.length === 0) {
    if (revert !== undefined) throw new Error(`${label}: the model accepts it, but the contract reverted with ${describeError(revert)}`);
    return true;
  }
  const expected = rejections.map(describeError).join(" or ");
  if (revert === undefined) throw new Error(`${label}: the model rejects it with ${expected}, but the contract accepted it`);
  if (!rejections.some((rejection) => matches(rejection, revert))) {
    throw new Error(`${label}: the contract reverted with ${describeError(revert)}; the model expects ${expected}`);
  }
  count(`rejected: ${revert.error}`);
  return false;
}

/** The statuses each act on a trade is meant for; it is also tried on trades in others. */
const SUITED_STATUSES: Record<TradeAct, number[]> = {
  deliver: [TradeStatus.Confirmed],
  confirmReceipt: [TradeStatus.Delivered],
  dispute: [TradeStatus.Confirmed, TradeStatus.Delivered],
  resolveDispute: [TradeStatus.Disputed],
  cancel: [TradeStatus.Confirmed],
};

function resolveTrade(model: TradeModel, act: TradeAct, ref: TradeRef): bigint {
  const tradeCount = model.trades.length;
  if (ref === "suited") {
    const index = model.trades.findLastIndex((trade) => SUITED_STATUSES[act].includes(trade.status));
    return BigInt(index >= 0 ? index + 1 : tradeCount);
  }
  return BigInt(ref === "unknown" || tradeCount === 0 ? tradeCount + 1 : tradeCount - (ref % tradeCount));
}

/** What the step did, for the properties that depend on the act (a dispute resolved, say). */
interface Performed {
  act: Action["act"];
  tradeId?: bigint;
  upheld?: boolean;
  accepted: boolean;
}

async function perform(action: Action, model: TradeModel, real: Real): Promise<Performed> {
  const { fixture } = real;
  const { trades, certificates, assessments, participants, listings, registrar } = fixture;
  let label = JSON.stringify(action);
  if (action.act === "advance") {
    model.now += BigInt(action.seconds);
    await time.increase(action.seconds);
    return { act: action.act, accepted: true };
  }
  const at = model.now + 1n;
  const run = (send: () => Promise<ContractTransactionResponse>, rejections: Rejection[]) => settle(label, real, at, send, rejections);
  const signer = (address: string): HardhatEthersSigner => real.signers.get(address)!;
  const performed: Performed = { act: action.act, accepted: false };

  switch (action.act) {
    case "confirm": {
      let productId = fixture.productIds[action.product];
      // The seller's right, or the successor standing in for it after a change or transfer.
      let sellerCertificateId = model.standIn(fixture.sellingRights[action.product]);
      // A licensee trying to resell the ProcessingUse right it bought.
      const licensed = [...model.trades].reverse().find((trade) => trade.status === TradeStatus.Completed);
      if (action.seller === "licensee" && licensed !== undefined) {
        productId = licensed.productId;
        sellerCertificateId = licensed.buyerCertificateId;
      }
      const seller = model.certificates.get(sellerCertificateId)!.holder;
      const buyer = fixture[action.buyer].address;
      const limit = model.licenceLimit(productId, sellerCertificateId, at);
      const span = limit > at + 1n ? limit - at - 1n : BigInt(DAY);
      const licenceExpiresAt = action.licence.kind === "within" ? at + 1n + (span * BigInt(action.licence.perMille)) / 1000n
        : action.licence.kind === "beyond" ? limit + BigInt(action.licence.seconds)
        : at;
      // The least nonce still open for these parties on this product, or one below it (a stale deal).
      const least = model.dealNonce(seller, buyer, productId);
      const nonce = action.nonce === "replayed" && least > 0n ? least - 1n : least;
      const terms: DealTerms = {
        productId, contentHash: model.contentHashes.get(productId)!, seller, buyer, sellerCertificateId,
        rightGranted: RightCategory.ProcessingUse, licenceExpiresAt,
        crossBorder: model.isCrossBorder(buyer, productId) !== (action.flag === "flipped"), nonce, deadline: at + BigInt(HOUR),
      };
      const deal: DealValues = {
        ...terms, broker: ZERO_ADDRESS, priceAmount: PRICE, currency: CNY, priceCommitment: ZERO_HASH, termsHash: TERMS, purposeHash: PURPOSE,
      };
      const sellerSignature = await signer(seller).signTypedData(real.domain, DEAL_TYPES, deal);
      const buyerSignature = await signer(buyer).signTypedData(real.domain, DEAL_TYPES, deal);
      const rejections = model.checkConfirm(terms, registrar.address, at);
      label += ` (product ${productId}, seller certificate ${sellerCertificateId}, nonce ${nonce}, licence until ${licenceExpiresAt}, cross-border ${terms.crossBorder})`;
      performed.accepted = await run(() => trades.connect(registrar).confirm(deal, sellerSignature, buyerSignature), rejections);
      if (performed.accepted) {
        performed.tradeId = model.applyConfirm(terms, ethers.TypedDataEncoder.hash(real.domain, DEAL_TYPES, deal));
        count(terms.crossBorder ? "confirmed cross-border" : "confirmed domestic");
      }
      break;
    }
    case "deliver":
    case "confirmReceipt":
    case "dispute":
    case "resolveDispute":
    case "cancel": {
      const tradeId = resolveTrade(model, action.act, action.trade);
      performed.tradeId = tradeId;
      label += ` (trade ${tradeId})`;
      const trade = model.trade(tradeId);
      const by: TradeCaller = action.by;
      const caller = by === "seller" ? trade?.seller ?? fixture.provider.address
        : by === "buyer" ? trade?.buyer ?? fixture.buyer.address
        : fixture[by].address;
      label += ` (${by} ${caller})`;
      const as = signer(caller);
      if (action.act === "deliver") {
        performed.accepted = await run(() => trades.connect(as).deliver(tradeId, DELIVERY), model.checkDeliver(tradeId, caller));
        if (performed.accepted) model.applyDeliver(tradeId, DELIVERY);
      } else if (action.act === "confirmReceipt") {
        performed.accepted = await run(() => trades.connect(as).confirmReceipt(tradeId), model.checkReceipt(tradeId, caller, at));
        if (performed.accepted) {
          model.applyComplete(tradeId);
          count("completed on receipt");
        }
      } else if (action.act === "dispute") {
        performed.accepted = await run(() => trades.connect(as).dispute(tradeId, REASON), model.checkDispute(tradeId, caller));
        if (performed.accepted) {
          model.applyDispute(tradeId);
          count("disputed");
        }
      } else if (action.act === "resolveDispute") {
        performed.upheld = action.upheld;
        performed.accepted = await run(
          () => trades.connect(as).resolveDispute(tradeId, action.upheld, RESOLUTION), model.checkResolveDispute(tradeId, caller, action.upheld, at),
        );
        if (performed.accepted && action.upheld) {
          model.applyUphold(tradeId);
          count("dispute upheld");
        } else if (performed.accepted) {
          model.applyComplete(tradeId);
          count("dispute rejected, completed");
        }
      } else {
        performed.accepted = await run(() => trades.connect(as).cancel(tradeId), model.checkCancel(tradeId, caller));
        if (performed.accepted && model.applyCancel(tradeId, caller)) count("cancelled");
      }
      break;
    }
    case "assessCrossBorder": {
      const productId = fixture.productIds[action.product];
      const finding = { productId, kind: AssessmentKind.CrossBorderSecurity, passed: action.passed, expiresAt: at + BigInt(action.expiresIn) };
      const refused = model.checkRecord(fixture.institute.address, finding, at);
      performed.accepted = await run(
        () => assessments.connect(fixture.institute).record({ ...finding, reportHash: CROSS_BORDER_REPORT }), refused ? [refused] : [],
      );
      if (performed.accepted) model.applyRecord(fixture.institute.address, finding, false);
      break;
    }
    case "revokeCrossBorder": {
      const productId = fixture.productIds[action.product];
      const findingId = model.latestFinding(productId, AssessmentKind.CrossBorderSecurity)?.id ?? BigInt(model.findings.length + 1);
      label += ` (finding ${findingId})`;
      const refused = model.checkRevokeFinding(findingId, registrar.address);
      performed.accepted = await run(() => assessments.connect(registrar).revoke(findingId, WITHDRAWN), refused ? [refused] : []);
      if (performed.accepted) model.findings[Number(findingId) - 1].revoked = true;
      break;
    }
    case "suspend":
    case "reinstate": {
      const account = action.who === "suspended"
        ? SUSPENDABLE.map((name) => fixture[name].address).find((address) => model.participants.get(address)!.status === ParticipantStatus.Suspended)
          ?? fixture.buyer.address
        : fixture[action.who].address;
      label += ` (${account})`;
      performed.accepted = await run(
        () => participants.connect(registrar)[action.act](account, SUSPENSION), model.checkParticipantAct(account, action.act),
      );
      if (performed.accepted) model.applyParticipantAct(account, action.act);
      break;
    }
    case "reaccredit": {
      // The Registrar renews an accreditation for 90 days, on the same profile.
      const account = action.who === "lapsed"
        ? SUSPENDABLE.map((name) => fixture[name].address).find((address) => model.participants.get(address)!.accreditedUntil <= at)
          ?? fixture.hkFund.address
        : fixture[action.who].address;
      label += ` (${account})`;
      const { kinds } = model.participants.get(account)!;
      const until = at + 90n * BigInt(DAY);
      performed.accepted = await run(
        () => participants.connect(registrar).accredit(account, kinds, 0, model.jurisdictionOf(account), hashOf(`dossier ${account}`), until),
        model.checkReaccredit(account),
      );
      if (performed.accepted) model.applyReaccredit(account, until);
      break;
    }
    case "pledge":
    case "release": {
      const certificateId = action.product === "pledged"
        ? TRADABLE.map((name) => model.standIn(fixture.sellingRights[name])).find((id) => model.certificates.get(id)!.pledgee !== ZERO_ADDRESS)
          ?? model.standIn(fixture.sellingRights.A)
        : model.standIn(fixture.sellingRights[action.product]);
      label += ` (certificate ${certificateId})`;
      const holder = model.certificates.get(certificateId)!.holder;
      const financier = fixture.financier.address;
      if (action.act === "pledge") {
        const refused = model.checkPledge(certificateId, holder, financier, at);
        performed.accepted = await run(() => certificates.connect(signer(holder)).pledge(certificateId, financier, AGREEMENT), refused ? [refused] : []);
        if (performed.accepted) model.certificates.get(certificateId)!.pledgee = financier;
      } else {
        const refused = model.checkRelease(certificateId, financier);
        performed.accepted = await run(() => certificates.connect(fixture.financier).release(certificateId), refused ? [refused] : []);
        if (performed.accepted) model.certificates.get(certificateId)!.pledgee = ZERO_ADDRESS;
      }
      break;
    }
    case "delist":
    case "relist": {
      const productId = fixture.productIds[action.product];
      const product = model.products.get(productId)!;
      if (action.act === "delist") {
        const refused = model.checkDelist(productId);
        performed.accepted = await run(() => listings.connect(signer(product.provider)).delist(productId), refused ? [refused] : []);
        if (performed.accepted) product.status = ProductStatus.Delisted;
      } else {
        const refused = model.checkList(productId, at);
        performed.accepted = await run(() => listings.connect(registrar).relist(productId), refused ? [refused] : []);
        if (performed.accepted) product.status = ProductStatus.Listed;
      }
      break;
    }
    case "withdrawRight": {
      const id = model.standIn(fixture.sellingRights[action.product]);
      const holder = model.certificates.get(id)!.holder;
      label += ` (certificate ${id}, ${model.certificates.get(id)!.openTrades ?? 0} open trades)`;
      if (action.how === "surrender") {
        const refused = model.checkSurrender(id, holder);
        performed.accepted = await run(() => certificates.connect(signer(holder)).surrender(id), refused ? [refused] : []);
        if (performed.accepted) model.certificates.get(id)!.status = CertificateStatus.Surrendered;
      } else {
        // A transfer to the other provider, or a change of scope by the same holder.
        const newHolder = action.how === "reissue"
          ? (holder === fixture.provider.address ? fixture.otherProvider.address : fixture.provider.address) : undefined;
        const refused = model.checkReplace(id, newHolder, at);
        // Left out, as in the registry property: a frozen ancestor (none here: these rights have no parent).
        const scope = hashOf("amended scope");
        performed.accepted = await run(
          () => newHolder !== undefined ? certificates.connect(registrar).reissue(id, newHolder, hashOf("deed"))
            : certificates.connect(registrar).amend(id, scope, hashOf("amended evidence")),
          refused ? [refused] : [],
        );
        if (performed.accepted) {
          const old = model.certificates.get(id)!;
          model.applyReplace(id, newHolder ?? old.holder, newHolder !== undefined ? old.scopeHash : scope,
            newHolder !== undefined ? hashOf("deed") : hashOf("amended evidence"));
        }
      }
      if (performed.accepted) count(`right withdrawn: ${action.how}`);
      break;
    }
    case "raiseFloor": {
      const party = fixture[action.who].address;
      const raised = (model.nonceFloors.get(party) ?? 0n) + BigInt(action.by);
      const floor = raised < 0n ? 0n : raised;
      label += ` (floor ${floor})`;
      performed.accepted = await run(() => fixture.participants.connect(signer(party)).raiseNonceFloor(floor), model.checkRaiseNonceFloor(party, floor));
      if (performed.accepted) model.nonceFloors.set(party, floor);
      break;
    }
    case "tryCore": {
      // Every road to trading Core data: listing it, relisting it, registering a right on it.
      const coreId = fixture.productIds.core;
      const expected: Rejection[] = action.how === "list"
        ? [{ contract: "products", error: "DataProductCoreNotListable", args: [coreId] }]
        : action.how === "relist" ? [{ contract: "listings", error: "ListingBookNotListed", args: [coreId] }]
        : [{ contract: "certificates", error: "RightsCertificateProductUnavailable", args: [coreId] }];
      // The model's own checks must agree that Core data can be neither listed nor given a right.
      const modelRefusal = action.how === "list" ? model.checkList(coreId, at)
        : action.how === "issueRight" ? model.checkIssue(fixture.provider.address, coreId, RightCategory.ResourceHolding, at + YEAR, at)
        : undefined;
      if (modelRefusal !== undefined) expect(modelRefusal.error, "the model's refusal of Core data").to.equal(expected[0].error);
      performed.accepted = await run(
        () => action.how === "list"
          ? listings.connect(registrar).list(coreId, RightCategory.ProcessingUse, YEAR, [jurisdiction("CN"), jurisdiction("HK")])
          : action.how === "relist" ? listings.connect(registrar).relist(coreId)
          : certificates.connect(registrar).issue(fixture.provider.address, coreId, RightCategory.ResourceHolding, at + YEAR, hashOf("scope"), hashOf("evidence")),
        expected,
      );
      break;
    }
  }
  model.now = at;
  return performed;
}

// ----- the properties, after every step ------------------------------------------------------

/**
 * A view call straight to the in-process node, decoded with the contract's ABI: every step reads
 * every trade, and the ethers bindings cost about 0.5 ms more a call.
 */
async function read(real: Real, name: ContractName, method: string, ...args: unknown[]): Promise<Result> {
  const abi: Interface = real.fixture[name].interface;
  const data = abi.encodeFunctionData(method, args);
  const returned = (await network.provider.request({ method: "eth_call", params: [{ to: real.addresses[name], data }, "latest"] })) as string;
  return abi.decodeFunctionResult(method, returned);
}

async function readRecord<Record>(real: Real, name: ContractName, method: string, ...args: unknown[]): Promise<Record> {
  return ((await read(real, name, method, ...args))[0] as Result).toObject() as Record;
}

async function readValue<Value>(real: Real, name: ContractName, method: string, ...args: unknown[]): Promise<Value> {
  return (await read(real, name, method, ...args))[0] as Value;
}

/** A trade as `trade(id)` returns it. */
interface StoredTrade {
  productId: bigint; seller: string; buyer: string; rightGranted: bigint; status: bigint; statusBeforeDispute: bigint;
  crossBorder: boolean; sellerCancelled: boolean; buyerCancelled: boolean; licenceExpiresAt: bigint; sellerCertificateId: bigint;
  buyerCertificateId: bigint; dealDigest: string; deliveryHash: string;
}

/** A certificate as `certificate(id)` returns it. */
interface StoredCertificate {
  productId: bigint; category: bigint; status: bigint; expiresAt: bigint; parentId: bigint; successorId: bigint; holder: string; scopeHash: string;
}

interface StoredProduct {
  classification: bigint; status: bigint; jurisdiction: string;
}

interface StoredFinding {
  kind: bigint; passed: boolean; revoked: boolean; expiresAt: bigint;
}

const STATUS_NAMES = Object.fromEntries(Object.entries(TradeStatus).map(([name, value]) => [value, name])) as Record<number, string>;

/**
 * Property 1, right after `tradeId` completed: its buyer holds the certificate it names, valid
 * now, and the certificate's parent chain reaches the deal's seller certificate.
 */
async function checkCompletion(real: Real, tradeId: bigint, stored: StoredTrade, observed: ObservedTrade): Promise<void> {
  const certificateId = stored.buyerCertificateId;
  const where = `completed trade ${tradeId}`;
  expect(certificateId, `${where} names no buyer's certificate`).to.not.equal(0n);
  expect(await readValue<string>(real, "certificates", "ownerOf", certificateId), `${where}: owner of certificate ${certificateId}`).to.equal(stored.buyer);
  const granted = await readRecord<StoredCertificate>(real, "certificates", "certificate", certificateId);
  expect(granted.holder, `${where}: holder of certificate ${certificateId}`).to.equal(stored.buyer);
  expect([granted.productId, granted.category, granted.expiresAt, granted.scopeHash], `${where}: certificate ${certificateId}`)
    .to.deep.equal([stored.productId, stored.rightGranted, stored.licenceExpiresAt, stored.dealDigest]);
  expect(Number(await readValue<bigint>(real, "certificates", "validity", certificateId)), `${where}: validity of certificate ${certificateId} at completion`)
    .to.equal(Validity.Valid);

  // Walk up: each parent, or (if superseded) the successors standing in for it, until the seller's.
  const lineage: bigint[] = [];
  let reached = false;
  for (let parentId = granted.parentId; parentId !== 0n && !reached && lineage.length < 16; ) {
    let standIn = parentId;
    let ancestor = await readRecord<StoredCertificate>(real, "certificates", "certificate", standIn);
    lineage.push(standIn);
    reached = standIn === stored.sellerCertificateId;
    while (!reached && ancestor.successorId !== 0n && lineage.length < 16) {
      standIn = ancestor.successorId;
      ancestor = await readRecord<StoredCertificate>(real, "certificates", "certificate", standIn);
      lineage.push(standIn);
      reached = standIn === stored.sellerCertificateId;
    }
    parentId = ancestor.parentId;
  }
  expect(reached, `${where}: certificate ${certificateId}'s lineage [${lineage.join(" → ")}] misses seller certificate ${stored.sellerCertificateId}`).to.equal(true);

  // Property 2, at completion: a cross-border trade completes only if it was confirmed assessed.
  if (stored.crossBorder) expect(observed.crossBorderAssessedAtConfirmation, `${where} is cross-border and was confirmed unassessed`).to.equal(true);
}

/**
 * Property 2 and 3 at confirmation: `tradeId` was confirmed in this block, so the chain's state
 * now is the state it was confirmed in. Returns whether it was cross-border and assessed.
 */
async function checkConfirmation(real: Real, tradeId: bigint, stored: StoredTrade, blockTime: bigint): Promise<boolean> {
  const where = `trade ${tradeId}, just confirmed`;
  expect(Number(stored.status), `${where}: status`).to.equal(TradeStatus.Confirmed);
  const product = await readRecord<StoredProduct>(real, "products", "product", stored.productId);
  // 3. Core data is never traded.
  expect(Number(product.classification), `${where}: product ${stored.productId} is Core`).to.not.equal(Classification.Core);
  // 2. Cross-border exactly when the buyer is outside the product's jurisdiction, and only if assessed.
  const buyer = await readRecord<{ jurisdiction: string }>(real, "participants", "participant", stored.buyer);
  const crossBorder = buyer.jurisdiction !== product.jurisdiction;
  expect(stored.crossBorder, `${where}: cross-border flag (buyer in ${buyer.jurisdiction}, product in ${product.jurisdiction})`).to.equal(crossBorder);
  if (!crossBorder) return false;
  const findingId = await readValue<bigint>(real, "assessments", "latestAssessment", stored.productId, AssessmentKind.CrossBorderSecurity);
  expect(findingId, `${where}: cross-border with no CrossBorderSecurity finding on product ${stored.productId}`).to.not.equal(0n);
  const finding = await readRecord<StoredFinding>(real, "assessments", "assessment", findingId);
  expect(
    { kind: Number(finding.kind), passed: finding.passed, revoked: finding.revoked, unexpired: finding.expiresAt > blockTime },
    `${where}: CrossBorderSecurity finding ${findingId} of product ${stored.productId}`,
  ).to.deep.equal({ kind: AssessmentKind.CrossBorderSecurity, passed: true, revoked: false, unexpired: true });
  expect(await readValue<boolean>(real, "assessments", "isKindSatisfied", stored.productId, AssessmentKind.CrossBorderSecurity), `${where}: CrossBorderSecurity satisfied`)
    .to.equal(true);
  return true;
}

async function checkInvariants(model: TradeModel, real: Real, performed: Performed): Promise<void> {
  const { observed } = real;
  const latest = (await network.provider.request({ method: "eth_getBlockByNumber", params: ["latest", false] })) as { number: string; timestamp: string };
  const blockTime = BigInt(latest.timestamp);
  expect(blockTime, "the act was not mined at the model's time").to.equal(model.now);

  const tradeCount = await readValue<bigint>(real, "trades", "tradeCount");
  const certificateCount = await readValue<bigint>(real, "certificates", "certificateCount");
  expect([tradeCount, certificateCount], "trade and certificate counts").to.deep.equal([BigInt(model.trades.length), BigInt(model.certificates.size)]);

  const newlyCompleted: bigint[] = [];
  const noCertificateDigests = new Set<string>();
  for (let tradeId = 1n; tradeId <= tradeCount; tradeId++) {
    const stored = await readRecord<StoredTrade>(real, "trades", "trade", tradeId);
    const expected = model.trade(tradeId)!;
    expect({
      productId: stored.productId, seller: stored.seller, buyer: stored.buyer, sellerCertificateId: stored.sellerCertificateId,
      rightGranted: Number(stored.rightGranted), status: STATUS_NAMES[Number(stored.status)],
      statusBeforeDispute: STATUS_NAMES[Number(stored.statusBeforeDispute)], crossBorder: stored.crossBorder,
      sellerCancelled: stored.sellerCancelled, buyerCancelled: stored.buyerCancelled, licenceExpiresAt: stored.licenceExpiresAt,
      buyerCertificateId: stored.buyerCertificateId, dealDigest: stored.dealDigest, deliveryHash: stored.deliveryHash,
    }, `trade ${tradeId}`).to.deep.equal({
      productId: expected.productId, seller: expected.seller, buyer: expected.buyer, sellerCertificateId: expected.sellerCertificateId,
      rightGranted: expected.rightGranted, status: STATUS_NAMES[expected.status], statusBeforeDispute: STATUS_NAMES[expected.statusBeforeDispute],
      crossBorder: expected.crossBorder, sellerCancelled: expected.sellerCancelled, buyerCancelled: expected.buyerCancelled,
      licenceExpiresAt: expected.licenceExpiresAt, buyerCertificateId: expected.buyerCertificateId, dealDigest: expected.dealDigest,
      deliveryHash: expected.deliveryHash,
    });

    const status = Number(stored.status);
    let before = observed.trades.get(tradeId);
    if (before === undefined) {
      const assessed = await checkConfirmation(real, tradeId, stored, blockTime);
      before = {
        status: TradeStatus.Confirmed, buyerCertificateId: 0n, dealDigest: stored.dealDigest, crossBorder: stored.crossBorder,
        crossBorderAssessedAtConfirmation: assessed,
      };
    }
    const where = `trade ${tradeId} (${STATUS_NAMES[before.status]} → ${STATUS_NAMES[status]})`;

    // 4. Disputed: no certificate; it leaves Disputed only by the Arbiter: Annulled, or Completed on rejection.
    if (status === TradeStatus.Disputed || status === TradeStatus.Annulled) {
      expect(stored.buyerCertificateId, `${where} has a buyer's certificate`).to.equal(0n);
      noCertificateDigests.add(stored.dealDigest);
    }
    if (before.status === TradeStatus.Disputed && status !== TradeStatus.Disputed) {
      expect(performed.act === "resolveDispute" && performed.tradeId === tradeId, `${where} left the dispute without the Arbiter`).to.equal(true);
      expect(status, `${where}: upheld ${performed.upheld}`).to.equal(performed.upheld ? TradeStatus.Annulled : TradeStatus.Completed);
    }
    // Annulled, Cancelled and Completed are final; a completed trade keeps its certificate.
    if (before.status === TradeStatus.Annulled || before.status === TradeStatus.Cancelled || before.status === TradeStatus.Completed) {
      expect([status, stored.buyerCertificateId], `${where} left a final status`).to.deep.equal([before.status, before.buyerCertificateId]);
    }
    if (status === TradeStatus.Completed && before.status !== TradeStatus.Completed) {
      newlyCompleted.push(stored.buyerCertificateId);
      await checkCompletion(real, tradeId, stored, before);
    }
    observed.trades.set(tradeId, { ...before, status, buyerCertificateId: stored.buyerCertificateId });
  }

  // 4. (and 1.) Certificates are minted only by completions: one each, to the trade that completed,
  // never to a disputed or annulled one.
  const certificates = real.fixture.certificates;
  const logs = (await network.provider.request({
    method: "eth_getLogs", params: [{ fromBlock: latest.number, toBlock: latest.number, address: real.addresses.certificates }],
  })) as { address: string; topics: string[]; data: string }[];
  // The successor of a seller's right changed or transferred (withdrawRight) is the only other mint.
  const parsedLogs = logs.map((log) => certificates.interface.parseLog(log));
  const successors = new Set(parsedLogs.filter((parsed) => parsed?.name === "CertificateReplaced").map((parsed) => parsed!.args.successorId as bigint));
  const issued = parsedLogs.filter((parsed) => parsed?.name === "CertificateIssued" && !successors.has(parsed.args.tokenId as bigint));
  expect(certificateCount - observed.certificateCount - BigInt(successors.size), "certificates minted in this act, against trades completed in it")
    .to.equal(BigInt(newlyCompleted.length));
  expect(issued.map((parsed) => parsed!.args.tokenId as bigint), "certificates issued in this act").to.deep.equal(newlyCompleted);
  for (const parsed of issued) {
    expect(noCertificateDigests.has(parsed!.args.scopeHash as string), `certificate ${parsed!.args.tokenId} was minted for a disputed or annulled trade`)
      .to.equal(false);
  }
  observed.certificateCount = certificateCount;

  // 3. Core data is never listed, and has no trades.
  const coreId = real.fixture.productIds.core;
  const core = await readRecord<StoredProduct>(real, "products", "product", coreId);
  expect(Number(core.status), "status of the Core product").to.not.equal(ProductStatus.Listed);
  const coreTrades = await real.fixture.trades.queryFilter(real.fixture.trades.filters.TradeConfirmed(undefined, coreId), Number(latest.number));
  expect(coreTrades.length, "trades of the Core product").to.equal(0);

  // Every certificate's reservations are the trades open on it (Confirmed, Delivered or Disputed).
  for (let id = 1n; id <= certificateCount; id++) {
    const stored = await readRecord<{ openTrades: bigint }>(real, "certificates", "certificate", id);
    expect(Number(stored.openTrades), `open trades reserved on certificate ${id}`).to.equal(model.certificates.get(id)!.openTrades ?? 0);
  }
}

// ----- the property -------------------------------------------------------------------------

class Step implements fc.AsyncCommand<TradeModel, Real> {
  constructor(readonly action: Action) {}

  /** Acts on a trade wait until one exists (an explicit "unknown" reference always runs). */
  check(model: Readonly<TradeModel>): boolean {
    return !("trade" in this.action) || this.action.trade === "unknown" || model.trades.length > 0;
  }

  async run(model: TradeModel, real: Real): Promise<void> {
    count("acts");
    const performed = await perform(this.action, model, real);
    try {
      await checkInvariants(model, real, performed);
    } catch (error) {
      if (error instanceof Error) error.message = `after ${JSON.stringify(this.action)}: ${error.message}`;
      throw error;
    }
  }

  /** JSON, so a printed counterexample can be replayed with PROPERTY_REPLAY. */
  toString(): string {
    return JSON.stringify(this.action);
  }
}

describe("trade ledger under random trade sequences (model-based, fast-check)", function () {
  this.timeout(600_000);

  it("completes trades only with a valid certificate derived from the seller's; never unassessed cross-border, never Core, never minting while disputed", async () => {
    if (process.env.PROPERTY_REPLAY) {
      const actions = JSON.parse(process.env.PROPERTY_REPLAY.replace(/\/\*[\s\S]*?\*\//g, "")) as Action[];
      const { model, real } = await setUp();
      for (const action of actions) {
        if (new Step(action).check(model)) await new Step(action).run(model, real);
      }
      return;
    }
    const seed = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
    tally.clear();
    await fc.assert(
      fc.asyncProperty(fc.commands([actionArbitrary.map((action) => new Step(action))], { maxCommands: MAX_COMMANDS, size: "max" }), async (steps) => {
        const { model, real } = await setUp();
        await fc.asyncModelRun(() => ({ model, real }), steps);
      }),
      { numRuns: RUNS, seed, path: process.env.PROPERTY_PATH, endOnFailure: process.env.PROPERTY_PATH !== undefined },
    );
    const summary = [...tally].sort(([a], [b]) => a.localeCompare(b)).map(([key, value]) => `${key}: ${value}`).join("; ");
    console.log(`      exercised over ${RUNS} runs — ${summary}`);
    // A guard against a generator that stopped reaching the states the properties are about: on the
    // default number of runs, each of these happens a dozen times or more (seeds 1–3 checked).
    if (RUNS >= 25) {
      const reached = (key: string): number => tally.get(key) ?? 0;
      expect({
        crossBorder: reached("confirmed cross-border") > 0,
        completed: reached("completed on receipt") + reached("dispute rejected, completed") > 0,
        disputed: reached("disputed") > 0,
        unassessedRefused: reached("rejected: TradeLedgerCrossBorderNotAssessed") > 0,
      }, `the random sequences reached too little: ${summary}`).to.deep.equal({ crossBorder: true, completed: true, disputed: true, unassessedRefused: true });
    }
  });
});
