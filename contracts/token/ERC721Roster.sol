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
/// - Rosters: up to 1,266 recipients each (the 24,576-byte code limit of EIP-170), sorted ascending; a recipient
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
/// - Data contract layout ({_packRoster}): a 514-byte header of 256 buckets keyed by an address's first byte (the
///   cumulative count of recipients up to each bucket), then each recipient's other 19 bytes. The header costs
///   about 80 gas per recipient once; dropping the first byte saves 200.
/// - Costs: `ownerOf` of a roster ticket finds its roster by an interpolated search of the rosters' first token IDs
///   (usually one slot when rosters are about equally large), then reads the header and 19 bytes of one data contract.
///   `balanceOf` reads the owner's stored balance (which a roster ticket's departure debits, see {_update}) and,
///   in every roster, one cold code access for the owner's bucket plus a few reads inside that bucket: no storage
///   read per roster or per ticket ({_rosterPlacesOf}). It grows with the number of rosters, about 3,400 gas each:
///   2,712,140 gas for an owner on each of the 790 rosters of 1,000,000 tickets (`npm run bench:roster-scale`).
/// - The price of that: a ticket's first departure from its roster keeps OpenZeppelin's debit of the recipient's
///   stored balance (below zero if it held nothing through storage: a fresh slot, about 20,000 gas more than a
///   credit-then-debit that cancels out).
/// - Do not combine with another extension that overrides `_ownerOf` (e.g. ERC721Consecutive).
///
/// Storage layout of `_rosterHead` (one slot, read by every roster lookup):
/// `[0, 32)` number of rosters · `[32, 64)` lowest token ID a new roster may start at · `[64, 65)` some roster
/// ticket was burned · `[65, 66)` some roster ticket was approved · `[72, 96)` flags of the inheriting token
/// ({_sharedFlags}) · `[96 + 32k, 128 + 32k)` first token ID of roster `k`, for `k < 5`. The first token ID of
/// roster `k >= 5` is in `_rosterFirstIds[(k - 5) / 8]` at bits `[32 j, 32 j + 32)`, `j = (k - 5) % 8`.
abstract contract ERC721Roster is ERC721, IERC721Roster {
    using BitMaps for BitMaps.BitMap;

    /// @dev Most recipients per roster: (24,576 code bytes - the 514-byte header) / 19 bytes.
    uint256 private constant _MAX_ROSTER_SIZE = 1266;
    /// @dev A data contract's header: two zero bytes (the first is the STOP), then 256 big-endian uint16 bucket ends.
    uint256 private constant _HEADER_SIZE = 514;
    /// @dev Bytes per recipient in a data contract: the address without its first byte (that is its bucket's).
    uint256 private constant _ENTRY_SIZE = 19;
    /// @dev {_rosterPlacesOf} counts a bucket of at most this many recipients by comparing each (about 40 gas an
    /// entry) and bisects a larger one (a recipient with many places, or crowded first bytes).
    uint256 private constant _SCAN_LIMIT = 64;
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
    /// @dev Reverts with {ERC721InvalidOwner} for the zero address. OpenZeppelin's stored balance counts the tokens
    /// `owner` holds through storage minus its roster tickets that left their roster (moved or burned), modulo 2^256
    /// (see {_update}); adding `owner`'s places on every roster gives the balance. Cost: one cold code access per
    /// roster and a search of one bucket in it ({_rosterPlacesOf}); no storage read per roster or per ticket.
    function balanceOf(address owner) public view virtual override returns (uint256) {
        uint256 stored = super.balanceOf(owner);
        // Wraps back on purpose: `stored` is "negative" while more of owner's roster tickets left than it holds
        // through storage, and the sum is the true balance.
        unchecked {
            return stored + _rosterPlacesOf(owner, uint32(_rosterHead));
        }
    }

    // ------------------------------------------------------------------ writing

    /// @notice Issues token IDs `firstTokenId .. firstTokenId + recipients.length - 1`, in order, to `recipients`,
    /// written as a new roster. Emits one `Transfer(0, recipient, tokenId)` per ticket, then {RosterWritten}.
    /// @dev No receiver callback and no {_update}: the caller applies its own mint policy. Requirements:
    /// 1..1,266 recipients, sorted ascending, none the zero address; token IDs unused so far (at or above the
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

    /// @dev OpenZeppelin's {ERC721-_update}, plus the roster bookkeeping: a ticket leaving its roster is debited
    /// from its recipient's stored balance by ERC721 (unchecked; it may wrap below zero), which offsets the
    /// recipient's place on the roster that {balanceOf} keeps counting; a storage mint keeps later rosters clear of
    /// its ID, and a burned roster ticket is recorded.
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
        // ERC721._update makes no external call). ERC721 debits the recipient's stored balance, possibly below
        // zero: that is the record {balanceOf} subtracts from the recipient's roster places.
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
    /// code `0x00 0x00 ‖ end_0 ‖ … ‖ end_255 ‖ entry_0 ‖ … ‖ entry_{n-1}`. Bucket `b` holds the recipients whose
    /// first byte is `b`; `end_b` (big-endian uint16) is the number of recipients in buckets `0..b`, so bucket `b`
    /// is positions `[end_{b-1}, end_b)` and the 4 code bytes at `2 b` are its start and end (the two leading zero
    /// bytes, the first of them a STOP, are `end_{-1}`). `entry_i` is recipient `i` without its first byte (19
    /// bytes): its bucket gives that byte. Reverts unless sorted ascending and clean.
    // One assembly loop over the recipients (split, it would pay a jump pair per recipient).
    // solhint-disable-next-line function-max-lines
    function _packRoster(address[] calldata recipients) private pure returns (bytes memory initcode) {
        uint256 size = recipients.length;
        uint256 stopped;
        // Cannot overflow: size <= 1,266.
        unchecked {
            uint256 runtimeSize = _HEADER_SIZE + _ENTRY_SIZE * size;
            initcode = new bytes(_INIT_SIZE + runtimeSize);
            // PUSH2 runtimeSize · DUP1 · PUSH1 10 · RETURNDATASIZE · CODECOPY · RETURNDATASIZE · RETURN, then the
            // runtime code, whose first two bytes stay zero (STOP: calling the data contract does nothing).
            uint256 prefix = (0x61 << 248) | (runtimeSize << 232) | (0x80600a3d393df300 << 168);
            assembly ("memory-safe") {
                mstore(add(initcode, 0x20), prefix)
                let table := add(initcode, add(0x20, add(_INIT_SIZE, 2)))
                let cursor := add(initcode, add(0x20, add(_INIT_SIZE, _HEADER_SIZE)))
                let previous := 0
                // The first bucket whose end is not written yet.
                let bucket := 0
                for {} lt(stopped, size) {
                    stopped := add(stopped, 1)
                } {
                    let recipient := calldataload(add(recipients.offset, shl(5, stopped)))
                    // Stop at the first word that is not an address or is below its predecessor.
                    if or(shr(160, recipient), lt(recipient, previous)) {
                        break
                    }
                    previous := recipient
                    // Buckets below this recipient's end here (sorted: no later recipient falls in them).
                    for {
                        let b := shr(152, recipient)
                    } lt(bucket, b) {
                        bucket := add(bucket, 1)
                    } {
                        let at := add(table, shl(1, bucket))
                        mstore8(at, shr(8, stopped))
                        mstore8(add(at, 1), stopped)
                    }
                    // The 19 low address bytes at `cursor`, then 13 zero bytes that the next recipient overwrites
                    // (past the last one they fall outside `initcode`, in unallocated memory).
                    mstore(cursor, shl(104, recipient))
                    cursor := add(cursor, _ENTRY_SIZE)
                }
                for {} lt(bucket, 256) {
                    bucket := add(bucket, 1)
                } {
                    let at := add(table, shl(1, bucket))
                    mstore8(at, shr(8, stopped))
                    mstore8(add(at, 1), stopped)
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
        // The last roster whose first token ID is <= tokenId (first IDs increase with the index): `low` below ends as
        // the number of rosters whose first ID is <= tokenId. Rosters are usually about equally large (the issuance
        // planner cuts them so), so the first probe is interpolated between roster 0's first ID and the lowest ID a
        // new roster may use: it and its neighbour usually settle it, reading one `_rosterFirstIds` slot instead of
        // about log2(count / 8); a bisection of the bracket they leave finishes otherwise.
        // Cannot overflow: every value is below 2^32, a product below 2^64; roster 0's first ID is below `lowest`.
        unchecked {
            uint256 first0 = uint32(head >> 96);
            if (tokenId < first0) return (address(0), head);
            uint256 guess = ((tokenId - first0) * count) / (uint32(head >> 32) - first0);
            uint256 low;
            uint256 high;
            if (_rosterFirstId(head, guess) > tokenId) {
                // guess >= 1 (roster 0 starts at or below tokenId): the answer is at most guess.
                low = _rosterFirstId(head, guess - 1) > tokenId ? 1 : guess;
                high = guess;
            } else {
                low = guess + 1;
                high = low < count && _rosterFirstId(head, low) > tokenId ? low : count;
            }
            while (low < high) {
                uint256 mid = (low + high) >> 1;
                if (_rosterFirstId(head, mid) > tokenId) high = mid;
                else low = mid + 1;
            }
            uint256 offset = tokenId - _rosterFirstId(head, low - 1);
            // An ID in the gap after a roster's end has no recipient ({_rosterEntry} returns zero there).
            recipient = _rosterEntry(_rosterData(low - 1), offset);
        }
    }

    /// @dev How many places `owner` has on rosters `0 .. count - 1`, tickets that left their roster included (the
    /// stored balance offsets those, see {balanceOf}). Per roster: its data contract's address (derived from its
    /// CREATE nonce, no storage read), the start and end of `owner`'s bucket (one 4-byte code read: the roster's only
    /// cold access), then that bucket alone (about 5 recipients when addresses are spread evenly), copied into memory
    /// in one read: up to {_SCAN_LIMIT} entries are compared with the owner's 19 bytes four at a time, a larger bucket
    /// is bisected (lower and upper bound). About 3,400 gas per roster, plus about 40 per place beyond the first;
    /// `npm run bench:roster-scale` measures it against the 3,000,000-gas goal at 1,000,000 tickets.
    // One assembly loop over the rosters (split, it would pay a jump pair per roster: ~40,000 gas at 790 rosters).
    // solhint-disable-next-line function-max-lines
    function _rosterPlacesOf(address owner, uint256 count) private view returns (uint256 places) {
        assembly ("memory-safe") {
            // Scratch space (0x00..0x3f) holds the RLP of a CREATE, then up to two entries read from the code.
            let bucketAt := shl(1, shr(152, owner))
            let key := and(owner, 0xffffffffffffffffffffffffffffffffffffff)
            // rlp([address(this), nonce]) is `prefix | nonce << 8 (32 - length)`, `length` bytes: 0xd6 0x94 ‖
            // address ‖ nonce below 0x80, else 0xd6 + k ‖ 0x94 ‖ address ‖ 0x80 + k ‖ nonce in k bytes (from `next`).
            let prefix := or(shl(240, 0xd694), shl(80, address()))
            let length := 23
            let next := 0x80
            for {
                let nonce := 1
            } iszero(gt(nonce, count)) {
                nonce := add(nonce, 1)
            } {
                if eq(nonce, next) {
                    let k := add(add(1, gt(nonce, 0xff)), add(gt(nonce, 0xffff), gt(nonce, 0xffffff)))
                    prefix := or(
                        or(shl(248, add(0xd6, k)), shl(240, 0x94)),
                        or(shl(80, address()), shl(72, add(0x80, k)))
                    )
                    length := add(23, k)
                    next := shl(shl(3, k), 1)
                }
                // Roster nonce - 1's data contract: keccak256(rlp([address(this), nonce])), as {_rosterData}.
                mstore(0x00, or(prefix, shl(shl(3, sub(32, length)), nonce)))
                let data := and(keccak256(0x00, length), 0xffffffffffffffffffffffffffffffffffffffff)
                extcodecopy(data, 0x00, bucketAt, 4)
                let low := shr(240, mload(0x00))
                let high := and(shr(224, mload(0x00)), 0xffff)
                let size := sub(high, low)
                if size {
                    // The whole bucket, into free memory (used temporarily: nothing else runs meanwhile). An mload at
                    // an entry also reads the 13 bytes after it (the next entry, or stale bytes past the bucket):
                    // the shift drops them.
                    let window := mload(0x40)
                    extcodecopy(data, window, add(_HEADER_SIZE, mul(low, _ENTRY_SIZE)), mul(size, _ENTRY_SIZE))
                    switch gt(size, _SCAN_LIMIT)
                    case 0 {
                        // Count the entries equal to the key, four per round. The (up to three) entries after the
                        // bucket are set to a value that is not the key.
                        let end := add(window, mul(size, _ENTRY_SIZE))
                        let other := shl(104, xor(key, 1))
                        mstore(end, other)
                        mstore(add(end, _ENTRY_SIZE), other)
                        mstore(add(end, 38), other)
                        for {} lt(window, end) {
                            window := add(window, 76)
                        } {
                            places := add(
                                places,
                                add(
                                    add(eq(shr(104, mload(window)), key), eq(shr(104, mload(add(window, 19))), key)),
                                    add(
                                        eq(shr(104, mload(add(window, 38))), key),
                                        eq(shr(104, mload(add(window, 57))), key)
                                    )
                                )
                            )
                        }
                    }
                    default {
                        // Lower bound: the first index whose entry is >= key (size if none).
                        let first := 0
                        for {
                            let last := size
                        } lt(first, last) {} {
                            let mid := shr(1, add(first, last))
                            switch lt(shr(104, mload(add(window, mul(mid, _ENTRY_SIZE)))), key)
                            case 1 {
                                first := add(mid, 1)
                            }
                            default {
                                last := mid
                            }
                        }
                        if lt(first, size) {
                            if eq(shr(104, mload(add(window, mul(first, _ENTRY_SIZE)))), key) {
                                // Upper bound: the first index after `first` whose entry is > key (size if none).
                                let end := add(first, 1)
                                for {
                                    let last := size
                                } lt(end, last) {} {
                                    let mid := shr(1, add(end, last))
                                    switch gt(shr(104, mload(add(window, mul(mid, _ENTRY_SIZE)))), key)
                                    case 1 {
                                        last := mid
                                    }
                                    default {
                                        end := add(mid, 1)
                                    }
                                }
                                places := add(places, sub(end, first))
                            }
                        }
                    }
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
        return length < _HEADER_SIZE ? 0 : (length - _HEADER_SIZE) / _ENTRY_SIZE;
    }

    /// @dev Recipient at `position` of the data contract `data`; zero past its end. Its first byte is that of the
    /// bucket holding `position`: the first `b` with `end_b > position`, found by bisecting the header (copied
    /// whole into free memory, 514 bytes) instead of probing the code 8 times.
    function _rosterEntry(address data, uint256 position) private view returns (address recipient) {
        assembly ("memory-safe") {
            // Temporary use of the memory past the free memory pointer (not allocated: nothing else runs meanwhile).
            let table := mload(0x40)
            extcodecopy(data, table, 0, _HEADER_SIZE)
            // end_b is the big-endian uint16 at table + 2 + 2 b; end_255 is the roster's size.
            if lt(position, shr(240, mload(add(table, 512)))) {
                let low := 0
                let high := 255
                for {} lt(low, high) {} {
                    let mid := shr(1, add(low, high))
                    switch gt(shr(240, mload(add(table, add(2, shl(1, mid))))), position)
                    case 1 {
                        high := mid
                    }
                    default {
                        low := add(mid, 1)
                    }
                }
                extcodecopy(data, 0x00, add(_HEADER_SIZE, mul(position, _ENTRY_SIZE)), _ENTRY_SIZE)
                recipient := or(shl(152, low), shr(104, mload(0x00)))
            }
        }
    }
}
