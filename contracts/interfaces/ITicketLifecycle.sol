// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {TicketState} from "./ITicketRenderer.sol";

/// @notice Who may transfer a ticket, and when. Chosen at deployment, readable with `transferPolicy()`, and
/// announced per ticket through ERC-5192 `locked(tokenId)`.
/// @dev In every policy a voided ticket never moves, and a checked-in ticket stays with its holder until the
/// event ends (an admitted ticket cannot be passed out through the fence). Only the admin's {reissueTicket}
/// moves a locked ticket.
/// - Transferable: a valid ticket moves freely; every ticket is free again once the event has ended.
/// - LockedDuringEvent: like Transferable, but no ticket moves between the event's start and end.
/// - LockedUntilEnd: anti-scalping; no ticket moves until the event ends, then they are free souvenirs.
/// - Soulbound: tickets never move (except by the admin's reissue).
/// ERC-5192 events come with the transactions that change a lock (check-in, void); changes that come with time
/// alone (the start or end passing) and tickets issued already locked have none: `locked(tokenId)` is always
/// current.
enum TransferPolicy {
    Transferable,
    LockedDuringEvent,
    LockedUntilEnd,
    Soulbound
}

/// @notice A holder's proof of ownership, shown at the gate as a QR code: an EIP-712 signature by the ticket's
/// holder over `CheckIn(uint256 tokenId,bytes32 gate,bytes16 nonce,uint64 expiry)` in the ticket contract's
/// domain (`name` "PapercutTicket", `version` "1", the chain ID, the ticket contract), answering the gate's
/// challenge `(gate, nonce, expiry)`.
/// @param tokenId The ticket presented.
/// @param gate The gate that issued the challenge (a short label, e.g. "NORTH-1", as bytes32).
/// @param nonce The challenge's random nonce.
/// @param expiry The challenge's expiry (Unix seconds): the gate admits only before it; the contract commits the
/// proof until `expiry + CHECK_IN_GRACE`.
/// @param signature The holder's signature: an ECDSA signature by the holder's key (also for an EOA delegated with
/// EIP-7702), else anything the holder's `isValidSignature` accepts (ERC-1271 smart-contract wallet).
struct CheckInProof {
    uint256 tokenId;
    bytes32 gate;
    bytes16 nonce;
    uint64 expiry;
    bytes signature;
}

/// @title ITicketLifecycle
/// @notice The life cycle of a ticket: `Valid` → `CheckedIn` at the gate, at most once, with the holder's own
/// signature checked on-chain; every ticket not voided reads `Souvenir` once the event has ended; the admin
/// can void a ticket (`Voided`: it can no longer be checked in, moved or changed) or reissue it to another
/// address under the same number. Door staff hold the gate role only.
/// @dev Replay protection: a proof names one ticket, and a ticket is checked in at most once, so no proof can be
/// used twice on-chain; the gate refuses stale or foreign challenges before that (expiry, nonce, gate), and the
/// contract refuses a proof more than `CHECK_IN_GRACE` past its expiry (a photographed or refused QR code dies).
/// A proof committed later (a gate that was offline) is accepted while the event has not ended if it was signed
/// by the ticket's holder now, or (ECDSA) by a holder who moved the ticket on inside the event window after the
/// challenge could have been issued (`expiry - CHALLENGE_LIFETIME_MAX`): a transfer mined between the gate's
/// ADMIT and its commit cannot void the admission. The `CheckedIn` event records the challenge's nonce, and its
/// block the time.
interface ITicketLifecycle {
    // ------------------------------------------------------------------ errors

    /// @notice The event window must start before it ends (and, when changed, not start in the past).
    error TicketInvalidEventWindow(uint64 start, uint64 end);

    /// @notice The event has started: its window can no longer change.
    error TicketEventAlreadyStarted(uint64 start);

    /// @notice The event has ended: no more check-ins.
    error TicketEventEnded(uint64 end);

    /// @notice The event has not ended yet.
    error TicketEventNotEnded(uint64 end);

    /// @notice The ticket was already checked in. The `CheckedIn` event for `tokenId` tells where and when.
    error TicketAlreadyCheckedIn(uint256 tokenId);

    /// @notice The ticket was voided by the organizer; it can no longer be checked in, moved, voided or reissued.
    error TicketIsVoided(uint256 tokenId);

    /// @notice The check-in proof was not signed by the ticket's current holder (neither an ECDSA signature by the
    /// holder's key nor accepted by the holder's ERC-1271 `isValidSignature`): a forged proof, a proof for another
    /// chain or contract, or one signed by a previous holder.
    /// @param tokenId The ticket.
    /// @param holder Its current holder.
    error TicketInvalidProof(uint256 tokenId, address holder);

