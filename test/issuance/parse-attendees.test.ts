import { readFileSync } from "node:fs";
import path from "node:path";

import { expect } from "chai";

import { AttendeeFileError } from "../../src/issuance/errors.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { REPO_ROOT } from "../support/processes.js";

const FIXTURES = path.join(REPO_ROOT, "test/fixtures/attendees");

interface CorpusCase {
  file: string;
  strict: boolean;
  issues: { kind: string; line: number }[];
  what: string;
}

const corpus = (
  JSON.parse(readFileSync(path.join(FIXTURES, "corpus.json"), "utf8")) as { corpus: CorpusCase[] }
).corpus;

const A1 = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
const A2 = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
const A3 = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";
const A4 = "0x15d34aaf54267db7d7c367839aaf71a00a2c6a65";

describe("parseAttendees", function () {
  describe("the bad-CSV corpus", function () {
    for (const c of corpus) {
      it(`${c.file}: ${c.what}`, function () {
        const content = readFileSync(path.join(FIXTURES, c.file));
        let caught: unknown;
        try {
          parseAttendees({ content, file: c.file, strict: c.strict });
        } catch (error) {
          caught = error;
        }
        expect(caught).to.be.instanceOf(AttendeeFileError);
        const issues = (caught as AttendeeFileError).issues.map((i) => ({ kind: i.kind, line: i.line }));
        expect(issues).to.deep.equal(c.issues);
      });
    }
  });

  it("accepts a BOM, CRLF, blank lines, spaces, any header case, and carries other columns through", function () {
    const list = parseAttendees({
      content: readFileSync(path.join(FIXTURES, "ok-bom-crlf.csv")),
      file: "ok.csv",
    });
    expect(list.columns).to.deep.equal(["Address", "Quantity", "name", "email"]);
    expect(list.rows.map((r) => [r.line, r.address, r.quantity])).to.deep.equal([
      [3, A1, 2],
      [4, A2, 1],
      [6, A3, 1],
      [7, A1, 1],
      [8, A4, 3],
    ]);
    expect(list.rows[2]!.fields).to.deep.equal({ name: "Cy, Jr.", email: "cy@example.org" });
    expect(list.totalTickets).to.equal(8);
    // merged duplicate, with a warning naming both lines
    expect(list.warnings.map((w) => [w.kind, w.line, w.firstLine])).to.deep.equal([
      ["duplicate-address", 7, 3],
    ]);
    expect(list.recipients.map((r) => [r.address, r.quantity, r.rows])).to.deep.equal(
      [
        [A4, 3, [4]],
        [A3, 1, [2]],
        [A2, 1, [1]],
        [A1, 3, [0, 3]],
      ].sort((a, b) => ((a[0] as string) < (b[0] as string) ? -1 : 1)),
    );
  });

  it("rejects the ticket contract's own address", function () {
    expect(() =>
      parseAttendees({
        content: `address\n${A1}\n${A2}\n`,
        file: "x.csv",
        forbidden: [A2.toUpperCase().replace("0X", "0x")],
      }),
    )
      .to.throw(AttendeeFileError)
      .with.property("issues")
      .that.deep.equals([
        {
          kind: "contract-address",
          line: 3,
          value: A2,
          message: `address ${A2} is the ticket contract itself`,
        },
      ]);
  });

  it("hashes the file's bytes, so any edit gives another journal", function () {
    const a = parseAttendees({ content: `address\n${A1}\n`, file: "a.csv" });
    const b = parseAttendees({ content: `address\n${A1}\r\n`, file: "a.csv" });
    expect(a.fileHash).to.match(/^[0-9a-f]{64}$/);
    expect(a.fileHash).to.not.equal(b.fileHash);
  });

  it("lists every problem of a large file at once", function () {
    const lines = ["address,quantity"];
    for (let i = 0; i < 1000; i++) lines.push(i % 100 === 0 ? "0xnot-an-address,1" : `${A1},0`);
    try {
      parseAttendees({ content: lines.join("\n"), file: "big.csv" });
      expect.fail("should have thrown");
    } catch (error) {
      expect(error).to.be.instanceOf(AttendeeFileError);
      const issues = (error as AttendeeFileError).issues;
      expect(issues).to.have.length(1000);
      expect(issues.filter((i) => i.kind === "invalid-address")).to.have.length(10);
    }
  });
});
