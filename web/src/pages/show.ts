import { getAddress, type Signer, type Wallet } from "ethers";

import {
  DOOR_CODE_ROTATE_S,
  signDoorCode,
  signDoorDelegation,
  type DoorDelegation,
} from "../../../src/checkin/door-code.js";
import { InvalidPayloadError } from "../../../src/checkin/errors.js";
import { findCheckIn } from "../../../src/checkin/find-check-in.js";
import { decodeChallenge, encodeDoorCode, encodeProof } from "../../../src/checkin/payload.js";
import { signCheckInProof } from "../../../src/checkin/sign-proof.js";
import { ticketLifecycleContract } from "../../../src/checkin/ticket-abi.js";
import { ticketStateName } from "../../../src/ticket-state.js";
import type { CheckInChallenge } from "../../../src/checkin/types.js";
import type { SiteConfig } from "../../../src/web/site-config.js";
import { connectWallet, describe, readProvider, refusal, ticketContract } from "../chain.js";
import { loadBrowserWallet } from "../browser-wallet.js";
import { keepDoorKey, loadDoorKey, newDoorKey } from "../door-key.js";
import { loadConfig } from "../config.js";
import { keepOfflineCopy } from "../offline.js";
import { CameraScanner, drawQr, readQrFromFile } from "../qr.js";
import { ticketsOf } from "../tickets.js";
import { byId, el, setStatus } from "../ui.js";
import { clock, until } from "../time.js";
import { startLanguage, t, type MessageKey } from "../i18n.js";
import { keepScreenOn } from "../wake-lock.js";

startLanguage();

const connect = byId<HTMLButtonElement>("connect");
const picker = byId<HTMLFieldSetElement>("picker");
const choices = byId("choices");
const walletStatus = byId("wallet-status");
const scan = byId<HTMLButtonElement>("scan");
const photo = byId<HTMLInputElement>("photo");
const video = byId<HTMLVideoElement>("video");
const challengeInput = byId<HTMLTextAreaElement>("challenge");
const sign = byId<HTMLButtonElement>("sign");
const status = byId("status");
const proofSection = byId("proof");
const proofQr = byId<HTMLCanvasElement>("proof-qr");
const proofExpiry = byId("proof-expiry");
const proofText = byId<HTMLTextAreaElement>("proof-text");
const copy = byId<HTMLButtonElement>("copy");
const doorPrepare = byId<HTMLButtonElement>("door-prepare");
const doorStatus = byId("door-status");

const scanner = new CameraScanner(video);
let wallet: { signer: Signer; address: string } | undefined;
let countdown: number | undefined;
let rotation: number | undefined;

/** The ticket number asked for in the address (`?token=7`), if any. */
function requestedToken(): bigint | undefined {
  const value = new URLSearchParams(location.search).get("token");
  return value !== null && /^[0-9]{1,78}$/.test(value) ? BigInt(value) : undefined;
}

function stateLabel(state: string): string {
  return ["Valid", "CheckedIn", "Souvenir", "Voided"].includes(state)
    ? t(`show.stateLabel.${state}` as MessageKey)
    : state;
}

