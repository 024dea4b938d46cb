import { Contract, type ContractRunner } from "ethers";

import { TICKET_CLAIMS_ABI } from "./abi.js";

/**
 * An ethers contract for a `TicketClaims` deployment with the toolkit's ABI (errors included, so reverts are
 * decoded by name). Browser-safe.
 *
 * @param address The claims contract.
 * @param runner A provider (reads) or a signer (claims, organizer actions).
 * @returns The contract.
 * @example
 * const claims = claimsContract(link.contract, signer);
 */
export function claimsContract(address: string, runner: ContractRunner): Contract {
  return new Contract(address, TICKET_CLAIMS_ABI, runner);
}
