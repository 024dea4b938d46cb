import { getAddress, type Signer } from "ethers";

import { InvalidPayloadError } from "../../../src/checkin/errors.js";
import { findCheckIn } from "../../../src/checkin/find-check-in.js";
import { decodeChallenge, encodeProof } from "../../../src/checkin/payload.js";
import { signCheckInProof } from "../../../src/checkin/sign-proof.js";
import { ticketLifecycleContract } from "../../../src/checkin/ticket-abi.js";
import { ticketStateName } from "../../../src/ticket-state.js";
import type { CheckInChallenge } from "../../../src/checkin/types.js";
import type { SiteConfig } from "../../../src/web/site-config.js";
import { connectWallet, describe, refusal, ticketContract } from "../chain.js";
import { loadConfig } from "../config.js";
import { keepOfflineCopy } from "../offline.js";
import { CameraScanner, drawQr, readQrFromFile } from "../qr.js";
import { ticketsOf } from "../tickets.js";
import { byId, el, setStatus } from "../ui.js";
import { clock, until } from "../time.js";

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

const STATE_LABEL: Record<string, string> = {
  Valid: "valid",
  CheckedIn: "already admitted",
  Souvenir: "souvenir (event over)",
  Voided: "voided",
};

async function connectAndList(config: SiteConfig): Promise<void> {
  connect.disabled = true;
  setStatus(walletStatus, "Waiting for your wallet…");
  try {
    wallet = await connectWallet(config);
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
          el("span", { class: "number" }, `No. ${id}`),
          el("span", { class: "state" }, STATE_LABEL[state] ?? state),
        );
      }),
    );
    picker.hidden = ids.length === 0;
    if (wanted !== undefined && !ids.includes(wanted)) {
      setStatus(walletStatus, `Ticket #${wanted} is not held by this wallet (${wallet.address}).`, "error");
    } else if (ids.length === 0) {
      setStatus(walletStatus, `This wallet (${wallet.address}) holds no ticket of this event.`, "error");
    } else {
      setStatus(walletStatus, `Connected: ${wallet.address}`, "ok");
    }
    connect.textContent = "Reconnect";
  } catch (error) {
    setStatus(
      walletStatus,
      refusal(error) ? "You declined to connect your wallet." : describe(error),
      "error",
    );
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
  if (trimmed === "") throw new Error("Scan or paste the gate's code first.");
  if (/^PCT1P:/i.test(trimmed))
    throw new Error("That is a proof, not the gate's code: scan the code on the gate's screen.");
  let challenge: CheckInChallenge;
  try {
    challenge = decodeChallenge(trimmed);
  } catch (error) {
    if (error instanceof InvalidPayloadError) {
      throw new Error(
        "That is not a gate code: it should start with PCT1C: (scan the code on the gate's screen).",
      );
    }
    throw error;
  }
  if (challenge.chainId.toString() !== config.chainId) {
    throw new Error(
      `This gate code is for chain ${challenge.chainId}, but this event is on ${config.networkName} (chain ${config.chainId}).`,
    );
  }
  if (getAddress(challenge.contract) !== getAddress(config.ticket)) {
    throw new Error(`This gate code is for another event's tickets (contract ${challenge.contract}).`);
  }
  if (Date.now() >= challenge.expiry * 1000) {
    throw new Error(
      `This gate code expired at ${clock(challenge.expiry)}: scan the code the gate shows now.`,
    );
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
    throw new Error(`Ticket #${tokenId} is not held by this wallet: it is held by ${owner}.`);
  }
  if (state === "CheckedIn") {
    const first = await findCheckIn({ ticket: lifecycle, tokenId, fromBlock: config.fromBlock }).catch(
      () => undefined,
    );
    throw new Error(
      `Ticket #${tokenId} was already admitted` +
        (first ? ` at gate ${first.gate} at ${clock(first.at)}.` : ".") +
        " A ticket admits once.",
    );
  }
  if (state === "Voided")
    throw new Error(`Ticket #${tokenId} was voided by the organizer: it cannot be used at the gate.`);
  if (state === "Souvenir") throw new Error(`The event is over: ticket #${tokenId} is a souvenir now.`);
}

async function signAndShow(config: SiteConfig): Promise<void> {
  sign.disabled = true;
  try {
    const challenge = readChallenge(config, challengeInput.value);
    if (wallet === undefined) await connectAndList(config);
    if (wallet === undefined) throw new Error("Connect your wallet first.");
    const tokenId = chosenToken();
    if (tokenId === undefined) throw new Error("This wallet holds no ticket to show.");
    setStatus(status, `Checking ticket #${tokenId}…`);
    await checkTicket(config, wallet.signer, wallet.address, tokenId);
    setStatus(status, "Confirm the signature in your wallet…");
    let proof;
    try {
      proof = await signCheckInProof({ signer: wallet.signer, challenge, tokenId });
    } catch (error) {
      if (refusal(error)) {
        throw new Error(
          "You declined the signature in your wallet: nothing was shared. Press the button again to retry.",
        );
      }
      throw error;
    }
    const text = encodeProof(proof);
    await drawQr(proofQr, text);
    proofText.value = text;
    proofSection.hidden = false;
    proofSection.dataset.tokenId = tokenId.toString();
    delete proofSection.dataset.expired;
    setStatus(status, `Ticket #${tokenId} signed: show the code below to the gate.`, "ok");
    startCountdown(proof.challenge.expiry);
    proofSection.scrollIntoView({ behavior: "smooth", block: "start" });
  } catch (error) {
    setStatus(status, describe(error), "error");
  } finally {
    sign.disabled = false;
  }
}

function startCountdown(expiry: number): void {
  if (countdown !== undefined) window.clearInterval(countdown);
  const tick = () => {
    const left = until(expiry);
    if (left <= 0) {
      proofSection.dataset.expired = "true";
      proofExpiry.textContent = "This proof expired: scan the gate's new code and sign again.";
      if (countdown !== undefined) window.clearInterval(countdown);
      countdown = undefined;
    } else {
      proofExpiry.textContent = `Valid for ${left} s (until ${clock(expiry)})`;
    }
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
        scan.textContent = "Scan with camera";
        return;
      }
      scan.textContent = "Stop camera";
      scanner
        .start((text) => {
          if (!/^PCT1C:/i.test(text.trim())) return;
          scanner.stop();
          scan.textContent = "Scan with camera";
          challengeInput.value = text;
          void signAndShow(config);
        })
        .catch((error: unknown) => {
          scan.textContent = "Scan with camera";
          setStatus(status, describe(error), "error");
        });
    });
    photo.addEventListener("change", () => {
      const file = photo.files?.[0];
      if (!file) return;
      void readQrFromFile(file).then(
        (text) => {
          if (text === undefined)
            setStatus(status, "No QR code found in that picture: try again closer.", "error");
          else challengeInput.value = text;
          photo.value = "";
        },
        (error: unknown) => setStatus(status, describe(error), "error"),
      );
    });
    copy.addEventListener("click", () => {
      void navigator.clipboard.writeText(proofText.value).then(
        () => (copy.textContent = "Copied"),
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
