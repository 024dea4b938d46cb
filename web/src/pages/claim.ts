import { Contract, getAddress, isAddress, type ContractRunner } from "ethers";

import { claimsAbi, ticketAbi } from "../../../src/chain/abis.js";
import { buildRelayRequest } from "../../../src/claims/build-relay-request.js";
import type { ClaimLink, RelayErrorCode, RelayResponseJson } from "../../../src/claims/claim-types.js";
import {
  ClaimLinkExpiredError,
  ClaimLinkRevokedError,
  ClaimLinkUsedError,
  ClaimRefusedError,
  InvalidClaimLinkError,
} from "../../../src/claims/errors.js";
import { parseClaimLink } from "../../../src/claims/parse-claim-link.js";
import { LINK_STATUSES } from "../../../src/claims/read-link-statuses.js";
import { signClaim } from "../../../src/claims/sign-claim.js";
import { submitClaim } from "../../../src/claims/submit-claim.js";
import type { SiteConfig } from "../../../src/web/site-config.js";
import { loadConfig } from "../config.js";
import { connectWallet, describe, readProvider, refusal } from "../chain.js";
import { ticketStatePageKey } from "../../../src/ticket-state.js";
import { decodeMetadata } from "../tickets.js";
import { byId, el, setStatus } from "../ui.js";

const linkPanel = byId("link");
const linkStatus = byId("link-status");
const linkDetail = byId("link-detail");
const form = byId<HTMLFormElement>("claim-form");
const connect = byId<HTMLButtonElement>("connect");
const recipientInput = byId<HTMLInputElement>("recipient");
const claimButton = byId<HTMLButtonElement>("claim");
const directButton = byId<HTMLButtonElement>("claim-direct");
const claimStatus = byId("claim-status");
const result = byId("result");
const claimed = byId<HTMLUListElement>("claimed");

/** What a link's state means to its holder (the `data-status` of the link panel says which). */
type LinkState = "open" | "claimed" | "revoked" | "expired" | "malformed" | "foreign" | "unknown";

function showLink(state: LinkState, text: string, detail = ""): void {
  linkPanel.dataset.status = state;
  setStatus(linkStatus, text, state === "open" ? "ok" : "error");
  linkDetail.textContent = detail;
}

const RELAY_MESSAGES: Partial<Record<RelayErrorCode, [LinkState | undefined, string]>> = {
  claimed: [
    "claimed",
    "This link has already been used: its ticket went to the wallet it was first claimed for.",
  ],
  revoked: ["revoked", "This link was cancelled by the organizer. Ask them for a new one."],
  expired: ["expired", "This link has expired: it could only be used until the event ended."],
  "invalid-link": [
    "malformed",
    "This link is not valid for this event: it may have been altered or cut short.",
  ],
  "wrong-network": ["foreign", "This link belongs to another network or event."],
  "sold-out": [undefined, "No tickets are left: the event is sold out."],
  "rate-limited": [undefined, "Too many attempts. Wait a minute and try again."],
  "spending-cap": [
    undefined,
    "The organizer's gas budget is used up. You can still claim by paying the gas with your wallet.",
  ],
  "in-flight": [undefined, "Your claim is already being processed. Wait a moment, then reload this page."],
  "proxy-not-trusted": [
    undefined,
    "The organizer's relayer is misconfigured. You can still claim by paying the gas with your wallet.",
  ],
};

const USED_HELP =
  "If you claimed it, your ticket is in My tickets. If you did not, tell the organizer: someone else had the link.";

function expiryText(expiresAt: bigint): string {
  return new Date(Number(expiresAt) * 1000).toUTCString();
}

/** A refusal the holder understands (used, revoked, expired link, or the contract's reason). */
function refusalMessage(
  error: unknown,
): { state: LinkState | undefined; text: string; detail?: string } | undefined {
  if (error instanceof ClaimLinkUsedError)
    return { state: "claimed", text: RELAY_MESSAGES.claimed![1], detail: USED_HELP };
  if (error instanceof ClaimLinkRevokedError) return { state: "revoked", text: RELAY_MESSAGES.revoked![1] };
  if (error instanceof ClaimLinkExpiredError)
    return { state: "expired", text: `This link expired on ${expiryText(error.expiresAt)}.` };
  if (error instanceof ClaimRefusedError)
    return {
      state: undefined,
      text: `The claim was refused: ${error.shortMessage.replace(/^the claim was refused: /, "")}.`,
    };
  return undefined;
}

