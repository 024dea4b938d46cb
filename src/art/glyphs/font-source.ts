import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

import * as fontkit from "fontkit";

/**
 * The open-licensed Chinese typeface the ticket texts are drawn in: LXGW WenKai Bold (霞鹜文楷), a 楷体 whose
 * brush strokes suit papercut, from the npm package `lxgw-wenkai-webfont` (its woff2 chunks). The font is
 * under the SIL Open Font License 1.1; the notice is kept in `contracts/art/fonts/OFL.txt` and named by the
 * renderer's `glyphFont()` and the collection metadata.
 */
export const GLYPH_FONT = {
  /** What the renderer and the metadata call it. */
  name: "LXGW WenKai Bold (subset)",
  /** The licence, by SPDX identifier. */
  license: "OFL-1.1",
  /** The npm package and version the outlines come from. */
  source: "lxgw-wenkai-webfont@1.7.0",
} as const;

/** A glyph's outline in font units (y up), as fontkit gives it, and its advance. */
export interface GlyphOutline {
  /** The character. */
  character: string;
  /** Horizontal advance, font units. */
  advance: number;
  /** Closed contours of on-curve points, curves flattened. */
  contours: [number, number][][];
}

const require = createRequire(import.meta.url);
const PACKAGE_DIR = dirname(require.resolve("lxgw-wenkai-webfont/package.json"));

interface Chunk {
  file: string;
  ranges: [number, number][];
}

let chunks: Chunk[] | undefined;

/** The font's woff2 chunks and the code points each covers, from the package's stylesheet. */
function fontChunks(): Chunk[] {
  if (chunks !== undefined) return chunks;
  const css = readFileSync(join(PACKAGE_DIR, "lxgwwenkai-bold.css"), "utf8");
  chunks = [];
  for (const face of css.match(/@font-face\s*\{[^}]*\}/g) ?? []) {
    const file = /url\('\.\/([^']+\.woff2)'\)/.exec(face)?.[1];
    const range = /unicode-range:\s*([^;}]+)/.exec(face)?.[1];
    if (file === undefined || range === undefined) continue;
    const ranges = range.split(",").map((part): [number, number] => {
      const [a, b] = part.trim().slice(2).split("-");
      const low = parseInt(a!, 16);
      return [low, b === undefined ? low : parseInt(b, 16)];
    });
    chunks.push({ file: join(PACKAGE_DIR, file), ranges });
  }
  return chunks;
}

/**
 * The first character of a text that the glyph font lacks, by the font package's own coverage table (its
 * stylesheet's unicode ranges): quick enough to check an event file without opening the font.
 *
 * @param text - The text.
 * @returns The character, or undefined when the font has every one.
 * @example
 * firstMissingGlyph("2022中国互联网公益峰会"); // undefined
 */
export function firstMissingGlyph(text: string): string | undefined {
  for (const character of text) {
    const code = character.codePointAt(0)!;
    if (!fontChunks().some((c) => c.ranges.some(([a, b]) => code >= a && code <= b))) return character;
  }
  return undefined;
}

const opened = new Map<string, fontkit.Font>();

/** Straight segments approximating each quadratic or cubic piece: enough that the grid cannot tell. */
const CURVE_STEPS = 8;

/**
 * Reads the outlines of the given characters from the font, curves flattened into short straight segments.
 *
 * @param characters - The characters (one code point each).
 * @returns One outline per character, in order; `undefined` for a character the font lacks.
 * @example
 * const [fu] = loadGlyphOutlines(["福"]);
 */
export function loadGlyphOutlines(characters: readonly string[]): (GlyphOutline | undefined)[] {
  return characters.map((character) => {
    const code = character.codePointAt(0)!;
    const chunk = fontChunks().find((c) => c.ranges.some(([a, b]) => code >= a && code <= b));
    if (chunk === undefined) return undefined;
    let font = opened.get(chunk.file);
    if (font === undefined) {
      font = fontkit.openSync(chunk.file) as fontkit.Font;
      opened.set(chunk.file, font);
    }
    if (!font.hasGlyphForCodePoint(code)) return undefined;
    const glyph = font.glyphForCodePoint(code);
    const contours: [number, number][][] = [];
    let current: [number, number][] = [];
    let at: [number, number] = [0, 0];
    for (const { command, args } of glyph.path.commands) {
      if (command === "moveTo") {
        if (current.length > 0) contours.push(current);
        at = [args[0]!, args[1]!];
        current = [at];
      } else if (command === "lineTo") {
        at = [args[0]!, args[1]!];
        current.push(at);
      } else if (command === "quadraticCurveTo" || command === "bezierCurveTo") {
        const p = args;
        const from = at;
        for (let k = 1; k <= CURVE_STEPS; k++) {
          const u = k / CURVE_STEPS;
          const v = 1 - u;
          const point: [number, number] =
            command === "quadraticCurveTo"
              ? [
                  v * v * from[0] + 2 * v * u * p[0]! + u * u * p[2]!,
                  v * v * from[1] + 2 * v * u * p[1]! + u * u * p[3]!,
                ]
              : [
                  v ** 3 * from[0] + 3 * v * v * u * p[0]! + 3 * v * u * u * p[2]! + u ** 3 * p[4]!,
                  v ** 3 * from[1] + 3 * v * v * u * p[1]! + 3 * v * u * u * p[3]! + u ** 3 * p[5]!,
                ];
          current.push(point);
        }
        at = command === "quadraticCurveTo" ? [p[2]!, p[3]!] : [p[4]!, p[5]!];
      } else if (command === "closePath") {
        if (current.length > 0) contours.push(current);
        current = [];
      }
    }
    if (current.length > 0) contours.push(current);
    return { character, advance: glyph.advanceWidth, contours };
  });
}
