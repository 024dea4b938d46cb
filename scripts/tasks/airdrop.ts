import { existsSync } from "node:fs";
import { readFile } from "node:fs/promises";
import path from "node:path";

import cliProgress from "cli-progress";
import { formatEther, formatUnits, getAddress } from "ethers";

import { rpc } from "../../src/chain/eip1193.js";
import { PapercutError } from "../../src/errors.js";
import { buildReport } from "../../src/issuance/build-report.js";
import { ticketInterface } from "../../src/issuance/abi.js";
import { IssuancePreconditionError, JournalMismatchError } from "../../src/issuance/errors.js";
import type { RpcReceipt } from "../../src/issuance/find-applied-batch.js";
import {
  archiveJournal,
  createMemoryJournal,
  journalPath,
  openFileJournal,
  readJournal,
  unfinishedJournals,
  type Journal,
} from "../../src/issuance/journal.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { prepareIssuance, type PrepareIssuanceReturnType } from "../../src/issuance/prepare-issuance.js";
import { sendIssuance, type Failpoint, type IssuanceEvent } from "../../src/issuance/send-issuance.js";
import { writeReport } from "../../src/issuance/write-report.js";
import { confirm, taskAction, type CommonTaskArguments, type Output } from "../lib/cli.js";
import { openResilientNetwork, resolveContract, senderFromNetwork } from "../lib/chain.js";

interface AirdropArguments extends CommonTaskArguments {
  attendees: string | undefined;
  contract: string;
  dryRun: boolean;
  strict: boolean;
  confirmations: number;
  maxBatchSize: number;
  stuckAfter: number;
  pollInterval: number;
  stateDir: string;
  report: string;
  yes: boolean;
}

const DEV_CHAINS = new Set([31337n, 1337n]);

