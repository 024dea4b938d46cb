/**
 * Number formatting shared with the renderer contract: integers in decimal, and fixed-point values in
 * hundredths without trailing zeros ("12.5", "7.05", "30").
 */

/**
 * A signed integer in decimal.
 *
 * @param v - The integer.
 * @returns Its decimal form, with "-" when negative.
 * @example
 * int(-12); // "-12"
 */
export function int(v: number): string {
  return String(v);
}

/**
 * A non-negative value in hundredths, as a short decimal.
 *
 * @param v - The value times 100, non-negative.
 * @returns The decimal, without trailing zeros.
 * @example
 * centi(1250); // "12.5"
 */
export function centi(v: number): string {
  const whole = Math.trunc(v / 100);
  const frac = v % 100;
  if (frac === 0) return String(whole);
  if (frac % 10 === 0) return `${whole}.${frac / 10}`;
  return `${whole}.${frac < 10 ? "0" : ""}${frac}`;
}

/**
 * Coordinates for a path command: each number after the first is separated by a space unless its own
 * minus sign separates it ("12-300 40").
 *
 * @param values - The integers.
 * @returns The joined list.
 * @example
 * coords([12, -300, 40]); // "12-300 40"
 */
export function coords(values: readonly number[]): string {
  let s = "";
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    if (i > 0 && v >= 0) s += " ";
    s += String(v);
  }
  return s;
}
