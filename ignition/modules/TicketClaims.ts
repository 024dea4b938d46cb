import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

/**
 * Deploys the claim-link contract of an existing ticket and grants it the ticket's minter role, so that claims
 * issue tickets (sharing the ticket's cap with airdrops). Parameters: `ticket` (the ticket contract's address,
 * required) and `admin` (receives the claims admin and organizer roles; defaults to the deployer). The account
 * that runs it must hold the ticket's admin role.
 */
export default buildModule("TicketClaimsModule", (m) => {
  const ticket = m.contractAt("PapercutTicket", m.getParameter<string>("ticket"), { id: "Ticket" });
  const claims = m.contract("TicketClaims", [ticket, m.getParameter("admin", m.getAccount(0))]);
  const minterRole = m.staticCall(ticket, "MINTER_ROLE", [], 0, { id: "MinterRole" });
  m.call(ticket, "grantRole", [minterRole, claims], { id: "GrantClaimsMinterRole" });
  return { claims, ticket };
});
