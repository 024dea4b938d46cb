import type { TicketDesign } from "../design.js";
import { div } from "../math.js";
import { templatePath } from "../templates.js";
import { use } from "./svg.js";

/**
 * The bands section: every ring of cuts (bands and rim) drawn once in a half-wedge `#h`, mirrored into a
 * wedge `#w` (the fold), for the mask to repeat around the circle. Goes inside `<defs>`.
 *
 * @param design - The ticket's design.
 * @returns The shape definitions and the `#h` and `#w` groups.
 * @example
 * svgBands(designTicket(seed));
 */
export function svgBands(design: TicketDesign): string {
  let defs = "";
  let half = "";
  for (let i = 0; i < design.rows.length; i++) {
    const row = design.rows[i]!;
    const id = `s${i}`;
    defs += `<path id="${id}" d="${templatePath(row)}"/>`;
    const steps = design.folds * row.perWedge;
    const last = row.phase === 0 ? div(row.perWedge, 2) : div(row.perWedge - 1, 2);
    for (let j = 0; j <= last; j++) half += use(id, div((2 * j + row.phase) * 18000, steps));
  }
  return `${defs}<g id="h">${half}</g><g id="w"><use href="#h"/><use href="#h" transform="scale(-1 1)"/></g>`;
}

/**
 * The wedge repeated once per fold around the centre (mask content).
 *
 * @param folds - The fold count.
 * @returns The `<use>` elements.
 * @example
 * svgWedges(8);
 */
export function svgWedges(folds: number): string {
  let s = "";
  for (let k = 0; k < folds; k++) s += use("w", div(k * 36000, folds));
  return s;
}