async function showTickets(config: SiteConfig, runner: ContractRunner, first: bigint, quantity: bigint) {
  const ticket = new Contract(config.ticket, ticketAbi, runner);
  const items: HTMLLIElement[] = [];
  for (let id = first; id < first + quantity; id++) {
    const uri = (await ticket.getFunction("tokenURI")(id)) as string;
    const state = (await ticket.getFunction("ticketState")(id)) as bigint;
    let view;
    try {
      view = decodeMetadata(id, uri);
    } catch {
      view = { tokenId: id, name: `Ticket #${id}`, description: "", image: undefined, attributes: [] };
    }
    const art = view.image
      ? el("img", { src: view.image, alt: `Papercut art of ticket #${id}`, width: "320", height: "320" })
      : el("div", { class: "noart" }, "No on-chain art");
    const stateName = ticketStatePageKey(state) ?? "valid";
    items.push(
      el(
        "li",
        {},
        el(
          "a",
          { class: "card", href: `./tickets.html?token=${id}`, "data-token-id": id.toString() },
          art,
          el("span", { class: "number" }, `No. ${id}`),
          el(
            "span",
            { class: "state", "data-state": stateName },
            stateName[0]!.toUpperCase() + stateName.slice(1),
          ),
          el("span", { class: "name" }, view.name),
        ),
      ),
    );
  }
  claimed.replaceChildren(...items);
  result.hidden = false;
}

function recipient(): string | undefined {
  const text = recipientInput.value.trim();
  if (!isAddress(text)) {
    setStatus(
      claimStatus,
      text === ""
        ? "Connect your wallet or paste its address first."
        : "That is not a wallet address (0x followed by 40 hexadecimal characters, checksum respected).",
      "error",
    );
    recipientInput.setAttribute("aria-invalid", "true");
    recipientInput.focus();
    return undefined;
  }
  recipientInput.removeAttribute("aria-invalid");
  return getAddress(text);
}

