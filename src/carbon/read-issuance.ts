import type { Provider } from "ethers";

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
 * must agree with the events.
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
}: ReadIssuanceParameters): Promise<ReadIssuanceReturnType> {
  const snapshotBlock = toBlock ?? (await provider.getBlockNumber());
  const filter = ticket.filters.TicketsIssued();
  const byHash = new Map<string, IssuanceTransaction>();
  for (let start = fromBlock; start <= snapshotBlock; start += step) {
    const end = Math.min(snapshotBlock, start + step - 1);
    for (const log of await ticket.queryFilter(filter, start, end)) {
      const entry = byHash.get(log.transactionHash) ?? {
        hash: log.transactionHash,
        blockNumber: log.blockNumber,
        tickets: 0n,
        gasUsed: 0n,
      };
      entry.tickets += log.args.count;
      byHash.set(log.transactionHash, entry);
    }
  }
  const transactions = [...byHash.values()];
  for (const tx of transactions) {
    const receipt = await provider.getTransactionReceipt(tx.hash);
    if (receipt === null) throw new DonationChainError(`no receipt for issuance transaction ${tx.hash}`);
    tx.gasUsed = receipt.gasUsed;
    tx.blockNumber = receipt.blockNumber;
  }
  transactions.sort((a, b) => a.blockNumber - b.blockNumber || (a.hash < b.hash ? -1 : 1));
  const ticketCount = transactions.reduce((s, t) => s + t.tickets, 0n);
  const gasUsed = transactions.reduce((s, t) => s + t.gasUsed, 0n);

  let minted: bigint | undefined;
  try {
    minted = await ticket.totalMinted({ blockTag: snapshotBlock });
  } catch {
    minted = undefined; // the node keeps no state that old: the events alone are the evidence
  }
  if (minted !== undefined && minted !== ticketCount) {
    throw new DonationChainError(
      `ticket contract ${await ticket.getAddress()}: ${ticketCount} tickets in TicketsIssued events but totalMinted() = ${minted} at block ${snapshotBlock}`,
      { details: "scan from an earlier --from-block (the ticket's deployment block or 0)" },
    );
  }
  return { ticketCount, gasUsed, snapshotBlock, transactions };
}
