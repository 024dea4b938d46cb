import { PapercutError } from "../errors.js";

/**
 * Why a journal does not fit the run opening it: `other-chain`, written on another chain history (e.g. a
 * restarted dev node); `plan`, the airdrop's plan differs; `damaged`, a line is not valid JSON; `other-owner`, a
 * gate journal of another gate, chain or contract.
 */
export type JournalMismatchReason = "other-chain" | "plan" | "damaged" | "other-owner";

const STALE =
  "if this journal is stale, move it aside and run again; the chain is read before anything is sent";
const DETAILS: Record<JournalMismatchReason, string> = {
  "other-chain": STALE,
  plan: STALE,
  damaged: STALE,
  "other-owner": "use another --journal file for another gate, chain or contract",
};

/**
 * A journal (the airdrop's or a gate's) that does not belong to this run: another chain history, another plan or
 * another gate, or damaged.
 *
 * @example
 * throw new JournalMismatchError(file, "written on another chain history", "other-chain");
 * throw new JournalMismatchError(file, "this journal's gate is SOUTH, expected NORTH", "other-owner");
 */
export class JournalMismatchError extends PapercutError {
  override name = "JournalMismatchError";
  /** The journal's file. */
  readonly journal: string;
  readonly reason: JournalMismatchReason;

  constructor(journal: string, message: string, reason: JournalMismatchReason = "plan") {
    super(`${journal}: ${message}`, { details: DETAILS[reason] });
    this.journal = journal;
    this.reason = reason;
  }
}
