import type { Contract, ContractTransactionResponse } from "ethers";

import { decodeRevert } from "../chain/decode-revert.js";
import type { FirstAdmission } from "./errors.js";
import { findCheckIn, findCheckIns } from "./find-check-in.js";
import type { CheckInJournal, PendingAdmission } from "./journal-index.js";
import { ticketLifecycleInterface } from "./ticket-abi.js";
import { toContractProof } from "./typed-data.js";

export interface SyncGateJournalParameters {
  journal: CheckInJournal;
  /** The ticket contract connected to the gate's signer (it holds the gate role). */
  ticket: Contract;
  /** Admissions per transaction (`checkInBatch`); one alone goes through `checkIn`. Default 100. */
  batchSize?: number;
  /** First block to search for check-ins (see `findCheckIn`). */
  fromBlock?: number;
  /** Told about each transaction once it is sent. */
  onSubmitted?: (txHash: string, tokenIds: readonly bigint[]) => void;
  /**
   * How long to wait for the `CheckedIn` event of a ticket the contract says is checked in: a node can serve that
   * state before the event (under load, a load-balanced endpoint), and the event decides whether it was this
   * gate's admission or another's. Default 60 s; after it the admission stays pending (`unknown`).
   */
  settleTimeoutMs?: number;
  /** How often to look again while waiting. Default 1,000 ms. */
  pollIntervalMs?: number;
  /** Commit only these tickets' admissions (a strict gate commits the one it is deciding); default all. */
  only?: readonly bigint[];
}

/** What the chain made of one admission. */
export interface SyncOutcome {
  tokenId: bigint;
  /**
   * `committed`: on-chain by this gate; `conflict`: the chain will not take it (see `reason`, `first`);
   * `unknown`: the contract says the ticket is checked in but the node did not serve by whom within the wait; the
   * admission stays pending and the next sync decides.
   */
  status: "committed" | "conflict" | "unknown";
  reason?: string;
  first?: FirstAdmission;
  txHash?: string;
  /**
   * Set on every conflict: someone was admitted here on this ticket and the chain will not record it. `second-entry`:
   * the ticket was admitted elsewhere too (two people walked in on one ticket); `still-valid`: the chain refused
   * the admission and the ticket is still valid, so it can admit someone else — void it (`tickets void`);
   * `voided`: the organizer voided it already.
   */
  alarm?: SyncAlarm;
}

/** What a refused commit after ADMIT means for the organizer (see {@link SyncOutcome.alarm}). */
export type SyncAlarm = "second-entry" | "still-valid" | "voided";

export interface SyncGateJournalReturnType {
  outcomes: SyncOutcome[];
  /** The transactions sent. */
  txHashes: string[];
  gasUsed: bigint;
}

/** The refusal reasons, by the selector `checkInBatch` reports in `CheckInRefused`. */
const REASONS: Record<string, string> = Object.fromEntries(
  [
    "TicketAlreadyCheckedIn",
    "TicketIsVoided",
    "TicketInvalidProof",
    "TicketProofExpired",
    "ERC721NonexistentToken",
  ].map((name) => [ticketLifecycleInterface.getError(name)!.selector, name]),
);

/** Reverts that refuse the whole transaction whatever its proofs: splitting a batch cannot help. */
const WHOLE_TRANSACTION = new Set([
  "EnforcedPause",
  "AccessControlUnauthorizedAccount",
  "TicketEventEnded",
  "TicketEmptyCheckInBatch",
  "TicketCheckInGasTooLow",
]);

/** Errors of the connection, not of the transaction: nothing is journaled, the sync stops and can run again. */
const NETWORK_CODES = new Set(["NETWORK_ERROR", "TIMEOUT", "SERVER_ERROR", "ECONNREFUSED", "UNKNOWN_ERROR"]);

