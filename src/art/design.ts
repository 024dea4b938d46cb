import { div, sin10k } from "./math.js";
import { BAND_KINDS, CENTRES, FOLDS, FOLD_WEIGHTS, GEOMETRY, Layout, PAPERS, RIMS } from "./palette.js";
import { getBytes, keccak256 } from "ethers";

import { ArtRandom } from "./random.js";
import { TEMPLATE_FILLS, TEMPLATE_PROFILES, Template } from "./templates.js";

/** One ring of identical cuts: a template placed at `perWedge` positions in each fold's wedge. */
export interface ShapeRow {
  /** Template index. */
  template: number;
  /** Inner radius (template y = 0). */
  inner: number;
  /** Radial height. */
  height: number;
  /** Half of the shape's width. */
  halfWidth: number;
  /** Shapes per wedge (360°/folds). */
  perWedge: number;
  /** 0: a shape on the fold axis; 1: shapes offset by half a step. */
  phase: number;
}

/** Everything that decides one ticket's papercut, derived from its seed alone. */
export interface TicketDesign {
  /** Fold count: 4, 6, 8 or 12. */
  folds: number;
  /** Index into PAPERS. */
  paper: number;
  /** Index into CENTRES. */
  centre: number;
  /** Centre variant (0..2), e.g. the petal count of a chrysanthemum. */
  centreVariant: number;
  /** Radius of the centre motif. */
  centreRadius: number;
  /** Index into RIMS. */
  rim: number;
  /** Width of the paper rings between bands. */
  line: number;
  /** Index into BAND_KINDS of each band, from the centre out. */
  bands: number[];
  /** The rings of cuts: each band's rows, then the rim's. */
  rows: ShapeRow[];
}

const R = GEOMETRY.radius;
/** The clearance every cut keeps from its neighbours: a bridge plus a margin for rounding. */
const GAP = GEOMETRY.bridge + 1;
/** Fewest shapes around the circle for each layout, so that no cut spans too wide an angle. */
const MIN_COUNT = [12, 18, 24];

function isqrt(n: number): number {
  return Math.floor(Math.sqrt(n));
}

/** Shapes per wedge so that each cell is about `cell` wide at radius `r`, at least `minCount` around. */
function perWedgeFor(r: number, cell: number, folds: number, minCount: number): number {
  let m = div(628 * r + 50 * folds * cell, 100 * folds * cell);
  const least = div(minCount + folds - 1, folds);
  if (m < least) m = least;
  return m;
}

/** How far a shape `halfWidth` wide pokes beyond radius `r` at its corners. */
function poke(r: number, halfWidth: number): number {
  return isqrt(halfWidth * halfWidth + r * r) + 1 - r;
}

/**
 * A tooth based on the outer ring (apex at `apex`, base `height` further out, `halfWidth` wide there),
 * shrunk about its apex until its base corners no longer poke past the ring: its edges keep their
 * direction, so the bridges along them keep their width.
 */
function outerTooth(
  apex: number,
  height: number,
  halfWidth: number,
  perWedge: number,
  phase: number,
): ShapeRow {
  const pk = poke(apex + height, halfWidth);
  return {
    template: Template.ToothOut,
    inner: apex,
    height: height - pk,
    halfWidth: div(halfWidth * (height - pk), height),
    perWedge,
    phase,
  };
}

/**
 * The widest half-width for a template placed every `2·halfStep` (hundredths of a degree) around the
 * centre that keeps a bridge of GAP to both neighbours at every radius, from the template's width profile.
 */
export function fitHalfWidth(template: number, inner: number, height: number, halfStep: number): number {
  const s = sin10k(halfStep);
  let w = 1000;
  for (let k = 0; k < 10; k++) {
    const p = TEMPLATE_PROFILES[template * 10 + k]!;
    if (p === 0) continue;
    const r = inner + div(height * k, 10);
    const wk = div((div(r * s, 10000) - div(GAP + 1, 2)) * 100, p);
    if (wk < w) w = wk;
  }
  return w < 2 ? 2 : w;
}

