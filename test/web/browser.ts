import { readFileSync } from "node:fs";
import { chromium } from "playwright-core";
import type { Browser, Page } from "playwright-core";
import { temporaryDirectory } from "../cli/harness";

/** Debian's chromium (`.ci/run` installs it with apt-get where it is missing): no browser is ever downloaded. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export const CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

export interface RunningBrowser {
  browser: Browser;
  /** A new page in a fresh context, its console errors and failed requests collected in `problems`. */
  newPage(): Promise<Page & { problems: string[] }>;
  close(): Promise<void>;
}

/** Headless chromium with a fresh user-data directory of its own. */
export async function launchChromium(): Promise<RunningBrowser> {
  const context = await chromium.launchPersistentContext(temporaryDirectory("chromium-profile"), {
    executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 },
  });
  const browser = context.browser();
  const pages: Page[] = [];
  return {
    browser: browser!,
    async newPage() {
      const page = (await context.newPage()) as Page & { problems: string[] };
      page.problems = [];
      page.on("pageerror", (error) => page.problems.push(`page error: ${error.message}`));
      page.on("console", (message) => {
        if (message.type() === "error") page.problems.push(`console: ${message.text()}`);
      });
      pages.push(page);
      return page;
    },
    async close() {
      await context.close();
    },
  };
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[] }[];
}

const AXE_SOURCE = () => readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations on the page as it stands (WCAG 2.1 A and AA rules, and best practices). */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => "axe" in globalThis))) await page.addScriptTag({ content: AXE_SOURCE() });
  // Runs in the page (the test's tsconfig has no DOM library: the page's globals are typed here).
  return page.evaluate(async () => {
    const scope = globalThis as unknown as { document: unknown; axe: { run(context: unknown, options: object): Promise<{ violations: AxeViolation[] }> } };
    const result = await scope.axe.run(scope.document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"] } });
    return result.violations.map((violation) => ({
      id: violation.id, impact: violation.impact, help: violation.help, nodes: violation.nodes.map((node) => ({ target: node.target })),
    }));
  });
}

/** The serious and critical violations, one line each, for an assertion message. */
export function serious(violations: AxeViolation[]): string[] {
  return violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.nodes.map((node) => node.target.join(" ")).slice(0, 3).join("; ")})`);
}