/**
 * Commits a gate's journaled admissions on-chain and reconciles the journal with the chain. Safe to run again
 * at any time (after a crash, with a flaky connection): it first reads, for every pending admission, the
 * chain's `CheckedIn` event —
 *
 * - one carrying this admission's nonce: it was committed earlier (a transaction whose answer was lost);
 * - another one: a conflict — another gate committed the ticket first (its gate and time are recorded);
 *
 * then sends the rest, `batchSize` per `checkInBatch` transaction, and journals each result. A proof the
 * contract refuses (already checked in meanwhile, voided, holder changed since, expired) becomes a conflict with
 * an `alarm` (someone walked in on it and the chain does not record it); the rest of its batch still goes in. A
 * batch the chain will not take at all is split in halves until the proof that breaks it is alone and journaled. A refusal as "already checked in" is a conflict only on evidence: the `CheckedIn`
 * event with another nonce (waited for, since a node can serve the state before the event); the event with this
 * admission's nonce means this gate's own earlier commit, and is journaled as committed.
 *
 * @param parameters Journal, contract (with the gate's signer) and batch size.
 * @returns What happened to each admission, the transactions sent and their gas.
 * @example
 * const { outcomes } = await syncGateJournal({ journal, ticket: ticketLifecycleContract(address, gateSigner) });
 */
export async function syncGateJournal({
  journal,
  ticket,
  batchSize = 100,
  fromBlock = 0,
  onSubmitted,
  settleTimeoutMs = 60_000,
  pollIntervalMs = 1_000,
  only,
}: SyncGateJournalParameters): Promise<SyncGateJournalReturnType> {
  if (!Number.isSafeInteger(batchSize) || batchSize < 1)
    throw new RangeError(`batchSize must be >= 1: ${batchSize}`);
  await journal.refresh();
  const outcomes: SyncOutcome[] = [];
  const txHashes: string[] = [];
  let gasUsed = 0n;
  const settle = { fromBlock, settleTimeoutMs, pollIntervalMs };

  const pending = journal.pending().filter((a) => only === undefined || only.includes(a.proof.tokenId));
  const onChainById = await findCheckIns({
    ticket,
    tokenIds: pending.map((a) => a.proof.tokenId),
    fromBlock,
  });
  const toSend: PendingAdmission[] = [];
  for (const admission of pending) {
    const { tokenId } = admission.proof;
    const onChain = onChainById.get(tokenId);
    if (onChain === undefined) {
      toSend.push(admission);
    } else if (onChain.nonce.toLowerCase() === admission.proof.challenge.nonce.toLowerCase()) {
      await journal.recordCommitted(tokenId, onChain.txHash, onChain.blockNumber);
      outcomes.push({ tokenId, status: "committed", txHash: onChain.txHash });
    } else {
      outcomes.push(await conflict(journal, ticket, tokenId, "TicketAlreadyCheckedIn", onChain));
    }
  }

  // A batch the chain will not take as a whole (a proof that makes it fail) is split in halves until the bad
  // proof is alone: every good admission is still committed, and the bad one is journaled as a conflict.
  const queue: PendingAdmission[][] = [];
  for (let i = 0; i < toSend.length; i += batchSize) queue.push(toSend.slice(i, i + batchSize));
  for (let chunk = queue.shift(); chunk !== undefined; chunk = queue.shift()) {
    const tokenIds = chunk.map((a) => a.proof.tokenId);
    let tx: ContractTransactionResponse;
    try {
      tx =
        chunk.length === 1
          ? ((await ticket.getFunction("checkIn")(
              toContractProof(chunk[0]!.proof),
            )) as ContractTransactionResponse)
          : ((await ticket.getFunction("checkInBatch")(
              chunk.map((a) => toContractProof(a.proof)),
            )) as ContractTransactionResponse);
    } catch (error) {
      const decoded = decodeRevert(error);
      if (isNetworkError(error) || (decoded !== undefined && WHOLE_TRANSACTION.has(decoded.name)))
        throw error;
      if (chunk.length > 1) {
        const half = Math.ceil(chunk.length / 2);
        queue.unshift(chunk.slice(0, half), chunk.slice(half));
        continue;
      }
      // A single check-in the contract refuses (seen when estimating gas): journal it and go on.
      const reason =
        decoded?.name ??
        `unsendable: ${String((error as Error).message ?? error)
          .split("\n")[0]!
          .slice(0, 120)}`;
      outcomes.push(await refused(journal, ticket, chunk[0]!, reason, settle));
      continue;
    }
    txHashes.push(tx.hash);
    await journal.recordSubmitted(tx.hash, tokenIds);
    onSubmitted?.(tx.hash, tokenIds);
    const receipt = await tx.wait();
    if (receipt === null) throw new Error(`transaction ${tx.hash} has no receipt`);
    gasUsed += receipt.gasUsed;
    const results = new Map<string, { admitted: true } | { admitted: false; reason: string }>();
    for (const log of receipt.logs) {
      if (log.address.toLowerCase() !== (await ticket.getAddress()).toLowerCase()) continue;
      const parsed = ticketLifecycleInterface.parseLog(log);
      if (parsed?.name === "CheckedIn") results.set(String(parsed.args[0]), { admitted: true });
      if (parsed?.name === "CheckInRefused") {
        const reason = REASONS[String(parsed.args[2])] ?? String(parsed.args[2]);
        results.set(String(parsed.args[0]), { admitted: false, reason });
      }
    }
    for (const admission of chunk) {
      const { tokenId } = admission.proof;
      const result = results.get(tokenId.toString());
      if (result?.admitted === true) {
        await journal.recordCommitted(tokenId, tx.hash, receipt.blockNumber);
        outcomes.push({ tokenId, status: "committed", txHash: tx.hash });
      } else {
        outcomes.push(await refused(journal, ticket, admission, result?.reason ?? "unknown", settle));
      }
    }
  }
  return { outcomes, txHashes, gasUsed };
}

