import type { TicketDesign } from "../design.js";
import { GEOMETRY, PAPERS } from "../palette.js";
import { svgBands, svgWedges } from "./bands.js";
import { svgCentre } from "./centre.js";

/**
 * The paper section: the red (or gold, ink, jade) disc cut by a mask made of the bands and the centre
 * motif, lifted off the card by a soft drop shadow. The shadow filter wraps the masked disc, so it follows
 * every cut.
 *
 * @param design - The ticket's design.
 * @returns The definitions and the paper.
 * @example
 * svgPaper(designTicket(seed));
 */
export function svgPaper(design: TicketDesign): string {
  const r = GEOMETRY.radius;
  return (
    `<defs><filter id="f" x="-15%" y="-15%" width="130%" height="130%">` +
    `<feGaussianBlur in="SourceAlpha" stdDeviation="5"/><feOffset dx="4" dy="9" result="o"/>` +
    `<feFlood flood-color="#3b1d12" flood-opacity=".45"/><feComposite in2="o" operator="in"/>` +
    `<feMerge><feMergeNode/><feMergeNode in="SourceGraphic"/></feMerge></filter>` +
    svgBands(design) +
    `<mask id="m"><circle r="${r}" fill="#fff"/>${svgWedges(design.folds)}${svgCentre(design)}</mask></defs>` +
    `<g transform="translate(${GEOMETRY.centreX} ${GEOMETRY.centreY})"><g filter="url(#f)">` +
    `<circle r="${r}" fill="${PAPERS[design.paper]!.hex}" mask="url(#m)"/></g></g>`
  );
}
