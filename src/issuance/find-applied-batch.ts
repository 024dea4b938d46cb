import { zeroPadValue, toBeHex, type Interface } from "ethers";

import { rpc, type Eip1193Provider } from "../chain/eip1193.js";
import { readLogs, type RpcLog } from "../chain/read-logs.js";
import { IssuanceConflictError } from "./errors.js";
import type { IssuanceBatch } from "./plan-issuance.js";

/** A transaction receipt as JSON-RPC returns it. */
export interface RpcReceipt {
  transactionHash: string;
  blockNumber: string;
  blockHash: string;
  status: string;
  gasUsed: string;
  effectiveGasPrice?: string;
  from: string;
  to: string | null;
  logs: RpcLog[];
}

/** A batch as the chain recorded it. */
export interface AppliedBatch {
  index: number;
  firstTokenId: bigint;
  count: number;
  hash: string;
  blockNumber: number;
  blockHash: string;
  gasUsed: bigint;
  effectiveGasPrice: bigint;
  /**
   * The recipient of each token, in token-ID order, from the `Transfer(0, to, id)` events (lowercase); once
   * verified equal to the plan's, read from the plan when asked (read it once per use).
   */
  readonly owners: string[];
}

export interface VerifyBatchReceiptParameters {
  iface: Interface;
  contract: string;
  batch: IssuanceBatch;
  receipt: RpcReceipt;
}

/**
 * Reads from a receipt what a batch issued: the `TicketsIssued` event for the batch's first token ID and one
 * `Transfer(0, to, id)` per ticket, and compares the recipients with the plan.
 *
 * @param parameters The receipt and the planned batch.
 * @returns `{ applied }` when the receipt issued exactly the planned tickets; `{ mismatch }` when it issued this
 * token range differently; undefined when it did not issue this batch's range at all (or reverted).
 * @example
 * const result = verifyBatchReceipt({ iface, contract, batch, receipt });
 */
export function verifyBatchReceipt({
  iface,
  contract,
  batch,
  receipt,
}: VerifyBatchReceiptParameters): { applied: AppliedBatch } | { mismatch: string } | undefined {
  if (BigInt(receipt.status) !== 1n) return undefined;
  const address = contract.toLowerCase();
  const issuedTopic = iface.getEvent("TicketsIssued")!.topicHash;
  const transferTopic = iface.getEvent("Transfer")!.topicHash;
  const first = batch.firstTokenId;
  const count = batch.count;
  const planned = batch.recipients;
  let issuedCount: bigint | undefined;
  const owners: (string | undefined)[] = new Array<string | undefined>(count);
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const topic0 = log.topics[0];
    if (topic0 === issuedTopic && log.topics[1] !== undefined && BigInt(log.topics[1]) === first) {
      const parsed = iface.parseLog(log);
      issuedCount = parsed === null ? undefined : (parsed.args[1] as bigint);
    } else if (topic0 === transferTopic && log.topics.length === 4 && BigInt(log.topics[1]!) === 0n) {
      const tokenId = BigInt(log.topics[3]!);
      if (tokenId >= first && tokenId < first + BigInt(count)) {
        owners[Number(tokenId - first)] = "0x" + log.topics[2]!.slice(26).toLowerCase();
      }
    }
  }
  if (issuedCount === undefined) return undefined;
  if (issuedCount !== BigInt(count)) {
    return {
      mismatch: `${receipt.transactionHash} issued ${issuedCount} tickets from ${first}; the plan has ${count}`,
    };
  }
  for (let i = 0; i < count; i++) {
    if (owners[i] !== planned[i]) {
      return {
        mismatch:
          `${receipt.transactionHash}: token ${first + BigInt(i)} went to ${owners[i] ?? "nobody (no Transfer event)"}; ` +
          `the plan has ${planned[i]}`,
      };
    }
  }
  const applied = {
    index: batch.index,
    firstTokenId: first,
    count,
    hash: receipt.transactionHash,
    blockNumber: Number(BigInt(receipt.blockNumber)),
    blockHash: receipt.blockHash,
    gasUsed: BigInt(receipt.gasUsed),
    effectiveGasPrice: BigInt(receipt.effectiveGasPrice ?? "0x0"),
  } as AppliedBatch;
  // The owners were just found equal to the plan's recipients: read from the plan again when asked, rather than
  // kept (a million-ticket airdrop would otherwise hold a string per ticket).
  Object.defineProperty(applied, "owners", { enumerable: true, get: () => batch.recipients });
  return { applied };
}

export interface FindAppliedBatchParameters {
  provider: Eip1193Provider;
  iface: Interface;
  contract: string;
  batch: IssuanceBatch;
  /** Transactions that may have applied it (from the journal), checked first. */
  candidateHashes: readonly string[];
  /** Where to start searching `TicketsIssued` events if no candidate applied it. */
  fromBlock: number;
  /**
   * The last block to search (default: the node's latest). Pass the block whose state showed the batch's tokens
   * issued: a node may serve that state before its own `eth_blockNumber` or log index reaches it.
   */
  toBlock?: number;
}

