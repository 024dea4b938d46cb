import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { getAddress, isAddress } from "ethers";

import { buildClaimTree } from "../../src/claims/build-claim-tree.js";
import { ClaimLeafStore } from "../../src/claims/claim-leaf-store.js";
import { ClaimsInputError } from "../../src/claims/errors.js";
import type { ClaimBatchRow } from "../../src/claims/generate-claim-batch.js";
import {
  formatLinksCsv,
  parseLinksCsv,
  readLinksCsvInPieces,
  writeLinksCsv,
} from "../../src/claims/links-csv.js";
import { READ_PIECE_BYTES } from "../../src/journal/append-only-file.js";
import { planClaimBatch } from "../../src/claims/generate-claim-batch.js";
import { seededRandom } from "../support/claims-fixture.js";

const CONTRACT = getAddress("0x5fbdb2315678afecb367f032d93f642f64180aa3");
const URL_TEMPLATE = "https://tickets.example.org/claim";

/** A mixed-case (checksummed) address with letters in it. */
function base0(): string {
  return getAddress("0x8ba1f109551bd432803012645ac136ddd64dba72");
}

/** Multi-byte emails (2-, 3- and 4-byte UTF-8), a few needing quotes, one spanning lines. */
function emailOf(i: number): string {
  if (i % 97 === 13) return `"多行\r\n地址" ${i}@例子.中国`;
  if (i % 31 === 7) return `王, 五 ${i}@例子.中国`;
  if (i % 5 === 1) return `ünïcødé${i}@exämple.org`;
  if (i % 5 === 2) return `🎫${i}@票.example`;
  return `张伟${i}@例子.中国`;
}

function planOf(count: number, seed: string) {
  return planClaimBatch({
    count,
    batchId: 4n,
    chainId: 31337n,
    contract: CONTRACT,
    urlTemplate: URL_TEMPLATE,
    emails: Array.from({ length: count }, (_, i) => emailOf(i)),
    randomBytes: seededRandom(seed),
  });
}

