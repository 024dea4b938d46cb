import { sha256, toUtf8Bytes } from "ethers";

/**
 * Serialises JSON data canonically as RFC 8785 (JCS) does for the values this project uses: object keys
 * sorted by UTF-16 code units, no whitespace, strings and numbers as ECMAScript's `JSON.stringify` writes
 * them. The same data always gives the same bytes, whatever the file's formatting or key order.
 *
 * @param value Plain JSON data (objects, arrays, strings, finite numbers, booleans, null). Write big integers
 * as decimal strings: a bigint is refused, since JSON numbers beyond 2^53 do not survive parsing.
 * @returns The canonical text.
 * @example
 * canonicalJson({ b: 1, a: [true, "x"] }); // '{"a":[true,"x"],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonical JSON cannot hold ${value}`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/**
 * SHA-256 of the canonical JSON of `value`, as a 0x-prefixed bytes32 hex string (what the ledger stores).
 * Browser-safe (ethers' SHA-256, no `node:crypto`): the event page verifies donations with it.
 *
 * @param value Plain JSON data.
 * @returns `0x` + 64 hex digits.
 * @example
 * canonicalHash({ a: 1 }); // "0x015abd7f…"
 */
export function canonicalHash(value: unknown): string {
  return sha256(toUtf8Bytes(canonicalJson(value)));
}
