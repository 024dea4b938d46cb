import { expect } from "chai";

import { classifySendError } from "../../src/chain/classify-send-error.js";
import { RpcUnavailableError } from "../../src/chain/errors.js";
import { createResilientProvider, isTransientRpcError } from "../../src/chain/resilient-provider.js";

const rpcError = (code: number, message: string) => Object.assign(new Error(message), { code });

describe("createResilientProvider", function () {
  it("retries transport failures with backoff until the node answers", async function () {
    const failures = [
      Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:8545"), { code: "ECONNREFUSED" }),
      rpcError(-32005, "limit exceeded"),
      Object.assign(new Error("HHE704: network timeout"), { errorCode: "HHE704" }),
      rpcError(-1, "Received an unexpected status code from http://127.0.0.1:8545"),
    ];
    let calls = 0;
    const retried: string[] = [];
    const provider = createResilientProvider({
      provider: {
        request: () => {
          calls++;
          const failure = failures.shift();
          return failure === undefined ? Promise.resolve("0x7a69") : Promise.reject(failure);
        },
      },
      baseDelayMs: 1,
      onRetry: ({ method }) => retried.push(method),
    });
    expect(await provider.request({ method: "eth_chainId" })).to.equal("0x7a69");
    expect(calls).to.equal(5);
    expect(retried).to.have.length(4);
    expect(provider.stats.retries).to.equal(4);
  });

  it("passes the node's own answers through at once", async function () {
    let calls = 0;
    const nonceTooLow = rpcError(
      -32000,
      "Transaction nonce too low. Expected nonce to be at least 1 but got 0.",
    );
    const provider = createResilientProvider({
      provider: {
        request: () => {
          calls++;
          return Promise.reject(nonceTooLow);
        },
      },
      baseDelayMs: 1,
    });
    const caught = await provider
      .request({ method: "eth_sendRawTransaction", params: ["0x02"] })
      .catch((e: unknown) => e);
    expect(caught).to.equal(nonceTooLow);
    expect(calls).to.equal(1);
  });

  it("counts a request with no answer as failed and gives up with RpcUnavailableError, never naming the endpoint", async function () {
    const provider = createResilientProvider({
      provider: { request: () => new Promise(() => {}) },
      attempts: 3,
      baseDelayMs: 1,
      timeoutMs: 20,
    });
    const caught = await provider.request({ method: "eth_blockNumber" }).catch((e: unknown) => e);
    expect(caught).to.be.instanceOf(RpcUnavailableError);
    expect((caught as RpcUnavailableError).attempts).to.equal(3);
    expect(provider.stats.timeouts).to.equal(3);
    const secretUrl = "https://rpc.example/v3/SECRET";
    const failing = createResilientProvider({
      provider: {
        request: () => Promise.reject(rpcError(-1, `Received an unexpected status code from ${secretUrl}`)),
      },
      attempts: 2,
      baseDelayMs: 1,
    });
    const err = (await failing
      .request({ method: "eth_chainId" })
      .catch((e: unknown) => e)) as RpcUnavailableError;
    expect(err.message).to.not.contain("SECRET");
    expect(isTransientRpcError(err)).to.equal(true);
  });
});

describe("classifySendError", function () {
  const cases: [string, unknown, string][] = [
    ["hardhat: known", rpcError(-32000, "Known transaction: 0x" + "ab".repeat(32)), "already-known"],
    ["anvil: imported", rpcError(-32003, "transaction already imported"), "already-known"],
    ["geth: known", rpcError(-32000, "already known"), "already-known"],
    [
      "hardhat: nonce",
      rpcError(-32000, "Transaction nonce too low. Expected nonce to be at least 1 but got 0."),
      "nonce-too-low",
    ],
    ["anvil: nonce", rpcError(-32003, "nonce too low"), "nonce-too-low"],
    [
      "hardhat: underpriced",
      rpcError(
        -32000,
        "Replacement transaction underpriced. A gasPrice/maxFeePerGas of at least 3300000000 is necessary",
      ),
      "underpriced",
    ],
    ["anvil: underpriced", rpcError(-32003, "replacement transaction underpriced"), "underpriced"],
    ["geth: base fee", rpcError(-32000, "max fee per gas less than block base fee"), "fee-too-low"],
    ["funds", rpcError(-32003, "Insufficient funds for gas * price + value"), "insufficient-funds"],
    ["transport", Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }), "unavailable"],
    ["gave up", new RpcUnavailableError("eth_sendRawTransaction", 8), "unavailable"],
    ["other", rpcError(-32000, "intrinsic gas too low"), "other"],
  ];
  for (const [name, error, kind] of cases) {
    it(`${name} → ${kind}`, function () {
      expect(classifySendError(error).kind).to.equal(kind);
    });
  }

  it("reads the hash a node names", function () {
    const hash = "0x" + "ab".repeat(32);
    expect(classifySendError(rpcError(-32000, `Known transaction: ${hash}`)).knownHash).to.equal(hash);
  });
});
