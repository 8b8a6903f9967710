import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { expect } from "chai";

const ROOT = join(__dirname, "..");
const README_MAX_LINES = 150;

/** The Markdown files a newcomer reads: the README, docs/, and the other pages they link to. */
function documentationFiles(): string[] {
  const docs = readdirSync(join(ROOT, "docs")).filter((name) => name.endsWith(".md")).map((name) => join(ROOT, "docs", name));
  return [join(ROOT, "README.md"), join(ROOT, "SECURITY.md"), join(ROOT, "deploy", "besu", "README.md"), ...docs];
}

/** Markdown without its fenced code blocks, where neither a `#` nor a bracket means anything. */
function withoutFences(markdown: string): string {
  return markdown.replace(/^(```|~~~)[^\n]*\n[\s\S]*?^\1[^\n]*$/gm, "");
}

/** Markdown without its code, fenced or inline, where a bracket is not a link. */
function prose(markdown: string): string {
  return withoutFences(markdown).replace(/`[^`\n]*`/g, "");
}

/** GitHub's anchors for a page's headings: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const match of withoutFences(markdown).matchAll(/^#{1,6}\s+(.+?)\s*#*\s*$/gm)) {
    const base = match[1].replace(/\[([^\]]*)\]\([^)]*\)/g, "$1").toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, "").replace(/\s/g, "-");
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** Every relative link target of a Markdown page: `[text](target)`, `![alt](target)`, and HTML `href`/`src`. */
function linksOf(markdown: string): string[] {
  const text = prose(markdown);
  const markdownLinks = [...text.matchAll(/\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)].map((match) => match[1]);
  const htmlLinks = [...text.matchAll(/\b(?:href|src)="([^"]+)"/g)].map((match) => match[1]);
  return [...markdownLinks, ...htmlLinks].filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/** The problems of one page's relative links: a missing file, or an anchor its target page does not have. */
function brokenLinks(file: string, markdown: string): string[] {
  const problems: string[] = [];
  for (const target of linksOf(markdown)) {
    const [path, anchor] = target.split("#", 2);
    const resolved = path === "" ? file : resolve(dirname(file), decodeURIComponent(path));
    const where = `${relative(ROOT, file)}: ${target}`;
    if (path !== "" && !existsSync(resolved)) {
      problems.push(`${where}: no such file`);
      continue;
    }
    if (anchor && resolved.endsWith(".md") && (resolved === file || statSync(resolved).isFile())) {
      const page = resolved === file ? markdown : readFileSync(resolved, "utf8");
      if (!anchorsOf(page).has(anchor)) problems.push(`${where}: no heading for #${anchor}`);
    }
  }
  return problems;
}

describe("the documentation", () => {
  it(`keeps the README to ${README_MAX_LINES} lines at most`, () => {
    const lines = readFileSync(join(ROOT, "README.md"), "utf8").replace(/\n$/, "").split("\n").length;
    expect(lines, "README.md's lines").to.be.at.most(README_MAX_LINES);
  });

  it("links from the README to every page of docs/", () => {
    const readme = readFileSync(join(ROOT, "README.md"), "utf8");
    const linked = new Set(linksOf(readme).map((target) => target.split("#")[0]));
    const pages = readdirSync(join(ROOT, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`);
    expect(pages.filter((page) => !linked.has(page)), "docs/ pages the README does not link").to.deep.equal([]);
  });

  it("has no relative link, image or anchor whose target is missing", () => {
    const files = documentationFiles();
    expect(files.length).to.be.greaterThan(5);
    const problems = files.flatMap((file) => brokenLinks(file, readFileSync(file, "utf8")));
    expect(problems).to.deep.equal([]);
  });

  it("finds a broken link, image, anchor and HTML source when there is one (the check can fail)", () => {
    const page = join(ROOT, "docs", "example.md");
    const markdown = [
      "# A page", "## Its section",
      "[fine](domain.md) [fine too](#its-section) [fine](../README.md#datarights) [external](https://example.com/x.md)",
      "[gone](missing.md) ![gone](screenshots/missing.png) [no anchor](domain.md#no-such-heading) <img src=\"nowhere.png\">",
      "```sh", "echo [not a link](missing-in-code.md)", "```",
    ].join("\n");
    expect(brokenLinks(page, markdown)).to.deep.equal([
      "docs/example.md: missing.md: no such file",
      "docs/example.md: screenshots/missing.png: no such file",
      "docs/example.md: domain.md#no-such-heading: no heading for #no-such-heading",
      "docs/example.md: nowhere.png: no such file",
    ]);
  });
});
