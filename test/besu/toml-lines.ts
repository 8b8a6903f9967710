/**
 * A strict parser for the subset of TOML our Besu files use, written for the tests only (no TOML
 * parser is installed): blank lines, `#` comments, and `key=value` lines at the top level, where
 * value is a basic string without escapes, a decimal integer, a boolean, or a one-line array of
 * those. Anything else (tables, multi-line values, escapes, duplicate keys) throws with the line
 * number, so a file that passes is valid TOML with exactly the values returned.
 */
export type TomlScalar = string | number | boolean;
export type TomlValue = TomlScalar | TomlScalar[];

const KEY = /^[A-Za-z0-9_-]+$/;

export function parseTomlLines(text: string): Map<string, TomlValue> {
  const values = new Map<string, TomlValue>();
  text.split("\n").forEach((raw, index) => {
    const line = stripComment(raw).trim();
    if (line === "") return;
    const fail = (why: string): never => {
      throw new Error(`line ${index + 1}: ${why}: ${raw}`);
    };
    const equals = line.indexOf("=");
    if (equals < 0) fail("expected key=value");
    const key = line.slice(0, equals).trim();
    if (!KEY.test(key)) fail("bad key");
    if (values.has(key)) fail("duplicate key");
    const value = line.slice(equals + 1).trim();
    values.set(key, value.startsWith("[") ? parseArray(value, fail) : parseScalar(value, fail));
  });
  return values;
}

function parseArray(text: string, fail: (why: string) => never): TomlScalar[] {
  if (!text.endsWith("]")) fail("arrays must be on one line");
  const inner = text.slice(1, -1).trim();
  if (inner === "") return [];
  // Strings hold no commas in our files (addresses, enode URLs, API names), so a split is exact.
  return inner.split(",").map((item) => parseScalar(item.trim(), fail));
}

function parseScalar(text: string, fail: (why: string) => never): TomlScalar {
  if (text === "true") return true;
  if (text === "false") return false;
  if (/^(0|[1-9][0-9]*)$/.test(text)) return Number(text);
  const string = /^"([^"\\]*)"$/.exec(text);
  if (string) return string[1];
  return fail(`unsupported value ${text}`);
}

function stripComment(line: string): string {
  // A # inside a string is part of it; our strings never contain one, so reject rather than guess.
  const hash = line.indexOf("#");
  if (hash < 0) return line;
  if (line.slice(0, hash).includes('"')) throw new Error(`a # after a string is not supported: ${line}`);
  return line.slice(0, hash);
}
