// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";
import {BitMaps} from "@openzeppelin/contracts/utils/structs/BitMaps.sol";

import {IERC721Roster} from "../interfaces/IERC721Roster.sol";

/// @title ERC721Roster
/// @notice OpenZeppelin ERC-721 extension for cheap airdrops: a batch of recipients is written as a *roster*, the
/// packed recipient addresses stored as the code of a data contract (200 gas per byte, about 4,000 gas per
/// recipient, instead of two fresh storage slots, about 44,000 gas). Every ticket still gets its
/// `Transfer(0, to, id)` event, and `ownerOf` / `balanceOf` read the roster for tickets that never moved and
/// OpenZeppelin's storage for everything else, the way {ERC721Consecutive} overlays its checkpoints.
///
/// - Rosters: up to 1,228 recipients each (the 24,576-byte code limit of EIP-170), sorted ascending; a recipient
///   listed `k` times appears in `k` adjacent positions and gets `k` consecutive token IDs. Token IDs of a roster
///   are consecutive, below 2^32 - 1, and above every token ID issued before (by a roster or through storage).
/// - Only the token writes rosters (the internal {_writeRoster}); roster `i` is the token's own `i + 1`-th
///   CREATE, so its address is derived from the token's address and never stored or accepted from outside, and its
///   code (no selector, starts with STOP) can never change. The token must not create any other contract:
///   if it did, the next roster write reverts with {ERC721RosterWriteFailed}.
/// - Ordinary minting through {_mint} / {_safeMint} keeps working before, between and after rosters.
/// - Transfers, approvals, safe transfers and burns are OpenZeppelin's, through {_update}: the first time a
///   ticket leaves its roster it is written to storage like any other token. Burning is supported: a burned roster
///   ticket is recorded in a bitmap so the roster does not resurrect it, and its ID may be minted again through
///   storage, as in OpenZeppelin's ERC721.
/// - {_writeRoster} does not pass through {_update} (that is where the saving comes from): policies that
///   {_update} enforces on mints (pause, caps, ...) must be checked by the function that writes a roster.
/// - Costs: `ownerOf` of a roster ticket reads one extra slot and 20 bytes of one data contract;
///   `balanceOf` binary-searches every roster (one cold code access each, plus about log2(size) 20-byte reads in
///   the rosters whose address range holds the owner) and reads one slot per roster ticket the owner holds.
///   Do not combine with another extension that overrides `_ownerOf` (e.g. ERC721Consecutive).
///
/// Storage layout of `_rosterHead` (one slot, read by every roster lookup):
/// `[0, 32)` number of rosters · `[32, 64)` lowest token ID a new roster may start at · `[64, 65)` some roster
/// ticket was burned · `[65, 66)` some roster ticket was approved · `[72, 96)` flags of the inheriting token
/// ({_sharedFlags}) · `[96 + 32k, 128 + 32k)` first token ID of roster `k`, for `k < 5`. The first token ID of
/// roster `k >= 5` is in `_rosterFirstIds[(k - 5) / 8]` at bits `[32 j, 32 j + 32)`, `j = (k - 5) % 8`.
abstract contract ERC721Roster is ERC721, IERC721Roster {
    using BitMaps for BitMaps.BitMap;

    /// @dev Most recipients per roster: (24,576 code bytes - 1 leading STOP) / 20 bytes.
    uint256 private constant _MAX_ROSTER_SIZE = 1228;
    /// @dev Roster token IDs are below this bound, so they, the number of rosters (at most one per ID) and the
    /// CREATE nonce of the last roster (its index + 1) all fit in 32 bits.
    uint256 private constant _ID_BOUND = type(uint32).max;
    /// @dev Length of the data contracts' creation code in front of the runtime code.
    uint256 private constant _INIT_SIZE = 10;
    uint256 private constant _HEAD_FIRST_IDS = 5;
    uint256 private constant _BURNED_FLAG = 1 << 64;
    uint256 private constant _APPROVED_FLAG = 1 << 65;
    uint256 private constant _SHARED_SHIFT = 72;
    uint256 private constant _SHARED_MASK = (1 << 24) - 1;

    uint256 private _rosterHead;
    mapping(uint256 word => uint256 packedFirstIds) private _rosterFirstIds;
    BitMaps.BitMap private _rosterBurned;
    /// @dev `tokenId << 160 | recipient` while {_update} moves that ticket off its roster, so that ERC721's own
    /// `_ownerOf` call does not repeat the lookup; zero otherwise (cleared before {_update} returns).
    uint256 private transient _rosterLeaving;

    // ------------------------------------------------------------------ views

    /// @inheritdoc IERC721Roster
    function rosterCount() public view virtual returns (uint256) {
        return uint32(_rosterHead);
    }

    /// @inheritdoc IERC721Roster
    function roster(uint256 index) public view virtual returns (uint256 firstTokenId, uint256 size, address data) {
        uint256 head = _rosterHead;
        uint256 count = uint32(head);
        if (index < count) {
            data = _rosterData(index);
            return (_rosterFirstId(head, index), _rosterSize(data), data);
        }
        revert ERC721RosterNonexistent(index, count);
    }

    /// @notice The number of tokens `owner` holds: those held through storage plus those still on a roster.
    /// @dev Reverts with {ERC721InvalidOwner} for the zero address.
    function balanceOf(address owner) public view virtual override returns (uint256) {
        uint256 balance = super.balanceOf(owner);
        uint256 head = _rosterHead;
        uint256 count = uint32(head);
        for (uint256 i = 0; i < count; ++i) {
            balance += _heldOnRoster(owner, i, head);
        }
        return balance;
    }

    // ------------------------------------------------------------------ writing

    /// @notice Issues token IDs `firstTokenId .. firstTokenId + recipients.length - 1`, in order, to `recipients`,
    /// written as a new roster. Emits one `Transfer(0, recipient, tokenId)` per ticket, then {RosterWritten}.
    /// @dev No receiver callback and no {_update}: the caller applies its own mint policy. Requirements:
    /// 1..1,228 recipients, sorted ascending, none the zero address; token IDs unused so far (at or above the
    /// end of the previous roster and above every ID minted through storage) and below 2^32 - 1.
    /// @param firstTokenId The token ID of the first recipient.
    /// @param recipients The recipients, sorted ascending (duplicates adjacent).
    /// @return data The data contract holding the roster.
    function _writeRoster(uint256 firstTokenId, address[] calldata recipients) internal virtual returns (address data) {
        uint256 size = recipients.length;
        if (size == 0 || size > _MAX_ROSTER_SIZE) revert ERC721RosterInvalidSize(size, _MAX_ROSTER_SIZE);
        uint256 head = _rosterHead;
        uint256 index = uint32(head);
        uint256 lowest = uint32(head >> 32);
        if (firstTokenId < lowest) revert ERC721RosterOverlap(firstTokenId, lowest);
        if (firstTokenId > _ID_BOUND - size) revert ERC721RosterTokenIdTooLarge(firstTokenId, size);
        if (recipients[0] == address(0)) revert ERC721InvalidReceiver(address(0));

        bytes memory initcode = _packRoster(recipients);
        assembly ("memory-safe") {
            data := create(0, add(initcode, 0x20), mload(initcode))
        }
        address expected = _rosterData(index);
        if (data != expected) revert ERC721RosterWriteFailed(index, expected);

        // Cannot overflow: firstTokenId + size <= _ID_BOUND < 2^32, index + 1 <= firstTokenId + 1 <= 2^32 - 1.
        unchecked {
            head = (head & ~uint256(type(uint64).max)) | ((firstTokenId + size) << 32) | (index + 1);
            if (index < _HEAD_FIRST_IDS) {
                head |= firstTokenId << (96 + 32 * index);
            } else {
                uint256 k = index - _HEAD_FIRST_IDS;
                _rosterFirstIds[k >> 3] |= firstTokenId << (32 * (k & 7));
            }
        }
        _rosterHead = head;

        // emit Transfer(address(0), recipients[i], firstTokenId + i) for every i (recipients were validated above).
        bytes32 topic = IERC721.Transfer.selector;
        assembly ("memory-safe") {
            for {
                let i := 0
            } lt(i, size) {
                i := add(i, 1)
            } {
                log4(0, 0, topic, 0, calldataload(add(recipients.offset, shl(5, i))), add(firstTokenId, i))
            }
        }
        emit RosterWritten(index, firstTokenId, size, data);
    }

    /// @notice 24 bits of the roster head slot that the inheriting token may use for its own flags.
    /// @dev The head is the slot a roster ticket's first transfer reads anyway: a flag that the transfer path
    /// checks (e.g. a pause flag) costs no extra cold slot there.
    function _sharedFlags() internal view returns (uint256) {
        return (_rosterHead >> _SHARED_SHIFT) & _SHARED_MASK;
    }

    /// @notice Replaces the inheriting token's 24 flag bits in the roster head (see {_sharedFlags}).
    function _setSharedFlags(uint256 flags) internal {
        _rosterHead = (_rosterHead & ~(_SHARED_MASK << _SHARED_SHIFT)) | ((flags & _SHARED_MASK) << _SHARED_SHIFT);
    }

    // ------------------------------------------------------------------ ERC721 overlay

    /// @dev The storage owner if the token was ever written to storage, else its roster recipient unless burned.
    function _ownerOf(uint256 tokenId) internal view virtual override returns (address) {
        address owner = super._ownerOf(tokenId);
        if (owner != address(0)) return owner;
        uint256 leaving = _rosterLeaving;
        if (leaving != 0 && leaving >> 160 == tokenId) return address(uint160(leaving));
        return _rosterOwnerOf(tokenId);
    }

    /// @dev OpenZeppelin's {ERC721-_update}, plus the roster bookkeeping: a ticket leaving its roster is credited
    /// to its recipient's stored balance first (the roster, not storage, counted it until now; ERC721 debits it),
    /// a storage mint keeps later rosters clear of its ID, and a burned roster ticket is recorded.
    function _update(address to, uint256 tokenId, address auth) internal virtual override returns (address from) {
        if (super._ownerOf(tokenId) != address(0)) {
            from = super._update(to, tokenId, auth);
            if (to == address(0)) _recordRosterBurn(tokenId);
            return from;
        }
        (address recipient, uint256 head) = _rosterRecipientOf(tokenId);
        if (recipient == address(0) || _isRosterBurned(tokenId, head)) {
            // Not on a roster: a storage mint (or a burn of a nonexistent token, which ERC721 rejects).
            from = super._update(to, tokenId, auth);
            if (from == address(0) && to != address(0)) _raiseRosterFloor(tokenId, head);
            return from;
        }
        // Leaving its roster. Remember the owner for ERC721's `_ownerOf` call during this update (cleared below;
        // ERC721._update makes no external call).
        _increaseBalance(recipient, 1);
        _rosterLeaving = (tokenId << 160) | uint160(recipient);
        from = super._update(to, tokenId, auth);
        _rosterLeaving = 0;
        if (to == address(0)) _markRosterBurned(tokenId, head);
    }

    /// @dev OpenZeppelin's {ERC721-_approve}, except that the approval clear of a ticket leaving its roster is
    /// skipped while no roster ticket was ever approved (its approval slot is then known to be zero: saves a cold
    /// slot on a ticket's first transfer). Approving a ticket still on its roster records that one was.
    function _approve(address to, uint256 tokenId, address auth, bool emitEvent) internal virtual override {
        if (to == address(0) && !emitEvent) {
            // ERC721._update's clear. Cannot be a leaving ticket's unless `_rosterLeaving` names it.
            uint256 leaving = _rosterLeaving;
            if (leaving != 0 && leaving >> 160 == tokenId && _rosterHead & _APPROVED_FLAG == 0) return;
        }
        super._approve(to, tokenId, auth, emitEvent);
        if (to != address(0) && super._ownerOf(tokenId) == address(0)) {
            uint256 head = _rosterHead;
            if (head & _APPROVED_FLAG == 0) _rosterHead = head | _APPROVED_FLAG;
        }
    }

    // ------------------------------------------------------------------ private

    /// @dev Builds the creation code of a roster's data contract: a 10-byte constructor that returns the runtime
    /// code `0x00 ‖ recipient_0 ‖ … ‖ recipient_{n-1}` (20 bytes each). Reverts unless sorted ascending and clean.
    function _packRoster(address[] calldata recipients) private pure returns (bytes memory initcode) {
        uint256 size = recipients.length;
        uint256 stopped;
        // Cannot overflow: size <= 1,228.
        unchecked {
            uint256 runtimeSize = 1 + 20 * size;
            initcode = new bytes(_INIT_SIZE + runtimeSize);
            // PUSH2 runtimeSize · DUP1 · PUSH1 10 · RETURNDATASIZE · CODECOPY · RETURNDATASIZE · RETURN, then the
            // runtime code: STOP (so calling the data contract does nothing), then the recipients.
            uint256 prefix = (0x61 << 248) | (runtimeSize << 232) | (0x80600a3d393df300 << 168);
            assembly ("memory-safe") {
                mstore(add(initcode, 0x20), prefix)
                let cursor := add(initcode, add(0x20, add(_INIT_SIZE, 1)))
                let previous := 0
                for {} lt(stopped, size) {
                    stopped := add(stopped, 1)
                } {
                    let recipient := calldataload(add(recipients.offset, shl(5, stopped)))
                    // Stop at the first word that is not an address or is below its predecessor.
                    if or(shr(160, recipient), lt(recipient, previous)) {
                        break
                    }
                    previous := recipient
                    // The 20 address bytes at `cursor`, then 12 zero bytes that the next recipient overwrites (past
                    // the last one they fall outside `initcode`, in unallocated memory).
                    mstore(cursor, shl(96, recipient))
                    cursor := add(cursor, 20)
                }
            }
        }
        if (stopped < size) {
            address recipient = recipients[stopped]; // reverts if the word is not an address
            revert ERC721RosterUnsorted(stopped, recipients[stopped - 1], recipient);
        }
    }

    /// @dev The roster recipient of `tokenId`, or zero if it is not a roster ticket or was burned.
    function _rosterOwnerOf(uint256 tokenId) private view returns (address) {
        (address recipient, uint256 head) = _rosterRecipientOf(tokenId);
        if (recipient != address(0) && _isRosterBurned(tokenId, head)) return address(0);
        return recipient;
    }

    /// @dev Whether roster ticket `tokenId` was burned (the bitmap is read only if some roster ticket was).
    function _isRosterBurned(uint256 tokenId, uint256 head) private view returns (bool) {
        return head & _BURNED_FLAG != 0 && _rosterBurned.get(tokenId);
    }

    /// @dev The recipient roster entry of `tokenId` (burned or not; zero if none) and the roster head.
    function _rosterRecipientOf(uint256 tokenId) private view returns (address recipient, uint256 head) {
        head = _rosterHead;
        uint256 count = uint32(head);
        // Every roster ticket is below the lowest ID a new roster may use (storage mints above it need no search).
        // solhint-disable-next-line gas-strict-inequalities
        if (count == 0 || tokenId >= uint32(head >> 32)) return (address(0), head);
        // The last roster whose first token ID is <= tokenId (first IDs increase with the index).
        // Cannot overflow: low, high <= count < 2^32, and that roster's first ID is <= tokenId.
        unchecked {
            uint256 low = 0;
            uint256 high = count;
            while (low < high) {
                uint256 mid = (low + high) >> 1;
                if (_rosterFirstId(head, mid) > tokenId) high = mid;
                else low = mid + 1;
            }
            if (low == 0) return (address(0), head);
            uint256 offset = tokenId - _rosterFirstId(head, low - 1);
            // Past a roster's end the code copy reads zeros: an ID in the gap after a roster has no recipient.
            if (offset < _MAX_ROSTER_SIZE) recipient = _rosterEntry(_rosterData(low - 1), offset);
        }
    }

    /// @dev How many of roster `index`'s tickets to `owner` are still on the roster (never moved, not burned).
    function _heldOnRoster(address owner, uint256 index, uint256 head) private view returns (uint256 held) {
        address data = _rosterData(index);
        uint256 size = _rosterSize(data);
        uint256 position = _rosterPositionOf(data, size, owner);
        if (position == size) return 0;
        uint256 firstTokenId = _rosterFirstId(head, index);
        bool anyBurned = head & _BURNED_FLAG != 0;
        for (uint256 i = position; i < size && _rosterEntry(data, i) == owner; ++i) {
            uint256 tokenId = firstTokenId + i;
            if (super._ownerOf(tokenId) == address(0) && !(anyBurned && _rosterBurned.get(tokenId))) ++held;
        }
    }

    /// @dev The first position of `owner` in the sorted data contract `data` of `size` recipients, or `size` if
    /// absent. In assembly because `npm run bench:gas` showed the need: with five rosters of 1,000 that each span the
    /// whole address range, a holder's `balanceOf` cost 52,896 gas with this search in Solidity, 41,891 with this one.
    function _rosterPositionOf(address data, uint256 size, address owner) private view returns (uint256 position) {
        assembly ("memory-safe") {
            // A probe of entry `i` copies its 20 bytes (after the leading STOP) into scratch space and reads them back
            // (written out at each use: a Yul function here is not inlined and costs a jump pair per probe).
            position := size
            extcodecopy(data, 0x00, 1, 20)
            let first := shr(96, mload(0x00))
            extcodecopy(data, 0x00, add(1, mul(sub(size, 1), 20)), 20)
            let last := shr(96, mload(0x00))
            // Sorted: only a roster whose first and last recipients bracket `owner` can hold it.
            if iszero(or(lt(owner, first), gt(owner, last))) {
                // Lower bound: the first position whose recipient is >= owner (one exists: the last one is).
                let low := 0
                let high := sub(size, 1)
                for {} lt(low, high) {} {
                    let mid := shr(1, add(low, high))
                    extcodecopy(data, 0x00, add(1, mul(mid, 20)), 20)
                    switch lt(shr(96, mload(0x00)), owner)
                    case 1 {
                        low := add(mid, 1)
                    }
                    default {
                        high := mid
                    }
                }
                extcodecopy(data, 0x00, add(1, mul(low, 20)), 20)
                if eq(shr(96, mload(0x00)), owner) {
                    position := low
                }
            }
        }
    }

    /// @dev A storage mint at or above the lowest ID a new roster may use moves that bound past it.
    function _raiseRosterFloor(uint256 tokenId, uint256 head) private {
        // Cannot overflow: tokenId + 1 <= _ID_BOUND.
        if (tokenId < _ID_BOUND && tokenId + 1 > uint32(head >> 32)) {
            // Cannot overflow: tokenId + 1 <= _ID_BOUND < 2^32.
            unchecked {
                _rosterHead = (head & ~(uint256(type(uint32).max) << 32)) | ((tokenId + 1) << 32);
            }
        }
    }

    /// @dev After a token held in storage was burned: if its ID is a roster ticket's, mark it burned.
    function _recordRosterBurn(uint256 tokenId) private {
        (address recipient, uint256 head) = _rosterRecipientOf(tokenId);
        if (recipient != address(0)) _markRosterBurned(tokenId, head);
    }

    /// @dev Marks roster ticket `tokenId` burned, so the roster no longer reports an owner for it.
    function _markRosterBurned(uint256 tokenId, uint256 head) private {
        _rosterBurned.set(tokenId);
        if (head & _BURNED_FLAG == 0) _rosterHead = head | _BURNED_FLAG;
    }

    /// @dev The first token ID of roster `index` (which must exist).
    function _rosterFirstId(uint256 head, uint256 index) private view returns (uint256) {
        // Cannot overflow: index < 2^32.
        unchecked {
            if (index < _HEAD_FIRST_IDS) return uint32(head >> (96 + 32 * index));
            uint256 k = index - _HEAD_FIRST_IDS;
            return uint32(_rosterFirstIds[k >> 3] >> (32 * (k & 7)));
        }
    }

    /// @dev The address of roster `index`'s data contract: the token's CREATE with nonce `index + 1` (a contract's
    /// nonce starts at 1, EIP-161), i.e. the last 20 bytes of keccak256(rlp([address(this), nonce])).
    function _rosterData(uint256 index) internal view returns (address data) {
        uint256 encoded;
        uint256 length;
        // Cannot overflow: nonce = index + 1 < 2^32 (4 bytes at most).
        unchecked {
            uint256 nonce = index + 1;
            // rlp: list header, 0x94 ‖ 20-byte address, then the nonce as one byte (< 0x80) or as 0x80+L ‖ L bytes.
            if (nonce < 0x80) {
                encoded = (0xd694 << 240) | (uint256(uint160(address(this))) << 80) | (nonce << 72);
                length = 23;
            } else {
                uint256 bytesLength =
                    nonce < 0x100
                        ? 1
                        : nonce < 0x10000
                            ? 2
                            : nonce < 0x1000000
                                ? 3
                                : 4;
                encoded =
                    ((0xd6 + bytesLength) << 248) |
                    (0x94 << 240) |
                    (uint256(uint160(address(this))) << 80) |
                    ((0x80 + bytesLength) << 72) |
                    (nonce << (72 - 8 * bytesLength));
                length = 23 + bytesLength;
            }
        }
        assembly ("memory-safe") {
            mstore(0x00, encoded)
            data := and(keccak256(0x00, length), 0xffffffffffffffffffffffffffffffffffffffff)
        }
    }

    /// @dev Number of recipients in the data contract `data`.
    function _rosterSize(address data) private view returns (uint256) {
        uint256 length = data.code.length;
        return length == 0 ? 0 : (length - 1) / 20;
    }

    /// @dev Recipient at `position` of the data contract `data`; zero past its end.
    function _rosterEntry(address data, uint256 position) private view returns (address recipient) {
        assembly ("memory-safe") {
            // Copy the 20 bytes after the leading STOP into scratch space (0x00..0x14); the code copy pads with
            // zeros past the end of the code; the 12 bytes after them are dropped by the shift.
            extcodecopy(data, 0x00, add(1, mul(position, 20)), 20)
            recipient := shr(96, mload(0x00))
        }
    }
}
