import { expect } from "chai";
import { Interface, ZeroAddress, ZeroHash, type ErrorFragment, type ParamType } from "ethers";
import { artifacts, network } from "hardhat";

import { claimsAbi, ledgerAbi, rendererAbi, ticketAbi } from "../../src/chain/abis.js";
import { decodeRevert } from "../../src/chain/decode-revert.js";
import { describeChainError } from "../../src/chain/describe-error.js";
import { describeClaimError } from "../../src/claims/describe-claim-error.js";
import { ClaimLinkExpiredError, ClaimLinkUsedError, ClaimRefusedError } from "../../src/claims/errors.js";
import { describeRevert, ticketInterface } from "../../src/issuance/abi.js";
import { PapercutError } from "../../src/errors.js";
import { deployTicket } from "../support/ticket-fixture.js";

const ticket = new Interface(ticketAbi);
const claims = new Interface(claimsAbi);

/** A value of the parameter's type (zero, empty), enough to encode an error with it. */
function sample(param: ParamType): unknown {
  if (param.isArray()) return [];
  if (param.isTuple()) return param.components.map(sample);
  if (param.baseType === "address") return ZeroAddress;
  if (param.baseType === "bool") return false;
  if (param.baseType === "string") return "";
  if (param.baseType === "bytes") return "0x";
  if (param.baseType.startsWith("bytes")) return ZeroHash.slice(0, 2 + 2 * Number(param.baseType.slice(5)));
  return 0n;
}

