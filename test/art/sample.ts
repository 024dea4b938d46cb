import v8 from "node:v8";
import vm from "node:vm";

import { SAMPLE_ART } from "../../ignition/modules/PapercutRenderer.js";
import { FULL } from "../support/full.js";

/** Whether the full sweeps run (`npm run test:full`, CI): all 5,000 tickets instead of a sample. */
export { FULL };

/** The sample event's supply. */
export const SUPPLY = 5000;

/**
 * The token IDs a sweep covers: all 5,000 under PAPERCUT_FULL (unless `full` is false), otherwise
 * `sampleSize` of them (the first fifth, and the rest spread evenly up to 5,000, so every fold count,
 * colour and band kind shows up).
 */
export function sweepIds(sampleSize = 300, { full = FULL }: { full?: boolean } = {}): bigint[] {
  if (full) return Array.from({ length: SUPPLY }, (_, i) => BigInt(i + 1));
  const head = Math.floor(sampleSize / 5);
  const ids = new Set<number>();
  for (let i = 1; i <= head; i++) ids.add(i);
  const spread = sampleSize - head;
  for (let k = 0; k < spread; k++) ids.add(head + 1 + Math.floor((k * (SUPPLY - head - 1)) / (spread - 1)));
  return [...ids].sort((a, b) => a - b).map((i) => BigInt(i));
}

/** The sample event's renderer configuration (the Ignition module's defaults). */
export const CONFIG = { ...SAMPLE_ART };

const gc = (() => {
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
})();

/**
 * Frees the rasters of finished analyses. resvg keeps each raster in native memory that V8 does not count,
 * and releases it only when the JS wrapper is finalized, which needs a collection and a turn of the event
 * loop; a sweep over thousands of tickets that never yields grows by gigabytes.
 */
export async function releaseRasters(): Promise<void> {
  gc();
  await new Promise((resolve) => setImmediate(resolve));
}
