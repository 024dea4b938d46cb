import { ClaimsInputError } from "./errors.js";

/**
 * Reads a batch expiry given on the command line: `never`, Unix seconds, or an ISO 8601 date-time with a time
 * zone (`2026-06-01T18:00:00Z`, `2026-06-01T20:00+02:00`).
 *
 * @param text What the operator typed.
 * @param now The current chain time (Unix seconds): the expiry must be later.
 * @returns Unix seconds, 0 for never.
 * @throws {ClaimsInputError} When malformed or not in the future.
 * @example
 * parseExpiry("2026-06-01T18:00:00Z", now); // 1780336800n
 */
export function parseExpiry(text: string, now: bigint): bigint {
  const value = text.trim();
  if (value === "never" || value === "0") return 0n;
  let seconds: bigint;
  if (/^[0-9]{1,12}$/.test(value)) {
    seconds = BigInt(value);
  } else if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const ms = Date.parse(value);
    if (Number.isNaN(ms)) throw new ClaimsInputError(`--expires ${text}: not a valid date`, { value: text });
    seconds = BigInt(Math.floor(ms / 1000));
  } else {
    throw new ClaimsInputError(
      `--expires ${text}: expected never, Unix seconds or an ISO date with a time zone`,
      {
        value: text,
      },
    );
  }
  if (seconds <= now) {
    throw new ClaimsInputError(`--expires ${text}: that is not in the future`, {
      value: text,
      details: `chain time is ${new Date(Number(now) * 1000).toISOString()}`,
    });
  }
  return seconds;
}
