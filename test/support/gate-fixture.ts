import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { Signer } from "ethers";
import type { NetworkConnection } from "hardhat/types/network";

import { createChallenge } from "../../src/checkin/create-challenge.js";
import { GateJournal } from "../../src/checkin/journal.js";
import { decodeProof, encodeProof } from "../../src/checkin/payload.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import { ticketLifecycleContract } from "../../src/checkin/ticket-abi.js";
import type { CheckInChallenge, CheckInProof } from "../../src/checkin/types.js";
import type { GateIdentity } from "../../src/checkin/verify-proof.js";
import { deployTicket } from "./ticket-fixture.js";

const HOUR = 3600n;
const journalDir = mkdtempSync(path.join(tmpdir(), "papercut-gate-"));
let journalCounter = 0;

/**
 * A ticket for the gate's tests: the event starts in a day and lasts 12 hours; `gateA` and `gateB` hold the gate
 * role, `noRole` does not; tickets 1-3 are alice's, 4-5 bob's, 6 a smart wallet's (ERC-1271, owned by
 * `walletOwner`). Use it through `loadFixture(() => deployGateFixture(connection))`, one function per file.
 */
export async function deployGateFixture(connection: NetworkConnection) {
  const { ethers, networkHelpers } = connection;
  const [admin, gateA, gateB, alice, bob, carol, walletOwner, noRole] = (await ethers.getSigners()) as [
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
    HardhatEthersSigner,
  ];
  const now = BigInt(await networkHelpers.time.latest());
  const eventStart = now + 24n * HOUR;
  const eventEnd = eventStart + 12n * HOUR;
  const ticket = await deployTicket(connection, { cap: 100n, eventStart, eventEnd });
  const role = await ticket.GATE_ROLE();
  await ticket.grantRole(role, gateA.address);
  await ticket.grantRole(role, gateB.address);
  const wallet = await ethers.deployContract("SmartWalletMock", [walletOwner.address]);
  await ticket.airdrop(1n, [alice.address, alice.address, alice.address]);
  await ticket.airdrop(4n, [bob.address, bob.address]);
  await ticket.airdrop(6n, [await wallet.getAddress()]);
  const chainId = (await ethers.provider.getNetwork()).chainId;
  const contract = await ticket.getAddress();
  return {
    provider: ethers.provider,
    ticket,
    admin,
    gateA,
    gateB,
    alice,
    bob,
    carol,
    walletOwner,
    noRole,
    wallet,
    chainId,
    contract,
    eventEnd,
  };
}

export type GateFixture = Awaited<ReturnType<typeof deployGateFixture>>;

/**
 * A gate of the fixture's event: its identity, a fresh journal file, and its view of the contract.
 *
 * @param f The fixture.
 * @param name The gate id.
 * @param account The gate's account (its identity's `account`, and the `writer`'s signer).
 */
export async function openTestGate(f: GateFixture, name: string, account: HardhatEthersSigner) {
  journalCounter += 1;
  const journal = await GateJournal.open({
    file: path.join(journalDir, `gate-${name}-${journalCounter}.journal.jsonl`),
    gate: name,
    chainId: f.chainId,
    contract: f.contract,
  });
  const identity: GateIdentity = {
    gate: journal.gate,
    chainId: f.chainId,
    contract: f.contract,
    account: account.address,
  };
  return {
    journal,
    identity,
    reader: ticketLifecycleContract(f.contract, f.provider),
    writer: ticketLifecycleContract(f.contract, account),
    /** Issues and journals a challenge, as `tickets gate challenge` does. */
    async challenge(overrides: Partial<CheckInChallenge> = {}): Promise<CheckInChallenge> {
      const c = {
        ...createChallenge({ gate: name, chainId: f.chainId, contract: f.contract }),
        ...overrides,
      };
      await journal.recordChallenge(c);
      return c;
    },
  };
}

export type TestGate = Awaited<ReturnType<typeof openTestGate>>;

/** The holder's phone: signs and shows the proof as QR text; the gate scans it back. */
export async function presentProof(
  holder: Signer,
  tokenId: bigint,
  challenge: CheckInChallenge,
): Promise<CheckInProof> {
  return decodeProof(encodeProof(await signCheckInProof({ signer: holder, challenge, tokenId })));
}
