import { mkdir } from "node:fs/promises";
import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";

import { createChallenge } from "../../../src/checkin/create-challenge.js";
import { decideAdmission } from "../../../src/checkin/decide-admission.js";
import { GateJournal } from "../../../src/checkin/journal.js";
import { decodeProof, encodeProof } from "../../../src/checkin/payload.js";
import { signCheckInProof } from "../../../src/checkin/sign-proof.js";
import { syncGateJournal } from "../../../src/checkin/sync-journal.js";
import { ticketLifecycleContract } from "../../../src/checkin/ticket-abi.js";
import type { CheckInProof } from "../../../src/checkin/types.js";
import type { GateIdentity } from "../../../src/checkin/verify-proof.js";
import type { DemoReport } from "../../../src/demo/format-demo-report.js";
import type { GenerateAttendeesReturnType } from "../../../src/demo/generate-attendees.js";
import { PapercutError } from "../../../src/errors.js";
import type { DemoContext } from "./demo-context.js";
import type { DeployStepReturnType } from "./deploy-step.js";
import { fmt, plural } from "./format.js";

/** What {@link checkInStep} did. */
export interface CheckInStepReturnType {
  /** Each gate's admissions (`journal`: its journal file, left out of the report). */
  gates: (DemoReport["checkIn"]["gates"][number] & { journal: string })[];
  refused: DemoReport["checkIn"]["refused"];
  /** `CheckedIn` events on the ticket contract since the demo's deployment. */
  admittedOnChain: number;
}

/** One gate of the demo, open. */
interface OpenGate {
  name: string;
  account: HardhatEthersSigner;
  tokens: bigint[];
  journal: GateJournal;
  identity: GateIdentity;
}

/**
 * Step 4: grants two gates the gate role and checks a sample of the airdropped tickets in, half at each: the
 * gate shows a challenge, the holder's wallet signs it, the gate admits the proof and journals it; then each gate
 * commits its admissions on-chain. Shows two refusals: an accepted proof shown again at the same gate, and the
 * same ticket signed afresh for the other gate after the first one committed it.
 *
 * @param ctx The demo's context.
 * @param deployed The ticket contract.
 * @param walletTokens The airdropped tickets whose holders have a wallet in the demo (the gates admit some of them).
 * @param attendees The generated attendees, whose wallets sign as the holders.
 * @returns Each gate's admissions and commits, the refusals and the check-ins on-chain.
 * @throws PapercutError when a refused proof is admitted.
 * @example
 * const checkIn = await runStep(ctx, 4, () => checkInStep(ctx, deployed, airdrop.walletTokens, attendees));
 */