async function connectAndList(config: SiteConfig): Promise<void> {
  connect.disabled = true;
  setStatus(walletStatus, t("common.waitWallet"));
  try {
    // No injected wallet: the one the claim page made and kept in this browser, if any.
    const kept = window.ethereum ? undefined : await loadBrowserWallet().catch(() => undefined);
    wallet =
      kept === undefined
        ? await connectWallet(config)
        : { signer: kept.connect(readProvider(config)), address: kept.address };
    const ticket = ticketContract(config, wallet.signer);
    const lifecycle = ticketLifecycleContract(config.ticket, wallet.signer);
    const ids = await ticketsOf(ticket, wallet.address, config.fromBlock);
    const states = await Promise.all(
      ids.map(async (id) => ticketStateName((await lifecycle.getFunction("ticketState")(id)) as bigint)),
    );
    const wanted = requestedToken();
    let chosen = wanted !== undefined && ids.includes(wanted) ? wanted : ids[states.indexOf("Valid")];
    if (chosen === undefined) chosen = ids[0];
    choices.replaceChildren(
      ...ids.map((id, i) => {
        const input = el("input", { type: "radio", name: "ticket", value: id.toString(), id: `t${id}` });
        input.checked = id === chosen;
        const state = states[i] ?? "Valid";
        return el(
          "label",
          { class: "choice", for: `t${id}`, "data-state": state },
          input,
          el("span", { class: "number" }, t("common.ticketNo", { id })),
          el("span", { class: "state" }, stateLabel(state)),
        );
      }),
    );
    picker.hidden = ids.length === 0;
    if (wanted !== undefined && !ids.includes(wanted)) {
      setStatus(walletStatus, t("show.notHeldByWallet", { id: wanted, address: wallet.address }), "error");
    } else if (ids.length === 0) {
      setStatus(walletStatus, t("show.noTicket", { address: wallet.address }), "error");
    } else {
      setStatus(
        walletStatus,
        t(kept === undefined ? "show.connected" : "show.usingBrowserWallet", { address: wallet.address }),
        "ok",
      );
    }
    connect.textContent = t("common.reconnect");
  } catch (error) {
    setStatus(walletStatus, refusal(error) ? t("wallet.declined") : describe(error), "error");
  } finally {
    connect.disabled = false;
  }
}

function chosenToken(): bigint | undefined {
  const input = choices.querySelector<HTMLInputElement>('input[name="ticket"]:checked');
  return input ? BigInt(input.value) : undefined;
}

/** Reads the gate's code and says plainly what is wrong with it, if anything. */
function readChallenge(config: SiteConfig, text: string): CheckInChallenge {
  const trimmed = text.trim();
  if (trimmed === "") throw new Error(t("show.scanFirst"));
  if (/^PCT1P:/i.test(trimmed)) throw new Error(t("show.isProof"));
  let challenge: CheckInChallenge;
  try {
    challenge = decodeChallenge(trimmed);
  } catch (error) {
    if (error instanceof InvalidPayloadError) {
      throw new Error(t("show.notChallenge"));
    }
    throw error;
  }
  if (challenge.chainId.toString() !== config.chainId) {
    throw new Error(
      t("show.wrongChain", { chain: challenge.chainId, network: config.networkName, want: config.chainId }),
    );
  }
  if (getAddress(challenge.contract) !== getAddress(config.ticket)) {
    throw new Error(t("show.wrongContract", { contract: challenge.contract }));
  }
  if (Date.now() >= challenge.expiry * 1000) {
    throw new Error(t("show.challengeExpired", { time: clock(challenge.expiry) }));
  }
  return challenge;
}

/** Reads the ticket's state now, and refuses what the gate would refuse. A chain we cannot reach is no reason to stop. */
async function checkTicket(
  config: SiteConfig,
  signer: Signer,
  holder: string,
  tokenId: bigint,
): Promise<void> {
  const lifecycle = ticketLifecycleContract(config.ticket, signer);
  let owner: string;
  let state: string | undefined;
  try {
    [owner, state] = await Promise.all([
      lifecycle.getFunction("ownerOf")(tokenId) as Promise<string>,
      (lifecycle.getFunction("ticketState")(tokenId) as Promise<bigint>).then((s) => ticketStateName(s)),
    ]);
  } catch {
    return; // offline: the gate checks everything again
  }
  if (owner.toLowerCase() !== holder.toLowerCase()) {
    throw new Error(t("show.heldBy", { id: tokenId, owner }));
  }
  if (state === "CheckedIn") {
    const first = await findCheckIn({ ticket: lifecycle, tokenId, fromBlock: config.fromBlock }).catch(
      () => undefined,
    );
    throw new Error(
      first
        ? t("show.alreadyAt", { id: tokenId, gate: first.gate, time: clock(first.at) })
        : t("show.already", { id: tokenId }),
    );
  }
  if (state === "Voided") throw new Error(t("show.voided", { id: tokenId }));
  if (state === "Souvenir") throw new Error(t("show.souvenir", { id: tokenId }));
}

