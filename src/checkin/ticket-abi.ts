import { Contract, Interface, type ContractRunner } from "ethers";

import { ticketAbi } from "../chain/abis.js";

/** The ticket contract's interface, from its compiled ABI (`src/chain/abis.ts`). */
export const ticketLifecycleInterface = new Interface(ticketAbi);

/**
 * An ethers contract over the ticket's ABI, for the gate and the organizer.
 *
 * @param address The ticket contract.
 * @param runner A provider (reads) or signer (the gate or admin account, to send).
 * @returns The contract.
 * @example
 * const ticket = ticketLifecycleContract(address, gateSigner);
 */
export function ticketLifecycleContract(address: string, runner: ContractRunner): Contract {
  return new Contract(address, ticketLifecycleInterface, runner);
}
