import type { DonationLedger } from "../../types/ethers-contracts/index.js";
import { DonationChainError } from "./errors.js";

export interface RequireTreasurerParameters {
  ledger: DonationLedger;
  /** The account about to send. */
  account: string;
  /** What the refusal means, appended to the message (e.g. `nothing recorded`); default none. */
  consequence?: string;
}

/**
 * Refuses, before anything is sent, an account that lacks the ledger's treasurer role (only a treasurer may
 * record, supersede or settle a donation).
 *
 * @param parameters The ledger and the account.
 * @throws DonationChainError when the account lacks `TREASURER_ROLE`.
 * @example
 * await requireTreasurer({ ledger, account: signer.address, consequence: "nothing recorded" });
 */
export async function requireTreasurer({
  ledger,
  account,
  consequence,
}: RequireTreasurerParameters): Promise<void> {
  if (await ledger.hasRole(await ledger.TREASURER_ROLE(), account)) return;
  throw new DonationChainError(
    `account ${account} lacks TREASURER_ROLE on ledger ${await ledger.getAddress()}` +
      (consequence === undefined ? "" : `: ${consequence}`),
  );
}
