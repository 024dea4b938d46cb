import { expect } from "chai";

import type { Eip1193Provider } from "../../src/chain/eip1193.js";
import { forEachLogPage, readLogs, type RpcLog } from "../../src/chain/read-logs.js";

interface FakeNode {
  provider: Eip1193Provider;
  calls: { from: number; to: number; outcome: "ok" | "refused" | "transient" }[];
}

/**
 * A node holding `perBlock[b]` logs in block b, that refuses a range wider than `maxRange` or holding more than
 * `maxResults` logs (non-transient JSON-RPC errors, as public endpoints word them), and fails every call listed in
 * `failCalls` with a transport error.
 */
function fakeNode(
  perBlock: number[],
  { maxRange = Infinity, maxResults = Infinity, failCalls = new Set<number>(), tooManyCode = -32602 } = {},
): FakeNode {
  const calls: FakeNode["calls"] = [];
  const provider: Eip1193Provider = {
    request: ({ method, params }) => {
      if (method === "eth_blockNumber") return Promise.resolve("0x" + (perBlock.length - 1).toString(16));
      const [filter] = params as [{ fromBlock: string; toBlock: string }];
      const from = Number(filter.fromBlock);
      const to = Number(filter.toBlock);
      if (failCalls.has(calls.length)) {
        calls.push({ from, to, outcome: "transient" });
        return Promise.reject(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }));
      }
      const logs: RpcLog[] = [];
      for (let b = from; b <= to; b++) {
        for (let i = 0; i < (perBlock[b] ?? 0); i++) {
          logs.push({
            address: "0x1",
            topics: [],
            data: "0x",
            blockNumber: "0x" + b.toString(16),
            blockHash: "0x",
            transactionHash: "0x",
            logIndex: "0x" + i.toString(16),
          });
        }
      }
      if (to - from + 1 > maxRange || logs.length > maxResults) {
        calls.push({ from, to, outcome: "refused" });
        return Promise.reject(
          Object.assign(new Error(`query returned more than ${maxResults} results`), { code: tooManyCode }),
        );
      }
      calls.push({ from, to, outcome: "ok" });
      return Promise.resolve(logs);
    },
  };
  return { provider, calls };
}

const key = (l: RpcLog) => `${Number(l.blockNumber)}:${Number(l.logIndex)}`;

describe("forEachLogPage (the paged log reader)", function () {
  it("reads every log once, in order, in pages within the node's range and result limits", async function () {
    // A dense stretch (an airdrop: 2,500 logs a block) between sparse ones.
    const perBlock = Array.from({ length: 3000 }, (_, b): number =>
      b >= 1000 && b < 1400 ? 2500 : b % 7 === 0 ? 1 : 0,
    );
    const node = fakeNode(perBlock, { maxRange: 2000, maxResults: 10_000 });
    const seen: string[] = [];
    let largest = 0;
    const total = await forEachLogPage({
      provider: node.provider,
      address: "0x1",
      topics: [],
      fromBlock: 0,
      maxRange: 2000,
      maxLogs: 10_000,
      onPage: (logs) => {
        largest = Math.max(largest, logs.length);
        for (const l of logs) seen.push(key(l));
      },
    });
    const expected = perBlock.reduce((a, b) => a + b, 0);
    expect(total).to.equal(expected);
    expect(seen).to.have.length(expected);
    expect(new Set(seen).size).to.equal(expected);
    const sorted = [...seen].sort((a, b) => {
      const [ab, ai] = a.split(":").map(Number);
      const [bb, bi] = b.split(":").map(Number);
      return ab! - bb! || ai! - bi!;
    });
    expect(seen).to.deep.equal(sorted);
    expect(largest).to.be.at.most(10_000);
    // Ranges the node refused were halved and asked again, never skipped.
    const ok = node.calls.filter((c) => c.outcome === "ok");
    for (let i = 1; i < ok.length; i++) expect(ok[i]!.from).to.equal(ok[i - 1]!.to + 1);
    expect(ok[0]!.from).to.equal(0);
    expect(ok.at(-1)!.to).to.equal(2999);
  });

  it("resumes the same page after a transport failure, and halves a page refused with the rate-limit code", async function () {
    const perBlock = Array.from({ length: 200 }, () => 100);
    const node = fakeNode(perBlock, {
      maxResults: 2_000,
      failCalls: new Set([3, 4, 9]),
      tooManyCode: -32005,
    });
    const logs = await readLogs({ provider: node.provider, address: "0x1", topics: [], fromBlock: 0 });
    expect(logs).to.have.length(200 * 100);
    expect(new Set(logs.map(key)).size).to.equal(200 * 100);
    // Each failed call is followed by the same range again.
    node.calls.forEach((c, i) => {
      if (c.outcome === "transient") expect(node.calls[i + 1]).to.include({ from: c.from, to: c.to });
    });
    expect(node.calls.some((c) => c.outcome === "refused")).to.equal(true);
  });

  it("gives up on a page after its attempts, saying why", async function () {
    const node = fakeNode([1, 1, 1], { failCalls: new Set([0, 1, 2, 3]) });
    let caught: unknown;
    try {
      await readLogs({ provider: node.provider, address: "0x1", topics: [], fromBlock: 0, pageAttempts: 4 });
    } catch (error) {
      caught = error;
    }
    expect((caught as Error).message).to.equal("socket hang up");
    expect(node.calls).to.have.length(4);
  });
});
