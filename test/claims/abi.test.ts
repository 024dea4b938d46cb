import { expect } from "chai";
import { Interface } from "ethers";
import { artifacts } from "hardhat";

import { TICKET_CLAIMS_ABI } from "../../src/claims/abi.js";

describe("TICKET_CLAIMS_ABI (what the page and the tools use)", function () {
  it("matches the compiled TicketClaims: every function, event and error it names exists with that signature", async function () {
    const compiled = new Interface((await artifacts.readArtifact("TicketClaims")).abi);
    const ticket = new Interface((await artifacts.readArtifact("PapercutTicket")).abi);
    const ours = new Interface(TICKET_CLAIMS_ABI);
    ours.forEachFunction((f) => {
      const theirs = compiled.getFunction(f.selector);
      expect(theirs?.format("minimal"), f.format()).to.equal(f.format("minimal"));
    });
    ours.forEachEvent((e) =>
      expect(compiled.getEvent(e.topicHash)?.format("minimal"), e.format()).to.equal(e.format("minimal")),
    );
    ours.forEachError((e) => {
      const theirs = compiled.getError(e.selector) ?? ticket.getError(e.selector);
      expect(theirs?.format("minimal"), e.format()).to.equal(e.format("minimal"));
    });
  });

  it("names every custom error ITicketClaims declares, so reverts are decoded by name", async function () {
    const compiled = new Interface((await artifacts.readArtifact("TicketClaims")).abi);
    const ours = new Interface(TICKET_CLAIMS_ABI);
    let count = 0;
    compiled.forEachError((e) => {
      if (!e.name.startsWith("Claim")) return; // OpenZeppelin's own (roles, short strings) are not the page's concern
      expect(ours.getError(e.selector), e.format()).not.to.equal(null);
      ++count;
    });
    expect(count).to.equal(15);
  });
});