function readAll(file: string, pieceBytes?: number) {
  const pieces = [...readLinksCsvInPieces({ file, pieceBytes })];
  return { rows: pieces.flatMap((p) => p.rows), pieces };
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("links files read in pieces (claims status --links, revoke --email, create --resume)", function () {
  let dir: string;
  before(async function () {
    dir = await mkdtemp(path.join(tmpdir(), "papercut-links-pieces-"));
  });
  after(async function () {
    await rm(dir, { recursive: true, force: true });
  });

  it("gives the whole-file parse's rows and tree when rows and multi-byte emails cross piece boundaries", async function () {
    const plan = planOf(300, "pieces");
    const rows = Array.from({ length: plan.linkCount }, (_, i) => plan.row(i));
    const text = formatLinksCsv(rows);
    const variants = { crlf: text, bomLf: "\uFEFF" + text.replace(/\r\n/g, "\n") };
    for (const [name, content] of Object.entries(variants)) {
      const file = path.join(dir, `${name}.csv`);
      await writeFile(file, content);
      const bytes = await readFile(file);
      const whole = parseLinksCsv(content, file);
      // (Re-saved with LF, the line break inside the quoted email is an LF too.)
      if (name === "crlf") expect(whole).to.deep.equal(rows);
      expect(whole.map((r) => r.url)).to.deep.equal(rows.map((r) => r.url));
      // The first piece of these sizes ends inside a multi-byte character (a UTF-8 continuation byte follows).
      const inside = [2000, 5000, 9000].map((from) => {
        let at = from;
        while ((bytes[at]! & 0xc0) !== 0x80) at++;
        return at;
      });
      for (const pieceBytes of [...inside, 4096, 7919]) {
        const { rows: read, pieces } = readAll(file, pieceBytes);
        expect(read, `${name} / ${pieceBytes}`).to.deep.equal(whole);
        expect(pieces.length).to.be.at.least(bytes.length / pieceBytes);
      }
      // The tree create --resume builds from the leaves held as bytes is the one of the rows.
      const store = new ClaimLeafStore();
      for (const { rows: piece } of readLinksCsvInPieces({ file, pieceBytes: 2039 })) {
        for (const r of piece) store.push(r);
      }
      expect(buildClaimTree({ batchId: 4n, leaves: store })).to.deep.include({
        root: plan.root,
        tickets: plan.tickets,
      });
    }
  });

  it("reports a bad row deep in a 20,000-row file by its line, field and value, as the whole-file parse does", async function () {
    this.timeout(60_000);
    const base = planOf(50, "deep");
    const row = (i: number): ClaimBatchRow => {
      const r = { ...base.row(i % 50), index: BigInt(i), email: emailOf(i) };
      return i === 17_321 ? { ...r, claimAddress: "0x12345" } : r;
    };
    const file = path.join(dir, "deep.csv");
    await writeLinksCsv({ file, count: 20_000, row });
    const text = await readFile(file, "utf8");
    const expected = thrown(() => parseLinksCsv(text, file));
    // Row i is on line i + 2, plus one for each earlier email that spans two lines.
    const spanning = Array.from({ length: 17_321 }, (_, i) => emailOf(i)).filter((e) => e.includes("\n"));
    const line = 17_321 + 2 + spanning.length;
    for (const pieceBytes of [64 << 10, undefined]) {
      const error = thrown(() => readAll(file, pieceBytes));
      expect(error).to.be.instanceOf(ClaimsInputError);
      expect(error).to.deep.include({ file, line, value: "0x12345" });
      expect((error as ClaimsInputError).shortMessage).to.equal(
        `${file} line ${line}: claim_address is not an address`,
      );
      expect((error as Error).message).to.equal((expected as Error).message);
    }
    // Nothing after the bad row's piece is handed over, and a malformed record further on is reported first,
    // as when the whole text is parsed.
    await writeFile(file, text + 'x"y,1\r\n');
    const both = thrown(() => readAll(file, 64 << 10));
    expect((both as Error).message).to.equal(
      (thrown(() => parseLinksCsv(text + 'x"y,1\r\n', file)) as Error).message,
    );
    expect(both).to.deep.include({ line: text.split("\n").length });
  });

  it("accepts and checksums claim addresses exactly as ethers' isAddress and getAddress do", function () {
    const good = base0();
    const cells = [
      good.toLowerCase(),
      "0x" + good.slice(2).toUpperCase(),
      good,
      good.slice(2),
      good.slice(0, 5) +
        (good[5] === good[5]!.toUpperCase() ? good[5].toLowerCase() : good[5]!.toUpperCase()) +
        good.slice(6),
      "0X" + good.slice(2),
      "XE7338O073KYGTWWZN0F2WZ0R8PX5ZPPZS",
      "0x123",
    ];
    for (const cell of cells) {
      const text = `email,link,claim_address,batch,index,quantity\r\na@example.org,https://x.example/c,${cell},1,0,1\r\n`;
      let ours: string | undefined;
      try {
        ours = parseLinksCsv(text, "links.csv")[0]!.claimAddress;
      } catch (error) {
        expect(error, cell).to.be.instanceOf(ClaimsInputError);
      }
      expect(ours, cell).to.equal(isAddress(cell) ? getAddress(cell) : undefined);
    }
  });

  it("holds one piece at a time: no piece covers more than the piece size, and a large file takes many", async function () {
    this.timeout(60_000);
    const base = planOf(40, "bound");
    const file = path.join(dir, "bound.csv");
    const count = 3000;
    const size = await writeLinksCsv({
      file,
      count,
      row: (i) => ({ ...base.row(i % 40), index: BigInt(i), email: emailOf(i) }),
    });
    const pieceBytes = 16 << 10;
    expect(size).to.be.greaterThan(50 * pieceBytes);
    let rows = 0;
    let pieces = 0;
    let covered = 0;
    for (const piece of readLinksCsvInPieces({ file, pieceBytes })) {
      expect(piece.bytes).to.be.at.most(pieceBytes);
      expect(piece.bytes).to.be.greaterThan(0);
      pieces += 1;
      rows += piece.rows.length;
      covered += piece.bytes;
    }
    expect(rows).to.equal(count);
    expect(covered).to.equal(size);
    expect(pieces).to.be.at.least(Math.ceil(size / pieceBytes));
    // A million links (about 1 GB) are read 8 MiB at a time.
    expect(READ_PIECE_BYTES).to.equal(8 << 20);
  });

  it("a links file that cannot be read is one line naming it, before anything is read", function () {
    const missing = path.join(dir, "missing.csv");
    expect(() => [...readLinksCsvInPieces({ file: missing })])
      .to.throw(ClaimsInputError)
      .with.property("shortMessage", `${missing}: cannot read (ENOENT)`);
    expect(() => [...readLinksCsvInPieces({ file: dir })])
      .to.throw(ClaimsInputError)
      .with.property("shortMessage", `${dir}: not a file`);
  });
});
