import { existsSync } from "node:fs";
import path from "node:path";

import type { Interface } from "ethers";

import { rpc, type Eip1193Provider } from "../chain/eip1193.js";
import { JournalMismatchError } from "../journal/errors.js";
import { buildReport, type BuildReportReturnType } from "./build-report.js";
import { IssuancePreconditionError } from "./errors.js";
import type { RpcReceipt } from "./find-applied-batch.js";
import {
  archiveJournal,
  createMemoryJournal,
  openFileJournal,
  readJournal,
  unfinishedJournals,
  type Journal,
} from "./journal.js";
import type { ParseAttendeesReturnType } from "./parse-attendees.js";
import { prepareIssuance, type PrepareIssuanceReturnType } from "./prepare-issuance.js";
import { sendIssuance, type SendIssuanceParameters, type SendIssuanceReturnType } from "./send-issuance.js";
import type { TxSender } from "./tx-sender.js";

/** Chains whose history is thrown away when their node restarts (Hardhat's and anvil's 31337, Ganache's 1337). */
export const DEV_CHAIN_IDS: ReadonlySet<bigint> = new Set([31337n, 1337n]);

export interface RunAirdropParameters extends Pick<
  SendIssuanceParameters,
  "pollIntervalMs" | "stuckAfterMs" | "settleTimeoutMs" | "shouldStop" | "onEvent" | "failpoint"
> {
  provider: Eip1193Provider;
  chainId: bigint;
  contract: string;
  sender: TxSender;
  /** The validated attendee list (`parseAttendees`). */
  attendees: ParseAttendeesReturnType;
  iface?: Interface;
  /**
   * The journal file (`journalPath`), written and fsynced before every broadcast; undefined keeps the journal in
   * memory (an in-process chain that ends with the process).
   */
  journalFile?: string;
  /** Plan and price only: reads the chain and the journal, writes and sends nothing. */
  dryRun?: boolean;
  /** Upper bound on tickets per batch. */
  maxBatchSize?: number;
  /**
   * A new plan issues every row its full quantity even to addresses that already hold tickets from this contract
   * (default false: those tickets are left out; see `prepareIssuance`).
   */
  allowRepeat?: boolean;
  /** Blocks a batch must be buried under before the next is sent. Default 1. */
  confirmations?: number;
  /** Told the plan (new or resumed) and the journal's location, before anything is sent. */
  onPlan?: (prepared: PrepareIssuanceReturnType, journalLocation: string) => void;
  /**
   * Asked before the first transaction when batches remain to send; throw to cancel (nothing is written then).
   * Not asked on a dry run.
   */
  confirm?: (pendingBatches: number) => Promise<void>;
  /** Told when a journal from an earlier life of a restarted dev chain was moved aside. */
  onJournalArchived?: (movedTo: string) => void;
}

export interface RunAirdropReturnType {
  prepared: PrepareIssuanceReturnType;
  journalLocation: string;
  /** What was sent and what the chain holds; undefined on a dry run. */
  result: SendIssuanceReturnType | undefined;
  /** Each attendee row's tickets, read back from the chain; undefined on a dry run. */
  report: BuildReportReturnType | undefined;
  /** Journaled transactions of this airdrop that were mined but reverted, and the fee they cost. */
  reverted: { count: number; feeWei: bigint };
}

/**
 * The whole airdrop workflow, once for the task, the demo and the tests: refuses to start a second attendee file
 * while another one is half-issued on the contract; opens the journal (moving aside one from an earlier life of a
 * restarted dev chain); reads the chain and plans (or reloads the journal's plan; a new plan leaves out tickets the
 * list's addresses already hold from this contract unless `allowRepeat`); shows it and asks; journals the
 * plan; sends every batch exactly once (`sendIssuance`); and reads the outcome back from the chain, row by row.
 *
 * @param parameters Provider, contract, sender, attendee list, journal file and callbacks.
 * @returns The plan, the send result, the per-row report and reverted attempts.
 * @throws {IssuancePreconditionError} another airdrop to this contract is unfinished, not a minter, paused, …
 * @throws {IssuanceConflictError} the chain issued this plan's tokens otherwise.
 * @example
 * const { result, report } = await runAirdrop({ provider, chainId, contract, sender, attendees, journalFile });
 */
