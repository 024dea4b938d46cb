import { existsSync } from "node:fs";
import { readFile, rename } from "node:fs/promises";
import path from "node:path";

import {
  DeploymentResultType,
  deploy,
  isFutureThatSubmitsOnchainTransaction,
  status,
  type ArtifactResolver,
  type DeploymentParameters,
  type DeploymentResult,
  type ExecutionEventListener,
  type Future,
  type IgnitionModule,
} from "@nomicfoundation/ignition-core";

import { ZeroHash } from "ethers";

import { rpc, type Eip1193Provider } from "../chain/eip1193.js";
import { quoteFees } from "../chain/quote-fees.js";
import { TICKET_FUTURE_ID } from "../chain/deployments.js";
import { StaleDeploymentError } from "../chain/errors.js";
import { EventDeployError } from "./errors.js";
import { CONSTRUCTOR_FIELDS } from "./deployment-parameters.js";
import { repairInterruptedJournal, type JournalRepair } from "./repair-journal.js";
import { EVENT_ROLE_NAMES, hasRole, roleLabel } from "./roles.js";

/** One transaction the deploy still has to send. */
export interface PlannedStep {
  /** Ignition future id, e.g. `PapercutEventModule#GrantGateRole_0x…`. */
  futureId: string;
  /** What it does, for people. */
  label: string;
  /** Gas it used when the same deployment ran on an in-process copy (0 when unknown). */
  gas: bigint;
}

/** What the deploy will send, priced, before anything is sent. */
export interface EventDeployPlan {
  steps: PlannedStep[];
  /** Sum of the steps' gas. */
  gas: bigint;
  /** Most the steps can cost at the current fees (gas × max fee per gas), in wei; undefined without fee data. */
  maxFee: bigint | undefined;
  /** The deployer's balance, in wei. */
  balance: bigint;
}

/** Progress of a deploy, for a task to print. */
export type EventDeployProgress =
  | { type: "sent"; futureId: string; hash: string }
  | { type: "confirmed"; futureId: string; hash: string }
  | { type: "waiting"; futureId: string; hash: string; seconds: number; confirmations: number }
  /** What an interrupted run left unjournaled, found on the chain and recorded before Ignition resumes. */
  | ({ type: "repaired" } & JournalRepair);

export interface DeployEventParameters {
  /** The chain to deploy to. */
  provider: Eip1193Provider;
  /** The event's Ignition module (`buildEventModule`). */
  module: IgnitionModule;
  /** Parameters of its submodules. */
  deploymentParameters: DeploymentParameters;
  artifactResolver: ArtifactResolver;
  /** Ignition's deployment folder (its journal); undefined on an in-process network. */
  deploymentDir: string | undefined;
  /** The account that sends every transaction. */
  deployer: string;
  /** Gas each future used on an in-process copy of the same deployment, by future id. */
  simulate: () => Promise<Map<string, bigint>>;
  /** Asked with the plan when it sends anything; false stops before sending. */
  confirm: (plan: EventDeployPlan) => Promise<boolean>;
  /** Blocks to wait on top of each transaction (Ignition uses 1 on an automining node). */
  confirmations?: number;
  /**
   * Deploy afresh: the deployment record is moved aside (renamed, never deleted) once the plan is confirmed. Needed
   * after a restarted node (a stale record), or to deploy a changed event as a new one.
   */
  reset?: boolean;
  onProgress?: (event: EventDeployProgress) => void;
  /** How long a confirmation may wait without a new block before {@link EventDeployProgress} "waiting". */
  quietMs?: number;
}

export interface DeployEventReturnType {
  /** Addresses of every contract of the deployment, by Ignition future id. */
  contracts: Record<string, string>;
  /** Transactions this run sent (the deployer's nonce before and after). */
  transactions: number;
  plan: EventDeployPlan;
  /** Gas used by each transaction this run confirmed, by future id. */
  gasUsed: Record<string, bigint>;
  /** A stale record moved aside by `reset`, if any. */
  setAside: string | undefined;
}

/**
 * Deploys and wires a whole event with Hardhat Ignition, exactly once: a stale deployment record (a restarted
 * node) is detected before anything is sent; the plan lists only the transactions still needed (a re-run sends
 * none, one more gate sends one), priced from an in-process run of the same deployment, and the deployer's
 * balance is checked against it; Ignition's journal resumes an interrupted run, once what the run sent but had no
 * time to journal is found on the chain ({@link repairInterruptedJournal}). A confirmation that sees no
 * new block reports it (a chain that mines only on demand).
 *
 * @param parameters See {@link DeployEventParameters}.
 * @returns The contracts, the transactions sent and the plan.
 * @throws {StaleDeploymentError} When the record names contracts the chain does not have.
 * @throws {EventDeployError} When the plan cannot be paid, was declined, or Ignition refused or failed.
 * @example
 * const { contracts, transactions } = await deployEvent({ provider, module, deploymentParameters, ... });
 */
