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

/**
 * The runtime code a roster's data contract must hold for `recipients` (sorted ascending), written out from the
 * layout that {ERC721Roster-_packRoster} documents, independently of the Solidity: two zero bytes, 256
 * big-endian uint16 bucket ends (recipients whose first byte is at most `b`), then each recipient's last 19 bytes.
 */
export function rosterCode(recipients: readonly string[]): string {
  const ends = new Array<number>(256).fill(0);
  for (const r of recipients) for (let b = Number.parseInt(r.slice(2, 4), 16); b < 256; b++) ends[b]! += 1;
  const header = ends.map((n) => n.toString(16).padStart(4, "0")).join("");
  const entries = recipients.map((r) => r.slice(4).toLowerCase()).join("");
  return `0x0000${header}${entries}`;
}
