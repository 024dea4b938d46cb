import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the ticket contract of one event. Every parameter has a default for the sample event (the May 2022
 * online charity summit: 5,000 tickets); override them with `--parameters file.json`.
 */
export default buildModule("PapercutTicketModule", (m) => {
  const deployer = m.getAccount(0);
  const ticket = m.contract("PapercutTicket", [
    m.getParameter("name", "Charity Summit 2022 Papercut Ticket"),
    m.getParameter("symbol", "PAPERCUT"),
    m.getParameter("cap", 5000n),
    m.getParameter("admin", deployer),
    m.getParameter("royaltyReceiver", "0x0000000000000000000000000000000000000000"),
    m.getParameter("royaltyFeeBps", 0n),
    m.getParameter("baseURI", ""),
    m.getParameter("contractURI", ""),
  ]);
  return { ticket };
});
