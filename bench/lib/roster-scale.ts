import { createHash } from "node:crypto";

import type { NetworkConnection } from "hardhat/types/network";

import { balanceOfGas, ownerOfGas, transferGas } from "./gas.js";
import { deployTicket } from "../../test/support/ticket-fixture.js";

/** Most recipients one roster takes (ERC721Roster's `_MAX_ROSTER_SIZE`: the code-size limit). */
export const MAX_ROSTER_SIZE = 1266;

export interface RosterScaleOptions {
  /** Tickets to issue, as `ceil(tickets / rosterSize)` rosters of (almost) equal size. */
  tickets: number;
  /** Recipients per roster at most (default {@link MAX_ROSTER_SIZE}). */
  rosterSize?: number;
  /** Tickets the heavy holder gets in every roster (default 8). */
  heavyPerRoster?: number;
  /** Random addresses holding nothing whose `balanceOf` is measured (default 32). */
  nonHolders?: number;
  /** Tickets (spread over the whole range) whose `ownerOf` is measured, and holders whose `balanceOf` is (default 32). */
  sample?: number;
  /**
   * "spanning" (default): each roster's recipients drawn at random over the whole address range, two holders on every
   * roster (the worst case for `balanceOf`); "planner": the same tickets sorted as a whole and then cut, as the
   * issuance planner does (each roster a narrow address range; the two holders' tickets adjacent).
   */
  layout?: "spanning" | "planner";
  /** Called after each roster is written. */
  onProgress?: (rostersWritten: number, rosters: number) => void;
}

export interface GasSpread {
  max: number;
  median: number;
  count: number;
}

export interface RosterScaleResult {
  layout: "spanning" | "planner";
  tickets: number;
  rosters: number;
  rosterSize: number;
  airdrop: { totalGas: number; gasPerTicket: number; largestTxGas: number; worstRosterGasPerTicket: number };
  balanceOf: {
    /** One ticket in every roster. */
    everywhere: { gas: number; balance: number };
    /** `heavyPerRoster` tickets in every roster. */
    heavy: { gas: number; balance: number };
    /** Random addresses on no roster. */
    nonHolders: GasSpread;
    /** Owners of sampled tickets (one ticket, in one roster). */
    holders: GasSpread;
    /** The everywhere-holder again, after one of its tickets left its roster (its stored balance is then -1). */
    everywhereAfterItsFirstTransfer: { gas: number; balance: number };
  };
  ownerOf: GasSpread & { moved: number };
  transfer: { first: number; later: number; firstByTheEverywhereHolder: number };
}

/** A deterministic address from `parts` (sha256, first 20 bytes), lowercase. */
function addressOf(...parts: (string | number)[]): string {
  return `0x${createHash("sha256").update(parts.join(":")).digest("hex").slice(0, 40)}`;
}

function spread(values: readonly bigint[]): GasSpread {
  const sorted = values.map(Number).sort((a, b) => a - b);
  return { max: sorted.at(-1)!, median: sorted[Math.floor(sorted.length / 2)]!, count: sorted.length };
}

/**
 * Issues `tickets` tickets through `PapercutTicket.airdrop`, one full roster per transaction. In the "spanning"
 * layout (the worst for `balanceOf`) every roster's recipients are drawn at random over the whole address range (each
 * roster spans it, so every lookup finds a non-empty bucket), and two holders are on every roster (one ticket each
 * for the "everywhere" holder, `heavyPerRoster` for the heavy one); the "planner" layout sorts those same tickets as
 * a whole before cutting them. Then measures, at call level and cold (through
 * `GasProbe`), `balanceOf` of those holders, of random non-holders and of sampled holders, `ownerOf` over the whole
 * ID range, and the gas of a roster ticket's first and later transfer; checks every balance it reads.
 *
 * @param connection A network connection (the in-process network: osaka rules, 60M-gas blocks).
 * @param options Sizes.
 * @returns Gas figures, rounded to whole gas.
 */