    /// @notice The holder cannot transfer the ticket now (see {TransferPolicy} and ERC-5192 `locked`).
    /// @param tokenId The ticket.
    /// @param state Its life-cycle state.
    error TicketTransferLocked(uint256 tokenId, TicketState state);

    /// @notice The proof's challenge expired more than `CHECK_IN_GRACE` ago: it can no longer be committed.
    /// @param tokenId The ticket.
    /// @param expiry The challenge's expiry (Unix seconds).
    error TicketProofExpired(uint256 tokenId, uint64 expiry);

    /// @notice The transaction has too little gas left to give a holder's ERC-1271 wallet its fixed
    /// `ERC1271_GAS`; send it again with more gas (no proof was refused for it).
    /// @param gasLeft The gas left when the wallet was to be asked.
    error TicketCheckInGasTooLow(uint256 gasLeft);

    /// @notice A ticket cannot be reissued to the zero address or to its current holder.
    error TicketInvalidReissue(uint256 tokenId, address to);

    /// @notice A batch check-in named no proof.
    error TicketEmptyCheckInBatch();

    // ------------------------------------------------------------------ events

    /// @notice The event's start and end times were set (at deployment) or changed by the admin.
    event EventWindowUpdated(uint64 start, uint64 end);

    /// @notice Someone announced that the event has ended (all tickets not voided are now souvenirs).
    event EventEnded(uint64 end);

    /// @notice A ticket was admitted. The block's timestamp is the admission time.
    /// @param tokenId The ticket.
    /// @param gate The gate whose challenge the holder signed.
    /// @param holder Who signed the proof: the holder now, or the holder when the proof was signed (see {checkIn}).
    /// @param operator The gate account that committed the admission.
    /// @param nonce The challenge's nonce (lets a gate match the admission to its journal).
    event CheckedIn(
        uint256 indexed tokenId,
        bytes32 indexed gate,
        address indexed holder,
        address operator,
        bytes16 nonce
    );

    /// @notice A proof in a batch check-in was refused; the others went ahead.
    /// @param tokenId The ticket.
    /// @param gate The gate named in the proof.
    /// @param reason The selector of the error {checkIn} would have reverted with (e.g.
    /// `TicketAlreadyCheckedIn.selector`).
    event CheckInRefused(uint256 indexed tokenId, bytes32 indexed gate, bytes4 reason);

    /// @notice The organizer voided a ticket.
    event TicketVoided(uint256 indexed tokenId, address indexed holder, address operator);

    /// @notice The organizer reissued a ticket to a new address; it keeps its number and its state.
    event TicketReissued(uint256 indexed tokenId, address indexed from, address indexed to, address operator);

    // ------------------------------------------------------------------ views

    /// @notice Door staff: may commit check-ins, nothing else.
    // solhint-disable-next-line func-name-mixedcase
    function GATE_ROLE() external view returns (bytes32);

    /// @notice The EIP-712 type hash of `CheckIn(uint256 tokenId,bytes32 gate,bytes16 nonce,uint64 expiry)`.
    // solhint-disable-next-line func-name-mixedcase
    function CHECK_IN_TYPEHASH() external view returns (bytes32);

    /// @notice How long after its challenge's expiry a proof can still be committed (seconds): longer than the
    /// longest time a gate may stay offline before it syncs.
    // solhint-disable-next-line func-name-mixedcase
    function CHECK_IN_GRACE() external view returns (uint64);

    /// @notice The longest a gate's challenge may live (expiry minus issue time, seconds). A proof signed by a
    /// holder who moved the ticket on is honoured when that move came at or after `expiry - CHALLENGE_LIFETIME_MAX`.
    // solhint-disable-next-line func-name-mixedcase
    function CHALLENGE_LIFETIME_MAX() external view returns (uint64);

    /// @notice The fixed gas a holder's ERC-1271 `isValidSignature` gets in a check-in: a wallet that burns more
    /// fails its own proof, never the rest of a batch.
    // solhint-disable-next-line func-name-mixedcase
    function ERC1271_GAS() external view returns (uint256);

    /// @notice When the event starts (Unix seconds).
    function eventStart() external view returns (uint64);

    /// @notice When the event ends (Unix seconds); from then on tickets are souvenirs.
    function eventEnd() external view returns (uint64);

    /// @notice The transfer policy chosen at deployment.
    function transferPolicy() external view returns (TransferPolicy);

    /// @notice The ticket's life-cycle state now: `Voided`, else `Souvenir` once the event has ended, else
    /// `CheckedIn` or `Valid`. Reverts with `ERC721NonexistentToken` for a ticket that does not exist.
    function ticketState(uint256 tokenId) external view returns (TicketState);

    /// @notice Whether the ticket was ever checked in (stays true when it becomes a souvenir or is voided).
    /// Reverts with `ERC721NonexistentToken` for a ticket that does not exist.
    function wasCheckedIn(uint256 tokenId) external view returns (bool);

