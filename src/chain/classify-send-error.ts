import { errorText } from "./eip1193.js";
import { isTransientRpcError } from "./resilient-provider.js";

/**
 * What a refused broadcast means:
 * - `already-known`: the node already has this very transaction (it is pending or mined): not a failure;
 * - `nonce-too-low`: the nonce was used, by this transaction or another one: check the chain;
 * - `underpriced`: another transaction with the same nonce is pending with fees at least as high;
 * - `fee-too-low`: the fee cap is below the current base fee: send again with higher fees;
 * - `insufficient-funds`: the account cannot pay for the gas;
 * - `unavailable`: the endpoint failed (timeout, dropped connection): the outcome is unknown;
 * - `other`: anything else (a bug or a rule this code does not know).
 */
export type SendErrorKind =
  | "already-known"
  | "nonce-too-low"
  | "underpriced"
  | "fee-too-low"
  | "insufficient-funds"
  | "unavailable"
  | "other";

export interface SendErrorClassification {
  kind: SendErrorKind;
  /** The transaction hash, when the node named it ("Known transaction: 0x…"). */
  knownHash: string | undefined;
}

/**
 * Classifies why `eth_sendRawTransaction` / `eth_sendTransaction` threw, across Hardhat (EDR), anvil and geth
 * wordings.
 *
 * @param error What the provider threw.
 * @returns The kind, and the transaction hash if the node named it.
 * @example
 * const { kind } = classifySendError(err); // "nonce-too-low"
 */
export function classifySendError(error: unknown): SendErrorClassification {
  const text = errorText(error);
  const known = /known transaction:? *(0x[0-9a-f]{64})/.exec(text);
  const knownHash = known?.[1];
  let kind: SendErrorKind;
  if (isTransientRpcError(error)) kind = "unavailable";
  else if (
    /already known|known transaction|already imported|alreadyknown|already in (the )?(mem)?pool/.test(text)
  ) {
    kind = "already-known";
  } else if (/nonce too low|nonce has already been used|nonce_expired|invalid nonce|oldnonce/.test(text)) {
    kind = "nonce-too-low";
  } else if (/underpriced|replacement fee too low|fee too low to replace/.test(text)) kind = "underpriced";
  else if (
    /too low for the next block|less than (the )?block base ?fee|fee cap less than|max fee per gas less than/.test(
      text,
    )
  ) {
    kind = "fee-too-low";
  } else if (/insufficient funds|insufficient balance/.test(text)) kind = "insufficient-funds";
  else kind = "other";
  return { kind, knownHash };
}
