import { expect } from "chai";

import { loadEventConfig } from "../../src/event/load-event-config.js";
import { parseSiteConfig } from "../../src/web/site-config.js";
import { siteEventOf, timeZoneOfOffset } from "../../src/web/site-event.js";

const TICKET = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("the event as the pages show it (config.json's event)", function () {
  it("names the time zone of a whole-hour offset (Etc names count the other way), none for a half hour", function () {
    expect(timeZoneOfOffset("2022-05-20T09:00:00+08:00")).to.equal("Etc/GMT-8");
    expect(timeZoneOfOffset("2022-05-20T09:00:00-05:00")).to.equal("Etc/GMT+5");
    expect(timeZoneOfOffset("2022-05-20T09:00:00Z")).to.equal("UTC");
    expect(timeZoneOfOffset("2022-05-20T09:00:00+05:30")).to.equal(undefined);
    // The name really is that offset: 09:00 at +08:00 is 09:00 in Etc/GMT-8.
    const at = new Date("2022-05-20T09:00:00+08:00");
    expect(
      new Intl.DateTimeFormat("en-GB", { timeZone: "Etc/GMT-8", hour: "2-digit", minute: "2-digit" }).format(
        at,
      ),
    ).to.equal("09:00");
  });

  it("carries the sample event's names, dates, venue, help, accessibility and transfer policy through config.json", async function () {
    const event = siteEventOf(await loadEventConfig({ file: "metadata/event.json" }));
    expect(event.name.zh).to.equal("2022中国互联网公益峰会");
    expect(event.start).to.equal(Date.parse("2022-05-20T09:00:00+08:00") / 1000);
    expect(event.timeZone).to.equal("Etc/GMT-8");
    expect(event.transferPolicy).to.equal("locked-during-event");
    expect(event.accessibility?.zh).to.contain("手语");
    const config = parseSiteConfig(JSON.parse(JSON.stringify({ chainId: "1", ticket: TICKET, event })));
    expect(config.event).to.deep.equal(event);
  });

  it("drops a malformed event block rather than show half of it", function () {
    for (const bad of [
      { name: "x", start: 1, end: 2 },
      { name: { zh: "会", en: "Meet" }, start: "1", end: 2 },
    ]) {
      expect(parseSiteConfig({ chainId: "1", ticket: TICKET, event: bad }).event).to.equal(undefined);
    }
  });
});
