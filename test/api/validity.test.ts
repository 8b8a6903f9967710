import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { ethers } from "ethers";
import type { ContractTransactionResponse, TransactionReceipt } from "ethers";
import type { FastifyInstance } from "fastify";
import { buildApi } from "../../src/api";
import { temporaryDirectory } from "../cli/harness";
import { auditMirror } from "../../src/listener";
import type { Divergence } from "../../src/listener";
import {
  grantRole, licenseCertificate, lodgeObjection, pledgeCertificate, reinstateProduct, resolveObjection, revokeCertificate, suspendProduct,
  transferCertificate,
} from "../../src/sdk/actions";
import { VALIDITIES, enumName } from "../../src/sdk/names";
import { CAST_ROLES, StoryContext } from "../../src/stories";
import type { Cast } from "../../src/stories";
import { EMBEDDED, SERVER } from "../mirror/backends";
import { chainClient, startTestChain } from "../mirror/chain";
import type { TestChain } from "../mirror/chain";
import { startMirror } from "../mirror/helpers";
import type { RunningMirror } from "../mirror/helpers";
import { apiClient } from "./client";

/**
 * Issue 12 on a chain of its own, act by act, each followed by the mirror (a listener running
 * all along) and read through the API: a certificate's validity, why it is not valid, whether it
 * is blocked, a product's lineage standing, the `?validity=` filter, and pages that neither skip
 * nor repeat logs of one block. After every act, every certificate's validity in the API must be
 * what `RightsCertificate.validity(id)` answers at the mirror's indexed block, and
 * `audit-mirror` must agree. With DATABASE_URL, a second mirror on the server follows the same
 * chain and must answer the same.
 */

/**
 * Whether the contracts compiled for this run know ProductRevoked (issue 12 adds it to
 * `validity`). Until they do, the chain answers a certificate of a revoked product without the
 * product rule: Valid, for this scenario's certificates of a revoked product; the mirror already
 * answers ProductRevoked, and the audit reports exactly those certificates.
 */
const CHAIN_KNOWS_PRODUCT_REVOKED = /enum CertificateValidity\s*\{[^}]*\bProductRevoked\b/.test(
  readFileSync(join(__dirname, "..", "..", "contracts", "types", "DataRightsTypes.sol"), "utf8"),
);

interface CertificateItem {
  id: number;
  productId: number;
  status: string;
  validity: string;
  invalidAncestorId: number | null;
  blocked: boolean;
  successorId: number | null;
  expiresAt: string;
}

interface LineageStanding {
  intact: boolean;
  brokenEdge?: { productId: number; sourceId: number; certificateId: number; validity: string };
}