describe("decodeRevert (the one revert decoder)", function () {
  it("names every custom error of the ticket, claims, ledger and renderer contracts", function () {
    let count = 0;
    for (const abi of [ticketAbi, claimsAbi, ledgerAbi, rendererAbi]) {
      const iface = new Interface(abi);
      iface.forEachError((fragment: ErrorFragment) => {
        const data = iface.encodeErrorResult(fragment, fragment.inputs.map(sample));
        expect(decodeRevert(data)?.name, fragment.format()).to.equal(fragment.name);
        ++count;
      });
    }
    expect(count).to.be.greaterThan(60);
  });

  it("gives one line with the error's arguments", function () {
    const data = ticket.encodeErrorResult("TicketSupplyExceeded", [10n, 3n]);
    expect(decodeRevert(data)).to.deep.equal({
      name: "TicketSupplyExceeded",
      args: [10n, 3n],
      text: "TicketSupplyExceeded(10, 3)",
    });
    expect(decodeRevert(ticket.encodeErrorResult("EnforcedPause", []))?.text).to.equal("EnforcedPause()");
  });

  it("finds the revert data nested in a node's or a wallet's JSON-RPC error", function () {
    const data = claims.encodeErrorResult("ClaimAlreadyClaimed", [1n, 7n]);
    const node = { code: -32603, message: "execution reverted", data: { code: 3, data } };
    const wallet = {
      code: "UNKNOWN_ERROR",
      error: { message: "reverted", data: { originalError: {}, data } },
    };
    const ethers = { code: "CALL_EXCEPTION", revert: null, info: { error: node } };
    for (const e of [node, wallet, ethers])
      expect(decodeRevert(e)?.text).to.equal("ClaimAlreadyClaimed(1, 7)");
  });

  it("returns undefined for what carries no known custom error", function () {
    const cases = [undefined, null, "0x", "0x12345678", "not data", new Error("boom"), { code: -32000 }];
    cases.forEach((e, i) => expect(decodeRevert(e), `case ${i}`).to.equal(undefined));
  });

  it("decodes a caller's own ABI's errors when given it", async function () {
    const extra = new Interface((await artifacts.readArtifact("ERC721ReceiverMock")).abi);
    const data = extra.encodeErrorResult(
      "ReceiverRefused",
      extra.getError("ReceiverRefused")!.inputs.map(sample),
    );
    expect(decodeRevert(data)).to.equal(undefined);
    expect(decodeRevert(data, extra)?.name).to.equal("ReceiverRefused");
    expect(describeRevert(extra, data)?.name).to.equal("ReceiverRefused");
  });

  describe("on a real revert", function () {
    it("decodes the in-process node's error and ethers' CALL_EXCEPTION for it alike", async function () {
      const connection = await network.create();
      const [admin] = await connection.ethers.getSigners();
      const deployed = await deployTicket(connection, { admin: admin!.address });
      const tx = {
        to: await deployed.getAddress(),
        data: ticket.encodeFunctionData("airdrop", [5n, [admin!.address]]),
      };
      const thrown = await connection.ethers.provider.call(tx).catch((e: unknown) => e);
      expect(decodeRevert(thrown)?.text).to.equal("TicketBatchOutOfOrder(5, 1)");

      // What an ethers provider over JSON-RPC throws for the same revert: a CALL_EXCEPTION, decoded by the ABI.
      const callException = ticket.makeError(ticket.encodeErrorResult("TicketBatchOutOfOrder", [5n, 1n]), tx);
      expect(callException.revert?.name).to.equal("TicketBatchOutOfOrder");
      expect(decodeRevert(callException)?.text).to.equal("TicketBatchOutOfOrder(5, 1)");
      const described = describeChainError(callException);
      expect(described).to.be.instanceOf(PapercutError);
      expect(described!.shortMessage).to.equal("the contract refused: TicketBatchOutOfOrder(5, 1)");
    });
  });

  describe("its callers keep their own messages", function () {
    it("describeRevert (issuance) names the error from its data", function () {
      const data = ticket.encodeErrorResult("TicketBatchOutOfOrder", [1n, 251n]);
      expect(describeRevert(ticketInterface(), data)?.text).to.equal("TicketBatchOutOfOrder(1, 251)");
      expect(describeRevert(ticketInterface(), undefined)).to.equal(undefined);
    });

    it("describeClaimError: the link's own errors, and the ticket's bubbled up through the claim", function () {
      const used = describeClaimError({ data: claims.encodeErrorResult("ClaimAlreadyClaimed", [1n, 7n]) });
      expect(used).to.be.instanceOf(ClaimLinkUsedError);
      const expired = describeClaimError({ data: claims.encodeErrorResult("ClaimExpired", [1n, 7n, 99n]) });
      expect(expired).to.be.instanceOf(ClaimLinkExpiredError);
      const soldOut = describeClaimError({
        data: ticket.encodeErrorResult("TicketSupplyExceeded", [1n, 0n]),
      });
      expect(soldOut).to.be.instanceOf(ClaimRefusedError);
      expect(soldOut!.reason).to.equal("TicketSupplyExceeded");
      expect(soldOut!.details).to.equal("TicketSupplyExceeded(1, 0)");
      // A revert the holder cannot act on is not described (the caller rethrows it).
      expect(describeClaimError({ data: ticket.encodeErrorResult("TicketIsVoided", [1n]) })).to.equal(
        undefined,
      );
    });

    it("describeChainError: a ticket error through the claims contract is named, though its ABI lacks it", function () {
      // ethers leaves `revert` null when the contract's ABI does not declare the error; the data still decodes.
      const e = claims.makeError(ticket.encodeErrorResult("TicketSupplyExceeded", [2n, 1n]), {
        to: null,
        data: "0x",
      });
      expect(e.revert).to.equal(null);
      expect(describeChainError(e)!.shortMessage).to.equal(
        "the contract refused: TicketSupplyExceeded(2, 1)",
      );
    });

    it("describeChainError: a revert in the node's own shape (the in-process network's EDR) is an expected error too", async function () {
      const connection = await network.create();
      const deployed = await deployTicket(connection, { cap: 5n });
      const raw = await connection.provider
        .request({
          method: "eth_call",
          params: [{ to: await deployed.getAddress(), data: ticket.encodeFunctionData("ownerOf", [999n]) }],
        })
        .then(
          () => undefined,
          (error: unknown) => error,
        );
      expect(raw, "the node refused the call").to.not.equal(undefined);
      expect((raw as { code?: unknown }).code).to.not.equal("CALL_EXCEPTION");
      expect(describeChainError(raw)!.shortMessage).to.equal(
        "the contract refused: ERC721NonexistentToken(999)",
      );
      // Anything that names no error of ours stays a bug, rethrown by the caller.
      expect(describeChainError(new Error("socket hang up"))).to.equal(undefined);
      await connection.close();
    });

    it("describeChainError: a revert without a custom error keeps its reason", function () {
      const e = describeChainError({ code: "CALL_EXCEPTION", reason: "out of gas", revert: null });
      expect(e!.shortMessage).to.equal("the contract refused: out of gas");
    });
  });
});
