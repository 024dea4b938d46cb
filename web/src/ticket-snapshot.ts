import { Contract, ZeroAddress, decodeBytes32String, type ContractRunner } from "ethers";

import type { FirstAdmission } from "../../src/checkin/errors.js";
import { ticketAbi } from "../../src/chain/abis.js";
import { eip1193Of } from "../../src/chain/eip1193-of.js";
import { forEachLogPage } from "../../src/chain/read-logs.js";
import type { KnownTicket } from "../../src/checkin/verify-proof-offline.js";

/**
 * What the gate knows of every ticket, read from the chain's logs while it is online (holders from `Transfer`,
 * admissions from `CheckedIn`, voids from `TicketVoided`), so it can still decide at the door when the chain is
 * out of reach. Kept in memory (a `Map`: a decision is one lookup, microseconds at a million tickets) and saved
 * in IndexedDB (no localStorage ceiling), brought up to date incrementally: only the logs after `block` are read,
 * and only the tickets they changed are written back.
 */
export interface TicketSnapshot {
  /** The last block read. */
  block: number;
  eventEnd: number;
  tickets: Map<bigint, KnownTicket>;
  /** Tickets changed since the snapshot was last saved. */
  changed: Set<bigint>;
}

/** The ticket contract with what the gate reads and sends. */
export function gateTicketContract(address: string, runner: ContractRunner): Contract {
  return new Contract(address, ticketAbi, runner);
}

/**
 * Reads the logs since `previous.block` (or since `fromBlock`) in pages sized to the node's limits (the toolkit's
 * paged reader: a million transfers never come in one answer, and a page that fails is asked again), and brings
 * the snapshot up to date in place (every event applied is idempotent, so a read cut short and done again is
 * harmless).
 */
export async function updateSnapshot(
  ticket: Contract,
  fromBlock: number,
  previous: TicketSnapshot | undefined,
): Promise<TicketSnapshot> {
  const provider = ticket.runner?.provider;
  if (!provider) throw new Error("the ticket contract has no provider");
  const latest = await provider.getBlockNumber();
  const snapshot: TicketSnapshot = previous ?? {
    block: fromBlock - 1,
    eventEnd: 0,
    tickets: new Map(),
    changed: new Set(),
  };
  const start = snapshot.block + 1;
  snapshot.eventEnd = Number((await ticket.getFunction("eventEnd")()) as bigint);
  if (start > latest) return snapshot;
  const iface = ticket.interface;
  const topics = ["Transfer", "CheckedIn", "TicketVoided"].map((name) => iface.getEvent(name)!.topicHash);
  const times = new Map<number, number>();
  await forEachLogPage({
    provider: eip1193Of(provider),
    address: await ticket.getAddress(),
    topics: [topics],
    fromBlock: start,
    toBlock: latest,
    onPage: async (logs) => {
      for (const log of logs) {
        const parsed = iface.parseLog(log);
        if (parsed === null) continue;
        const tokenId = BigInt(parsed.args.getValue("tokenId") as bigint);
        const known = snapshot.tickets.get(tokenId);
        switch (parsed.name) {
          case "Transfer": {
            const to = parsed.args.getValue("to") as string;
            if (to === ZeroAddress) snapshot.tickets.delete(tokenId);
            else snapshot.tickets.set(tokenId, { state: "Valid", ...known, holder: to });
            break;
          }
          case "CheckedIn": {
            if (!known) break;
            const blockNumber = Number(BigInt(log.blockNumber));
            if (!times.has(blockNumber))
              times.set(blockNumber, (await provider.getBlock(blockNumber))!.timestamp);
            snapshot.tickets.set(
              tokenId,
              checkedIn(known, {
                gate: gateLabel(parsed.args.getValue("gate") as string),
                at: times.get(blockNumber) ?? 0,
                nonce: parsed.args.getValue("nonce") as string,
                source: "chain",
                txHash: log.transactionHash,
                blockNumber,
              }),
            );
            break;
          }
          case "TicketVoided":
            if (known) snapshot.tickets.set(tokenId, { ...known, state: "Voided" });
            break;
          default:
            continue;
        }
        snapshot.changed.add(tokenId);
      }
    },
  });
  snapshot.block = Math.max(snapshot.block, latest);
  return snapshot;
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
    snapshot.changed.add(tokenId);
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

/** Tickets per IndexedDB record: a million tickets are about a thousand records, read back at once. */
const BUCKET = 1024n;
const DATABASE = "papercut-gate-snapshots";

interface SavedBucket {
  /** `[snapshot key, bucket number]`: the bucket holds token IDs `bucket * 1024 … bucket * 1024 + 1023`. */
  key: [string, number];
  tickets: [bigint, KnownTicket][];
}

interface SavedMeta {
  key: string;
  block: number;
  eventEnd: number;
}

function openDatabase(): Promise<IDBDatabase> {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DATABASE, 1);
    request.onupgradeneeded = () => {
      request.result.createObjectStore("buckets", { keyPath: "key" });
      request.result.createObjectStore("meta", { keyPath: "key" });
    };
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error ?? new Error("IndexedDB did not open"));
  });
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((resolve, reject) => {
    tx.oncomplete = () => resolve();
    tx.onerror = () => reject(tx.error ?? new Error("IndexedDB transaction failed"));
    tx.onabort = () => reject(tx.error ?? new Error("IndexedDB transaction aborted"));
  });
}

