import type { GlyphText } from "./encode-glyph-set.js";

/**
 * The ticket's own Chinese words, drawn in the glyph font whatever the event: the number line 第 … 号, its
 * digits and space, and the stamps 入场 (admitted), 纪念 (souvenir) and 作废 (voided).
 */
export const TICKET_GLYPH_LABELS = {
  numberBefore: "第 ",
  numberAfter: " 号",
  digits: "0123456789",
  admitted: "入场",
  souvenir: "纪念",
  voided: "作废",
} as const;

/** Parameters of {@link ticketGlyphTexts}. */
export interface TicketGlyphTextsParameters {
  /** The event's name in Chinese (the event file's `name.zh`). */
  eventNameZh: string;
  /** The date line in Chinese (`dateText.zh`). */
  dateTextZh: string;
}

/**
 * Every text a ticket draws in the glyph font, with the event file field each comes from: what the deploy
 * subsets the font to.
 *
 * @param parameters - The event's Chinese texts.
 * @returns The texts.
 * @example
 * encodeGlyphSet({ texts: ticketGlyphTexts({ eventNameZh: "2022中国互联网公益峰会", dateTextZh: "2022年5月20日" }) });
 */
export function ticketGlyphTexts({ eventNameZh, dateTextZh }: TicketGlyphTextsParameters): GlyphText[] {
  return [
    { field: "name.zh", text: eventNameZh },
    { field: "dateText.zh", text: dateTextZh },
    { field: "the ticket's labels", text: Object.values(TICKET_GLYPH_LABELS).join("") },
  ];
}
