/**
 * The issuance pipeline at a given size, as an operator runs it, with one SIGKILL part-way: writes an attendee
 * list of `size` distinct addresses (checksummed, one ticket each), then runs the real CLI as child processes
 * against a node — a strict dry run of the list with a bad-checksum and a duplicated row added (must be refused),
 * the dry run, the airdrop killed once `killAt` of the tickets are on-chain, the re-run that finishes it, and
 * `tickets status` — measuring each one's wall time and peak resident memory (VmHWM of every process of its
 * group, sampled from /proc). Then it checks exactly-once from the chain: every mint event read with the paged
 * log reader, exactly `size` distinct token IDs, each address of the list holding exactly one, and `ownerOf` of a
 * random sample of report rows. Used by `bench/scale.ts` and the full test suite's 100,000-ticket test.
 */
import { closeSync, existsSync, openSync, readFileSync, readdirSync, statSync, writeSync } from "node:fs";
import path from "node:path";

import { keccak_256 } from "@noble/hashes/sha3.js";
import { Interface } from "ethers";

import { checksumAddress } from "../../src/chain/checksum-address.js";
import type { Eip1193Provider } from "../../src/chain/eip1193.js";
import { forEachLogPage } from "../../src/chain/read-logs.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { jsonResult, startCli, type CliResult } from "./cli.js";
import { killGroup, sleep } from "./processes.js";

/** One CLI step's figures. */
export interface ScaleStep {
  step: string;
  wallSeconds: number;
  /** Largest VmHWM of the step's processes, MiB. */
  peakRssMiB: number;
  exitCode: number | null;
  signal: string | null;
}

export interface ScaleRunResult {
  size: number;
  csvBytes: number;
  steps: ScaleStep[];
  /** Batches planned by the dry run. */
  batches: number;
  batchSize: number;
  estimatedGas: string;
  /** Tickets on-chain when the airdrop was killed. */
  ticketsAtKill: number;
  /** Transactions of the airdrop (both runs), its gas, per ticket. */
  transactions: number;
  gasUsed: bigint;
  gasPerTicket: number;
  transactionsSentByResume: number;
  journalBytes: number;
  reportBytes: number;
  /** The refused strict dry run's one-line reason. */
  refusal: string;
  verify: {
    mintEvents: number;
    distinctTokenIds: number;
    duplicateTokenIds: number;
    listedOwners: number;
    strangers: number;
    wrongCounts: number;
    logPages: number;
    sampled: number;
    sampleMismatches: number;
    seconds: number;
  };
  status: Record<string, unknown>;
}

export interface RunScaleParameters {
  size: number;
  /** A scratch folder. */
  dir: string;
  /** The node's URL (anvil, automine). */
  url: string;
  /** The ticket contract (cap ≥ size), dev account 0 its minter. */
  contract: string;
  /** Share of the tickets on-chain when the airdrop is killed. Default 0.4. */
  killAt?: number;
  /** `ownerOf` calls on random report rows. Default 200. */
  sample?: number;
  /** Told of each step as it ends. */
  onStep?: (step: ScaleStep) => void;
  /** Longest time for one CLI step. Default 2 h. */
  stepTimeoutMs?: number;
}

const TICKET_ABI = new Interface([
  "function nextTokenId() view returns (uint256)",
  "function ownerOf(uint256) view returns (address)",
  "function balanceOf(address) view returns (uint256)",
]);

