import { expect } from "chai";
import { network } from "hardhat";
import { Wallet } from "ethers";

import {
  decideAdmission,
  type AdmissionVerdict,
  type OfflineFallback,
} from "../../src/checkin/decide-admission.js";
import {
  DOOR_CODE_CLOCK_SKEW_S,
  DOOR_CODE_LIFETIME_S,
  doorDelegationTypedData,
  recoverDoorCodeDelegator,
  signDoorCode,
  signDoorDelegation,
  type DoorDelegation,
} from "../../src/checkin/door-code.js";
import {
  ChallengeExpiredError,
  DoorCodeAheadError,
  NotTicketHolderError,
  ProofReplayedError,
  TicketAlreadyAdmittedError,
} from "../../src/checkin/errors.js";
import { decodeDoorCode, encodeDoorCode, payloadKind } from "../../src/checkin/payload.js";
import { syncGateJournal } from "../../src/checkin/sync-journal.js";
import { toContractProof } from "../../src/checkin/typed-data.js";
import type { KnownTicket } from "../../src/checkin/verify-proof-offline.js";
import { UNDER_COVERAGE } from "../support/coverage.js";
import { deployGateFixture, openTestGate, type GateFixture, type TestGate } from "../support/gate-fixture.js";

/**
 * Issue 20's one-scan door through the gate's own code (decideAdmission, syncGateJournal) on the in-process
 * network: the holder signs a delegation once, the page key signs rotating door codes, the gate scans one.
 */
const connection = await network.create();
const { networkHelpers } = connection;
const { time } = networkHelpers;

async function openDoors() {
  const f = await deployGateFixture(connection);
  await time.increaseTo((await f.ticket.eventStart()) + 60n);
  return f;
}

async function chainNow(): Promise<number> {
  return (await time.latest()) * 1000;
}

/** The holder delegates `tokenId` to a fresh page key until the event's end (one wallet prompt). */
async function delegate(f: GateFixture, holder: Parameters<typeof signDoorDelegation>[0], tokenId: bigint) {
  const key = Wallet.createRandom();
  const delegation = await signDoorDelegation(holder, {
    chainId: f.chainId,
    contract: f.contract,
    tokenId,
    delegate: key.address,
    notAfter: Number(f.eventEnd),
  });
  return { key, delegation };
}

function code(key: Pick<Wallet, "signingKey">, delegation: DoorDelegation, nowMs: number): string {
  return encodeDoorCode(signDoorCode(key, delegation, nowMs));
}

async function decide(
  gate: TestGate,
  scanned: string,
  nowMs: number,
  offline?: OfflineFallback,
): Promise<AdmissionVerdict> {
  return await decideAdmission({
    scanned,
    gate: gate.identity,
    ticket: gate.reader,
    journal: gate.journal,
    committer: gate.writer,
    now: () => nowMs,
    ...(offline === undefined ? {} : { offline }),
  });
}

function refused(decision: AdmissionVerdict) {
  if (decision.verdict !== "refuse") expect.fail(`expected REFUSE, got ADMIT of #${decision.tokenId}`);
  return decision;
}

/** A gate that cannot reach the chain, deciding from what it last read. */
function offlineFrom(known: Map<bigint, KnownTicket>, eventEnd: bigint): OfflineFallback {
  return {
    known: (tokenId) => known.get(tokenId),
    eventEnd: Number(eventEnd),
    reachable: () => Promise.resolve(false),
    unreachable: true,
  };
}

