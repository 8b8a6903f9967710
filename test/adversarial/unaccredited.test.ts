/**
 * Issue 12, part 1: every state-changing function of every contract, called by an account with
 * no accreditation in force, reverts. The functions are enumerated from the compiled ABIs at run
 * time (every nonpayable or payable function), so a function added later is covered without
 * touching this file: it gets arguments built from its parameter names and types.
 *
 * Each call is aimed with real ids that exist. Where the same arguments would succeed for the
 * right caller, a control (eth_call from that caller) proves it first: the revert is then the
 * caller's doing, not a bad argument's.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { Interface } from "ethers";
import type { FunctionFragment, ParamType } from "ethers";
import {
  hashOf, now, jurisdiction, registration, YEAR, REGISTRAR_ROLE, AssessmentKind, ParticipantStatus, RightCategory,
  RequirementScope, TradeStatus, kindBit,
} from "../fixtures";
import { ASSESSMENT_TYPES, assessmentDomain } from "../../src/sdk/eip712";
import { CONTRACTS, CONTRACT_NAMES, abiOf, decodeRevert, reverted } from "./helpers";
import type { ContractName } from "./helpers";
import { ALL_ASSESSMENT_KINDS, ALL_KINDS, worldFixture } from "./world";
import type { Attacker, World } from "./world";

interface Target {
  contract: ContractName;
  fragment: FunctionFragment;
  signature: string;
}

/** Every state-changing function of the six contracts, from the artifacts as compiled now. */
function stateChangingFunctions(): Target[] {
  const targets: Target[] = [];
  for (const contract of CONTRACT_NAMES) {
    new Interface(abiOf(contract)).forEachFunction((fragment) => {
      if (fragment.stateMutability === "nonpayable" || fragment.stateMutability === "payable") {
        targets.push({ contract, fragment, signature: fragment.format("sighash") });
      }
    });
  }
  return targets;
}

type Values = Record<string, unknown>;

/** What a test knows when it builds a call. */
interface Context {
  world: World;
  attacker: HardhatEthersSigner;
  at: bigint;
  addresses: Record<ContractName, string>;
}

/** A finding on product 1 signed for `recordBySig`, by `signer`, in the name of the law firm. */
async function signedFinding(ctx: Context, signer: HardhatEthersSigner) {
  const { world, at, addresses } = ctx;
  const finding = {
    productId: world.ids.listedProduct, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt: at + YEAR,
    reportHash: hashOf("relayed report"),
  };
  const nonce = await world.assessments.nonces(world.lawFirm.address);
  const deadline = at + 3600n;
  const { chainId } = await ethers.provider.getNetwork();
  const signature = await signer.signTypedData(assessmentDomain(chainId, addresses.AssessmentRegistry), ASSESSMENT_TYPES, {
    assessor: world.lawFirm.address, ...finding, nonce, deadline,
  });
  return { assessor: world.lawFirm.address, finding, nonce, deadline, signature };
}

/** Values by parameter name, for any function: the ids that exist, addresses that are accredited. */
function defaults(ctx: Context): Values {
  const { world, at, addresses } = ctx;
  const { ids } = world;
  return {
    productId: ids.listedProduct,
    previousVersion: ids.listedProduct,
    tokenId: ids.holding,
    parentId: ids.holding,
    targetId: 1n,
    tradeId: ids.confirmedTrade,
    objectionId: 1n,
    assessmentId: 1n,
    account: world.buyer.address,
    holder: world.buyer.address,
    newHolder: world.otherProvider.address,
    financier: world.financier.address,
    assessor: world.lawFirm.address,
    from: world.provider.address,
    to: world.otherProvider.address,
    operator: world.otherProvider.address,
    role: REGISTRAR_ROLE,
    callerConfirmation: world.registrar.address,
    kinds: ALL_KINDS,
    assessmentKinds: ALL_ASSESSMENT_KINDS,
    jurisdiction: jurisdiction("CN"),
    permittedJurisdictions: [jurisdiction("CN")],
    accreditedUntil: at + 2n * YEAR,
    expiresAt: at + 2n * YEAR,
    licenceDuration: YEAR,
    rightOffered: RightCategory.ProcessingUse,
    category: RightCategory.ProcessingUse,
    amount: 1_000n,
    currency: ethers.hexlify(ethers.toUtf8Bytes("CNY")),
    method: 1,
    upheld: false,
    scope: RequirementScope.Base,
    value: 0,
    kindsMask: kindBit(AssessmentKind.LegalCompliance) | kindBit(AssessmentKind.Quality),
    floor: 1n,
    deal: world.freshDeal,
    sellerSignature: world.freshSellerSignature,
    buyerSignature: world.freshBuyerSignature,
    nonce: 0n,
    deadline: at + 3600n,
    finding: {
      productId: ids.listedProduct, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt: at + YEAR,
      reportHash: hashOf("attacker report"),
    },
    registration: registration({ contentHash: hashOf("attacker content") }),
    certificates_: addresses.RightsCertificate,
    assessments_: addresses.AssessmentRegistry,
    data: "0x",
  };
}

