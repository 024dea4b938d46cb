import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

import { isHexString } from "ethers";

import type { DonationLedger } from "../../types/ethers-contracts/index.js";
import { DonationChainError, FileNotFoundError } from "./errors.js";

export interface SettleDonationParameters {
  /** The ledger, connected to a signer with the treasurer role. */
  ledger: DonationLedger;
  id: bigint;
  /** The charity's receipt or thank-you letter; its SHA-256 is recorded. */
  receiptFile: string;
  /** The receipt's SHA-256 when the caller has already read the file (then it is not read again). */
  receiptHash?: string | undefined;
  /**
   * The payment reference: a 0x-prefixed 32-byte hash (a transaction hash) is recorded as is; any other
   * text (a bank reference) is recorded as its SHA-256. Empty: none.
   */
  paymentRef?: string;
  /** Where the receipt is published (may be empty). */
  receiptURI?: string;
  /** Native currency to pay to the recipient's account in the same transaction, wei. */
  valueWei?: bigint;
}

export interface SettleDonationReturnType {
  receiptHash: string;
  paymentRef: string;
  txHash: string;
  gasUsed: bigint;
}

/**
 * Hashes the receipt file and settles a donation with it, optionally paying the recipient on-chain.
 *
 * @param parameters The ledger, donation id, receipt file, payment reference and optional payment.
 * @returns The hashes recorded and the transaction.
 * @throws FileNotFoundError when the receipt cannot be read (nothing is sent), the ledger's custom errors.
 * @example
 * await settleDonation({ ledger, id: 1n, receiptFile: "thank-you.pdf", paymentRef: "BANK-2025-001" });
 */
export async function settleDonation({
  ledger,
  id,
  receiptFile,
  receiptHash: given,
  paymentRef = "",
  receiptURI = "",
  valueWei = 0n,
}: SettleDonationParameters): Promise<SettleDonationReturnType> {
  const receiptHash = given ?? (await sha256File(receiptFile));
  const ref = paymentReference(paymentRef);
  const tx = await ledger.settle(id, receiptHash, ref, receiptURI, { value: valueWei });
  const receipt = await tx.wait();
  if (receipt === null) throw new DonationChainError(`transaction ${tx.hash} was not mined`);
  return { receiptHash, paymentRef: ref, txHash: receipt.hash, gasUsed: receipt.gasUsed };
}

/**
 * SHA-256 of a file's bytes as a 0x-prefixed bytes32.
 *
 * @param file The file.
 * @returns `0x` + 64 hex digits.
 * @throws FileNotFoundError when it cannot be read.
 * @example
 * await sha256File("receipt.pdf");
 */
export async function sha256File(file: string): Promise<string> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    throw new FileNotFoundError(file, "receipt", cause);
  }
  return "0x" + createHash("sha256").update(bytes).digest("hex");
}

/**
 * The bytes32 recorded for a payment reference: a 32-byte hex value as is, other text as its SHA-256,
 * empty as zero.
 *
 * @param reference A transaction hash or a bank reference.
 * @returns A 0x-prefixed bytes32.
 * @example
 * paymentReference("BANK-2025-001"); // sha256 of the text
 */
export function paymentReference(reference: string): string {
  const text = reference.trim();
  if (text === "") return "0x" + "00".repeat(32);
  if (isHexString(text, 32)) return text.toLowerCase();
  return "0x" + createHash("sha256").update(text, "utf8").digest("hex");
}
