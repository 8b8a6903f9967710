import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { id, toBeHex, zeroPadValue } from "ethers";
import type { HardhatRuntimeEnvironment } from "hardhat/types";

/**
 * Generates the SDK's modules that mirror the contracts, from the compiler's output rather than
 * by hand: `src/sdk/generated/enums.ts` from the AST (enum definitions, the ParticipantKinds flags,
 * the ExchangeRoles identifiers) and `src/sdk/generated/errors.ts` from the ABIs (one class per
 * custom error, NatSpec from the AST). hardhat.config.ts runs it after every `compile`;
 * test/sdk/enums.test.ts checks the committed files are what it makes.
 */

/** The contracts an exchange deploys and talks to: the errors any of them can revert with. */
export const ERROR_SOURCES = [
  "contracts/ParticipantRegistry.sol:ParticipantRegistry",
  "contracts/DataProductRegistry.sol:DataProductRegistry",
  "contracts/RightsCertificate.sol:RightsCertificate",
  "contracts/AssessmentRegistry.sol:AssessmentRegistry",
  "contracts/ListingBook.sol:ListingBook",
  "contracts/TradeLedger.sol:TradeLedger",
  // The contracts use ECDSA.tryRecover (no revert), but a signature check built on ECDSA.recover
  // reverts with these; decoding them costs nothing.
  "@openzeppelin/contracts/utils/cryptography/ECDSA.sol:ECDSA",
] as const;

const TYPES_SOURCE = "contracts/types/DataRightsTypes.sol";
const KINDS_SOURCE = "contracts/libraries/ParticipantKinds.sol";
const ROLES_SOURCE = "contracts/libraries/ExchangeRoles.sol";

export const GENERATED_DIR = join(__dirname, "..", "src", "sdk", "generated");

// The few AST shapes read here (solc's compact JSON AST).
interface AstNode {
  nodeType: string;
  name?: string;
  documentation?: { text?: string } | string | null;
  members?: AstNode[];
  nodes?: AstNode[];
  constant?: boolean;
  value?: AstExpression;
  parameters?: { parameters: AstNode[] };
  [key: string]: unknown;
}
interface AstExpression {
  nodeType: string;
  typeDescriptions?: { typeString?: string };
  expression?: { name?: string };
  arguments?: { value?: string }[];
}

export interface AbiParameter {
  name: string;
  type: string;
  internalType?: string;
  components?: AbiParameter[];
}
export interface AbiError {
  type: "error";
  name: string;
  inputs: AbiParameter[];
}

/** What the generators read: source ASTs by path, and the ABIs of ERROR_SOURCES. */
export interface CompilerOutput {
  asts: Map<string, AstNode>;
  abis: Map<string, readonly { type: string }[]>;
}

/** Reads the ASTs of every source and the ABIs of ERROR_SOURCES from the last compilation. */
export async function readCompilerOutput(hre: HardhatRuntimeEnvironment): Promise<CompilerOutput> {
  const asts = new Map<string, AstNode>();
  // Newest build-info first: an incremental compile writes a new one holding the sources it
  // recompiled (every edited file among them) while older ones, still referenced by artifacts
  // that did not change, keep those sources' earlier ASTs.
  const paths = await hre.artifacts.getBuildInfoPaths();
  const newestFirst = paths.map((path) => ({ path, time: statSync(path).mtimeMs })).sort((a, b) => b.time - a.time);
  for (const { path } of newestFirst) {
    const buildInfo = JSON.parse(readFileSync(path, "utf8")) as { output: { sources: Record<string, { ast: AstNode }> } };
    for (const [source, { ast }] of Object.entries(buildInfo.output.sources)) if (!asts.has(source)) asts.set(source, ast);
  }
  for (const source of [TYPES_SOURCE, KINDS_SOURCE, ROLES_SOURCE]) {
    if (!asts.has(source)) throw new Error(`no build info holds ${source}: compile first`);
  }
  const abis = new Map<string, readonly { type: string }[]>();
  for (const name of ERROR_SOURCES) abis.set(name, (await hre.artifacts.readArtifact(name)).abi);
  return { asts, abis };
}

