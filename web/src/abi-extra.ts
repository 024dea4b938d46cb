/**
 * Further contract fragments the event, My tickets and claim pages read (ticket life cycle, issuance events,
 * the donation ledger), in ethers' human-readable form. `test/web/abi-extra.test.ts` checks every fragment
 * against the compiled artifacts.
 */
export const TICKET_EXTRA_ABI = [
  "function ticketState(uint256 tokenId) view returns (uint8)",
  "function donationLedger() view returns (address)",
  "event TicketsIssued(uint256 indexed firstTokenId, uint256 count, address indexed operator)",
  "event CheckedIn(uint256 indexed tokenId, bytes32 indexed gate, address indexed holder, address operator, bytes16 nonce)",
  "event TicketVoided(uint256 indexed tokenId, address indexed holder, address operator)",
] as const;

/** `ticketState` values, by their position in the contract's `TicketState` enum, as the pages name them. */
export const TICKET_STATES = ["valid", "admitted", "souvenir", "voided"] as const;
export type TicketStateName = (typeof TICKET_STATES)[number];

const DONATION =
  "((uint8 basis, uint64 ticketCount, uint64 snapshotBlock, uint64 issuanceGasUsed, uint64 avoidedGrams, " +
  "uint64 digitalGrams, uint64 netGrams, bytes3 currency, uint8 currencyExponent, uint128 rate, uint128 amountMinor, " +
  "bytes32 methodologyHash, bytes32 inputsHash, string methodologyURI, (string name, string registryId, address account) " +
  "recipient) record, uint256 supersedes, uint256 supersededBy, uint64 recordedAt, address recordedBy, " +
  "(bytes32 receiptHash, bytes32 paymentRef, uint256 paidWei, uint64 settledAt, address settledBy, string receiptURI) " +
  "settlement)";

/** The read side of `DonationLedger`. */
export const DONATION_LEDGER_ABI = [
  "function ticket() view returns (address)",
  "function donationCount() view returns (uint256)",
  `function donation(uint256 id) view returns (${DONATION})`,
  `function donations(uint256 fromId, uint256 limit) view returns (${DONATION}[] list)`,
] as const;
