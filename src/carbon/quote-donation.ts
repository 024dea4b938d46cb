import type { Provider } from "ethers";

import type { PapercutTicket } from "../../types/ethers-contracts/index.js";
import { computeDonation } from "./compute-donation.js";
import { readIssuance, type ReadIssuanceReturnType } from "./read-issuance.js";
import { BASES, type Basis, type DonationQuote, type Methodology } from "./types.js";

/** A quote for a ticket count given by hand; the issuance gas is estimated from the methodology. */
export interface OfflineQuoteSource {
  kind: "offline";
  tickets: bigint;
}

/** A quote from the chain: the ticket count and the gas their issuance used, read from the ticket contract. */
export interface ChainQuoteSource {
  kind: "chain";
  ticket: PapercutTicket;
  provider: Provider;
  /** First block to scan (the ticket's deployment block, if known); default 0. */
  fromBlock?: number | undefined;
}

export type DonationQuoteSource = OfflineQuoteSource | ChainQuoteSource;

export interface QuoteDonationParameters<S extends DonationQuoteSource = DonationQuoteSource> {
  methodology: Methodology;
  source: S;
  /** The bases to quote, in this order; default both. */
  bases?: readonly Basis[];
}

export interface QuoteDonationReturnType<S extends DonationQuoteSource = DonationQuoteSource> {
  /** One quote per basis, in the order asked. */
  quotes: DonationQuote[];
  /** What was read from the chain (a chain source only). */
  issuance: S extends ChainQuoteSource ? ReadIssuanceReturnType : undefined;
}

/**
 * The quote workflow, once for `tickets donation quote` and the record workflow: reads the issuance from the
 * chain when asked (`readIssuance`), then computes the donation under each basis (`computeDonation`).
 *
 * @param parameters The methodology, where the ticket count comes from, and the bases.
 * @returns The quotes and, from the chain, the issuance they were computed from.
 * @throws DonationChainError when the chain's issuance events and `totalMinted()` disagree.
 * @example
 * const { quotes, issuance } = await quoteDonation({ methodology, source: { kind: "chain", ticket, provider } });
 */
export async function quoteDonation<S extends DonationQuoteSource>({
  methodology,
  source,
  bases = BASES,
}: QuoteDonationParameters<S>): Promise<QuoteDonationReturnType<S>> {
  let issuance: ReadIssuanceReturnType | undefined;
  let tickets: bigint;
  if (source.kind === "chain") {
    const { ticket, provider, fromBlock } = source;
    issuance = await readIssuance({ ticket, provider, fromBlock });
    tickets = issuance.ticketCount;
  } else {
    tickets = source.tickets;
  }
  const quotes = bases.map((basis) =>
    computeDonation({ methodology, basis, tickets, issuanceGasUsed: issuance?.gasUsed }),
  );
  return { quotes, issuance } as QuoteDonationReturnType<S>;
}
