import { expect } from "chai";
import { network } from "hardhat";
import { BrowserProvider } from "ethers";

import { decideAdmission } from "../../src/checkin/decide-admission.js";
import { createChallenge } from "../../src/checkin/create-challenge.js";
import {
  ChallengeExpiredError,
  CheckInRefusedError,
  EventEndedError,
  GateNotAuthorizedError,
  NotTicketHolderError,
  ProofForAnotherChainError,
  ProofForAnotherContractError,
  ProofForAnotherGateError,
  ProofReplayedError,
  TicketAlreadyAdmittedError,
  TicketNotFoundError,
  TicketVoidedError,
  UnknownChallengeError,
} from "../../src/checkin/errors.js";
import { syncGateJournal } from "../../src/checkin/sync-journal.js";
import { ticketLifecycleContract } from "../../src/checkin/ticket-abi.js";
import { toContractProof } from "../../src/checkin/typed-data.js";
import type { CheckInProof } from "../../src/checkin/types.js";
import { verifyCheckInProof } from "../../src/checkin/verify-proof.js";
import { deployGateFixture, openTestGate, presentProof, type TestGate } from "../support/gate-fixture.js";
import { laggingIndexes } from "../support/lagging-indexes.js";

const connection = await network.create();
const { ethers, networkHelpers } = connection;
const { time } = networkHelpers;

const gateFixture = () => deployGateFixture(connection);

/** The gate's decision on a proof (decideAdmission, as the page and the CLI call it); a refusal is thrown. */
async function admit(gate: TestGate, proof: CheckInProof, now?: () => number) {
  const decision = await decideAdmission({
    scanned: proof,
    gate: gate.identity,
    ticket: gate.reader,
    journal: gate.journal,
    committer: gate.writer,
    ...(now === undefined ? {} : { now }),
  });
  if (decision.verdict === "refuse") throw decision.error;
  return decision;
}

async function refusal(promise: Promise<unknown>): Promise<CheckInRefusedError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof CheckInRefusedError) return error;
    throw error;
  }
  throw new Error("expected a refusal, got an admission");
}

