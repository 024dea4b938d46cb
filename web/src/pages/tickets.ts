import { Contract, type ContractRunner } from "ethers";

import { ticketAbi } from "../../../src/chain/abis.js";
import type { SiteConfig } from "../../../src/web/site-config.js";
import { loadConfig } from "../config.js";
import { connectWallet, describe, readProvider } from "../chain.js";
import { ticketStatePageKey, type TicketStatePageKey } from "../../../src/ticket-state.js";
import { decodeMetadata, ticketsOf, type TicketView } from "../tickets.js";
import { byId, el, setStatus } from "../ui.js";

const status = byId("status");
const list = byId<HTMLUListElement>("list");
const detail = byId("detail");
const connect = byId<HTMLButtonElement>("connect");

const STATE_TEXT: Record<TicketStatePageKey, string> = {
  valid: "Valid",
  admitted: "Admitted",
  souvenir: "Souvenir",
  voided: "Voided",
};

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
    view = { tokenId: id, name: `Ticket #${id}`, description: "", image: undefined, attributes: [] };
  }
  return { ...view, state: state === undefined ? undefined : ticketStatePageKey(state) };
}

function stateBadge(state: TicketStatePageKey | undefined): HTMLElement {
  return state === undefined
    ? el("span", { class: "state", "data-state": "unknown" }, "State unknown")
    : el("span", { class: "state", "data-state": state }, STATE_TEXT[state]);
}

function card(t: Ticket): HTMLLIElement {
  const art = t.image
    ? el("img", { src: t.image, alt: `Papercut art of ticket #${t.tokenId}`, width: "240", height: "240" })
    : el("div", { class: "noart" }, "No on-chain art");
  const link = el(
    "a",
    {
      class: "card",
      href: `?token=${t.tokenId}`,
      "data-token-id": t.tokenId.toString(),
      "aria-label": `Ticket number ${t.tokenId}, ${t.state ? STATE_TEXT[t.state] : "state unknown"}: show details`,
    },
    art,
  );
  link.append(
    el("span", { class: "number" }, `No. ${t.tokenId}`),
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
  traits.append(el("dt", {}, "State now"), el("dd", { id: "detail-state" }, stateBadge(t.state)));
  for (const a of t.attributes)
    traits.append(el("dt", {}, a.trait), el("dd", { "data-trait": a.trait }, a.value));
  if (owner !== undefined) traits.append(el("dt", {}, "Holder"), el("dd", { class: "mono" }, owner));
  const back = el("a", { class: "back", href: "./tickets.html" }, "← All my tickets");
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
      ? el("img", { src: t.image, alt: `Papercut art of ticket #${t.tokenId}`, class: "big" })
      : el("div", { class: "noart big" }, "No on-chain art"),
    el("p", {}, t.description),
    traits,
    ...(t.state === "valid"
      ? [el("a", { class: "button", href: `./show.html?token=${t.tokenId}` }, "Show at the gate")]
      : []),
  );
  detail.dataset.tokenId = t.tokenId.toString();
  detail.hidden = false;
  document.body.classList.add("showing-detail");
  heading.focus();
  window.scrollTo({ top: 0 });
}

function hideDetail(): void {
  detail.hidden = true;
  document.body.classList.remove("showing-detail");
}

let shown: Ticket[] = [];

async function load(config: SiteConfig) {
  connect.disabled = true;
  setStatus(status, "Waiting for your wallet…");
  try {
    const { signer, address } = await connectWallet(config);
    const ticket = ticketContract(config, signer);
    setStatus(status, `Looking for tickets held by ${address}…`);
    const ids = await ticketsOf(ticket, address, config.fromBlock);
    shown = [];
    for (const id of ids) shown.push(await readTicket(ticket, id));
    list.replaceChildren(...shown.map((t) => card(t)));
    setStatus(
      status,
      ids.length === 0
        ? `No ticket of this event is held by ${address}.`
        : `${ids.length} ticket${ids.length === 1 ? "" : "s"} held by ${address}.`,
      ids.length === 0 ? "info" : "ok",
    );
    connect.textContent = "Refresh";
  } catch (error) {
    setStatus(status, describe(error), "error");
  } finally {
    connect.disabled = false;
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
    setStatus(status, `“${token.slice(0, 40)}” is not a ticket number.`, "error");
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
    setStatus(status, `Ticket ${id} could not be read: ${describe(error)}`, "error");
  }
}

void loadConfig().then(
  (config) => {
    connect.addEventListener("click", () => void load(config));
    connect.disabled = false; // disabled in the page until this listener exists, so an early click is not lost
    window.addEventListener("popstate", () => void openFromUrl(config));
    void openFromUrl(config);
  },
  (error: unknown) => setStatus(status, describe(error), "error"),
);