export async function runAirdrop({
  provider,
  chainId,
  contract,
  sender,
  attendees,
  iface,
  journalFile,
  dryRun = false,
  maxBatchSize,
  allowRepeat = false,
  confirmations = 1,
  onPlan,
  confirm,
  onJournalArchived,
  ...sendOptions
}: RunAirdropParameters): Promise<RunAirdropReturnType> {
  // Starting a second attendee file while another one is half-issued on this contract is how duplicates happen
  // (an edited copy of the same list gets a new journal): refuse until the first one is finished or set aside.
  if (journalFile !== undefined && !existsSync(journalFile)) {
    const others = unfinishedJournals(path.dirname(journalFile), attendees.fileHash);
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

  const openJournal = (): Journal =>
    journalFile === undefined
      ? createMemoryJournal()
      : dryRun
        ? createMemoryJournal(readJournal(journalFile, { raw: false }))
        : openFileJournal(journalFile);
  let journal = openJournal();
  try {
    const prepare = () =>
      prepareIssuance({
        provider,
        contract,
        sender,
        attendees,
        iface,
        journalEntries: journal.entries(),
        journalLocation: journal.location,
        maxBatchSize: maxBatchSize !== undefined && maxBatchSize > 0 ? maxBatchSize : undefined,
        allowRepeat,
      });
    let prepared: PrepareIssuanceReturnType;
    try {
      prepared = await prepare();
    } catch (error) {
      // A dev node restarted since the journal was written: it describes a chain that no longer exists.
      const stale =
        error instanceof JournalMismatchError && error.reason === "other-chain" && DEV_CHAIN_IDS.has(chainId);
      if (!stale || journalFile === undefined) throw error;
      journal.close();
      if (dryRun) {
        journal = createMemoryJournal();
      } else {
        onJournalArchived?.(archiveJournal(journalFile));
        journal = openJournal();
      }
      prepared = await prepare();
    }
    onPlan?.(prepared, journal.location);
    if (dryRun) {
      return {
        prepared,
        journalLocation: journal.location,
        result: undefined,
        report: undefined,
        reverted: none(),
      };
    }

    const pending = prepared.plan.batches.filter((b) => b.firstTokenId >= prepared.target.nextTokenId);
    if (pending.length > 0) await confirm?.(pending.length);
    if (!prepared.resumed) journal.append(prepared.planEntry);
    const result = await sendIssuance({
      provider,
      chainId,
      contract,
      sender,
      plan: prepared.plan,
      journal,
      iface,
      fromBlock: prepared.planEntry.fromBlock,
      confirmations,
      ...sendOptions,
    });
    const report = buildReport({ attendees, applied: result.applied, excluded: prepared.excluded });
    const reverted = await revertedAttempts(provider, journal, new Set(result.applied.map((b) => b.hash)));
    return { prepared, journalLocation: journal.location, result, report, reverted };
  } finally {
    journal.close();
  }
}

function none(): { count: number; feeWei: bigint } {
  return { count: 0, feeWei: 0n };
}

/** Reverted transactions of this airdrop (journaled attempts that were mined but are not a batch). */
async function revertedAttempts(
  provider: Eip1193Provider,
  journal: Journal,
  applied: ReadonlySet<string>,
): Promise<{ count: number; feeWei: bigint }> {
  const reverted = none();
  const hashes = new Set<string>();
  for (const e of journal.entries()) {
    if ((e.t === "attempt" || e.t === "sent") && e.hash !== undefined && !applied.has(e.hash))
      hashes.add(e.hash);
  }
  for (const hash of hashes) {
    const receipt = await rpc<RpcReceipt | null>(provider, "eth_getTransactionReceipt", [hash]);
    if (receipt !== null && BigInt(receipt.status) === 0n) {
      reverted.count++;
      reverted.feeWei += BigInt(receipt.gasUsed) * BigInt(receipt.effectiveGasPrice ?? "0x0");
    }
  }
  return reverted;
}
