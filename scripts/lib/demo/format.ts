/**
 * Number formats of the demo's progress lines.
 */

/**
 * Digits grouped by thousands.
 *
 * @param value A number.
 * @returns The number as text, e.g. 1234567 → "1,234,567".
 * @example
 * fmt(9_919_497n); // "9,919,497"
 */
export function fmt(value: bigint | number): string {
  return value.toLocaleString("en-US");
}

/**
 * A count and its noun, singular for one.
 *
 * @param count How many.
 * @param word The noun, singular.
 * @returns E.g. "1 transaction", "4 transactions".
 * @example
 * plural(2, "transaction"); // "2 transactions"
 */
export function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/**
 * A number rounded to some decimal digits.
 *
 * @param value The number.
 * @param digits Decimal digits to keep.
 * @returns The rounded number.
 * @example
 * round(0.4567, 1); // 0.5
 */
export function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}
