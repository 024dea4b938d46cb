import { PapercutError } from "../errors.js";

/** Where in a file a bad value sits. */
export interface Location {
  /** The file (as given by the user). */
  file: string;
  /** JSON path of the value, e.g. `printedItems[0].massMilligrams`. */
  path: string;
  /** 1-based line of the value in the file, when it could be found. */
  line?: number | undefined;
}

function at({ file, path, line }: Location): string {
  return `${file}${line === undefined ? "" : `:${line}`} (${path})`;
}

/**
 * A methodology file is not what the calculation needs: a missing field, a negative or non-integer factor,
 * a zero denominator, an unknown schema.
 *
 * @example
 * throw new InvalidMethodologyError({ file, path: "paperProduction.gramsCO2ePerTonne", line: 12 }, -1, "a non-negative integer");
 */
export class InvalidMethodologyError extends PapercutError {
  override name = "InvalidMethodologyError";
  readonly location: Location;
  readonly value: unknown;

  constructor(location: Location, value: unknown, expected: string) {
    super(`${at(location)}: expected ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
    this.location = location;
    this.value = value;
  }
}

/**
 * A currency code that is not an active ISO 4217 code, or stated with the wrong exponent.
 *
 * @example
 * throw new UnknownCurrencyError("XYZ", { file, path: "currency.code" });
 */
export class UnknownCurrencyError extends PapercutError {
  override name = "UnknownCurrencyError";
  readonly code: string;
  readonly location: Location | undefined;

  constructor(code: string, location?: Location, details?: string) {
    super(
      `${location === undefined ? "" : `${at(location)}: `}unknown ISO 4217 currency code ${JSON.stringify(code)}`,
      {
        details,
      },
    );
    this.code = code;
    this.location = location;
  }
}

/**
 * The local methodology file is not the one a record on-chain was computed with (their hashes differ).
 *
 * @example
 * throw new MethodologyHashMismatchError("metadata/carbon/methodology.json", local, onChain);
 */
export class MethodologyHashMismatchError extends PapercutError {
  override name = "MethodologyHashMismatchError";
  readonly file: string;
  readonly localHash: string;
  readonly onChainHash: string;

  constructor(file: string, localHash: string, onChainHash: string) {
    super(`${file}: methodology hash ${localHash} does not match the on-chain ${onChainHash}`);
    this.file = file;
    this.localHash = localHash;
    this.onChainHash = onChainHash;
  }
}

/**
 * A donation recipient without a name, or with an invalid account address.
 *
 * @example
 * throw new InvalidRecipientError("name", "", "metadata/event.json");
 */
export class InvalidRecipientError extends PapercutError {
  override name = "InvalidRecipientError";
  readonly field: string;
  readonly value: unknown;

  constructor(field: string, value: unknown, where: string, cause?: unknown) {
    super(`${where}: recipient ${field} is invalid: ${JSON.stringify(value) ?? String(value)}`, { cause });
    this.field = field;
    this.value = value;
  }
}

/**
 * A file the task needs (receipt, methodology, event configuration) does not exist or cannot be read.
 *
 * @example
 * throw new FileNotFoundError("receipt.pdf", "--receipt");
 */
export class FileNotFoundError extends PapercutError {
  override name = "FileNotFoundError";
  readonly file: string;

  constructor(file: string, what: string, cause?: unknown) {
    super(`${what} ${file}: file not found or not readable`, { cause });
    this.file = file;
  }
}

/**
 * The ticket contract's issuance events disagree with its counter, or no ledger can be found.
 *
 * @example
 * throw new DonationChainError("the ticket contract has no donation ledger", "run the ledger deployment first");
 */
export class DonationChainError extends PapercutError {
  override name = "DonationChainError";
}

/**
 * An option given to a donation task is invalid (a non-integer ticket count, an unknown basis…).
 *
 * @example
 * throw new InvalidDonationOptionError("--tickets", "-5", "a positive integer");
 */
export class InvalidDonationOptionError extends PapercutError {
  override name = "InvalidDonationOptionError";
  readonly option: string;
  readonly value: unknown;

  constructor(option: string, value: unknown, expected: string) {
    super(`${option}: expected ${expected}, got ${JSON.stringify(value) ?? String(value)}`);
    this.option = option;
    this.value = value;
  }
}
