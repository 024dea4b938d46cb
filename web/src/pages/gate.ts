import type { BrowserProvider, Contract, JsonRpcSigner } from "ethers";

import { withTimeout } from "../../../src/chain/with-timeout.js";
import { createChallenge } from "../../../src/checkin/create-challenge.js";
import {
  decideAdmission,
  type AdmissionVerdict,
  type ProofRefusal,
} from "../../../src/checkin/decide-admission.js";
import { InvalidGateIdError, type FirstAdmission } from "../../../src/checkin/errors.js";
import { normalizeGateId } from "../../../src/checkin/gate-id.js";
import { encodeChallenge } from "../../../src/checkin/payload.js";
import { syncGateJournal, type SyncOutcome } from "../../../src/checkin/sync-journal.js";
import type { SiteConfig } from "../../../src/web/site-config.js";
import { connectWallet, describe, refusal } from "../chain.js";
import { loadConfig } from "../config.js";
import { keepOfflineCopy } from "../offline.js";
import { BrowserGateJournal } from "../gate-journal.js";
import { CameraScanner, drawQr, readQrFromFile } from "../qr.js";
import {
  checkedInCount,
  gateTicketContract,
  loadSnapshot,
  recordCommitted,
  saveSnapshot,
  updateSnapshot,
  type TicketSnapshot,
} from "../ticket-snapshot.js";
import { clock, until } from "../time.js";
import { byId, el, setStatus } from "../ui.js";

const params = new URLSearchParams(location.search);
/** Seconds a challenge stays answerable (`?ttl=`; default 60). */
const TTL = clampInt(params.get("ttl"), 60, 3, 600);
/** A new challenge is shown this many seconds after the last, so the one on screen always has time left. */
const ROTATE = Math.max(1, Math.min(20, Math.floor(TTL / 3)));
/** How often the gate checks the connection and commits what is pending. */
const HEARTBEAT_MS = clampInt(params.get("heartbeat"), 5, 1, 60) * 1000;
/** How often an idle, online gate re-reads the ticket list it falls back on offline. */
const SNAPSHOT_REFRESH_MS = 30_000;
/** Before an offline decision, a ticket list older than this is read again (if the chain answers in time). */
const SNAPSHOT_MAX_AGE_MS = 5_000;
/**
 * `?strict=1`: ADMIT only once the check-in is mined (the wallet confirms each commit); two online gates then
 * cannot both admit one ticket. Without it the gate admits on its check and commits right after.
 */
const STRICT = params.get("strict") === "1";
/** A verdict goes back to READY after this long. */
const VERDICT_MS = 12_000;

const setup = byId("setup");
const gateInput = byId<HTMLInputElement>("gate-id");
const openButton = byId<HTMLButtonElement>("open");
const setupStatus = byId("setup-status");
const desk = byId("desk");
const verdict = byId("verdict");
const countAdmitted = byId("count-admitted");
const countPending = byId("count-pending");
const net = byId("net");
const challengeQr = byId<HTMLCanvasElement>("challenge-qr");
const challengeExpiry = byId("challenge-expiry");
const challengeText = byId<HTMLTextAreaElement>("challenge-text");
const scan = byId<HTMLButtonElement>("scan");
const photo = byId<HTMLInputElement>("photo");
const video = byId<HTMLVideoElement>("video");
const proofInput = byId<HTMLTextAreaElement>("proof");
const check = byId<HTMLButtonElement>("check");
const syncButton = byId<HTMLButtonElement>("sync");
const download = byId<HTMLButtonElement>("download");
const syncStatus = byId("sync-status");
const log = byId<HTMLOListElement>("log");
const alarms = byId<HTMLOListElement>("alarms");

interface Gate {
  config: SiteConfig;
  identity: { gate: string; chainId: bigint; contract: string; account: string };
  provider: BrowserProvider;
  signer: JsonRpcSigner;
  reader: Contract;
  journal: BrowserGateJournal;
  snapshotKey: string;
  snapshot: TicketSnapshot | undefined;
  /** When the snapshot was last brought up to date (ms). */
  snapshotAt: number;
  online: boolean;
  syncing: boolean;
  challengeAt: number;
  challengeExpiry: number;
}

