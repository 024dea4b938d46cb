import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

import { expect } from "chai";
import { Wallet } from "ethers";
import { network } from "hardhat";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/types";
import type { NetworkConnection } from "hardhat/types/network";

import { buildRelayRequest } from "../../src/claims/build-relay-request.js";
import { ClaimRelayer, type ClaimRelayerParameters } from "../../src/claims/claim-relayer.js";
import type { ClaimLink, RelayResponseJson } from "../../src/claims/claim-types.js";
import { claimsContract } from "../../src/claims/claims-contract.js";
import { commitClaimBatch } from "../../src/claims/commit-claim-batch.js";
import { generateClaimBatch } from "../../src/claims/generate-claim-batch.js";
import {
  startRelayServer,
  RelayHostError,
  type StartRelayServerReturnType,
} from "../../src/claims/relay-server.js";
import { simulateClaim } from "../../src/claims/simulate-claim.js";
import { openSpendingJournal } from "../../src/claims/spending-journal.js";
import { claimRequestToJson } from "../../src/claims/claim-request-json.js";
import { signClaim } from "../../src/claims/sign-claim.js";
import { ClaimLinkExpiredError, ClaimLinkRevokedError, ClaimLinkUsedError } from "../../src/claims/errors.js";
import type { PapercutTicket, TicketClaims } from "../../types/ethers-contracts/index.js";
import { rpc, startLocalNode, type LocalNode } from "../support/local-node.js";

/**
 * The relayer over real HTTP on 127.0.0.1, against a real `hardhat node` in its own process group: what the claim
 * page will do, end to end.
 */
