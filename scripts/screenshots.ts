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
const PAGES: { file: string; path: string; ready: string; fullPage: boolean; click?: string; waitAfterClick?: string }[] = [
  { file: "catalogue.png", path: "/#/", ready: ".cards li", fullPage: false },
  { file: "product-13-lineage.png", path: "/#/products/13", ready: ".graph canvas", fullPage: false },
  { file: "product-5-verify.png", path: "/#/products/5", ready: "#verify", fullPage: false, click: "button:has-text('Verify')", waitAfterClick: ".checks li" },
  { file: "control-room.png", path: "/#/control", ready: "[data-feed] li", fullPage: false },
  { file: "participant.png", path: "/#/participants/0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC", ready: "#accreditation", fullPage: false },
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
        await page.locator("#verify").scrollIntoViewIfNeeded();
      }
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
