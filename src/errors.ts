/**
 * The base of every expected error in papercut-tickets: bad input, a missing role, a refused transaction.
 * Tasks print `shortMessage` on one line (and `details` after it) and exit non-zero, without a stack trace.
 * Anything that is not a `PapercutError` is a bug and keeps its stack.
 *
 * @example
 * throw new PapercutError("attendees.csv line 7: invalid address 0x12", { details: "expected 20 bytes of hex" });
 */
export class PapercutError extends Error {
  override name = "PapercutError";
  /** One line saying what is wrong and where. */
  readonly shortMessage: string;
  /** Optional further lines (what was expected, how to fix it). */
  readonly details: string | undefined;

  constructor(shortMessage: string, { details, cause }: { details?: string; cause?: unknown } = {}) {
    super(details === undefined ? shortMessage : `${shortMessage}\n${details}`, { cause });
    this.shortMessage = shortMessage;
    this.details = details;
  }
}

/** Whether a value is an expected papercut error (as opposed to a bug). */
export function isPapercutError(error: unknown): error is PapercutError {
  return error instanceof PapercutError;
}