let gate: Gate | undefined;
let verdictTimer: number | undefined;
const scanner = new CameraScanner(video);
const recentScans = new Map<string, number>();

function clampInt(value: string | null, fallback: number, min: number, max: number): number {
  const n = value === null ? NaN : Number(value);
  return Number.isInteger(n) ? Math.min(max, Math.max(min, n)) : fallback;
}

// ------------------------------------------------------------------ opening

async function openGate(config: SiteConfig): Promise<void> {
  openButton.disabled = true;
  try {
    let gateId: string;
    try {
      gateId = normalizeGateId(gateInput.value);
    } catch (error) {
      if (error instanceof InvalidGateIdError)
        throw new Error("Gate name: use 1-31 characters of A-Z, 0-9, . and -");
      throw error;
    }
    gateInput.value = gateId;
    localStorage.setItem("papercut-gate-id", gateId);
    setStatus(setupStatus, "Waiting for the wallet…");
    const { provider, signer, address } = await connectWallet(config);
    provider.pollingInterval = 1000;
    const reader = gateTicketContract(config.ticket, provider);
    setStatus(setupStatus, "Checking the gate role…");
    const role = (await reader.getFunction("GATE_ROLE")()) as string;
    if (!((await reader.getFunction("hasRole")(role, address)) as boolean)) {
      throw new Error(
        `This wallet (${address}) does not hold the gate role of this event's ticket contract: ` +
          "ask the organizer to grant it, or connect the gate's wallet.",
      );
    }
    const chainId = BigInt(config.chainId);
    const journal = await BrowserGateJournal.open({ gate: gateId, chainId, contract: config.ticket });
    // The storage key keeps its first name ("roster"), so a gate keeps its saved copy across this rename.
    const snapshotKey = `papercut-gate-roster:${config.chainId}:${config.ticket.toLowerCase()}`;
    gate = {
      config,
      identity: { gate: gateId, chainId, contract: journal.contract, account: address },
      provider,
      signer,
      reader,
      journal,
      snapshotKey,
      snapshot: await loadSnapshot(snapshotKey),
      snapshotAt: 0,
      online: true,
      syncing: false,
      challengeAt: 0,
      challengeExpiry: 0,
    };
    setStatus(setupStatus, "Reading the ticket list for offline use…");
    await refreshSnapshot(gate);
    setup.hidden = true;
    desk.hidden = false;
    document.title = `Gate ${gateId} — Papercut tickets`;
    byId("gate-name").textContent = `Gate ${gateId}${STRICT ? " · strict: ADMIT after the commit" : ""}`;
    byId("gate-account").textContent = short(address);
    await rotate(gate);
    window.setInterval(() => void tick(), 1000);
    window.setInterval(() => void heartbeat(), HEARTBEAT_MS);
    render();
    proofInput.focus();
    void sync();
  } catch (error) {
    gate = undefined;
    setStatus(setupStatus, refusal(error) ? "You declined to connect the wallet." : describe(error), "error");
  } finally {
    openButton.disabled = false;
  }
}

async function refreshSnapshot(g: Gate, timeoutMs = 20_000): Promise<void> {
  try {
    g.snapshot = await withTimeout(updateSnapshot(g.reader, g.config.fromBlock, g.snapshot), timeoutMs);
    void saveSnapshot(g.snapshotKey, g.snapshot);
    g.snapshotAt = Date.now();
    setOnline(g, true);
  } catch {
    setOnline(g, false);
  }
}

// ------------------------------------------------------------------ the challenge on screen

