import { expect } from "chai";
import { network } from "hardhat";
import type { Signer } from "ethers";

import { CHALLENGE_LIFETIME_MAX_SECONDS, createChallenge } from "../../src/checkin/create-challenge.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import { toContractProof } from "../../src/checkin/typed-data.js";
import { deployTicket } from "../support/ticket-fixture.js";

/**
 * Issue 18, the door, attacked at the contract: a transfer between ADMIT and commit, a proof committed long after
 * its challenge, a wallet that burns gas. Each test performs the attack and shows it fails now.
 */
const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;
const HOUR = 3600n;

async function doorFixture() {
  const [, gate, alice, bob, carol] = await ethers.getSigners();
  const now = BigInt(await time.latest());
  const eventStart = now + HOUR;
  const eventEnd = eventStart + 24n * HOUR;
  const ticket = await deployTicket(connection, { cap: 300n, eventStart, eventEnd, transferPolicy: 0n });
  await ticket.grantRole(await ticket.GATE_ROLE(), gate!.address);
  const burner = await ethers.deployContract("GasBurningWalletMock");
  // Tickets 1-4 alice, 5-6 bob, 7 the gas-burning wallet.
  await ticket.airdrop(1n, [alice!.address, alice!.address, alice!.address, alice!.address]);
  await ticket.airdrop(5n, [bob!.address, bob!.address]);
  await ticket.airdrop(7n, [await burner.getAddress()]);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const contract = await ticket.getAddress();
  await time.increaseTo(eventStart);
  return {
    ticket,
    gate: gate!,
    alice: alice!,
    bob: bob!,
    carol: carol!,
    burner,
    chainId,
    contract,
    eventEnd,
  };
}

type Door = Awaited<ReturnType<typeof doorFixture>>;

/** A proof answering a challenge the gate issues now (by the chain's clock). */
async function proof(f: Door, signer: Signer, tokenId: bigint, ttlSeconds = 60) {
  const nowMs = (await time.latest()) * 1000;
  const challenge = createChallenge({
    gate: "NORTH-1",
    chainId: f.chainId,
    contract: f.contract,
    ttlSeconds,
    now: () => nowMs,
  });
  return toContractProof(await signCheckInProof({ signer, tokenId, challenge }));
}

