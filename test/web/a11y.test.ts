import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, Wallet, parseEther, type BaseWallet } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import type { Browser, Page } from "playwright-core";

import { createChallenge } from "../../src/checkin/create-challenge.js";
import { recoverDoorCodeDelegator } from "../../src/checkin/door-code.js";
import { decodeChallenge, decodeDoorCode, encodeChallenge, encodeProof } from "../../src/checkin/payload.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import type { ClaimLink } from "../../src/claims/claim-types.js";
import { ClaimRelayer } from "../../src/claims/claim-relayer.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { commitClaimBatch } from "../../src/claims/commit-claim-batch.js";
import { formatClaimLink } from "../../src/claims/format-claim-link.js";
import { generateClaimBatch } from "../../src/claims/generate-claim-batch.js";
import { signClaim } from "../../src/claims/sign-claim.js";
import { submitClaim } from "../../src/claims/submit-claim.js";
import { startRelayServer, type StartRelayServerReturnType } from "../../src/claims/relay-server.js";
import { serveStatic, type ServeStaticReturnType } from "../../src/web/serve.js";
import type { PapercutTicket } from "../../types/ethers-contracts/index.js";
import { installTestWallet, launchChromium, useLanguage } from "../support/browser.js";
import { jsonResult, runCli } from "../support/cli.js";
import { describeFull } from "../support/full.js";
import { startLocalNode, type LocalNode } from "../support/local-node.js";
import { startSwitchProxy } from "../support/switch-proxy.js";

const require = createRequire(import.meta.url);
/** A chain id of this suite's own, so its deployment record never meets another suite's. */
const CHAIN_ID = 71420;
const RECORD = path.resolve("ignition", "deployments", `chain-${CHAIN_ID}`);
const OUT = path.resolve("test-artifacts", "web", "a11y");
const WIDTHS = [320, 390, 1280] as const;
const LANGUAGES = ["zh-CN", "en"] as const;
type Language = (typeof LANGUAGES)[number];

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: unknown[] }[];
}

/** One row of the results table: a page in one state, at one width, in one language. */
interface AxeRow {
  page: string;
  state: string;
  width: number;
  language: Language;
  violations: AxeViolation[];
}