export async function deployEvent({
  provider,
  module,
  deploymentParameters,
  artifactResolver,
  deploymentDir,
  deployer,
  simulate,
  confirm,
  confirmations,
  reset = false,
  onProgress = () => {},
  quietMs = 10_000,
}: DeployEventParameters): Promise<DeployEventReturnType> {
  // The record to set aside, if any: only once the operator has confirmed the plan, so a "no" changes nothing.
  let setAside: string | undefined;
  if (deploymentDir !== undefined && existsSync(deploymentDir)) {
    const missing = await findMissingContracts(provider, deploymentDir);
    if (missing.length > 0 && !reset) throw new StaleDeploymentError(deploymentDir, missing);
    if (reset) {
      const kind = missing.length > 0 ? "stale" : "replaced";
      setAside = `${deploymentDir}.${kind}-${new Date().toISOString().replace(/[:.]/g, "-")}`;
    } else {
      // A run killed between journaling a nonce and journaling the hash it sent: find that transaction first.
      for (const repair of await repairInterruptedJournal(provider, deploymentDir, confirmations))
        onProgress({ type: "repaired", ...repair });
    }
  }

  const done =
    deploymentDir === undefined || setAside !== undefined
      ? new Set<string>()
      : await successfulFutures(deploymentDir);
  const pending = sendingFutures(module).filter((f) => !done.has(f.id));
  await assertDeployerMayCall(
    provider,
    setAside === undefined ? deploymentDir : undefined,
    deployer,
    pending,
  );
  const simulated = pending.length === 0 ? new Map<string, bigint>() : await simulate();
  const steps = pending.map((f) => ({
    futureId: f.id,
    label: describeFuture(f),
    gas: simulated.get(f.id) ?? 0n,
  }));
  const gas = steps.reduce((sum, s) => sum + s.gas, 0n);
  const fees = await quoteFees(provider);
  const maxFee = fees === undefined ? undefined : gas * fees.maxFeePerGas;
  const balance = BigInt(await rpc<string>(provider, "eth_getBalance", [deployer, "latest"]));
  const plan: EventDeployPlan = { steps, gas, maxFee, balance };

  if (steps.length > 0) {
    if (maxFee !== undefined && balance < maxFee) {
      throw new EventDeployError(
        `deployer ${deployer} has ${balance} wei; the plan's ${steps.length} transactions may cost up to ${maxFee} wei`,
        {
          details: `${gas} gas at up to ${fees?.maxFeePerGas} wei per gas: fund the deployer and run the same command again`,
        },
      );
    }
    if (!(await confirm(plan))) throw new EventDeployError("deploy declined: nothing was sent");
  }
  if (setAside !== undefined) await rename(deploymentDir!, setAside);

  const nonceBefore = await nonceOf(provider, deployer);
  const gasUsed: Record<string, bigint> = {};
  const sent = new Map<string, { hash: string; at: number; block: number }>();
  const listener = progressListener(onProgress, sent, async (futureId, hash) => {
    const receipt = await rpc<{ gasUsed: string } | null>(provider, "eth_getTransactionReceipt", [hash]);
    if (receipt !== null) gasUsed[futureId] = BigInt(receipt.gasUsed);
  });
  const watchdog = watchQuietChain(provider, sent, quietMs, confirmations ?? 5, onProgress);
  let result: DeploymentResult;
  try {
    result = await deploy({
      provider,
      artifactResolver,
      deploymentDir,
      ignitionModule: module,
      deploymentParameters,
      accounts: [deployer],
      defaultSender: deployer,
      executionEventListener: listener,
      config: confirmations === undefined ? {} : { requiredConfirmations: confirmations },
    });
  } finally {
    watchdog.stop();
  }
  await listener.settled();
  const transactions = (await nonceOf(provider, deployer)) - nonceBefore;
  if (result.type !== DeploymentResultType.SUCCESSFUL_DEPLOYMENT) throw failure(result, transactions);
  const contracts = Object.fromEntries(Object.entries(result.contracts).map(([id, c]) => [id, c.address]));
  return { contracts, transactions, plan, gasUsed, setAside };
}

