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
import { formatDateTime, startLanguage, t, tn, type MessageKey } from "../i18n.js";
import { browserWalletAddress, createBrowserWallet } from "../browser-wallet.js";
import { localText } from "../event-info.js";
import { byId, el, setStatus } from "../ui.js";

startLanguage();

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
const makeWallet = byId<HTMLButtonElement>("make-wallet");
const backup = byId("backup");
const backupWords = byId("backup-words");
const backupDone = byId<HTMLInputElement>("backup-done");

/** What a link's state means to its holder (the `data-status` of the link panel says which). */
type LinkState = "open" | "claimed" | "revoked" | "expired" | "malformed" | "foreign" | "unknown";

function showLink(state: LinkState, text: string, detail = ""): void {
  linkPanel.dataset.status = state;
  setStatus(linkStatus, text, state === "open" ? "ok" : "error");
  linkDetail.textContent = detail;
}

/** What each relayer refusal means to the holder: the link's new state (if it changes) and the message. */
const RELAY_MESSAGES: Partial<Record<RelayErrorCode, [LinkState | undefined, MessageKey]>> = {
  claimed: ["claimed", "claim.used"],
  revoked: ["revoked", "claim.revoked"],
  expired: ["expired", "claim.expired"],
  "invalid-link": ["malformed", "claim.invalid"],
  "wrong-network": ["foreign", "claim.wrongNetwork"],
  "sold-out": [undefined, "claim.soldOut"],
  "rate-limited": [undefined, "claim.rateLimited"],
  "spending-cap": [undefined, "claim.spendingCap"],
  "in-flight": [undefined, "claim.inFlight"],
  "proxy-not-trusted": [undefined, "claim.proxyNotTrusted"],
};

function expiryText(expiresAt: bigint): string {
  return formatDateTime(expiresAt);
}

