import type { Contract, TransactionReceipt } from "ethers";

import type { AppendOnlyStore } from "../journal/append-only-file.js";
import { claimCallArguments } from "./claim-call-arguments.js";
import { verifyClaimProof } from "./claim-leaf.js";
import { parseClaimRequest } from "./claim-request-json.js";
import type { ClaimRequest, RelayErrorCode, RelayResponseJson } from "./claim-types.js";
import { describeClaimError } from "./describe-claim-error.js";
import { ClaimRefusedError, InvalidClaimRequestError } from "./errors.js";
import { RateLimiter, type RateLimit } from "./rate-limiter.js";
import { recoverClaimSigner } from "./recover-claim-signer.js";
import { simulateClaim } from "./simulate-claim.js";
import { SpendingCap } from "./spending-cap.js";
import { readClaimReceipt } from "./submit-claim.js";

export interface ClaimRelayerParameters {
  /** The claims contract, connected to the signer that pays (the organizer's account). */
  claims: Contract;
  /** The chain the contract is on; requests for another chain are refused. */
  chainId: bigint;
  /** The most this relayer may spend on gas, in wei, over its spending journal's lifetime. */
  spendingCapWei: bigint;
  /**
   * The spending journal (`openSpendingJournal`): what was spent survives a restart, so the cap holds across
   * restarts. Default: in memory (an ephemeral network, tests).
   */
  spendingJournal?: AppendOnlyStore;
  /** Requests per link (default 5 per 10 minutes). */
  perLink?: RateLimit;
  /** Requests per client IP (default 30 per minute). */
  perIp?: RateLimit;
  /** Gas limit headroom over the estimate, in percent (default 20). */
  gasHeadroomPercent?: bigint;
  /** How long to wait for a claim to be mined before answering "pending" (default 120 s). */
  waitTimeoutMs?: number;
  /** The clock, in milliseconds (tests inject a fake one). */
  now?: () => number;
  /** Where to log one line per request (never secrets: the relayer never sees a link key). */
  log?: (line: string) => void;
}

/** The relayer's answer to one request: an HTTP status and one JSON object. */
export interface RelayReply {
  status: number;
  body: RelayResponseJson;
}

/** What the relayer has done so far. */
export interface RelayerStatus {
  ok: true;
  chainId: string;
  contract: string;
  relayer: string;
  capWei: string;
  spentWei: string;
  reservedWei: string;
  remainingWei: string;
  claimed: number;
  refused: number;
  inFlight: number;
}

const REFUSALS: Record<string, [number, RelayErrorCode]> = {
  ClaimAlreadyClaimed: [409, "claimed"],
  ClaimRevoked: [410, "revoked"],
  ClaimExpired: [410, "expired"],
  TicketSupplyExceeded: [409, "sold-out"],
  ClaimInvalidSignature: [400, "invalid-signature"],
  ClaimInvalidProof: [400, "invalid-link"],
  ClaimIndexOutOfRange: [400, "invalid-link"],
  ClaimBatchUnknown: [400, "invalid-link"],
  ClaimBatchOverdrawn: [409, "sold-out"],
  ClaimInvalidRecipient: [400, "invalid-request"],
};

/**
 * The core of the claim relayer, without HTTP: takes a claim request posted by a page, checks it (shape, chain,
 * the link key's signature, and the link's Merkle proof against the batch root committed on-chain), simulates it,
 * reserves its worst-case cost against the spending cap (journaled: it holds across restarts), sends it from the
 * organizer's account and waits for it. Rate-limited per client IP and per link; the per-link bucket is charged
 * only once the signature and proof show the request was made with the link's own key, so requests forged by
 * anyone else cannot lock a link out. One claim per link in flight at a time; sends are serialized so the
 * signer's nonces never collide. A claim raced by the attendee mints once: the contract refuses the second, and
 * the relayer answers "claimed".
 *
 * @example
 * const relayer = new ClaimRelayer({ claims, chainId, spendingCapWei: parseEther("0.05") });
 * const { status, body } = await relayer.handle(JSON.parse(text), "127.0.0.1");
 */
export class ClaimRelayer {
  readonly chainId: bigint;
  readonly contract: string;
  readonly cap: SpendingCap;
  readonly #claims: Contract;
  readonly #perLink: RateLimiter;
  readonly #perIp: RateLimiter;
  readonly #headroom: bigint;
  readonly #waitTimeoutMs: number;
  readonly #log: (line: string) => void;
  readonly #inFlight = new Map<string, { txHash?: string }>();
  /** Batch roots read from the chain (a committed root never changes). */
  readonly #roots = new Map<bigint, string>();
  readonly #background = new Set<Promise<unknown>>();
  #sendQueue: Promise<unknown> = Promise.resolve();
  #claimed = 0;
  #refused = 0;
  #relayerAddress: string | undefined;

