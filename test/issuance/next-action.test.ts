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
    ...(r.next() < 0.25 ? { stale: true } : {}),
  }));
  attempts.sort((a, b) => a.nonce - b.nonce || a.attempt - b.attempt);
  const memory: BatchMemory = {
    ...(r.next() < 0.5 ? { lastRebroadcastAt: now - r.int(0, 5_000) } : {}),
    ...(r.next() < 0.3 ? { foreignPendingSince: now - r.int(0, 400_000) } : {}),
    ...(r.next() < 0.3 ? { behindSince: now - r.int(0, 200_000) } : {}),
  };
  const live = attempts.some((a) => a.nonce >= latestNonce);
  const headBlock = r.int(10, 20);
  return {
    firstTokenId: 100n,
    attempts,
    chain: {
      nextTokenId: BigInt(r.pick([97, 99, 100, 100, 100, 101, 150])),
      latestNonce,
      pendingNonce: latestNonce + r.pick([0, 0, 1, 2]),
      topKnown: live ? r.next() < 0.6 : undefined,
      ...(r.next() < 0.4 ? { foreignMint: { blockNumber: headBlock - r.int(0, 3) }, headBlock } : {}),
    },
    memory,
    policy: { ...POLICY, confirmations: r.pick([1, 1, 2, 3]) },
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
      const json = (v: unknown) =>
        JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x));
      const where = `seed ${seed}: ${json(state)} -> ${json(action)}`;
      const { chain } = state;
      const live = state.attempts.filter((a) => a.nonce >= chain.latestNonce);
      if (chain.nextTokenId > state.firstTokenId) {
        // Moved past only on confirmed evidence that someone else minted its first token, and to the next token.
        const depth =
          chain.foreignMint === undefined ? 0 : chain.headBlock! - chain.foreignMint.blockNumber + 1;
        const expected =
          chain.foreignMint === undefined
            ? "locate"
            : depth >= state.policy.confirmations!
              ? "shift"
              : "wait";
        expect(action.type, where).to.equal(expected);
        if (action.type === "shift") expect(action.firstTokenId, where).to.equal(chain.nextTokenId);
      } else {
        expect(action.type, where).to.not.equal("shift");
      }
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
        // A stale one is replaced at once; a current one only once it is stuck.
        if (action.previous.stale !== true) {
          expect(state.now - action.previous.at, where).to.be.greaterThan(POLICY.stuckAfterMs);
        }
        expect(live.filter((a) => a.nonce === action.nonce).length - 1, where).to.be.below(
          POLICY.maxReplacements,
        );
      }
      if (action.type === "rebroadcast") {
        expect(action.attempt, where).to.equal(live.at(-1));
        expect(chain.topKnown, where).to.not.equal(true);
        // A transaction naming a first token the batch moved from can only revert: never broadcast again.
        expect(action.attempt.stale, where).to.not.equal(true);
      }
      if (action.type === "replace" && action.previous.stale === true)
        counts["replace-stale"] = (counts["replace-stale"] ?? 0) + 1;
    }
    // Every kind of decision was reached, so the properties above were not checked vacuously.
    for (const type of [
      "locate",
      "shift",
      "send",
      "replace",
      "replace-stale",
      "rebroadcast",
      "wait",
      "fail",
    ]) {
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

  it("drives one batch to exactly one inclusion while claims take token IDs in front of it, on a node that drops and loses transactions", function () {
    let shifted = 0;
    let staleReverts = 0;
    for (let seed = 1; seed <= 2_000; seed++) {
      const r = prng(seed);
      const size = 5n;
      let chainNext = 100n; // the contract's next token
      let block = 1;
      let accountNonce = r.int(0, 3);
      // The node's pool: one transaction per nonce, each naming the first token it was built for.
      const pool = new Map<number, { hash: string; first: bigint }>();
      const known = new Set<string>();
      const take = (nonce: number, hash: string, first: bigint) => {
        const replaced = pool.get(nonce);
        if (replaced !== undefined) known.delete(replaced.hash);
        pool.set(nonce, { hash, first });
        known.add(hash);
      };
      /** The block each foreign mint (a claim) of a token was mined in. */
      const claimedAt = new Map<bigint, number>();
      let appliedAt: bigint | undefined; // the first token the batch was issued at, once it is
      let included = 0;
      let first = 100n; // the batch's first token, as the sender's journal has it
      const attempts: (BatchAttempt & { first: bigint })[] = [];
      let foreign: { first: bigint; blockNumber: number } | undefined;
      let memory: BatchMemory = {};
      let now = 1_000_000;
      let hashes = 0;
      let done = false;
      for (let step = 0; step < 600 && !done; step++) {
        now += r.int(100, 60_000);
        const roll = r.next();
        if (roll < 0.15 && appliedAt === undefined) {
          // A claim is mined: it takes the contract's next token (and a block of its own).
          block++;
          claimedAt.set(chainNext, block);
          chainNext += 1n;
        } else if (roll < 0.5 && pool.has(accountNonce)) {
          // The node mines the account's next transaction: the contract's first-token check decides.
          block++;
          const tx = pool.get(accountNonce)!;
          pool.delete(accountNonce);
          accountNonce++;
          if (tx.first === chainNext && appliedAt === undefined) {
            appliedAt = tx.first;
            chainNext += size;
            included++;
          } else if (tx.first !== first) {
            staleReverts++;
          }
        } else if (roll < 0.6 && pool.size > 0) {
          const forgotten = r.pick([...pool.keys()]);
          known.delete(pool.get(forgotten)!.hash);
          pool.delete(forgotten);
        } else if (roll < 0.7) {
          block++; // an empty block: confirmations grow
        }
        const live = attempts.filter((a) => a.nonce >= accountNonce);
        const top = live.at(-1);
        const { action, memory: kept } = nextAction({
          firstTokenId: first,
          attempts: attempts.map((a) => ({ ...a, ...(a.first !== first ? { stale: true } : {}) })),
          chain: {
            nextTokenId: chainNext,
            latestNonce: accountNonce,
            pendingNonce: accountNonce + (pool.has(accountNonce) ? 1 : 0),
            topKnown:
              top === undefined ? undefined : live.some((a) => a.nonce === top.nonce && known.has(a.hash!)),
            ...(foreign?.first === first
              ? { foreignMint: { blockNumber: foreign.blockNumber }, headBlock: block }
              : {}),
          },
          memory,
          policy: { ...POLICY, confirmations: 2 },
          now,
        });
        memory = kept;
        switch (action.type) {
          case "locate":
            // What the sender reads from the chain: the batch itself, or who else minted its first token.
            if (appliedAt === first) done = true;
            else {
              expect(claimedAt.has(first), `seed ${seed}: token ${first} was minted by a claim`).to.equal(
                true,
              );
              foreign = { first, blockNumber: claimedAt.get(first)! };
            }
            break;
          case "shift":
            expect(block - claimedAt.get(first)! + 1, `seed ${seed}`).to.be.at.least(2);
            expect(action.firstTokenId, `seed ${seed}`).to.equal(chainNext);
            first = action.firstTokenId;
            shifted++;
            break;
          case "send":
          case "replace": {
            expect(chainNext, `seed ${seed}: sends only at the contract's next token`).to.equal(first);
            const hash = `h${++hashes}`;
            attempts.push({ attempt: attempts.length + 1, nonce: action.nonce, hash, at: now, first });
            if (r.next() < 0.8) take(action.nonce, hash, first);
            break;
          }
          case "rebroadcast": {
            const a = attempts.find((x) => x.attempt === action.attempt.attempt)!;
            expect(a.first, `seed ${seed}: never rebroadcasts a transaction for an old first token`).to.equal(
              first,
            );
            if (a.nonce >= accountNonce && r.next() < 0.8) take(a.nonce, a.hash!, a.first);
            break;
          }
          case "wait":
          case "fail":
            break;
        }
      }
      expect(done, `seed ${seed}: the batch was issued within 600 looks`).to.equal(true);
      expect(included, `seed ${seed}`).to.equal(1);
      expect(appliedAt, `seed ${seed}`).to.equal(first);
    }
    // The races happened: batches moved, and transactions for old first tokens reverted.
    expect(shifted).to.be.greaterThan(200);
    expect(staleReverts).to.be.greaterThan(20);
  });
});
