/**
 * The compact roster at internet scale: issues 1,000,000 tickets through `PapercutTicket.airdrop` (790 full rosters
 * on the in-process network, osaka rules), each roster spanning the whole address range and two holders on every
 * roster (the worst case for `balanceOf`), then measures `balanceOf` (the holders on every roster, random
 * non-holders, sampled holders), `ownerOf` over the ID range and a roster ticket's first and later transfer, all
 * call-level and cold through `GasProbe` (receipt gas for transfers). The goal of issue #17: `balanceOf` of any
 * address at most 3,000,000 gas with 1,000,000 tickets, and the airdrop at most 7,000 gas per ticket.
 * Writes bench/results/roster-scale-<date>.{json,md} (with `-<tickets>` for another size).
 *
 * Run: npm run bench:roster-scale (BENCH_TICKETS=100000 for a smaller run).
 */
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";

import { network } from "hardhat";

import { packageVersion } from "./lib/gas.js";
import { runRosterScale } from "./lib/roster-scale.js";

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const BALANCE_OF_GOAL = 3_000_000;
const AIRDROP_GOAL = 7_000;

const connection = await network.create();
const hardfork = (connection.networkConfig as { hardfork?: string }).hardfork ?? "default";
const started = Date.now();
const result = await runRosterScale(connection, {
  tickets: TICKETS,
  onProgress: (done, total) => {
    if (done % 50 === 0 || done === total)
      process.stderr.write(
        `writing rosters: ${done}/${total} (${Math.round((Date.now() - started) / 1000)} s)\n`,
      );
  },
});
await connection.close();
const seconds = Math.round((Date.now() - started) / 1000);

const date = new Date().toISOString().slice(0, 10);
const versions = {
  node: process.version,
  hardhat: packageVersion("hardhat"),
  edr: packageVersion("@nomicfoundation/edr"),
  solc: packageVersion("solc"),
  "@openzeppelin/contracts": packageVersion("@openzeppelin/contracts"),
  ethers: packageVersion("ethers"),
};
const fmt = (v: number) => v.toLocaleString("en-US");
const b = result.balanceOf;
const worstBalanceOf = Math.max(b.everywhere.gas, b.heavy.gas, b.nonHolders.max, b.holders.max);
const rows: [string, string, string][] = [
  ["airdrop, gas per ticket (all rosters)", fmt(result.airdrop.gasPerTicket), `≤ ${fmt(AIRDROP_GOAL)}`],
  [
    "airdrop, worst roster's gas per ticket",
    fmt(result.airdrop.worstRosterGasPerTicket),
    `≤ ${fmt(AIRDROP_GOAL)}`,
  ],
  ["airdrop, largest transaction", fmt(result.airdrop.largestTxGas), "≤ 16,777,216 (EIP-7825)"],
  [
    `balanceOf, a holder on every roster (balance ${fmt(b.everywhere.balance)})`,
    fmt(b.everywhere.gas),
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    `balanceOf, a holder of ${fmt(b.heavy.balance / result.rosters)} tickets on every roster (balance ${fmt(b.heavy.balance)})`,
    fmt(b.heavy.gas),
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    `balanceOf, random non-holders (max / median of ${b.nonHolders.count})`,
    `${fmt(b.nonHolders.max)} / ${fmt(b.nonHolders.median)}`,
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    `balanceOf, holders of one sampled ticket (max / median of ${b.holders.count})`,
    `${fmt(b.holders.max)} / ${fmt(b.holders.median)}`,
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    `balanceOf, the holder on every roster after its first transfer (balance ${fmt(b.everywhereAfterItsFirstTransfer.balance)})`,
    fmt(b.everywhereAfterItsFirstTransfer.gas),
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    `ownerOf, roster tickets over the ID range (max / median of ${result.ownerOf.count})`,
    `${fmt(result.ownerOf.max)} / ${fmt(result.ownerOf.median)}`,
    "bounded",
  ],
  ["ownerOf, a ticket that left its roster", fmt(result.ownerOf.moved), "bounded"],
  ["first transfer of a roster ticket", fmt(result.transfer.first), "bounded"],
  [
    "first transfer by the holder on every roster",
    fmt(result.transfer.firstByTheEverywhereHolder),
    "bounded",
  ],
  ["later transfer of that ticket", fmt(result.transfer.later), "bounded"],
];
const table = ["| Measure | Gas | Goal |", "|---|---:|---|", ...rows.map((r) => `| ${r.join(" | ")} |`)].join(
  "\n",
);
const verdict =
  worstBalanceOf <= BALANCE_OF_GOAL && result.airdrop.gasPerTicket <= AIRDROP_GOAL
    ? `Both goals met: the worst balanceOf measured is ${fmt(worstBalanceOf)} gas (${Math.round((100 * worstBalanceOf) / BALANCE_OF_GOAL)}% of 3,000,000), the airdrop ${fmt(result.airdrop.gasPerTicket)} gas per ticket.`
    : `GOAL MISSED: the worst balanceOf measured is ${fmt(worstBalanceOf)} gas, the airdrop ${fmt(result.airdrop.gasPerTicket)} gas per ticket.`;
const md = [
  `# The compact roster at ${fmt(TICKETS)} tickets`,
  "",
  `${date} · \`npm run bench:roster-scale\` · in-process network, hardfork ${hardfork} · ${fmt(result.rosters)} rosters of up to ${fmt(result.rosterSize)} · ${fmt(seconds)} s`,
  "",
  table,
  "",
  verdict,
  "",
  `Versions: ${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(" · ")}`,
  "",
  "- layout: every roster's recipients drawn at random over the whole address range (each roster then spans it, the worst case: the issuance planner sorts the whole list, so its rosters cover disjoint ranges and most buckets a lookup meets are empty); one holder with one ticket and one with 8 on every roster",
  "- gas: views are call-level cold STATICCALLs through GasProbe (incl. the 2,600 cold access to the token); transfers are receipt gasUsed (incl. 21,000 intrinsic)",
  "- first transfer: a random recipient's ticket in the middle roster to a fresh address; later: from there to another fresh address. The holder on every roster pays for its stored balance's first write (0 to -1, see ERC721Roster._update)",
  "",
].join("\n");

process.stdout.write(`\n${md}\n`);
const dir = path.join(process.cwd(), "bench", "results");
mkdirSync(dir, { recursive: true });
const base = path.join(dir, `roster-scale-${date}${TICKETS === 1_000_000 ? "" : `-${TICKETS}`}`);
writeFileSync(
  `${base}.json`,
  JSON.stringify({ date, versions, hardfork, seconds, ...result }, null, 2) + "\n",
);
writeFileSync(`${base}.md`, md);
process.stderr.write(`wrote ${path.relative(process.cwd(), base)}.{json,md}\n`);
