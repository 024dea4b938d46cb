import { expect } from "chai";

import {
  nextAction,
  type BatchAttempt,
  type BatchMemory,
  type NextActionParameters,
  type NextActionPolicy,
} from "../../src/issuance/next-action.js";

const POLICY: NextActionPolicy = {
  stuckAfterMs: 120_000,
  maxReplacements: 4,
  foreignPendingTimeoutMs: 300_000,
  settleTimeoutMs: 120_000,
  rebroadcastEveryMs: 2_000,
};

/** A small seeded PRNG (mulberry32), so a failing case can be replayed from its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  return { next, int, pick };
}

/** A random journal and chain state around one batch whose first token is 100. */
function randomState(seed: number): NextActionParameters {
  const r = prng(seed);
  const now = 1_000_000_000 + r.int(0, 1_000_000);
  const latestNonce = r.int(0, 6);
  const attempts: BatchAttempt[] = Array.from({ length: r.int(0, 6) }, (_, i) => ({
    attempt: i + 1,
    nonce: Math.max(0, latestNonce + r.int(-2, 2)),
    ...(r.next() < 0.8 ? { hash: `0x${r.int(1, 1e9).toString(16)}` } : {}),
    at: now - r.int(0, 400_000),
  }));
  attempts.sort((a, b) => a.nonce - b.nonce || a.attempt - b.attempt);
  const memory: BatchMemory = {
    ...(r.next() < 0.5 ? { lastRebroadcastAt: now - r.int(0, 5_000) } : {}),
    ...(r.next() < 0.3 ? { foreignPendingSince: now - r.int(0, 400_000) } : {}),
    ...(r.next() < 0.3 ? { behindSince: now - r.int(0, 200_000) } : {}),
  };
  const live = attempts.some((a) => a.nonce >= latestNonce);
  return {
    firstTokenId: 100n,
    attempts,
    chain: {
      nextTokenId: BigInt(r.pick([97, 99, 100, 100, 100, 101, 150])),
      latestNonce,
      pendingNonce: latestNonce + r.pick([0, 0, 1, 2]),
      topKnown: live ? r.next() < 0.6 : undefined,
    },
    memory,
    policy: POLICY,
    now,
  };
}

describe("nextAction: the airdrop's exactly-once decision as a pure function", function () {
  it("over 50,000 random journal and chain states, never sends a batch the chain already shows, and every send is at the free nonce with nothing pending", function () {
    const counts: Record<string, number> = {};
    for (let seed = 1; seed <= 50_000; seed++) {
      const state = randomState(seed);
      const { action } = nextAction(state);
      counts[action.type] = (counts[action.type] ?? 0) + 1;
      const where = `seed ${seed}: ${JSON.stringify(state, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v))} -> ${JSON.stringify(action)}`;
      const { chain } = state;
      const live = state.attempts.filter((a) => a.nonce >= chain.latestNonce);
      if (chain.nextTokenId > state.firstTokenId) expect(action.type, where).to.equal("locate");
      if (action.type === "send" || action.type === "replace" || action.type === "rebroadcast") {
        expect(chain.nextTokenId, where).to.equal(state.firstTokenId);
      }
      if (action.type === "send") {
        expect(action.nonce, where).to.equal(chain.latestNonce);
        expect(chain.pendingNonce, where).to.be.at.most(chain.latestNonce);
      }
      if (action.type === "replace") {
        expect(action.previous, where).to.equal(live.at(-1));
        expect(action.nonce, where).to.equal(action.previous.nonce);
        expect(chain.topKnown, where).to.equal(true);
        expect(state.now - action.previous.at, where).to.be.greaterThan(POLICY.stuckAfterMs);
        expect(live.filter((a) => a.nonce === action.nonce).length - 1, where).to.be.below(
          POLICY.maxReplacements,
        );
      }
      if (action.type === "rebroadcast") {
        expect(action.attempt, where).to.equal(live.at(-1));
        expect(chain.topKnown, where).to.not.equal(true);
      }
    }
    // Every kind of decision was reached, so the properties above were not checked vacuously.
    for (const type of ["locate", "send", "replace", "rebroadcast", "wait", "fail"]) {
      expect(counts[type] ?? 0, `${type} reached`).to.be.greaterThan(100);
    }
  });

  it("drives one batch to exactly one inclusion on a simulated node that drops, loses and delays transactions", function () {
    for (let seed = 1; seed <= 2_000; seed++) {
      const r = prng(seed);
      // The node: the account's mined nonce, a pool of transactions (one per nonce), and whether the batch's
      // airdrop(first) was included (a second inclusion reverts: the contract's first-token check).
      let accountNonce = r.int(0, 3);
      const pool = new Map<number, string>();
      const known = new Set<string>(); // what the node can tell about: pooled or mined
      /** The node takes a transaction into its pool; one it replaces at the same nonce is gone. */
      const take = (nonce: number, hash: string) => {
        const replaced = pool.get(nonce);
        if (replaced !== undefined) known.delete(replaced);
        pool.set(nonce, hash);
        known.add(hash);
      };
      let included = 0;
      let applied = false;
      const attempts: BatchAttempt[] = [];
      let memory: BatchMemory = {};
      let now = 1_000_000;
      let hashes = 0;
      let done = false;
      for (let step = 0; step < 400 && !done; step++) {
        now += r.int(100, 60_000);
        // The node's own life between two looks: it mines the pool's next nonce, or forgets a transaction.
        const roll = r.next();
        if (roll < 0.35 && pool.has(accountNonce)) {
          pool.delete(accountNonce);
          accountNonce++;
          included++;
          applied = true;
        } else if (roll < 0.45 && pool.size > 0) {
          const forgotten = r.pick([...pool.keys()]);
          known.delete(pool.get(forgotten)!);
          pool.delete(forgotten);
        }
        const live = attempts.filter((a) => a.nonce >= accountNonce);
        const top = live.at(-1);
        const { action, memory: kept } = nextAction({
          firstTokenId: 100n,
          attempts,
          chain: {
            nextTokenId: applied ? 101n : 100n,
            latestNonce: accountNonce,
            pendingNonce: accountNonce + (pool.has(accountNonce) ? 1 : 0),
            topKnown:
              top === undefined ? undefined : live.some((a) => a.nonce === top.nonce && known.has(a.hash!)),
          },
          memory,
          policy: POLICY,
          now,
        });
        memory = kept;
        if (applied) expect(action.type, `seed ${seed}: the batch is on-chain`).to.equal("locate");
        switch (action.type) {
          case "locate":
            done = true;
            break;
          case "send":
          case "replace": {
            const hash = `h${++hashes}`;
            attempts.push({ attempt: attempts.length + 1, nonce: action.nonce, hash, at: now });
            // The broadcast may be lost before the node takes it.
            if (r.next() < 0.8) take(action.nonce, hash);
            break;
          }
          case "rebroadcast":
            if (action.attempt.nonce >= accountNonce && r.next() < 0.8)
              take(action.attempt.nonce, action.attempt.hash!);
            break;
          case "wait":
          case "fail":
            break;
        }
      }
      expect(done, `seed ${seed}: the batch was issued within 400 looks`).to.equal(true);
      expect(included, `seed ${seed}`).to.equal(1);
    }
  });
});
