/**
 * The whole event's deploy by the real CLI (`hardhat tickets event deploy --yes --json`, a child process) on a fresh
 * anvil per run (automine): the gas of each transaction (deterministic) and in total, per contract, and the time,
 * both the task's own (from the validated file to the last confirmation) and the whole command's (with Node and
 * Hardhat starting). Each run uses the sample event with two gates, and a second pass adds the handover of every
 * role to an admin. Writes bench/results/event-deploy.json with the date, versions and machine load.
 *
 * Run: npm run bench:event-deploy   (RUNS=3)
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";

import { jsonResult, runCli } from "../test/support/cli.js";
import { startLocalNode } from "../test/support/local-node.js";

const RUNS = Number(process.env.RUNS ?? 3);
const GATES = ["0x70997970C51812dc3A010C7d01b50e0d17dc79C8", "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC"];
const ADMIN = "0x90F79bf6EB2c4f870365E785982E1f101E93b906";
const dir = mkdtempSync(path.join(os.tmpdir(), "papercut-bench-event-"));
const sample = JSON.parse(readFileSync("metadata/event.json", "utf8")) as Record<string, unknown>;

const variants = {
  "sample event, two gates": { ...sample, gates: GATES },
  "sample event, two gates, every role handed to an admin": { ...sample, gates: GATES, admin: ADMIN },
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const results: Record<string, unknown>[] = [];
let chainId = 71500;
for (const [name, event] of Object.entries(variants)) {
  const file = path.join(dir, `${results.length}.json`);
  writeFileSync(file, JSON.stringify(event, null, 2));
  const taskSeconds: number[] = [];
  const processSeconds: number[] = [];
  let gas: Record<string, string> = {};
  let transactions = 0;
  for (let run = 0; run < RUNS; run++) {
    const node = await startLocalNode({ kind: "anvil", chainId: ++chainId });
    const record = path.resolve("ignition", "deployments", `chain-${chainId}`);
    try {
      const load = os.loadavg()[0]!;
      const result = await runCli(
        ["tickets", "event", "deploy", "--network", "localhost", "--event", file, "--yes", "--json"],
        { LOCAL_RPC_URL: node.url },
      );
      if (result.code !== 0) throw new Error(`event deploy failed:\n${result.stderr.slice(-2000)}`);
      const out = jsonResult(result) as {
        gasUsed: Record<string, string>;
        transactions: number;
        seconds: number;
      };
      gas = out.gasUsed;
      transactions = out.transactions;
      taskSeconds.push(out.seconds);
      processSeconds.push(Math.round(result.ms / 100) / 10);
      console.log(
        `${name}, run ${run + 1}: ${out.transactions} transactions, ${out.seconds} s in the task, ${result.ms} ms in all (load ${load.toFixed(1)})`,
      );
    } finally {
      await node.stop();
      rmSync(record, { recursive: true, force: true });
    }
  }
  const byContract = (label: string) => Number(gas[label] ?? 0);
  const total = Object.values(gas).reduce((s, g) => s + Number(g), 0);
  results.push({
    event: name,
    transactions,
    gasTotal: total,
    gasPerContractDeployment: {
      PapercutTicket: byContract("PapercutTicketModule#PapercutTicket"),
      PapercutRenderer: byContract("PapercutRendererModule#PapercutRenderer"),
      TicketClaims: byContract("PapercutEventModule#TicketClaims"),
      DonationLedger: byContract("PapercutEventModule#DonationLedger"),
    },
    gasPerTransaction: Object.fromEntries(Object.entries(gas).map(([k, v]) => [k, Number(v)])),
    runs: RUNS,
    taskSecondsMedian: median(taskSeconds),
    taskSeconds,
    commandSecondsMedian: median(processSeconds),
    commandSeconds: processSeconds,
  });
}

const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
mkdirSync("bench/results", { recursive: true });
writeFileSync(
  "bench/results/event-deploy.json",
  JSON.stringify(
    {
      date: new Date().toISOString(),
      versions: {
        node: process.version,
        hardhat: pkg("hardhat"),
        ignition: pkg("@nomicfoundation/ignition-core"),
        anvil: pkg("@foundry-rs/anvil"),
        solc: pkg("solc"),
      },
      machine: { cpus: os.cpus().length, model: os.cpus()[0]?.model ?? "?", loadAverage1m: os.loadavg()[0] },
      node: "anvil (automine), one fresh node per run",
      results,
    },
    null,
    2,
  ) + "\n",
);
rmSync(dir, { recursive: true, force: true });
console.log("wrote bench/results/event-deploy.json");