/** A value of `param`'s type when no name matches: real-looking, never zero. */
function valueOf(param: ParamType, values: Values): unknown {
  if (param.name && param.name in values) return values[param.name];
  if (param.isTuple()) {
    return Object.fromEntries(param.components.map((component) => [component.name, valueOf(component, values)]));
  }
  if (param.isArray()) return [];
  if (param.type === "address") return (values.from as string) ?? ethers.ZeroAddress;
  if (param.type === "bool") return true;
  if (param.type === "string") return "adversarial";
  if (param.type === "bytes") return "0x01";
  if (param.type.startsWith("bytes")) return ethers.zeroPadValue("0x01", Number(param.type.slice(5)));
  if (param.type.startsWith("uint") || param.type.startsWith("int")) return 1n;
  throw new Error(`no value for parameter ${param.format("full")}`);
}

/**
 * Per function: the arguments that aim it at a real unit, and the caller for whom exactly those
 * arguments succeed (the control). Keyed by function name: a function that moves to another
 * contract keeps its entry. A function absent here gets the defaults above and no control.
 */
interface Aim {
  args?: (ctx: Context) => Values | Promise<Values>;
  /** Who may make this call; undefined when nobody may (say why). */
  control?: (ctx: Context) => string | Promise<string>;
  /** Other arguments for the control call, when the attack differs from the legitimate call in more than the caller. */
  controlArgs?: (ctx: Context) => Values | Promise<Values>;
}

