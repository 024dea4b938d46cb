import { Contract, type ContractRunner } from "ethers";

import { claimsAbi } from "../chain/abis.js";

/**
 * An ethers contract for a `TicketClaims` deployment with its compiled ABI (errors included, so reverts are
 * decoded by name). Browser-safe.
 *
 * @param address The claims contract.
 * @param runner A provider (reads) or a signer (claims, organizer actions).
 * @returns The contract.
 * @example
 * const claims = claimsContract(link.contract, signer);
 */
export function claimsContract(address: string, runner: ContractRunner): Contract {
  return new Contract(address, claimsAbi, runner);
}
