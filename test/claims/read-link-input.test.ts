import { Readable } from "node:stream";

import { expect } from "chai";

import { ClaimsInputError } from "../../src/claims/errors.js";
import { CLAIM_LINK_ENV, readLinkInput } from "../../src/claims/read-link-input.js";

describe("readLinkInput: a claim link's secret never goes on the command line", function () {
  const link = "https://tickets.example.org/claim#v=1&k=secret";

  it("reads the environment variable first", async function () {
    const stdin = Readable.from(["ignored\n"]);
    expect(await readLinkInput({ env: { [CLAIM_LINK_ENV]: ` ${link} ` }, stdin })).to.deep.equal({
      link,
      source: "env",
    });
  });

  it("else the first non-empty line of piped standard input", async function () {
    const stdin = Readable.from([Buffer.from(`\r\n  ${link}\r\nmore\n`)]);
    expect(await readLinkInput({ env: {}, stdin })).to.deep.equal({ link, source: "stdin" });
  });

  it("refuses with a named error when neither gives a link", async function () {
    let caught: unknown;
    try {
      await readLinkInput({ env: { [CLAIM_LINK_ENV]: "  " }, stdin: Readable.from([]) });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(ClaimsInputError);
  });
});
