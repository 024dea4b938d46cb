import { readFile } from "node:fs/promises";

import { expect } from "chai";

import { canonicalHash, canonicalJson } from "../../src/carbon/canonical-json.js";
import { computeDonation } from "../../src/carbon/compute-donation.js";
import { iso4217Codes, iso4217Exponent } from "../../src/carbon/currencies.js";
import { InvalidMethodologyError, UnknownCurrencyError } from "../../src/carbon/errors.js";
import { formatMinor, formatQuote } from "../../src/carbon/format-quote.js";
import { parseMethodology } from "../../src/carbon/parse-methodology.js";
import type { Methodology } from "../../src/carbon/types.js";

const FILE = "metadata/carbon/methodology.json";
const text = await readFile(FILE, "utf8");
const { methodology: published, hash: publishedHash } = parseMethodology({ text, file: FILE });

const SOURCE = { title: "test", year: 2025, status: "assumption" as const };

/** A tiny methodology whose numbers make the rounding edges easy to work by hand. */
function tiny(overrides: Partial<Methodology> = {}): Methodology {
  return {
    ...published,
    printedItems: [
      {
        id: "ticket",
        description: "ticket",
        perTicket: 1,
        massMilligrams: 1_000,
        costMinorPerItem: 7,
        massSource: SOURCE,
        costSource: SOURCE,
      },
    ],
    paperProduction: { gramsCO2ePerTonne: 1_000_000, source: SOURCE }, // 1 g CO2e per g of paper
    printingOverhead: { numerator: 0, denominator: 1, source: SOURCE },
    delivery: {
      itemsPerTicket: 0,
      milligramsCO2ePerItem: 0,
      costMinorPerItem: 0,
      source: SOURCE,
      costSource: SOURCE,
    },
    digital: { ...published.digital, microgramsCO2ePerYear: 1_000_000, gasPerYear: 1 }, // 1 g per gas
    carbonPrice: { minorPerTonne: 1_000_000, date: "2025-01-01", source: SOURCE }, // 1 minor unit per gram
    ...overrides,
  };
}

function grams(quote: ReturnType<typeof computeDonation>, id: string): bigint {
  const term = quote.carbonTerms.find((t) => t.id === id);
  if (term === undefined) throw new Error(`no term ${id}`);
  return term.grams;
}

