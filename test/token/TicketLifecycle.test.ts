import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import { Wallet, type Signer } from "ethers";

import { createChallenge } from "../../src/checkin/create-challenge.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import { checkInTypedData, toContractProof } from "../../src/checkin/typed-data.js";
import type { CheckInChallenge } from "../../src/checkin/types.js";
import { shouldBehaveLikeERC721 } from "../behaviors/ERC721.behavior.js";
import { deployTicket } from "../support/ticket-fixture.js";
import { UNDER_COVERAGE } from "../support/coverage.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const MAX_UINT = 2n ** 256n - 1n;
const HOUR = 3600n;

enum Policy {
  Transferable,
  LockedDuringEvent,
  LockedUntilEnd,
  Soulbound,
}
enum State {
  Valid,
  CheckedIn,
  Souvenir,
  Voided,
}

/** Gas budgets for check-in (asserted; the measured figures are in bench/results/checkin-gas.json). */
const SINGLE_CHECK_IN_GAS_BUDGET = 75_000n; // the first check-in of its 128-ticket slot pays a fresh 20,000-gas write
const BATCH_CHECK_IN_GAS_PER_TICKET_BUDGET = 20_000n;

type Signers = [
  HardhatEthersSigner,
  HardhatEthersSigner,
  HardhatEthersSigner,
  HardhatEthersSigner,
  HardhatEthersSigner,
  HardhatEthersSigner,
  HardhatEthersSigner,
  HardhatEthersSigner,
];

async function deployLifecycle(policy: Policy) {
  const [admin, gate, alice, bob, carol, stranger, walletOwner, minter] =
    (await ethers.getSigners()) as Signers;
  const now = BigInt(await time.latest());
  const eventStart = now + 24n * HOUR;
  const eventEnd = eventStart + 12n * HOUR;
  const ticket = await deployTicket(connection, {
    cap: 300n,
    eventStart,
    eventEnd,
    transferPolicy: BigInt(policy),
  });
  await ticket.grantRole(await ticket.GATE_ROLE(), gate.address);
  await ticket.grantRole(await ticket.MINTER_ROLE(), minter.address);
  const wallet = await ethers.deployContract("SmartWalletMock", [walletOwner.address]);
  const hostile = await ethers.deployContract("HostileWalletMock");
  // Tickets 1-3 alice, 4-5 bob, 6 the smart wallet, 7 the hostile wallet.
  await ticket.airdrop(1n, [alice.address, alice.address, alice.address]);
  await ticket.airdrop(4n, [bob.address, bob.address]);
  await ticket.airdrop(6n, [await wallet.getAddress()]);
  await ticket.airdrop(7n, [await hostile.getAddress()]);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const contract = await ticket.getAddress();
  return {
    ticket,
    admin,
    gate,
    alice,
    bob,
    carol,
    stranger,
    walletOwner,
    minter,
    wallet,
    hostile,
    eventStart,
    eventEnd,
    chainId,
    contract,
  };
}

const transferableFixture = () => deployLifecycle(Policy.Transferable);
const lockedDuringEventFixture = () => deployLifecycle(Policy.LockedDuringEvent);
const lockedUntilEndFixture = () => deployLifecycle(Policy.LockedUntilEnd);
const soulboundFixture = () => deployLifecycle(Policy.Soulbound);
const FIXTURES = {
  [Policy.Transferable]: transferableFixture,
  [Policy.LockedDuringEvent]: lockedDuringEventFixture,
  [Policy.LockedUntilEnd]: lockedUntilEndFixture,
  [Policy.Soulbound]: soulboundFixture,
};

interface ChallengeTarget {
  chainId: bigint;
  contract: string;
}

let nonceCounter = 0;
/** A challenge issued now by the chain's clock (the tests move it), expiring a minute later. */
function challenge(target: ChallengeTarget, gate = "NORTH-1", nowSeconds?: number): CheckInChallenge {
  nonceCounter += 1;
  return createChallenge({
    gate,
    chainId: target.chainId,
    contract: target.contract,
    ...(nowSeconds === undefined ? {} : { now: () => nowSeconds * 1000 }),
    randomBytes: () => ethers.getBytes(ethers.zeroPadValue(ethers.toBeHex(nonceCounter), 16)),
  });
}

async function proofFor(signer: Signer, tokenId: bigint, target: ChallengeTarget, gate = "NORTH-1") {
  const issued = challenge(target, gate, await time.latest());
  return toContractProof(await signCheckInProof({ signer, tokenId, challenge: issued }));
}

