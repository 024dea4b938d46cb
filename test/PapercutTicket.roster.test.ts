import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { balanceOfGas, benchAddresses, equalChunks } from "../bench/lib/gas.js";
import { deployTicket, rosterCode, sortAddresses } from "./support/ticket-fixture.js";
import { FULL } from "./support/full.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** `npm run test:full` issues and sweeps all 5,000 tickets of the sample event; `npm test` one full roster. */

async function ticketFixture() {
  const [admin, alice, bob, carol] = (await ethers.getSigners()) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const ticket = await deployTicket(connection, { cap: 5000n });
  const threshold = await ticket.ROSTER_MIN_BATCH();
  return { ticket, admin, alice, bob, carol, threshold };
}

/** `count` fresh addresses plus `extra`, sorted ascending: a batch with the given people in it. */
function batchWith(count: number, extra: readonly string[], label = "roster-batch"): string[] {
  return sortAddresses([...benchAddresses(count, label), ...extra]);
}

describe("PapercutTicket issuance as compact rosters", function () {
  it("has a roster threshold of 256 recipients", async function () {
    const { threshold } = await networkHelpers.loadFixture(ticketFixture);
    expect(threshold).to.equal(256n);
  });

  it("writes each batch of ROSTER_MIN_BATCH or more as a roster whose data contract the ticket derives itself", async function () {
    const { ticket, alice, bob, threshold } = await networkHelpers.loadFixture(ticketFixture);
    const recipients = batchWith(Number(threshold) - 3, [alice.address, bob.address, bob.address]);
    const data = ethers.getCreateAddress({ from: await ticket.getAddress(), nonce: 1 });
    await expect(ticket.airdrop(1n, recipients))
      .to.emit(ticket, "RosterWritten")
      .withArgs(0n, 1n, threshold, data)
      .and.to.emit(ticket, "TicketsIssued");
    expect(await ticket.rosterCount()).to.equal(1n);
    expect(await ticket.roster(0n)).to.deep.equal([1n, threshold, data]);
    expect(await ethers.provider.getCode(data)).to.equal(rosterCode(recipients));
    expect(await ticket.balanceOf(bob.address)).to.equal(2n);
  });

  it("rejects an unsorted roster-size batch with ERC721RosterUnsorted and issues nothing", async function () {
    const { ticket, threshold } = await networkHelpers.loadFixture(ticketFixture);
    const batch = batchWith(Number(threshold), []);
    const [low, high] = [batch[10]!, batch[11]!];
    batch[10] = high;
    batch[11] = low;
    await expect(ticket.airdrop(1n, batch))
      .to.be.revertedWithCustomError(ticket, "ERC721RosterUnsorted")
      .withArgs(11n, high, low);
    expect(await ticket.totalMinted()).to.equal(0n);
    expect(await ticket.rosterCount()).to.equal(0n);
  });

  it("takes 1,266 recipients in one batch and rejects 1,267 with ERC721RosterInvalidSize", async function () {
    const { ticket } = await networkHelpers.loadFixture(ticketFixture);
    const many = benchAddresses(1267, "roster-size");
    await expect(ticket.airdrop(1n, many))
      .to.be.revertedWithCustomError(ticket, "ERC721RosterInvalidSize")
      .withArgs(1267n, 1266n);
    await ticket.airdrop(1n, many.slice(0, 1266));
    expect(await ticket.nextTokenId()).to.equal(1267n);
  });

  it("checks cap and order before the roster: TicketSupplyExceeded, TicketBatchOutOfOrder", async function () {
    const { ticket, threshold } = await networkHelpers.loadFixture(ticketFixture);
    const small = await deployTicket(connection, { cap: threshold });
    const batch = batchWith(Number(threshold) + 1, [], "cap");
    await expect(small.airdrop(1n, batch))
      .to.be.revertedWithCustomError(small, "TicketSupplyExceeded")
      .withArgs(threshold + 1n, threshold);
    await ticket.airdrop(1n, batch);
    await expect(ticket.airdrop(1n, batch))
      .to.be.revertedWithCustomError(ticket, "TicketBatchOutOfOrder")
      .withArgs(1n, threshold + 2n);
    expect(await ticket.rosterCount()).to.equal(1n);
  });

  it("pauses transfers of tickets still on their roster, and keeps them readable", async function () {
    const { ticket, admin, alice, bob, threshold } = await networkHelpers.loadFixture(ticketFixture);
    const batch = batchWith(Number(threshold) - 1, [alice.address]);
    await ticket.airdrop(1n, batch);
    const id = BigInt(batch.indexOf(alice.address) + 1);
    await ticket.connect(admin).pause();
    expect(await ticket.paused()).to.equal(true);
    await expect(
      ticket.connect(alice).transferFrom(alice.address, bob.address, id),
    ).to.be.revertedWithCustomError(ticket, "EnforcedPause");
    expect(await ticket.ownerOf(id)).to.equal(alice.address);
    expect(await ticket.balanceOf(alice.address)).to.equal(1n);
    await expect(ticket.connect(admin).pause()).to.be.revertedWithCustomError(ticket, "EnforcedPause");
    await expect(ticket.connect(admin).unpause()).to.emit(ticket, "Unpaused").withArgs(admin.address);
    await expect(ticket.connect(admin).unpause()).to.be.revertedWithCustomError(ticket, "ExpectedPause");
    await ticket.connect(alice).transferFrom(alice.address, bob.address, id);
    expect(await ticket.balanceOf(alice.address)).to.equal(0n);
    // The pause flag shares the roster head: pausing and unpausing left the rosters intact.
    expect(await ticket.rosterCount()).to.equal(1n);
    expect(await ticket.ownerOf(1n)).to.equal(batch[0]);
  });

  it("locks a voided roster ticket: the first void turns on the flag reads that transfers skipped until then", async function () {
    const { ticket, admin, alice, bob, threshold } = await networkHelpers.loadFixture(ticketFixture);
    const batch = batchWith(Number(threshold) - 2, [alice.address, alice.address]);
    await ticket.airdrop(1n, batch);
    const first = BigInt(batch.indexOf(alice.address) + 1);
    await ticket.connect(alice).transferFrom(alice.address, bob.address, first); // no flags anywhere yet
    await ticket.connect(admin).voidTicket(first + 1n);
    await expect(ticket.connect(alice).transferFrom(alice.address, bob.address, first + 1n))
      .to.be.revertedWithCustomError(ticket, "TicketTransferLocked")
      .withArgs(first + 1n, 3n); // TicketState.Voided
    await ticket.connect(bob).transferFrom(bob.address, alice.address, first); // valid tickets still move
    expect(await ticket.balanceOf(alice.address)).to.equal(2n);
  });

  it("gives an attendee listed in several roster batches all their tickets", async function () {
    const { ticket, alice, bob, carol, threshold } = await networkHelpers.loadFixture(ticketFixture);
    const first = batchWith(Number(threshold) - 3, [alice.address, bob.address, alice.address], "several-1");
    const second = batchWith(Number(threshold) - 2, [carol.address, alice.address], "several-2");
    await ticket.airdrop(1n, first);
    await ticket.airdrop(BigInt(first.length + 1), second);
    expect(await ticket.rosterCount()).to.equal(2n);
    expect(await ticket.balanceOf(alice.address)).to.equal(3n);
    const aliceInSecond = BigInt(first.length + second.indexOf(alice.address) + 1);
    await ticket.connect(alice).transferFrom(alice.address, carol.address, aliceInSecond);
    expect(await ticket.balanceOf(alice.address)).to.equal(2n);
    expect(await ticket.balanceOf(carol.address)).to.equal(2n);
  });

  it(`issues ${FULL ? "all 5,000 tickets" : "one full roster"} and every ticket and balance reads back as planned`, async function () {
    const { ticket } = await networkHelpers.loadFixture(ticketFixture);
    const people = benchAddresses(FULL ? 4000 : 1000, "sweep");
    // Every fifth attendee holds two tickets (adjacent in their batch).
    const plan = sortAddresses([...people, ...people.filter((_, i) => i % 5 === 0)]);
    const batches = equalChunks(plan, Math.ceil(plan.length / 1266));
    let next = 1n;
    for (const batch of batches) {
      await ticket.airdrop(next, batch);
      next += BigInt(batch.length);
    }
    const issued = batches.flat();
    const step = FULL ? 1 : 37;
    for (let i = 0; i < issued.length; i += step) {
      expect(await ticket.ownerOf(BigInt(i + 1))).to.equal(issued[i]);
    }
    for (let i = 0; i < people.length; i += step) {
      expect(await ticket.balanceOf(people[i]!)).to.equal(i % 5 === 0 ? 2n : 1n);
    }
    await expect(ticket.ownerOf(next)).to.be.revertedWithCustomError(ticket, "ERC721NonexistentToken");
  });
});

