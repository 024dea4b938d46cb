import { expect } from "chai";
import { network } from "hardhat";

import {
  MAX_ROSTER_SIZE,
  runRosterScale,
  worstBalanceOf,
  type RosterScaleResult,
} from "../../bench/lib/roster-scale.js";
import { FULL } from "../support/full.js";

/** Rosters that 1,000,000 tickets take (full rosters of 1,266). */
const MILLION_ROSTERS = Math.ceil(1_000_000 / MAX_ROSTER_SIZE);
const BALANCE_OF_GOAL = 3_000_000;
const AIRDROP_GOAL = 7_000;

async function measure(tickets: number): Promise<RosterScaleResult> {
  const connection = await network.create();
  try {
    return await runRosterScale(connection, { tickets, nonHolders: 16, sample: 16 });
  } finally {
    await connection.close();
  }
}

describe("ERC721Roster at scale (PapercutTicket, rosters spanning the whole address range)", function () {
  it("grows balanceOf by a bounded cost per roster, within 3,000,000 gas at the 790 rosters of 1,000,000 tickets", async function () {
    // Gas is deterministic: two chains of 8 and 24 full rosters give the cost of each further roster, for the
    // holders on every roster (one ticket each, and eight each) and for random non-holders.
    const small = await measure(8 * MAX_ROSTER_SIZE);
    const large = await measure(24 * MAX_ROSTER_SIZE);
    const perRoster = (pick: (r: RosterScaleResult) => number) => (pick(large) - pick(small)) / 16;
    const atAMillion = (pick: (r: RosterScaleResult) => number) =>
      pick(large) + (MILLION_ROSTERS - 24) * perRoster(pick);

    expect(perRoster((r) => r.balanceOf.everywhere.gas)).to.be.at.most(3_600);
    expect(perRoster((r) => r.balanceOf.heavy.gas)).to.be.at.most(3_900);
    expect(perRoster((r) => r.balanceOf.nonHolders.max)).to.be.at.most(3_600);
    for (const pick of [
      (r: RosterScaleResult) => r.balanceOf.everywhere.gas,
      (r: RosterScaleResult) => r.balanceOf.heavy.gas,
      (r: RosterScaleResult) => r.balanceOf.nonHolders.max,
    ]) {
      expect(atAMillion(pick)).to.be.at.most(BALANCE_OF_GOAL);
    }
    // The balances themselves were checked by runRosterScale (it throws on a wrong one).
    expect(large.balanceOf.everywhere.balance).to.equal(24);
    expect(large.balanceOf.heavy.balance).to.equal(24 * 8);
    expect(large.balanceOf.everywhereAfterItsFirstTransfer.balance).to.equal(23);
  });

  it("keeps the airdrop at most 7,000 gas per ticket, and ownerOf and a first transfer bounded", async function () {
    const r = await measure(24 * MAX_ROSTER_SIZE);
    expect(r.rosters).to.equal(24);
    expect(r.airdrop.gasPerTicket).to.be.at.most(AIRDROP_GOAL);
    expect(r.airdrop.worstRosterGasPerTicket).to.be.at.most(AIRDROP_GOAL);
    // ownerOf bisects the rosters' first IDs (one cold slot per 8 rosters at most), then reads one data contract.
    expect(r.ownerOf.max).to.be.at.most(25_000);
    expect(r.ownerOf.moved).to.be.at.most(6_000);
    // A first transfer writes the recipient's stored balance below zero (a fresh slot when it held nothing else).
    expect(r.transfer.first).to.be.at.most(115_000);
    expect(r.transfer.firstByTheEverywhereHolder).to.be.at.most(115_000);
    expect(r.transfer.later).to.be.at.most(60_000);
  });

  (FULL ? it : it.skip)(
    "meets the goals at 1,000,000 tickets: balanceOf of any holder or non-holder at most 3,000,000 gas (test:full)",
    async function () {
      const r = await measure(1_000_000);
      expect(r.rosters).to.equal(MILLION_ROSTERS);
      expect(worstBalanceOf(r)).to.be.at.most(BALANCE_OF_GOAL);
      expect(r.balanceOf.everywhere.balance).to.equal(MILLION_ROSTERS);
      expect(r.airdrop.gasPerTicket).to.be.at.most(AIRDROP_GOAL);
      expect(r.ownerOf.max).to.be.at.most(40_000);
      expect(r.transfer.first).to.be.at.most(130_000);
    },
  );
});