function walk(node: unknown, visit: (node: AstNode) => void): void {
  if (Array.isArray(node)) {
    for (const child of node) walk(child, visit);
    return;
  }
  if (typeof node !== "object" || node === null) return;
  const record = node as AstNode;
  if (typeof record.nodeType === "string") visit(record);
  for (const value of Object.values(record)) if (typeof value === "object") walk(value, visit);
}

/** NatSpec text without its tags' names: `@notice A` and `@dev B` read "A B". */
function natspec(node: AstNode): string {
  const raw = typeof node.documentation === "string" ? node.documentation : node.documentation?.text ?? "";
  return raw
    .split(/\n/)
    .map((line) => line.trim())
    .filter((line) => !line.startsWith("@param") && !line.startsWith("@return"))
    .join(" ")
    .replace(/@(notice|dev|title)\s*/g, "")
    .replace(/\s+/g, " ")
    .trim();
}

function docComment(text: string, indent = ""): string {
  if (!text) return "";
  // "*/" inside NatSpec would end the comment early.
  return `${indent}/** ${text.replace(/\*\//g, "*\\/")} */\n`;
}

const HEADER = (what: string) =>
  `// Generated by scripts/generate-sdk.ts from the compiler's output (${what}) on every \`hardhat compile\`.\n` +
  `// Do not edit: change the contracts and compile. test/sdk/enums.test.ts checks it is fresh.\n`;

// ---------------------------------------------------------------------------------------------
// Enums, kind flags and roles
// ---------------------------------------------------------------------------------------------

interface EnumDefinition {
  name: string;
  doc: string;
  members: { name: string; doc: string }[];
  source: string;
}

/** The enums of the datarights sources (contracts/, not its test helpers), in source order. */
export function enumDefinitions(output: CompilerOutput): EnumDefinition[] {
  const found: EnumDefinition[] = [];
  for (const [path, ast] of [...output.asts].sort(([a], [b]) => a.localeCompare(b))) {
    if (!path.startsWith("contracts/") || path.startsWith("contracts/test/")) continue;
    walk(ast, (node) => {
      if (node.nodeType !== "EnumDefinition") return;
      found.push({
        name: node.name!, doc: natspec(node), source: path,
        members: (node.members ?? []).map((member) => ({ name: member.name!, doc: natspec(member) })),
      });
    });
  }
  const names = found.map((definition) => definition.name);
  const repeated = names.find((name, index) => names.indexOf(name) !== index);
  if (repeated) throw new Error(`enum ${repeated} is defined twice in the contracts: the SDK needs one name per enum`);
  return found;
}

/** The value of a library constant: the compiler folds `1 << 3` into "int_const 8"; keccak256 of a literal is hashed here. */
function constantValue(node: AstNode, source: string): bigint {
  const value = node.value!;
  const folded = /^int_const (\d+)$/.exec(value.typeDescriptions?.typeString ?? "");
  if (folded) return BigInt(folded[1]);
  if (value.nodeType === "FunctionCall" && value.expression?.name === "keccak256" && value.arguments?.length === 1 && value.arguments[0].value !== undefined) {
    return BigInt(id(value.arguments[0].value));
  }
  throw new Error(`${source}: cannot evaluate the constant ${node.name}: give it a literal value or keccak256("…")`);
}

function libraryConstants(output: CompilerOutput, source: string, library: string): { name: string; value: bigint; doc: string }[] {
  const ast = output.asts.get(source);
  if (!ast) throw new Error(`the build info lacks ${source}`);
  const contract = (ast.nodes ?? []).find((node) => node.nodeType === "ContractDefinition" && node.name === library);
  if (!contract) throw new Error(`${source} defines no ${library}`);
  return (contract.nodes ?? [])
    .filter((node) => node.nodeType === "VariableDeclaration" && node.constant)
    .map((node) => ({ name: node.name!, value: constantValue(node, source), doc: natspec(node) }));
}

const pascal = (upper: string) => upper.toLowerCase().replace(/(^|_)([a-z])/g, (_, __, letter: string) => letter.toUpperCase());

