import { getAddress, type Provider } from "ethers";

import type { DonationLedger, PapercutTicket } from "../../types/ethers-contracts/index.js";
import { compareDonation, type FieldMismatch } from "./compare-donation.js";
import { DonationChainError } from "./errors.js";
import { readDonations, type OnChainDonation } from "./read-donations.js";
import { readIssuance, type ReadIssuanceReturnType } from "./read-issuance.js";
import type { DonationQuote, Methodology } from "./types.js";

export interface VerifyDonationsParameters {
  ledger: DonationLedger;
  ticket: PapercutTicket;
  provider: Provider;
  chainId: bigint;
  /** The local methodology and its canonical hash. */
  methodology: Methodology;
  methodologyHash: string;
  /** Only this donation; default: every donation. */
  id?: bigint | undefined;
  /** First block to scan for issuance events; default 0. */
  fromBlock?: number | undefined;
}

export type { FieldMismatch } from "./compare-donation.js";

/** The audit of one donation. */
export interface DonationVerification {
  id: bigint;
  /** `match`: every field recomputes; `mismatch`: some do not; `methodology-mismatch`: the local methodology is another one. */
  status: "match" | "mismatch" | "methodology-mismatch";
  superseded: boolean;
  settled: boolean;
  mismatches: FieldMismatch[];
  donation: OnChainDonation;
  /** The recomputation from the chain's issuance and the local methodology (absent on a methodology mismatch). */
  recomputed?: DonationQuote | undefined;
}

export interface VerifyDonationsReturnType {
  ledger: string;
  ticket: string;
  methodologyHash: string;
  results: DonationVerification[];
  /** Whether every donation checked matches. */
  allMatch: boolean;
}

/**
 * Audits the ledger: reads every donation (or one), checks that it was computed with the local methodology
 * (by hash), re-reads the ticket count and issuance gas from the chain at the record's snapshot block,
 * recomputes the donation and its inputs hash, and reports field by field whether they match.
 *
 * @param parameters The ledger, ticket contract, provider and local methodology.
 * @returns One result per donation.
 * @throws DonationChainError when the ledger belongs to another ticket contract.
 * @example
 * const { allMatch, results } = await verifyDonations({ ledger, ticket, provider, chainId, methodology, methodologyHash });
 */
export async function verifyDonations({
  ledger,
  ticket,
  provider,
  chainId,
  methodology,
  methodologyHash,
  id,
  fromBlock,
}: VerifyDonationsParameters): Promise<VerifyDonationsReturnType> {
  const ledgerAddress = await ledger.getAddress();
  const ticketAddress = await ticket.getAddress();
  const ledgerTicket = await ledger.ticket();
  if (getAddress(ledgerTicket) !== getAddress(ticketAddress)) {
    throw new DonationChainError(
      `ledger ${ledgerAddress} records donations of ticket contract ${ledgerTicket}, not ${ticketAddress}`,
    );
  }
  const issuanceAt = new Map<number, Promise<ReadIssuanceReturnType>>();
  const results: DonationVerification[] = [];
  for (const donation of await readDonations({ ledger, id })) {
    const base = {
      id: donation.id,
      superseded: donation.supersededBy !== 0n,
      settled: donation.settlement !== undefined,
      donation,
    };
    if (donation.methodologyHash.toLowerCase() !== methodologyHash.toLowerCase()) {
      results.push({
        ...base,
        status: "methodology-mismatch",
        mismatches: [
          { field: "methodologyHash", onChain: donation.methodologyHash, recomputed: methodologyHash },
        ],
      });
      continue;
    }
    let issuance = issuanceAt.get(donation.snapshotBlock);
    if (issuance === undefined) {
      issuance = readIssuance({ ticket, provider, toBlock: donation.snapshotBlock, fromBlock });
      issuanceAt.set(donation.snapshotBlock, issuance);
    }
    const { mismatches, recomputed: quote } = compareDonation({
      donation,
      methodology,
      methodologyHash,
      chainId,
      ticketAddress,
      issuance: await issuance,
    });
    results.push({
      ...base,
      status: mismatches.length === 0 ? "match" : "mismatch",
      mismatches,
      recomputed: quote,
    });
  }
  return {
    ledger: ledgerAddress,
    ticket: ticketAddress,
    methodologyHash,
    results,
    allMatch: results.every((r) => r.status === "match"),
  };
}
