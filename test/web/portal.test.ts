import { join } from "node:path";
import { expect } from "chai";
import type { Page } from "playwright-core";
import { CAST_ROLES } from "../../src/stories/context";
import type { CastRole } from "../../src/stories/context";
import { anvilAccount, runCli, temporaryDirectory } from "../cli/harness";
import { sharedStack } from "../shared-stack";
import type { Stack } from "../stack";
import { axeViolations, launchChromium, serious } from "./browser";
import type { RunningBrowser } from "./browser";

/**
 * The web app (web/, served by the API at `/`) in headless Debian chromium, against `npm start`'s
 * stack: the six stories' data on every page, the control room's live feed against a trade made
 * with the CLI, Verify against story 6's planted problems, keyboard access and axe-core.
 */

// What the stories leave on the chain (src/stories): products are numbered in registration order.
const STORY1_INDEX = 1;
const STORY2_RESUMES = 3;
const STORY3_FRAMES = 5;
const STORY4_NEWS = 6;
const STORY4_CROSS_BORDER_TRADE = 7;
const STORY5_CREDIT_REPORT = 13;
const account = (role: CastRole) => anvilAccount(CAST_ROLES.indexOf(role));

interface ApiProduct {
  id: number;
  document: { status: string; name?: string } | null;
}

