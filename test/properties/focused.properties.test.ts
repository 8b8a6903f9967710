import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  registryFixture, registerProduct, issueHolding, licenseFrom, listedProduct, dealFor, signDeal, hashOf, now, YEAR,
  RightCategory, ProductStatus, AssessmentKind, Validity, TradeStatus,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";
import { VALIDITIES } from "../../src/sdk/names";

/**
 * Focused properties over short random sequences: the freeze of an objection and the soulbound
 * lock, each hammered with the few acts that could break it. The broad model-based history test
 * is registry.properties.test.ts.
 */

const RUNS = Number(process.env.PROPERTY_RUNS ?? 30);

async function setup() {
  const fixture = await loadFixture(registryFixture);
  const productIds = [await registerProduct(fixture)];
  await fixture.certificates
    .connect(fixture.registrar)
    .issue(fixture.provider.address, productIds[0], RightCategory.ResourceHolding, (await now()) + 4n * YEAR, hashOf("scope"), hashOf("evidence"));
  return { fixture, productIds };
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

// ---------------------------------------------------------------------------------------------
// Shared by the properties of the three rules below (product revocation, encumbrances up the
// chain, the reserved licence of a confirmed trade).
// ---------------------------------------------------------------------------------------------

/** CertificateValidity.ProductRevoked: the certificate stands on its own but its product was revoked. */
const PRODUCT_REVOKED = Validity.ProductRevoked;
const VALIDITY_NAMES = VALIDITIES;
const DAY = 24n * 3600n;

/** The validity a certificate's tokenURI document states, from its field and from its Validity trait. */
async function documentedValidity(certificates: RegistryFixture["certificates"], tokenId: bigint): Promise<string[]> {
  const uri = await certificates.tokenURI(tokenId);
  const prefix = "data:application/json;base64,";
  expect(uri.startsWith(prefix), "tokenURI is a base64 JSON data URI").to.equal(true);
  const doc = JSON.parse(Buffer.from(uri.slice(prefix.length), "base64").toString("utf8")) as {
    validity: string;
    attributes: { trait_type: string; value: unknown }[];
  };
  return [doc.validity, String(doc.attributes.find((a) => a.trait_type === "Validity")?.value)];
}

/** A registered product, with nothing issued on it yet. */
async function productFixture() {
  const fixture = await registryFixture();
  const productId = await registerProduct(fixture);
  return { fixture, productId };
}

/**
 * A trade confirmed out of a ProductOperation right: the provider holds the ResourceHolding of a
 * listed product, the second provider operates it (its licence out of the holding) and sells a
 * ProcessingUse licence to the buyer. Trade 1 is Confirmed, its licence reserved.
 */
async function confirmedTradeFixture() {
  const fixture = await registryFixture();
  const listed = await listedProduct(fixture);
  const operationId = await licenseFrom(fixture, listed.holdingId, fixture.otherProvider, RightCategory.ProductOperation, (await now()) + 2n * YEAR);
  const deal = await dealFor(fixture, listed, { seller: fixture.otherProvider.address, sellerCertificateId: operationId });
  await fixture.trades
    .connect(fixture.registrar)
    .confirm(deal, await signDeal(fixture.otherProvider, fixture.trades, deal), await signDeal(fixture.buyer, fixture.trades, deal));
  return { fixture, holdingId: listed.holdingId, operationId, tradeId: 1n };
}

describe("focused properties (fast-check)", function () {
  this.timeout(600_000);

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
      { numRuns: RUNS },
    );
  });

  it("never lets any certificate leave its holder, whatever the caller tries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(2), fc.nat(10), fc.constantFrom("transferFrom", "safeTransferFrom", "approve"), async (callerIndex, targetIndex, method) => {
        const { fixture } = await setup();
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
      { numRuns: Math.min(RUNS, 15) },
    );
  });

  it("reads ProductRevoked for every certificate of a revoked product (after its own status and expiry), in validity() and tokenURI alike", async () => {
    // Revocation by products.revoke or by an upheld objection against the product, at a random
    // moment of a random history of a chain holding -> ProductOperation -> ProcessingUse (more
    // licences, suspensions, reinstatements, revocations, the clock moving past expiries, the
    // product suspended and reinstated). Before revocation: own status/expiry, then
    // AncestorInvalid. After: own status/expiry, then ProductRevoked, never Valid.
    type ChainAct =
      | { kind: "license"; parent: number; operation: boolean; days: number; holder: number }
      | { kind: "suspend" | "reinstate" | "revoke"; target: number }
      | { kind: "advance"; days: number }
      | { kind: "suspendProduct" | "reinstateProduct" };
    const chainAct: fc.Arbitrary<ChainAct> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constant("license" as const), parent: fc.nat(20), operation: fc.boolean(), days: fc.nat(400), holder: fc.nat(2) }), weight: 3 },
      { arbitrary: fc.record({ kind: fc.constantFrom("suspend" as const, "reinstate" as const, "revoke" as const), target: fc.nat(20) }), weight: 3 },
      { arbitrary: fc.record({ kind: fc.constant("advance" as const), days: fc.integer({ min: 1, max: 90 }) }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constantFrom("suspendProduct" as const, "reinstateProduct" as const) }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.record({ holdingDays: fc.integer({ min: 10, max: 400 }), operationDays: fc.nat(400), useDays: fc.nat(400), useFromHolding: fc.boolean() }),
        fc.array(chainAct, { maxLength: 12 }),
        fc.record({ at: fc.nat(), byObjection: fc.boolean(), lodgedEarlier: fc.nat() }),
        async (initial, acts, revocation) => {
          const { fixture, productId } = await loadFixture(productFixture);
          const { certificates, products, registrar, auditor } = fixture;
          // A restored snapshot's clock lags: mine first, then count whole days from here. Every
          // expiry falls half a day past a day boundary and the clock only moves by whole days,
          // so no check ever sits within seconds of an expiry.
          await mine();
          const t0 = await now();
          let day = 0;
          const expiryOf = (k: number) => t0 + BigInt(k) * DAY + DAY / 2n;

          interface Cert { id: bigint; parent: number; category: number; status: "Active" | "Suspended" | "Revoked"; expiryDay: number }
          const certs: Cert[] = [];
          let productStatus: "Registered" | "Suspended" | "Revoked" = "Registered";
          let productFrozen = false;
          const own = (c: Cert): number =>
            c.status === "Suspended" ? Validity.Suspended
              : c.status === "Revoked" ? Validity.Revoked
                : c.expiryDay < day ? Validity.Expired : Validity.Valid;
          const expected = (i: number): number => {
            const ownValidity = own(certs[i]);
            if (ownValidity !== Validity.Valid) return ownValidity;
            if (productStatus === "Revoked") return PRODUCT_REVOKED;
            for (let p = certs[i].parent; p >= 0; p = certs[p].parent) if (own(certs[p]) !== Validity.Valid) return Validity.AncestorInvalid;
            return Validity.Valid;
          };
          const holders = [fixture.otherProvider, fixture.buyer, auditor];
          const licence = async (parent: number, category: number, dayChoice: number, holder: HardhatEthersSigner) => {
            const k = day + (dayChoice % (certs[parent].expiryDay - day + 1));
            const id = await licenseFrom(fixture, certs[parent].id, holder, category, expiryOf(k));
            certs.push({ id, parent, category, status: "Active", expiryDay: k });
          };
          const check = async (when: string, withDocuments: boolean) => {
            for (let i = 0; i < certs.length; i++) {
              const want = expected(i);
              const onChain = Number(await certificates.validity(certs[i].id));
              expect(onChain, `${when}: validity of certificate ${certs[i].id} (product ${productStatus})`).to.equal(want);
              if (productStatus === "Revoked") expect(onChain, "a certificate of a revoked product").to.not.equal(Validity.Valid);
              if (withDocuments) {
                expect(await documentedValidity(certificates, certs[i].id), `${when}: tokenURI of certificate ${certs[i].id}`)
                  .to.deep.equal([VALIDITY_NAMES[want], VALIDITY_NAMES[want]]);
              }
            }
          };

          certs.push({ id: await issueHolding(fixture, productId, fixture.provider, expiryOf(initial.holdingDays)), parent: -1, category: RightCategory.ResourceHolding, status: "Active", expiryDay: initial.holdingDays });
          await licence(0, RightCategory.ProductOperation, initial.operationDays, fixture.otherProvider);
          await licence(initial.useFromHolding ? 0 : 1, RightCategory.ProcessingUse, initial.useDays, fixture.buyer);
          await check("chain issued", false);

          const revokeAt = revocation.at % (acts.length + 1);
          const lodgeAt = revokeAt - (revocation.lodgedEarlier % (revokeAt + 1));
          let objectionId = 0n;
          for (let i = 0; i <= acts.length; i++) {
            if (revocation.byObjection && i === lodgeAt) {
              await products.connect(auditor).lodgeObjection(productId, hashOf("ownership claim"));
              objectionId = await products.objectionCount();
              productFrozen = true;
              await check(`objection lodged before act ${i}`, false);
            }
            if (i === revokeAt) {
              if (revocation.byObjection) await products.connect(registrar).resolveObjection(objectionId, true, hashOf("upheld"));
              else await products.connect(registrar).revoke(productId, hashOf("fraud"));
              expect((await products.product(productId)).status).to.equal(ProductStatus.Revoked);
              productStatus = "Revoked";
              productFrozen = false;
              await check(`product revoked (${revocation.byObjection ? "upheld objection" : "revoke"}) before act ${i}`, true);
            }
            if (i === acts.length) break;
            const act = acts[i];
            switch (act.kind) {
              case "license": {
                if (productStatus !== "Registered" || productFrozen) continue;
                const eligible = certs.map((_, j) => j).filter((j) => certs[j].category !== RightCategory.ProcessingUse && expected(j) === Validity.Valid);
                if (eligible.length === 0) continue;
                const parent = eligible[act.parent % eligible.length];
                const category = certs[parent].category === RightCategory.ResourceHolding && act.operation ? RightCategory.ProductOperation : RightCategory.ProcessingUse;
                await licence(parent, category, act.days, holders[act.holder]);
                break;
              }
              case "suspend": case "reinstate": case "revoke": {
                const target = certs[act.target % certs.length];
                if (act.kind === "suspend" && target.status === "Active") {
                  await certificates.connect(registrar).suspend(target.id, hashOf("suspended"));
                  target.status = "Suspended";
                } else if (act.kind === "reinstate" && target.status === "Suspended") {
                  await certificates.connect(registrar).reinstate(target.id, hashOf("reinstated"));
                  target.status = "Active";
                } else if (act.kind === "revoke" && target.status !== "Revoked") {
                  await certificates.connect(registrar).revoke(target.id, hashOf("revoked"));
                  target.status = "Revoked";
                } else continue;
                break;
              }
              case "advance":
                day += act.days;
                await time.increaseTo(t0 + BigInt(day) * DAY);
                break;
              case "suspendProduct":
                if (productStatus !== "Registered") continue;
                await products.connect(registrar).suspend(productId, hashOf("suspended"));
                productStatus = "Suspended";
                break;
              case "reinstateProduct":
                if (productStatus !== "Suspended") continue;
                await products.connect(registrar).reinstate(productId, hashOf("reinstated"));
                expect((await products.product(productId)).status).to.equal(ProductStatus.Registered);
                productStatus = "Registered";
                break;
            }
            await check(`after act ${i} (${act.kind})`, productStatus === "Revoked");
          }
          await check("end", true);
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("refuses a Registrar licence while the parent or any ancestor (stand-ins followed) is frozen or pledged, naming the first, and grants it once all are lifted", async () => {
    // Licensable levels: the holding (1) and a ProductOperation out of it (2); a ProcessingUse
    // cannot be licensed out of, so the parent's chain is at most two rights deep. Each level is
    // replaced 0-2 times (reissue to another holder, or amend), so the walk from a licence whose
    // parent was superseded must follow the stand-in. A decoy licence below the parent may be
    // encumbered too: it is not on the chain and must never block.
    const encumbrance = fc.record({ objections: fc.nat(2), pledged: fc.boolean() });
    await fc.assert(
      fc.asyncProperty(
        // Two levels twice as often: the walk past the parent is the rule most easily lost.
        fc.oneof({ arbitrary: fc.constant(1), weight: 1 }, { arbitrary: fc.constant(2), weight: 2 }),
        fc.array(fc.array(fc.constantFrom("reissue" as const, "amend" as const), { maxLength: 2 }), { minLength: 2, maxLength: 2 }),
        fc.array(encumbrance, { minLength: 2, maxLength: 2 }),
        fc.option(encumbrance, { nil: undefined }),
        fc.array(fc.nat(), { minLength: 8, maxLength: 8 }),
        fc.boolean(),
        async (levels, successions, encumbrances, decoy, liftOrder, operationLicence) => {
          const { fixture, productId } = await loadFixture(productFixture);
          const { certificates, registrar, auditor, financier, provider, otherProvider, buyer } = fixture;
          const pool = [provider, otherProvider, fixture.institute];
          const holderOf = new Map<bigint, HardhatEthersSigner>();
          const at = await now();

          const firstIds: bigint[] = [];
          const live: bigint[] = [];
          const holdingId = await issueHolding(fixture, productId, provider, at + 4n * YEAR);
          holderOf.set(holdingId, provider);
          live.push(holdingId);
          if (levels === 2) {
            const operationId = await licenseFrom(fixture, holdingId, otherProvider, RightCategory.ProductOperation, at + 3n * YEAR);
            holderOf.set(operationId, otherProvider);
            live.push(operationId);
          }
          firstIds.push(...live);
          for (let level = 0; level < levels; level++) {
            for (const how of successions[level]) {
              const old = live[level];
              let holder = holderOf.get(old)!;
              if (how === "reissue") {
                holder = pool[(pool.indexOf(holder) + 1) % pool.length];
                await certificates.connect(registrar).reissue(old, holder.address, hashOf("transfer"));
              } else {
                await certificates.connect(registrar).amend(old, hashOf("amended scope"), hashOf("amended evidence"));
              }
              live[level] = await certificates.certificateCount();
              holderOf.set(live[level], holder);
            }
          }
          if (levels === 2) {
            // The operation still names the holding it was licensed out of; the walk follows the stand-in.
            expect((await certificates.certificate(live[1])).parentId).to.equal(firstIds[0]);
          }
          const parent = live[levels - 1];
          const chain = [...live].reverse();

          const open = new Map<bigint, bigint[]>();
          const pledged = new Set<bigint>();
          const encumber = async (id: bigint, e: { objections: number; pledged: boolean }) => {
            if (e.pledged) {
              await certificates.connect(holderOf.get(id)!).pledge(id, financier.address, hashOf("loan"));
              pledged.add(id);
            }
            for (let k = 0; k < e.objections; k++) {
              await certificates.connect(auditor).lodgeObjection(id, hashOf(`claim ${k}`));
              open.set(id, [...(open.get(id) ?? []), await certificates.objectionCount()]);
            }
          };
          if (decoy !== undefined) {
            const decoyId = await licenseFrom(fixture, parent, buyer, RightCategory.ProcessingUse, at + YEAR);
            holderOf.set(decoyId, buyer);
            await encumber(decoyId, decoy);
          }
          for (let level = 0; level < levels; level++) await encumber(live[level], encumbrances[level]);

          const category = levels === 1 && operationLicence ? RightCategory.ProductOperation : RightCategory.ProcessingUse;
          const attempt = async (when: string) => {
            const args = [parent, buyer.address, category, at + YEAR, hashOf("licence scope"), hashOf("licence evidence")] as const;
            const first = chain.find((id) => (open.get(id)?.length ?? 0) > 0 || pledged.has(id));
            const frozen = first !== undefined && (open.get(first)?.length ?? 0) > 0;
            const licensing = certificates.connect(registrar).license(...args);
            if (first !== undefined && frozen) {
              await expect(licensing, `${when}: licence out of ${parent}, chain [${chain.join(",")}]`).to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(first);
            } else if (first !== undefined) {
              await expect(licensing, `${when}: licence out of ${parent}, chain [${chain.join(",")}]`).to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(first, financier.address);
            } else {
              expect(await outcome(licensing), `${when}: licence out of ${parent} with its chain [${chain.join(",")}] clear`).to.equal(true);
              const licenceId = await certificates.certificateCount();
              expect((await certificates.certificate(licenceId)).parentId).to.equal(parent);
              expect(await certificates.validity(licenceId), `${when}: the licence granted`).to.equal(Validity.Valid);
            }
            // The trade ledger reads the same walk.
            const right = await certificates.tradableRight(parent);
            expect([right[5], right[6]], `${when}: tradableRight's first encumbered of the chain of ${parent}`)
              .to.deep.equal([first ?? 0n, first !== undefined && !frozen ? financier.address : ethers.ZeroAddress]);
          };
          await attempt("encumbered");

          type Lift = { kind: "dismiss"; objectionId: bigint; id: bigint } | { kind: "release"; id: bigint };
          const lifts: Lift[] = [];
          for (const [id, ids] of open) for (const objectionId of ids) lifts.push({ kind: "dismiss", objectionId, id });
          for (const id of pledged) lifts.push({ kind: "release", id });
          const order = lifts.map((lift, i) => ({ lift, key: liftOrder[i % liftOrder.length] * 16 + i })).sort((a, b) => a.key - b.key);
          for (const { lift } of order) {
            if (lift.kind === "dismiss") {
              await certificates.connect(registrar).resolveObjection(lift.objectionId, false, hashOf("dismissed"));
              open.set(lift.id, open.get(lift.id)!.filter((o) => o !== lift.objectionId));
            } else {
              await certificates.connect(financier).release(lift.id);
              pledged.delete(lift.id);
            }
            await attempt(`after ${lift.kind} of certificate ${lift.id}`);
          }
          await attempt("everything lifted");
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("never lets a pledge or objection on the seller's chain after confirmation stop the receipt; the licence reads what the chain implies", async () => {
    // The seller operates the product under a ProductOperation licence out of the provider's
    // holding. After confirmation, a random sequence of pledges (of the seller's right, of its
    // parent), objections against the seller's right (by an auditor, the buyer, or the seller
    // itself), releases and resolutions; the delivery and the receipt fall at random points of it.
    // Only the right losing validity (an upheld objection revokes it) may stop the receipt; once
    // minted, the licence is Valid until then and AncestorInvalid after.
    type TradeAct =
      | { kind: "pledgeSeller" | "pledgeParent" }
      | { kind: "object"; claimant: number }
      | { kind: "release"; which: number }
      | { kind: "resolve"; which: number; upheld: boolean };
    const tradeAct: fc.Arbitrary<TradeAct> = fc.oneof(
      { arbitrary: fc.record({ kind: fc.constantFrom("pledgeSeller" as const, "pledgeParent" as const) }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant("object" as const), claimant: fc.nat(2) }), weight: 2 },
      { arbitrary: fc.record({ kind: fc.constant("release" as const), which: fc.nat(1) }), weight: 1 },
      { arbitrary: fc.record({ kind: fc.constant("resolve" as const), which: fc.nat(3), upheld: fc.boolean() }), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(fc.array(tradeAct, { minLength: 1, maxLength: 12 }), fc.nat(), fc.nat(), async (acts, receiptSeed, deliverySeed) => {
        const { fixture, holdingId, operationId, tradeId } = await loadFixture(confirmedTradeFixture);
        const { certificates, trades, registrar, financier, auditor, provider, otherProvider, buyer } = fixture;
        const receiptAt = receiptSeed % (acts.length + 1);
        const deliverAt = receiptAt - (deliverySeed % (receiptAt + 1));
        const pledged = new Set<bigint>();
        const open: bigint[] = [];
        let sellerRevoked = false;
        let licenceId = 0n;
        const state = () => `pledged [${[...pledged].join(",")}], open objections ${open.length}, seller right revoked ${sellerRevoked}`;
        expect((await certificates.certificate(operationId)).openTrades).to.equal(1n);

        for (let i = 0; i <= acts.length; i++) {
          if (i === deliverAt) await trades.connect(otherProvider).deliver(tradeId, hashOf("delivered file"));
          if (i === receiptAt) {
            if (sellerRevoked) {
              await expect(trades.connect(buyer).confirmReceipt(tradeId))
                .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(operationId, Validity.Revoked);
              expect((await trades.trade(tradeId)).status).to.equal(TradeStatus.Delivered);
            } else {
              expect(await outcome(trades.connect(buyer).confirmReceipt(tradeId)), `receipt before act ${i}: ${state()}`).to.equal(true);
              const record = await trades.trade(tradeId);
              expect(record.status).to.equal(TradeStatus.Completed);
              licenceId = record.buyerCertificateId;
              const granted = await certificates.certificate(licenceId);
              expect([granted.holder, granted.parentId, granted.category]).to.deep.equal([buyer.address, operationId, BigInt(RightCategory.ProcessingUse)]);
              expect((await certificates.certificate(operationId)).openTrades).to.equal(0n);
            }
          }
          expect(await certificates.validity(operationId)).to.equal(sellerRevoked ? Validity.Revoked : Validity.Valid);
          if (licenceId !== 0n) {
            expect(await certificates.validity(licenceId), `the licence, before act ${i}: ${state()}`)
              .to.equal(sellerRevoked ? Validity.AncestorInvalid : Validity.Valid);
          }
          if (i === acts.length) break;
          const act = acts[i];
          switch (act.kind) {
            case "pledgeSeller": case "pledgeParent": {
              const [id, holder] = act.kind === "pledgeSeller" ? [operationId, otherProvider] : [holdingId, provider];
              const allowed = !pledged.has(id) && (id === holdingId || (!sellerRevoked && open.length === 0));
              expect(await outcome(certificates.connect(holder).pledge(id, financier.address, hashOf("loan"))), `${act.kind}: ${state()}`).to.equal(allowed);
              if (allowed) pledged.add(id);
              break;
            }
            case "object": {
              const claimant = [auditor, buyer, otherProvider][act.claimant];
              expect(await outcome(certificates.connect(claimant).lodgeObjection(operationId, hashOf("claim"))), `objection: ${state()}`).to.equal(!sellerRevoked);
              if (!sellerRevoked) open.push(await certificates.objectionCount());
              break;
            }
            case "release": {
              const ids = [...pledged];
              if (ids.length === 0) break;
              const id = ids[act.which % ids.length];
              await certificates.connect(financier).release(id);
              pledged.delete(id);
              break;
            }
            case "resolve": {
              if (open.length === 0) break;
              const [objectionId] = open.splice(act.which % open.length, 1);
              await certificates.connect(registrar).resolveObjection(objectionId, act.upheld, hashOf(act.upheld ? "upheld" : "dismissed"));
              if (act.upheld) sellerRevoked = true;
              break;
            }
          }
        }
      }),
      { numRuns: RUNS },
    );
  });
});