export async function checkInStep(
  ctx: DemoContext,
  deployed: DeployStepReturnType,
  walletTokens: readonly bigint[],
  attendees: GenerateAttendeesReturnType,
): Promise<CheckInStepReturnType> {
  const { chainId, deployBlock, log } = ctx;
  const { ticket, ticketAddress } = deployed;
  // The gate accounts got their role from the event deploy (the event file's `gates`).
  const gates = await openGates(ctx, ticketAddress, spread(walletTokens, ctx.admit));
  const reader = ticketLifecycleContract(ticketAddress, ctx.connection.ethers.provider);

  /** The gate shows a challenge; the holder's wallet signs it and shows the proof's QR text. */
  const present = async (gate: OpenGate, tokenId: bigint): Promise<string> => {
    const owner = (await ticket.ownerOf(tokenId)).toLowerCase();
    const signer = attendees.byAddress.get(owner);
    if (signer === undefined) throw new PapercutError(`ticket #${tokenId} is not held by a demo attendee`);
    const challenge = createChallenge({ gate: gate.journal.gate, chainId, contract: ticketAddress });
    await gate.journal.recordChallenge(challenge);
    return encodeProof(await signCheckInProof({ signer, challenge, tokenId }));
  };
  /** The gate scans the proof and decides, as the gate page and `tickets gate admit` do. */
  const scan = (gate: OpenGate, scanned: string) =>
    decideAdmission({
      scanned,
      gate: gate.identity,
      ticket: reader,
      journal: gate.journal,
      fromBlock: deployBlock,
    });
  const refused: CheckInStepReturnType["refused"] = [];
  /** A proof the gate must refuse: records why, or fails the demo if it was admitted. */
  const expectRefusal = async (gate: OpenGate, scanned: string, admitted: string, shown: string) => {
    const decision = await scan(gate, scanned);
    if (decision.verdict === "admit") throw new PapercutError(admitted);
    refused.push({
      gate: gate.journal.gate,
      tokenId: decodeProof(scanned).tokenId.toString(),
      kind: decision.error.name,
      reason: decision.error.shortMessage,
    });
    log(`      ${gate.journal.gate}, ${shown}: ${decision.error.shortMessage}`);
  };

  let first: { gate: OpenGate; scanned: string; proof: CheckInProof } | undefined;
  for (const gate of gates) {
    for (const tokenId of gate.tokens) {
      const scanned = await present(gate, tokenId);
      const decision = await scan(gate, scanned);
      if (decision.verdict !== "admit") {
        throw new PapercutError(`ticket #${tokenId} was refused: ${decision.error.shortMessage}`);
      }
      first ??= { gate, scanned, proof: decodeProof(scanned) };
    }
    log(
      `      ${gate.name} (${gate.account.address}): ADMIT ${gate.tokens.length} holders: #${gate.tokens.join(", #")}`,
    );
  }
  // A screenshot of an accepted proof, shown again at the same gate: refused.
  const replay = first!;
  await expectRefusal(
    replay.gate,
    replay.scanned,
    "the replayed proof was admitted",
    "the same proof shown again",
  );

  const committed = await commitAdmissions(ctx, ticketAddress, gates);
  // The same ticket, honestly signed for the other gate after it was admitted: refused from the chain's record.
  const other = gates.find((g) => g !== replay.gate)!;
  const tokenId = replay.proof.tokenId;
  await expectRefusal(
    other,
    await present(other, tokenId),
    "a ticket was admitted twice",
    `ticket #${tokenId} signed afresh for this gate`,
  );
  const admittedOnChain = (await ticket.queryFilter(ticket.filters.CheckedIn(), deployBlock)).length;
  return { gates: committed, refused, admittedOnChain };
}

/** Opens the two gates' journals in the output folder, each with its half of the sample (alternately). */
async function openGates(ctx: DemoContext, ticketAddress: string, sample: bigint[]): Promise<OpenGate[]> {
  const { chainId } = ctx;
  const gatesDir = path.join(ctx.out, "gates");
  await mkdir(gatesDir, { recursive: true });
  const gates: OpenGate[] = [];
  for (const [i, name] of ["GATE-A", "GATE-B"].entries()) {
    const account = ctx.gateAccounts[i]!;
    const journal = await GateJournal.open({
      file: path.join(gatesDir, `${name}.journal.jsonl`),
      gate: name,
      chainId,
      contract: ticketAddress,
    });
    const identity = { gate: journal.gate, chainId, contract: ticketAddress, account: account.address };
    gates.push({ name, account, tokens: sample.filter((_, j) => j % 2 === i), journal, identity });
  }
  return gates;
}

/** Each gate commits its journaled admissions on-chain from its own account. */
async function commitAdmissions(
  ctx: DemoContext,
  ticketAddress: string,
  gates: OpenGate[],
): Promise<CheckInStepReturnType["gates"]> {
  const committed: CheckInStepReturnType["gates"] = [];
  for (const gate of gates) {
    const synced = await syncGateJournal({
      journal: gate.journal,
      ticket: ticketLifecycleContract(ticketAddress, gate.account),
      fromBlock: ctx.deployBlock,
    });
    committed.push({
      gate: gate.journal.gate,
      account: gate.account.address,
      admitted: gate.tokens.map(String),
      txHashes: synced.txHashes,
      gasUsed: synced.gasUsed.toString(),
      journal: gate.journal.file,
    });
    ctx.log(
      `      ${gate.journal.gate}: committed ${gate.tokens.length} admissions on-chain in ${plural(synced.txHashes.length, "transaction")}, ${fmt(synced.gasUsed)} gas`,
    );
  }
  return committed;
}

/** `n` of the token IDs (ascending), spread evenly over them, in ascending order, without repeats. */
function spread(tokens: readonly bigint[], n: number): bigint[] {
  const ids = new Set<bigint>();
  for (let i = 0; i < n; i++) ids.add(tokens[Math.floor((tokens.length * i) / n)]!);
  return [...ids];
}