const w = (ctx: Context) => ctx.world;
const AIMS: Record<string, Aim> = {
  // ParticipantRegistry
  accredit: { args: (c) => ({ account: w(c).applicant.address }), control: (c) => w(c).registrar.address },
  grantRole: { args: (c) => ({ account: c.attacker.address }), control: (c) => w(c).admin.address },
  revokeRole: { args: (c) => ({ account: w(c).registrar.address }), control: (c) => w(c).admin.address },
  // Renouncing the Registrar's role on its behalf; renouncing one's own (absent) role is a no-op.
  renounceRole: { control: (c) => w(c).registrar.address },
  suspend: {
    args: (c) => ({ account: w(c).buyer.address, productId: w(c).ids.listedProduct, tokenId: w(c).ids.buyerLicence }),
    control: (c) => w(c).registrar.address,
  },
  reinstate: {
    args: (c) => ({
      account: w(c).suspendedParticipant.address, productId: w(c).ids.suspendedProduct, tokenId: w(c).ids.suspendedLicence,
    }),
    control: (c) => w(c).registrar.address,
  },
  revoke: {
    args: (c) => ({ account: w(c).buyer.address, productId: w(c).ids.listedProduct, tokenId: w(c).ids.buyerLicence }),
    // An assessment is revocable by its assessor (the law firm recorded assessment 1) or the Registrar.
    control: (c) => w(c).registrar.address,
  },
  // DataProductRegistry
  certify: { args: (c) => ({ productId: w(c).ids.assessedProduct }), control: (c) => w(c).registrar.address },
  delist: { control: (c) => w(c).provider.address },
  // One-shot wiring, done at deployment: afterwards it refuses everyone, the Admin too. No control.
  linkModules: {},
  list: {
    args: (c) => ({ productId: w(c).ids.delistedProduct }),
    // ListingBook.list is the Registrar's; DataProductRegistry.list is MARKET_ROLE's (the ListingBook).
    control: (c) => w(c).registrar.address,
  },
  lodgeObjection: { control: (c) => w(c).auditor.address },
  register: { control: (c) => w(c).provider.address },
  registerVersion: { control: (c) => w(c).provider.address },
  resolveObjection: { control: (c) => w(c).registrar.address },
  // RightsCertificate
  amend: { args: (c) => ({ tokenId: w(c).ids.buyerLicence }), control: (c) => w(c).registrar.address },
  issue: { args: () => ({ category: RightCategory.ResourceHolding }), control: (c) => w(c).registrar.address },
  license: { control: (c) => w(c).registrar.address },
  licenseForTrade: { control: (c) => c.addresses.TradeLedger },
  pledge: { args: (c) => ({ tokenId: w(c).ids.buyerLicence }), control: (c) => w(c).buyer.address },
  reissue: { args: (c) => ({ tokenId: w(c).ids.buyerLicence }), control: (c) => w(c).registrar.address },
  release: { args: (c) => ({ tokenId: w(c).ids.pledgedLicence }), control: (c) => w(c).financier.address },
  releaseReservation: { control: (c) => c.addresses.TradeLedger },
  renew: { args: (c) => ({ tokenId: w(c).ids.buyerLicence }), control: (c) => w(c).registrar.address },
  reserveForTrade: { control: (c) => c.addresses.TradeLedger },
  surrender: { args: (c) => ({ tokenId: w(c).ids.buyerLicence }), control: (c) => w(c).buyer.address },
  // Soulbound: nobody may transfer (the holder's own attempts are in soulbound.test.ts). No control.
  transferFrom: {},
  safeTransferFrom: {},
  // AssessmentRegistry
  record: { control: (c) => w(c).lawFirm.address },
  recordBySig: {
    // The attack: the attacker signs a finding in the law firm's name.
    args: async (c) => signedFinding(c, c.attacker),
    // The same finding signed by the law firm may be relayed by anyone, the attacker included.
    control: (c) => c.attacker.address,
    controlArgs: async (c) => signedFinding(c, w(c).lawFirm),
  },
  setRequirement: { control: (c) => w(c).admin.address },
  // ListingBook
  confirmPrice: { control: (c) => w(c).provider.address },
  proposePrice: { control: (c) => w(c).registrar.address },
  relist: { args: (c) => ({ productId: w(c).ids.delistedProduct }), control: (c) => w(c).registrar.address },
  setNegotiable: { control: (c) => w(c).provider.address },
  // TradeLedger
  attachPaymentReference: { control: (c) => w(c).buyer.address },
  cancel: { control: (c) => w(c).buyer.address },
  confirm: { control: (c) => w(c).registrar.address },
  confirmReceipt: { args: (c) => ({ tradeId: w(c).ids.deliveredTrade }), control: (c) => w(c).buyer.address },
  deliver: { control: (c) => w(c).provider.address },
  dispute: { control: (c) => w(c).buyer.address },
  resolveDispute: { args: (c) => ({ tradeId: w(c).ids.disputedTrade }), control: (c) => w(c).arbiter.address },
  // The attack: voiding the real, signed deal of provider and buyer.
  voidDeal: { control: (c) => w(c).buyer.address },
};

/** Per-contract exceptions to AIMS, where the same name means another act. */
const CONTRACT_AIMS: Partial<Record<ContractName, Record<string, Aim>>> = {
  DataProductRegistry: {
    list: { args: (c) => ({ productId: w(c).ids.delistedProduct }), control: (c) => c.addresses.ListingBook },
  },
  AssessmentRegistry: { revoke: { control: (c) => w(c).lawFirm.address } },
};

/**
 * The allow-list: functions an unaccredited account may call with effect. Each must then be
 * harmless, which `harmless` asserts. `mustRevert` says whether the aimed call above (the attack
 * proper) must still revert: for voidDeal and recordBySig it must; the allowed call is another.
 */
interface Allowance {
  reason: string;
  mustRevert: boolean;
  harmless: (ctx: Context, attacker: Attacker) => Promise<void>;
}