/** Runs the pipeline at one size and checks exactly-once from the chain (see the file comment). */
export async function runScale({
  size,
  dir,
  url,
  contract,
  killAt = 0.4,
  sample = 200,
  onStep,
  stepTimeoutMs = 7_200_000,
}: RunScaleParameters): Promise<ScaleRunResult> {
  const file = path.join(dir, `attendees-${size}.csv`);
  writeScaleAttendees(file, size);
  const bad = path.join(dir, `attendees-${size}-bad.csv`);
  writeBadCopy(file, bad, size);
  const stateDir = path.join(dir, "state");
  const env = { LOCAL_RPC_URL: url };
  const common = ["--network", "localhost", "--contract", contract, "--state-dir", stateDir, "--json"];
  const steps: ScaleStep[] = [];
  const step = async (name: string, args: string[], stopWhen?: () => Promise<boolean>) => {
    const { result, figures } = await measuredCli(name, args, env, stepTimeoutMs, stopWhen);
    steps.push(figures);
    onStep?.(figures);
    return result;
  };

  const refused = await step("validate (bad list, --strict)", [
    "tickets",
    "airdrop",
    "--attendees",
    bad,
    "--dry-run",
    "--strict",
    ...common,
  ]);
  if (refused.code === 0) throw new Error("the list with a bad checksum and a duplicate was accepted");
  const refusal = refused.stderr.trim().split("\n")[0] ?? "";

  const dry = jsonResult(
    await step("dry run (parse, validate, plan, price)", [
      "tickets",
      "airdrop",
      "--attendees",
      file,
      "--dry-run",
      ...common,
    ]),
  );
  const batchSizes = dry.batchSizes as number[];

  const provider = rpcProvider(url);
  const nextTokenId = async () =>
    Number(
      TICKET_ABI.decodeFunctionResult(
        "nextTokenId",
        await call(provider, contract, TICKET_ABI.encodeFunctionData("nextTokenId")),
      )[0] as bigint,
    );
  const first = await nextTokenId();
  let ticketsAtKill = 0;
  const killed = await step(
    "airdrop, killed (SIGKILL)",
    ["tickets", "airdrop", "--attendees", file, "--yes", "--poll-interval", "250", ...common],
    async () => {
      ticketsAtKill = (await nextTokenId()) - first;
      return ticketsAtKill >= killAt * size;
    },
  );
  if (killed.signal !== "SIGKILL") {
    throw new Error(`the airdrop ended before it could be killed:\n${killed.stderr.slice(-2000)}`);
  }
  const resumed = await step("airdrop, re-run (reconcile, send the rest, report)", [
    "tickets",
    "airdrop",
    "--attendees",
    file,
    "--yes",
    "--poll-interval",
    "250",
    ...common,
  ]);
  const done = jsonResult(resumed);
  if (resumed.code !== 0 || done.ok !== true) {
    throw new Error(`the re-run failed:\n${resumed.stderr.slice(-2000)}`);
  }
  const status = jsonResult(await step("tickets status", ["tickets", "status", ...common]));

  const started = Date.now();
  const verify = await verifyExactlyOnce({ provider, contract, file, size, reportCsv: reportCsvOf(done) });
  const verifySample = await sampleOwners({ provider, contract, reportCsv: reportCsvOf(done), sample });
  const journal = done.journal as string;
  return {
    size,
    csvBytes: statSync(file).size,
    steps,
    batches: batchSizes.length,
    batchSize: Math.max(...batchSizes),
    estimatedGas: String(dry.estimatedGas),
    ticketsAtKill,
    transactions: done.transactions as number,
    gasUsed: BigInt(done.gasUsed as string),
    gasPerTicket: Math.round(Number(done.gasUsed) / Number(done.ticketsIssued)),
    transactionsSentByResume: done.transactionsSentThisRun as number,
    journalBytes: statSync(journal).size,
    reportBytes: reportFiles(done).reduce((n, f) => n + statSync(f).size, 0),
    refusal,
    verify: { ...verify, ...verifySample, seconds: Math.round((Date.now() - started) / 100) / 10 },
    status,
  };
}

/**
 * Writes `size` rows `address,name`: distinct checksummed addresses (keccak of `scale-<i>`), one ticket each.
 *
 * @example
 * writeScaleAttendees("/tmp/a.csv", 10_000);
 */
export function writeScaleAttendees(file: string, size: number): void {
  const fd = openSync(file, "w");
  try {
    let chunk: string[] = ["address,name"];
    for (let i = 0; i < size; i++) {
      chunk.push(`${scaleAddress(i)},Attendee ${i}`);
      if (chunk.length >= 10_000) {
        writeSync(fd, chunk.join("\n") + "\n");
        chunk = [];
      }
    }
    if (chunk.length > 0) writeSync(fd, chunk.join("\n") + "\n");
  } finally {
    closeSync(fd);
  }
}

/** Row `i`'s address, checksummed. */
export function scaleAddress(i: number): string {
  const hash = keccak_256(new TextEncoder().encode(`scale-${i}`));
  let hex = "0x";
  for (let k = 12; k < 32; k++) hex += hash[k]!.toString(16).padStart(2, "0");
  return checksumAddress(hex);
}

/** The list plus a row whose checksum is wrong and a row repeating the first address (refused by --strict). */
function writeBadCopy(file: string, bad: string, size: number): void {
  const good = scaleAddress(size + 7);
  // Flip the case of the first letter in the address: a wrong EIP-55 checksum.
  const at = good.slice(2).search(/[a-fA-F]/) + 2;
  const c = good[at]!;
  const wrong =
    good.slice(0, at) + (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase()) + good.slice(at + 1);
  const fd = openSync(bad, "w");
  try {
    writeSync(fd, readFileSync(file));
    writeSync(fd, `${wrong},Typo\n${scaleAddress(0)},Again\n`);
  } finally {
    closeSync(fd);
  }
}

/**
 * Runs one CLI step, sampling the peak memory of its process group; `stopWhen` true kills it (SIGKILL).
 *
 * @returns The CLI's result and the step's figures.
 * @example
 * const { result, figures } = await measuredCli("tickets status", ["tickets", "status"], env, 60_000);
 */
