/**
 * End-to-end airdrop timing: 5,000 attendees (one ticket each, distinct addresses) issued by the real CLI
 * (`hardhat tickets airdrop`, a child process) against a local node with automine, on `npx hardhat node` and on
 * anvil. Verifies exactly-once on-chain afterwards, and writes bench/results/issuance-airdrop.json with the date,
 * versions, machine load, and per-node figures (process wall time, the CLI's own duration, transactions, gas).
 *
 * With GNU time (`/usr/bin/time`, Linux) it also records the CLI process's peak resident memory. Results go to
 * bench/results/issuance-airdrop.json for 5,000 rows, and issuance-airdrop-<rows>.json for another size.
 *
 * Run: npm run bench:issuance-airdrop   (ROWS=…, NODES=hardhat,anvil)
 *      ROWS=1000000 NODES=anvil npm run bench:issuance-airdrop   (about an hour on 2 cores)
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { jsonResult, runCli, type CliResult } from "../test/support/cli.js";
import { startLocalNode, type NodeKind } from "../test/support/local-node.js";
import { deployTicketOn, exactlyOnceProblems } from "../test/support/tickets.js";
import { getAddress, keccak256, toUtf8Bytes } from "ethers";

const ROWS = Number(process.env.ROWS ?? 5000);
const NODES = (process.env.NODES ?? "hardhat,anvil").split(",") as NodeKind[];

const dir = mkdtempSync(path.join(os.tmpdir(), "papercut-bench-"));
const lines = ["address,name"];
const expected = new Map<string, number>();
for (let i = 0; i < ROWS; i++) {
  const address = getAddress("0x" + keccak256(toUtf8Bytes(`airdrop-bench-${i}`)).slice(26));
  lines.push(`${address},Attendee ${i}`);
  expected.set(address.toLowerCase(), 1);
}
const file = path.join(dir, "attendees.csv");
writeFileSync(file, lines.join("\n") + "\n");

/** GNU time prints the peak resident set of the process it ran (the CLI's Node), in KiB, on its last line. */
const GNU_TIME = existsSync("/usr/bin/time") ? "/usr/bin/time" : undefined;
const TIMEOUT_MS = Math.max(600_000, ROWS * 4);

function peakMiB(run: CliResult): number | undefined {
  const match = /PEAK_RSS_KIB (\d+)\s*$/.exec(run.stderr);
  return match === null ? undefined : Math.round(Number(match[1]) / 1024);
}

const results: Record<string, unknown>[] = [];
for (const kind of NODES) {
  const node = await startLocalNode({ kind });
  try {
    const contract = await deployTicketOn(node.url, { cap: BigInt(Math.max(5000, ROWS)) });
    const load = os.loadavg()[0];
    const run = await runCli(
      [
        "tickets",
        "airdrop",
        "--network",
        "localhost",
        "--attendees",
        file,
        "--contract",
        contract,
        "--state-dir",
        path.join(dir, `state-${kind}`),
        "--poll-interval",
        "250",
        "--yes",
        "--json",
      ],
      { LOCAL_RPC_URL: node.url },
      TIMEOUT_MS,
      GNU_TIME === undefined ? [] : [GNU_TIME, "-f", "PEAK_RSS_KIB %M"],
    );
    if (run.code !== 0) throw new Error(`airdrop failed on ${kind}:\n${run.stderr.slice(-2000)}`);
    const out = jsonResult(run);
    const problems = await exactlyOnceProblems(node.url, contract, expected);
    if (problems.length > 0) throw new Error(`not exactly once on ${kind}: ${problems.join("; ")}`);
    const entry = {
      node: kind,
      tickets: out.ticketsIssued,
      transactions: out.transactions,
      gasUsed: out.gasUsed,
      gasPerTicket: Math.round(Number(out.gasUsed) / Number(out.ticketsIssued)),
      cliRuns: 1,
      peakMemoryMiB: peakMiB(run),
      processWallSeconds: Math.round(run.ms / 100) / 10,
      airdropSeconds: Math.round((out.durationMs as number) / 100) / 10,
      loadAverage1mBefore: load,
      loadAverage1mAfter: os.loadavg()[0],
    };
    results.push(entry);
    console.log(
      `${kind}: ${String(entry.tickets)} tickets in ${String(entry.transactions)} transactions, ${String(entry.gasUsed)} gas: ` +
        `${entry.airdropSeconds} s in the task, ${entry.processWallSeconds} s for the whole command` +
        (entry.peakMemoryMiB === undefined ? "" : `, peak ${entry.peakMemoryMiB} MiB`) +
        ` (load ${load?.toFixed(1)})`,
    );
  } finally {
    await node.stop();
  }
}

const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
mkdirSync("bench/results", { recursive: true });
writeFileSync(
  `bench/results/issuance-airdrop${ROWS === 5000 ? "" : `-${ROWS}`}.json`,
  JSON.stringify(
    {
      date: new Date().toISOString(),
      versions: {
        node: process.version,
        hardhat: pkg("hardhat"),
        anvil: pkg("@foundry-rs/anvil"),
        ethers: pkg("ethers"),
      },
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "?" },
      rows: ROWS,
      mining: "automine",
      results,
    },
    null,
    2,
  ) + "\n",
);
