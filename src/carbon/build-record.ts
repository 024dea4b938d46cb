import { getAddress, hexlify, isAddress, toUtf8Bytes } from "ethers";

import type { IDonationLedger } from "../../types/ethers-contracts/index.js";
import { canonicalHash } from "./canonical-json.js";
import { InvalidRecipientError } from "./errors.js";
import type { IssuanceTransaction } from "./read-issuance.js";
import { BASES, type DonationQuote } from "./types.js";

/** Who receives the donation. */
export interface DonationRecipient {
  name: string;
  /** Registry identifier, e.g. `CN-USCC:…` (may be empty). */
  registryId: string;
  /** Address for on-chain payment, or the zero address / empty when paid off-chain. */
  account: string;
}

export interface BuildDonationRecordParameters {
  quote: DonationQuote;
  chainId: bigint;
  ticketAddress: string;
  snapshotBlock: number;
  transactions: IssuanceTransaction[];
  methodologyHash: string;
  methodologyURI: string;
  recipient: DonationRecipient;
  /** Where the recipient came from, for error messages. */
  recipientSource?: string;
}

/** The exact inputs of a record, hashed into `inputsHash` (big numbers as decimal strings). */
export interface DonationInputs {
  schema: "papercut-tickets/donation-inputs/1";
  chainId: string;
  ticket: string;
  snapshotBlock: number;
  basis: DonationQuote["basis"];
  ticketCount: string;
  issuanceGasUsed: string;
  issuanceTransactions: string[];
  methodologyHash: string;
}

export interface BuildDonationRecordReturnType {
  record: IDonationLedger.DonationRecordStruct;
  inputs: DonationInputs;
  inputsHash: string;
}

/**
 * Turns a quote computed from the chain into the ledger's record, with the hash of its exact inputs
 * (chain, ticket contract, snapshot block, basis, ticket count, issuance gas and transactions, methodology
 * hash) so that an auditor can rebuild and compare them.
 *
 * @param parameters The quote and its evidence.
 * @returns The record to submit, the inputs and their hash.
 * @throws InvalidRecipientError for a recipient without a name or with a malformed address.
 * @example
 * const { record } = buildDonationRecord({ quote, chainId, ticketAddress, snapshotBlock, transactions, methodologyHash, methodologyURI, recipient });
 */
export function buildDonationRecord({
  quote,
  chainId,
  ticketAddress,
  snapshotBlock,
  transactions,
  methodologyHash,
  methodologyURI,
  recipient,
  recipientSource = "recipient",
}: BuildDonationRecordParameters): BuildDonationRecordReturnType {
  const name = recipient.name.trim();
  if (name === "") throw new InvalidRecipientError("name", recipient.name, recipientSource);
  const account = recipient.account === "" ? "0x0000000000000000000000000000000000000000" : recipient.account;
  if (!isAddress(account)) throw new InvalidRecipientError("account", recipient.account, recipientSource);

  const inputs = donationInputs({
    chainId,
    ticketAddress,
    snapshotBlock,
    basis: quote.basis,
    ticketCount: quote.tickets,
    issuanceGasUsed: quote.issuanceGasUsed,
    transactions: transactions.map((t) => t.hash),
    methodologyHash,
  });
  const inputsHash = canonicalHash(inputs);
  const record: IDonationLedger.DonationRecordStruct = {
    basis: BASES.indexOf(quote.basis),
    ticketCount: quote.tickets,
    snapshotBlock: BigInt(snapshotBlock),
    issuanceGasUsed: quote.issuanceGasUsed,
    avoidedGrams: quote.avoidedGrams,
    digitalGrams: quote.digitalGrams,
    netGrams: quote.netGrams,
    currency: hexlify(toUtf8Bytes(quote.currency)),
    currencyExponent: quote.currencyExponent,
    rate: quote.rate,
    amountMinor: quote.amountMinor,
    methodologyHash,
    inputsHash,
    methodologyURI,
    recipient: { name, registryId: recipient.registryId.trim(), account: getAddress(account) },
  };
  return { record, inputs, inputsHash };
}

/**
 * The inputs object of a record (what `inputsHash` is the canonical SHA-256 of).
 *
 * @param parameters The record's evidence.
 * @returns The inputs, ready for {@link canonicalHash}.
 * @example
 * canonicalHash(donationInputs({ chainId: 31337n, ticketAddress, snapshotBlock: 12, basis: "CARBON_PRICE", ticketCount: 5n, issuanceGasUsed: 1n, transactions: [], methodologyHash }));
 */
export function donationInputs(p: {
  chainId: bigint;
  ticketAddress: string;
  snapshotBlock: number;
  basis: DonationQuote["basis"];
  ticketCount: bigint;
  issuanceGasUsed: bigint;
  transactions: string[];
  methodologyHash: string;
}): DonationInputs {
  return {
    schema: "papercut-tickets/donation-inputs/1",
    chainId: p.chainId.toString(),
    ticket: getAddress(p.ticketAddress),
    snapshotBlock: p.snapshotBlock,
    basis: p.basis,
    ticketCount: p.ticketCount.toString(),
    issuanceGasUsed: p.issuanceGasUsed.toString(),
    issuanceTransactions: p.transactions.map((h) => h.toLowerCase()),
    methodologyHash: p.methodologyHash.toLowerCase(),
  };
}
