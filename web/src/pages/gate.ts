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
import { onLanguageChange, startLanguage, t, type MessageKey } from "../i18n.js";
import { byId, el, setStatus } from "../ui.js";
import { keepScreenOn } from "../wake-lock.js";
import { verdictFeedback } from "../verdict-feedback.js";

startLanguage();

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
const announce = byId("announce");
const countAdmitted = byId("count-admitted");
const countRefused = byId("count-refused");
const lookupForm = byId<HTMLFormElement>("lookup");
const lookupInput = byId<HTMLInputElement>("lookup-id");
const lookupResult = byId("lookup-result");
const soundBox = byId<HTMLInputElement>("sound");
const vibrateBox = byId<HTMLInputElement>("vibrate");
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
  /** Refusals at this gate (kept beside its journal, so a reload keeps the count). */
  refused: number;
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
      if (error instanceof InvalidGateIdError) throw new Error(t("gate.badId"));
      throw error;
    }
    gateInput.value = gateId;
    localStorage.setItem("papercut-gate-id", gateId);
    setStatus(setupStatus, t("gate.waitWallet"));
    const { provider, signer, address } = await connectWallet(config);
    provider.pollingInterval = 1000;
    const reader = gateTicketContract(config.ticket, provider);
    setStatus(setupStatus, t("gate.checkingRole"));
    const role = (await reader.getFunction("GATE_ROLE")()) as string;
    if (!((await reader.getFunction("hasRole")(role, address)) as boolean)) {
      throw new Error(t("gate.noRole", { address }));
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
      refused: Number(localStorage.getItem(`${journal.key}:refused`) ?? "0") || 0,
    };
    setStatus(setupStatus, t("gate.readingList"));
    await refreshSnapshot(gate);
    setup.hidden = true;
    desk.hidden = false;
    drawDesk(gate);
    byId("gate-account").textContent = short(address);
    keepScreenOn();
    await rotate(gate);
    window.setInterval(() => void tick(), 1000);
    window.setInterval(() => void heartbeat(), HEARTBEAT_MS);
    render();
    proofInput.focus();
    void sync();
  } catch (error) {
    gate = undefined;
    setStatus(setupStatus, refusal(error) ? t("gate.declined") : describe(error), "error");
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
  challengeExpiry.textContent = t("gate.newCodeIn", {
    seconds: Math.max(0, ROTATE - Math.floor((Date.now() - g.challengeAt) / 1000)),
    ttl: TTL,
  });
  challengeExpiry.dataset.expiry = String(g.challengeExpiry);
}

async function tick(): Promise<void> {
  const g = gate;
  if (!g) return;
  if (Date.now() - g.challengeAt >= ROTATE * 1000 || until(g.challengeExpiry) <= 0) await rotate(g);
  else showExpiry(g);
}

// ------------------------------------------------------------------ verdicts

/** The gate's title and name line, in the page's language. */
function drawDesk(g: Gate): void {
  document.title = t("title.gateOpen", { gate: g.identity.gate });
  byId("gate-name").textContent = t(STRICT ? "gate.strict" : "gate.name", { gate: g.identity.gate });
}

function showReady(): void {
  verdict.dataset.verdict = "ready";
  verdict.replaceChildren(
    el("p", { class: "word" }, t("gate.ready")),
    el("p", { class: "reason" }, t("gate.readyNext")),
  );
}

/**
 * Shows a verdict beside the scanner (it never covers the next scan) and clears it after a while. An ADMIT or
 * REFUSE is announced once, through the polite-but-immediate live region `#announce`, and comes with its sound
 * and vibration (each switchable); CHECKING and COMMITTING are shown but not announced.
 */
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
    announce.textContent = `${word}. ${reason}`;
    const given = verdictFeedback(kind, { sound: soundBox.checked, vibrate: vibrateBox.checked });
    verdict.dataset.feedback = given.join(",");
    if (kind === "refuse" && gate) {
      gate.refused += 1;
      localStorage.setItem(`${gate.journal.key}:refused`, String(gate.refused));
    }
    verdictTimer = window.setTimeout(showReady, VERDICT_MS);
  }
}

