import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import type { ERC721RosterMock } from "../../types/ethers-contracts/index.js";
import { shouldBehaveLikeERC721 } from "../behaviors/ERC721.behavior.js";
import { rosterCode, sortAddresses } from "../support/ticket-fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const MAX_ROSTER_SIZE = 1266;

/** `n` distinct addresses derived from `label`, sorted ascending. */
function addresses(label: string, n: number): string[] {
  return sortAddresses(
    Array.from({ length: n }, (_, i) => ethers.getAddress(ethers.dataSlice(ethers.id(`${label}:${i}`), 12))),
  );
}

async function rosterFixture() {
  const signers = await ethers.getSigners();
  const [alice, bob, carol, dave] = signers as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const token = await ethers.deployContract("ERC721RosterMock", ["Roster", "RST"]);
  return { token, alice, bob, carol, dave };
}

async function rosterData(token: ERC721RosterMock, index: bigint): Promise<string> {
  const [, , data] = await token.roster(index);
  return data;
}

describe("ERC721Roster", function () {
  describe("writing a roster", function () {
    it("emits one Transfer per ticket in order, then RosterWritten with the derived data contract", async function () {
      const { token, alice, bob, carol } = await networkHelpers.loadFixture(rosterFixture);
      const recipients = sortAddresses([alice.address, bob.address, carol.address]);
      const expectedData = ethers.getCreateAddress({ from: await token.getAddress(), nonce: 1 });
      const tx = token.writeRoster(10n, recipients);
      for (const [i, to] of recipients.entries()) {
        await expect(tx)
          .to.emit(token, "Transfer")
          .withArgs(ethers.ZeroAddress, to, 10n + BigInt(i));
      }
      await expect(tx).to.emit(token, "RosterWritten").withArgs(0n, 10n, 3n, expectedData);
      expect(await token.rosterCount()).to.equal(1n);
      expect(await token.roster(0n)).to.deep.equal([10n, 3n, expectedData]);
      for (const [i, to] of recipients.entries()) expect(await token.ownerOf(10n + BigInt(i))).to.equal(to);
    });

    it("stores exactly the bucket header and the 19-byte entries, and the data contract does nothing when called", async function () {
      const { token, alice } = await networkHelpers.loadFixture(rosterFixture);
      const recipients = addresses("packed", 7);
      await token.writeRoster(1n, recipients);
      const data = await rosterData(token, 0n);
      expect(await ethers.provider.getCode(data)).to.equal(rosterCode(recipients));
      const receipt = await (await alice.sendTransaction({ to: data, data: "0x12345678" })).wait();
      expect(receipt?.status).to.equal(1);
      expect(receipt?.logs).to.have.length(0);
      expect(await ethers.provider.getCode(data)).to.equal(rosterCode(recipients));
    });

    it("counts a recipient listed several times (adjacent) once per listing", async function () {
      const { token, alice, bob, carol } = await networkHelpers.loadFixture(rosterFixture);
      const recipients = sortAddresses([
        alice.address,
        alice.address,
        alice.address,
        bob.address,
        carol.address,
      ]);
      await token.writeRoster(1n, recipients);
      expect(await token.balanceOf(alice.address)).to.equal(3n);
      expect(await token.balanceOf(bob.address)).to.equal(1n);
      expect(await token.balanceOf(carol.address)).to.equal(1n);
      for (const [i, to] of recipients.entries()) expect(await token.ownerOf(BigInt(i + 1))).to.equal(to);
    });

    it("adds up a recipient's tickets across rosters and storage mints", async function () {
      const { token, alice, bob } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, sortAddresses([alice.address, bob.address]));
      await token.mint(alice.address, 3n);
      await token.writeRoster(4n, sortAddresses([alice.address, alice.address, bob.address]));
      expect(await token.balanceOf(alice.address)).to.equal(4n);
      expect(await token.balanceOf(bob.address)).to.equal(2n);
    });

    it("takes a full roster of 1,266 recipients and rejects 1,267 with ERC721RosterInvalidSize", async function () {
      const { token } = await networkHelpers.loadFixture(rosterFixture);
      const many = addresses("full", MAX_ROSTER_SIZE + 1);
      await expect(token.writeRoster(1n, many))
        .to.be.revertedWithCustomError(token, "ERC721RosterInvalidSize")
        .withArgs(BigInt(MAX_ROSTER_SIZE + 1), BigInt(MAX_ROSTER_SIZE));
      const full = many.slice(0, MAX_ROSTER_SIZE);
      await token.writeRoster(1n, full);
      expect(await token.ownerOf(1n)).to.equal(full[0]);
      expect(await token.ownerOf(BigInt(MAX_ROSTER_SIZE))).to.equal(full[MAX_ROSTER_SIZE - 1]);
      expect(await token.balanceOf(full[600]!)).to.equal(1n);
      await expect(token.ownerOf(BigInt(MAX_ROSTER_SIZE + 1)))
        .to.be.revertedWithCustomError(token, "ERC721NonexistentToken")
        .withArgs(BigInt(MAX_ROSTER_SIZE + 1));
    });

    it("rejects an empty roster with ERC721RosterInvalidSize", async function () {
      const { token } = await networkHelpers.loadFixture(rosterFixture);
      await expect(token.writeRoster(1n, []))
        .to.be.revertedWithCustomError(token, "ERC721RosterInvalidSize")
        .withArgs(0n, BigInt(MAX_ROSTER_SIZE));
    });

    it("rejects unsorted recipients with ERC721RosterUnsorted carrying the position and both addresses", async function () {
      const { token } = await networkHelpers.loadFixture(rosterFixture);
      const [a, b, c] = addresses("unsorted", 3) as [string, string, string];
      await expect(token.writeRoster(1n, [a, c, b]))
        .to.be.revertedWithCustomError(token, "ERC721RosterUnsorted")
        .withArgs(2n, c, b);
      expect(await token.rosterCount()).to.equal(0n);
    });

    it("rejects the zero address with ERC721InvalidReceiver", async function () {
      const { token, alice } = await networkHelpers.loadFixture(rosterFixture);
      await expect(token.writeRoster(1n, [ethers.ZeroAddress, alice.address]))
        .to.be.revertedWithCustomError(token, "ERC721InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
    });

    it("rejects token IDs overlapping an earlier roster or storage mint with ERC721RosterOverlap", async function () {
      const { token, alice, bob } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(5n, sortAddresses([alice.address, bob.address])); // 5, 6
      await expect(token.writeRoster(6n, [alice.address]))
        .to.be.revertedWithCustomError(token, "ERC721RosterOverlap")
        .withArgs(6n, 7n);
      await token.mint(bob.address, 20n);
      await expect(token.writeRoster(15n, [alice.address]))
        .to.be.revertedWithCustomError(token, "ERC721RosterOverlap")
        .withArgs(15n, 21n);
      // A storage mint in a gap below the bound leaves it alone.
      await token.mint(bob.address, 10n);
      await token.writeRoster(21n, [alice.address]);
      expect(await token.ownerOf(21n)).to.equal(alice.address);
    });

    it("rejects token IDs at or above 2^32 - 1 with ERC721RosterTokenIdTooLarge", async function () {
      const { token, alice } = await networkHelpers.loadFixture(rosterFixture);
      const bound = 2n ** 32n - 1n;
      await expect(token.writeRoster(bound - 1n, [alice.address, alice.address]))
        .to.be.revertedWithCustomError(token, "ERC721RosterTokenIdTooLarge")
        .withArgs(bound - 1n, 2n);
      await expect(token.writeRoster(2n ** 255n, [alice.address]))
        .to.be.revertedWithCustomError(token, "ERC721RosterTokenIdTooLarge")
        .withArgs(2n ** 255n, 1n);
      await token.writeRoster(bound - 1n, [alice.address]);
      expect(await token.ownerOf(bound - 1n)).to.equal(alice.address);
      // Storage mints above the roster range do not block anything.
      await token.mint(alice.address, 2n ** 200n);
      expect(await token.balanceOf(alice.address)).to.equal(2n);
    });

    it("reverts with ERC721RosterWriteFailed if the token ever created another contract", async function () {
      const { token, alice } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, [alice.address]);
      await token.createUnrelatedContract(); // takes nonce 2
      const expected = ethers.getCreateAddress({ from: await token.getAddress(), nonce: 2 });
      await expect(token.writeRoster(2n, [alice.address]))
        .to.be.revertedWithCustomError(token, "ERC721RosterWriteFailed")
        .withArgs(1n, expected);
      expect(await token.rosterCount()).to.equal(1n);
    });

    it("derives data contract addresses for every length of CREATE nonce (1 to 4 bytes)", async function () {
      const { token } = await networkHelpers.loadFixture(rosterFixture);
      const from = await token.getAddress();
      const nonces = [1n, 0x7fn, 0x80n, 0xffn, 0x100n, 0xffffn, 0x10000n, 0xffffffn, 0x1000000n, 0xfffffffen];
      for (const nonce of nonces) {
        expect(await token.rosterDataAt(nonce - 1n), `nonce ${nonce}`).to.equal(
          ethers.getCreateAddress({ from, nonce }),
        );
      }
    });

    it("reads rosters written with two-byte CREATE nonces (more than 127 rosters)", async function () {
      const { token } = await networkHelpers.loadFixture(rosterFixture);
      const people = addresses("nonces", 130);
      for (const [i, person] of people.entries()) await token.writeRoster(BigInt(i + 1), [person]);
      const from = await token.getAddress();
      for (const i of [0, 126, 127, 128, 129]) {
        const [, , data] = await token.roster(BigInt(i));
        expect(data).to.equal(ethers.getCreateAddress({ from, nonce: i + 1 }));
        expect(await token.ownerOf(BigInt(i + 1))).to.equal(people[i]);
        expect(await token.balanceOf(people[i]!)).to.equal(1n);
      }
    });

    it("reverts roster() for an index that does not exist", async function () {
      const { token, alice } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, [alice.address]);
      await expect(token.roster(1n))
        .to.be.revertedWithCustomError(token, "ERC721RosterNonexistent")
        .withArgs(1n, 1n);
    });

    it("finds owners and balances across many rosters (first IDs beyond the head slot)", async function () {
      const { token } = await networkHelpers.loadFixture(rosterFixture);
      const people = addresses("many", 6);
      const owners = new Map<bigint, string>();
      let next = 1n;
      for (let r = 0; r < 23; r++) {
        const list = sortAddresses([people[r % 6]!, people[(r * 5 + 1) % 6]!]);
        await token.writeRoster(next, list);
        for (const [i, a] of list.entries()) owners.set(next + BigInt(i), a);
        next += BigInt(list.length) + BigInt(r % 3); // leave gaps of 0..2 IDs
      }
      expect(await token.rosterCount()).to.equal(23n);
      for (let id = 0n; id < next + 2n; id++) {
        const expected = owners.get(id);
        if (expected === undefined) {
          await expect(token.ownerOf(id)).to.be.revertedWithCustomError(token, "ERC721NonexistentToken");
        } else {
          expect(await token.ownerOf(id)).to.equal(expected);
        }
      }
      for (const p of people) {
        const count = [...owners.values()].filter((a) => a === p).length;
        expect(await token.balanceOf(p)).to.equal(BigInt(count));
      }
    });
  });

  describe("alongside ordinary minting", function () {
    it("keeps storage-minted tokens between rosters and rejects a storage mint of a roster ticket", async function () {
      const { token, alice, bob, carol } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, sortAddresses([alice.address, bob.address]));
      await token.mint(carol.address, 3n);
      await token.writeRoster(4n, [alice.address]);
      expect(await token.ownerOf(3n)).to.equal(carol.address);
      expect(await token.ownerOf(4n)).to.equal(alice.address);
      await expect(token.mint(carol.address, 4n))
        .to.be.revertedWithCustomError(token, "ERC721InvalidSender")
        .withArgs(ethers.ZeroAddress);
      await expect(token.mint(carol.address, 1n)).to.be.revertedWithCustomError(token, "ERC721InvalidSender");
      expect(await token.balanceOf(carol.address)).to.equal(1n);
    });
  });

  describe("transfers out of a roster", function () {
    it("moves one of several roster tickets and keeps both balances right, back and forth", async function () {
      const { token, alice, bob } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, [alice.address, alice.address, alice.address]);
      await expect(token.connect(alice).transferFrom(alice.address, bob.address, 2n))
        .to.emit(token, "Transfer")
        .withArgs(alice.address, bob.address, 2n);
      expect(await token.balanceOf(alice.address)).to.equal(2n);
      expect(await token.balanceOf(bob.address)).to.equal(1n);
      expect(await token.ownerOf(2n)).to.equal(bob.address);
      await token.connect(bob).transferFrom(bob.address, alice.address, 2n);
      expect(await token.balanceOf(alice.address)).to.equal(3n);
      expect(await token.balanceOf(bob.address)).to.equal(0n);
      await token.connect(alice).transferFrom(alice.address, bob.address, 1n);
      await token.connect(alice).transferFrom(alice.address, bob.address, 2n);
      await token.connect(alice).transferFrom(alice.address, bob.address, 3n);
      expect(await token.balanceOf(alice.address)).to.equal(0n);
      expect(await token.balanceOf(bob.address)).to.equal(3n);
    });

    it("clears a roster ticket's approval when it moves", async function () {
      const { token, alice, bob, carol } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, [alice.address]);
      await token.connect(alice).approve(carol.address, 1n);
      expect(await token.getApproved(1n)).to.equal(carol.address);
      await token.connect(carol).transferFrom(alice.address, bob.address, 1n);
      expect(await token.getApproved(1n)).to.equal(ethers.ZeroAddress);
      await expect(token.connect(carol).transferFrom(bob.address, carol.address, 1n))
        .to.be.revertedWithCustomError(token, "ERC721InsufficientApproval")
        .withArgs(carol.address, 1n);
    });
  });

  describe("burning (supported)", function () {
    it("burns a roster ticket for good: no owner, balance down, Transfer to zero", async function () {
      const { token, alice, bob } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, sortAddresses([alice.address, alice.address, bob.address]));
      const aliceId = (await token.ownerOf(1n)) === alice.address ? 1n : 2n;
      await expect(token.connect(alice).burn(aliceId))
        .to.emit(token, "Transfer")
        .withArgs(alice.address, ethers.ZeroAddress, aliceId);
      await expect(token.ownerOf(aliceId))
        .to.be.revertedWithCustomError(token, "ERC721NonexistentToken")
        .withArgs(aliceId);
      expect(await token.balanceOf(alice.address)).to.equal(1n);
      await expect(token.connect(alice).burn(aliceId)).to.be.revertedWithCustomError(
        token,
        "ERC721NonexistentToken",
      );
    });

    it("burns a roster ticket that moved, and lets a burned ID be minted again through storage", async function () {
      const { token, alice, bob, carol } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, [alice.address, alice.address]);
      await token.connect(alice).transferFrom(alice.address, bob.address, 1n);
      await token.connect(bob).burn(1n);
      await expect(token.ownerOf(1n)).to.be.revertedWithCustomError(token, "ERC721NonexistentToken");
      expect(await token.balanceOf(alice.address)).to.equal(1n);
      expect(await token.balanceOf(bob.address)).to.equal(0n);
      await token.mint(carol.address, 1n);
      expect(await token.ownerOf(1n)).to.equal(carol.address);
      expect(await token.balanceOf(carol.address)).to.equal(1n);
      expect(await token.balanceOf(alice.address)).to.equal(1n);
      await token.connect(carol).burn(1n);
      await expect(token.ownerOf(1n)).to.be.revertedWithCustomError(token, "ERC721NonexistentToken");
      expect(await token.balanceOf(carol.address)).to.equal(0n);
    });

    it("requires authorization to burn a roster ticket", async function () {
      const { token, alice, bob } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, [alice.address]);
      await expect(token.connect(bob).burn(1n))
        .to.be.revertedWithCustomError(token, "ERC721InsufficientApproval")
        .withArgs(bob.address, 1n);
      expect(await token.ownerOf(1n)).to.equal(alice.address);
    });

    it("burns storage-minted tokens without touching rosters", async function () {
      const { token, alice, bob } = await networkHelpers.loadFixture(rosterFixture);
      await token.writeRoster(1n, [alice.address]);
      await token.mint(bob.address, 2n);
      await token.forceBurn(2n);
      expect(await token.balanceOf(bob.address)).to.equal(0n);
      expect(await token.ownerOf(1n)).to.equal(alice.address);
      expect(await token.balanceOf(alice.address)).to.equal(1n);
    });
  });

  describe("as an ERC-721 (tickets on a roster)", function () {
    shouldBehaveLikeERC721(connection, async function rosterTicketsFixture() {
      const { token, alice, bob } = await rosterFixture();
      await token.writeRoster(1n, sortAddresses([alice.address, alice.address, bob.address]));
      const ids: bigint[] = [];
      for (let id = 1n; id <= 3n; id++) if ((await token.ownerOf(id)) === alice.address) ids.push(id);
      return {
        address: await token.getAddress(),
        holder: alice,
        tokenIds: [ids[0]!, ids[1]!] as const,
        holderBalance: 2n,
        nonexistentTokenId: 4n,
      };
    });
  });

  describe("as an ERC-721 (roster tickets that moved, next to a storage-minted one)", function () {
    shouldBehaveLikeERC721(connection, async function movedRosterTicketsFixture() {
      const { token, alice, bob, carol } = await rosterFixture();
      await token.writeRoster(1n, sortAddresses([bob.address, bob.address, carol.address]));
      await token.mint(alice.address, 4n);
      const ids: bigint[] = [];
      for (let id = 1n; id <= 3n; id++) {
        if ((await token.ownerOf(id)) === bob.address) {
          await token.connect(bob).transferFrom(bob.address, alice.address, id);
          ids.push(id);
        }
      }
      return {
        address: await token.getAddress(),
        holder: alice,
        tokenIds: [ids[0]!, ids[1]!] as const,
        holderBalance: 3n,
        nonexistentTokenId: 5n,
      };
    });
  });
});
