import { BAND_KINDS, CENTRES, PAPERS, RIMS } from "../../src/art/palette.js";
import { formatDate, formatNumber, language, t, type MessageKey } from "./i18n.js";
import type { TicketView } from "./tickets.js";

/** The renderer's trait names (English in the metadata, as marketplaces index them) and their catalog keys. */
const TRAIT_KEYS: Record<string, MessageKey> = {
  Folds: "trait.folds",
  Paper: "trait.paper",
  Centre: "trait.centre",
  Rim: "trait.rim",
  Bands: "trait.bands",
  "Ticket No.": "trait.ticketNo",
  "Event Date": "trait.eventDate",
};

/** The papercut's English part names and their Chinese names (from the art's own palette). */
const PART_NAMES_ZH: Record<string, Map<string, string>> = {
  Paper: new Map(PAPERS.map((p) => [p.name, p.zh])),
  Centre: new Map(CENTRES.map((c) => [c.name, c.zh])),
  Rim: new Map(RIMS.map((r) => [r.name, r.zh])),
  Band: new Map(BAND_KINDS.map((b) => [b.name, b.zh])),
};

/** A trait as the page shows it: name and value in the page's language. */
export interface TraitView {
  /** The metadata's trait name (kept for `data-trait`). */
  trait: string;
  label: string;
  value: string;
}

/**
 * A ticket's traits in the page's language: the renderer's trait names and part names translated (other
 * renderers' traits shown as written), numbers grouped, dates as dates in the event's time zone. The `Status`
 * trait is left out: the page shows the ticket's state as read from the chain now.
 *
 * @param attributes The decoded metadata's traits.
 * @returns The traits to list.
 * @example
 * traitViews([{ trait: "Paper", value: "Crimson" }]); // [{ trait: "Paper", label: "纸色", value: "绯红" }] in Chinese
 */
export function traitViews(attributes: TicketView["attributes"]): TraitView[] {
  const zh = language() === "zh-CN";
  const views: TraitView[] = [];
  for (const a of attributes) {
    if (a.trait === "Status") continue;
    const band = /^Band (\d+)$/.exec(a.trait);
    const key = TRAIT_KEYS[a.trait];
    const label = band ? t("trait.band", { n: band[1]! }) : key ? t(key) : a.trait;
    let value = a.value;
    const seconds = Number(a.value);
    if (a.display === "date" && a.value !== "" && Number.isSafeInteger(seconds)) value = formatDate(seconds);
    else if (a.display === "number" && a.value !== "" && Number.isFinite(seconds) && a.trait !== "Ticket No.")
      value = formatNumber(seconds);
    else if (zh) value = PART_NAMES_ZH[band ? "Band" : a.trait]?.get(a.value) ?? a.value;
    views.push({ trait: a.trait, label, value });
  }
  return views;
}
