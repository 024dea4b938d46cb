import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Wallet, parseEther, type BaseWallet } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";
import type { Browser, Page } from "playwright-core";

import { BAND_KINDS, CENTRES, PAPERS, RIMS } from "../../src/art/palette.js";
import { buildDonationRecord } from "../../src/carbon/build-record.js";
import { computeDonation } from "../../src/carbon/compute-donation.js";
import { loadMethodology } from "../../src/carbon/load-methodology.js";
import { readIssuance } from "../../src/carbon/read-issuance.js";
import { settleDonation } from "../../src/carbon/settle-donation.js";
import { createChallenge } from "../../src/checkin/create-challenge.js";
import { signCheckInProof } from "../../src/checkin/sign-proof.js";
import { toContractProof } from "../../src/checkin/typed-data.js";
import { ClaimRelayer } from "../../src/claims/claim-relayer.js";
import type { ClaimLink } from "../../src/claims/claim-types.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { commitClaimBatch } from "../../src/claims/commit-claim-batch.js";
import { formatClaimLink } from "../../src/claims/format-claim-link.js";
import { generateClaimBatch } from "../../src/claims/generate-claim-batch.js";
import { signClaim } from "../../src/claims/sign-claim.js";
import { submitClaim } from "../../src/claims/submit-claim.js";
import { startRelayServer, type StartRelayServerReturnType } from "../../src/claims/relay-server.js";
import { serveStatic, type ServeStaticReturnType } from "../../src/web/serve.js";
import type { DonationLedger, PapercutTicket, TicketClaims } from "../../types/ethers-contracts/index.js";
import { methodologyPath } from "../../src/web/methodology-path.js";
import { installTestWallet, launchChromium, useLanguage } from "../support/browser.js";
import { jsonResult, runCli } from "../support/cli.js";
import { startLocalNode, type LocalNode } from "../support/local-node.js";
import { describeFull } from "../support/full.js";

const SHOTS = path.resolve("test-artifacts", "web");
/** A chain id of its own, so the event deploy's Ignition record never touches a developer's chain-31337 one. */
const CHAIN_ID = 71410;
const RECORD = path.resolve("ignition", "deployments", `chain-${CHAIN_ID}`);
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };
const METHODOLOGY = "metadata/carbon/methodology.json";

