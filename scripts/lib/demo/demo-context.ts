import { existsSync, readdirSync } from "node:fs";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";

import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { Interface } from "ethers";
import type { ArtifactManager } from "hardhat/types/artifacts";
import type { NetworkConnection } from "hardhat/types/network";

import type { DemoStep, DemoTransaction } from "../../../src/demo/format-demo-report.js";
import { PapercutError } from "../../../src/errors.js";
import type { EventConfig } from "../../../src/event/event-config.js";
import { DEFAULT_EVENT_FILE, loadEventConfig } from "../../../src/event/load-event-config.js";

/**
 * The demo's rehearsal window: the sample event took place on 20 May 2022, so its tickets would be souvenirs at
 * once; the rehearsal moves it to a day in 2030 (as a flag would: `tickets event deploy --start … --end …`).
 */
export const DEMO_WINDOW = { start: 1_893_456_000n, end: 1_893_456_000n + 24n * 3600n } as const;

/** The sizes of the demo's event. */
export interface DemoSizes {
  /** Tickets to airdrop (one attendee each). */
  count: number;
  /** Claim links to create. */
  links: number;
  /** Of those, how many to claim through the relayer. */
  claim: number;
  /** Tickets to check in (split over the two gates), at most `count`. */
  admit: number;
}

/** What every step of the demo shares: the network, its accounts, the output folder and the figures so far. */
export interface DemoContext extends DemoSizes {
  connection: NetworkConnection;
  /** Hardhat's artifacts (the compiler's output), for Ignition. */
  artifacts: ArtifactManager;
  /**
   * The sample event from `metadata/event.json`, as the demo rehearses it: its cap is the demo's tickets and
   * links, its window a day in 2030 ({@link DEMO_WINDOW}), its gates the demo's two gate accounts.
   */
  event: EventConfig;
  chainId: bigint;
  /** The in-process network (it vanishes with the run: no journal file is kept). */
  inProcess: boolean;
  organizer: HardhatEthersSigner;
  gateAccounts: readonly [HardhatEthersSigner, HardhatEthersSigner];
  /** The project's root (for `metadata/carbon/methodology.json`). */
  root: string;
  /** The output folder (absolute). */
  out: string;
  /** The ticket's cap: airdropped plus claim links. */
  cap: bigint;
  /** Ignition keeps a journal per deployment id on a node: a fresh id per run deploys fresh contracts. */
  deploymentId: string;
  /** The first block of the demo (its first deployment's). */
  deployBlock: number;
  /** Progress lines. */
  log: (...lines: string[]) => void;
  /** Where the event's pages are (or would be) served: the claim links point there. */
  pagesUrl: string;
  /** The demo's contracts by address, to label its transactions. */
  contracts: Map<string, { name: string; iface?: Interface | undefined }>;
  /** Each step's figures and transactions, in order (filled in by `runStep`). */
  steps: DemoStep[];
  transactions: DemoTransaction[];
}

/** Parameters of {@link createDemoContext}. */
export interface CreateDemoContextParameters extends DemoSizes {
  connection: NetworkConnection;
  artifacts: ArtifactManager;
  root: string;
  /** The output folder (created; a previous demo's output there is replaced). */
  outDir: string;
  log: (...lines: string[]) => void;
  /** Where the event's pages are (or would be) served: the claim links point there. */
  pagesUrl: string;
}

/**
 * Prepares a demo run: clears the output folder (refusing one that holds anything but a previous demo's output),
 * reads the chain and takes the organizer's and two gates' accounts.
 *
 * @param parameters The connection, the project's root, the output folder, the sizes and the progress callback.
 * @returns The context every step receives.
 * @throws PapercutError when the folder is not a previous demo's output or the network has fewer than three accounts.
 * @example
 * const ctx = await createDemoContext({ connection, root, outDir: "demo-out", count: 200, links: 5, claim: 3, admit: 20, log });
 */
export async function createDemoContext({
  connection,
  artifacts,
  root,
  outDir,
  log,
  pagesUrl,
  ...sizes
}: CreateDemoContextParameters): Promise<DemoContext> {
  const out = path.resolve(outDir);
  await prepareOutDir(out);
  const { provider } = connection.ethers;
  const chainId = (await provider.getNetwork()).chainId;
  const [organizer, gateA, gateB] = await connection.ethers.getSigners();
  if (organizer === undefined || gateA === undefined || gateB === undefined) {
    throw new PapercutError(
      `network ${connection.networkName} needs three accounts (organizer and two gates)`,
    );
  }
  const sample = await loadEventConfig({ file: path.join(root, DEFAULT_EVENT_FILE) });
  const cap = BigInt(sizes.count + sizes.links);
  return {
    ...sizes,
    connection,
    artifacts,
    event: {
      ...sample,
      cap,
      start: DEMO_WINDOW.start,
      end: DEMO_WINDOW.end,
      gates: [gateA.address, gateB.address],
      admin: undefined,
    },
    chainId,
    inProcess: connection.networkConfig.type === "edr-simulated",
    organizer,
    gateAccounts: [gateA, gateB],
    root,
    out,
    cap,
    deploymentId: `demo-${Date.now()}`,
    deployBlock: (await provider.getBlockNumber()) + 1,
    log,
    pagesUrl,
    contracts: new Map(),
    steps: [],
    transactions: [],
  };
}

/**
 * Names a contract of the demo, so that its deployment and calls are labelled in the report.
 *
 * @param ctx The demo's context.
 * @param address The contract's checksummed address.
 * @param name Its name (`PapercutTicket`).
 * @param iface Its interface, to name the functions called.
 * @example
 * nameContract(ctx, ledgerAddress, "DonationLedger", ledger.interface);
 */
export function nameContract(ctx: DemoContext, address: string, name: string, iface?: Interface): void {
  ctx.contracts.set(address, { name, iface });
}

/**
 * A path inside the output folder as the report writes it: relative, with forward slashes.
 *
 * @param ctx The demo's context.
 * @param file An absolute path inside the output folder.
 * @returns The relative path.
 * @example
 * outPath(ctx, path.join(ctx.out, "attendees.csv")); // "attendees.csv"
 */
export function outPath(ctx: DemoContext, file: string): string {
  return path.relative(ctx.out, file).split(path.sep).join("/");
}

/** Creates the output folder, clearing a previous demo's output; refuses a folder that holds anything else. */
async function prepareOutDir(out: string): Promise<void> {
  if (existsSync(out)) {
    const entries = readdirSync(out);
    if (entries.length > 0 && !entries.includes("demo-report.json") && !entries.includes("attendees.csv")) {
      throw new PapercutError(`--out ${out}: the folder exists and is not a previous demo's output`, {
        details: "choose an empty or new folder",
      });
    }
    await rm(out, { recursive: true, force: true });
  }
  await mkdir(out, { recursive: true });
}
