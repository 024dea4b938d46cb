import { toUtf8String } from "ethers";

import type { DonationLedger } from "../../types/ethers-contracts/index.js";
import { BASES, type Basis } from "./types.js";

/** A donation as read from the ledger, in plain values. */
export interface OnChainDonation {
  id: bigint;
  basis: Basis;
  ticketCount: bigint;
  snapshotBlock: number;
  issuanceGasUsed: bigint;
  avoidedGrams: bigint;
  digitalGrams: bigint;
  netGrams: bigint;
  currency: string;
  currencyExponent: number;
  rate: bigint;
  amountMinor: bigint;
  methodologyHash: string;
  inputsHash: string;
  methodologyURI: string;
  recipient: { name: string; registryId: string; account: string };
  supersedes: bigint;
  supersededBy: bigint;
  recordedAt: bigint;
  recordedBy: string;
  settlement:
    | {
        receiptHash: string;
        paymentRef: string;
        paidWei: bigint;
        settledAt: bigint;
        settledBy: string;
        receiptURI: string;
      }
    | undefined;
}

export interface ReadDonationsParameters {
  ledger: DonationLedger;
  /** Only this donation; default: all of them. */
  id?: bigint | undefined;
  /** Donations per call when reading all; default 50. */
  pageSize?: bigint;
}

/**
 * Reads donations from the ledger (all of them page by page, or one). Browser-safe: the event page passes an
 * ethers `Contract` with the ledger's ABI.
 *
 * @param parameters The ledger and an optional id.
 * @returns The donations in id order.
 * @throws The ledger's `DonationUnknown` (as an ethers error) for an id it does not have.
 * @example
 * const donations = await readDonations({ ledger });
 */
export async function readDonations({
  ledger,
  id,
  pageSize = 50n,
}: ReadDonationsParameters): Promise<OnChainDonation[]> {
  if (id !== undefined) return [decode(id, await ledger.donation(id))];
  const count = await ledger.donationCount();
  const out: OnChainDonation[] = [];
  for (let from = 1n; from <= count; from += pageSize) {
    const page = await ledger.donations(from, pageSize);
    page.forEach((d, i) => out.push(decode(from + BigInt(i), d)));
  }
  return out;
}

type Raw = Awaited<ReturnType<DonationLedger["donation"]>>;

function decode(id: bigint, d: Raw): OnChainDonation {
  const r = d.record;
  const s = d.settlement;
  return {
    id,
    basis: BASES[Number(r.basis)] ?? "CARBON_PRICE",
    ticketCount: r.ticketCount,
    snapshotBlock: Number(r.snapshotBlock),
    issuanceGasUsed: r.issuanceGasUsed,
    avoidedGrams: r.avoidedGrams,
    digitalGrams: r.digitalGrams,
    netGrams: r.netGrams,
    currency: toUtf8String(r.currency),
    currencyExponent: Number(r.currencyExponent),
    rate: r.rate,
    amountMinor: r.amountMinor,
    methodologyHash: r.methodologyHash,
    inputsHash: r.inputsHash,
    methodologyURI: r.methodologyURI,
    recipient: { name: r.recipient.name, registryId: r.recipient.registryId, account: r.recipient.account },
    supersedes: d.supersedes,
    supersededBy: d.supersededBy,
    recordedAt: d.recordedAt,
    recordedBy: d.recordedBy,
    settlement:
      s.settledAt === 0n
        ? undefined
        : {
            receiptHash: s.receiptHash,
            paymentRef: s.paymentRef,
            paidWei: s.paidWei,
            settledAt: s.settledAt,
            settledBy: s.settledBy,
            receiptURI: s.receiptURI,
          },
  };
}