export default taskAction<AirdropArguments>(async (args, hre, out) => {
  const started = Date.now();
  if (args.attendees === undefined || args.attendees === "") {
    throw new PapercutError("--attendees <file.csv> is required");
  }
  const { connection, provider, chainId, networkName, ephemeral } = await openResilientNetwork(hre);
  const contract = await resolveContract(
    args.contract,
    hre.config.paths.ignition,
    chainId,
    networkName,
    ephemeral,
  );

  let content: Buffer;
  try {
    content = await readFile(args.attendees);
  } catch (cause) {
    throw new PapercutError(`${args.attendees}: cannot read the attendee file`, { cause });
  }
  const attendees = parseAttendees({
    content,
    file: args.attendees,
    strict: args.strict,
    forbidden: [contract],
  });
  if (attendees.warnings.length > 0) {
    out.note(
      `warning: ${attendees.warnings.length} duplicated address${attendees.warnings.length === 1 ? "" : "es"} merged (--strict rejects them):`,
      ...attendees.warnings.slice(0, 10).map((w) => `  ${w.message}`),
      ...(attendees.warnings.length > 10 ? [`  … and ${attendees.warnings.length - 10} more`] : []),
    );
  }

  const sender = await senderFromNetwork(connection, provider);
  const iface = ticketInterface();
  const file = journalPath({ stateDir: args.stateDir, chainId, contract, fileHash: attendees.fileHash });

  // Starting a second attendee file while another one is half-issued on this contract is how duplicates happen
  // (an edited copy of the same list gets a new journal): refuse until the first one is finished or set aside.
  if (!ephemeral && !existsSync(file)) {
    const others = unfinishedJournals(path.dirname(file), attendees.fileHash);
    if (others.length > 0) {
      throw new IssuancePreconditionError(
        "unfinished-airdrop",
        `an airdrop of ${others[0]!.plan.file} to this contract is not finished; nothing was sent`,
        `finish it first (run the same command with that file), or if it must be abandoned move its journal aside:\n  ${others
          .map((o) => o.file)
          .join("\n  ")}`,
      );
    }
  }

  let journal: Journal | undefined;
  const openJournal = (): Journal =>
    ephemeral
      ? createMemoryJournal()
      : args.dryRun
        ? createMemoryJournal(readJournal(file))
        : openFileJournal(file);
  try {
    journal = openJournal();
    const prepare = () =>
      prepareIssuance({
        provider,
        contract,
        sender,
        attendees,
        iface,
        journalEntries: journal!.entries(),
        journalLocation: journal!.location,
        maxBatchSize: args.maxBatchSize > 0 ? args.maxBatchSize : undefined,
      });
    let prepared: PrepareIssuanceReturnType;
    try {
      prepared = await prepare();
    } catch (error) {
      // A dev node restarted since the journal was written: it describes a chain that no longer exists.
      if (!(
        error instanceof JournalMismatchError &&
        error.reason === "other-chain" &&
        DEV_CHAINS.has(chainId)
      )) {
        throw error;
      }
      if (args.dryRun) {
        journal = createMemoryJournal();
      } else {
        journal.close();
        const moved = archiveJournal(file);
        out.note(`note: the journal belonged to an earlier run of this dev chain; moved it to ${moved}`);
        journal = openJournal();
      }
      prepared = await prepare();
    }

    const confirmations = args.confirmations > 0 ? args.confirmations : DEV_CHAINS.has(chainId) ? 1 : 3;
    describePlan(out, {
      prepared,
      attendees,
      contract,
      networkName,
      chainId,
      sender,
      journal,
      confirmations,
    });
    if (args.dryRun) {
      out.result({
        ok: true,
        dryRun: true,
        ...planSummary(prepared, attendees, contract, chainId, sender.address),
      });
      return;
    }
    const pending = prepared.plan.batches.filter((b) => b.firstTokenId >= prepared.target.nextTokenId);
    if (pending.length > 0 && !ephemeral) {
      await confirm(`Send ${pending.length} transaction${pending.length === 1 ? "" : "s"}?`, {
        yes: args.yes,
      });
    }
    if (!prepared.resumed) journal.append(prepared.planEntry);

    let stopRequested = false;
    const onSignal = () => {
      if (stopRequested) process.exit(130);
      stopRequested = true;
      out.note(
        "",
        "stopping after the current transaction… (Ctrl-C again to quit at once; the journal keeps the state)",
      );
    };
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    const progress = createProgress(out, prepared.plan.totalTickets);
    let result;
    try {
      result = await sendIssuance({
        provider,
        chainId,
        contract,
        sender,
        plan: prepared.plan,
        journal,
        iface,
        fromBlock: prepared.planEntry.fromBlock,
        confirmations,
        pollIntervalMs: Math.max(50, args.pollInterval),
        stuckAfterMs: Math.max(1, args.stuckAfter) * 1000,
        shouldStop: () => stopRequested,
        onEvent: progress.event,
        failpoint: failpointFromEnvironment(),
      });
    } finally {
      progress.stop();
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }

    const report = buildReport({ attendees, applied: result.applied });
    const gasUsed = result.applied.reduce((s, b) => s + b.gasUsed, 0n);
    const feePaid = result.applied.reduce((s, b) => s + b.gasUsed * b.effectiveGasPrice, 0n);
    const reverted = await revertedAttempts(provider, journal, new Set(result.applied.map((b) => b.hash)));
    const summary = {
      status: result.status,
      chainId: chainId.toString(),
      network: networkName,
      contract,
      attendeesFile: attendees.file,
      fileHash: attendees.fileHash,
      ticketsPlanned: prepared.plan.totalTickets,
      ticketsIssued: report.issued,
      ticketsIssuedThisRun: result.applied.slice(result.alreadyApplied).reduce((s, b) => s + b.count, 0),
      transactions: result.applied.length,
      transactionsSentThisRun: result.sent,
      rebroadcasts: result.rebroadcasts,
      replacements: result.replacements,
      revertedTransactions: reverted.count,
      gasUsed,
      feePaidWei: feePaid + reverted.fee,
      rpcRetries: provider.stats.retries,
      durationMs: Date.now() - started,
    };
    const reportBase =
      args.report !== ""
        ? args.report
        : path.join(
            args.stateDir,
            "reports",
            `chain-${chainId}`,
            contract.toLowerCase(),
            `${path.basename(attendees.file).replace(/\.[^.]*$/, "")}-${attendees.fileHash.slice(0, 12)}`,
          );
    const files = ephemeral
      ? undefined
      : writeReport({
          basePath: reportBase,
          rows: report.rows,
          extraColumns: attendees.columns.filter((c) => !["address", "quantity"].includes(c.toLowerCase())),
          summary,
        });

    out.say(
      result.status === "done"
        ? `Done: ${report.issued} tickets issued to ${attendees.rows.length} attendee rows in ${result.applied.length} transactions`
        : `Stopped: ${report.issued} of ${prepared.plan.totalTickets} tickets issued so far. Run the same command to resume.`,
      `  this run   ${summary.ticketsIssuedThisRun} tickets, ${result.sent} transactions sent` +
        (result.rebroadcasts + result.replacements > 0
          ? ` (${result.rebroadcasts} rebroadcast, ${result.replacements} replaced)`
          : "") +
        `, ${(summary.durationMs / 1000).toFixed(1)} s`,
      `  gas        ${gasUsed} used, ${formatEther(summary.feePaidWei)} paid` +
        (reverted.count > 0 ? ` (${reverted.count} reverted transactions included)` : ""),
      ...(files ? [`  report     ${files.csv}`, `             ${files.json}`] : []),
      `  journal    ${journal.location}`,
    );
    out.result({
      ok: result.status === "done",
      ...summary,
      report: files ?? null,
      journal: journal.location,
    });
    if (result.status !== "done") process.exitCode = 130;
  } finally {
    journal?.close();
  }
});

