import type { ArtConfig } from "../art/config.js";
import type { EventConfig } from "./event-config.js";
import { TRANSFER_POLICIES } from "./event-config.js";

/** Ignition parameters of one module: its parameter names and values. */
export type ModuleParameters = Record<string, string | bigint>;

/**
 * The Ignition parameters of the event's submodules, from the event file: the ticket contract's constructor
 * (name, symbol, cap, royalty, URIs, window, transfer policy; the deployer is its first admin, and the handover
 * moves the roles afterwards) and the renderer's (salt, the English name and date drawn on the stub, and the
 * ticket page's address prefix).
 *
 * @param event The validated event.
 * @returns Parameters by module id.
 * @example
 * await connection.ignition.deploy(module, { parameters: eventDeploymentParameters(event) });
 */
export function eventDeploymentParameters(event: EventConfig): {
  PapercutTicketModule: ModuleParameters;
  PapercutRendererModule: ModuleParameters;
} {
  return {
    PapercutTicketModule: {
      name: event.name.en,
      symbol: event.symbol,
      cap: event.cap,
      royaltyReceiver: event.royalty.receiver,
      royaltyFeeBps: event.royalty.bps,
      baseURI: event.baseURI,
      contractURI: event.contractURI,
      eventStart: event.start,
      eventEnd: event.end,
      transferPolicy: BigInt(TRANSFER_POLICIES[event.transferPolicy]),
    },
    PapercutRendererModule: { ...artConfigOf(event) },
  };
}

/**
 * The renderer's configuration from the event file: its salt, the English name and date drawn on the stub (until
 * the art draws Chinese), and the ticket page's address prefix.
 *
 * @param event The validated event.
 * @returns What `PapercutRenderer`'s constructor and the off-chain mirror take.
 * @example
 * const svg = renderTicketSvg({ ...artConfigOf(event), tokenId: 1n, state: TicketState.Valid });
 */
export function artConfigOf(event: EventConfig): ArtConfig {
  return {
    salt: event.salt,
    eventName: event.name.en,
    dateText: event.dateText.en,
    externalUrl: ticketPagePrefix(event.site),
  };
}

/**
 * The event file's field behind each constructor argument of the deployed contracts, by Ignition future id (so a
 * changed argument is named as the organizer wrote it).
 */
export const CONSTRUCTOR_FIELDS: Record<string, readonly string[]> = {
  "PapercutTicketModule#PapercutTicket": [
    "name.en",
    "symbol",
    "cap",
    "the deployer (admin)",
    "royalty.receiver",
    "royalty.bps",
    "baseURI",
    "contractURI",
    "start",
    "end",
    "transferPolicy",
  ],
  "PapercutRendererModule#PapercutRenderer": ["salt", "name.en", "dateText.en", "site"],
};

/** Each ticket's `external_url` prefix: the site's ticket page, to which the renderer appends the number. */
export function ticketPagePrefix(site: string): string {
  return site === "" ? "" : `${site.replace(/\/+$/, "")}/show.html?token=`;
}
