import { createHash } from "node:crypto";
import { readFile } from "node:fs/promises";

import { expect } from "chai";

import { buildDonationRecord } from "../../src/carbon/build-record.js";
import { canonicalHash, canonicalJson } from "../../src/carbon/canonical-json.js";
import { compareDonation } from "../../src/carbon/compare-donation.js";
import { computeDonation } from "../../src/carbon/compute-donation.js";
import { parseMethodology } from "../../src/carbon/parse-methodology.js";
import type { OnChainDonation } from "../../src/carbon/read-donations.js";

const FILE = "metadata/carbon/methodology.json";
const { methodology, hash } = parseMethodology({ text: await readFile(FILE, "utf8"), file: FILE });
const TICKET = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const issuance = {
  ticketCount: 5_000n,
  gasUsed: 150_000_000n,
  transactions: [{ hash: "0x" + "ab".repeat(32), blockNumber: 3, tickets: 5_000n, gasUsed: 150_000_000n }],
};

/** A record as the ledger would return it, built by the same code `tickets donation record` uses. */
function onChain(): OnChainDonation {
  const quote = computeDonation({
    methodology,
    basis: "CARBON_PRICE",
    tickets: issuance.ticketCount,
    issuanceGasUsed: issuance.gasUsed,
  });
  const { record } = buildDonationRecord({
    quote,
    chainId: 31337n,
    ticketAddress: TICKET,
    snapshotBlock: 9,
    transactions: issuance.transactions,
    methodologyHash: hash,
    methodologyURI: FILE,
    recipient: { name: "Fund", registryId: "", account: "" },
  });
  return {
    id: 1n,
    basis: "CARBON_PRICE",
    ticketCount: quote.tickets,
    snapshotBlock: 9,
    issuanceGasUsed: quote.issuanceGasUsed,
    avoidedGrams: quote.avoidedGrams,
    digitalGrams: quote.digitalGrams,
    netGrams: quote.netGrams,
    currency: quote.currency,
    currencyExponent: quote.currencyExponent,
    rate: quote.rate,
    amountMinor: quote.amountMinor,
    methodologyHash: hash,
    inputsHash: record.inputsHash as string,
    methodologyURI: FILE,
    recipient: { name: "Fund", registryId: "", account: "0x0000000000000000000000000000000000000000" },
    supersedes: 0n,
    supersededBy: 0n,
    recordedAt: 0n,
    recordedBy: TICKET,
    settlement: undefined,
  };
}

describe("compareDonation (shared by tickets donation verify and the event page)", function () {
  const base = { methodology, methodologyHash: hash, chainId: 31337n, ticketAddress: TICKET, issuance };

  it("finds no difference in a record built from the same methodology and issuance", function () {
    expect(compareDonation({ ...base, donation: onChain() }).mismatches).to.deep.equal([]);
  });

  it("names each field that differs, with both values", function () {
    const donation = { ...onChain(), amountMinor: 1n, currency: "EUR" };
    const { mismatches, recomputed } = compareDonation({ ...base, donation });
    expect(mismatches).to.deep.equal([
      { field: "currency", onChain: "EUR", recomputed: methodology.currency.code },
      { field: "amountMinor", onChain: "1", recomputed: recomputed.amountMinor.toString() },
    ]);
  });

  it("a different issuance (one more ticket) changes the counts and the inputs hash", function () {
    const more = { ...issuance, ticketCount: issuance.ticketCount + 1n };
    const fields = compareDonation({ ...base, issuance: more, donation: onChain() }).mismatches.map(
      (m) => m.field,
    );
    expect(fields).to.include.members(["ticketCount", "inputsHash"]);
  });

  it("canonicalHash (ethers' SHA-256, browser-safe) equals node:crypto's SHA-256 of the canonical JSON", function () {
    const value = { b: [1, "二", true, null], a: { z: "x", y: 2 } };
    const expected = "0x" + createHash("sha256").update(canonicalJson(value), "utf8").digest("hex");
    expect(canonicalHash(value)).to.equal(expected);
  });
});