async function rotate(g: Gate): Promise<void> {
  const challenge = createChallenge({
    gate: g.identity.gate,
    chainId: g.identity.chainId,
    contract: g.identity.contract,
    ttlSeconds: TTL,
  });
  await g.journal.recordChallenge(challenge); // journaled before it is shown
  const text = encodeChallenge(challenge);
  await drawQr(challengeQr, text);
  challengeText.value = text;
  g.challengeAt = Date.now();
  g.challengeExpiry = challenge.expiry;
  showExpiry(g);
}

function showExpiry(g: Gate): void {
  challengeExpiry.textContent = `New code in ${Math.max(0, ROTATE - Math.floor((Date.now() - g.challengeAt) / 1000))} s · each code is valid ${TTL} s`;
  challengeExpiry.dataset.expiry = String(g.challengeExpiry);
}

async function tick(): Promise<void> {
  const g = gate;
  if (!g) return;
  if (Date.now() - g.challengeAt >= ROTATE * 1000 || until(g.challengeExpiry) <= 0) await rotate(g);
  else showExpiry(g);
}

// ------------------------------------------------------------------ verdicts

function showVerdict(
  kind: "admit" | "refuse" | "checking",
  word: string,
  reason: string,
  data: Record<string, string> = {},
) {
  if (verdictTimer !== undefined) window.clearTimeout(verdictTimer);
  for (const key of Object.keys(verdict.dataset)) delete verdict.dataset[key];
  verdict.dataset.verdict = kind;
  Object.assign(verdict.dataset, data);
  verdict.replaceChildren(el("p", { class: "word" }, word), el("p", { class: "reason" }, reason));
  if (kind !== "checking") {
    verdictTimer = window.setTimeout(() => {
      verdict.dataset.verdict = "ready";
      verdict.replaceChildren(
        el("p", { class: "word" }, "READY"),
        el("p", { class: "reason" }, "Scan the next holder's proof"),
      );
    }, VERDICT_MS);
  }
}

function addLog(text: string, kind: string): void {
  log.prepend(el("li", { "data-kind": kind }, `${clock(Date.now() / 1000)}  ${text}`));
  while (log.children.length > 30) log.lastElementChild?.remove();
}

function firstText(first: FirstAdmission | undefined): string {
  if (first === undefined) return "";
  return ` at gate ${first.gate} at ${clock(first.at)}` + (first.source === "journal" ? " (this gate)" : "");
}

/** What the door staff read for each refusal. */
function refusalText(refused: ProofRefusal): string {
  switch (refused.reason) {
    case "already-checked-in":
      return `Already admitted${firstText(refused.first)}.`;
    case "proof-replayed":
      return `This proof was already used${firstText(refused.first)}. Ask for a fresh one.`;
    case "challenge-expired":
      return "Expired: the holder must scan the code on screen now and sign again.";
    case "wrong-chain":
      return `Wrong event: this proof is for chain ${refused.error.chainId}.`;
    case "wrong-contract":
      return `Wrong event: this proof is for another ticket contract (${refused.error.contract}).`;
    case "wrong-gate":
      return `This proof answers gate ${refused.error.gate}'s code, not this gate's.`;
    case "unknown-challenge":
      return "This proof answers a code this gate never showed.";
    case "not-holder":
      return "Not signed by the ticket's holder.";
    case "voided":
      return "Ticket voided by the organizer.";
    case "no-such-ticket":
      return refused.offline ? "Unknown ticket (not in the list this gate last read)." : "No such ticket.";
    case "event-ended":
      return "The event is over.";
    case "gate-not-authorized":
      return `This gate cannot admit: ${refused.error.shortMessage.replace(/^REFUSE ticket #\d+: /, "")}`;
    case "commit-required":
      return refused.error.why === "strict"
        ? "Strict gate: cannot admit while the chain is out of reach."
        : "Smart-wallet ticket: admitted only once committed, and the chain is out of reach.";
  }
}

