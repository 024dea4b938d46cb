import { readFile } from "node:fs/promises";
import path from "node:path";

import cliProgress from "cli-progress";
import { formatEther, formatUnits, getAddress } from "ethers";

import { PapercutError } from "../../src/errors.js";
import { ticketInterface } from "../../src/issuance/abi.js";
import { journalPath } from "../../src/issuance/journal.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import type { PrepareIssuanceReturnType } from "../../src/issuance/prepare-issuance.js";
import { DEV_CHAIN_IDS, runAirdrop, type RunAirdropReturnType } from "../../src/issuance/run-airdrop.js";
import type { Failpoint, IssuanceEvent } from "../../src/issuance/send-issuance.js";
import { writeReport } from "../../src/issuance/write-report.js";
import { confirm, taskAction, type CommonTaskArguments, type Output } from "../lib/cli.js";
import { openResilientNetwork, resolveContract, senderFromNetwork } from "../lib/chain.js";

interface AirdropArguments extends CommonTaskArguments {
  attendees: string | undefined;
  contract: string;
  dryRun: boolean;
  strict: boolean;
  allowRepeat: boolean;
  confirmations: number;
  maxBatchSize: number;
  stuckAfter: number;
  pollInterval: number;
  stateDir: string;
  report: string;
  yes: boolean;
}

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
    provider,
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
  if (attendees.duplicateRows > 0) {
    out.note(
      `warning: ${attendees.duplicateRows} duplicated address${attendees.duplicateRows === 1 ? "" : "es"} merged (--strict rejects them):`,
      ...attendees.warnings.slice(0, 10).map((w) => `  ${w.message}`),
      ...(attendees.duplicateRows > 10 ? [`  … and ${attendees.duplicateRows - 10} more`] : []),
    );
  }

  const sender = await senderFromNetwork(connection, provider);
  const iface = ticketInterface();
  const confirmations = args.confirmations > 0 ? args.confirmations : DEV_CHAIN_IDS.has(chainId) ? 1 : 3;

  let stopRequested = false;
  const onSignal = () => {
    if (stopRequested) process.exit(130);
    stopRequested = true;
    out.note(
      "",
      "stopping after the current transaction… (Ctrl-C again to quit at once; the journal keeps the state)",
    );
  };
  let progress: ReturnType<typeof createProgress> | undefined;
  let run: RunAirdropReturnType;
  try {
    run = await runAirdrop({
      provider,
      chainId,
      contract,
      sender,
      attendees,
      iface,
      journalFile: ephemeral
        ? undefined
        : journalPath({ stateDir: args.stateDir, chainId, contract, fileHash: attendees.fileHash }),
      dryRun: args.dryRun,
      maxBatchSize: args.maxBatchSize,
      allowRepeat: args.allowRepeat,
      confirmations,
      onJournalArchived: (moved) =>
        out.note(`note: the journal belonged to an earlier run of this dev chain; moved it to ${moved}`),
      onPlan: (prepared, journalLocation) =>
        describePlan(out, {
          prepared,
          attendees,
          contract,
          networkName,
          chainId,
          sender,
          journalLocation,
          confirmations,
          allowRepeat: args.allowRepeat,
        }),
      confirm: async (pending) => {
        if (!ephemeral)
          await confirm(`Send ${pending} transaction${pending === 1 ? "" : "s"}?`, { yes: args.yes });
        // From here on, Ctrl-C stops after the current transaction, and the progress bar runs.
        process.on("SIGINT", onSignal);
        process.on("SIGTERM", onSignal);
      },
      pollIntervalMs: Math.max(50, args.pollInterval),
      stuckAfterMs: Math.max(1, args.stuckAfter) * 1000,
      shouldStop: () => stopRequested,
      onEvent: (e) => {
        progress ??= createProgress(out, attendees.totalTickets);
        progress.event(e);
      },
      failpoint: failpointFromEnvironment(),
    });
  } finally {
    progress?.stop();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }
  const { prepared, result, report, reverted } = run;
  if (result === undefined || report === undefined) {
    out.result({
      ok: true,
      dryRun: true,
      ...planSummary(prepared, attendees, contract, chainId, sender.address),
    });
    return;
  }
  {
    const gasUsed = result.applied.reduce((s, b) => s + b.gasUsed, 0n);
    const feePaid = result.applied.reduce((s, b) => s + b.gasUsed * b.effectiveGasPrice, 0n);
    const summary = {
      status: result.status,
      chainId: chainId.toString(),
      network: networkName,
      contract,
      attendeesFile: attendees.file,
      fileHash: attendees.fileHash,
      ticketsPlanned: prepared.plan.totalTickets,
      ticketsIssuedBefore: sum(prepared.excluded),
      ticketsIssued: report.issued,
      ticketsIssuedThisRun: result.applied.slice(result.alreadyApplied).reduce((s, b) => s + b.count, 0),
      transactions: result.applied.length,
      transactionsSentThisRun: result.sent,
      rebroadcasts: result.rebroadcasts,
      replacements: result.replacements,
      revertedTransactions: reverted.count,
      batchesMovedThisRun: result.shifts,
      gasUsed,
      feePaidWei: feePaid + reverted.feeWei,
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
          rows: report.forEachRow,
          extraColumns: attendees.columns.filter((c) => !["address", "quantity"].includes(c.toLowerCase())),
          summary,
        });

    out.say(
      result.status === "done"
        ? `Done: ${report.issued} tickets issued to ${attendees.rowCount} attendee rows in ${result.applied.length} transactions` +
            (summary.ticketsIssuedBefore > 0
              ? `; ${summary.ticketsIssuedBefore} more were already on-chain and were not issued again`
              : "")
        : `Stopped: ${report.issued} of ${prepared.plan.totalTickets} tickets issued so far. Run the same command to resume.`,
      `  this run   ${summary.ticketsIssuedThisRun} tickets, ${result.sent} transactions sent` +
        (result.rebroadcasts + result.replacements > 0
          ? ` (${result.rebroadcasts} rebroadcast, ${result.replacements} replaced)`
          : "") +
        `, ${(summary.durationMs / 1000).toFixed(1)} s`,
      `  gas        ${gasUsed} used, ${formatEther(summary.feePaidWei)} paid` +
        (reverted.count > 0 ? ` (${reverted.count} reverted transactions included)` : ""),
      ...(files ? [`  report     ${files.csv}`, `             ${files.json}`] : []),
      `  journal    ${run.journalLocation}`,
    );
    out.result({
      ok: result.status === "done",
      ...summary,
      report: files ?? null,
      journal: run.journalLocation,
    });
    if (result.status !== "done") process.exitCode = 130;
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
    journalLocation,
    confirmations,
    allowRepeat,
  }: {
    prepared: PrepareIssuanceReturnType;
    attendees: ReturnType<typeof parseAttendees>;
    contract: string;
    networkName: string;
    chainId: bigint;
    sender: { address: string; mode: string };
    journalLocation: string;
    confirmations: number;
    allowRepeat: boolean;
  },
) {
  const { plan, fees, target, sizing } = prepared;
  const done = plan.batches.filter((b) => b.firstTokenId < target.nextTokenId).length;
  const sizes = plan.batches.map((b) => b.count);
  const before = sum(prepared.excluded);
  if (plan.totalTickets === 0) {
    out.say(
      `Airdrop of ${attendees.file} to ${contract} on ${networkName} (chain ${chainId}): nothing to issue`,
      `  attendees  ${attendees.rowCount} rows: all ${before} tickets are already on-chain (minted to these addresses ` +
        `by this contract); --allow-repeat issues them again`,
      `  journal    ${journalLocation}`,
    );
    return;
  }
  out.say(
    `Airdrop of ${attendees.file} to ${contract} on ${networkName} (chain ${chainId})`,
    `  attendees  ${attendees.rowCount} rows, ${attendees.table.count} distinct addresses, ${plan.totalTickets} tickets`,
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
    `  journal    ${journalLocation}`,
  );
  if (before > 0) {
    out.note(
      `note: ${before} tickets of this list are already on-chain (${prepared.excluded.size} addresses hold tickets ` +
        `from this contract, e.g. ${[...prepared.excluded.keys()]
          .slice(0, 3)
          .map((a) => getAddress(a))
          .join(", ")}): left out of the plan, never issued twice; --allow-repeat issues them again`,
    );
  } else if (prepared.previousHolders.length > 0 && allowRepeat) {
    out.note(
      `warning: ${prepared.previousHolders.length} of these addresses already received tickets from this contract ` +
        `(e.g. ${prepared.previousHolders
          .slice(0, 3)
          .map((a) => getAddress(a))
          .join(", ")}); with --allow-repeat they get their full quantity again`,
    );
  }
}

