import { coords } from "../format.js";

/** A glyph ready to place: its path data (relative, see {@link decodeGlyphSet}) and its advance. */
export interface PlacedGlyph {
  /** Path data that draws the glyph from the current point and moves the pen on by the advance. */
  path: string;
  /** Advance, grid units. */
  advance: number;
}

/**
 * Decodes a glyph set (see `encodeGlyphSet`) into path snippets, exactly as `PapercutGlyphs.snippet` does
 * on-chain. Each snippet starts at the pen (the current point), draws the glyph's contours with relative
 * commands (`m` to a contour's first point, `l` through the rest, `z`) and ends with an `m` that leaves the
 * pen one advance to the right of where it started: snippets simply concatenate after an absolute `M`.
 *
 * @param bytes - The encoded set.
 * @returns The glyphs by code point.
 * @example
 * const glyphs = decodeGlyphSet(encodeGlyphSet({ texts }));
 * const d = `M0 0${glyphs.get(0x798f)!.path}`;
 */
export function decodeGlyphSet(bytes: Uint8Array): Map<number, PlacedGlyph> {
  const count = bytes[0]!;
  const base = 1 + 6 * count;
  const out = new Map<number, PlacedGlyph>();
  for (let i = 0; i < count; i++) {
    const e = 1 + 6 * i;
    const code = (bytes[e]! << 16) | (bytes[e + 1]! << 8) | bytes[e + 2]!;
    const start = base + ((bytes[e + 3]! << 8) | bytes[e + 4]!);
    const end = i + 1 < count ? base + ((bytes[e + 9]! << 8) | bytes[e + 10]!) : bytes.length;
    const advance = bytes[e + 5]!;
    let path = "";
    let cx = 0;
    let cy = 0;
    let first = true;
    let px = 0;
    let py = 0;
    for (let k = start; k < end; k += 2) {
      const x = bytes[k]!;
      const y = bytes[k + 1]! & 0x7f;
      const last = (bytes[k + 1]! & 0x80) !== 0;
      if (first) {
        path += `m${coords([x - cx, y - cy])}l`;
        cx = x;
        cy = y;
        first = false;
      } else {
        path += (path.endsWith("l") ? "" : x - px >= 0 ? " " : "") + coords([x - px, y - py]);
      }
      px = x;
      py = y;
      if (last) {
        path += "z";
        first = true;
      }
    }
    path += `m${coords([advance - cx, -cy])}`;
    out.set(code, { path, advance });
  }
  return out;
}
