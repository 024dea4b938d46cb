// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IPapercutTicket} from "./IPapercutTicket.sol";

/// @title ITicketClaims
/// @notice Claim links: tickets for attendees the organizer knows only by email.
///
/// Every link carries a fresh secret key. The organizer commits only the links' public addresses, as one Merkle
/// root per batch (constant storage per batch, whatever its size). Leaves are double-hashed, OpenZeppelin
/// `StandardMerkleTree` style, over `abi.encode(uint256 batchId, uint256 index, address claimAddress,
/// uint256 quantity)`.
///
/// To claim, the link's key signs the EIP-712 message `Claim(uint256 batchId,uint256 index,address recipient)`
/// in this contract's domain (name "PapercutTicketClaims", version "1", the chain id, this contract as the
/// verifying contract). Anyone may submit it with the proof: the attendee, or the organizer's relayer paying the
/// gas. Whoever copies the transaction can only resend it to the same recipient. The contract holds the
/// ticket's minter role and issues `quantity` tickets through {IPapercutTicket-airdrop}, so claims share the
/// ticket's supply cap (and its replay guard) with airdrops.
///
/// A link works once; the organizer can revoke unclaimed links, or a whole batch; a batch can expire. A
/// claimed, revoked or expired link says so with its own error.
interface ITicketClaims {
    // ------------------------------------------------------------------ types

    /// @notice One committed batch of claim links (two storage slots).
    /// @param root Merkle root over the batch's leaves (never zero for a committed batch).
    /// @param expiresAt Unix time after which unclaimed links no longer work; zero: never.
    /// @param links How many links the batch has (leaf indexes 0..links-1).
    /// @param tickets How many tickets the links entitle to in all (the sum of their quantities).
    /// @param claimedLinks How many links were claimed.
    /// @param claimedTickets How many tickets were issued through this batch (never more than `tickets`).
    /// @param revoked Whether the organizer revoked the whole batch.
    struct ClaimBatch {
        bytes32 root;
        uint64 expiresAt;
        uint32 links;
        uint32 tickets;
        uint32 claimedLinks;
        uint32 claimedTickets;
        bool revoked;
    }

    /// @notice What a link can do now.
    enum LinkStatus {
        /// The batch does not exist, or the index is outside it.
        Unknown,
        /// Can be claimed.
        Open,
        /// Was claimed (final).
        Claimed,
        /// Was revoked by the organizer, alone or with its whole batch (final).
        Revoked,
        /// Its batch expired before it was claimed (final).
        Expired
    }

    // ------------------------------------------------------------------ errors

    /// @notice The deployment named the zero address as the ticket contract.
    error ClaimsInvalidTicket(address ticket);

    /// @notice The deployment named the zero address as admin.
    error ClaimsInvalidAdmin(address admin);

    /// @notice A batch was committed under another id than the next one: it was already committed (a replay)
    /// or the caller's view of the chain is stale. Nothing is stored.
    /// @param expectedBatchId The id the caller built its links for.
    /// @param nextBatchId The id the contract would give the batch.
    error ClaimBatchOutOfOrder(uint256 expectedBatchId, uint256 nextBatchId);

    /// @notice A batch needs a non-zero root, at least one link, at least one ticket per link, and counts that
    /// fit in 32 bits.
    error ClaimBatchInvalid(bytes32 root, uint256 links, uint256 tickets);

    /// @notice The batch would entitle to more tickets than remain under the ticket's cap now.
    /// @param tickets Tickets the batch entitles to.
    /// @param remaining Tickets still available (`cap - totalMinted`).
    error ClaimBatchExceedsSupply(uint256 tickets, uint256 remaining);

    /// @notice An expiry must be zero (never) or in the future.
    /// @param expiresAt The expiry given.
    /// @param timestamp The current block's time.
    error ClaimInvalidExpiry(uint64 expiresAt, uint256 timestamp);

    /// @notice No batch was committed under this id.
    error ClaimBatchUnknown(uint256 batchId);

    /// @notice A link index outside its batch (`index >= links`).
    error ClaimIndexOutOfRange(uint256 batchId, uint256 index, uint256 links);

    /// @notice The proof does not show that (`batchId`, `index`, `claimAddress`, `quantity`) is a leaf of the
    /// batch's root: a link of another batch, contract or chain, or a tampered link.
    error ClaimInvalidProof(uint256 batchId, uint256 index, address claimAddress, uint256 quantity);

    /// @notice The link was already claimed; its ticket went to the recipient in the {TicketClaimed} event.
    error ClaimAlreadyClaimed(uint256 batchId, uint256 index);

    /// @notice The organizer revoked the link (alone or with its whole batch) before it was claimed.
    error ClaimRevoked(uint256 batchId, uint256 index);

    /// @notice The link's batch expired before the link was claimed.
    /// @param expiresAt When the batch expired (Unix time).
    error ClaimExpired(uint256 batchId, uint256 index, uint64 expiresAt);

