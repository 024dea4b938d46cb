import { Resvg } from "@resvg/resvg-js";

import { CARD, GEOMETRY } from "./palette.js";

/** Parameters of {@link analyzePaper}. */
export interface AnalyzePaperParameters {
  /** A ticket SVG (from `renderTicketSvg` or the chain). */
  svg: string;
  /** The paper colour, `#rrggbb`. */
  paperHex: string;
  /** Pixels per SVG unit (1 by default). */
  scale?: number;
  /** Erosion radius in SVG units for the bridge check (3.4 by default: bridges under ~7 units fail). */
  erosion?: number;
  /** Also return the raster masks (for drawing a diagnosis). */
  withMasks?: boolean;
}

/** What {@link analyzePaper} measured. */
export interface AnalyzePaperReturnType {
  /** Connected pieces of paper (4-connected, ignoring specks under 4 pixels): 1 for one sheet. */
  pieces: number;
  /** Pieces left after eroding the paper by `erosion`: 1 when every bridge is wide enough. */
  erodedPieces: number;
  /** Share of the disc (radius 430) cut away, 0..1. */
  cutFraction: number;
  /** A coarse fingerprint: paper coverage of a 24×24 grid, 4 levels a cell, as a string. */
  fingerprint: string;
  /** With `withMasks`: the paper and eroded paper (1 = paper), row-major, `size` pixels square. */
  masks?: { paper: Uint8Array; eroded: Uint8Array; size: number };
}

function rgb(hex: string): [number, number, number] {
  const v = parseInt(hex.slice(1), 16);
  return [(v >> 16) & 255, (v >> 8) & 255, v & 255];
}

/** Labels 4-connected components of `mask` (1 = set) and counts those with at least `minSize` pixels. */
function countPieces(mask: Uint8Array, w: number, h: number, minSize: number): number {
  const seen = new Uint8Array(mask.length);
  const stack = new Int32Array(mask.length);
  let pieces = 0;
  for (let start = 0; start < mask.length; start++) {
    if (mask[start] === 0 || seen[start] === 1) continue;
    let top = 0;
    let size = 0;
    stack[top++] = start;
    seen[start] = 1;
    while (top > 0) {
      const p = stack[--top]!;
      size++;
      const x = p % w;
      // The four neighbours, inline (a helper closure per pixel costs more than the whole fill).
      if (x > 0 && mask[p - 1] === 1 && seen[p - 1] === 0) {
        seen[p - 1] = 1;
        stack[top++] = p - 1;
      }
      if (x < w - 1 && mask[p + 1] === 1 && seen[p + 1] === 0) {
        seen[p + 1] = 1;
        stack[top++] = p + 1;
      }
      if (p >= w && mask[p - w] === 1 && seen[p - w] === 0) {
        seen[p - w] = 1;
        stack[top++] = p - w;
      }
      if (p + w < h * w && mask[p + w] === 1 && seen[p + w] === 0) {
        seen[p + w] = 1;
        stack[top++] = p + w;
      }
    }
    if (size >= minSize) pieces++;
  }
  return pieces;
}

/**
 * Erodes `mask` (1 = set) by a disc of `radius` pixels: a pixel stays set only when every pixel whose centre lies
 * within `radius` of its centre is set (pixels outside the image count as unset). The disc is split into rows:
 * row offset `dy` needs a run of set pixels `floor(sqrt(radius² - dy²))` to each side, which per image row is one
 * pass over a prefix count of unset pixels.
 */
export function erodeByDisc(mask: Uint8Array, w: number, h: number, radius: number): Uint8Array {
  const reach = Math.floor(radius);
  const halfWidths: number[] = [];
  for (let dy = -reach; dy <= reach; dy++) halfWidths.push(Math.floor(Math.sqrt(radius * radius - dy * dy)));
  const distinct = [...new Set(halfWidths)];
  // runs[k][i] = 1 when pixels i-k .. i+k of i's row are all set.
  const runs = new Map<number, Uint8Array>(distinct.map((k) => [k, new Uint8Array(w * h)]));
  const unset = new Int32Array(w + 1);
  for (let y = 0; y < h; y++) {
    const row = y * w;
    for (let x = 0; x < w; x++) unset[x + 1] = unset[x]! + (mask[row + x] === 1 ? 0 : 1);
    for (const k of distinct) {
      const run = runs.get(k)!;
      for (let x = k; x < w - k; x++) run[row + x] = unset[x + k + 1]! - unset[x - k]! === 0 ? 1 : 0;
    }
  }
  const eroded = new Uint8Array(w * h);
  const rows = halfWidths.map((k) => runs.get(k)!);
  for (let y = reach; y < h - reach; y++) {
    for (let x = 0; x < w; x++) {
      if (mask[y * w + x] === 0) continue;
      let keep = 1;
      for (let j = 0; j < rows.length && keep === 1; j++) keep = rows[j]![(y + j - reach) * w + x]!;
      eroded[y * w + x] = keep;
    }
  }
  return eroded;
}

