import {
  Contract,
  ZeroAddress,
  decodeBytes32String,
  type ContractRunner,
  type EventLog,
  type Log,
} from "ethers";

import type { FirstAdmission } from "../../src/checkin/errors.js";
import { ticketAbi } from "../../src/chain/abis.js";
import type { KnownTicket } from "../../src/checkin/verify-proof-offline.js";

/**
 * What the gate knows of every ticket, read from the chain's logs while it is online (holders from `Transfer`,
 * admissions from `CheckedIn`, voids from `TicketVoided`), so it can still decide at the door when the chain is
 * out of reach. Kept in localStorage and brought up to date incrementally.
 */
export interface TicketSnapshot {
  /** The last block read. */
  block: number;
  eventEnd: number;
  tickets: Map<bigint, KnownTicket>;
}

/** The ticket contract with what the gate reads and sends. */
export function gateTicketContract(address: string, runner: ContractRunner): Contract {
  return new Contract(address, ticketAbi, runner);
}

/** Reads the logs since `previous.block` (or since `fromBlock`) and returns the snapshot brought up to date. */
export async function updateSnapshot(
  ticket: Contract,
  fromBlock: number,
  previous: TicketSnapshot | undefined,
): Promise<TicketSnapshot> {
  const provider = ticket.runner?.provider;
  if (!provider) throw new Error("the ticket contract has no provider");
  const latest = await provider.getBlockNumber();
  const tickets = new Map(previous?.tickets ?? []);
  const start = previous === undefined ? fromBlock : previous.block + 1;
  const eventEnd = Number((await ticket.getFunction("eventEnd")()) as bigint);
  if (start <= latest) {
    const [transfers, checkIns, voids] = await Promise.all([
      ticket.queryFilter(ticket.filters.Transfer!(), start, latest),
      ticket.queryFilter(ticket.filters.CheckedIn!(), start, latest),
      ticket.queryFilter(ticket.filters.TicketVoided!(), start, latest),
    ]);
    const logs = [...transfers, ...checkIns, ...voids]
      .filter((l): l is EventLog => "args" in l)
      .sort(byPosition);
    const times = new Map<number, number>();
    for (const log of checkIns) {
      if (!times.has(log.blockNumber)) times.set(log.blockNumber, (await log.getBlock()).timestamp);
    }
    for (const log of logs) {
      const tokenId = BigInt(log.args.getValue("tokenId") as bigint);
      const known = tickets.get(tokenId);
      switch (log.eventName) {
        case "Transfer": {
          const to = log.args.getValue("to") as string;
          if (to === ZeroAddress) tickets.delete(tokenId);
          else tickets.set(tokenId, { state: "Valid", ...known, holder: to });
          break;
        }
        case "CheckedIn":
          if (known)
            tickets.set(
              tokenId,
              checkedIn(known, {
                gate: gateLabel(log.args.getValue("gate") as string),
                at: times.get(log.blockNumber) ?? 0,
                nonce: log.args.getValue("nonce") as string,
                source: "chain",
                txHash: log.transactionHash,
                blockNumber: log.blockNumber,
              }),
            );
          break;
        case "TicketVoided":
          if (known) tickets.set(tokenId, { ...known, state: "Voided" });
          break;
        default:
          break;
      }
    }
  }
  return { block: latest, eventEnd, tickets };
}

/**
 * Counts admissions this gate has just committed as checked in, before the snapshot's next read of the logs: the
 * node the snapshot reads may not have the commit's block yet (the wallet may send through another node), or may
 * answer the block number from a cache. That next read replaces them with what the chain's `CheckedIn` events say.
 */
export function recordCommitted(
  snapshot: TicketSnapshot,
  committed: { tokenId: bigint; first: FirstAdmission }[],
): void {
  for (const { tokenId, first } of committed) {
    const known = snapshot.tickets.get(tokenId);
    if (known === undefined || known.checkIn !== undefined) continue;
    snapshot.tickets.set(tokenId, checkedIn(known, first));
  }
}

/** A ticket as checked in (a voided ticket stays voided, with its check-in noted). */
function checkedIn(known: KnownTicket, checkIn: FirstAdmission): KnownTicket {
  return { ...known, state: known.state === "Voided" ? "Voided" : "CheckedIn", checkIn };
}

/** How many tickets the snapshot knows as checked in. */
export function checkedInCount(snapshot: TicketSnapshot): number {
  let n = 0;
  for (const t of snapshot.tickets.values()) if (t.checkIn !== undefined) n++;
  return n;
}

/** Saves a snapshot (bigints as strings). */
export function saveSnapshot(key: string, snapshot: TicketSnapshot): void {
  try {
    localStorage.setItem(
      key,
      JSON.stringify({
        block: snapshot.block,
        eventEnd: snapshot.eventEnd,
        tickets: [...snapshot.tickets].map(([id, t]) => [id.toString(), t]),
      }),
    );
  } catch {
    // A full store only costs the offline fallback after a reload; the journal matters more.
  }
}

/** Loads a saved snapshot, if any. */
export function loadSnapshot(key: string): TicketSnapshot | undefined {
  const text = localStorage.getItem(key);
  if (text === null) return undefined;
  try {
    const v = JSON.parse(text) as { block: number; eventEnd: number; tickets: [string, KnownTicket][] };
    return {
      block: v.block,
      eventEnd: v.eventEnd,
      tickets: new Map(v.tickets.map(([id, t]) => [BigInt(id), t])),
    };
  } catch {
    return undefined;
  }
}

function byPosition(a: Log, b: Log): number {
  return a.blockNumber - b.blockNumber || a.index - b.index;
}

function gateLabel(gate: string): string {
  try {
    return decodeBytes32String(gate);
  } catch {
    return gate;
  }
}
