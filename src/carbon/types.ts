/** The two bases a donation can be computed on (the ledger's `Basis` enum, in the same order). */
export const BASES = ["CARBON_PRICE", "COST_SAVED"] as const;

/** `CARBON_PRICE`: net CO2e avoided × a carbon price per tonne. `COST_SAVED`: the printing and delivery cost saved. */
export type Basis = (typeof BASES)[number];

/** How far a published figure was checked. */
export type SourceStatus = "verified" | "partly verified" | "derived" | "assumption";

/** Where a figure comes from. */
export interface Source {
  title: string;
  url?: string | undefined;
  /** Year (or year range start) of the figure. */
  year: number;
  status: SourceStatus;
  note?: string | undefined;
}

/** One kind of printed item that the digital ticket replaces (ticket, envelope, badge, programme…). */
export interface PrintedItem {
  id: string;
  description: string;
  /** How many of this item one ticket would have needed. */
  perTicket: number;
  /** Paper mass of one item, milligrams. */
  massMilligrams: number;
  /** Cost of printing (or buying) one item, minor units of the methodology's currency. */
  costMinorPerItem: number;
  massSource: Source;
  costSource: Source;
}

/** A fraction of two integers (used for ratios, so that no factor is ever a float). */
export interface Ratio {
  numerator: number;
  denominator: number;
}

/** The published methodology (`metadata/carbon/methodology.json`), validated. Every number is an integer. */
export interface Methodology {
  schema: "papercut-tickets/carbon-methodology/1";
  title: string;
  version: string;
  rounding: string;
  currency: { code: string; exponent: number };
  printedItems: PrintedItem[];
  paperProduction: { gramsCO2ePerTonne: number; source: Source };
  printingOverhead: Ratio & { source: Source };
  delivery: {
    itemsPerTicket: number;
    milligramsCO2ePerItem: number;
    costMinorPerItem: number;
    source: Source;
    costSource: Source;
  };
  digital: {
    /** Annual emissions of the network, micrograms CO2e … */
    microgramsCO2ePerYear: number;
    /** … divided by the gas it processes in a year gives the per-gas factor. */
    gasPerYear: number;
    /** Only for quotes without a chain (`--tickets N`): issuance gas per ticket. Never used in a record. */
    estimatedGasPerTicket: number;
    source: Source;
    estimateSource: Source;
  };
  carbonPrice: { minorPerTonne: number; date: string; source: Source };
}

/** One emission term of the breakdown, in whole grams CO2e, rounded as stated. */
export interface CarbonTerm {
  id: string;
  label: string;
  side: "avoided" | "digital";
  /** How the quantity was formed, e.g. `5000 × 1 × 1774 mg × 942000 g/t`. */
  formula: string;
  grams: bigint;
  rounding: "up" | "down";
}

/** One cost term of the breakdown, in minor units (exact: costs are stated per item in minor units). */
export interface CostTerm {
  id: string;
  label: string;
  formula: string;
  minor: bigint;
}

/** The result of a donation calculation. */
export interface DonationQuote {
  basis: Basis;
  tickets: bigint;
  issuanceGasUsed: bigint;
  /** Whether the gas came from the chain or from the methodology's per-ticket estimate. */
  gasSource: "chain" | "estimate";
  carbonTerms: CarbonTerm[];
  costTerms: CostTerm[];
  avoidedGrams: bigint;
  digitalGrams: bigint;
  netGrams: bigint;
  /** Total printing and delivery cost saved, minor units (computed on both bases). */
  costSavedMinor: bigint;
  currency: string;
  currencyExponent: number;
  /** Minor units per tonne CO2e (CARBON_PRICE) or per ticket (COST_SAVED). */
  rate: bigint;
  amountMinor: bigint;
}
