/**
 * `npm run test:full` sets PAPERCUT_FULL=1: the full-size sweeps (all 5,000 tickets' art, 2,000-row fault runs)
 * and the slow suites (a real node, a browser or several CLI processes each), which `npm test` lists as pending so
 * that it stays within a few minutes. CI runs both.
 */
export const FULL = process.env.PAPERCUT_FULL === "1";

/**
 * A suite that runs under `npm run test:full` and is listed as pending under `npm test`. (A function, not an
 * alias of `describe`: worker threads import this module where mocha's globals do not exist.)
 *
 * @param title The suite's title.
 * @param fn Its body.
 * @returns Mocha's suite (or pending suite).
 * @example
 * describeFull("tickets airdrop: the real CLI against real nodes", function () { … });
 */
export function describeFull(title: string, fn: (this: Mocha.Suite) => void): Mocha.Suite | void {
  return FULL ? describe(title, fn) : describe.skip(title, fn);
}
