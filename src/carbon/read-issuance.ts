import type { Provider } from "ethers";

import { eip1193Of } from "../chain/eip1193-of.js";
import { forEachLogPage } from "../chain/read-logs.js";
import type { PapercutTicket } from "../../types/ethers-contracts/index.js";
import { DonationChainError } from "./errors.js";

export interface ReadIssuanceParameters {
  ticket: PapercutTicket;
  provider: Provider;
  /** Last block to include (the snapshot); defaults to the latest block. */
  toBlock?: number | undefined;
  /** First block to scan (the ticket's deployment block, if known); defaults to 0. */
  fromBlock?: number | undefined;
  /** Blocks per log query, for RPC providers that limit ranges; default 50,000. */
  step?: number | undefined;
  /**
   * How long to wait when the events or receipts the node serves fall short of `totalMinted()` at the snapshot
   * block (a node can serve state before its logs); default 30 s.
   */
  settleTimeoutMs?: number | undefined;
  /** How often to read again while waiting; default 1,000 ms. */
  pollIntervalMs?: number | undefined;
}

/** One issuance transaction: it emitted one or more `TicketsIssued` events. */
export interface IssuanceTransaction {
  hash: string;
  blockNumber: number;
  /** Tickets it issued (sum of its events' counts). */
  tickets: bigint;
  gasUsed: bigint;
}

export interface ReadIssuanceReturnType {
  /** Tickets issued up to the snapshot block (sum of the `TicketsIssued` counts). */
  ticketCount: bigint;
  /** Sum of `gasUsed` of the transactions that emitted `TicketsIssued`, up to the snapshot block. */
  gasUsed: bigint;
  snapshotBlock: number;
  transactions: IssuanceTransaction[];
}

/**
 * Reads from the chain how many tickets were issued and the gas their issuance actually used: every
 * `TicketsIssued` event up to the snapshot block, and the receipts of the transactions that emitted them.
 * Needs only logs and receipts (no archive state). When `totalMinted()` can be read at the snapshot block it
 * must agree with the events; while the node serves fewer events or receipts than that state (its indexes trail
 * its state) it reads again, up to `settleTimeoutMs`, before calling it a disagreement.
 *
 * @param parameters The ticket contract, a provider and the block range.
 * @returns Ticket count, gas used, snapshot block and the transactions.
 * @throws DonationChainError when the events and `totalMinted()` disagree.
 * @example
 * const issuance = await readIssuance({ ticket, provider: ethers.provider });
 */
export async function readIssuance({
  ticket,
  provider,
  toBlock,
  fromBlock = 0,
  step = 50_000,
  settleTimeoutMs = 30_000,
  pollIntervalMs = 1_000,
}: ReadIssuanceParameters): Promise<ReadIssuanceReturnType> {
  const snapshotBlock = toBlock ?? (await provider.getBlockNumber());
  let minted: bigint | undefined;
  try {
    minted = await ticket.totalMinted({ blockTag: snapshotBlock });
  } catch {
    minted = undefined; // the node keeps no state that old: the events alone are the evidence
  }
  const started = Date.now();
  for (;;) {
    const read = await readIssuanceEvents(ticket, provider, fromBlock, snapshotBlock, step);
    // Fewer events than the state at the same block, or a receipt not served: a node can serve a block's state
    // before its logs and receipts, so wait (bounded) before calling it a disagreement.
    const behind = read.missingReceipt !== undefined || (minted !== undefined && minted > read.ticketCount);
    if (behind && Date.now() - started < settleTimeoutMs) {
      await new Promise((resolve) => setTimeout(resolve, pollIntervalMs));
      continue;
    }
    const waited = behind
      ? ` (after waiting ${Math.round((Date.now() - started) / 1000)} s for the node)`
      : "";
    if (read.missingReceipt !== undefined) {
      throw new DonationChainError(`no receipt for issuance transaction ${read.missingReceipt}${waited}`);
    }
    if (minted !== undefined && minted !== read.ticketCount) {
      throw new DonationChainError(
        `ticket contract ${await ticket.getAddress()}: ${read.ticketCount} tickets in TicketsIssued events but totalMinted() = ${minted} at block ${snapshotBlock}${waited}`,
        { details: "scan from an earlier --from-block (the ticket's deployment block or 0)" },
      );
    }
    const { ticketCount, gasUsed, transactions } = read;
    return { ticketCount, gasUsed, snapshotBlock, transactions };
  }
}

/** The `TicketsIssued` events up to a block and their transactions' receipts, as the node serves them now. */
async function readIssuanceEvents(
  ticket: PapercutTicket,
  provider: Provider,
  fromBlock: number,
  snapshotBlock: number,
  step: number,
): Promise<{
  ticketCount: bigint;
  gasUsed: bigint;
  transactions: IssuanceTransaction[];
  missingReceipt?: string;
}> {
  const event = ticket.interface.getEvent("TicketsIssued");
  const byHash = new Map<string, IssuanceTransaction>();
  // One event per airdrop batch (about 800 for a million tickets), read in pages sized to the node's limits.
  await forEachLogPage({
    provider: eip1193Of(provider),
    address: await ticket.getAddress(),
    topics: [event.topicHash],
    fromBlock,
    toBlock: snapshotBlock,
    maxRange: step,
    onPage: (logs) => {
      for (const log of logs) {
        const parsed = ticket.interface.parseLog(log);
        if (parsed === null) continue;
        const entry = byHash.get(log.transactionHash) ?? {
          hash: log.transactionHash,
          blockNumber: Number(BigInt(log.blockNumber)),
          tickets: 0n,
          gasUsed: 0n,
        };
        entry.tickets += parsed.args.getValue("count") as bigint;
        byHash.set(log.transactionHash, entry);
      }
    },
  });
  const transactions = [...byHash.values()];
  for (const tx of transactions) {
    const receipt = await provider.getTransactionReceipt(tx.hash);
    if (receipt === null) return { ticketCount: 0n, gasUsed: 0n, transactions: [], missingReceipt: tx.hash };
    tx.gasUsed = receipt.gasUsed;
    tx.blockNumber = receipt.blockNumber;
  }
  transactions.sort((a, b) => a.blockNumber - b.blockNumber || (a.hash < b.hash ? -1 : 1));
  const ticketCount = transactions.reduce((s, t) => s + t.tickets, 0n);
  const gasUsed = transactions.reduce((s, t) => s + t.gasUsed, 0n);
  return { ticketCount, gasUsed, transactions };
}
