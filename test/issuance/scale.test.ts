import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { describeFull } from "../support/full.js";
import { startLocalNode, type LocalNode } from "../support/local-node.js";
import { runScale } from "../support/scale-run.js";
import { deployTicketOn } from "../support/tickets.js";

/**
 * 100,000 tickets through the real CLI on anvil with one SIGKILL part-way (`runScale`, the same run as
 * `bench/scale.ts`): a few minutes, so only under `npm run test:full`. Memory and time are the benchmark's to
 * report; this test asserts exactly-once, read back from the chain.
 */
describeFull("issuance at 100,000 tickets: exactly once with one kill", function () {
  const SIZE = 100_000;
  this.timeout(3_600_000);
  let node: LocalNode;
  let dir: string;

  before(async function () {
    node = await startLocalNode({ kind: "anvil" });
    dir = mkdtempSync(path.join(tmpdir(), "papercut-scale-test-"));
  });
  after(async function () {
    await node?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  it("refuses a bad list, then issues 100,000 distinct tickets, each to its row's address, after a SIGKILL and a re-run", async function () {
    const contract = await deployTicketOn(node.url, { cap: BigInt(SIZE) });
    const run = await runScale({ size: SIZE, dir, url: node.url, contract, killAt: 0.4, sample: 100 });

    const byStep = new Map(run.steps.map((s) => [s.step.split(" (")[0]!.split(",")[0]!, s]));
    expect(byStep.get("validate")?.exitCode).to.equal(1);
    expect(run.refusal).to.match(/2 problems in the attendee list; nothing was sent/);
    expect(run.steps.find((s) => s.step.startsWith("airdrop, killed"))?.signal).to.equal("SIGKILL");
    expect(run.ticketsAtKill).to.be.greaterThan(0).and.lessThan(SIZE);
    expect(run.transactionsSentByResume).to.be.greaterThan(0);

    expect(run.verify.mintEvents).to.equal(SIZE);
    expect(run.verify.distinctTokenIds).to.equal(SIZE);
    expect(run.verify.duplicateTokenIds).to.equal(0);
    expect(run.verify.strangers).to.equal(0);
    expect(run.verify.wrongCounts).to.equal(0);
    expect(run.verify.listedOwners).to.equal(SIZE);
    expect(run.verify.sampleMismatches).to.equal(0);
    expect(Number(run.status.minted)).to.equal(SIZE);
    expect(Number(run.status.holders)).to.equal(SIZE);
  });
});
