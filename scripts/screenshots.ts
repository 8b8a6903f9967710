/**
 * `npm run screenshots`: starts `npm start`'s stack (after `npm run build`), opens each page of the
 * web app in headless chromium and saves a PNG of it to docs/screenshots/. With WEB_URL set, it
 * photographs the app already served there instead of starting a stack.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { startStack } from "../test/stack";
import type { Stack } from "../test/stack";
import { launchChromium } from "../test/web/browser";

const OUT = join(__dirname, "..", "docs", "screenshots");

/** Each page, with what to wait for before the picture is taken. */
const PAGES: { file: string; path: string; ready: string; fullPage: boolean; scrollTo?: string; click?: string; waitAfterClick?: string }[] = [
  { file: "catalogue.png", path: "/#/", ready: ".cards li", fullPage: false },
  { file: "product-13-lineage.png", path: "/#/products/13", ready: ".graph canvas", fullPage: false, scrollTo: "#lineage" },
  { file: "product-3-verify.png", path: "/#/products/3", ready: "#verify", fullPage: false, click: "button:has-text('Verify')", waitAfterClick: ".checks li" },
  { file: "control-room.png", path: "/#/control", ready: "[data-feed] li", fullPage: false },
  { file: "participant.png", path: "/#/participants/0x2546BcD3c84621e976D8185a91A922aE77ECEc30", ready: "#accreditation", fullPage: false },
];

async function main(): Promise<void> {
  let stack: Stack | undefined;
  const base = process.env.WEB_URL ?? (stack = await startStack()).apiUrl;
  const chromium = await launchChromium();
  try {
    mkdirSync(OUT, { recursive: true });
    for (const spec of PAGES) {
      const page = await chromium.newPage();
      await page.goto(`${base}${spec.path}`);
      await page.waitForSelector(spec.ready, { timeout: 30_000 });
      if (spec.click) {
        await page.click(spec.click);
        await page.waitForSelector(spec.waitAfterClick!, { timeout: 60_000 });
        await page.evaluate(() => (globalThis as unknown as { document: { querySelector(s: string): { scrollIntoView(): void } } }).document.querySelector("#verify").scrollIntoView());
      }
      if (spec.scrollTo) await page.evaluate((selector) => (globalThis as unknown as { document: { querySelector(s: string): { scrollIntoView(): void } } }).document.querySelector(selector).scrollIntoView(), spec.scrollTo);
      // Let the graph's and charts' layouts settle.
      await page.waitForTimeout(600);
      const path = join(OUT, spec.file);
      await page.screenshot({ path, fullPage: spec.fullPage });
      console.log(`${path}${page.problems.length > 0 ? `  (page problems: ${page.problems.join("; ")})` : ""}`);
      await page.close();
    }
  } finally {
    await chromium.close();
    await stack?.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
