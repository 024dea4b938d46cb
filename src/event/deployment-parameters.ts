import type { ArtConfig } from "../art/config.js";
import { InvalidStubTextError } from "../art/errors.js";
import { decodeGlyphSet } from "../art/glyphs/decode-glyph-set.js";
import { encodeGlyphSet } from "../art/glyphs/encode-glyph-set.js";
import { STUB_MAX_WIDTH, glyphTextPath } from "../art/sections/stub.js";
import { ticketGlyphTexts } from "../art/glyphs/ticket-glyph-texts.js";
import type { EventConfig } from "./event-config.js";
import { TRANSFER_POLICIES } from "./event-config.js";

/** Ignition parameters of one module: its parameter names and values. */
export type ModuleParameters = Record<string, string | bigint>;

/**
 * The Ignition parameters of the event's submodules, from the event file: the ticket contract's constructor
 * (name, symbol, cap, royalty, URIs, window, transfer policy; the deployer is its first admin, and the handover
 * moves the roles afterwards) and the renderer's (salt, the name and date in Chinese and English, the ticket page's
 * address prefix and the glyph set).
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
 * The renderer's configuration from the event file: its salt, the name and date in Chinese (drawn in the glyph
 * font, whose subset to exactly their characters is built here) and English (the stroke font), and the ticket
 * page's address prefix.
 *
 * @param event The validated event.
 * @returns What `PapercutRenderer`'s constructor and the off-chain mirror take.
 * @throws {UnsupportedGlyphError} naming the field and a character the font lacks, or
 * {InvalidStubTextError} when a Chinese text is too wide for the stub.
 * @example
 * const svg = renderTicketSvg({ ...artConfigOf(event), tokenId: 1n, state: TicketState.Valid });
 */
export function artConfigOf(event: EventConfig): ArtConfig {
  const glyphs = encodeGlyphSet({
    texts: ticketGlyphTexts({ eventNameZh: event.name.zh, dateTextZh: event.dateText.zh }),
  });
  const set = decodeGlyphSet(glyphs);
  for (const [field, text, max] of [
    ["name.zh", event.name.zh, STUB_MAX_WIDTH.name],
    ["dateText.zh", event.dateText.zh, STUB_MAX_WIDTH.date],
  ] as const) {
    const { width } = glyphTextPath(set, text);
    if (width > max) {
      throw new InvalidStubTextError(
        field,
        text,
        -1,
        `${width} glyph units wide, the stub holds ${max} (about ${Math.floor(max / 64)} Chinese characters)`,
      );
    }
  }
  return {
    salt: event.salt,
    eventNameZh: event.name.zh,
    eventName: event.name.en,
    dateTextZh: event.dateText.zh,
    dateText: event.dateText.en,
    externalUrl: ticketPagePrefix(event.site),
    glyphs: `0x${Buffer.from(glyphs).toString("hex")}`,
    eventDate: event.start,
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
  "PapercutRendererModule#PapercutRenderer": [
    "salt",
    "name.zh",
    "name.en",
    "dateText.zh",
    "dateText.en",
    "site",
    "name.zh and dateText.zh (their glyphs)",
    "start",
  ],
};

/** Each ticket's `external_url` prefix: the site's ticket page, to which the renderer appends the number. */
export function ticketPagePrefix(site: string): string {
  return site === "" ? "" : `${site.replace(/\/+$/, "")}/show.html?token=`;
}
