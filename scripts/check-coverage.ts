/**
 * Fails when line coverage of the project's contracts (mocks and tests excluded) is below a threshold.
 * Usage: node scripts/check-coverage.ts [minPercent=95] [lcovFile=coverage/lcov.info]
 */
import { readFileSync } from "node:fs";

const min = Number(process.argv[2] ?? "95");
const file = process.argv[3] ?? "coverage/lcov.info";
let hit = 0;
let found = 0;
const rows: string[] = [];
let current = "";
for (const line of readFileSync(file, "utf8").split("\n")) {
  if (line.startsWith("SF:")) current = line.slice(3);
  const counted =
    current.startsWith("contracts/") &&
    !current.startsWith("contracts/mocks/") &&
    !current.endsWith(".t.sol");
  if (!counted) continue;
  if (line.startsWith("LH:")) hit += Number(line.slice(3));
  if (line.startsWith("LF:")) {
    found += Number(line.slice(3));
    rows.push(current);
  }
}
const pct = found === 0 ? 0 : (100 * hit) / found;
console.log(
  `contract line coverage: ${pct.toFixed(2)}% (${hit}/${found} lines in ${rows.length} files), minimum ${min}%`,
);
if (found === 0 || pct < min) {
  console.error("error: contract line coverage is below the minimum");
  process.exit(1);
}