/**
 * Finds on-chain the transaction that issued a batch's token range and checks it issued exactly the planned
 * recipients: the journal's candidates first, else the `TicketsIssued` event indexed by the first token ID.
 *
 * @param parameters Provider, contract, batch and candidates.
 * @returns The applied batch, or undefined if nothing issued that range as planned (yet, or ever: another
 * transaction issued it, see {@link findTokenMint}).
 * @throws {IssuanceConflictError} when one of the candidates (this batch's own transactions) issued the range to
 * other recipients than planned.
 * @example
 * const applied = await findAppliedBatch({ provider, iface, contract, batch, candidateHashes, fromBlock });
 */
export async function findAppliedBatch({
  provider,
  iface,
  contract,
  batch,
  candidateHashes,
  fromBlock,
  toBlock,
}: FindAppliedBatchParameters): Promise<AppliedBatch | undefined> {
  // One of this batch's own transactions that issued its range otherwise is a conflict; anyone else's issuance
  // at this first token (a claim, another minter) is not this batch: the caller decides what it means.
  const check = (receipt: RpcReceipt | null, own: boolean) => {
    if (receipt === null) return undefined;
    const result = verifyBatchReceipt({ iface, contract, batch, receipt });
    if (result !== undefined && "mismatch" in result) {
      if (!own) return undefined;
      throw new IssuanceConflictError(batch.index, batch.firstTokenId, result.mismatch);
    }
    return result?.applied;
  };
  for (const hash of new Set(candidateHashes)) {
    const applied = check(await rpc<RpcReceipt | null>(provider, "eth_getTransactionReceipt", [hash]), true);
    if (applied !== undefined) return applied;
  }
  const logs = await readLogs({
    provider,
    address: contract,
    topics: [iface.getEvent("TicketsIssued")!.topicHash, zeroPadValue(toBeHex(batch.firstTokenId), 32)],
    fromBlock,
    toBlock,
  });
  for (const log of logs) {
    const applied = check(
      await rpc<RpcReceipt | null>(provider, "eth_getTransactionReceipt", [log.transactionHash]),
      candidateHashes.includes(log.transactionHash),
    );
    if (applied !== undefined) return applied;
  }
  return undefined;
}

/** The transaction that minted one token, as its `Transfer(0, to, tokenId)` event records it. */
export interface TokenMint {
  tokenId: bigint;
  to: string;
  transactionHash: string;
  blockNumber: number;
  /** The receipt of that transaction, or null while the node does not serve it yet. */
  receipt: RpcReceipt | null;
  /** The `TicketsIssued` event of that transaction that covers the token (its batch), if the receipt has one. */
  issued?: { firstTokenId: bigint; count: bigint; operator: string };
}

export interface FindTokenMintParameters {
  provider: Eip1193Provider;
  iface: Interface;
  contract: string;
  tokenId: bigint;
  fromBlock: number;
  toBlock: number;
}

/**
 * Finds who minted a token, whichever batch it was part of: the evidence that tells "this airdrop's own batch,
 * not yet served by the node" from "someone else issued this token" (a claim, another operator's batch).
 *
 * @param parameters Provider, contract, token and block range.
 * @returns The mint (with its transaction's receipt and batch when served), or undefined if no mint event of the
 * token is served in that range.
 * @example
 * const mint = await findTokenMint({ provider, iface, contract, tokenId: 41617n, fromBlock, toBlock: head });
 */
export async function findTokenMint({
  provider,
  iface,
  contract,
  tokenId,
  fromBlock,
  toBlock,
}: FindTokenMintParameters): Promise<TokenMint | undefined> {
  const logs = await readLogs({
    provider,
    address: contract,
    topics: [iface.getEvent("Transfer")!.topicHash, ZERO_TOPIC, null, zeroPadValue(toBeHex(tokenId), 32)],
    fromBlock,
    toBlock,
  });
  const log = logs[0];
  if (log === undefined) return undefined;
  const receipt = await rpc<RpcReceipt | null>(provider, "eth_getTransactionReceipt", [log.transactionHash]);
  const mint: TokenMint = {
    tokenId,
    to: "0x" + log.topics[2]!.slice(26).toLowerCase(),
    transactionHash: log.transactionHash,
    blockNumber: Number(BigInt(log.blockNumber)),
    receipt,
  };
  const issuedTopic = iface.getEvent("TicketsIssued")!.topicHash;
  for (const l of receipt?.logs ?? []) {
    if (l.address.toLowerCase() !== contract.toLowerCase() || l.topics[0] !== issuedTopic) continue;
    const parsed = iface.parseLog(l);
    if (parsed === null) continue;
    const first = parsed.args[0] as bigint;
    const count = parsed.args[1] as bigint;
    if (tokenId >= first && tokenId < first + count) {
      mint.issued = { firstTokenId: first, count, operator: String(parsed.args[2]).toLowerCase() };
    }
  }
  return mint;
}

const ZERO_TOPIC = "0x" + "0".repeat(64);