describe("validity, lineage standing and paging, mirrored from the chain and served by the API", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let context: StoryContext;
  let cast: Cast;
  let mirror: RunningMirror;
  let app: FastifyInstance;
  /** With DATABASE_URL, a second mirror of the same chain on the server, and its API: it must answer as the embedded one. */
  let serverMirror: RunningMirror | undefined;
  let serverApp: FastifyInstance | undefined;
  /** The block the mirror has indexed up to: the chain's head once `caughtUp` returns. */
  let head = 0;
  const { get, everyPage } = apiClient(() => app);

  // Products: X (Shenzhen Power's), Y (Speechocean's, derived from X under L1), Z (Shenzhen Power's, revoked at the end).
  // Certificates: H holding of X, PO operation right of X; L1 (H → Speechocean), L3 (PO → Bank of Shenzhen), L4 (H → the
  // district bureau, 30 days); HY holding of Y; HZ holding of Z, LZ (HZ → Weiyan Tech); H2, H's successor after a transfer.
  const id: Record<"X" | "Y" | "Z" | "H" | "PO" | "L1" | "L3" | "L4" | "HY" | "HZ" | "LZ" | "H2", number> = {} as never;
  let zObjection = 0n;

  /** Waits until the mirror has applied the chain's head. */
  async function caughtUp(): Promise<number> {
    head = Number(await chain.node.rpc("eth_blockNumber"));
    await mirror.listener.waitForBlock(head);
    await serverMirror?.listener.waitForBlock(head);
    return head;
  }

  const certificate = (certificateId: number) => get<CertificateItem>(`/certificates/${certificateId}`);
  /** [validity, invalidAncestorId, blocked] of each certificate named. */
  async function standings(...names: (keyof typeof id)[]): Promise<Record<string, [string, number | null, boolean]>> {
    const result: Record<string, [string, number | null, boolean]> = {};
    for (const name of names) {
      const item = await certificate(id[name]);
      result[name] = [item.validity, item.invalidAncestorId, item.blocked];
    }
    return result;
  }

  /**
   * The property: every certificate the API lists has the validity the chain's `validity(id)`
   * answers at the indexed block, and the audit finds nothing else. Returns the audit's
   * divergences, which are none once the contracts know ProductRevoked.
   */
  async function expectMirrorEqualsChain(): Promise<void> {
    const block = await caughtUp();
    const listed = await everyPage<CertificateItem>("/certificates", 7);
    expect(listed.map((item) => item.id)).to.deep.equal(Array.from({ length: listed.length }, (_, index) => listed.length - index));
    expect(listed.length).to.equal(Number(await chain.contracts.certificates.certificateCount({ blockTag: block })));
    const gap: Divergence[] = [];
    for (const item of listed) {
      const onChain = enumName(VALIDITIES, await chain.contracts.certificates.validity(item.id, { blockTag: block }));
      if (item.validity === "ProductRevoked" && !CHAIN_KNOWS_PRODUCT_REVOKED) {
        expect(onChain, `certificate ${item.id} at block ${block}, before the contracts know ProductRevoked`).to.equal("Valid");
        gap.push({ entity: "certificate", id: String(item.id), field: "validity", mirror: "ProductRevoked", chain: "Valid" });
      } else {
        expect(item.validity, `certificate ${item.id} at block ${block}`).to.equal(onChain);
      }
    }
    for (const database of [mirror.database, ...(serverMirror ? [serverMirror.database] : [])]) {
      const report = await auditMirror({ database, client: chainClient(chain) });
      expect(report.block).to.equal(block);
      expect(report.checked.certificate).to.equal(listed.length);
      expect(report.divergences, database.description).to.have.deep.members(gap);
    }
    if (serverApp) {
      const onServer = apiClient(() => serverApp!);
      expect(await onServer.everyPage("/certificates", 100), "the server's certificates").to.deep.equal(await everyPage("/certificates", 100));
      for (const url of ["/products", "/products?limit=100"]) expect(await onServer.get(url), url).to.deep.equal(await get(url));
    }
  }

  before(async () => {
    chain = await startTestChain();
    cast = Object.fromEntries(CAST_ROLES.map((role, index) => [role, chain.signers[index]])) as unknown as Cast;
    const quiet = { heading: () => undefined, step: () => undefined, detail: () => undefined };
    context = new StoryContext(
      chain.client, cast, quiet, async () => BigInt((await chain.signers[0].provider!.getBlock("latest"))!.timestamp),
      async (seconds) => {
        await chain.node.rpc("evm_increaseTime", [Number(seconds)]);
        await chain.node.rpc("evm_mine");
      },
      temporaryDirectory("validity-documents"),
    );
    mirror = await startMirror(EMBEDDED.fresh("validity").config, chain.node.rpcUrl, chain.mirrored);
    app = await buildApi({ database: mirror.database });
    if (SERVER) {
      serverMirror = await startMirror(SERVER.fresh("validity").config, chain.node.rpcUrl, chain.mirrored);
      serverApp = await buildApi({ database: serverMirror.database });
    }

    const { shenzhenPower, speechocean, bankOfShenzhen, districtBureau, weiyanTech, creditBank, lawFirm, standardsInstitute, auditor } = cast;
    await grantRole(chain.client, { role: "registrar", account: cast.registrar.address });
    await context.accredit(shenzhenPower, { provider: true });
    await context.accredit(speechocean, { provider: true, buyer: true });
    for (const buyer of [bankOfShenzhen, districtBureau, weiyanTech]) await context.accredit(buyer, { buyer: true });
    await context.accredit(creditBank, { financier: true });
    await context.accredit(auditor, { auditor: true });
    await context.accredit(lawFirm, { assessmentKinds: ["LegalCompliance"] });
    await context.accredit(standardsInstitute, { assessmentKinds: ["Quality"] });
    const findings = [{ assessor: lawFirm, kind: "LegalCompliance" as const, report: "opinion" }, { assessor: standardsInstitute, kind: "Quality" as const, report: "quality" }];
    const register = async (provider: typeof shenzhenPower, name: string, sources: { productId: bigint; certificateId: bigint }[] = []) => {
      const { productId } = await context.registerProduct(provider, {
        content: ethers.toUtf8Bytes(name), originDeclaration: `origin of ${name}`, productType: "Dataset", sourceCategory: "Enterprise",
        metadataURI: `ipfs://${name}`, sources,
      });
      await context.certifyWithFindings(productId, findings);
      return productId;
    };

    const x = await register(shenzhenPower, "X");
    const h = await context.issueRight(shenzhenPower, x, "ResourceHolding", { scope: "all uses", evidence: "registration X" });
    const po = await context.issueRight(shenzhenPower, x, "ProductOperation", { scope: "resale", evidence: "registration X PO", validFor: 3n * context.YEAR });
    const l1 = await context.licenseRight(h, speechocean, "ProcessingUse", { scope: "annotation", evidence: "licence L1" });
    const l3 = await context.licenseRight(po, bankOfShenzhen, "ProcessingUse", { scope: "credit models", evidence: "licence L3" });
    const l4 = await context.licenseRight(h, districtBureau, "ProcessingUse", { scope: "statistics", evidence: "licence L4", validFor: 30n * context.DAY });
    await context.listProduct(x, { price: { method: "Negotiable" } });
    const y = await register(speechocean, "Y", [{ productId: x, certificateId: l1 }]);
    const hy = await context.issueRight(speechocean, y, "ResourceHolding", { scope: "all uses", evidence: "registration Y" });
    const z = await register(shenzhenPower, "Z");
    const hz = await context.issueRight(shenzhenPower, z, "ResourceHolding", { scope: "all uses", evidence: "registration Z" });
    const lz = await context.licenseRight(hz, weiyanTech, "ProcessingUse", { scope: "risk", evidence: "licence LZ" });
    const ids = { X: x, Y: y, Z: z, H: h, PO: po, L1: l1, L3: l3, L4: l4, HY: hy, HZ: hz, LZ: lz };
    for (const [name, value] of Object.entries(ids)) id[name as keyof typeof ids] = Number(value);
  });

  after(async () => {
    await app?.close();
    await mirror?.close();
    await serverApp?.close();
    await serverMirror?.close();
    await SERVER?.cleanup();
    await chain?.stop();
  });

  it("shows every right Valid, unblocked, and the derived product's lineage intact", async () => {
    await expectMirrorEqualsChain();
    expect(await standings("H", "PO", "L1", "L3", "L4", "HY", "HZ", "LZ")).to.deep.equal({
      H: ["Valid", null, false], PO: ["Valid", null, false], L1: ["Valid", null, false], L3: ["Valid", null, false],
      L4: ["Valid", null, false], HY: ["Valid", null, false], HZ: ["Valid", null, false], LZ: ["Valid", null, false],
    });
    expect((await certificate(id.L1)).status).to.equal("Active");
    const y = await get<{ lineage: LineageStanding & { edges: { source: number; sourceCertificateId: number; sourceCertificateValidity: string }[] } }>(`/products/${id.Y}`);
    expect(y.lineage.intact).to.equal(true);
    expect(y.lineage).not.to.have.property("brokenEdge");
    expect(y.lineage.edges).to.deep.equal([{ product: id.Y, source: id.X, sourceCertificateId: id.L1, sourceCertificateValidity: "Valid" }]);
  });

  it("follows a transferred parent to its successor: the parent is Superseded, its licences stay Valid", async () => {
    const { certificateId: h2 } = await transferCertificate(context.as(cast.registrar), {
      certificateId: BigInt(id.H), newHolder: cast.bankOfShenzhen.address, evidenceHash: ethers.id("transfer of H"),
    });
    id.H2 = Number(h2);
    await expectMirrorEqualsChain();
    expect((await certificate(id.H)).successorId).to.equal(id.H2);
    expect(await standings("H", "H2", "L1", "L4")).to.deep.equal({
      H: ["Superseded", null, false], H2: ["Valid", null, false], L1: ["Valid", null, false], L4: ["Valid", null, false],
    });
    expect((await get<{ lineage: LineageStanding }>(`/products/${id.Y}`)).lineage.intact).to.equal(true);
  });

  it("says which Valid certificates are blocked: pledged, under a pledged parent, of a frozen or suspended product", async () => {
    const registrar = context.as(cast.registrar);
    await pledgeCertificate(context.as(cast.shenzhenPower), { certificateId: BigInt(id.PO), financier: cast.creditBank.address, agreementHash: ethers.id("loan against PO") });
    ({ objectionId: zObjection } = await lodgeObjection(context.as(cast.auditor), {
      target: "product", targetId: BigInt(id.Z), claimHash: ethers.id("ownership of Z disputed"),
    }));
    await suspendProduct(registrar, { productId: BigInt(id.Y), reasonHash: ethers.id("security review of Y") });
    await expectMirrorEqualsChain();
    expect(await standings("PO", "L3", "HZ", "LZ", "HY", "H2", "L1")).to.deep.equal({
      PO: ["Valid", null, true], L3: ["Valid", null, true], HZ: ["Valid", null, true], LZ: ["Valid", null, true], HY: ["Valid", null, true],
      H2: ["Valid", null, false], L1: ["Valid", null, false],
    });
    expect((await get<{ frozen: boolean }>(`/products/${id.Z}`)).frozen).to.equal(true);
    // The chain refuses a licence out of the pledged right.
    const expiresAt = (await context.now()) + context.DAY;
    const refused = await context.refusal(() => licenseCertificate(registrar, {
      parentId: BigInt(id.PO), holder: cast.weiyanTech.address, category: "ProcessingUse", expiresAt, scopeHash: ethers.id("s"), evidenceHash: ethers.id("e"),
    }));
    expect(refused.name).to.equal("RightsCertificatePledged");
    await reinstateProduct(registrar, { productId: BigInt(id.Y), reasonHash: ethers.id("review passed") });
    await caughtUp();
    expect((await certificate(id.HY)).blocked).to.equal(false);
  });

  it("follows the chain's clock: time advanced and a block mined, the API answers Expired at the new head", async () => {
    expect((await certificate(id.L4)).validity).to.equal("Valid");
    await chain.node.rpc("evm_increaseTime", [31 * 24 * 3600]);
    await chain.node.rpc("evm_mine");
    await expectMirrorEqualsChain();
    const l4 = await certificate(id.L4);
    const time = (await chain.signers[0].provider!.getBlock(head))!.timestamp;
    // Expired by the chain's clock, not by the wall clock's.
    expect(Date.parse(l4.expiresAt) / 1000).to.be.at.most(time).and.greaterThan(Date.now() / 1000);
    expect([l4.status, l4.validity, l4.invalidAncestorId]).to.deep.equal(["Active", "Expired", null]);
    expect((await get<{ indexedBlock: number }>("/health")).indexedBlock).to.equal(head);
    expect((await certificate(id.L1)).validity).to.equal("Valid");
  });

  it("names the revoked parent of a licence, or the revoked stand-in of a transferred one, and breaks the derived product's lineage there", async () => {
    const registrar = context.as(cast.registrar);
    await revokeCertificate(registrar, { certificateId: BigInt(id.PO), reasonHash: ethers.id("PO withdrawn") });
    await revokeCertificate(registrar, { certificateId: BigInt(id.H2), reasonHash: ethers.id("H2 withdrawn") });
    await expectMirrorEqualsChain();
    expect(await standings("PO", "L3", "H", "H2", "L1", "L4")).to.deep.equal({
      PO: ["Revoked", null, true], L3: ["AncestorInvalid", id.PO, true], H: ["Superseded", null, false], H2: ["Revoked", null, false],
      L1: ["AncestorInvalid", id.H2, false], L4: ["Expired", null, false],
    });
    expect((await certificate(id.L3)).status).to.equal("Active");
    const broken = { intact: false, brokenEdge: { productId: id.Y, sourceId: id.X, certificateId: id.L1, validity: "AncestorInvalid" } };
    expect((await get<{ lineage: LineageStanding }>(`/products/${id.Y}`)).lineage).to.deep.include(broken);
    const products = await everyPage<{ id: number; lineage: LineageStanding }>("/products", 2);
    expect(Object.fromEntries(products.map((product) => [product.id, product.lineage]))).to.deep.equal({
      [id.X]: { intact: true }, [id.Y]: broken, [id.Z]: { intact: true },
    });
  });

  it("filters certificates by validity, page by page, with the other filters", async () => {
    const all = await everyPage<CertificateItem>("/certificates", 100);
    for (const validity of ["Valid", "Superseded", "Revoked", "Expired", "AncestorInvalid", "Suspended"]) {
      const filtered = await everyPage<CertificateItem>(`/certificates?validity=${validity}`, 1);
      expect(filtered.map((item) => item.id), validity).to.deep.equal(all.filter((item) => item.validity === validity).map((item) => item.id));
    }
    expect((await everyPage<CertificateItem>("/certificates?validity=AncestorInvalid", 1)).map((item) => item.id)).to.deep.equal([id.L1, id.L3].sort((a, b) => b - a));
    expect((await get<{ items: CertificateItem[] }>(`/certificates?validity=AncestorInvalid&product=${id.X}&status=Active&cursor=${id.L3}`)).items.map((item) => item.id))
      .to.deep.equal([id.L1]);
    expect((await get<{ items: unknown[] }>(`/certificates?validity=Expired&product=${id.Z}`)).items).to.deep.equal([]);
    expect((await get<{ message: string }>("/certificates?validity=Lapsed", 400)).message).to.match(/^querystring\.validity: Invalid option/);
    expect((await get<{ message: string }>("/certificates?validity=Nonexistent", 400)).message).to.match(/^querystring\.validity: Invalid option/);
  });

  it("answers ProductRevoked for the certificates of a product revoked by an upheld objection, as validity(id) does once the contracts have the rule", async () => {
    await resolveObjection(context.as(cast.registrar), { target: "product", objectionId: zObjection, upheld: true, resolutionHash: ethers.id("claim upheld") });
    await expectMirrorEqualsChain();
    expect((await get<{ status: string; frozen: boolean }>(`/products/${id.Z}`))).to.deep.include({ status: "Revoked", frozen: false });
    expect(await standings("HZ", "LZ")).to.deep.equal({ HZ: ["ProductRevoked", null, false], LZ: ["ProductRevoked", null, false] });
    const revoked = await everyPage<CertificateItem>("/certificates?validity=ProductRevoked", 1);
    expect(revoked.map((item) => item.id)).to.deep.equal([id.LZ, id.HZ]);
  });

  describe("pages that neither skip nor repeat logs of one block", () => {
    /**
     * Sends the transactions unmined, then mines them in one block; returns that block and the
     * receipts. These go through the bindings, with explicit gas limits: the SDK's actions wait for
     * their receipts and estimate gas on the chain as it is, and these must share one block (a
     * setNegotiable after a proposal of the same block would be estimated before that proposal).
     */
    async function inOneBlock(
      ...transactions: (() => Promise<ContractTransactionResponse>)[]
    ): Promise<{ block: number; logIndexes: Map<string, number[]>; receipts: TransactionReceipt[] }> {
      await chain.node.rpc("evm_setAutomine", [false]);
      const pending: ContractTransactionResponse[] = [];
      try {
        for (const send of transactions) pending.push(await send());
        await chain.node.rpc("evm_mine");
      } finally {
        await chain.node.rpc("evm_setAutomine", [true]);
      }
      const receipts = await Promise.all(pending.map((transaction) => transaction.wait()));
      const blocks = new Set(receipts.map((receipt) => receipt!.blockNumber));
      expect(blocks.size, "the transactions went into one block").to.equal(1);
      for (const receipt of receipts) expect(receipt!.status).to.equal(1);
      return {
        block: [...blocks][0], logIndexes: new Map(receipts.map((receipt) => [receipt!.hash, receipt!.logs.map((log) => log.index)])),
        receipts: receipts.map((receipt) => receipt!),
      };
    }

    it("pages a product's price history with limit=1 through three changes mined in one block", async () => {
      const { listings } = chain.contracts;
      const gas = { gasLimit: 1_000_000 };
      const { block, logIndexes } = await inOneBlock(
        () => listings.connect(cast.registrar).proposePrice(id.X, 1_000_000n, context.code("CNY"), 1, gas),
        () => listings.connect(cast.shenzhenPower).setNegotiable(id.X, gas),
        () => listings.connect(cast.registrar).proposePrice(id.X, 2_000_000n, context.code("CNY"), 3, gas),
      );
      await caughtUp();
      interface Point { event: string; amount: string | null; blockNumber: number; transactionHash: string }
      const whole = await get<{ items: Point[]; nextCursor: string | null }>(`/products/${id.X}/prices?limit=100`);
      expect(whole.nextCursor).to.equal(null);
      // The block's three points, newest first: by their logs' order in the block, whatever order the node mined them in.
      const inBlock = whole.items.filter((point) => point.blockNumber === block);
      expect(inBlock.map((point) => [point.event, point.amount])).to.have.deep.members([["Proposed", "2000000"], ["Changed", null], ["Proposed", "1000000"]]);
      const logIndex = (point: Point) => logIndexes.get(point.transactionHash)![0];
      expect(inBlock.map(logIndex)).to.deep.equal(inBlock.map(logIndex).sort((a, b) => b - a));
      expect(whole.items).to.have.length(Number((await mirror.database.query<{ count: number }>("select count(*)::int8 as count from price_history where product_id = $1", [id.X]))[0].count));
      for (const limit of [1, 2]) expect(await everyPage<Point>(`/products/${id.X}/prices`, limit), `limit ${limit}`).to.deep.equal(whole.items);
      const first = await get<{ nextCursor: string }>(`/products/${id.X}/prices?limit=1`);
      expect(first.nextCursor).to.match(new RegExp(`^${block}:\\d+$`));
      for (const cursor of ["12", "a:b", "1:2:3", "-1:0", `${block}:`]) {
        expect((await get<{ message: string }>(`/products/${id.X}/prices?cursor=${cursor}`, 400)).message, cursor)
          .to.equal("querystring.cursor: must be <block>:<logIndex>, as nextCursor gives it");
      }
    });

    it("pages certificates issued in one block, and every other list, with limit=1: the same items as one page", async () => {
      const { certificates } = chain.contracts;
      const gas = { gasLimit: 1_000_000 };
      const expiresAt = (await context.now()) + context.YEAR;
      const { receipts } = await inOneBlock(
        ...[cast.bankOfShenzhen, cast.weiyanTech].map((holder) => () =>
          certificates.connect(cast.registrar).issue(holder.address, id.X, 2, expiresAt, ethers.id("resale"), ethers.id(`evidence ${holder.address}`), gas)),
      );
      // The new certificates' ids, from their CertificateIssued events, newest first.
      const issued = receipts
        .flatMap((receipt) => chain.client.events(receipt, "certificates", "CertificateIssued"))
        .map((event) => Number(event.args.tokenId))
        .sort((a, b) => b - a);
      expect(issued).to.have.length(2);
      await caughtUp();
      const ofX = await get<{ items: CertificateItem[] }>(`/certificates?product=${id.X}&limit=100`);
      expect(ofX.items.slice(0, 2).map((item) => [item.id, item.validity])).to.deep.equal(issued.map((certificateId) => [certificateId, "Valid"]));
      for (const list of [`/certificates?product=${id.X}`, "/certificates", "/products", "/assessments", "/trades", "/participants"]) {
        const whole = await get<{ items: unknown[]; nextCursor: unknown }>(`${list}${list.includes("?") ? "&" : "?"}limit=100`);
        expect(whole.nextCursor).to.equal(null);
        expect(await everyPage(list, 1), list).to.deep.equal(whole.items);
      }
      await expectMirrorEqualsChain();
    });
  });
});