async function main() {
  let config: SiteConfig;
  try {
    config = await loadConfig();
  } catch (error) {
    showLink("unknown", describe(error));
    return;
  }

  let link: ClaimLink;
  try {
    link = parseClaimLink(location.hash);
  } catch (error) {
    showLink(
      "malformed",
      "This claim link is incomplete or damaged.",
      error instanceof InvalidClaimLinkError
        ? `${error.shortMessage}. Open the link exactly as it was sent to you (some mail programs cut long links).`
        : describe(error),
    );
    return;
  }
  const claimsAddress = config.claims ?? link.contract;
  if (link.chainId.toString() !== config.chainId || getAddress(claimsAddress) !== link.contract) {
    showLink(
      "foreign",
      "This link belongs to another event or network.",
      `It is for contract ${link.contract} on chain ${link.chainId}; this site serves ${config.networkName}.`,
    );
    return;
  }

  const provider = readProvider(config);
  const claims = new Contract(link.contract, claimsAbi, provider);
  const tickets = link.quantity === 1n ? "1 ticket" : `${link.quantity} tickets`;
  let eventName = "this event";
  try {
    const ticket = new Contract(config.ticket, ticketAbi, provider);
    const [status, batch, name, owner] = await Promise.all([
      claims.getFunction("linkStatus")(link.batchId, link.index) as Promise<bigint>,
      claims.getFunction("batch")(link.batchId) as Promise<{ expiresAt: bigint }>,
      ticket.getFunction("name")() as Promise<string>,
      claims.getFunction("ticket")() as Promise<string>,
    ]);
    eventName = name;
    if (getAddress(owner) !== getAddress(config.ticket)) {
      showLink("foreign", "This link belongs to another event.");
      return;
    }
    const state = LINK_STATUSES[Number(status)] ?? "unknown";
    const expires = BigInt(batch.expiresAt);
    if (state === "claimed") {
      showLink("claimed", RELAY_MESSAGES.claimed![1], USED_HELP);
      return;
    }
    if (state === "revoked") {
      showLink("revoked", RELAY_MESSAGES.revoked![1]);
      return;
    }
    if (state === "expired") {
      showLink(
        "expired",
        `This link expired on ${expiryText(expires)}.`,
        "Ask the organizer if you still need a ticket.",
      );
      return;
    }
    if (state !== "open") {
      showLink("unknown", "This link is not known to this event: it may be for another network.");
      return;
    }
    showLink(
      "open",
      `This link gives you ${tickets} to ${eventName}.`,
      expires === 0n ? "It can be used once." : `It can be used once, until ${expiryText(expires)}.`,
    );
  } catch (error) {
    showLink("unknown", `The link's status could not be read: ${describe(error)}`);
    return;
  }

  form.hidden = false;
  claimButton.textContent = link.quantity === 1n ? "Claim my ticket" : `Claim my ${link.quantity} tickets`;
  let wallet: Awaited<ReturnType<typeof connectWallet>> | undefined;

  connect.addEventListener("click", () => {
    connect.disabled = true;
    setStatus(claimStatus, "Waiting for your wallet…");
    void connectWallet(config)
      .then((w) => {
        wallet = w;
        recipientInput.value = w.address;
        connect.textContent = "Wallet connected";
        directButton.hidden = config.relayerUrl === undefined;
        setStatus(claimStatus, `The ticket will go to your wallet ${w.address}.`, "ok");
      })
      .catch((error: unknown) => setStatus(claimStatus, describe(error), "error"))
      .finally(() => (connect.disabled = false));
  });

  const done = async (first: bigint, quantity: bigint, to: string) => {
    form.hidden = true;
    showLink("claimed", `Done: ${quantity === 1n ? "your ticket is" : "your tickets are"} in wallet ${to}.`);
    linkPanel.dataset.status = "done";
    linkStatus.dataset.kind = "ok";
    await showTickets(config, provider, first, quantity);
  };

  const fail = (error: unknown) => {
    const known = refusalMessage(error);
    if (known) {
      if (known.state) {
        form.hidden = true;
        showLink(known.state, known.text, known.detail);
      } else setStatus(claimStatus, known.text, "error");
      return;
    }
    if (refusal(error)) {
      setStatus(claimStatus, "You declined the transaction in your wallet. Nothing was claimed.", "error");
      return;
    }
    setStatus(claimStatus, describe(error), "error");
  };

  /** Through the organizer's relayer: the link's key signs for the recipient; the organizer pays the gas. */
  const viaRelayer = async (to: string, relayerUrl: string) => {
    const { url, init } = buildRelayRequest({ link, recipient: to, relayerUrl });
    let answer: RelayResponseJson;
    try {
      const res = await fetch(url, { ...init, credentials: "omit", referrerPolicy: "no-referrer" });
      answer = (await res.json()) as RelayResponseJson;
    } catch {
      setStatus(
        claimStatus,
        wallet
          ? "The organizer's claim service cannot be reached. You can pay the gas with your wallet instead."
          : "The organizer's claim service cannot be reached. Try again later, or pay the gas with a wallet of yours.",
        "error",
      );
      directButton.hidden = false;
      return;
    }
    if (answer.ok) {
      if (answer.status === "pending" || answer.firstTokenId === undefined) {
        setStatus(
          claimStatus,
          `Your claim was sent (transaction ${answer.txHash}); it will appear shortly.`,
          "ok",
        );
        return;
      }
      await done(BigInt(answer.firstTokenId), BigInt(answer.quantity ?? link.quantity), answer.recipient);
      return;
    }
    const known = RELAY_MESSAGES[answer.error];
    if (known?.[0]) {
      form.hidden = true;
      showLink(known[0], known[1], answer.error === "claimed" ? USED_HELP : "");
    } else {
      setStatus(claimStatus, known?.[1] ?? `The claim failed: ${answer.message}`, "error");
      if (["spending-cap", "chain-error", "proxy-not-trusted"].includes(answer.error))
        directButton.hidden = false;
    }
  };

  /** Directly from the connected wallet, which pays the gas. */
  const direct = async (to: string) => {
    if (!wallet) wallet = await connectWallet(config);
    const request = signClaim({ link, recipient: to });
    setStatus(claimStatus, "Confirm the transaction in your wallet…");
    const sent = await submitClaim({
      claims: new Contract(link.contract, claimsAbi, wallet.signer),
      request,
    });
    await done(sent.firstTokenId, sent.quantity, to);
  };

  const run = (how: "auto" | "direct") => {
    const to = recipient();
    if (to === undefined) return;
    claimButton.disabled = true;
    directButton.disabled = true;
    setStatus(claimStatus, "Claiming…");
    const relayerUrl = config.relayerUrl;
    const go = how === "auto" && relayerUrl !== undefined ? viaRelayer(to, relayerUrl) : direct(to);
    void go.catch(fail).finally(() => {
      claimButton.disabled = false;
      directButton.disabled = false;
    });
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    run("auto");
  });
  directButton.addEventListener("click", () => run("direct"));
}

void main();
