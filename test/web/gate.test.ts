import { mkdir, mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { JsonRpcProvider, Wallet, parseEther, type BaseWallet } from "ethers";
import type { Browser, Page } from "playwright-core";
import QRCode from "qrcode";

import {
  PapercutRenderer__factory,
  PapercutTicket__factory,
  type PapercutTicket,
} from "../../types/ethers-contracts/index.js";
import { SAMPLE_ART } from "../../ignition/modules/PapercutRenderer.js";
import { rendererConstructorArguments } from "../../src/art/config.js";
import { createChallenge } from "../../src/checkin/create-challenge.js";
import { findCheckIn } from "../../src/checkin/find-check-in.js";
import { GateJournal } from "../../src/checkin/journal.js";
import { DOOR_CODE_CLOCK_SKEW_S } from "../../src/checkin/door-code.js";
import { decodeChallenge, decodeDoorCode, encodeChallenge, encodeProof } from "../../src/checkin/payload.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import { ticketLifecycleContract } from "../../src/checkin/ticket-abi.js";
import { serveStatic, type ServeStaticReturnType } from "../../src/web/serve.js";
import { buildTestSite, installTestWallet, launchChromium, useLanguage } from "../support/browser.js";
import { startLocalNode, type LocalNode } from "../support/local-node.js";
import { startSwitchProxy } from "../support/switch-proxy.js";
import { UNDER_COVERAGE } from "../support/coverage.js";
import { FULL } from "../support/full.js";

const SHOTS = path.resolve("test-artifacts", "web", "gate");
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const CHECKED_IN = 1n;

/**
 * Writes a Y4M video (Chromium's fake camera input) showing `text` as a QR code: black modules on white, 8 px each,
 * with a 4-module quiet zone, a few identical frames (Chromium loops them).
 */
async function writeQrVideo(file: string, text: string): Promise<void> {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: "M" });
  const scale = 8;
  const margin = 4 * scale;
  const side = Math.ceil(((modules.size + 8) * scale) / 16) * 16;
  const luma = Buffer.alloc(side * side, 235);
  for (let row = 0; row < modules.size; row++) {
    for (let col = 0; col < modules.size; col++) {
      if (!modules.get(row, col)) continue;
      for (let dy = 0; dy < scale; dy++) {
        const start = (margin + row * scale + dy) * side + margin + col * scale;
        luma.fill(16, start, start + scale);
      }
    }
  }
  const chroma = Buffer.alloc((side / 2) * (side / 2) * 2, 128);
  const frame = Buffer.concat([Buffer.from("FRAME\n"), luma, chroma]);
  const header = Buffer.from(`YUV4MPEG2 W${side} H${side} F10:1 Ip A1:1 C420jpeg\n`);
  await writeFile(file, Buffer.concat([header, ...Array.from({ length: 5 }, () => frame)]));
}

