import { PapercutError } from "../errors.js";

/** A text for people in Chinese and English (as the event file has them). */
export interface SiteText {
  zh: string;
  en: string;
}

/** The event as its attendees see it, from the event file (`tickets web --config`). */
export interface SiteEvent {
  name: SiteText;
  /** Unix seconds. */
  start: number;
  end: number;
  /** The IANA time zone the event's dates are shown in (from the start's UTC offset when not given). */
  timeZone?: string | undefined;
  venue?: SiteText | undefined;
  organizer?: SiteText | undefined;
  description?: SiteText | undefined;
  /** How to get help: a contact line. */
  help?: SiteText | undefined;
  /** The accessibility services (无障碍) offered. */
  accessibility?: SiteText | undefined;
  /** The contract's transfer policy by name (`transferable`, `locked-during-event`, …). */
  transferPolicy?: string | undefined;
}

/** What `tickets web` writes next to the built pages as `config.json`, and what the pages read back. */
export interface SiteConfig {
  /** Decimal chain id the contracts live on. */
  chainId: string;
  /** A human name for the network. */
  networkName: string;
  /** The ticket contract. */
  ticket: string;
  /** A public, read-only JSON-RPC URL for visitors without a wallet (optional). */
  rpcUrl?: string;
  /** The block the ticket contract was deployed in (where log queries start). */
  fromBlock: number;
  /** The claim-link contract (`TicketClaims`), when the event has claim links. */
  claims?: string | undefined;
  /** The organizer's claim relayer (`tickets claims relay`), when it pays attendees' gas. */
  relayerUrl?: string | undefined;
  /** The event's names, dates, venue and help for attendees, when the site was built with the event file. */
  event?: SiteEvent | undefined;
}

/**
 * A `config.json` the pages cannot use: its ticket address or chain id is missing or malformed.
 *
 * @example
 * throw new InvalidSiteConfigError("ticket", "`ticket` is not an address");
 */
export class InvalidSiteConfigError extends PapercutError {
  override name = "InvalidSiteConfigError";
  /** The key that is wrong. */
  readonly key: string;

  constructor(key: string, problem: string) {
    super(`config.json: ${problem}`);
    this.key = key;
  }
}

const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

function siteText(raw: unknown): SiteText | undefined {
  const r = raw as Partial<Record<"zh" | "en", unknown>> | null | undefined;
  return typeof r?.zh === "string" && typeof r.en === "string" ? { zh: r.zh, en: r.en } : undefined;
}

/** The `event` block, or undefined when it is missing or malformed (the pages then show the chain's name only). */
function siteEvent(raw: unknown): SiteEvent | undefined {
  const e = (typeof raw === "object" && raw !== null ? raw : {}) as Partial<Record<keyof SiteEvent, unknown>>;
  const name = siteText(e.name);
  if (name === undefined || !Number.isInteger(e.start) || !Number.isInteger(e.end)) return undefined;
  return {
    name,
    start: e.start as number,
    end: e.end as number,
    timeZone: typeof e.timeZone === "string" ? e.timeZone : undefined,
    venue: siteText(e.venue),
    organizer: siteText(e.organizer),
    description: siteText(e.description),
    help: siteText(e.help),
    accessibility: siteText(e.accessibility),
    transferPolicy: typeof e.transferPolicy === "string" ? e.transferPolicy : undefined,
  };
}

/**
 * Checks a parsed `config.json` (as the pages fetch it) and fills in its optional keys: a missing network name
 * becomes `chain <id>`, a missing `fromBlock` 0, and a malformed optional value (claims contract, RPC or relayer
 * URL) is dropped rather than used.
 *
 * @param raw - The parsed JSON.
 * @returns The configuration the pages run on.
 * @throws {InvalidSiteConfigError} When `ticket` is not an address or `chainId` not a decimal string.
 * @example
 * const config = parseSiteConfig(await (await fetch("config.json")).json());
 */
export function parseSiteConfig(raw: unknown): SiteConfig {
  const c = (typeof raw === "object" && raw !== null ? raw : {}) as Partial<
    Record<keyof SiteConfig, unknown>
  >;
  if (typeof c.ticket !== "string" || !ADDRESS.test(c.ticket)) {
    throw new InvalidSiteConfigError("ticket", "`ticket` is not an address");
  }
  if (typeof c.chainId !== "string" || !/^[0-9]+$/.test(c.chainId)) {
    throw new InvalidSiteConfigError("chainId", "bad `chainId`");
  }
  return {
    chainId: c.chainId,
    networkName: typeof c.networkName === "string" ? c.networkName : `chain ${c.chainId}`,
    ticket: c.ticket,
    rpcUrl: typeof c.rpcUrl === "string" ? c.rpcUrl : undefined,
    fromBlock: typeof c.fromBlock === "number" ? c.fromBlock : 0,
    claims: typeof c.claims === "string" && ADDRESS.test(c.claims) ? c.claims : undefined,
    relayerUrl:
      typeof c.relayerUrl === "string" && /^https?:\/\//.test(c.relayerUrl) ? c.relayerUrl : undefined,
    event: siteEvent(c.event),
  };
}