function describePlan(
  out: Output,
  {
    prepared,
    attendees,
    contract,
    networkName,
    chainId,
    sender,
    journal,
    confirmations,
  }: {
    prepared: PrepareIssuanceReturnType;
    attendees: ReturnType<typeof parseAttendees>;
    contract: string;
    networkName: string;
    chainId: bigint;
    sender: { address: string; mode: string };
    journal: Journal;
    confirmations: number;
  },
) {
  const { plan, fees, target, sizing } = prepared;
  const done = plan.batches.filter((b) => b.firstTokenId < target.nextTokenId).length;
  const sizes = plan.batches.map((b) => b.recipients.length);
  out.say(
    `Airdrop of ${attendees.file} to ${contract} on ${networkName} (chain ${chainId})`,
    `  attendees  ${attendees.rows.length} rows, ${attendees.recipients.length} distinct addresses, ${plan.totalTickets} tickets`,
    `  tokens     ${plan.startId} to ${plan.startId + BigInt(plan.totalTickets) - 1n} (cap ${target.cap}, ${target.totalMinted} minted now)`,
    `  batches    ${plan.batches.length} (up to ${Math.max(...sizes)} tickets each` +
      (sizing ? `, ~${sizing.gasPerTicket} gas per ticket` : "") +
      `)` +
      (prepared.resumed ? `; resuming: ${done} already on-chain` : ""),
    `  gas        ~${prepared.estimatedGas} for what remains, at ${formatUnits(fees.expectedFeePerGas, "gwei")} gwei` +
      ` (base ${formatUnits(fees.baseFeePerGas, "gwei")} + tip ${formatUnits(fees.maxPriorityFeePerGas, "gwei")})`,
    `  cost       ~${formatEther(prepared.expectedCost)} (at most ${formatEther(prepared.maxCost)}) in the native token`,
    `  sender     ${getAddress(sender.address)} (${sender.mode === "key" ? "local key" : sender.mode === "node-sign" ? "node account, signed by the node" : "node account, sent by the node"})`,
    `  confirm    ${confirmations} block${confirmations === 1 ? "" : "s"} per batch`,
    `  journal    ${journal.location}`,
  );
  if (prepared.previousHolders.length > 0) {
    out.note(
      `warning: ${prepared.previousHolders.length} of these addresses already received tickets from this contract ` +
        `(e.g. ${prepared.previousHolders
          .slice(0, 3)
          .map((a) => getAddress(a))
          .join(", ")}); they will get more`,
    );
  }
}

