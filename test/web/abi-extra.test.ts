import { expect } from "chai";
import hre from "hardhat";
import { Interface } from "ethers";

import { DONATION_LEDGER_ABI, TICKET_EXTRA_ABI } from "../../web/src/abi-extra.js";

async function check(contract: string, fragments: readonly string[]) {
  const compiled = new Interface((await hre.artifacts.readArtifact(contract)).abi);
  const pages = new Interface(fragments);
  pages.forEachFunction((f) => {
    const match = compiled.getFunction(f.format("sighash"));
    expect(match, f.format("full")).to.not.equal(null);
    expect(match!.format("full")).to.equal(f.format("full"));
  });
  pages.forEachEvent((e) => {
    const match = compiled.getEvent(e.format("sighash"));
    expect(match, e.format("full")).to.not.equal(null);
    expect(match!.format("full")).to.equal(e.format("full"));
  });
}

describe("web ABI fragments of the event, My tickets and claim pages", function () {
  it("the ticket's life-cycle and issuance fragments match the compiled PapercutTicket", async function () {
    await check("PapercutTicket", TICKET_EXTRA_ABI);
  });

  it("the ledger fragments match the compiled DonationLedger (struct field names included)", async function () {
    await check("DonationLedger", DONATION_LEDGER_ABI);
  });
});