export async function runRosterScale(
  connection: NetworkConnection,
  {
    tickets,
    rosterSize = MAX_ROSTER_SIZE,
    heavyPerRoster = 8,
    nonHolders = 32,
    sample = 32,
    layout = "spanning",
    onProgress,
  }: RosterScaleOptions,
): Promise<RosterScaleResult> {
  const { ethers, networkHelpers } = connection;
  const ticket = await deployTicket(connection, { cap: BigInt(tickets) });
  const address = await ticket.getAddress();
  const probe = await ethers.deployContract("GasProbe");

  const rosters = Math.ceil(tickets / rosterSize);
  const everywhere = addressOf("roster-scale", "everywhere");
  const heavy = addressOf("roster-scale", "heavy");
  let next = 1n;
  let totalGas = 0n;
  let largestTxGas = 0n;
  let worstPerTicket = 0;
  let everywhereId = 0n;
  let movedId = 0n;
  // Sizes differ by at most one, as the issuance planner cuts them.
  const sizeOf = (r: number) => Math.floor(tickets / rosters) + (r < tickets % rosters ? 1 : 0);
  const spanningBatch = (r: number) => {
    const batch = [everywhere, ...Array<string>(heavyPerRoster).fill(heavy)];
    for (let j = batch.length; j < sizeOf(r); j++) batch.push(addressOf("roster-scale", r, j));
    return batch.sort();
  };
  // The planner's layout: the same tickets, sorted as a whole.
  const all =
    layout === "planner"
      ? Array.from({ length: rosters }, (_, r) => spanningBatch(r))
          .flat()
          .sort()
      : [];
  for (let r = 0, cut = 0; r < rosters; r++) {
    const size = sizeOf(r);
    const batch = layout === "planner" ? all.slice(cut, cut + size) : spanningBatch(r);
    cut += size;
    // The everywhere-holder's first ticket, and a random recipient's ticket in the middle roster (moved below).
    if (everywhereId === 0n && batch.includes(everywhere))
      everywhereId = next + BigInt(batch.indexOf(everywhere));
    if (r === Math.floor(rosters / 2)) {
      const j = batch.findIndex((a, k) => k >= 7 && a !== everywhere && a !== heavy);
      movedId = next + BigInt(j);
    }
    const receipt = await (await ticket.airdrop(next, batch)).wait();
    if (receipt === null || receipt.status !== 1)
      throw new Error(`roster ${r} (first ticket ${next}) failed`);
    totalGas += receipt.gasUsed;
    if (receipt.gasUsed > largestTxGas) largestTxGas = receipt.gasUsed;
    worstPerTicket = Math.max(worstPerTicket, Number(receipt.gasUsed) / size);
    next += BigInt(size);
    onProgress?.(r + 1, rosters);
  }
  if ((await ticket.rosterCount()) !== BigInt(rosters)) throw new Error("not every batch became a roster");

  const expectBalance = async (owner: string, expected: number) => {
    const balance = Number(await ticket.balanceOf(owner));
    if (balance !== expected) throw new Error(`balanceOf(${owner}) is ${balance}, expected ${expected}`);
    return balance;
  };

  const everywhereGas = await balanceOfGas(probe, address, everywhere);
  const everywhereBalance = await expectBalance(everywhere, rosters);
  const heavyGas = await balanceOfGas(probe, address, heavy);
  const heavyBalance = await expectBalance(heavy, rosters * heavyPerRoster);

  const nonHolderGas: bigint[] = [];
  for (let i = 0; i < nonHolders; i++) {
    const owner = addressOf("roster-scale", "nobody", i);
    await expectBalance(owner, 0);
    nonHolderGas.push(await balanceOfGas(probe, address, owner));
  }

  // Sampled tickets over the whole ID range, first and last included.
  const ids = Array.from({ length: sample }, (_, i) =>
    i === sample - 1 ? BigInt(tickets) : 1n + (BigInt(tickets - 1) * BigInt(i)) / BigInt(sample - 1),
  );
  const ownerGas: bigint[] = [];
  const holderGas: bigint[] = [];
  for (const id of ids) {
    ownerGas.push(await ownerOfGas(probe, address, id));
    const owner = await ticket.ownerOf(id);
    if (owner.toLowerCase() === everywhere || owner.toLowerCase() === heavy) continue;
    await expectBalance(owner, 1);
    holderGas.push(await balanceOfGas(probe, address, owner));
  }

  // A random recipient's ticket in the middle roster leaves it, then moves on.
  const first = await transferGas(
    ethers,
    networkHelpers,
    ticket,
    movedId,
    addressOf("roster-scale", "to", 1),
  );
  const later = await transferGas(
    ethers,
    networkHelpers,
    ticket,
    movedId,
    addressOf("roster-scale", "to", 2),
  );
  const moved = await ownerOfGas(probe, address, movedId);

  // The everywhere-holder's first ticket leaves its roster: its stored balance goes below zero.
  const firstByEverywhere = await transferGas(
    ethers,
    networkHelpers,
    ticket,
    everywhereId,
    addressOf("roster-scale", "to", 3),
  );
  const everywhereAfterGas = await balanceOfGas(probe, address, everywhere);
  const everywhereAfter = await expectBalance(everywhere, rosters - 1);

  return {
    layout,
    tickets,
    rosters,
    rosterSize,
    airdrop: {
      totalGas: Number(totalGas),
      gasPerTicket: Math.round(Number(totalGas) / tickets),
      largestTxGas: Number(largestTxGas),
      worstRosterGasPerTicket: Math.round(worstPerTicket),
    },
    balanceOf: {
      everywhere: { gas: Number(everywhereGas), balance: everywhereBalance },
      heavy: { gas: Number(heavyGas), balance: heavyBalance },
      nonHolders: spread(nonHolderGas),
      holders: spread(holderGas),
      everywhereAfterItsFirstTransfer: { gas: Number(everywhereAfterGas), balance: everywhereAfter },
    },
    ownerOf: { ...spread(ownerGas), moved: Number(moved) },
    transfer: {
      first: Number(first),
      later: Number(later),
      firstByTheEverywhereHolder: Number(firstByEverywhere),
    },
  };
}

/** The worst `balanceOf` measured: the holders on every roster, random non-holders and sampled holders. */
export const worstBalanceOf = (r: RosterScaleResult): number =>
  Math.max(
    r.balanceOf.everywhere.gas,
    r.balanceOf.heavy.gas,
    r.balanceOf.nonHolders.max,
    r.balanceOf.holders.max,
  );
