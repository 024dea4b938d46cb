import { getAddress, type Provider } from "ethers";

import type { DemoTransaction } from "../../../src/demo/format-demo-report.js";
import type { DemoContext } from "./demo-context.js";
import { fmt, plural, round } from "./format.js";

/** The demo's steps, in order (the numbers of issue #9). */
export const DEMO_STEPS = [
  "Deploy the ticket and the papercut renderer",
  "Generate attendee wallets and airdrop their tickets",
  "Claim links for attendees without a wallet, claimed through the relayer",
  "Check a sample in at two gates",
  "Record, settle and verify the carbon-offset donation",
  "Export the metadata and the gallery",
  "Write the report",
] as const;

/**
 * Runs one step of the demo: says its title, times it, and reads its transactions back from the blocks it
 * produced into the context's figures.
 *
 * @param ctx The demo's context.
 * @param n The step's number (1-based, in {@link DEMO_STEPS}).
 * @param body The step.
 * @returns What the step returned.
 * @example
 * const deployed = await runStep(ctx, 1, () => deployStep(ctx));
 */
export async function runStep<T>(ctx: DemoContext, n: number, body: () => Promise<T>): Promise<T> {
  const { provider } = ctx.connection.ethers;
  const title = DEMO_STEPS[n - 1]!;
  ctx.log(`[${n}/${DEMO_STEPS.length}] ${title}`);
  const fromBlock = (await provider.getBlockNumber()) + 1;
  const started = performance.now();
  const result = await body();
  const seconds = round((performance.now() - started) / 1000, 1);
  const toBlock = await provider.getBlockNumber();
  const txs = await readTransactions(ctx, provider, fromBlock, toBlock, n);
  ctx.transactions.push(...txs);
  const gasUsed = txs.reduce((s, t) => s + BigInt(t.gasUsed), 0n);
  ctx.steps.push({ step: n, title, seconds, transactions: txs.length, gasUsed: gasUsed.toString() });
  ctx.log(
    `      done in ${seconds} s` +
      (txs.length > 0 ? `, ${plural(txs.length, "transaction")}, ${fmt(gasUsed)} gas` : ""),
  );
  return result;
}

/** The demo's own transactions in blocks `from..to` (other senders on a shared node are left out), labelled. */
async function readTransactions(
  ctx: DemoContext,
  provider: Provider,
  from: number,
  to: number,
  step: number,
): Promise<DemoTransaction[]> {
  const accounts = new Set([ctx.organizer, ...ctx.gateAccounts].map((a) => a.address));
  const found: DemoTransaction[] = [];
  for (let n = from; n <= to; n++) {
    const block = await provider.getBlock(n, true);
    if (block === null) continue;
    for (const tx of block.prefetchedTransactions) {
      if (!accounts.has(getAddress(tx.from))) continue;
      const receipt = await provider.getTransactionReceipt(tx.hash);
      if (receipt === null) continue;
      found.push({
        step,
        label: labelOf(ctx, tx.to, tx.data, receipt.contractAddress),
        hash: tx.hash,
        block: n,
        gasUsed: receipt.gasUsed.toString(),
      });
    }
  }
  return found;
}

function labelOf(ctx: DemoContext, to: string | null, data: string, created: string | null): string {
  if (to === null) {
    const name = created === null ? undefined : ctx.contracts.get(getAddress(created))?.name;
    return `deploy ${name ?? (created === null ? "a contract" : created)}`;
  }
  const target = getAddress(to);
  const contract = ctx.contracts.get(target);
  const fn = contract?.iface?.parseTransaction({ data })?.name;
  return fn === undefined ? `call ${contract?.name ?? target}` : `${contract?.name ?? target}.${fn}`;
}
