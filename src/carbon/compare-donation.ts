import { donationInputs } from "./build-record.js";
import { canonicalHash } from "./canonical-json.js";
import { computeDonation } from "./compute-donation.js";
import type { OnChainDonation } from "./read-donations.js";
import type { ReadIssuanceReturnType } from "./read-issuance.js";
import type { DonationQuote, Methodology } from "./types.js";

/** One field whose on-chain value differs from the recomputed one. */
export interface FieldMismatch {
  field: string;
  onChain: string;
  recomputed: string;
}

export interface CompareDonationParameters {
  /** The record as read from the ledger. */
  donation: OnChainDonation;
  /** The methodology to recompute with, and its canonical hash. */
  methodology: Methodology;
  methodologyHash: string;
  chainId: bigint;
  /** The ticket contract the ledger belongs to. */
  ticketAddress: string;
  /** The chain's issuance up to the record's snapshot block ({@link readIssuance}). */
  issuance: Pick<ReadIssuanceReturnType, "ticketCount" | "gasUsed" | "transactions">;
}

export interface CompareDonationReturnType {
  /** The fields that differ, in the record's order (empty: the record recomputes exactly). */
  mismatches: FieldMismatch[];
  /** The recomputation. */
  recomputed: DonationQuote;
}

/**
 * Recomputes one on-chain donation record from a methodology and the chain's issuance, and compares it field
 * by field (ticket count, issuance gas, grams, currency, rate, amount, and the hash of the record's inputs).
 * Pure and browser-safe: `tickets donation verify` and the event page's "Verify" button both use it. It does
 * not compare the methodology hash itself: callers decide what a different methodology means.
 *
 * @param parameters The record, the methodology and the issuance read from the chain.
 * @returns The differing fields and the recomputed quote.
 * @example
 * const { mismatches } = compareDonation({ donation, methodology, methodologyHash, chainId, ticketAddress, issuance });
 */
export function compareDonation({
  donation,
  methodology,
  methodologyHash,
  chainId,
  ticketAddress,
  issuance,
}: CompareDonationParameters): CompareDonationReturnType {
  const quote = computeDonation({
    methodology,
    basis: donation.basis,
    tickets: issuance.ticketCount,
    issuanceGasUsed: issuance.gasUsed,
  });
  const inputsHash = canonicalHash(
    donationInputs({
      chainId,
      ticketAddress,
      snapshotBlock: donation.snapshotBlock,
      basis: donation.basis,
      ticketCount: issuance.ticketCount,
      issuanceGasUsed: issuance.gasUsed,
      transactions: issuance.transactions.map((t) => t.hash),
      methodologyHash,
    }),
  );
  const pairs: [string, unknown, unknown][] = [
    ["ticketCount", donation.ticketCount, quote.tickets],
    ["issuanceGasUsed", donation.issuanceGasUsed, quote.issuanceGasUsed],
    ["avoidedGrams", donation.avoidedGrams, quote.avoidedGrams],
    ["digitalGrams", donation.digitalGrams, quote.digitalGrams],
    ["netGrams", donation.netGrams, quote.netGrams],
    ["currency", donation.currency, quote.currency],
    ["currencyExponent", donation.currencyExponent, quote.currencyExponent],
    ["rate", donation.rate, quote.rate],
    ["amountMinor", donation.amountMinor, quote.amountMinor],
    ["inputsHash", donation.inputsHash.toLowerCase(), inputsHash],
  ];
  const mismatches = pairs
    .filter(([, a, b]) => String(a) !== String(b))
    .map(([field, a, b]) => ({ field, onChain: String(a), recomputed: String(b) }));
  return { mismatches, recomputed: quote };
}
