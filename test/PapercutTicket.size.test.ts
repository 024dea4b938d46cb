import { expect } from "chai";
import hre, { network } from "hardhat";

import { UNDER_COVERAGE } from "./support/coverage.js";
import { deployTicket } from "./support/ticket-fixture.js";

/** EIP-170: the most runtime code a contract may have; a bigger one cannot be deployed. */
const EIP_170_LIMIT_BYTES = 24_576;
/**
 * The ticket's budget, ~2.5 KB under EIP-170 (17,301 bytes when it was set), so a fix can always still land in
 * the ticket.
 */
const MAX_TICKET_RUNTIME_BYTES = 22_000;

/** Says what a failure means and what to do, beside the numbers. */
function overBudget(where: string): string {
  return (
    `PapercutTicket's runtime code (${where}) is over its ${MAX_TICKET_RUNTIME_BYTES}-byte budget ` +
    `(EIP-170 limit ${EIP_170_LIMIT_BYTES}): new features belong in their own contracts (as the renderer, the ` +
    `claims contract and the donation ledger are), wired to the ticket, not in the ticket itself`
  );
}

/** Bytes of a `0x…` hex string. */
function byteLength(hex: string): number {
  return (hex.length - 2) / 2;
}

// Coverage instruments the contracts and grows them past EIP-170 (test/support/coverage.ts): sizes mean nothing.
(UNDER_COVERAGE ? describe.skip : describe)("PapercutTicket size", function () {
  it("keeps the compiled runtime code (the artifact's deployedBytecode) within its budget", async function () {
    const { deployedBytecode } = await hre.artifacts.readArtifact("PapercutTicket");
    expect(byteLength(deployedBytecode), overBudget("artifact")).to.be.at.most(MAX_TICKET_RUNTIME_BYTES);
  });

  it("keeps the deployed code (eth_getCode after the Ignition deploy) within its budget", async function () {
    const connection = await network.create();
    const ticket = await deployTicket(connection);
    const code = await connection.ethers.provider.getCode(await ticket.getAddress());
    expect(byteLength(code), "no code deployed").to.be.greaterThan(0);
    expect(byteLength(code), overBudget("deployed")).to.be.at.most(MAX_TICKET_RUNTIME_BYTES);
    // The artifact is what was deployed (immutables are filled in, the length is the same).
    const { deployedBytecode } = await hre.artifacts.readArtifact("PapercutTicket");
    expect(byteLength(code)).to.equal(byteLength(deployedBytecode));
  });
});