/** Every future of a module and its submodules that sends a transaction, in module order. */
export function sendingFutures(module: IgnitionModule): Future[] {
  const seen = new Set<string>();
  const out: Future[] = [];
  const visit = (m: IgnitionModule) => {
    for (const sub of m.submodules) visit(sub);
    for (const future of m.futures) {
      if (!seen.has(future.id) && isFutureThatSubmitsOnchainTransaction(future)) {
        seen.add(future.id);
        out.push(future);
      }
    }
  };
  visit(module);
  return out;
}

/** A future in words: `deploy PapercutTicket`, `PapercutTicket.grantRole(…)`. */
function describeFuture(future: Future): string {
  const f = future as {
    contractName?: string;
    functionName?: string;
    contract?: { contractName?: string };
    args?: unknown[];
  };
  if (f.functionName !== undefined) {
    const args = (f.args ?? []).map((a) =>
      typeof a === "string"
        ? short(a)
        : typeof a === "object" && a !== null && "contractName" in a
          ? String((a as { contractName: string }).contractName)
          : String(a),
    );
    return `${f.contract?.contractName ?? "?"}.${f.functionName}(${args.join(", ")})`;
  }
  return `deploy ${f.contractName ?? future.id}`;
}

function short(value: string): string {
  if (value.length === 66) return roleLabel(value);
  return value;
}

/**
 * After a handover the deployer holds no role: a call the file now asks for (one more gate) must come from the
 * admin. Say so before anything is sent, with the command that does it.
 */
async function assertDeployerMayCall(
  provider: Eip1193Provider,
  deploymentDir: string | undefined,
  deployer: string,
  pending: Future[],
): Promise<void> {
  const calls = pending.filter((f) => "functionName" in f);
  if (deploymentDir === undefined || calls.length === 0) return;
  const ticket = (await recordedAddresses(deploymentDir))[TICKET_FUTURE_ID];
  if (ticket === undefined || (await hasRole(provider, ticket, ZeroHash, deployer))) return;
  const gateOf = (f: Future) => {
    const call = f as { functionName?: string; args?: unknown[] };
    const account = call.args?.[1];
    return call.functionName === "grantRole" &&
      call.args?.[0] === EVENT_ROLE_NAMES.gate &&
      typeof account === "string"
      ? account
      : undefined;
  };
  throw new EventDeployError(
    `deployer ${deployer} no longer holds the ticket's admin role (it was handed over): ${calls.length} change(s) of the event file need the admin`,
    {
      details: calls
        .map((f) =>
          gateOf(f) === undefined
            ? `needs the admin: ${describeFuture(f)}`
            : `from the admin's account: npx hardhat tickets roles grant --role gate --account ${gateOf(f)}`,
        )
        .join("\n"),
    },
  );
}

/** The contracts the deployment record names, by future id (empty when there is none). */
async function recordedAddresses(deploymentDir: string): Promise<Record<string, string>> {
  try {
    return JSON.parse(await readFile(path.join(deploymentDir, "deployed_addresses.json"), "utf8")) as Record<
      string,
      string
    >;
  } catch {
    return {};
  }
}

/** Futures the journal records as finished. */
async function successfulFutures(deploymentDir: string): Promise<Set<string>> {
  if (!existsSync(path.join(deploymentDir, "journal.jsonl"))) return new Set();
  const result = await status(deploymentDir);
  return new Set(result.successful);
}

/** Contracts the deployment record names that have no code on the chain. */
export async function findMissingContracts(
  provider: Eip1193Provider,
  deploymentDir: string,
): Promise<{ futureId: string; address: string }[]> {
  const recorded = await recordedAddresses(deploymentDir);
  const missing = [];
  for (const [futureId, address] of Object.entries(recorded)) {
    const code = await rpc<string>(provider, "eth_getCode", [address, "latest"]);
    if (code === "0x" || code === "") missing.push({ futureId, address });
  }
  return missing;
}

async function nonceOf(provider: Eip1193Provider, account: string): Promise<number> {
  return Number(BigInt(await rpc<string>(provider, "eth_getTransactionCount", [account, "latest"])));
}