function sum(map: ReadonlyMap<string, number>): number {
  let total = 0;
  for (const n of map.values()) total += n;
  return total;
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
    rows: attendees.rowCount,
    recipients: attendees.table.count,
    duplicatesMerged: attendees.duplicateRows,
    tickets: prepared.plan.totalTickets,
    startId: prepared.plan.startId,
    batches: prepared.plan.batches.length,
    batchSizes: prepared.plan.batches.map((b) => b.count),
    resumed: prepared.resumed,
    estimatedGas: prepared.estimatedGas,
    baseFeePerGas: prepared.fees.baseFeePerGas,
    maxPriorityFeePerGas: prepared.fees.maxPriorityFeePerGas,
    expectedCostWei: prepared.expectedCost,
    maxCostWei: prepared.maxCost,
    previousHolders: prepared.previousHolders.length,
    ticketsIssuedBefore: sum(prepared.excluded),
  };
}

function createProgress(out: Output, total: number) {
  const tty = process.stderr.isTTY === true;
  let issued = 0;
  let gas = 0n;
  const bar = tty
    ? new cliProgress.SingleBar(
        {
          format:
            "  {bar} {value}/{total} tickets | {batches} batches | {gas} gas | ETA {eta_formatted}{wait}",
          stream: process.stderr,
          hideCursor: true,
        },
        cliProgress.Presets.shades_classic,
      )
    : undefined;
  let batches = 0;
  // A wait longer than a few seconds says what it waits for (again every 15 s while it lasts).
  let waiting: { reason: string; since: number; said: number } | undefined;
  const event = (e: IssuanceEvent) => {
    if (e.type !== "waiting" && waiting !== undefined) {
      waiting = undefined;
      bar?.update({ wait: "" });
    }
    switch (e.type) {
      case "reconciled":
        issued = e.appliedTickets;
        if (e.appliedBatches > 0)
          out.note(
            `reconciled with the chain: ${e.appliedBatches} batches (${e.appliedTickets} tickets) already issued`,
          );
        bar?.start(total, issued, { batches, gas: "0", wait: "" });
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
      case "shifted":
        out.note(
          `batch ${e.batch + 1}: token ${e.from} was taken by a mint not of this airdrop (${e.by}); ` +
            `this batch and the later ones now start at token ${e.to} (journaled)`,
        );
        break;
      case "rebroadcast":
        if (!bar)
          out.note(`batch ${e.batch + 1}: the node no longer has the transaction; broadcasting it again`);
        break;
      case "waiting": {
        const at = Date.now();
        if (waiting?.reason !== e.reason) waiting = { reason: e.reason, since: at, said: 0 };
        if (at - waiting.since >= 3_000 && at - waiting.said >= 15_000) {
          waiting.said = at;
          const text = `batch ${e.batch + 1}: waiting (${Math.round((at - waiting.since) / 1000)} s): ${e.reason}`;
          if (bar) bar.update({ wait: ` | ${text}` });
          else out.note(text);
        }
        break;
      }
    }
  };
  return { event, stop: () => bar?.stop() };
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