async function signAndShow(config: SiteConfig): Promise<void> {
  sign.disabled = true;
  try {
    const challenge = readChallenge(config, challengeInput.value);
    if (wallet === undefined) await connectAndList(config);
    if (wallet === undefined) throw new Error(t("show.connectFirst"));
    const tokenId = chosenToken();
    if (tokenId === undefined) throw new Error(t("show.nothingToShow"));
    setStatus(status, t("show.checking", { id: tokenId }));
    await checkTicket(config, wallet.signer, wallet.address, tokenId);
    setStatus(status, t("show.confirmSign"));
    let proof;
    try {
      proof = await signCheckInProof({ signer: wallet.signer, challenge, tokenId });
    } catch (error) {
      if (refusal(error)) {
        throw new Error(t("show.signDeclined"));
      }
      throw error;
    }
    if (rotation !== undefined) window.clearInterval(rotation);
    rotation = undefined;
    const text = encodeProof(proof);
    await drawQr(proofQr, text);
    proofQr.setAttribute("aria-label", t("show.proofQr"));
    proofSection.dataset.kind = "proof";
    proofText.value = text;
    proofSection.hidden = false;
    proofSection.dataset.tokenId = tokenId.toString();
    delete proofSection.dataset.expired;
    setStatus(status, t("show.signed", { id: tokenId }), "ok");
    startCountdown(proof.challenge.expiry);
    keepScreenOn();
    const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
    proofSection.scrollIntoView({ behavior: reduce ? "instant" : "smooth", block: "start" });
  } catch (error) {
    setStatus(status, describe(error), "error");
  } finally {
    sign.disabled = false;
  }
}

/**
 * The one-scan door: the wallet signs, once, a delegation of the chosen ticket's door proofs to a fresh key this
 * page keeps (sealed in IndexedDB), until the event's end; then the page shows the rotating door code.
 */
async function prepareDoorCode(config: SiteConfig): Promise<void> {
  doorPrepare.disabled = true;
  try {
    if (wallet === undefined) await connectAndList(config);
    if (wallet === undefined) throw new Error(t("show.connectFirst"));
    const tokenId = chosenToken();
    if (tokenId === undefined) throw new Error(t("show.nothingToShow"));
    setStatus(doorStatus, t("show.checking", { id: tokenId }));
    await checkTicket(config, wallet.signer, wallet.address, tokenId);
    const lifecycle = ticketLifecycleContract(config.ticket, wallet.signer);
    const notAfter = Number((await lifecycle.getFunction("eventEnd")()) as bigint);
    const key = newDoorKey();
    setStatus(doorStatus, t("show.door.confirm"));
    let delegation: DoorDelegation;
    try {
      delegation = await signDoorDelegation(wallet.signer, {
        chainId: BigInt(config.chainId),
        contract: config.ticket,
        tokenId,
        delegate: key.address,
        notAfter,
      });
    } catch (error) {
      if (refusal(error)) throw new Error(t("show.signDeclined"));
      throw error;
    }
    await keepDoorKey(key, delegation);
    await showDoorCode(key, delegation);
  } catch (error) {
    setStatus(doorStatus, describe(error), "error");
  } finally {
    doorPrepare.disabled = false;
  }
}

/**
 * Shows the door code at the top of the page and makes a new one every {@link DOOR_CODE_ROTATE_S} seconds, with
 * no wallet and no connection (the key and the delegation are kept in the browser). Nothing is announced per
 * rotation: the status says once that the code is ready.
 */