describe("TicketLifecycle: the door (issue 18)", function () {
  describe("a transfer mined between ADMIT and the commit", function () {
    it("cannot void the admission: the commit of the previous holder's proof succeeds, once", async function () {
      const f = await networkHelpers.loadFixture(doorFixture);
      const p = await proof(f, f.alice, 1n);
      // ADMIT: the gate's eth_call of checkIn names alice.
      expect(await f.ticket.connect(f.gate).checkIn.staticCall(p)).to.equal(f.alice.address);
      // The attack: alice's transfer (signed in advance) is mined before the gate's commit.
      await f.ticket.connect(f.alice).transferFrom(f.alice.address, f.bob.address, 1n);
      await expect(f.ticket.connect(f.gate).checkIn(p))
        .to.emit(f.ticket, "CheckedIn")
        .withArgs(1n, p.gate, f.alice.address, f.gate.address, p.nonce);
      expect(await f.ticket.wasCheckedIn(1n)).to.equal(true);
      // The ticket is locked with bob now: bob's own proof cannot admit it a second time.
      await expect(f.ticket.connect(f.gate).checkIn(await proof(f, f.bob, 1n)))
        .to.be.revertedWithCustomError(f.ticket, "TicketAlreadyCheckedIn")
        .withArgs(1n);
      await expect(
        f.ticket.connect(f.bob).transferFrom(f.bob.address, f.carol.address, 1n),
      ).to.be.revertedWithCustomError(f.ticket, "TicketTransferLocked");
    });

    it("cannot void it with a chain of transfers either (alice -> bob -> carol -> bob)", async function () {
      const f = await networkHelpers.loadFixture(doorFixture);
      const p = await proof(f, f.alice, 2n);
      await networkHelpers.mine(1);
      await f.ticket.connect(f.alice).transferFrom(f.alice.address, f.bob.address, 2n);
      await f.ticket.connect(f.bob).transferFrom(f.bob.address, f.carol.address, 2n);
      await f.ticket.connect(f.carol).transferFrom(f.carol.address, f.bob.address, 2n);
      await time.increase(600);
      await expect(f.ticket.connect(f.gate).checkInBatch([p]))
        .to.emit(f.ticket, "CheckedIn")
        .withArgs(2n, p.gate, f.alice.address, f.gate.address, p.nonce);
    });

    it("does not let a previous holder answer a challenge issued after the move", async function () {
      const f = await networkHelpers.loadFixture(doorFixture);
      await f.ticket.connect(f.alice).transferFrom(f.alice.address, f.bob.address, 3n);
      await time.increase(CHALLENGE_LIFETIME_MAX_SECONDS + 1);
      await expect(f.ticket.connect(f.gate).checkIn(await proof(f, f.alice, 3n)))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
        .withArgs(3n, f.bob.address);
      // The holder now is admitted.
      await expect(f.ticket.connect(f.gate).checkIn(await proof(f, f.bob, 3n))).to.emit(
        f.ticket,
        "CheckedIn",
      );
    });

    it("records nothing for a transfer outside the event window (a proof signed before it dies with it)", async function () {
      const [admin, , alice, bob] = await ethers.getSigners();
      const now = BigInt(await time.latest());
      const ticket = await deployTicket(connection, { eventStart: now + HOUR, eventEnd: now + 2n * HOUR });
      await ticket.airdrop(1n, [alice!.address]);
      const chainId = (await ethers.provider.getNetwork()).chainId;
      const f = { chainId, contract: await ticket.getAddress() } as Door;
      const p = await proof(f, alice!, 1n);
      await ticket.connect(alice).transferFrom(alice!.address, bob!.address, 1n);
      await time.increaseTo(now + HOUR);
      await expect(ticket.connect(admin).checkIn(p))
        .to.be.revertedWithCustomError(ticket, "TicketInvalidProof")
        .withArgs(1n, bob!.address);
    });
  });

  describe("expiry on-chain", function () {
    it("refuses a proof more than CHECK_IN_GRACE past its expiry (a photographed QR code dies)", async function () {
      const f = await networkHelpers.loadFixture(doorFixture);
      const grace = await f.ticket.CHECK_IN_GRACE();
      expect(grace).to.equal(12n * HOUR);
      const p = await proof(f, f.bob, 5n);
      await time.increaseTo(p.expiry + grace + 1n);
      await expect(f.ticket.connect(f.gate).checkIn(p))
        .to.be.revertedWithCustomError(f.ticket, "TicketProofExpired")
        .withArgs(5n, p.expiry);
      await expect(f.ticket.connect(f.gate).checkInBatch([p]))
        .to.emit(f.ticket, "CheckInRefused")
        .withArgs(5n, p.gate, f.ticket.interface.getError("TicketProofExpired")!.selector);
      expect(await f.ticket.wasCheckedIn(5n)).to.equal(false);
    });

    it("still commits a proof within the grace (an offline gate syncing hours later)", async function () {
      const f = await networkHelpers.loadFixture(doorFixture);
      const p = await proof(f, f.bob, 6n);
      // The commit's block comes one second after this one: its timestamp is exactly expiry + grace.
      await time.increaseTo(p.expiry + (await f.ticket.CHECK_IN_GRACE()) - 1n);
      await expect(f.ticket.connect(f.gate).checkIn(p)).to.emit(f.ticket, "CheckedIn");
    });

    it("refuses a challenge living longer than CHALLENGE_LIFETIME_MAX when it is created", async function () {
      const f = await networkHelpers.loadFixture(doorFixture);
      expect(await f.ticket.CHALLENGE_LIFETIME_MAX()).to.equal(BigInt(CHALLENGE_LIFETIME_MAX_SECONDS));
      await proof(f, f.bob, 6n, CHALLENGE_LIFETIME_MAX_SECONDS);
      let error: unknown;
      try {
        await proof(f, f.bob, 6n, CHALLENGE_LIFETIME_MAX_SECONDS + 1);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(RangeError);
    });
  });

  describe("a gas-burning ERC-1271 holder", function () {
    it("fails only its own proof in a batch: every other admission is committed", async function () {
      const f = await networkHelpers.loadFixture(doorFixture);
      const proofs = [await proof(f, f.alice, 1n), await proof(f, f.alice, 7n), await proof(f, f.bob, 5n)];
      const tx = await f.ticket.connect(f.gate).checkInBatch(proofs);
      await expect(tx)
        .to.emit(f.ticket, "CheckInRefused")
        .withArgs(7n, proofs[1]!.gate, f.ticket.interface.getError("TicketInvalidProof")!.selector);
      expect(await f.ticket.wasCheckedIn(1n)).to.equal(true);
      expect(await f.ticket.wasCheckedIn(5n)).to.equal(true);
      expect(await f.ticket.wasCheckedIn(7n)).to.equal(false);
      const receipt = await tx.wait();
      // The wallet got its fixed stipend, not 63/64 of the transaction.
      expect(receipt!.gasUsed).to.be.below(100_000n + 150_000n);
    });

    it("cannot make a transaction short of gas refuse a good wallet: it reverts TicketCheckInGasTooLow", async function () {
      const f = await networkHelpers.loadFixture(doorFixture);
      const p = await proof(f, f.alice, 7n);
      await expect(f.ticket.connect(f.gate).checkIn(p, { gasLimit: 90_000n })).to.be.revertedWithCustomError(
        f.ticket,
        "TicketCheckInGasTooLow",
      );
    });
  });
});