/**
 * Saves what changed since the last save: the buckets of the changed tickets (rewritten whole) and the block read
 * up to, in one IndexedDB transaction (a reload never sees a block without its tickets). Failures only cost the
 * offline fallback after a reload; the journal matters more.
 */
export async function saveSnapshot(key: string, snapshot: TicketSnapshot): Promise<void> {
  const changed = [...snapshot.changed];
  snapshot.changed.clear();
  try {
    const buckets = new Set(changed.map((id) => id / BUCKET));
    const db = await openDatabase();
    try {
      const tx = db.transaction(["buckets", "meta"], "readwrite");
      const store = tx.objectStore("buckets");
      for (const bucket of buckets) {
        const tickets: [bigint, KnownTicket][] = [];
        for (let id = bucket * BUCKET; id < (bucket + 1n) * BUCKET; id++) {
          const t = snapshot.tickets.get(id);
          if (t !== undefined) tickets.push([id, t]);
        }
        const record: SavedBucket = { key: [key, Number(bucket)], tickets };
        store.put(record);
      }
      const meta: SavedMeta = { key, block: snapshot.block, eventEnd: snapshot.eventEnd };
      tx.objectStore("meta").put(meta);
      await done(tx);
    } finally {
      db.close();
    }
    // The copy kept in localStorage before IndexedDB (same key): free its room for the gate's journal.
    localStorage.removeItem(key);
  } catch (error) {
    for (const id of changed) snapshot.changed.add(id); // written next time
    console.warn("gate: the offline ticket list was not saved", error);
  }
}

/** Loads a saved snapshot, if any (undefined without IndexedDB or when nothing was saved). */
export async function loadSnapshot(key: string): Promise<TicketSnapshot | undefined> {
  try {
    const db = await openDatabase();
    try {
      const tx = db.transaction(["buckets", "meta"], "readonly");
      const meta = tx.objectStore("meta").get(key);
      const buckets = tx.objectStore("buckets").getAll(IDBKeyRange.bound([key, -Infinity], [key, Infinity]));
      await done(tx);
      const saved = meta.result as SavedMeta | undefined;
      if (saved === undefined) return undefined;
      const tickets = new Map<bigint, KnownTicket>();
      for (const bucket of buckets.result as SavedBucket[])
        for (const [id, t] of bucket.tickets) tickets.set(id, t);
      return { block: saved.block, eventEnd: saved.eventEnd, tickets, changed: new Set() };
    } finally {
      db.close();
    }
  } catch {
    return undefined;
  }
}

function gateLabel(gate: string): string {
  try {
    return decodeBytes32String(gate);
  } catch {
    return gate;
  }
}
