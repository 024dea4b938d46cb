import { Interface, ZeroAddress, getAddress } from "ethers";

import { claimsAbi, ticketAbi } from "../chain/abis.js";
import { rpc, type Eip1193Provider } from "../chain/eip1193.js";
import { listRoleHolders, type EventContracts } from "./roles.js";

const ticketIface = new Interface(ticketAbi);
const claimsIface = new Interface(claimsAbi);

/**
 * Finds the contracts of a ticket's event from the chain: the donation ledger the ticket points to, and the
 * claims contract (the recorded one when it belongs to this ticket, else a minter of the ticket that says it
 * issues this ticket's claims).
 *
 * @param parameters The ticket and, when known, the claims contract from the deployment record.
 * @returns The ticket, and the claims contract and ledger when found.
 * @example
 * const contracts = await findEventContracts({ provider, ticket, recordedClaims });
 */
export async function findEventContracts({
  provider,
  ticket,
  recordedClaims,
}: {
  provider: Eip1193Provider;
  ticket: string;
  recordedClaims?: string | undefined;
}): Promise<EventContracts> {
  const contracts: EventContracts = { ticket: getAddress(ticket) };
  const ledgerData = await rpc<string>(provider, "eth_call", [
    { to: ticket, data: ticketIface.encodeFunctionData("donationLedger") },
    "latest",
  ]);
  const ledger = getAddress(ticketIface.decodeFunctionResult("donationLedger", ledgerData)[0] as string);
  if (ledger !== ZeroAddress) contracts.ledger = ledger;

  const candidates = [
    ...(recordedClaims === undefined ? [] : [recordedClaims]),
    ...((await listRoleHolders({ provider, contracts: { ticket } })).find((h) => h.role === "minter")
      ?.holders ?? []),
  ];
  for (const candidate of candidates) {
    if (await claimsOf(provider, candidate, ticket)) {
      contracts.claims = getAddress(candidate);
      break;
    }
  }
  return contracts;
}

/** Whether a contract is a claims contract of this ticket (an account without code, or any other contract, is not). */
async function claimsOf(provider: Eip1193Provider, candidate: string, ticket: string): Promise<boolean> {
  if ((await rpc<string>(provider, "eth_getCode", [candidate, "latest"])) === "0x") return false;
  try {
    const data = await rpc<string>(provider, "eth_call", [
      { to: candidate, data: claimsIface.encodeFunctionData("ticket") },
      "latest",
    ]);
    return getAddress(claimsIface.decodeFunctionResult("ticket", data)[0] as string) === getAddress(ticket);
  } catch {
    return false;
  }
}
