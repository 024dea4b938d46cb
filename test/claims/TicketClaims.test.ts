import { expect } from "chai";
import { Signature, concat, keccak256 } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { claimCallArguments } from "../../src/claims/claim-call-arguments.js";
import { verifyClaimProof } from "../../src/claims/claim-leaf.js";
import type { ClaimLink } from "../../src/claims/claim-types.js";
import { claimDigest, signClaim } from "../../src/claims/sign-claim.js";
import type { TicketClaims } from "../../types/ethers-contracts/index.js";
import { deployClaims, makeBatch } from "../support/claims-fixture.js";
import { deployTicket } from "../support/ticket-fixture.js";
import { UNDER_COVERAGE } from "../support/coverage.js";
import { FULL } from "../support/full.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

enum LinkStatus {
  Unknown,
  Open,
  Claimed,
  Revoked,
  Expired,
}

async function claimsFixture() {
  const [admin, organizer, alice, bob, relayer, stranger] = (await ethers.getSigners()) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const ticket = await deployTicket(connection, { cap: 20n });
  const claims = await deployClaims(connection, ticket);
  await claims.grantRole(await claims.ORGANIZER_ROLE(), organizer.address);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return { ticket, claims, chainId, admin, organizer, alice, bob, relayer, stranger };
}

/** Commits a fresh batch of `count` links as the organizer and returns them. */
async function commit(
  claims: TicketClaims,
  organizer: HardhatEthersSigner,
  chainId: bigint,
  { count, quantity = 1n, expiresAt = 0n }: { count: number; quantity?: bigint; expiresAt?: bigint },
) {
  const batch = await makeBatch(claims, { count, quantity, chainId });
  await claims
    .connect(organizer)
    .commitBatch(batch.batchId, batch.root, batch.links.length, batch.tickets, expiresAt);
  return batch;
}

function claimArgs(link: ClaimLink, recipient: string) {
  return claimCallArguments(signClaim({ link, recipient }));
}

