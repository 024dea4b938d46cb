import { expect } from "chai";
import type { Browser } from "playwright-core";

import { serveStatic } from "../../src/web/serve.js";
import { buildTestSite, launchChromium } from "../support/browser.js";
import { findChromium } from "../support/chromium.js";
import { describeFull } from "../support/full.js";

/**
 * The door pages keep an offline copy (web/static/sw.js, web/src/offline.ts): once a gate or a holder has opened
 * the page, it opens again with the site's server gone, scripts and all. Checked in Chromium against the real
 * static server, which is shut down for the second visit.
 */
describeFull("door pages offline (service worker), in Chromium", function () {
  let browser: Browser | undefined;
  let outDir = "";

  before(async function () {
    findChromium(); // no browser: say so before building the site
    // No chain behind it (port 9, discard): the test is about the pages coming back, not what they read.
    outDir = await buildTestSite({
      prefix: "papercut-offline-",
      ticket: "0x5FbDB2315678afecb367f032d93F642f64180aa3",
      rpcUrl: "http://127.0.0.1:9",
    });
    browser = await launchChromium();
  });

  after(async function () {
    await browser?.close();
  });

  for (const [file, heading] of [
    ["gate.html", "#gate-title"],
    ["show.html", "h1"],
  ] as const) {
    it(`${file} opens again, working, after the site's server is gone`, async function () {
      const site = await serveStatic({ root: outDir });
      const context = await browser!.newContext();
      const stranger = await browser!.newContext();
      try {
        const first = await context.newPage();
        const warnings: string[] = [];
        first.on("console", (m) => warnings.push(m.text()));
        await first.goto(site.url + file);
        await first
          .waitForFunction(() => document.documentElement.dataset.offlineReady === "true", undefined, {
            timeout: 20_000,
          })
          .catch((error: Error) => {
            throw new Error(`${error.message}\nconsole: ${warnings.join("\n")}`);
          });
        const title = await first.textContent(heading);
        await first.close();
        await site.close();

        // A browser that never opened the page cannot: the server really is gone.
        const fresh = await stranger.newPage();
        const failed = await fresh.goto(site.url + file).then(
          () => false,
          () => true,
        );
        expect(failed, "the server still answers").to.equal(true);

        // The browser that opened it gets the kept copy, and its scripts run (they mark the page again).
        const again = await context.newPage();
        const errors: string[] = [];
        again.on("pageerror", (e) => errors.push(e.message));
        await again.goto(site.url + file);
        expect(await again.textContent(heading)).to.equal(title);
        await again
          .waitForSelector("html[data-offline-ready='true']", { timeout: 20_000 })
          .catch(() => undefined);
        // Only the page's script sets this: it ran, from the kept copy.
        await again.waitForFunction(
          () => document.documentElement.dataset.offlineReady === "true",
          undefined,
          {
            timeout: 20_000,
          },
        );
        const configLoaded = await again.evaluate(async () => (await fetch("config.json")).ok);
        expect(configLoaded, "config.json from the kept copy").to.equal(true);
        expect(errors).to.deep.equal([]);
      } finally {
        await context.close();
        await stranger.close();
        await site.close().catch(() => undefined);
      }
    });
  }
});
