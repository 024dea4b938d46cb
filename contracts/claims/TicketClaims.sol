// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// Bounds are written as `index >= links` and `expiresAt <= now`: clearer than strict rewrites, same gas here.
// solhint-disable gas-strict-inequalities

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {MerkleProof} from "@openzeppelin/contracts/utils/cryptography/MerkleProof.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";

import {IPapercutTicket} from "../interfaces/IPapercutTicket.sol";
import {ITicketClaims} from "../interfaces/ITicketClaims.sol";

/// @title TicketClaims
/// @notice One-time claim links for the tickets of one event, committed as a Merkle root per batch.
/// @dev Holds the ticket's minter role and issues through its `airdrop`, so claims share the cap and the replay
/// guard with airdrops. Storage per batch: two slots, plus one bit per claimed and per revoked link.
/// Checks, then effects, then the one interaction (the ticket), which is treated as hostile: by the time it
/// runs, the link is marked claimed, so re-entering with it reverts and re-entering with another link only
/// claims that link.
contract TicketClaims is ITicketClaims, AccessControl, EIP712 {
    using BitMaps for BitMaps.BitMap;

    /// @inheritdoc ITicketClaims
    bytes32 public constant ORGANIZER_ROLE = keccak256("ORGANIZER_ROLE");

    /// @inheritdoc ITicketClaims
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant CLAIM_TYPEHASH = keccak256("Claim(uint256 batchId,uint256 index,address recipient)");

    IPapercutTicket private immutable _ticket;
    uint256 private _batchCount;
    mapping(uint256 batchId => ClaimBatch) private _batches;
    mapping(uint256 batchId => BitMaps.BitMap) private _claimed;
    mapping(uint256 batchId => BitMaps.BitMap) private _revoked;

    /// @param ticket_ The ticket contract; this contract needs its minter role to issue claims.
    /// @param admin Receives the admin and organizer roles.
    constructor(IPapercutTicket ticket_, address admin) EIP712("PapercutTicketClaims", "1") {
        if (address(ticket_) == address(0)) revert ClaimsInvalidTicket(address(ticket_));
        if (admin == address(0)) revert ClaimsInvalidAdmin(admin);
        _ticket = ticket_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(ORGANIZER_ROLE, admin);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ITicketClaims
    function ticket() external view returns (IPapercutTicket) {
        return _ticket;
    }

    /// @inheritdoc ITicketClaims
    function nextBatchId() external view returns (uint256) {
        return _batchCount + 1;
    }

    /// @inheritdoc ITicketClaims
    function batch(uint256 batchId) external view returns (ClaimBatch memory) {
        return _batches[batchId];
    }

    /// @inheritdoc ITicketClaims
    function linkStatus(uint256 batchId, uint256 index) external view returns (LinkStatus) {
        ClaimBatch storage b = _batches[batchId];
        if (b.root == bytes32(0) || index >= b.links) return LinkStatus.Unknown;
        if (_claimed[batchId].get(index)) return LinkStatus.Claimed;
        if (b.revoked || _revoked[batchId].get(index)) return LinkStatus.Revoked;
        if (_isExpired(b.expiresAt)) return LinkStatus.Expired;
        return LinkStatus.Open;
    }

    /// @inheritdoc ITicketClaims
    function claimDigest(uint256 batchId, uint256 index, address recipient) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CLAIM_TYPEHASH, batchId, index, recipient)));
    }

    // ------------------------------------------------------------------ organizer

    /// @inheritdoc ITicketClaims
    function commitBatch(
        uint256 expectedBatchId,
        bytes32 root,
        uint256 links,
        uint256 tickets,
        uint64 expiresAt
    ) external onlyRole(ORGANIZER_ROLE) returns (uint256 batchId) {
        batchId = _batchCount + 1;
        if (expectedBatchId != batchId) revert ClaimBatchOutOfOrder(expectedBatchId, batchId);
        if (root == bytes32(0) || links == 0 || tickets < links || tickets > type(uint32).max) {
            revert ClaimBatchInvalid(root, links, tickets);
        }
        // solhint-disable-next-line not-rely-on-time
        if (expiresAt != 0 && expiresAt <= block.timestamp) revert ClaimInvalidExpiry(expiresAt, block.timestamp);
        uint256 remaining = _ticket.cap() - _ticket.totalMinted();
        if (tickets > remaining) revert ClaimBatchExceedsSupply(tickets, remaining);

        _batchCount = batchId;
        _batches[batchId] = ClaimBatch({
            root: root,
            expiresAt: expiresAt,
            // Cannot truncate: 0 < links <= tickets <= type(uint32).max was checked above.
            links: uint32(links),
            tickets: uint32(tickets),
            claimedLinks: 0,
            claimedTickets: 0,
            revoked: false
        });
        emit ClaimBatchCommitted(batchId, root, links, tickets, expiresAt, _msgSender());
    }

    /// @inheritdoc ITicketClaims
    function revokeLinks(uint256 batchId, uint256[] calldata indexes) external onlyRole(ORGANIZER_ROLE) {
        ClaimBatch storage b = _requireBatch(batchId);
        uint256 links = b.links;
        BitMaps.BitMap storage claimed = _claimed[batchId];
        BitMaps.BitMap storage revoked = _revoked[batchId];
        for (uint256 i = 0; i < indexes.length; ++i) {
            uint256 index = indexes[i];
            if (index >= links) revert ClaimIndexOutOfRange(batchId, index, links);
            if (claimed.get(index)) revert ClaimAlreadyClaimed(batchId, index);
            if (revoked.get(index)) continue;
            revoked.set(index);
            emit ClaimLinkRevoked(batchId, index, _msgSender());
        }
    }

    /// @inheritdoc ITicketClaims
    function revokeBatch(uint256 batchId) external onlyRole(ORGANIZER_ROLE) {
        ClaimBatch storage b = _requireBatch(batchId);
        if (b.revoked) return;
        b.revoked = true;
        emit ClaimBatchRevoked(batchId, _msgSender());
    }

    // ------------------------------------------------------------------ claim

    /// @inheritdoc ITicketClaims
    function claim(
        uint256 batchId,
        uint256 index,
        address claimAddress,
        uint256 quantity,
        address recipient,
        bytes calldata signature,
        bytes32[] calldata proof
    ) external returns (uint256 firstTokenId) {
        if (recipient == address(0)) revert ClaimInvalidRecipient(recipient);
        ClaimBatch storage b = _requireBatch(batchId);
        _checkLink(b, batchId, index, claimAddress, quantity, proof);
        _checkSignature(batchId, index, claimAddress, recipient, signature);
        uint256 claimedTickets = b.claimedTickets;
        if (quantity > b.tickets - claimedTickets) {
            revert ClaimBatchOverdrawn(batchId, quantity, b.tickets - claimedTickets);
        }

        // Effects, before the ticket is called.
        firstTokenId = _ticket.nextTokenId();
        _claimed[batchId].set(index);
        // Cannot overflow: claimedLinks < links (each index is claimed once) and
        // claimedTickets + quantity <= tickets, both uint32.
        unchecked {
            ++b.claimedLinks;
            b.claimedTickets = uint32(claimedTickets + quantity);
        }
        emit TicketClaimed(batchId, index, claimAddress, recipient, firstTokenId, quantity, _msgSender());

        // Interaction: one batch of `quantity` tickets to the recipient (sorted trivially: all equal). The ticket
        // rejects the batch unless it starts at `firstTokenId`, so the event above names the right tickets.
        address[] memory recipients = new address[](quantity);
        for (uint256 i = 0; i < quantity; ++i) recipients[i] = recipient;
        _ticket.airdrop(firstTokenId, recipients);
    }

    // ------------------------------------------------------------------ internals

    function _requireBatch(uint256 batchId) private view returns (ClaimBatch storage b) {
        b = _batches[batchId];
        if (b.root == bytes32(0)) revert ClaimBatchUnknown(batchId);
    }

    /// @dev The link is in the batch, and neither claimed, revoked nor expired (in that order, so a claimed link
    /// of a later revoked batch still says "claimed").
    function _checkLink(
        ClaimBatch storage b,
        uint256 batchId,
        uint256 index,
        address claimAddress,
        uint256 quantity,
        bytes32[] calldata proof
    ) private view {
        if (index >= b.links) revert ClaimIndexOutOfRange(batchId, index, b.links);
        bytes32 leaf = keccak256(bytes.concat(keccak256(abi.encode(batchId, index, claimAddress, quantity))));
        if (!MerkleProof.verifyCalldata(proof, b.root, leaf)) {
            revert ClaimInvalidProof(batchId, index, claimAddress, quantity);
        }
        if (_claimed[batchId].get(index)) revert ClaimAlreadyClaimed(batchId, index);
        if (b.revoked || _revoked[batchId].get(index)) revert ClaimRevoked(batchId, index);
        if (_isExpired(b.expiresAt)) revert ClaimExpired(batchId, index, b.expiresAt);
    }

    function _checkSignature(
        uint256 batchId,
        uint256 index,
        address claimAddress,
        address recipient,
        bytes calldata signature
    ) private view {
        (address signer, , ) = ECDSA.tryRecoverCalldata(claimDigest(batchId, index, recipient), signature);
        if (signer != claimAddress || signer == address(0)) revert ClaimInvalidSignature(claimAddress, signer);
    }

    function _isExpired(uint64 expiresAt) private view returns (bool) {
        // solhint-disable-next-line not-rely-on-time
        return expiresAt != 0 && block.timestamp > expiresAt;
    }
}
