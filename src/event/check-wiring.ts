import { Interface, ZeroAddress, getAddress } from "ethers";

import { claimsAbi, ledgerAbi, ticketAbi } from "../chain/abis.js";
import { rpc, type Eip1193Provider } from "../chain/eip1193.js";
import { EVENT_ROLE_NAMES, type EventRoleHolder } from "./roles.js";

/** One line of the wiring check. */
export interface WiringItem {
  /** What is checked, for people. */
  item: string;
  ok: boolean;
  /** What was found (an address, "missing", …). */
  detail: string;
}

export interface CheckWiringParameters {
  provider: Eip1193Provider;
  /** The ticket contract. */
  ticket: string;
  /** The claims contract, when known (from the deployment record). */
  claims?: string | undefined;
  /** Gate accounts the event file lists. */
  gates?: readonly string[];
  /** The admin the event file names, if any. */
  admin?: string | undefined;
  /** The account that deployed the event (its roles must be given up when the admin is someone else). */
  deployer?: string | undefined;
}

const ticketIface = new Interface(ticketAbi);
const claimsIface = new Interface(claimsAbi);
const ledgerIface = new Interface(ledgerAbi);

/**
 * Reads the event's wiring from the chain, one item per line: the renderer and the ledger set on the ticket
 * (and the ledger pointing back), the claims contract able to mint, each gate account's role, every role of
 * the configured admin, and the deployer's roles given up when the admin is someone else.
 *
 * @param parameters The ticket and what the event file expects.
 * @returns The items; the wiring is complete when every `ok` is true.
 * @example
 * const items = await checkWiring({ provider, ticket, claims, gates: event.gates, admin: event.admin, deployer });
 */
export async function checkWiring({
  provider,
  ticket,
  claims,
  gates = [],
  admin,
  deployer,
}: CheckWiringParameters): Promise<WiringItem[]> {
  const call = async (to: string, iface: Interface, name: string, args: unknown[] = []) => {
    const data = await rpc<string>(provider, "eth_call", [
      { to, data: iface.encodeFunctionData(name, args) },
      "latest",
    ]);
    return iface.decodeFunctionResult(name, data)[0] as unknown;
  };
  const hasRole = async (to: string, iface: Interface, role: string, account: string) =>
    (await call(to, iface, "hasRole", [role, account])) as boolean;
  const items: WiringItem[] = [];

  const renderer = getAddress((await call(ticket, ticketIface, "renderer")) as string);
  items.push({ item: "renderer set on the ticket", ok: renderer !== ZeroAddress, detail: shown(renderer) });

  const ledger = getAddress((await call(ticket, ticketIface, "donationLedger")) as string);
  let ledgerOk = ledger !== ZeroAddress;
  if (ledgerOk)
    ledgerOk = getAddress((await call(ledger, ledgerIface, "ticket")) as string) === getAddress(ticket);
  items.push({
    item: "donation ledger set on the ticket (and pointing back)",
    ok: ledgerOk,
    detail: shown(ledger),
  });

  const minter = EVENT_ROLE_NAMES.minter;
  if (claims === undefined) {
    items.push({
      item: "claims contract can mint",
      ok: false,
      detail: "no claims contract in the deployment record",
    });
  } else {
    const canMint = await hasRole(ticket, ticketIface, minter, claims);
    const points = getAddress((await call(claims, claimsIface, "ticket")) as string) === getAddress(ticket);
    items.push({
      item: "claims contract can mint",
      ok: canMint && points,
      detail: `${claims}${canMint ? "" : " (no minter role)"}${points ? "" : " (belongs to another ticket)"}`,
    });
  }

  for (const gate of gates) {
    const ok = await hasRole(ticket, ticketIface, EVENT_ROLE_NAMES.gate, gate);
    items.push({
      item: `gate account ${gate}`,
      ok,
      detail: ok ? "has the gate role" : "missing the gate role",
    });
  }

  const holders: { contract: string; iface: Interface; name: string; roles: EventRoleHolder[] }[] = [
    { contract: ticket, iface: ticketIface, name: "ticket", roles: ["admin", "minter", "metadata", "gate"] },
    ...(claims === undefined
      ? []
      : [
          {
            contract: claims,
            iface: claimsIface,
            name: "claims",
            roles: ["admin", "organizer"] as EventRoleHolder[],
          },
        ]),
    ...(ledgerOk
      ? [
          {
            contract: ledger,
            iface: ledgerIface,
            name: "ledger",
            roles: ["admin", "treasurer"] as EventRoleHolder[],
          },
        ]
      : []),
  ];
  if (admin !== undefined) {
    const missing: string[] = [];
    for (const h of holders) {
      for (const role of h.roles) {
        if (!(await hasRole(h.contract, h.iface, EVENT_ROLE_NAMES[role], admin)))
          missing.push(`${h.name} ${role}`);
      }
    }
    items.push({
      item: `admin ${admin} holds every role`,
      ok: missing.length === 0,
      detail: missing.length === 0 ? "yes" : `missing: ${missing.join(", ")}`,
    });
    if (deployer !== undefined && getAddress(deployer) !== getAddress(admin)) {
      const kept: string[] = [];
      for (const h of holders) {
        for (const role of h.roles) {
          if (await hasRole(h.contract, h.iface, EVENT_ROLE_NAMES[role], deployer))
            kept.push(`${h.name} ${role}`);
        }
      }
      items.push({
        item: `deployer ${deployer} gave up its roles`,
        ok: kept.length === 0,
        detail: kept.length === 0 ? "yes" : `still holds: ${kept.join(", ")}`,
      });
    }
  }
  return items;
}

function shown(address: string): string {
  return address === ZeroAddress ? "missing" : address;
}