describe("carbon calculation", function () {
  describe("the published methodology, 5,000 tickets (worked by hand)", function () {
    // paper, ticket:   5,000 × 1 × 1,774 mg × 942,000 g/t / 1e9 = 8,355.54 g       → 8,356 g (up)
    // paper, envelope: 5,000 × 1 × 4,000 mg × 942,000 g/t / 1e9 = 18,840 g exactly → 18,840 g
    // printing:        (8,870,000 + 20,000,000) mg × 942,000 / 1e9 × 228/175 = 35,431.90… g → 35,432 g (up)
    // delivery:        5,000 × 26,000 mg / 1,000 = 130,000 g
    // avoided          = 8,356 + 18,840 + 35,432 + 130,000 = 192,628 g
    // digital:         240,000,000 gas × 870e12 µg / 39.42e12 gas / 1e6 = 5,296.80… g → 5,296 g (down)
    // net              = 192,628 − 5,296 = 187,332 g
    // CARBON_PRICE:    187,332 g × 9,749 fen/t / 1e6 = 1,826.299668 → 1,827 fen (up) = CNY 18.27
    // COST_SAVED:      5,000 × (50 + 20 + 120) fen = 950,000 fen = CNY 9,500.00
    const gas = 240_000_000n;

    it("gives each term, the net and the carbon-price amount", function () {
      const q = computeDonation({
        methodology: published,
        basis: "CARBON_PRICE",
        tickets: 5_000n,
        issuanceGasUsed: gas,
      });
      expect(grams(q, "paper:ticket")).to.equal(8_356n);
      expect(grams(q, "paper:envelope")).to.equal(18_840n);
      expect(grams(q, "printing")).to.equal(35_432n);
      expect(grams(q, "delivery")).to.equal(130_000n);
      expect(grams(q, "digital")).to.equal(5_296n);
      expect([q.avoidedGrams, q.digitalGrams, q.netGrams]).to.deep.equal([192_628n, 5_296n, 187_332n]);
      expect([q.currency, q.currencyExponent, q.rate, q.amountMinor]).to.deep.equal([
        "CNY",
        2,
        9_749n,
        1_827n,
      ]);
      expect(q.gasSource).to.equal("chain");
      expect(formatMinor(q.amountMinor, 2, "CNY")).to.equal("CNY 18.27");
    });

    it("gives the cost saved per term on the COST_SAVED basis, with the same CO2e", function () {
      const q = computeDonation({
        methodology: published,
        basis: "COST_SAVED",
        tickets: 5_000n,
        issuanceGasUsed: gas,
      });
      expect(q.costTerms.map((t) => [t.id, t.minor])).to.deep.equal([
        ["print:ticket", 250_000n],
        ["print:envelope", 100_000n],
        ["delivery", 600_000n],
      ]);
      expect([q.rate, q.amountMinor, q.costSavedMinor, q.netGrams]).to.deep.equal([
        190n,
        950_000n,
        950_000n,
        187_332n,
      ]);
      expect(formatMinor(q.amountMinor, 2, "CNY")).to.equal("CNY 9,500.00");
    });

    it("estimates the gas from the methodology when no chain is given, and says so", function () {
      const q = computeDonation({ methodology: published, basis: "CARBON_PRICE", tickets: 5_000n });
      expect(q.issuanceGasUsed).to.equal(gas); // 5,000 × 48,000
      expect(q.gasSource).to.equal("estimate");
      expect(q.amountMinor).to.equal(1_827n);
    });

    it("gives the same output for the same inputs (integers only)", function () {
      const a = computeDonation({
        methodology: published,
        basis: "CARBON_PRICE",
        tickets: 4_321n,
        issuanceGasUsed: 7n,
      });
      const b = computeDonation({
        methodology: published,
        basis: "CARBON_PRICE",
        tickets: 4_321n,
        issuanceGasUsed: 7n,
      });
      expect(a).to.deep.equal(b);
    });

    it("prints a table with every term, the rate and the amount", function () {
      const q = computeDonation({
        methodology: published,
        basis: "CARBON_PRICE",
        tickets: 5_000n,
        issuanceGasUsed: gas,
      });
      const table = formatQuote(q).join("\n");
      for (const s of ["8,356 g (up)", "5,296 g (down)", "187,332 g", "CNY 18.27", "CNY 9,500.00"]) {
        expect(table).to.contain(s);
      }
    });
  });

  describe("rounding edges", function () {
    it("keeps an exact gram and rounds one milligram over up to the next gram", function () {
      const exact = computeDonation({
        methodology: tiny(),
        basis: "CARBON_PRICE",
        tickets: 1n,
        issuanceGasUsed: 0n,
      });
      expect(grams(exact, "paper:ticket")).to.equal(1n); // 1,000 mg × 1e6 / 1e9 = 1 g
      const over = tiny();
      over.printedItems[0]!.massMilligrams = 1_001; // 1.001 g → 2 g
      expect(
        grams(
          computeDonation({ methodology: over, basis: "CARBON_PRICE", tickets: 1n, issuanceGasUsed: 0n }),
          "paper:ticket",
        ),
      ).to.equal(2n);
    });

    it("rounds the digital term down", function () {
      const m = tiny({ digital: { ...published.digital, microgramsCO2ePerYear: 999_999, gasPerYear: 1 } });
      const q = computeDonation({ methodology: m, basis: "CARBON_PRICE", tickets: 1n, issuanceGasUsed: 1n });
      expect(q.digitalGrams).to.equal(0n); // 0.999999 g → 0 g
      const q2 = computeDonation({ methodology: m, basis: "CARBON_PRICE", tickets: 1n, issuanceGasUsed: 2n });
      expect(q2.digitalGrams).to.equal(1n); // 1.999998 g → 1 g
    });

    it("rounds the carbon-price amount up, and is exact on a whole minor unit", function () {
      // 1 g net at 1,000,000 minor/t = exactly 1 minor unit; at 1,000,001 minor/t = 1.000001 → 2.
      const exact = computeDonation({
        methodology: tiny(),
        basis: "CARBON_PRICE",
        tickets: 1n,
        issuanceGasUsed: 0n,
      });
      expect([exact.netGrams, exact.amountMinor]).to.deep.equal([1n, 1n]);
      const over = tiny({ carbonPrice: { minorPerTonne: 1_000_001, date: "2025-01-01", source: SOURCE } });
      expect(
        computeDonation({ methodology: over, basis: "CARBON_PRICE", tickets: 1n, issuanceGasUsed: 0n })
          .amountMinor,
      ).to.equal(2n);
      const under = tiny({ carbonPrice: { minorPerTonne: 1, date: "2025-01-01", source: SOURCE } });
      // 1 g × 1 / 1e6 = 0.000001 → 1 minor unit: any positive net donates at least one minor unit.
      expect(
        computeDonation({ methodology: under, basis: "CARBON_PRICE", tickets: 1n, issuanceGasUsed: 0n })
          .amountMinor,
      ).to.equal(1n);
    });

    it("floors the net at zero when issuance emitted more than printing would have, and donates nothing", function () {
      // avoided 1 g; digital 5 gas × 1 g = 5 g → net max(1 − 5, 0) = 0 → amount 0.
      const q = computeDonation({
        methodology: tiny(),
        basis: "CARBON_PRICE",
        tickets: 1n,
        issuanceGasUsed: 5n,
      });
      expect([q.avoidedGrams, q.digitalGrams, q.netGrams, q.amountMinor]).to.deep.equal([1n, 5n, 0n, 0n]);
      // On COST_SAVED the cost is still donated in full: 1 × 7.
      const c = computeDonation({
        methodology: tiny(),
        basis: "COST_SAVED",
        tickets: 1n,
        issuanceGasUsed: 5n,
      });
      expect([c.netGrams, c.amountMinor]).to.deep.equal([0n, 7n]);
    });

    it("gives zero for zero tickets", function () {
      const q = computeDonation({
        methodology: published,
        basis: "CARBON_PRICE",
        tickets: 0n,
        issuanceGasUsed: 0n,
      });
      expect([q.avoidedGrams, q.netGrams, q.amountMinor]).to.deep.equal([0n, 0n, 0n]);
    });
  });

  describe("methodology file", function () {
    it("has a canonical hash that ignores formatting and key order", function () {
      const reorder = (v: unknown): unknown =>
        Array.isArray(v)
          ? v.map(reorder)
          : typeof v === "object" && v !== null
            ? Object.fromEntries(
                Object.entries(v)
                  .reverse()
                  .map(([k, x]) => [k, reorder(x)]),
              )
            : v;
      const reordered = JSON.stringify(reorder(JSON.parse(text)), null, 7);
      expect(reordered).to.not.equal(text);
      expect(parseMethodology({ text: reordered }).hash).to.equal(publishedHash);
      expect(canonicalHash(JSON.parse(text))).to.equal(publishedHash);
      expect(parseMethodology({ text: JSON.stringify(JSON.parse(text)) }).hash).to.equal(publishedHash);
      expect(canonicalJson({ b: 1, a: [true, "x", null] })).to.equal('{"a":[true,"x",null],"b":1}');
    });

    it("changes its hash when any factor changes", function () {
      const data = JSON.parse(text) as { carbonPrice: { minorPerTonne: number } };
      data.carbonPrice.minorPerTonne += 1;
      expect(parseMethodology({ text: JSON.stringify(data) }).hash).to.not.equal(publishedHash);
    });

    function withValue(path: string[], value: unknown): string {
      const data = JSON.parse(text) as Record<string, unknown>;
      let node = data;
      for (const key of path.slice(0, -1)) node = node[key] as Record<string, unknown>;
      node[path[path.length - 1]!] = value;
      return JSON.stringify(data, null, 2);
    }

    for (const [what, path, value] of [
      ["a negative factor", ["paperProduction", "gramsCO2ePerTonne"], -1],
      ["a non-integer factor", ["delivery", "milligramsCO2ePerItem"], 26.5],
      ["a factor given as text", ["carbonPrice", "minorPerTonne"], "9749"],
      ["a zero denominator", ["printingOverhead", "denominator"], 0],
      ["a factor beyond 2^53", ["digital", "microgramsCO2ePerYear"], 2 ** 60],
      [
        "a source with an unknown status",
        ["paperProduction", "source"],
        { title: "x", year: 2020, status: "trust me" },
      ],
      ["the wrong exponent for the currency", ["currency"], { code: "JPY", exponent: 2 }],
      ["an unknown schema", ["schema"], "something/else"],
    ] as const) {
      it(`rejects ${what}, naming the file, line and path`, function () {
        let error: unknown;
        try {
          parseMethodology({ text: withValue([...path], value), file: "m.json" });
        } catch (e) {
          error = e;
        }
        expect(error).to.be.instanceOf(InvalidMethodologyError);
        const e = error as InvalidMethodologyError;
        expect(e.location.file).to.equal("m.json");
        expect(e.location.path.startsWith(path[0])).to.equal(true);
        expect(e.location.line).to.be.a("number");
      });
    }

    it("rejects an unknown currency code", function () {
      expect(() =>
        parseMethodology({ text: withValue(["currency"], { code: "XYZ", exponent: 2 }) }),
      ).to.throw(UnknownCurrencyError);
      expect(() =>
        parseMethodology({ text: withValue(["currency"], { code: "cny", exponent: 2 }) }),
      ).to.throw(UnknownCurrencyError);
    });

    it("rejects text that is not JSON", function () {
      expect(() => parseMethodology({ text: "{ nope" })).to.throw(InvalidMethodologyError);
    });
  });

  describe("ISO 4217 table", function () {
    it("knows the exponents of common codes", function () {
      expect([
        iso4217Exponent("CNY"),
        iso4217Exponent("EUR"),
        iso4217Exponent("JPY"),
        iso4217Exponent("KWD"),
      ]).to.deep.equal([2, 2, 0, 3]);
      expect(iso4217Exponent("XAU")).to.equal(undefined);
    });

    it("lists only codes that the runtime's ICU also knows, apart from ISO fund codes and the new VED", function () {
      const icu = new Set(Intl.supportedValuesOf("currency"));
      const unknownToIcu = iso4217Codes().filter((c) => !icu.has(c));
      const funds = ["BOV", "CHE", "CHW", "CLF", "COU", "MXV", "USN", "UYI", "UYW", "VED"];
      expect(unknownToIcu.every((c) => funds.includes(c))).to.equal(true);
    });
  });
});