describe("claim relayer over HTTP against a real node", function () {
  let node: LocalNode;
  let connection: NetworkConnection;
  let organizer: HardhatEthersSigner;
  let alice: HardhatEthersSigner;
  let ticket: PapercutTicket;
  let claims: TicketClaims;
  let chainId: bigint;
  const servers: StartRelayServerReturnType[] = [];

  before(async function () {
    node = await startLocalNode();
    connection = await network.create({ network: "localhost", override: { url: node.url } });
    const { ethers } = connection;
    [organizer, alice] = (await ethers.getSigners()) as [HardhatEthersSigner, HardhatEthersSigner];
    ticket = await ethers.deployContract("PapercutTicket", [
      "T",
      "T",
      100n,
      organizer.address,
      ethers.ZeroAddress,
      0n,
      "",
      "",
      1_893_456_000n, // event start (2030): tickets stay valid and transferable
      1_893_542_400n,
      0n, // TransferPolicy.Transferable
    ]);
    claims = await ethers.deployContract("TicketClaims", [await ticket.getAddress(), organizer.address]);
    await (await ticket.grantRole(await ticket.MINTER_ROLE(), await claims.getAddress())).wait();
    chainId = (await ethers.provider.getNetwork()).chainId;
  });

  after(async function () {
    await Promise.all(servers.map((s) => s.close()));
    await connection?.close();
    await node?.stop();
  });

  /** Commits a batch of links through the toolkit's own functions. */
  async function newBatch(count: number, expiresAt = 0n): Promise<ClaimLink[]> {
    const contract = claimsContract(await claims.getAddress(), organizer);
    const batchId = (await contract.getFunction("nextBatchId")()) as bigint;
    const batch = generateClaimBatch({
      count,
      batchId,
      chainId,
      contract: await claims.getAddress(),
      urlTemplate: "http://127.0.0.1:8080/claim.html",
    });
    await commitClaimBatch({
      claims: contract,
      batchId,
      root: batch.root,
      links: BigInt(count),
      tickets: batch.tickets,
      expiresAt,
    });
    return batch.links;
  }

  async function startRelayer(options: Partial<ClaimRelayerParameters> = {}) {
    const relayer = new ClaimRelayer({
      claims: claimsContract(await claims.getAddress(), organizer),
      chainId,
      spendingCapWei: 10n ** 18n,
      ...options,
    });
    const server = await startRelayServer({ relayer, port: 0 });
    servers.push(server);
    return { relayer, server };
  }

  /** What the claim page does: sign with the link's key for the recipient, POST to the relayer. */
  async function pagePost(server: { url: string }, link: ClaimLink, recipient: string) {
    const { url, init } = buildRelayRequest({ link, recipient, relayerUrl: server.url });
    const res = await fetch(url, init);
    return { status: res.status, headers: res.headers, body: (await res.json()) as RelayResponseJson };
  }

  it("claims a link posted by the page and pays from the organizer's account", async function () {
    const { server } = await startRelayer();
    expect(server.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
    const [link] = await newBatch(2);
    const recipient = Wallet.createRandom().address;
    const before = await connection.ethers.provider.getBalance(organizer.address);
    const { status, body, headers } = await pagePost(server, link!, recipient);
    expect(status, JSON.stringify(body)).to.equal(200);
    expect(headers.get("access-control-allow-origin")).to.equal("*");
    if (!body.ok) throw new Error("unreachable");
    expect(body.status).to.equal("claimed");
    const firstTokenId = BigInt(body.firstTokenId!);
    expect(await ticket.ownerOf(firstTokenId)).to.equal(recipient);
    expect(await connection.ethers.provider.getBalance(organizer.address)).to.be.lessThan(before);

    const st = (await (await fetch(`${server.url}/status`)).json()) as Record<string, unknown>;
    expect(st.claimed).to.equal(1);
    expect(BigInt(st.spentWei as string)).to.be.greaterThan(0n);
    expect(st.relayer).to.equal(organizer.address);
  });

  it("says used, revoked and expired with distinct codes, spending nothing", async function () {
    const { server, relayer } = await startRelayer();
    const [used, revoked] = await newBatch(2);
    const now = BigInt((await connection.ethers.provider.getBlock("latest"))!.timestamp);
    const [expiring] = await newBatch(1, now + 60n);
    const to = Wallet.createRandom().address;
    expect((await pagePost(server, used!, to)).status).to.equal(200);
    const spent = relayer.cap.spentWei;

    const again = await pagePost(server, used!, Wallet.createRandom().address);
    expect([again.status, again.body.ok ? "" : again.body.error], JSON.stringify(again.body)).to.deep.equal([
      409,
      "claimed",
    ]);

    await (await claims.revokeLinks(revoked!.batchId, [revoked!.index])).wait();
    const gone = await pagePost(server, revoked!, to);
    expect([gone.status, gone.body.ok ? "" : gone.body.error]).to.deep.equal([410, "revoked"]);

    await rpc(node.url, "evm_increaseTime", [120]);
    await rpc(node.url, "evm_mine");
    const late = await pagePost(server, expiring!, to);
    expect([late.status, late.body.ok ? "" : late.body.error]).to.deep.equal([410, "expired"]);
    expect(relayer.cap.spentWei).to.equal(spent);

    // The same refusals, as errors, for a page that simulates with the attendee's own wallet.
    const c = claimsContract(await claims.getAddress(), alice);
    const check = (link: ClaimLink) =>
      simulateClaim({ claims: c, request: signClaim({ link, recipient: to }) });
    for (const [link, cls] of [
      [used!, ClaimLinkUsedError],
      [revoked!, ClaimLinkRevokedError],
      [expiring!, ClaimLinkExpiredError],
    ] as const) {
      let caught: unknown;
      try {
        await check(link);
      } catch (error) {
        caught = error;
      }
      expect(caught).to.be.instanceOf(cls);
    }
  });

  it("refuses forged, misdirected and malformed requests before touching the chain", async function () {
    const { server, relayer } = await startRelayer();
    const [link] = await newBatch(1);
    const alice = Wallet.createRandom().address;
    const { url, claim } = buildRelayRequest({ link: link!, recipient: alice, relayerUrl: server.url });
    const post = async (body: string, headers: Record<string, string> = {}) => {
      const res = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json", ...headers },
        body,
      });
      return { status: res.status, body: (await res.json()) as RelayResponseJson };
    };
    const error = (r: { body: RelayResponseJson }) => (r.body.ok ? "" : r.body.error);

    const swapped = await post(JSON.stringify({ ...claim, recipient: Wallet.createRandom().address }));
    expect([swapped.status, error(swapped)]).to.deep.equal([400, "invalid-signature"]);
    const otherChain = await post(JSON.stringify({ ...claim, chainId: "1" }));
    expect([otherChain.status, error(otherChain)]).to.deep.equal([400, "wrong-network"]);
    const otherContract = await post(JSON.stringify({ ...claim, contract: alice }));
    expect([otherContract.status, error(otherContract)]).to.deep.equal([400, "wrong-network"]);
    const notJson = await post("{");
    expect([notJson.status, error(notJson)]).to.deep.equal([400, "invalid-request"]);
    const missing = await post(JSON.stringify({ ...claim, proof: undefined }));
    expect([missing.status, error(missing)]).to.deep.equal([400, "invalid-request"]);
    const huge = await post(JSON.stringify({ ...claim, pad: "x".repeat(20_000) }));
    expect(huge.status).to.equal(413);

    expect((await fetch(`${server.url}/nowhere`)).status).to.equal(404);
    expect((await fetch(url)).status).to.equal(405);
    const preflight = await fetch(url, { method: "OPTIONS" });
    expect(preflight.status).to.equal(204);
    expect(preflight.headers.get("access-control-allow-methods")).to.include("POST");

    expect(relayer.cap.spentWei).to.equal(0n);
    expect((await claims.batch(link!.batchId)).claimedLinks).to.equal(0n);
  });

  it("rate-limits per link and per IP, with Retry-After", async function () {
    const perLink = await startRelayer({ perLink: { limit: 2, windowMs: 600_000 } });
    const [link] = await newBatch(1);
    const to = Wallet.createRandom().address;
    expect((await pagePost(perLink.server, link!, to)).status).to.equal(200);
    expect((await pagePost(perLink.server, link!, to)).status).to.equal(409);
    const limited = await pagePost(perLink.server, link!, to);
    expect(limited.status).to.equal(429);
    expect(Number(limited.headers.get("retry-after"))).to.be.within(1, 600);

    const perIp = await startRelayer({ perIp: { limit: 3, windowMs: 60_000 } });
    const links = await newBatch(4);
    const statuses = [];
    for (const l of links) statuses.push((await pagePost(perIp.server, l, to)).status);
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
  });

  it("a stream of forged requests for a link does not lock it out: only the link's own key charges its bucket", async function () {
    const { server, relayer } = await startRelayer({ perLink: { limit: 2, windowMs: 600_000 } });
    const [link, other] = await newBatch(2);
    const to = Wallet.createRandom().address;
    const { url } = buildRelayRequest({ link: link!, recipient: to, relayerUrl: server.url });
    const post = async (claim: unknown) =>
      (
        await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(claim),
        })
      ).status;
    // The attacker knows the link's position (ids are sequential) but not its key: they sign with a key of their
    // own (a valid signature for their own claim address), reuse another link's proof, or sign nothing valid.
    const attacker = Wallet.createRandom();
    const forgedKey = { ...link!, privateKey: attacker.privateKey, claimAddress: attacker.address };
    const forgedProof = { ...other!, batchId: link!.batchId, index: link!.index };
    const garbage = {
      ...claimRequestToJson(signClaim({ link: link!, recipient: to })),
      signature: "0x" + "11".repeat(65),
    };
    const statuses = [];
    for (let i = 0; i < 5; i++) {
      statuses.push(
        await post(claimRequestToJson(signClaim({ link: forgedKey, recipient: attacker.address }))),
      );
      statuses.push(
        await post(claimRequestToJson(signClaim({ link: forgedProof, recipient: attacker.address }))),
      );
      statuses.push(await post(garbage));
    }
    expect(new Set(statuses)).to.deep.equal(new Set([400])); // refused, never 429: no bucket was charged
    const res = await pagePost(server, link!, to);
    expect(res.status, JSON.stringify(res.body)).to.equal(200);
    expect(await ticket.ownerOf(BigInt(res.body.ok ? res.body.firstTokenId! : 0))).to.equal(to);
    expect((await relayer.status()).claimed).to.equal(1);
  });

  it("refuses forwarded traffic without --trust-proxy instead of putting every client in one bucket", async function () {
    const { server } = await startRelayer();
    const [link] = await newBatch(1);
    const to = Wallet.createRandom().address;
    const { url, init } = buildRelayRequest({ link: link!, recipient: to, relayerUrl: server.url });
    for (const header of ["X-Forwarded-For", "Forwarded", "X-Real-IP"]) {
      const res = await fetch(url, { ...init, headers: { ...init.headers, [header]: "203.0.113.7" } });
      const body = (await res.json()) as RelayResponseJson;
      expect([res.status, body.ok ? "" : body.error], header).to.deep.equal([403, "proxy-not-trusted"]);
    }
    expect((await claims.batch(link!.batchId)).claimedLinks).to.equal(0n);

    // Behind a proxy with trustProxy, each forwarded client has its own bucket.
    const relayer = new ClaimRelayer({
      claims: claimsContract(await claims.getAddress(), organizer),
      chainId,
      spendingCapWei: 10n ** 18n,
      perIp: { limit: 1, windowMs: 60_000 },
    });
    const proxied = await startRelayServer({ relayer, port: 0, trustProxy: true });
    servers.push(proxied);
    const [a, b] = await newBatch(2);
    const from = async (l: ClaimLink, ip: string) => {
      const r = buildRelayRequest({ link: l, recipient: to, relayerUrl: proxied.url });
      return (await fetch(r.url, { ...r.init, headers: { ...r.init.headers, "X-Forwarded-For": ip } }))
        .status;
    };
    expect([await from(a!, "198.51.100.1"), await from(b!, "198.51.100.2")]).to.deep.equal([200, 200]);
  });

  it("keeps its spending across a restart: the second life starts from what the first spent", async function () {
    const dir = mkdtempSync(path.join(tmpdir(), "papercut-relay-"));
    const file = path.join(dir, "spending.jsonl");
    try {
      const [first, second] = await newBatch(2);
      const one = await startRelayer({ spendingJournal: openSpendingJournal(file) });
      expect((await pagePost(one.server, first!, Wallet.createRandom().address)).status).to.equal(200);
      const spent = one.relayer.cap.spentWei;
      expect(spent).to.be.greaterThan(0n);
      await one.server.close();
      one.relayer.close();

      // The attack: restart the relayer to reset its budget. The cap is exactly what the first life spent.
      const two = await startRelayer({ spendingCapWei: spent, spendingJournal: openSpendingJournal(file) });
      const st = (await (await fetch(`${two.server.url}/status`)).json()) as Record<string, string>;
      expect([st.spentWei, st.remainingWei]).to.deep.equal([spent.toString(), "0"]);
      const res = await pagePost(two.server, second!, Wallet.createRandom().address);
      expect([res.status, res.body.ok ? "" : res.body.error]).to.deep.equal([503, "spending-cap"]);
      expect((await claims.batch(second!.batchId)).claimedLinks).to.equal(1n); // the first life's claim only
      await two.server.close();
      two.relayer.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("stops at its spending cap and says so", async function () {
    const { server } = await startRelayer({ spendingCapWei: 1000n });
    const [link] = await newBatch(1);
    const res = await pagePost(server, link!, Wallet.createRandom().address);
    expect([res.status, res.body.ok ? "" : res.body.error]).to.deep.equal([503, "spending-cap"]);
    expect((await claims.batch(link!.batchId)).claimedLinks).to.equal(0n);
  });

  it("the attendee's claim pending when the page posts the same link: the relayer sends nothing, mints once", async function () {
    const { server } = await startRelayer();
    const [link] = await newBatch(1);
    const minted = await ticket.totalMinted();
    const to = alice.address;
    await rpc(node.url, "evm_setAutomine", [false]);
    try {
      // The attendee submits from their own wallet...
      const own = signClaim({ link: link!, recipient: to });
      const theirs = await claims
        .connect(alice)
        .claim(
          own.batchId,
          own.index,
          own.claimAddress,
          own.quantity,
          own.recipient,
          own.signature,
          own.proof,
          {
            gasLimit: 300_000n,
          },
        );
      // ...and, at the same time, through the page and the relayer.
      const posted = pagePost(server, link!, to);
      let settled = false;
      void posted.finally(() => (settled = true));
      const deadline = Date.now() + 60_000;
      while (!settled && Date.now() < deadline) {
        const pending = (await rpc(node.url, "eth_getBlockByNumber", ["pending", false])) as {
          transactions: string[];
        };
        if (pending.transactions.length >= 2) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      await rpc(node.url, "evm_mine");
      const res = await posted;
      expect([res.status, res.body.ok ? "" : res.body.error]).to.deep.equal([409, "claimed"]);
      const receipt = await connection.ethers.provider.getTransactionReceipt(theirs.hash);
      expect(receipt?.status).to.equal(1);
    } finally {
      await rpc(node.url, "evm_setAutomine", [true]);
    }
    expect(await ticket.totalMinted()).to.equal(minted + 1n);
    expect((await claims.batch(link!.batchId)).claimedLinks).to.equal(1n);
  });

  it("the attendee outbidding the relayer's pending claim in the same block: mints once, relayer says claimed", async function () {
    const { server, relayer } = await startRelayer();
    const [link] = await newBatch(1);
    const minted = await ticket.totalMinted();
    await rpc(node.url, "evm_setAutomine", [false]);
    let res: Awaited<ReturnType<typeof pagePost>>;
    let theirs: string;
    try {
      const posted = pagePost(server, link!, alice.address);
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const pending = (await rpc(node.url, "eth_getBlockByNumber", ["pending", false])) as {
          transactions: string[];
        };
        if (pending.transactions.length >= 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      // The relayer's claim is pending; the attendee sends the same claim with a higher tip, mined first.
      const own = signClaim({ link: link!, recipient: alice.address });
      const fees = await connection.ethers.provider.getFeeData();
      const tx = await claims
        .connect(alice)
        .claim(
          own.batchId,
          own.index,
          own.claimAddress,
          own.quantity,
          own.recipient,
          own.signature,
          own.proof,
          {
            gasLimit: 300_000n,
            maxFeePerGas: fees.maxFeePerGas! * 3n,
            maxPriorityFeePerGas: fees.maxFeePerGas! * 2n,
          },
        );
      theirs = tx.hash;
      await rpc(node.url, "evm_mine");
      res = await posted;
    } finally {
      await rpc(node.url, "evm_setAutomine", [true]);
    }
    expect([res.status, res.body.ok ? "" : res.body.error]).to.deep.equal([409, "claimed"]);
    const relayed = res.body.ok ? undefined : res.body.txHash;
    expect(relayed).to.be.a("string");
    expect((await connection.ethers.provider.getTransactionReceipt(relayed!))?.status).to.equal(0);
    expect((await connection.ethers.provider.getTransactionReceipt(theirs))?.status).to.equal(1);
    expect(relayer.cap.spentWei).to.be.greaterThan(0n); // the lost race was paid for, and counted
    expect(await ticket.totalMinted()).to.equal(minted + 1n);
  });

  it("stops gracefully: the claim in flight completes, then new connections are refused", async function () {
    const { server } = await startRelayer();
    const [link] = await newBatch(1);
    await rpc(node.url, "evm_setAutomine", [false]);
    let res: Awaited<ReturnType<typeof pagePost>>;
    try {
      const posted = pagePost(server, link!, Wallet.createRandom().address);
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        const pending = (await rpc(node.url, "eth_getBlockByNumber", ["pending", false])) as {
          transactions: string[];
        };
        if (pending.transactions.length >= 1) break;
        await new Promise((r) => setTimeout(r, 100));
      }
      const closed = server.close();
      await rpc(node.url, "evm_mine");
      res = await posted;
      await closed;
    } finally {
      await rpc(node.url, "evm_setAutomine", [true]);
    }
    expect(res.status).to.equal(200);
    let refused = false;
    try {
      await fetch(`${server.url}/status`);
    } catch {
      refused = true;
    }
    expect(refused).to.equal(true);
  });

  it("listens on loopback only", async function () {
    const relayer = new ClaimRelayer({
      claims: claimsContract(await claims.getAddress(), organizer),
      chainId,
      spendingCapWei: 0n,
    });
    let caught: unknown;
    try {
      await startRelayServer({ relayer, host: "0.0.0.0" });
    } catch (error) {
      caught = error;
    }
    expect(caught).to.be.instanceOf(RelayHostError);
  });
});