    /// @notice The signature was not made by the link's key over this recipient, batch, index, contract and
    /// chain: a front-runner changed the recipient, or the link belongs to another contract or chain.
    /// @param claimAddress The link's public address.
    /// @param signer The address the signature recovers to (zero when it is malformed).
    error ClaimInvalidSignature(address claimAddress, address signer);

    /// @notice Tickets cannot be claimed to the zero address.
    error ClaimInvalidRecipient(address recipient);

    /// @notice The link asks for more tickets than its batch has left: the batch's tree disagrees with the
    /// ticket count committed with it. Nothing is issued.
    error ClaimBatchOverdrawn(uint256 batchId, uint256 requested, uint256 remaining);

    // ------------------------------------------------------------------ events

    /// @notice Batch `batchId` of `links` claim links, entitling to `tickets` tickets, was committed.
    event ClaimBatchCommitted(
        uint256 indexed batchId,
        bytes32 root,
        uint256 links,
        uint256 tickets,
        uint64 expiresAt,
        address indexed organizer
    );

    /// @notice Link `index` of batch `batchId` was revoked.
    event ClaimLinkRevoked(uint256 indexed batchId, uint256 index, address indexed organizer);

    /// @notice Every unclaimed link of batch `batchId` was revoked.
    event ClaimBatchRevoked(uint256 indexed batchId, address indexed organizer);

    /// @notice Link `index` of batch `batchId` was claimed: tickets `firstTokenId` ..
    /// `firstTokenId + quantity - 1` went to `recipient`; `submitter` sent the transaction.
    event TicketClaimed(
        uint256 indexed batchId,
        uint256 index,
        address indexed claimAddress,
        address indexed recipient,
        uint256 firstTokenId,
        uint256 quantity,
        address submitter
    );

    // ------------------------------------------------------------------ views

    /// @notice The role that commits and revokes batches.
    function ORGANIZER_ROLE() external view returns (bytes32);

    /// @notice `keccak256("Claim(uint256 batchId,uint256 index,address recipient)")`.
    function CLAIM_TYPEHASH() external view returns (bytes32);

    /// @notice The ticket contract claims issue from (fixed at deployment).
    function ticket() external view returns (IPapercutTicket);

    /// @notice The id the next committed batch will get (batches are numbered from 1).
    function nextBatchId() external view returns (uint256);

    /// @notice A committed batch (all zero for an unknown id).
    function batch(uint256 batchId) external view returns (ClaimBatch memory);

    /// @notice What link `index` of batch `batchId` can do now.
    function linkStatus(uint256 batchId, uint256 index) external view returns (LinkStatus);

    /// @notice The EIP-712 digest the link key signs to claim link `index` of batch `batchId` for `recipient`.
    function claimDigest(uint256 batchId, uint256 index, address recipient) external view returns (bytes32);

    // ------------------------------------------------------------------ organizer

    /// @notice Commits a batch of claim links. Organizer only. Safe to retry: the batch must get
    /// `expectedBatchId` (the id its leaves were built with), so a replay reverts with {ClaimBatchOutOfOrder}.
    /// @param expectedBatchId The id the batch must get ({nextBatchId}).
    /// @param root The Merkle root over the batch's leaves.
    /// @param links How many links (leaves) the batch has.
    /// @param tickets How many tickets the links entitle to in all; claims of the batch never issue more.
    /// @param expiresAt Unix time after which unclaimed links stop working; zero: never.
    /// @return batchId Equal to `expectedBatchId`.
    function commitBatch(
        uint256 expectedBatchId,
        bytes32 root,
        uint256 links,
        uint256 tickets,
        uint64 expiresAt
    ) external returns (uint256 batchId);

    /// @notice Revokes unclaimed links (a lost email, a cancelled registration). Organizer only. Links already
    /// revoked are skipped, so a retry is harmless; a claimed link cannot be revoked ({ClaimAlreadyClaimed}).
    function revokeLinks(uint256 batchId, uint256[] calldata indexes) external;

    /// @notice Revokes every unclaimed link of a batch. Organizer only; idempotent.
    function revokeBatch(uint256 batchId) external;

    // ------------------------------------------------------------------ claim

    /// @notice Claims link `index` of batch `batchId`: issues its `quantity` tickets to `recipient`. Anyone may
    /// submit; `signature` must be the link key's EIP-712 signature of (batchId, index, recipient).
    /// @param batchId The link's batch.
    /// @param index The link's index in its batch.
    /// @param claimAddress The link's public address (the signer).
    /// @param quantity Tickets the link entitles to (as committed in its leaf).
    /// @param recipient Who receives the tickets.
    /// @param signature The link key's 65-byte signature of {claimDigest}.
    /// @param proof The Merkle proof of the link's leaf.
    /// @return firstTokenId The first ticket issued.
    function claim(
        uint256 batchId,
        uint256 index,
        address claimAddress,
        uint256 quantity,
        address recipient,
        bytes calldata signature,
        bytes32[] calldata proof
    ) external returns (uint256 firstTokenId);
}
