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
  log(
    `      ${fmt(count)} fresh wallets (keys kept in memory only), attendee list ${outPath(ctx, attendeesCsv)}`,
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
  return {
    attendeesCsv: outPath(ctx, attendeesCsv),
    issued: report.issued,
    batches: result.applied.length,
    gasUsed: result.applied.reduce((s, b) => s + b.gasUsed, 0n),
    journal: journalLocation,
    firstTokenId: prepared.plan.startId,
  };
}