function addLog(text: string, kind: string): void {
  log.prepend(el("li", { "data-kind": kind }, `${clock(Date.now() / 1000)}  ${text}`));
  while (log.children.length > 30) log.lastElementChild?.remove();
}

function firstText(first: FirstAdmission | undefined): string {
  if (first === undefined) return "";
  return t(first.source === "journal" ? "gate.firstHere" : "gate.firstAt", {
    gate: first.gate,
    time: clock(first.at),
  });
}

/** What the door staff read for each refusal. */
function refusalText(refused: ProofRefusal): string {
  switch (refused.reason) {
    case "already-checked-in":
      return t("gate.r.already", { first: firstText(refused.first) });
    case "proof-replayed":
      return t("gate.r.replayed", { first: firstText(refused.first) });
    case "challenge-expired":
      return t("gate.r.expired");
    case "wrong-chain":
      return t("gate.r.wrongChain", { chain: refused.error.chainId });
    case "wrong-contract":
      return t("gate.r.wrongContract", { contract: refused.error.contract });
    case "wrong-gate":
      return t("gate.r.wrongGate", { gate: refused.error.gate });
    case "unknown-challenge":
      return t("gate.r.unknownChallenge");
    case "not-holder":
      return t("gate.r.notHolder");
    case "voided":
      return t("gate.r.voided");
    case "no-such-ticket":
      return t(refused.offline ? "gate.r.noSuchTicketOffline" : "gate.r.noSuchTicket");
    case "event-ended":
      return t("gate.r.ended");
    case "gate-not-authorized":
      return t("gate.r.notAuthorized", {
        detail: refused.error.shortMessage.replace(/^REFUSE ticket #\d+: /, ""),
      });
    case "commit-required":
      return t(refused.error.why === "strict" ? "gate.r.strict" : "gate.r.smartWallet");
  }
}

/** Shows the gate's decision ({@link decideAdmission}): the page only renders it. */
function showDecision(g: Gate, decision: AdmissionVerdict): void {
  if (decision.verdict === "admit") {
    const { tokenId, offline, committed } = decision;
    const note = offline
      ? t("gate.noteOffline")
      : committed === undefined
        ? ""
        : t("gate.noteOnChain", { seconds: (committed.latencyMs / 1000).toFixed(1) });
    showVerdict(
      "admit",
      t("gate.admit"),
      t("gate.admitReason", { id: tokenId, holder: short(decision.holder), note }),
      {
        tokenId: tokenId.toString(),
        offline: String(offline),
        committed: String(committed !== undefined),
        ...(committed === undefined ? {} : { latencyMs: String(committed.latencyMs) }),
      },
    );
    addLog(`${t("gate.admit")} ${t("gate.checkingTicket", { id: tokenId })}${note}`, "admit");
    render();
    void rotate(g); // the code on screen was answered: show a fresh one
    window.setTimeout(() => void sync(), 300);
    return;
  }
  if (decision.tokenId === undefined) {
    const why = t(decision.reason === "gate-code" ? "gate.isGateCode" : "gate.notProof");
    showVerdict("refuse", t("gate.refuse"), why, { reason: decision.reason });
    addLog(`${t("gate.refuse")}: ${why}`, "refuse");
    return;
  }
  const { tokenId, first, offline } = decision;
  const text = refusalText(decision) + (offline ? t("gate.offlineSuffix") : "");
  showVerdict("refuse", t("gate.refuse"), t("gate.refuseReason", { id: tokenId, text }), {
    reason: decision.reason,
    tokenId: tokenId.toString(),
    offline: String(offline),
    ...(first ? { firstGate: first.gate, firstAt: String(first.at) } : {}),
  });
  addLog(`${t("gate.refuse")} ${t("gate.refuseReason", { id: tokenId, text })}`, "refuse");
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
        showVerdict("checking", t("gate.committing"), t("gate.committingTicket", { id: proof.tokenId })),
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
      onChecking: (proof) =>
        showVerdict("checking", t("gate.checking"), t("gate.checkingTicket", { id: proof.tokenId })),
    });
  } catch (error) {
    showVerdict("refuse", t("gate.errorWord"), t("gate.checkFailed", { detail: describe(error) }), {
      reason: "error",
    });
    addLog(`${t("gate.errorWord")}: ${describe(error)}`, "refuse");
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
  countRefused.textContent = String(g.refused);
  countPending.textContent = String(pending);
  net.dataset.net = g.online ? "online" : "offline";
  net.textContent = g.online ? t("gate.online") : t("gate.offline", { count: pending });
  const onChain = g.snapshot ? checkedInCount(g.snapshot) : undefined;
  syncButton.disabled = g.syncing || pending === 0;
  const refused = g.journal.entries.filter((e) => e.type === "conflict").length;
  if (!g.syncing && syncStatus.dataset.kind !== "error") {
    setStatus(
      syncStatus,
      (refused > 0
        ? t("gate.sync.refused", { refused }) +
          (pending === 0 ? t("gate.sync.restOnChain") : t("gate.sync.toCommit", { count: pending }))
        : pending === 0
          ? t("gate.sync.allOnChain")
          : t("gate.sync.toCommit", { count: pending })) +
        (onChain === undefined ? "" : t("gate.sync.onChain", { count: onChain })),
      refused > 0 || pending > 0 ? "info" : "ok",
    );
  }
}

