import { en } from "./i18n/en.js";
import { zhCN, type MessageKey } from "./i18n/zh-CN.js";

/** The pages' languages: Simplified Chinese first (the default), then English. */
export const LANGUAGES = ["zh-CN", "en"] as const;
export type Language = (typeof LANGUAGES)[number];
export type { MessageKey };

/** Every catalog, by language. */
export const CATALOGS: Record<Language, Record<MessageKey, string>> = { "zh-CN": zhCN, en };

/** Where the visitor's choice is remembered (localStorage). */
export const LANGUAGE_KEY = "papercut-lang";

/** A value of `?lang=` or of the stored choice as a language, or undefined when it names none of ours. */
export function parseLanguage(value: string | null | undefined): Language | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim().toLowerCase();
  if (v === "en" || v.startsWith("en-")) return "en";
  if (v === "zh" || v === "zh-cn" || v.startsWith("zh-hans")) return "zh-CN";
  return undefined;
}

/**
 * The language a page opens in: `?lang=` when it names one of ours, else the visitor's remembered choice, else
 * Chinese (the event's language).
 *
 * @example
 * pickLanguage({ query: "?lang=en", stored: null }); // "en"
 */
export function pickLanguage({ query, stored }: { query: string; stored: string | null }): Language {
  return parseLanguage(new URLSearchParams(query).get("lang")) ?? parseLanguage(stored) ?? "zh-CN";
}

let current: Language = "zh-CN";
let timeZone: string | undefined;
let liveSwitch: (() => void) | undefined;

/** The page's language now. */
export function language(): Language {
  return current;
}

type Params = Record<string, string | number | bigint>;

/** Fills `{name}` placeholders; a placeholder without a value stays as written (a test catches it). */
function fill(text: string, params: Params): string {
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in params ? String(params[name]) : whole));
}

/**
 * A message in the page's language.
 *
 * @example
 * t("tickets.looking", { address }); // "正在查找 0x… 持有的门票…"
 */
export function t(key: MessageKey, params: Params = {}): string {
  return fill(CATALOGS[current][key], params);
}

/** A message that depends on a count: `${base}.one` or `${base}.other` by the language's plural rules. */
export function tn(base: string, count: number | bigint, params: Params = {}): string {
  const rule = new Intl.PluralRules(current).select(Number(count)) === "one" ? "one" : "other";
  return t(`${base}.${rule}` as MessageKey, { count, ...params });
}

/** A number as the page's language writes it (thousands separators). */
export function formatNumber(n: number | bigint): string {
  return new Intl.NumberFormat(current).format(n);
}

/** Sets the event's time zone (an IANA name from `config.json`); dates are shown in it. */
export function setTimeZone(zone: string | undefined): void {
  try {
    if (zone !== undefined) new Intl.DateTimeFormat("en", { timeZone: zone });
    timeZone = zone;
  } catch {
    timeZone = undefined; // an unknown zone: the visitor's own
  }
}

