import type { DonationLedger, IDonationLedger } from "../../types/ethers-contracts/index.js";
import { DonationChainError } from "./errors.js";

export interface RecordDonationParameters {
  /** The ledger, connected to a signer with the treasurer role. */
  ledger: DonationLedger;
  record: IDonationLedger.DonationRecordStruct;
  /** When set, the record supersedes (corrects) this donation id instead of adding a new donation. */
  supersedes?: bigint | undefined;
}

export interface RecordDonationReturnType {
  id: bigint;
  txHash: string;
  blockNumber: number;
  gasUsed: bigint;
}

/**
 * Sends a donation record to the ledger (or a correction of an earlier one) and waits for it to be mined.
 *
 * @param parameters The ledger, the record and the id it supersedes, if any.
 * @returns The new donation id and its transaction.
 * @throws The ledger's custom errors (as ethers errors) when it refuses the record.
 * @example
 * const { id, txHash } = await recordDonation({ ledger: ledger.connect(treasurer), record });
 */
export async function recordDonation({
  ledger,
  record,
  supersedes,
}: RecordDonationParameters): Promise<RecordDonationReturnType> {
  const tx =
    supersedes === undefined ? await ledger.record(record) : await ledger.supersede(supersedes, record);
  const receipt = await tx.wait();
  if (receipt === null) throw new DonationChainError(`transaction ${tx.hash} was not mined`);
  const address = (await ledger.getAddress()).toLowerCase();
  for (const log of receipt.logs) {
    if (log.address.toLowerCase() !== address) continue;
    const parsed = ledger.interface.parseLog(log);
    if (parsed?.name === "DonationRecorded") {
      return {
        id: parsed.args.getValue("id") as bigint,
        txHash: receipt.hash,
        blockNumber: receipt.blockNumber,
        gasUsed: receipt.gasUsed,
      };
    }
  }
  throw new DonationChainError(`transaction ${tx.hash} emitted no DonationRecorded event`);
}