  constructor({
    claims,
    chainId,
    spendingCapWei,
    spendingJournal,
    perLink = { limit: 5, windowMs: 600_000 },
    perIp = { limit: 30, windowMs: 60_000 },
    gasHeadroomPercent = 20n,
    waitTimeoutMs = 120_000,
    now = Date.now,
    log = () => {},
  }: ClaimRelayerParameters) {
    this.#claims = claims;
    this.chainId = chainId;
    this.contract = claims.target as string;
    this.cap = new SpendingCap(spendingCapWei, { store: spendingJournal });
    this.#perLink = new RateLimiter({ ...perLink, now });
    this.#perIp = new RateLimiter({ ...perIp, now });
    this.#headroom = gasHeadroomPercent;
    this.#waitTimeoutMs = waitTimeoutMs;
    this.#log = log;
  }

  /** Handles one posted claim. Never throws: every outcome is a status and a JSON object. */
  async handle(body: unknown, ip: string): Promise<RelayReply> {
    const ipDecision = this.#perIp.take(`ip:${ip}`);
    if (!ipDecision.allowed)
      return this.#rateLimited(ipDecision.retryAfterMs, `too many requests from ${ip}`);

    let request: ClaimRequest;
    try {
      request = parseClaimRequest(body);
    } catch (error) {
      if (error instanceof InvalidClaimRequestError)
        return this.#refuse(400, "invalid-request", error.shortMessage);
      throw error;
    }
    if (request.chainId !== this.chainId || request.contract.toLowerCase() !== this.contract.toLowerCase()) {
      return this.#refuse(
        400,
        "wrong-network",
        `this relayer serves contract ${this.contract} on chain ${this.chainId}, not ${request.contract} on chain ${request.chainId}`,
      );
    }
    const key = `${request.batchId}:${request.index}`;
    // Only a request made with the link's own key may charge the link's bucket: first the signature (offline), then
    // the Merkle proof that the key is the link's (against the root on-chain). Anything else is refused uncharged.
    if (recoverClaimSigner(request)?.toLowerCase() !== request.claimAddress.toLowerCase()) {
      return this.#refuse(
        400,
        "invalid-signature",
        "the signature was not made by the link's key for this recipient",
      );
    }
    let root: string | undefined;
    try {
      root = await this.#root(request.batchId);
    } catch (error) {
      return this.#fromError(error);
    }
    if (root === undefined || !verifyClaimProof({ ...request, root })) {
      return this.#refuse(400, "invalid-link", `the link ${key} is not in a batch committed on-chain`);
    }
    const linkDecision = this.#perLink.take(`link:${key}`);
    if (!linkDecision.allowed)
      return this.#rateLimited(linkDecision.retryAfterMs, `too many requests for link ${key}`);

    const running = this.#inFlight.get(key);
    if (running !== undefined) {
      return this.#refuse(409, "in-flight", `link ${key} is being claimed right now`, running.txHash);
    }
    const entry: { txHash?: string } = {};
    this.#inFlight.set(key, entry);
    try {
      const reply = await this.#relay(request, entry);
      this.#log(`${ip} link ${key} -> ${request.recipient}: ${reply.status} ${JSON.stringify(reply.body)}`);
      return reply;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  /** The relayer's counters and budget. */
  async status(): Promise<RelayerStatus> {
    return {
      ok: true,
      chainId: this.chainId.toString(),
      contract: this.contract,
      relayer: await this.#relayer(),
      capWei: this.cap.capWei.toString(),
      spentWei: this.cap.spentWei.toString(),
      reservedWei: this.cap.reservedWei.toString(),
      remainingWei: this.cap.remainingWei.toString(),
      claimed: this.#claimed,
      refused: this.#refused,
      inFlight: this.#inFlight.size,
    };
  }

  /** Releases the spending journal (call after {@link drain}). */
  close(): void {
    this.cap.close();
  }

  /** A batch's committed root, read once; undefined when no batch has that id. */
  async #root(batchId: bigint): Promise<string | undefined> {
    const cached = this.#roots.get(batchId);
    if (cached !== undefined) return cached;
    const { root } = (await this.#claims.getFunction("batch")(batchId)) as { root: string };
    if (BigInt(root) === 0n) return undefined;
    this.#roots.set(batchId, root);
    return root;
  }

  /** Waits until no claim is in flight (for a graceful stop), at most `timeoutMs`. */
  async drain(timeoutMs = this.#waitTimeoutMs): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while ((this.#inFlight.size > 0 || this.#background.size > 0) && Date.now() < deadline) {
      await Promise.race([...this.#background, new Promise((r) => setTimeout(r, 50))]);
    }
  }

  async #relay(request: ClaimRequest, entry: { txHash?: string }): Promise<RelayReply> {
    const fn = this.#claims.getFunction("claim");
    const args = claimCallArguments(request);
    let gasLimit: bigint;
    let maxFeePerGas: bigint;
    try {
      await simulateClaim({ claims: this.#claims, request });
      const estimate = await fn.estimateGas(...args);
      gasLimit = (estimate * (100n + this.#headroom)) / 100n;
      const fees = await this.#provider().getFeeData();
      maxFeePerGas = fees.maxFeePerGas ?? fees.gasPrice ?? 0n;
    } catch (error) {
      return this.#fromError(error);
    }

    const reservation = this.cap.reserve(gasLimit * maxFeePerGas);
    if (reservation === undefined) {
      return this.#refuse(
        503,
        "spending-cap",
        `the relayer's spending cap is reached (${this.cap.remainingWei} wei left); claim from your own wallet`,
      );
    }

    let tx: { hash: string; wait(confirms?: number, timeout?: number): Promise<TransactionReceipt | null> };
    try {
      // One send at a time: the signer's next nonce is read only after the previous send was accepted.
      const send = this.#sendQueue.then(() => fn(...args, { gasLimit }) as Promise<typeof tx>);
      this.#sendQueue = send.catch(() => undefined);
      tx = await send;
    } catch (error) {
      // Refused before broadcast (a revert in the node's own estimate, insufficient funds): nothing spent.
      // Anything else may have gone out: keep the worst case counted.
      const refused = describeClaimError(error);
      const code = (error as { code?: unknown }).code;
      this.cap.settle(reservation, refused !== undefined || code === "INSUFFICIENT_FUNDS" ? 0n : undefined);
      return this.#fromError(error);
    }
    entry.txHash = tx.hash;

    const mined = tx.wait(1, this.#waitTimeoutMs).then(
      (receipt) => ({ receipt, error: undefined }),
      (error: unknown) => ({ receipt: (error as { receipt?: TransactionReceipt }).receipt ?? null, error }),
    );
    const outcome = await mined;
    const timedOut = (outcome.error as { code?: unknown } | undefined)?.code === "TIMEOUT";
    if (timedOut) {
      // Still pending: keep the worst case reserved until it is mined, whenever that is.
      const late = tx.wait(1).then(
        (r) => this.cap.settle(reservation, r === null ? undefined : r.gasUsed * r.gasPrice),
        (e: unknown) => {
          const r = (e as { receipt?: TransactionReceipt }).receipt;
          this.cap.settle(reservation, r ? r.gasUsed * r.gasPrice : undefined);
        },
      );
      this.#background.add(late);
      void late.finally(() => this.#background.delete(late));
      return {
        status: 202,
        body: { ok: true, status: "pending", txHash: tx.hash, recipient: request.recipient },
      };
    }
    const receipt = outcome.receipt;
    this.cap.settle(reservation, receipt ? receipt.gasUsed * receipt.gasPrice : undefined);
    if (receipt !== null && receipt.status === 1) {
      const claimed = readClaimReceipt(this.#claims, receipt);
      this.#claimed++;
      return {
        status: 200,
        body: {
          ok: true,
          status: "claimed",
          txHash: tx.hash,
          recipient: request.recipient,
          firstTokenId: claimed.firstTokenId.toString(),
          quantity: claimed.quantity.toString(),
        },
      };
    }
    // Mined but reverted: someone else (the attendee's own wallet, another relayer) got there first in the same
    // block, or the batch changed. Ask the chain why.
    try {
      await simulateClaim({ claims: this.#claims, request });
    } catch (error) {
      const reply = this.#fromError(error);
      if (!reply.body.ok) reply.body.txHash = tx.hash;
      return reply;
    }
    return this.#refuse(502, "chain-error", `transaction ${tx.hash} failed`, tx.hash);
  }

  #fromError(error: unknown): RelayReply {
    const refused = error instanceof ClaimRefusedError ? error : describeClaimError(error);
    if (refused !== undefined) {
      const [status, code] = REFUSALS[refused.reason] ?? [503, "chain-error"];
      return this.#refuse(status, code, refused.shortMessage);
    }
    const message = (error as { shortMessage?: unknown }).shortMessage;
    return this.#refuse(
      502,
      "chain-error",
      typeof message === "string" ? message : "the node did not answer",
    );
  }

  #refuse(status: number, error: RelayErrorCode, message: string, txHash?: string): RelayReply {
    this.#refused++;
    return { status, body: { ok: false, error, message, ...(txHash === undefined ? {} : { txHash }) } };
  }

  #rateLimited(retryAfterMs: number, message: string): RelayReply {
    this.#refused++;
    return {
      status: 429,
      body: { ok: false, error: "rate-limited", message, retryAfter: Math.ceil(retryAfterMs / 1000) },
    };
  }

  #provider() {
    const provider = this.#claims.runner?.provider;
    if (!provider) throw new Error("the claims contract has no provider");
    return provider;
  }

  async #relayer(): Promise<string> {
    if (this.#relayerAddress === undefined) {
      const runner = this.#claims.runner as { getAddress?: () => Promise<string> } | null;
      this.#relayerAddress = runner?.getAddress ? await runner.getAddress() : "";
    }
    return this.#relayerAddress;
  }
}
