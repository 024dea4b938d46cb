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
import { eventFacts, localText } from "../event-info.js";
import { formatDateTime, startLanguage, t, type MessageKey } from "../i18n.js";
import { byId, count, el } from "../ui.js";

startLanguage();

/** Admissions so far: the ticket's `CheckedIn` events (each ticket is checked in at most once). */
async function admittedCount(ticket: Contract, fromBlock: number): Promise<number> {
  const logs = await ticket.queryFilter(ticket.filters.CheckedIn!(), fromBlock);
  return new Set(logs.map((l) => l.topics[1])).size;
}

function fact(label: MessageKey, value: string, key?: string, mono = false) {
  const attrs: Record<string, string> = {};
  if (key) attrs["data-fact"] = key;
  if (mono) attrs.class = "mono";
  return [el("dt", {}, t(label)), el("dd", attrs, value)];
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
      ? t("donation.superseded", { by: d.supersededBy })
      : state === "settled"
        ? t("donation.settled")
        : t("donation.recorded");
  const recipient = [d.recipient.name, d.recipient.registryId].filter((s) => s !== "").join(" · ");
  const dl = el(
    "dl",
    { class: "facts" },
    ...fact("donation.amount", amount, "amount"),
    ...fact("donation.basis", t(`donation.basis.${d.basis}`), "basis"),
    ...fact("donation.grams", formatGrams(d.netGrams), "grams"),
    ...fact("donation.ticketCount", count(d.ticketCount)),
    ...fact("donation.recipient", recipient, "recipient"),
  );
  if (d.recipient.account !== ZeroAddress)
    dl.append(...fact("donation.recipientAccount", d.recipient.account, "", true));
  dl.append(...fact("donation.methodologyHash", d.methodologyHash, "methodology-hash", true));
  dl.append(
    el("dt", {}, t("donation.methodology")),
    el(
      "dd",
      {},
      uriNode(d.methodologyURI),
      " (",
      el(
        "a",
        { href: `./${methodologyPath(d.methodologyHash)}`, "data-methodology-copy": "" },
        t("donation.methodologyCopy"),
      ),
      ")",
    ),
  );
  if (d.settlement) {
    dl.append(...fact("donation.receiptHash", d.settlement.receiptHash, "receipt-hash", true));
    if (BigInt(d.settlement.paymentRef) !== 0n)
      dl.append(...fact("donation.paymentRef", d.settlement.paymentRef, "", true));
    if (d.settlement.receiptURI !== "")
      dl.append(el("dt", {}, t("donation.receipt")), el("dd", {}, uriNode(d.settlement.receiptURI)));
  }
  dl.append(...fact("donation.recordedAt", formatDateTime(d.recordedAt)));

  const result = el("div", {
    class: "verify",
    "data-verify-result": "",
    role: "status",
    "aria-live": "polite",
  });
  const button = el(
    "button",
    { type: "button", "data-verify": d.id.toString(), "aria-describedby": `donation-${d.id}-title` },
    t("donation.verify"),
  );
  button.addEventListener("click", () => {
    button.disabled = true;
    result.dataset.status = "running";
    result.replaceChildren(el("p", {}, t("donation.verifying")));
    void verify(d)
      .then((outcome) => showOutcome(result, outcome))
      .catch((error: unknown) => {
        result.dataset.status = "error";
        result.replaceChildren(el("p", {}, t("donation.verifyFailed", { detail: describe(error) })));
      })
      .finally(() => (button.disabled = false));
  });
  return el(
    "article",
    { class: "donation", "data-donation": d.id.toString(), "data-state": state },
    el("h3", { id: `donation-${d.id}-title` }, t("donation.title", { id: d.id, amount })),
    el("p", { class: "badge", "data-kind": state }, stateText),
    dl,
    button,
    result,
  );
}

type VerifyOutcome =
  | { status: "match" | "mismatch"; mismatches: FieldMismatch[]; file: string }
  | { status: "unavailable"; file: string; reason: string };

function showOutcome(node: HTMLElement, outcome: VerifyOutcome): void {
  node.dataset.status = outcome.status;
  if (outcome.status === "unavailable") {
    node.replaceChildren(
      el("p", { class: "verdict" }, t("donation.cannotVerify")),
      el("p", {}, outcome.reason),
    );
    return;
  }
  if (outcome.status === "match") {
    node.replaceChildren(
      el("p", { class: "verdict" }, t("donation.match")),
      el("p", {}, t("donation.matchDetail")),
    );
    return;
  }
  const list = el("ul", { class: "mismatches" });
  for (const m of outcome.mismatches) {
    list.append(
      el(
        "li",
        { "data-field": m.field },
        el("strong", { class: "mono" }, m.field),
        el("span", { class: "mono" }, t("donation.onChain", { value: m.onChain })),
        el("span", { class: "mono" }, t("donation.recomputed", { value: m.recomputed })),
      ),
    );
  }
  node.replaceChildren(
    el("p", { class: "verdict" }, t("donation.mismatch")),
    el("p", {}, t("donation.mismatchDetail")),
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
        reason: t("donation.notPublished", { hash: d.methodologyHash }),
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
    const event = config.event;
    // Organizer data (supply, network, contract) sits in its own status view, apart from what attendees need.
    const status = el(
      "details",
      { class: "status-view", id: "status-view" },
      el("summary", {}, t("event.status")),
      el(
        "dl",
        { class: "facts", id: "facts" },
        ...fact("event.tickets", count(cap), "cap"),
        ...fact("event.issued", count(minted), "issued"),
        ...fact("event.admitted", count(admitted), "admitted"),
        ...fact(
          "event.network",
          t("event.networkValue", { network: config.networkName, chain: config.chainId }),
        ),
        ...fact("event.contract", config.ticket, "", true),
      ),
    );
    app.replaceChildren(
      el("h1", {}, event === undefined ? name : localText(event.name)),
      ...(event?.description === undefined
        ? []
        : [el("p", { class: "intro" }, localText(event.description))]),
      ...(event === undefined ? [] : [eventFacts(event)]),
      el("p", {}, el("a", { class: "button", href: "./tickets.html" }, t("event.seeTickets"))),
      donations,
      status,
    );
    donations.append(el("h2", { id: "donations-title" }, t("event.donations")));
    if (ledgerAddress === ZeroAddress) {
      donations.append(el("p", { class: "muted", id: "no-donations" }, t("event.noLedger")));
      return;
    }
    const ledger = new Contract(ledgerAddress, ledgerAbi, provider);
    const records = await readDonations({ ledger: ledger as unknown as DonationLedger });
    donations.append(el("p", { class: "muted" }, t("event.donationsIntro")));
    if (records.length === 0) {
      donations.append(el("p", { id: "no-donations" }, t("event.noDonations")));
      return;
    }
    const verify = verifier(config, ticket, provider);
    donations.append(...records.map((d) => donationCard(d, verify)));
  } catch (error) {
    app.replaceChildren(
      el(
        "p",
        { class: "status", "data-kind": "error", role: "alert" },
        t("common.error", { detail: describe(error) }),
      ),
    );
  }
}

void main();
