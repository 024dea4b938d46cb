import { expect } from "chai";
import type { HardhatEthers, HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkHelpers } from "@nomicfoundation/hardhat-network-helpers/types";

import type { IERC721Conformance } from "../../types/ethers-contracts/index.js";

/** What a concrete test gives the shared ERC-721 behaviour. */
export interface ERC721ConformanceFixture {
  /** The token under test. */
  address: string;
  /** Holds `tokenIds` (and possibly more: `holderBalance`). */
  holder: HardhatEthersSigner;
  /** Two tokens owned by `holder`. */
  tokenIds: readonly [bigint, bigint];
  /** `balanceOf(holder)` at the start. */
  holderBalance: bigint;
  /** A token ID that does not exist. */
  nonexistentTokenId: bigint;
}

export interface ERC721ConformanceConnection {
  ethers: HardhatEthers;
  networkHelpers: NetworkHelpers;
}

enum ReceiverBehaviour {
  Accept,
  WrongValue,
  RevertWithMessage,
  RevertWithoutMessage,
  RevertWithCustomError,
  Panic,
}

/**
 * The shared ERC-721 conformance behaviour (ERC-721, ERC-721 Metadata, ERC-165, EIP-6093 errors): balances,
 * ownership, approvals, operators, transfers and safe transfers to EOAs and to receiver contracts of every
 * kind, events, zero-address and nonexistent-token errors. Call it inside a `describe` with a named fixture
 * function; it runs against whatever token the fixture sets up, so every ticket variant runs the same suite.
 *
 * @example
 * describe("PapercutTicket", () => shouldBehaveLikeERC721(connection, deployTicketWithTwoTickets));
 */
