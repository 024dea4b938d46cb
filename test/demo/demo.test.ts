import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import hre, { network } from "hardhat";
import type { NetworkConnection } from "hardhat/types/network";

import { JsonRpcProvider } from "ethers";
import type { Browser } from "playwright-core";

import type { DemoPages } from "../../scripts/lib/demo/pages-step.js";
import { runDemo } from "../../scripts/lib/demo/run-demo.js";
import { writeDemoReport } from "../../scripts/lib/demo/write-demo-report.js";
import { loadMethodology } from "../../src/carbon/load-methodology.js";
import { verifyDonations } from "../../src/carbon/verify-donations.js";
import type { DemoReport } from "../../src/demo/format-demo-report.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { launchChromium } from "../support/browser.js";
import { freePort } from "../support/processes.js";

/**
 * `npm run demo` with a small event, in-process: every figure of the report is checked against the chain it ran on.
 */
describe("tickets demo (npm run demo), 40 tickets in-process", function () {
  this.timeout(300_000);
  let connection: NetworkConnection;
  let report: DemoReport;
  let out: string;
  let files: { json: string; markdown: string };
  let pages: DemoPages | undefined;
  let port: number;

  before(async function () {
    connection = await network.create();
    out = path.join(mkdtempSync(path.join(tmpdir(), "papercut-demo-")), "demo-out");
    port = await freePort();
    ({ report, pages } = await runDemo({
      connection,
      artifacts: hre.artifacts,
      root: process.cwd(),
      outDir: out,
      count: 40,
      links: 4,
      claim: 2,
      admit: 6,
      serve: { port },
    }));
    files = await writeDemoReport(report, out);
  });

  after(async function () {
    await pages?.close();
    await connection?.close();
  });

  async function ticket() {
    return await connection.ethers.getContractAt("PapercutTicket", report.contracts.ticket);
  }

  it("issued one ticket to every attendee of the CSV, and the claimed links' tickets to their recipients", async function () {
    const t = await ticket();
    expect(await t.totalMinted()).to.equal(42n);
    expect(report.totals.ticketsIssued).to.equal("42");
    expect(report.airdrop).to.include({ attendees: 40, tickets: 40, firstTokenId: "1", lastTokenId: "40" });
    const csv = readFileSync(path.join(out, report.airdrop.attendeesCsv));
    const attendees = parseAttendees({ content: csv, file: "attendees.csv", strict: true });
    expect(attendees.recipients).to.have.length(40);
    for (const a of attendees.recipients) expect(await t.balanceOf(a.address)).to.equal(1n);

    expect(report.claims.claimed).to.have.length(2);
    expect(report.claims.unclaimed).to.equal(2);
    for (const c of report.claims.claimed) expect(await t.ownerOf(BigInt(c.tokenId))).to.equal(c.recipient);
    expect(report.claims.reuseRefused).to.deep.equal({ index: "0", httpStatus: 409, error: "claimed" });
    const claims = await connection.ethers.getContractAt("TicketClaims", report.contracts.claims);
    expect(await t.hasRole(await t.MINTER_ROLE(), report.contracts.claims)).to.equal(true);
    expect(await claims.getAddress()).to.equal(report.contracts.claims);
  });

  it("admitted the sample at two gates on-chain and refused the replay and the second entry", async function () {
    const t = await ticket();
    const admitted = report.checkIn.gates.flatMap((g) => g.admitted.map(BigInt));
    expect(admitted).to.have.length(6);
    expect(report.checkIn.gates.map((g) => g.gate)).to.deep.equal(["GATE-A", "GATE-B"]);
    expect(report.checkIn.admittedOnChain).to.equal(6);
    expect((await t.queryFilter(t.filters.CheckedIn())).length).to.equal(6);
    for (const id of admitted) expect(await t.ticketState(id)).to.equal(1n); // CheckedIn
    const notAdmitted = [...Array(40).keys()].map((i) => BigInt(i + 1)).find((id) => !admitted.includes(id))!;
    expect(await t.ticketState(notAdmitted)).to.equal(0n); // Valid
    expect(report.checkIn.refused.map((r) => r.kind)).to.deep.equal([
      "ProofReplayedError",
      "TicketAlreadyAdmittedError",
    ]);
    for (const g of report.checkIn.gates) {
      expect(await t.hasRole(await t.GATE_ROLE(), g.account)).to.equal(true);
      for (const hash of g.txHashes) {
        const receipt = await connection.ethers.provider.getTransactionReceipt(hash);
        expect(receipt?.from).to.equal(g.account);
        expect(receipt?.status).to.equal(1);
      }
    }
  });

  it("recorded, settled and verified the donation, which recomputes from the chain", async function () {
    expect(report.donation).to.include({
      id: "1",
      basis: "CARBON_PRICE",
      settled: true,
      verified: true,
      tickets: "42",
    });
    const t = await ticket();
    expect(await t.donationLedger()).to.equal(report.contracts.donationLedger);
    const ledger = await connection.ethers.getContractAt("DonationLedger", report.contracts.donationLedger);
    const { methodology, hash } = await loadMethodology({ file: "metadata/carbon/methodology.json" });
    const verified = await verifyDonations({
      ledger,
      ticket: t,
      provider: connection.ethers.provider,
      chainId: BigInt(report.network.chainId),
      methodology,
      methodologyHash: hash,
    });
    expect(verified.allMatch).to.equal(true);
    expect(verified.results).to.have.length(1);
    expect(verified.results[0]!.settled).to.equal(true);
    expect(verified.results[0]!.donation.amountMinor.toString()).to.equal(report.donation.amountMinor);
  });

  it("reports every transaction with the gas the chain charged, and step totals that add up", async function () {
    const { provider } = connection.ethers;
    let total = 0n;
    for (const tx of report.transactions) {
      const receipt = await provider.getTransactionReceipt(tx.hash);
      expect(receipt?.gasUsed.toString(), tx.label).to.equal(tx.gasUsed);
      expect(receipt?.blockNumber).to.equal(tx.block);
      total += BigInt(tx.gasUsed);
    }
    expect(report.totals.gasUsed).to.equal(total.toString());
    expect(report.steps.map((s) => s.step)).to.deep.equal([1, 2, 3, 4, 5, 6, 7]);
    expect(report.steps.reduce((s, x) => s + BigInt(x.gasUsed), 0n)).to.equal(total);
    const airdrops = report.transactions.filter((t) => t.label === "PapercutTicket.airdrop");
    expect(airdrops).to.have.length(report.airdrop.batches);
    expect(airdrops.reduce((s, t) => s + BigInt(t.gasUsed), 0n).toString()).to.equal(report.airdrop.gasUsed);
    for (const name of ["PapercutTicket", "PapercutRenderer", "TicketClaims", "DonationLedger"]) {
      expect(report.transactions.map((t) => t.label)).to.include(`deploy ${name}`);
    }
  });

  it("wrote the report, the gallery and sample images, and the on-chain art matches the mirror", function () {
    const json = JSON.parse(readFileSync(files.json, "utf8")) as DemoReport;
    expect(json.contracts).to.deep.equal(report.contracts);
    const markdown = readFileSync(files.markdown, "utf8");
    expect(markdown).to.include(report.contracts.ticket);
    expect(markdown).to.include(report.donation.amount);
    expect(report.art.exported).to.equal(42);
    for (const file of [report.art.gallery, ...report.art.previews, report.donation.receipt]) {
      expect(existsSync(path.join(out, file)), file).to.equal(true);
    }
    expect(report.art.onChain.map((o) => o.state)).to.deep.equal(["Checked In", "Valid", "Valid"]);
    for (const o of report.art.onChain) {
      expect(o.matchesMirror).to.equal(true);
      expect(readFileSync(path.join(out, o.png)).subarray(1, 4).toString()).to.equal("PNG");
      // The markdown links resolve relative to the report.
      expect(markdown).to.include(`](${o.png})`);
    }
  });

  it("--serve: serves the event's pages for its contracts, with its chain behind them (read-only), and the open claim links", async function () {
    if (pages === undefined) throw new Error("no pages served");
    expect(pages.url).to.equal(`http://127.0.0.1:${port}/`);
    const config = (await (await fetch(`${pages.url}config.json`)).json()) as Record<string, unknown>;
    expect(config).to.include({ ticket: report.contracts.ticket, claims: report.contracts.claims });
    expect(config.rpcUrl).to.equal(`${pages.url}rpc`);
    const icon = await fetch(`${pages.url}favicon.svg`);
    expect(icon.status).to.equal(200);
    expect(icon.headers.get("content-type")).to.equal("image/svg+xml");
    // The pages' JSON-RPC reads the demo's chain; what would sign with the node's accounts is refused.
    const provider = new JsonRpcProvider(`${pages.url}rpc`, undefined, { staticNetwork: true });
    try {
      const t = await ticket();
      const claimed = report.claims.claimed[0]!;
      const read = t.connect(provider);
      expect(await read.ownerOf(BigInt(claimed.tokenId))).to.equal(claimed.recipient);
      const organizer = report.accounts.organizer;
      const refused = (await (
        await fetch(`${pages.url}rpc`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            jsonrpc: "2.0",
            id: 7,
            method: "eth_sendTransaction",
            params: [{ from: organizer, to: organizer, value: "0x1" }],
          }),
        })
      ).json()) as { id: number; error?: { code: number } };
      expect(refused).to.deep.include({ id: 7 });
      expect(refused.error?.code).to.equal(-32601);
    } finally {
      provider.destroy();
    }
    // The guide names the pages and two open claim links (made for this port).
    const guide = pages.guide.join("\n");
    expect(guide).to.include(`${pages.url}tickets.html`);
    expect(guide.match(new RegExp(`${pages.url}claim\\.html#`, "g"))).to.have.length(2);

    // In a browser: the admitted ticket reads as admitted, straight from the demo's chain.
    const admitted = report.checkIn.gates[0]!.admitted[0]!;
    let browser: Browser | undefined;
    try {
      browser = await launchChromium();
      const page = await browser.newPage();
      await page.goto(`${pages.url}tickets.html?token=${admitted}`);
      await page.waitForSelector(`#detail:not([hidden])[data-token-id="${admitted}"]`);
      expect(await page.getAttribute("#detail-state .state", "data-state")).to.equal("admitted");
    } finally {
      await browser?.close();
    }
  });
});
