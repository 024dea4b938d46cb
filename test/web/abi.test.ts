import { expect } from "chai";
import hre from "hardhat";
import { Interface } from "ethers";

import { TICKET_ABI } from "../../web/src/abi.js";

describe("web ABI fragments", function () {
  it("every fragment the pages use exists, with the same signature, in the compiled ticket contract", async function () {
    const compiled = new Interface((await hre.artifacts.readArtifact("PapercutTicket")).abi);
    const pages = new Interface(TICKET_ABI);
    pages.forEachFunction((f) => {
      const match = compiled.getFunction(f.format("sighash"));
      expect(match, f.format("full")).to.not.equal(null);
      expect(match!.format("full")).to.equal(f.format("full"));
    });
    pages.forEachEvent((e) => {
      expect(compiled.getEvent(e.format("sighash")), e.format("full")).to.not.equal(null);
    });
  });
});