export function shouldBehaveLikeERC721(
  { ethers, networkHelpers }: ERC721ConformanceConnection,
  fixture: () => Promise<ERC721ConformanceFixture>,
): void {
  async function setup() {
    const f = await networkHelpers.loadFixture(fixture);
    const signers = await ethers.getSigners();
    const others = signers.filter((s) => s.address !== f.holder.address);
    const [approved, operator, recipient, stranger] = others.slice(-4) as [
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
      HardhatEthersSigner,
    ];
    const token = await ethers.getContractAt("IERC721Conformance", f.address);
    const [tokenId, otherTokenId] = f.tokenIds;
    return { ...f, token, tokenId, otherTokenId, approved, operator, recipient, stranger };
  }

  async function deployReceiver(behaviour: ReceiverBehaviour) {
    return ethers.deployContract("ERC721ReceiverMock", [behaviour]);
  }

  describe("ERC-721 conformance", function () {
    describe("ERC-165", function () {
      it("supports ERC-165, ERC-721 and ERC-721 Metadata, and not 0xffffffff", async function () {
        const { token } = await setup();
        expect(await token.supportsInterface("0x01ffc9a7")).to.equal(true);
        expect(await token.supportsInterface("0x80ac58cd")).to.equal(true);
        expect(await token.supportsInterface("0x5b5e139f")).to.equal(true);
        expect(await token.supportsInterface("0xffffffff")).to.equal(false);
      });
    });

    describe("metadata", function () {
      it("has a name and a symbol", async function () {
        const { token } = await setup();
        expect(await token.name()).to.not.equal("");
        expect(await token.symbol()).to.not.equal("");
      });

      it("tokenURI of a nonexistent token reverts with ERC721NonexistentToken", async function () {
        const { token, nonexistentTokenId } = await setup();
        await expect(token.tokenURI(nonexistentTokenId))
          .to.be.revertedWithCustomError(token, "ERC721NonexistentToken")
          .withArgs(nonexistentTokenId);
      });
    });

    describe("balanceOf", function () {
      it("counts the holder's tokens", async function () {
        const { token, holder, holderBalance } = await setup();
        expect(await token.balanceOf(holder.address)).to.equal(holderBalance);
      });

      it("is zero for an address without tokens", async function () {
        const { token, stranger } = await setup();
        expect(await token.balanceOf(stranger.address)).to.equal(0n);
      });

      it("reverts for the zero address with ERC721InvalidOwner", async function () {
        const { token } = await setup();
        await expect(token.balanceOf(ethers.ZeroAddress))
          .to.be.revertedWithCustomError(token, "ERC721InvalidOwner")
          .withArgs(ethers.ZeroAddress);
      });
    });

    describe("ownerOf", function () {
      it("returns the holder", async function () {
        const { token, holder, tokenId, otherTokenId } = await setup();
        expect(await token.ownerOf(tokenId)).to.equal(holder.address);
        expect(await token.ownerOf(otherTokenId)).to.equal(holder.address);
      });

      it("reverts for a nonexistent token with ERC721NonexistentToken", async function () {
        const { token, nonexistentTokenId } = await setup();
        await expect(token.ownerOf(nonexistentTokenId))
          .to.be.revertedWithCustomError(token, "ERC721NonexistentToken")
          .withArgs(nonexistentTokenId);
      });
    });

    type TransferKind = "transferFrom" | "safeTransferFrom" | "safeTransferFrom+data";
    const DATA = "0x42cafe";

    function send(
      token: IERC721Conformance,
      kind: TransferKind,
      by: HardhatEthersSigner,
      from: string,
      to: string,
      tokenId: bigint,
    ) {
      const t = token.connect(by);
      if (kind === "transferFrom") return t.transferFrom(from, to, tokenId);
      if (kind === "safeTransferFrom")
        return t["safeTransferFrom(address,address,uint256)"](from, to, tokenId);
      return t["safeTransferFrom(address,address,uint256,bytes)"](from, to, tokenId, DATA);
    }

    for (const kind of ["transferFrom", "safeTransferFrom", "safeTransferFrom+data"] as const) {
      describe(`via ${kind}`, function () {
        async function withApprovals() {
          const s = await setup();
          await s.token.connect(s.holder).approve(s.approved.address, s.tokenId);
          await s.token.connect(s.holder).setApprovalForAll(s.operator.address, true);
          return s;
        }

        for (const who of ["owner", "approved", "operator"] as const) {
          it(`moves the token when called by the ${who}`, async function () {
            const s = await withApprovals();
            const caller = who === "owner" ? s.holder : who === "approved" ? s.approved : s.operator;
            const tx = send(s.token, kind, caller, s.holder.address, s.recipient.address, s.tokenId);
            await expect(tx)
              .to.emit(s.token, "Transfer")
              .withArgs(s.holder.address, s.recipient.address, s.tokenId);
            expect(await s.token.ownerOf(s.tokenId)).to.equal(s.recipient.address);
            expect(await s.token.balanceOf(s.holder.address)).to.equal(s.holderBalance - 1n);
            expect(await s.token.balanceOf(s.recipient.address)).to.equal(1n);
            expect(await s.token.getApproved(s.tokenId)).to.equal(ethers.ZeroAddress);
            // The other token and the operator approval are untouched.
            expect(await s.token.ownerOf(s.otherTokenId)).to.equal(s.holder.address);
            expect(await s.token.isApprovedForAll(s.holder.address, s.operator.address)).to.equal(true);
          });
        }

        it("does not emit Approval when the transfer clears the approval", async function () {
          const s = await withApprovals();
          await expect(
            send(s.token, kind, s.holder, s.holder.address, s.recipient.address, s.tokenId),
          ).to.not.emit(s.token, "Approval");
        });

        it("lets an operator move a token approved to someone else", async function () {
          const s = await withApprovals();
          await send(s.token, kind, s.operator, s.holder.address, s.recipient.address, s.tokenId);
          expect(await s.token.ownerOf(s.tokenId)).to.equal(s.recipient.address);
        });

        it("keeps owner and balance when the owner sends to itself, and clears the approval", async function () {
          const s = await withApprovals();
          await expect(send(s.token, kind, s.holder, s.holder.address, s.holder.address, s.tokenId))
            .to.emit(s.token, "Transfer")
            .withArgs(s.holder.address, s.holder.address, s.tokenId);
          expect(await s.token.ownerOf(s.tokenId)).to.equal(s.holder.address);
          expect(await s.token.balanceOf(s.holder.address)).to.equal(s.holderBalance);
          expect(await s.token.getApproved(s.tokenId)).to.equal(ethers.ZeroAddress);
        });

        it("reverts with ERC721InsufficientApproval for a caller without approval", async function () {
          const s = await withApprovals();
          await expect(send(s.token, kind, s.stranger, s.holder.address, s.stranger.address, s.tokenId))
            .to.be.revertedWithCustomError(s.token, "ERC721InsufficientApproval")
            .withArgs(s.stranger.address, s.tokenId);
          // An approval for one token is not an approval for another.
          await expect(send(s.token, kind, s.approved, s.holder.address, s.approved.address, s.otherTokenId))
            .to.be.revertedWithCustomError(s.token, "ERC721InsufficientApproval")
            .withArgs(s.approved.address, s.otherTokenId);
          expect(await s.token.ownerOf(s.tokenId)).to.equal(s.holder.address);
        });

        it("reverts with ERC721IncorrectOwner when `from` is not the owner", async function () {
          const s = await withApprovals();
          await expect(send(s.token, kind, s.holder, s.stranger.address, s.recipient.address, s.tokenId))
            .to.be.revertedWithCustomError(s.token, "ERC721IncorrectOwner")
            .withArgs(s.stranger.address, s.tokenId, s.holder.address);
        });

        it("reverts with ERC721InvalidReceiver when sending to the zero address", async function () {
          const s = await withApprovals();
          await expect(send(s.token, kind, s.holder, s.holder.address, ethers.ZeroAddress, s.tokenId))
            .to.be.revertedWithCustomError(s.token, "ERC721InvalidReceiver")
            .withArgs(ethers.ZeroAddress);
        });

        it("reverts with ERC721NonexistentToken for a nonexistent token", async function () {
          const s = await withApprovals();
          await expect(
            send(s.token, kind, s.holder, s.holder.address, s.recipient.address, s.nonexistentTokenId),
          )
            .to.be.revertedWithCustomError(s.token, "ERC721NonexistentToken")
            .withArgs(s.nonexistentTokenId);
        });

        it("lets the new owner move the token on, and the old owner not", async function () {
          const s = await withApprovals();
          await send(s.token, kind, s.holder, s.holder.address, s.recipient.address, s.tokenId);
          await expect(send(s.token, kind, s.holder, s.recipient.address, s.holder.address, s.tokenId))
            .to.be.revertedWithCustomError(s.token, "ERC721InsufficientApproval")
            .withArgs(s.holder.address, s.tokenId);
          await send(s.token, kind, s.recipient, s.recipient.address, s.holder.address, s.tokenId);
          expect(await s.token.ownerOf(s.tokenId)).to.equal(s.holder.address);
          expect(await s.token.balanceOf(s.holder.address)).to.equal(s.holderBalance);
          expect(await s.token.balanceOf(s.recipient.address)).to.equal(0n);
        });
      });
    }

    describe("safe transfers to contracts", function () {
      for (const kind of ["safeTransferFrom", "safeTransferFrom+data"] as const) {
        const data = kind === "safeTransferFrom" ? "0x" : DATA;

        it(`${kind}: calls onERC721Received with operator, from, id and data on an accepting receiver`, async function () {
          const s = await setup();
          const receiver = await deployReceiver(ReceiverBehaviour.Accept);
          await s.token.connect(s.holder).setApprovalForAll(s.operator.address, true);
          const to = await receiver.getAddress();
          await expect(send(s.token, kind, s.operator, s.holder.address, to, s.tokenId))
            .to.emit(receiver, "Received")
            .withArgs(s.operator.address, s.holder.address, s.tokenId, data);
          expect(await s.token.ownerOf(s.tokenId)).to.equal(to);
        });

        it(`${kind}: reverts with ERC721InvalidReceiver when the receiver returns a wrong value`, async function () {
          const s = await setup();
          const receiver = await deployReceiver(ReceiverBehaviour.WrongValue);
          const to = await receiver.getAddress();
          await expect(send(s.token, kind, s.holder, s.holder.address, to, s.tokenId))
            .to.be.revertedWithCustomError(s.token, "ERC721InvalidReceiver")
            .withArgs(to);
          expect(await s.token.ownerOf(s.tokenId)).to.equal(s.holder.address);
        });

        it(`${kind}: bubbles up the receiver's revert reason`, async function () {
          const s = await setup();
          const receiver = await deployReceiver(ReceiverBehaviour.RevertWithMessage);
          await expect(
            send(s.token, kind, s.holder, s.holder.address, await receiver.getAddress(), s.tokenId),
          ).to.be.revertedWith("ERC721ReceiverMock: refused");
        });

        it(`${kind}: reverts with ERC721InvalidReceiver when the receiver reverts without reason`, async function () {
          const s = await setup();
          const receiver = await deployReceiver(ReceiverBehaviour.RevertWithoutMessage);
          const to = await receiver.getAddress();
          await expect(send(s.token, kind, s.holder, s.holder.address, to, s.tokenId))
            .to.be.revertedWithCustomError(s.token, "ERC721InvalidReceiver")
            .withArgs(to);
        });

        it(`${kind}: bubbles up the receiver's custom error`, async function () {
          const s = await setup();
          const receiver = await deployReceiver(ReceiverBehaviour.RevertWithCustomError);
          await expect(
            send(s.token, kind, s.holder, s.holder.address, await receiver.getAddress(), s.tokenId),
          )
            .to.be.revertedWithCustomError(receiver, "ReceiverRefused")
            .withArgs(s.tokenId);
        });

        it(`${kind}: bubbles up the receiver's panic`, async function () {
          const s = await setup();
          const receiver = await deployReceiver(ReceiverBehaviour.Panic);
          await expect(
            send(s.token, kind, s.holder, s.holder.address, await receiver.getAddress(), s.tokenId),
          ).to.be.revertedWithPanic(0x12);
        });

        it(`${kind}: reverts with ERC721InvalidReceiver for a contract that is not a receiver`, async function () {
          const s = await setup();
          const notReceiver = s.address; // the token itself implements no onERC721Received
          await expect(send(s.token, kind, s.holder, s.holder.address, notReceiver, s.tokenId))
            .to.be.revertedWithCustomError(s.token, "ERC721InvalidReceiver")
            .withArgs(notReceiver);
        });
      }

      it("transferFrom to a contract that is not a receiver succeeds (no callback)", async function () {
        const s = await setup();
        const receiver = await deployReceiver(ReceiverBehaviour.RevertWithMessage);
        const to = await receiver.getAddress();
        await send(s.token, "transferFrom", s.holder, s.holder.address, to, s.tokenId);
        expect(await s.token.ownerOf(s.tokenId)).to.equal(to);
      });
    });

    describe("approve", function () {
      it("sets the approved address and emits Approval", async function () {
        const s = await setup();
        await expect(s.token.connect(s.holder).approve(s.approved.address, s.tokenId))
          .to.emit(s.token, "Approval")
          .withArgs(s.holder.address, s.approved.address, s.tokenId);
        expect(await s.token.getApproved(s.tokenId)).to.equal(s.approved.address);
        expect(await s.token.getApproved(s.otherTokenId)).to.equal(ethers.ZeroAddress);
      });

      it("clears the approval when approving the zero address", async function () {
        const s = await setup();
        await s.token.connect(s.holder).approve(s.approved.address, s.tokenId);
        await expect(s.token.connect(s.holder).approve(ethers.ZeroAddress, s.tokenId))
          .to.emit(s.token, "Approval")
          .withArgs(s.holder.address, ethers.ZeroAddress, s.tokenId);
        expect(await s.token.getApproved(s.tokenId)).to.equal(ethers.ZeroAddress);
      });

      it("lets an operator approve on the owner's behalf", async function () {
        const s = await setup();
        await s.token.connect(s.holder).setApprovalForAll(s.operator.address, true);
        await expect(s.token.connect(s.operator).approve(s.approved.address, s.tokenId))
          .to.emit(s.token, "Approval")
          .withArgs(s.holder.address, s.approved.address, s.tokenId);
        expect(await s.token.getApproved(s.tokenId)).to.equal(s.approved.address);
      });

      it("reverts with ERC721InvalidApprover for a caller that is neither owner nor operator", async function () {
        const s = await setup();
        await expect(s.token.connect(s.stranger).approve(s.stranger.address, s.tokenId))
          .to.be.revertedWithCustomError(s.token, "ERC721InvalidApprover")
          .withArgs(s.stranger.address);
        // An approved address cannot approve others.
        await s.token.connect(s.holder).approve(s.approved.address, s.tokenId);
        await expect(s.token.connect(s.approved).approve(s.stranger.address, s.tokenId))
          .to.be.revertedWithCustomError(s.token, "ERC721InvalidApprover")
          .withArgs(s.approved.address);
      });

      it("reverts with ERC721NonexistentToken for a nonexistent token (approve and getApproved)", async function () {
        const s = await setup();
        await expect(s.token.connect(s.holder).approve(s.approved.address, s.nonexistentTokenId))
          .to.be.revertedWithCustomError(s.token, "ERC721NonexistentToken")
          .withArgs(s.nonexistentTokenId);
        await expect(s.token.getApproved(s.nonexistentTokenId))
          .to.be.revertedWithCustomError(s.token, "ERC721NonexistentToken")
          .withArgs(s.nonexistentTokenId);
      });
    });

    describe("setApprovalForAll", function () {
      it("sets and unsets an operator, emitting ApprovalForAll", async function () {
        const s = await setup();
        expect(await s.token.isApprovedForAll(s.holder.address, s.operator.address)).to.equal(false);
        await expect(s.token.connect(s.holder).setApprovalForAll(s.operator.address, true))
          .to.emit(s.token, "ApprovalForAll")
          .withArgs(s.holder.address, s.operator.address, true);
        expect(await s.token.isApprovedForAll(s.holder.address, s.operator.address)).to.equal(true);
        await expect(s.token.connect(s.holder).setApprovalForAll(s.operator.address, false))
          .to.emit(s.token, "ApprovalForAll")
          .withArgs(s.holder.address, s.operator.address, false);
        expect(await s.token.isApprovedForAll(s.holder.address, s.operator.address)).to.equal(false);
      });

      it("lets the operator move every token of the owner", async function () {
        const s = await setup();
        await s.token.connect(s.holder).setApprovalForAll(s.operator.address, true);
        await s.token.connect(s.operator).transferFrom(s.holder.address, s.recipient.address, s.tokenId);
        await s.token.connect(s.operator).transferFrom(s.holder.address, s.recipient.address, s.otherTokenId);
        expect(await s.token.balanceOf(s.recipient.address)).to.equal(2n);
      });

      it("reverts with ERC721InvalidOperator for the zero address", async function () {
        const s = await setup();
        await expect(s.token.connect(s.holder).setApprovalForAll(ethers.ZeroAddress, true))
          .to.be.revertedWithCustomError(s.token, "ERC721InvalidOperator")
          .withArgs(ethers.ZeroAddress);
      });
    });
  });
}
