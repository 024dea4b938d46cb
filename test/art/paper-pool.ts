import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** One ticket's paper, measured by {@link analyzeSweep}. */
export interface PaperSweepResult {
  /** The token ID, as a decimal string. */
  tokenId: string;
  /** Connected pieces of paper (1 = one sheet). */
  pieces: number;
  /** Pieces left once every bridge under ~7 units is removed (1 = every bridge is wide enough). */
  erodedPieces: number;
  /** Share of the disc cut away, 0..1. */
  cutFraction: number;
  /** The design's own estimate of the cut-away share, 0..1. */
  estimate: number;
  /** The coarse raster fingerprint. */
  fingerprint: string;
}

// Worker threads do not inherit the parent's module hooks on Node 20, so each worker loads its TypeScript
// entry through tsx's API.
const BOOT = `import(${JSON.stringify(import.meta.resolve("tsx/esm/api"))}).then(({ tsImport }) =>
  tsImport(${JSON.stringify(new URL("./paper-worker.ts", import.meta.url).href)}, ${JSON.stringify(import.meta.url)}))`;

/** How many worker threads {@link analyzeSweep} uses for `count` tickets: one per core, at least 50 tickets each. */
export function sweepThreads(count: number): number {
  return Math.max(1, Math.min(availableParallelism(), Math.ceil(count / 50)));
}

/**
 * Rasterises and analyses the sample event's papercut for every token ID, on one worker thread per core
 * (rasterising is CPU-bound; ~0.12 s a ticket on one core here). Workers load the TypeScript sources through tsx.
 *
 * @param ids - The token IDs.
 * @param onProgress - Called with the number finished so far after each ticket.
 * @returns The results, keyed by token ID.
 */
export async function analyzeSweep(
  ids: readonly bigint[],
  onProgress?: (finished: number) => void,
): Promise<Map<bigint, PaperSweepResult>> {
  const threads = sweepThreads(ids.length);
  const shares: string[][] = Array.from({ length: threads }, () => []);
  ids.forEach((id, i) => shares[i % threads]!.push(id.toString()));
  const results = new Map<bigint, PaperSweepResult>();
  await Promise.all(
    shares.map(
      (share) =>
        new Promise<void>((resolve, reject) => {
          const worker = new Worker(BOOT, { eval: true, workerData: { paperSweep: share } });
          worker.on("message", (result: PaperSweepResult) => {
            results.set(BigInt(result.tokenId), result);
            onProgress?.(results.size);
          });
          worker.on("error", reject);
          worker.on("exit", (code) =>
            code === 0 ? resolve() : reject(new Error(`paper worker exited with code ${code}`)),
          );
        }),
    ),
  );
  const missing = ids.filter((id) => !results.has(id));
  if (missing.length > 0) throw new Error(`paper workers returned no result for ${missing.length} tickets`);
  return new Map(ids.map((id) => [id, results.get(id)!]));
}
