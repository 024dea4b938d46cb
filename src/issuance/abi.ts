import { Interface, type InterfaceAbi } from "ethers";

import { ticketAbi } from "../chain/abis.js";
import { decodeRevert, type DecodedRevert } from "../chain/decode-revert.js";

/**
 * The ticket contract's interface for issuance: the compiled `PapercutTicket` ABI (`src/chain/abis.ts`), or the
 * given ABI.
 *
 * @param abi An ABI to use instead of the ticket's.
 * @returns An ethers `Interface`.
 * @example
 * const iface = ticketInterface();
 * const data = iface.encodeFunctionData("airdrop", [1n, recipients]);
 */
export function ticketInterface(abi?: InterfaceAbi): Interface {
  return new Interface(abi ?? ticketAbi);
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
