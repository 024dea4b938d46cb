import { expect } from "chai";
import { Wallet, getAddress } from "ethers";

import { createChallenge } from "../../src/checkin/create-challenge.js";
import {
  ChallengeExpiredError,
  EventEndedError,
  NotTicketHolderError,
  ProofForAnotherGateError,
  ProofReplayedError,
  TicketAlreadyAdmittedError,
  TicketNotFoundError,
  TicketVoidedError,
  UnknownChallengeError,
} from "../../src/checkin/errors.js";
import {
  JournalIndex,
  admissionEntry,
  challengeEntry,
  type CheckInJournal,
} from "../../src/checkin/journal-index.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import type { CheckInProof } from "../../src/checkin/types.js";
import { verifyCheckInProofOffline, type KnownTicket } from "../../src/checkin/verify-proof-offline.js";

const CONTRACT = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const GATE = { gate: "NORTH-1", chainId: 31337n, contract: CONTRACT };
const holder = Wallet.createRandom();
const stranger = Wallet.createRandom();

/** An in-memory journal over the shared index (what the gate page keeps in localStorage). */
function memoryJournal(): CheckInJournal & { index: JournalIndex } {
  const index = new JournalIndex(GATE);
  const none = () => Promise.resolve();
  return {
    index,
    gate: index.gate,
    chainId: index.chainId,
    contract: index.contract,
    refresh: none,
    assertAdmissible: (proof) => index.assertAdmissible(proof),
    pending: () => index.pending(),
    recordChallenge: (challenge, now) => Promise.resolve(index.add(challengeEntry(challenge, now))),
    recordAdmission: (proof, who, now) => {
      index.assertAdmissible(proof);
      const entry = admissionEntry(proof, who, now);
      index.add(entry);
      return Promise.resolve(entry);
    },
    recordSubmitted: none,
    recordCommitted: none,
    recordConflict: none,
  };
}

async function issued(journal: CheckInJournal, tokenId: bigint, signer = holder, ttlSeconds = 60) {
  const challenge = createChallenge({ ...GATE, ttlSeconds });
  await journal.recordChallenge(challenge);
  return await signCheckInProof({ signer, challenge, tokenId });
}

const valid: KnownTicket = { holder: holder.address, state: "Valid" };

async function refusal(
  proof: CheckInProof,
  known: KnownTicket | undefined,
  journal?: CheckInJournal,
  eventEnd?: number,
) {
  try {
    await verifyCheckInProofOffline({ proof, gate: GATE, known, journal, eventEnd });
  } catch (error) {
    return error;
  }
  throw new Error("expected a refusal");
}

describe("verifyCheckInProofOffline", function () {
  it("admits the holder's ECDSA proof of this gate's fresh challenge for a ticket last read as Valid", async function () {
    const journal = memoryJournal();
    const proof = await issued(journal, 7n);
    const result = await verifyCheckInProofOffline({ proof, gate: GATE, known: valid, journal });
    expect(result).to.deep.equal({ tokenId: 7n, holder: holder.address, signerKind: "eoa" });
  });

  it("refuses what the chain would refuse, from what the gate last read", async function () {
    const journal = memoryJournal();
    expect(await refusal(await issued(journal, 7n), undefined, journal)).to.be.instanceOf(
      TicketNotFoundError,
    );
    expect(await refusal(await issued(journal, 7n), { ...valid, state: "Voided" }, journal)).to.be.instanceOf(
      TicketVoidedError,
    );
    const first = {
      gate: "SOUTH",
      at: 1_767_225_600,
      nonce: "0x" + "11".repeat(16),
      source: "chain" as const,
    };
    const admitted = await refusal(
      await issued(journal, 7n),
      { ...valid, state: "CheckedIn", checkIn: first },
      journal,
    );
    expect(admitted).to.be.instanceOf(TicketAlreadyAdmittedError);
    expect((admitted as TicketAlreadyAdmittedError).first).to.deep.equal(first);
    expect(await refusal(await issued(journal, 7n, stranger), valid, journal)).to.be.instanceOf(
      NotTicketHolderError,
    );
    expect(await refusal(await issued(journal, 7n), valid, journal, 1)).to.be.instanceOf(EventEndedError);
  });

  it("applies the journal's rules: its own unanswered challenge, one admission per ticket", async function () {
    const journal = memoryJournal();
    const foreign = await signCheckInProof({ signer: holder, challenge: createChallenge(GATE), tokenId: 7n });
    expect(await refusal(foreign, valid, journal)).to.be.instanceOf(UnknownChallengeError);
    const proof = await issued(journal, 7n);
    await journal.recordAdmission(proof, holder.address);
    expect(await refusal(proof, valid, journal)).to.be.instanceOf(ProofReplayedError);
    expect(await refusal(await issued(journal, 7n), valid, journal)).to.be.instanceOf(
      TicketAlreadyAdmittedError,
    );
  });

  it("checks the gate and the expiry before anything else", async function () {
    const journal = memoryJournal();
    const other = createChallenge({ ...GATE, gate: "SOUTH" });
    const wrongGate = await signCheckInProof({ signer: holder, challenge: other, tokenId: 7n });
    expect(await refusal(wrongGate, valid, journal)).to.be.instanceOf(ProofForAnotherGateError);
    const expired = createChallenge({ ...GATE, now: () => Date.now() - 120_000 });
    await journal.recordChallenge(expired);
    const late = await signCheckInProof({ signer: holder, challenge: expired, tokenId: 7n });
    expect(await refusal(late, valid, journal)).to.be.instanceOf(ChallengeExpiredError);
  });
});
