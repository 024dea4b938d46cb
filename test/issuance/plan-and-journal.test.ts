import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { JournalLockedError, JournalMismatchError } from "../../src/issuance/errors.js";
import {
  archiveJournal,
  journalPath,
  openFileJournal,
  readJournal,
  type JournalEntry,
} from "../../src/issuance/journal.js";
import { planIssuance } from "../../src/issuance/plan-issuance.js";
import { probeRecipients, sizeBatches } from "../../src/issuance/size-batches.js";
import { buildReport } from "../../src/issuance/build-report.js";
import { parseAttendees } from "../../src/issuance/parse-attendees.js";
import { writeReport } from "../../src/issuance/write-report.js";
import { spawnGroup } from "../support/processes.js";

const addr = (n: number) => "0x" + n.toString(16).padStart(40, "0");

describe("planIssuance", function () {
  const recipients = [
    { address: addr(0x30), quantity: 2, rows: [0] },
    { address: addr(0x10), quantity: 1, rows: [1] },
    { address: addr(0x20), quantity: 3, rows: [2] },
  ];

  it("orders tickets by address over the whole list (each batch sorted, duplicates adjacent) from the start ID", function () {
    const plan = planIssuance({ recipients, startId: 11n, batchSize: 4 });
    expect(plan.totalTickets).to.equal(6);
    expect(plan.batches.map((b) => [b.index, b.firstTokenId, b.recipients])).to.deep.equal([
      [0, 11n, [addr(0x10), addr(0x20), addr(0x20)]],
      [1, 14n, [addr(0x20), addr(0x30), addr(0x30)]],
    ]);
  });

  it("spreads the tickets evenly over the fewest batches the size allows", function () {
    const many = Array.from({ length: 5000 }, (_, i) => ({ address: addr(i + 1), quantity: 1, rows: [i] }));
    const sizes = (batchSize: number) =>
      planIssuance({ recipients: many, startId: 1n, batchSize }).batches.map((b) => b.recipients.length);
    expect(sizes(1228)).to.deep.equal([1000, 1000, 1000, 1000, 1000]);
    expect(sizes(1200)).to.deep.equal([1000, 1000, 1000, 1000, 1000]);
    expect(sizes(999)).to.deep.equal([834, 834, 833, 833, 833, 833]);
    expect(sizes(5000)).to.deep.equal([5000]);
  });

  it("rebuilds the same plan from the journaled counts, and the hash changes with anything", function () {
    const a = planIssuance({ recipients, startId: 1n, batchSize: 4 });
    const b = planIssuance({ recipients: [...recipients].reverse(), startId: 1n, counts: [3, 3] });
    expect(b.planHash).to.equal(a.planHash);
    expect(planIssuance({ recipients, startId: 2n, counts: [3, 3] }).planHash).to.not.equal(a.planHash);
    expect(planIssuance({ recipients, startId: 1n, counts: [4, 2] }).planHash).to.not.equal(a.planHash);
    expect(() => planIssuance({ recipients, startId: 1n, counts: [4, 1] })).to.throw(RangeError);
  });
});

