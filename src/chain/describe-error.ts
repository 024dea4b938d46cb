import { PapercutError } from "../errors.js";
import { decodeRevert } from "./decode-revert.js";

interface EthersLikeError {
  code?: unknown;
  shortMessage?: unknown;
  reason?: unknown;
  info?: { error?: { message?: unknown } };
  errorCode?: unknown;
  message?: unknown;
}

/**
 * Turns an error the chain gave us (a revert, insufficient funds, a refused nonce) into an expected
 * {@link PapercutError} with one line naming the contract's custom error and its arguments. Returns
 * `undefined` for anything that is not such an error (a bug), so the caller rethrows it.
 *
 * @param error What ethers threw.
 * @returns The expected error, or undefined.
 * @example
 * const e = describeChainError(err); // "the contract refused: TicketSupplyExceeded(10, 3)"
 */
export function describeChainError(error: unknown): PapercutError | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const e = error as EthersLikeError;
  // Hardhat's own errors (HHE…: an unreachable node, a missing configuration variable) are expected too.
  if (typeof e.errorCode === "string" && e.errorCode.startsWith("HHE") && typeof e.message === "string") {
    const [first = "", ...rest] = e.message.split("\n");
    const details = rest.join("\n").trim();
    const line = first.startsWith(e.errorCode) ? first : `${e.errorCode}: ${first}`;
    return new PapercutError(line, { details: details || undefined, cause: error });
  }
  switch (e.code) {
    case "CALL_EXCEPTION": {
      const revert = decodeRevert(error);
      if (revert !== undefined)
        return new PapercutError(`the contract refused: ${revert.text}`, { cause: error });
      const reason = typeof e.reason === "string" ? e.reason : "reverted without a reason";
      return new PapercutError(`the contract refused: ${reason}`, { cause: error });
    }
    case "INSUFFICIENT_FUNDS":
      return new PapercutError("the sending account has insufficient funds for gas", { cause: error });
    case "NONCE_EXPIRED":
    case "REPLACEMENT_UNDERPRICED":
      return new PapercutError(`the node refused the transaction: ${String(e.shortMessage)}`, {
        cause: error,
      });
    default: {
      // A revert the node reported in its own shape (Hardhat's in-process EDR: a JSON-RPC error with code 3 and
      // the revert data) is as expected as ethers' CALL_EXCEPTION when it names one of our contracts' errors.
      const revert = decodeRevert(error);
      return revert === undefined
        ? undefined
        : new PapercutError(`the contract refused: ${revert.text}`, { cause: error });
    }
  }
}
