import { loadConfig, type SiteConfig } from "../config.js";
import { connectWallet, describe, ticketContract } from "../chain.js";
import { decodeMetadata, ticketsOf, type TicketView } from "../tickets.js";
import { byId, el, setStatus } from "../ui.js";

const status = byId("status");
const list = byId<HTMLUListElement>("list");
const detail = byId("detail");
const connect = byId<HTMLButtonElement>("connect");

function card(t: TicketView, onOpen: () => void): HTMLLIElement {
  const art = t.image
    ? el("img", { src: t.image, alt: `Papercut art of ticket #${t.tokenId}`, width: "240", height: "240" })
    : el("div", { class: "noart" }, "No on-chain art");
  const button = el("button", { type: "button", class: "card", "data-token-id": t.tokenId.toString() }, art);
  button.append(el("span", { class: "number" }, `No. ${t.tokenId}`), el("span", { class: "name" }, t.name));
  button.addEventListener("click", onOpen);
  return el("li", {}, button);
}

function showDetail(t: TicketView): void {
  const traits = el("dl", { class: "traits" });
  for (const a of t.attributes) traits.append(el("dt", {}, a.trait), el("dd", {}, a.value));
  detail.replaceChildren(
    el("h2", {}, t.name),
    t.image
      ? el("img", { src: t.image, alt: `Papercut art of ticket #${t.tokenId}`, class: "big" })
      : el("p", {}, ""),
    el("p", {}, t.description),
    traits,
  );
  detail.hidden = false;
  detail.scrollIntoView({ behavior: "smooth" });
}

async function load(config: SiteConfig) {
  connect.disabled = true;
  setStatus(status, "Waiting for your wallet…");
  try {
    const { signer, address } = await connectWallet(config);
    const ticket = ticketContract(config, signer);
    setStatus(status, `Looking for tickets held by ${address}…`);
    const ids = await ticketsOf(ticket, address, config.fromBlock);
    const views: TicketView[] = [];
    for (const id of ids)
      views.push(decodeMetadata(id, (await ticket.getFunction("tokenURI")(id)) as string));
    list.replaceChildren(...views.map((v) => card(v, () => showDetail(v))));
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

void loadConfig().then(
  (config) => connect.addEventListener("click", () => void load(config)),
  (error: unknown) => setStatus(status, describe(error), "error"),
);
