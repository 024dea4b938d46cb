import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { ClaimsInputError } from "../../src/claims/errors.js";
import { parseLinksCsv } from "../../src/claims/links-csv.js";
import { parseEmailList } from "../../src/claims/parse-email-list.js";
import { readCsv, readCsvFileInPieces } from "../../src/csv/read-csv.js";
import { AttendeeFileError } from "../../src/issuance/errors.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { runCli } from "../support/cli.js";
import { UNDER_COVERAGE } from "../support/coverage.js";

/**
 * One attendee file that both the airdrop (address column) and claim links (email column) can read: a quoted
 * name spans lines 2-3, so the record-count and the physical line differ after it; line 5 opens a quote it never
 * closes.
 */
const SAME_BAD_ROW = [
  "email,address,name",
  'ann@example.org,0x00000000000000000000000000000000000000a1,"Ann',
  'Lee"',
  "bo@example.org,0x00000000000000000000000000000000000000b2,Bo",
  'cy@example.org,0x00000000000000000000000000000000000000c3,"Cy',
  "",
].join("\n");

describe("one CSV reader, one line numbering (the physical line a record starts on; the header is line 1)", function () {
  it("numbers records by the line they start on, past blank lines, CRLF and a quoted cell spanning lines", function () {
    const { records, malformed } = readCsv('\uFEFFa,b\r\n\r\n1,"x\r\ny"\r\n  2 , z \r\n名,"多\r\n行"\r\n3,c');
    expect(records).to.deep.equal([
      { line: 1, cells: ["a", "b"] },
      { line: 3, cells: ["1", "x\r\ny"] },
      { line: 5, cells: ["2", "z"] },
      { line: 6, cells: ["名", "多\r\n行"] },
      { line: 8, cells: ["3", "c"] },
    ]);
    expect(malformed).to.deep.equal([]);
  });

  it("keeps reading after a malformed record and names its line", function () {
    const { records, malformed } = readCsv('a\nx"y\nok\n');
    expect(malformed.map((m) => m.line)).to.deep.equal([2]);
    expect(records.map((r) => r.line)).to.deep.equal([1, 3]);
  });

  it("the attendee list and the email list name the same line for the same bad row", function () {
    const attendees = (() => {
      try {
        parseAttendees({ content: SAME_BAD_ROW, file: "list.csv" });
      } catch (error) {
        return error;
      }
    })();
    expect(attendees).to.be.instanceOf(AttendeeFileError);
    expect((attendees as AttendeeFileError).issues.map((i) => [i.kind, i.line])).to.deep.equal([
      ["malformed-csv", 5],
    ]);
    expect(() => parseEmailList(SAME_BAD_ROW, "list.csv"))
      .to.throw(ClaimsInputError)
      .with.property("line", 5);
  });

  it("a links file's bad row is named by its physical line too", function () {
    const text = [
      "email,link,claim_address,batch,index,quantity,expires",
      '"multi',
      'line",https://x.example/claim,0x00000000000000000000000000000000000000a1,1,0,1,0',
      "b@example.org,https://x.example/claim,0x00000000000000000000000000000000000000b2,1,x,1,0",
    ].join("\n");
    expect(() => parseLinksCsv(text, "links.csv"))
      .to.throw(ClaimsInputError)
      .with.property("line", 4);
  });

  it("read in pieces, a file gives readCsv's records, lines and first malformed record, whatever the piece size", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "papercut-csv-"));
    const rows = Array.from({ length: 60 }, (_, i) =>
      i % 7 === 3 ? `名${i},"多\r\n行, ""引号"" ${i}"` : i % 11 === 5 ? "" : `  ${i} , 王五${i}@例子.中国 `,
    );
    const texts = {
      crlf: "\uFEFFa,b\r\n" + rows.join("\r\n") + "\r\n",
      lf: "a,b\n" + rows.join("\n"),
      // Lines ended by a lone CR (old Mac spreadsheets): pieces are cut at LF, so such a file reads in one piece.
      lone: "a,b\r" + rows.slice(0, 10).join("\r") + "\r",
      stray: "a,b\n" + rows.join("\n") + '\nx"y\nlater\n',
      unclosed: "a,b\n" + rows.join("\n") + '\n"open,\nmore\n',
    };
    for (const [name, text] of Object.entries(texts)) {
      const file = path.join(dir, `${name}.csv`);
      writeFileSync(file, text);
      const whole = readCsv(text);
      const firstMalformed = whole.malformed.slice(0, 1);
      for (const pieceBytes of name === "lone" ? [1 << 20] : [48, 61, 97, 256, 1 << 20]) {
        const pieces = [...readCsvFileInPieces(file, { pieceBytes })];
        const malformed = pieces.flatMap((p) => p.malformed).slice(0, 1);
        expect(malformed, `${name} / ${pieceBytes}`).to.deep.equal(firstMalformed);
        const records = pieces.flatMap((p) => p.records);
        if (firstMalformed.length === 0) {
          expect(records, `${name} / ${pieceBytes}`).to.deep.equal(whole.records);
          expect(pieces.reduce((n, p) => n + p.bytes, 0)).to.equal(Buffer.byteLength(text));
        } else {
          const before = whole.records.filter((r) => r.line < firstMalformed[0]!.line);
          expect(records.slice(0, before.length), `${name} / ${pieceBytes}`).to.deep.equal(before);
        }
        for (const p of pieces) expect(p.bytes).to.be.at.most(pieceBytes);
      }
    }
  });

  it("a record longer than a piece (or lines ended by lone CRs, longer than a piece) is reported, by its line", function () {
    const dir = mkdtempSync(path.join(tmpdir(), "papercut-csv-"));
    const file = path.join(dir, "long.csv");
    writeFileSync(file, `a,b\n1,2\n3,"${"x\n".repeat(100)}"\n4,5\n`);
    const malformed = [...readCsvFileInPieces(file, { pieceBytes: 64 })].flatMap((p) => p.malformed);
    expect(malformed).to.deep.equal([{ line: 3, code: "CSV_RECORD_TOO_LONG" }]);
    writeFileSync(file, "a,b\r" + "1,2\r".repeat(40));
    const lone = [...readCsvFileInPieces(file, { pieceBytes: 64 })].flatMap((p) => p.malformed);
    expect(lone).to.deep.equal([{ line: 1, code: "CSV_RECORD_TOO_LONG" }]);
  });

  (UNDER_COVERAGE ? it.skip : it)(
    "tickets airdrop --dry-run and tickets claims create name the same line (the real CLI)",
    async function () {
      this.timeout(120_000);
      const dir = mkdtempSync(path.join(tmpdir(), "papercut-csv-"));
      const file = path.join(dir, "attendees.csv");
      writeFileSync(file, SAME_BAD_ROW);
      const airdrop = await runCli([
        "tickets",
        "airdrop",
        "--dry-run",
        "--contract",
        "0x0000000000000000000000000000000000000001",
        "--attendees",
        file,
      ]);
      const claims = await runCli(["tickets", "claims", "create", "--emails", file, "--yes"]);
      for (const run of [airdrop, claims]) {
        expect(run.code, run.stderr).to.equal(1);
        expect(run.stderr).to.match(/\bline 5: malformed CSV \(CSV_QUOTE_NOT_CLOSED\)/);
        expect(run.stderr).not.to.include("    at ");
      }
    },
  );
});