describe("the one-scan door (issue 20): delegated door codes", function () {
  it("the typed data's digest is the contract's doorDelegationDigest", async function () {
    const f = await networkHelpers.loadFixture(openDoors);
    const terms = {
      chainId: f.chainId,
      contract: f.contract,
      tokenId: 7n,
      delegate: f.carol.address,
      notAfter: 99,
    };
    expect(doorDelegationTypedData(terms).digest).to.equal(
      await f.ticket.doorDelegationDigest(7n, f.carol.address, 99n),
    );
  });

  it("delegate once, rotate, scan once: ADMIT, committed on-chain; the same code again is refused", async function () {
    const f = await networkHelpers.loadFixture(openDoors);
    const north = await openTestGate(f, "NORTH", f.gateA);
    const { key, delegation } = await delegate(f, f.alice, 1n);
    const now = await chainNow();
    const first = code(key, delegation, now);
    const rotated = code(key, delegation, now + 5_000);
    expect(rotated).to.not.equal(first);
    expect(payloadKind(rotated)).to.equal("code");
    const admitted = await decide(north, rotated, now + 5_000);
    if (admitted.verdict !== "admit")
      expect.fail(`expected ADMIT, got ${admitted.reason}: ${admitted.error.message}`);
    expect(admitted).to.deep.include({ holder: f.alice.address, signerKind: "eoa", offline: false });
    const again = await decide(north, rotated, now + 6_000);
    expect(refused(again).error).to.be.instanceOf(ProofReplayedError);
    const { outcomes } = await syncGateJournal({ journal: north.journal, ticket: north.writer });
    expect(outcomes[0]).to.include({ tokenId: 1n, status: "committed" });
    expect(await f.ticket.wasCheckedIn(1n)).to.equal(true);
    // An earlier code of the same ticket, at another gate, is refused by the chain's record.
    const south = await openTestGate(f, "SOUTH", f.gateB);
    const elsewhere = refused(await decide(south, first, now + 7_000));
    expect(elsewhere.error).to.be.instanceOf(TicketAlreadyAdmittedError);
    // The code named no gate: the first admission is told by the gate account that committed it.
    expect(elsewhere.first?.gate).to.equal(f.gateA.address);
  });

  it("a door code's check-in costs at most 85,000 gas alone (two more ECDSA recoveries than a holder's proof)", async function () {
    const f = await networkHelpers.loadFixture(openDoors);
    const { key, delegation } = await delegate(f, f.bob, 5n);
    const proof = decodeDoorCode(code(key, delegation, await chainNow()));
    const receipt = await (await f.ticket.connect(f.gateA).checkIn(toContractProof(proof))).wait();
    if (!UNDER_COVERAGE) expect(receipt!.gasUsed).to.be.at.most(85_000n);
    expect(await f.ticket.wasCheckedIn(5n)).to.equal(true);
  });

  it("a code after its window (lifetime + clock skew) is refused, and one dated too far ahead", async function () {
    const f = await networkHelpers.loadFixture(openDoors);
    const north = await openTestGate(f, "NORTH", f.gateA);
    const { key, delegation } = await delegate(f, f.alice, 2n);
    const now = await chainNow();
    const old = code(key, delegation, now);
    const late = now + (DOOR_CODE_LIFETIME_S + DOOR_CODE_CLOCK_SKEW_S) * 1000;
    expect(refused(await decide(north, old, late)).error).to.be.instanceOf(ChallengeExpiredError);
    const ahead = code(key, delegation, now + (DOOR_CODE_CLOCK_SKEW_S + 1) * 1000);
    expect(refused(await decide(north, ahead, now)).error).to.be.instanceOf(DoorCodeAheadError);
    // Just inside the window it is still good.
    const good = await decide(north, old, late - 1_000);
    expect(good.verdict).to.equal("admit");
  });

  it("a transfer kills the delegation; a delegation for ticket A does not admit B; a non-holder's is refused", async function () {
    const f = await networkHelpers.loadFixture(openDoors);
    const north = await openTestGate(f, "NORTH", f.gateA);
    // alice delegates ticket 3, then transfers it to carol: the code names alice, the holder is carol.
    const moved = await delegate(f, f.alice, 3n);
    await f.ticket.connect(f.alice).transferFrom(f.alice.address, f.carol.address, 3n);
    const t = await chainNow();
    expect(refused(await decide(north, code(moved.key, moved.delegation, t), t)).error).to.be.instanceOf(
      NotTicketHolderError,
    );
    // bob's delegation of ticket 4, with the code's ticket number changed to 5 (also bob's): refused.
    const a = await delegate(f, f.bob, 4n);
    const forged = code(a.key, { ...a.delegation, tokenId: 5n }, t);
    expect(recoverDoorCodeDelegator(decodeDoorCode(forged))).to.not.equal(f.bob.address);
    expect(refused(await decide(north, forged, t)).error).to.be.instanceOf(NotTicketHolderError);
    // carol signs a delegation of ticket 5 (bob's).
    const stranger = await delegate(f, f.carol, 5n);
    expect(
      refused(await decide(north, code(stranger.key, stranger.delegation, t), t)).error,
    ).to.be.instanceOf(NotTicketHolderError);
    expect(await f.ticket.wasCheckedIn(5n)).to.equal(false);
  });

  it("offline gate, offline holder: ADMIT from the snapshot, journaled once, committed when back online", async function () {
    const f = await networkHelpers.loadFixture(openDoors);
    const north = await openTestGate(f, "NORTH", f.gateA);
    const { key, delegation } = await delegate(f, f.bob, 4n); // ahead of time, online
    const known = new Map<bigint, KnownTicket>([
      [4n, { holder: f.bob.address, state: "Valid" }],
      [5n, { holder: f.bob.address, state: "Valid" }],
    ]);
    const offline = offlineFrom(known, f.eventEnd);
    const now = await chainNow();
    // The page signs codes with no network at all: signDoorCode is local.
    const shown = code(key, delegation, now);
    const admitted = await decide(north, shown, now + 1_000, offline);
    expect(admitted).to.deep.include({ verdict: "admit", offline: true, holder: f.bob.address });
    expect(refused(await decide(north, shown, now + 2_000, offline)).error).to.be.instanceOf(
      ProofReplayedError,
    );
    const next = code(key, delegation, now + 5_000);
    expect(refused(await decide(north, next, now + 5_000, offline)).error).to.be.instanceOf(
      TicketAlreadyAdmittedError,
    );
    // A non-holder's delegation of ticket 5 is refused offline too.
    const stranger = await delegate(f, f.carol, 5n);
    expect(
      refused(await decide(north, code(stranger.key, stranger.delegation, now), now, offline)).error,
    ).to.be.instanceOf(NotTicketHolderError);
    const { outcomes } = await syncGateJournal({ journal: north.journal, ticket: north.writer });
    expect(outcomes[0]).to.include({ tokenId: 4n, status: "committed" });
    expect(await f.ticket.wasCheckedIn(4n)).to.equal(true);
  });
});
