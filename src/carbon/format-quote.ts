import type { DonationQuote } from "./types.js";

/**
 * Formats an amount in minor units as a decimal in the currency's major unit, e.g. 1846 fen → `CNY 18.46`.
 *
 * @param minor Amount in minor units.
 * @param exponent ISO 4217 exponent.
 * @param code ISO 4217 code.
 * @returns The formatted amount.
 * @example
 * formatMinor(1846n, 2, "CNY"); // "CNY 18.46"
 */
export function formatMinor(minor: bigint, exponent: number, code: string): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(exponent + 1, "0");
  const whole = digits.slice(0, digits.length - exponent).replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const fraction = exponent === 0 ? "" : `.${digits.slice(digits.length - exponent)}`;
  return `${code} ${negative ? "-" : ""}${whole}${fraction}`;
}

/**
 * Formats grams with thousands separators, e.g. `192,628 g`.
 *
 * @param grams Whole grams.
 * @returns The formatted mass.
 * @example
 * formatGrams(192628n); // "192,628 g"
 */
export function formatGrams(grams: bigint): string {
  return `${grams.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",")} g`;
}

/**
 * Formats a mass in the largest unit that keeps it readable: grams, kilograms (one decimal) or tonnes (two).
 *
 * @param grams Whole grams (a bigint, or its decimal text as in a report).
 * @returns The formatted mass.
 * @example
 * formatMass(192013n); // "192.0 kg"
 */
export function formatMass(grams: bigint | string): string {
  const g = Number(grams);
  return g >= 1_000_000
    ? `${(g / 1_000_000).toFixed(2)} t`
    : g >= 1000
      ? `${(g / 1000).toFixed(1)} kg`
      : `${g} g`;
}

/**
 * The breakdown of a quote as table lines for a terminal: each emission term with its formula and
 * rounding, the totals, each cost term, the rate and the amount.
 *
 * @param quote A computed quote.
 * @param options `terms: false` prints only the basis, rate and amount (for a second basis of the same quote).
 * @returns Lines of text.
 * @example
 * console.log(formatQuote(quote).join("\n"));
 */
export function formatQuote(quote: DonationQuote, { terms = true }: { terms?: boolean } = {}): string[] {
  const money = (m: bigint) => formatMinor(m, quote.currencyExponent, quote.currency);
  const rows: [string, string, string][] = [];
  for (const t of quote.carbonTerms) {
    const sign = t.side === "digital" ? "−" : "+";
    rows.push([`${sign} ${t.label}`, t.formula, `${formatGrams(t.grams)} (${t.rounding})`]);
  }
  rows.push(["= avoided", "", formatGrams(quote.avoidedGrams)]);
  rows.push(["= digital", "", formatGrams(quote.digitalGrams)]);
  rows.push(["= net (never below 0)", "max(avoided − digital, 0)", formatGrams(quote.netGrams)]);
  const costRows: [string, string, string][] = quote.costTerms.map((t) => [
    t.label,
    t.formula,
    money(t.minor),
  ]);
  costRows.push(["= cost saved", "", money(quote.costSavedMinor)]);

  const all = [...rows, ...costRows];
  const w0 = Math.max(...all.map((r) => r[0].length));
  const w1 = Math.max(...all.map((r) => r[1].length));
  const line = (r: [string, string, string]) => `  ${r[0].padEnd(w0)}  ${r[1].padEnd(w1)}  ${r[2]}`;
  const rateText =
    quote.basis === "CARBON_PRICE"
      ? `${money(quote.rate)} per tonne CO2e → ceil(${quote.netGrams} g × ${quote.rate} / 1,000,000) (up)`
      : `${money(quote.rate)} per ticket → ${quote.tickets} tickets × ${quote.rate}`;
  const head = `Basis ${quote.basis}, ${quote.tickets} tickets`;
  const tail = [
    `Rate    ${rateText}`,
    `Amount  ${money(quote.amountMinor)} (${quote.amountMinor} minor units)`,
  ];
  if (!terms) return [head, ...tail];
  return [
    `Basis ${quote.basis}, ${quote.tickets} tickets, issuance gas ${quote.issuanceGasUsed} (${quote.gasSource === "chain" ? "from the chain" : "estimated from the methodology"})`,
    "",
    "Emissions (grams CO2e)",
    ...rows.map(line),
    "",
    `Cost saved (${quote.currency}, minor unit 10^-${quote.currencyExponent})`,
    ...costRows.map(line),
    "",
    ...tail,
  ];
}
