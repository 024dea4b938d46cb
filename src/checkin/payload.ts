import { getAddress } from "ethers";

import { ANY_GATE, DELEGATED_SIGNATURE_BYTES, isDoorCode } from "./door-code.js";
import { InvalidPayloadError } from "./errors.js";
import { normalizeGateId } from "./gate-id.js";
import type { CheckInChallenge, CheckInProof } from "./types.js";

/**
 * The QR texts. Upper-case, `:`-separated, so QR readers use the compact alphanumeric mode:
 *
 * - challenge: `PCT1C:<chainId>:<contract>:<gate>:<nonce>:<expiry>`
 * - proof:     `PCT1P:<chainId>:<contract>:<gate>:<nonce>:<expiry>:<tokenId>:<signature>`
 * - door code: `PCT1D:<chainId>:<contract>:<nonce>:<expiry>:<tokenId>:<envelope>` (a delegated proof for any
 *   gate; see `door-code.ts`)
 *
 * Numbers in decimal, the contract, nonce and signature in hex without `0x`.
 */
const CHALLENGE_PREFIX = "PCT1C";
const PROOF_PREFIX = "PCT1P";
const DOOR_CODE_PREFIX = "PCT1D";

const DECIMAL = /^(0|[1-9][0-9]*)$/;
const HEX = /^[0-9A-F]*$/;

function challengeFields(c: CheckInChallenge): string[] {
  return [c.chainId.toString(), hex(c.contract), c.gate, hex(c.nonce), c.expiry.toString()];
}

function hex(value: string): string {
  return value.slice(2).toUpperCase();
}

/**
 * The QR text of a challenge.
 *
 * @param challenge The challenge.
 * @returns `PCT1C:…`
 * @example
 * encodeChallenge(challenge); // "PCT1C:31337:5FBDB2315678AFECB367F032D93F642F64180AA3:NORTH-1:9F…:1767225660"
 */
export function encodeChallenge(challenge: CheckInChallenge): string {
  return [CHALLENGE_PREFIX, ...challengeFields(challenge)].join(":");
}

/**
 * The QR text of a proof.
 *
 * @param proof The holder's proof.
 * @returns `PCT1P:…`
 * @example
 * encodeProof(proof);
 */
export function encodeProof(proof: CheckInProof): string {
  return [
    PROOF_PREFIX,
    ...challengeFields(proof.challenge),
    proof.tokenId.toString(),
    hex(proof.signature),
  ].join(":");
}

/**
 * The QR text of a door code (a delegated proof, see `signDoorCode`).
 *
 * @param proof The door code's proof.
 * @returns `PCT1D:…`
 * @example
 * encodeDoorCode(signDoorCode(key, delegation));
 */
export function encodeDoorCode(proof: CheckInProof): string {
  if (!isDoorCode(proof))
    throw new InvalidPayloadError(proof.signature, "signature", "a door code's envelope");
  const c = proof.challenge;
  return [
    DOOR_CODE_PREFIX,
    c.chainId.toString(),
    hex(c.contract),
    hex(c.nonce),
    c.expiry.toString(),
    proof.tokenId.toString(),
    hex(proof.signature),
  ].join(":");
}

/**
 * Reads a door code's QR text.
 *
 * @param text The text (surrounding white space and letter case are ignored).
 * @returns The proof (gate {@link ANY_GATE}).
 * @throws {InvalidPayloadError} If it is not a well-formed door code.
 * @example
 * const proof = decodeDoorCode(scanned);
 */
export function decodeDoorCode(text: string): CheckInProof {
  const fields = split(text, DOOR_CODE_PREFIX, 7);
  const challenge = readChallenge(text, [fields[0]!, fields[1]!, "ANY", fields[2]!, fields[3]!]);
  const tokenId = BigInt(decimal(text, fields[4]!, "tokenId"));
  const envelope = fields[5]!;
  if (!HEX.test(envelope) || envelope.length !== 2 * DELEGATED_SIGNATURE_BYTES) {
    throw new InvalidPayloadError(text, "envelope", `${2 * DELEGATED_SIGNATURE_BYTES} hex digits`);
  }
  return { challenge: { ...challenge, gate: ANY_GATE }, tokenId, signature: `0x${envelope.toLowerCase()}` };
}