/** Ignition's execution events, reduced to what the operator needs to see. */
function progressListener(
  onProgress: (event: EventDeployProgress) => void,
  sent: Map<string, { hash: string; at: number; block: number }>,
  onConfirmed: (futureId: string, hash: string) => Promise<void>,
): ExecutionEventListener & { settled(): Promise<void> } {
  const pending: Promise<void>[] = [];
  // Ignition awaits each handler; these only record and report, so each resolves at once.
  const ignore = () => Promise.resolve();
  const handlers: Record<string, unknown> = {
    transactionSend: ({ futureId, hash }: { futureId: string; hash: string }) => {
      sent.set(futureId, { hash, at: Date.now(), block: -1 });
      onProgress({ type: "sent", futureId, hash });
      return Promise.resolve();
    },
    transactionConfirm: ({ futureId, hash }: { futureId: string; hash: string }) => {
      sent.delete(futureId);
      pending.push(onConfirmed(futureId, hash));
      onProgress({ type: "confirmed", futureId, hash });
      return Promise.resolve();
    },
  };
  return new Proxy(
    { settled: async () => void (await Promise.all(pending)) },
    {
      get: (target, key) => (key in target ? target[key as "settled"] : (handlers[key as string] ?? ignore)),
    },
  ) as ExecutionEventListener & { settled(): Promise<void> };
}

/** Reports transactions that wait for confirmations while the chain makes no new block. */
function watchQuietChain(
  provider: Eip1193Provider,
  sent: Map<string, { hash: string; at: number; block: number }>,
  quietMs: number,
  confirmations: number,
  onProgress: (event: EventDeployProgress) => void,
) {
  let lastBlock = -1;
  let lastChange = Date.now();
  let reported = 0;
  const timer = setInterval(
    () => {
      void rpc<string>(provider, "eth_blockNumber")
        .then((hex) => {
          const block = Number(BigInt(hex));
          const now = Date.now();
          if (block !== lastBlock) {
            lastBlock = block;
            lastChange = now;
            return;
          }
          if (sent.size === 0 || now - lastChange < quietMs || now - reported < quietMs) return;
          reported = now;
          for (const [futureId, s] of sent) {
            onProgress({
              type: "waiting",
              futureId,
              hash: s.hash,
              seconds: Math.round((now - s.at) / 1000),
              confirmations,
            });
          }
        })
        .catch(() => {});
    },
    Math.min(1_000, quietMs),
  );
  return { stop: () => clearInterval(timer) };
}

/**
 * Ignition's "Argument at index N has been changed" in the event file's words: which field of the file feeds that
 * constructor argument.
 */
function explainChange(futureId: string, error: string): string {
  const index = /Argument at index (\d+) has been changed/.exec(error)?.[1];
  const fields = CONSTRUCTOR_FIELDS[futureId];
  const field = index === undefined ? undefined : fields?.[Number(index)];
  return field === undefined
    ? `${futureId}: ${error}`
    : `${field} (${futureId} was deployed with another value)`;
}

/** One line for Ignition's failure kinds. */
function failure(
  result: Exclude<DeploymentResult, { type: DeploymentResultType.SUCCESSFUL_DEPLOYMENT }>,
  transactions: number,
) {
  const sentText = `${transactions} transaction(s) were sent; run the same command again to go on`;
  switch (result.type) {
    case DeploymentResultType.RECONCILIATION_ERROR: {
      const lines = Object.entries(result.errors).flatMap(([id, errors]) =>
        errors.map((e) => explainChange(id, e)),
      );
      return new EventDeployError(
        `the event file changed what is already deployed: ${lines[0] ?? "(no detail)"}`,
        {
          details: [
            ...lines.slice(1),
            "a deployed contract cannot change: put the value back (a rehearsal's --start and --end must be given " +
              "again), or deploy the changed event afresh with --reset (the old record is set aside, not deleted)",
          ].join("\n"),
        },
      );
    }
    case DeploymentResultType.VALIDATION_ERROR: {
      const lines = Object.entries(result.errors).map(([id, errors]) => `${id}: ${errors.join("; ")}`);
      return new EventDeployError(`the deployment is invalid: ${lines[0] ?? "(no detail)"}`, {
        details: lines.slice(1).join("\n"),
      });
    }
    case DeploymentResultType.PREVIOUS_RUN_ERROR: {
      const lines = Object.entries(result.errors).map(([id, errors]) => `${id}: ${errors.join("; ")}`);
      return new EventDeployError(`a previous run left a failed step: ${lines[0] ?? "(no detail)"}`, {
        details:
          "look at the failed transaction; then move the deployment folder aside with --reset only if you mean to start again",
      });
    }
    case DeploymentResultType.EXECUTION_ERROR: {
      const lines = [
        ...result.failed.map((f) => `${f.futureId} failed: ${f.error}`),
        ...result.timedOut.map((f) => `${f.futureId} timed out waiting to be mined`),
        ...result.held.map((f) => `${f.futureId} held: ${f.reason}`),
      ];
      return new EventDeployError(lines[0] ?? "the deploy stopped", {
        details: [...lines.slice(1), sentText].join("\n"),
      });
    }
  }
}