/** Shows the gate's decision ({@link decideAdmission}): the page only renders it. */
function showDecision(g: Gate, decision: AdmissionVerdict): void {
  if (decision.verdict === "admit") {
    const { tokenId, offline, committed } = decision;
    const note = offline
      ? " · checked offline"
      : committed === undefined
        ? ""
        : ` · on-chain in ${(committed.latencyMs / 1000).toFixed(1)} s`;
    showVerdict("admit", "ADMIT", `Ticket #${tokenId} · holder ${short(decision.holder)}${note}`, {
      tokenId: tokenId.toString(),
      offline: String(offline),
      committed: String(committed !== undefined),
      ...(committed === undefined ? {} : { latencyMs: String(committed.latencyMs) }),
    });
    addLog(`ADMIT #${tokenId}${offline ? " (offline)" : ""}${note.replace(" · ", ", ")}`, "admit");
    render();
    void rotate(g); // the code on screen was answered: show a fresh one
    window.setTimeout(() => void sync(), 300);
    return;
  }
  if (decision.tokenId === undefined) {
    const why =
      decision.reason === "gate-code"
        ? "That is a gate code, not a holder's proof."
        : "Not a ticket proof (it should start with PCT1P:).";
    showVerdict("refuse", "REFUSE", why, { reason: decision.reason });
    addLog(`REFUSE: ${why}`, "refuse");
    return;
  }
  const { tokenId, first, offline } = decision;
  const text = refusalText(decision) + (offline ? " (checked offline)" : "");
  showVerdict("refuse", "REFUSE", `Ticket #${tokenId}: ${text}`, {
    reason: decision.reason,
    tokenId: tokenId.toString(),
    offline: String(offline),
    ...(first ? { firstGate: first.gate, firstAt: String(first.at) } : {}),
  });
  addLog(`REFUSE #${tokenId}: ${text}`, "refuse");
  render();
}

// ------------------------------------------------------------------ checking a proof

async function checkProof(text: string): Promise<void> {
  const g = gate;
  if (!g || text.trim() === "") return;
  let decision: AdmissionVerdict;
  try {
    decision = await decideAdmission({
      scanned: text,
      gate: g.identity,
      ticket: g.reader,
      journal: g.journal,
      fromBlock: g.config.fromBlock,
      // Decide from what the gate last read from the chain when it is out of reach; the commit checks again.
      strict: STRICT,
      committer: gateTicketContract(g.config.ticket, g.signer),
      onCommitting: (proof) =>
        showVerdict("checking", "COMMITTING…", `Ticket #${proof.tokenId}: confirm in the wallet, then wait`),
      offline: {
        known: (tokenId) => g.snapshot?.tickets.get(tokenId),
        get eventEnd() {
          return g.snapshot?.eventEnd;
        },
        // A slow answer is not offline: the gate asks whether the chain answers at all before deciding offline.
        reachable: () => reachable(g),
        unreachable: !g.online,
        refresh: async () => {
          if (Date.now() - g.snapshotAt > SNAPSHOT_MAX_AGE_MS) await refreshSnapshot(g, 3_000);
        },
        onUnreachable: (cause) => {
          console.warn("gate: the chain is unreachable, checking offline", cause);
          setOnline(g, false);
        },
      },
      onChecking: (proof) => showVerdict("checking", "CHECKING…", `Ticket #${proof.tokenId}`),
    });
  } catch (error) {
    showVerdict("refuse", "ERROR", `Could not check this proof: ${describe(error)}`, { reason: "error" });
    addLog(`ERROR: ${describe(error)}`, "refuse");
    render();
    return;
  }
  showDecision(g, decision);
}

/**
 * Whether the chain answers at all: a block number within 4 s (2 s while the gate already believes it is offline,
 * so that each scan at an offline door waits little).
 */
async function reachable(g: Gate): Promise<boolean> {
  try {
    await withTimeout(g.provider.getBlockNumber(), g.online ? 4_000 : 2_000);
    return true;
  } catch {
    return false;
  }
}

