import type { Eip1193Provider } from "../../src/chain/eip1193.js";

export interface LaggingIndexesOptions {
  /** How long a new block's receipts, logs and number stay hidden after the node first shows it. */
  lagMs: number;
}

/** What the wrapper hid, so a test can show the race really happened. */
export interface LaggingIndexesStats {
  hiddenReceipts: number;
  hiddenLogs: number;
  laggedBlockNumbers: number;
}

/** The methods whose answers come from a node's indexes rather than its state. */
export const INDEX_METHODS: ReadonlySet<string> = new Set([
  "eth_blockNumber",
  "eth_getTransactionReceipt",
  "eth_getLogs",
]);

/**
 * An EIP-1193 provider in front of a real node that serves a block's state at once (`eth_call`,
 * `eth_getTransactionCount`, …) but its receipts, logs and number only `lagMs` after the block first appears:
 * what a node under load or a load-balanced endpoint whose indexes trail its state does. Blocks that existed
 * before the first request are served as usual.
 *
 * @param inner The real node.
 * @param options How long the indexes trail the state.
 * @returns The lagging provider and what it hid.
 * @example
 * const { provider, stats } = laggingIndexes(connection.provider, { lagMs: 300 });
 */
export function laggingIndexes(
  inner: Eip1193Provider,
  { lagMs }: LaggingIndexesOptions,
): { provider: Eip1193Provider; stats: LaggingIndexesStats } {
  const stats: LaggingIndexesStats = { hiddenReceipts: 0, hiddenLogs: 0, laggedBlockNumbers: 0 };
  const firstSeen = new Map<number, number>();
  let baseline: number | undefined;
  let known = -1;

  const observe = async (): Promise<number> => {
    const head = Number(BigInt((await inner.request({ method: "eth_blockNumber" })) as string));
    baseline ??= head;
    const at = Date.now();
    for (let n = known + 1; n <= head; n++) firstSeen.set(n, at);
    known = Math.max(known, head);
    return head;
  };
  const visible = (block: number | string): boolean => {
    const n = typeof block === "number" ? block : Number(BigInt(block));
    if (n <= baseline!) return true;
    const seen = firstSeen.get(n);
    return seen !== undefined && Date.now() - seen >= lagMs;
  };

  const provider: Eip1193Provider = {
    request: async (args) => {
      const head = await observe();
      if (!INDEX_METHODS.has(args.method)) return await inner.request(args);
      switch (args.method) {
        case "eth_blockNumber": {
          let shown = head;
          while (!visible(shown)) shown--;
          if (shown < head) stats.laggedBlockNumbers++;
          return "0x" + shown.toString(16);
        }
        case "eth_getTransactionReceipt": {
          const receipt = (await inner.request(args)) as { blockNumber: string } | null;
          if (receipt !== null && !visible(receipt.blockNumber)) {
            stats.hiddenReceipts++;
            return null;
          }
          return receipt;
        }
        default: {
          const logs = (await inner.request(args)) as { blockNumber: string }[];
          const kept = logs.filter((l) => visible(l.blockNumber));
          stats.hiddenLogs += logs.length - kept.length;
          return kept;
        }
      }
    },
  };
  return { provider, stats };
}
