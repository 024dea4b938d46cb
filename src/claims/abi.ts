/**
 * The part of `TicketClaims`' ABI the toolkit and the claim page use, human-readable, errors included so that
 * ethers decodes reverts by name. Browser-safe. Kept in step with `contracts/interfaces/ITicketClaims.sol` by
 * `test/claims/abi.test.ts`.
 */
export const TICKET_CLAIMS_ABI = [
  "function ORGANIZER_ROLE() view returns (bytes32)",
  "function ticket() view returns (address)",
  "function nextBatchId() view returns (uint256)",
  "function batch(uint256 batchId) view returns ((bytes32 root, uint64 expiresAt, uint32 links, uint32 tickets, uint32 claimedLinks, uint32 claimedTickets, bool revoked))",
  "function linkStatus(uint256 batchId, uint256 index) view returns (uint8)",
  "function claimDigest(uint256 batchId, uint256 index, address recipient) view returns (bytes32)",
  "function commitBatch(uint256 expectedBatchId, bytes32 root, uint256 links, uint256 tickets, uint64 expiresAt) returns (uint256)",
  "function revokeLinks(uint256 batchId, uint256[] indexes)",
  "function revokeBatch(uint256 batchId)",
  "function claim(uint256 batchId, uint256 index, address claimAddress, uint256 quantity, address recipient, bytes signature, bytes32[] proof) returns (uint256)",
  "event ClaimBatchCommitted(uint256 indexed batchId, bytes32 root, uint256 links, uint256 tickets, uint64 expiresAt, address indexed organizer)",
  "event ClaimLinkRevoked(uint256 indexed batchId, uint256 index, address indexed organizer)",
  "event ClaimBatchRevoked(uint256 indexed batchId, address indexed organizer)",
  "event TicketClaimed(uint256 indexed batchId, uint256 index, address indexed claimAddress, address indexed recipient, uint256 firstTokenId, uint256 quantity, address submitter)",
  "error ClaimsInvalidTicket(address ticket)",
  "error ClaimsInvalidAdmin(address admin)",
  "error ClaimBatchOutOfOrder(uint256 expectedBatchId, uint256 nextBatchId)",
  "error ClaimBatchInvalid(bytes32 root, uint256 links, uint256 tickets)",
  "error ClaimBatchExceedsSupply(uint256 tickets, uint256 remaining)",
  "error ClaimInvalidExpiry(uint64 expiresAt, uint256 timestamp)",
  "error ClaimBatchUnknown(uint256 batchId)",
  "error ClaimIndexOutOfRange(uint256 batchId, uint256 index, uint256 links)",
  "error ClaimInvalidProof(uint256 batchId, uint256 index, address claimAddress, uint256 quantity)",
  "error ClaimAlreadyClaimed(uint256 batchId, uint256 index)",
  "error ClaimRevoked(uint256 batchId, uint256 index)",
  "error ClaimExpired(uint256 batchId, uint256 index, uint64 expiresAt)",
  "error ClaimInvalidSignature(address claimAddress, address signer)",
  "error ClaimInvalidRecipient(address recipient)",
  "error ClaimBatchOverdrawn(uint256 batchId, uint256 requested, uint256 remaining)",
  // The ticket's errors that a claim can bubble up.
  "error TicketSupplyExceeded(uint256 requested, uint256 remaining)",
  "error TicketBatchOutOfOrder(uint256 expectedFirstId, uint256 nextTokenId)",
  "error EnforcedPause()",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
] as const;

/** `linkStatus` values, by their position in the contract's `LinkStatus` enum. */
export const LINK_STATUSES = ["unknown", "open", "claimed", "revoked", "expired"] as const;
/** A link's status as a word. */
export type LinkStatusName = (typeof LINK_STATUSES)[number];