describe("sizeBatches", function () {
  const linear =
    (base: number, per: number, limit = Infinity) =>
    (r: string[]) =>
      r.length > limit
        ? Promise.reject(new Error("execution reverted: too many"))
        : Promise.resolve(BigInt(base + per * r.length));

  it("fits storage-style mints (~48k gas each) under 75% of the 16,777,216 cap", async function () {
    const s = await sizeBatches({
      estimateGas: linear(40_000, 47_620),
      totalTickets: 5000,
      blockGasLimit: 60_000_000n,
    });
    expect(s.batchSize).to.equal(263);
    expect(s.batchGas <= (16_777_216n * 75n) / 100n).to.equal(true);
  });

  it("respects a smaller block gas limit, the operator's maximum and the list size", async function () {
    expect(
      (
        await sizeBatches({
          estimateGas: linear(40_000, 47_620),
          totalTickets: 5000,
          blockGasLimit: 8_000_000n,
        })
      ).batchSize,
    ).to.equal(125);
    expect(
      (
        await sizeBatches({
          estimateGas: linear(40_000, 47_620),
          totalTickets: 5000,
          blockGasLimit: 60_000_000n,
          maxBatchSize: 50,
        })
      ).batchSize,
    ).to.equal(50);
    expect(
      (
        await sizeBatches({
          estimateGas: linear(40_000, 47_620),
          totalTickets: 7,
          blockGasLimit: 60_000_000n,
        })
      ).batchSize,
    ).to.equal(7);
  });

  it("finds a contract's own size limit by bisection when larger estimates revert (the compact roster's 1,228)", async function () {
    const s = await sizeBatches({
      estimateGas: linear(60_000, 4_400, 1228),
      totalTickets: 5000,
      blockGasLimit: 60_000_000n,
    });
    expect(s.batchSize).to.be.within(1100, 1228);
    expect(s.probes).to.be.at.most(16);
  });

  it("keeps looking past a cheaper scheme for large batches (storage mints below 256 tickets, a roster above)", async function () {
    // PapercutTicket as measured by `npm run bench:roster-threshold` (bench/results/roster-threshold.json): storage
    // mints below ROSTER_MIN_BATCH = 256 at ~49,243 gas per ticket, a roster from 256 on at ~6,478.
    const stepped = (r: string[]) =>
      r.length > 1228
        ? Promise.reject(new Error("execution reverted: ERC721RosterInvalidSize"))
        : Promise.resolve(BigInt(r.length < 256 ? 36_747 + 49_243 * r.length : 72_054 + 6_478 * r.length));
    for (const blockGasLimit of [60_000_000n, 30_000_000n]) {
      const s = await sizeBatches({ estimateGas: stepped, totalTickets: 5000, blockGasLimit });
      expect(s.batchSize).to.be.within(1150, 1228);
      expect(s.probes).to.be.at.most(20);
      expect(Number(s.gasPerTicket)).to.be.within(6_000, 7_000);
    }
    // A contract without a cheaper scheme costs one extra probe, and keeps its size.
    const plain = (r: string[]) => Promise.resolve(BigInt(45_000 + 47_620 * r.length));
    expect(
      (await sizeBatches({ estimateGas: plain, totalTickets: 5000, blockGasLimit: 30_000_000n })).batchSize,
    ).to.equal(263);
  });

  it("surfaces the real reason when even one ticket cannot be issued", async function () {
    const err = new Error("AccessControlUnauthorizedAccount");
    const caught = await sizeBatches({
      estimateGas: () => Promise.reject(err),
      totalTickets: 10,
      blockGasLimit: 60_000_000n,
    }).catch((e: unknown) => e);
    expect(caught).to.equal(err);
  });

  it("probes with distinct sorted addresses", function () {
    const p = probeRecipients(100);
    expect(new Set(p).size).to.equal(100);
    expect([...p].sort()).to.deep.equal(p);
  });
});

