import { Contract, ZeroAddress, type Provider } from "ethers";

import { compareDonation, type FieldMismatch } from "../../../src/carbon/compare-donation.js";
import { formatGrams, formatMinor } from "../../../src/carbon/format-quote.js";
import { parseMethodology } from "../../../src/carbon/parse-methodology.js";
import { readDonations, type OnChainDonation } from "../../../src/carbon/read-donations.js";
import { readIssuance } from "../../../src/carbon/read-issuance.js";
import { ledgerAbi, ticketAbi } from "../../../src/chain/abis.js";
import { methodologyPath } from "../../../src/web/methodology-path.js";
import type { SiteConfig } from "../../../src/web/site-config.js";
import type { DonationLedger, PapercutTicket } from "../../../types/ethers-contracts/index.js";
import { loadConfig } from "../config.js";
import { describe, readProvider } from "../chain.js";
import { byId, count, el } from "../ui.js";

const BASIS_LABEL: Record<OnChainDonation["basis"], string> = {
  CARBON_PRICE: "Carbon price × CO₂e avoided",
  COST_SAVED: "Printing and delivery cost saved",
};

/** Admissions so far: the ticket's `CheckedIn` events (each ticket is checked in at most once). */
async function admittedCount(ticket: Contract, fromBlock: number): Promise<number> {
  const logs = await ticket.queryFilter(ticket.filters.CheckedIn!(), fromBlock);
  return new Set(logs.map((l) => l.topics[1])).size;
}

function fact(label: string, value: string, key?: string, mono = false) {
  const attrs: Record<string, string> = {};
  if (key) attrs["data-fact"] = key;
  if (mono) attrs.class = "mono";
  return [el("dt", {}, label), el("dd", attrs, value)];
}

