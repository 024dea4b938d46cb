import { expect } from "chai";

import { InvalidSiteConfigError, parseSiteConfig } from "../../src/web/site-config.js";

const TICKET = "0x5FbDB2315678afecb367f032d93F642f64180aa3";

describe("parseSiteConfig (the pages' config.json)", function () {
  it("fills in what config.json leaves out", function () {
    expect(parseSiteConfig({ chainId: "31337", ticket: TICKET })).to.deep.equal({
      chainId: "31337",
      networkName: "chain 31337",
      ticket: TICKET,
      rpcUrl: undefined,
      fromBlock: 0,
      claims: undefined,
      relayerUrl: undefined,
      event: undefined,
    });
  });

  it("keeps well-formed optional values and drops malformed ones", function () {
    const config = parseSiteConfig({
      chainId: "1",
      networkName: "mainnet",
      ticket: TICKET,
      rpcUrl: "https://rpc.example",
      fromBlock: 7,
      claims: TICKET,
      relayerUrl: "https://relay.example",
    });
    expect(config).to.include({ networkName: "mainnet", fromBlock: 7, claims: TICKET });
    expect(config.relayerUrl).to.equal("https://relay.example");
    const dropped = parseSiteConfig({ chainId: "1", ticket: TICKET, claims: "0x12", relayerUrl: "ftp://x" });
    expect(dropped.claims).to.equal(undefined);
    expect(dropped.relayerUrl).to.equal(undefined);
  });

  it("refuses a missing or malformed ticket address or chain id", function () {
    for (const [raw, key] of [
      [{ chainId: "1" }, "ticket"],
      [{ chainId: "1", ticket: "0x12" }, "ticket"],
      [{ chainId: 1, ticket: TICKET }, "chainId"],
      [{ chainId: "0x1", ticket: TICKET }, "chainId"],
      [null, "ticket"],
    ] as const) {
      expect(() => parseSiteConfig(raw))
        .to.throw(InvalidSiteConfigError)
        .with.property("key", key);
    }
  });
});
