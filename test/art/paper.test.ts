import { Resvg } from "@resvg/resvg-js";
import { expect } from "chai";

import { analyzePaper, erodeByDisc } from "../../src/art/analyze-paper.js";
import { designTicket } from "../../src/art/design.js";
import { CARD, PAPERS } from "../../src/art/palette.js";
import { PERFORATION_Y } from "../../src/art/sections/background.js";
import { tokenSeed } from "../../src/art/random.js";
import { renderTicketSvg } from "../../src/art/render-ticket-svg.js";
import { TicketState, type TicketStateValue } from "../../src/art/state.js";
import { analyzeSweep, type PaperSweepResult } from "./paper-pool.js";
import { CONFIG, FULL, sweepIds } from "./sample.js";

/**
 * Rasterises every ticket of the sweep with resvg (1 pixel per SVG unit) and checks the paper: one piece
 * (nothing would fall out), still one piece after eroding it by 3.4 units (every bridge is about 7 units
 * or wider: 8 by design, less a pixel of rasterisation), 35–60% of the disc cut away, and a coarse raster
 * fingerprint that no other ticket shares. All 5,000 under `npm run test:full` (about 6 minutes on this 2-core
 * machine, on a worker thread per core), 100 spread over the range in `npm test`.
 */
const ids = sweepIds(100);
describe(`papercut paper, rasterised (${ids.length} tickets)`, function () {
  let results = new Map<bigint, PaperSweepResult>();

  before(async function () {
    let reported = 0;
    results = await analyzeSweep(ids, (finished) => {
      if (FULL && finished - reported >= 500) {
        reported = finished;
        process.stderr.write(`      paper: ${finished}/${ids.length} tickets rasterised\n`);
      }
    });
  });

  it("analysed every ticket of the sweep", function () {
    expect([...results.keys()]).to.deep.equal(ids);
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
      .filter(([, r]) => Math.abs(r.cutFraction - r.estimate) > 0.03)
      .map(([id, r]) => `${id}: ${r.cutFraction.toFixed(3)} vs ${r.estimate.toFixed(3)}`);
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

describe("erodeByDisc", function () {
  /** Keeps a pixel when every pixel within `radius` of it is set, one offset at a time. */
  function bruteForce(mask: Uint8Array, w: number, h: number, radius: number): Uint8Array {
    const out = new Uint8Array(w * h);
    const reach = Math.ceil(radius);
    for (let y = 0; y < h; y++) {
      for (let x = 0; x < w; x++) {
        let keep = 1;
        for (let dy = -reach; dy <= reach && keep; dy++) {
          for (let dx = -reach; dx <= reach && keep; dx++) {
            if (dx * dx + dy * dy > radius * radius) continue;
            const [u, v] = [x + dx, y + dy];
            if (u < 0 || v < 0 || u >= w || v >= h || mask[v * w + u] === 0) keep = 0;
          }
        }
        out[y * w + x] = keep;
      }
    }
    return out;
  }

  it("matches a pixel-by-pixel erosion on random shapes and radii", function () {
    let state = 12345;
    const random = () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (const radius of [1, 1.5, 2, 3.4, 5]) {
      for (let trial = 0; trial < 5; trial++) {
        const [w, h] = [40 + trial * 7, 33 + trial * 5];
        // Blobs: a few random discs of paper with random holes, so erosion both keeps and removes pixels.
        const mask = new Uint8Array(w * h);
        for (let k = 0; k < 6; k++) {
          const [cx, cy, r, value] = [random() * w, random() * h, 3 + random() * 12, k < 4 ? 1 : 0];
          for (let y = 0; y < h; y++)
            for (let x = 0; x < w; x++) if ((x - cx) ** 2 + (y - cy) ** 2 <= r * r) mask[y * w + x] = value;
        }
        const expected = bruteForce(mask, w, h, radius);
        expect(erodeByDisc(mask, w, h, radius)).to.deep.equal(expected, `radius ${radius}, trial ${trial}`);
        if (radius === 3.4 && trial === 0) expect(expected.some((p) => p === 1)).to.equal(true);
      }
    }
  });
});

describe("state marks on the stub, rasterised", function () {
  const WIDTH = 500; // half scale: 1 pixel per 2 SVG units
  const raster = (svg: string) => {
    const { pixels, width, height } = new Resvg(svg, {
      fitTo: { mode: "width", value: WIDTH },
      font: { loadSystemFonts: false },
    }).render();
    return { pixels: Buffer.from(pixels), width, height };
  };
  /** Pixels of the stub (below the perforation) that differ from the card colour: the printed text. */
  const ink = ({ pixels, width, height }: ReturnType<typeof raster>) => {
    const card = Buffer.from(CARD.card.slice(1), "hex");
    const set: number[] = [];
    for (let y = Math.ceil((PERFORATION_Y + 20) / 2); y < height; y++) {
      for (let x = 0; x < width; x++) {
        const i = 4 * (y * width + x);
        if ([0, 1, 2].some((c) => Math.abs(pixels[i + c]! - card[c]!) > 40)) set.push(y * width + x);
      }
    }
    return set;
  };
  /** The pixels within `margin` pixels (a square) of any pixel of `set`. */
  const around = (set: number[], width: number, height: number, margin: number) => {
    const out = new Set<number>();
    for (const p of set) {
      const [x, y] = [p % width, Math.floor(p / width)];
      for (let dy = -margin; dy <= margin; dy++)
        for (let dx = -margin; dx <= margin; dx++) {
          const [u, v] = [x + dx, y + dy];
          if (u >= 0 && v >= 0 && u < width && v < height) out.add(v * width + u);
        }
    }
    return [...out];
  };
  const changed = (a: ReturnType<typeof raster>, b: ReturnType<typeof raster>, at: number[]) =>
    at.filter((p) => [0, 1, 2].some((c) => Math.abs(a.pixels[4 * p + c]! - b.pixels[4 * p + c]!) > 24));
  /** Where the marks sit: the centre of the seal and of the souvenir mark, in SVG units. */
  const MARK_AT = "translate(816 1066)";

  it("puts the admitted seal and the souvenir mark clear of the stub's text (8 units or more)", function () {
    for (const tokenId of [1n, 2n, 3n, 4999n]) {
      const svgOf = (state: TicketStateValue) => renderTicketSvg({ ...CONFIG, tokenId, state });
      const valid = raster(svgOf(TicketState.Valid));
      // The text and a clear margin of 8 units (4 pixels) around it.
      const text = around(ink(valid), valid.width, valid.height, 4);
      expect(text.length, "the stub has text").to.be.greaterThan(1000);
      const all = Array.from({ length: valid.width * valid.height }, (_, i) => i);
      for (const state of [TicketState.CheckedIn, TicketState.Souvenir]) {
        const svg = svgOf(state);
        expect(svg, "the mark is where this test expects it").to.include(MARK_AT);
        const marked = raster(svg);
        expect(
          changed(valid, marked, all).length,
          `ticket ${tokenId} state ${state} shows a mark`,
        ).to.be.greaterThan(500);
        expect(changed(valid, marked, text), `ticket ${tokenId} state ${state} covers text`).to.deep.equal(
          [],
        );
        // The check itself: the same mark moved onto the ticket number is caught, and the seal where it first
        // was, onto the end of the event name.
        const elsewheres = ["translate(300 1110)"];
        if (state === TicketState.CheckedIn) elsewheres.push("translate(560 1030)");
        for (const elsewhere of elsewheres) {
          const misplaced = raster(svg.replace(MARK_AT, elsewhere));
          expect(changed(valid, misplaced, text).length, elsewhere).to.be.greaterThan(10);
        }
      }
    }
  });
});
