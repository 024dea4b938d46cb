import { decideAdmission } from "../../src/checkin/decide-admission.js";
import { decodeProof } from "../../src/checkin/payload.js";
import { syncGateJournal, type SyncGateJournalReturnType } from "../../src/checkin/sync-journal.js";
import { PapercutError, isPapercutError } from "../../src/errors.js";
import { describeChainError } from "../../src/chain/describe-error.js";
import { isoTime, lifecycleAt, openGate, ticketFromBlock } from "../lib/checkin.js";
import { confirm, taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { describeOutcomes } from "./gate-sync.js";

interface GateAdmitArguments extends CommonTaskArguments {
  proof: string;
  gate: string;
  contract: string;
  journal: string;
  offline: boolean;
  yes: boolean;
}

export default taskAction<GateAdmitArguments>(async (args, hre, out) => {
  if (args.proof === "") throw new PapercutError("--proof is required: the text of the holder's QR code");
  const proof = decodeProof(args.proof);
  const { ethers, chainId, networkName, ephemeral, gateSigner, contract, journal } = await openGate(
    hre,
    args,
  );
  const gate = { gate: journal.gate, chainId, contract, account: gateSigner.address };
  const fromBlock = await ticketFromBlock(hre, chainId, contract, ethers.provider);

  const started = performance.now();
  const decision = await decideAdmission({
    scanned: proof,
    gate,
    ticket: lifecycleAt(contract, ethers.provider),
    journal,
    fromBlock,
  });
  if (decision.verdict === "refuse") {
    out.say(decision.error.shortMessage);
    out.result({
      ok: false,
      admitted: false,
      tokenId: proof.tokenId,
      reason: decision.reason,
      error: decision.error.shortMessage,
      first: decision.first ?? null,
    });
    process.exitCode = 1;
    return;
  }
  const verifyMs = Math.round((performance.now() - started) * 10) / 10;
  out.say(
    `ADMIT ticket #${decision.tokenId} at gate ${journal.gate} (holder ${decision.holder}, ` +
      `${decision.signerKind === "eoa" ? "ECDSA" : "ERC-1271 wallet"}; verified in ${verifyMs} ms)`,
  );

  let committed: SyncGateJournalReturnType | null = null;
  let commitError: string | null = null;
  if (args.offline) {
    out.say(`  journaled in ${journal.file}; commit later with \`npx hardhat tickets gate sync\``);
  } else {
    const pending = journal.pending().length;
    try {
      if (!ephemeral)
        await confirm(`Commit ${pending} admission(s) on ${networkName} now?`, { yes: args.yes });
      committed = await syncGateJournal({ journal, ticket: lifecycleAt(contract, gateSigner), fromBlock });
      out.say(...describeOutcomes(committed));
    } catch (error) {
      // The holder is in: a commit that fails stays in the journal for `tickets gate sync`.
      const expected = isPapercutError(error) ? error : describeChainError(error);
      if (expected === undefined && !isNetworkError(error)) throw error;
      commitError = expected?.shortMessage ?? String((error as Error).message).split("\n")[0]!;
      out.note(
        `not committed yet (${commitError}); it is journaled: run \`npx hardhat tickets gate sync\` later`,
      );
    }
  }
  out.result({
    ok: true,
    admitted: true,
    tokenId: decision.tokenId,
    holder: decision.holder,
    signerKind: decision.signerKind,
    gate: journal.gate,
    admittedAt: isoTime(decision.admission.at),
    verifyMs,
    journal: journal.file,
    committed:
      committed === null
        ? null
        : { txHashes: committed.txHashes, gasUsed: committed.gasUsed, outcomes: committed.outcomes },
    commitError,
  });
});

function isNetworkError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === "NETWORK_ERROR" || code === "TIMEOUT" || code === "SERVER_ERROR" || code === "ECONNREFUSED";
}
