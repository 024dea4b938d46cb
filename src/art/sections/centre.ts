import type { TicketDesign } from "../design.js";
import { centi } from "../format.js";
import { fitHalfWidth } from "../design.js";
import { div, sin10k } from "../math.js";
import { Template, templatePath } from "../templates.js";
import { use } from "./svg.js";

/**
 * 囍 (double happiness) as paper strokes on a grid where 100 is the centre's radius: the holes are what the
 * strokes leave of a cut-out disc. Every stroke joins the ring around the centre, so the paper stays whole.
 */
const DOUBLE_HAPPINESS =
  "M-69-75H69M-45-96V-30M45-96V-30M-65-50H-25M25-50H65M-70-30H-20V5H-70ZM20-30H70V5H20ZM-99 25H99M-45 25V45M45 25V45M-64 45H-18V75H-64ZM18 45H64V75H18Z";

/** The copies 2..count of the element `id` (drawn once in place), evenly rotated around the centre. */
function ring(id: string, count: number): string {
  let s = "";
  for (let j = 1; j < count; j++) s += use(id, div(j * 36000, count));
  return s;
}

/**
 * Petals from `inner` (or further out, where neighbouring tips are at least 14 apart) to the centre's edge,
 * `count` around, as wide as their spacing allows.
 */
function petals(c: number, least: number, count: number, maxPercent: number): string {
  const tips = div(70000, sin10k(div(18000, count)));
  const inner = least > tips ? least : tips;
  const h = c - inner;
  let w = fitHalfWidth(Template.Petal, inner, h, div(18000, count));
  const cap = div(h * maxPercent, 100);
  if (w > cap) w = cap;
  return `<path id="c" d="${templatePath({ template: Template.Petal, inner, height: h, halfWidth: w })}"/>`;
}

/**
 * The centre motif section (mask content): a lotus, chrysanthemum, plum blossom, coin or 囍 cut in the
 * middle of the paper, inside the centre radius.
 *
 * @param design - The ticket's design.
 * @returns Elements for the mask (black cuts; white paper strokes for 囍).
 * @example
 * svgCentre(designTicket(seed));
 */
export function svgCentre(design: TicketDesign): string {
  const c = design.centreRadius;
  const folds = design.folds;
  if (design.centre === 0) {
    // Lotus: one petal per fold (two for 4 folds) around a round hole.
    const count = folds < 6 ? 2 * folds : folds;
    return petals(c, div(c * 30, 100), count, 45) + ring("c", count) + `<circle r="${div(c * 17, 100)}"/>`;
  }
  if (design.centre === 1) {
    // Chrysanthemum: 16, 20 or 24 slender petals.
    const count = 16 + 4 * design.centreVariant;
    return petals(c, div(c * 34, 100), count, 20) + ring("c", count) + `<circle r="${div(c * 20, 100)}"/>`;
  }
  if (design.centre === 2) {
    // Plum blossom: five round petals and a round heart.
    const inner = div(c * 24, 100);
    const h = div(c * 62, 100);
    let w = fitHalfWidth(Template.Dot, inner, h, 3600);
    if (w > div(h, 2)) w = div(h, 2);
    return (
      `<path id="c" d="${templatePath({ template: Template.Dot, inner, height: h, halfWidth: w })}"/>` +
      ring("c", 5) +
      `<circle r="${div(c * 11, 100)}"/>`
    );
  }
  if (design.centre === 3) {
    // Coin: a square hole and four cloud heads.
    const s = div(c * 28, 100);
    const inner = div(c * 50, 100);
    return (
      `<rect x="-${s}" y="-${s}" width="${2 * s}" height="${2 * s}"/>` +
      `<path id="c" d="${templatePath({ template: Template.Cloud, inner, height: c - inner, halfWidth: div(c * 27, 100) })}"/>` +
      ring("c", 4)
    );
  }
  // 囍: cut the whole centre, then give back the strokes as paper.
  const width = div((design.line + 4) * 10000 + c - 1, c);
  return (
    `<circle r="${c}"/><path d="${DOUBLE_HAPPINESS}" fill="none" stroke="#fff" stroke-width="${centi(width)}" ` +
    `transform="scale(${centi(c)})"/>`
  );
}
