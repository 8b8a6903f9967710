import { expect } from "chai";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";
import hre from "hardhat";
import ts from "typescript";
import { GENERATED_DIR, generatedFiles } from "../../scripts/generate-sdk";
import { ENUM_MEMBERS, PARTICIPANT_KIND_FLAGS } from "../../src/sdk/generated/enums";

const ROOT = join(__dirname, "..", "..");
/** Where off-chain code lives; the generated module is the one place enums are spelled out. */
const SCANNED = ["src", "deploy", "scripts", "test"];

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((entry) => {
    const path = join(directory, entry);
    if (statSync(path).isDirectory()) return path === GENERATED_DIR || entry === "node_modules" ? [] : sourceFiles(path);
    // This file spells out copies on purpose, to show the scan finds them.
    return /\.(ts|js|mjs|cjs)$/.test(entry) && path !== __filename ? [path] : [];
  });
}

/**
 * Every literal collection of names in a source file: array literals of strings, object literals
 * (their keys and their string values), union types of string literals, TypeScript enums, and
 * the quoted words of a string or template (SQL's `in ('A', 'B')`).
 */
export function literalCollections(fileName: string, text: string): { line: number; names: string[] }[] {
  const file = ts.createSourceFile(fileName, text, ts.ScriptTarget.Latest, false);
  const found: { line: number; names: string[] }[] = [];
  const add = (node: ts.Node, names: (string | undefined)[]) => {
    const present = names.filter((name): name is string => name !== undefined);
    if (present.length > 0) found.push({ line: file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1, names: present });
  };
  const stringOf = (node: ts.Node | undefined) =>
    node && (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) ? node.text : undefined;
  const visit = (node: ts.Node) => {
    if (ts.isArrayLiteralExpression(node)) add(node, node.elements.map(stringOf));
    else if (ts.isObjectLiteralExpression(node)) {
      const keys = node.properties.map((property) => property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : undefined);
      add(node, keys);
      add(node, node.properties.map((property) => (ts.isPropertyAssignment(property) ? stringOf(property.initializer) : undefined)));
    } else if (ts.isUnionTypeNode(node)) {
      add(node, node.types.map((type) => (ts.isLiteralTypeNode(type) ? stringOf(type.literal) : undefined)));
    } else if (ts.isEnumDeclaration(node)) {
      add(node, node.members.map((member) => (ts.isIdentifier(member.name) ? member.name.text : undefined)));
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateExpression(node)) {
      add(node, [...node.getText(file).matchAll(/'([A-Za-z]+)'/g)].map((match) => match[1]));
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return found;
}

/** The enums whose complete member list `names` holds (a leading `None` may be left out). */
export function copiedEnums(names: readonly string[]): string[] {
  const present = new Set(names.map((name) => name.toLowerCase()));
  const enums: [string, readonly string[]][] = [...Object.entries(ENUM_MEMBERS), ["ParticipantKind", PARTICIPANT_KIND_FLAGS]];
  return enums
    .filter(([, members]) => {
      const required = members[0] === "None" ? members.slice(1) : members;
      return required.every((member) => present.has(member.toLowerCase()));
    })
    .map(([name]) => name);
}

describe("one generated enum module", function () {
  it("the committed src/sdk/generated files are what the generator makes of the current contracts", async () => {
    for (const [path, text] of await generatedFiles(hre)) {
      const committed = readFileSync(path, "utf8");
      expect(committed === text, `${relative(ROOT, path)} is stale: run \`npx hardhat compile\` and commit it`).to.equal(true);
    }
  });

  it("no file under src, deploy, scripts or test holds a literal list of an enum's members", () => {
    const copies: string[] = [];
    for (const path of SCANNED.flatMap((directory) => sourceFiles(join(ROOT, directory)))) {
      for (const { line, names } of literalCollections(path, readFileSync(path, "utf8"))) {
        for (const name of copiedEnums(names)) copies.push(`${relative(ROOT, path).split(sep).join("/")}:${line} copies ${name}`);
      }
    }
    expect(copies, "import the lists from src/sdk/names.ts or src/sdk/generated/enums.ts instead").to.deep.equal([]);
  });

  it("the scan finds a copy in each form it looks for, and not a subset", () => {
    const forms = [
      'const A = ["Valid", "Nonexistent", "Suspended", "Revoked", "Surrendered", "Superseded", "Expired", "AncestorInvalid", "ProductRevoked"];',
      "const B = { Public: 0, Enterprise: 1, Personal: 2 };",
      'const C = { a: "ResourceHolding", b: "ProcessingUse", c: "ProductOperation" };',
      'type D = "Registered" | "Certified" | "Listed" | "Delisted" | "Suspended" | "Revoked";',
      "enum E { General, Important, Core }",
      "const F = `select * from t where method in ('Negotiable', 'Cost', 'Income', 'Market')`;",
      "const G = { provider: 1, buyer: 2, assessor: 4, broker: 8, financier: 16, auditor: 32 };",
    ];
    const found = forms.map((form) => literalCollections("form.ts", form).flatMap(({ names }) => copiedEnums(names)));
    expect(found).to.deep.equal([
      ["CertificateValidity"], ["SourceCategory"], ["RightCategory"], ["ProductStatus"], ["Classification"], ["PricingMethod"], ["ParticipantKind"],
    ]);
    const subset = literalCollections("subset.ts", 'for (const status of ["Certified", "Listed", "Delisted"]) {}');
    expect(subset.flatMap(({ names }) => copiedEnums(names))).to.deep.equal([]);
  });
});
