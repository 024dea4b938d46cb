import type { Basis, CarbonTerm, CostTerm, DonationQuote, Methodology } from "./types.js";

export interface ComputeDonationParameters {
  methodology: Methodology;
  basis: Basis;
  /** Tickets issued (the digital tickets that replaced printed ones). */
  tickets: bigint;
  /**
   * Gas used by the issuance transactions (from the chain). When omitted, the methodology's
   * `estimatedGasPerTicket × tickets` is used and the quote says so (`gasSource: "estimate"`).
   */
  issuanceGasUsed?: bigint | undefined;
}

export type ComputeDonationReturnType = DonationQuote;

const MG_PER_G = 1_000n;
const UG_PER_G = 1_000_000n;
/** milligrams × (grams per tonne) / 1e9 = grams. */
const MG_G_PER_T_TO_G = 1_000_000_000n;
const G_PER_T = 1_000_000n;

/**
 * Computes a carbon-offset donation in integers only, and its breakdown term by term.
 *
 * Rounding (stated in the methodology, always in the charity's favour): each avoided-emission term is
 * rounded up to a whole gram, the digital term down; `net = max(avoided − digital, 0)`. On CARBON_PRICE the
 * amount is `ceil(net × pricePerTonne / 1e6)` minor units; on COST_SAVED it is `tickets × costPerTicket`
 * (exact, since costs are stated per item in whole minor units). Both bases compute both sides.
 *
 * @param parameters The methodology, basis, ticket count and issuance gas.
 * @returns The quote with every term.
 * @example
 * const quote = computeDonation({ methodology, basis: "CARBON_PRICE", tickets: 5000n, issuanceGasUsed: 150_000_000n });
 * quote.amountMinor; // minor units of quote.currency
 */
export function computeDonation({
  methodology: m,
  basis,
  tickets,
  issuanceGasUsed,
}: ComputeDonationParameters): ComputeDonationReturnType {
  if (tickets < 0n) throw new RangeError("tickets must not be negative");
  const gasSource = issuanceGasUsed === undefined ? "estimate" : "chain";
  const gas = issuanceGasUsed ?? tickets * BigInt(m.digital.estimatedGasPerTicket);
  if (gas < 0n) throw new RangeError("issuance gas must not be negative");

  const ef = BigInt(m.paperProduction.gramsCO2ePerTonne);
  const carbonTerms: CarbonTerm[] = [];
  const costTerms: CostTerm[] = [];

  let paperMgTotal = 0n;
  for (const item of m.printedItems) {
    const mg = tickets * BigInt(item.perTicket) * BigInt(item.massMilligrams);
    paperMgTotal += mg;
    carbonTerms.push({
      id: `paper:${item.id}`,
      label: `paper: ${item.id}`,
      side: "avoided",
      formula: `${g(tickets)} × ${item.perTicket} × ${g(item.massMilligrams)} mg × ${g(ef)} g/t`,
      grams: ceilDiv(mg * ef, MG_G_PER_T_TO_G),
      rounding: "up",
    });
    costTerms.push({
      id: `print:${item.id}`,
      label: `printing: ${item.id}`,
      formula: `${g(tickets)} × ${item.perTicket} × ${g(item.costMinorPerItem)}`,
      minor: tickets * BigInt(item.perTicket) * BigInt(item.costMinorPerItem),
    });
  }

  const { numerator, denominator } = m.printingOverhead;
  carbonTerms.push({
    id: "printing",
    label: "printing overhead",
    side: "avoided",
    formula: `${g(paperMgTotal)} mg × ${g(ef)} g/t × ${numerator}/${denominator}`,
    grams: ceilDiv(paperMgTotal * ef * BigInt(numerator), MG_G_PER_T_TO_G * BigInt(denominator)),
    rounding: "up",
  });

  const deliveries = tickets * BigInt(m.delivery.itemsPerTicket);
  carbonTerms.push({
    id: "delivery",
    label: "delivery",
    side: "avoided",
    formula: `${g(deliveries)} items × ${g(m.delivery.milligramsCO2ePerItem)} mg`,
    grams: ceilDiv(deliveries * BigInt(m.delivery.milligramsCO2ePerItem), MG_PER_G),
    rounding: "up",
  });
  costTerms.push({
    id: "delivery",
    label: "delivery",
    formula: `${g(deliveries)} items × ${g(m.delivery.costMinorPerItem)}`,
    minor: deliveries * BigInt(m.delivery.costMinorPerItem),
  });

  const ugPerYear = BigInt(m.digital.microgramsCO2ePerYear);
  const gasPerYear = BigInt(m.digital.gasPerYear);
  const digitalGrams = (gas * ugPerYear) / (gasPerYear * UG_PER_G);
  carbonTerms.push({
    id: "digital",
    label: `digital: issuance gas (${gasSource === "chain" ? "from the chain" : "estimated"})`,
    side: "digital",
    formula: `${g(gas)} gas × ${g(ugPerYear)} µg/yr ÷ ${g(gasPerYear)} gas/yr`,
    grams: digitalGrams,
    rounding: "down",
  });

  const avoidedGrams = carbonTerms.filter((t) => t.side === "avoided").reduce((s, t) => s + t.grams, 0n);
  const netGrams = avoidedGrams > digitalGrams ? avoidedGrams - digitalGrams : 0n;

  const costPerTicket =
    m.printedItems.reduce((s, i) => s + BigInt(i.perTicket) * BigInt(i.costMinorPerItem), 0n) +
    BigInt(m.delivery.itemsPerTicket) * BigInt(m.delivery.costMinorPerItem);
  const costSavedMinor = costTerms.reduce((s, t) => s + t.minor, 0n);

  const rate = basis === "CARBON_PRICE" ? BigInt(m.carbonPrice.minorPerTonne) : costPerTicket;
  const amountMinor = basis === "CARBON_PRICE" ? ceilDiv(netGrams * rate, G_PER_T) : tickets * rate;

  return {
    basis,
    tickets,
    issuanceGasUsed: gas,
    gasSource,
    carbonTerms,
    costTerms,
    avoidedGrams,
    digitalGrams,
    netGrams,
    costSavedMinor,
    currency: m.currency.code,
    currencyExponent: m.currency.exponent,
    rate,
    amountMinor,
  };
}

/** Digits grouped by thousands, for the formulas. */
function g(n: bigint | number): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** `ceil(a / b)` for `a ≥ 0`, `b > 0`. */
function ceilDiv(a: bigint, b: bigint): bigint {
  return a === 0n ? 0n : (a - 1n) / b + 1n;
}
