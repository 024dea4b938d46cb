import { hostname } from "node:os";

import { PapercutError } from "../errors.js";
import { describeHolder, type LockHolder } from "../file-lock.js";

/** One class for both journals: re-exported where the airdrop's errors are. */
export { JournalMismatchError } from "../journal/errors.js";

/** The kinds of problem an attendee file can have (each reported with its line). */
export type AttendeeIssueKind =
  | "malformed-csv"
  | "missing-header"
  | "missing-address-column"
  | "duplicate-column"
  | "column-count"
  | "missing-address"
  | "invalid-address"
  | "bad-checksum"
  | "zero-address"
  | "contract-address"
  | "invalid-quantity"
  | "duplicate-address"
  | "no-attendees";

/** One problem in an attendee file. */
export interface AttendeeIssue {
  kind: AttendeeIssueKind;
  /** 1-based line number in the file (the line a record starts on); 0 for the file as a whole. */
  line: number;
  /** The offending cell, if any. */
  value?: string;
  /** What is wrong, for a human. */
  message: string;
}

/** The attendee file has problems: every one of them is listed, and nothing was sent. */
export class AttendeeFileError extends PapercutError {
  override name = "AttendeeFileError";
  readonly file: string;
  readonly issues: readonly AttendeeIssue[];

  /** Every problem found (`issues` may list only the first of them). */
  readonly count: number;

  constructor(file: string, issues: readonly AttendeeIssue[], count = issues.length) {
    super(`${file}: ${count} problem${count === 1 ? "" : "s"} in the attendee list; nothing was sent`, {
      details: issues
        .slice(0, 200)
        .map((i) => `  ${i.line > 0 ? `line ${i.line}` : "file"}: ${i.message}`)
        .concat(count > 200 ? [`  … and ${count - 200} more`] : [])
        .join("\n"),
    });
    this.count = count;
    this.file = file;
    this.issues = issues;
  }
}

/** The attendee list asks for more tickets than the contract has left. */
export class SupplyExceededError extends PapercutError {
  override name = "SupplyExceededError";
  readonly requested: bigint;
  readonly remaining: bigint;

  constructor(file: string, requested: bigint, remaining: bigint) {
    super(
      `${file}: ${requested} tickets requested but only ${remaining} remain under the cap; nothing was sent`,
    );
    this.requested = requested;
    this.remaining = remaining;
  }
}

/**
 * A batch is on-chain otherwise than planned: one of this airdrop's own journaled transactions issued its range to
 * other recipients, or the contract stays behind the batches this airdrop confirmed (another chain history). Nothing
 * more is sent. (Tickets someone else issued in front of a batch, such as a claim, are not a conflict: the batch
 * moves past them; see `sendIssuance`.)
 */
export class IssuanceConflictError extends PapercutError {
  override name = "IssuanceConflictError";
  readonly batch: number;
  readonly firstTokenId: bigint;

  constructor(batch: number, firstTokenId: bigint, details: string) {
    super(
      `batch ${batch + 1} (token ${firstTokenId}…) was issued differently on-chain than planned; stopping`,
      {
        details,
      },
    );
    this.batch = batch;
    this.firstTokenId = firstTokenId;
  }
}

/**
 * The contract shows a batch's tokens issued, but within the wait the node served neither a receipt nor an event
 * that says which transaction issued them (a node under load, a load-balanced endpoint whose indexes lag its
 * state). The outcome is unknown, not a conflict: nothing more was sent, and running again checks again.
 */
export class IssuanceOutcomeUnknownError extends PapercutError {
  override name = "IssuanceOutcomeUnknownError";
  readonly batch: number;
  readonly firstTokenId: bigint;

  /**
   * @param batch The batch's index in the plan.
   * @param firstTokenId Its first token.
   * @param found What was read, and what was not found.
   */
  constructor(batch: number, firstTokenId: bigint, found: string) {
    super(
      `batch ${batch + 1} (token ${firstTokenId}…): the contract shows it issued, but the node has not served the transaction that issued it; stopping, nothing more was sent`,
      {
        details: `${found}. Run the same command again to check again: nothing is issued twice`,
      },
    );
    this.batch = batch;
    this.firstTokenId = firstTokenId;
  }
}

/** Another airdrop process holds this journal. */
export class JournalLockedError extends PapercutError {
  override name = "JournalLockedError";
  readonly journal: string;
  readonly pid: number;

  /** @param holder Who holds the journal's lock, when its lock file could be read. */
  constructor(journal: string, holder: LockHolder | undefined) {
    const here = holder === undefined || holder.host === hostname();
    super(`another airdrop (${describeHolder(holder)}) is running on ${journal}`, {
      details: here
        ? "wait for it to finish, or stop it; this run sent nothing"
        : `wait for it to finish there; if it is not running, delete ${journal}.lock. This run sent nothing`,
    });
    this.journal = journal;
    this.pid = holder?.pid ?? -1;
  }
}

/** A batch transaction was mined but reverted, and sending it again would not help. */
export class BatchRevertedError extends PapercutError {
  override name = "BatchRevertedError";
  readonly batch: number;
  readonly hash: string;

  constructor(batch: number, hash: string, reason: string) {
    super(`batch ${batch + 1} reverted on-chain (${reason}) in ${hash}`);
    this.batch = batch;
    this.hash = hash;
  }
}

/**
 * Something about the contract or sender makes issuance impossible (no code, no minter role, paused), or a new plan
 * cannot tell which listed addresses already hold tickets (`holders-unknown`: refused rather than risk a repeat).
 */
export class IssuancePreconditionError extends PapercutError {
  override name = "IssuancePreconditionError";
  readonly reason:
    | "no-contract"
    | "not-minter"
    | "paused"
    | "no-eip1559"
    | "no-sender"
    | "pending-transactions"
    | "unfinished-airdrop"
    | "holders-unknown";

  constructor(reason: IssuancePreconditionError["reason"], shortMessage: string, details?: string) {
    super(shortMessage, { details });
    this.reason = reason;
  }
}
