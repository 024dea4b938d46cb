import { mkdir, mkdtemp, readFile, writeFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Wallet, parseEther, type BaseWallet } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import type { Browser, Page } from "playwright-core";

import { createChallenge } from "../../src/checkin/create-challenge.js";
import { decodeChallenge, encodeChallenge, encodeProof } from "../../src/checkin/payload.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import type { ClaimLink } from "../../src/claims/claim-types.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { commitClaimBatch } from "../../src/claims/commit-claim-batch.js";
import { formatClaimLink } from "../../src/claims/format-claim-link.js";
import { generateClaimBatch } from "../../src/claims/generate-claim-batch.js";
import { signClaim } from "../../src/claims/sign-claim.js";
import { submitClaim } from "../../src/claims/submit-claim.js";
import { serveStatic, type ServeStaticReturnType } from "../../src/web/serve.js";
import type { PapercutTicket } from "../../types/ethers-contracts/index.js";
import { installTestWallet, launchChromium, useLanguage } from "../support/browser.js";
import { jsonResult, runCli } from "../support/cli.js";
import { describeFull } from "../support/full.js";
import { startLocalNode, type LocalNode } from "../support/local-node.js";

const require = createRequire(import.meta.url);
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
      node = await startLocalNode({ kind: "hardhat" });
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
          "--out",
          siteDir,
          "--json",
        ],
        env,
      );
      expect(built.code, built.stderr).to.equal(0);
      site = await serveStatic({ root: siteDir });

      // Two claim links: one stays open, one is claimed before the pages see it.
      const claimer = claimsContract(contracts.claims, organizer);
      const batchId = (await claimer.getFunction("nextBatchId")()) as bigint;
      const batch = generateClaimBatch({
        count: 2,
        batchId,
        chainId,
        contract: contracts.claims,
        urlTemplate: site.url + "claim.html",
      });
      await commitClaimBatch({
        claims: claimer,
        batchId,
        root: batch.root,
        links: 2n,
        tickets: batch.tickets,
        expiresAt: 0n,
      });
      links.push(...batch.links);
      await submitClaim({ claims: claimer, request: signClaim({ link: links[1]!, recipient: other }) });
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
      await connection?.close();
      await node?.stop();
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
          expect(show.errors).to.deep.equal([]);
          await show.page.close();

          // The claim page: an open link, a used link, a damaged link.
          const url = (link: ClaimLink) => formatClaimLink({ link, urlTemplate: site.url + "claim.html" });
          for (const [state, address] of [
            ["open", url(links[0]!)],
            ["claimed", url(links[1]!)],
            ["damaged", site.url + "claim.html#k=broken"],
          ] as const) {
            const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
            await useLanguage(page, language);
            await page.goto(address);
            await page.waitForSelector('#link:not([data-status="reading"])');
            await check(page, "claim", state, language);
            await page.close();
          }

          // The gate: setup, ready, ADMIT, REFUSE (the same proof again), a ticket looked up.
          const gate = await open("gate.html", language, gateWallet);
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
          expect(gate.errors).to.deep.equal([]);
          await gate.page.close();

          const mineRows = rows.filter((r) => r.language === language);
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
          expect(mineRows.length).to.equal(WIDTHS.length * 17);
        });
      });
    }
  },
);
