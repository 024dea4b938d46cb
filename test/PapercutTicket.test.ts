import { expect } from "chai";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import type { PapercutTicket } from "../types/ethers-contracts/index.js";
import { shouldBehaveLikeERC721 } from "./behaviors/ERC721.behavior.js";
import { deployTicket, sortAddresses } from "./support/ticket-fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

const MAX_UINT = 2n ** 256n - 1n;

async function ticketFixture() {
  const [admin, minter, metadataManager, alice, bob, carol, stranger, charity] =
    (await ethers.getSigners()) as [
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
    ];
  const ticket = await deployTicket(connection, {
    cap: 10n,
    royaltyReceiver: charity.address,
    royaltyFeeBps: 500n,
    baseURI: "ipfs://bafy/",
    contractURI: "ipfs://bafy/collection.json",
  });
  await ticket.grantRole(await ticket.MINTER_ROLE(), minter.address);
  await ticket.grantRole(await ticket.METADATA_ROLE(), metadataManager.address);
  return { ticket, admin, minter, metadataManager, alice, bob, carol, stranger, charity };
}

/** Everything a batch must leave unchanged when it reverts. */
async function snapshotState(ticket: PapercutTicket, holders: string[]) {
  return {
    minted: await ticket.totalMinted(),
    balances: await Promise.all(holders.map((h) => ticket.balanceOf(h))),
  };
}

