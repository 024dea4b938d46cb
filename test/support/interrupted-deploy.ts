import { cp, readFile, rename, writeFile } from "node:fs/promises";
import path from "node:path";

/** A transaction as `eth_getTransactionByHash` gives it (EIP-1559). */
interface ChainTx {
  from: string;
  to: string | null;
  input: string;
  value: string;
  gas: string;
  nonce: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
}

/** The fields a transaction is sent again with (`eth_sendTransaction`). */
export interface ReplayedFields {
  from: string;
  to?: string;
  data: string;
  value: string;
  gas: string;
  nonce: string;
  maxFeePerGas: string;
  maxPriorityFeePerGas: string;
}

export interface InterruptDeployAfterSendParameters {
  /** One JSON-RPC call on the chain (which must know `evm_snapshot`/`evm_revert` and sign for the deployer). */
  rpc: (method: string, params?: unknown[]) => Promise<unknown>;
  /** Runs the whole deploy, writing Ignition's record to `wholeDir`. */
  deployWhole: () => Promise<void>;
  wholeDir: string;
  /** Where the interrupted record goes; may be `wholeDir` (the whole one is then moved to `<wholeDir>.whole`). */
  interruptedDir: string;
  /** The last transaction that reaches the chain, counted from 0 (the deploy's first transaction). */
  upTo: number;
  /** Sends another transaction than the deploy's at that nonce (someone else using the deployer). */
  replace?: (tx: ReplayedFields) => Record<string, unknown>;
  /**
   * Where the journal stops: `"sent"` (default) just after transaction `upTo`'s nonce was journaled, before its
   * hash; `"complete"` once its step was journaled complete.
   */
  cutAfter?: "sent" | "complete";
  /**
   * A transaction (counted from 0, before `upTo`) whose confirmation is left out of the journal: its step still
   * waits for it while later steps are complete, as when Ignition saw a later transaction's receipt first.
   */
  unconfirmed?: number;
}

/**
 * The moment a SIGKILL can land that Ignition alone does not survive: its journal has a transaction's nonce
 * (TRANSACTION_PREPARE_SEND) and the chain has the transaction, but its hash was never journaled. Made exactly,
 * not by luck of timing: a whole deploy is run and its transactions kept; the chain goes back to before it
 * (`evm_revert`); the first `upTo + 1` transactions are sent again with the same fields (so the same hashes and
 * addresses); and the journal is cut just after the last one's nonce was journaled, which is what a kill at that
 * moment leaves behind. Or (`cutAfter: "complete"`, `unconfirmed`) the moment Ignition alone also does not
 * survive: an earlier step still waiting for its confirmation while a later one, with a higher nonce, is complete.
 *
 * @returns The whole run's sends (nonce, hash) in order, the hashes sent again, the future whose nonce was cut at.
 */
export async function interruptDeployAfterSend({
  rpc,
  deployWhole,
  wholeDir,
  interruptedDir,
  upTo,
  replace,
  cutAfter = "sent",
  unconfirmed,
}: InterruptDeployAfterSendParameters): Promise<{
  sends: { nonce: number; transaction: { hash: string } }[];
  replayed: string[];
  cutFutureId: string;
  /** The step left waiting for its confirmation (`unconfirmed`), if any. */
  waitingFutureId: string | undefined;
  total: number;
}> {
  const snapshot = await rpc("evm_snapshot");
  await deployWhole();
  let whole = wholeDir;
  if (path.resolve(wholeDir) === path.resolve(interruptedDir)) {
    whole = `${wholeDir}.whole`;
    await rename(wholeDir, whole);
  }
  const lines = (await readFile(path.join(whole, "journal.jsonl"), "utf8"))
    .split("\n")
    .filter((l) => l !== "");
  const messages = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  const sends = messages.filter((m) => m.type === "TRANSACTION_SEND") as unknown as {
    nonce: number;
    transaction: { hash: string };
  }[];
  const base = Math.min(...sends.map((m) => m.nonce));
  const txs: ChainTx[] = [];
  for (const m of sends) txs.push((await rpc("eth_getTransactionByHash", [m.transaction.hash])) as ChainTx);
  if ((await rpc("evm_revert", [snapshot])) !== true) throw new Error("evm_revert refused");

  const futureOf = (n: number) =>
    messages.find((m) => m.type === "TRANSACTION_PREPARE_SEND" && m.nonce === base + n)?.futureId as
      string | undefined;
  const cutFutureId = futureOf(upTo);
  if (cutFutureId === undefined) throw new Error(`no transaction with nonce ${base + upTo} in the whole run`);
  const prepared = messages.findIndex(
    (m) => m.type === "TRANSACTION_PREPARE_SEND" && m.nonce === base + upTo,
  );
  const cut =
    cutAfter === "sent"
      ? prepared
      : messages.findIndex(
          (m, i) => i > prepared && m.futureId === cutFutureId && String(m.type).endsWith("_COMPLETE"),
        );
  const waiting = unconfirmed === undefined ? undefined : futureOf(unconfirmed);
  const kept = lines.slice(0, cut + 1).filter((_, i) => {
    const m = messages[i]!;
    return !(
      m.futureId === waiting &&
      (m.type === "TRANSACTION_CONFIRM" || String(m.type).endsWith("_EXECUTION_STATE_COMPLETE"))
    );
  });
  // The artifacts Ignition kept are the same either way; the journal and the addresses are cut.
  await cp(whole, interruptedDir, { recursive: true });
  await writeFile(path.join(interruptedDir, "journal.jsonl"), "\n" + kept.join("\n"));
  const deployedBefore = Object.fromEntries(
    kept
      .map((l) => JSON.parse(l) as { type: string; futureId: string; result?: { address: string } })
      .filter((m) => m.type === "DEPLOYMENT_EXECUTION_STATE_COMPLETE")
      .map((m) => [m.futureId, m.result!.address]),
  );
  await writeFile(
    path.join(interruptedDir, "deployed_addresses.json"),
    JSON.stringify(deployedBefore, null, 2),
  );

  const replayed: string[] = [];
  for (const tx of txs.filter((t) => Number(BigInt(t.nonce)) <= base + upTo)) {
    const fields: ReplayedFields = {
      from: tx.from,
      ...(tx.to === null ? {} : { to: tx.to }),
      data: tx.input,
      value: tx.value,
      gas: tx.gas,
      nonce: tx.nonce,
      maxFeePerGas: tx.maxFeePerGas,
      maxPriorityFeePerGas: tx.maxPriorityFeePerGas,
    };
    const last = Number(BigInt(tx.nonce)) === base + upTo;
    replayed.push(
      (await rpc("eth_sendTransaction", [
        last && replace !== undefined ? replace(fields) : fields,
      ])) as string,
    );
  }
  return {
    sends,
    replayed,
    cutFutureId,
    waitingFutureId: waiting,
    total: sends.length,
  };
}
