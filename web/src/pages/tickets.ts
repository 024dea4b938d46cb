import { Contract, getAddress, isAddress, type ContractRunner } from "ethers";

import { ticketAbi } from "../../../src/chain/abis.js";
import type { SiteConfig } from "../../../src/web/site-config.js";
import { loadConfig } from "../config.js";
import { connectWallet, describe, readProvider } from "../chain.js";
import { ticketStatePageKey, type TicketStatePageKey } from "../../../src/ticket-state.js";
import { decodeMetadata, ticketsOf, type TicketView } from "../tickets.js";
import { browserWalletAddress } from "../browser-wallet.js";
import { eventFacts } from "../event-info.js";
import { startLanguage, t as msg, tn, type MessageKey } from "../i18n.js";
import { traitViews } from "../traits.js";
import { byId, el, setStatus } from "../ui.js";

startLanguage();

const status = byId("status");
const list = byId<HTMLUListElement>("list");
const detail = byId("detail");
const connect = byId<HTMLButtonElement>("connect");
const lookup = byId<HTMLFormElement>("lookup");
const addressInput = byId<HTMLInputElement>("address");
const look = byId<HTMLButtonElement>("look");
const eventInfo = byId("event-info");
const browserWallet = byId<HTMLButtonElement>("browser-wallet");

/** A ticket's state as the page says it. */
function stateText(state: TicketStatePageKey | undefined): string {
  return msg(`state.${state ?? "unknown"}` as MessageKey);
}

interface Ticket extends TicketView {
  state: TicketStatePageKey | undefined;
}

function ticketContract(config: SiteConfig, runner: ContractRunner): Contract {
  return new Contract(config.ticket, ticketAbi, runner);
}

/** Reads one ticket: its metadata (untrusted, decoded defensively) and its life-cycle state. */
async function readTicket(ticket: Contract, id: bigint): Promise<Ticket> {
  const [uri, state] = await Promise.all([
    ticket.getFunction("tokenURI")(id) as Promise<string>,
    (ticket.getFunction("ticketState")(id) as Promise<bigint>).catch(() => undefined),
  ]);
  let view: TicketView;
  try {
    view = decodeMetadata(id, uri);
  } catch {
    view = {
      tokenId: id,
      name: msg("common.ticketName", { id }),
      description: "",
      image: undefined,
      attributes: [],
    };
  }
  return { ...view, state: state === undefined ? undefined : ticketStatePageKey(state) };
}

/** The art's text alternative: which ticket, and its state now (valid, admitted…). */
function artAlt(one: Ticket): string {
  return msg("common.artAlt", { id: one.tokenId, state: stateText(one.state) });
}

function stateBadge(state: TicketStatePageKey | undefined): HTMLElement {
  return el("span", { class: "state", "data-state": state ?? "unknown" }, stateText(state));
}

function card(t: Ticket): HTMLLIElement {
  // The link's name is its visible text (WCAG 2.5.3): number, state and name; the art is described by its alt.
  const art = t.image
    ? el("img", { src: t.image, alt: "", width: "240", height: "240" })
    : el("div", { class: "noart", "aria-hidden": "true" }, msg("common.noArt"));
  const link = el(
    "a",
    { class: "card", href: `?token=${t.tokenId}`, "data-token-id": t.tokenId.toString() },
    art,
  );
  link.append(
    el("span", { class: "number" }, msg("common.ticketNo", { id: t.tokenId })),
    stateBadge(t.state),
    el("span", { class: "name" }, t.name),
  );
  link.addEventListener("click", (event) => {
    event.preventDefault();
    history.pushState({ token: t.tokenId.toString() }, "", `?token=${t.tokenId}`);
    showDetail(t);
  });
  return el("li", {}, link);
}

function showDetail(t: Ticket, owner?: string): void {
  const traits = el("dl", { class: "traits", id: "traits" });
  traits.append(el("dt", {}, msg("tickets.stateNow")), el("dd", { id: "detail-state" }, stateBadge(t.state)));
  for (const a of traitViews(t.attributes))
    traits.append(el("dt", {}, a.label), el("dd", { "data-trait": a.trait }, a.value));
  if (owner !== undefined)
    traits.append(el("dt", {}, msg("tickets.holder")), el("dd", { class: "mono" }, owner));
  const back = el("a", { class: "back", href: "./tickets.html" }, msg("tickets.back"));
  back.addEventListener("click", (event) => {
    if (list.childElementCount === 0) return; // a direct link: go to the list page for real
    event.preventDefault();
    history.pushState({}, "", "./tickets.html");
    hideDetail();
  });
  const heading = el("h2", { tabindex: "-1", id: "detail-title" }, t.name);
  detail.replaceChildren(
    back,
    heading,
    t.image
      ? el("img", { src: t.image, alt: artAlt(t), class: "big" })
      : el("div", { class: "noart big" }, msg("common.noArt")),
    el("p", {}, t.description),
    traits,
    ...(t.state === "valid"
      ? [el("a", { class: "button", href: `./show.html?token=${t.tokenId}` }, msg("tickets.show"))]
      : []),
  );
  detail.dataset.tokenId = t.tokenId.toString();
  detail.hidden = false;
  document.body.classList.add("showing-detail");
  heading.focus();
  window.scrollTo({ top: 0, behavior: "instant" });
}

