import type { NetworkConnection } from "hardhat/types/network";

import PapercutTicketModule from "../../ignition/modules/PapercutTicket.js";
import type { PapercutTicket } from "../../types/ethers-contracts/index.js";

export interface TicketDeployOptions {
  cap?: bigint;
  royaltyReceiver?: string;
  royaltyFeeBps?: bigint;
  baseURI?: string;
  contractURI?: string;
  admin?: string;
  /** Event window (Unix seconds); defaults to the module's placeholder day in 2030. */
  eventStart?: bigint;
  eventEnd?: bigint;
  /** 0 Transferable, 1 LockedDuringEvent, 2 LockedUntilEnd, 3 Soulbound. */
  transferPolicy?: bigint;
}

/**
 * Deploys the ticket contract through the same Ignition module `tickets deploy` uses, so the production
 * path is the tested one.
 */
export async function deployTicket(
  connection: NetworkConnection,
  options: TicketDeployOptions = {},
): Promise<PapercutTicket> {
  const params: Record<string, unknown> = { ...options };
  const { ticket } = await connection.ignition.deploy(PapercutTicketModule, {
    parameters: { PapercutTicketModule: params as Record<string, string | bigint> },
  });
  return await connection.ethers.getContractAt("PapercutTicket", await ticket.getAddress());
}

/** Sorts addresses ascending by their numeric value (the order the compact roster expects in a batch). */
export function sortAddresses(addresses: readonly string[]): string[] {
  return [...addresses].sort((a, b) => {
    const x = BigInt(a);
    const y = BigInt(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
