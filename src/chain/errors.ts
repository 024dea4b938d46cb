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

/**
 * The deployment record (Ignition's folder for this chain) names contracts that have no code on the chain: a
 * restarted node with the same chain id, or another chain. Nothing is sent until the operator decides.
 */
export class StaleDeploymentError extends PapercutError {
  override name = "StaleDeploymentError";
  /** The deployment folder. */
  readonly deploymentDir: string;
  /** The recorded contracts the chain does not have. */
  readonly missing: { futureId: string; address: string }[];

  constructor(deploymentDir: string, missing: { futureId: string; address: string }[]) {
    const first = missing[0]!;
    super(
      `${deploymentDir} records ${first.futureId} at ${first.address}, but this chain has no contract there (a restarted node?)`,
      {
        details:
          "run `npx hardhat tickets event deploy --reset` to set that record aside and deploy afresh, " +
          "or name an existing ticket with --contract",
      },
    );
    this.deploymentDir = deploymentDir;
    this.missing = missing;
  }
}
