import type { Signer } from "ethers";

import type { DonationLedger } from "../../types/ethers-contracts/index.js";
import { DonationChainError } from "./errors.js";
import { readDonations, type OnChainDonation } from "./read-donations.js";
import { requireTreasurer } from "./require-treasurer.js";
import {
  paymentReference,
  settleDonation,
  sha256File,
  type SettleDonationParameters,
  type SettleDonationReturnType,
} from "./settle-donation.js";

export interface RunDonationSettleParameters extends Omit<SettleDonationParameters, "ledger"> {
  /** The ledger (any runner: the settlement is sent by `signer`). */
  ledger: DonationLedger;
  /** The treasurer who sends the settlement. */
  signer: Signer;
  /** Told what will be settled, before anything is sent. */
  onPlan?: (plan: DonationSettlePlan) => void;
  /** Asked before the settlement is sent; throw to cancel (nothing is sent then). */
  confirm?: (plan: DonationSettlePlan) => Promise<void>;
}

/** What the settle workflow will send. */
export interface DonationSettlePlan {
  /** The ledger's address. */
  ledger: string;
  /** The sending treasurer's address. */
  sender: string;
  /** The donation as the ledger holds it now. */
  donation: OnChainDonation;
  receiptHash: string;
  /** The bytes32 recorded for the payment reference. */
  paymentRef: string;
  valueWei: bigint;
}

export type RunDonationSettleReturnType = DonationSettlePlan &
  Pick<SettleDonationReturnType, "txHash" | "gasUsed">;

/**
 * The settle workflow, once for `tickets donation settle` and the demo: hashes the receipt unless the caller
 * already did (a missing file sends nothing and reads nothing from the chain); reads the donation from the
 * ledger; refuses an account without the treasurer role; shows the settlement and asks; sends it
 * (`settleDonation`), optionally paying the recipient on-chain.
 *
 * @param parameters Ledger, treasurer, donation id, receipt, payment reference and callbacks.
 * @returns The plan (donation, receipt hash, payment reference) and the transaction.
 * @throws FileNotFoundError when the receipt cannot be read; DonationChainError for an unknown donation or an
 * account without the treasurer role; the ledger's custom errors.
 * @example
 * const { txHash } = await runDonationSettle({ ledger, signer, id: 1n, receiptFile: "thank-you.pdf", paymentRef: "BANK-2025-001" });
 */
export async function runDonationSettle({
  ledger,
  signer,
  onPlan,
  confirm,
  ...settlement
}: RunDonationSettleParameters): Promise<RunDonationSettleReturnType> {
  const { id, receiptFile, paymentRef = "", valueWei = 0n } = settlement;
  const receiptHash = settlement.receiptHash ?? (await sha256File(receiptFile));
  const [donation] = await readDonations({ ledger, id });
  if (donation === undefined) throw new DonationChainError(`no donation ${id}`);
  const sender = await signer.getAddress();
  await requireTreasurer({ ledger, account: sender });
  const plan: DonationSettlePlan = {
    ledger: await ledger.getAddress(),
    sender,
    donation,
    receiptHash,
    paymentRef: paymentReference(paymentRef),
    valueWei,
  };
  onPlan?.(plan);
  await confirm?.(plan);
  const { txHash, gasUsed } = await settleDonation({
    ...settlement,
    ledger: ledger.connect(signer),
    receiptHash,
  });
  return { ...plan, txHash, gasUsed };
}