export function generateEnumsModule(output: CompilerOutput): string {
  const enums = enumDefinitions(output);
  let text = HEADER(`the AST of ${TYPES_SOURCE}, ${KINDS_SOURCE} and ${ROLES_SOURCE}`);
  text += "\n";
  for (const definition of enums) {
    text += docComment(`${definition.doc}${definition.doc ? " " : ""}(${definition.source})`);
    text += `export const ${definition.name} = {\n`;
    for (const [index, member] of definition.members.entries()) {
      text += docComment(member.doc, "  ");
      text += `  ${member.name}: ${index},\n`;
    }
    text += "} as const;\n\n";
  }
  text += "/** The members of every enum, in declaration order: a member's value is its index. */\n";
  text += "export const ENUM_MEMBERS = {\n";
  for (const definition of enums) {
    text += `  ${definition.name}: [${definition.members.map((member) => JSON.stringify(member.name)).join(", ")}],\n`;
  }
  text += "} as const;\n";
  text += "export type EnumName = keyof typeof ENUM_MEMBERS;\n\n";

  // The flags: `ALL` is the mask of all of them, not a kind.
  const flags = libraryConstants(output, KINDS_SOURCE, "ParticipantKinds");
  const kinds = flags.filter((flag) => flag.name !== "ALL");
  for (const [bit, kind] of kinds.entries()) {
    if (kind.value !== 1n << BigInt(bit)) throw new Error(`ParticipantKinds.${kind.name} is not bit ${bit}: the SDK reads the flags as consecutive bits`);
  }
  const all = flags.find((flag) => flag.name === "ALL");
  if (!all || all.value !== (1n << BigInt(kinds.length)) - 1n) throw new Error("ParticipantKinds.ALL is not the mask of every flag");
  text += `/** Participant kind flags (${KINDS_SOURCE}): a participant's kinds are a bit set of these. */\n`;
  text += "export const ParticipantKind = {\n";
  for (const kind of kinds) text += docComment(kind.doc, "  ") + `  ${pascal(kind.name)}: ${kind.value},\n`;
  text += "} as const;\n";
  text += "/** The participant kinds bit by bit: kind `i` is flag `1 << i`. */\n";
  text += `export const PARTICIPANT_KIND_FLAGS = [${kinds.map((kind) => JSON.stringify(pascal(kind.name))).join(", ")}] as const;\n\n`;

  const roles = libraryConstants(output, ROLES_SOURCE, "ExchangeRoles");
  text += `/** Staff role identifiers (${ROLES_SOURCE}), as AccessControl stores them. */\n`;
  text += "export const ExchangeRole = {\n";
  for (const role of roles) text += docComment(role.doc, "  ") + `  ${role.name}: "${zeroPadValue(toBeHex(role.value), 32)}",\n`;
  text += "} as const;\n";
  text += "export type ExchangeRoleName = keyof typeof ExchangeRole;\n";
  return text;
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

interface ErrorDefinition {
  abi: AbiError;
  contracts: string[];
  doc: string;
}

/** Every custom error of ERROR_SOURCES, once, with the contracts that can revert with it, by name. */
export function errorDefinitions(output: CompilerOutput): ErrorDefinition[] {
  const docs = new Map<string, string>();
  for (const ast of output.asts.values()) {
    walk(ast, (node) => {
      if (node.nodeType === "ErrorDefinition" && !docs.has(node.name!)) docs.set(node.name!, natspec(node));
    });
  }
  const byName = new Map<string, ErrorDefinition>();
  for (const source of ERROR_SOURCES) {
    const contract = source.split(":")[1];
    for (const fragment of output.abis.get(source) ?? []) {
      if (fragment.type !== "error") continue;
      const abi = fragment as AbiError;
      const known = byName.get(abi.name);
      if (known) {
        if (JSON.stringify(known.abi) !== JSON.stringify(abi)) throw new Error(`two errors named ${abi.name} differ: the SDK needs one class per name`);
        known.contracts.push(contract);
      } else {
        byName.set(abi.name, { abi, contracts: [contract], doc: docs.get(abi.name) ?? "" });
      }
    }
  }
  return [...byName.values()];
}

/** The TypeScript type ethers decodes an ABI parameter to. */
function tsType(parameter: AbiParameter): string {
  const { type } = parameter;
  if (type.endsWith("]")) return `readonly ${tsType({ ...parameter, type: type.slice(0, type.lastIndexOf("[")) })}[]`;
  if (/^u?int\d*$/.test(type)) return "bigint";
  if (type === "bool") return "boolean";
  if (type === "address" || type === "string" || /^bytes\d*$/.test(type)) return "string";
  throw new Error(`an error argument of type ${type}: the generator reads only elementary types`);
}

function signature(abi: AbiError): string {
  return `${abi.name}(${abi.inputs.map((input) => `${input.internalType ?? input.type} ${input.name}`.trim()).join(", ")})`;
}

export function generateErrorsModule(output: CompilerOutput): string {
  const errors = errorDefinitions(output);
  let text = HEADER(`the ABIs of ${ERROR_SOURCES.map((source) => source.split(":")[1]).join(", ")}; NatSpec from the AST`);
  text += 'import { ContractError } from "../error-base";\n';
  text += 'import type { ContractErrorOptions } from "../error-base";\n\n';
  text += "/** Every custom error the datarights contracts can revert with, once. */\n";
  text += "export const ERRORS_ABI = [\n";
  for (const { abi } of errors) {
    const inputs = abi.inputs.map((input) => `{ name: ${JSON.stringify(input.name)}, type: ${JSON.stringify(input.type)}, internalType: ${JSON.stringify(input.internalType ?? input.type)} }`);
    text += `  { type: "error", name: ${JSON.stringify(abi.name)}, inputs: [${inputs.join(", ")}] },\n`;
  }
  text += "] as const;\n\n";
  for (const [index, { abi, contracts, doc }] of errors.entries()) {
    const argsType = `${abi.name}Args`;
    // Type aliases, not interfaces: the base class takes any Record of arguments.
    if (abi.inputs.length === 0) text += `export type ${argsType} = Readonly<Record<string, never>>;\n`;
    else {
      text += `export type ${argsType} = {\n`;
      for (const input of abi.inputs) text += `  readonly ${input.name}: ${tsType(input)};\n`;
      text += "};\n";
    }
    const origin = contracts.length === ERROR_SOURCES.length - 1 ? "every contract" : contracts.join(", ");
    text += docComment(`\`${signature(abi)}\`, from ${origin}.${doc ? ` ${doc}` : ""}`);
    text += `export class ${abi.name}Error extends ContractError<"${abi.name}", ${argsType}> {\n`;
    text += `  static readonly abi = ERRORS_ABI[${index}];\n`;
    text += `  constructor(args: ${argsType}, options: ContractErrorOptions = {}) {\n`;
    text += `    super(${abi.name}Error.abi, args, options);\n`;
    text += `    this.name = "${abi.name}Error";\n`;
    text += "  }\n";
    text += "}\n\n";
  }
  text += "/** The class of each custom error, by the error's name. */\n";
  text += "export const ERROR_CLASSES = {\n";
  for (const { abi } of errors) text += `  ${abi.name}: ${abi.name}Error,\n`;
  text += "} as const;\n";
  text += "export type ContractErrorName = keyof typeof ERROR_CLASSES;\n\n";
  text += "/** The decoded arguments of each custom error, by the error's name. */\n";
  text += "export interface ContractErrorArgs {\n";
  for (const { abi } of errors) text += `  ${abi.name}: ${abi.name}Args;\n`;
  text += "}\n";
  return text;
}

// ---------------------------------------------------------------------------------------------
// Files
// ---------------------------------------------------------------------------------------------

/** The generated files, by path, as the current contracts make them. */
export async function generatedFiles(hre: HardhatRuntimeEnvironment): Promise<Map<string, string>> {
  const output = await readCompilerOutput(hre);
  return new Map([
    [join(GENERATED_DIR, "enums.ts"), generateEnumsModule(output)],
    [join(GENERATED_DIR, "errors.ts"), generateErrorsModule(output)],
  ]);
}

/** Writes the files that changed; returns their paths. */
export async function writeGeneratedFiles(hre: HardhatRuntimeEnvironment): Promise<string[]> {
  const written: string[] = [];
  for (const [path, text] of await generatedFiles(hre)) {
    if (existsSync(path) && readFileSync(path, "utf8") === text) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    written.push(path);
  }
  return written;
}
