import { spawn } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Wallet, getAddress } from "ethers";

import { createChallenge } from "../../src/checkin/create-challenge.js";
import {
  CorruptJournalError,
  JournalMismatchError,
  ProofReplayedError,
  TicketAlreadyAdmittedError,
  UnknownChallengeError,
} from "../../src/checkin/errors.js";
import { GateJournal } from "../../src/checkin/journal.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";

const CONTRACT = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const tmp = mkdtempSync(path.join(tmpdir(), "papercut-journal-"));
let counter = 0;

function freshFile() {
  counter += 1;
  return path.join(tmp, `gate-${counter}.journal.jsonl`);
}

async function openJournal(file = freshFile(), gate = "NORTH") {
  return await GateJournal.open({ file, gate, chainId: 31337n, contract: CONTRACT });
}

const holder = Wallet.createRandom();

async function issuedProof(journal: GateJournal, tokenId: bigint) {
  const challenge = createChallenge({ gate: journal.gate, chainId: 31337n, contract: CONTRACT });
  await journal.recordChallenge(challenge);
  return await signCheckInProof({ signer: holder, challenge, tokenId });
}

async function settle<T>(promises: Promise<T>[]) {
  const results = await Promise.allSettled(promises);
  return {
    fulfilled: results.filter((r) => r.status === "fulfilled").length,
    errors: results
      .filter((r): r is PromiseRejectedResult => r.status === "rejected")
      .map((r) => r.reason as unknown),
  };
}

