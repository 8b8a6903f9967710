import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { CliResult } from "./harness";

/**
 * docs/cli-errors.md, read as the tests' expectations: each row's message is a template whose
 * `{…}` parts vary. A test checks a command's failure against a row by its id (expectRow), so
 * the table and the tests cannot drift apart: errors.test.ts fails when a row has no test.
 */
export const ERROR_TABLE = join(__dirname, "..", "..", "docs", "cli-errors.md");

export interface ErrorRow {
  id: string;
  /** The message template as the doc shows it. */
  message: string;
  exit: number;
  /** The JSON `error` template. */
  error: string;
}

function cells(line: string): string[] {
  return line.trim().replace(/^\||\|$/g, "").split("|").map((cell) => cell.trim());
}

/** A Markdown code span's text: `x` or ``x `y` ``. */
function codeSpan(cell: string): string {
  const match = /^(`+)\s?([\s\S]*?)\s?\1$/.exec(cell);
  if (!match) throw new Error(`${ERROR_TABLE}: "${cell}" is not a code span`);
  return match[2];
}

export function readErrorTable(): Map<string, ErrorRow> {
  const rows = new Map<string, ErrorRow>();
  for (const line of readFileSync(ERROR_TABLE, "utf8").split("\n")) {
    const [id, message, exit, error] = cells(line);
    if (!/^[A-Z]\d{2}$/.test(id ?? "")) continue;
    if (rows.has(id)) throw new Error(`${ERROR_TABLE}: row ${id} appears twice`);
    rows.set(id, { id, message: codeSpan(message), exit: Number(exit), error });
  }
  return rows;
}

/** A template as a regular expression: its text literally, each `{…}` as anything. */
function templatePattern(template: string): string {
  return template.split(/\{[^{}]*\}/).map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
}

/** The whole line a row's failure prints without --json: the A rows' problems inside commander's U01/U02. */
function linePattern(row: ErrorRow): RegExp {
  if (row.id.startsWith("A")) {
    return new RegExp(`^error: (command-argument value '.*' is invalid for argument '.*'|option '.*' argument '.*' is invalid)\\. ${templatePattern(row.message)}$`);
  }
  return new RegExp(`^${templatePattern(row.message)}$`);
}

let table: Map<string, ErrorRow> | undefined;

export function errorRow(id: string): ErrorRow {
  table ??= readErrorTable();
  const row = table.get(id);
  if (!row) throw new Error(`no row ${id} in ${ERROR_TABLE}`);
  return row;
}

/**
 * Asserts that `result` is row `id`'s failure: its exit code, and one line on stderr, either the
 * row's line or (when the command ran with --json) one JSON object with its name and message.
 */
export function expectRow(id: string, result: CliResult): void {
  const row = errorRow(id);
  const context = `row ${id} (${row.message}); stderr: ${result.stderr}`;
  expect(result.code, context).to.equal(row.exit);
  expect(result.stderr.endsWith("\n") && result.stderr.indexOf("\n") === result.stderr.length - 1, `one line: ${context}`).to.equal(true);
  const line = result.stderr.slice(0, -1);
  if (!line.startsWith("{")) {
    expect(line, context).to.match(linePattern(row));
    return;
  }
  const failure = JSON.parse(line) as Record<string, unknown>;
  expect(Object.keys(failure), context).to.deep.equal(["error", "message", "details"]);
  expect(failure.error, context).to.match(new RegExp(`^${templatePattern(row.error)}$`));
  expect(failure.details, context).to.be.an("object");
  // The message is the line without its "datarights: " or "error: ".
  const prefix = row.id.startsWith("U") || row.id.startsWith("A") ? "error: " : "datarights: ";
  expect(`${prefix}${failure.message as string}`, context).to.match(linePattern(row));
}