/** A refusal the holder understands (used, revoked, expired link, or the contract's reason). */
function refusalMessage(
  error: unknown,
): { state: LinkState | undefined; text: string; detail?: string } | undefined {
  if (error instanceof ClaimLinkUsedError)
    return { state: "claimed", text: t("claim.used"), detail: t("claim.usedHelp") };
  if (error instanceof ClaimLinkRevokedError) return { state: "revoked", text: t("claim.revoked") };
  if (error instanceof ClaimLinkExpiredError)
    return { state: "expired", text: t("claim.expiredAt", { time: expiryText(error.expiresAt) }) };
  if (error instanceof ClaimRefusedError)
    return {
      state: undefined,
      text: t("claim.refused", { reason: error.shortMessage.replace(/^the claim was refused: /, "") }),
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
      view = {
        tokenId: id,
        name: t("common.ticketName", { id }),
        description: "",
        image: undefined,
        attributes: [],
      };
    }
    const stateName = ticketStatePageKey(state) ?? "valid";
    const stateWord = t(`state.${stateName}`);
    const art = view.image
      ? el("img", { src: view.image, alt: "", width: "320", height: "320" })
      : el("div", { class: "noart", "aria-hidden": "true" }, t("common.noArt"));
    items.push(
      el(
        "li",
        {},
        el(
          "a",
          { class: "card", href: `./tickets.html?token=${id}`, "data-token-id": id.toString() },
          art,
          el("span", { class: "number" }, t("common.ticketNo", { id })),
          el("span", { class: "state", "data-state": stateName }, stateWord),
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
    setStatus(claimStatus, text === "" ? t("claim.enterAddress") : t("claim.badAddress"), "error");
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
      t("claim.damaged"),
      error instanceof InvalidClaimLinkError
        ? t("claim.damagedHelp", { detail: error.shortMessage })
        : describe(error),
    );
    return;
  }
  const claimsAddress = config.claims ?? link.contract;
  if (link.chainId.toString() !== config.chainId || getAddress(claimsAddress) !== link.contract) {
    showLink(
      "foreign",
      t("claim.wrongNetwork"),
      t("claim.foreignDetail", { contract: link.contract, chain: link.chainId, network: config.networkName }),
    );
    return;
  }

  const provider = readProvider(config);
  const claims = new Contract(link.contract, claimsAbi, provider);
  let eventName = config.event === undefined ? "" : localText(config.event.name);
  try {
    const ticket = new Contract(config.ticket, ticketAbi, provider);
    const [status, batch, name, owner] = await Promise.all([
      claims.getFunction("linkStatus")(link.batchId, link.index) as Promise<bigint>,
      claims.getFunction("batch")(link.batchId) as Promise<{ expiresAt: bigint }>,
      ticket.getFunction("name")() as Promise<string>,
      claims.getFunction("ticket")() as Promise<string>,
    ]);
    if (eventName === "") eventName = name;
    if (getAddress(owner) !== getAddress(config.ticket)) {
      showLink("foreign", t("claim.otherEvent"));
      return;
    }
    const state = LINK_STATUSES[Number(status)] ?? "unknown";
    const expires = BigInt(batch.expiresAt);
    if (state === "claimed") {
      showLink("claimed", t("claim.used"), t("claim.usedHelp"));
      return;
    }
    if (state === "revoked") {
      showLink("revoked", t("claim.revoked"));
      return;
    }
    if (state === "expired") {
      showLink("expired", t("claim.expiredAt", { time: expiryText(expires) }), t("claim.expiredHelp"));
      return;
    }
    if (state !== "open") {
      showLink("unknown", t("claim.unknownLink"));
      return;
    }
    showLink(
      "open",
      tn("claim.gives", link.quantity, { event: eventName }),
      expires === 0n ? t("claim.once") : t("claim.onceUntil", { time: expiryText(expires) }),
    );
  } catch (error) {
    showLink("unknown", t("claim.statusUnreadable", { detail: describe(error) }));
    return;
  }

  form.hidden = false;
  claimButton.textContent = tn("claim.claim", link.quantity);
  let wallet: Awaited<ReturnType<typeof connectWallet>> | undefined;

  // No wallet: one made here and kept in this browser (its 12 words written down first), gas paid by the relayer.
  let madeHere = false;
  if ((await browserWalletAddress().catch(() => undefined)) !== undefined)
    makeWallet.textContent = t("claim.useBrowserWallet");
  makeWallet.addEventListener("click", () => {
    if (config.relayerUrl === undefined) {
      setStatus(claimStatus, t("claim.browserWalletNeedsRelayer"), "error");
      return;
    }
    makeWallet.disabled = true;
    void (async () => {
      const kept = await browserWalletAddress();
      if (kept !== undefined) {
        recipientInput.value = kept;
        setStatus(claimStatus, t("claim.browserWalletUsed", { address: kept }), "ok");
        return;
      }
      const made = await createBrowserWallet();
      madeHere = true;
      recipientInput.value = made.address;
      backupWords.replaceChildren(...made.mnemonic!.phrase.split(" ").map((word) => el("li", {}, word)));
      backup.hidden = false;
      makeWallet.textContent = t("claim.useBrowserWallet");
      setStatus(claimStatus, t("claim.browserWalletMade", { address: made.address }), "ok");
      backupDone.focus();
    })()
      .catch((error: unknown) => setStatus(claimStatus, describe(error), "error"))
      .finally(() => (makeWallet.disabled = false));
  });

  connect.addEventListener("click", () => {
    connect.disabled = true;
    setStatus(claimStatus, t("common.waitWallet"));
    void connectWallet(config)
      .then((w) => {
        wallet = w;
        recipientInput.value = w.address;
        connect.textContent = t("claim.connected");
        directButton.hidden = config.relayerUrl === undefined;
        setStatus(claimStatus, t("claim.goesTo", { address: w.address }), "ok");
      })
      .catch((error: unknown) => setStatus(claimStatus, describe(error), "error"))
      .finally(() => (connect.disabled = false));
  });

  const done = async (first: bigint, quantity: bigint, to: string) => {
    form.hidden = true;
    showLink("claimed", tn("claim.done", quantity, { address: to }));
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
      setStatus(claimStatus, t("claim.txDeclined"), "error");
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
      setStatus(claimStatus, wallet ? t("claim.relayDownWallet") : t("claim.relayDown"), "error");
      directButton.hidden = false;
      return;
    }
    if (answer.ok) {
      if (answer.status === "pending" || answer.firstTokenId === undefined) {
        setStatus(claimStatus, t("claim.pending", { tx: answer.txHash }), "ok");
        return;
      }
      await done(BigInt(answer.firstTokenId), BigInt(answer.quantity ?? link.quantity), answer.recipient);
      return;
    }
    const known = RELAY_MESSAGES[answer.error];
    if (known?.[0]) {
      form.hidden = true;
      showLink(known[0], t(known[1]), answer.error === "claimed" ? t("claim.usedHelp") : "");
    } else {
      setStatus(
        claimStatus,
        known === undefined ? t("claim.failed", { detail: answer.message }) : t(known[1]),
        "error",
      );
      if (["spending-cap", "chain-error", "proxy-not-trusted"].includes(answer.error))
        directButton.hidden = false;
    }
  };

  /** Directly from the connected wallet, which pays the gas. */
  const direct = async (to: string) => {
    if (!wallet) wallet = await connectWallet(config);
    const request = signClaim({ link, recipient: to });
    setStatus(claimStatus, t("claim.confirmTx"));
    const sent = await submitClaim({
      claims: new Contract(link.contract, claimsAbi, wallet.signer),
      request,
    });
    await done(sent.firstTokenId, sent.quantity, to);
  };

  const run = (how: "auto" | "direct") => {
    const to = recipient();
    if (to === undefined) return;
    if (madeHere && !backupDone.checked) {
      setStatus(claimStatus, t("claim.backupFirst"), "error");
      backupDone.focus();
      return;
    }
    claimButton.disabled = true;
    directButton.disabled = true;
    setStatus(claimStatus, t("claim.claiming"));
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