describe("gate check-in (src/checkin)", function () {
  describe("admitting", function () {
    it("admits an EOA holder without sending anything, then commits the journal on-chain", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const block = await ethers.provider.getBlockNumber();
      const admitted = await admit(north, await presentProof(f.alice, 2n, await north.challenge()));
      expect(admitted.holder).to.equal(f.alice.address);
      expect(admitted.signerKind).to.equal("eoa");
      expect(await ethers.provider.getBlockNumber()).to.equal(block); // answered without a block
      expect(north.journal.pending().map((p) => p.proof.tokenId)).to.deep.equal([2n]);

      const synced = await syncGateJournal({ journal: north.journal, ticket: north.writer });
      expect(synced.outcomes).to.deep.equal([
        { tokenId: 2n, status: "committed", txHash: synced.txHashes[0] },
      ]);
      expect(await f.ticket.ticketState(2n)).to.equal(1n);
      expect(north.journal.pending()).to.deep.equal([]);
      const again = await syncGateJournal({ journal: north.journal, ticket: north.writer });
      expect(again).to.deep.equal({ outcomes: [], txHashes: [], gasUsed: 0n });
    });

    it("admits a smart-wallet holder through ERC-1271, only once the commit is mined", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const admitted = await admit(north, await presentProof(f.walletOwner, 6n, await north.challenge()));
      expect(admitted.holder).to.equal(await f.wallet.getAddress());
      expect(admitted.signerKind).to.equal("contract");
      // Committed before ADMIT: the wallet cannot change its answer between the check and the commit.
      expect(admitted.committed?.txHash).to.match(/^0x[0-9a-f]{64}$/);
      expect(await f.ticket.ticketState(6n)).to.equal(1n);
      expect(north.journal.pending()).to.deep.equal([]);
    });

    it("refuses a wallet's ticket signed by a key the wallet does not accept", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const error = await refusal(admit(north, await presentProof(f.alice, 6n, await north.challenge())));
      expect(error).to.be.instanceOf(NotTicketHolderError);
      expect((error as NotTicketHolderError).holder).to.equal(await f.wallet.getAddress());
      expect((error as NotTicketHolderError).signer).to.equal(f.alice.address);
    });
  });

  describe("refusing", function () {
    it("refuses a replayed proof, before and after it was committed", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const proof = await presentProof(f.alice, 1n, await north.challenge());
      await admit(north, proof);
      const replay = await refusal(admit(north, proof));
      expect(replay).to.be.instanceOf(ProofReplayedError);
      expect((replay as ProofReplayedError).first).to.include({ gate: "NORTH", source: "journal" });
      await syncGateJournal({ journal: north.journal, ticket: north.writer });
      expect(await refusal(admit(north, proof))).to.be.instanceOf(ProofReplayedError);
      // The same challenge answered for another ticket is a replay too.
      expect(await refusal(admit(north, await presentProof(f.alice, 2n, proof.challenge)))).to.be.instanceOf(
        ProofReplayedError,
      );
    });

    it("refuses a proof made for another gate, another chain or another contract", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const south = await openTestGate(f, "SOUTH", f.gateB);
      const forSouth = await presentProof(f.alice, 1n, await south.challenge());
      const wrongGate = await refusal(admit(north, forSouth));
      expect(wrongGate).to.be.instanceOf(ProofForAnotherGateError);
      expect(wrongGate).to.include({ gate: "SOUTH", expectedGate: "NORTH", reason: "wrong-gate" });

      const c = await north.challenge();
      const otherChain = await presentProof(f.alice, 1n, { ...c, chainId: 1n });
      expect(await refusal(admit(north, otherChain))).to.be.instanceOf(ProofForAnotherChainError);
      const otherContract = await presentProof(f.alice, 1n, { ...c, contract: f.carol.address });
      expect(await refusal(admit(north, otherContract))).to.be.instanceOf(ProofForAnotherContractError);
      // Even if the QR text is edited to this gate's chain, the signature no longer matches.
      const edited: CheckInProof = { ...otherChain, challenge: c };
      expect(await refusal(admit(north, edited))).to.be.instanceOf(NotTicketHolderError);
      expect(await f.ticket.ticketState(1n)).to.equal(0n);
    });

    it("refuses an expired challenge, and one this gate never issued", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const c = await north.challenge();
      const proof = await presentProof(f.alice, 1n, c);
      const late = await refusal(admit(north, proof, () => (c.expiry + 1) * 1000));
      expect(late).to.be.instanceOf(ChallengeExpiredError);
      expect(late).to.include({ expiry: c.expiry, now: c.expiry + 1 });
      expect(await refusal(admit(north, proof, () => c.expiry * 1000))).to.be.instanceOf(
        ChallengeExpiredError,
      );
      const forged = createChallenge({ gate: "NORTH", chainId: f.chainId, contract: f.contract });
      expect(await refusal(admit(north, await presentProof(f.alice, 1n, forged)))).to.be.instanceOf(
        UnknownChallengeError,
      );
      const stretched = await presentProof(f.alice, 1n, { ...c, expiry: c.expiry + 3600 });
      expect(await refusal(admit(north, stretched))).to.be.instanceOf(UnknownChallengeError);
      await admit(north, proof, () => (c.expiry - 1) * 1000);
    });

    it("refuses a previous holder's proof after a transfer, naming both", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const c = await north.challenge();
      const before = await presentProof(f.alice, 1n, c);
      await f.ticket.connect(f.alice).transferFrom(f.alice.address, f.carol.address, 1n);
      const error = await refusal(admit(north, before));
      expect(error).to.be.instanceOf(NotTicketHolderError);
      expect(error).to.include({ holder: f.carol.address, signer: f.alice.address });
      await admit(north, await presentProof(f.carol, 1n, await north.challenge()));
    });

    it("refuses a voided ticket, a missing one, after the event, and from a gate without the role", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      await f.ticket.voidTicket(3n);
      expect(
        await refusal(admit(north, await presentProof(f.alice, 3n, await north.challenge()))),
      ).to.be.instanceOf(TicketVoidedError);
      expect(
        await refusal(admit(north, await presentProof(f.alice, 77n, await north.challenge()))),
      ).to.be.instanceOf(TicketNotFoundError);
      const rogue = await openTestGate(f, "ROGUE", f.noRole);
      expect(
        await refusal(admit(rogue, await presentProof(f.alice, 1n, await rogue.challenge()))),
      ).to.be.instanceOf(GateNotAuthorizedError);
      await f.ticket.pause();
      expect(
        await refusal(admit(north, await presentProof(f.alice, 1n, await north.challenge()))),
      ).to.be.instanceOf(GateNotAuthorizedError);
      await f.ticket.unpause();
      await time.increaseTo(f.eventEnd);
      const c = await north.challenge({ expiry: Number(f.eventEnd) + 60 });
      const ended = await refusal(
        admit(north, await presentProof(f.alice, 1n, c), () => Number(f.eventEnd) * 1000),
      );
      expect(ended).to.be.instanceOf(EventEndedError);
      expect(north.journal.pending()).to.deep.equal([]);
    });
  });

  describe("two gates", function () {
    it("refuses a second scan anywhere once a gate committed, with that gate and time from the chain", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const south = await openTestGate(f, "SOUTH", f.gateB);
      await admit(north, await presentProof(f.alice, 1n, await north.challenge()));
      const { txHashes } = await syncGateJournal({ journal: north.journal, ticket: north.writer });
      const receipt = await ethers.provider.getTransactionReceipt(txHashes[0]!);
      const block = await ethers.provider.getBlock(receipt!.blockNumber);

      const second = await refusal(admit(south, await presentProof(f.alice, 1n, await south.challenge())));
      expect(second).to.be.instanceOf(TicketAlreadyAdmittedError);
      expect((second as TicketAlreadyAdmittedError).first).to.deep.include({
        gate: "NORTH",
        at: block!.timestamp,
        source: "chain",
        txHash: txHashes[0],
      });
      expect(second.reason).to.equal("already-checked-in");
      // and at the first gate, with a fresh challenge
      expect(
        await refusal(admit(north, await presentProof(f.alice, 1n, await north.challenge()))),
      ).to.be.instanceOf(TicketAlreadyAdmittedError);
    });

    it("lets only one of two gates commit a ticket both admitted at the same moment", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const south = await openTestGate(f, "SOUTH", f.gateB);
      // The same holder shows the ticket at both gates before either has committed (e.g. both offline).
      const [cn, cs] = [await north.challenge(), await south.challenge()];
      await Promise.all([
        admit(north, await presentProof(f.alice, 1n, cn)),
        admit(south, await presentProof(f.alice, 1n, cs)),
        admit(south, await presentProof(f.bob, 4n, await south.challenge())),
      ]);
      const [n, s] = await Promise.all([
        syncGateJournal({ journal: north.journal, ticket: north.writer }),
        syncGateJournal({ journal: south.journal, ticket: south.writer }),
      ]);
      const outcomes = [...n.outcomes, ...s.outcomes].filter((o) => o.tokenId === 1n);
      expect(outcomes.map((o) => o.status).sort()).to.deep.equal(["committed", "conflict"]);
      const winner = n.outcomes[0]!.status === "committed" ? "NORTH" : "SOUTH";
      const loser = outcomes.find((o) => o.status === "conflict")!;
      expect(loser.reason).to.equal("TicketAlreadyCheckedIn");
      expect(loser.first?.gate).to.equal(winner);
      expect(s.outcomes.find((o) => o.tokenId === 4n)?.status).to.equal("committed");
      const logs = await f.ticket.queryFilter(f.ticket.filters.CheckedIn(1n));
      expect(logs).to.have.length(1);
      // Both journals are reconciled: nothing left to commit, the conflict is on record.
      expect(north.journal.pending()).to.deep.equal([]);
      expect(south.journal.pending()).to.deep.equal([]);
      const losingJournal = winner === "NORTH" ? south.journal : north.journal;
      expect(losingJournal.entries.filter((e) => e.type === "conflict")).to.have.length(1);
    });

    it("reconciles an offline gate's journal: commits the rest of the batch and records each conflict", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const south = await openTestGate(f, "SOUTH", f.gateB);
      // SOUTH is offline and admits 1, 2, 4, 3.
      await admit(south, await presentProof(f.alice, 1n, await south.challenge()));
      await admit(south, await presentProof(f.alice, 2n, await south.challenge()));
      await admit(south, await presentProof(f.bob, 4n, await south.challenge()));
      await admit(south, await presentProof(f.alice, 3n, await south.challenge()));
      // Meanwhile NORTH admits and commits 2, the organizer voids 4... and reissues 3 to carol.
      await admit(north, await presentProof(f.alice, 2n, await north.challenge()));
      await syncGateJournal({ journal: north.journal, ticket: north.writer });
      await f.ticket.voidTicket(4n);
      await f.ticket.reissueTicket(3n, f.carol.address);

      const result = await syncGateJournal({ journal: south.journal, ticket: south.writer, batchSize: 10 });
      expect(result.txHashes).to.have.length(1); // 1, 4, 3 in one batch; 2 was settled by reading the chain
      const byId = new Map(result.outcomes.map((o) => [o.tokenId, o]));
      expect(byId.get(1n)?.status).to.equal("committed");
      // Every refused commit after ADMIT is an alarm, saying what it means for the organizer.
      expect(byId.get(2n)).to.deep.include({
        status: "conflict",
        reason: "TicketAlreadyCheckedIn",
        alarm: "second-entry",
      });
      expect(byId.get(2n)?.first?.gate).to.equal("NORTH");
      expect(byId.get(4n)).to.deep.include({ status: "conflict", reason: "TicketIsVoided", alarm: "voided" });
      expect(byId.get(3n)).to.deep.include({
        status: "conflict",
        reason: "TicketInvalidProof",
        alarm: "still-valid",
      });
      expect(south.journal.pending()).to.deep.equal([]);
    });

    it("recognises its own commit whose answer was lost, and sends nothing twice", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const proof = await presentProof(f.alice, 1n, await north.challenge());
      await admit(north, proof);
      // The transaction went through but the gate crashed before journaling it.
      await f.ticket.connect(f.gateA).checkIn(toContractProof(proof));
      const result = await syncGateJournal({ journal: north.journal, ticket: north.writer });
      expect(result.txHashes).to.deep.equal([]);
      expect(result.outcomes).to.have.length(1);
      expect(result.outcomes[0]).to.include({ tokenId: 1n, status: "committed" });
    });

    it("recognises its own lost commit through a node whose events trail its state, not as a conflict", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const proof = await presentProof(f.alice, 1n, await north.challenge());
      await admit(north, proof);
      // The gate reads the chain through a node that serves a block's state at once but its logs 400 ms later.
      const lagging = laggingIndexes(connection.provider, { lagMs: 400 });
      const gateSigner = await new BrowserProvider(lagging.provider).getSigner(f.gateA.address);
      // The commit went through but its answer was lost, just now: the CheckedIn event is not served yet.
      const lost = await f.ticket.connect(f.gateA).checkIn(toContractProof(proof));
      const result = await syncGateJournal({
        journal: north.journal,
        ticket: ticketLifecycleContract(f.contract, gateSigner),
        pollIntervalMs: 50,
      });
      // The paged log reader asks up to the node's block number, which lags too: the event is out of its range.
      expect(
        lagging.stats.hiddenLogs + lagging.stats.laggedBlockNumbers,
        "the event was hidden at first",
      ).to.be.greaterThan(0);
      expect(result.outcomes).to.deep.equal([{ tokenId: 1n, status: "committed", txHash: lost.hash }]);
      expect(north.journal.pending()).to.deep.equal([]);
    });

    it("leaves an admission pending (unknown), not a conflict, while the node never serves the event", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const proof = await presentProof(f.alice, 1n, await north.challenge());
      await admit(north, proof);
      const lagging = laggingIndexes(connection.provider, { lagMs: 3_600_000 });
      const gateSigner = await new BrowserProvider(lagging.provider).getSigner(f.gateA.address);
      await f.ticket.connect(f.gateA).checkIn(toContractProof(proof));
      const result = await syncGateJournal({
        journal: north.journal,
        ticket: ticketLifecycleContract(f.contract, gateSigner),
        settleTimeoutMs: 200,
        pollIntervalMs: 50,
      });
      expect(result.outcomes).to.have.length(1);
      expect(result.outcomes[0]).to.include({ tokenId: 1n, status: "unknown" });
      expect(north.journal.pending().map((p) => p.proof.tokenId)).to.deep.equal([1n]);
      // Once the node serves the event, the next sync journals it as this gate's commit.
      const again = await syncGateJournal({ journal: north.journal, ticket: north.writer });
      expect(again.outcomes[0]).to.include({ tokenId: 1n, status: "committed" });
      expect(again.txHashes).to.deep.equal([]);
    });

    it("records a single admission the contract refuses at commit time as a conflict, and sends nothing", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      await admit(north, await presentProof(f.bob, 5n, await north.challenge()));
      await f.ticket.voidTicket(5n); // after the admission, before the commit
      const result = await syncGateJournal({ journal: north.journal, ticket: north.writer });
      expect(result.txHashes).to.deep.equal([]);
      expect(result.outcomes).to.deep.equal([
        { tokenId: 5n, status: "conflict", reason: "TicketIsVoided", alarm: "voided" },
      ]);
      expect(north.journal.pending()).to.deep.equal([]);
    });

    it("commits in batches of the given size", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      for (const [holder, id] of [
        [f.alice, 1n],
        [f.alice, 2n],
        [f.alice, 3n],
        [f.bob, 4n],
        [f.bob, 5n],
      ] as const) {
        await admit(north, await presentProof(holder, id, await north.challenge()));
      }
      const result = await syncGateJournal({ journal: north.journal, ticket: north.writer, batchSize: 2 });
      expect(result.txHashes).to.have.length(3);
      expect(result.outcomes.every((o) => o.status === "committed")).to.equal(true);
      for (let id = 1n; id <= 5n; id++) expect(await f.ticket.ticketState(id)).to.equal(1n);
    });
  });

  it("verifies without a journal too (a read-only check)", async function () {
    const f = await networkHelpers.loadFixture(gateFixture);
    const north = await openTestGate(f, "NORTH", f.gateA);
    const c = createChallenge({ gate: "NORTH", chainId: f.chainId, contract: f.contract });
    const result = await verifyCheckInProof({
      proof: await presentProof(f.bob, 5n, c),
      gate: north.identity,
      ticket: north.reader,
    });
    expect(result).to.deep.equal({ tokenId: 5n, holder: f.bob.address, signerKind: "eoa" });
  });
});
