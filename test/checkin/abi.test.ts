import { expect } from "chai";
import { Interface, type ErrorFragment, type EventFragment, type FunctionFragment } from "ethers";
import { artifacts } from "hardhat";

import { ticketLifecycleInterface } from "../../src/checkin/ticket-abi.js";

describe("src/checkin ticket ABI", function () {
  it("matches the compiled PapercutTicket: every function, event and error, with its outputs", async function () {
    const compiled = new Interface((await artifacts.readArtifact("PapercutTicket")).abi);
    for (const fragment of ticketLifecycleInterface.fragments) {
      const signature = fragment.format("sighash");
      if (fragment.type === "function") {
        const mine = fragment as FunctionFragment;
        const theirs = compiled.getFunction(signature);
        expect(theirs, signature).to.not.equal(null);
        expect(
          theirs!.outputs.map((o) => o.format("sighash")),
          signature,
        ).to.deep.equal(mine.outputs.map((o) => o.format("sighash")));
        expect(theirs!.stateMutability, signature).to.equal(mine.stateMutability);
      } else if (fragment.type === "event") {
        const theirs = compiled.getEvent(signature);
        expect(theirs, signature).to.not.equal(null);
        expect(
          theirs!.inputs.map((i) => i.indexed === true),
          signature,
        ).to.deep.equal((fragment as EventFragment).inputs.map((i) => i.indexed === true));
      } else if (fragment.type === "error") {
        expect(compiled.getError((fragment as ErrorFragment).format("sighash")), signature).to.not.equal(
          null,
        );
      }
    }
  });
});
