import { readdirSync } from "node:fs";
import path from "node:path";

import { getAddress, ZeroAddress } from "ethers";

import { readJournal, type PlanEntry } from "../../src/issuance/journal.js";
import { readTicketStatus } from "../../src/issuance/read-ticket-status.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openResilientNetwork, resolveContract } from "../lib/chain.js";

interface StatusArguments extends CommonTaskArguments {
  contract: string;
  stateDir: string;
}

export default taskAction<StatusArguments>(async (args, hre, out) => {
  const { provider, chainId, networkName, ephemeral } = await openResilientNetwork(hre);
  const contract = await resolveContract(
    args.contract,
    hre.config.paths.ignition,
    chainId,
    networkName,
    ephemeral,
  );
  const status = await readTicketStatus({ provider, contract });
  const airdrops = listAirdrops(args.stateDir, chainId, contract);

  const address = (a: string | null) => (a === null ? "n/a" : a === ZeroAddress ? "none" : getAddress(a));
  out.say(
    `${status.name} (${status.symbol}) at ${contract} on ${networkName} (chain ${chainId}), block ${status.blockNumber}`,
    `  supply     ${status.minted} minted of ${status.cap} (${status.remaining} left; next token ${status.nextTokenId})`,
    `  holders    ${status.holders}` + (status.burned > 0 ? ` (${status.burned} burned)` : ""),
    `  paused     ${status.paused ? "yes" : "no"}`,
    `  metadata   ${status.metadataFrozen === null ? "n/a" : status.metadataFrozen ? "frozen" : "not frozen"}, renderer ${address(status.renderer)}`,
    `  donation   ledger ${address(status.donationLedger)}`,
    ...(airdrops.length === 0
      ? [`  airdrops   no journal in ${args.stateDir}`]
      : airdrops.map(
          (a, i) =>
            `${i === 0 ? "  airdrops   " : "             "}${a.file}: ${a.batchesMined}/${a.batches} batches journaled as mined` +
            `, ${a.tickets} tickets from ${a.startId}${a.done ? ", done" : ""}`,
        )),
  );
  out.result({ ok: true, network: networkName, ...status, airdrops });
});

/** The airdrop journals kept for this contract on this chain. */
function listAirdrops(stateDir: string, chainId: bigint, contract: string) {
  const dir = path.join(stateDir, "journal", `chain-${chainId}`, contract.toLowerCase());
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^[0-9a-f]{64}\.jsonl$/.test(n));
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const entries = readJournal(path.join(dir, name));
    const plan = entries.find((e): e is PlanEntry => e.t === "plan");
    if (plan === undefined) return [];
    const mined = new Set(entries.flatMap((e) => (e.t === "mined" ? [e.batch] : [])));
    return [
      {
        file: plan.file,
        fileHash: plan.fileHash,
        journal: path.join(dir, name),
        tickets: plan.totalTickets,
        startId: plan.startId,
        batches: plan.counts.length,
        batchesMined: mined.size,
        done: entries.some((e) => e.t === "done"),
      },
    ];
  });
}