function bandRows(
  kind: number,
  a: number,
  h: number,
  folds: number,
  density: number,
  phase: number,
): ShapeRow[] {
  const k = BAND_KINDS[kind]!;
  let cell = div(div(h * k.aspect, 100) * density, 100);
  if (cell < 44) cell = 44;
  const m = perWedgeFor(a + div(h, 2), cell, folds, MIN_COUNT[k.layout]!);
  if (k.layout === Layout.Row) {
    const halfStep = div(18000, folds * m);
    const w = fitHalfWidth(k.template, a, h, halfStep);
    const rows: ShapeRow[] = [
      { template: k.template, inner: a, height: h - poke(a + h, w), halfWidth: w, perWedge: m, phase },
    ];
    // Sawtooth fringes: small teeth cut between the shapes from both rings, where the shapes taper.
    const hf = div(h * 36, 100);
    const s = sin10k(halfStep);
    let top = 1000;
    let bottom = 1000;
    for (let j = 0; j < 10; j++) {
      const r = a + div(h * j, 10);
      const avail = div(r * s, 10000) - div(w * TEMPLATE_PROFILES[k.template * 10 + j]!, 100) - GAP;
      const upper = r + div(h, 10);
      if (upper > a + h - hf) {
        // Share (in %) of the top tooth's width reached at this bin's outer radius.
        let frac = div((upper - (a + h - hf)) * 100, hf);
        if (frac > 100) frac = 100;
        if (frac < 1) frac = 1;
        const wf = div(avail * 100, frac);
        if (wf < top) top = wf;
      }
      if (r < a + hf) {
        let frac = div((a + hf - r) * 100, hf);
        if (frac < 1) frac = 1;
        const wf = div(avail * 100, frac);
        if (wf < bottom) bottom = wf;
      }
    }
    const other = 1 - phase;
    if (top >= 5) rows.push(outerTooth(a + h - hf, hf, top, m, other));
    if (bottom >= 5) {
      rows.push({
        template: Template.ToothIn,
        inner: a,
        height: hf,
        halfWidth: bottom,
        perWedge: m,
        phase: other,
      });
    }
    return rows;
  }
  if (k.layout === Layout.Zigzag) {
    // Teeth alternately based on the inner and the outer ring; the paper between them is a zigzag whose
    // slanted strips must stay GAP wide (measured across the slant, hence the square root).
    const quarter = sin10k(div(9000, folds * m));
    const ca = div(2 * a * quarter, 10000);
    const cb = div(2 * (a + h) * quarter, 10000);
    const wa = ca - div((GAP + 3) * isqrt(h * h + ca * ca), h);
    const wb = cb - div((GAP + 3) * isqrt(h * h + cb * cb), h);
    return [
      { template: Template.ToothIn, inner: a, height: h, halfWidth: wa < 2 ? 2 : wa, perWedge: m, phase: 0 },
      outerTooth(a, h, wb < 2 ? 2 : wb, m, 1),
    ];
  }
  // Lattice: a window lattice of diamonds in two staggered rows (centres at a + h/3 and a + 2h/3), with
  // half-diamonds along both rings. Every cut is its tile shrunk by one factor that keeps GAP between
  // parallel edges at the band's inner radius (and a little more further out).
  const dy = div(h, 3);
  const half = sin10k(div(18000, folds * m));
  const dxa = div(a * half, 10000);
  const s = isqrt(dxa * dxa + dy * dy);
  const shrink = 1000 - div(1000 * GAP * s + 2 * dxa * dy - 1, 2 * dxa * dy);
  const hh = div(dy * shrink, 1000);
  const c1 = a + dy;
  const c2 = c1 + dy;
  const wOut = latticeWidth(a + h, half, shrink);
  return [
    {
      template: Template.ToothIn,
      inner: a,
      height: hh,
      halfWidth: latticeWidth(a, half, shrink),
      perWedge: m,
      phase: 1,
    },
    {
      template: Template.Diamond,
      inner: c1 - hh,
      height: 2 * hh,
      halfWidth: latticeWidth(c1, half, shrink),
      perWedge: m,
      phase: 0,
    },
    {
      template: Template.Diamond,
      inner: c2 - hh,
      height: 2 * hh,
      halfWidth: latticeWidth(c2, half, shrink),
      perWedge: m,
      phase: 1,
    },
    outerTooth(a + h - hh, hh, wOut, m, 0),
  ];
}

