import { Contract, Interface, type ContractRunner } from "ethers";

const PROOF = "(uint256 tokenId, bytes32 gate, bytes16 nonce, uint64 expiry, bytes signature)";

/**
 * The part of the ticket contract's ABI the gate and the organizer use (a test checks it against the compiled
 * contract). `src/` keeps its own copy so it needs neither Hardhat nor a build to run.
 */
export const TICKET_LIFECYCLE_ABI = [
  `function checkIn(${PROOF} proof) returns (address holder)`,
  `function checkInBatch(${PROOF}[] proofs) returns (uint256 admitted)`,
  "function ticketState(uint256 tokenId) view returns (uint8)",
  "function wasCheckedIn(uint256 tokenId) view returns (bool)",
  "function locked(uint256 tokenId) view returns (bool)",
  "function ownerOf(uint256 tokenId) view returns (address)",
  "function eventStart() view returns (uint64)",
  "function eventEnd() view returns (uint64)",
  "function transferPolicy() view returns (uint8)",
  "function checkInDigest(uint256 tokenId, bytes32 gate, bytes16 nonce, uint64 expiry) view returns (bytes32)",
  "function voidTicket(uint256 tokenId)",
  "function reissueTicket(uint256 tokenId, address to)",
  "function hasRole(bytes32 role, address account) view returns (bool)",
  "function GATE_ROLE() view returns (bytes32)",
  "event CheckedIn(uint256 indexed tokenId, bytes32 indexed gate, address indexed holder, address operator, bytes16 nonce)",
  "event CheckInRefused(uint256 indexed tokenId, bytes32 indexed gate, bytes4 reason)",
  "event TicketVoided(uint256 indexed tokenId, address indexed holder, address operator)",
  "event TicketReissued(uint256 indexed tokenId, address indexed from, address indexed to, address operator)",
  "error TicketAlreadyCheckedIn(uint256 tokenId)",
  "error TicketIsVoided(uint256 tokenId)",
  "error TicketInvalidProof(uint256 tokenId, address holder)",
  "error TicketEventEnded(uint64 end)",
  "error TicketEmptyCheckInBatch()",
  "error TicketInvalidReissue(uint256 tokenId, address to)",
  "error TicketTransferLocked(uint256 tokenId, uint8 state)",
  "error ERC721NonexistentToken(uint256 tokenId)",
  "error AccessControlUnauthorizedAccount(address account, bytes32 neededRole)",
  "error EnforcedPause()",
] as const;

/** The ticket's life-cycle states, as `ticketState` returns them (`TicketState` in Solidity). */
export const TICKET_STATES = ["Valid", "CheckedIn", "Souvenir", "Voided"] as const;
export type TicketStateName = (typeof TICKET_STATES)[number];

/** The interface of {@link TICKET_LIFECYCLE_ABI}. */
export const ticketLifecycleInterface = new Interface(TICKET_LIFECYCLE_ABI);

/**
 * An ethers contract over the ticket's life-cycle ABI.
 *
 * @param address The ticket contract.
 * @param runner A provider (reads) or signer (the gate or admin account, to send).
 * @returns The contract.
 * @example
 * const ticket = ticketLifecycleContract(address, gateSigner);
 */
export function ticketLifecycleContract(address: string, runner: ContractRunner): Contract {
  return new Contract(address, ticketLifecycleInterface, runner);
}