describe("PapercutTicket issuance of small batches (storage mints)", function () {
  it("mints a batch below ROSTER_MIN_BATCH to storage: one Transfer per ticket, no roster, in any order", async function () {
    const { ticket, admin, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
    // Unsorted and with a duplicate that is not adjacent: storage mints take any order.
    const recipients = [bob.address, alice.address, bob.address];
    const tx = ticket.airdrop(1n, recipients);
    await expect(tx).to.emit(ticket, "TicketsIssued").withArgs(1n, 3n, admin.address);
    await expect(tx).to.not.emit(ticket, "RosterWritten");
    for (const [i, to] of recipients.entries()) {
      await expect(tx)
        .to.emit(ticket, "Transfer")
        .withArgs(ethers.ZeroAddress, to, BigInt(i + 1));
    }
    expect(await ticket.rosterCount()).to.equal(0n);
    expect(await ticket.totalMinted()).to.equal(3n);
    expect(await ticket.ownerOf(2n)).to.equal(alice.address);
    expect(await ticket.balanceOf(bob.address)).to.equal(2n);
  });

  it("applies the same policy to storage batches: replay guard, cap, pause, role, zero address", async function () {
    const { ticket, admin, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
    await ticket.airdrop(1n, [alice.address]);
    await expect(ticket.airdrop(1n, [alice.address]))
      .to.be.revertedWithCustomError(ticket, "TicketBatchOutOfOrder")
      .withArgs(1n, 2n);
    await expect(ticket.airdrop(2n, [bob.address, ethers.ZeroAddress]))
      .to.be.revertedWithCustomError(ticket, "ERC721InvalidReceiver")
      .withArgs(ethers.ZeroAddress);
    await expect(ticket.airdrop(2n, [])).to.be.revertedWithCustomError(ticket, "TicketEmptyBatch");
    await expect(ticket.connect(alice).airdrop(2n, [bob.address]))
      .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
      .withArgs(alice.address, await ticket.MINTER_ROLE());
    await ticket.connect(admin).pause();
    await expect(ticket.airdrop(2n, [bob.address])).to.be.revertedWithCustomError(ticket, "EnforcedPause");
    await ticket.connect(admin).unpause();
    const small = await deployTicket(connection, { cap: 2n });
    await expect(small.airdrop(1n, [alice.address, bob.address, bob.address]))
      .to.be.revertedWithCustomError(small, "TicketSupplyExceeded")
      .withArgs(3n, 2n);
    expect(await ticket.totalMinted()).to.equal(1n);
    expect(await ticket.balanceOf(bob.address)).to.equal(0n);
  });

  it("switches at the threshold: ROSTER_MIN_BATCH - 1 recipients go to storage, ROSTER_MIN_BATCH to a roster", async function () {
    const { ticket, threshold } = await networkHelpers.loadFixture(ticketFixture);
    const below = batchWith(Number(threshold) - 1, [], "boundary-below");
    const at = batchWith(Number(threshold), [], "boundary-at");
    await expect(ticket.airdrop(1n, below)).to.not.emit(ticket, "RosterWritten");
    expect(await ticket.rosterCount()).to.equal(0n);
    await expect(ticket.airdrop(threshold, at))
      .to.emit(ticket, "RosterWritten")
      .withArgs(
        0n,
        threshold,
        threshold,
        ethers.getCreateAddress({ from: await ticket.getAddress(), nonce: 1 }),
      );
    expect(await ticket.rosterCount()).to.equal(1n);
    for (const i of [0, 100, below.length - 1])
      expect(await ticket.ownerOf(BigInt(i + 1))).to.equal(below[i]);
    for (const i of [0, 100, at.length - 1]) {
      expect(await ticket.ownerOf(threshold + BigInt(i))).to.equal(at[i]);
      expect(await ticket.balanceOf(at[i]!)).to.equal(1n);
    }
  });

  it("mixes storage batches and rosters in any order, IDs consecutive, balances adding up", async function () {
    const { ticket, alice, bob, threshold } = await networkHelpers.loadFixture(ticketFixture);
    await ticket.airdrop(1n, [alice.address, bob.address]);
    const roster = batchWith(Number(threshold) - 1, [alice.address], "mixed");
    await ticket.airdrop(3n, roster);
    const next = 3n + BigInt(roster.length);
    await ticket.airdrop(next, [alice.address]);
    expect(await ticket.rosterCount()).to.equal(1n);
    expect(await ticket.roster(0n)).to.deep.equal([
      3n,
      threshold,
      ethers.getCreateAddress({ from: await ticket.getAddress(), nonce: 1 }),
    ]);
    expect(await ticket.ownerOf(next)).to.equal(alice.address);
    expect(await ticket.balanceOf(alice.address)).to.equal(3n);
    // A stored ticket and a roster ticket move alike.
    await ticket.connect(alice).transferFrom(alice.address, bob.address, 1n);
    await ticket
      .connect(alice)
      .transferFrom(alice.address, bob.address, 3n + BigInt(roster.indexOf(alice.address)));
    expect(await ticket.balanceOf(alice.address)).to.equal(1n);
    expect(await ticket.balanceOf(bob.address)).to.equal(3n);
  });

  it("keeps balanceOf bounded: 300 one-recipient airdrops (claims) add no roster and no balanceOf gas", async function () {
    const { ticket, alice, threshold } = await networkHelpers.loadFixture(ticketFixture);
    const probe = await ethers.deployContract("GasProbe");
    const address = await ticket.getAddress();
    const roster = batchWith(Number(threshold) - 1, [alice.address], "bounded");
    await ticket.airdrop(1n, roster);
    const claimants = benchAddresses(300, "bounded-claims");
    let next = BigInt(roster.length) + 1n;
    const gasAfter: bigint[] = [];
    for (const [i, claimant] of claimants.entries()) {
      await ticket.airdrop(next++, [claimant]);
      if (i === 9 || i === claimants.length - 1) {
        gasAfter.push(await balanceOfGas(probe, address, alice.address));
        // The same claimant both times: a non-holder's search depends on how full its bucket of the roster is.
        gasAfter.push(await balanceOfGas(probe, address, claimants[9]!));
      }
    }
    expect(await ticket.rosterCount()).to.equal(1n);
    expect(await ticket.balanceOf(claimants[299]!)).to.equal(1n);
    // After 10 and after 300 claims: the same gas within a few dozen (a roster per claim would add >= 2,600 each),
    // for a roster holder and for a claimant.
    const [aliceAt10, claimantAt10, aliceAt300, claimantAt300] = gasAfter.map(Number) as [
      number,
      number,
      number,
      number,
    ];
    expect(aliceAt300).to.be.closeTo(aliceAt10, 100);
    expect(claimantAt300).to.be.closeTo(claimantAt10, 100);
    expect(aliceAt300).to.be.at.most(50_000); // the target of issue #4
  });
});
