/**
 * Where should an airdrop batch stop being a roster? Measures, on the in-process network (osaka rules):
 * 1. issuing a batch of n fresh recipients as a roster vs. through storage mints, on {ERC721RosterMock} (the same
 *    extension without the ticket's policy), for n from 1 to 1,266: gas per ticket of each and which is cheaper;
 * 2. PapercutTicket's own `airdrop` around its ROSTER_MIN_BATCH (storage below it, a roster from it on);
 * 3. what each roster adds to every `balanceOf` (call-level, cold), with rosters that each span the whole
 *    address range (the worst case) and for a non-holder whose address falls outside them;
 * 4. the largest storage batch that fits 75% of the per-transaction cap (a planner that doubles it once must
 *    land at or above the threshold to find the roster).
 * Writes bench/results/roster-threshold.{json,md}.
 *
 * Run: npm run bench:roster-threshold
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";

import { TX_GAS_CAP, balanceOfGas, benchAddresses, interleavedChunks } from "./lib/gas.js";
import { deployTicket } from "../test/support/ticket-fixture.js";

const SIZES = [1, 2, 4, 8, 16, 32, 64, 128, 255, 256, 512, 1000, 1266];
const ROSTER_COUNTS = [1, 2, 4, 8, 16];

const connection = await network.create();
const { ethers } = connection;
const gasOf = async (tx: Promise<{ wait(): Promise<{ gasUsed: bigint } | null> }>) =>
  (await (await tx).wait())!.gasUsed;

// 1. Roster vs storage on the bare extension.
const issuance: {
  size: number;
  rosterPerTicket: number;
  storagePerTicket: number | null;
  cheaper: string;
}[] = [];
for (const size of SIZES) {
  const people = benchAddresses(size, `threshold-${size}`);
  const a = await ethers.deployContract("ERC721RosterMock", ["R", "R"]);
  const roster = await gasOf(a.writeRoster(1n, people));
  // Storage mints of more than ~300 fresh recipients do not fit one transaction (EIP-7825).
  let storage: bigint | null = null;
  if (size <= 300) {
    const b = await ethers.deployContract("ERC721RosterMock", ["S", "S"]);
    storage = await gasOf(b.mintBatch(1n, people));
  }
  issuance.push({
    size,
    rosterPerTicket: Math.round(Number(roster) / size),
    storagePerTicket: storage === null ? null : Math.round(Number(storage) / size),
    cheaper: storage === null || roster < storage ? "roster" : "storage",
  });
}

// 2. PapercutTicket's airdrop at sizes around its threshold.
const ticketRows: { size: number; path: string; gasPerTicket: number; txGas: bigint }[] = [];
const ticketProbe = await deployTicket(connection, { cap: 100_000n });
const threshold = Number(await ticketProbe.ROSTER_MIN_BATCH());
let next = 1n;
for (const size of [1, 2, 10, 100, threshold - 1, threshold, 512, 1000, 1266]) {
  const people = benchAddresses(size, `ticket-${size}`);
  const before = await ticketProbe.rosterCount();
  const gas = await gasOf(ticketProbe.airdrop(next, people));
  next += BigInt(size);
  ticketRows.push({
    size,
    path: (await ticketProbe.rosterCount()) > before ? "roster" : "storage",
    gasPerTicket: Math.round(Number(gas) / size),
    txGas: gas,
  });
}
const storageTickets = ticketRows.filter((r) => r.path === "storage" && r.size >= 10);
const perStorageTicket =
  Number(storageTickets.at(-1)!.txGas - storageTickets[0]!.txGas) /
  (storageTickets.at(-1)!.size - storageTickets[0]!.size);
const storageBase = Number(storageTickets[0]!.txGas) - perStorageTicket * storageTickets[0]!.size;
const storageFit75 = Math.floor((Number((TX_GAS_CAP * 75n) / 100n) - storageBase) / perStorageTicket);

// 3. balanceOf against the number of rosters (each spanning the address range).
const probe = await ethers.deployContract("GasProbe");
const balanceRows: { rosters: number; holder: bigint; nonHolderInside: bigint; nonHolderOutside: bigint }[] =
  [];
for (const count of ROSTER_COUNTS) {
  const token = await ethers.deployContract("ERC721RosterMock", ["B", "B"]);
  const people = benchAddresses(count * 300, `balance-${count}`);
  let id = 1n;
  for (const batch of interleavedChunks(people, count)) {
    await (await token.writeRoster(id, batch)).wait();
    id += BigInt(batch.length);
  }
  const address = await token.getAddress();
  const inside = benchAddresses(1, `inside-${count}`)[0]!;
  balanceRows.push({
    rosters: count,
    holder: await balanceOfGas(probe, address, people[Math.floor(people.length / 2)]!),
    nonHolderInside: await balanceOfGas(probe, address, inside),
    nonHolderOutside: await balanceOfGas(probe, address, "0x0000000000000000000000000000000000000001"),
  });
}
const last = balanceRows.at(-1)!;
const first = balanceRows[0]!;
const perRoster = (pick: (r: (typeof balanceRows)[number]) => bigint) =>
  Math.round(Number(pick(last) - pick(first)) / (last.rosters - first.rosters));
const perRosterHolder = perRoster((r) => r.holder);
const perRosterInside = perRoster((r) => r.nonHolderInside);
const perRosterOutside = perRoster((r) => r.nonHolderOutside);

await connection.close();

const version = (name: string) =>
  (
    JSON.parse(readFileSync(path.join(process.cwd(), "node_modules", name, "package.json"), "utf8")) as {
      version: string;
    }
  ).version;
const date = new Date().toISOString().slice(0, 10);
const result = {
  date,
  command: "npm run bench:roster-threshold",
  versions: {
    hardhat: version("hardhat"),
    solc: version("solc"),
    openzeppelin: version("@openzeppelin/contracts"),
  },
  threshold,
  issuance,
  ticket: ticketRows.map((r) => ({ ...r, txGas: r.txGas.toString() })),
  storageGasPerTicket: Math.round(perStorageTicket),
  storageBatchFitting75PercentOfTxCap: storageFit75,
  balanceOf: balanceRows.map((r) => ({
    rosters: r.rosters,
    holder: r.holder.toString(),
    nonHolderInside: r.nonHolderInside.toString(),
    nonHolderOutside: r.nonHolderOutside.toString(),
  })),
  balanceOfGasPerRoster: {
    holder: perRosterHolder,
    nonHolderInside: perRosterInside,
    nonHolderOutside: perRosterOutside,
  },
};

const fmt = (v: bigint | number) => v.toLocaleString("en-US");
const md = [
  `# Roster threshold (${date}, \`npm run bench:roster-threshold\`)`,
  "",
  "## Issuing n fresh recipients: roster vs storage mints (ERC721RosterMock, gas per ticket incl. 21,000 base)",
  "",
  "| n | roster | storage | cheaper |",
  "|---:|---:|---:|---|",
  ...issuance.map(
    (r) =>
      `| ${r.size} | ${fmt(r.rosterPerTicket)} | ${r.storagePerTicket === null ? "over the tx cap" : fmt(r.storagePerTicket)} | ${r.cheaper} |`,
  ),
  "",
  `## PapercutTicket.airdrop (ROSTER_MIN_BATCH = ${threshold})`,
  "",
  "| n | path | gas/ticket | tx gas |",
  "|---:|---|---:|---:|",
  ...ticketRows.map((r) => `| ${r.size} | ${r.path} | ${fmt(r.gasPerTicket)} | ${fmt(r.txGas)} |`),
  "",
  `Storage: ${fmt(Math.round(perStorageTicket))} gas per ticket; ${fmt(storageFit75)} tickets fill 75% of the ` +
    `per-transaction cap, so a planner that doubles that once reaches ${fmt(storageFit75 * 2)}.`,
  "",
  "## balanceOf (call-level, cold) against the number of rosters (each spanning the address range; ERC721RosterMock)",
  "",
  "| rosters | holder | non-holder inside the range | non-holder below every roster |",
  "|---:|---:|---:|---:|",
  ...balanceRows.map(
    (r) => `| ${r.rosters} | ${fmt(r.holder)} | ${fmt(r.nonHolderInside)} | ${fmt(r.nonHolderOutside)} |`,
  ),
  "",
  `Each roster adds about ${fmt(perRosterHolder)} gas to a holder's balanceOf, ${fmt(perRosterInside)} to a ` +
    `non-holder's inside its range and ${fmt(perRosterOutside)} outside it.`,
  "",
].join("\n");
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/roster-threshold.json", JSON.stringify(result, null, 2) + "\n");
writeFileSync("bench/results/roster-threshold.md", md);
process.stdout.write(md);
