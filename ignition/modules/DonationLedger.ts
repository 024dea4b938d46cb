import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the {DonationLedger} of an existing ticket collection (a new event gets its ledger, already linked,
 * from `tickets event deploy`).
 *
 * Parameters (`DonationLedgerModule`):
 * - `ticket` (required): address of the deployed PapercutTicket.
 * - `admin` (default: the first account): receives the admin and treasurer roles.
 *
 * Afterwards the ticket's admin points the ticket at the ledger with `setDonationLedger(ledger)`, so that
 * auditors can find the ledger from the ticket contract's address.
 */
export default buildModule("DonationLedgerModule", (m) => {
  const ticket = m.getParameter<string>("ticket");
  const admin = m.getParameter("admin", m.getAccount(0));
  const donationLedger = m.contract("DonationLedger", [ticket, admin]);
  return { donationLedger };
});
