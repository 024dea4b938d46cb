import type { ArtConfig } from "./config.js";
import { decodeGlyphSet } from "./glyphs/decode-glyph-set.js";
import { encodeGlyphSet } from "./glyphs/encode-glyph-set.js";
import { GEOMETRY } from "./palette.js";
import { renderPng } from "./render-png.js";
import { renderTicketSvg } from "./render-ticket-svg.js";
import { glyphTextPath } from "./sections/stub.js";
import type { TicketStateValue } from "./state.js";

/** One ticket on a contact sheet, and its caption. */
export interface ContactSheetTicket {
  tokenId: bigint;
  state: TicketStateValue;
  /** Caption under it, drawn in the glyph font (Chinese then English). */
  caption: string;
}

/** Parameters of {@link renderContactSheet}. */
export interface RenderContactSheetParameters {
  /** The event's renderer configuration. */
  config: ArtConfig;
  /** The tickets, left to right. */
  tickets: readonly ContactSheetTicket[];
  /** Width of one ticket on the sheet, in pixels. */
  cell?: number;
}

/**
 * A contact sheet of tickets as PNG: each ticket whole, with its caption, and below it the square that a wallet's
 * grid crops from its middle. Rendered with resvg from the mirror's SVGs; the captions are drawn from a glyph set
 * made for them (no font is loaded), like the tickets' own texts.
 *
 * @param parameters - Configuration, tickets and cell width.
 * @returns The PNG file's bytes.
 * @example
 * writeFileSync("docs/papercut-contact-sheet.png", renderContactSheet({ config: SAMPLE_ART, tickets }));
 */
export function renderContactSheet({ config, tickets, cell = 260 }: RenderContactSheetParameters): Buffer {
  const gap = 24;
  const height = Math.round((cell * GEOMETRY.height) / GEOMETRY.width);
  const captionHeight = 34;
  const glyphs = decodeGlyphSet(
    encodeGlyphSet({ texts: tickets.map((t, i) => ({ field: `caption ${i + 1}`, text: t.caption })) }),
  );
  const pngUri = (svg: string, width: number) =>
    `data:image/png;base64,${renderPng({ svg, width }).toString("base64")}`;
  const totalWidth = gap + tickets.length * (cell + gap);
  const squareTop = gap + height + captionHeight + gap;
  const totalHeight = squareTop + cell + gap;
  let body = "";
  tickets.forEach((t, i) => {
    const x = gap + i * (cell + gap);
    const svg = renderTicketSvg({ ...config, tokenId: t.tokenId, state: t.state });
    body += `<image x="${x}" y="${gap}" width="${cell}" height="${height}" href="${pngUri(svg, Math.round(cell * 1.5))}"/>`;
    const square = svg
      .replace(`height="${GEOMETRY.height}"`, `height="${GEOMETRY.width}"`)
      .replace(
        `viewBox="0 0 ${GEOMETRY.width} ${GEOMETRY.height}"`,
        `viewBox="0 ${(GEOMETRY.height - GEOMETRY.width) / 2} ${GEOMETRY.width} ${GEOMETRY.width}"`,
      );
    body += `<image x="${x}" y="${squareTop}" width="${cell}" height="${cell}" href="${pngUri(square, Math.round(cell * 1.5))}"/>`;
    const { d, width } = glyphTextPath(glyphs, t.caption);
    const scale = Math.min(0.3, (cell - 8) / width);
    body += `<path fill="#f7efe1" transform="translate(${x + (cell - width * scale) / 2} ${gap + height + 8}) scale(${scale})" d="M0 0${d}"/>`;
  });
  const sheet =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${totalWidth}" height="${totalHeight}" viewBox="0 0 ${totalWidth} ${totalHeight}">` +
    `<rect width="${totalWidth}" height="${totalHeight}" fill="#2b211d"/>${body}</svg>`;
  return renderPng({ svg: sheet, width: Math.round(totalWidth * 1.5) });
}
