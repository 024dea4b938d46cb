/**
 * Rasterises every ticket's papercut with resvg (1 pixel per SVG unit, no drop shadow) and measures the
 * paper: pieces (1 = one sheet), pieces after eroding by 3.4 units (1 = every bridge at least ~7 units
 * wide), the share of the disc cut away (min / avg / max), and how many distinct coarse raster
 * fingerprints there are. Results go to bench/results/art-paper.json with the date and versions.
 *
 * Run: npx hardhat run bench/art-paper.ts   (ART_PAPER_COUNT=500 for a partial run; ~6 minutes for all 5,000 on 2 cores)
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";

import { SAMPLE_ART } from "../ignition/modules/PapercutRenderer.js";
import { analyzeSweep, sweepThreads } from "../test/art/paper-pool.js";

const COUNT = Number(process.env.ART_PAPER_COUNT ?? "5000");
const started = performance.now();
const ids = Array.from({ length: COUNT }, (_, i) => BigInt(i + 1));
let reported = 0;
const results = await analyzeSweep(ids, (finished) => {
  if (finished - reported >= 250) {
    reported = finished;
    process.stderr.write(`${finished}/${COUNT}\n`);
  }
});
const cuts: number[] = [];
const notOneSheet: number[] = [];
const thinBridges: number[] = [];
const outsideRange: number[] = [];
const fingerprints = new Set<string>();
for (const [tokenId, r] of results) {
  const id = Number(tokenId);
  cuts.push(r.cutFraction);
  if (r.pieces !== 1) notOneSheet.push(id);
  if (r.erodedPieces !== 1) thinBridges.push(id);
  if (r.cutFraction < 0.35 || r.cutFraction > 0.6) outsideRange.push(id);
  fingerprints.add(r.fingerprint);
}
const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
const round = (x: number) => Math.round(x * 1000) / 1000;
const result = {
  date: new Date().toISOString(),
  versions: { resvg: pkg("@resvg/resvg-js"), node: process.version },
  threads: sweepThreads(COUNT),
  config: SAMPLE_ART,
  tickets: COUNT,
  raster: { pixelsPerUnit: 1, erosionUnits: 3.4, bridgeDesignUnits: 8 },
  oneSheet: COUNT - notOneSheet.length,
  notOneSheet,
  bridgesWideEnough: COUNT - thinBridges.length,
  thinBridges,
  cutFraction: {
    target: [0.35, 0.6],
    min: round(Math.min(...cuts)),
    avg: round(cuts.reduce((a, b) => a + b, 0) / cuts.length),
    max: round(Math.max(...cuts)),
    outsideTarget: outsideRange,
  },
  distinctFingerprints: fingerprints.size,
  seconds: Math.round((performance.now() - started) / 1000),
};
mkdirSync("bench/results", { recursive: true });
// The art's configuration carries bigints (the event's date): written as decimal strings.
const asJson = (value: unknown, indent?: number) =>
  JSON.stringify(value, (_key, v: unknown) => (typeof v === "bigint" ? v.toString() : v), indent);
writeFileSync("bench/results/art-paper.json", asJson(result, 2) + "\n");
console.log(asJson({ ...result, notOneSheet: notOneSheet.length, thinBridges: thinBridges.length }));
