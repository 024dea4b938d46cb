import { expect } from "chai";

import { CHROMIUM_LOCATIONS, ChromiumNotFoundError, findChromium } from "../support/chromium.js";

const PLAYWRIGHT = "/home/dev/.cache/ms-playwright/chromium-1/chrome-linux64/chrome";

/** A file system holding only `files`. */
function only(...files: string[]): (file: string) => boolean {
  return (file) => files.includes(file);
}

describe("findChromium (the browser tests' Chromium)", function () {
  const playwrightPath = () => PLAYWRIGHT;

  it("takes CHROME_PATH first", function () {
    const exists = only("/opt/chrome", PLAYWRIGHT, "/usr/bin/chromium");
    expect(findChromium({ env: { CHROME_PATH: "/opt/chrome" }, exists, playwrightPath })).to.equal(
      "/opt/chrome",
    );
  });

  it("refuses a CHROME_PATH that names no file rather than silently taking another browser", function () {
    const exists = only("/usr/bin/chromium");
    expect(() => findChromium({ env: { CHROME_PATH: "/opt/none" }, exists, playwrightPath }))
      .to.throw(ChromiumNotFoundError)
      .with.property("tried")
      .that.deep.equals(["/opt/none"]);
  });

  it("then playwright-core's installed browser, then the usual locations in order", function () {
    expect(findChromium({ env: {}, exists: only(PLAYWRIGHT, "/usr/bin/chromium"), playwrightPath })).to.equal(
      PLAYWRIGHT,
    );
    for (const location of CHROMIUM_LOCATIONS) {
      expect(findChromium({ env: {}, exists: only(location), playwrightPath })).to.equal(location);
    }
    const macChrome = "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome";
    expect(
      findChromium({ env: {}, exists: only(macChrome, "/usr/bin/google-chrome"), playwrightPath }),
    ).to.equal("/usr/bin/google-chrome");
  });

  it("fails once, listing every place it looked, when there is no browser", function () {
    expect(() => findChromium({ env: { CHROME_PATH: "" }, exists: only(), playwrightPath }))
      .to.throw(ChromiumNotFoundError)
      .with.property("tried")
      .that.deep.equals([PLAYWRIGHT, ...CHROMIUM_LOCATIONS]);
  });
});
