import { existsSync, readdirSync } from "node:fs";
import path from "node:path";

import { getAddress, ZeroAddress } from "ethers";

import { CLAIMS_FUTURE_IDS, readDeployedAddress, readJournalTxHash } from "../../src/chain/deployments.js";
import { rpc, type Eip1193Provider } from "../../src/chain/eip1193.js";
import { checkWiring } from "../../src/event/check-wiring.js";
import { loadEventConfig } from "../../src/event/load-event-config.js";
import { readJournal, type PlanEntry } from "../../src/issuance/journal.js";
import { readTicketStatus } from "../../src/issuance/read-ticket-status.js";
import { taskAction, type CommonTaskArguments } from "../lib/cli.js";
import { openResilientNetwork, resolveContract } from "../lib/chain.js";

interface StatusArguments extends CommonTaskArguments {
  contract: string;
  stateDir: string;
  check: boolean;
  event: string;
}

export default taskAction<StatusArguments>(async (args, hre, out) => {
  const { provider, chainId, networkName, ephemeral } = await openResilientNetwork(hre);
  const contract = await resolveContract(
    args.contract,
    hre.config.paths.ignition,
    chainId,
    networkName,
    ephemeral,
    provider,
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
  if (!args.check) {
    out.result({ ok: true, network: networkName, ...status, airdrops });
    return;
  }

  const event = existsSync(args.event) ? await loadEventConfig({ file: args.event }) : undefined;
  const ignitionDir = hre.config.paths.ignition;
  const recorded = ephemeral ? undefined : await readDeployedAddress({ ignitionDir, chainId });
  const fromRecord = recorded !== undefined && getAddress(recorded) === getAddress(contract);
  const claims = fromRecord
    ? await readDeployedAddress({ ignitionDir, chainId, futureId: CLAIMS_FUTURE_IDS, provider })
    : undefined;
  const deployer = fromRecord ? await deployerOf(provider, ignitionDir, chainId) : undefined;
  const wiring = await checkWiring({
    provider,
    ticket: contract,
    claims,
    gates: event?.gates ?? [],
    admin: event?.admin,
    deployer,
  });
  const missing = wiring.filter((w) => !w.ok);
  out.say(
    `Wiring${event === undefined ? ` (no event file at ${args.event}: gates and admin not checked)` : ` against ${args.event}`}:`,
    ...wiring.map((w) => `  ${w.ok ? "ok     " : "MISSING"}  ${w.item}: ${w.detail}`),
    missing.length === 0 ? "The wiring is complete." : `${missing.length} of ${wiring.length} items missing.`,
  );
  out.result({ ok: missing.length === 0, network: networkName, ...status, airdrops, wiring });
  if (missing.length > 0) {
    process.stderr.write(
      `error: the event's wiring is incomplete: ${missing.map((w) => w.item).join("; ")}\n`,
    );
    process.exitCode = 1;
  }
});

/** The account that deployed the recorded ticket (the sender of its creation, from Ignition's journal). */
async function deployerOf(provider: Eip1193Provider, ignitionDir: string, chainId: bigint) {
  const hash = await readJournalTxHash({ ignitionDir, chainId });
  if (hash === undefined) return undefined;
  const tx = await rpc<{ from: string } | null>(provider, "eth_getTransactionByHash", [hash]);
  return tx === null ? undefined : getAddress(tx.from);
}

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
    const entries = readJournal(path.join(dir, name), { raw: false });
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
