import { syncGateJournal, type SyncGateJournalReturnType } from "../../src/checkin/sync-journal.js";
import { PapercutError } from "../../src/errors.js";
import { isoTime, lifecycleAt, openGate, ticketFromBlock } from "../lib/checkin.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";

interface GateSyncArguments extends CommonTaskArguments {
  gate: string;
  contract: string;
  journal: string;
  batchSize: number;
  yes: boolean;
}

export default taskAction<GateSyncArguments>(async (args, hre, out) => {
  if (!Number.isSafeInteger(args.batchSize) || args.batchSize < 1 || args.batchSize > 500) {
    throw new PapercutError(
      `--batch-size ${args.batchSize}: expected 1..500 (a batch of 500 stays under the gas cap)`,
    );
  }
  const { ethers, chainId, networkName, ephemeral, gateSigner, contract, journal } = await openGate(
    hre,
    args,
  );
  const pending = journal.pending();
  out.say(
    `Gate ${journal.gate}: ${pending.length} admission(s) to reconcile and commit on ${networkName} ` +
      `(chain ${chainId}) from ${gateSigner.address}, ${args.batchSize} per transaction`,
  );
  let result: SyncGateJournalReturnType = { outcomes: [], txHashes: [], gasUsed: 0n };
  if (pending.length > 0) {
    if (!ephemeral) await confirm("Commit?", { yes: args.yes });
    result = await syncGateJournal({
      journal,
      ticket: lifecycleAt(contract, gateSigner),
      batchSize: args.batchSize,
      fromBlock: await ticketFromBlock(hre, chainId, contract, ethers.provider),
      onSubmitted: (hash, ids) => out.note(`  sent ${hash} (${ids.length} ticket(s))`),
    });
  }
  out.say(...describeOutcomes(result, { contract, networkName }));
  const committed = result.outcomes.filter((o) => o.status === "committed");
  const conflicts = result.outcomes.filter((o) => o.status === "conflict");
  out.result({
    ok: true,
    gate: journal.gate,
    journal: journal.file,
    committed: committed.map((o) => ({ tokenId: o.tokenId, txHash: o.txHash })),
    conflicts: conflicts.map((o) => ({ tokenId: o.tokenId, reason: o.reason, first: o.first ?? null })),
    alarms: conflicts.map((o) => ({
      tokenId: o.tokenId,
      alarm: o.alarm ?? "still-valid",
      reason: o.reason,
      first: o.first ?? null,
      action: o.alarm === "voided" ? null : voidCommand(o.tokenId, contract, networkName),
    })),
    unknown: result.outcomes
      .filter((o) => o.status === "unknown")
      .map((o) => ({ tokenId: o.tokenId, reason: o.reason })),
    txHashes: result.txHashes,
    gasUsed: result.gasUsed,
  });
});

/** The command that stops a ticket whose admission the chain refused (offered with every alarm). */
export function voidCommand(tokenId: bigint, contract: string, networkName: string): string {
  return `npx hardhat tickets void --token-id ${tokenId} --contract ${contract} --network ${networkName}`;
}

/**
 * Human lines for what a sync did: commits, and an ALARM for each admission the chain refused (someone walked in
 * on it here): a second entry with the first admission's gate and time, or a ticket still valid, with the
 * `tickets void` command that stops it.
 */
export function describeOutcomes(
  result: SyncGateJournalReturnType,
  target?: { contract: string; networkName: string },
): string[] {
  const committed = result.outcomes.filter((o) => o.status === "committed");
  const conflicts = result.outcomes.filter((o) => o.status === "conflict");
  return [
    `  committed ${committed.length} admission(s) in ${result.txHashes.length} transaction(s)` +
      (result.gasUsed > 0n ? `, ${result.gasUsed} gas` : ""),
    ...conflicts.flatMap((o) => {
      const first =
        o.first === undefined ? "" : ` (first admitted at gate ${o.first.gate} at ${isoTime(o.first.at)})`;
      const what =
        o.alarm === "second-entry"
          ? `admitted here AND elsewhere: two people entered on one ticket${first}`
          : o.alarm === "voided"
            ? `admitted here, voided by the organizer since (${o.reason})`
            : `admitted here, but the chain refused the commit (${o.reason}) and the ticket is still valid: it can admit someone else`;
      const lines = [`  ALARM ticket #${o.tokenId}: ${what}`];
      if (o.alarm !== "voided") {
        lines.push(
          `    organizer: void it with \`${
            target === undefined
              ? `npx hardhat tickets void --token-id ${o.tokenId}`
              : voidCommand(o.tokenId, target.contract, target.networkName)
          }\``,
        );
      }
      return lines;
    }),
    ...result.outcomes
      .filter((o) => o.status === "unknown")
      .map((o) => `  UNKNOWN ticket #${o.tokenId}: ${o.reason}; run tickets gate sync again`),
  ];
}
