/**
 * Integer helpers shared, operation for operation, with the renderer contract. Every value stays far below
 * 2^53, so JavaScript numbers are exact; divisions truncate toward zero as Solidity's do.
 */

/**
 * Integer division truncating toward zero, as Solidity's `/`.
 *
 * @param a - Dividend.
 * @param b - Divisor, not zero.
 * @returns `a / b` truncated toward zero.
 * @example
 * div(-7, 2); // -3
 */
export function div(a: number, b: number): number {
  return Math.trunc(a / b);
}

/**
 * sin(x) scaled by 10,000 for an angle given in hundredths of a degree (0..18000), by Bhaskara I's
 * rational approximation (error below 0.0017), in integers.
 *
 * @param centiDegrees - The angle, 0..18000.
 * @returns floor(10000 · sin(angle)) by the approximation.
 * @example
 * sin10k(3000); // 5000
 */
export function sin10k(centiDegrees: number): number {
  const p = centiDegrees * (18000 - centiDegrees);
  return Math.floor((40000 * p) / (405000000 - p));
}
