import { errorText, rpc, toQuantity, type Eip1193Provider } from "./eip1193.js";
import { isTransientRpcError } from "./resilient-provider.js";

/** How endpoints word a refusal of a page that is too wide or holds too many logs. */
const TOO_MUCH =
  /more than \d+ (results|logs)|query returned more than|block range|range (is )?too (large|wide|big)|response (size|is too)|too many (logs|results)|exceeds? .*(range|results|size)/;

/** A log as JSON-RPC returns it. */
export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  removed?: boolean;
}

export interface ReadLogsParameters {
  provider: Eip1193Provider;
  address: string;
  /** Topic filters, as `eth_getLogs` takes them. */
  topics: (string | string[] | null)[];
  fromBlock: number;
  /** Default: the latest block. */
  toBlock?: number;
  /** Largest block range per request (public endpoints allow 1,000 to 50,000). Default 50,000. */
  maxRange?: number;
  /**
   * Logs one answer should hold at most (public endpoints refuse answers over 10,000 logs or a few megabytes):
   * the range of the next request is sized from the log density seen so far. Default 10,000.
   */
  maxLogs?: number;
  /** Tries of one page after a transport failure that outlasted the provider's own retries. Default 4. */
  pageAttempts?: number;
}

export interface ForEachLogPageParameters extends ReadLogsParameters {
  /** Called with each page's logs, in chain order, before the next page is asked for. */
  onPage: (logs: RpcLog[], range: { fromBlock: number; toBlock: number }) => void | Promise<void>;
}

/**
 * The one paged log reader of the toolkit: reads logs over a block range in pages sized to the node's limits and
 * hands each page over before asking for the next, so a million events never sit in one answer or in memory.
 *
 * - The range of a page follows the log density: it starts at 4 blocks, doubles while pages hold less than half
 *   of `maxLogs`, and shrinks in proportion when a page holds more (never above `maxRange`).
 * - A page the node refuses (too many results, range too wide, response too large) is halved and asked again.
 * - A transport failure (after the provider's own retries) is retried on the same page, `pageAttempts` times with
 *   a pause: the read resumes where it was, never from the start.
 *
 * @param parameters The filter, range, limits and the page callback.
 * @returns The number of logs read.
 * @example
 * await forEachLogPage({ provider, address, topics: [transferTopic], fromBlock, onPage: (logs) => count += logs.length });
 */
export async function forEachLogPage({
  provider,
  address,
  topics,
  fromBlock,
  toBlock,
  maxRange = 50_000,
  maxLogs = 10_000,
  pageAttempts = 4,
  onPage,
}: ForEachLogPageParameters): Promise<number> {
  const last = toBlock ?? Number(BigInt(await rpc<string>(provider, "eth_blockNumber")));
  let range = Math.min(4, maxRange);
  let total = 0;
  let failures = 0;
  for (let from = fromBlock; from <= last;) {
    const to = Math.min(last, from + range - 1);
    let logs: RpcLog[];
    try {
      logs = await rpc<RpcLog[]>(provider, "eth_getLogs", [
        { address, topics, fromBlock: toQuantity(from), toBlock: toQuantity(to) },
      ]);
    } catch (error) {
      // Some endpoints say "too many results" with the rate-limit code (-32005): that one is a refusal of the page.
      if (isTransientRpcError(error) && !TOO_MUCH.test(errorText(error))) {
        if (++failures >= pageAttempts) throw error;
        await new Promise((resolve) => setTimeout(resolve, 500 * failures));
        continue; // the same page again
      }
      if (from === to) throw error; // one block the node refuses: nothing smaller to ask
      range = Math.max(1, Math.floor((to - from + 1) / 2));
      continue;
    }
    failures = 0;
    const kept = logs.filter((l) => l.removed !== true);
    total += kept.length;
    await onPage(kept, { fromBlock: from, toBlock: to });
    const span = to - from + 1;
    from = to + 1;
    if (logs.length < maxLogs / 2) range = Math.min(maxRange, span * 2);
    else range = Math.max(1, Math.min(maxRange, Math.floor((span * maxLogs) / (2 * logs.length))));
  }
  return total;
}

/**
 * Every log of a range at once, read with {@link forEachLogPage}: for ranges known to hold few logs (a batch's
 * events, role grants); anything that grows with the event's size goes through `forEachLogPage` instead.
 *
 * @param parameters The filter and range.
 * @returns The logs, in chain order.
 * @example
 * const logs = await readLogs({ provider, address, topics: [issuedTopic, firstIdTopic], fromBlock });
 */
export async function readLogs(parameters: ReadLogsParameters): Promise<RpcLog[]> {
  const out: RpcLog[] = [];
  await forEachLogPage({ ...parameters, onPage: (logs) => void out.push(...logs) });
  return out;
}
