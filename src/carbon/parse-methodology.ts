import { canonicalHash } from "./canonical-json.js";
import { iso4217Exponent } from "./currencies.js";
import { InvalidMethodologyError, UnknownCurrencyError, type Location } from "./errors.js";
import type { Methodology, PrintedItem, Ratio, Source, SourceStatus } from "./types.js";

export const METHODOLOGY_SCHEMA = "papercut-tickets/carbon-methodology/1";

const STATUSES: readonly SourceStatus[] = ["verified", "partly verified", "derived", "assumption"];

export interface ParseMethodologyParameters {
  /** The file's text. */
  text: string;
  /** The file name, for error messages. */
  file?: string;
}

export interface ParseMethodologyReturnType {
  methodology: Methodology;
  /** SHA-256 of the RFC 8785 canonical JSON of the file (what the ledger stores as `methodologyHash`). */
  hash: string;
}

/**
 * Parses and validates a carbon methodology file: every factor a non-negative safe integer (denominators
 * and the network's annual gas positive), every factor with its source, the currency an active ISO 4217
 * code stated with its own exponent. Returns the methodology and its canonical hash.
 *
 * @param parameters The file's text and name.
 * @returns The methodology and its hash.
 * @throws InvalidMethodologyError for a bad value (with file, line and JSON path), UnknownCurrencyError.
 * @example
 * const { methodology, hash } = parseMethodology({ text: await readFile(file, "utf8"), file });
 */
export function parseMethodology({
  text,
  file = "methodology.json",
}: ParseMethodologyParameters): ParseMethodologyReturnType {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const error = new InvalidMethodologyError({ file, path: "$" }, "(unparsable text)", "valid JSON");
    error.cause = cause;
    throw error;
  }
  const v = new Validator(text, file);
  const root = v.object(data, "");
  const schema = v.string(root.schema, "schema");
  if (schema !== METHODOLOGY_SCHEMA) v.fail("schema", schema, JSON.stringify(METHODOLOGY_SCHEMA));

  const currencyObject = v.object(root.currency, "currency");
  const code = v.string(currencyObject.code, "currency.code");
  const exponent = v.integer(currencyObject.exponent, "currency.exponent");
  const isoExponent = iso4217Exponent(code);
  if (isoExponent === undefined) throw new UnknownCurrencyError(code, v.where("currency.code"));
  if (isoExponent !== exponent) {
    v.fail("currency.exponent", exponent, `${isoExponent} (the ISO 4217 minor unit of ${code})`);
  }

  const itemsData = root.printedItems;
  if (!Array.isArray(itemsData) || itemsData.length === 0) {
    v.fail("printedItems", itemsData, "a non-empty array of printed items");
  }
  const seen = new Set<string>();
  const printedItems = (itemsData as unknown[]).map((raw, i): PrintedItem => {
    const p = `printedItems[${i}]`;
    const item = v.object(raw, p);
    const id = v.string(item.id, `${p}.id`);
    if (!/^[a-z][a-z0-9-]*$/.test(id) || seen.has(id)) v.fail(`${p}.id`, id, "a unique lower-case id");
    seen.add(id);
    return {
      id,
      description: v.string(item.description, `${p}.description`),
      perTicket: v.integer(item.perTicket, `${p}.perTicket`),
      massMilligrams: v.integer(item.massMilligrams, `${p}.massMilligrams`),
      costMinorPerItem: v.integer(item.costMinorPerItem, `${p}.costMinorPerItem`),
      massSource: v.source(item.massSource, `${p}.massSource`),
      costSource: v.source(item.costSource, `${p}.costSource`),
    };
  });

  const paper = v.object(root.paperProduction, "paperProduction");
  const overhead = v.object(root.printingOverhead, "printingOverhead");
  const delivery = v.object(root.delivery, "delivery");
  const digital = v.object(root.digital, "digital");
  const price = v.object(root.carbonPrice, "carbonPrice");
  const date = v.string(price.date, "carbonPrice.date");
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) v.fail("carbonPrice.date", date, "a date YYYY-MM-DD");

  const methodology: Methodology = {
    schema: METHODOLOGY_SCHEMA,
    title: v.string(root.title, "title"),
    version: v.string(root.version, "version"),
    rounding: v.string(root.rounding, "rounding"),
    currency: { code, exponent },
    printedItems,
    paperProduction: {
      gramsCO2ePerTonne: v.integer(paper.gramsCO2ePerTonne, "paperProduction.gramsCO2ePerTonne"),
      source: v.source(paper.source, "paperProduction.source"),
    },
    printingOverhead: {
      ...v.ratio(overhead, "printingOverhead"),
      source: v.source(overhead.source, "printingOverhead.source"),
    },
    delivery: {
      itemsPerTicket: v.integer(delivery.itemsPerTicket, "delivery.itemsPerTicket"),
      milligramsCO2ePerItem: v.integer(delivery.milligramsCO2ePerItem, "delivery.milligramsCO2ePerItem"),
      costMinorPerItem: v.integer(delivery.costMinorPerItem, "delivery.costMinorPerItem"),
      source: v.source(delivery.source, "delivery.source"),
      costSource: v.source(delivery.costSource, "delivery.costSource"),
    },
    digital: {
      microgramsCO2ePerYear: v.integer(digital.microgramsCO2ePerYear, "digital.microgramsCO2ePerYear"),
      gasPerYear: v.integer(digital.gasPerYear, "digital.gasPerYear", 1),
      estimatedGasPerTicket: v.integer(digital.estimatedGasPerTicket, "digital.estimatedGasPerTicket"),
      source: v.source(digital.source, "digital.source"),
      estimateSource: v.source(digital.estimateSource, "digital.estimateSource"),
    },
    carbonPrice: {
      minorPerTonne: v.integer(price.minorPerTonne, "carbonPrice.minorPerTonne", 1),
      date,
      source: v.source(price.source, "carbonPrice.source"),
    },
  };
  return { methodology, hash: canonicalHash(data) };
}

