import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import hre from "hardhat";
import { Wallet } from "ethers";

import { signDoorCode, signDoorDelegation } from "../../src/checkin/door-code.js";
import { encodeDoorCode } from "../../src/checkin/payload.js";
import { deployTicket } from "../support/ticket-fixture.js";

/** The tasks run on the default in-process network; the test deploys the ticket on that same network. */
const connection = await hre.network.getOrCreate();
const { ethers } = connection;
const tmp = mkdtempSync(path.join(tmpdir(), "papercut-tasks-"));

interface TaskRun {
  json: Record<string, unknown>;
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Runs a task in-process, capturing stdout, stderr and the exit code it sets (then clearing it). */
async function runTask(id: string[], args: Record<string, unknown>): Promise<TaskRun> {
  const out: string[] = [];
  const err: string[] = [];
  const write = {
    out: process.stdout.write.bind(process.stdout),
    err: process.stderr.write.bind(process.stderr),
  };
  process.stdout.write = (chunk: string | Uint8Array) => out.push(String(chunk)) > 0;
  process.stderr.write = (chunk: string | Uint8Array) => err.push(String(chunk)) > 0;
  const before = process.exitCode;
  process.exitCode = undefined;
  try {
    await hre.tasks.getTask(id).run(args);
  } finally {
    process.stdout.write = write.out;
    process.stderr.write = write.err;
  }
  const exitCode = Number(process.exitCode ?? 0);
  process.exitCode = before;
  const stdout = out.join("");
  const lines = stdout.trim().split("\n");
  return {
    json: JSON.parse(lines[lines.length - 1] ?? "{}") as Record<string, unknown>,
    stdout,
    stderr: err.join(""),
    exitCode,
  };
}

describe("check-in tasks (tickets gate challenge|admit|sync, ticket prove, void)", function () {
  const holder = Wallet.createRandom();
  const newWallet = Wallet.createRandom();
  let contract: string;
  let journal: string;
  let ticketContract: Awaited<ReturnType<typeof deployTicket>>;
  const savedKey = process.env.HOLDER_KEY;

  before(async function () {
    const now = BigInt((await ethers.provider.getBlock("latest"))!.timestamp);
    const ticket = await deployTicket(connection, {
      cap: 10n,
      eventStart: now + 86_400n,
      eventEnd: now + 172_800n,
    });
    contract = await ticket.getAddress();
    ticketContract = ticket;
    await ticket.airdrop(1n, [holder.address, holder.address]);
    journal = path.join(tmp, "gate-NORTH.journal.jsonl");
  });

  after(function () {
    if (savedKey === undefined) delete process.env.HOLDER_KEY;
    else process.env.HOLDER_KEY = savedKey;
  });

  const challengeArgs = () => ({ gate: "north", ttl: 60, contract, journal, png: "", json: true });

  async function prove(tokenId: string, challenge: string) {
    process.env.HOLDER_KEY = holder.privateKey;
    return await runTask(["tickets", "ticket", "prove"], { tokenId, challenge, png: "", json: true });
  }

  const admitArgs = (proof: string, extra: Record<string, unknown> = {}) => ({
    proof,
    gate: "NORTH",
    contract,
    journal,
    offline: false,
    yes: true,
    json: true,
    ...extra,
  });

  it("runs the door end to end: challenge, prove, admit offline, sync, then refuses a second scan", async function () {
    const png = path.join(tmp, "challenge.png");
    const challenge = await runTask(["tickets", "gate", "challenge"], { ...challengeArgs(), png });
    expect(challenge.exitCode).to.equal(0);
    expect(challenge.json).to.include({ ok: true, gate: "NORTH", contract, journal });
    expect(challenge.json.payload).to.match(/^PCT1C:31337:/);
    expect(readFileSync(png).subarray(1, 4).toString()).to.equal("PNG");

    const proof = await prove("1", challenge.json.payload as string);
    expect(proof.exitCode).to.equal(0);
    expect(proof.json).to.include({ ok: true, tokenId: "1", signer: holder.address });
    expect(proof.json.payload).to.match(/^PCT1P:/);
    expect(proof.stdout + proof.stderr).to.not.include(holder.privateKey.slice(2));

    const admitted = await runTask(
      ["tickets", "gate", "admit"],
      admitArgs(proof.json.payload as string, { offline: true }),
    );
    expect(admitted.exitCode).to.equal(0);
    expect(admitted.json).to.include({
      ok: true,
      admitted: true,
      tokenId: "1",
      holder: holder.address,
      committed: null,
    });
    expect(admitted.stderr).to.match(/ADMIT ticket #1 at gate NORTH/);

    const synced = await runTask(["tickets", "gate", "sync"], {
      gate: "NORTH",
      contract,
      journal,
      batchSize: 100,
      yes: true,
      json: true,
    });
    expect(synced.exitCode).to.equal(0);
    expect(synced.json.committed).to.have.length(1);
    expect(synced.json.conflicts).to.deep.equal([]);

    const again = await prove(
      "1",
      (await runTask(["tickets", "gate", "challenge"], challengeArgs())).json.payload as string,
    );
    const refused = await runTask(["tickets", "gate", "admit"], admitArgs(again.json.payload as string));
    expect(refused.exitCode).to.equal(1);
    expect(refused.json).to.include({ ok: false, admitted: false, reason: "already-checked-in" });
    expect((refused.json.first as { gate: string; source: string }).gate).to.equal("NORTH");
    expect(refused.stderr).to.match(/REFUSE ticket #1: already checked in at gate NORTH at \d{4}-/);
  });

  it("admits and commits in one go when online", async function () {
    const challenge = await runTask(["tickets", "gate", "challenge"], challengeArgs());
    const proof = await prove("2", challenge.json.payload as string);
    const admitted = await runTask(["tickets", "gate", "admit"], admitArgs(proof.json.payload as string));
    expect(admitted.exitCode).to.equal(0);
    const committed = admitted.json.committed as { outcomes: { status: string }[]; txHashes: string[] };
    expect(committed.outcomes.map((o) => o.status)).to.deep.equal(["committed"]);
    expect(committed.txHashes).to.have.length(1);
  });

  it("--strict says ADMIT only once the check-in is mined, with the commit latency", async function () {
    await ticketContract.airdrop(3n, [holder.address, holder.address]);
    const challenge = await runTask(["tickets", "gate", "challenge"], challengeArgs());
    const proof = await prove("3", challenge.json.payload as string);
    const admitted = await runTask(
      ["tickets", "gate", "admit"],
      admitArgs(proof.json.payload as string, { strict: true }),
    );
    expect(admitted.exitCode).to.equal(0);
    expect(admitted.json).to.include({ ok: true, admitted: true, tokenId: "3", strict: true });
    expect(admitted.json.commitLatencyMs).to.be.a("number");
    expect((admitted.json.committed as { txHashes: string[] }).txHashes).to.have.length(1);
    expect(admitted.stderr).to.match(/committed on-chain first in \d+ ms/);
    expect(await ticketContract.wasCheckedIn(3n)).to.equal(true);
    const both = await runTask(["tickets", "gate", "admit"], admitArgs("x", { strict: true, offline: true }));
    expect(both.exitCode).to.not.equal(0);
  });

  it("gate sync raises an alarm, with the tickets void command, for a commit refused after ADMIT", async function () {
    const challenge = await runTask(["tickets", "gate", "challenge"], challengeArgs());
    const proof = await prove("4", challenge.json.payload as string);
    const admitted = await runTask(
      ["tickets", "gate", "admit"],
      admitArgs(proof.json.payload as string, { offline: true }),
    );
    expect(admitted.json).to.include({ ok: true, admitted: true, tokenId: "4" });
    // The ticket moves before the gate commits (a reissue: no proof of the previous holder survives it).
    await ticketContract.reissueTicket(4n, Wallet.createRandom().address);
    const synced = await runTask(["tickets", "gate", "sync"], {
      gate: "NORTH",
      contract,
      journal,
      batchSize: 100,
      yes: true,
      json: true,
    });
    expect(synced.exitCode).to.equal(0);
    const alarms = synced.json.alarms as { tokenId: string; alarm: string; reason: string; action: string }[];
    expect(alarms).to.have.length(1);
    expect(alarms[0]).to.include({ tokenId: "4", alarm: "still-valid", reason: "TicketInvalidProof" });
    expect(alarms[0]!.action).to.include(`tickets void --token-id 4 --contract ${contract}`);
    expect(synced.stderr).to.match(/ALARM ticket #4: .*still valid/);
    expect(synced.stderr).to.include("tickets void --token-id 4");
  });

  it("reissues and voids a ticket", async function () {
    const reissued = await runTask(["tickets", "void"], {
      tokenId: "2",
      reissueTo: newWallet.address,
      contract,
      yes: true,
      json: true,
    });
    expect(reissued.exitCode).to.equal(0);
    expect(reissued.json).to.include({
      ok: true,
      action: "reissue",
      previousHolder: holder.address,
      holder: newWallet.address,
      stateBefore: "CheckedIn",
    });
    const voided = await runTask(["tickets", "void"], {
      tokenId: "2",
      reissueTo: "",
      contract,
      yes: true,
      json: true,
    });
    expect(voided.json).to.include({ ok: true, action: "void", holder: newWallet.address });
    const twice = await runTask(["tickets", "void"], {
      tokenId: "2",
      reissueTo: "",
      contract,
      yes: true,
      json: true,
    });
    expect(twice.exitCode).to.equal(1);
    expect(twice.json).to.deep.equal({ ok: false, error: "ticket #2 is already voided" });
  });

  it("fails with one line, no stack and a non-zero exit for bad input and a missing HOLDER_KEY", async function () {
    delete process.env.HOLDER_KEY;
    const challenge = await runTask(["tickets", "gate", "challenge"], challengeArgs());
    const noKey = await runTask(["tickets", "ticket", "prove"], {
      tokenId: "1",
      challenge: challenge.json.payload,
      png: "",
      json: true,
    });
    expect(noKey.exitCode).to.equal(1);
    expect(noKey.json).to.deep.equal({ ok: false, error: "HOLDER_KEY is not set" });
    expect(noKey.stderr).to.not.match(/\n\s+at /);

    const badProof = await runTask(["tickets", "gate", "admit"], admitArgs("PCT1P:nonsense"));
    expect(badProof.exitCode).to.equal(1);
    expect(badProof.json.ok).to.equal(false);
    const badGate = await runTask(["tickets", "gate", "challenge"], {
      ...challengeArgs(),
      gate: "no such gate",
    });
    expect(badGate.exitCode).to.equal(1);
    expect(existsSync(path.join(tmp, "gate-no such gate.journal.jsonl"))).to.equal(false);
  });

  it("admits a one-scan door code (PCT1D:…) and commits it; the same code again is refused", async function () {
    await ticketContract.airdrop(5n, [holder.address]);
    const key = Wallet.createRandom();
    const delegation = await signDoorDelegation(holder, {
      chainId: (await ethers.provider.getNetwork()).chainId,
      contract,
      tokenId: 5n,
      delegate: key.address,
      notAfter: Number(await ticketContract.eventEnd()),
    });
    const code = encodeDoorCode(signDoorCode(key, delegation));
    const admitted = await runTask(["tickets", "gate", "admit"], admitArgs(code));
    expect(admitted.exitCode, admitted.stderr).to.equal(0);
    const committed = admitted.json.committed as { outcomes: { status: string }[] };
    expect(committed.outcomes.map((o) => o.status)).to.deep.equal(["committed"]);
    expect(await ticketContract.wasCheckedIn(5n)).to.equal(true);
    const again = await runTask(["tickets", "gate", "admit"], admitArgs(code));
    expect(again.exitCode).to.equal(1);
    expect(again.stderr).to.match(/REFUSE ticket #5/);
  });
});
