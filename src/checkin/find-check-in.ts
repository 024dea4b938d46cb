import { decodeBytes32String, type Contract } from "ethers";

import type { FirstAdmission } from "./errors.js";

/** A check-in as the chain recorded it. */
export interface ChainCheckIn extends FirstAdmission {
  source: "chain";
  txHash: string;
  blockNumber: number;
  holder: string;
  operator: string;
}

export interface FindCheckInsParameters {
  /** The ticket contract (see `ticketLifecycleContract`); any runner with a provider. */
  ticket: Contract;
  tokenIds: readonly bigint[];
  /** The first block to search (the ticket's deployment block on chains that limit log ranges); default 0. */
  fromBlock?: number;
}

/** Token IDs per `eth_getLogs` topic filter. */
const TOPICS_PER_QUERY = 100;

/**
 * Reads from the chain where and when tickets were checked in: their `CheckedIn` events, and the timestamps of
 * those events' blocks.
 *
 * @param parameters The ticket contract and tokens.
 * @returns A map from token ID to its check-in; tickets never checked in are absent.
 * @example
 * const found = await findCheckIns({ ticket, tokenIds: [7n, 8n] });
 * found.get(7n); // { gate: "NORTH-1", at: 1767225600, … }
 */
export async function findCheckIns({
  ticket,
  tokenIds,
  fromBlock = 0,
}: FindCheckInsParameters): Promise<Map<bigint, ChainCheckIn>> {
  const found = new Map<bigint, ChainCheckIn>();
  const timestamps = new Map<number, number>();
  for (let i = 0; i < tokenIds.length; i += TOPICS_PER_QUERY) {
    const ids = tokenIds.slice(i, i + TOPICS_PER_QUERY);
    const logs = await ticket.queryFilter(ticket.filters.CheckedIn!(ids), fromBlock);
    for (const log of logs) {
      if (!("args" in log)) continue;
      const [tokenId, gate, holder, operator, nonce] = log.args as unknown as [
        bigint,
        string,
        string,
        string,
        string,
      ];
      if (found.has(tokenId)) continue; // a ticket is checked in at most once; keep the first regardless
      let at = timestamps.get(log.blockNumber);
      if (at === undefined) {
        const block = await log.getBlock();
        at = block.timestamp;
        timestamps.set(log.blockNumber, at);
      }
      found.set(tokenId, {
        gate: gateLabel(gate),
        at,
        nonce,
        source: "chain",
        txHash: log.transactionHash,
        blockNumber: log.blockNumber,
        holder,
        operator,
      });
    }
  }
  return found;
}

export interface FindCheckInParameters {
  ticket: Contract;
  tokenId: bigint;
  fromBlock?: number;
}

/**
 * Reads from the chain where and when one ticket was checked in (see {@link findCheckIns}).
 *
 * @param parameters The ticket contract and token.
 * @returns The check-in, or undefined if the ticket was never checked in.
 * @example
 * const first = await findCheckIn({ ticket, tokenId: 7n });
 */
export async function findCheckIn({
  ticket,
  tokenId,
  fromBlock,
}: FindCheckInParameters): Promise<ChainCheckIn | undefined> {
  return (await findCheckIns({ ticket, tokenIds: [tokenId], fromBlock })).get(tokenId);
}

/** A gate id from its bytes32 form (hex when it is not a short string). */
function gateLabel(gate: string): string {
  try {
    return decodeBytes32String(gate);
  } catch {
    return gate;
  }
}
