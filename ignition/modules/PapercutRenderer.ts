import { readFileSync } from "node:fs";

import { buildModule } from "@nomicfoundation/hardhat-ignition/modules";

import { artConfigOf } from "../../src/event/deployment-parameters.js";
import { parseEventConfig } from "../../src/event/load-event-config.js";

/**
 * The sample event's art settings, read from its event file (`metadata/event.json`: the May 2022 online charity
 * summit, 5,000 tickets), the one description of the event. The salt decides every ticket's papercut forever: a
 * real event picks its own (any 32 random bytes) in its event file.
 */
export const SAMPLE_ART = artConfigOf(
  parseEventConfig(
    readFileSync(new URL("../../metadata/event.json", import.meta.url), "utf8"),
    "metadata/event.json",
  ),
);

/**
 * Deploys the on-chain papercut renderer (`PapercutRenderer`). Parameters: `salt` (bytes32), `eventNameZh` and
 * `dateTextZh` (the stub's Chinese lines, drawn from the glyph set), `eventName` and `dateText` (its English
 * lines: 1..36 letters, digits, spaces and ! # & ' ( ) + , - . / :), `externalUrl` (prefix of each ticket's
 * `external_url`, empty for none), `glyphs` (the glyph set, hex: `encodeGlyphSet`) and `eventDate` (the start,
 * Unix seconds). Point the ticket at it
 * with `setRenderer(renderer)`.
 */
export default buildModule("PapercutRendererModule", (m) => {
  const renderer = m.contract("PapercutRenderer", [
    m.getParameter("salt", SAMPLE_ART.salt),
    m.getParameter("eventNameZh", SAMPLE_ART.eventNameZh),
    m.getParameter("eventName", SAMPLE_ART.eventName),
    m.getParameter("dateTextZh", SAMPLE_ART.dateTextZh),
    m.getParameter("dateText", SAMPLE_ART.dateText),
    m.getParameter("externalUrl", SAMPLE_ART.externalUrl),
    m.getParameter("glyphs", SAMPLE_ART.glyphs),
    m.getParameter("eventDate", SAMPLE_ART.eventDate),
  ]);
  return { renderer };
});