/** The real deal of provider and buyer still confirms: nothing the attacker did killed it. */
async function realDealStillConfirms(ctx: Context): Promise<void> {
  const { world } = ctx;
  const before = await world.trades.tradeCount();
  await world.trades.connect(world.registrar).confirm(world.freshDeal, world.freshSellerSignature, world.freshBuyerSignature);
  expect(await world.trades.tradeCount()).to.equal(before + 1n);
  expect((await world.trades.trade(before + 1n)).status).to.equal(TradeStatus.Confirmed);
}

const ALLOW_LIST: Record<string, Allowance> = {
  applyForAccreditation: {
    reason: "anyone may apply (the exchange accredits); an application grants nothing",
    mustRevert: false,
    harmless: async (ctx, attacker) => {
      const { participants } = ctx.world;
      const who = attacker.signer.address;
      const before = (await participants.participant(who)).status;
      let applied = true;
      try {
        await participants.connect(attacker.signer).applyForAccreditation(ALL_KINDS, ALL_ASSESSMENT_KINDS, jurisdiction("CN"), hashOf("my dossier"));
      } catch {
        applied = false;
      }
      const after = (await participants.participant(who)).status;
      if (before === BigInt(ParticipantStatus.None) || before === BigInt(ParticipantStatus.Pending)) {
        expect(applied, `${attacker.label}: anyone may apply`).to.equal(true);
        expect(after, `${attacker.label}: an application must leave the account Pending`).to.equal(ParticipantStatus.Pending);
      } else {
        // Suspended, Revoked, or Active-but-lapsed: applying again must not change the standing.
        expect(applied, `${attacker.label}: a ${before} account must not re-apply`).to.equal(false);
        expect(after).to.equal(before);
      }
      expect(await participants.isAccredited(who, 0)).to.equal(false);
      expect(await participants.transactionAllowed(who, ethers.ZeroAddress, 0, 0, 0, "0x")).to.equal(false);
      expect(await participants.isStaff(who)).to.equal(false);
    },
  },
  raiseNonceFloor: {
    reason: "a party's nonce floor kills only deals that party signed; wherever it lives, it acts on msg.sender",
    mustRevert: false,
    harmless: async (ctx, attacker) => {
      const owner = findFunction("raiseNonceFloor");
      const contract = new ethers.Contract(ctx.addresses[owner.contract], abiOf(owner.contract), attacker.signer);
      try {
        await contract.getFunction(owner.signature)(2n ** 32n - 1n);
      } catch {
        // It may also be refused to an unaccredited account: harmless either way.
      }
      await realDealStillConfirms(ctx);
    },
  },
  voidDeal: {
    reason: "a party may void its own signed deal; a stranger naming itself as a party voids only deals with itself",
    mustRevert: true,
    harmless: async (ctx, attacker) => {
      const { trades, freshDeal } = ctx.world;
      const who = attacker.signer.address;
      // A copy of the real deal with the attacker as buyer, then as seller: allowed, and a no-op for the real pair.
      await trades.connect(attacker.signer).voidDeal({ ...freshDeal, buyer: who });
      await trades.connect(attacker.signer).voidDeal({ ...freshDeal, seller: who });
      await realDealStillConfirms(ctx);
    },
  },
  recordBySig: {
    reason: "assessors may not run a node: anyone may relay a finding the assessor signed, recorded as the assessor's",
    mustRevert: true,
    harmless: async (ctx, attacker) => {
      const { assessments, lawFirm } = ctx.world;
      const signed = await signedFinding(ctx, lawFirm);
      const relay = assessments.connect(attacker.signer);
      await relay.recordBySig(signed.assessor, signed.finding, signed.nonce, signed.deadline, signed.signature);
      const recorded = await assessments.assessment(await assessments.assessmentCount());
      expect(recorded.assessor).to.equal(lawFirm.address);
      expect(recorded.reportHash).to.equal(signed.finding.reportHash);
      // The relayed signature cannot be used twice.
      await reverted(
        relay.recordBySig(signed.assessor, signed.finding, signed.nonce, signed.deadline, signed.signature),
        `${attacker.label}: replayed recordBySig`,
      );
    },
  },
};

const TARGETS = stateChangingFunctions();

function findFunction(name: string): Target {
  const found = TARGETS.filter((target) => target.fragment.name === name);
  if (found.length !== 1) throw new Error(`${name} is state-changing in ${found.length} contracts, expected 1`);
  return found[0];
}

