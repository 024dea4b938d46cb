import path from "node:path";

import { ClaimRelayer } from "../../../src/claims/claim-relayer.js";
import { claimsContract } from "../../../src/claims/claims-contract.js";
import type { ClaimLink } from "../../../src/claims/claim-types.js";
import { formatClaimLink } from "../../../src/claims/format-claim-link.js";
import { startRelayServer } from "../../../src/claims/relay-server.js";
import { DEFAULT_METHODOLOGY_FILE } from "../../../src/carbon/load-methodology.js";
import type { DemoReport } from "../../../src/demo/format-demo-report.js";
import { PapercutError } from "../../../src/errors.js";
import { buildSite } from "../../../src/web/build-site.js";
import { jsonRpcHandler } from "../../../src/web/json-rpc-bridge.js";
import { methodologySiteFiles } from "../../../src/web/methodology-path.js";
import { serveStatic } from "../../../src/web/serve.js";
import { siteEventOf } from "../../../src/web/site-event.js";
import type { DemoContext } from "./demo-context.js";

/** The attendee pages of a finished demo, served on loopback until {@link DemoPages.close}. */
export interface DemoPages {
  /** The pages' base URL, e.g. `http://127.0.0.1:5173/`. */
  url: string;
  /** What to open, line by line (for the console). */
  guide: string[];
  /** Stops the pages, the chain's bridge and the relayer. */
  close(): Promise<void>;
}

/** The relayer's spending cap while the pages are served (a claim costs about 0.0002 ETH on the demo chain). */
const SERVE_RELAYER_CAP_WEI = 10n ** 17n;

/**
 * The pages' base URL for a port: the claim links of a demo that will serve its pages point there.
 *
 * @example
 * demoPagesUrl(5173); // "http://127.0.0.1:5173/"
 */
export function demoPagesUrl(port: number): string {
  return `http://127.0.0.1:${port}/`;
}

/**
 * After the demo: builds the attendee pages for its contracts into `<out>/web` (as `tickets web` does, with the
 * event's texts and the carbon methodology), and serves them on 127.0.0.1 with the chain behind them: the pages'
 * JSON-RPC goes to `/rpc` on the same port, answered by the demo's own network (read-only methods and signed
 * transactions only), and a claim relayer pays for the open claim links. The demo's chain stays up as long as the
 * pages do.
 *
 * @param ctx The demo's context.
 * @param report The demo's report (contracts, the claimed links' recipients, admitted tickets).
 * @param openLinks The claim links nobody claimed yet (for a newcomer to claim in the browser).
 * @param port The port (the claim links were made for it).
 * @returns The served pages, with the guide to print.
 * @throws PapercutError when the port is taken.
 * @example
 * const pages = await pagesStep(ctx, report, openLinks, 5173);
 * console.log(pages.guide.join("\n")); await untilInterrupted(); await pages.close();
 */
export async function pagesStep(
  ctx: DemoContext,
  report: DemoReport,
  openLinks: readonly ClaimLink[],
  port: number,
): Promise<DemoPages> {
  const url = demoPagesUrl(port);
  const relayer = new ClaimRelayer({
    claims: claimsContract(report.contracts.claims, ctx.organizer),
    chainId: ctx.chainId,
    spendingCapWei: SERVE_RELAYER_CAP_WEI,
  });
  const relay = await startRelayServer({
    relayer,
    host: "127.0.0.1",
    port: 0,
    allowOrigin: url.slice(0, -1),
  });
  try {
    const { files } = await methodologySiteFiles([path.join(ctx.root, DEFAULT_METHODOLOGY_FILE)]);
    const outDir = path.join(ctx.out, "web");
    await buildSite({
      webDir: path.join(ctx.root, "web"),
      outDir,
      config: {
        chainId: ctx.chainId.toString(),
        networkName: ctx.inProcess ? "papercut demo" : ctx.connection.networkName,
        ticket: report.contracts.ticket,
        rpcUrl: `${url}rpc`,
        fromBlock: ctx.deployBlock,
        claims: report.contracts.claims,
        relayerUrl: relay.url,
        event: siteEventOf(ctx.event),
      },
      files,
    });
    const site = await serveStatic({
      root: outDir,
      port,
      post: { "/rpc": jsonRpcHandler(ctx.connection.provider) },
    }).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === "EADDRINUSE") {
        throw new PapercutError(`--port ${port}: already in use on 127.0.0.1 (pass another --port)`);
      }
      throw error;
    });
    const holder = report.claims.claimed[0];
    const admitted = report.checkIn.gates[0]?.admitted[0];
    const guide = [
      `活动页面 / Event pages: ${url}  (中文 first; English one tap away)`,
      `  活动 / Event          ${url}index.html`,
      ...(holder === undefined
        ? []
        : [
            `  我的门票 / My tickets ${url}tickets.html  — paste ${holder.recipient} (holds ticket #${holder.tokenId})`,
          ]),
      ...openLinks
        .slice(0, 2)
        .map(
          (link, i) =>
            `  领取链接 / Claim link ${i + 1}: ${formatClaimLink({ urlTemplate: `${url}claim.html`, link })}`,
        ),
      `    (no wallet needed: the claim page makes one in your browser, and the relayer pays the gas)`,
      ...(admitted === undefined
        ? []
        : [`  Ticket #${admitted} was admitted at the door: look it up on My tickets.`]),
      `  检票口 / Gate ${url}gate.html  (needs a wallet holding the gate role, e.g. the demo's gate accounts)`,
      `The demo's chain (${ctx.inProcess ? "in this process" : ctx.connection.networkName}) answers the pages at ${url}rpc.`,
      `Ctrl-C stops the pages and the chain.`,
    ];
    return {
      url,
      guide,
      close: async () => {
        await site.close();
        await relay.close();
      },
    };
  } catch (error) {
    await relay.close();
    throw error;
  }
}
