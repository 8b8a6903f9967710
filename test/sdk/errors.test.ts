import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { Interface, JsonRpcProvider, Wallet } from "ethers";
import type { ContractRunner } from "ethers";
import { ERROR_SOURCES } from "../../scripts/generate-sdk";
import { deployDatarights } from "../../deploy/deployer";
import { connectProvider } from "../../src/sdk/chain";
import { bindContracts } from "../../src/sdk/client";
import { httpCaller, providerCaller } from "../../src/sdk/batch";
import { dealValues, dealSigners } from "../../src/sdk/documents";
import type { DealDocument } from "../../src/sdk/documents";
import {
  AccessControlUnauthorizedAccountError, ContractError, DataProductMissingSourceRightError, DataProductPolicyNotMetError, DatarightsError,
  ECDSAInvalidSignatureSError, ERRORS_ABI, ERROR_CLASSES, ListingBookInvalidPriceError, ListingBookInvalidRightError,
  ListingBookNotListedError, MalleableSignatureError, ParticipantRegistryInvalidAssessmentKindsError, ParticipantRegistryInvalidExpiryError,
  ParticipantRegistryInvalidJurisdictionError, SENTENCES, TradeLedgerExpiredDealError, TradeLedgerInvalidSignatureError,
  TradeLedgerStaleNonceError, decodeError,
} from "../../src/sdk/errors";
import type { AbiErrorItem, ContractErrorName } from "../../src/sdk/errors";
import { malleate } from "../adversarial/helpers";
import { anvilAccount, startAnvil } from "../cli/harness";
import type { AnvilNode } from "../cli/harness";
import {
  AssessmentKind, Kind, PricingMethod, RightCategory, Validity, YEAR, currencyCode, dealFor, hashOf, issueHolding, jurisdiction, licenseFrom,
  listedProduct, now, registerProduct, registration, registryFixture, signDeal,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";

/** What `act` threw, decoded as the SDK decodes it. */
async function failure(act: () => Promise<unknown>, action?: string): Promise<DatarightsError> {
  try {
    await act();
  } catch (error) {
    return decodeError(error, action);
  }
  throw new Error("the act went through");
}

/** ISO 8601 to the second, as the errors print times. */
const iso = (seconds: bigint) => new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");

/** An error's ABI as it decodes: name, and each input's name and types. */
const shape = (item: AbiErrorItem) =>
  JSON.stringify([item.name, item.inputs.map((input) => [input.name, input.type, input.internalType])]);

describe("SDK errors: one class per contract error, with readable arguments", function () {
  describe("every custom error", () => {
    it("of the contracts' ABIs has its class, with the same ABI, and a sentence", async () => {
      const missing: string[] = [];
      for (const source of ERROR_SOURCES) {
        const { abi } = await hre.artifacts.readArtifact(source);
        for (const fragment of abi.filter((item: { type: string }) => item.type === "error") as AbiErrorItem[]) {
          const ErrorClass = ERROR_CLASSES[fragment.name as ContractErrorName];
          if (!ErrorClass) missing.push(`${fragment.name} (${source}): no class`);
          else if (shape(ErrorClass.abi) !== shape(fragment)) missing.push(`${fragment.name}: its class has another ABI`);
          if (typeof SENTENCES[fragment.name as ContractErrorName] !== "function") missing.push(`${fragment.name}: no sentence`);
        }
      }
      expect(missing).to.deep.equal([]);
    });

    it("reads as a sentence, whatever its arguments", () => {
      // Zero values and non-zero ones: a sentence must not print `undefined`, `[object …]` or fall back to the raw name.
      const sample = (type: string, high: boolean): unknown => {
        if (type === "address") return high ? "0x00000000000000000000000000000000000000aa" : ethers.ZeroAddress;
        if (type === "bool") return high;
        if (type === "string") return high ? "SZDE2" : "";
        if (/^bytes\d+$/.test(type)) return ethers.hexlify(new Uint8Array(Number(type.slice(5))).fill(high ? 0x41 : 0));
        return high ? 3n : 0n;
      };
      for (const item of ERRORS_ABI) {
        for (const high of [false, true]) {
          const args = Object.fromEntries(item.inputs.map((input) => [input.name, sample(input.type, high)]));
          const error = new (ERROR_CLASSES[item.name] as unknown as new (args: Record<string, unknown>) => ContractError)(args);
          expect(error.shortMessage, item.name).to.match(/^[a-z0-9"]/i);
          expect(error.shortMessage, item.name).not.to.match(/undefined|\[object|NaN/);
          expect(error.shortMessage, item.name).not.to.include(`${item.name}(`);
          expect(error).to.be.instanceOf(ContractError).and.to.be.instanceOf(DatarightsError);
          expect(error.errorName).to.equal(item.name);
          expect(error.name).to.equal(`${item.name}Error`);
        }
      }
    });
  });

  describe("decoded from real reverts on the in-process chain", () => {
    let fixture: RegistryFixture;
    beforeEach(async () => {
      fixture = await loadFixture(registryFixture);
    });

    const accredit = (overrides: { kinds?: number; assessmentKinds?: number; code?: string; until?: bigint } = {}) => async () =>
      fixture.participants.connect(fixture.registrar).accredit(
        fixture.stranger.address, overrides.kinds ?? Kind.Buyer, overrides.assessmentKinds ?? 0, jurisdiction(overrides.code ?? "CN"),
        hashOf("dossier"), overrides.until ?? (await now()) + YEAR,
      );

    it("a role hash by its role's name", async () => {
      const error = await failure(async () => fixture.participants.connect(fixture.stranger).accredit(
        fixture.stranger.address, Kind.Buyer, 0, jurisdiction("CN"), hashOf("dossier"), (await now()) + YEAR,
      ), "accredit");
      expect(error).to.be.instanceOf(AccessControlUnauthorizedAccountError);
      const typed = error as AccessControlUnauthorizedAccountError;
      expect(typed.args).to.deep.equal({ account: fixture.stranger.address, neededRole: ethers.id("REGISTRAR_ROLE") });
      expect(typed.readable.neededRole).to.equal("REGISTRAR_ROLE");
      expect(error.shortMessage).to.equal(`${fixture.stranger.address} lacks the role REGISTRAR_ROLE`);
      expect(error.message.split("\n")[0]).to.equal(`accredit reverted: ${fixture.stranger.address} lacks the role REGISTRAR_ROLE`);
      expect(error.details).to.equal(`AccessControlUnauthorizedAccount(account=${fixture.stranger.address}, neededRole=${ethers.id("REGISTRAR_ROLE")})`);
      expect(error.cause).to.be.instanceOf(Error);
      expect(error.action).to.equal("accredit");
    });

    it("a time as ISO 8601", async () => {
      const past = (await now()) - 86_400n;
      const error = await failure(accredit({ until: past }));
      expect(error).to.be.instanceOf(ParticipantRegistryInvalidExpiryError);
      expect((error as ParticipantRegistryInvalidExpiryError).readable.accreditedUntil).to.equal(iso(past));
      expect(error.shortMessage).to.equal(`an accreditation must end in the future, not at ${iso(past)}`);
    });

    it("an assessment kinds mask by the kinds' names, and an undefined bit as such", async () => {
      const productId = await registerProduct(fixture);
      const policy = await failure(() => fixture.products.connect(fixture.registrar).certify(productId), "certify");
      expect(policy).to.be.instanceOf(DataProductPolicyNotMetError);
      expect((policy as DataProductPolicyNotMetError).args.missingKinds).to.equal(5n);
      expect(policy.shortMessage).to.equal(`product ${productId} lacks the required assessments: LegalCompliance, Quality`);

      const undefinedKind = await failure(accredit({ kinds: Kind.Assessor, assessmentKinds: (1 << AssessmentKind.Quality) | (1 << 9) }));
      expect(undefinedKind).to.be.instanceOf(ParticipantRegistryInvalidAssessmentKindsError);
      expect((undefinedKind as ParticipantRegistryInvalidAssessmentKindsError).readable.assessmentKinds).to.equal("Quality, bit 9");
    });

    it("bytes2 and bytes3 codes as text, and an enum by its member's name", async () => {
      const jurisdictionError = await failure(accredit({ code: "cn" }));
      expect(jurisdictionError).to.be.instanceOf(ParticipantRegistryInvalidJurisdictionError);
      expect(jurisdictionError.shortMessage).to.equal("the jurisdiction cn is not two upper-case letters (ISO 3166-1 alpha-2)");

      const listed = await listedProduct(fixture);
      const price = await failure(() => fixture.listings.connect(fixture.registrar).proposePrice(listed.productId, 0n, currencyCode("CNY"), PricingMethod.Market));
      expect(price).to.be.instanceOf(ListingBookInvalidPriceError);
      expect((price as ListingBookInvalidPriceError).readable).to.deep.equal({ amount: "0", currency: "CNY", method: "Market" });

      const productId = await registerProduct(fixture, { contentHash: hashOf("another") });
      await fixture.products.connect(fixture.registrar).certify(productId).catch(() => undefined);
      const right = await failure(() => fixture.listings.connect(fixture.registrar).list(productId, RightCategory.ResourceHolding, YEAR, [jurisdiction("CN")]));
      expect(right).to.be.instanceOf(ListingBookInvalidRightError);
      expect(right.shortMessage).to.equal("a listing cannot offer a ResourceHolding right: only ProcessingUse or ProductOperation");
    });

    it("a deal's deadline as a date, and a stale nonce with its numbers", async () => {
      const listed = await listedProduct(fixture);
      const { trades, provider, buyer, registrar } = fixture;
      const expired = await dealFor(fixture, listed, { deadline: (await now()) - 60n });
      const expiredError = await failure(async () =>
        trades.connect(registrar).confirm(expired, await signDeal(provider, trades, expired), await signDeal(buyer, trades, expired)));
      expect(expiredError).to.be.instanceOf(TradeLedgerExpiredDealError);
      expect(expiredError.shortMessage).to.equal(`the deal expired at ${iso(expired.deadline)}; draft and sign it again`);

      const deal = await dealFor(fixture, listed, { nonce: 5n });
      await trades.connect(registrar).confirm(deal, await signDeal(provider, trades, deal), await signDeal(buyer, trades, deal));
      const stale = await dealFor(fixture, listed, { nonce: 4n });
      const staleError = await failure(async () =>
        trades.connect(registrar).confirm(stale, await signDeal(provider, trades, stale), await signDeal(buyer, trades, stale)), "confirm trade");
      expect(staleError).to.be.instanceOf(TradeLedgerStaleNonceError);
      expect((staleError as TradeLedgerStaleNonceError).args.leastNonce).to.equal(6n);
      expect(staleError.message.split("\n")[0]).to.equal(
        `confirm trade reverted: the deal's nonce 4 is stale: a deal of ${provider.address} and ${buyer.address} on this product must carry at least 6; draft it again`,
      );
    });

    it("a high-s signature as a plain sentence: on chain, when ethers parses it, and as OpenZeppelin's revert", async () => {
      const listed = await listedProduct(fixture);
      const { trades, provider, buyer, registrar } = fixture;
      const deal = await dealFor(fixture, listed);
      const sellerSignature = malleate(await signDeal(provider, trades, deal));
      const onChain = await failure(async () => trades.connect(registrar).confirm(deal, sellerSignature, await signDeal(buyer, trades, deal)));
      expect(onChain).to.be.instanceOf(TradeLedgerInvalidSignatureError);
      expect(onChain.shortMessage).to.equal(
        `the signature of ${provider.address} is malformed or malleable (high s): it recovers to no account; sign again`,
      );

      const document: DealDocument = {
        type: "datarights.deal", chainId: (await ethers.provider.getNetwork()).chainId.toString(), ledger: await trades.getAddress(),
        deal: {
          ...Object.fromEntries(Object.entries(deal).map(([key, value]) => [key, typeof value === "bigint" ? value.toString() : value])),
          rightGranted: Number(deal.rightGranted), crossBorder: deal.crossBorder,
        } as DealDocument["deal"],
        signatures: { seller: sellerSignature },
      };
      expect(dealValues(document.deal)).to.deep.equal(deal);
      let parsed: unknown;
      try {
        dealSigners(document);
      } catch (error) {
        parsed = error;
      }
      expect(parsed).to.be.instanceOf(MalleableSignatureError);
      expect((parsed as MalleableSignatureError).shortMessage).to.equal("the seller's signature is malleable (high s); sign again");
      expect((parsed as MalleableSignatureError).cause).to.have.property("code", "INVALID_ARGUMENT");

      const s = ethers.dataSlice(sellerSignature, 32, 64);
      const revert = new Interface(ERRORS_ABI).encodeErrorResult("ECDSAInvalidSignatureS", [s]);
      const oz = decodeError({ data: revert }, "confirm trade");
      expect(oz).to.be.instanceOf(ECDSAInvalidSignatureSError);
      expect(oz.message.split("\n")[0]).to.equal("confirm trade reverted: the signature is malleable (high s); sign again");
    });

    describe("DataProductMissingSourceRight says which of its four causes applies", () => {
      let sources: bigint[];
      let holdings: bigint[];
      let licences: bigint[];
      beforeEach(async () => {
        sources = [];
        holdings = [];
        licences = [];
        for (let i = 0; i < 2; i++) {
          const source = await registerProduct(fixture, { contentHash: hashOf(`source ${i}`) }, fixture.otherProvider);
          const holding = await issueHolding(fixture, source, fixture.otherProvider);
          sources.push(source);
          holdings.push(holding);
          licences.push(await licenseFrom(fixture, holding, fixture.provider));
        }
      });
      const derive = (source: bigint, certificate: bigint) =>
        failure(() => fixture.products.connect(fixture.provider).register(
          registration({ contentHash: hashOf(`derived ${certificate}`), sources: [source], sourceCertificates: [certificate] }),
        ), "register");

      it("another product", async () => {
        const error = await derive(sources[0], licences[1]);
        expect(error).to.be.instanceOf(DataProductMissingSourceRightError);
        expect((error as DataProductMissingSourceRightError).readable).to.deep.equal({
          source: String(sources[0]), certificateId: String(licences[1]), holder: fixture.provider.address,
          certificateProduct: String(sources[1]), category: "ProcessingUse", validity: "Valid",
        });
        expect(error.shortMessage).to.equal(
          `certificate ${licences[1]} does not allow deriving from product ${sources[0]}: it is a right on product ${sources[1]}`,
        );
      });

      it("a ProductOperation right", async () => {
        const operation = await licenseFrom(fixture, holdings[0], fixture.provider, RightCategory.ProductOperation);
        expect((await derive(sources[0], operation)).shortMessage).to.equal(
          `certificate ${operation} does not allow deriving from product ${sources[0]}: it is a ProductOperation right (deriving needs ResourceHolding or ProcessingUse)`,
        );
      });

      it("another holder", async () => {
        expect((await derive(sources[0], holdings[0])).shortMessage).to.equal(
          `certificate ${holdings[0]} does not allow deriving from product ${sources[0]}: it is held by ${fixture.otherProvider.address}, not by the registering provider`,
        );
      });

      it("not valid, or no certificate at all", async () => {
        await fixture.certificates.connect(fixture.registrar).revoke(holdings[0], hashOf("reason"));
        const error = await derive(sources[0], licences[0]);
        expect((error as DataProductMissingSourceRightError).args.validity).to.equal(BigInt(Validity.AncestorInvalid));
        expect(error.shortMessage).to.equal(
          `certificate ${licences[0]} does not allow deriving from product ${sources[0]}: it is not valid: AncestorInvalid`,
        );
        expect((await derive(sources[0], 999n)).shortMessage).to.equal(`certificate 999 does not allow deriving from product ${sources[0]}: it does not exist`);
      });
    });

    it("a revert from a static call: a view through ethers, and the raw batch reader over the provider", async () => {
      const productId = await registerProduct(fixture);
      const view = await failure(() => fixture.listings.listing(productId), "listing show");
      expect(view).to.be.instanceOf(ListingBookNotListedError);
      expect(view.message.split("\n")[0]).to.equal(`listing show reverted: product ${productId} is not listed`);
      expect((view as ListingBookNotListedError).readable.productId).to.equal(String(productId));

      const read = providerCaller(ethers.provider, await ethers.provider.getBlockNumber());
      const to = await fixture.listings.getAddress();
      const batch = await failure(() => read([{ to, data: fixture.listings.interface.encodeFunctionData("listing", [productId]) }]));
      expect(batch).to.be.instanceOf(ListingBookNotListedError);
      expect(batch.message.split("\n")[0]).to.equal(`read reverted: product ${productId} is not listed`);
    });

    it("the time a revert prints is the chain's, not the machine's", async () => {
      // Far in the chain's future, so the sentence's date cannot be the wall clock's.
      await time.increase(10n * YEAR);
      const until = (await now()) - 1n;
      const error = await failure(accredit({ until }));
      expect(error.shortMessage).to.include(iso(until));
    });
  });

  describe("decoded from anvil, a separate JSON-RPC node", function () {
    this.timeout(120_000);
    let node: AnvilNode;
    let provider: JsonRpcProvider;
    let runner: ContractRunner;
    let listingBook: string;
    let contracts: ReturnType<typeof bindContracts>;

    before(async () => {
      node = await startAnvil();
      ({ provider } = await connectProvider(node.rpcUrl));
      runner = new Wallet(anvilAccount(0).privateKey, provider);
      const { deployment } = await deployDatarights({ signer: runner as Wallet, network: "anvil", artifactsDir: hre.config.paths.artifacts });
      contracts = bindContracts(deployment, runner);
      listingBook = deployment.contracts.ListingBook.address;
    });
    after(async () => {
      provider?.destroy();
      await node?.stop();
    });

    it("an eth_call revert through ethers and through the raw JSON-RPC batch", async () => {
      const view = await failure(() => contracts.listings.listing(7n), "listing show");
      expect(view).to.be.instanceOf(ListingBookNotListedError);
      expect(view.shortMessage).to.equal("product 7 is not listed");

      const batch = httpCaller(node.rpcUrl, await provider.getBlockNumber());
      const data = contracts.listings.interface.encodeFunctionData("listing", [7n]);
      const raw = await failure(() => batch([{ to: listingBook, data }, { to: listingBook, data }]));
      expect(raw).to.be.instanceOf(ListingBookNotListedError);
      expect(raw.message.split("\n")[0]).to.equal("read reverted: product 7 is not listed");
    });

    it("a transaction's revert", async () => {
      // The deployer is the Admin, not a Registrar.
      const error = await failure(async () => contracts.products.certify(1n), "certify");
      expect(error).to.be.instanceOf(ContractError);
      expect(error.errorName).to.equal("AccessControlUnauthorizedAccount");
      expect(error.shortMessage).to.equal(`${await (runner as Wallet).getAddress()} lacks the role REGISTRAR_ROLE`);
    });
  });

  describe("failures that are not reverts", () => {
    it("stay one line, with the cause attached", () => {
      const cause = new Error("connect ECONNREFUSED 127.0.0.1:9\n    at TCPConnectWrap");
      const error = decodeError(cause, "read");
      expect(error).to.be.instanceOf(DatarightsError).and.not.to.be.instanceOf(ContractError);
      expect(error.errorName).to.equal(undefined);
      expect(error.shortMessage).to.equal("connect ECONNREFUSED 127.0.0.1:9");
      expect(error.message).to.equal("read failed: connect ECONNREFUSED 127.0.0.1:9");
      expect(error.cause).to.equal(cause);
      expect(error.walk()).to.equal(cause);
      expect(decodeError(error)).to.equal(error);
    });

    it("revert data of an unknown error names its selector", () => {
      const error = decodeError({ data: "0xdeadbeef" }, "read");
      expect(error.message.split("\n")[0]).to.equal("read reverted: the contract reverted with an error the SDK does not know (selector 0xdeadbeef)");
      expect(error.errorName).to.equal(undefined);
    });
  });
});
