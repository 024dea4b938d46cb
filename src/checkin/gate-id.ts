import { InvalidGateIdError } from "./errors.js";

const GATE_ID = /^[A-Z0-9][A-Z0-9.-]{0,30}$/;

/**
 * Normalizes a gate id to its canonical upper-case form and checks it: 1–31 characters of A–Z, 0–9, `.` and
 * `-`, so it fits the QR code's alphanumeric mode and a bytes32 string on-chain.
 *
 * @param gate The gate id as typed (`north-1`).
 * @returns The canonical id (`NORTH-1`).
 * @throws {InvalidGateIdError} For anything else.
 * @example
 * normalizeGateId("north-1"); // "NORTH-1"
 */
export function normalizeGateId(gate: string): string {
  const id = gate.trim().toUpperCase();
  if (!GATE_ID.test(id)) throw new InvalidGateIdError(gate);
  return id;
}