describe("journal", function () {
  const dir = mkdtempSync(path.join(tmpdir(), "papercut-journal-"));
  const at = "2026-01-01T00:00:00.000Z";

  it("lives under <state>/journal/chain-<id>/<contract>/<file hash>.jsonl", function () {
    expect(
      journalPath({ stateDir: ".papercut", chainId: 31337n, contract: "0xAbC", fileHash: "f".repeat(64) }),
    ).to.equal(path.join(".papercut", "journal", "chain-31337", "0xabc", `${"f".repeat(64)}.jsonl`));
  });

  it("appends JSON lines, reloads them, and refuses a second live process", function () {
    const file = path.join(dir, "a.jsonl");
    const j = openFileJournal(file);
    j.append({ t: "done", at });
    expect(() => openFileJournal(file)).to.throw(JournalLockedError);
    j.close();
    const again = openFileJournal(file);
    expect(again.entries()).to.deep.equal([{ t: "done", at }]);
    again.close();
    expect(readFileSync(file, "utf8")).to.equal(`{"t":"done","at":"${at}"}\n`);
  });

  it("takes over the lock of a process that died", async function () {
    const file = path.join(dir, "b.jsonl");
    const child = spawnGroup(process.execPath, ["-e", "setTimeout(() => {}, 60000)"]);
    await new Promise((r) => child.once("spawn", r));
    writeFileSync(
      `${file}.lock`,
      JSON.stringify({ pid: child.pid, host: (await import("node:os")).hostname() }),
    );
    expect(() => openFileJournal(file)).to.throw(JournalLockedError);
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const j = openFileJournal(file);
    j.close();
  });

  it("never takes over another host's lock (it cannot see whether that airdrop still runs)", function () {
    const file = path.join(dir, "foreign.jsonl");
    writeFileSync(`${file}.lock`, JSON.stringify({ pid: 4242, host: "another-host.example", at: at }));
    let caught: unknown;
    try {
      openFileJournal(file);
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(JournalLockedError);
    expect((caught as JournalLockedError).pid).to.equal(4242);
    expect(readFileSync(`${file}.lock`, "utf8")).to.contain("another-host.example");
  });

  it("drops a torn last line (the entry never completed, so nothing after it happened)", function () {
    const file = path.join(dir, "c.jsonl");
    writeFileSync(file, `{"t":"done","at":"${at}"}\n{"t":"attempt","at":"`);
    const j = openFileJournal(file);
    expect(j.entries()).to.have.length(1);
    j.append({ t: "done", at });
    j.close();
    expect(readJournal(file)).to.have.length(2);
  });

  it("refuses a journal damaged in the middle", function () {
    const file = path.join(dir, "d.jsonl");
    writeFileSync(file, `{"t":"done","at":"${at}"}\nnot json\n{"t":"done","at":"${at}"}\n`);
    expect(() => openFileJournal(file)).to.throw(JournalMismatchError);
  });

  it("archives a stale journal aside", function () {
    const file = path.join(dir, "e.jsonl");
    appendFileSync(file, "");
    const moved = archiveJournal(file);
    expect(moved).to.match(/e\.stale-.*\.jsonl$/);
    expect(readJournal(file)).to.deep.equal([] as JournalEntry[]);
  });
});

describe("report", function () {
  it("maps rows to the token IDs the chain shows, merged duplicates in file order, and defuses formula cells", function () {
    const A = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";
    const B = "0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC";
    const list = parseAttendees({
      content: `address,quantity,name\n${A},2,=cmd()\n${B},1,"Bo, b"\n${A.toLowerCase()},1,Ann\n`,
      file: "r.csv",
    });
    const a = A.toLowerCase();
    const b = B.toLowerCase();
    const applied = [
      {
        index: 0,
        firstTokenId: 5n,
        count: 4,
        hash: "0xh1",
        blockNumber: 9,
        blockHash: "0xb",
        gasUsed: 1n,
        effectiveGasPrice: 1n,
        owners: [b, a, a, a],
      },
    ];
    const report = buildReport({ attendees: list, applied });
    expect(report.complete).to.equal(true);
    expect(report.rows.map((r) => [r.line, r.tokenIds])).to.deep.equal([
      [2, [6n, 7n]],
      [3, [5n]],
      [4, [8n]],
    ]);
    const dir = mkdtempSync(path.join(tmpdir(), "papercut-report-"));
    const files = writeReport({
      basePath: path.join(dir, "r"),
      rows: report.rows,
      extraColumns: ["name"],
      summary: { x: 1n },
    });
    const csv = readFileSync(files.csv, "utf8").split("\r\n");
    expect(csv[0]).to.equal("line,address,quantity,token_ids,tx_hashes,blocks,issued_before,name");
    expect(csv[1]).to.equal(`2,${A},2,6 7,0xh1,9,0,'=cmd()`);
    expect(csv[2]).to.equal(`3,${B},1,5,0xh1,9,0,"Bo, b"`);
    const json = JSON.parse(readFileSync(files.json, "utf8")) as {
      summary: { x: string };
      rows: { tokenIds: string[] }[];
    };
    expect(json.summary.x).to.equal("1");
    expect(json.rows[0]!.tokenIds).to.deep.equal(["6", "7"]);
  });

  it("says when the airdrop is incomplete", function () {
    const list = parseAttendees({ content: `address\n${addr(1)}\n${addr(2)}\n`, file: "x.csv" });
    const report = buildReport({ attendees: list, applied: [] });
    expect(report.complete).to.equal(false);
    expect(report.issued).to.equal(0);
  });
});
