import { ZeroHash, decodeBytes32String, getAddress, toBeHex, zeroPadValue, type Contract } from "ethers";

import { eip1193Of } from "../chain/eip1193-of.js";
import { forEachLogPage } from "../chain/read-logs.js";

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
  const provider = ticket.runner?.provider;
  if (!provider) throw new TypeError("the ticket contract has no provider");
  const event = ticket.interface.getEvent("CheckedIn")!;
  const address = await ticket.getAddress();
  for (let i = 0; i < tokenIds.length; i += TOPICS_PER_QUERY) {
    const ids = tokenIds.slice(i, i + TOPICS_PER_QUERY).map((id) => zeroPadValue(toBeHex(id), 32));
    await forEachLogPage({
      provider: eip1193Of(provider),
      address,
      topics: [event.topicHash, ids],
      fromBlock,
      onPage: async (logs) => {
        for (const log of logs) {
          const parsed = ticket.interface.parseLog(log);
          if (parsed === null) continue;
          const [tokenId, gate, holder, operator, nonce] = parsed.args as unknown as [
            bigint,
            string,
            string,
            string,
            string,
          ];
          if (found.has(tokenId)) continue; // a ticket is checked in at most once; keep the first regardless
          const blockNumber = Number(BigInt(log.blockNumber));
          let at = timestamps.get(blockNumber);
          if (at === undefined) {
            at = (await provider.getBlock(blockNumber))!.timestamp;
            timestamps.set(blockNumber, at);
          }
          found.set(tokenId, {
            // A one-scan door code names no gate (zero): the gate account that committed it says where.
            gate: gate === ZeroHash ? getAddress(operator) : gateLabel(gate),
            at,
            nonce,
            source: "chain",
            txHash: log.transactionHash,
            blockNumber,
            holder,
            operator,
          });
        }
      },
    });
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
