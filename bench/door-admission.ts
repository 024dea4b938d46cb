/**
 * Seconds per admission at the door, before (two scans: the holder's page reads the gate's code, the wallet signs,
 * the gate reads the proof) and after (one scan: the gate reads the holder's rotating door code, signed by the
 * page's key under a delegation the wallet signed once, ahead of time), with the real pages in real Chromium: the
 * built site (show.html, gate.html), a wallet injected into the page (test/support/browser.ts, it signs at once:
 * no human in the loop), an anvil node, the gate deciding online and committing on-chain.
 *
 * Machine time per admission: from the holder standing at the gate with the show page open and the ticket chosen
 * to the gate's ADMIT. "Scans" are QR reads (the holder's page reading the gate's code, the gate reading the
 * holder's screen; both fed as the screen's pixels or text, no camera), "wallet prompts" are signature requests
 * the wallet got. A person's own time (aiming a phone, confirming in a wallet) is not in the figures: it is what
 * the counts of scans and prompts stand for.
 *
 * Writes bench/results/door-admission-<date>.md. Run: npm run bench:door   (PEOPLE=… per flow, default 12)
 */
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";

import { Wallet, parseEther, type BaseWallet } from "ethers";
import type { Browser, Page } from "playwright-core";

import { PapercutTicket__factory } from "../types/ethers-contracts/index.js";
import { serveStatic } from "../src/web/serve.js";
import { buildTestSite, installTestWallet, launchChromium, useLanguage } from "../test/support/browser.js";
import { startLocalNode } from "../test/support/local-node.js";
import { deployTicketOn } from "../test/support/tickets.js";
import { packageVersion } from "./lib/gas.js";

const PEOPLE = Number(process.env.PEOPLE ?? 12);
const PHONE = { width: 390, height: 844 };

