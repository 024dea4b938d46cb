import { PapercutError } from "../errors.js";

/**
 * The RPC endpoint kept failing (timeouts, refused connections, HTTP 429/5xx, dropped responses) after every
 * retry. Whether a request that changes the chain went through is then unknown: the caller must check the
 * chain, never assume it failed. The message never names the endpoint (its URL may hold a key).
 */
export class RpcUnavailableError extends PapercutError {
  override name = "RpcUnavailableError";
  /** The JSON-RPC method that could not be completed. */
  readonly method: string;
  /** How many times it was tried. */
  readonly attempts: number;

  constructor(method: string, attempts: number, { cause }: { cause?: unknown } = {}) {
    super(`the RPC endpoint did not answer ${method} after ${attempts} attempts`, {
      details: "check the node or provider; running the same command again resumes safely",
      cause,
    });
    this.method = method;
    this.attempts = attempts;
  }
}

/**
 * The chain gave no answer within the time a caller could wait (the gate at the door cannot wait for a slow
 * node). The call itself may still finish; its result is then ignored.
 */
export class ChainTimeoutError extends PapercutError {
  override name = "ChainTimeoutError";
  /** How long it waited, in milliseconds. */
  readonly ms: number;

  constructor(ms: number) {
    super(`no answer from the chain in ${ms} ms`);
    this.ms = ms;
  }
}
