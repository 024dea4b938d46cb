import type { Signer } from "ethers";

import { checkInTypedData } from "./typed-data.js";
import type { CheckInChallenge, CheckInProof } from "./types.js";

export interface SignCheckInProofParameters {
  /** The holder's signer (for a smart-contract wallet: a key the wallet accepts signatures of, via ERC-1271). */
  signer: Signer;
  /** The gate's challenge. */
  challenge: CheckInChallenge;
  /** The ticket to present. */
  tokenId: bigint;
}

/**
 * The holder's side: signs the EIP-712 `CheckIn` message over the gate's challenge and a ticket. Needs no
 * connection to the chain.
 *
 * @param parameters Signer, challenge and ticket.
 * @returns The proof (show it with `encodeProof`).
 * @example
 * const proof = await signCheckInProof({ signer: wallet, challenge: decodeChallenge(scanned), tokenId: 7n });
 */
export async function signCheckInProof({
  signer,
  challenge,
  tokenId,
}: SignCheckInProofParameters): Promise<CheckInProof> {
  const { domain, types, message } = checkInTypedData({ challenge, tokenId });
  const signature = await signer.signTypedData(domain, types, message);
  return { challenge, tokenId, signature };
}
