/**
 * A worker thread of {@link analyzeSweep}: renders and analyses the papercut of each token ID it is given and
 * posts each result back as it finishes.
 */
import { isMainThread, parentPort, workerData } from "node:worker_threads";

import { analyzePaper } from "../../src/art/analyze-paper.js";
import { designTicket, estimateCut } from "../../src/art/design.js";
import { PAPERS } from "../../src/art/palette.js";
import { tokenSeed } from "../../src/art/random.js";
import { renderTicketSvg } from "../../src/art/render-ticket-svg.js";
import { TicketState } from "../../src/art/state.js";
import { CONFIG, releaseRasters } from "./sample.js";
import type { PaperSweepResult } from "./paper-pool.js";

// Mocha loads every file under test/ as a test too: there it has no job and does nothing.
const job = isMainThread ? undefined : (workerData as { paperSweep?: string[] } | null)?.paperSweep;
if (job !== undefined) await sweep(job);

async function sweep(ids: string[]): Promise<void> {
  let done = 0;
  for (const id of ids) {
    const tokenId = BigInt(id);
    const design = designTicket(tokenSeed({ salt: CONFIG.salt, tokenId }));
    const svg = renderTicketSvg({ ...CONFIG, tokenId, state: TicketState.Valid, design });
    const { pieces, erodedPieces, cutFraction, fingerprint } = analyzePaper({
      svg,
      paperHex: PAPERS[design.paper]!.hex,
    });
    const result: PaperSweepResult = {
      tokenId: id,
      pieces,
      erodedPieces,
      cutFraction,
      estimate: estimateCut(design) / 1000,
      fingerprint,
    };
    parentPort!.postMessage(result);
    if (++done % 25 === 0) await releaseRasters();
  }
}
