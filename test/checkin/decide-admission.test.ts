import { expect } from "chai";
import { network } from "hardhat";
import { Wallet, type Signer, type TransactionRequest } from "ethers";

import { ChainTimeoutError } from "../../src/chain/errors.js";
import { createChallenge } from "../../src/checkin/create-challenge.js";
import {
  decideAdmission,
  type AdmissionRefusalReason,
  type AdmissionVerdict,
  type DecideAdmissionParameters,
  type OfflineFallback,
} from "../../src/checkin/decide-admission.js";
import {
  ChallengeExpiredError,
  CheckInRefusedError,
  EventEndedError,
  GateNotAuthorizedError,
  InvalidPayloadError,
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
import { encodeChallenge, encodeProof } from "../../src/checkin/payload.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import { syncGateJournal } from "../../src/checkin/sync-journal.js";
import { ticketLifecycleContract } from "../../src/checkin/ticket-abi.js";
import type { CheckInChallenge } from "../../src/checkin/types.js";
import type { KnownTicket } from "../../src/checkin/verify-proof-offline.js";
import { deployGateFixture, openTestGate, type TestGate } from "../support/gate-fixture.js";

const connection = await network.create();
const { networkHelpers } = connection;

const gateFixture = () => deployGateFixture(connection);

/** The gate's decision on a scan, by default online through the node. */
async function decide(
  gate: TestGate,
  scanned: DecideAdmissionParameters["scanned"],
  options: Partial<DecideAdmissionParameters> = {},
): Promise<AdmissionVerdict> {
  return await decideAdmission({
    scanned,
    gate: gate.identity,
    ticket: gate.reader,
    journal: gate.journal,
    ...options,
  });
}

/** The QR text of a holder's proof. */
async function scan(holder: Signer, tokenId: bigint, challenge: CheckInChallenge): Promise<string> {
  return encodeProof(await signCheckInProof({ signer: holder, challenge, tokenId }));
}

function expectRefusal(
  decision: AdmissionVerdict,
  reason: AdmissionRefusalReason,
  errorClass: new (...args: never[]) => Error,
  { tokenId, offline = false }: { tokenId?: bigint; offline?: boolean } = {},
) {
  if (decision.verdict !== "refuse") expect.fail(`expected REFUSE ${reason}, got ADMIT`);
  expect(decision.reason).to.equal(reason);
  expect(decision.error).to.be.instanceOf(errorClass);
  expect(decision.offline).to.equal(offline);
  if (tokenId !== undefined) expect(decision.tokenId).to.equal(tokenId);
  return decision;
}

/** A ticket contract whose node never answers, or answers every call with `error`; counts the calls. */
function deadTicket(contract: string, error?: Error) {
  const calls = { count: 0 };
  const runner = {
    provider: null,
    call: (_tx: TransactionRequest) => {
      calls.count++;
      return error === undefined ? new Promise<string>(() => undefined) : Promise.reject(error);
    },
  };
  return { ticket: ticketLifecycleContract(contract, runner), calls };
}

const connectionRefused = () =>
  Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { code: "ECONNREFUSED" });

const valid = (holder: string): KnownTicket => ({ holder, state: "Valid" });

/** The gate's offline view: a snapshot of what it last read, and a probe that says the chain is gone. */
function snapshot(tickets: Record<string, KnownTicket>, extra: Partial<OfflineFallback> = {}) {
  const probes = { count: 0 };
  const fallback: OfflineFallback = {
    known: (tokenId) => tickets[tokenId.toString()],
    reachable: () => {
      probes.count++;
      return Promise.resolve(false);
    },
    timeoutMs: 200,
    ...extra,
  };
  return { fallback, probes };
}

