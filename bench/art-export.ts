/**
 * Times `tickets art`'s work for the sample event's 5,000 tickets: drawing every SVG, the metadata, the IPFS
 * folder (two passes of ipfs-car 3.1.0), the CAR, the gallery and three PNG previews in four states, into a
 * temporary folder. Reports wall-clock and CPU time (the machine may be shared: CPU time is the steadier
 * figure) and writes bench/results/art-export.json with the date and versions.
 *
 * Run: npx hardhat run bench/art-export.ts
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import path from "node:path";

import { SAMPLE_ART } from "../ignition/modules/PapercutRenderer.js";
import { exportCollection } from "../src/metadata/export-collection.js";

const COUNT = Number(process.env.ART_EXPORT_COUNT ?? "5000");
const dir = mkdtempSync(path.join(tmpdir(), "papercut-export-"));
const phases: Record<string, number> = {};
let last = performance.now();
const cpuBefore = process.cpuUsage();
const started = performance.now();
const result = await exportCollection({
  ...SAMPLE_ART,
  outDir: path.join(dir, "out"),
  count: COUNT,
  previews: 3,
  onProgress: (phase, done, total) => {
    if (done === total) {
      const now = performance.now();
      phases[phase] = Math.round(now - last);
      last = now;
    }
  },
});
const wallMs = Math.round(performance.now() - started);
const cpu = process.cpuUsage(cpuBefore);
rmSync(dir, { recursive: true, force: true });

const pkg = (name: string) =>
  (JSON.parse(readFileSync(`node_modules/${name}/package.json`, "utf8")) as { version: string }).version;
const output = {
  date: new Date().toISOString(),
  versions: { node: process.version, "ipfs-car": pkg("ipfs-car"), "@resvg/resvg-js": pkg("@resvg/resvg-js") },
  machine: { cpus: cpus().length, loadAverage1m: Math.round(loadavg()[0]! * 100) / 100 },
  tickets: COUNT,
  wallSeconds: wallMs / 1000,
  cpuSeconds: Math.round((cpu.user + cpu.system) / 10_000) / 100,
  phaseMs: phases,
  rootCid: result.rootCid,
  svgBytes: result.svgBytes,
};
mkdirSync("bench/results", { recursive: true });
writeFileSync("bench/results/art-export.json", JSON.stringify(output, null, 2) + "\n");
console.log(
  `Exported ${COUNT} tickets in ${output.wallSeconds} s wall, ${output.cpuSeconds} s CPU ` +
    `(load average ${output.machine.loadAverage1m} on ${output.machine.cpus} cores); phases ${JSON.stringify(phases)}`,
);
