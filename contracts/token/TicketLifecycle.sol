// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// The event window is half-open, [start, end): `block.timestamp >= end` says "ended" plainly.
// solhint-disable gas-strict-inequalities

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
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
/// {_applyTransferPolicy} from its `_update` hook and reports {ticketState} to its renderer.
///
/// Storage: `_ticketFlags[tokenId >> 7]` holds 2 bits per ticket at bit `2 * (tokenId & 127)`: bit 0 checked in,
/// bit 1 voided (both may be set: a ticket voided after admission). One slot covers 128 consecutive tickets, so
/// a batch of neighbouring tickets writes few slots. The event window set at deployment lives in two immutables;
/// once the admin moves it ({setEventWindow}, which then calls {_eventWindowMovedHook}), `_window` packs the
/// start (bits 0..63) and the end (bits 64..127). Bit 128 of `_window`: some ticket's flags were ever set, bit
/// 129: the window was moved (the defaults of {_ticketFlagsMayBeSet} and {_eventWindowMoved}; a token may keep
/// both in a slot its transfer path reads anyway). `_heldDuringEvent[tokenId]` lists, oldest first, every holder's
/// transfer of the ticket inside the event window as `time << 160 | previousHolder` (only the Transferable policy
/// lets a holder move a ticket then): a proof signed before such a transfer is still honoured ({checkIn}).
abstract contract TicketLifecycle is IERC5192, AccessControl, Pausable, EIP712, ITicketLifecycle {
    /// @inheritdoc ITicketLifecycle
    bytes32 public constant GATE_ROLE = keccak256("GATE_ROLE");

    /// @inheritdoc ITicketLifecycle
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant CHECK_IN_TYPEHASH = keccak256(
        "CheckIn(uint256 tokenId,bytes32 gate,bytes16 nonce,uint64 expiry)"
    );

    /// @inheritdoc ITicketLifecycle
    // solhint-disable-next-line gas-small-strings
    bytes32 public constant DOOR_DELEGATION_TYPEHASH = keccak256(
        "DoorDelegation(uint256 tokenId,address delegate,uint64 notAfter)"
    );

    /// @inheritdoc ITicketLifecycle
    uint64 public constant CHECK_IN_GRACE = 12 hours;

    /// @inheritdoc ITicketLifecycle
    uint64 public constant CHALLENGE_LIFETIME_MAX = 10 minutes;

    /// @inheritdoc ITicketLifecycle
    uint256 public constant ERC1271_GAS = 100_000;

    /// @dev At most this many of a ticket's in-event transfers, from the challenge's earliest issue on, are searched
    /// for the signer of a proof that its current holder did not sign.
    uint256 private constant _HELD_SCAN_MAX = 8;

    /// @dev A delegated proof's `signature`: the delegate's signature of the check-in digest (65 bytes), the holder's
    /// signature of the {doorDelegationDigest} (65), the delegate (20) and the delegation's end (8, big-endian).
    uint256 private constant _DELEGATED_PROOF_LENGTH = 158;

    uint256 private constant _CHECKED_IN = 1;
    uint256 private constant _VOIDED = 2;
    uint256 private constant _FLAGS_IN_USE = 1 << 128;
    uint256 private constant _WINDOW_MOVED = 1 << 129;

    TransferPolicy private immutable _transferPolicy;
    uint64 private immutable _deployedStart;
    uint64 private immutable _deployedEnd;
    uint256 private _window;
    mapping(uint256 bucket => uint256 flags) private _ticketFlags;
    mapping(uint256 tokenId => uint256[] moves) private _heldDuringEvent;

    /// @param eventStart_ When the event starts (Unix seconds).
    /// @param eventEnd_ When it ends; must be after the start.
    /// @param transferPolicy_ Who may transfer tickets, and when (fixed for good).
    constructor(uint64 eventStart_, uint64 eventEnd_, TransferPolicy transferPolicy_) EIP712("PapercutTicket", "1") {
        if (eventStart_ >= eventEnd_) revert TicketInvalidEventWindow(eventStart_, eventEnd_);
        _transferPolicy = transferPolicy_;
        _deployedStart = eventStart_;
        _deployedEnd = eventEnd_;
        emit EventWindowUpdated(eventStart_, eventEnd_);
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc ITicketLifecycle
    function eventStart() public view returns (uint64 start) {
        (start, ) = _eventWindow();
    }

    /// @inheritdoc ITicketLifecycle
    function eventEnd() public view returns (uint64 end) {
        (, end) = _eventWindow();
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
        (uint64 start, uint64 end) = _eventWindow();
        return _isLocked(_flagsOf(tokenId), start, end);
    }

    /// @inheritdoc ITicketLifecycle
    function checkInDigest(uint256 tokenId, bytes32 gate, bytes16 nonce, uint64 expiry) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(CHECK_IN_TYPEHASH, tokenId, gate, nonce, expiry)));
    }

    /// @inheritdoc ITicketLifecycle
    function doorDelegationDigest(uint256 tokenId, address delegate, uint64 notAfter) public view returns (bytes32) {
        return _hashTypedDataV4(keccak256(abi.encode(DOOR_DELEGATION_TYPEHASH, tokenId, delegate, notAfter)));
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
        (uint64 start, uint64 end) = _eventWindow();
        bool wasLocked = _isLocked(flags, start, end);
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
        _window = (_window & _FLAGS_IN_USE) | _WINDOW_MOVED | uint256(start) | (uint256(end) << 64);
        if (!_eventWindowMoved()) _eventWindowMovedHook();
        emit EventWindowUpdated(start, end);
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
    /// anyway (overriding {_ticketFlagsInUse} to keep it up to date): while it says no, a transfer under the free
    /// policy reads no flags. The default reads this contract's own record.
    function _ticketFlagsMayBeSet() internal view virtual returns (bool) {
        return _window & _FLAGS_IN_USE != 0;
    }

    /// @dev Called once, when a ticket is checked in or voided for the first time in the contract's life.
    function _ticketFlagsInUse() internal virtual {
        _window |= _FLAGS_IN_USE;
    }

    /// @dev Whether the admin moved the event window since deployment (then it is read from `_window`, else from
    /// the immutables, for free). A token may answer from a slot its transfer path reads anyway, overriding
    /// {_eventWindowMovedHook} to keep it up to date. The default reads this contract's own record.
    function _eventWindowMoved() internal view virtual returns (bool) {
        return _window & _WINDOW_MOVED != 0;
    }

    /// @dev Called once, when the admin moves the event window for the first time.
    // solhint-disable-next-line no-empty-blocks
    function _eventWindowMovedHook() internal virtual {} // `_window` already says so (see {_eventWindowMoved})

    /// @dev The transfer policy; call it from the token's `_update(to, tokenId, auth)` before the move. Moves the
    /// token makes itself (`auth` zero: mints, {reissueTicket}) are not subject to it; a holder's or operator's
    /// transfer of a locked ticket reverts with {TicketTransferLocked}. A transfer inside the event window (only
    /// the Transferable policy allows one) records its previous holder and time, so that a proof that holder
    /// signed before it can still be committed ({checkIn}); outside the window nothing is written.
    /// @param flagsMayBeSet {_ticketFlagsMayBeSet}, and `windowMoved` {_eventWindowMoved}: a token that keeps both
    /// in a slot its `_update` reads anyway passes what it read, so a transfer reads no slot for them.
    function _applyTransferPolicy(uint256 tokenId, address auth, bool flagsMayBeSet, bool windowMoved) internal {
        if (auth == address(0)) return;
        (uint64 start, uint64 end) = windowMoved ? _movedEventWindow() : (_deployedStart, _deployedEnd);
        bool free = _transferPolicy == TransferPolicy.Transferable;
        // Under the free policy, before any check-in or void, no ticket is locked: read no flags.
        if (flagsMayBeSet || !free) {
            uint256 flags = _flagsOf(tokenId);
            // A valid ticket under the free policy is never locked: skip the rest of the rule.
            if ((flags != 0 || !free) && _isLocked(flags, start, end)) {
                revert TicketTransferLocked(tokenId, _stateFrom(flags, end));
            }
        }
        if (block.timestamp >= start && block.timestamp < end) {
            _heldDuringEvent[tokenId].push((block.timestamp << 160) | uint160(_ticketOwner(tokenId)));
        }
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
        uint64 expiry = proof.expiry;
        if (block.timestamp > uint256(expiry) + CHECK_IN_GRACE) {
            if (strict) revert TicketProofExpired(tokenId, expiry);
            return _refuse(proof, TicketProofExpired.selector);
        }
        address signer = _proofSigner(holder, proof);
        if (signer == address(0)) {
            if (strict) revert TicketInvalidProof(tokenId, holder);
            return _refuse(proof, TicketInvalidProof.selector);
        }
        holder = signer;
        _ticketFlags[bucket] = word | (_CHECKED_IN << shift);
        _noteFlagsInUse();
        emit CheckedIn(tokenId, proof.gate, holder, _msgSender(), proof.nonce);
        emit IERC4906.MetadataUpdate(tokenId);
        if (!validLocked) emit Locked(tokenId);
    }

    /// @dev Who signed `proof` with the right to: the holder (an ECDSA signature by the holder's key, else the
    /// holder's ERC-1271 `isValidSignature`), or a key that held the ticket when the challenge was live (one of
    /// the ticket's in-event transfers since `expiry - CHALLENGE_LIFETIME_MAX` is from it); zero if nobody.
    /// ECDSA comes first, unlike OpenZeppelin's `isValidSignatureNow`: an EOA delegated with EIP-7702 has code yet
    /// is still controlled by its key, and an EOA skips the cold code lookup (2,600 gas).
    /// A delegated proof (`signature` {_DELEGATED_PROOF_LENGTH} bytes long) names as its signer whoever signed its
    /// delegation, under the same rule; a signature of that length that is no valid delegation is still offered to
    /// the holder's ERC-1271 wallet.
    function _proofSigner(address holder, CheckInProof calldata proof) private view returns (address) {
        bytes32 digest = checkInDigest(proof.tokenId, proof.gate, proof.nonce, proof.expiry);
        (address recovered, ECDSA.RecoverError err, ) = proof.signature.length == _DELEGATED_PROOF_LENGTH
            ? _delegator(proof, digest)
            : ECDSA.tryRecoverCalldata(digest, proof.signature);
        if (err == ECDSA.RecoverError.NoError) {
            if (recovered == holder) return holder;
            if (_heldWhenChallenged(proof.tokenId, recovered, proof.expiry)) return recovered;
        }
        return _isValidERC1271(holder, digest, proof.signature) ? holder : address(0);
    }

    /// @dev Who delegated a delegated proof: the delegate named in it signed the check-in `digest` (ECDSA), the
    /// proof's expiry is not after the delegation's end, and the delegation for this very ticket and delegate is
    /// signed (ECDSA) by the address returned. Any failure is an error (the caller then tries ERC-1271).
    function _delegator(
        CheckInProof calldata proof,
        bytes32 digest
    ) private view returns (address, ECDSA.RecoverError, bytes32) {
        bytes calldata envelope = proof.signature;
        address delegate = address(bytes20(envelope[130:150]));
        uint64 notAfter = uint64(bytes8(envelope[150:158]));
        (address coded, ECDSA.RecoverError err, ) = ECDSA.tryRecoverCalldata(digest, envelope[0:65]);
        if (err != ECDSA.RecoverError.NoError || coded != delegate || proof.expiry > notAfter) {
            return (address(0), ECDSA.RecoverError.InvalidSignature, 0);
        }
        return ECDSA.tryRecoverCalldata(doorDelegationDigest(proof.tokenId, delegate, notAfter), envelope[65:130]);
    }

    /// @dev Whether `signer` moved the ticket on in the event window at or after `expiry - CHALLENGE_LIFETIME_MAX`
    /// (the earliest a challenge with that expiry was issued): then it held the ticket while the challenge was
    /// live. Binary search for the first such transfer, then at most {_HELD_SCAN_MAX} of them are looked at.
    function _heldWhenChallenged(uint256 tokenId, address signer, uint64 expiry) private view returns (bool) {
        uint256[] storage moves = _heldDuringEvent[tokenId];
        uint256 high = moves.length;
        if (high == 0) return false;
        uint256 issuedFrom = expiry > CHALLENGE_LIFETIME_MAX ? expiry - CHALLENGE_LIFETIME_MAX : 0;
        uint256 low = 0;
        while (low < high) {
            uint256 mid = (low + high) >> 1;
            if (moves[mid] >> 160 < issuedFrom) low = mid + 1;
            else high = mid;
        }
        uint256 last = moves.length;
        if (last > low + _HELD_SCAN_MAX) last = low + _HELD_SCAN_MAX;
        for (uint256 i = low; i < last; ++i) {
            if (address(uint160(moves[i])) == signer) return true;
        }
        return false;
    }

    /// @dev Whether contract `wallet` accepts `signature` of `digest` (ERC-1271), asked with STATICCALL and a fixed
    /// {ERC1271_GAS}: a wallet that burns gas fails its own proof only, never the rest of a batch. Reverts with
    /// {TicketCheckInGasTooLow} when fewer than {ERC1271_GAS} could be forwarded (EIP-150 keeps 1/64), so a
    /// transaction short of gas never refuses a good proof. Assembly, as in OpenZeppelin's `SignatureChecker`
    /// (which forwards all gas): only the first 32 bytes of the answer are copied, whatever the wallet returns.
    function _isValidERC1271(address wallet, bytes32 digest, bytes calldata signature) private view returns (bool) {
        if (wallet.code.length == 0) return false;
        bytes memory query = abi.encodeCall(IERC1271.isValidSignature, (digest, signature));
        uint256 available = gasleft();
        if (available - available / 64 < ERC1271_GAS + 5_000) revert TicketCheckInGasTooLow(available);
        bool success;
        uint256 size;
        bytes32 answer;
        assembly ("memory-safe") {
            success := staticcall(ERC1271_GAS, wallet, add(query, 0x20), mload(query), 0, 0x20)
            size := returndatasize()
            answer := mload(0)
        }
        return success && size >= 32 && answer == bytes32(IERC1271.isValidSignature.selector);
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
        (uint64 start, uint64 end) = _eventWindow();
        if (block.timestamp >= end) revert TicketEventEnded(end);
        return _isLocked(0, start, end);
    }

    /// @dev Records that some ticket's flags are set (the first time: see {_ticketFlagsInUse}).
    function _noteFlagsInUse() private {
        if (!_ticketFlagsMayBeSet()) _ticketFlagsInUse();
    }

    /// @dev The event window: the deployment's (immutables) until the admin moves it, then `_window`'s.
    function _eventWindow() private view returns (uint64 start, uint64 end) {
        return _eventWindowMoved() ? _movedEventWindow() : (_deployedStart, _deployedEnd);
    }

    function _movedEventWindow() private view returns (uint64 start, uint64 end) {
        uint256 window = _window;
        return (uint64(window), uint64(window >> 64));
    }
}
