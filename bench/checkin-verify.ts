/**
 * Measures how long the gate takes to answer a scanned proof: decoding the QR text, the journal's local checks
 * and the one `eth_call` of the contract's `checkIn` (`verifyCheckInProof`), and the same plus journaling the
 * admission with an fsync (`decideAdmission`, the moment the gate shows ADMIT). Against the in-process network
 * and against anvil over HTTP on 127.0.0.1 (a real JSON-RPC round trip), for EOA holders and an ERC-1271 wallet,
 * with a fresh journal and with one already holding 10,000 lines (a full event day at one gate).
 *
 * Times depend on the machine: the figures in bench/results/checkin-verify.json were taken on the project's
 * 2-core build machine, with the date and versions.
 *
 * Run: npm run bench:checkin-verify
 */
import { appendFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import path from "node:path";

import {
  ContractFactory,
  Wallet,
  type ContractTransactionResponse,
  keccak256,
  toUtf8Bytes,
  type Signer,
  type Provider,
} from "ethers";
import hre, { network } from "hardhat";

import { decideAdmission } from "../src/checkin/decide-admission.js";
import { createChallenge } from "../src/checkin/create-challenge.js";
import { GateJournal } from "../src/checkin/journal.js";
import { decodeProof, encodeProof } from "../src/checkin/payload.js";
import { signCheckInProof } from "../src/checkin/sign-proof.js";
import { ticketLifecycleContract } from "../src/checkin/ticket-abi.js";
import { verifyCheckInProof } from "../src/checkin/verify-proof.js";
import { startLocalNode } from "../test/support/local-node.js";

const EOA_SCANS = 200;
const WALLET_SCANS = 50;
const tmp = mkdtempSync(path.join(tmpdir(), "papercut-bench-"));

interface Stats {
  scans: number;
  medianMs: number;
  p95Ms: number;
  maxMs: number;
}

function stats(samples: number[]): Stats {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  const round = (x: number) => Math.round(x * 100) / 100;
  return {
    scans: samples.length,
    medianMs: round(at(0.5)),
    p95Ms: round(at(0.95)),
    maxMs: round(sorted.at(-1)!),
  };
}

async function deploy(signer: Signer) {
  const artifact = await hre.artifacts.readArtifact("PapercutTicket");
  const admin = await signer.getAddress();
  const now = BigInt(Math.floor(Date.now() / 1000));
  const factory = new ContractFactory(artifact.abi, artifact.bytecode, signer);
  const ticket = await factory.deploy(
    "T",
    "T",
    5000n,
    admin,
    admin,
    0n,
    "",
    "",
    now + 86_400n,
    now + 172_800n,
    0n,
  );
  await ticket.waitForDeployment();
  return ticket;
}

async function runBackend(name: string, provider: Provider, admin: Signer) {
  const ticket = await deploy(admin);
  const contract = await ticket.getAddress();
  const chainId = (await provider.getNetwork()).chainId;
  const holders = Array.from(
    { length: EOA_SCANS * 2 },
    (_, i) => new Wallet(keccak256(toUtf8Bytes(`bench ${i}`))),
  );
  const sorted = [...holders].sort((a, b) => (BigInt(a.address) < BigInt(b.address) ? -1 : 1));
  const walletFactory = await hre.artifacts.readArtifact("SmartWalletMock");
  const walletOwner = Wallet.createRandom();
  const wallet = await new ContractFactory(walletFactory.abi, walletFactory.bytecode, admin).deploy(
    walletOwner.address,
  );
  await wallet.waitForDeployment();
  const airdrop = async (first: bigint, to: string[]) => {
    const tx = (await ticket.getFunction("airdrop")(first, to)) as ContractTransactionResponse;
    await tx.wait();
  };
  for (let i = 0; i < sorted.length; i += 200) {
    await airdrop(
      BigInt(i + 1),
      sorted.slice(i, i + 200).map((h) => h.address),
    );
  }
  const walletFirst = BigInt(sorted.length + 1);
  await airdrop(walletFirst, Array<string>(WALLET_SCANS).fill(await wallet.getAddress()));

  const account = await admin.getAddress();
  const reader = ticketLifecycleContract(contract, provider);
  const committer = ticketLifecycleContract(contract, admin);
  const results: Record<string, Stats> = {};

  async function scenario(label: string, journal: GateJournal, scans: { signer: Signer; tokenId: bigint }[]) {
    const gate = { gate: journal.gate, chainId, contract, account };
    const verifyMs: number[] = [];
    const admitMs: number[] = [];
    for (const [i, { signer, tokenId }] of scans.entries()) {
      const challenge = createChallenge({ gate: journal.gate, chainId, contract });
      await journal.recordChallenge(challenge);
      const text = encodeProof(await signCheckInProof({ signer, challenge, tokenId }));
      let t = performance.now();
      await verifyCheckInProof({ proof: decodeProof(text), gate, ticket: reader, journal });
      verifyMs.push(performance.now() - t);
      if (i % 2 === 0) {
        t = performance.now();
        // A smart-wallet holder is admitted only once the commit is mined: its ADMIT includes the commit.
        const decision = await decideAdmission({ scanned: text, gate, ticket: reader, journal, committer });
        if (decision.verdict !== "admit") throw new Error(`refused: ${decision.reason}`);
        admitMs.push(performance.now() - t);
      }
    }
    results[`${label}: verify`] = stats(verifyMs);
    results[`${label}: verify + journal (ADMIT)`] = stats(admitMs);
  }

  const fresh = await GateJournal.open({
    file: path.join(tmp, `${name}-fresh.jsonl`),
    gate: "A",
    chainId,
    contract,
  });
  await scenario(
    "EOA holder, fresh journal",
    fresh,
    holders.slice(0, EOA_SCANS).map((signer) => ({ signer, tokenId: BigInt(sorted.indexOf(signer) + 1) })),
  );
  await scenario(
    "ERC-1271 wallet holder, fresh journal",
    fresh,
    Array.from({ length: WALLET_SCANS }, (_, i) => ({
      signer: walletOwner,
      tokenId: walletFirst + BigInt(i),
    })),
  );

  // A journal with 10,000 lines already (5,000 challenges and 5,000 admissions of tickets not used here).
  const fullFile = path.join(tmp, `${name}-full.jsonl`);
  const full = await GateJournal.open({ file: fullFile, gate: "B", chainId, contract });
  const lines: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const nonce = "0x" + i.toString(16).padStart(32, "0");
    lines.push(JSON.stringify({ type: "challenge", nonce, expiry: 1, at: 1 }));
    lines.push(
      JSON.stringify({
        type: "admission",
        tokenId: String(100_000 + i),
        nonce,
        expiry: 1,
        signature: "0x" + "11".repeat(65),
        holder: account,
        at: 1,
      }),
    );
  }
  appendFileSync(fullFile, lines.join("\n") + "\n");
  await full.refresh();
  await scenario(
    "EOA holder, journal of 10,000 lines",
    full,
    holders
      .slice(EOA_SCANS, EOA_SCANS * 2)
      .map((signer) => ({ signer, tokenId: BigInt(sorted.indexOf(signer) + 1) })),
  );
  return results;
}