/** Checks values and reports the first bad one with its file, line and path. */
class Validator {
  readonly #text: string;
  readonly #file: string;

  constructor(text: string, file: string) {
    this.#text = text;
    this.#file = file;
  }

  where(path: string): Location {
    return { file: this.#file, path: path === "" ? "$" : path, line: lineOf(this.#text, path) };
  }

  fail(path: string, value: unknown, expected: string): never {
    throw new InvalidMethodologyError(this.where(path), value, expected);
  }

  object(value: unknown, path: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value))
      this.fail(path, value, "an object");
    return value as Record<string, unknown>;
  }

  string(value: unknown, path: string): string {
    if (typeof value !== "string" || value.trim() === "") this.fail(path, value, "a non-empty string");
    return value;
  }

  integer(value: unknown, path: string, min = 0): number {
    if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
      this.fail(path, value, min === 0 ? "a non-negative integer" : `an integer of at least ${min}`);
    }
    return value;
  }

  ratio(value: Record<string, unknown>, path: string): Ratio {
    return {
      numerator: this.integer(value.numerator, `${path}.numerator`),
      denominator: this.integer(value.denominator, `${path}.denominator`, 1),
    };
  }

  source(value: unknown, path: string): Source {
    const s = this.object(value, path);
    const status = s.status as SourceStatus;
    if (!STATUSES.includes(status)) this.fail(`${path}.status`, s.status, `one of ${STATUSES.join(", ")}`);
    const url = s.url;
    if (url !== undefined && (typeof url !== "string" || !/^https?:\/\//.test(url))) {
      this.fail(`${path}.url`, url, "an http(s) URL");
    }
    const note = s.note;
    if (note !== undefined && typeof note !== "string") this.fail(`${path}.note`, note, "a string");
    return {
      title: this.string(s.title, `${path}.title`),
      url,
      year: this.integer(s.year, `${path}.year`, 1900),
      status,
      note,
    };
  }
}

/**
 * The 1-based line where a JSON path's last key appears, found by walking its keys in order through the
 * text (good enough for error messages; undefined when a key cannot be found).
 */
function lineOf(text: string, path: string): number | undefined {
  if (path === "") return 1;
  let position = 0;
  for (const part of path.split(".")) {
    const match = /^([^[]+)(?:\[(\d+)\])?$/.exec(part);
    if (match === null) return undefined;
    const found = text.indexOf(JSON.stringify(match[1]), position);
    if (found < 0) return undefined;
    position = found;
    if (match[2] !== undefined) {
      // Skip to the n-th element (the elements are objects).
      for (let i = 0; i <= Number(match[2]); i++) {
        const next = text.indexOf("{", position + 1);
        if (next < 0) return undefined;
        position = i < Number(match[2]) ? skipObject(text, next) : next;
      }
    }
  }
  return text.slice(0, position).split("\n").length;
}

/** The index of the `}` closing the object that opens at `open`. */
function skipObject(text: string, open: number): number {
  let depth = 0;
  let inString = false;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i;
  }
  return text.length;
}
