import { UnsupportedGlyphError } from "../errors.js";
import { loadGlyphOutlines, type GlyphOutline } from "./font-source.js";

/**
 * Grid units per em: a glyph's box is 64 units square. At the sizes a wallet shows the stub (glyphs of 15-45
 * pixels) it cannot be told from a finer grid, and every coordinate of a relative path is one or two digits,
 * which keeps the SVG (and the gas of encoding it in base64, twice) small.
 */
export const GLYPH_GRID = 64;
/** The font's em box top, in font units (the ideographic top of a 1,000-unit em). */
const EM_TOP = 880;
/** Ramer–Douglas–Peucker tolerance, in grid units: at the 15-45 pixels a wallet gives the stub, not visible. */
const TOLERANCE = 1.5;

/** A text the ticket draws in the glyph font, and where it comes from (an event file field, or a label). */
export interface GlyphText {
  /** Where the text comes from, for the error ("name.zh"). */
  field: string;
  /** The text. */
  text: string;
}

/** Parameters of {@link encodeGlyphSet}. */
export interface EncodeGlyphSetParameters {
  /** Every text the ticket draws in the glyph font: the set holds exactly their characters. */
  texts: readonly GlyphText[];
}

/**
 * Subsets the glyph font to exactly the characters of the given texts and encodes their outlines compactly
 * for the renderer (`PapercutGlyphs.sol` reads the same layout):
 *
 * - byte 0: the number of glyphs n (at most 255);
 * - n entries of 6 bytes, in code point order: the code point (3 bytes), the start of its points (2 bytes,
 *   from the end of the entries) and its advance in grid units (1 byte);
 * - the points, 2 bytes each: x (0..127), then y (0..127, downward from the em top; the em box is 0..64) with bit 7 set on the
 *   last point of a contour. A glyph's points end where the next glyph's start (or at the end).
 *
 * Curves are flattened and simplified (Ramer–Douglas–Peucker) on a grid of {@link GLYPH_GRID} units per em.
 *
 * @param parameters - The texts.
 * @returns The encoded set.
 * @throws {UnsupportedGlyphError} naming the text's field and the first character the font lacks.
 * @example
 * const glyphs = encodeGlyphSet({ texts: [{ field: "name.zh", text: "2022中国互联网公益峰会" }] });
 */
export function encodeGlyphSet({ texts }: EncodeGlyphSetParameters): Uint8Array {
  const characters = new Map<number, string>();
  for (const { field, text } of texts) {
    for (const character of text) {
      if (/\p{C}/u.test(character)) throw new UnsupportedGlyphError(field, text, character);
      characters.set(character.codePointAt(0)!, field);
    }
  }
  const codes = [...characters.keys()].sort((a, b) => a - b);
  if (codes.length > 255) {
    const { field, text } = texts.find((t) => [...t.text].includes(String.fromCodePoint(codes[255]!)))!;
    throw new UnsupportedGlyphError(
      field,
      text,
      String.fromCodePoint(codes[255]!),
      "more than 255 different characters",
    );
  }
  const outlines = loadGlyphOutlines(codes.map((c) => String.fromCodePoint(c)));
  const entries: number[] = [codes.length];
  const points: number[] = [];
  outlines.forEach((outline, i) => {
    const code = codes[i]!;
    if (outline === undefined) {
      const character = String.fromCodePoint(code);
      const { field, text } = texts.find((t) => [...t.text].includes(character))!;
      throw new UnsupportedGlyphError(field, text, character);
    }
    const advance = Math.min(255, Math.round((outline.advance * GLYPH_GRID) / 1000));
    entries.push(
      code >> 16,
      (code >> 8) & 0xff,
      code & 0xff,
      points.length >> 8,
      points.length & 0xff,
      advance,
    );
    for (const contour of gridContours(outline)) {
      contour.forEach(([x, y], k) => points.push(x, y | (k === contour.length - 1 ? 0x80 : 0)));
    }
    if (points.length > 0xffff) throw new Error("glyph points exceed 64 KiB");
  });
  return Uint8Array.from([...entries, ...points]);
}

/** A glyph's contours on the grid: simplified, rounded, clamped to 0..127, without repeats or slivers. */
function gridContours(outline: GlyphOutline): [number, number][][] {
  const scale = GLYPH_GRID / 1000;
  const out: [number, number][][] = [];
  for (const contour of outline.contours) {
    const grid = contour.map(([x, y]): [number, number] => [x * scale, (EM_TOP - y) * scale]);
    const simple = simplifyClosed(grid, TOLERANCE);
    const rounded: [number, number][] = [];
    for (const [x, y] of simple) {
      const p: [number, number] = [clamp(Math.round(x)), clamp(Math.round(y))];
      const last = rounded[rounded.length - 1];
      if (last === undefined || last[0] !== p[0] || last[1] !== p[1]) rounded.push(p);
    }
    while (rounded.length > 1 && same(rounded[0]!, rounded[rounded.length - 1]!)) rounded.pop();
    if (rounded.length >= 3) out.push(rounded);
  }
  return out;
}

function clamp(v: number): number {
  return Math.max(0, Math.min(127, v));
}

function same(a: [number, number], b: [number, number]): boolean {
  return a[0] === b[0] && a[1] === b[1];
}

/** Ramer–Douglas–Peucker on a closed contour, split at its first point and the point farthest from it. */
function simplifyClosed(points: [number, number][], tolerance: number): [number, number][] {
  if (points.length < 4) return points;
  let far = 0;
  let best = -1;
  points.forEach(([x, y], i) => {
    const d = (x - points[0]![0]) ** 2 + (y - points[0]![1]) ** 2;
    if (d > best) {
      best = d;
      far = i;
    }
  });
  const first = rdp(points.slice(0, far + 1), tolerance);
  const second = rdp([...points.slice(far), points[0]!], tolerance);
  return [...first.slice(0, -1), ...second.slice(0, -1)];
}

function rdp(points: [number, number][], tolerance: number): [number, number][] {
  if (points.length < 3) return points;
  const [ax, ay] = points[0]!;
  const [bx, by] = points[points.length - 1]!;
  const length = Math.hypot(bx - ax, by - ay);
  let worst = 0;
  let index = 0;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i]!;
    const d =
      length === 0
        ? Math.hypot(px - ax, py - ay)
        : Math.abs((bx - ax) * (ay - py) - (ax - px) * (by - ay)) / length;
    if (d > worst) {
      worst = d;
      index = i;
    }
  }
  if (worst <= tolerance) return [points[0]!, points[points.length - 1]!];
  return [...rdp(points.slice(0, index + 1), tolerance).slice(0, -1), ...rdp(points.slice(index), tolerance)];
}