async function contextFor(world: World, attacker: HardhatEthersSigner): Promise<Context> {
  const addresses = {} as Record<ContractName, string>;
  for (const name of CONTRACT_NAMES) addresses[name] = await world[CONTRACTS[name]].getAddress();
  return { world, attacker, at: await now(), addresses };
}

function aimOf(target: Target): Aim {
  return CONTRACT_AIMS[target.contract]?.[target.fragment.name] ?? AIMS[target.fragment.name] ?? {};
}

async function argumentsOf(target: Target, ctx: Context, extra: (ctx: Context) => Values | Promise<Values> = () => ({})) {
  const values = { ...defaults(ctx), ...(await extra(ctx)) };
  return target.fragment.inputs.map((input) => valueOf(input, values));
}

const label = (target: Target) => `${target.contract}.${target.signature}`;

describe("adversarial: an unaccredited account cannot change state", () => {
  it("finds every state-changing function in the compiled ABIs", () => {
    const names = TARGETS.map(label);
    console.log(`      ${TARGETS.length} state-changing functions enumerated`);
    for (const expected of [
      "ParticipantRegistry.accredit(address,uint8,uint16,bytes2,bytes32,uint40)",
      "RightsCertificate.issue(address,uint64,uint8,uint40,bytes32,bytes32)",
      "TradeLedger.confirmReceipt(uint256)",
      "ListingBook.proposePrice(uint64,uint128,bytes3,uint8)",
      "AssessmentRegistry.setRequirement(uint8,uint8,uint16)",
      "DataProductRegistry.certify(uint64)",
    ]) expect(names, expected).to.include(expected);
    for (const contract of CONTRACT_NAMES) {
      expect(TARGETS.filter((target) => target.contract === contract).length, contract).to.be.greaterThan(0);
    }
    // The allow-list names only functions that exist, each once.
    for (const name of Object.keys(ALLOW_LIST)) findFunction(name);
    const uncontrolled = TARGETS.filter((target) => !aimOf(target).control).map(label);
    console.log(`      without a control (nobody may call them): ${uncontrolled.join(", ")}`);
  });

  for (const target of TARGETS) {
    const allowance = ALLOW_LIST[target.fragment.name];
    it(`${label(target)}${allowance ? " (allow-listed: harmless)" : ""}`, async () => {
      const aim = aimOf(target);
      const failures: string[] = [];

      // Control: the same aim succeeds for the right caller, so the attacker's revert is about the caller.
      if (aim.control) {
        const world = await loadFixture(worldFixture);
        const ctx = await contextFor(world, world.stranger);
        const args = await argumentsOf(target, ctx, aim.controlArgs ?? aim.args);
        const from = await aim.control(ctx);
        const reader = new ethers.Contract(ctx.addresses[target.contract], abiOf(target.contract), ethers.provider);
        try {
          await reader.getFunction(target.signature).staticCall(...args, { from });
        } catch (error) {
          expect.fail(`control ${label(target)} from ${from} reverted (${decodeRevert(error)?.name ?? String(error)}): the aim is wrong, fix the test`);
        }
      }

      for (const attacker of (await loadFixture(worldFixture)).attackers) {
        const world = await loadFixture(worldFixture);
        const ctx = await contextFor(world, attacker.signer);
        if (allowance) await allowance.harmless(ctx, attacker);
        if (allowance && !allowance.mustRevert) continue;
        const fresh = await loadFixture(worldFixture);
        const freshCtx = await contextFor(fresh, attacker.signer);
        const args = await argumentsOf(target, freshCtx, aim.args);
        const contract = new ethers.Contract(freshCtx.addresses[target.contract], abiOf(target.contract), attacker.signer);
        try {
          const tx = await contract.getFunction(target.signature)(...args);
          await tx.wait();
          failures.push(`${label(target)} SUCCEEDED for the ${attacker.label} ${attacker.signer.address}`);
        } catch {
          // Refused, as it must be.
        }
      }
      expect(failures, failures.join("\n")).to.deep.equal([]);
    });
  }

  it("the allow-list is tiny", () => {
    expect(Object.keys(ALLOW_LIST).length).to.be.at.most(4);
  });
});