/** Half-width of a lattice cut at radius r: the tile's half-width there, shrunk (per mille). */
function latticeWidth(r: number, half: number, shrink: number): number {
  return div(div(r * half, 10000) * shrink, 1000);
}

function rimRows(rim: number, depth: number, folds: number): ShapeRow[] {
  if (rim === 0) {
    // Sawtooth edge: notches from outside whose sides meet at the edge, leaving pointed paper teeth.
    const m = perWedgeFor(R, depth, folds, 0);
    const half = div(R * sin10k(div(18000, folds * m)), 10000);
    const h = depth + 30;
    return [
      {
        template: Template.ToothOut,
        inner: R - depth,
        height: h,
        halfWidth: div(half * h, depth),
        perWedge: m,
        phase: 0,
      },
    ];
  }
  if (rim === 1) {
    // Scalloped edge: cusped notches whose flaring sides meet just inside the edge, leaving round lobes of
    // paper, each pierced by a small round hole.
    const m = perWedgeFor(R, div(depth * 25, 10), folds, 0);
    const half = div(R * sin10k(div(18000, folds * m)), 10000);
    const dotHeight = depth - 2 - GAP;
    let dot = div(half * 8, 10) - GAP;
    if (dot > div(dotHeight, 2)) dot = div(dotHeight, 2);
    return [
      {
        template: Template.Cusp,
        inner: R - depth,
        height: depth - 2,
        halfWidth: half + 2,
        perWedge: m,
        phase: 1,
      },
      { template: Template.Dot, inner: R - depth, height: dotHeight, halfWidth: dot, perWedge: m, phase: 0 },
    ];
  }
  // Beaded: a plain edge with a row of round holes inside it.
  const h = depth - GAP - 2;
  const m = perWedgeFor(R - div(depth, 2), div(h * 3, 2) + GAP, folds, 0);
  const half = div((R - depth) * sin10k(div(18000, folds * m)), 10000);
  let w = div(h * 3, 4);
  if (w > half - div(GAP, 2)) w = half - div(GAP, 2);
  return [{ template: Template.Dot, inner: R - depth, height: h, halfWidth: w, perWedge: m, phase: 0 }];
}

/** Rough share of the centre disc each centre motif cuts away, in thousandths. */
export const CENTRE_CUT: readonly number[] = [400, 250, 350, 300, 450];
/** The estimated cut-away share (thousandths of the disc) a design must fall in, else it is drawn again. */
const CUT_WINDOW = [400, 560];
/** Most designs drawn for one ticket. */
const ATTEMPTS = 3;

/**
 * The share of the paper disc a design cuts away, estimated in thousandths from the area of every cut
 * (template area x width x height x count; rim notches only inside the edge) and the centre motif. It
 * predicts the rasterised share closely (see `bench/art-paper.ts`), and keeps every ticket lacy but whole.
 *
 * @param design - The design.
 * @returns The estimated share, in thousandths.
 * @example
 * estimateCut(designTicket(seed)); // e.g. 486
 */
export function estimateCut(design: TicketDesign): number {
  let area = 0;
  for (const row of design.rows) {
    let a = div(
      design.folds * row.perWedge * TEMPLATE_FILLS[row.template]! * 2 * row.halfWidth * row.height,
      1000,
    );
    const inside = R - row.inner;
    // A notch cut from outside the edge counts only up to the edge (a triangle: the square of the share).
    if (row.template === Template.ToothOut && inside < row.height)
      a = div(div(a * inside, row.height) * inside, row.height);
    area += a;
  }
  const c = design.centreRadius;
  area += div(CENTRE_CUT[design.centre]! * 355 * c * c, 113 * 1000);
  return div(area * 1000, 580880);
}