function short(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

// ------------------------------------------------------------------ committing

function setOnline(g: Gate, online: boolean): void {
  g.online = online;
  render();
}

function render(): void {
  const g = gate;
  if (!g) return;
  const admitted = g.journal.entries.filter((e) => e.type === "admission").length;
  const pending = g.journal.pending().length;
  countAdmitted.textContent = String(admitted);
  countPending.textContent = String(pending);
  net.dataset.net = g.online ? "online" : "offline";
  net.textContent = g.online ? "online" : `offline, ${pending} pending`;
  const onChain = g.snapshot ? checkedInCount(g.snapshot) : undefined;
  syncButton.disabled = g.syncing || pending === 0;
  const refused = g.journal.entries.filter((e) => e.type === "conflict").length;
  if (!g.syncing && syncStatus.dataset.kind !== "error") {
    setStatus(
      syncStatus,
      (refused > 0
        ? `${refused} admission(s) here refused on-chain (alarms above); ` +
          (pending === 0 ? "the rest is on-chain." : `${pending} to commit.`)
        : pending === 0
          ? "Everything admitted here is on-chain."
          : `${pending} admission(s) to commit.`) +
        (onChain === undefined ? "" : ` ${onChain} ticket(s) checked in on-chain, all gates.`),
      refused > 0 || pending > 0 ? "info" : "ok",
    );
  }
}

async function sync(): Promise<void> {
  const g = gate;
  if (!g || g.syncing || !g.online || g.journal.pending().length === 0) return;
  g.syncing = true;
  render();
  setStatus(syncStatus, `Committing ${g.journal.pending().length} admission(s)…`);
  try {
    await navigator.locks.request(`${g.journal.key}:sync`, { ifAvailable: true }, async (lock) => {
      if (lock === null) return; // another tab of this gate is committing
      const result = await withTimeout(
        syncGateJournal({
          journal: g.journal,
          ticket: gateTicketContract(g.config.ticket, g.signer),
          batchSize: 100,
          fromBlock: g.config.fromBlock,
          onSubmitted: (hash, ids) => addLog(`sent ${short(hash)} for ${ids.length} ticket(s)`, "info"),
        }),
        120_000,
      );
      const committed = result.outcomes.filter((o) => o.status === "committed");
      if (g.snapshot) {
        recordCommitted(
          g.snapshot,
          committed.flatMap((o) => {
            const first = g.journal.firstAdmission(o.tokenId);
            if (first === undefined) return [];
            const onChain: FirstAdmission = {
              ...first,
              source: "chain",
              ...(o.txHash && { txHash: o.txHash }),
            };
            return [{ tokenId: o.tokenId, first: onChain }];
          }),
        );
        void saveSnapshot(g.snapshotKey, g.snapshot);
      }
      for (const o of result.outcomes.filter((x) => x.status === "conflict")) {
        raiseAlarm(g, o);
      }
      if (committed.length > 0) {
        addLog(
          result.txHashes.length === 0
            ? `${committed.length} found on-chain already (sent before): nothing sent again`
            : `committed ${committed.length} in ${result.txHashes.length} transaction(s)`,
          "admit",
        );
      }
      setStatus(syncStatus, "", "ok");
    });
    g.syncing = false;
    await refreshSnapshot(g);
  } catch (error) {
    if (refusal(error)) {
      setStatus(syncStatus, "The wallet declined the commit: press Commit now to try again.", "error");
    } else {
      setOnline(g, false);
      addLog("commit unconfirmed (no answer): the chain is read again before anything is resent", "refuse");
      setStatus(
        syncStatus,
        `Offline: ${g.journal.pending().length} pending; retrying when the chain answers.`,
        "error",
      );
      console.warn("gate: commit failed", error);
    }
  } finally {
    g.syncing = false;
    render();
  }
}

/**
 * A commit refused after this gate said ADMIT: someone is inside on a ticket the chain does not record as
 * admitted here. Shown on the screen until dismissed, with what the organizer should run.
 */
function raiseAlarm(g: Gate, outcome: SyncOutcome): void {
  const { tokenId, alarm } = outcome;
  const what =
    alarm === "second-entry"
      ? `was also admitted${firstText(outcome.first)}: two people entered on one ticket`
      : alarm === "voided"
        ? "was voided by the organizer after this gate admitted it"
        : `is still valid on-chain (commit refused: ${outcome.reason}): it could admit someone else`;
  const command = `npx hardhat tickets void --token-id ${tokenId} --contract ${g.identity.contract}`;
  addLog(`ALARM #${tokenId} ${what}`, "alarm");
  const item = el(
    "li",
    { "data-token-id": tokenId.toString(), "data-alarm": alarm ?? "still-valid" },
    el("p", {}, `ALARM: ticket #${tokenId}, admitted here, ${what}.`),
    ...(alarm === "voided"
      ? []
      : [el("p", {}, "Tell the organizer; to stop the ticket, void it: "), el("code", {}, command)]),
  );
  alarms.append(item);
  alarms.hidden = false;
}

async function heartbeat(): Promise<void> {
  const g = gate;
  if (!g || g.syncing) return;
  if (g.online && g.journal.pending().length === 0) {
    // Keep the offline ticket list fresh (transfers, other gates' admissions, voids): a cheap incremental read.
    if (Date.now() - g.snapshotAt > SNAPSHOT_REFRESH_MS) await refreshSnapshot(g);
    return;
  }
  if (!(await reachable(g))) {
    setOnline(g, false);
    return;
  }
  const wasOffline = !g.online;
  setOnline(g, true);
  if (syncStatus.dataset.kind === "error") setStatus(syncStatus, "");
  if (wasOffline) addLog("back online", "info");
  await sync();
}

// ------------------------------------------------------------------ wiring

void loadConfig().then(
  (config) => {
    gateInput.value = localStorage.getItem("papercut-gate-id") ?? gateInput.value;
    openButton.addEventListener("click", () => void openGate(config));
    openButton.disabled = false; // disabled in the page until this listener exists, so an early click is not lost
    gateInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter") void openGate(config);
    });
    const submit = () => {
      const text = proofInput.value;
      proofInput.value = "";
      void checkProof(text).finally(() => proofInput.focus());
    };
    check.addEventListener("click", submit);
    proofInput.addEventListener("keydown", (e) => {
      // Hardware scanners type the code and press Enter.
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        submit();
      }
    });
    syncButton.addEventListener("click", () => {
      if (gate) gate.online = true; // staff asked: try even if the last call failed
      void sync();
    });
    download.addEventListener("click", () => {
      if (!gate) return;
      const blob = new Blob([gate.journal.text()], { type: "application/x-ndjson" });
      const a = el("a", {
        href: URL.createObjectURL(blob),
        download: `gate-${gate.identity.gate}-${gate.identity.chainId}.journal.jsonl`,
      });
      a.click();
      window.setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    });
    scan.addEventListener("click", () => {
      if (scanner.running) {
        scanner.stop();
        scan.textContent = "Scan with camera";
        return;
      }
      scan.textContent = "Stop camera";
      scanner
        .start((text) => {
          const now = Date.now();
          if ((recentScans.get(text) ?? 0) > now - 5_000) return; // the same code still in front of the camera
          recentScans.set(text, now);
          void checkProof(text);
        })
        .catch((error: unknown) => {
          scan.textContent = "Scan with camera";
          showVerdict("refuse", "NO CAMERA", describe(error), { reason: "camera" });
        });
    });
    photo.addEventListener("change", () => {
      const file = photo.files?.[0];
      if (!file) return;
      void readQrFromFile(file).then(
        (text) => {
          photo.value = "";
          if (text === undefined)
            showVerdict("refuse", "NO CODE", "No QR code found in that picture.", { reason: "no-code" });
          else void checkProof(text);
        },
        (error: unknown) => showVerdict("refuse", "NO CODE", describe(error), { reason: "no-code" }),
      );
    });
  },
  (error: unknown) => setStatus(setupStatus, describe(error), "error"),
);

// The door needs this page even when the connection drops: keep an offline copy.
keepOfflineCopy();