describe("the portal and control room (web/) in chromium", function () {
  this.timeout(300_000);
  let stack: Stack;
  let chromium: RunningBrowser;
  const api = async <T>(path: string): Promise<T> => {
    const response = await fetch(`${stack.apiUrl}${path}`);
    expect(response.status, path).to.equal(200);
    return (await response.json()) as T;
  };
  const open = async (path: string, ready: string): Promise<Page & { problems: string[] }> => {
    const page = await chromium.newPage();
    await page.goto(`${stack.apiUrl}/${path}`);
    // The page's content, or the first error it shows (an endpoint missing or failing).
    await page.waitForSelector(`${ready}, .error`, { timeout: 30_000 });
    const error = page.locator(".error");
    if ((await error.count()) > 0 && (await page.locator(ready).count()) === 0) throw new Error(`${path}: ${await error.first().textContent()}`);
    return page;
  };
  const expectAccessible = async (page: Page) => expect(serious(await axeViolations(page))).to.deep.equal([]);

  before(async () => {
    stack = await sharedStack();
    chromium = await launchChromium();
  });
  after(async () => chromium?.close());

  it("is served by the API at / with its assets, bundled: no request leaves the API's origin", async () => {
    const page = await chromium.newPage();
    const foreign: string[] = [];
    page.on("request", (request) => {
      if (!request.url().startsWith(stack.apiUrl) && !request.url().startsWith("data:")) foreign.push(request.url());
    });
    const response = await page.goto(`${stack.apiUrl}/`);
    expect(response?.status()).to.equal(200);
    await page.waitForSelector(".cards li");
    expect(foreign).to.deep.equal([]);
    expect(page.problems).to.deep.equal([]);
    await page.close();
  });

  describe("the catalogue", () => {
    it("shows every product of the stories by its verified name (never a mismatching document's), with its status, reference price and method, and certificates", async () => {
      const products = (await api<{ items: ApiProduct[] }>("/products?limit=100")).items;
      expect(products).to.have.length(13);
      const verified = products.filter((product) => product.document?.status === "verified" && product.document.name);
      expect(verified.map((product) => product.id), "the stories' products with a verified name").to.have.length(12);
      const page = await open("#/", ".cards li");
      const titles = await page.locator(".cards h3").allTextContents();
      expect(titles).to.deep.equal(products.map((product) => (product.document?.status === "verified" ? product.document.name : `Product ${product.id}`)));
      // Story 6 edited the annotated frames' stored document: flagged, and its text not shown as theirs.
      const frames = page.locator(".cards > li", { has: page.locator(`a[href="#/products/${STORY3_FRAMES}"]`) });
      expect(await frames.locator("h3").textContent()).to.equal(`Product ${STORY3_FRAMES}`);
      expect(await frames.textContent()).to.include("Document does not match its hash");
      const resumes = page.locator(".cards > li", { has: page.locator(`a[href="#/products/${STORY2_RESUMES}"]`) });
      expect(await resumes.textContent()).to.match(/CNY [\d,]+\.\d\d/).and.to.include("成本法 Cost method");
      const index = page.locator(".cards > li", { has: page.locator(`a[href="#/products/${STORY1_INDEX}"]`) });
      expect(await index.textContent()).to.include("数据资源持有权 Resource holding").and.to.include("已挂牌 Listed");
      expect(page.problems).to.deep.equal([]);
      await page.close();
    });

    it("filters by type and by search text, through the form", async () => {
      const all = (await api<{ items: ApiProduct[] }>("/products?limit=100")).items;
      /** Waits for the list that answers `query` (not the one shown before it), then gives its products' ids. */
      const shownFor = async (page: Page, query: string): Promise<number[]> => {
        await page.waitForFunction(
          (expected) => (globalThis as unknown as { document: { querySelector(selector: string): { getAttribute(name: string): string | null } | null } })
            .document.querySelector(".cards")?.getAttribute("data-query") === expected,
          query,
        );
        const links = await page.locator(".cards h3 a").evaluateAll((anchors) => anchors.map((anchor) => anchor.getAttribute("href") ?? ""));
        return links.map((link) => Number(link.split("/").pop()));
      };

      const page = await open("#/", ".cards li");
      expect(await shownFor(page, "")).to.have.length(all.length);
      await page.selectOption("#f-type", "Report");
      await page.click("button[type=submit]");
      const reports = (await api<{ items: ApiProduct[] }>("/products?type=Report&limit=100")).items.map((product) => product.id);
      expect(reports).to.deep.equal([STORY5_CREDIT_REPORT]);
      expect(await shownFor(page, "type=Report")).to.deep.equal(reports);

      const name = (await api<ApiProduct>(`/products/${STORY4_NEWS}`)).document?.name ?? "";
      expect(name).to.not.equal("");
      const matching = (await api<{ items: ApiProduct[] }>(`/products?q=${encodeURIComponent(name)}&limit=100`)).items.map((product) => product.id);
      expect(matching).to.include(STORY4_NEWS);
      expect(matching.length, "some products do not match the search").to.be.lessThan(all.length);
      await page.goto(`${stack.apiUrl}/#/?q=${encodeURIComponent(name)}`);
      const shown = await shownFor(page, new URLSearchParams({ q: name }).toString());
      expect(shown).to.deep.equal(matching);
      const excluded = all.map((product) => product.id).filter((id) => !matching.includes(id));
      expect(shown.filter((id) => excluded.includes(id)), "non-matching products").to.deep.equal([]);
      expect(await page.locator(".cards h3").allTextContents()).to.include(name);
      await page.close();
    });

    it("passes axe-core with no serious or critical violation, and its skip link and navigation work from the keyboard", async () => {
      const page = await open("#/", ".cards li");
      await expectAccessible(page);
      await page.keyboard.press("Tab");
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { textContent: string } } }).document.activeElement.textContent)).to.equal("Skip to content");
      await page.keyboard.press("Enter");
      expect(await page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } } }).document.activeElement.id)).to.equal("main");
      // The first product link is reached by Tab and opens with Enter.
      await page.locator(".cards h3 a").first().focus();
      await page.keyboard.press("Enter");
      await page.waitForSelector("#overview");
      await page.close();
    });
  });

  describe("a product", () => {
    it("draws story 5's credit report's lineage of 7 products with cytoscape, and a click on a node opens that product", async () => {
      const page = await open(`#/products/${STORY5_CREDIT_REPORT}`, ".graph[data-rendered-nodes]");
      const graph = page.locator(".graph");
      expect(await graph.getAttribute("data-rendered-nodes")).to.equal("7");
      expect(Number(await graph.getAttribute("data-rendered-edges"))).to.be.at.least(6);
      expect(await page.locator(".graph canvas").count()).to.be.greaterThan(0);
      // Sections below the overview load on their own and may move the graph between reading its
      // box and clicking: read both afresh and click again (at most 5 times) until a product opens.
      let sourceId = "";
      for (let attempt = 0; attempt < 5; attempt++) {
        await graph.scrollIntoViewIfNeeded();
        const positions = JSON.parse((await graph.getAttribute("data-positions"))!) as Record<string, { x: number; y: number }>;
        const [id, position] = Object.entries(positions).find(([node]) => node !== String(STORY5_CREDIT_REPORT))!;
        sourceId = id;
        const box = (await graph.boundingBox())!;
        await page.mouse.click(box.x + position.x, box.y + position.y);
        const opened = await page.waitForFunction((node) => (globalThis as unknown as { location: { hash: string } }).location.hash === `#/products/${node}`, id, { timeout: 3_000 })
          .then(() => true, () => false);
        if (opened) break;
      }
      expect(await page.evaluate(() => (globalThis as unknown as { location: { hash: string } }).location.hash)).to.equal(`#/products/${sourceId}`);
      await page.waitForSelector("#overview");
      await page.close();
    });

    it("shows certificates with their computed validity and assessments with their expiry (story 2's expired finding, story 4's revoked parent)", async () => {
      const news = await open(`#/products/${STORY4_NEWS}`, "#certificates");
      expect(await news.locator("section[aria-labelledby=certificates]").textContent()).to.include("撤销 Revoked").and.to.include("上游权利无效 Ancestor invalid");
      await news.close();
      const resumes = await open(`#/products/${STORY2_RESUMES}`, "#assessments");
      const assessments = resumes.locator("section[aria-labelledby=assessments] tr", { hasText: "Personal information protection" });
      // The expiry badge appears once the page has read the chain's time (nothing is shown before).
      await assessments.first().locator("[data-expiry]").waitFor({ timeout: 30_000 });
      expect(await assessments.first().textContent()).to.include("Expired");
      await resumes.close();
    });

    it("charts the price history and lists story 4's cross-border trade on the timeline", async () => {
      const page = await open(`#/products/${STORY4_NEWS}`, "#trades");
      await page.waitForSelector(".chart canvas");
      const trade = page.locator(".timeline li", { has: page.locator(`a[href="#/trades/${STORY4_CROSS_BORDER_TRADE}"]`) });
      expect(await trade.textContent()).to.include("Cross-border");
      await expectAccessible(page);
      await page.close();
    });

    for (const [productId, story, failing] of [
      [STORY2_RESUMES, "story 2's expired PersonalInfoProtection finding", ["assessment.PersonalInfoProtection"]],
      [STORY4_NEWS, "story 4's revoked holding", ["product.right"]],
      [STORY1_INDEX, "story 1's buyer whose accreditation lapsed", [/^trade\.\d+\.buyer$/]],
    ] as const) {
      it(`Verify runs the auditor's checks on the server and shows ${story} as FAIL`, async () => {
        const page = await open(`#/products/${productId}`, "#verify");
        await page.click("#verify ~ p button");
        await page.waitForSelector(".verdict, #verify ~ div .error", { timeout: 120_000 });
        expect(await page.getAttribute(".verdict", "data-verdict")).to.equal("fail");
        const failed = (await page.locator(".checks li.fail .mono").allTextContents()).map((text) => text.trim());
        for (const check of failing) expect(failed.some((id) => (typeof check === "string" ? id === check : check.test(id))), `${String(check)} in ${failed.join(", ")}`).to.equal(true);
        expect(await page.locator(".checks li.pass").count()).to.be.greaterThan(0);
        await page.close();
      });
    }

    it("Verify passes story 5's credit report, and the PROV-JSON download is the lineage in W3C PROV", async () => {
      const page = await open(`#/products/${STORY5_CREDIT_REPORT}`, "#verify");
      await page.click("#verify ~ p button");
      await page.waitForSelector(".verdict, #verify ~ div .error", { timeout: 120_000 });
      const failed = await page.locator(".checks li.fail").allTextContents();
      expect(failed, "failing checks").to.deep.equal([]);
      expect(await page.getAttribute(".verdict", "data-verdict")).to.equal("pass");
      const href = await page.getAttribute("a[download]", "href");
      expect(href).to.equal(`/products/${STORY5_CREDIT_REPORT}/prov`);
      const prov = (await (await fetch(`${stack.apiUrl}${href}`)).json()) as { entity?: Record<string, unknown> };
      expect(Object.keys(prov.entity ?? {})).to.have.length.at.least(7);
      await page.close();
    });
  });

  describe("the control room", () => {
    it("shows story 6's four planted problems as alerts, each linking to its product, trade or participant", async () => {
      const page = await open("#/control", "[data-alerts] li");
      const alertLinks = async (selector: string) => page.locator(`[data-alerts] li:has(${selector})`).count();
      // The annotated frames' stored document was tampered with (documents), story 2's finding expired,
      // story 4's holding was revoked under the fund's licence, story 1's provisional buyer lapsed.
      expect(await page.locator(`[data-alerts] li[data-kind="document-mismatch"]:has(a[href="#/products/${STORY3_FRAMES}"])`).count()).to.be.greaterThan(0);
      expect(await alertLinks(`a[href="#/products/${STORY2_RESUMES}"]`)).to.be.greaterThan(0);
      expect(await alertLinks(`a[href="#/products/${STORY4_NEWS}"], a[href="#/trades/${STORY4_CROSS_BORDER_TRADE}"]`)).to.be.greaterThan(0);
      expect(await alertLinks(`a[href="#/participants/${account("merchantsBank").address}"]`)).to.be.greaterThan(0);
      await page.close();
    });

    it("shows governance as /governance does: nothing paused, no handover of the Admin role pending", async () => {
      const governance = await api<{ paused: Record<string, boolean>; pendingAdmin: unknown }>("/governance");
      expect(Object.values(governance.paused)).to.deep.equal([false, false, false]);
      expect(governance.pendingAdmin).to.equal(null);
      const page = await open("#/control", "[data-governance] li");
      expect(await page.locator("[data-governance] [data-pause]").textContent()).to.contain("running");
      expect(await page.locator("[data-governance] [data-pending-admin]").textContent()).to.contain("No handover of the Admin role is pending");
      await page.close();
    });

    it("counts products by status, certificates, trades and daily volume as /stats does, and charts the price index", async () => {
      const stats = await api<{ products: Record<string, number>; trades: Record<string, number> }>("/stats");
      const page = await open("#/control", "#c-products");
      for (const [status, count] of Object.entries(stats.products)) {
        expect(await page.locator(`#c-products ~ dl div[data-key="${status}"] dd`).textContent(), status).to.equal(String(count));
      }
      expect(await page.locator("section[aria-labelledby=c-trades] dd").count()).to.equal(Object.keys(stats.trades).length);
      await page.waitForSelector("section[aria-labelledby=c-index] canvas");
      await page.close();
    });

    it("shows a trade made with the CLI in its live feed within 2 s of the block", async () => {
      const page = await open("#/control", "[data-feed] li");
      const seller = account("shenzhenPower");
      const buyer = account("bankOfShenzhen");
      const holding = (await api<{ items: { id: number; holder: string }[] }>(`/certificates?product=${STORY1_INDEX}&category=ResourceHolding`)).items
        .find((certificate) => certificate.holder === seller.address)!;
      const folder = temporaryDirectory("web-deal");
      const deal = join(folder, "deal.json");
      const env = { RPC_URL: stack.rpcUrl, DEPLOYMENTS_DIR: stack.deploymentsDir, NETWORK: "localhost" };
      const run = async (key: string, args: string[]) => {
        const result = await runCli(args, { ...env, PRIVATE_KEY: key });
        expect(result.code, `${args.join(" ")}: ${result.stderr}`).to.equal(0);
        return result.stdout;
      };
      await run(seller.privateKey, ["trade", "deal", String(STORY1_INDEX), "--buyer", buyer.address, "--certificate", String(holding.id), "--price", "3500000", "--currency", "CNY", "--terms", "web test terms", "--purpose", "web test", "--out", deal]);
      await run(seller.privateKey, ["trade", "sign", deal]);
      await run(buyer.privateKey, ["trade", "sign", deal]);
      const confirmed = JSON.parse(await run(account("registrar").privateKey, ["--json", "trade", "confirm", deal])) as { tradeId: string; blockNumber: number };
      // The confirmation's block is mined when the CLI returns: the bound runs from there.
      await page.waitForSelector(`[data-feed] li[data-trade="${confirmed.tradeId}"]`, { timeout: 2_000 });
      expect(await page.locator(`[data-feed] li[data-trade="${confirmed.tradeId}"]`).first().textContent()).to.include("TradeConfirmed");
      await page.close();
    });

    it("passes axe-core with no serious or critical violation", async () => {
      const page = await open("#/control", "[data-alerts] li");
      await page.waitForSelector("[data-feed] li");
      await expectAccessible(page);
      await page.close();
    });
  });

  describe("a participant", () => {
    it("shows the Hong Kong fund's accreditation, kinds, jurisdiction and expiry, its licence and story 4's cross-border trade", async () => {
      const fund = account("hongKongFund").address;
      const page = await open(`#/participants/${fund}`, "#accreditation ~ dl");
      const accreditation = await page.locator("section[aria-labelledby=accreditation]").textContent();
      expect(accreditation).to.include("HK").and.to.include("数据需求方 Buyer").and.to.include("有效 Active").and.to.match(/Accreditation expires\d{4}-\d\d-\d\d/);
      await page.waitForSelector("section[aria-labelledby=held] tbody tr");
      expect(await page.locator("section[aria-labelledby=held]").textContent()).to.include("数据加工使用权 Processing and use");
      await page.waitForSelector(`section[aria-labelledby=participant-trades] a[href="#/trades/${STORY4_CROSS_BORDER_TRADE}"]`);
      expect(await page.locator("section[aria-labelledby=participant-trades]").textContent()).to.include("Cross-border");
      await expectAccessible(page);
      expect(page.problems).to.deep.equal([]);
      await page.close();
    });

    it("marks story 1's provisional buyer's accreditation as lapsed", async () => {
      const page = await open(`#/participants/${account("merchantsBank").address}`, "#accreditation ~ dl");
      expect(await page.locator("section[aria-labelledby=accreditation]").textContent()).to.include("Lapsed");
      await page.close();
    });
  });
});