describe("TicketLifecycle (PapercutTicket)", function () {
  describe("deployment", function () {
    it("sets the event window and transfer policy, announces the window, and gives the admin the gate role", async function () {
      const { ticket, admin, eventStart, eventEnd } = await networkHelpers.loadFixture(lockedUntilEndFixture);
      expect(await ticket.eventStart()).to.equal(eventStart);
      expect(await ticket.eventEnd()).to.equal(eventEnd);
      expect(await ticket.transferPolicy()).to.equal(Policy.LockedUntilEnd);
      expect(await ticket.hasRole(await ticket.GATE_ROLE(), admin.address)).to.equal(true);
      const filter = ticket.filters.EventWindowUpdated();
      const [log] = await ticket.queryFilter(filter);
      expect([log?.args.start, log?.args.end]).to.deep.equal([eventStart, eventEnd]);
    });

    it("reports ERC-5192 (0xb45a3c0e) besides the other interfaces", async function () {
      const { ticket } = await networkHelpers.loadFixture(transferableFixture);
      for (const id of ["0xb45a3c0e", "0x80ac58cd", "0x49064906", "0x2a55205a", "0x7965db0b"]) {
        expect(await ticket.supportsInterface(id), id).to.equal(true);
      }
    });

    it("rejects a window that does not start before it ends", async function () {
      const factory = await ethers.getContractFactory("PapercutTicket");
      const [admin] = await ethers.getSigners();
      const args = (start: bigint, end: bigint) =>
        ["T", "T", 10n, admin!.address, ethers.ZeroAddress, 0n, "", "", start, end, 0n] as const;
      await expect(factory.deploy(...args(100n, 100n)))
        .to.be.revertedWithCustomError(factory, "TicketInvalidEventWindow")
        .withArgs(100n, 100n);
      await expect(factory.deploy(...args(200n, 100n)))
        .to.be.revertedWithCustomError(factory, "TicketInvalidEventWindow")
        .withArgs(200n, 100n);
    });

    it("signs in the same EIP-712 domain as src/checkin (digest matches the contract's)", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const c = challenge(f);
      const { digest, message } = checkInTypedData({ challenge: c, tokenId: 3n });
      expect(await f.ticket.checkInDigest(3n, message.gate, message.nonce, message.expiry)).to.equal(digest);
      const { name, version, chainId, verifyingContract } = await f.ticket.eip712Domain();
      expect([name, version, chainId, verifyingContract]).to.deep.equal([
        "PapercutTicket",
        "1",
        f.chainId,
        f.contract,
      ]);
    });
  });

  describe("checkIn", function () {
    it("admits a ticket its holder signed for: CheckedIn, MetadataUpdate, Locked, state CheckedIn", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const proof = await proofFor(f.alice, 2n, f);
      expect(await f.ticket.connect(f.gate).checkIn.staticCall(proof)).to.equal(f.alice.address);
      const tx = f.ticket.connect(f.gate).checkIn(proof);
      await expect(tx)
        .to.emit(f.ticket, "CheckedIn")
        .withArgs(2n, proof.gate, f.alice.address, f.gate.address, proof.nonce);
      await expect(tx).to.emit(f.ticket, "MetadataUpdate").withArgs(2n);
      await expect(tx).to.emit(f.ticket, "Locked").withArgs(2n);
      expect(await f.ticket.ticketState(2n)).to.equal(State.CheckedIn);
      expect(await f.ticket.wasCheckedIn(2n)).to.equal(true);
      expect(await f.ticket.locked(2n)).to.equal(true);
      expect(await f.ticket.ticketState(1n)).to.equal(State.Valid);
      expect(await f.ticket.wasCheckedIn(1n)).to.equal(false);
    });

    it("does not emit Locked when the policy already locked the ticket", async function () {
      const f = await networkHelpers.loadFixture(lockedUntilEndFixture);
      const tx = f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 1n, f));
      await expect(tx).to.emit(f.ticket, "CheckedIn");
      await expect(tx).to.not.emit(f.ticket, "Locked");
    });

    it("refuses a replayed proof, and any second check-in of the ticket, with TicketAlreadyCheckedIn", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const proof = await proofFor(f.alice, 1n, f);
      await f.ticket.connect(f.gate).checkIn(proof);
      await expect(f.ticket.connect(f.gate).checkIn(proof))
        .to.be.revertedWithCustomError(f.ticket, "TicketAlreadyCheckedIn")
        .withArgs(1n);
      await expect(f.ticket.connect(f.admin).checkIn(await proofFor(f.alice, 1n, f, "SOUTH")))
        .to.be.revertedWithCustomError(f.ticket, "TicketAlreadyCheckedIn")
        .withArgs(1n);
    });

    it("refuses a proof signed for another chain or another contract with TicketInvalidProof", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const otherChain = await proofFor(f.alice, 1n, { chainId: f.chainId + 1n, contract: f.contract });
      await expect(f.ticket.connect(f.gate).checkIn(otherChain))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
        .withArgs(1n, f.alice.address);
      const otherContract = await proofFor(f.alice, 1n, { chainId: f.chainId, contract: f.stranger.address });
      await expect(f.ticket.connect(f.gate).checkIn(otherContract))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
        .withArgs(1n, f.alice.address);
    });

    it("refuses a proof whose fields were changed after signing", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const proof = await proofFor(f.alice, 1n, f);
      const tampered = [
        { ...proof, tokenId: 2n },
        { ...proof, gate: ethers.encodeBytes32String("SOUTH") },
        { ...proof, nonce: ethers.zeroPadValue("0x01", 16) },
        { ...proof, expiry: proof.expiry + 1n },
      ];
      for (const changed of tampered) {
        await expect(f.ticket.connect(f.gate).checkIn(changed)).to.be.revertedWithCustomError(
          f.ticket,
          "TicketInvalidProof",
        );
      }
      expect(await f.ticket.ticketState(1n)).to.equal(State.Valid);
    });

    it("refuses a stranger's signature and a malformed signature", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await expect(f.ticket.connect(f.gate).checkIn(await proofFor(f.stranger, 1n, f)))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
        .withArgs(1n, f.alice.address);
      const proof = await proofFor(f.alice, 1n, f);
      for (const signature of ["0x", "0x1234", "0x" + "ff".repeat(65)]) {
        await expect(f.ticket.connect(f.gate).checkIn({ ...proof, signature }))
          .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
          .withArgs(1n, f.alice.address);
      }
    });

    it("refuses a previous holder's proof after a transfer, and takes the new holder's", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const before = await proofFor(f.alice, 1n, f);
      await f.ticket.connect(f.alice).transferFrom(f.alice.address, f.carol.address, 1n);
      await expect(f.ticket.connect(f.gate).checkIn(before))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
        .withArgs(1n, f.carol.address);
      await expect(f.ticket.connect(f.gate).checkIn(await proofFor(f.carol, 1n, f)))
        .to.emit(f.ticket, "CheckedIn")
        .withArgs(1n, before.gate, f.carol.address, f.gate.address, anyNonce());
    });

    it("refuses a ticket that does not exist", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await expect(f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 99n, f)))
        .to.be.revertedWithCustomError(f.ticket, "ERC721NonexistentToken")
        .withArgs(99n);
    });

    it("is for the gate role only, not the minter or a holder", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const proof = await proofFor(f.alice, 1n, f);
      const role = await f.ticket.GATE_ROLE();
      for (const caller of [f.minter, f.alice, f.stranger]) {
        await expect(f.ticket.connect(caller).checkIn(proof))
          .to.be.revertedWithCustomError(f.ticket, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, role);
        await expect(f.ticket.connect(caller).checkInBatch([proof]))
          .to.be.revertedWithCustomError(f.ticket, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, role);
      }
      const gateRole = f.ticket.connect(f.gate);
      await expect(gateRole.voidTicket(1n)).to.be.revertedWithCustomError(
        f.ticket,
        "AccessControlUnauthorizedAccount",
      );
      await expect(gateRole.reissueTicket(1n, f.gate.address)).to.be.revertedWithCustomError(
        f.ticket,
        "AccessControlUnauthorizedAccount",
      );
      await expect(gateRole.airdrop(8n, [f.gate.address])).to.be.revertedWithCustomError(
        f.ticket,
        "AccessControlUnauthorizedAccount",
      );
    });

    it("stops while paused and after the event has ended", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const proof = await proofFor(f.alice, 1n, f);
      await f.ticket.connect(f.admin).pause();
      await expect(f.ticket.connect(f.gate).checkIn(proof)).to.be.revertedWithCustomError(
        f.ticket,
        "EnforcedPause",
      );
      await expect(f.ticket.connect(f.gate).checkInBatch([proof])).to.be.revertedWithCustomError(
        f.ticket,
        "EnforcedPause",
      );
      await f.ticket.connect(f.admin).unpause();
      await time.increaseTo(f.eventEnd);
      await expect(f.ticket.connect(f.gate).checkIn(proof))
        .to.be.revertedWithCustomError(f.ticket, "TicketEventEnded")
        .withArgs(f.eventEnd);
      await expect(f.ticket.connect(f.gate).checkInBatch([proof]))
        .to.be.revertedWithCustomError(f.ticket, "TicketEventEnded")
        .withArgs(f.eventEnd);
    });

    it("admits during the event and before the doors' official start", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 1n, f));
      await time.increaseTo(f.eventStart + HOUR);
      await f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 2n, f));
      expect(await f.ticket.ticketState(1n)).to.equal(State.CheckedIn);
      expect(await f.ticket.ticketState(2n)).to.equal(State.CheckedIn);
    });
  });

  describe("ERC-1271 holders", function () {
    it("admits a smart wallet's ticket signed by a key the wallet accepts", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const walletAddress = await f.wallet.getAddress();
      await expect(f.ticket.connect(f.gate).checkIn(await proofFor(f.walletOwner, 6n, f)))
        .to.emit(f.ticket, "CheckedIn")
        .withArgs(6n, anyValue(), walletAddress, f.gate.address, anyNonce());
    });

    it("admits a holder account that has code (an EIP-7702 delegated EOA) by its key's signature", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await networkHelpers.setCode(f.bob.address, "0x00"); // code without isValidSignature
      await expect(f.ticket.connect(f.gate).checkIn(await proofFor(f.bob, 4n, f)))
        .to.emit(f.ticket, "CheckedIn")
        .withArgs(4n, anyValue(), f.bob.address, f.gate.address, anyNonce());
      await expect(f.ticket.connect(f.gate).checkIn(await proofFor(f.stranger, 5n, f)))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
        .withArgs(5n, f.bob.address);
    });

    it("refuses a smart wallet's ticket signed by a key the wallet does not accept", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await expect(f.ticket.connect(f.gate).checkIn(await proofFor(f.stranger, 6n, f)))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
        .withArgs(6n, await f.wallet.getAddress());
    });

    it("does not let a hostile wallet that accepts everything check in someone else's ticket", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      // The hostile wallet "signs" anything, but the contract only asks the ticket's holder (alice, an EOA).
      const proof = await proofFor(f.alice, 1n, f);
      const { gate, nonce } = proof;
      const junk = "0x" + "ab".repeat(65);
      await expect(f.ticket.connect(f.gate).checkIn({ ...proof, signature: junk }))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
        .withArgs(1n, f.alice.address);
      await expect(f.ticket.connect(f.gate).checkInBatch([{ ...proof, tokenId: 6n, signature: junk }]))
        .to.emit(f.ticket, "CheckInRefused")
        .withArgs(6n, gate, f.ticket.interface.getError("TicketInvalidProof")!.selector);
      expect(await f.ticket.ticketState(1n)).to.equal(State.Valid);
      expect(await f.ticket.ticketState(6n)).to.equal(State.Valid);
      // Its own ticket: it vouches for any proof — its choice, as holder, and only for its ticket.
      await expect(f.ticket.connect(f.gate).checkIn({ ...proof, tokenId: 7n, signature: junk }))
        .to.emit(f.ticket, "CheckedIn")
        .withArgs(7n, gate, await f.hostile.getAddress(), f.gate.address, nonce);
    });
  });

  describe("checkInBatch", function () {
    it("admits the good proofs and skips the others with CheckInRefused carrying the error selector", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 3n, f));
      await f.ticket.connect(f.admin).voidTicket(5n);
      const good1 = await proofFor(f.alice, 1n, f);
      const good2 = await proofFor(f.bob, 4n, f);
      const dupe = await proofFor(f.alice, 1n, f, "SOUTH");
      const already = await proofFor(f.alice, 3n, f);
      const voided = await proofFor(f.bob, 5n, f);
      const forged = await proofFor(f.stranger, 2n, f);
      const missing = await proofFor(f.alice, 200n, f);
      const batch = [good1, dupe, already, voided, forged, missing, good2];
      const gateTicket = f.ticket.connect(f.gate);
      expect(await gateTicket.checkInBatch.staticCall(batch)).to.equal(2n);
      const tx = gateTicket.checkInBatch(batch);
      const selector = (name: string) => f.ticket.interface.getError(name)!.selector;
      await expect(tx)
        .to.emit(f.ticket, "CheckedIn")
        .withArgs(1n, good1.gate, f.alice.address, f.gate.address, good1.nonce);
      await expect(tx)
        .to.emit(f.ticket, "CheckedIn")
        .withArgs(4n, good2.gate, f.bob.address, f.gate.address, good2.nonce);
      await expect(tx)
        .to.emit(f.ticket, "CheckInRefused")
        .withArgs(1n, dupe.gate, selector("TicketAlreadyCheckedIn"));
      await expect(tx)
        .to.emit(f.ticket, "CheckInRefused")
        .withArgs(3n, already.gate, selector("TicketAlreadyCheckedIn"));
      await expect(tx)
        .to.emit(f.ticket, "CheckInRefused")
        .withArgs(5n, voided.gate, selector("TicketIsVoided"));
      await expect(tx)
        .to.emit(f.ticket, "CheckInRefused")
        .withArgs(2n, forged.gate, selector("TicketInvalidProof"));
      await expect(tx)
        .to.emit(f.ticket, "CheckInRefused")
        .withArgs(200n, missing.gate, selector("ERC721NonexistentToken"));
      for (const [id, state] of [
        [1n, State.CheckedIn],
        [2n, State.Valid],
        [3n, State.CheckedIn],
        [4n, State.CheckedIn],
        [5n, State.Voided],
      ] as const) {
        expect(await f.ticket.ticketState(id), `#${id}`).to.equal(state);
      }
    });

    it("rejects an empty batch", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await expect(f.ticket.connect(f.gate).checkInBatch([])).to.be.revertedWithCustomError(
        f.ticket,
        "TicketEmptyCheckInBatch",
      );
    });

    it(`costs at most ${SINGLE_CHECK_IN_GAS_BUDGET} gas alone and ${BATCH_CHECK_IN_GAS_PER_TICKET_BUDGET} per ticket in a batch of 100`, async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const holders = Array.from({ length: 101 }, () => Wallet.createRandom());
      const sorted = [...holders].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
      await f.ticket.connect(f.minter).airdrop(
        8n,
        sorted.map((h) => h.address),
      );
      const proofs = await Promise.all(sorted.map((h, i) => proofFor(h, 8n + BigInt(i), f)));
      const single = await (await f.ticket.connect(f.gate).checkIn(proofs[0]!)).wait();
      const batch = await (await f.ticket.connect(f.gate).checkInBatch(proofs.slice(1))).wait();
      const perTicket = batch!.gasUsed / 100n;
      if (!UNDER_COVERAGE) {
        expect(single!.gasUsed).to.be.at.most(SINGLE_CHECK_IN_GAS_BUDGET);
        expect(perTicket).to.be.at.most(BATCH_CHECK_IN_GAS_PER_TICKET_BUDGET);
      }
      expect(await f.ticket.ticketState(108n)).to.equal(State.CheckedIn);
    });
  });

  describe("transfer policy and ERC-5192", function () {
    type Phase = "before" | "during" | "after";
    // locked(tokenId) for [Valid, CheckedIn, Voided] tickets, per policy and phase.
    const EXPECTED: Record<Policy, Record<Phase, [boolean, boolean, boolean]>> = {
      [Policy.Transferable]: {
        before: [false, true, true],
        during: [false, true, true],
        after: [false, false, true],
      },
      [Policy.LockedDuringEvent]: {
        before: [false, true, true],
        during: [true, true, true],
        after: [false, false, true],
      },
      [Policy.LockedUntilEnd]: {
        before: [true, true, true],
        during: [true, true, true],
        after: [false, false, true],
      },
      [Policy.Soulbound]: {
        before: [true, true, true],
        during: [true, true, true],
        after: [true, true, true],
      },
    };

    for (const policy of [
      Policy.Transferable,
      Policy.LockedDuringEvent,
      Policy.LockedUntilEnd,
      Policy.Soulbound,
    ]) {
      it(`${Policy[policy]}: locked() and holder transfers follow the policy in every phase and state`, async function () {
        const f = await networkHelpers.loadFixture(FIXTURES[policy]);
        // ticket 1 stays valid, 2 is checked in, 3 voided (all alice's)
        await f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 2n, f));
        await f.ticket.connect(f.admin).voidTicket(3n);
        for (const phase of ["before", "during", "after"] as const) {
          if (phase === "during") await time.increaseTo(f.eventStart);
          if (phase === "after") await time.increaseTo(f.eventEnd);
          const expected = EXPECTED[policy][phase];
          for (const [i, tokenId] of [1n, 2n, 3n].entries()) {
            const isLocked = expected[i]!;
            expect(await f.ticket.locked(tokenId), `${phase} #${tokenId}`).to.equal(isLocked);
            const state = await f.ticket.ticketState(tokenId);
            const owner = await f.ticket.ownerOf(tokenId);
            const holder = owner === f.alice.address ? f.alice : f.bob;
            const other = owner === f.alice.address ? f.bob : f.alice;
            const move = f.ticket.connect(holder).transferFrom(holder.address, other.address, tokenId);
            if (isLocked) {
              await expect(move, `${phase} #${tokenId}`)
                .to.be.revertedWithCustomError(f.ticket, "TicketTransferLocked")
                .withArgs(tokenId, state);
            } else {
              await expect(move, `${phase} #${tokenId}`)
                .to.emit(f.ticket, "Transfer")
                .withArgs(holder.address, other.address, tokenId);
            }
          }
        }
      });
    }

    it("blocks approved operators and safe transfers of a locked ticket too", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 1n, f));
      await f.ticket.connect(f.alice).approve(f.bob.address, 1n);
      await f.ticket.connect(f.alice).setApprovalForAll(f.carol.address, true);
      await expect(
        f.ticket.connect(f.bob).transferFrom(f.alice.address, f.bob.address, 1n),
      ).to.be.revertedWithCustomError(f.ticket, "TicketTransferLocked");
      await expect(
        f.ticket
          .connect(f.carol)
          ["safeTransferFrom(address,address,uint256)"](f.alice.address, f.carol.address, 1n),
      ).to.be.revertedWithCustomError(f.ticket, "TicketTransferLocked");
      await expect(
        f.ticket
          .connect(f.alice)
          ["safeTransferFrom(address,address,uint256,bytes)"](f.alice.address, f.bob.address, 1n, "0x"),
      ).to.be.revertedWithCustomError(f.ticket, "TicketTransferLocked");
      expect(await f.ticket.ownerOf(1n)).to.equal(f.alice.address);
    });

    it("still issues tickets under every policy (mints are not transfers)", async function () {
      const f = await networkHelpers.loadFixture(soulboundFixture);
      await f.ticket.connect(f.minter).airdrop(8n, [f.carol.address]);
      expect(await f.ticket.ownerOf(8n)).to.equal(f.carol.address);
      expect(await f.ticket.locked(8n)).to.equal(true);
    });

    it("reverts locked(), ticketState() and wasCheckedIn() for a ticket that does not exist", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      for (const call of [f.ticket.locked(99n), f.ticket.ticketState(99n), f.ticket.wasCheckedIn(99n)]) {
        await expect(call).to.be.revertedWithCustomError(f.ticket, "ERC721NonexistentToken").withArgs(99n);
      }
    });
  });

  describe("souvenirs", function () {
    it("turns every ticket not voided into a souvenir at the end, keeping who was admitted", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 1n, f));
      await f.ticket.connect(f.admin).voidTicket(3n);
      await time.increaseTo(f.eventEnd);
      expect(await f.ticket.ticketState(1n)).to.equal(State.Souvenir);
      expect(await f.ticket.ticketState(2n)).to.equal(State.Souvenir);
      expect(await f.ticket.ticketState(3n)).to.equal(State.Voided);
      expect(await f.ticket.wasCheckedIn(1n)).to.equal(true);
      expect(await f.ticket.wasCheckedIn(2n)).to.equal(false);
    });

    it("lets anyone announce the end once it has passed (ERC-4906 refresh of every ticket)", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await expect(f.ticket.connect(f.stranger).announceEventEnded())
        .to.be.revertedWithCustomError(f.ticket, "TicketEventNotEnded")
        .withArgs(f.eventEnd);
      await time.increaseTo(f.eventEnd);
      const tx = f.ticket.connect(f.stranger).announceEventEnded();
      await expect(tx).to.emit(f.ticket, "EventEnded").withArgs(f.eventEnd);
      await expect(tx).to.emit(f.ticket, "BatchMetadataUpdate").withArgs(0n, MAX_UINT);
    });

    it("gives the renderer the state: Valid, CheckedIn, Souvenir, Voided", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const renderer = await ethers.deployContract("RendererMock", ["r/"]);
      await f.ticket.connect(f.admin).setRenderer(await renderer.getAddress());
      expect(await f.ticket.tokenURI(1n)).to.equal("r/1/0");
      await f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 1n, f));
      expect(await f.ticket.tokenURI(1n)).to.equal("r/1/1");
      await f.ticket.connect(f.admin).voidTicket(2n);
      expect(await f.ticket.tokenURI(2n)).to.equal("r/2/3");
      await time.increaseTo(f.eventEnd);
      expect(await f.ticket.tokenURI(1n)).to.equal("r/1/2");
      expect(await f.ticket.tokenURI(2n)).to.equal("r/2/3");
    });
  });

  describe("voidTicket", function () {
    it("voids a ticket for good: no check-in, no transfer, no second void, no reissue", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const tx = f.ticket.connect(f.admin).voidTicket(1n);
      await expect(tx).to.emit(f.ticket, "TicketVoided").withArgs(1n, f.alice.address, f.admin.address);
      await expect(tx).to.emit(f.ticket, "MetadataUpdate").withArgs(1n);
      await expect(tx).to.emit(f.ticket, "Locked").withArgs(1n);
      expect(await f.ticket.ticketState(1n)).to.equal(State.Voided);
      expect(await f.ticket.ownerOf(1n)).to.equal(f.alice.address);
      await expect(f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 1n, f)))
        .to.be.revertedWithCustomError(f.ticket, "TicketIsVoided")
        .withArgs(1n);
      await expect(f.ticket.connect(f.alice).transferFrom(f.alice.address, f.bob.address, 1n))
        .to.be.revertedWithCustomError(f.ticket, "TicketTransferLocked")
        .withArgs(1n, State.Voided);
      await expect(f.ticket.connect(f.admin).voidTicket(1n))
        .to.be.revertedWithCustomError(f.ticket, "TicketIsVoided")
        .withArgs(1n);
      await expect(f.ticket.connect(f.admin).reissueTicket(1n, f.bob.address))
        .to.be.revertedWithCustomError(f.ticket, "TicketIsVoided")
        .withArgs(1n);
      await time.increaseTo(f.eventEnd);
      await expect(
        f.ticket.connect(f.alice).transferFrom(f.alice.address, f.bob.address, 1n),
      ).to.be.revertedWithCustomError(f.ticket, "TicketTransferLocked");
    });

    it("voids a checked-in ticket (fraud found after admission) and keeps the admission on record", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 1n, f));
      await expect(f.ticket.connect(f.admin).voidTicket(1n)).to.not.emit(f.ticket, "Locked");
      expect(await f.ticket.ticketState(1n)).to.equal(State.Voided);
      expect(await f.ticket.wasCheckedIn(1n)).to.equal(true);
    });

    it("works while paused (incident response), for the admin only, and not for a missing ticket", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await f.ticket.connect(f.admin).pause();
      await f.ticket.connect(f.admin).voidTicket(1n);
      await expect(f.ticket.connect(f.minter).voidTicket(2n))
        .to.be.revertedWithCustomError(f.ticket, "AccessControlUnauthorizedAccount")
        .withArgs(f.minter.address, await f.ticket.DEFAULT_ADMIN_ROLE());
      await expect(f.ticket.connect(f.admin).voidTicket(99n))
        .to.be.revertedWithCustomError(f.ticket, "ERC721NonexistentToken")
        .withArgs(99n);
    });
  });

  describe("reissueTicket (void-and-reissue keeps the number)", function () {
    it("moves the ticket to the new address with its number and state; nothing is minted", async function () {
      const f = await networkHelpers.loadFixture(soulboundFixture);
      const minted = await f.ticket.totalMinted();
      const oldProof = await proofFor(f.alice, 1n, f);
      const tx = f.ticket.connect(f.admin).reissueTicket(1n, f.carol.address);
      await expect(tx).to.emit(f.ticket, "Transfer").withArgs(f.alice.address, f.carol.address, 1n);
      await expect(tx)
        .to.emit(f.ticket, "TicketReissued")
        .withArgs(1n, f.alice.address, f.carol.address, f.admin.address);
      expect(await f.ticket.ownerOf(1n)).to.equal(f.carol.address);
      expect(await f.ticket.totalMinted()).to.equal(minted);
      expect(await f.ticket.balanceOf(f.alice.address)).to.equal(2n);
      expect(await f.ticket.ticketState(1n)).to.equal(State.Valid);
      // The lost wallet's proofs stop working; the new holder's work.
      await expect(f.ticket.connect(f.gate).checkIn(oldProof))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidProof")
        .withArgs(1n, f.carol.address);
      await f.ticket.connect(f.gate).checkIn(await proofFor(f.carol, 1n, f));
      expect(await f.ticket.ticketState(1n)).to.equal(State.CheckedIn);
    });

    it("keeps a checked-in ticket checked in: the new holder cannot be admitted again", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await f.ticket.connect(f.gate).checkIn(await proofFor(f.alice, 1n, f));
      await f.ticket.connect(f.admin).reissueTicket(1n, f.carol.address);
      expect(await f.ticket.ticketState(1n)).to.equal(State.CheckedIn);
      await expect(f.ticket.connect(f.gate).checkIn(await proofFor(f.carol, 1n, f)))
        .to.be.revertedWithCustomError(f.ticket, "TicketAlreadyCheckedIn")
        .withArgs(1n);
    });

    it("reissues a smart wallet's ticket to an EOA and back", async function () {
      const f = await networkHelpers.loadFixture(lockedUntilEndFixture);
      await f.ticket.connect(f.admin).reissueTicket(6n, f.walletOwner.address);
      await f.ticket.connect(f.admin).reissueTicket(6n, await f.wallet.getAddress());
      expect(await f.ticket.ownerOf(6n)).to.equal(await f.wallet.getAddress());
    });

    it("refuses the zero address, the current holder, a missing ticket, a non-admin, and a paused contract", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      await expect(f.ticket.connect(f.admin).reissueTicket(1n, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidReissue")
        .withArgs(1n, ethers.ZeroAddress);
      await expect(f.ticket.connect(f.admin).reissueTicket(1n, f.alice.address))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidReissue")
        .withArgs(1n, f.alice.address);
      await expect(f.ticket.connect(f.admin).reissueTicket(99n, f.bob.address))
        .to.be.revertedWithCustomError(f.ticket, "ERC721NonexistentToken")
        .withArgs(99n);
      await expect(f.ticket.connect(f.minter).reissueTicket(1n, f.bob.address)).to.be.revertedWithCustomError(
        f.ticket,
        "AccessControlUnauthorizedAccount",
      );
      await f.ticket.connect(f.admin).pause();
      await expect(f.ticket.connect(f.admin).reissueTicket(1n, f.bob.address)).to.be.revertedWithCustomError(
        f.ticket,
        "EnforcedPause",
      );
    });
  });

  describe("setEventWindow", function () {
    it("lets the admin move the event before it starts", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const start = f.eventStart + 48n * HOUR;
      await expect(f.ticket.connect(f.admin).setEventWindow(start, start + HOUR))
        .to.emit(f.ticket, "EventWindowUpdated")
        .withArgs(start, start + HOUR);
      expect(await f.ticket.eventStart()).to.equal(start);
      expect(await f.ticket.eventEnd()).to.equal(start + HOUR);
    });

    it("refuses a window in the past or inverted, a non-admin, and any change once the event started", async function () {
      const f = await networkHelpers.loadFixture(transferableFixture);
      const now = BigInt(await time.latest());
      await expect(f.ticket.connect(f.admin).setEventWindow(now - 10n, now + HOUR))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidEventWindow")
        .withArgs(now - 10n, now + HOUR);
      await expect(f.ticket.connect(f.admin).setEventWindow(now + HOUR, now + HOUR))
        .to.be.revertedWithCustomError(f.ticket, "TicketInvalidEventWindow")
        .withArgs(now + HOUR, now + HOUR);
      await expect(
        f.ticket.connect(f.gate).setEventWindow(now + HOUR, now + 2n * HOUR),
      ).to.be.revertedWithCustomError(f.ticket, "AccessControlUnauthorizedAccount");
      await time.increaseTo(f.eventStart);
      await expect(f.ticket.connect(f.admin).setEventWindow(f.eventStart + HOUR, f.eventEnd + HOUR))
        .to.be.revertedWithCustomError(f.ticket, "TicketEventAlreadyStarted")
        .withArgs(f.eventStart);
    });
  });

  describe("after the event (souvenirs): ERC-721 conformance", function () {
    shouldBehaveLikeERC721(connection, async function souvenirFixture() {
      const f = await deployLifecycle(Policy.Transferable);
      // alice's tickets 1 and 2 were admitted; the event is over; they are free souvenirs again.
      await f.ticket
        .connect(f.gate)
        .checkInBatch([await proofFor(f.alice, 1n, f), await proofFor(f.alice, 2n, f)]);
      await time.increaseTo(f.eventEnd);
      return {
        address: f.contract,
        holder: f.alice,
        tokenIds: [1n, 2n] as const,
        holderBalance: 3n,
        nonexistentTokenId: 99n,
      };
    });
  });
});

/** Matches any value in `withArgs`. */
function anyValue() {
  return () => true;
}

/** Matches any 16-byte nonce. */
function anyNonce() {
  return (value: unknown) => typeof value === "string" && /^0x[0-9a-f]{32}$/.test(value);
}
