import { expect } from "chai";

import { RateLimiter, parseRateLimit } from "../../src/claims/rate-limiter.js";
import { SpendingCap } from "../../src/claims/spending-cap.js";

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
  });
});