    /// @notice The EIP-712 type hash of `DoorDelegation(uint256 tokenId,address delegate,uint64 notAfter)`: a holder
    /// lets the key `delegate` (kept by the holder's ticket page) sign `tokenId`'s check-in proofs whose expiry is
    /// not after `notAfter`. Such a delegated proof carries, in its `signature`, the delegate's ECDSA signature of
    /// the check-in digest (65 bytes), the holder's ECDSA signature of {doorDelegationDigest} (65), `delegate` (20)
    /// and `notAfter` (8, big-endian): 158 bytes. It counts as signed by the delegation's signer, under the same
    /// rules as a proof the holder signs (the holder now, or one who moved the ticket on while it was live).
    // solhint-disable-next-line func-name-mixedcase
    function DOOR_DELEGATION_TYPEHASH() external view returns (bytes32);

    /// @notice The EIP-712 digest a holder signs to delegate `tokenId`'s door proofs to `delegate` until `notAfter`.
    function doorDelegationDigest(uint256 tokenId, address delegate, uint64 notAfter) external view returns (bytes32);

    /// @notice The EIP-712 digest a holder signs to check `tokenId` in against a gate's challenge.
    function checkInDigest(uint256 tokenId, bytes32 gate, bytes16 nonce, uint64 expiry) external view returns (bytes32);

    // ------------------------------------------------------------------ gate

    /// @notice Admits one ticket: checks that the ticket is `Valid`, that the proof is at most `CHECK_IN_GRACE`
    /// past its expiry, and that it was signed by the ticket's current holder (ECDSA, else ERC-1271 with a fixed
    /// `ERC1271_GAS`) or by a key that moved the ticket on inside the event window since the challenge could have
    /// been issued (see the contract's notes), then marks it `CheckedIn`. Gate role; not while paused; not after
    /// the event ended. Emits {CheckedIn}, ERC-4906 `MetadataUpdate` and, if the ticket was transferable,
    /// ERC-5192 `Locked`.
    /// @dev Reverts with `ERC721NonexistentToken`, {TicketAlreadyCheckedIn}, {TicketIsVoided},
    /// {TicketProofExpired}, {TicketInvalidProof}, {TicketCheckInGasTooLow} or {TicketEventEnded}. A gate may
    /// `eth_call` it to verify a proof exactly as the contract will, in one round trip (and then compare the
    /// returned signer with `ownerOf`: at the door only the holder now should be admitted).
    /// @return holder Who signed the proof (the holder now, or when the proof was signed).
    function checkIn(CheckInProof calldata proof) external returns (address holder);

    /// @notice Admits many tickets in one transaction. A proof that {checkIn} would refuse is skipped with
    /// {CheckInRefused} (carrying the error's selector) and the others go ahead, so a batch from a gate that
    /// was offline is not lost to one ticket another gate admitted first, nor to a wallet that burns gas (it
    /// gets `ERC1271_GAS`). Gate role; not while paused; not after the event ended; reverts with
    /// {TicketEmptyCheckInBatch} when empty, {TicketCheckInGasTooLow} when sent with too little gas.
    /// @return admitted How many tickets were checked in.
    function checkInBatch(CheckInProof[] calldata proofs) external returns (uint256 admitted);

    // ------------------------------------------------------------------ organizer

    /// @notice Voids a ticket (lost, stolen, fraudulent): it can no longer be checked in, moved, voided again
    /// or reissued, and renders as cancelled; its holder keeps it. Admin only; works while paused.
    /// Emits {TicketVoided}, ERC-4906 `MetadataUpdate` and, if it was transferable, ERC-5192 `Locked`.
    function voidTicket(uint256 tokenId) external;

    /// @notice Reissues a ticket to `to` (a holder who lost their wallet): moves it, whatever the transfer
    /// policy, keeping its number and state, so no ticket is minted, the supply cap stays exact, and a ticket
    /// already checked in stays checked in. Proofs signed by the previous holder stop working. Admin only; not
    /// while paused; not for a voided ticket. Emits ERC-721 `Transfer` and {TicketReissued}.
    function reissueTicket(uint256 tokenId, address to) external;

    /// @notice Changes the event's start and end. Admin only, and only before the event starts; the new start
    /// must not be in the past and must come before the new end. Emits {EventWindowUpdated}.
    function setEventWindow(uint64 start, uint64 end) external;

    /// @notice Once the event has ended, lets anyone tell wallets and marketplaces to refresh every ticket
    /// (now souvenirs): emits {EventEnded} and ERC-4906 `BatchMetadataUpdate` over all token IDs. Lock changes
    /// that come with time alone (the start or end passing) have no ERC-5192 event; `locked` is always current.
    function announceEventEnded() external;
}