(UNDER_COVERAGE || !FULL ? describe.skip : describe)(
  "gate and show-at-the-gate pages in Chromium",
  function () {
    this.timeout(120_000);
    let node: LocalNode;
    let proxy: Awaited<ReturnType<typeof startSwitchProxy>>;
    let gateProvider: JsonRpcProvider;
    let site: ServeStaticReturnType;
    let browser: Browser;
    let ticket: PapercutTicket;
    let contract: string;
    let chainId: bigint;
    let gatePage: Page;
    let gateErrors: string[] = [];
    const attendee = Wallet.createRandom();
    const gateWallet = Wallet.createRandom();
    const mine: bigint[] = [];
    let firstProof = "";

    before(async function () {
      await mkdir(SHOTS, { recursive: true });
      node = await startLocalNode({ kind: "anvil" });
      chainId = (await node.provider.getNetwork()).chainId;
      const organizer = await node.provider.getSigner(0);
      ticket = await new PapercutTicket__factory(organizer).deploy(
        "China Internet Charity Summit",
        "PAPERCUT",
        50n,
        organizer.address,
        organizer.address,
        0n,
        "",
        "",
        1_893_456_000n, // 2030: tickets stay valid during the test
        1_893_542_400n,
        0n,
      );
      await ticket.waitForDeployment();
      contract = await ticket.getAddress();
      const renderer = await new PapercutRenderer__factory(organizer).deploy(
        ...rendererConstructorArguments({ ...SAMPLE_ART, externalUrl: "" }),
      );
      await renderer.waitForDeployment();
      await (await ticket.setRenderer(await renderer.getAddress())).wait();
      for (const w of [attendee, gateWallet]) {
        await (await organizer.sendTransaction({ to: w.address, value: parseEther("1") })).wait();
      }
      await (await ticket.grantRole(await ticket.GATE_ROLE(), gateWallet.address)).wait();
      const other = Wallet.createRandom().address;
      const recipients = [...Array.from({ length: 6 }, () => attendee.address), other].sort((a, b) =>
        BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0,
      );
      await (await ticket.getFunction("airdrop")(1n, recipients)).wait();
      for (let id = 1n; id <= 7n; id++) if ((await ticket.ownerOf(id)) === attendee.address) mine.push(id);

      proxy = await startSwitchProxy(node.url);
      gateProvider = new JsonRpcProvider(proxy.url, undefined, {
        cacheTimeout: -1,
        staticNetwork: true,
        batchMaxCount: 1,
      });
      const outDir = await buildTestSite({
        prefix: "papercut-gate-",
        ticket: contract,
        rpcUrl: node.url,
        chainId,
      });
      site = await serveStatic({ root: outDir });
      browser = await launchChromium();
    });

    after(async function () {
      await browser?.close();
      await site?.close();
      gateProvider?.destroy();
      await proxy?.stop();
      await node?.stop();
    });

    async function openPage(
      file: string,
      wallet: BaseWallet,
      {
        provider = node.provider,
        refuse = [] as string[],
        viewport = PHONE,
        onRequest,
      }: {
        provider?: JsonRpcProvider;
        refuse?: string[];
        viewport?: { width: number; height: number };
        onRequest?: (method: string) => void;
      } = {},
    ) {
      const page = await browser.newPage({ viewport });
      await useLanguage(page, "en");
      const errors: string[] = [];
      page.on("pageerror", (e) => errors.push(e.message));
      await installTestWallet(page, wallet, provider, { refuse, ...(onRequest ? { onRequest } : {}) });
      await page.goto(site.url + file);
      return { page, errors };
    }

    async function openGate(gateId: string, query = "") {
      const { page, errors } = await openPage(`gate.html${query}`, gateWallet, { provider: gateProvider });
      await page.fill("#gate-id", gateId);
      await page.click("#open");
      await page.waitForSelector("#desk:not([hidden])");
      return { page, errors };
    }

    async function shot(page: Page, name: string, viewport = PHONE) {
      await page.setViewportSize(viewport);
      expect(
        await page.evaluate(() => document.documentElement.scrollWidth),
        `${name}: page wider than the screen`,
      ).to.be.at.most(viewport.width);
      await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
    }

    async function verdict(page: Page, kind: "admit" | "refuse") {
      await page.waitForSelector(`#verdict[data-verdict="${kind}"]`, { timeout: 20_000 });
      return (await page.$eval("#verdict", (v) => ({
        ...(v as HTMLElement).dataset,
        text: v.textContent ?? "",
      }))) as Record<string, string | undefined> & { text: string };
    }

    async function state(tokenId: bigint): Promise<bigint> {
      return (await ticketLifecycleContract(contract, node.provider).getFunction("ticketState")(
        tokenId,
      )) as bigint;
    }

    it("the event page links the attendee's and the staff's door pages", async function () {
      const page = await browser.newPage({ viewport: PHONE });
      await page.goto(site.url + "index.html");
      const links = await page.$$eval(".bar nav a", (as) => as.map((a) => a.getAttribute("href")));
      expect(links).to.include.members(["./show.html", "./gate.html"]);
      // The navigation fits a phone: nothing sticks out sideways.
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).to.be.at.most(PHONE.width);
      await shot(page, "event-nav-phone");
    });

    it("the attendee signs the gate's challenge; the gate reads the proof's QR, admits and commits it on-chain", async function () {
      ({ page: gatePage, errors: gateErrors } = await openGate("NORTH-1", "?heartbeat=1"));
      const challenge = await gatePage.inputValue("#challenge-text");
      expect(decodeChallenge(challenge).gate).to.equal("NORTH-1");

      const { page: show, errors } = await openPage(`show.html?token=${mine[0]}`, attendee);
      await show.waitForSelector(`#choices input[value="${mine[0]}"]:checked`);
      await show.fill("#challenge", challenge);
      await show.click("#sign");
      await show.waitForSelector("#proof:not([hidden])");
      const proofText = await show.inputValue("#proof-text");
      firstProof = proofText;
      expect(proofText.startsWith("PCT1P:")).to.equal(true);
      await shot(show, "show-proof-phone");
      await shot(show, "show-proof-desktop", DESKTOP);
      await show.setViewportSize(PHONE);

      // The gate reads the holder's screen: a picture of the proof's QR code, decoded by jsQR in the page.
      const picture = await show.locator("#proof-qr").screenshot();
      await gatePage.setInputFiles("#photo", { name: "proof.png", mimeType: "image/png", buffer: picture });
      const v = await verdict(gatePage, "admit");
      expect(v.tokenId).to.equal(mine[0]!.toString());
      expect(v.offline).to.equal("false");
      await gatePage.waitForFunction(() => document.querySelector("#count-pending")?.textContent === "0");
      expect(await state(mine[0]!)).to.equal(CHECKED_IN);
      const onChain = await findCheckIn({
        ticket: ticketLifecycleContract(contract, node.provider),
        tokenId: mine[0]!,
      });
      expect(onChain?.gate).to.equal("NORTH-1");
      expect(onChain?.operator).to.equal(gateWallet.address);
      expect(onChain?.holder).to.equal(attendee.address);
      expect(await gatePage.textContent("#count-admitted")).to.equal("1");
      // The desk's on-chain count includes the commit it just made (not the chain as read before it).
      await gatePage.waitForFunction(
        () =>
          document.querySelector("#sync-status")?.textContent?.includes(" 1 ticket(s) checked in on-chain"),
        undefined,
        { timeout: 5_000 },
      );
      await shot(gatePage, "gate-admit-phone");
      await shot(gatePage, "gate-admit-desktop", DESKTOP);
      await gatePage.setViewportSize(PHONE);
      expect(errors).to.deep.equal([]);
    });

    it("refuses a second presentation, with the first admission's gate and time", async function () {
      const first = await findCheckIn({
        ticket: ticketLifecycleContract(contract, node.provider),
        tokenId: mine[0]!,
      });
      // The same proof again at the same gate: the journal knows it.
      await gatePage.fill("#proof", firstProof);
      await gatePage.press("#proof", "Enter");
      const replay = await verdict(gatePage, "refuse");
      expect(replay.reason).to.equal("proof-replayed");
      expect(replay.offline).to.equal("false");
      expect(replay.firstGate).to.equal("NORTH-1");
      expect(replay.text).to.contain("NORTH-1");

      // A fresh proof for the same ticket at another gate (its own journal, in its own browser profile): the chain knows.
      const { page: south } = await openGate("SOUTH-2");
      const challenge = decodeChallenge(await south.inputValue("#challenge-text"));
      const proof = await signCheckInProof({ signer: attendee, challenge, tokenId: mine[0]! });
      await south.fill("#proof", encodeProof(proof));
      await south.press("#proof", "Enter");
      const v = await verdict(south, "refuse");
      expect(v.reason).to.equal("already-checked-in");
      expect(v.offline).to.equal("false"); // the chain said so (eth_call, then the CheckedIn event)
      expect(v.firstGate).to.equal("NORTH-1");
      expect(Number(v.firstAt)).to.equal(first!.at);
      expect(v.text).to.contain("NORTH-1");
      await shot(south, "gate-refuse-phone");

      // And the attendee's page says so before signing anything.
      const { page: show } = await openPage(`show.html?token=${mine[0]}`, attendee);
      await show.waitForSelector(`#choices input[value="${mine[0]}"]:checked`);
      expect(await show.textContent(`label[for="t${mine[0]}"]`)).to.contain("already admitted");
      await show.fill("#challenge", encodeChallenge(challenge));
      await show.click("#sign");
      await show.waitForSelector('#status[data-kind="error"]');
      expect(await show.textContent("#status")).to.contain("already admitted at gate NORTH-1");
      await shot(show, "show-already-admitted-phone");
    });

    it("My tickets shows the ticket as admitted (re-read after the ERC-4906 update)", async function () {
      const { page, errors } = await openPage("tickets.html", attendee);
      await page.click("#connect");
      await page.waitForSelector('#status[data-kind="ok"]');
      await page.click(`[data-token-id="${mine[0]}"]`);
      await page.waitForSelector("#detail:not([hidden])");
      // The metadata was read again: the art's own description (SVG <desc>) now says the ticket was checked in.
      const svg = await page.$eval("#detail img.big", (img) => {
        const src = (img as HTMLImageElement).src;
        const data = src.slice(src.indexOf(",") + 1);
        return src.includes(";base64,")
          ? new TextDecoder().decode(Uint8Array.from(atob(data), (c) => c.charCodeAt(0)))
          : decodeURIComponent(data);
      });
      expect(/<desc[^>]*>([\s\S]*?)<\/desc>/.exec(svg)?.[1]).to.contain("Checked In");
      expect(await page.getAttribute("#detail-state .state", "data-state")).to.equal("admitted"); // ticketState
      await shot(page, "my-tickets-admitted-phone");
      expect(errors).to.deep.equal([]);
    });

    it("says so when the wallet refuses to sign, and when the gate's code expired or is another event's", async function () {
      const { page: show } = await openPage(`show.html?token=${mine[1]}`, attendee, {
        refuse: ["eth_signTypedData_v4"],
      });
      await show.waitForSelector(`#choices input[value="${mine[1]}"]:checked`);
      await show.fill("#challenge", await gatePage.inputValue("#challenge-text"));
      await show.click("#sign");
      await show.waitForSelector('#status[data-kind="error"]');
      expect(await show.textContent("#status")).to.contain("declined the signature");
      expect(await show.isHidden("#proof")).to.equal(true);
      await shot(show, "show-wallet-refused-phone");

      const expired = createChallenge({
        gate: "NORTH-1",
        chainId,
        contract,
        now: () => Date.now() - 120_000,
      });
      await show.fill("#challenge", encodeChallenge(expired));
      await show.click("#sign");
      await show.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("expired"));
      await shot(show, "show-expired-phone");

      const elsewhere = createChallenge({
        gate: "NORTH-1",
        chainId,
        contract: Wallet.createRandom().address,
      });
      await show.fill("#challenge", encodeChallenge(elsewhere));
      await show.click("#sign");
      await show.waitForFunction(() =>
        document.querySelector("#status")?.textContent?.includes("another event"),
      );
    });

    it("the gate refuses a proof whose challenge expired", async function () {
      const { page } = await openGate("EAST-3", "?ttl=3");
      const challenge = decodeChallenge(await page.inputValue("#challenge-text"));
      const proof = await signCheckInProof({ signer: attendee, challenge, tokenId: mine[1]! });
      const wait = challenge.expiry * 1000 - Date.now() + 300;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, wait)));
      await page.fill("#proof", encodeProof(proof));
      await page.click("#check");
      const v = await verdict(page, "refuse");
      expect(v.reason).to.equal("challenge-expired");
      expect(await state(mine[1]!)).to.equal(0n);

      // The gate's own code, and a text that is no proof at all, are refused as such.
      await page.fill("#proof", await page.inputValue("#challenge-text"));
      await page.click("#check");
      await page.waitForSelector('#verdict[data-verdict="refuse"][data-reason="gate-code"]');
      expect(await page.textContent("#verdict")).to.contain("That is a gate code, not a holder's proof.");
      await page.fill("#proof", "https://example.com/ticket/7");
      await page.click("#check");
      await page.waitForSelector('#verdict[data-verdict="refuse"][data-reason="not-a-proof"]');
      expect(await page.textContent("#verdict")).to.contain("Not a ticket proof");
    });

    it("admits offline when the chain is unreachable, then commits exactly once when it is back", async function () {
      const nonceBefore = await node.provider.getTransactionCount(gateWallet.address);
      proxy.setMode("down");
      const challenge = await gatePage.inputValue("#challenge-text");
      const { page: show } = await openPage(`show.html?token=${mine[1]}`, attendee);
      await show.waitForSelector(`#choices input[value="${mine[1]}"]:checked`);
      await show.fill("#challenge", challenge);
      await show.click("#sign");
      await show.waitForSelector("#proof:not([hidden])");
      await gatePage.fill("#proof", await show.inputValue("#proof-text"));
      await gatePage.press("#proof", "Enter");
      const v = await verdict(gatePage, "admit");
      expect(v.offline).to.equal("true");
      expect(v.tokenId).to.equal(mine[1]!.toString());
      // The answered code is replaced at once; a second holder answers the new one.
      await gatePage.waitForFunction(
        (old) => (document.querySelector("#challenge-text") as HTMLTextAreaElement).value !== old,
        challenge,
      );
      const next = decodeChallenge(await gatePage.inputValue("#challenge-text"));
      const second = await signCheckInProof({ signer: attendee, challenge: next, tokenId: mine[2]! });
      await gatePage.fill("#proof", encodeProof(second));
      await gatePage.press("#proof", "Enter");
      await gatePage.waitForSelector(`#verdict[data-verdict="admit"][data-token-id="${mine[2]}"]`);
      expect(await gatePage.textContent("#net")).to.equal("offline, 2 pending");
      await shot(gatePage, "gate-offline-phone");

      // Back, but the answer to the commit transaction is lost: the gate must not send it again.
      const sendsBefore = proxy.seen.sends;
      proxy.setMode("lose-send-answer");
      await gatePage.waitForFunction(
        () => document.querySelector("#net")?.getAttribute("data-net") === "online",
      );
      for (let i = 0; i < 200 && proxy.seen.sends === sendsBefore; i++)
        await new Promise((r) => setTimeout(r, 100));
      expect(proxy.seen.sends - sendsBefore).to.equal(1);
      await gatePage.waitForFunction(
        () => document.querySelector("#net")?.getAttribute("data-net") === "offline",
      );
      expect(await gatePage.textContent("#count-pending")).to.equal("2");
      proxy.setMode("up");
      await gatePage.waitForFunction(
        () => document.querySelector("#count-pending")?.textContent === "0",
        undefined,
        {
          timeout: 30_000,
        },
      );
      expect(proxy.seen.sends - sendsBefore).to.equal(1);
      expect(await node.provider.getTransactionCount(gateWallet.address)).to.equal(nonceBefore + 1);
      // Both admissions went in one checkInBatch transaction, sent once.
      const hashes = new Set<string>();
      for (const id of [mine[1]!, mine[2]!]) {
        expect(await state(id)).to.equal(CHECKED_IN);
        const events = await ticket.queryFilter(ticket.filters.CheckedIn(id));
        expect(events).to.have.length(1);
        hashes.add(events[0]!.transactionHash);
      }
      expect(hashes.size).to.equal(1);
      expect(await gatePage.textContent("#count-admitted")).to.equal("3");
      await shot(gatePage, "gate-synced-phone");
      expect(gateErrors).to.deep.equal([]);
    });

    it("downloads the gate's journal in the file format `tickets gate sync --journal` reads", async function () {
      const [download] = await Promise.all([gatePage.waitForEvent("download"), gatePage.click("#download")]);
      expect(download.suggestedFilename()).to.equal(`gate-NORTH-1-${chainId}.journal.jsonl`);
      const file = path.join(
        await mkdtemp(path.join(tmpdir(), "papercut-journal-")),
        download.suggestedFilename(),
      );
      await download.saveAs(file);
      const journal = await GateJournal.open({ file, gate: "NORTH-1", chainId, contract });
      const admitted = journal.entries.filter((e) => e.type === "admission").map((e) => e.tokenId);
      expect(admitted).to.deep.equal([mine[0], mine[1], mine[2]].map(String));
      expect(journal.pending()).to.deep.equal([]);
    });

    it("a strict gate (?strict=1) says ADMIT only once the commit is mined, with its latency", async function () {
      const { page, errors } = await openGate("STRICT-5", "?strict=1");
      const challenge = decodeChallenge(await page.inputValue("#challenge-text"));
      const proof = await signCheckInProof({ signer: attendee, challenge, tokenId: mine[4]! });
      await page.fill("#proof", encodeProof(proof));
      await page.press("#proof", "Enter");
      const v = await verdict(page, "admit");
      // The verdict came with the mined commit: the chain already says checked in.
      expect(await state(mine[4]!)).to.equal(CHECKED_IN);
      expect(v.committed).to.equal("true");
      expect(Number(v.latencyMs)).to.be.at.least(0);
      expect(v.text).to.match(/on-chain in \d+\.\d s/);
      expect(await page.textContent("#count-pending")).to.equal("0");
      await shot(page, "gate-strict-admit-phone");
      expect(errors).to.deep.equal([]);
    });

    it("raises an alarm, with the void command, when a commit is refused after ADMIT", async function () {
      proxy.setMode("down");
      const challenge = decodeChallenge(await gatePage.inputValue("#challenge-text"));
      const proof = await signCheckInProof({ signer: attendee, challenge, tokenId: mine[5]! });
      await gatePage.fill("#proof", encodeProof(proof));
      await gatePage.press("#proof", "Enter");
      const v = await verdict(gatePage, "admit");
      expect(v.offline).to.equal("true");
      // Before the gate commits, the organizer reissues the ticket (a holder's proof does not survive that).
      const organizer = await node.provider.getSigner(0);
      await (await ticket.connect(organizer).reissueTicket(mine[5]!, Wallet.createRandom().address)).wait();
      proxy.setMode("up");
      await gatePage.waitForSelector(`#alarms:not([hidden]) li[data-token-id="${mine[5]}"]`, {
        timeout: 30_000,
      });
      const alarm = await gatePage.textContent(`#alarms li[data-token-id="${mine[5]}"]`);
      expect(alarm).to.contain("still valid");
      expect(alarm).to.contain(`tickets void --token-id ${mine[5]} --contract ${contract}`);
      expect(await gatePage.getAttribute(`#alarms li[data-token-id="${mine[5]}"]`, "data-alarm")).to.equal(
        "still-valid",
      );
      expect(await state(mine[5]!)).to.equal(0n); // still valid: the alarm is what tells the organizer
      await shot(gatePage, "gate-alarm-phone");
    });

    it("one scan (issue 20): the wallet signs once, the code rotates, the gate admits it; the same code again and a code after its window are refused; offline gate and holder", async function () {
      this.timeout(90_000);
      proxy.setMode("up");
      // Two tickets of their own (8 and 9), issued before the gate opens (its snapshot knows them offline).
      const holder = Wallet.createRandom();
      await (await ticket.getFunction("airdrop")(8n, [holder.address, holder.address])).wait();
      const { page: gate } = await openGate("ONE-5");
      let prompts = 0;
      const { page: show, errors } = await openPage("show.html?token=8", holder, {
        onRequest: (m) => (m === "eth_signTypedData_v4" ? (prompts += 1) : undefined),
      });
      await show.waitForSelector('#choices input[value="8"]:checked');
      // Keyboard only: focus the control and press Enter.
      await show.focus("#door-prepare");
      await show.keyboard.press("Enter");
      await show.waitForSelector('#proof[data-kind="door-code"]:not([hidden])');
      expect(prompts, "wallet prompts to prepare the door code").to.equal(1);
      expect(await show.textContent("#door-status")).to.contain("door code is at the top");
      const first = await show.inputValue("#proof-text");
      expect(first.startsWith("PCT1D:")).to.equal(true);
      // The code rotates on its own (no wallet prompt).
      await show.waitForFunction(
        (old) => (document.querySelector("#proof-text") as HTMLTextAreaElement).value !== old,
        first,
        {
          timeout: 8_000,
        },
      );
      const rotated = await show.inputValue("#proof-text");
      expect(prompts).to.equal(1);
      await shot(show, "show-door-code-phone");

      // One scan: the gate reads the code's QR from the holder's screen.
      const picture = await show.locator("#proof-qr").screenshot();
      await gate.setInputFiles("#photo", { name: "code.png", mimeType: "image/png", buffer: picture });
      const v = await verdict(gate, "admit");
      expect(v.tokenId).to.equal("8");
      expect(v.offline).to.equal("false");
      await gate.waitForFunction(() => document.querySelector("#count-pending")?.textContent === "0");
      expect(await state(8n)).to.equal(CHECKED_IN);
      await shot(gate, "gate-door-code-admit-phone");

      // The same code again: refused.
      await gate.fill("#proof", rotated);
      await gate.press("#proof", "Enter");
      expect((await verdict(gate, "refuse")).reason).to.equal("proof-replayed");
      // A code after its window (lifetime + clock skew): refused before anything else.
      const { expiry } = decodeDoorCode(first).challenge;
      const wait = (expiry + DOOR_CODE_CLOCK_SKEW_S) * 1000 - Date.now() + 300;
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      await gate.fill("#proof", first);
      await gate.press("#proof", "Enter");
      await gate.waitForSelector('#verdict[data-verdict="refuse"][data-reason="challenge-expired"]');

      // Offline holder and offline gate: ticket 9's code, prepared while online, rotates with no connection.
      const { page: show9 } = await openPage("show.html?token=9", holder);
      await show9.waitForSelector('#choices input[value="9"]:checked');
      await show9.focus("#door-prepare");
      await show9.keyboard.press("Enter");
      await show9.waitForSelector('#proof[data-kind="door-code"]:not([hidden])');
      await show9.waitForSelector("html[data-offline-ready='true']", { timeout: 20_000 });
      await show9.context().setOffline(true);
      // Opened again with no connection: the kept page shows the kept door code at once.
      await show9.reload();
      await show9.waitForSelector('#proof[data-kind="door-code"]:not([hidden])', { timeout: 20_000 });
      expect((await show9.inputValue("#proof-text")).startsWith("PCT1D:")).to.equal(true);
      const offlineFirst = await show9.inputValue("#proof-text");
      await show9.waitForFunction(
        (old) => (document.querySelector("#proof-text") as HTMLTextAreaElement).value !== old,
        offlineFirst,
        {
          timeout: 8_000,
        },
      );
      proxy.setMode("down");
      await gate.fill("#proof", await show9.inputValue("#proof-text"));
      await gate.press("#proof", "Enter");
      await gate.waitForSelector('#verdict[data-verdict="admit"][data-token-id="9"]', { timeout: 20_000 });
      expect(await gate.getAttribute("#verdict", "data-offline")).to.equal("true");
      proxy.setMode("up");
      await gate.waitForFunction(
        () => document.querySelector("#count-pending")?.textContent === "0",
        undefined,
        {
          timeout: 30_000,
        },
      );
      expect(await state(9n)).to.equal(CHECKED_IN);
      expect(errors).to.deep.equal([]);
    });

    it("the gate reads the holder's proof through the camera (Chromium's fake camera showing the QR code)", async function () {
      const video = path.join(await mkdtemp(path.join(tmpdir(), "papercut-camera-")), "proof.y4m");
      const camera = await launchChromium([
        "--use-fake-device-for-media-stream",
        "--use-fake-ui-for-media-stream",
        `--use-file-for-fake-video-capture=${video}`,
      ]);
      try {
        const page = await camera.newPage({ viewport: PHONE });
        await useLanguage(page, "en");
        await installTestWallet(page, gateWallet, gateProvider);
        await page.goto(site.url + "gate.html");
        await page.fill("#gate-id", "WEST-4");
        await page.click("#open");
        await page.waitForSelector("#desk:not([hidden])");
        const challenge = decodeChallenge(await page.inputValue("#challenge-text"));
        const proof = await signCheckInProof({ signer: attendee, challenge, tokenId: mine[3]! });
        await writeQrVideo(video, encodeProof(proof)); // the camera opens the file when the page asks for it
        await page.click("#scan");
        const v = await verdict(page, "admit");
        expect(v.tokenId).to.equal(mine[3]!.toString());
        await page.waitForFunction(() => document.querySelector("#count-pending")?.textContent === "0");
        expect(await state(mine[3]!)).to.equal(CHECKED_IN);
        await shot(page, "gate-camera-phone");
        // What staff see while aiming the camera: the verdict is on screen with it (just below it on a phone).
        await page.locator("#video").scrollIntoViewIfNeeded();
        await page.screenshot({ path: path.join(SHOTS, "gate-camera-scrolled-phone.png") });
        expect(
          await page.$eval("#verdict", (v) => {
            const box = v.getBoundingClientRect();
            return box.top >= 0 && box.bottom <= window.innerHeight;
          }),
        ).to.equal(true);
        await page.click("#scan"); // stops the camera
      } finally {
        await camera.close();
      }
    });
  },
);