describe("decideAdmission (the gate's ADMIT / REFUSE)", function () {
  describe("online", function () {
    it("admits the holder's proof, journals the admission and says it was decided online", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const checking: bigint[] = [];
      const { fallback, probes } = snapshot({});
      const decision = await decide(north, await scan(f.alice, 2n, await north.challenge()), {
        offline: fallback,
        onChecking: (proof) => checking.push(proof.tokenId),
      });
      expect(decision).to.deep.include({
        verdict: "admit",
        tokenId: 2n,
        holder: f.alice.address,
        signerKind: "eoa",
        offline: false,
      });
      if (decision.verdict !== "admit") return;
      expect(decision.admission).to.include({ type: "admission", tokenId: "2", holder: f.alice.address });
      expect(north.journal.pending().map((p) => p.proof.tokenId)).to.deep.equal([2n]);
      expect(checking).to.deep.equal([2n]);
      expect(probes.count).to.equal(0);
    });

    it("refuses a proof for another chain, contract or gate, an unknown challenge and an expired one", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const south = await openTestGate(f, "SOUTH", f.gateB);
      const c = await north.challenge();
      const { fallback } = snapshot({});
      const atNorth = (text: string, now?: () => number) =>
        decide(north, text, { offline: fallback, ...(now && { now }) });

      expectRefusal(
        await atNorth(await scan(f.alice, 1n, { ...c, chainId: 1n })),
        "wrong-chain",
        ProofForAnotherChainError,
        { tokenId: 1n },
      );
      expectRefusal(
        await atNorth(await scan(f.alice, 1n, { ...c, contract: f.carol.address })),
        "wrong-contract",
        ProofForAnotherContractError,
      );
      const wrongGate = expectRefusal(
        await atNorth(await scan(f.alice, 1n, await south.challenge())),
        "wrong-gate",
        ProofForAnotherGateError,
      );
      expect(wrongGate.reason === "wrong-gate" && wrongGate.error.gate).to.equal("SOUTH");
      const forged = createChallenge({ gate: "NORTH", chainId: f.chainId, contract: f.contract });
      expectRefusal(
        await atNorth(await scan(f.alice, 1n, forged)),
        "unknown-challenge",
        UnknownChallengeError,
      );
      expectRefusal(
        await atNorth(await scan(f.alice, 1n, c), () => (c.expiry + 1) * 1000),
        "challenge-expired",
        ChallengeExpiredError,
      );
      expect(north.journal.pending()).to.deep.equal([]);
    });

    it("refuses a replayed proof and a ticket another gate already committed, with the first admission", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const south = await openTestGate(f, "SOUTH", f.gateB);
      const proof = await scan(f.alice, 1n, await south.challenge());
      expect((await decide(south, proof)).verdict).to.equal("admit");
      const replay = expectRefusal(await decide(south, proof), "proof-replayed", ProofReplayedError);
      expect(replay.first).to.include({ gate: "SOUTH", source: "journal" });

      await syncGateJournal({ journal: south.journal, ticket: ticketLifecycleContract(f.contract, f.gateB) });
      const again = expectRefusal(
        await decide(north, await scan(f.alice, 1n, await north.challenge())),
        "already-checked-in",
        TicketAlreadyAdmittedError,
        { tokenId: 1n },
      );
      expect(again.first).to.include({ gate: "SOUTH", source: "chain" });
    });

    it("refuses what the contract refuses: not the holder, voided, no such ticket, a gate without the role, after the event", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const notHolder = expectRefusal(
        await decide(north, await scan(f.bob, 1n, await north.challenge())),
        "not-holder",
        NotTicketHolderError,
      );
      expect(notHolder.reason === "not-holder" && notHolder.error.signer).to.equal(f.bob.address);
      await f.ticket.voidTicket(3n);
      expectRefusal(
        await decide(north, await scan(f.alice, 3n, await north.challenge())),
        "voided",
        TicketVoidedError,
      );
      expectRefusal(
        await decide(north, await scan(f.alice, 77n, await north.challenge())),
        "no-such-ticket",
        TicketNotFoundError,
      );
      const rogue = await openTestGate(f, "ROGUE", f.noRole);
      expectRefusal(
        await decide(rogue, await scan(f.alice, 1n, await rogue.challenge())),
        "gate-not-authorized",
        GateNotAuthorizedError,
      );
      await networkHelpers.time.increaseTo(f.eventEnd);
      const late = await north.challenge({ expiry: Number(f.eventEnd) + 60 });
      expectRefusal(
        await decide(north, await scan(f.alice, 1n, late), { now: () => Number(f.eventEnd) * 1000 }),
        "event-ended",
        EventEndedError,
      );
      expect(north.journal.pending()).to.deep.equal([]);
    });
  });

  it("refuses the gate's own code and any text that is not a proof, without asking the chain", async function () {
    const f = await networkHelpers.loadFixture(gateFixture);
    const north = await openTestGate(f, "NORTH", f.gateA);
    const { ticket, calls } = deadTicket(f.contract, connectionRefused());
    const checking: bigint[] = [];
    const atNorth = (text: string) =>
      decide(north, text, { ticket, onChecking: (proof) => checking.push(proof.tokenId) });

    const code = expectRefusal(
      await atNorth(encodeChallenge(await north.challenge())),
      "gate-code",
      InvalidPayloadError,
    );
    expect(code.tokenId).to.equal(undefined);
    expectRefusal(await atNorth("https://example.com/ticket/1"), "not-a-proof", InvalidPayloadError);
    expectRefusal(await atNorth("PCT1P:nonsense"), "not-a-proof", InvalidPayloadError);
    expect(calls.count).to.equal(0);
    expect(checking).to.deep.equal([]);
  });

  describe("when the chain is out of reach", function () {
    it("decides from the snapshot when the chain does not answer in time nor a probe, journaling the admission", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const { ticket, calls } = deadTicket(f.contract);
      const causes: unknown[] = [];
      const { fallback, probes } = snapshot(
        { 1: valid(f.alice.address) },
        { onUnreachable: (cause) => causes.push(cause) },
      );
      const decision = await decide(north, await scan(f.alice, 1n, await north.challenge()), {
        ticket,
        offline: fallback,
      });
      expect(decision).to.deep.include({ verdict: "admit", tokenId: 1n, signerKind: "eoa", offline: true });
      expect(calls.count).to.equal(2); // checkIn and ownerOf, side by side
      expect(probes.count).to.equal(1); // no answer in time is not enough: the gate asks whether the chain answers
      expect(causes).to.have.length(1);
      expect(causes[0]).to.be.instanceOf(ChainTimeoutError);
      expect(north.journal.pending().map((p) => p.proof.tokenId)).to.deep.equal([1n]);
    });

    it("decides from the snapshot when a call fails and the chain answers no probe, refusing what the snapshot refuses", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const { ticket } = deadTicket(f.contract, connectionRefused());
      const first = {
        gate: "SOUTH",
        at: 1_700_000_000,
        nonce: "0x" + "11".repeat(16),
        source: "chain" as const,
      };
      const { fallback, probes } = snapshot({
        1: valid(f.alice.address),
        2: { holder: f.alice.address, state: "CheckedIn", checkIn: first },
        3: { holder: f.alice.address, state: "Voided" },
      });
      const present = async (holder: Signer, tokenId: bigint) =>
        await decide(north, await scan(holder, tokenId, await north.challenge()), {
          ticket,
          offline: fallback,
        });

      expect(await present(f.alice, 1n)).to.deep.include({ verdict: "admit", tokenId: 1n, offline: true });
      expect(probes.count).to.equal(1);
      const admitted = expectRefusal(
        await present(f.alice, 2n),
        "already-checked-in",
        TicketAlreadyAdmittedError,
        {
          offline: true,
        },
      );
      expect(admitted.first).to.deep.equal(first);
      expectRefusal(await present(f.alice, 3n), "voided", TicketVoidedError, { offline: true });
      expectRefusal(await present(f.alice, 9n), "no-such-ticket", TicketNotFoundError, { offline: true });
      expect(north.journal.pending().map((p) => p.proof.tokenId)).to.deep.equal([1n]);
    });

    it("decides from the snapshot without an online check when the gate knows the chain is out of reach and a probe agrees", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const { ticket, calls } = deadTicket(f.contract);
      const { fallback, probes } = snapshot({ 1: valid(f.carol.address) }, { unreachable: true });
      const decision = await decide(north, await scan(f.alice, 1n, await north.challenge()), {
        ticket,
        offline: fallback,
      });
      expectRefusal(decision, "not-holder", NotTicketHolderError, { offline: true });
      expect(calls.count).to.equal(0);
      expect(probes.count).to.equal(1); // asked once whether the chain answers again
    });
  });

  describe("throws what is not a refusal", function () {
    it("a chain that answers with an error (here: no contract at the address)", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const { fallback } = snapshot(
        { 1: valid(f.alice.address) },
        { reachable: () => Promise.resolve(true) },
      );
      const text = await scan(f.alice, 1n, await north.challenge());
      const error = await decide(north, text, {
        ticket: ticketLifecycleContract(Wallet.createRandom().address, f.provider),
        offline: fallback,
      }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.be.instanceOf(Error);
      expect(error).to.not.be.instanceOf(CheckInRefusedError);
      expect(north.journal.pending()).to.deep.equal([]);
    });

    it("a chain out of reach when the gate has no offline view", async function () {
      const f = await networkHelpers.loadFixture(gateFixture);
      const north = await openTestGate(f, "NORTH", f.gateA);
      const { ticket } = deadTicket(f.contract, connectionRefused());
      const text = await scan(f.alice, 1n, await north.challenge());
      const error = await decide(north, text, { ticket }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).to.include({ code: "ECONNREFUSED" });
      expect(north.journal.pending()).to.deep.equal([]);
    });
  });
});
