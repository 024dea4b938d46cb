import { Interface, type InterfaceAbi } from "ethers";

import { decodeRevert, type DecodedRevert } from "../chain/decode-revert.js";

/**
 * The parts of the ticket contract the issuance code uses, in human-readable form. They are the same in the
 * storage and the compact-roster variants of `PapercutTicket`; callers may pass the full artifact ABI instead,
 * so that every custom error decodes.
 */
export const TICKET_ISSUANCE_ABI = [
  "function airdrop(uint256 expectedFirstId, address[] recipients) returns (uint256 firstTokenId)",
  "function cap() view returns (uint256)",
  "function totalMinted() view returns (uint256)",
  "function nextTokenId() view returns (uint256)",
  "function paused() view returns (bool)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function MINTER_ROLE() view returns (bytes32)",
  "function name() view returns (string)",
  "function symbol() view returns (string)",
  "function metadataFrozen() view returns (bool)",
  "function renderer() view returns (address)",
  "function donationLedger() view returns (address)",
  "function ownerOf(uint256 tokenId) view returns (address)",
  "event TicketsIssued(uint256 indexed firstTokenId, uint256 count, address indexed operator)",
  "event Transfer(address indexed from, address indexed to, uint256 indexed tokenId)",
  "error TicketEmptyBatch()",
  "error TicketSupplyExceeded(uint256 requested, uint256 remaining)",
  "error TicketBatchOutOfOrder(uint256 expectedFirstId, uint256 nextTokenId)",
  "error EnforcedPause()",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
] as const;

/**
 * The ticket contract's interface for issuance: the given ABI (e.g. the compiled artifact's), or the minimal
 * {@link TICKET_ISSUANCE_ABI}.
 *
 * @param abi An ABI to use instead of the minimal one.
 * @returns An ethers `Interface`.
 * @example
 * const iface = ticketInterface();
 * const data = iface.encodeFunctionData("airdrop", [1n, recipients]);
 */
export function ticketInterface(abi?: InterfaceAbi): Interface {
  return new Interface(abi ?? [...TICKET_ISSUANCE_ABI]);
}

/**
 * Names a revert from its data, e.g. `TicketBatchOutOfOrder(1, 251)`: {@link decodeRevert} with the issuance's
 * interface.
 *
 * @param iface The contract interface.
 * @param data The revert data.
 * @returns The error name and arguments, or undefined if the data decodes to nothing known.
 * @example
 * describeRevert(iface, "0x…"); // { name: "EnforcedPause", args: [], text: "EnforcedPause()" }
 */
export function describeRevert(iface: Interface, data: string | undefined): DecodedRevert | undefined {
  return data === undefined ? undefined : decodeRevert(data, iface);
}