async function sync(): Promise<void> {
  const g = gate;
  if (!g || g.syncing || !g.online || g.journal.pending().length === 0) return;
  g.syncing = true;
  render();
  setStatus(syncStatus, t("gate.sync.committing", { count: g.journal.pending().length }));
  try {
    await navigator.locks.request(`${g.journal.key}:sync`, { ifAvailable: true }, async (lock) => {
      if (lock === null) return; // another tab of this gate is committing
      const result = await withTimeout(
        syncGateJournal({
          journal: g.journal,
          ticket: gateTicketContract(g.config.ticket, g.signer),
          batchSize: 100,
          fromBlock: g.config.fromBlock,
          onSubmitted: (hash, ids) =>
            addLog(t("gate.log.sent", { hash: short(hash), count: ids.length }), "info"),
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
            ? t("gate.log.foundAlready", { count: committed.length })
            : t("gate.log.committed", { count: committed.length, tx: result.txHashes.length }),
          "admit",
        );
      }
      setStatus(syncStatus, "", "ok");
    });
    g.syncing = false;
    await refreshSnapshot(g);
  } catch (error) {
    if (refusal(error)) {
      setStatus(syncStatus, t("gate.sync.declined"), "error");
    } else {
      setOnline(g, false);
      addLog(t("gate.log.unconfirmed"), "refuse");
      setStatus(syncStatus, t("gate.sync.offline", { count: g.journal.pending().length }), "error");
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
      ? t("gate.alarm.second", { first: firstText(outcome.first) })
      : alarm === "voided"
        ? t("gate.alarm.voided")
        : t("gate.alarm.valid", { reason: outcome.reason ?? "" });
  const command = `npx hardhat tickets void --token-id ${tokenId} --contract ${g.identity.contract}`;
  addLog(t("gate.alarm.text", { id: tokenId, what }), "alarm");
  const item = el(
    "li",
    { "data-token-id": tokenId.toString(), "data-alarm": alarm ?? "still-valid" },
    el("p", {}, t("gate.alarm.text", { id: tokenId, what })),
    ...(alarm === "voided" ? [] : [el("p", {}, t("gate.alarm.tell")), el("code", {}, command)]),
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
  if (wasOffline) addLog(t("gate.log.back"), "info");
  await sync();
}

// ------------------------------------------------------------------ staff tools

/** Looks a ticket up by number in what the gate last read from the chain (re-read first when it is stale). */
async function lookUp(): Promise<void> {
  const g = gate;
  if (!g) return;
  const text = lookupInput.value.trim();
  if (!/^[0-9]{1,78}$/.test(text)) {
    lookupInput.setAttribute("aria-invalid", "true");
    setStatus(lookupResult, t("gate.lookupBad", { value: text.slice(0, 40) }), "error");
    return;
  }
  lookupInput.removeAttribute("aria-invalid");
  if (g.online && Date.now() - g.snapshotAt > SNAPSHOT_MAX_AGE_MS) await refreshSnapshot(g, 3_000);
  const id = BigInt(text);
  const known = g.snapshot?.tickets.get(id);
  if (known === undefined) {
    setStatus(lookupResult, t("gate.lookupUnknown", { id }), "error");
  } else if (known.checkIn !== undefined) {
    setStatus(
      lookupResult,
      t("gate.lookupAdmitted", {
        id,
        gate: known.checkIn.gate,
        time: clock(known.checkIn.at),
        holder: short(known.holder),
      }),
      "info",
    );
  } else {
    const state = t(`show.stateLabel.${known.state}` as MessageKey);
    setStatus(
      lookupResult,
      t("gate.lookupResult", { id, state, holder: short(known.holder) }),
      known.state === "Valid" ? "ok" : "error",
    );
  }
  lookupResult.dataset.tokenId = id.toString();
  lookupResult.dataset.state = known?.state ?? "unknown";
}

/** The sound and vibration switches, remembered on this device. */
function wireSettings(): void {
  for (const [box, key] of [
    [soundBox, "papercut-gate-sound"],
    [vibrateBox, "papercut-gate-vibrate"],
  ] as const) {
    box.checked = localStorage.getItem(key) !== "off";
    box.addEventListener("change", () => localStorage.setItem(key, box.checked ? "on" : "off"));
  }
}

// ------------------------------------------------------------------ wiring

wireSettings();
// Switching language must not close an open gate: redraw what is on screen instead of reloading.
onLanguageChange(() => {
  if (!gate) return;
  drawDesk(gate);
  if (verdict.dataset.verdict === "ready") showReady();
  showExpiry(gate);
  render();
});
lookupForm.addEventListener("submit", (event) => {
  event.preventDefault();
  void lookUp();
});

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
        scan.textContent = t("common.scan");
        return;
      }
      scan.textContent = t("common.stopCamera");
      scanner
        .start((text) => {
          const now = Date.now();
          if ((recentScans.get(text) ?? 0) > now - 5_000) return; // the same code still in front of the camera
          recentScans.set(text, now);
          void checkProof(text);
        })
        .then(() => {
          // On a phone the verdict sits below the camera: bring the camera to the top so both are on screen.
          if (verdict.getBoundingClientRect().top > video.getBoundingClientRect().top)
            video.scrollIntoView({ block: "start", behavior: "instant" });
        })
        .catch((error: unknown) => {
          scan.textContent = t("common.scan");
          showVerdict("refuse", t("gate.noCamera"), describe(error), { reason: "camera" });
        });
    });
    photo.addEventListener("change", () => {
      const file = photo.files?.[0];
      if (!file) return;
      void readQrFromFile(file).then(
        (text) => {
          photo.value = "";
          if (text === undefined)
            showVerdict("refuse", t("gate.noCode"), t("gate.noCodeInPhoto"), { reason: "no-code" });
          else void checkProof(text);
        },
        (error: unknown) => showVerdict("refuse", t("gate.noCode"), describe(error), { reason: "no-code" }),
      );
    });
  },
  (error: unknown) => setStatus(setupStatus, describe(error), "error"),
);

// The door needs this page even when the connection drops: keep an offline copy.
keepOfflineCopy();