function sorted(addresses: string[]): string[] {
  return [...addresses].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

/** Saves the page at phone size (as opened) and at desktop size. */
async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(SHOTS, `${name}-phone.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.screenshot({ path: path.join(SHOTS, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(PHONE);
}

describeFull("web pages in Chromium: event donations, ticket details, claim links", function () {
  this.timeout(180_000);
  let node: LocalNode;
  let connection: NetworkConnection;
  let organizer: HardhatEthersSigner;
  let ticket: PapercutTicket;
  let ledger: DonationLedger;
  let claims: TicketClaims;
  let chainId: bigint;
  let relay: StartRelayServerReturnType;
  let site: ServeStaticReturnType;
  let siteDir: string;
  let browser: Browser;
  const attendee = Wallet.createRandom();
  const claimer = Wallet.createRandom();
  const tickets = { valid: 0n, admitted: 0n, voided: 0n };

  before(async function () {
    await mkdir(SHOTS, { recursive: true });
    await rm(RECORD, { recursive: true, force: true });
    node = await startLocalNode({ kind: "hardhat", chainId: CHAIN_ID });
    connection = await network.create({ network: "localhost", override: { url: node.url } });
    const { ethers } = connection;
    [organizer] = (await ethers.getSigners()) as [HardhatEthersSigner];
    chainId = (await ethers.provider.getNetwork()).chainId;

    // The event, deployed and wired as an organizer does it: the sample event file, rehearsed in 2030 (tickets stay
    // valid during the test) with a cap of 50 and the organizer as its gate.
    const sample = JSON.parse(await readFile("metadata/event.json", "utf8")) as Record<string, unknown>;
    const eventFile = path.join(await mkdtemp(path.join(tmpdir(), "papercut-web2-event-")), "event.json");
    await writeFile(
      eventFile,
      JSON.stringify({
        ...sample,
        cap: 50,
        start: "2030-01-01T08:00:00+08:00",
        end: "2030-01-02T08:00:00+08:00",
        gates: [organizer.address],
      }),
    );
    const deployed = await runCli(
      ["tickets", "event", "deploy", "--network", "localhost", "--event", eventFile, "--yes", "--json"],
      { LOCAL_RPC_URL: node.url },
    );
    expect(deployed.code, deployed.stderr).to.equal(0);
    const contracts = (jsonResult(deployed) as { contracts: Record<"ticket" | "claims" | "ledger", string> })
      .contracts;
    ticket = await ethers.getContractAt("PapercutTicket", contracts.ticket);
    ledger = await ethers.getContractAt("DonationLedger", contracts.ledger);
    claims = await ethers.getContractAt("TicketClaims", contracts.claims);
    await (await organizer.sendTransaction({ to: attendee.address, value: parseEther("1") })).wait();

    relay = await startRelayServer({
      relayer: new ClaimRelayer({
        claims: claimsContract(await claims.getAddress(), organizer),
        chainId,
        spendingCapWei: parseEther("1"),
      }),
      port: 0,
    });

    // The site, built by the real task for this deployment (in the background while the chain is set up).
    siteDir = path.join(await mkdtemp(path.join(tmpdir(), "papercut-web2-")), "dist");
    const building = runCli(
      [
        "tickets",
        "web",
        "--network",
        "localhost",
        "--contract",
        await ticket.getAddress(),
        "--claims",
        await claims.getAddress(),
        "--relayer-url",
        relay.url,
        "--out",
        siteDir,
        "--json",
      ],
      { LOCAL_RPC_URL: node.url },
    );
    // Five tickets: three for the attendee (one to admit, one to void), two for others.
    const others = [Wallet.createRandom().address, Wallet.createRandom().address];
    await (
      await ticket.airdrop(1n, sorted([attendee.address, attendee.address, attendee.address, ...others]))
    ).wait();
    const mine: bigint[] = [];
    for (let id = 1n; id <= 5n; id++) if ((await ticket.ownerOf(id)) === attendee.address) mine.push(id);
    [tickets.valid, tickets.admitted, tickets.voided] = mine as [bigint, bigint, bigint];
    const challenge = createChallenge({ gate: "NORTH-1", chainId, contract: await ticket.getAddress() });
    const proof = await signCheckInProof({ signer: attendee, challenge, tokenId: tickets.admitted });
    await (await ticket.checkIn(toContractProof(proof))).wait();
    await (await ticket.voidTicket(tickets.voided)).wait();

    // Donation 1: recorded by the real task, then settled with a receipt.
    const env = { LOCAL_RPC_URL: node.url };
    const recorded = await runCli(
      [
        "tickets",
        "donation",
        "record",
        "--network",
        "localhost",
        "--contract",
        await ticket.getAddress(),
        "--ledger",
        await ledger.getAddress(),
        "--recipient",
        "Green Papercut Fund",
        "--recipient-id",
        "CN-USCC:12345",
        "--yes",
        "--json",
      ],
      env,
    );
    expect(recorded.code, recorded.stderr).to.equal(0);
    expect(jsonResult(recorded).id).to.equal("1");
    const receiptFile = path.join(await mkdtemp(path.join(tmpdir(), "papercut-receipt-")), "thanks.txt");
    await writeFile(receiptFile, "Thank you for the donation.\n");
    await settleDonation({ ledger, id: 1n, receiptFile, paymentRef: "BANK-2022-0520" });

    // Donation 2: recorded by hand at a rate (and so an amount) the methodology does not give, with hostile text.
    const { methodology, hash } = await loadMethodology({ file: METHODOLOGY });
    const issuance = await readIssuance({ ticket, provider: ethers.provider });
    const quote = computeDonation({
      methodology,
      basis: "COST_SAVED",
      tickets: issuance.ticketCount,
      issuanceGasUsed: issuance.gasUsed,
    });
    const { record } = buildDonationRecord({
      quote,
      chainId,
      ticketAddress: await ticket.getAddress(),
      snapshotBlock: issuance.snapshotBlock,
      transactions: issuance.transactions,
      methodologyHash: hash,
      methodologyURI: "javascript:alert(1)",
      recipient: { name: "<img src=x onerror=alert(1)>Fund", registryId: "", account: "" },
    });
    const rate = quote.rate + 20n;
    await (await ledger.record({ ...record, rate, amountMinor: quote.tickets * rate })).wait();

    const built = await building;
    expect(built.code, built.stderr).to.equal(0);
    expect(jsonResult(built).methodologies).to.deep.equal([hash]);
    site = await serveStatic({ root: siteDir });
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
    await site?.close();
    await relay?.close();
    await connection?.close();
    await node?.stop();
    await rm(RECORD, { recursive: true, force: true });
  });

  async function openPage(file: string, wallet?: BaseWallet, refuse: string[] = []) {
    const page = await browser.newPage({ viewport: PHONE });
    await useLanguage(page, "en");
    const errors: string[] = [];
    const offsite: string[] = [];
    let dialogs = 0;
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("request", (r) => {
      if (!/^(http:\/\/127\.0\.0\.1:|data:)/.test(r.url())) offsite.push(r.url());
    });
    page.on("dialog", (d) => {
      dialogs++;
      void d.dismiss();
    });
    if (wallet) await installTestWallet(page, wallet, node.provider, { refuse });
    await page.goto(site.url + file);
    return { page, errors, offsite, dialogs: () => dialogs };
  }

  async function newBatch(count: number, expiresAt = 0n): Promise<ClaimLink[]> {
    const contract = claimsContract(await claims.getAddress(), organizer);
    const batchId = (await contract.getFunction("nextBatchId")()) as bigint;
    const batch = generateClaimBatch({
      count,
      batchId,
      chainId,
      contract: await claims.getAddress(),
      urlTemplate: site.url + "claim.html",
    });
    await commitClaimBatch({
      claims: contract,
      batchId,
      root: batch.root,
      links: BigInt(count),
      tickets: batch.tickets,
      expiresAt,
    });
    return batch.links;
  }

  const claimUrl = (link: ClaimLink) => formatClaimLink({ link, urlTemplate: site.url + "claim.html" });

  describe("the event page", function () {
    it("shows supply, issued, admitted and the donation records read from the ledger", async function () {
      const { page, errors, offsite, dialogs } = await openPage("index.html");
      await page.waitForSelector('[data-donation="2"]');
      expect(await page.textContent('[data-fact="cap"]')).to.equal("50");
      expect(await page.textContent('[data-fact="issued"]')).to.equal("5");
      expect(await page.textContent('[data-fact="admitted"]')).to.equal("1");
      const first = (await ledger.donation(1n)).record;
      const card = '[data-donation="1"]';
      expect(await page.textContent(`${card} [data-fact="recipient"]`)).to.equal(
        "Green Papercut Fund · CN-USCC:12345",
      );
      expect(await page.textContent(`${card} [data-fact="methodology-hash"]`)).to.equal(
        first.methodologyHash,
      );
      expect(await page.textContent(`${card} [data-fact="amount"]`)).to.match(/^[A-Z]{3} [0-9,.]+$/);
      expect(await page.textContent(`${card} [data-fact="grams"]`)).to.equal(
        `${first.netGrams.toLocaleString("en-US")} g`,
      );
      const settlement = (await ledger.donation(1n)).settlement;
      expect(await page.textContent(`${card} [data-fact="receipt-hash"]`)).to.equal(settlement.receiptHash);
      expect(await page.getAttribute(card, "data-state")).to.equal("settled");
      // Hostile text from the chain stays text; a javascript: URI is never a link.
      expect(await page.textContent('[data-donation="2"] [data-fact="recipient"]')).to.equal(
        "<img src=x onerror=alert(1)>Fund",
      );
      expect(await page.$$('[data-donation="2"] a:not([data-methodology-copy])')).to.have.length(0);
      expect(dialogs()).to.equal(0);
      expect(offsite, "no fonts, CDNs or other hosts").to.deep.equal([]);
      expect(errors).to.deep.equal([]);
    });

    it("Verify recomputes a task-recorded donation in the browser: match; a record at a wrong rate: mismatch on those fields", async function () {
      const { page, errors } = await openPage("index.html");
      await page.click('[data-verify="1"]');
      await page.click('[data-verify="2"]');
      await page.waitForSelector('[data-donation="1"] [data-verify-result][data-status="match"]');
      await page.waitForSelector('[data-donation="2"] [data-verify-result][data-status="mismatch"]');
      const fields = await page.$$eval('[data-donation="2"] [data-field]', (n) =>
        n.map((e) => e.getAttribute("data-field")),
      );
      expect(fields).to.deep.equal(["rate", "amountMinor"]);
      await shoot(page, "event-verified");
      expect(errors).to.deep.equal([]);
    });

    it("Verify reports a tampered methodology file as a mismatch of the methodology hash", async function () {
      const file = path.join(siteDir, methodologyPath((await ledger.donation(1n)).record.methodologyHash));
      const original = await readFile(file, "utf8");
      const data = JSON.parse(original) as { carbonPrice: { minorPerTonne: number } };
      data.carbonPrice.minorPerTonne *= 2;
      await writeFile(file, JSON.stringify(data, null, 2));
      try {
        const { page, errors } = await openPage("index.html");
        await page.click('[data-verify="1"]');
        await page.waitForSelector('[data-donation="1"] [data-verify-result][data-status="mismatch"]');
        const fields = await page.$$eval('[data-donation="1"] [data-field]', (n) =>
          n.map((e) => e.getAttribute("data-field")),
        );
        expect(fields[0]).to.equal("methodologyHash");
        expect(fields).to.include("amountMinor");
        await shoot(page, "event-tampered-methodology");
        expect(errors).to.deep.equal([]);
      } finally {
        await writeFile(file, original);
      }
    });
  });

  describe("My tickets", function () {
    it("shows each ticket's state, and a detail view with the large art and every trait", async function () {
      const { page, errors } = await openPage("tickets.html", attendee);
      await page.click("#connect");
      await page.waitForSelector('#status[data-kind="ok"]');
      const states = await page.$$eval("[data-token-id]", (cards) =>
        cards.map((c) => [
          c.getAttribute("data-token-id"),
          c.querySelector(".state")?.getAttribute("data-state"),
        ]),
      );
      expect(states).to.deep.equal([
        [tickets.valid.toString(), "valid"],
        [tickets.admitted.toString(), "admitted"],
        [tickets.voided.toString(), "voided"],
      ]);
      await shoot(page, "my-tickets-list");
      await page.click(`[data-token-id="${tickets.admitted}"]`);
      await page.waitForSelector(`#detail:not([hidden])[data-token-id="${tickets.admitted}"]`);
      expect(page.url()).to.contain(`?token=${tickets.admitted}`);
      expect(await page.getAttribute("#detail-state .state", "data-state")).to.equal("admitted");
      const traits = await page.$$eval("#traits [data-trait]", (n) =>
        n.map((e) => [e.getAttribute("data-trait"), e.textContent]),
      );
      const uri = await ticket.tokenURI(tickets.admitted);
      const metadata = JSON.parse(Buffer.from(uri.split(",")[1]!, "base64").toString()) as {
        attributes: { trait_type: string; value: string | number }[];
      };
      // The Status trait is left to the live state above; numbers and the event date (in the event's time
      // zone, UTC+8) in the page's language; in Chinese the art's part names too.
      const zhPart = new Map(
        [...PAPERS, ...CENTRES, ...RIMS, ...BAND_KINDS].map((p) => [p.name as string | number, p.zh]),
      );
      const expected = (lang: "en" | "zh-CN") => {
        const day = new Intl.DateTimeFormat(lang, {
          year: "numeric",
          month: "long",
          day: "numeric",
          timeZone: "Etc/GMT-8",
        });
        return metadata.attributes
          .filter((a) => a.trait_type !== "Status")
          .map((a) => [
            a.trait_type,
            a.trait_type === "Event Date"
              ? day.format(new Date(Number(a.value) * 1000))
              : lang === "zh-CN"
                ? (zhPart.get(a.value) ?? String(a.value))
                : String(a.value),
          ]);
      };
      expect(traits).to.deep.equal(expected("en"));
      expect(traits.find(([n]) => n === "Event Date")?.[1]).to.equal("January 1, 2030");
      expect(
        await page.$eval("#detail img.big", (i) => (i as HTMLImageElement).naturalWidth),
      ).to.be.greaterThan(0);
      // Only a valid ticket offers "Show at the gate".
      expect(await page.$('#detail a[href^="./show.html"]')).to.equal(null);
      await shoot(page, "my-tickets-detail");
      const zhPage = await browser.newPage({ viewport: PHONE });
      try {
        await zhPage.goto(`${site.url}tickets.html?token=${tickets.admitted}&lang=zh-CN`);
        await zhPage.waitForSelector(`#detail:not([hidden])[data-token-id="${tickets.admitted}"]`);
        const zhTraits = await zhPage.$$eval("#traits [data-trait]", (n) =>
          n.map((e) => [e.getAttribute("data-trait"), e.textContent]),
        );
        expect(zhTraits).to.deep.equal(expected("zh-CN"));
        expect(zhTraits.find(([n]) => n === "Event Date")?.[1]).to.equal("2030年1月1日");
        expect(zhTraits.find(([n]) => n === "Paper")?.[1]).to.match(/\p{Script=Han}/u);
        expect(await zhPage.$$eval("#traits dt", (n) => n.map((e) => e.textContent))).to.include.members([
          "折数",
          "纸色",
          "第 1 圈纹样",
          "活动日期",
        ]);
      } finally {
        await zhPage.close();
      }
      await page.goBack();
      await page.waitForSelector("#detail", { state: "hidden" });
      await page.click(`[data-token-id="${tickets.valid}"]`);
      await page.waitForSelector(`#detail:not([hidden])[data-token-id="${tickets.valid}"]`);
      expect(await page.getAttribute('#detail a[href^="./show.html"]', "href")).to.equal(
        `./show.html?token=${tickets.valid}`,
      );
      await page.goBack();
      await page.waitForSelector("#detail", { state: "hidden" });
      expect(errors).to.deep.equal([]);
    });

    it("opens tickets.html?token=N without a wallet and shows a voided ticket as voided", async function () {
      const { page, errors } = await openPage(`tickets.html?token=${tickets.voided}`);
      await page.waitForSelector(`#detail:not([hidden])[data-token-id="${tickets.voided}"]`);
      expect(await page.getAttribute("#detail-state .state", "data-state")).to.equal("voided");
      expect(await page.textContent("#traits")).to.contain(attendee.address);
      await shoot(page, "ticket-voided");
      expect(errors).to.deep.equal([]);
    });
  });

  describe("the claim page", function () {
    let links: ClaimLink[];
    before(async function () {
      links = await newBatch(5);
    });

    it("claims through the relayer for a typed address (keyboard only), then shows the ticket with its art", async function () {
      const { page, errors, offsite } = await openPage("claim.html" + new URL(claimUrl(links[0]!)).hash);
      await page.waitForSelector('#link[data-status="open"]');
      await shoot(page, "claim-open");
      // By keyboard: type the address and press Enter.
      await page.focus("#recipient");
      await page.keyboard.type(claimer.address);
      await page.keyboard.press("Enter");
      await page.waitForSelector("#result:not([hidden]) [data-token-id] img");
      const id = BigInt((await page.getAttribute("#claimed [data-token-id]", "data-token-id"))!);
      expect(await ticket.ownerOf(id)).to.equal(claimer.address);
      expect(await page.$eval("#claimed img", (i) => (i as HTMLImageElement).naturalWidth)).to.be.greaterThan(
        0,
      );
      await shoot(page, "claim-done");
      expect(errors).to.deep.equal([]);
      expect(offsite).to.deep.equal([]);
    });

    it("claims directly with the connected wallet, which pays the gas", async function () {
      const { page, errors } = await openPage("claim.html" + new URL(claimUrl(links[1]!)).hash, attendee);
      await page.waitForSelector('#link[data-status="open"]');
      await page.click("#connect");
      await page.waitForSelector("#claim-direct:not([hidden])");
      expect(await page.inputValue("#recipient")).to.equal(attendee.address);
      const before = await node.provider.getBalance(attendee.address);
      await page.click("#claim-direct");
      await page.waitForSelector("#result:not([hidden]) [data-token-id]");
      const id = BigInt((await page.getAttribute("#claimed [data-token-id]", "data-token-id"))!);
      expect(await ticket.ownerOf(id)).to.equal(attendee.address);
      expect(await node.provider.getBalance(attendee.address)).to.be.lessThan(before);
      expect(errors).to.deep.equal([]);
    });

    it("says a used link was used: on opening, and when it is used elsewhere after the page opened", async function () {
      const used = await openPage("claim.html" + new URL(claimUrl(links[0]!)).hash);
      await used.page.waitForSelector('#link[data-status="claimed"]');
      expect(await used.page.isHidden("#claim-form")).to.equal(true);
      await shoot(used.page, "claim-used");

      // Raced: the page shows the link open, then the link is claimed by someone else; the relayer says so.
      const raced = await openPage("claim.html" + new URL(claimUrl(links[2]!)).hash);
      await raced.page.waitForSelector('#link[data-status="open"]');
      await submitClaim({
        claims: claimsContract(await claims.getAddress(), organizer),
        request: signClaim({ link: links[2]!, recipient: attendee.address }),
      });
      await raced.page.fill("#recipient", claimer.address);
      await raced.page.click("#claim");
      await raced.page.waitForSelector('#link[data-status="claimed"]');
      expect(await ticket.balanceOf(claimer.address)).to.equal(1n);
    });

    it("says a revoked link was revoked, and a malformed link is damaged", async function () {
      await (await claims.revokeLinks(links[3]!.batchId, [links[3]!.index])).wait();
      const revoked = await openPage("claim.html" + new URL(claimUrl(links[3]!)).hash);
      await revoked.page.waitForSelector('#link[data-status="revoked"]');
      expect(await revoked.page.textContent("#link-status")).to.contain("cancelled by the organizer");
      await shoot(revoked.page, "claim-revoked");
      const cut = new URL(claimUrl(links[4]!)).hash.replace(/&p=.*$/, "");
      const malformed = await openPage("claim.html" + cut);
      await malformed.page.waitForSelector('#link[data-status="malformed"]');
      expect(malformed.errors).to.deep.equal([]);
    });

    it("explains a wallet that refuses to connect or to send, and claims nothing", async function () {
      const { page } = await openPage("claim.html" + new URL(claimUrl(links[4]!)).hash, attendee, [
        "eth_sendTransaction",
      ]);
      await page.waitForSelector('#link[data-status="open"]');
      await page.click("#connect");
      await page.waitForSelector("#claim-direct:not([hidden])");
      await page.click("#claim-direct");
      await page.waitForSelector('#claim-status[data-kind="error"]');
      expect(await page.textContent("#claim-status")).to.contain("declined");
      expect(await claims.linkStatus(links[4]!.batchId, links[4]!.index)).to.equal(1n); // still open
      const noConnect = await openPage("claim.html" + new URL(claimUrl(links[4]!)).hash, attendee, [
        "eth_requestAccounts",
      ]);
      await noConnect.page.waitForSelector('#link[data-status="open"]');
      await noConnect.page.click("#connect");
      await noConnect.page.waitForSelector('#claim-status[data-kind="error"]');
      expect(await noConnect.page.textContent("#claim-status")).to.contain("declined");
    });

    it("offers the wallet when the organizer's relayer cannot be reached", async function () {
      const { page } = await openPage("claim.html" + new URL(claimUrl(links[4]!)).hash);
      await page.route(
        (url) => url.port === String(relay.port),
        (route) => route.abort(),
      );
      await page.waitForSelector('#link[data-status="open"]');
      await page.fill("#recipient", claimer.address);
      await page.click("#claim");
      await page.waitForSelector('#claim-status[data-kind="error"]', { timeout: 10_000 });
      expect(await page.textContent("#claim-status")).to.contain("cannot be reached");
      expect(await page.isVisible("#claim-direct")).to.equal(true);
    });

    it("says an expired link expired (runs last: it moves the node's clock)", async function () {
      const now = BigInt((await node.provider.getBlock("latest"))!.timestamp);
      const [link] = await newBatch(1, now + 600n);
      await node.rpc("evm_increaseTime", [1200]);
      await node.rpc("evm_mine");
      const { page } = await openPage("claim.html" + new URL(claimUrl(link!)).hash);
      await page.waitForSelector('#link[data-status="expired"]');
      expect(await page.textContent("#link-status")).to.contain("expired");
      await shoot(page, "claim-expired");
    });
  });
});
