// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// The event window is half-open, [start, end): `block.timestamp >= end` says "ended" plainly.
// solhint-disable gas-strict-inequalities

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SignatureChecker} from "@openzeppelin/contracts/utils/cryptography/SignatureChecker.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";

import {IERC5192} from "../interfaces/IERC5192.sol";
import {ITicketLifecycle, CheckInProof, TransferPolicy} from "../interfaces/ITicketLifecycle.sol";
import {TicketState} from "../interfaces/ITicketRenderer.sol";

/// @title TicketLifecycle
/// @notice Gate check-in and the ticket life cycle for an ERC-721 ticket: per-ticket state, holder-signed
/// EIP-712 check-in proofs (ECDSA or ERC-1271), single and batch check-in by the gate role, void and reissue by
/// the admin, the event window, and ERC-5192 locking under a transfer policy chosen at deployment.
/// @dev Knows nothing of how the token stores owners. The token implements {_ticketOwner} (never reverts, zero
/// for a ticket that does not exist) and {_reissueTransfer} (an ownership move with `auth` zero), calls
/// {_requireTransferAllowed} from its `_update` hook and reports {ticketState} to its renderer.
///
/// Storage: `_ticketFlags[tokenId >> 7]` holds 2 bits per ticket at bit `2 * (tokenId & 127)`: bit 0 checked in,
/// bit 1 voided (both may be set: a ticket voided after admission). One slot covers 128 consecutive tickets, so
/// a batch of neighbouring tickets writes few slots. `_window` packs the event start (bits 0..63), the end
/// (bits 64..127) and, at bit 128, whether any ticket's flags were ever set (then {_ticketFlagsInUse} was called).
abstract contract TicketLifecycle is IERC5192, AccessControl, Pausable, EIP712, ITicketLifecycle {
    /// @inheritdoc ITicketLifecycle
    bytes32 public constant GATE_ROLE = keccak256("GATE_ROLE");

    /// @inheritdoc ITicketLifecycle
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant CHECK_IN_TYPEHASH = keccak256(
        "CheckIn(uint256 tokenId,bytes32 gate,bytes16 nonce,uint64 expiry)"
    );

    uint256 private constant _CHECKED_IN = 1;
    uint256 private constant _VOIDED = 2;
    uint256 private constant _FLAGS_IN_USE = 1 << 128;

    TransferPolicy private immutable _transferPolicy;
    uint256 private _window;
    mapping(uint256 bucket => uint256 flags) private _ticketFlags;

    /// @param eventStart_ When the event starts (Unix seconds).
    /// @param eventEnd_ When it ends; must be after the start.
    /// @param transferPolicy_ Who may transfer tickets, and when (fixed for good).
    constructor(uint64 eventStart_, uint64 eventEnd_, TransferPolicy transferPolicy_) EIP712("PapercutTicket", "1") {
        if (eventStart_ >= eventEnd_) revert TicketInvalidEventWindow(eventStart_, eventEnd_);
        _transferPolicy = transferPolicy_;
        _setWindow(eventStart_, eventEnd_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ITicketLifecycle
    function eventStart() public view returns (uint64) {
        return uint64(_window);
    }

    /// @inheritdoc ITicketLifecycle
    function eventEnd() public view returns (uint64) {
        return uint64(_window >> 64);
    }

    /// @inheritdoc ITicketLifecycle
    function transferPolicy() external view returns (TransferPolicy) {
        return _transferPolicy;
    }

    /// @inheritdoc ITicketLifecycle
    function ticketState(uint256 tokenId) public view returns (TicketState) {
        _requireTicket(tokenId);
        return _stateFrom(_flagsOf(tokenId), eventEnd());
    }

    /// @inheritdoc ITicketLifecycle
    function wasCheckedIn(uint256 tokenId) external view returns (bool) {
        _requireTicket(tokenId);
        return _flagsOf(tokenId) & _CHECKED_IN != 0;
    }

    /// @inheritdoc IERC5192
    function locked(uint256 tokenId) external view returns (bool) {
        _requireTicket(tokenId);
        uint256 window = _window;
        return _isLocked(_flagsOf(tokenId), uint64(window), uint64(window >> 64));
    }

    /// @inheritdoc ITicketLifecycle
    function checkInDigest(uint256 tokenId, bytes32 gate, bytes16 nonce, uint64 expiry) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CHECK_IN_TYPEHASH, tokenId, gate, nonce, expiry)));
    }

    // ------------------------------------------------------------------ gate

    /// @inheritdoc ITicketLifecycle
    function checkIn(CheckInProof calldata proof) external onlyRole(GATE_ROLE) whenNotPaused returns (address holder) {
        holder = _checkIn(proof, _validTicketsLockedBeforeEnd(), true);
    }

    /// @inheritdoc ITicketLifecycle
    function checkInBatch(
        CheckInProof[] calldata proofs
    ) external onlyRole(GATE_ROLE) whenNotPaused returns (uint256 admitted) {
        if (proofs.length == 0) revert TicketEmptyCheckInBatch();
        bool validLocked = _validTicketsLockedBeforeEnd();
        for (uint256 i = 0; i < proofs.length; ++i) {
            if (_checkIn(proofs[i], validLocked, false) != address(0)) {
                // Cannot overflow: at most proofs.length increments.
                unchecked {
                    ++admitted;
                }
            }
        }
    }

    // ------------------------------------------------------------------ organizer

    /// @inheritdoc ITicketLifecycle
    function voidTicket(uint256 tokenId) external onlyRole(DEFAULT_ADMIN_ROLE) {
        address holder = _requireTicket(tokenId);
        (uint256 bucket, uint256 shift) = _position(tokenId);
        uint256 word = _ticketFlags[bucket];
        uint256 flags = (word >> shift) & 3;
        if (flags & _VOIDED != 0) revert TicketIsVoided(tokenId);
        uint256 window = _window;
        bool wasLocked = _isLocked(flags, uint64(window), uint64(window >> 64));
        _ticketFlags[bucket] = word | (_VOIDED << shift);
        _noteFlagsInUse();
        emit TicketVoided(tokenId, holder, _msgSender());
        emit IERC4906.MetadataUpdate(tokenId);
        if (!wasLocked) emit Locked(tokenId);
    }

    /// @inheritdoc ITicketLifecycle
    function reissueTicket(uint256 tokenId, address to) external onlyRole(DEFAULT_ADMIN_ROLE) {
        address from = _requireTicket(tokenId);
        if (_flagsOf(tokenId) & _VOIDED != 0) revert TicketIsVoided(tokenId);
        if (to == address(0) || to == from) revert TicketInvalidReissue(tokenId, to);
        _reissueTransfer(from, to, tokenId);
        emit TicketReissued(tokenId, from, to, _msgSender());
    }

    /// @inheritdoc ITicketLifecycle
    function setEventWindow(uint64 start, uint64 end) external onlyRole(DEFAULT_ADMIN_ROLE) {
        uint64 currentStart = eventStart();
        if (block.timestamp >= currentStart) revert TicketEventAlreadyStarted(currentStart);
        if (start < block.timestamp || start >= end) revert TicketInvalidEventWindow(start, end);
        _setWindow(start, end);
    }

    /// @inheritdoc ITicketLifecycle
    function announceEventEnded() external {
        uint64 end = eventEnd();
        if (block.timestamp < end) revert TicketEventNotEnded(end);
        emit EventEnded(end);
        emit IERC4906.BatchMetadataUpdate(0, type(uint256).max);
    }

    // ------------------------------------------------------------------ hooks for the token

    /// @dev The ticket's holder, or zero if it does not exist. Must not revert.
    function _ticketOwner(uint256 tokenId) internal view virtual returns (address);

    /// @dev Moves a ticket from `from` to `to` for {reissueTicket}, through the token's `_update` with `auth`
    /// zero (e.g. OpenZeppelin's `_transfer`).
    function _reissueTransfer(address from, address to, uint256 tokenId) internal virtual;

    /// @dev Whether some ticket's flags may be set. A token may answer from a slot its transfer path reads
    /// anyway (with {_ticketFlagsInUse} keeping it up to date): while it says no, a transfer under the free policy
    /// reads no flags. The default reads this contract's own record.
    function _ticketFlagsMayBeSet() internal view virtual returns (bool) {
        return _window & _FLAGS_IN_USE != 0;
    }

    /// @dev Called once, when a ticket is checked in or voided for the first time in the contract's life.
    // solhint-disable-next-line no-empty-blocks
    function _ticketFlagsInUse() internal virtual {} // nothing to mirror when {_ticketFlagsMayBeSet} is the default

    /// @dev The transfer policy; call it from the token's `_update(to, tokenId, auth)` before the move. Moves the
    /// token makes itself (`auth` zero: mints, {reissueTicket}) are not subject to it; a holder's or operator's
    /// transfer of a locked ticket reverts with {TicketTransferLocked}.
    function _requireTransferAllowed(uint256 tokenId, address auth) internal view {
        if (auth == address(0)) return;
        bool free = _transferPolicy == TransferPolicy.Transferable;
        // Under the free policy, before any check-in or void, no ticket is locked: read neither flags nor clock.
        if (free && !_ticketFlagsMayBeSet()) return;
        uint256 flags = _flagsOf(tokenId);
        // The common case, a valid ticket under the free policy, needs no look at the clock (saves a cold slot).
        if (flags == 0 && free) return;
        uint256 window = _window;
        uint64 end = uint64(window >> 64);
        if (_isLocked(flags, uint64(window), end)) revert TicketTransferLocked(tokenId, _stateFrom(flags, end));
    }

    // ------------------------------------------------------------------ internals

    /// @dev Checks and records one check-in. With `strict`, a refusal reverts with the matching error; without,
    /// it emits {CheckInRefused} and returns zero. `validLocked`: whether a valid ticket is locked now (then
    /// the check-in does not change its ERC-5192 status).
    function _checkIn(CheckInProof calldata proof, bool validLocked, bool strict) private returns (address holder) {
        uint256 tokenId = proof.tokenId;
        holder = _ticketOwner(tokenId);
        if (holder == address(0)) {
            if (strict) revert IERC721Errors.ERC721NonexistentToken(tokenId);
            return _refuse(proof, IERC721Errors.ERC721NonexistentToken.selector);
        }
        (uint256 bucket, uint256 shift) = _position(tokenId);
        uint256 word = _ticketFlags[bucket];
        if ((word >> shift) & _VOIDED != 0) {
            if (strict) revert TicketIsVoided(tokenId);
            return _refuse(proof, TicketIsVoided.selector);
        }
        if ((word >> shift) & _CHECKED_IN != 0) {
            if (strict) revert TicketAlreadyCheckedIn(tokenId);
            return _refuse(proof, TicketAlreadyCheckedIn.selector);
        }
        if (!_signedByHolder(holder, checkInDigest(tokenId, proof.gate, proof.nonce, proof.expiry), proof.signature)) {
            if (strict) revert TicketInvalidProof(tokenId, holder);
            return _refuse(proof, TicketInvalidProof.selector);
        }
        _ticketFlags[bucket] = word | (_CHECKED_IN << shift);
        _noteFlagsInUse();
        emit CheckedIn(tokenId, proof.gate, holder, _msgSender(), proof.nonce);
        emit IERC4906.MetadataUpdate(tokenId);
        if (!validLocked) emit Locked(tokenId);
    }

    /// @dev Whether `holder` signed `digest`: an ECDSA signature by the holder's key, else (a contract wallet) the
    /// holder's ERC-1271 `isValidSignature`, called with STATICCALL so it can neither change state nor re-enter.
    /// ECDSA comes first, unlike OpenZeppelin's `isValidSignatureNow`: an EOA delegated with EIP-7702 has code yet
    /// is still controlled by its key, and an EOA skips the cold code-size lookup (2,600 gas).
    function _signedByHolder(address holder, bytes32 digest, bytes calldata signature) private view returns (bool) {
        (address recovered, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(digest, signature);
        if (err == ECDSA.RecoverError.NoError && recovered == holder) return true;
        return SignatureChecker.isValidERC1271SignatureNowCalldata(holder, digest, signature);
    }

    function _refuse(CheckInProof calldata proof, bytes4 reason) private returns (address) {
        emit CheckInRefused(proof.tokenId, proof.gate, reason);
        return address(0);
    }

    /// @dev Whether a holder may not move a ticket with these flags now.
    function _isLocked(uint256 flags, uint64 start, uint64 end) private view returns (bool) {
        if (flags & _VOIDED != 0) return true;
        TransferPolicy policy = _transferPolicy;
        if (policy == TransferPolicy.Soulbound) return true;
        if (block.timestamp >= end) return false;
        if (flags & _CHECKED_IN != 0) return true;
        if (policy == TransferPolicy.Transferable) return false;
        if (policy == TransferPolicy.LockedDuringEvent) return block.timestamp >= start;
        return true;
    }

    function _stateFrom(uint256 flags, uint64 end) private view returns (TicketState) {
        if (flags & _VOIDED != 0) return TicketState.Voided;
        if (block.timestamp >= end) return TicketState.Souvenir;
        if (flags & _CHECKED_IN != 0) return TicketState.CheckedIn;
        return TicketState.Valid;
    }

    function _flagsOf(uint256 tokenId) private view returns (uint256) {
        (uint256 bucket, uint256 shift) = _position(tokenId);
        return (_ticketFlags[bucket] >> shift) & 3;
    }

    function _position(uint256 tokenId) private pure returns (uint256 bucket, uint256 shift) {
        return (tokenId >> 7, (tokenId & 127) << 1);
    }

    function _requireTicket(uint256 tokenId) private view returns (address holder) {
        holder = _ticketOwner(tokenId);
        if (holder == address(0)) revert IERC721Errors.ERC721NonexistentToken(tokenId);
    }

    /// @dev Reverts once the event has ended; else tells whether a valid ticket is locked now.
    function _validTicketsLockedBeforeEnd() private view returns (bool) {
        uint256 window = _window;
        uint64 end = uint64(window >> 64);
        if (block.timestamp >= end) revert TicketEventEnded(end);
        return _isLocked(0, uint64(window), end);
    }

    /// @dev Records that some ticket's flags are set (the first time: tells the token, see {_ticketFlagsInUse}).
    function _noteFlagsInUse() private {
        uint256 window = _window;
        if (window & _FLAGS_IN_USE == 0) {
            _window = window | _FLAGS_IN_USE;
            _ticketFlagsInUse();
        }
    }

    function _setWindow(uint64 start, uint64 end) private {
        _window = (_window & _FLAGS_IN_USE) | uint256(start) | (uint256(end) << 64);
        emit EventWindowUpdated(start, end);
    }
}