function hideDetail(): void {
  detail.hidden = true;
  document.body.classList.remove("showing-detail");
}

let shown: Ticket[] = [];

/** Lists the tickets `address` holds, read through `runner` (the wallet, or the public RPC for a typed address). */
async function list_(runner: ContractRunner, address: string, config: SiteConfig): Promise<void> {
  const ticket = ticketContract(config, runner);
  setStatus(status, msg("tickets.looking", { address }));
  const ids = await ticketsOf(ticket, address, config.fromBlock);
  shown = [];
  for (const id of ids) shown.push(await readTicket(ticket, id));
  list.replaceChildren(...shown.map((one) => card(one)));
  setStatus(
    status,
    ids.length === 0 ? msg("tickets.none", { address }) : tn("tickets.found", ids.length, { address }),
    ids.length === 0 ? "info" : "ok",
  );
}

async function load(config: SiteConfig) {
  connect.disabled = true;
  setStatus(status, msg("common.waitWallet"));
  try {
    const { signer, address } = await connectWallet(config);
    addressInput.value = address;
    addressInput.removeAttribute("aria-invalid");
    await list_(signer, address, config);
    connect.textContent = msg("common.refresh");
  } catch (error) {
    setStatus(status, describe(error), "error");
  } finally {
    connect.disabled = false;
  }
}

/** "My tickets" by address, read-only: no wallet needed (the public RPC reads). */
async function lookUp(config: SiteConfig) {
  const text = addressInput.value.trim();
  if (!isAddress(text)) {
    addressInput.setAttribute("aria-invalid", "true");
    setStatus(status, msg("tickets.badAddress"), "error");
    addressInput.focus();
    return;
  }
  addressInput.removeAttribute("aria-invalid");
  look.disabled = true;
  try {
    await list_(readProvider(config), getAddress(text.toLowerCase()), config);
  } catch (error) {
    setStatus(status, describe(error), "error");
  } finally {
    look.disabled = false;
  }
}

/** `tickets.html?token=N`: one ticket's detail, read without a wallet (anyone may look at a ticket). */
async function openFromUrl(config: SiteConfig) {
  const token = new URLSearchParams(location.search).get("token");
  if (token === null) {
    hideDetail();
    return;
  }
  if (!/^[0-9]{1,78}$/.test(token)) {
    setStatus(status, msg("tickets.badNumber", { value: token.slice(0, 40) }), "error");
    return;
  }
  const id = BigInt(token);
  const known = shown.find((t) => t.tokenId === id);
  if (known) {
    showDetail(known);
    return;
  }
  try {
    const ticket = ticketContract(config, readProvider(config));
    const [t, owner] = await Promise.all([
      readTicket(ticket, id),
      ticket.getFunction("ownerOf")(id) as Promise<string>,
    ]);
    showDetail(t, owner);
  } catch (error) {
    setStatus(status, msg("tickets.unreadable", { id, detail: describe(error) }), "error");
  }
}

void loadConfig().then(
  (config) => {
    if (config.event !== undefined) {
      eventInfo.append(eventFacts(config.event));
      eventInfo.hidden = false;
    }
    connect.addEventListener("click", () => void load(config));
    // A wallet the claim page made in this browser: its tickets, read-only, in one tap.
    void browserWalletAddress()
      .catch(() => undefined)
      .then((kept) => {
        if (kept === undefined) return;
        browserWallet.hidden = false;
        browserWallet.addEventListener("click", () => {
          addressInput.value = kept;
          void lookUp(config);
        });
      });
    lookup.addEventListener("submit", (event) => {
      event.preventDefault();
      void lookUp(config);
    });
    // Disabled in the page until their listeners exist, so an early click is not lost.
    connect.disabled = false;
    look.disabled = false;
    window.addEventListener("popstate", () => void openFromUrl(config));
    void openFromUrl(config);
  },
  (error: unknown) => setStatus(status, describe(error), "error"),
);
