import { mkdir } from "node:fs/promises";
import path from "node:path";

import { expect } from "chai";
import { Wallet, parseEther, type BaseWallet, type JsonRpcSigner } from "ethers";
import type { Browser } from "playwright-core";

import {
  JsonRendererMock__factory,
  PapercutTicket__factory,
  type PapercutTicket,
} from "../../types/ethers-contracts/index.js";
import { serveStatic, type ServeStaticReturnType } from "../../src/web/serve.js";
import { buildTestSite, installTestWallet, launchChromium, useLanguage } from "../support/browser.js";
import { startLocalNode, type LocalNode } from "../support/local-node.js";
import { describeFull } from "../support/full.js";

const SHOTS = path.resolve("test-artifacts", "web");

async function deployRenderer(hostile: boolean, signer: JsonRpcSigner) {
  const renderer = await new JsonRendererMock__factory(signer).deploy(hostile);
  return renderer.waitForDeployment();
}

function sorted(addresses: string[]): string[] {
  return [...addresses].sort((a, b) => (BigInt(a) < BigInt(b) ? -1 : BigInt(a) > BigInt(b) ? 1 : 0));
}

describeFull("web pages in Chromium", function () {
  let node: LocalNode;
  let site: ServeStaticReturnType;
  let browser: Browser;
  let ticket: PapercutTicket;
  const attendee = Wallet.createRandom();
  const stranger = Wallet.createRandom();

  before(async function () {
    await mkdir(SHOTS, { recursive: true });
    node = await startLocalNode({ kind: "hardhat" });
    const organizer = await node.provider.getSigner(0);
    ticket = await new PapercutTicket__factory(organizer).deploy(
      "Charity Summit 2022",
      "PAPERCUT",
      50n,
      organizer.address,
      organizer.address,
      0n,
      "",
      "",
      1_893_456_000n, // event start: 2030-01-01 (tickets stay valid during the test)
      1_893_542_400n,
      0n, // TransferPolicy.Transferable
    );
    await ticket.waitForDeployment();
    const renderer = await deployRenderer(false, organizer);
    await (await ticket.setRenderer(await renderer.getAddress())).wait();
    for (const w of [attendee, stranger]) {
      await (await organizer.sendTransaction({ to: w.address, value: parseEther("1") })).wait();
    }
    const other = Wallet.createRandom().address;
    await (
      await ticket.getFunction("airdrop")(1n, sorted([attendee.address, attendee.address, other]))
    ).wait();

    const outDir = await buildTestSite({
      prefix: "papercut-web-",
      ticket: await ticket.getAddress(),
      rpcUrl: node.url,
    });
    site = await serveStatic({ root: outDir });
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
    await site?.close();
    await node?.stop();
  });

  async function openPage(file: string, wallet?: BaseWallet, refuse: string[] = []) {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await useLanguage(page, "en");
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    if (wallet) await installTestWallet(page, wallet, node.provider, { refuse });
    await page.goto(site.url + file);
    return { page, errors };
  }

  it("the event page shows the supply and the tickets issued, read from the chain", async function () {
    const { page, errors } = await openPage("index.html");
    await page.waitForSelector("#facts", { state: "attached" });
    expect(await page.textContent('[data-fact="cap"]')).to.equal("50");
    expect(await page.textContent('[data-fact="issued"]')).to.equal("3");
    await page.screenshot({ path: path.join(SHOTS, "event.png"), fullPage: true });
    expect(errors).to.deep.equal([]);
  });

  it("My tickets lists exactly the connected holder's tickets, with their art", async function () {
    const { page, errors } = await openPage("tickets.html", attendee);
    await page.click("#connect");
    await page.waitForSelector('#status[data-kind="ok"]');
    const ids = await page.$$eval("[data-token-id]", (nodes) =>
      nodes.map((n) => n.getAttribute("data-token-id")),
    );
    const expected: string[] = [];
    for (let id = 1n; id <= 3n; id++) {
      if ((await ticket.ownerOf(id)) === attendee.address) expected.push(id.toString());
    }
    expect(ids).to.deep.equal(expected);
    expect(expected).to.have.length(2);
    const srcs = await page.$$eval("[data-token-id] img", (imgs) =>
      imgs.map((i) => i.getAttribute("src") ?? ""),
    );
    expect(srcs.every((s) => s.startsWith("data:image/svg+xml;base64,"))).to.equal(true);
    // The art really rendered (an <img> that failed to decode has naturalWidth 0).
    const widths = await page.$$eval("[data-token-id] img", (imgs) =>
      imgs.map((i) => (i as HTMLImageElement).naturalWidth),
    );
    expect(widths.every((w) => w > 0)).to.equal(true);
    await page.click(`[data-token-id="${expected[0]}"]`);
    await page.waitForSelector("#detail:not([hidden])");
    await page.screenshot({ path: path.join(SHOTS, "my-tickets.png"), fullPage: true });
    expect(errors).to.deep.equal([]);
  });

  it("keeps its buttons disabled until the configuration is loaded, so an early click is not lost", async function () {
    for (const [file, controls] of [
      ["tickets.html", ["#connect"]],
      ["show.html", ["#connect", "#scan", "#photo", "#sign"]],
      ["gate.html", ["#open"]],
    ] as const) {
      const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
      await installTestWallet(page, attendee, node.provider);
      let release = () => {};
      const held = new Promise<void>((resolve) => (release = resolve));
      await page.route("**/config.json", async (route) => {
        await held;
        await route.continue();
      });
      await page.goto(site.url + file);
      for (const control of controls)
        expect(await page.isDisabled(control), `${file} ${control}`).to.equal(true);
      if (file === "tickets.html") {
        // Clicked while the configuration is still on its way: the click waits for the button, then works.
        const clicked = page.click("#connect");
        release();
        await clicked;
        await page.waitForSelector('#status[data-kind="ok"]');
      } else {
        release();
        for (const control of controls) await page.waitForSelector(`${control}:enabled`);
      }
      await page.close();
    }
  });

  it("says so when the wallet holds no ticket", async function () {
    const { page } = await openPage("tickets.html", stranger);
    await page.click("#connect");
    await page.waitForFunction(() => document.querySelector("#status")?.textContent?.includes("No ticket"));
    expect(await page.$$("[data-token-id]")).to.have.length(0);
  });

  it("explains a refused wallet connection instead of failing silently", async function () {
    const { page } = await openPage("tickets.html", attendee, ["eth_requestAccounts"]);
    await page.click("#connect");
    await page.waitForSelector('#status[data-kind="error"]');
    expect(await page.textContent("#status")).to.contain("declined");
  });

  it("neutralises hostile metadata (markup in the name, a script URL as image)", async function () {
    const organizer = await node.provider.getSigner(0);
    const hostile = await deployRenderer(true, organizer);
    await (await ticket.setRenderer(await hostile.getAddress())).wait();
    try {
      const { page, errors } = await openPage("tickets.html", attendee);
      let dialogs = 0;
      page.on("dialog", (d) => {
        dialogs++;
        void d.dismiss();
      });
      await page.click("#connect");
      await page.waitForSelector('#status[data-kind="ok"]');
      expect(await page.$$("[data-token-id] img")).to.have.length(0);
      expect(await page.textContent("[data-token-id] .name")).to.contain("<img src=x onerror=alert(1)>");
      expect(dialogs).to.equal(0);
      expect(errors).to.deep.equal([]);
    } finally {
      const good = await deployRenderer(false, organizer);
      await (await ticket.setRenderer(await good.getAddress())).wait();
    }
  });
});
