import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { benchAddresses, equalChunks } from "../bench/lib/gas.js";
import { deployTicket, sortAddresses } from "./helpers/ticket-fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

/** `npm run test:full` issues and sweeps all 5,000 tickets of the sample event; `npm test` one full roster. */
const FULL = process.env.PAPERCUT_FULL === "1";

async function ticketFixture() {
  const [admin, alice, bob, carol] = (await ethers.getSigners()) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const ticket = await deployTicket(connection, { cap: 5000n });
  return { ticket, admin, alice, bob, carol };
}

describe("PapercutTicket issuance as compact rosters", function () {
  it("writes each batch as a roster whose data contract the ticket derives itself", async function () {
    const { ticket, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
    const recipients = sortAddresses([alice.address, bob.address, bob.address]);
    const data = ethers.getCreateAddress({ from: await ticket.getAddress(), nonce: 1 });
    await expect(ticket.airdrop(1n, recipients))
      .to.emit(ticket, "RosterWritten")
      .withArgs(0n, 1n, 3n, data)
      .and.to.emit(ticket, "TicketsIssued");
    expect(await ticket.rosterCount()).to.equal(1n);
    expect(await ticket.roster(0n)).to.deep.equal([1n, 3n, data]);
    expect(await ethers.provider.getCode(data)).to.equal(
      ethers.concat(["0x00", ...recipients]).toLowerCase(),
    );
  });

  it("rejects an unsorted batch with ERC721RosterUnsorted and issues nothing", async function () {
    const { ticket, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
    const [low, high] = sortAddresses([alice.address, bob.address]) as [string, string];
    await expect(ticket.airdrop(1n, [high, low]))
      .to.be.revertedWithCustomError(ticket, "ERC721RosterUnsorted")
      .withArgs(1n, high, low);
    expect(await ticket.totalMinted()).to.equal(0n);
    expect(await ticket.rosterCount()).to.equal(0n);
  });

  it("takes 1,228 recipients in one batch and rejects 1,229 with ERC721RosterInvalidSize", async function () {
    const { ticket } = await networkHelpers.loadFixture(ticketFixture);
    const many = benchAddresses(1229, "roster-size");
    await expect(ticket.airdrop(1n, many))
      .to.be.revertedWithCustomError(ticket, "ERC721RosterInvalidSize")
      .withArgs(1229n, 1228n);
    await ticket.airdrop(1n, many.slice(0, 1228));
    expect(await ticket.nextTokenId()).to.equal(1229n);
  });

  it("checks cap and order before the roster: TicketSupplyExceeded, TicketBatchOutOfOrder", async function () {
    const { ticket } = await networkHelpers.loadFixture(ticketFixture);
    const small = await deployTicket(connection, { cap: 3n });
    const four = benchAddresses(4, "cap");
    await expect(small.airdrop(1n, four))
      .to.be.revertedWithCustomError(small, "TicketSupplyExceeded")
      .withArgs(4n, 3n);
    await ticket.airdrop(1n, four);
    await expect(ticket.airdrop(1n, four))
      .to.be.revertedWithCustomError(ticket, "TicketBatchOutOfOrder")
      .withArgs(1n, 5n);
    expect(await ticket.rosterCount()).to.equal(1n);
  });

  it("pauses transfers of tickets still on their roster, and keeps them readable", async function () {
    const { ticket, admin, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
    await ticket.airdrop(1n, [alice.address]);
    await ticket.connect(admin).pause();
    await expect(
      ticket.connect(alice).transferFrom(alice.address, bob.address, 1n),
    ).to.be.revertedWithCustomError(ticket, "EnforcedPause");
    expect(await ticket.ownerOf(1n)).to.equal(alice.address);
    expect(await ticket.balanceOf(alice.address)).to.equal(1n);
    await ticket.connect(admin).unpause();
    await ticket.connect(alice).transferFrom(alice.address, bob.address, 1n);
    expect(await ticket.balanceOf(alice.address)).to.equal(0n);
  });

  it("gives an attendee listed in several batches all their tickets", async function () {
    const { ticket, alice, bob, carol } = await networkHelpers.loadFixture(ticketFixture);
    await ticket.airdrop(1n, sortAddresses([alice.address, bob.address, alice.address]));
    await ticket.airdrop(4n, sortAddresses([carol.address, alice.address]));
    expect(await ticket.balanceOf(alice.address)).to.equal(3n);
    await ticket
      .connect(alice)
      .transferFrom(alice.address, carol.address, (await ticket.ownerOf(4n)) === alice.address ? 4n : 5n);
    expect(await ticket.balanceOf(alice.address)).to.equal(2n);
    expect(await ticket.balanceOf(carol.address)).to.equal(2n);
  });

  it(`issues ${FULL ? "all 5,000 tickets" : "one full roster"} and every ticket and balance reads back as planned`, async function () {
    const { ticket } = await networkHelpers.loadFixture(ticketFixture);
    const people = benchAddresses(FULL ? 4000 : 1000, "sweep");
    // Every fifth attendee holds two tickets (adjacent in their batch).
    const plan = sortAddresses([...people, ...people.filter((_, i) => i % 5 === 0)]);
    const batches = equalChunks(plan, Math.ceil(plan.length / 1228));
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
