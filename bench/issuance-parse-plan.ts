/**
 * Parse + validate + plan speed for a large attendee file (default 50,000 rows: checksummed addresses, a
 * quantity and two extra columns, 1% duplicated addresses in other letter case), measured in-process with no
 * chain. Writes bench/results/issuance-parse-plan.json with the date, versions and per-10,000-row figures.
 *
 * Run: npm run bench:issuance-plan   (ROWS=… to change the size)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import { performance } from "node:perf_hooks";

import { getAddress, keccak256, toUtf8Bytes } from "ethers";

import { parseAttendees } from "../src/issuance/parse-attendees.js";
import { planIssuance } from "../src/issuance/plan-issuance.js";

const ROWS = Number(process.env.ROWS ?? 50_000);
const REPEAT = 5;
const BATCH = 263; // what gas sizing picks for the storage-mint contract

const lines = ["address,quantity,name,email"];
const addresses: string[] = [];
for (let i = 0; i < ROWS; i++) {
  const address =
    i > 0 && i % 100 === 0
      ? addresses[i - 50]!.toLowerCase()
      : getAddress("0x" + keccak256(toUtf8Bytes(`bench-${i}`)).slice(26));
  addresses.push(address);
  lines.push(`${address},${i % 9 === 0 ? 2 : 1},Attendee ${i},a${i}@example.org`);
}
const content = Buffer.from(lines.join("\r\n") + "\r\n");

const runs: { parseMs: number; planMs: number; cpuMs: number }[] = [];
let tickets = 0;
let batches = 0;
for (let r = 0; r < REPEAT; r++) {
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const list = parseAttendees({ content, file: "bench.csv" });
  const t1 = performance.now();
  const plan = planIssuance({ recipients: list.recipients, startId: 1n, batchSize: BATCH });
  const t2 = performance.now();
  const cpu = process.cpuUsage(cpu0);
  runs.push({ parseMs: t1 - t0, planMs: t2 - t1, cpuMs: (cpu.user + cpu.system) / 1000 });
  tickets = plan.totalTickets;
  batches = plan.batches.length;
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const parseMs = median(runs.map((r) => r.parseMs));
const planMs = median(runs.map((r) => r.planMs));
const cpuMs = median(runs.map((r) => r.cpuMs));
const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
const result = {
  date: new Date().toISOString(),
  versions: { node: process.version, ethers: pkg("ethers"), "csv-parse": pkg("csv-parse") },
  machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "?", loadAverage1m: os.loadavg()[0] },
  rows: ROWS,
  bytes: content.length,
  tickets,
  batches,
  repeats: REPEAT,
  // Wall time depends on what else runs on the machine; CPU time is the work this process did.
  medianMs: {
    parseAndValidate: round(parseMs),
    plan: round(planMs),
    total: round(parseMs + planMs),
    cpu: round(cpuMs),
  },
  per10kRowsMs: { wall: round(((parseMs + planMs) * 10_000) / ROWS), cpu: round((cpuMs * 10_000) / ROWS) },
  allRunsMs: runs.map((r) => ({ parse: round(r.parseMs), plan: round(r.planMs), cpu: round(r.cpuMs) })),
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/issuance-parse-plan.json", JSON.stringify(result, null, 2) + "\n");
console.log(
  `${ROWS} rows (${tickets} tickets, ${batches} batches): parse+validate ${round(parseMs)} ms, plan ${round(planMs)} ms ` +
    `(median of ${REPEAT}); per 10,000 rows ${result.per10kRowsMs.wall} ms wall, ${result.per10kRowsMs.cpu} ms CPU ` +
    `(load average ${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores)`,
);

function round(x: number): number {
  return Math.round(x * 10) / 10;
}
