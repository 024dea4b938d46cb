import { rpc, toQuantity, type Eip1193Provider } from "./eip1193.js";
import { isTransientRpcError } from "./resilient-provider.js";

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
  /** Largest block range per request; ranges the node refuses are halved. Default 50,000. */
  maxRange?: number;
}

/**
 * Reads logs over a block range in chunks, halving a chunk whenever the node refuses it (too many results,
 * range too wide), so it works on public RPC endpoints as well as local nodes.
 *
 * @param parameters The filter and range.
 * @returns The logs, in chain order.
 * @example
 * const logs = await readLogs({ provider, address, topics: [transferTopic, zeroTopic], fromBlock: 0 });
 */
export async function readLogs({
  provider,
  address,
  topics,
  fromBlock,
  toBlock,
  maxRange = 50_000,
}: ReadLogsParameters): Promise<RpcLog[]> {
  const last = toBlock ?? Number(BigInt(await rpc<string>(provider, "eth_blockNumber")));
  const out: RpcLog[] = [];
  const read = async (from: number, to: number): Promise<void> => {
    try {
      const logs = await rpc<RpcLog[]>(provider, "eth_getLogs", [
        { address, topics, fromBlock: toQuantity(from), toBlock: toQuantity(to) },
      ]);
      out.push(...logs.filter((l) => l.removed !== true));
    } catch (error) {
      if (isTransientRpcError(error) || from === to) throw error;
      const mid = Math.floor((from + to) / 2);
      await read(from, mid);
      await read(mid + 1, to);
    }
  };
  for (let from = fromBlock; from <= last; from += maxRange) {
    await read(from, Math.min(last, from + maxRange - 1));
  }
  return out;
}