const node = await startLocalNode({ kind: "anvil" });
let browser: Browser | undefined;
let site: Awaited<ReturnType<typeof serveStatic>> | undefined;
try {
  const chainId = (await node.provider.getNetwork()).chainId;
  const organizer = await node.provider.getSigner(0);
  // From anvil's account 0 (the organizer): an event in 2030 under the Transferable policy.
  const contract = await deployTicketOn(node.url, { cap: BigInt(2 * PEOPLE + 10) });
  const ticket = PapercutTicket__factory.connect(contract, organizer);
  const gateWallet = Wallet.createRandom();
  await (await organizer.sendTransaction({ to: gateWallet.address, value: parseEther("1") })).wait();
  await (await ticket.grantRole(await ticket.GATE_ROLE(), gateWallet.address)).wait();
  // One person per ticket: 1..PEOPLE come by the two-scan flow, PEOPLE+1..2*PEOPLE by the one-scan flow.
  const people = Array.from({ length: 2 * PEOPLE }, () => Wallet.createRandom());
  const order = people
    .map((w, i) => ({ w, i }))
    .sort((a, b) => (BigInt(a.w.address) < BigInt(b.w.address) ? -1 : 1));
  await (
    await ticket.getFunction("airdrop")(
      1n,
      order.map((o) => o.w.address),
    )
  ).wait();
  const tokenOf = new Map(order.map((o, k) => [o.i, BigInt(k + 1)]));

  const outDir = await buildTestSite({
    prefix: "papercut-bench-door-",
    ticket: contract,
    rpcUrl: node.url,
    chainId,
  });
  site = await serveStatic({ root: outDir });
  browser = await launchChromium();

  const gate = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  await useLanguage(gate, "en");
  await installTestWallet(gate, gateWallet, node.provider);
  await gate.goto(site.url + "gate.html");
  await gate.fill("#gate-id", "BENCH-1");
  await gate.click("#open");
  await gate.waitForSelector("#desk:not([hidden])");

  async function holderPage(wallet: BaseWallet, tokenId: bigint, prompts: { n: number }): Promise<Page> {
    const page = await browser!.newPage({ viewport: PHONE });
    await useLanguage(page, "en");
    await installTestWallet(page, wallet, node.provider, {
      onRequest: (m) => {
        if (m === "eth_signTypedData_v4") prompts.n += 1;
      },
    });
    await page.goto(`${site!.url}show.html?token=${tokenId}`);
    await page.waitForSelector(`#choices input[value="${tokenId}"]:checked`);
    return page;
  }

  /** The gate reads the holder's screen (the QR canvas's pixels) and decides; resolves at ADMIT. */
  async function gateScans(show: Page, tokenId: bigint): Promise<void> {
    const picture = await show.locator("#proof-qr").screenshot();
    await gate.setInputFiles("#photo", { name: "screen.png", mimeType: "image/png", buffer: picture });
    await gate.waitForSelector(`#verdict[data-verdict="admit"][data-token-id="${tokenId}"]`, {
      timeout: 30_000,
    });
  }

  const results = { two: [] as number[], one: [] as number[], prepare: [] as number[] };
  const prompts = { two: { n: 0 }, one: { n: 0 }, oneAtDoor: 0 };
  const scans = { two: 0, one: 0 };

  for (let p = 0; p < PEOPLE; p++) {
    const tokenId = tokenOf.get(p)!;
    const show = await holderPage(people[p]!, tokenId, prompts.two);
    const started = performance.now();
    // Scan 1: the holder's page reads the gate's code (its text, as the camera would give it).
    await show.fill("#challenge", await gate.inputValue("#challenge-text"));
    scans.two += 1;
    await show.click("#sign"); // the wallet prompt
    await show.waitForSelector('#proof[data-kind="proof"]:not([hidden])');
    await gateScans(show, tokenId); // scan 2
    scans.two += 1;
    results.two.push(performance.now() - started);
    await show.close();
  }

  for (let p = PEOPLE; p < 2 * PEOPLE; p++) {
    const tokenId = tokenOf.get(p)!;
    const show = await holderPage(people[p]!, tokenId, prompts.one);
    // Ahead of time (at home, on the way): one wallet prompt.
    const before = performance.now();
    await show.click("#door-prepare");
    await show.waitForSelector('#proof[data-kind="door-code"]:not([hidden])');
    results.prepare.push(performance.now() - before);
    const promptsBefore = prompts.one.n;
    const started = performance.now();
    await gateScans(show, tokenId); // the only scan
    scans.one += 1;
    results.one.push(performance.now() - started);
    prompts.oneAtDoor += prompts.one.n - promptsBefore;
    await show.close();
  }
  await gate
    .waitForFunction(() => document.querySelector("#count-pending")?.textContent === "0", undefined, {
      timeout: 60_000,
    })
    .catch(async (error: unknown) => {
      const seen = await gate.evaluate(() =>
        ["#count-pending", "#sync-status", "#net", "#log"].map((q) => document.querySelector(q)?.textContent),
      );
      throw new Error(`bench: the gate did not commit its admissions within 60 s (${JSON.stringify(seen)})`, {
        cause: error,
      });
    });
  const admittedOnChain = await Promise.all(
    [...tokenOf.values()].map((id) => ticket.getFunction("wasCheckedIn")(id)),
  );
  if (admittedOnChain.some((x) => !x)) throw new Error("bench: an admission was not committed on-chain");

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const max = (xs: number[]) => Math.max(...xs);
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const anvil = await node.rpc<string>("web3_clientVersion");
  const date = new Date().toISOString();
  const md = [
    `# Seconds per admission at the door: two scans (before) and one scan (after) — ${date.slice(0, 10)}`,
    "",
    `Run: \`npm run bench:door\` (bench/door-admission.ts), ${date}; ${PEOPLE} people per flow; Chromium ` +
      `${browser.version()} headless, playwright-core ${packageVersion("playwright-core")}, ethers ${packageVersion("ethers")}, ` +
      `${anvil}, Node ${process.version}; ${os.cpus().length} cores, shared (load ${os.loadavg()[0]!.toFixed(1)}). ` +
      "The built pages (show.html for the holder at 390 px, gate.html at 1280 px, online, non-strict: ADMIT, then " +
      "the commit on-chain in the background); the wallet in the page signs at once.",
    "",
    "| flow | machine time per admission: median / max | QR scans per person | wallet prompts per person at the door | wallet prompts per person ahead of time |",
    "|---|---:|---:|---:|---:|",
    `| two scans (gate's code → sign → proof) | ${s(median(results.two))} / ${s(max(results.two))} s | ${scans.two / PEOPLE} | ${prompts.two.n / PEOPLE} | 0 |`,
    `| one scan (rotating door code) | ${s(median(results.one))} / ${s(max(results.one))} s | ${scans.one / PEOPLE} | ${prompts.oneAtDoor / PEOPLE} | ${(prompts.one.n - prompts.oneAtDoor) / PEOPLE} |`,
    "",
    `Preparing the door code ahead of time (one wallet prompt, the key sealed in IndexedDB, the first code drawn): median ${s(median(results.prepare))} s.`,
    "",
    "Machine time only: from the holder at the gate with the page open to the gate's ADMIT (reading the QR from " +
      "the screen's pixels with jsQR in the gate page, the online check by `eth_call`, the journal). A person " +
      "adds, per scan, aiming a phone or holding it to the gate's camera, and per wallet prompt, reading and " +
      "confirming it: the two-scan flow has one more scan and a prompt at the door, the one-scan flow none.",
    "All admissions were committed on-chain (checked after the run).",
    "",
  ];
  mkdirSync("bench/results", { recursive: true });
  const file = `bench/results/door-admission-${date.slice(0, 10)}.md`;
  writeFileSync(file, md.join("\n"));
  console.log(md.join("\n"));
  console.log(`written: ${file}`);
} finally {
  await browser?.close();
  await site?.close();
  await node.stop();
}
