import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";
import type {
  ArgumentType,
  CallableContractFuture,
  IgnitionModuleBuilder,
} from "@nomicfoundation/ignition-core";
import { id } from "ethers";

/** The ticket's minter role (`keccak256("MINTER_ROLE")`, as in PapercutTicket). */
export const MINTER_ROLE = id("MINTER_ROLE");

/**
 * Adds the claim-link contract of a ticket to a module and grants it the ticket's minter role, so that claims
 * issue tickets (sharing the ticket's cap with airdrops). The one definition of that deployment: the
 * standalone {@link TicketClaimsModule} and the whole-event module both call it.
 *
 * @param m The module being built.
 * @param ticket The ticket contract (deployed in the same module, or an existing one via `contractAt`).
 * @param admin Receives the claims admin and organizer roles.
 * @returns The claims contract's future and the minter-role grant's.
 */
export function addTicketClaims(
  m: IgnitionModuleBuilder,
  ticket: CallableContractFuture<"PapercutTicket">,
  admin: ArgumentType,
) {
  const claims = m.contract("TicketClaims", [ticket, admin]);
  const grantMinter = m.call(ticket, "grantRole", [MINTER_ROLE, claims], { id: "GrantClaimsMinterRole" });
  return { claims, grantMinter };
}

/**
 * Deploys the claim-link contract of an existing ticket and grants it the ticket's minter role. Parameters:
 * `ticket` (the ticket contract's address, required) and `admin` (receives the claims admin and organizer
 * roles; defaults to the deployer). The account that runs it must hold the ticket's admin role. A new event
 * gets its claims contract from `tickets event deploy` instead.
 */
export default buildModule("TicketClaimsModule", (m) => {
  const ticket = m.contractAt("PapercutTicket", m.getParameter<string>("ticket"), { id: "Ticket" });
  const { claims } = addTicketClaims(m, ticket, m.getParameter("admin", m.getAccount(0)));
  return { claims, ticket };
});