export async function measuredCli(
  name: string,
  args: string[],
  env: Record<string, string>,
  timeoutMs: number,
  stopWhen?: () => Promise<boolean>,
): Promise<{ result: CliResult; figures: ScaleStep }> {
  const run = startCli(args, env);
  const pgid = run.child.pid!;
  let peakKiB = 0;
  let finished = false;
  const sampler = (async () => {
    while (!finished) {
      peakKiB = Math.max(peakKiB, groupPeakKiB(pgid));
      await sleep(200);
    }
  })();
  const watcher = (async () => {
    const started = Date.now();
    while (!finished) {
      if (Date.now() - started > timeoutMs || (stopWhen !== undefined && (await stopWhen()))) {
        peakKiB = Math.max(peakKiB, groupPeakKiB(pgid));
        await killGroup(run.child, "SIGKILL");
        return;
      }
      await sleep(stopWhen === undefined ? 1000 : 500);
    }
  })();
  const result = await run.done;
  finished = true;
  await Promise.all([sampler, watcher]);
  return {
    result,
    figures: {
      step: name,
      wallSeconds: Math.round(result.ms / 100) / 10,
      peakRssMiB: Math.round(peakKiB / 1024),
      exitCode: result.code,
      signal: result.signal,
    },
  };
}

/** The largest VmHWM (KiB) among the live processes of a process group. */
function groupPeakKiB(pgid: number): number {
  let peak = 0;
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) start after the last ")": state ppid pgrp …
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (Number(fields[2]) !== pgid) continue;
      const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${name}/status`, "utf8"));
      if (hwm !== null) peak = Math.max(peak, Number(hwm[1]));
    } catch {
      // exited meanwhile
    }
  }
  return peak;
}

function reportFiles(done: Record<string, unknown>): string[] {
  const report = done.report as { csv: string; json: string } | null;
  return report === null ? [] : [report.csv, report.json].filter((f) => existsSync(f));
}

function reportCsvOf(done: Record<string, unknown>): string {
  const report = done.report as { csv: string } | null;
  if (report === null) throw new Error("the airdrop wrote no report");
  return report.csv;
}

function rpcProvider(url: string): Eip1193Provider {
  let id = 0;
  return {
    request: async ({ method, params }) => {
      const response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ jsonrpc: "2.0", id: ++id, method, params: params ?? [] }),
      });
      const body = (await response.json()) as { result?: unknown; error?: { code: number; message: string } };
      if (body.error !== undefined)
        throw Object.assign(new Error(body.error.message), { code: body.error.code });
      return body.result;
    },
  };
}

async function call(provider: Eip1193Provider, to: string, data: string): Promise<string> {
  return (await provider.request({ method: "eth_call", params: [{ to, data }, "latest"] })) as string;
}

/**
 * Every `Transfer(0, to, id)` of the contract, read page by page: counts distinct token IDs (a bitmap), and per
 * address of the list (its compact table) the tickets it received; addresses not on the list are strangers.
 */
async function verifyExactlyOnce({
  provider,
  contract,
  file,
  size,
}: {
  provider: Eip1193Provider;
  contract: string;
  file: string;
  size: number;
  reportCsv: string;
}) {
  const list = parseAttendees({ content: readFileSync(file), file });
  const table = list.table;
  const received = new Uint32Array(table.count);
  const seen = new Uint8Array(size + 2);
  let mintEvents = 0;
  let duplicateTokenIds = 0;
  let strangers = 0;
  let logPages = 0;
  const transferTopic = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
  await forEachLogPage({
    provider,
    address: contract,
    topics: [transferTopic, "0x" + "0".repeat(64)],
    fromBlock: 0,
    onPage: (logs) => {
      logPages++;
      for (const log of logs) {
        mintEvents++;
        const id = Number(BigInt(log.topics[3]!));
        if (id >= seen.length || seen[id] === 1) duplicateTokenIds++;
        else seen[id] = 1;
        const owner = table.indexOf("0x" + log.topics[2]!.slice(26));
        if (owner < 0) strangers++;
        else received[owner]!++;
      }
    },
  });
  let listedOwners = 0;
  let wrongCounts = 0;
  for (let i = 0; i < table.count; i++) {
    if (received[i]! > 0) listedOwners++;
    if (received[i] !== table.quantity(i)) wrongCounts++;
  }
  let distinctTokenIds = 0;
  for (const s of seen) distinctTokenIds += s;
  return { mintEvents, distinctTokenIds, duplicateTokenIds, listedOwners, strangers, wrongCounts, logPages };
}

/** `ownerOf` of the token of `sample` random rows of the airdrop's report equals the row's address. */
async function sampleOwners({
  provider,
  contract,
  reportCsv,
  sample,
}: {
  provider: Eip1193Provider;
  contract: string;
  reportCsv: string;
  sample: number;
}) {
  const lines = readFileSync(reportCsv, "utf8").split("\r\n").slice(1, -1);
  let sampleMismatches = 0;
  for (let k = 0; k < sample; k++) {
    const cells = lines[Math.floor(Math.random() * lines.length)]!.split(",");
    const [address, tokenIds] = [cells[1]!, cells[3]!];
    for (const id of tokenIds.split(" ")) {
      const owner = TICKET_ABI.decodeFunctionResult(
        "ownerOf",
        await call(provider, contract, TICKET_ABI.encodeFunctionData("ownerOf", [BigInt(id)])),
      )[0] as string;
      if (owner !== address) sampleMismatches++;
    }
  }
  return { sampled: sample, sampleMismatches };
}
