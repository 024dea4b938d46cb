import type { Contract } from "ethers";

import type { AdmissionEntry, CheckInJournal } from "./journal-index.js";
import type { CheckInProof } from "./types.js";
import { verifyCheckInProof, type GateIdentity, type VerifyCheckInProofReturnType } from "./verify-proof.js";

export interface AdmitCheckInProofParameters {
  proof: CheckInProof;
  gate: GateIdentity;
  ticket: Contract;
  journal: CheckInJournal;
  now?: () => number;
  fromBlock?: number;
}

export interface AdmitCheckInProofReturnType extends VerifyCheckInProofReturnType {
  /** The journal entry: the admission, to be committed on-chain by `syncGateJournal`. */
  admission: AdmissionEntry;
}

/**
 * Verifies a proof ({@link verifyCheckInProof}) and, if good, journals the admission — the moment the gate says
 * ADMIT. The journal write re-checks, under its lock, that neither the challenge nor the ticket was used here
 * meanwhile. Committing on-chain is separate (`syncGateJournal`), so the gate never waits for a block.
 *
 * @param parameters Proof, gate identity, contract and journal.
 * @returns The holder, how they signed, and the journal entry.
 * @throws {CheckInRefusedError} One of its subclasses, saying why.
 * @example
 * const admitted = await admitCheckInProof({ proof, gate, ticket, journal });
 */
export async function admitCheckInProof({
  proof,
  gate,
  ticket,
  journal,
  now = Date.now,
  fromBlock,
}: AdmitCheckInProofParameters): Promise<AdmitCheckInProofReturnType> {
  const verified = await verifyCheckInProof({ proof, gate, ticket, journal, now, fromBlock });
  const admission = await journal.recordAdmission(proof, verified.holder, now());
  return { ...verified, admission };
}