function planSummary(
  prepared: PrepareIssuanceReturnType,
  attendees: ReturnType<typeof parseAttendees>,
  contract: string,
  chainId: bigint,
  sender: string,
) {
  return {
    chainId: chainId.toString(),
    contract,
    sender: getAddress(sender),
    attendeesFile: attendees.file,
    fileHash: attendees.fileHash,
    rows: attendees.rows.length,
    recipients: attendees.recipients.length,
    duplicatesMerged: attendees.warnings.length,
    tickets: prepared.plan.totalTickets,
    startId: prepared.plan.startId,
    batches: prepared.plan.batches.length,
    batchSizes: prepared.plan.batches.map((b) => b.recipients.length),
    resumed: prepared.resumed,
    estimatedGas: prepared.estimatedGas,
    baseFeePerGas: prepared.fees.baseFeePerGas,
    maxPriorityFeePerGas: prepared.fees.maxPriorityFeePerGas,
    expectedCostWei: prepared.expectedCost,
    maxCostWei: prepared.maxCost,
    previousHolders: prepared.previousHolders.length,
  };
}

function createProgress(out: Output, total: number) {
  const tty = process.stderr.isTTY === true;
  let issued = 0;
  let gas = 0n;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format: "  {bar} {value}/{total} tickets | {batches} batches | {gas} gas | ETA {eta_formatted}",
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let batches = 0;
  const event = (e: IssuanceEvent) => {
    switch (e.type) {
      case "reconciled":
        issued = e.appliedTickets;
        if (e.appliedBatches > 0)
          out.note(
            `reconciled with the chain: ${e.appliedBatches} batches (${e.appliedTickets} tickets) already issued`,
          );
        bar?.start(total, issued, { batches, gas: "0" });
        break;
      case "batch-confirmed":
        batches++;
        gas += e.batch.gasUsed;
        if (!e.alreadyApplied) issued += e.batch.count;
        if (bar) bar.update(issued, { batches, gas: gas.toString() });
        else if (!e.alreadyApplied) {
          out.note(
            `batch ${e.batch.index + 1}: tokens ${e.batch.firstTokenId}..${e.batch.firstTokenId + BigInt(e.batch.count) - 1n} ` +
              `in block ${e.batch.blockNumber} (${e.batch.gasUsed} gas) ${e.batch.hash} [${issued}/${total}]`,
          );
        }
        break;
      case "sending":
        if (!bar && e.replacement)
          out.note(
            `batch ${e.batch + 1}: replacing the pending transaction (nonce ${e.nonce}) with higher fees`,
          );
        break;
      case "rebroadcast":
        if (!bar)
          out.note(`batch ${e.batch + 1}: the node no longer has the transaction; broadcasting it again`);
        break;
      case "waiting":
        break;
    }
  };
  return { event, stop: () => bar?.stop() };
}

/** Reverted transactions of this airdrop (journaled attempts that were mined but are not a batch). */
async function revertedAttempts(provider: Parameters<typeof rpc>[0], journal: Journal, applied: Set<string>) {
  let count = 0;
  let fee = 0n;
  const hashes = new Set<string>();
  for (const e of journal.entries()) {
    if ((e.t === "attempt" || e.t === "sent") && e.hash !== undefined && !applied.has(e.hash))
      hashes.add(e.hash);
  }
  for (const hash of hashes) {
    const receipt = await rpc<RpcReceipt | null>(provider, "eth_getTransactionReceipt", [hash]);
    if (receipt !== null && BigInt(receipt.status) === 0n) {
      count++;
      fee += BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice ?? "0x0");
    }
  }
  return { count, fee };
}

/**
 * Test hook: `PAPERCUT_FAILPOINT=<point>:<batch number>` (e.g. `after-broadcast:2`) kills this process with
 * SIGKILL at that point, to test resuming from exactly there.
 */
function failpointFromEnvironment(): ((point: Failpoint, batch: number) => void) | undefined {
  const spec = process.env.PAPERCUT_FAILPOINT;
  if (spec === undefined || spec === "") return undefined;
  const [point, batch] = spec.split(":");
  return (p, b) => {
    if (p === point && String(b + 1) === batch) process.kill(process.pid, "SIGKILL");
  };
}
