/**
 * What bench/gate-snapshot.ts runs in Chromium: the gate page's own offline store (web/src/ticket-snapshot.ts) and
 * offline decision (src/checkin/verify-proof-offline.ts), bundled by vite as they are in the page.
 */
export { loadSnapshot, saveSnapshot, type TicketSnapshot } from "../../web/src/ticket-snapshot.js";
export { verifyCheckInProofOffline } from "../../src/checkin/verify-proof-offline.js";
export { decodeProof } from "../../src/checkin/payload.js";
