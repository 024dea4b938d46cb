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
  out.say(...describeOutcomes(result));
  const committed = result.outcomes.filter((o) => o.status === "committed");
  const conflicts = result.outcomes.filter((o) => o.status === "conflict");
  out.result({
    ok: true,
    gate: journal.gate,
    journal: journal.file,
    committed: committed.map((o) => ({ tokenId: o.tokenId, txHash: o.txHash })),
    conflicts: conflicts.map((o) => ({ tokenId: o.tokenId, reason: o.reason, first: o.first ?? null })),
    unknown: result.outcomes
      .filter((o) => o.status === "unknown")
      .map((o) => ({ tokenId: o.tokenId, reason: o.reason })),
    txHashes: result.txHashes,
    gasUsed: result.gasUsed,
  });
});

/** Human lines for what a sync did: commits, and each conflict with the first admission's gate and time. */
export function describeOutcomes(result: SyncGateJournalReturnType): string[] {
  const committed = result.outcomes.filter((o) => o.status === "committed");
  const conflicts = result.outcomes.filter((o) => o.status === "conflict");
  return [
    `  committed ${committed.length} admission(s) in ${result.txHashes.length} transaction(s)` +
      (result.gasUsed > 0n ? `, ${result.gasUsed} gas` : ""),
    ...conflicts.map(
      (o) =>
        `  CONFLICT ticket #${o.tokenId}: ${o.reason}` +
        (o.first === undefined ? "" : ` (first admitted at gate ${o.first.gate} at ${isoTime(o.first.at)})`),
    ),
    ...result.outcomes
      .filter((o) => o.status === "unknown")
      .map((o) => `  UNKNOWN ticket #${o.tokenId}: ${o.reason}; run tickets gate sync again`),
  ];
}