async function showDoorCode(key: Wallet, delegation: DoorDelegation): Promise<void> {
  if (countdown !== undefined) window.clearInterval(countdown);
  if (rotation !== undefined) window.clearInterval(rotation);
  countdown = undefined;
  const { tokenId } = delegation;
  const draw = async () => {
    if (Date.now() >= delegation.notAfter * 1000) {
      if (rotation !== undefined) window.clearInterval(rotation);
      rotation = undefined;
      proofSection.dataset.expired = "true";
      setStatus(doorStatus, t("show.door.ended"), "error");
      return;
    }
    const text = encodeDoorCode(signDoorCode(key, delegation));
    await drawQr(proofQr, text);
    proofText.value = text;
    proofSection.dataset.rotations = String(Number(proofSection.dataset.rotations ?? "0") + 1);
  };
  await draw();
  proofQr.setAttribute("aria-label", t("show.door.qr", { id: tokenId }));
  proofExpiry.textContent = t("show.door.rotating", { seconds: DOOR_CODE_ROTATE_S });
  proofSection.hidden = false;
  proofSection.dataset.kind = "door-code";
  proofSection.dataset.tokenId = tokenId.toString();
  delete proofSection.dataset.expired;
  setStatus(doorStatus, t("show.door.ready", { id: tokenId }), "ok");
  rotation = window.setInterval(() => void draw(), DOOR_CODE_ROTATE_S * 1000);
  keepScreenOn();
  const reduce = window.matchMedia("(prefers-reduced-motion: reduce)").matches;
  proofSection.scrollIntoView({ behavior: reduce ? "instant" : "smooth", block: "start" });
}

/** A door code kept for the ticket asked for (`?token=N`) shows at once: no wallet, no connection needed. */
async function resumeDoorCode(config: SiteConfig): Promise<void> {
  const tokenId = requestedToken();
  if (tokenId === undefined) return;
  const kept = await loadDoorKey(config.chainId, config.ticket, tokenId).catch(() => undefined);
  if (kept !== undefined && Date.now() < kept.delegation.notAfter * 1000) {
    await showDoorCode(kept.key, kept.delegation);
  }
}

/**
 * Shows until when the proof is valid (a fixed time, not a ticking count: nothing on the page changes every
 * second), and says once, in the status line, when it has expired.
 */
function startCountdown(expiry: number): void {
  if (countdown !== undefined) window.clearInterval(countdown);
  proofExpiry.textContent = t("show.validUntil", { time: clock(expiry) });
  const tick = () => {
    if (until(expiry) > 0) return;
    proofSection.dataset.expired = "true";
    proofExpiry.textContent = t("show.expired");
    setStatus(status, t("show.expired"), "error");
    if (countdown !== undefined) window.clearInterval(countdown);
    countdown = undefined;
  };
  tick();
  countdown = window.setInterval(tick, 1000);
}

void loadConfig().then(
  (config) => {
    connect.addEventListener("click", () => void connectAndList(config));
    sign.addEventListener("click", () => void signAndShow(config));
    doorPrepare.addEventListener("click", () => void prepareDoorCode(config));
    challengeInput.addEventListener("keydown", (e) => {
      if (e.key === "Enter" && !e.shiftKey) {
        e.preventDefault();
        void signAndShow(config);
      }
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
          if (!/^PCT1C:/i.test(text.trim())) return;
          scanner.stop();
          scan.textContent = t("common.scan");
          challengeInput.value = text;
          void signAndShow(config);
        })
        .catch((error: unknown) => {
          scan.textContent = t("common.scan");
          setStatus(status, describe(error), "error");
        });
    });
    photo.addEventListener("change", () => {
      const file = photo.files?.[0];
      if (!file) return;
      void readQrFromFile(file).then(
        (text) => {
          if (text === undefined) setStatus(status, t("common.noQrInPhoto"), "error");
          else challengeInput.value = text;
          photo.value = "";
        },
        (error: unknown) => setStatus(status, describe(error), "error"),
      );
    });
    copy.addEventListener("click", () => {
      void navigator.clipboard.writeText(proofText.value).then(
        () => (copy.textContent = t("common.copied")),
        () => proofText.select(),
      );
    });
    // Disabled in the page until their listeners exist, so an early click is not lost.
    for (const control of [connect, sign, scan, photo, doorPrepare]) control.disabled = false;
    if (requestedToken() !== undefined && window.ethereum) void connectAndList(config);
    void resumeDoorCode(config);
  },
  (error: unknown) => setStatus(walletStatus, describe(error), "error"),
);

// The door needs this page even when the connection drops: keep an offline copy.
keepOfflineCopy();
