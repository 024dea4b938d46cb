import { PapercutError } from "../errors.js";

/** A ticket count outside 1..cap. */
export class InvalidCountError extends PapercutError {
  override name = "InvalidCountError";
  /** The offending count. */
  readonly count: number;
  /** The largest count allowed. */
  readonly cap: number;

  constructor(count: number, cap: number) {
    super(`invalid count ${count}: expected a whole number from 1 to ${cap}`);
    this.count = count;
    this.cap = cap;
  }
}

/** An output folder that cannot be written (or whose parent cannot). */
export class OutputNotWritableError extends PapercutError {
  override name = "OutputNotWritableError";
  /** The output folder. */
  readonly path: string;

  constructor(path: string, cause: unknown) {
    const code = (cause as { code?: string } | undefined)?.code;
    super(`cannot write the output folder ${path}${code === undefined ? "" : ` (${code})`}`, { cause });
    this.path = path;
  }
}
