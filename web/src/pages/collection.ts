import { loadConfig } from "../config.js";
import { describe, readProvider, ticketContract } from "../chain.js";
import { byId, count, el } from "../ui.js";

async function main() {
  const app = byId("app");
  try {
    const config = await loadConfig();
    const ticket = ticketContract(config, readProvider(config));
    const [name, cap, minted] = await Promise.all([
      ticket.getFunction("name")() as Promise<string>,
      ticket.getFunction("cap")() as Promise<bigint>,
      ticket.getFunction("totalMinted")() as Promise<bigint>,
    ]);
    app.replaceChildren(
      el("h1", {}, name),
      el(
        "dl",
        { class: "facts", id: "facts" },
        el("dt", {}, "Tickets"),
        el("dd", { "data-fact": "cap" }, count(cap)),
        el("dt", {}, "Issued"),
        el("dd", { "data-fact": "issued" }, count(minted)),
        el("dt", {}, "Network"),
        el("dd", {}, `${config.networkName} (chain ${config.chainId})`),
        el("dt", {}, "Contract"),
        el("dd", { class: "mono" }, config.ticket),
      ),
      el("p", {}, el("a", { class: "button", href: "./tickets.html" }, "See my tickets")),
    );
  } catch (error) {
    app.replaceChildren(el("p", { class: "status", "data-kind": "error" }, describe(error)));
  }
}

void main();