/**
 * Rasterises a ticket's papercut with resvg (cropped to the paper, without the drop shadow) and measures it: how many pieces the paper is in (one sheet
 * means nothing would fall out), whether it stays in one piece when every bridge narrower than about twice
 * the erosion radius is removed, how much of the disc is cut away, and a coarse fingerprint for telling
 * designs apart.
 *
 * @param parameters - The SVG, its paper colour, the scale and erosion radius.
 * @returns The measurements.
 * @example
 * const { pieces, cutFraction } = analyzePaper({ svg, paperHex: "#c8102e" });
 */
export function analyzePaper({
  svg,
  paperHex,
  scale = 1,
  erosion = 3.4,
  withMasks = false,
}: AnalyzePaperParameters): AnalyzePaperReturnType {
  const { centreX, centreY, radius } = GEOMETRY;
  const x0 = centreX - radius - 8;
  const y0 = centreY - radius - 8;
  const size = 2 * radius + 16;
  // Crop to the paper (the root's size and viewBox: the first width/height pair is the root's), and leave out the drop shadow: it does not change the paper, only what is under it
  // (and blurring is most of resvg's time).
  const cropped = svg
    .replace(`width="${GEOMETRY.width}" height="${GEOMETRY.height}" `, `width="${size}" height="${size}" `)
    .replace(`viewBox="0 0 ${GEOMETRY.width} ${GEOMETRY.height}"`, `viewBox="${x0} ${y0} ${size} ${size}"`)
    .replace(' filter="url(#f)"', "");
  const px = Math.round(size * scale);
  const image = new Resvg(cropped, {
    fitTo: { mode: "width", value: px },
    font: { loadSystemFonts: false },
  }).render();
  const { width: w, height: h, pixels } = image;

  const paper = rgb(paperHex);
  const card = rgb(CARD.card);
  const mask = new Uint8Array(w * h);
  let paperCount = 0;
  for (let i = 0; i < w * h; i++) {
    const r = pixels[4 * i]!;
    const g = pixels[4 * i + 1]!;
    const b = pixels[4 * i + 2]!;
    const dp = (r - paper[0]) ** 2 + (g - paper[1]) ** 2 + (b - paper[2]) ** 2;
    const dc = (r - card[0]) ** 2 + (g - card[1]) ** 2 + (b - card[2]) ** 2;
    if (dp < dc) {
      mask[i] = 1;
      paperCount++;
    }
  }

  const pieces = countPieces(mask, w, h, 4);
  const eroded = erodeByDisc(mask, w, h, erosion * scale);
  const erodedPieces = countPieces(eroded, w, h, 4);

  const discArea = Math.PI * (radius * scale) ** 2;
  const cutFraction = 1 - paperCount / discArea;

  const cells = 24;
  let fingerprint = "";
  for (let cy = 0; cy < cells; cy++) {
    for (let cx = 0; cx < cells; cx++) {
      let sum = 0;
      let n = 0;
      for (let y = Math.floor((cy * h) / cells); y < Math.floor(((cy + 1) * h) / cells); y++) {
        for (let x = Math.floor((cx * w) / cells); x < Math.floor(((cx + 1) * w) / cells); x++) {
          sum += mask[y * w + x]!;
          n++;
        }
      }
      fingerprint += String(Math.min(3, Math.floor((4 * sum) / n)));
    }
  }
  const result: AnalyzePaperReturnType = { pieces, erodedPieces, cutFraction, fingerprint };
  if (withMasks) result.masks = { paper: mask, eroded, size: w };
  return result;
}