function sorted(addresses: string[]): string[] {
  return [...addresses].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/**
 * axe-core, evaluated in the page through the browser's debugging protocol (the pages' Content-Security-Policy
 * rightly refuses an injected <script>), then run on the whole document with every rule axe enables by default
 * (WCAG 2.0–2.2 A and AA, and its best practices).
 */
async function axe(page: Page, source: string): Promise<AxeViolation[]> {
  const loaded = await page.evaluate(() => "axe" in window);
  if (!loaded) await page.evaluate(source);
  const result = (await page.evaluate(async () => {
    const run = (window as unknown as { axe: { run(ctx: Document, o: object): Promise<unknown> } }).axe;
    return run.run(document, { resultTypes: ["violations"] });
  })) as { violations: AxeViolation[] };
  return result.violations;
}

describeFull(
  "the pages' accessibility (axe-core in Chromium) and keyboard-only flows, in Chinese and English",
  function () {
    this.timeout(600_000);
    let node: LocalNode;
    let connection: NetworkConnection;
    let organizer: HardhatEthersSigner;
    let ticket: PapercutTicket;
    let chainId: bigint;
    let contract: string;
    let site: ServeStaticReturnType;
    let relay: StartRelayServerReturnType;
    /** The gate's way to the node, cut to show the gate offline. */
    let proxy: Awaited<ReturnType<typeof startSwitchProxy>>;
    let gateProvider: JsonRpcProvider;
    let browser: Browser;
    let axeSource: string;
    const attendee = Wallet.createRandom();
    const gateWallet = Wallet.createRandom();
    const mine: bigint[] = [];
    const links: ClaimLink[] = [];
    const rows: AxeRow[] = [];

    before(async function () {
      await mkdir(OUT, { recursive: true });
      axeSource = await readFile(require.resolve("axe-core/axe.min.js"), "utf8");
      await rm(RECORD, { recursive: true, force: true });
      node = await startLocalNode({ kind: "hardhat", chainId: CHAIN_ID });
      connection = await network.create({ network: "localhost", override: { url: node.url } });
      const { ethers } = connection;
      [organizer] = (await ethers.getSigners()) as [HardhatEthersSigner];
      chainId = (await ethers.provider.getNetwork()).chainId;

      // The sample event, rehearsed in 2030 (tickets stay valid), with the gate's wallet in its gates.
      const sample = JSON.parse(await readFile("metadata/event.json", "utf8")) as Record<string, unknown>;
      const eventFile = path.join(await mkdtemp(path.join(tmpdir(), "papercut-a11y-event-")), "event.json");
      await writeFile(
        eventFile,
        JSON.stringify({
          ...sample,
          cap: 50,
          start: "2030-05-20T09:00:00+08:00",
          end: "2030-05-20T18:00:00+08:00",
          gates: [gateWallet.address],
        }),
      );
      const env = { LOCAL_RPC_URL: node.url };
      const deployed = await runCli(
        ["tickets", "event", "deploy", "--network", "localhost", "--event", eventFile, "--yes", "--json"],
        env,
      );
      expect(deployed.code, deployed.stderr).to.equal(0);
      const contracts = (jsonResult(deployed) as { contracts: Record<"ticket" | "claims", string> })
        .contracts;
      ticket = await ethers.getContractAt("PapercutTicket", contracts.ticket);
      contract = await ticket.getAddress();
      for (const w of [attendee, gateWallet])
        await (await organizer.sendTransaction({ to: w.address, value: parseEther("1") })).wait();
      const other = Wallet.createRandom().address;
      await (
        await ticket.airdrop(1n, sorted([attendee.address, attendee.address, attendee.address, other]))
      ).wait();
      for (let id = 1n; id <= 4n; id++) if ((await ticket.ownerOf(id)) === attendee.address) mine.push(id);

      // The organizer's claim relayer pays the gas of claims (a wallet made in the browser has none).
      relay = await startRelayServer({
        relayer: new ClaimRelayer({
          claims: claimsContract(contracts.claims, organizer),
          chainId,
          spendingCapWei: parseEther("1"),
        }),
        port: 0,
      });
      const siteDir = path.join(await mkdtemp(path.join(tmpdir(), "papercut-a11y-")), "dist");
      const built = await runCli(
        [
          "tickets",
          "web",
          "--network",
          "localhost",
          "--contract",
          contract,
          "--claims",
          contracts.claims,
          "--event",
          eventFile,
          "--relayer-url",
          relay.url,
          "--out",
          siteDir,
          "--json",
        ],
        env,
      );
      expect(built.code, built.stderr).to.equal(0);
      site = await serveStatic({ root: siteDir });

      // Three claim links: one stays open, one is claimed before the pages see it, one for an attendee with no wallet.
      const claimer = claimsContract(contracts.claims, organizer);
      const batchId = (await claimer.getFunction("nextBatchId")()) as bigint;
      const batch = generateClaimBatch({
        count: 3,
        batchId,
        chainId,
        contract: contracts.claims,
        urlTemplate: site.url + "claim.html",
      });
      await commitClaimBatch({
        claims: claimer,
        batchId,
        root: batch.root,
        links: 3n,
        tickets: batch.tickets,
        expiresAt: 0n,
      });
      links.push(...batch.links);
      await submitClaim({ claims: claimer, request: signClaim({ link: links[1]!, recipient: other }) });
      // A third link that expires in two minutes; then the node's clock moves five minutes on (tickets stay valid).
      const now = (await ethers.provider.getBlock("latest"))!.timestamp;
      const soonId = (await claimer.getFunction("nextBatchId")()) as bigint;
      const soon = generateClaimBatch({
        count: 1,
        batchId: soonId,
        chainId,
        contract: contracts.claims,
        urlTemplate: site.url + "claim.html",
      });
      await commitClaimBatch({
        claims: claimer,
        batchId: soonId,
        root: soon.root,
        links: 1n,
        tickets: soon.tickets,
        expiresAt: BigInt(now + 120),
      });
      links.push(...soon.links);
      await node.provider.send("evm_increaseTime", [300]);
      await node.provider.send("evm_mine", []);
      proxy = await startSwitchProxy(node.url);
      gateProvider = new JsonRpcProvider(proxy.url, undefined, {
        cacheTimeout: -1,
        staticNetwork: true,
        batchMaxCount: 1,
      });
      browser = await launchChromium();
    });

    after(async function () {
      // The results table, for docs/accessibility.md (one line per page state, every width and language).
      if (rows.length > 0) {
        const lines = [
          "| page | state | language | 320 px | 390 px | 1280 px |",
          "| --- | --- | --- | --- | --- | --- |",
        ];
        const keys = [...new Set(rows.map((r) => `${r.page}|${r.state}|${r.language}`))];
        for (const key of keys) {
          const [page, state, language] = key.split("|");
          const cells = WIDTHS.map((w) => {
            const row = rows.find((r) => `${r.page}|${r.state}|${r.language}` === key && r.width === w);
            return row === undefined ? "—" : String(row.violations.length);
          });
          lines.push(`| ${page} | ${state} | ${language} | ${cells.join(" | ")} |`);
        }
        await writeFile(path.join(OUT, "axe-table.md"), lines.join("\n") + "\n");
        await writeFile(path.join(OUT, "axe-results.json"), JSON.stringify(rows, null, 2));
      }
      await browser?.close();
      await site?.close();
      await relay?.close();
      gateProvider?.destroy();
      await proxy?.stop();
      await connection?.close();
      await node?.stop();
      await rm(RECORD, { recursive: true, force: true });
    });

    async function open(file: string, language: Language, wallet?: BaseWallet, provider = node.provider) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await useLanguage(page, language);
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      if (wallet) await installTestWallet(page, wallet, provider);
      await page.goto(site.url + file);
      return { page, errors };
    }

    /** Runs axe at every width on the page as it is now, recording each result. */
    async function check(page: Page, name: string, state: string, language: Language): Promise<void> {
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width === 1280 ? 800 : 844 });
        expect(
          await page.evaluate(() => document.documentElement.scrollWidth),
          `${name} ${state} ${language} at ${width} px: wider than the screen`,
        ).to.be.at.most(width);
        const violations = await axe(page, axeSource);
        rows.push({ page: name, state, width, language, violations });
        if (width !== 320)
          await page.screenshot({
            path: path.join(OUT, `${name}-${state}-${language}-${width}.png`),
            fullPage: true,
          });
      }
      await page.setViewportSize({ width: 390, height: 844 });
    }

    const proofFor = async (challengeText: string, tokenId: bigint) =>
      encodeProof(
        await signCheckInProof({ signer: attendee, challenge: decodeChallenge(challengeText), tokenId }),
      );

    it("axe finds violations where there are some (the control: a nameless button, an image without alt)", async function () {
      const { page } = await open("tickets.html", "en");
      await page.waitForSelector("#connect:not([disabled])");
      expect(await axe(page, axeSource)).to.deep.equal([]);
      await page.evaluate(() => {
        document
          .getElementById("app")!
          .append(
            document.createElement("button"),
            Object.assign(document.createElement("img"), { src: "x.png" }),
          );
      });
      const ids = (await axe(page, axeSource)).map((v) => v.id);
      expect(ids).to.include.members(["button-name", "image-alt"]);
      await page.close();
    });

    for (const language of LANGUAGES) {
      describe(`in ${language}`, function () {
        it("every page in every state it reaches: 0 axe violations at 320, 390 and 1280 px", async function () {
          const lang = language === "zh-CN" ? "zh-CN" : "en";
          const first = rows.length;
          // The event page.
          const index = await open("index.html", language);
          await index.page.waitForSelector("#event-facts");
          expect(await index.page.getAttribute("html", "lang")).to.equal(lang);
          await check(index.page, "event", "loaded", language);
          await index.page.close();

          // My tickets: before connecting, by address, with the wallet, one ticket's detail.
          const tickets = await open("tickets.html", language, attendee);
          await tickets.page.waitForSelector("#connect:not([disabled])");
          await check(tickets.page, "tickets", "start", language);
          await tickets.page.fill("#address", "0x123");
          await tickets.page.press("#address", "Enter");
          await tickets.page.waitForSelector('#status[data-kind="error"]');
          await check(tickets.page, "tickets", "bad-address", language);
          await tickets.page.click("#connect");
          await tickets.page.waitForSelector('#status[data-kind="ok"]');
          await check(tickets.page, "tickets", "list", language);
          await tickets.page.click(`[data-token-id="${mine[0]}"]`);
          await tickets.page.waitForSelector("#detail:not([hidden])");
          await check(tickets.page, "tickets", "detail", language);
          await tickets.page.close();

          // Show at the gate: before connecting, connected, a refused code, the proof.
          const show = await open("show.html", language, attendee);
          await show.page.waitForSelector("#connect:not([disabled])");
          await check(show.page, "show", "start", language);
          await show.page.click("#connect");
          await show.page.waitForSelector('#wallet-status[data-kind="ok"]');
          await check(show.page, "show", "connected", language);
          await show.page.fill("#challenge", "PCT1P:nonsense");
          await show.page.click("#sign");
          await show.page.waitForSelector('#status[data-kind="error"]');
          await check(show.page, "show", "error", language);
          const challenge = createChallenge({ gate: "A11Y-1", chainId, contract });
          await show.page.fill("#challenge", encodeChallenge(challenge));
          await show.page.click("#sign");
          await show.page.waitForSelector("#proof:not([hidden])");
          await check(show.page, "show", "proof", language);
          // The one-scan door code (issue 20): one signature, then the rotating code at the top.
          await show.page.click("#door-prepare");
          await show.page.waitForSelector('#proof[data-kind="door-code"]:not([hidden])');
          await show.page.waitForSelector('#door-status[data-kind="ok"]');
          await check(show.page, "show", "door code", language);
          expect(show.errors).to.deep.equal([]);
          await show.page.close();

          // The claim page: an open link, a used link, a damaged link.
          const url = (link: ClaimLink) => formatClaimLink({ link, urlTemplate: site.url + "claim.html" });
          for (const [state, address] of [
            ["open", url(links[0]!)],
            ["claimed", url(links[1]!)],
            ["expired", url(links[3]!)],
            ["damaged", site.url + "claim.html#k=broken"],
          ] as const) {
            const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
            await useLanguage(page, language);
            await page.goto(address);
            await page.waitForSelector('#link:not([data-status="reading"])');
            await check(page, "claim", state, language);
            await page.close();
          }

          // The gate: setup, ready, ADMIT, REFUSE (the same proof again), a ticket looked up, offline.
          const gate = await open("gate.html?heartbeat=1", language, gateWallet, gateProvider);
          await gate.page.waitForSelector("#open:not([disabled])");
          await check(gate.page, "gate", "setup", language);
          await gate.page.fill("#gate-id", `A11Y-${language === "en" ? "EN" : "ZH"}`);
          await gate.page.click("#open");
          await gate.page.waitForSelector("#desk:not([hidden])");
          await check(gate.page, "gate", "ready", language);
          const proof = await proofFor(
            await gate.page.inputValue("#challenge-text"),
            language === "zh-CN" ? mine[1]! : mine[2]!,
          );
          await gate.page.fill("#proof", proof);
          await gate.page.press("#proof", "Enter");
          await gate.page.waitForSelector('#verdict[data-verdict="admit"]');
          await check(gate.page, "gate", "admit", language);
          await gate.page.fill("#proof", proof);
          await gate.page.press("#proof", "Enter");
          await gate.page.waitForSelector('#verdict[data-verdict="refuse"]');
          await check(gate.page, "gate", "refuse", language);
          await gate.page.fill("#lookup-id", mine[0]!.toString());
          await gate.page.press("#lookup-id", "Enter");
          await gate.page.waitForSelector("#lookup-result[data-state]");
          await check(gate.page, "gate", "lookup", language);
          // The chain out of reach: a fresh proof for a ticket admitted earlier (at another gate) is refused from
          // what the gate last read, offline.
          const late = await proofFor(await gate.page.inputValue("#challenge-text"), mine[0]!);
          proxy.setMode("down");
          try {
            await gate.page.fill("#proof", late);
            await gate.page.press("#proof", "Enter");
            await gate.page.waitForSelector('#net[data-net="offline"]', { timeout: 20_000 });
            await gate.page.waitForSelector('#verdict[data-verdict="refuse"][data-offline="true"]');
            await check(gate.page, "gate", "offline", language);
          } finally {
            proxy.setMode("up");
          }
          expect(gate.errors).to.deep.equal([]);
          await gate.page.close();

          const mineRows = rows.slice(first);
          const bad = mineRows.filter((r) => r.violations.length > 0);
          expect(
            bad.map(
              (r) =>
                `${r.page}/${r.state} @${r.width}: ` +
                r.violations
                  .map((v) => `${v.id} (${v.impact}) ${JSON.stringify(v.nodes.map((n) => n.target))}`)
                  .join("; "),
            ),
          ).to.deep.equal([]);
          expect(mineRows.length).to.equal(WIDTHS.length * 20);
        });
      });
    }

    /** Presses Tab until `selector` has the focus (as a keyboard user would), failing after `max` presses. */
    async function tabTo(page: Page, selector: string, max = 40): Promise<void> {
      for (let i = 0; i < max; i++) {
        await page.keyboard.press("Tab");
        if (await page.evaluate((sel) => document.activeElement?.matches(sel) ?? false, selector)) return;
      }
      throw new Error(`${selector} never got the focus after ${max} Tab presses`);
    }

    const focused = (page: Page) =>
      page.evaluate(() => {
        const a = document.activeElement as HTMLElement | null;
        return a?.id !== "" && a?.id !== undefined ? `#${a.id}` : `.${a?.className ?? ""}`;
      });

    it("keyboard only: the skip link reaches the content; the language switch turns the page English and is remembered", async function () {
      const { page } = await open("tickets.html", "zh-CN");
      await page.waitForSelector("#connect:not([disabled])");
      await page.keyboard.press("Tab");
      expect(await focused(page)).to.equal(".skip-link");
      expect(await page.textContent(".skip-link")).to.equal("跳到主要内容");
      expect(
        await page.$$eval('link[rel="alternate"]', (ls) =>
          ls.map((l) => `${l.getAttribute("hreflang")} ${l.getAttribute("href")}`),
        ),
      ).to.deep.equal(["zh-CN ./tickets.html?lang=zh-CN", "en ./tickets.html?lang=en"]);
      // Focused, the skip link is on screen (it hides only off focus).
      const box = await page.locator(".skip-link").boundingBox();
      expect(box !== null && box.y >= 0).to.equal(true);
      await page.keyboard.press("Enter");
      expect(await focused(page)).to.equal("#app");
      await tabTo(page, "a.lang-switch");
      expect(await page.getAttribute("a.lang-switch", "hreflang")).to.equal("en");
      await Promise.all([page.waitForEvent("load"), page.keyboard.press("Enter")]);
      await page.waitForFunction(() => document.documentElement.lang === "en");
      expect(await page.textContent("h1")).to.equal("My tickets");
      expect(await page.getAttribute("a.lang-switch", "hreflang")).to.equal("zh-CN");
      await page.reload();
      await page.waitForSelector("#connect:not([disabled])");
      expect(await page.getAttribute("html", "lang")).to.equal("en");
      await page.close();
    });

    it("keyboard only, no wallet: My tickets by address lists the holder's tickets; a ticket's art says its state", async function () {
      const { page, errors } = await open("tickets.html", "zh-CN");
      expect(await page.evaluate(() => "ethereum" in window)).to.equal(false);
      await page.waitForSelector("#look:not([disabled])");
      await tabTo(page, "#address");
      await page.keyboard.type(attendee.address.toLowerCase());
      await page.keyboard.press("Enter");
      await page.waitForSelector('#status[data-kind="ok"]');
      const ids = await page.$$eval("#list [data-token-id]", (n) =>
        n.map((a) => a.getAttribute("data-token-id")),
      );
      expect(ids).to.deep.equal(mine.map(String));
      await tabTo(page, `[data-token-id="${mine[0]}"]`);
      // WCAG 2.5.3: the card's accessible name is its visible text.
      const name = await page.$eval(`[data-token-id="${mine[0]}"]`, (a) => (a as HTMLElement).innerText);
      expect(await page.getAttribute(`[data-token-id="${mine[0]}"]`, "aria-label")).to.equal(null);
      expect(name).to.contain(`第 ${mine[0]} 号`);
      await page.keyboard.press("Enter");
      await page.waitForSelector("#detail:not([hidden])");
      expect(await focused(page)).to.equal("#detail-title");
      expect(await page.getAttribute("#detail img", "alt")).to.contain("有效");
      expect(errors).to.deep.equal([]);
      await page.close();
    });

    it("keyboard only: the holder connects, pastes the gate's code, signs; the proof is at the top, the screen kept on, no smooth scroll under reduced motion", async function () {
      const { page, errors } = await open("show.html", "en", attendee);
      await page.emulateMedia({ reducedMotion: "reduce" });
      await page.evaluate(() => {
        const calls: unknown[] = [];
        (window as unknown as { scrolls: unknown[] }).scrolls = calls;
        // eslint-disable-next-line @typescript-eslint/unbound-method -- called with its element below
        const original = Element.prototype.scrollIntoView;
        Element.prototype.scrollIntoView = function (arg?: boolean | ScrollIntoViewOptions) {
          calls.push(arg);
          original.call(this, arg);
        };
      });
      await page.waitForSelector("#connect:not([disabled])");
      await tabTo(page, "#connect");
      await page.keyboard.press("Enter");
      await page.waitForSelector('#wallet-status[data-kind="ok"]');
      await tabTo(page, "#challenge");
      const challenge = createChallenge({ gate: "KEYS-1", chainId, contract });
      await page.keyboard.insertText(encodeChallenge(challenge));
      await page.keyboard.press("Enter");
      await page.waitForSelector("#proof:not([hidden])");
      // The proof comes first in the page (on a phone it is at the top, not below the steps).
      const order = await page.$$eval("main > *", (n) => n.map((e) => e.id || e.tagName));
      expect(order.indexOf("proof")).to.be.lessThan(order.indexOf("H1") + 2);
      expect(await page.evaluate(() => (window as unknown as { scrolls: unknown[] }).scrolls)).to.deep.equal([
        { behavior: "instant", block: "start" },
      ]);
      expect(await page.getAttribute("html", "data-wake-lock")).to.be.oneOf(["on", "refused", "unsupported"]);
      expect(errors).to.deep.equal([]);
      await page.close();
    });

    it("an attendee with no wallet at all: the claim page makes one in the browser (12 words written down first), the relayer pays, My tickets shows the ticket, Show ticket signs with it, the gate admits; a second ticket at one scan, its door code delegated by the same browser-kept wallet", async function () {
      const context = await browser.newContext({ viewport: { width: 390, height: 844 } });
      try {
        const claim = await context.newPage();
        await useLanguage(claim, "zh-CN");
        const errors: string[] = [];
        claim.on("pageerror", (e) => errors.push(e.message));
        await claim.goto(formatClaimLink({ link: links[2]!, urlTemplate: site.url + "claim.html" }));
        await claim.waitForSelector('#link[data-status="open"]');
        expect(await claim.evaluate(() => "ethereum" in window)).to.equal(false);
        await tabTo(claim, "#make-wallet");
        await claim.keyboard.press("Enter");
        await claim.waitForSelector("#backup:not([hidden])");
        const words = await claim.$$eval("#backup-words li", (items) =>
          items.map((li) => li.textContent ?? ""),
        );
        expect(words).to.have.length(12);
        await check(claim, "claim", "browser-wallet-backup", "zh-CN");
        const address = await claim.inputValue("#recipient");
        expect(Wallet.fromPhrase(words.join(" ")).address).to.equal(address);
        // The phrase is kept sealed: nothing in localStorage, and the key in IndexedDB cannot be exported.
        expect(await claim.evaluate(() => JSON.stringify(localStorage))).to.not.contain(words[0]);
        // Claiming before ticking "written down" is refused, and says why.
        await claim.click("#claim");
        await claim.waitForSelector('#claim-status[data-kind="error"]');
        expect(await claim.textContent("#claim-status")).to.contain("12 个词");
        expect(await focused(claim)).to.equal("#backup-done");
        await claim.keyboard.press("Space");
        await claim.focus("#claim");
        await claim.keyboard.press("Enter");
        await claim.waitForSelector('#link[data-status="done"]', { timeout: 30_000 });
        const tokenId = BigInt((await claim.getAttribute("#claimed [data-token-id]", "data-token-id"))!);
        expect(await ticket.ownerOf(tokenId)).to.equal(address);
        await check(claim, "claim", "browser-wallet-done", "zh-CN");

        // My tickets: the wallet in this browser, one tap, read-only.
        const mineTab = await context.newPage();
        await mineTab.goto(site.url + "tickets.html");
        await mineTab.click("#browser-wallet");
        await mineTab.waitForSelector('#status[data-kind="ok"]');
        expect(
          await mineTab.$$eval("#list [data-token-id]", (n) => n.map((a) => a.getAttribute("data-token-id"))),
        ).to.deep.equal([tokenId.toString()]);

        // At the door: the gate's code, signed in Show ticket by the wallet in this browser, admitted.
        const gate = await open("gate.html", "zh-CN", gateWallet);
        await gate.page.waitForSelector("#open:not([disabled])");
        await gate.page.fill("#gate-id", "NO-WALLET-1");
        await gate.page.click("#open");
        await gate.page.waitForSelector("#desk:not([hidden])");
        const show = await context.newPage();
        await show.goto(site.url + "show.html");
        await show.click("#connect");
        await show.waitForSelector('#wallet-status[data-kind="ok"]');
        expect(await show.textContent("#wallet-status")).to.contain(address);
        await show.fill("#challenge", await gate.page.inputValue("#challenge-text"));
        await show.click("#sign");
        await show.waitForSelector("#proof:not([hidden])");
        await gate.page.fill("#proof", await show.inputValue("#proof-text"));
        await gate.page.press("#proof", "Enter");
        await gate.page.waitForSelector(`#verdict[data-verdict="admit"][data-token-id="${tokenId}"]`);

        // One scan with the same wallet: a second ticket for this address, whose door code the wallet in this
        // browser delegates (no prompt: the page holds both keys), and the gate admits at one scan.
        const second = await ticket.nextTokenId();
        await (await ticket.getFunction("airdrop")(second, [address])).wait();
        await show.goto(site.url + `show.html?token=${second}`);
        await show.click("#connect");
        await show.waitForSelector(`#choices input[value="${second}"]:checked`);
        await show.focus("#door-prepare");
        await show.keyboard.press("Enter");
        await show.waitForSelector('#proof[data-kind="door-code"]:not([hidden])');
        const code = await show.inputValue("#proof-text");
        expect(code.startsWith("PCT1D:")).to.equal(true);
        // The delegation inside the code is signed by the wallet kept in this browser.
        expect(recoverDoorCodeDelegator(decodeDoorCode(code))).to.equal(address);
        await gate.page.fill("#proof", code);
        await gate.page.press("#proof", "Enter");
        await gate.page.waitForSelector(`#verdict[data-verdict="admit"][data-token-id="${second}"]`);
        expect(errors).to.deep.equal([]);
        expect(gate.errors).to.deep.equal([]);
        await gate.page.close();
      } finally {
        await context.close();
      }
    });

    it("keyboard only at the gate: ADMIT then REFUSE, each announced once, with its sound and (switchable) vibration, counted; the verdict never covers the scanner; a ticket looked up by number", async function () {
      const { page, errors } = await open("gate.html", "en", gateWallet);
      await page.evaluate(() => {
        const calls: unknown[] = [];
        (window as unknown as { vibrations: unknown[] }).vibrations = calls;
        (navigator as unknown as { vibrate: (pattern: unknown) => boolean }).vibrate = (pattern) => {
          calls.push(pattern);
          return true;
        };
      });
      await page.waitForSelector("#open:not([disabled])");
      await tabTo(page, "#gate-id");
      await page.keyboard.press("Control+A");
      await page.keyboard.type("KEYS-1");
      await page.keyboard.press("Enter");
      await page.waitForSelector("#desk:not([hidden])");
      expect(await focused(page)).to.equal("#proof");
      expect(await page.getAttribute("html", "data-wake-lock")).to.be.oneOf(["on", "refused", "unsupported"]);
      await page.evaluate(() => {
        const said: string[] = [];
        (window as unknown as { said: string[] }).said = said;
        new MutationObserver(() => said.push(document.getElementById("announce")!.textContent ?? "")).observe(
          document.getElementById("announce")!,
          { childList: true, characterData: true, subtree: true },
        );
      });
      const proof = await proofFor(await page.inputValue("#challenge-text"), mine[0]!);
      await page.keyboard.insertText(proof);
      await page.keyboard.press("Enter");
      await page.waitForSelector('#verdict[data-verdict="admit"]');
      await page.waitForFunction(() => document.querySelector("#count-pending")?.textContent === "0");
      let said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
      expect(said).to.have.length(1);
      expect(said[0]).to.match(/^ADMIT\. Ticket #/);
      expect((await page.getAttribute("#verdict", "data-feedback"))?.split(",")).to.include("vibrate");
      for (const width of [390, 1280]) {
        await page.setViewportSize({ width, height: 800 });
        const [v, scanner] = await Promise.all([
          page.locator("#verdict").boundingBox(),
          page.locator(".scan-pane").boundingBox(),
        ]);
        const overlap =
          v!.x < scanner!.x + scanner!.width &&
          scanner!.x < v!.x + v!.width &&
          v!.y < scanner!.y + scanner!.height &&
          scanner!.y < v!.y + v!.height;
        expect(overlap, `verdict over the scanner at ${width} px`).to.equal(false);
      }
      // Vibration off (Space on its checkbox), then the same proof again: REFUSE, announced once, no vibration.
      await page.focus("#vibrate");
      await page.keyboard.press("Space");
      expect(await page.isChecked("#vibrate")).to.equal(false);
      await page.focus("#proof");
      await page.keyboard.insertText(proof);
      await page.keyboard.press("Enter");
      await page.waitForSelector('#verdict[data-verdict="refuse"]');
      said = await page.evaluate(() => (window as unknown as { said: string[] }).said);
      expect(said).to.have.length(2);
      expect(said[1]).to.match(/^REFUSE\. /);
      expect(await page.getAttribute("#verdict", "data-feedback")).to.not.contain("vibrate");
      expect(
        await page.evaluate(() => (window as unknown as { vibrations: unknown[] }).vibrations),
      ).to.deep.equal([[120]]);
      expect(await page.textContent("#count-admitted")).to.equal("1");
      expect(await page.textContent("#count-refused")).to.equal("1");
      // Staff look a ticket up by number, keyboard only.
      await tabTo(page, "#lookup-id");
      await page.keyboard.type(mine[0]!.toString());
      await page.keyboard.press("Enter");
      await page.waitForSelector(`#lookup-result[data-token-id="${mine[0]}"]`);
      expect(await page.getAttribute("#lookup-result", "data-state")).to.equal("CheckedIn");
      expect(await page.textContent("#lookup-result")).to.contain("KEYS-1");
      await page.fill("#lookup-id", "999");
      await page.press("#lookup-id", "Enter");
      await page.waitForSelector('#lookup-result[data-token-id="999"][data-state="unknown"]');
      // Switching language keeps the gate open (no reload).
      await page.click("a.lang-switch");
      await page.waitForFunction(() => document.documentElement.lang === "zh-CN");
      expect(await page.isVisible("#desk")).to.equal(true);
      expect(await page.textContent("#gate-name")).to.equal("检票口 KEYS-1");
      expect(errors).to.deep.equal([]);
      await page.close();
    });
  },
);
