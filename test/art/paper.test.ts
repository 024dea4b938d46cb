import { expect } from "chai";

import { analyzePaper } from "../../src/art/analyzePaper.js";
import { designTicket, estimateCut } from "../../src/art/design.js";
import { PAPERS } from "../../src/art/palette.js";
import { tokenSeed } from "../../src/art/random.js";
import { renderTicketSvg } from "../../src/art/renderTicketSvg.js";
import { TicketState } from "../../src/art/state.js";
import { CONFIG, FULL, releaseRasters, sweepIds } from "./sample.js";

/**
 * Rasterises every ticket of the sweep with resvg (1 pixel per SVG unit) and checks the paper: one piece
 * (nothing would fall out), still one piece after eroding it by 3.4 units (every bridge is about 7 units
 * or wider: 8 by design, less a pixel of rasterisation), 35–60% of the disc cut away, and a coarse raster
 * fingerprint that no other ticket shares.
 */
// Rasterising and analysing one papercut takes ~0.6 s on this 2-core machine, so all 5,000 (about an hour) are not
// a test: `npm run bench:art-paper` sweeps all of them (bench/results/art-paper.json); `npm test` checks 100 and
// `npm run test:full` 600, spread over the whole range.
const PAPER_SAMPLE = FULL ? 600 : 100;
describe(`papercut paper, rasterised (sample of ${PAPER_SAMPLE})`, function () {
  const ids = sweepIds(PAPER_SAMPLE, { full: false });
  const results = new Map<bigint, ReturnType<typeof analyzePaper>>();
  const estimates = new Map<bigint, number>();

  before(async function () {
    for (const tokenId of ids) {
      const design = designTicket(tokenSeed({ salt: CONFIG.salt, tokenId }));
      const svg = renderTicketSvg({ ...CONFIG, tokenId, state: TicketState.Valid, design });
      results.set(tokenId, analyzePaper({ svg, paperHex: PAPERS[design.paper]!.hex }));
      estimates.set(tokenId, estimateCut(design) / 1000);
      if (tokenId % 25n === 0n) await releaseRasters();
    }
  });

  it("is one connected sheet for every ticket", function () {
    const broken = [...results]
      .filter(([, r]) => r.pieces !== 1)
      .map(([id, r]) => `${id}: ${r.pieces} pieces`);
    expect(broken).to.deep.equal([]);
  });

  it("keeps every bridge at least the minimum width", function () {
    const thin = [...results]
      .filter(([, r]) => r.erodedPieces !== 1)
      .map(([id, r]) => `${id}: ${r.erodedPieces} pieces once eroded`);
    expect(thin).to.deep.equal([]);
  });

  it("cuts away 35–60% of the paper", function () {
    const cuts = [...results.values()].map((r) => r.cutFraction);
    const outside = [...results].filter(([, r]) => r.cutFraction < 0.35 || r.cutFraction > 0.6);
    expect(outside.map(([id, r]) => `${id}: ${r.cutFraction.toFixed(3)}`)).to.deep.equal([]);
    expect(Math.min(...cuts)).to.be.at.least(0.35);
    expect(Math.max(...cuts)).to.be.at.most(0.6);
  });

  it("is cut away as much as the design's estimate says (within 3 points)", function () {
    const off = [...results]
      .filter(([id, r]) => Math.abs(r.cutFraction - estimates.get(id)!) > 0.03)
      .map(([id, r]) => `${id}: ${r.cutFraction.toFixed(3)} vs ${estimates.get(id)!.toFixed(3)}`);
    expect(off).to.deep.equal([]);
  });

  it("gives no two tickets the same raster fingerprint", function () {
    const seen = new Map<string, bigint>();
    const same: string[] = [];
    for (const [id, r] of results) {
      const other = seen.get(r.fingerprint);
      if (other !== undefined) same.push(`${other} and ${id}`);
      seen.set(r.fingerprint, id);
    }
    expect(same).to.deep.equal([]);
  });

  it("tells a broken sheet from a whole one (the check itself works)", function () {
    const tokenId = ids[0]!;
    const design = designTicket(tokenSeed({ salt: CONFIG.salt, tokenId }));
    const svg = renderTicketSvg({ ...CONFIG, tokenId, state: TicketState.Valid, design });
    // A ring cut right through the paper leaves the centre loose; a hairline cut leaves a 2-unit bridge.
    const cutRing = svg.replace(
      "</mask>",
      '<circle r="250" fill="none" stroke="#000" stroke-width="12"/></mask>',
    );
    expect(analyzePaper({ svg: cutRing, paperHex: PAPERS[design.paper]!.hex }).pieces).to.be.greaterThan(1);
    // A hairline cut: the same ring with a 2-unit gap left uncut. Where the gap falls on a cut of the design the
    // sheet falls apart anyway, so the gap is tried at a few angles and the first that keeps one sheet is used.
    const hairlines = [0, 45, 90, 135, 180, 225, 270, 315].map((deg) => {
      const a = (deg * Math.PI) / 180;
      const b = a + 2 / 250;
      const at = (t: number) => `${(250 * Math.cos(t)).toFixed(3)} ${(250 * Math.sin(t)).toFixed(3)}`;
      const ring = `M${at(b)}A250 250 0 1 1 ${at(b + Math.PI)}A250 250 0 0 1 ${at(a)}`;
      return svg.replace("</mask>", `<path d="${ring}" fill="none" stroke="#000" stroke-width="12"/></mask>`);
    });
    const whole = hairlines
      .map((s) => analyzePaper({ svg: s, paperHex: PAPERS[design.paper]!.hex }))
      .find((r) => r.pieces === 1);
    expect(whole, "no gap position kept the sheet in one piece").to.not.equal(undefined);
    expect(whole!.erodedPieces).to.be.greaterThan(1);
  });
});