/** A Unix time as a date and time in the event's time zone, with the zone's name: "2022年5月20日 09:00 GMT+8". */
export function formatDateTime(seconds: number | bigint): string {
  return new Intl.DateTimeFormat(current, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    timeZoneName: "short",
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(new Date(Number(seconds) * 1000));
}

/** A Unix time as a date in the event's time zone: "2030年5月20日", "20 May 2030". */
export function formatDate(seconds: number | bigint): string {
  return new Intl.DateTimeFormat(current, {
    year: "numeric",
    month: "long",
    day: "numeric",
    ...(timeZone === undefined ? {} : { timeZone }),
  }).format(new Date(Number(seconds) * 1000));
}

/**
 * The event's dates as one range in its time zone, with the zone's name: "2030年5月20日 09:00至18:00（GMT+8）",
 * "20 May 2030, 09:00–18:00 (GMT+8)".
 */
export function formatDateRange(start: number | bigint, end: number | bigint): string {
  const zone = timeZone === undefined ? {} : { timeZone };
  const from = new Date(Number(start) * 1000);
  const range = new Intl.DateTimeFormat(current, {
    year: "numeric",
    month: "long",
    day: "numeric",
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
    ...zone,
  }).formatRange(from, new Date(Number(end) * 1000));
  const name =
    new Intl.DateTimeFormat(current, { timeZoneName: "short", ...zone })
      .formatToParts(from)
      .find((p) => p.type === "timeZoneName")?.value ?? "";
  return t("event.timeRange", { range, zone: name });
}

/** A Unix time as a clock in the event's time zone ("14:02:11"), with the date when it is not today. */
export function formatClock(seconds: number): string {
  const date = new Date(seconds * 1000);
  const zone = timeZone === undefined ? {} : { timeZone };
  const day = (d: Date) => new Intl.DateTimeFormat("en-CA", { ...zone }).format(d);
  const time = new Intl.DateTimeFormat(current, {
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
    ...zone,
  }).format(date);
  if (day(date) === day(new Date())) return time;
  return `${new Intl.DateTimeFormat(current, { month: "short", day: "numeric", ...zone }).format(date)} ${time}`;
}

/**
 * Puts the page's fixed texts in its language: `<html lang>`, every `[data-i18n]` element's text, every
 * `[data-i18n-attr="aria-label:key;title:key"]` attribute, and the language switch (a link to the other
 * language, with its `hreflang` and `lang`).
 */
export function applyLanguage(root: ParentNode = document): void {
  document.documentElement.lang = current;
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n]")) {
    node.textContent = t(node.dataset.i18n as MessageKey);
  }
  for (const node of root.querySelectorAll<HTMLElement>("[data-i18n-attr]")) {
    for (const pair of (node.dataset.i18nAttr ?? "").split(";")) {
      const [attr, key] = pair.split(":");
      if (attr && key) node.setAttribute(attr.trim(), t(key.trim() as MessageKey));
    }
  }
  const other: Language = current === "zh-CN" ? "en" : "zh-CN";
  for (const link of root.querySelectorAll<HTMLAnchorElement>("a.lang-switch")) {
    const url = new URL(location.href);
    url.searchParams.set("lang", other);
    link.href = url.search + url.hash;
    link.hreflang = other;
    link.lang = other;
  }
}

/**
 * A page that can change language without reloading (the gate, which must not lose its open desk) registers
 * what to redraw; every other page reloads in the new language.
 */
export function onLanguageChange(redraw: () => void): void {
  liveSwitch = redraw;
}

/** Switches the page to `next`, remembered for the next visit. */
export function switchLanguage(next: Language): void {
  current = next;
  try {
    localStorage.setItem(LANGUAGE_KEY, next);
  } catch {
    // storage refused (private mode): the choice lasts for this page only
  }
  const url = new URL(location.href);
  url.searchParams.delete("lang");
  history.replaceState(history.state, "", url);
  if (liveSwitch === undefined) {
    location.reload();
    return;
  }
  applyLanguage();
  liveSwitch();
}

/**
 * Starts a page's language: picks it (`pickLanguage`), remembers a `?lang=` choice, fills the fixed texts and
 * wires the language switch. Call first thing in every page.
 */
export function startLanguage(): void {
  let stored: string | null = null;
  try {
    stored = localStorage.getItem(LANGUAGE_KEY);
  } catch {
    stored = null;
  }
  current = pickLanguage({ query: location.search, stored });
  if (parseLanguage(new URLSearchParams(location.search).get("lang")) !== undefined) {
    try {
      localStorage.setItem(LANGUAGE_KEY, current);
    } catch {
      // not remembered
    }
  }
  applyLanguage();
  for (const link of document.querySelectorAll<HTMLAnchorElement>("a.lang-switch")) {
    link.addEventListener("click", (event) => {
      event.preventDefault();
      switchLanguage(current === "zh-CN" ? "en" : "zh-CN");
    });
  }
}
