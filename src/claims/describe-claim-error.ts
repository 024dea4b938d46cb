import { decodeRevert } from "../chain/decode-revert.js";
import {
  ClaimLinkExpiredError,
  ClaimLinkRevokedError,
  ClaimLinkUsedError,
  ClaimRefusedError,
  type LinkPosition,
} from "./errors.js";

/** What each refusal means to the person holding the link. */
const MEANINGS: Record<string, string> = {
  ClaimInvalidSignature:
    "the signature does not match the link: it was made for another recipient, contract or chain",
  ClaimInvalidProof:
    "the link is not part of its batch: it was altered, or belongs to another contract or chain",
  ClaimBatchUnknown: "the link's batch does not exist on this contract: wrong network or contract",
  ClaimIndexOutOfRange: "the link's index is outside its batch: the link was altered",
  ClaimInvalidRecipient: "the tickets cannot go to the zero address",
  ClaimBatchOverdrawn:
    "the batch has no tickets left for this link (its tree disagrees with its ticket count)",
  TicketSupplyExceeded: "no tickets are left: the event is sold out",
  EnforcedPause: "ticket issuance is paused by the organizer; try again later",
  AccessControlUnauthorizedAccount:
    "the claims contract may not issue tickets (it lacks the ticket's minter role)",
};

/**
 * Turns a revert of `TicketClaims.claim` (or of the ticket beneath it) into an expected error the holder
 * understands: {@link ClaimLinkUsedError}, {@link ClaimLinkRevokedError}, {@link ClaimLinkExpiredError}, or a
 * {@link ClaimRefusedError} naming the contract's reason. Returns undefined for anything else (not a revert we
 * know), so the caller rethrows it.
 *
 * @param error What ethers threw, or a node's or wallet's error with the revert data in it.
 * @returns The expected error, or undefined.
 * @example
 * try { await claims.claim.staticCall(...args) } catch (e) { throw describeClaimError(e) ?? e }
 */
export function describeClaimError(error: unknown): ClaimRefusedError | undefined {
  const decoded = decodeRevert(error);
  if (decoded === undefined) return undefined;
  const { name, args } = decoded;
  const position = (): LinkPosition => ({
    batchId: BigInt(args[0] as bigint),
    index: BigInt(args[1] as bigint),
  });
  switch (name) {
    case "ClaimAlreadyClaimed":
      return new ClaimLinkUsedError(position(), { cause: error });
    case "ClaimRevoked":
      return new ClaimLinkRevokedError(position(), { cause: error });
    case "ClaimExpired":
      return new ClaimLinkExpiredError(position(), BigInt(args[2] as bigint), { cause: error });
    default: {
      const meaning = MEANINGS[name];
      if (meaning === undefined) return undefined;
      return new ClaimRefusedError(`the claim was refused: ${meaning}`, {
        reason: name,
        details: decoded.text,
        cause: error,
      });
    }
  }
}