describe("PapercutTicket", function () {
  describe("deployment", function () {
    it("sets name, symbol, cap and hands every role to the admin", async function () {
      const { ticket, admin } = await networkHelpers.loadFixture(ticketFixture);
      expect(await ticket.name()).to.equal("Charity Summit 2022 Papercut Ticket");
      expect(await ticket.symbol()).to.equal("PAPERCUT");
      expect(await ticket.cap()).to.equal(10n);
      expect(await ticket.totalMinted()).to.equal(0n);
      expect(await ticket.nextTokenId()).to.equal(1n);
      for (const role of [
        await ticket.DEFAULT_ADMIN_ROLE(),
        await ticket.MINTER_ROLE(),
        await ticket.METADATA_ROLE(),
      ]) {
        expect(await ticket.hasRole(role, admin.address)).to.equal(true);
      }
    });

    it("defaults to a 5,000-ticket cap", async function () {
      const ticket = await deployTicket(connection);
      expect(await ticket.cap()).to.equal(5000n);
    });

    it("gives the deployer nothing when another admin is named", async function () {
      const [deployer, other] = await ethers.getSigners();
      const ticket = await deployTicket(connection, { admin: other!.address });
      expect(await ticket.hasRole(await ticket.DEFAULT_ADMIN_ROLE(), other!.address)).to.equal(true);
      expect(await ticket.hasRole(await ticket.DEFAULT_ADMIN_ROLE(), deployer!.address)).to.equal(false);
      expect(await ticket.hasRole(await ticket.MINTER_ROLE(), deployer!.address)).to.equal(false);
    });

    it("rejects a zero cap and a zero admin", async function () {
      const [deployer] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("PapercutTicket");
      const args = (cap: bigint, admin: string) =>
        ["T", "T", cap, admin, ethers.ZeroAddress, 0n, "", "", 1_893_456_000n, 1_893_542_400n, 0n] as const;
      await expect(factory.deploy(...args(0n, deployer!.address)))
        .to.be.revertedWithCustomError(factory, "TicketInvalidCap")
        .withArgs(0n);
      await expect(factory.deploy(...args(1n, ethers.ZeroAddress)))
        .to.be.revertedWithCustomError(factory, "TicketInvalidAdmin")
        .withArgs(ethers.ZeroAddress);
    });

    it("reports ERC-165, ERC-721, Metadata, ERC-2981, ERC-4906 and AccessControl", async function () {
      const { ticket } = await networkHelpers.loadFixture(ticketFixture);
      for (const id of ["0x01ffc9a7", "0x80ac58cd", "0x5b5e139f", "0x2a55205a", "0x49064906", "0x7965db0b"]) {
        expect(await ticket.supportsInterface(id), id).to.equal(true);
      }
      expect(await ticket.supportsInterface("0xffffffff")).to.equal(false);
    });
  });

  describe("airdrop", function () {
    it("issues the next tickets in order, one Transfer each, and one TicketsIssued", async function () {
      const { ticket, minter, alice, bob, carol } = await networkHelpers.loadFixture(ticketFixture);
      const recipients = sortAddresses([alice.address, bob.address, carol.address]);
      const tx = ticket.connect(minter).airdrop(1n, recipients);
      await expect(tx).to.emit(ticket, "TicketsIssued").withArgs(1n, 3n, minter.address);
      for (const [i, to] of recipients.entries()) {
        await expect(tx)
          .to.emit(ticket, "Transfer")
          .withArgs(ethers.ZeroAddress, to, BigInt(i + 1));
        expect(await ticket.ownerOf(BigInt(i + 1))).to.equal(to);
      }
      expect(await ticket.totalMinted()).to.equal(3n);
      expect(await ticket.nextTokenId()).to.equal(4n);
    });

    it("gives a recipient listed several times several tickets", async function () {
      const { ticket, minter, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
      const recipients = sortAddresses([alice.address, alice.address, alice.address, bob.address]);
      await ticket.connect(minter).airdrop(1n, recipients);
      expect(await ticket.balanceOf(alice.address)).to.equal(3n);
      expect(await ticket.balanceOf(bob.address)).to.equal(1n);
    });

    it("continues where the previous batch ended", async function () {
      const { ticket, minter, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
      await ticket.connect(minter).airdrop(1n, [alice.address, alice.address]);
      await expect(ticket.connect(minter).airdrop(3n, [bob.address]))
        .to.emit(ticket, "Transfer")
        .withArgs(ethers.ZeroAddress, bob.address, 3n);
      expect(await ticket.totalMinted()).to.equal(3n);
    });

    it("rejects a replayed batch with TicketBatchOutOfOrder and mints nothing", async function () {
      const { ticket, minter, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
      const batch = sortAddresses([alice.address, bob.address]);
      await ticket.connect(minter).airdrop(1n, batch);
      const before = await snapshotState(ticket, batch);
      await expect(ticket.connect(minter).airdrop(1n, batch))
        .to.be.revertedWithCustomError(ticket, "TicketBatchOutOfOrder")
        .withArgs(1n, 3n);
      expect(await snapshotState(ticket, batch)).to.deep.equal(before);
    });

    it("rejects a batch that skips ahead (an earlier batch is missing)", async function () {
      const { ticket, minter, alice } = await networkHelpers.loadFixture(ticketFixture);
      await expect(ticket.connect(minter).airdrop(2n, [alice.address]))
        .to.be.revertedWithCustomError(ticket, "TicketBatchOutOfOrder")
        .withArgs(2n, 1n);
      await expect(ticket.connect(minter).airdrop(0n, [alice.address]))
        .to.be.revertedWithCustomError(ticket, "TicketBatchOutOfOrder")
        .withArgs(0n, 1n);
      expect(await ticket.totalMinted()).to.equal(0n);
    });

    it("rejects an empty batch with TicketEmptyBatch", async function () {
      const { ticket, minter } = await networkHelpers.loadFixture(ticketFixture);
      await expect(ticket.connect(minter).airdrop(1n, [])).to.be.revertedWithCustomError(
        ticket,
        "TicketEmptyBatch",
      );
    });

    it("fills the cap exactly, then rejects more with TicketSupplyExceeded carrying the numbers", async function () {
      const { ticket, minter, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
      await ticket.connect(minter).airdrop(1n, Array<string>(7).fill(alice.address));
      const before = await snapshotState(ticket, [alice.address, bob.address]);
      await expect(ticket.connect(minter).airdrop(8n, Array<string>(4).fill(bob.address)))
        .to.be.revertedWithCustomError(ticket, "TicketSupplyExceeded")
        .withArgs(4n, 3n);
      expect(await snapshotState(ticket, [alice.address, bob.address])).to.deep.equal(before);
      await ticket.connect(minter).airdrop(8n, Array<string>(3).fill(bob.address));
      expect(await ticket.totalMinted()).to.equal(10n);
      await expect(ticket.connect(minter).airdrop(11n, [bob.address]))
        .to.be.revertedWithCustomError(ticket, "TicketSupplyExceeded")
        .withArgs(1n, 0n);
    });

    it("rejects a batch containing the zero address as a whole", async function () {
      const { ticket, minter, alice } = await networkHelpers.loadFixture(ticketFixture);
      await expect(ticket.connect(minter).airdrop(1n, [ethers.ZeroAddress, alice.address]))
        .to.be.revertedWithCustomError(ticket, "ERC721InvalidReceiver")
        .withArgs(ethers.ZeroAddress);
      expect(await ticket.totalMinted()).to.equal(0n);
      expect(await ticket.balanceOf(alice.address)).to.equal(0n);
    });

    it("mints to contracts without calling them (a receiver cannot block or re-enter a batch)", async function () {
      const { ticket, minter, alice } = await networkHelpers.loadFixture(ticketFixture);
      const hostile = await ethers.deployContract("ERC721ReceiverMock", [2]); // reverts on receipt
      const recipients = sortAddresses([await hostile.getAddress(), alice.address]);
      await ticket.connect(minter).airdrop(1n, recipients);
      expect(await ticket.balanceOf(await hostile.getAddress())).to.equal(1n);
    });

    it("requires the minter role", async function () {
      const { ticket, stranger, metadataManager } = await networkHelpers.loadFixture(ticketFixture);
      const role = await ticket.MINTER_ROLE();
      for (const caller of [stranger, metadataManager]) {
        await expect(ticket.connect(caller).airdrop(1n, [caller.address]))
          .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, role);
      }
      expect(await ticket.totalMinted()).to.equal(0n);
    });

    it("stops working for a minter whose role was revoked", async function () {
      const { ticket, admin, minter, alice } = await networkHelpers.loadFixture(ticketFixture);
      await ticket.connect(admin).revokeRole(await ticket.MINTER_ROLE(), minter.address);
      await expect(ticket.connect(minter).airdrop(1n, [alice.address])).to.be.revertedWithCustomError(
        ticket,
        "AccessControlUnauthorizedAccount",
      );
    });
  });

  describe("pause", function () {
    it("stops issuance and transfers, and resumes them", async function () {
      const { ticket, admin, minter, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
      await ticket.connect(minter).airdrop(1n, [alice.address]);
      await expect(ticket.connect(admin).pause()).to.emit(ticket, "Paused").withArgs(admin.address);
      await expect(ticket.connect(minter).airdrop(2n, [bob.address])).to.be.revertedWithCustomError(
        ticket,
        "EnforcedPause",
      );
      await expect(
        ticket.connect(alice).transferFrom(alice.address, bob.address, 1n),
      ).to.be.revertedWithCustomError(ticket, "EnforcedPause");
      await expect(ticket.connect(admin).unpause()).to.emit(ticket, "Unpaused").withArgs(admin.address);
      await ticket.connect(alice).transferFrom(alice.address, bob.address, 1n);
      await ticket.connect(minter).airdrop(2n, [bob.address]);
      expect(await ticket.balanceOf(bob.address)).to.equal(2n);
    });

    it("is for the admin only", async function () {
      const { ticket, minter, admin } = await networkHelpers.loadFixture(ticketFixture);
      const role = await ticket.DEFAULT_ADMIN_ROLE();
      await expect(ticket.connect(minter).pause())
        .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
        .withArgs(minter.address, role);
      await ticket.connect(admin).pause();
      await expect(ticket.connect(minter).unpause())
        .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
        .withArgs(minter.address, role);
      await expect(ticket.connect(admin).pause()).to.be.revertedWithCustomError(ticket, "EnforcedPause");
    });
  });

  describe("royalties (ERC-2981)", function () {
    it("pays the default receiver the default fee", async function () {
      const { ticket, minter, alice, charity } = await networkHelpers.loadFixture(ticketFixture);
      await ticket.connect(minter).airdrop(1n, [alice.address]);
      expect(await ticket.royaltyInfo(1n, 10_000n)).to.deep.equal([charity.address, 500n]);
    });

    it("is zero when deployed without a royalty", async function () {
      const ticket = await deployTicket(connection);
      expect(await ticket.royaltyInfo(1n, 10_000n)).to.deep.equal([ethers.ZeroAddress, 0n]);
    });

    it("can be changed by the admin only, within 100%", async function () {
      const { ticket, admin, stranger, alice } = await networkHelpers.loadFixture(ticketFixture);
      await expect(ticket.connect(admin).setDefaultRoyalty(alice.address, 250n))
        .to.emit(ticket, "DefaultRoyaltyUpdated")
        .withArgs(alice.address, 250n);
      expect(await ticket.royaltyInfo(5n, 1_000_000n)).to.deep.equal([alice.address, 25_000n]);
      await expect(ticket.connect(admin).setDefaultRoyalty(alice.address, 10_001n))
        .to.be.revertedWithCustomError(ticket, "ERC2981InvalidDefaultRoyalty")
        .withArgs(10_001n, 10_000n);
      await expect(ticket.connect(admin).setDefaultRoyalty(ethers.ZeroAddress, 1n))
        .to.be.revertedWithCustomError(ticket, "ERC2981InvalidDefaultRoyaltyReceiver")
        .withArgs(ethers.ZeroAddress);
      await expect(
        ticket.connect(stranger).setDefaultRoyalty(stranger.address, 1n),
      ).to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount");
    });
  });

  describe("metadata", function () {
    it("falls back to baseURI + tokenId, or empty without a base", async function () {
      const { ticket, minter, metadataManager, alice } = await networkHelpers.loadFixture(ticketFixture);
      await ticket.connect(minter).airdrop(1n, [alice.address, alice.address]);
      expect(await ticket.tokenURI(2n)).to.equal("ipfs://bafy/2");
      await ticket.connect(metadataManager).setBaseURI("");
      expect(await ticket.tokenURI(2n)).to.equal("");
    });

    it("delegates to the renderer with the ticket's state, and back to the base when unset", async function () {
      const { ticket, minter, metadataManager, alice } = await networkHelpers.loadFixture(ticketFixture);
      await ticket.connect(minter).airdrop(1n, [alice.address]);
      const renderer = await ethers.deployContract("RendererMock", ["data:r/"]);
      const tx = ticket.connect(metadataManager).setRenderer(await renderer.getAddress());
      await expect(tx)
        .to.emit(ticket, "RendererUpdated")
        .withArgs(await renderer.getAddress());
      await expect(tx).to.emit(ticket, "BatchMetadataUpdate").withArgs(1n, MAX_UINT);
      expect(await ticket.renderer()).to.equal(await renderer.getAddress());
      expect(await ticket.tokenURI(1n)).to.equal("data:r/1/0");
      await ticket.connect(metadataManager).setRenderer(ethers.ZeroAddress);
      expect(await ticket.tokenURI(1n)).to.equal("ipfs://bafy/1");
    });

    it("announces base URI and contract URI changes (ERC-4906, ERC-7572)", async function () {
      const { ticket, metadataManager } = await networkHelpers.loadFixture(ticketFixture);
      const tx = ticket.connect(metadataManager).setBaseURI("ipfs://new/");
      await expect(tx).to.emit(ticket, "BaseURIUpdated").withArgs("ipfs://new/");
      await expect(tx).to.emit(ticket, "BatchMetadataUpdate").withArgs(1n, MAX_UINT);
      expect(await ticket.baseURI()).to.equal("ipfs://new/");
      expect(await ticket.contractURI()).to.equal("ipfs://bafy/collection.json");
      await expect(ticket.connect(metadataManager).setContractURI("ipfs://new/c.json")).to.emit(
        ticket,
        "ContractURIUpdated",
      );
      expect(await ticket.contractURI()).to.equal("ipfs://new/c.json");
    });

    it("requires the metadata role to change, and the admin to freeze", async function () {
      const { ticket, stranger, minter } = await networkHelpers.loadFixture(ticketFixture);
      const role = await ticket.METADATA_ROLE();
      await expect(ticket.connect(stranger).setBaseURI("x"))
        .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(ticket.connect(minter).setRenderer(stranger.address))
        .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
        .withArgs(minter.address, role);
      await expect(ticket.connect(stranger).setContractURI("x"))
        .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
        .withArgs(stranger.address, role);
      await expect(ticket.connect(minter).freezeMetadata())
        .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
        .withArgs(minter.address, await ticket.DEFAULT_ADMIN_ROLE());
    });

    it("freezes for good: no renderer, base or contract URI change afterwards", async function () {
      const { ticket, admin, metadataManager } = await networkHelpers.loadFixture(ticketFixture);
      await expect(ticket.connect(admin).freezeMetadata()).to.emit(ticket, "MetadataFrozen");
      expect(await ticket.metadataFrozen()).to.equal(true);
      const m = ticket.connect(metadataManager);
      await expect(m.setBaseURI("x")).to.be.revertedWithCustomError(ticket, "TicketMetadataIsFrozen");
      await expect(m.setRenderer(ethers.ZeroAddress)).to.be.revertedWithCustomError(
        ticket,
        "TicketMetadataIsFrozen",
      );
      await expect(m.setContractURI("x")).to.be.revertedWithCustomError(ticket, "TicketMetadataIsFrozen");
      await expect(ticket.connect(admin).freezeMetadata()).to.be.revertedWithCustomError(
        ticket,
        "TicketMetadataIsFrozen",
      );
      expect(await ticket.baseURI()).to.equal("ipfs://bafy/");
    });
  });

  describe("donation ledger pointer", function () {
    it("is set by the admin only and announced", async function () {
      const { ticket, admin, stranger, charity } = await networkHelpers.loadFixture(ticketFixture);
      expect(await ticket.donationLedger()).to.equal(ethers.ZeroAddress);
      await expect(ticket.connect(stranger).setDonationLedger(charity.address)).to.be.revertedWithCustomError(
        ticket,
        "AccessControlUnauthorizedAccount",
      );
      await expect(ticket.connect(admin).setDonationLedger(charity.address))
        .to.emit(ticket, "DonationLedgerUpdated")
        .withArgs(charity.address);
      expect(await ticket.donationLedger()).to.equal(charity.address);
    });
  });

  describe("roles", function () {
    it("lets the admin hand every role to others and renounce its own", async function () {
      const { ticket, admin, alice, bob } = await networkHelpers.loadFixture(ticketFixture);
      const adminRole = await ticket.DEFAULT_ADMIN_ROLE();
      await ticket.connect(admin).grantRole(adminRole, alice.address);
      await ticket.connect(admin).renounceRole(adminRole, admin.address);
      expect(await ticket.hasRole(adminRole, admin.address)).to.equal(false);
      await expect(ticket.connect(admin).grantRole(await ticket.MINTER_ROLE(), bob.address))
        .to.be.revertedWithCustomError(ticket, "AccessControlUnauthorizedAccount")
        .withArgs(admin.address, adminRole);
      await ticket.connect(alice).grantRole(await ticket.MINTER_ROLE(), bob.address);
      await ticket.connect(bob).airdrop(1n, [bob.address]);
      expect(await ticket.ownerOf(1n)).to.equal(bob.address);
    });
  });

  describe("as an ERC-721 (tickets straight from an airdrop)", function () {
    shouldBehaveLikeERC721(connection, async function airdroppedTicketsFixture() {
      const { ticket, minter, alice, bob } = await ticketFixture();
      await ticket.connect(minter).airdrop(1n, sortAddresses([alice.address, alice.address, bob.address]));
      const ids: bigint[] = [];
      for (let id = 1n; id <= 3n; id++) if ((await ticket.ownerOf(id)) === alice.address) ids.push(id);
      return {
        address: await ticket.getAddress(),
        holder: alice,
        tokenIds: [ids[0]!, ids[1]!] as const,
        holderBalance: 2n,
        nonexistentTokenId: 4n,
      };
    });
  });

  describe("as an ERC-721 (tickets that moved after the airdrop)", function () {
    shouldBehaveLikeERC721(connection, async function movedTicketsFixture() {
      const { ticket, minter, alice, bob, carol } = await ticketFixture();
      await ticket.connect(minter).airdrop(1n, sortAddresses([bob.address, bob.address, carol.address]));
      const ids: bigint[] = [];
      for (let id = 1n; id <= 3n; id++) {
        if ((await ticket.ownerOf(id)) === bob.address) {
          await ticket.connect(bob).transferFrom(bob.address, alice.address, id);
          ids.push(id);
        }
      }
      return {
        address: await ticket.getAddress(),
        holder: alice,
        tokenIds: [ids[0]!, ids[1]!] as const,
        holderBalance: 2n,
        nonexistentTokenId: 11n,
      };
    });
  });
});
