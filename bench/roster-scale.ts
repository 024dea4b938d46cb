/**
 * The compact roster at internet scale: issues 1,000,000 tickets through `PapercutTicket.airdrop` (790 full rosters
 * on the in-process network, osaka rules), twice: each roster spanning the whole address range with two holders on
 * every roster (the worst case for `balanceOf`), and the same tickets in the issuance planner's layout; measures `balanceOf` (the holders on every roster, random
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

import { benchVersions } from "./lib/gas.js";
import { runRosterScale, worstBalanceOf, type RosterScaleResult } from "./lib/roster-scale.js";

const TICKETS = Number(process.env.BENCH_TICKETS ?? 1_000_000);
const BALANCE_OF_GOAL = 3_000_000;
const AIRDROP_GOAL = 7_000;

const started = Date.now();
const measure = async (layout: "spanning" | "planner") => {
  const connection = await network.create();
  try {
    return await runRosterScale(connection, {
      tickets: TICKETS,
      layout,
      onProgress: (done, total) => {
        if (done % 50 === 0 || done === total)
          process.stderr.write(
            `${layout}: writing rosters ${done}/${total} (${Math.round((Date.now() - started) / 1000)} s)\n`,
          );
      },
    });
  } finally {
    await connection.close();
  }
};
const probeConnection = await network.create();
const hardfork = (probeConnection.networkConfig as { hardfork?: string }).hardfork ?? "default";
await probeConnection.close();
const result = await measure("spanning");
const planner = await measure("planner");
const seconds = Math.round((Date.now() - started) / 1000);

const date = new Date().toISOString().slice(0, 10);
const versions = benchVersions();
const fmt = (v: number) => v.toLocaleString("en-US");
const worst = worstBalanceOf(result);
const heavyPer = result.balanceOf.heavy.balance / result.rosters;
const spread = (s: { max: number; median: number }) => `${fmt(s.max)} / ${fmt(s.median)}`;
const rows: [string, (r: RosterScaleResult) => string, string][] = [
  ["airdrop, gas per ticket (all rosters)", (r) => fmt(r.airdrop.gasPerTicket), `≤ ${fmt(AIRDROP_GOAL)}`],
  [
    "airdrop, worst roster's gas per ticket",
    (r) => fmt(r.airdrop.worstRosterGasPerTicket),
    `≤ ${fmt(AIRDROP_GOAL)}`,
  ],
  ["airdrop, largest transaction", (r) => fmt(r.airdrop.largestTxGas), "≤ 16,777,216 (EIP-7825)"],
  [
    `balanceOf, holder E of ${fmt(result.rosters)} tickets (spanning: one on every roster)`,
    (r) => fmt(r.balanceOf.everywhere.gas),
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    `balanceOf, holder H of ${fmt(result.balanceOf.heavy.balance)} tickets (spanning: ${fmt(heavyPer)} on every roster)`,
    (r) => fmt(r.balanceOf.heavy.gas),
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    `balanceOf, random non-holders (max / median of ${result.balanceOf.nonHolders.count})`,
    (r) => spread(r.balanceOf.nonHolders),
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    `balanceOf, holders of one sampled ticket (max / median of ${result.balanceOf.holders.count})`,
    (r) => spread(r.balanceOf.holders),
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    "balanceOf, holder E after its first transfer",
    (r) => fmt(r.balanceOf.everywhereAfterItsFirstTransfer.gas),
    `≤ ${fmt(BALANCE_OF_GOAL)}`,
  ],
  [
    `ownerOf, roster tickets over the ID range (max / median of ${result.ownerOf.count})`,
    (r) => spread(r.ownerOf),
    "bounded",
  ],
  ["ownerOf, a ticket that left its roster", (r) => fmt(r.ownerOf.moved), "bounded"],
  ["first transfer of a roster ticket", (r) => fmt(r.transfer.first), "bounded"],
  ["first transfer by holder E", (r) => fmt(r.transfer.firstByTheEverywhereHolder), "bounded"],
  ["later transfer of that ticket", (r) => fmt(r.transfer.later), "bounded"],
];
const table = [
  "| Measure | Gas, rosters spanning the address range (worst case) | Gas, the planner's layout (whole list sorted) | Goal |",
  "|---|---:|---:|---|",
  ...rows.map(([label, pick, goal]) => `| ${label} | ${pick(result)} | ${pick(planner)} | ${goal} |`),
].join("\n");
const verdict =
  Math.max(worst, worstBalanceOf(planner)) <= BALANCE_OF_GOAL &&
  Math.max(result.airdrop.gasPerTicket, planner.airdrop.gasPerTicket) <= AIRDROP_GOAL
    ? `Both goals met: the worst balanceOf measured is ${fmt(worst)} gas (${Math.round((100 * worst) / BALANCE_OF_GOAL)}% of 3,000,000), the airdrop ${fmt(result.airdrop.gasPerTicket)} gas per ticket.`
    : `GOAL MISSED: the worst balanceOf measured is ${fmt(Math.max(worst, worstBalanceOf(planner)))} gas, the airdrop ${fmt(result.airdrop.gasPerTicket)} gas per ticket.`;
const md = [
  `# The compact roster at ${fmt(TICKETS)} tickets`,
  "",
  `${date} · \`npm run bench:roster-scale\` · in-process network, hardfork ${hardfork} · ${fmt(result.rosters)} rosters of up to ${fmt(result.rosterSize)} · both layouts in ${fmt(seconds)} s`,
  "",
  table,
  "",
  verdict,
  "",
  `Versions: ${Object.entries(versions)
    .map(([k, v]) => `${k} ${v}`)
    .join(" · ")}`,
  "",
  `- layouts: "spanning" draws every roster's recipients at random over the whole address range (each roster spans it, so every lookup meets a non-empty bucket: the worst case), with holder E on every roster once and holder H ${fmt(heavyPer)} times; "planner" sorts the same ${fmt(TICKETS)} tickets as a whole and then cuts them, as the issuance planner does (E's and H's tickets adjacent, each roster a narrow address range)`,
  "- gas: views are call-level cold STATICCALLs through GasProbe (incl. the 2,600 cold access to the token); transfers are receipt gasUsed (incl. 21,000 intrinsic)",
  "- first transfer: a random recipient's ticket in the middle roster to a fresh address; later: from there to another fresh address. Holder E's first transfer pays for its stored balance's first write (0 to -1, see ERC721Roster._update)",
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