/** A link only for plain http(s) URLs from the chain; anything else is shown as text. */
function uriNode(uri: string): Node {
  if (/^https?:\/\/[^\s"<>]+$/.test(uri)) {
    return el("a", { href: uri, rel: "noopener noreferrer nofollow", class: "mono" }, uri);
  }
  return el("span", { class: "mono" }, uri === "" ? "—" : uri);
}

function donationCard(
  d: OnChainDonation,
  verify: (d: OnChainDonation) => Promise<VerifyOutcome>,
): HTMLElement {
  const amount = formatMinor(d.amountMinor, d.currencyExponent, d.currency);
  const state = d.supersededBy !== 0n ? "superseded" : d.settlement ? "settled" : "recorded";
  const stateText =
    state === "superseded"
      ? `Superseded by donation ${d.supersededBy}`
      : state === "settled"
        ? "Settled"
        : "Recorded, not yet settled";
  const recipient = [d.recipient.name, d.recipient.registryId].filter((s) => s !== "").join(" · ");
  const dl = el(
    "dl",
    { class: "facts" },
    ...fact("Amount", amount, "amount"),
    ...fact("Basis", BASIS_LABEL[d.basis], "basis"),
    ...fact("CO₂e avoided (net)", formatGrams(d.netGrams), "grams"),
    ...fact("Tickets counted", count(d.ticketCount)),
    ...fact("Recipient", recipient, "recipient"),
  );
  if (d.recipient.account !== ZeroAddress)
    dl.append(...fact("Recipient account", d.recipient.account, "", true));
  dl.append(...fact("Methodology hash", d.methodologyHash, "methodology-hash", true));
  dl.append(
    el("dt", {}, "Methodology"),
    el(
      "dd",
      {},
      uriNode(d.methodologyURI),
      " (",
      el(
        "a",
        { href: `./${methodologyPath(d.methodologyHash)}`, "data-methodology-copy": "" },
        "copy on this site",
      ),
      ")",
    ),
  );
  if (d.settlement) {
    dl.append(...fact("Receipt hash", d.settlement.receiptHash, "receipt-hash", true));
    if (BigInt(d.settlement.paymentRef) !== 0n)
      dl.append(...fact("Payment ref", d.settlement.paymentRef, "", true));
    if (d.settlement.receiptURI !== "")
      dl.append(el("dt", {}, "Receipt"), el("dd", {}, uriNode(d.settlement.receiptURI)));
  }
  dl.append(...fact("Recorded", new Date(Number(d.recordedAt) * 1000).toISOString().slice(0, 10)));

  const result = el("div", {
    class: "verify",
    "data-verify-result": "",
    role: "status",
    "aria-live": "polite",
  });
  const button = el("button", { type: "button", "data-verify": d.id.toString() }, "Verify");
  button.addEventListener("click", () => {
    button.disabled = true;
    result.dataset.status = "running";
    result.replaceChildren(el("p", {}, "Recomputing from the methodology and the chain's issuance…"));
    void verify(d)
      .then((outcome) => showOutcome(result, outcome))
      .catch((error: unknown) => {
        result.dataset.status = "error";
        result.replaceChildren(el("p", {}, `Could not verify: ${describe(error)}`));
      })
      .finally(() => (button.disabled = false));
  });
  return el(
    "article",
    { class: "donation", "data-donation": d.id.toString(), "data-state": state },
    el("h3", {}, `Donation ${d.id}: ${amount}`),
    el("p", { class: "badge", "data-kind": state }, stateText),
    dl,
    button,
    result,
  );
}

type VerifyOutcome =
  | { status: "match" | "mismatch"; mismatches: FieldMismatch[]; file: string }
  | { status: "unavailable"; file: string; reason: string };

const FIELD_LABEL: Record<string, string> = {
  methodologyHash: "methodology hash (the published file is not the one recorded)",
  ticketCount: "tickets counted",
  issuanceGasUsed: "issuance gas",
  avoidedGrams: "grams avoided",
  digitalGrams: "grams emitted on-chain",
  netGrams: "net grams",
  currency: "currency",
  currencyExponent: "currency exponent",
  rate: "rate",
  amountMinor: "amount (minor units)",
  inputsHash: "inputs hash",
};

function showOutcome(node: HTMLElement, outcome: VerifyOutcome): void {
  node.dataset.status = outcome.status;
  if (outcome.status === "unavailable") {
    node.replaceChildren(el("p", { class: "verdict" }, "Cannot verify"), el("p", {}, outcome.reason));
    return;
  }
  if (outcome.status === "match") {
    node.replaceChildren(
      el("p", { class: "verdict" }, "✓ Match"),
      el("p", {}, "Every field recomputes exactly from the published methodology and the chain's issuance."),
    );
    return;
  }
  const list = el("ul", { class: "mismatches" });
  for (const m of outcome.mismatches) {
    list.append(
      el(
        "li",
        { "data-field": m.field },
        el("strong", {}, FIELD_LABEL[m.field] ?? m.field),
        el("span", { class: "mono" }, `on chain ${m.onChain}`),
        el("span", { class: "mono" }, `recomputed ${m.recomputed}`),
      ),
    );
  }
  node.replaceChildren(
    el("p", { class: "verdict" }, "✗ Mismatch"),
    el("p", {}, "These fields do not recompute:"),
    list,
  );
}

/**
 * The "Verify" button: fetches the methodology file published with the site under the record's methodology
 * hash, checks its canonical hash, re-reads the issuance from the chain up to the record's snapshot block, and
 * recomputes every field with the toolkit's own functions.
 */
function verifier(config: SiteConfig, ticket: Contract, provider: Provider) {
  return async (d: OnChainDonation): Promise<VerifyOutcome> => {
    const file = methodologyPath(d.methodologyHash);
    const res = await fetch(new URL(file, document.baseURI), { cache: "no-store" });
    if (!res.ok) {
      return {
        status: "unavailable",
        file,
        reason: `The methodology this record names (${d.methodologyHash}) is not published with this site.`,
      };
    }
    const { methodology, hash } = parseMethodology({ text: await res.text(), file });
    const issuance = await readIssuance({
      ticket: ticket as unknown as PapercutTicket,
      provider,
      toBlock: d.snapshotBlock,
      fromBlock: config.fromBlock,
    });
    const { mismatches } = compareDonation({
      donation: d,
      methodology,
      methodologyHash: hash,
      chainId: BigInt(config.chainId),
      ticketAddress: config.ticket,
      issuance,
    });
    if (hash.toLowerCase() !== d.methodologyHash.toLowerCase()) {
      mismatches.unshift({ field: "methodologyHash", onChain: d.methodologyHash, recomputed: hash });
    }
    return { status: mismatches.length === 0 ? "match" : "mismatch", mismatches, file };
  };
}

async function main() {
  const app = byId("app");
  try {
    const config = await loadConfig();
    const provider = readProvider(config);
    const ticket = new Contract(config.ticket, ticketAbi, provider);
    const [name, cap, minted, admitted, ledgerAddress] = await Promise.all([
      ticket.getFunction("name")() as Promise<string>,
      ticket.getFunction("cap")() as Promise<bigint>,
      ticket.getFunction("totalMinted")() as Promise<bigint>,
      admittedCount(ticket, config.fromBlock),
      // A ticket contract without a ledger pointer (another deployment) simply has no donations to show.
      (ticket.getFunction("donationLedger")() as Promise<string>).catch(() => ZeroAddress),
    ]);
    const donations = el("section", { id: "donations", "aria-labelledby": "donations-title" });
    app.replaceChildren(
      el("h1", {}, name),
      el(
        "dl",
        { class: "facts", id: "facts" },
        ...fact("Tickets", count(cap), "cap"),
        ...fact("Issued", count(minted), "issued"),
        ...fact("Admitted so far", count(admitted), "admitted"),
        ...fact("Network", `${config.networkName} (chain ${config.chainId})`),
        ...fact("Contract", config.ticket, "", true),
      ),
      el("p", {}, el("a", { class: "button", href: "./tickets.html" }, "See my tickets")),
      donations,
    );
    donations.append(el("h2", { id: "donations-title" }, "Carbon-offset donations"));
    if (ledgerAddress === ZeroAddress) {
      donations.append(
        el("p", { class: "muted", id: "no-donations" }, "No donation ledger is set for this event yet."),
      );
      return;
    }
    const ledger = new Contract(ledgerAddress, ledgerAbi, provider);
    const records = await readDonations({ ledger: ledger as unknown as DonationLedger });
    donations.append(
      el(
        "p",
        { class: "muted" },
        "Each donation is recorded on-chain with the methodology it was computed with. " +
          "Verify recomputes it here, in your browser, from that methodology and the tickets the chain issued.",
      ),
    );
    if (records.length === 0) {
      donations.append(el("p", { id: "no-donations" }, "No donation has been recorded yet."));
      return;
    }
    const verify = verifier(config, ticket, provider);
    donations.append(...records.map((d) => donationCard(d, verify)));
  } catch (error) {
    app.replaceChildren(el("p", { class: "status", "data-kind": "error" }, describe(error)));
  }
}

void main();
