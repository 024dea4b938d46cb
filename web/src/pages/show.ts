import { getAddress, type Signer } from "ethers";

import { InvalidPayloadError } from "../../../src/checkin/errors.js";
import { findCheckIn } from "../../../src/checkin/find-check-in.js";
import { decodeChallenge, encodeProof } from "../../../src/checkin/payload.js";
import { signCheckInProof } from "../../../src/checkin/sign-proof.js";
import { ticketLifecycleContract } from "../../../src/checkin/ticket-abi.js";
import { ticketStateName } from "../../../src/ticket-state.js";
import type { CheckInChallenge } from "../../../src/checkin/types.js";
import type { SiteConfig } from "../../../src/web/site-config.js";
import { connectWallet, describe, readProvider, refusal, ticketContract } from "../chain.js";
import { loadBrowserWallet } from "../browser-wallet.js";
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

const scanner = new CameraScanner(video);
let wallet: { signer: Signer; address: string } | undefined;
let countdown: number | undefined;

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
    const text = encodeProof(proof);
    await drawQr(proofQr, text);
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
    for (const control of [connect, sign, scan, photo]) control.disabled = false;
    if (requestedToken() !== undefined && window.ethereum) void connectAndList(config);
  },
  (error: unknown) => setStatus(walletStatus, describe(error), "error"),
);

// The door needs this page even when the connection drops: keep an offline copy.
keepOfflineCopy();
