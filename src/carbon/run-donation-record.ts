import type { Provider, Signer } from "ethers";

import type { DonationLedger, PapercutTicket } from "../../types/ethers-contracts/index.js";
import {
  buildDonationRecord,
  type BuildDonationRecordReturnType,
  type DonationRecipient,
} from "./build-record.js";
import { quoteDonation } from "./quote-donation.js";
import type { ReadIssuanceReturnType } from "./read-issuance.js";
import { recordDonation, type RecordDonationReturnType } from "./record-donation.js";
import { requireTreasurer } from "./require-treasurer.js";
import type { Basis, DonationQuote, Methodology } from "./types.js";

export interface RunDonationRecordParameters {
  /** The ledger (any runner: the record is sent by `signer`). */
  ledger: DonationLedger;
  ticket: PapercutTicket;
  provider: Provider;
  chainId: bigint;
  /** The treasurer who sends the record. */
  signer: Signer;
  /** The local methodology and its canonical hash. */
  methodology: Methodology;
  methodologyHash: string;
  /** Where the methodology is published (recorded on the ledger). */
  methodologyURI: string;
  /** Default `CARBON_PRICE`. */
  basis?: Basis;
  recipient: DonationRecipient;
  /** Where the recipient came from, for error messages. */
  recipientSource?: string;
  /** When set, the record supersedes (corrects) this donation id instead of adding a new donation. */
  supersedes?: bigint | undefined;
  /** First block to scan for issuance events (the ticket's deployment block, if known); default 0. */
  fromBlock?: number | undefined;
  /** Told what will be recorded, before anything is sent. */
  onPlan?: (plan: DonationRecordPlan) => void;
  /** Asked before the record is sent; throw to cancel (nothing is sent then). */
  confirm?: (plan: DonationRecordPlan) => Promise<void>;
}

/** What the record workflow will send, and the evidence it was computed from. */
export interface DonationRecordPlan extends BuildDonationRecordReturnType {
  /** The ledger's address. */
  ledger: string;
  /** The sending treasurer's address. */
  sender: string;
  issuance: ReadIssuanceReturnType;
  quote: DonationQuote;
}

export type RunDonationRecordReturnType = DonationRecordPlan & RecordDonationReturnType;

/**
 * The record workflow, once for `tickets donation record` and the demo: refuses an account without the
 * treasurer role; reads the issuance from the chain and computes the donation (`quoteDonation`); builds the
 * record with the hash of its inputs (`buildDonationRecord`); shows it and asks; sends it (`recordDonation`).
 *
 * @param parameters Ledger, ticket contract, provider, treasurer, methodology, recipient and callbacks.
 * @returns The plan (issuance, quote, record, inputs hash) and the new donation id with its transaction.
 * @throws DonationChainError without the treasurer role or when the chain's issuance disagrees with itself.
 * @throws InvalidRecipientError for a recipient without a name or with a malformed address (nothing is sent).
 * @example
 * const { id, quote } = await runDonationRecord({ ledger, ticket, provider, chainId, signer, methodology, methodologyHash, methodologyURI, recipient });
 */
export async function runDonationRecord({
  ledger,
  ticket,
  provider,
  chainId,
  signer,
  methodology,
  methodologyHash,
  methodologyURI,
  basis = "CARBON_PRICE",
  recipient,
  recipientSource,
  supersedes,
  fromBlock,
  onPlan,
  confirm,
}: RunDonationRecordParameters): Promise<RunDonationRecordReturnType> {
  const sender = await signer.getAddress();
  await requireTreasurer({ ledger, account: sender, consequence: "nothing recorded" });
  const { quotes, issuance } = await quoteDonation({
    methodology,
    source: { kind: "chain", ticket, provider, fromBlock },
    bases: [basis],
  });
  const quote = quotes[0]!;
  const built = buildDonationRecord({
    quote,
    chainId,
    ticketAddress: await ticket.getAddress(),
    snapshotBlock: issuance.snapshotBlock,
    transactions: issuance.transactions,
    methodologyHash,
    methodologyURI,
    recipient,
    recipientSource,
  });
  const plan: DonationRecordPlan = { ...built, ledger: await ledger.getAddress(), sender, issuance, quote };
  onPlan?.(plan);
  await confirm?.(plan);
  const recorded = await recordDonation({ ledger: ledger.connect(signer), record: plan.record, supersedes });
  return { ...plan, ...recorded };
}
