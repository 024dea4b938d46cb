import { decideAdmission } from "../../src/checkin/decide-admission.js";
import { decodePresented } from "../../src/checkin/payload.js";
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
  strict: boolean;
  yes: boolean;
}

export default taskAction<GateAdmitArguments>(async (args, hre, out) => {
  if (args.proof === "") throw new PapercutError("--proof is required: the text of the holder's QR code");
  if (args.strict && args.offline) {
    throw new PapercutError(
      "--strict admits only once the check-in is mined: it cannot be combined with --offline",
    );
  }
  const proof = decodePresented(args.proof); // a two-scan proof (PCT1P:…) or a one-scan door code (PCT1D:…)
  const { ethers, chainId, networkName, ephemeral, gateSigner, contract, journal } = await openGate(
    hre,
    args,
  );
  const gate = { gate: journal.gate, chainId, contract, account: gateSigner.address };
  const fromBlock = await ticketFromBlock(hre, chainId, contract, ethers.provider);

  // A strict gate (and any gate, for a smart-wallet holder) commits before it says ADMIT: ask first.
  if (!args.offline && !ephemeral) {
    await confirm(
      `Check ticket #${proof.tokenId} and commit its check-in on ${networkName}` +
        (args.strict ? " before saying ADMIT?" : " (before ADMIT for a smart-wallet holder)?"),
      { yes: args.yes },
    );
  }
  const started = performance.now();
  const decision = await decideAdmission({
    scanned: proof,
    gate,
    ticket: lifecycleAt(contract, ethers.provider),
    journal,
    fromBlock,
    strict: args.strict,
    ...(args.offline ? {} : { committer: lifecycleAt(contract, gateSigner) }),
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
  const decisionMs = Math.round((performance.now() - started) * 10) / 10;
  const commitLatencyMs = decision.committed?.latencyMs ?? null;
  const verifyMs =
    commitLatencyMs === null ? decisionMs : Math.round((decisionMs - commitLatencyMs) * 10) / 10;
  out.say(
    `ADMIT ticket #${decision.tokenId} at gate ${journal.gate} (holder ${decision.holder}, ` +
      `${decision.signerKind === "eoa" ? "ECDSA" : "ERC-1271 wallet"}; verified in ${verifyMs} ms` +
      (commitLatencyMs === null
        ? ")"
        : `, committed on-chain first in ${commitLatencyMs} ms: ${decision.committed!.txHash})`),
  );

  let committed: SyncGateJournalReturnType | null = null;
  let commitError: string | null = null;
  if (decision.committed !== undefined) {
    committed = {
      outcomes: [{ tokenId: decision.tokenId, status: "committed", txHash: decision.committed.txHash }],
      txHashes: [decision.committed.txHash],
      gasUsed: 0n,
    };
  } else if (args.offline) {
    out.say(`  journaled in ${journal.file}; commit later with \`npx hardhat tickets gate sync\``);
  } else {
    const pending = journal.pending().length;
    out.note(`  committing ${pending} pending admission(s) on ${networkName}`);
    try {
      committed = await syncGateJournal({ journal, ticket: lifecycleAt(contract, gateSigner), fromBlock });
      out.say(...describeOutcomes(committed, { contract, networkName }));
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
    strict: args.strict,
    commitLatencyMs,
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