/**
 * Journals an admission the contract refused. "Already checked in" is decided by the chain's `CheckedIn` event,
 * waited for up to `settleTimeoutMs`: this admission's nonce means this gate's own earlier commit (an answer
 * lost, or a node that served the state before the event), another nonce a conflict with its evidence.
 */
async function refused(
  journal: CheckInJournal,
  ticket: Contract,
  admission: PendingAdmission,
  reason: string,
  {
    fromBlock,
    settleTimeoutMs,
    pollIntervalMs,
  }: { fromBlock: number; settleTimeoutMs: number; pollIntervalMs: number },
): Promise<SyncOutcome> {
  const { tokenId } = admission.proof;
  if (reason !== "TicketAlreadyCheckedIn") return await conflict(journal, ticket, tokenId, reason, undefined);
  const started = Date.now();
  for (;;) {
    const first = await findCheckIn({ ticket, tokenId, fromBlock });
    if (first !== undefined && first.nonce.toLowerCase() === admission.proof.challenge.nonce.toLowerCase()) {
      await journal.recordCommitted(tokenId, first.txHash, first.blockNumber);
      return { tokenId, status: "committed", txHash: first.txHash };
    }
    if (first !== undefined) return await conflict(journal, ticket, tokenId, reason, first);
    if (Date.now() - started >= settleTimeoutMs) {
      return {
        tokenId,
        status: "unknown",
        reason: `checked in on-chain, but the node served no CheckedIn event for it within ${Math.round(settleTimeoutMs / 1000)} s; kept pending`,
      };
    }
    await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
  }
}

/** Journals a conflict and tells what it means for the organizer (see {@link SyncOutcome.alarm}). */
async function conflict(
  journal: CheckInJournal,
  ticket: Contract,
  tokenId: bigint,
  reason: string,
  first: (FirstAdmission & { holder?: string; operator?: string }) | undefined,
): Promise<SyncOutcome> {
  const recorded: FirstAdmission | undefined =
    first === undefined
      ? undefined
      : {
          gate: first.gate,
          at: first.at,
          nonce: first.nonce,
          source: first.source,
          ...(first.txHash === undefined ? {} : { txHash: first.txHash }),
          ...(first.blockNumber === undefined ? {} : { blockNumber: first.blockNumber }),
        };
  await journal.recordConflict(tokenId, reason, recorded);
  return {
    tokenId,
    status: "conflict",
    reason,
    ...(recorded === undefined ? {} : { first: recorded }),
    alarm: await alarmOf(ticket, tokenId, reason),
  };
}

/** The ticket's state now says what a refused admission means: a second entry, or a ticket still valid. */
async function alarmOf(ticket: Contract, tokenId: bigint, reason: string): Promise<SyncAlarm> {
  if (reason === "TicketAlreadyCheckedIn") return "second-entry";
  if (reason === "TicketIsVoided") return "voided";
  try {
    const state = (await ticket.getFunction("ticketState").staticCall(tokenId)) as bigint;
    // TicketState: 0 Valid, 1 CheckedIn, 2 Souvenir, 3 Voided.
    if (state === 3n) return "voided";
    if (state === 1n) return "second-entry";
  } catch {
    // The state could not be read (the ticket does not exist, the node is away): assume the worst.
  }
  return "still-valid";
}

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && NETWORK_CODES.has(code);
}
