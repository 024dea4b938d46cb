import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

import { artConfigOf } from "../../../src/event/deployment-parameters.js";
import { renderPng } from "../../../src/art/render-png.js";
import { renderTicketSvg } from "../../../src/art/render-ticket-svg.js";
import { TICKET_STATE_NAMES, type TicketStateValue } from "../../../src/art/state.js";
import type { DemoReport } from "../../../src/demo/format-demo-report.js";
import { exportCollection } from "../../../src/metadata/export-collection.js";
import type { PapercutTicket } from "../../../types/ethers-contracts/index.js";
import { outPath, type DemoContext } from "./demo-context.js";
import { fmt } from "./format.js";

/** Up to this many tickets the demo draws every ticket's art; above, the first {@link ART_SAMPLE}. */
const ART_IN_FULL = 10_000;
const ART_SAMPLE = 1_000;

/** The tickets {@link artStep} draws from the chain: one admitted, one still valid, one claimed by link. */
export interface ArtSamples {
  admitted: bigint;
  valid: bigint;
  claimed: bigint;
}

/**
 * Step 6: exports every minted ticket's art and metadata off-chain exactly as the renderer contract draws them
 * (gallery, IPFS CAR, previews), then draws the sample tickets' on-chain `tokenURI` to SVG and PNG and checks
 * each against the TypeScript mirror.
 *
 * @param ctx The demo's context.
 * @param ticket The ticket contract.
 * @param samples The tickets to draw from the chain.
 * @returns The art's part of the report.
 * @example
 * const art = await runStep(ctx, 6, () => artStep(ctx, deployed.ticket, samples));
 */
export async function artStep(
  ctx: DemoContext,
  ticket: PapercutTicket,
  samples: ArtSamples,
): Promise<DemoReport["art"]> {
  const { log } = ctx;
  const minted = Number(await ticket.totalMinted());
  // A large event's art is drawn for a sample (the first ART_SAMPLE tickets); `tickets art --from --to` draws
  // any other range the same way.
  const drawn = minted <= ART_IN_FULL ? minted : ART_SAMPLE;
  let lastPhase = "";
  log(
    drawn === minted
      ? `      drawing ${fmt(minted)} tickets off-chain exactly as the renderer contract does…`
      : `      drawing a sample, tickets 1–${fmt(drawn)} of ${fmt(minted)}, off-chain exactly as the renderer contract ` +
          `does (tickets art --from N --to M draws any other range)…`,
  );
  const exported = await exportCollection({
    outDir: path.join(ctx.out, "metadata"),
    count: drawn,
    cap: Number(ctx.cap),
    previews: 3,
    ...artConfigOf(ctx.event),
    onProgress: (phase, done, total) => {
      if (done !== total || phase === lastPhase) return;
      lastPhase = phase;
      const what: Record<string, string> = {
        art: `drew ${fmt(total)} tickets (SVG)`,
        files: `wrote ${fmt(total)} files (images, ERC-721 metadata, collection.json)`,
        ipfs: "packed the folder as an IPFS CAR",
        previews: `rendered ${fmt(total)} PNG previews`,
      };
      log(`      ${what[phase] ?? `${phase} ${fmt(done)}/${fmt(total)}`}`);
    },
  });
  // Tickets as the chain draws them now.
  const samplesDir = path.join(ctx.out, "tickets");
  await mkdir(samplesDir, { recursive: true });
  const onChain: DemoReport["art"]["onChain"] = [];
  for (const tokenId of [samples.admitted, samples.valid, samples.claimed]) {
    const uri = await ticket.tokenURI(tokenId);
    const json = JSON.parse(Buffer.from(uri.slice(uri.indexOf(",") + 1), "base64").toString("utf8")) as {
      image: string;
    };
    const svg = Buffer.from(json.image.slice(json.image.indexOf(",") + 1), "base64").toString("utf8");
    const state = Number(await ticket.ticketState(tokenId)) as TicketStateValue;
    const mirror = renderTicketSvg({ ...artConfigOf(ctx.event), tokenId, state });
    const stateName = TICKET_STATE_NAMES[state] ?? String(state);
    const base = path.join(samplesDir, `ticket-${tokenId}-${stateName.toLowerCase().replace(/ /g, "-")}`);
    await writeFile(`${base}.svg`, svg);
    await writeFile(`${base}.png`, renderPng({ svg, width: 480 }));
    onChain.push({
      tokenId: tokenId.toString(),
      state: stateName,
      svg: outPath(ctx, `${base}.svg`),
      png: outPath(ctx, `${base}.png`),
      matchesMirror: svg === mirror,
    });
  }
  const gallery = outPath(ctx, path.join(exported.outDir, "gallery.html"));
  log(
    `      gallery ${gallery}; on-chain tokenURI of #${onChain.map((o) => `${o.tokenId} (${o.state})`).join(", #")} ` +
      `drawn to ${outPath(ctx, samplesDir)}/ (${onChain.every((o) => o.matchesMirror) ? "identical to" : "DIFFERENT from"} the TypeScript mirror)`,
  );
  return {
    folder: outPath(ctx, exported.outDir),
    gallery,
    exported: exported.count,
    rootCid: exported.rootCid,
    baseURI: exported.baseURI,
    previews: exported.previews.map((p) => outPath(ctx, path.join(exported.outDir, p))),
    onChain,
  };
}
