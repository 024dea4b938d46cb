import type { ArtifactManager } from "hardhat/types/artifacts";
import type { NetworkConnection } from "hardhat/types/network";

import type { DemoReport } from "../../../src/demo/format-demo-report.js";
import { generateAttendees } from "../../../src/demo/generate-attendees.js";
import { PapercutError } from "../../../src/errors.js";
import { airdropStep } from "./airdrop-step.js";
import { artStep } from "./art-step.js";
import { checkInStep } from "./check-in-step.js";
import { claimsStep } from "./claims-step.js";
import { createDemoContext } from "./demo-context.js";
import { deployStep } from "./deploy-step.js";
import { donationStep } from "./donation-step.js";
import { round } from "./format.js";
import { demoPagesUrl, pagesStep, type DemoPages } from "./pages-step.js";
import { reportStep } from "./report-step.js";
import { runStep } from "./run-step.js";

/** Up to this many attendees, every one gets a wallet (as before); above, a sample of {@link WALLET_SAMPLE}. */
const WALLETS_IN_FULL = 10_000;
const WALLET_SAMPLE = 1_000;

/** Parameters of {@link runDemo}. */
export interface RunDemoParameters {
  /** An open network connection (in-process, or a node). */
  connection: NetworkConnection;
  /** Hardhat's artifacts (`hre.artifacts`), for Ignition. */
  artifacts: ArtifactManager;
  /** The project's root (for `metadata/carbon/methodology.json`). */
  root: string;
  /** The output folder (created; a previous demo's output there is replaced). */
  outDir: string;
  /** Tickets to airdrop (one attendee each). */
  count?: number;
  /** Claim links to create. */
  links?: number;
  /** Of those, how many to claim through the relayer. */
  claim?: number;
  /** Tickets to check in (split over the two gates). */
  admit?: number;
  /** Progress lines (default: none). */
  log?: (...lines: string[]) => void;
  /**
   * Serve the event's pages on this loopback port when the demo is done, with the demo's chain behind them
   * (`--serve`); the caller closes them. Without it the claim links still point at this port (default 5173).
   */
  serve?: { port: number };
}

/** A finished demo: its report, and its pages when asked to serve them. */
export interface DemoRun {
  report: DemoReport;
  /** The pages, served until closed (only with `serve`). */
  pages?: DemoPages;
}

/**
 * Runs the whole event on one network: deploys the ticket and its renderer, airdrops `count` tickets to fresh
 * attendee wallets through the issuance pipeline, creates claim links and claims some of them through a real HTTP
 * relayer on 127.0.0.1, checks a sample in at two gates with holder-signed proofs (showing a refused replay),
 * records, settles and verifies the donation, exports the art, and returns the report (the caller writes it).
 *
 * Each step is one function of `scripts/lib/demo/` calling the same `src/` workflows as the `tickets` tasks.
 *
 * @param parameters The connection, the project's root, the output folder, the sizes and the progress callback.
 * @returns The report, and the served pages with `serve`.
 * @throws PapercutError for sizes out of range, an output folder that is not a previous demo's, or a failed step.
 * @example
 * const { report } = await runDemo({ connection, artifacts: hre.artifacts, root: process.cwd(), outDir: "demo-out" });
 */
export async function runDemo({
  connection,
  artifacts,
  root,
  outDir,
  count = 5000,
  links = 5,
  claim = 3,
  admit = 20,
  log = () => {},
  serve,
}: RunDemoParameters): Promise<DemoRun> {
  if (!Number.isSafeInteger(count) || count < 2)
    throw new PapercutError(`--count ${count}: expected 2 or more`);
  if (!Number.isSafeInteger(links) || links < 1)
    throw new PapercutError(`--links ${links}: expected 1 or more`);
  if (!Number.isSafeInteger(claim) || claim < 1 || claim > links) {
    throw new PapercutError(`--claim ${claim}: expected 1..${links} (the number of links)`);
  }
  if (!Number.isSafeInteger(admit) || admit < 2)
    throw new PapercutError(`--admit ${admit}: expected 2 or more`);
  const port = serve?.port ?? 5173;
  if (!Number.isSafeInteger(port) || port < 1 || port > 65535)
    throw new PapercutError(`--port ${port}: expected a port number 1..65535`);
  const started = performance.now();
  const sizes = { count, links, claim, admit: Math.min(admit, count) };
  const ctx = await createDemoContext({
    connection,
    artifacts,
    root,
    outDir,
    log,
    pagesUrl: demoPagesUrl(port),
    ...sizes,
  });

  const deployed = await runStep(ctx, 1, () => deployStep(ctx));
  // A key takes about a millisecond to derive: past WALLETS_IN_FULL attendees, a sample of them get wallets.
  const attendees = generateAttendees({
    count,
    wallets: count <= WALLETS_IN_FULL ? count : WALLET_SAMPLE,
  });
  const airdrop = await runStep(ctx, 2, () => airdropStep(ctx, deployed.ticketAddress, attendees));
  const claims = await runStep(ctx, 3, () => claimsStep(ctx, deployed));
  const checkIn = await runStep(ctx, 4, () => checkInStep(ctx, deployed, airdrop.walletTokens, attendees));
  const donation = await runStep(ctx, 5, () => donationStep(ctx, deployed));
  const art = await runStep(ctx, 6, () =>
    artStep(ctx, deployed.ticket, {
      admitted: BigInt(checkIn.gates[0]!.admitted[0]!),
      valid: firstNotAdmitted(
        airdrop.firstTokenId,
        checkIn.gates.flatMap((g) => g.admitted),
      ),
      claimed: BigInt(claims.claimed[0]!.tokenId),
    }),
  );
  const results = { deployed, airdrop, claims, checkIn, donation, art };
  const report = await runStep(ctx, 7, () => reportStep(ctx, results));
  report.totals.seconds = round((performance.now() - started) / 1000, 1);
  if (serve === undefined) return { report };
  log("", "Building the event's pages for this deployment (a few seconds)…");
  return { report, pages: await pagesStep(ctx, report, claims.openLinks, port) };
}

/** The first ticket from `first` on that was not admitted. */
function firstNotAdmitted(first: bigint, admitted: string[]): bigint {
  let id = first;
  while (admitted.includes(id.toString())) id++;
  return id;
}