/**
 * Reads what a holder shows the gate: a proof (`PCT1P:…`, two-scan) or a door code (`PCT1D:…`, one scan).
 *
 * @param text The scanned text.
 * @returns The proof.
 * @throws {InvalidPayloadError} If it is neither, well-formed.
 * @example
 * const proof = decodePresented(scanned);
 */
export function decodePresented(text: string): CheckInProof {
  return payloadKind(text) === "code" ? decodeDoorCode(text) : decodeProof(text);
}

/**
 * Reads a challenge's QR text.
 *
 * @param text The text (surrounding white space and letter case are ignored).
 * @returns The challenge.
 * @throws {InvalidPayloadError} If it is not a well-formed challenge.
 * @example
 * const challenge = decodeChallenge("PCT1C:31337:…");
 */
export function decodeChallenge(text: string): CheckInChallenge {
  const fields = split(text, CHALLENGE_PREFIX, 6);
  return readChallenge(text, fields);
}

/**
 * Reads a proof's QR text.
 *
 * @param text The text (surrounding white space and letter case are ignored).
 * @returns The proof.
 * @throws {InvalidPayloadError} If it is not a well-formed proof.
 * @example
 * const proof = decodeProof(scanned);
 */
export function decodeProof(text: string): CheckInProof {
  const fields = split(text, PROOF_PREFIX, 8);
  const challenge = readChallenge(text, fields);
  const tokenId = BigInt(decimal(text, fields[5]!, "tokenId"));
  const signature = fields[6]!;
  if (!HEX.test(signature) || signature.length === 0 || signature.length % 2 !== 0) {
    throw new InvalidPayloadError(text, "signature", "an even number of hex digits");
  }
  return { challenge, tokenId, signature: `0x${signature.toLowerCase()}` };
}

/**
 * Which QR text a scanned text is meant to be, from its prefix alone (it may still be malformed): the gate uses
 * it to tell staff that someone showed the gate's own code instead of a proof.
 *
 * @param text The scanned text (surrounding white space and letter case are ignored).
 * @returns `challenge` (`PCT1C:…`), `proof` (`PCT1P:…`), `code` (`PCT1D:…`), or undefined for anything else.
 * @example
 * payloadKind("PCT1C:31337:…"); // "challenge"
 */
export function payloadKind(text: string): "challenge" | "proof" | "code" | undefined {
  const prefix = text.trim().toUpperCase().split(":")[0];
  if (prefix === CHALLENGE_PREFIX) return "challenge";
  if (prefix === DOOR_CODE_PREFIX) return "code";
  return prefix === PROOF_PREFIX ? "proof" : undefined;
}

function split(text: string, prefix: string, count: number): string[] {
  const fields = text.trim().toUpperCase().split(":");
  if (fields[0] !== prefix) throw new InvalidPayloadError(text, "prefix", `${prefix}`);
  if (fields.length !== count)
    throw new InvalidPayloadError(text, "field count", `${count} fields after ${prefix}`);
  return fields.slice(1);
}

function readChallenge(text: string, fields: string[]): CheckInChallenge {
  const chainId = BigInt(decimal(text, fields[0]!, "chainId"));
  const contractHex = fields[1]!;
  if (contractHex.length !== 40 || !HEX.test(contractHex)) {
    throw new InvalidPayloadError(text, "contract", "40 hex digits");
  }
  let gate: string;
  try {
    gate = normalizeGateId(fields[2]!);
  } catch {
    throw new InvalidPayloadError(text, "gate", "1-31 characters of A-Z, 0-9, '.' and '-'");
  }
  const nonce = fields[3]!;
  if (nonce.length !== 32 || !HEX.test(nonce)) throw new InvalidPayloadError(text, "nonce", "32 hex digits");
  const expiry = Number(decimal(text, fields[4]!, "expiry"));
  if (!Number.isSafeInteger(expiry)) throw new InvalidPayloadError(text, "expiry", "Unix seconds");
  return {
    chainId,
    contract: getAddress(`0x${contractHex.toLowerCase()}`),
    gate,
    nonce: `0x${nonce.toLowerCase()}`,
    expiry,
  };
}

function decimal(text: string, value: string, field: string): string {
  if (!DECIMAL.test(value) || value.length > 78)
    throw new InvalidPayloadError(text, field, "a decimal number");
  return value;
}
