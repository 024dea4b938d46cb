import path from "node:path";

import { HardhatArtifactResolver } from "@nomicfoundation/hardhat-ignition/helpers";
import { formatEther, getAddress } from "ethers";

import { buildEventModule } from "../../ignition/modules/PapercutEvent.js";
import {
  CLAIMS_FUTURE_ID,
  LEDGER_FUTURE_ID,
  RENDERER_FUTURE_ID,
  TICKET_FUTURE_ID,
} from "../../src/chain/deployments.js";
import { rpc } from "../../src/chain/eip1193.js";
import { PapercutError } from "../../src/errors.js";
import { deployEvent, type EventDeployPlan } from "../../src/event/deploy-event.js";
import { eventDeploymentParameters } from "../../src/event/deployment-parameters.js";
import { loadEventConfig } from "../../src/event/load-event-config.js";
import type { JournalRepair } from "../../src/event/repair-journal.js";
import { confirm, taskAction, type CommonTaskArguments, type Output } from "../lib/cli.js";
import { openNetwork } from "../lib/network.js";
import { simulateGas } from "../lib/simulate-gas.js";

interface EventDeployArguments extends CommonTaskArguments {
  event: string;
  start: string;
  end: string;
  confirmations: number;
  reset: boolean;
  yes: boolean;
}

/** The Ignition future ids of the event's four contracts. */
const EVENT_CONTRACT_IDS = {
  ticket: TICKET_FUTURE_ID,
  renderer: RENDERER_FUTURE_ID,
  claims: CLAIMS_FUTURE_ID,
  ledger: LEDGER_FUTURE_ID,
} as const;

export default taskAction<EventDeployArguments>(async (args, hre, out) => {
  // The file first: bad input stops here, before any network is opened.
  const event = await loadEventConfig({
    file: args.event,
    overrides: {
      start: args.start === "" ? undefined : args.start,
      end: args.end === "" ? undefined : args.end,
    },
  });
  const { connection, chainId, networkName, ephemeral } = await openNetwork(hre);
  const provider = connection.provider;
  const [account] = await rpc<string[]>(provider, "eth_accounts");
  if (account === undefined) throw new PapercutError(`network ${networkName} has no account to deploy from`);
  const deployer = getAddress(account);
  const handoverTo =
    event.admin !== undefined && event.admin.toLowerCase() !== deployer.toLowerCase()
      ? event.admin
      : undefined;
  const module = buildEventModule({ gates: event.gates, handoverTo });
  const deploymentParameters = eventDeploymentParameters(event);
  const deploymentDir = ephemeral
    ? undefined
    : path.join(hre.config.paths.ignition, "deployments", `chain-${chainId}`);
  const started = Date.now();

  out.say(
    `Event ${event.name.zh} / ${event.name.en} (${args.event}) on ${networkName} (chain ${chainId}), deployer ${deployer}`,
  );
  const result = await deployEvent({
    provider,
    module,
    deploymentParameters,
    artifactResolver: new HardhatArtifactResolver(hre.artifacts),
    deploymentDir,
    deployer,
    reset: args.reset,
    ...(args.confirmations > 0 ? { confirmations: args.confirmations } : {}),
    simulate: () => {
      out.note("pricing the plan: running the same deployment on an in-process copy of the chain…");
      return simulateGas(hre, module, deploymentParameters);
    },
    confirm: async (plan) => {
      printPlan(out, plan);
      if (!ephemeral) await confirm(`Send these ${plan.steps.length} transactions?`, { yes: args.yes });
      return true;
    },
    onProgress: (p) => {
      if (p.type === "sent") out.note(`  sent      ${p.futureId} ${p.hash}`);
      else if (p.type === "confirmed") out.note(`  confirmed ${p.futureId}`);
      else if (p.type === "repaired") out.note(describeRepair(p));
      else {
        out.note(
          `  waiting ${p.seconds} s for ${p.confirmations} confirmation(s) of ${p.futureId} (${p.hash}), and the chain ` +
            `has made no new block for a while: a chain that mines only when a transaction arrives never confirms ` +
            `it. Stop (Ctrl-C) and run again with --confirmations 1; nothing is lost.`,
        );
      }
    },
  });

  const contracts = {
    ticket: result.contracts[EVENT_CONTRACT_IDS.ticket],
    renderer: result.contracts[EVENT_CONTRACT_IDS.renderer],
    claims: result.contracts[EVENT_CONTRACT_IDS.claims],
    ledger: result.contracts[EVENT_CONTRACT_IDS.ledger],
  };
  const seconds = Math.round((Date.now() - started) / 100) / 10;
  const gasUsed = Object.values(result.gasUsed).reduce((a, b) => a + b, 0n);
  out.say(
    result.transactions === 0
      ? "Nothing to send: the event is deployed and wired as the file says."
      : `Sent ${result.transactions} transactions (${gasUsed} gas) in ${seconds} s.`,
    ...(result.setAside === undefined ? [] : [`  stale record moved to ${result.setAside}`]),
    `  ticket    ${contracts.ticket}`,
    `  renderer  ${contracts.renderer}`,
    `  claims    ${contracts.claims}`,
    `  ledger    ${contracts.ledger}`,
    ...(handoverTo === undefined
      ? event.admin === undefined
        ? ["  admin     the deployer keeps every role (the event file names no admin)"]
        : []
      : [`  admin     every role handed to ${handoverTo}; the deployer gave up its own`]),
    `Check the wiring: npx hardhat tickets status --check${networkName === "default" ? "" : ` --network ${networkName}`}`,
  );
  out.result({
    ok: true,
    network: networkName,
    chainId: chainId.toString(),
    deployer,
    eventFile: args.event,
    contracts,
    transactions: result.transactions,
    gasUsed: Object.fromEntries(Object.entries(result.gasUsed).map(([k, v]) => [k, v.toString()])),
    plan: result.plan.steps.map((s) => ({ futureId: s.futureId, label: s.label, gas: s.gas.toString() })),
    seconds,
    setAside: result.setAside ?? null,
  });
});

function printPlan(out: Output, plan: EventDeployPlan): void {
  out.say(
    `Plan: ${plan.steps.length} transactions, ${plan.gas} gas` +
      (plan.maxFee === undefined ? "" : `, at most ${formatEther(plan.maxFee)} in fees`) +
      ` (deployer balance ${formatEther(plan.balance)}; in the chain's native currency)`,
    ...plan.steps.map((s) => `  ${s.gas.toString().padStart(9)} gas  ${s.label}  [${s.futureId}]`),
  );
}

/** A repair of Ignition's journal after an interrupted run, for the operator. */
function describeRepair(r: JournalRepair): string {
  switch (r.kind) {
    case "sent":
      return (
        `  found     ${r.futureId} ${r.hash}: sent (nonce ${r.nonce}) by the interrupted run, which had no time to ` +
        `record it; recorded now and waited for, not sent again`
      );
    case "replaced":
      return (
        `  note      the deployer's nonce ${r.nonce}, kept for ${r.futureId}, holds another transaction (${r.hash}): ` +
        `someone sent from the deployer during the deploy; ${r.futureId} is sent again`
      );
    case "confirmed":
      return (
        `  found     ${r.futureId} ${r.hash}: confirmed on the chain while the interrupted run had not recorded it ` +
        `yet; recorded now`
      );
  }
}