/**
 * Decides one ticket's papercut from its seed: the traits (folds, paper, centre, rim, bands) and the
 * geometry of every ring of cuts. Pure integer arithmetic, operation for operation as in the renderer
 * contract; every random draw comes from {@link ArtRandom} in a fixed order. A design whose estimated
 * cut-away share ({@link estimateCut}) falls outside 40–56% is drawn again from
 * `keccak256(seed ‖ attempt)` (at most three draws; about 1% of tickets need a second), so that every
 * ticket is lacy and none falls apart.
 *
 * @param seed - The ticket's seed (see `tokenSeed`).
 * @returns The design.
 * @example
 * const design = designTicket(tokenSeed({ salt, tokenId: 7n }));
 */
export function designTicket(seed: string): TicketDesign {
  let best = drawDesign(seed);
  let bestCut = estimateCut(best);
  for (let attempt = 1; attempt < ATTEMPTS; attempt++) {
    if (bestCut >= CUT_WINDOW[0]! && bestCut <= CUT_WINDOW[1]!) break;
    const next = drawDesign(keccak256(new Uint8Array([...getBytes(seed), attempt])));
    const cut = estimateCut(next);
    const mid = div(CUT_WINDOW[0]! + CUT_WINDOW[1]!, 2);
    if (Math.abs(cut - mid) < Math.abs(bestCut - mid)) {
      best = next;
      bestCut = cut;
    }
  }
  return best;
}

/**
 * One draw of a design from `seed`, before the cut-away window of {@link designTicket} is applied.
 *
 * @param seed - A seed (the ticket's, or a redraw's).
 * @returns The drawn design.
 * @example
 * estimateCut(drawDesign(seed)); // the first draw's estimated cut-away share
 */
export function drawDesign(seed: string): TicketDesign {
  const rng = new ArtRandom(seed);
  const folds = FOLDS[rng.pick(FOLD_WEIGHTS)]!;
  const paper = rng.pick(PAPERS.map((p) => p.weight));
  const centre = rng.pick(CENTRES.map((c) => c.weight));
  const centreVariant = rng.below(3);
  const rim = rng.pick(RIMS.map((r) => r.weight));
  let line = GEOMETRY.bridge + rng.below(2);
  const centreRadius = 80 + rng.below(31);
  const rimDepth = 22 + rng.below(13);
  let bandCount = rng.below(4) === 0 ? 4 : 3;
  // Four bands mean one more ring of paper: only where there is room, with rings of the minimum width.
  if (bandCount === 4 && 390 - rimDepth - centreRadius < 262) bandCount = 3;
  if (bandCount === 4) line = GEOMETRY.bridge;

  const weights: number[] = [];
  let totalWeight = 0;
  for (let i = 0; i < bandCount; i++) {
    const w = 3 + rng.below(4);
    weights.push(w);
    totalWeight += w;
  }
  const inner = centreRadius + line;
  const outer = R - rimDepth - line;
  const avail = outer - inner - line * (bandCount - 1);

  const bands: number[] = [];
  const rows: ShapeRow[] = [];
  const kindWeights = BAND_KINDS.map((k) => k.weight);
  let a = inner;
  let used = 0;
  for (let i = 0; i < bandCount; i++) {
    let kind = rng.pick(kindWeights);
    if (i > 0 && kind === bands[i - 1]) kind = (kind + 1) % BAND_KINDS.length;
    const density = 90 + rng.below(31);
    const phase = rng.below(2);
    const h = i === bandCount - 1 ? avail - used : div(avail * weights[i]!, totalWeight);
    used += h;
    bands.push(kind);
    rows.push(...bandRows(kind, a, h, folds, density, phase));
    a += h + line;
  }
  rows.push(...rimRows(rim, rimDepth, folds));
  return { folds, paper, centre, centreVariant, centreRadius, rim, line, bands, rows };
}
