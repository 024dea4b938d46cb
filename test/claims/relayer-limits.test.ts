import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";

import { RateLimiter, parseRateLimit } from "../../src/claims/rate-limiter.js";
import { SpendingCap } from "../../src/claims/spending-cap.js";
import {
  RelayJournalLockedError,
  openSpendingJournal,
  spendingJournalPath,
} from "../../src/claims/spending-journal.js";
import { openAppendOnlyFile } from "../../src/journal/append-only-file.js";

describe("relayer limits (no chain needed)", function () {
  describe("RateLimiter", function () {
    it("allows a burst of `limit`, then refills at limit per window", function () {
      let now = 0;
      const limiter = new RateLimiter({ limit: 3, windowMs: 3000, now: () => now });
      expect([1, 2, 3].map(() => limiter.take("a").allowed)).to.deep.equal([true, true, true]);
      const refused = limiter.take("a");
      expect(refused.allowed).to.equal(false);
      expect(refused.retryAfterMs).to.equal(1000);
      expect(limiter.take("b").allowed).to.equal(true); // keys are independent
      now = 999;
      expect(limiter.take("a").allowed).to.equal(false);
      now = 2000; // two tokens back
      expect([limiter.take("a").allowed, limiter.take("a").allowed, limiter.take("a").allowed]).to.deep.equal(
        [true, true, false],
      );
      now = 1_000_000;
      expect([1, 2, 3, 4].map(() => limiter.take("a").allowed)).to.deep.equal([true, true, true, false]);
    });

    it("forgets refilled keys when it remembers too many", function () {
      let now = 0;
      const limiter = new RateLimiter({ limit: 1, windowMs: 1000, now: () => now, maxKeys: 10 });
      for (let i = 0; i < 10; i++) limiter.take(`ip${i}`);
      expect(limiter.size).to.equal(10);
      now = 5000;
      limiter.take("new");
      expect(limiter.size).to.equal(1);
    });

    it("reads N/SECONDS", function () {
      expect(parseRateLimit("5/600")).to.deep.equal({ limit: 5, windowMs: 600_000 });
      expect(parseRateLimit(" 30 / 0.5 ")).to.deep.equal({ limit: 30, windowMs: 500 });
      for (const bad of ["5", "0/60", "5/0", "a/b", "-1/5"])
        expect(parseRateLimit(bad), bad).to.equal(undefined);
    });
  });

  describe("SpendingCap", function () {
    it("never lets reservations plus spending exceed the cap", function () {
      const cap = new SpendingCap(100n);
      const a = cap.reserve(60n)!;
      expect(cap.reserve(41n)).to.equal(undefined);
      const b = cap.reserve(40n)!;
      expect(cap.remainingWei).to.equal(0n);
      cap.settle(a, 25n); // the receipt cost less than the worst case
      expect([cap.spentWei, cap.reservedWei, cap.remainingWei]).to.deep.equal([25n, 40n, 35n]);
      cap.settle(b, undefined); // outcome unknown: the worst case stays counted
      expect([cap.spentWei, cap.reservedWei, cap.remainingWei]).to.deep.equal([65n, 0n, 35n]);
      cap.settle(b, 0n); // settling twice changes nothing
      expect(cap.spentWei).to.equal(65n);
      expect(cap.reserve(35n)).not.to.equal(undefined);
      expect(cap.reserve(1n)).to.equal(undefined);
    });

    describe("its journal", function () {
      let dir: string;
      let file: string;
      beforeEach(function () {
        dir = mkdtempSync(path.join(tmpdir(), "papercut-spending-"));
        file = spendingJournalPath({
          stateDir: dir,
          chainId: 31337n,
          contract: "0xABCDEF",
          genesis: "0x1234ABCD" + "0".repeat(56),
        });
      });
      afterEach(function () {
        rmSync(dir, { recursive: true, force: true });
      });

      it("holds the cap across a restart: the next life starts from what was spent, not from zero", function () {
        expect(file).to.equal(path.join(dir, "relay", "chain-31337", "0xabcdef-1234abcd.spending.jsonl"));
        const first = new SpendingCap(100n, { store: openSpendingJournal(file) });
        first.settle(first.reserve(60n)!, 50n);
        first.close();

        // The attack: restart the relayer to reset its budget.
        const second = new SpendingCap(100n, { store: openSpendingJournal(file) });
        expect([second.spentWei, second.remainingWei]).to.deep.equal([50n, 50n]);
        expect(second.reserve(51n)).to.equal(undefined);
        const r = second.reserve(50n)!;
        expect(r.id).to.equal(2); // ids never repeat across lives
        second.settle(r, 50n);
        second.close();
        expect(new SpendingCap(100n, { store: openSpendingJournal(file) }).remainingWei).to.equal(0n);
      });

      it("counts a reservation a crashed relayer left open at its worst case", function () {
        // A relayer that died after reserving (its transaction may be out): no settle, no close.
        const crashed = new SpendingCap(100n, { store: openAppendOnlyFile(file) });
        crashed.reserve(70n);
        const next = new SpendingCap(100n, { store: openSpendingJournal(file) });
        expect([next.spentWei, next.reservedWei, next.remainingWei]).to.deep.equal([70n, 0n, 30n]);
        next.close();
        const lines = readFileSync(file, "utf8")
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l) as { t: string });
        expect(lines.map((l) => l.t)).to.deep.equal(["start", "reserve", "settle", "start"]);
      });

      it("one budget, one relayer: a second one on the same journal is refused", function () {
        const first = new SpendingCap(100n, { store: openSpendingJournal(file) });
        expect(() => openSpendingJournal(file)).to.throw(RelayJournalLockedError);
        first.close();
        openSpendingJournal(file).close();
      });
    });
  });
});
