/**
 * Fails unless solidity-coverage's report (coverage.json) shows at least the required share of
 * lines and branches of contracts/ covered. Bench-only contracts (contracts/test/) are skipped
 * by .solcover.js and never appear in the report.
 *
 *   npm run coverage        (runs `hardhat coverage`, then this check)
 */
import { readFileSync } from "node:fs";

const MIN_LINES = 95;
const MIN_BRANCHES = 90;

interface FileCoverage {
  l: Record<string, number>;
  b: Record<string, number[]>;
}

function main(): void {
  let report: Record<string, FileCoverage>;
  try {
    report = JSON.parse(readFileSync("coverage.json", "utf8")) as Record<string, FileCoverage>;
  } catch (error) {
    throw new Error(`cannot read coverage.json (run \`hardhat coverage\` first): ${(error as Error).message}`);
  }
  let lines = 0;
  let linesHit = 0;
  let branches = 0;
  let branchesHit = 0;
  for (const file of Object.values(report)) {
    for (const hits of Object.values(file.l)) {
      lines++;
      if (hits > 0) linesHit++;
    }
    for (const arms of Object.values(file.b)) {
      for (const hits of arms) {
        branches++;
        if (hits > 0) branchesHit++;
      }
    }
  }
  const linePercent = (100 * linesHit) / Math.max(lines, 1);
  const branchPercent = (100 * branchesHit) / Math.max(branches, 1);
  console.log(`lines ${linePercent.toFixed(2)}% (${linesHit}/${lines}), branches ${branchPercent.toFixed(2)}% (${branchesHit}/${branches})`);
  const failures: string[] = [];
  if (linePercent < MIN_LINES) failures.push(`lines ${linePercent.toFixed(2)}% < ${MIN_LINES}%`);
  if (branchPercent < MIN_BRANCHES) failures.push(`branches ${branchPercent.toFixed(2)}% < ${MIN_BRANCHES}%`);
  if (failures.length > 0) throw new Error(`coverage below the bar: ${failures.join(", ")}`);
}

try {
  main();
} catch (error) {
  console.error(`check-coverage: ${(error as Error).message}`);
  process.exitCode = 1;
}