describe("TicketClaims", function () {
  describe("deployment", function () {
    it("binds the ticket, gives the admin both roles, and holds the ticket's minter role", async function () {
      const { ticket, claims, admin } = await networkHelpers.loadFixture(claimsFixture);
      expect(await claims.ticket()).to.equal(await ticket.getAddress());
      expect(await claims.hasRole(await claims.DEFAULT_ADMIN_ROLE(), admin.address)).to.equal(true);
      expect(await claims.hasRole(await claims.ORGANIZER_ROLE(), admin.address)).to.equal(true);
      expect(await ticket.hasRole(await ticket.MINTER_ROLE(), await claims.getAddress())).to.equal(true);
      expect(await claims.nextBatchId()).to.equal(1n);
      expect(await claims.CLAIM_TYPEHASH()).to.equal(
        keccak256(new TextEncoder().encode("Claim(uint256 batchId,uint256 index,address recipient)")),
      );
    });

    it("rejects a zero ticket and a zero admin", async function () {
      const { ticket, admin } = await networkHelpers.loadFixture(claimsFixture);
      const factory = await ethers.getContractFactory("TicketClaims");
      const zero = ethers.ZeroAddress;
      await expect(factory.deploy(zero, admin.address))
        .to.be.revertedWithCustomError(factory, "ClaimsInvalidTicket")
        .withArgs(zero);
      await expect(factory.deploy(await ticket.getAddress(), zero))
        .to.be.revertedWithCustomError(factory, "ClaimsInvalidAdmin")
        .withArgs(zero);
    });

    it("computes the same EIP-712 digest as the off-chain signer", async function () {
      const { claims, organizer, chainId, alice } = await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 2 });
      const link = links[1]!;
      expect(await claims.claimDigest(link.batchId, link.index, alice.address)).to.equal(
        claimDigest({ link, recipient: alice.address }),
      );
    });
  });

  describe("commitBatch", function () {
    it("stores the root and counts in constant space and emits ClaimBatchCommitted", async function () {
      const { claims, organizer, chainId } = await networkHelpers.loadFixture(claimsFixture);
      const batch = await makeBatch(claims, { count: 3, chainId });
      await expect(claims.connect(organizer).commitBatch(1n, batch.root, 3n, 3n, 0n))
        .to.emit(claims, "ClaimBatchCommitted")
        .withArgs(1n, batch.root, 3n, 3n, 0n, organizer.address);
      const stored = await claims.batch(1n);
      expect(stored.root).to.equal(batch.root);
      expect(stored.links).to.equal(3n);
      expect(stored.tickets).to.equal(3n);
      expect(stored.claimedLinks).to.equal(0n);
      expect(stored.revoked).to.equal(false);
      expect(await claims.nextBatchId()).to.equal(2n);
      expect(await claims.linkStatus(1n, 2n)).to.equal(LinkStatus.Open);
      expect(await claims.linkStatus(1n, 3n)).to.equal(LinkStatus.Unknown);
      expect(await claims.linkStatus(2n, 0n)).to.equal(LinkStatus.Unknown);
    });

    it("rejects a replayed or out-of-order batch", async function () {
      const { claims, organizer, chainId } = await networkHelpers.loadFixture(claimsFixture);
      const batch = await commit(claims, organizer, chainId, { count: 2 });
      await expect(claims.connect(organizer).commitBatch(1n, batch.root, 2n, 2n, 0n))
        .to.be.revertedWithCustomError(claims, "ClaimBatchOutOfOrder")
        .withArgs(1n, 2n);
      await expect(claims.connect(organizer).commitBatch(3n, batch.root, 2n, 2n, 0n))
        .to.be.revertedWithCustomError(claims, "ClaimBatchOutOfOrder")
        .withArgs(3n, 2n);
      expect(await claims.nextBatchId()).to.equal(2n);
    });

    it("rejects a zero root, no links, fewer tickets than links, and a past expiry", async function () {
      const { claims, organizer } = await networkHelpers.loadFixture(claimsFixture);
      const root = keccak256("0x01");
      const c = claims.connect(organizer);
      await expect(c.commitBatch(1n, ethers.ZeroHash, 1n, 1n, 0n))
        .to.be.revertedWithCustomError(claims, "ClaimBatchInvalid")
        .withArgs(ethers.ZeroHash, 1n, 1n);
      await expect(c.commitBatch(1n, root, 0n, 1n, 0n)).to.be.revertedWithCustomError(
        claims,
        "ClaimBatchInvalid",
      );
      await expect(c.commitBatch(1n, root, 2n, 1n, 0n)).to.be.revertedWithCustomError(
        claims,
        "ClaimBatchInvalid",
      );
      await expect(c.commitBatch(1n, root, 1n, 2n ** 32n, 0n)).to.be.revertedWithCustomError(
        claims,
        "ClaimBatchInvalid",
      );
      const now = BigInt(await networkHelpers.time.latest());
      await expect(c.commitBatch(1n, root, 1n, 1n, now))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidExpiry")
        .withArgs(now, now + 1n);
    });

    it("rejects a batch entitling to more tickets than remain under the cap", async function () {
      const { ticket, claims, organizer, admin } = await networkHelpers.loadFixture(claimsFixture);
      await ticket.connect(admin).airdrop(1n, Array(15).fill(admin.address));
      await expect(claims.connect(organizer).commitBatch(1n, keccak256("0x01"), 6n, 6n, 0n))
        .to.be.revertedWithCustomError(claims, "ClaimBatchExceedsSupply")
        .withArgs(6n, 5n);
    });

    it("is for organizers only, and so is revocation", async function () {
      const { claims, stranger } = await networkHelpers.loadFixture(claimsFixture);
      const role = await claims.ORGANIZER_ROLE();
      const c = claims.connect(stranger);
      await expect(c.commitBatch(1n, keccak256("0x01"), 1n, 1n, 0n))
        .to.be.revertedWithCustomError(claims, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(c.revokeLinks(1n, [0n]))
        .to.be.revertedWithCustomError(claims, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(c.revokeBatch(1n))
        .to.be.revertedWithCustomError(claims, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
    });
  });

  describe("Merkle proofs", function () {
    it("a batch of 1: the proof is empty and the claim mints ticket 1", async function () {
      const { ticket, claims, organizer, chainId, alice, relayer } =
        await networkHelpers.loadFixture(claimsFixture);
      const { links, root } = await commit(claims, organizer, chainId, { count: 1 });
      const link = links[0]!;
      expect(link.proof).to.deep.equal([]);
      expect(verifyClaimProof({ ...link, root })).to.equal(true);
      await expect(claims.connect(relayer).claim(...claimArgs(link, alice.address)))
        .to.emit(claims, "TicketClaimed")
        .withArgs(1n, 0n, link.claimAddress, alice.address, 1n, 1n, relayer.address);
      expect(await ticket.ownerOf(1n)).to.equal(alice.address);
      expect(await claims.linkStatus(1n, 0n)).to.equal(LinkStatus.Claimed);
      const stored = await claims.batch(1n);
      expect([stored.claimedLinks, stored.claimedTickets]).to.deep.equal([1n, 1n]);
    });

    it(`a batch of 5,000: every proof verifies off-chain, ${FULL ? "every" : "a sample of"} link claims on-chain; gas`, async function () {
      const { claims, chainId, alice, relayer } = await networkHelpers.loadFixture(claimsFixture);
      const ticket = await deployTicket(connection, { cap: 5000n });
      const big = await deployClaims(connection, ticket);
      const { links, root, tickets } = await makeBatch(big, { count: 5000, chainId, seed: "5000" });
      expect(tickets).to.equal(5000n);
      for (const link of links) expect(verifyClaimProof({ ...link, root })).to.equal(true);
      expect(new Set(links.map((l) => l.proof.length))).to.deep.equal(new Set([12, 13]));

      // The organizer's cost is constant in the batch size (bench/claims-gas.ts reports the figures).
      const commitGas = (await (await big.commitBatch(1n, root, 5000n, 5000n, 0n)).wait())!.gasUsed;
      expect(commitGas).to.be.lessThan(110_000n);

      // The first claim ever also pays for the first writes of the ticket's counters; later ones do not.
      const [deep1, deep2] = links.filter((l) => l.proof.length === 13) as [ClaimLink, ClaimLink];
      const claimGas = async (link: ClaimLink) =>
        (await (await big.connect(relayer).claim(...claimArgs(link, alice.address))).wait())!.gasUsed;
      // A claim is a one-recipient roster (a CREATE): the first one also pays for the first writes of the counters.
      const [gas1, gas2] = [await claimGas(deep1), await claimGas(deep2)];
      if (!UNDER_COVERAGE) {
        expect(gas1).to.be.lessThan(180_000n);
        expect(gas2).to.be.lessThan(140_000n);
      }

      const done = new Set([deep1, deep2]);
      const sample = (
        FULL ? links : [0, 1, 2, 1234, 2500, 4095, 4096, 4998, 4999].map((i) => links[i]!)
      ).filter((l) => !done.has(l));
      for (const link of sample) {
        await big.connect(relayer).claim(...claimArgs(link, alice.address));
        expect(await big.linkStatus(1n, link.index)).to.equal(LinkStatus.Claimed);
      }
      const claimed = BigInt(sample.length + 2);
      expect(await ticket.totalMinted()).to.equal(claimed);
      expect((await big.batch(1n)).claimedLinks).to.equal(claimed);
      // The fixture's contract knows nothing of this batch.
      const link = links[7]!;
      await expect(
        claims.claim(...claimArgs({ ...link, contract: await claims.getAddress() }, alice.address)),
      )
        .to.be.revertedWithCustomError(claims, "ClaimBatchUnknown")
        .withArgs(1n);
    });

    it("a tampered quantity, index or proof does not verify", async function () {
      const { claims, organizer, chainId, alice } = await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 4 });
      const link = links[2]!;
      await expect(claims.claim(...claimArgs({ ...link, quantity: 2n }, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidProof")
        .withArgs(1n, 2n, link.claimAddress, 2n);
      await expect(claims.claim(...claimArgs({ ...link, index: 3n }, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidProof")
        .withArgs(1n, 3n, link.claimAddress, 1n);
      await expect(
        claims.claim(...claimArgs({ ...link, proof: [...links[1]!.proof] }, alice.address)),
      ).to.be.revertedWithCustomError(claims, "ClaimInvalidProof");
      await expect(claims.claim(...claimArgs({ ...link, index: 4n }, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimIndexOutOfRange")
        .withArgs(1n, 4n, 4n);
    });
  });

  describe("claim", function () {
    it("a front-runner who swaps the recipient is refused; the attendee's claim then succeeds", async function () {
      const { ticket, claims, organizer, chainId, alice, stranger } =
        await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 2 });
      const signed = signClaim({ link: links[0]!, recipient: alice.address });
      const stolen = claimCallArguments({ ...signed, recipient: stranger.address });
      const recovered = ethers.recoverAddress(
        claimDigest({ link: links[0]!, recipient: stranger.address }),
        signed.signature,
      );
      await expect(claims.connect(stranger).claim(...stolen))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidSignature")
        .withArgs(links[0]!.claimAddress, recovered);
      await claims.connect(stranger).claim(...claimCallArguments(signed)); // copying it as is only helps alice
      expect(await ticket.ownerOf(1n)).to.equal(alice.address);
      expect(await ticket.balanceOf(stranger.address)).to.equal(0n);
    });

    it("a signature by another key, or a malformed one, is refused", async function () {
      const { claims, organizer, chainId, alice } = await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 2 });
      const [a, b] = links as [ClaimLink, ClaimLink];
      const byB = signClaim({ link: { ...a, privateKey: b.privateKey }, recipient: alice.address });
      await expect(claims.claim(...claimCallArguments(byB)))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidSignature")
        .withArgs(a.claimAddress, b.claimAddress);
      const good = signClaim({ link: a, recipient: alice.address });
      await expect(claims.claim(...claimCallArguments({ ...good, signature: "0x1234" })))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidSignature")
        .withArgs(a.claimAddress, ethers.ZeroAddress);
      // The high-s twin of a valid signature is refused too (OpenZeppelin ECDSA).
      const sig = Signature.from(good.signature);
      const n = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
      const highS = concat([sig.r, ethers.toBeHex(n - BigInt(sig.s), 32), sig.v === 27 ? "0x1c" : "0x1b"]);
      await expect(claims.claim(...claimCallArguments({ ...good, signature: highS })))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidSignature")
        .withArgs(a.claimAddress, ethers.ZeroAddress);
      await expect(claims.claim(...claimCallArguments({ ...good, recipient: ethers.ZeroAddress })))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidRecipient")
        .withArgs(ethers.ZeroAddress);
    });

    it("a link works once: a second claim, to anyone, by anyone, is refused and mints nothing", async function () {
      const { ticket, claims, organizer, chainId, alice, bob, relayer } =
        await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 2 });
      const link = links[1]!;
      await claims.connect(alice).claim(...claimArgs(link, alice.address));
      for (const [sender, to] of [
        [alice, alice],
        [relayer, alice],
        [bob, bob],
      ] as const) {
        await expect(claims.connect(sender).claim(...claimArgs(link, to.address)))
          .to.be.revertedWithCustomError(claims, "ClaimAlreadyClaimed")
          .withArgs(1n, 1n);
      }
      expect(await ticket.totalMinted()).to.equal(1n);
      expect(await ticket.balanceOf(bob.address)).to.equal(0n);
    });

    it("the relayer and the attendee racing in one block mint once", async function () {
      const { ticket, claims, organizer, chainId, alice, relayer } =
        await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 1 });
      const args = claimArgs(links[0]!, alice.address);
      await networkHelpers.mine(1);
      await ethers.provider.send("evm_setAutomine", [false]);
      try {
        const gasLimit = 300_000n;
        const byAttendee = await claims.connect(alice).claim(...args, { gasLimit });
        const byRelayer = await claims.connect(relayer).claim(...args, { gasLimit });
        await networkHelpers.mine(1);
        const receipts = await Promise.all(
          [byAttendee, byRelayer].map((tx) => ethers.provider.getTransactionReceipt(tx.hash)),
        );
        expect(receipts.map((r) => r?.blockNumber)).to.deep.equal([
          receipts[0]!.blockNumber,
          receipts[0]!.blockNumber,
        ]);
        expect(receipts.map((r) => r?.status).sort()).to.deep.equal([0, 1]);
      } finally {
        await ethers.provider.send("evm_setAutomine", [true]);
      }
      expect(await ticket.totalMinted()).to.equal(1n);
      expect(await ticket.ownerOf(1n)).to.equal(alice.address);
      expect((await claims.batch(1n)).claimedLinks).to.equal(1n);
    });

    it("a link with a quantity mints consecutive tickets to the recipient in one claim", async function () {
      const { ticket, claims, organizer, chainId, alice, admin } =
        await networkHelpers.loadFixture(claimsFixture);
      await ticket.connect(admin).airdrop(1n, [admin.address]);
      const { links } = await commit(claims, organizer, chainId, { count: 2, quantity: 3n });
      await expect(claims.claim(...claimArgs(links[1]!, alice.address)))
        .to.emit(claims, "TicketClaimed")
        .withArgs(1n, 1n, links[1]!.claimAddress, alice.address, 2n, 3n, admin.address);
      for (const id of [2n, 3n, 4n]) expect(await ticket.ownerOf(id)).to.equal(alice.address);
      expect(await ticket.totalMinted()).to.equal(4n);
      const stored = await claims.batch(1n);
      expect([stored.claimedLinks, stored.claimedTickets, stored.tickets]).to.deep.equal([1n, 3n, 6n]);
    });

    it("never issues more than the batch's committed ticket count, whatever its tree says", async function () {
      const { ticket, claims, organizer, chainId, alice } = await networkHelpers.loadFixture(claimsFixture);
      // A tree of two 3-ticket links committed as 4 tickets in all (a broken organizer tool).
      const batch = await makeBatch(claims, { count: 2, quantity: 3n, chainId });
      await claims.connect(organizer).commitBatch(1n, batch.root, 2n, 4n, 0n);
      await claims.claim(...claimArgs(batch.links[0]!, alice.address));
      await expect(claims.claim(...claimArgs(batch.links[1]!, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimBatchOverdrawn")
        .withArgs(1n, 3n, 1n);
      expect(await ticket.totalMinted()).to.equal(3n);
    });
  });

  describe("revocation and expiry", function () {
    it("a revoked link says so, other links still work, and revoking twice is harmless", async function () {
      const { claims, organizer, chainId, alice } = await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 3 });
      await expect(claims.connect(organizer).revokeLinks(1n, [0n, 2n]))
        .to.emit(claims, "ClaimLinkRevoked")
        .withArgs(1n, 0n, organizer.address)
        .and.to.emit(claims, "ClaimLinkRevoked")
        .withArgs(1n, 2n, organizer.address);
      await expect(claims.connect(organizer).revokeLinks(1n, [2n])).not.to.emit(claims, "ClaimLinkRevoked");
      expect(await claims.linkStatus(1n, 0n)).to.equal(LinkStatus.Revoked);
      await expect(claims.claim(...claimArgs(links[0]!, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimRevoked")
        .withArgs(1n, 0n);
      await claims.claim(...claimArgs(links[1]!, alice.address));
      await expect(claims.connect(organizer).revokeLinks(1n, [1n]))
        .to.be.revertedWithCustomError(claims, "ClaimAlreadyClaimed")
        .withArgs(1n, 1n);
      await expect(claims.connect(organizer).revokeLinks(1n, [3n]))
        .to.be.revertedWithCustomError(claims, "ClaimIndexOutOfRange")
        .withArgs(1n, 3n, 3n);
      await expect(claims.connect(organizer).revokeLinks(2n, [0n]))
        .to.be.revertedWithCustomError(claims, "ClaimBatchUnknown")
        .withArgs(2n);
    });

    it("revoking a batch stops its unclaimed links; claimed ones still say claimed", async function () {
      const { ticket, claims, organizer, chainId, alice } = await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 3 });
      await claims.claim(...claimArgs(links[0]!, alice.address));
      await expect(claims.connect(organizer).revokeBatch(1n))
        .to.emit(claims, "ClaimBatchRevoked")
        .withArgs(1n, organizer.address);
      await expect(claims.connect(organizer).revokeBatch(1n)).not.to.emit(claims, "ClaimBatchRevoked");
      expect((await claims.batch(1n)).revoked).to.equal(true);
      await expect(claims.claim(...claimArgs(links[1]!, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimRevoked")
        .withArgs(1n, 1n);
      await expect(claims.claim(...claimArgs(links[0]!, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimAlreadyClaimed")
        .withArgs(1n, 0n);
      expect(await claims.linkStatus(1n, 0n)).to.equal(LinkStatus.Claimed);
      expect(await claims.linkStatus(1n, 2n)).to.equal(LinkStatus.Revoked);
      expect(await ticket.totalMinted()).to.equal(1n);
      await expect(claims.connect(organizer).revokeBatch(9n))
        .to.be.revertedWithCustomError(claims, "ClaimBatchUnknown")
        .withArgs(9n);
    });

    it("an expired link says so; up to the expiry second it works", async function () {
      const { claims, organizer, chainId, alice } = await networkHelpers.loadFixture(claimsFixture);
      const expiresAt = BigInt(await networkHelpers.time.latest()) + 3600n;
      const { links } = await commit(claims, organizer, chainId, { count: 2, expiresAt });
      await networkHelpers.time.setNextBlockTimestamp(expiresAt);
      await claims.claim(...claimArgs(links[0]!, alice.address));
      await networkHelpers.mine(1);
      expect(await claims.linkStatus(1n, 1n)).to.equal(LinkStatus.Expired);
      expect(await claims.linkStatus(1n, 0n)).to.equal(LinkStatus.Claimed);
      await expect(claims.claim(...claimArgs(links[1]!, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimExpired")
        .withArgs(1n, 1n, expiresAt);
    });
  });

  describe("links of another contract or chain", function () {
    it("a link signed for another chain is refused", async function () {
      const { claims, organizer, chainId, alice } = await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 2 });
      const otherChain = { ...links[0]!, chainId: chainId + 1n };
      const recovered = ethers.recoverAddress(
        claimDigest({ link: links[0]!, recipient: alice.address }),
        signClaim({ link: otherChain, recipient: alice.address }).signature,
      );
      await expect(claims.claim(...claimArgs(otherChain, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidSignature")
        .withArgs(links[0]!.claimAddress, recovered);
    });

    it("a link of another claims contract is refused, even where the same batch was committed", async function () {
      const { ticket, claims, organizer, chainId, admin, alice } =
        await networkHelpers.loadFixture(claimsFixture);
      const other = await deployClaims(connection, ticket);
      const theirs = await commit(other, admin, chainId, { count: 2 });
      const ours = await commit(claims, organizer, chainId, { count: 2 });
      // Another contract's link is not in this contract's batch of the same id.
      await expect(claims.claim(...claimArgs(theirs.links[0]!, alice.address)))
        .to.be.revertedWithCustomError(claims, "ClaimInvalidProof")
        .withArgs(1n, 0n, theirs.links[0]!.claimAddress, 1n);
      // A twin contract holding the very same batch (id and root) still refuses our signed claim: the EIP-712
      // domain names the verifying contract.
      const twin = await deployClaims(connection, ticket);
      await twin.commitBatch(1n, ours.root, 2n, 2n, 0n);
      const link = ours.links[0]!;
      const recovered = ethers.recoverAddress(
        claimDigest({ link: { ...link, contract: await twin.getAddress() }, recipient: alice.address }),
        signClaim({ link, recipient: alice.address }).signature,
      );
      await expect(twin.claim(...claimArgs(link, alice.address)))
        .to.be.revertedWithCustomError(twin, "ClaimInvalidSignature")
        .withArgs(link.claimAddress, recovered);
      expect(await ticket.totalMinted()).to.equal(0n);
    });
  });

  describe("sharing the ticket", function () {
    it("claims and airdrops share the supply cap and the token-id sequence", async function () {
      const { ticket, claims, organizer, chainId, admin, alice, bob } =
        await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 5 });
      await claims.claim(...claimArgs(links[0]!, alice.address)); // ticket 1
      await ticket.connect(admin).airdrop(2n, Array(16).fill(bob.address)); // tickets 2..17
      await claims.claim(...claimArgs(links[1]!, alice.address)); // 18
      // An airdrop built before that claim is refused by the ticket's replay guard.
      await expect(ticket.connect(admin).airdrop(18n, [bob.address]))
        .to.be.revertedWithCustomError(ticket, "TicketBatchOutOfOrder")
        .withArgs(18n, 19n);
      await ticket.connect(admin).airdrop(19n, [bob.address, bob.address]); // 19, 20: the cap
      await expect(claims.claim(...claimArgs(links[2]!, alice.address)))
        .to.be.revertedWithCustomError(ticket, "TicketSupplyExceeded")
        .withArgs(1n, 0n);
      expect(await claims.linkStatus(1n, 2n)).to.equal(LinkStatus.Open); // nothing changed: the link still works
      expect(await ticket.totalMinted()).to.equal(20n);
      expect(await ticket.balanceOf(alice.address)).to.equal(2n);
      expect(await ticket.ownerOf(18n)).to.equal(alice.address);
    });

    it("bubbles up the ticket's refusal when paused or when the minter role was taken away", async function () {
      const { ticket, claims, organizer, chainId, admin, alice } =
        await networkHelpers.loadFixture(claimsFixture);
      const { links } = await commit(claims, organizer, chainId, { count: 2 });
      await ticket.connect(admin).pause();
      await expect(claims.claim(...claimArgs(links[0]!, alice.address))).to.be.revertedWithCustomError(
        ticket,
        "EnforcedPause",
      );
      await ticket.connect(admin).unpause();
      const minter = await ticket.MINTER_ROLE();
      await ticket.connect(admin).revokeRole(minter, await claims.getAddress());
      await expect(claims.claim(...claimArgs(links[0]!, alice.address)))
        .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
        .withArgs(await claims.getAddress(), minter);
      expect(await claims.linkStatus(1n, 0n)).to.equal(LinkStatus.Open);
    });
  });
});