describe("GateJournal", function () {
  it("writes a header, then one JSON line per entry, and reads it all back on reopening", async function () {
    const file = freshFile();
    const journal = await openJournal(file);
    const proof = await issuedProof(journal, 7n);
    await journal.recordAdmission(proof, holder.address, 1_767_225_600_000);
    const lines = readFileSync(file, "utf8")
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(lines.map((l) => l.type)).to.deep.equal(["journal", "challenge", "admission"]);
    expect(lines[0]).to.deep.equal({
      type: "journal",
      version: 1,
      gate: "NORTH",
      chainId: "31337",
      contract: CONTRACT,
    });
    expect(lines[2]).to.include({ tokenId: "7", holder: holder.address, at: 1_767_225_600 });

    const reopened = await openJournal(file);
    expect(reopened.pending()).to.deep.equal([{ proof, holder: holder.address, at: 1_767_225_600 }]);
    await reopened.recordCommitted(7n, "0x" + "11".repeat(32), 12);
    expect(reopened.pending()).to.deep.equal([]);
    expect((await openJournal(file)).pending()).to.deep.equal([]);
  });

  it("admits a ticket once even when two writers race on the same file", async function () {
    const file = freshFile();
    const [a, b] = [await openJournal(file), await openJournal(file)];
    const p1 = await issuedProof(a, 9n);
    const p2 = await issuedProof(a, 9n);
    await Promise.all([a.refresh(), b.refresh()]);
    const { fulfilled, errors } = await settle([
      a.recordAdmission(p1, holder.address),
      b.recordAdmission(p2, holder.address),
    ]);
    expect(fulfilled).to.equal(1);
    expect(errors).to.have.length(1);
    expect(errors[0]).to.be.instanceOf(TicketAlreadyAdmittedError);
    await a.refresh();
    expect(a.entries.filter((e) => e.type === "admission")).to.have.length(1);
  });

  it("uses a challenge once even when two writers race to answer it for different tickets", async function () {
    const file = freshFile();
    const [a, b] = [await openJournal(file), await openJournal(file)];
    const challenge = createChallenge({ gate: "NORTH", chainId: 31337n, contract: CONTRACT });
    await a.recordChallenge(challenge);
    const [p1, p2] = await Promise.all([
      signCheckInProof({ signer: holder, challenge, tokenId: 1n }),
      signCheckInProof({ signer: holder, challenge, tokenId: 2n }),
    ]);
    const { fulfilled, errors } = await settle([
      a.recordAdmission(p1, holder.address),
      b.recordAdmission(p2, holder.address),
    ]);
    expect(fulfilled).to.equal(1);
    expect(errors[0]).to.be.instanceOf(ProofReplayedError);
  });

  it("admits exactly once across separate processes", async function () {
    const file = freshFile();
    const journal = await openJournal(file);
    const proofs = [
      await issuedProof(journal, 5n),
      await issuedProof(journal, 5n),
      await issuedProof(journal, 5n),
    ];
    const script = `
      import { GateJournal } from ${JSON.stringify(path.resolve("src/checkin/journal.ts"))};
      const [file, proof] = [process.argv[1], JSON.parse(process.argv[2], (k, v) => (k === "chainId" || k === "tokenId" ? BigInt(v) : v))];
      const journal = await GateJournal.open({ file, gate: "NORTH", chainId: 31337n, contract: ${JSON.stringify(CONTRACT)} });
      try { await journal.recordAdmission(proof, ${JSON.stringify(holder.address)}); console.log("admitted"); }
      catch (e) { console.log(e.name); }
    `;
    const run = (proof: unknown) =>
      new Promise<string>((resolve, reject) => {
        const child = spawn(
          process.execPath,
          [
            "--import",
            "tsx",
            "--input-type=module",
            "-e",
            script,
            file,
            JSON.stringify(proof, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)),
          ],
          { stdio: ["ignore", "pipe", "inherit"] },
        );
        let out = "";
        child.stdout.on("data", (d: Buffer) => (out += d.toString()));
        child.on("error", reject);
        child.on("exit", () => resolve(out.trim()));
      });
    const outcomes = await Promise.all(proofs.map(run));
    expect(outcomes.filter((o) => o === "admitted")).to.have.length(1);
    expect(outcomes.filter((o) => o === "TicketAlreadyAdmittedError")).to.have.length(2);
  });

  it("refuses an admission for a challenge it did not issue", async function () {
    const journal = await openJournal();
    const challenge = createChallenge({ gate: "NORTH", chainId: 31337n, contract: CONTRACT });
    const proof = await signCheckInProof({ signer: holder, challenge, tokenId: 1n });
    let caught: unknown;
    try {
      await journal.recordAdmission(proof, holder.address);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(UnknownChallengeError);
  });

  it("cuts off a line torn by a crash mid-write and carries on", async function () {
    const file = freshFile();
    const journal = await openJournal(file);
    await issuedProof(journal, 1n);
    appendFileSync(file, '{"type":"admission","tokenId":"1","no');
    const reopened = await openJournal(file);
    const proof = await issuedProof(reopened, 2n);
    await reopened.recordAdmission(proof, holder.address);
    const lines = readFileSync(file, "utf8").trim().split("\n");
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).to.deep.equal([
      "journal",
      "challenge",
      "challenge",
      "admission",
    ]);
  });

  it("reads only what other writers appended, leaving a line still being written for the next read", async function () {
    const file = freshFile();
    const [reader, writer] = [await openJournal(file), await openJournal(file)];
    await issuedProof(writer, 1n);
    const partial = JSON.stringify({ type: "challenge", nonce: "0x" + "ab".repeat(16), expiry: 9, at: 9 });
    appendFileSync(file, partial.slice(0, 20));
    await reader.refresh();
    expect(reader.entries.map((e) => e.type)).to.deep.equal(["challenge"]);
    appendFileSync(file, partial.slice(20) + "\n");
    await reader.refresh();
    expect(reader.entries.map((e) => e.type)).to.deep.equal(["challenge", "challenge"]);
    expect(reader.challenge("0x" + "AB".repeat(16))?.expiry).to.equal(9);
  });

  it("refuses another gate's, chain's or contract's journal, and a corrupt one", async function () {
    const file = freshFile();
    await openJournal(file, "NORTH");
    for (const params of [
      { gate: "SOUTH", chainId: 31337n, contract: CONTRACT },
      { gate: "NORTH", chainId: 1n, contract: CONTRACT },
      { gate: "NORTH", chainId: 31337n, contract: getAddress("0x" + "12".repeat(20)) },
    ]) {
      let caught: unknown;
      try {
        await GateJournal.open({ file, ...params });
      } catch (error) {
        caught = error;
      }
      expect(
        caught,
        JSON.stringify(params, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)),
      ).to.be.instanceOf(JournalMismatchError);
    }
    const corrupt = freshFile();
    await openJournal(corrupt);
    appendFileSync(
      corrupt,
      "not json\n" + JSON.stringify({ type: "challenge", nonce: "0x00", expiry: 1, at: 1 }) + "\n",
    );
    let caught: unknown;
    try {
      await openJournal(corrupt);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(CorruptJournalError);
    expect((caught as CorruptJournalError).line).to.equal(2);
  });

  it("takes over a lock left behind by a process that died", async function () {
    const file = freshFile();
    const journal = await openJournal(file);
    writeFileSync(`${file}.lock`, "999999999"); // no such process
    await issuedProof(journal, 1n);
    expect(journal.entries).to.have.length(1);
  });
});
