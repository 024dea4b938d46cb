import { writeFile } from "node:fs/promises";
import path from "node:path";

import type { GenerateAttendeesReturnType } from "../../../src/demo/generate-attendees.js";
import { PapercutError } from "../../../src/errors.js";
import { ticketInterface } from "../../../src/issuance/abi.js";
import { journalPath } from "../../../src/issuance/journal.js";
import { parseAttendees } from "../../../src/issuance/parse-attendees.js";
import { runAirdrop } from "../../../src/issuance/run-airdrop.js";
import { createResilientProvider } from "../../../src/chain/resilient-provider.js";
import { senderFromNetwork } from "../chain.js";
import { outPath, type DemoContext } from "./demo-context.js";
import { fmt } from "./format.js";

/** What {@link airdropStep} issued. */
export interface AirdropStepReturnType {
  /** The attendee CSV, relative to the output folder. */
  attendeesCsv: string;
  issued: number;
  batches: number;
  gasUsed: bigint;
  /** Attendees with a wallet kept in memory (all of them, or a sample for a large demo). */
  wallets: number;
  /** The tickets held by the attendees with a wallet, ascending. */
  walletTokens: bigint[];
  /** The journal's location (a file on a node, in memory in-process). */
  journal: string;
  firstTokenId: bigint;
}

/**
 * Step 2: writes the generated attendees' CSV and airdrops one ticket to each through the same workflow as
 * `tickets airdrop` (`runAirdrop`: plan, journal, exactly-once send, read-back report).
 *
 * @param ctx The demo's context.
 * @param ticketAddress The ticket contract.
 * @param attendees The generated attendees (their wallets stay in memory).
 * @returns The tickets issued, the batches and their gas, the journal and the first token ID.
 * @throws PapercutError when the airdrop stopped before it finished.
 * @example
 * const airdrop = await runStep(ctx, 2, () => airdropStep(ctx, deployed.ticketAddress, attendees));
 */
export async function airdropStep(
  ctx: DemoContext,
  ticketAddress: string,
  attendees: GenerateAttendeesReturnType,
): Promise<AirdropStepReturnType> {
  const { connection, chainId, count, log } = ctx;
  const attendeesCsv = path.join(ctx.out, "attendees.csv");
  await writeFile(attendeesCsv, attendees.csv);
  const keyed = attendees.attendees.length;
  log(
    keyed === count
      ? `      ${fmt(count)} fresh wallets (keys kept in memory only), attendee list ${outPath(ctx, attendeesCsv)}`
      : `      ${fmt(count)} attendees: ${fmt(keyed)} of them, spread over the list, with fresh wallets kept in memory ` +
          `(to sign at the door), the others fresh random addresses; attendee list ${outPath(ctx, attendeesCsv)}`,
  );
  const parsed = parseAttendees({ content: attendees.csv, file: attendeesCsv, forbidden: [ticketAddress] });
  const provider = createResilientProvider({ provider: connection.provider });
  let issued = 0;
  let batchCount = 0;
  const { prepared, result, report, journalLocation } = await runAirdrop({
    provider,
    chainId,
    contract: ticketAddress,
    sender: await senderFromNetwork(connection, provider),
    attendees: parsed,
    iface: ticketInterface(),
    journalFile: ctx.inProcess
      ? undefined
      : journalPath({
          stateDir: path.join(ctx.out, "state"),
          chainId,
          contract: ticketAddress,
          fileHash: parsed.fileHash,
        }),
    confirmations: 1,
    pollIntervalMs: 50,
    onPlan: (plan) => {
      batchCount = plan.plan.batches.length;
      log(
        `      plan: ${batchCount} batches of up to ` +
          `${fmt(Math.max(...plan.plan.batches.map((b) => b.count)))} tickets, ~${fmt(plan.estimatedGas)} gas`,
      );
    },
    onEvent: (e) => {
      if (e.type !== "batch-confirmed" || e.alreadyApplied) return;
      issued += e.batch.count;
      // A long airdrop (a million tickets: hundreds of batches) says where it is every 5%.
      const every = Math.max(1, Math.floor(batchCount / 20));
      if (batchCount > 50 && (e.batch.index + 1) % every !== 0 && e.batch.index + 1 !== batchCount) return;
      const last = e.batch.firstTokenId + BigInt(e.batch.count) - 1n;
      log(
        `      batch ${e.batch.index + 1}/${batchCount}: tickets ${e.batch.firstTokenId}..${last}, ` +
          `${fmt(e.batch.gasUsed)} gas (${fmt(e.batch.gasUsed / BigInt(e.batch.count))} per ticket)  [${fmt(issued)}/${fmt(count)}]`,
      );
    },
  });
  if (result?.status !== "done" || report === undefined) {
    throw new PapercutError("the airdrop stopped before it finished");
  }
  // The tickets of the attendees with a wallet: the ones the gates can see presented.
  const walletTokens: bigint[] = [];
  report.forEachRow((row) => {
    if (attendees.byAddress.has(row.address.toLowerCase())) walletTokens.push(...row.tokenIds);
  });
  walletTokens.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    attendeesCsv: outPath(ctx, attendeesCsv),
    walletTokens,
    wallets: keyed,
    issued: report.issued,
    batches: result.applied.length,
    gasUsed: result.applied.reduce((s, b) => s + b.gasUsed, 0n),
    journal: journalLocation,
    firstTokenId: prepared.plan.startId,
  };
}
