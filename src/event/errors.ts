import { PapercutError } from "../errors.js";

/**
 * The event file is wrong: malformed JSON, an unknown or missing field, or a value that would be refused or
 * misread on-chain. The message names the file, the line and column, the field's path and its value.
 *
 * @example
 * throw new EventConfigError({ file: "metadata/event.json", line: 9, column: 10, path: "cap", value: 0,
 *   problem: "must be at least 1" });
 */
export class EventConfigError extends PapercutError {
  override name = "EventConfigError";
  /** The event file. */
  readonly file: string;
  /** 1-based line of the offending value (or of the object that misses a field); 0 when unknown. */
  readonly line: number;
  /** 1-based column; 0 when unknown. */
  readonly column: number;
  /** JSON path of the field, dot-separated (`name.en`, `gates.1`); empty for the whole file. */
  readonly path: string;
  /** The offending value, when there is one. */
  readonly value: unknown;
  /** What is wrong with it. */
  readonly problem: string;

  constructor({
    file,
    line,
    column,
    path,
    value,
    problem,
    details,
  }: {
    file: string;
    line: number;
    column: number;
    path: string;
    value?: unknown;
    problem: string;
    details?: string;
  }) {
    const where = line > 0 ? `${file}:${line}:${column}` : file;
    const subject = [path, value === undefined ? "" : showValue(value)].filter((s) => s !== "").join(" ");
    super(
      subject === "" ? `${where}: ${problem}` : `${where}: ${subject}: ${problem}`,
      details === undefined ? {} : { details },
    );
    this.file = file;
    this.line = line;
    this.column = column;
    this.path = path;
    this.value = value;
    this.problem = problem;
  }
}

/** A value as it appears in the file, cut short when long. */
function showValue(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** The event deploy cannot go on (unpaid plan, declined, or Ignition refused or failed a step). */
export class EventDeployError extends PapercutError {
  override name = "EventDeployError";
}

/** A role change the sender cannot make, or one that would leave a contract without an admin. */
export class RoleChangeError extends PapercutError {
  override name = "RoleChangeError";
}
