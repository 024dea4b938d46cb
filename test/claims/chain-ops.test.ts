import { expect } from "chai";
import { network } from "hardhat";

import { readClaimBatch } from "../../src/claims/claim-batch-state.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { ClaimBatchTakenError, commitClaimBatch } from "../../src/claims/commit-claim-batch.js";
import { readLinkStatuses } from "../../src/claims/read-link-statuses.js";
import { signClaim } from "../../src/claims/sign-claim.js";
import { submitClaim } from "../../src/claims/submit-claim.js";
import { ClaimLinkUsedError } from "../../src/claims/errors.js";
import { deployClaims, makeBatch } from "../support/claims-fixture.js";
import { deployTicket } from "../support/ticket-fixture.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;

async function fixture() {
  const [organizer, alice] = await ethers.getSigners();
  const ticket = await deployTicket(connection, { cap: 50n });
  const deployed = await deployClaims(connection, ticket);
  const claims = claimsContract(await deployed.getAddress(), organizer!);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  return { ticket, deployed, claims, chainId, organizer: organizer!, alice: alice! };
}

describe("claims chain operations (src/claims against the in-process chain)", function () {
  it("commits a batch exactly once: a re-run finds it and sends nothing", async function () {
    const { claims, deployed, chainId } = await networkHelpers.loadFixture(fixture);
    const batch = await makeBatch(deployed, { count: 3, chainId });
    const params = { claims, batchId: 1n, root: batch.root, links: 3n, tickets: 3n, expiresAt: 0n };
    const first = await commitClaimBatch(params);
    expect(first.alreadyCommitted).to.equal(false);
    expect(first.txHash).to.match(/^0x[0-9a-f]{64}$/);
    const blockAfter = await ethers.provider.getBlockNumber();
    const again = await commitClaimBatch(params);
    expect(again).to.deep.equal({
      alreadyCommitted: true,
      txHash: undefined,
      blockNumber: undefined,
      gasUsed: undefined,
    });
    expect(await ethers.provider.getBlockNumber()).to.equal(blockAfter);
  });

  it("refuses links built for a batch id another batch took", async function () {
    const { claims, deployed, chainId } = await networkHelpers.loadFixture(fixture);
    const a = await makeBatch(deployed, { count: 2, chainId, seed: "a" });
    const b = await makeBatch(deployed, { count: 2, chainId, seed: "b" }); // also built for id 1
    await commitClaimBatch({ claims, batchId: 1n, root: a.root, links: 2n, tickets: 2n, expiresAt: 0n });
    for (const batchId of [1n, 3n]) {
      let caught: unknown;
      try {
        await commitClaimBatch({ claims, batchId, root: b.root, links: 2n, tickets: 2n, expiresAt: 0n });
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(ClaimBatchTakenError);
    }
  });

  it("reads batches and link statuses, and submits a claim reporting its tickets and cost", async function () {
    const { claims, deployed, chainId, alice } = await networkHelpers.loadFixture(fixture);
    const batch = await makeBatch(deployed, { count: 3, chainId, quantity: 2n });
    await commitClaimBatch({ claims, batchId: 1n, root: batch.root, links: 3n, tickets: 6n, expiresAt: 0n });
    const request = signClaim({ link: batch.links[1]!, recipient: alice.address });
    const result = await submitClaim({ claims, request });
    expect([result.firstTokenId, result.quantity, result.recipient]).to.deep.equal([1n, 2n, alice.address]);
    expect(result.costWei).to.be.greaterThan(0n);
    await (await deployed.revokeLinks(1n, [2n])).wait();
    const statuses = await readLinkStatuses({
      claims,
      links: [0n, 1n, 2n, 3n].map((index) => ({ batchId: 1n, index })),
      concurrency: 2,
    });
    expect(statuses).to.deep.equal(["open", "claimed", "revoked", "unknown"]);
    const now = BigInt(await networkHelpers.time.latest());
    const state = await readClaimBatch({ claims, batchId: 1n, now });
    expect(state).to.deep.include({
      links: 3n,
      tickets: 6n,
      claimedLinks: 1n,
      claimedTickets: 2n,
      revoked: false,
    });
    expect(await readClaimBatch({ claims, batchId: 2n, now })).to.equal(undefined);

    let caught: unknown;
    try {
      await submitClaim({ claims, request });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ClaimLinkUsedError);
  });
});