const inProcess = await network.create();
const [inProcessAdmin] = await inProcess.ethers.getSigners();
const backends: Record<string, Record<string, Stats>> = {};
backends["in-process (EDR)"] = await runBackend("edr", inProcess.ethers.provider, inProcessAdmin!);

const anvil = await startLocalNode({ kind: "anvil" });
try {
  backends["anvil over HTTP, 127.0.0.1"] = await runBackend(
    "anvil",
    anvil.provider,
    await anvil.provider.getSigner(0),
  );
} finally {
  await anvil.stop();
}

const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
const result = {
  date: new Date().toISOString(),
  versions: {
    node: process.version,
    hardhat: pkg("hardhat"),
    ethers: pkg("ethers"),
    anvil: pkg("@foundry-rs/anvil"),
  },
  machine: `${cpus().length} x ${cpus()[0]?.model ?? "cpu"}`,
  what:
    "verify = decode the QR text + journal checks + one eth_call of checkIn from the gate account beside an " +
    "ownerOf call (plus an ECDSA recovery); ADMIT = verify + journal append with fsync under the journal lock, and " +
    "for an ERC-1271 wallet holder also the commit, mined (automining node), before ADMIT. Times in milliseconds.",
  backends,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/checkin-verify.json", JSON.stringify(result, null, 2) + "\n");
for (const [backend, rows] of Object.entries(backends)) {
  console.log(backend);
  for (const [label, s] of Object.entries(rows)) {
    console.log(
      `  ${label.padEnd(52)} median ${s.medianMs} ms, p95 ${s.p95Ms} ms, max ${s.maxMs} ms (${s.scans})`,
    );
  }
}
