// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test, Vm} from "forge-std/Test.sol";

import {PapercutTicket} from "../contracts/PapercutTicket.sol";
import {ITicketLifecycle, CheckInProof, TransferPolicy} from "../contracts/interfaces/ITicketLifecycle.sol";
import {TicketState} from "../contracts/interfaces/ITicketRenderer.sol";
import {SmartWalletMock} from "../contracts/mocks/SmartWalletMock.sol";

/// @dev Shared set-up: tickets held by 4 EOAs with known keys and one smart wallet (owned by key 0). The tests
/// drive tickets 1..32: 1..16 from a small airdrop (minted to storage), 17..32 the start of a roster of 256.
abstract contract LifecycleBase is Test {
    uint256 internal constant TICKETS = 32;
    uint256 internal constant STORED = 16;
    uint256 internal constant ROSTER = 256;
    uint256 internal constant ISSUED = STORED + ROSTER;
    bytes32 internal constant GATE = "NORTH-1";

    PapercutTicket internal ticket;
    SmartWalletMock internal wallet;
    uint256[] internal keys;
    address[] internal holders; // the 4 EOAs, then the wallet

    function _setUpTicket(address admin) internal {
        ticket = new PapercutTicket(
            "T",
            "T",
            ISSUED,
            admin,
            address(0),
            0,
            "",
            "",
            uint64(block.timestamp + 1 days),
            uint64(block.timestamp + 2 days),
            TransferPolicy.Transferable
        );
        for (uint256 i = 1; i <= 4; ++i) {
            keys.push(i * 0x1000 + 7);
            holders.push(vm.addr(keys[i - 1]));
        }
        wallet = new SmartWalletMock(holders[0]);
        holders.push(address(wallet));
        vm.startPrank(admin);
        ticket.airdrop(1, _cyclicSorted(STORED));
        ticket.airdrop(STORED + 1, _cyclicSorted(ROSTER));
        vm.stopPrank();
        assertEq(ticket.rosterCount(), 1);
    }

    /// @dev `n` recipients cycling over the holders, sorted ascending (counting sort: equal holders adjacent).
    function _cyclicSorted(uint256 n) internal view returns (address[] memory recipients) {
        address[] memory order = new address[](holders.length);
        for (uint256 i = 0; i < holders.length; ++i) order[i] = holders[i];
        _sort(order);
        recipients = new address[](n);
        uint256 k;
        for (uint256 h = 0; h < order.length; ++h) {
            for (uint256 i = h; i < n; i += order.length) recipients[k++] = order[h];
        }
    }

    /// @dev The key that signs for `holder` (the wallet accepts its owner's, key 0).
    function _keyOf(address holder) internal view returns (uint256) {
        for (uint256 i = 0; i < 4; ++i) if (holders[i] == holder) return keys[i];
        return keys[0];
    }

    function _proof(uint256 key, uint256 tokenId, bytes16 nonce) internal view returns (CheckInProof memory proof) {
        uint64 expiry = uint64(block.timestamp + 60);
        bytes32 digest = ticket.checkInDigest(tokenId, GATE, nonce, expiry);
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        proof = CheckInProof(tokenId, GATE, nonce, expiry, abi.encodePacked(r, s, v));
    }

    /// @dev A one-scan door code: `holderKey` delegates `tokenId` to a page key until the event's end, and the page
    /// key signs the check-in for any gate, expiring 10 s from now.
    function _doorCode(
        uint256 holderKey,
        uint256 tokenId,
        bytes16 nonce
    ) internal view returns (CheckInProof memory proof) {
        uint256 pageKey = uint256(keccak256(abi.encode("page key", holderKey, tokenId)));
        uint64 expiry = uint64(block.timestamp + 10);
        bytes memory envelope = abi.encodePacked(
            _signed(pageKey, ticket.checkInDigest(tokenId, bytes32(0), nonce, expiry)),
            _signed(holderKey, ticket.doorDelegationDigest(tokenId, vm.addr(pageKey), ticket.eventEnd())),
            vm.addr(pageKey),
            ticket.eventEnd()
        );
        proof = CheckInProof(tokenId, bytes32(0), nonce, expiry, envelope);
    }

    function _signed(uint256 key, bytes32 digest) internal pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    function _sort(address[] memory list) internal pure {
        for (uint256 i = 1; i < list.length; ++i) {
            address key = list[i];
            uint256 j = i;
            while (j > 0 && list[j - 1] > key) {
                list[j] = list[j - 1];
                --j;
            }
            list[j] = key;
        }
    }
}

/// @dev Fuzz tests of the check-in signature rule.
contract TicketLifecycleFuzzTest is LifecycleBase {
    function setUp() public {
        _setUpTicket(address(this));
    }

    function testFuzz_OnlyTheHolderKeyAdmits(uint256 rawKey, uint8 rawToken, bytes16 nonce) public {
        uint256 tokenId = _bound(rawToken, 1, TICKETS);
        uint256 key = _bound(rawKey, 1, 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140);
        address holder = ticket.ownerOf(tokenId);
        bool holderKey = key == _keyOf(holder);
        CheckInProof memory proof = _proof(key, tokenId, nonce);
        if (!holderKey) {
            vm.expectRevert(abi.encodeWithSelector(ITicketLifecycle.TicketInvalidProof.selector, tokenId, holder));
        }
        ticket.checkIn(proof);
        assertEq(ticket.wasCheckedIn(tokenId), holderKey);
        if (holderKey) {
            vm.expectRevert(abi.encodeWithSelector(ITicketLifecycle.TicketAlreadyCheckedIn.selector, tokenId));
            ticket.checkIn(proof);
        }
    }

    function testFuzz_ForgedSignatureBytesNeverAdmit(uint8 rawToken, bytes calldata signature) public {
        uint256 tokenId = _bound(rawToken, 1, TICKETS);
        CheckInProof memory proof = CheckInProof(tokenId, GATE, bytes16(0), 0, signature);
        try ticket.checkIn(proof) {
            assertTrue(false, "random signature bytes admitted a ticket");
        } catch {
            assertFalse(ticket.wasCheckedIn(tokenId));
        }
    }
}

/// @dev Fuzz tests of delegated (one-scan) proofs: a key the holder's page keeps signs the check-in, under the
/// holder's signed delegation of that ticket.
contract DelegatedCheckInFuzzTest is LifecycleBase {
    uint256 private constant _SECP256K1_N_MINUS_1 = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364140;

    function setUp() public {
        _setUpTicket(address(this));
    }

    function _sig(uint256 key, bytes32 digest) private pure returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, digest);
        return abi.encodePacked(r, s, v);
    }

    /// @dev A delegated proof: `delegationKey` delegates `delegatedToken` to `delegateKey` until `notAfter`, and
    /// `codeKey` signs `tokenId`'s check-in (any gate) expiring at `expiry`.
    function _delegated(
        uint256 delegationKey,
        uint256 delegatedToken,
        uint256 delegateKey,
        uint64 notAfter,
        uint256 codeKey,
        uint256 tokenId,
        uint64 expiry,
        bytes16 nonce
    ) private view returns (CheckInProof memory) {
        address delegate = vm.addr(delegateKey);
        bytes memory envelope = abi.encodePacked(
            _sig(codeKey, ticket.checkInDigest(tokenId, bytes32(0), nonce, expiry)),
            _sig(delegationKey, ticket.doorDelegationDigest(delegatedToken, delegate, notAfter)),
            delegate,
            notAfter
        );
        assertEq(envelope.length, 158);
        return CheckInProof(tokenId, bytes32(0), nonce, expiry, envelope);
    }

    function _holderKey(uint256 tokenId) private view returns (uint256) {
        return _keyOf(ticket.ownerOf(tokenId));
    }

    function _bad(uint256 tokenId) private view returns (bytes memory) {
        return abi.encodeWithSelector(ITicketLifecycle.TicketInvalidProof.selector, tokenId, ticket.ownerOf(tokenId));
    }

    function testFuzz_HolderDelegationAdmitsOnce(uint8 rawToken, uint256 rawDelegate, bytes16 nonce) public {
        uint256 tokenId = _bound(rawToken, 1, TICKETS);
        vm.assume(ticket.ownerOf(tokenId) != address(wallet));
        uint256 delegateKey = _bound(rawDelegate, 1, _SECP256K1_N_MINUS_1);
        uint64 expiry = uint64(block.timestamp + 10);
        uint256 holderKey = _holderKey(tokenId);
        CheckInProof memory proof = _delegated(
            holderKey,
            tokenId,
            delegateKey,
            expiry + 1 hours,
            delegateKey,
            tokenId,
            expiry,
            nonce
        );
        assertEq(ticket.checkIn(proof), ticket.ownerOf(tokenId));
        assertTrue(ticket.wasCheckedIn(tokenId));
        vm.expectRevert(abi.encodeWithSelector(ITicketLifecycle.TicketAlreadyCheckedIn.selector, tokenId));
        ticket.checkIn(proof);
    }

    function testFuzz_NonHolderDelegationRefused(uint8 rawToken, uint256 rawKey, bytes16 nonce) public {
        uint256 tokenId = _bound(rawToken, 1, TICKETS);
        uint256 key = _bound(rawKey, 1, _SECP256K1_N_MINUS_1);
        vm.assume(key != _holderKey(tokenId));
        uint64 expiry = uint64(block.timestamp + 10);
        CheckInProof memory proof = _delegated(key, tokenId, 0xD1, expiry, 0xD1, tokenId, expiry, nonce);
        vm.expectRevert(_bad(tokenId));
        ticket.checkIn(proof);
        assertFalse(ticket.wasCheckedIn(tokenId));
    }

    function testFuzz_DelegationForAnotherTicketRefused(uint8 rawA, uint8 rawB, bytes16 nonce) public {
        uint256 a = _bound(rawA, 1, TICKETS);
        uint256 b = _bound(rawB, 1, TICKETS);
        vm.assume(a != b);
        uint64 expiry = uint64(block.timestamp + 10);
        // The holder of B delegates ticket A (even if they hold both): the code for B is refused.
        uint256 key = _holderKey(b);
        CheckInProof memory proof = _delegated(key, a, 0xD1, expiry, 0xD1, b, expiry, nonce);
        vm.expectRevert(_bad(b));
        ticket.checkIn(proof);
        assertFalse(ticket.wasCheckedIn(b));
    }

    function testFuzz_CodeNotSignedByTheDelegateRefused(uint8 rawToken, uint256 rawKey, bytes16 nonce) public {
        uint256 tokenId = _bound(rawToken, 1, TICKETS);
        uint256 key = _bound(rawKey, 1, _SECP256K1_N_MINUS_1);
        vm.assume(key != 0xD1);
        uint64 expiry = uint64(block.timestamp + 10);
        CheckInProof memory proof = _delegated(_holderKey(tokenId), tokenId, 0xD1, expiry, key, tokenId, expiry, nonce);
        vm.expectRevert(_bad(tokenId));
        ticket.checkIn(proof);
    }

    function testFuzz_CodeAfterTheDelegationEndsRefused(uint8 rawToken, uint64 rawEnd, bytes16 nonce) public {
        uint256 tokenId = _bound(rawToken, 1, TICKETS);
        uint64 expiry = uint64(block.timestamp + 10);
        uint64 notAfter = uint64(_bound(rawEnd, 0, expiry - 1));
        CheckInProof memory proof = _delegated(
            _holderKey(tokenId),
            tokenId,
            0xD1,
            notAfter,
            0xD1,
            tokenId,
            expiry,
            nonce
        );
        vm.expectRevert(_bad(tokenId));
        ticket.checkIn(proof);
    }

    function testFuzz_ExpiredCodeRefused(uint8 rawToken, uint32 late, bytes16 nonce) public {
        uint256 tokenId = _bound(rawToken, 1, TICKETS);
        uint64 expiry = uint64(block.timestamp + 10);
        CheckInProof memory proof = _delegated(
            _holderKey(tokenId),
            tokenId,
            0xD1,
            expiry,
            0xD1,
            tokenId,
            expiry,
            nonce
        );
        vm.warp(uint256(expiry) + ticket.CHECK_IN_GRACE() + 1 + (late % 1 days));
        vm.expectRevert(abi.encodeWithSelector(ITicketLifecycle.TicketProofExpired.selector, tokenId, expiry));
        ticket.checkIn(proof);
    }

    function testFuzz_ForgedEnvelopeBytesNeverAdmit(uint8 rawToken, bytes32[5] calldata junk) public {
        uint256 tokenId = _bound(rawToken, 1, TICKETS);
        bytes memory envelope = abi.encodePacked(junk[0], junk[1], junk[2], junk[3], bytes30(junk[4]));
        assertEq(envelope.length, 158);
        try ticket.checkIn(CheckInProof(tokenId, bytes32(0), bytes16(0), uint64(block.timestamp), envelope)) {
            assertTrue(false, "random envelope bytes admitted a ticket");
        } catch {
            assertFalse(ticket.wasCheckedIn(tokenId));
        }
    }

    /// @dev A transfer kills the delegation: the new holder did not sign it (the transfer is before the event, so
    /// the moved-on rule does not apply).
    function test_TransferKillsTheDelegation() public {
        uint256 tokenId = 1;
        address from = ticket.ownerOf(tokenId);
        uint256 fromKey = _keyOf(from);
        address to = from == holders[1] ? holders[2] : holders[1];
        uint64 expiry = uint64(block.timestamp + 10);
        CheckInProof memory proof = _delegated(fromKey, tokenId, 0xD1, expiry, 0xD1, tokenId, expiry, bytes16("x"));
        vm.prank(from);
        ticket.transferFrom(from, to, tokenId);
        vm.expectRevert(abi.encodeWithSelector(ITicketLifecycle.TicketInvalidProof.selector, tokenId, to));
        ticket.checkIn(proof);
    }
}

/// @dev Drives random check-ins (single, batch, replays, forged), transfers, voids, reissues and time.
contract LifecycleHandler is LifecycleBase {
    bytes32 private constant _CHECKED_IN_TOPIC = keccak256("CheckedIn(uint256,bytes32,address,address,bytes16)");

    mapping(uint256 tokenId => uint256 count) public checkInEvents;
    mapping(uint256 tokenId => address holder) public holderWhenVoided;
    mapping(uint256 tokenId => bool) public checkedInWhenVoided;
    uint256 public voidedChanged; // a voided ticket checked in, moved, re-voided or reissued
    uint256 public lockedMoves; // a checked-in ticket moved by its holder before the end
    uint256 public forgedAdmissions; // an admission whose proof was not signed by the holder
    uint256 public calls;
    uint256 public succeeded;

    CheckInProof[] private _used;
    uint256 private _nonce;
    /// @dev When `from` last moved the ticket on inside the event window (the contract honours its proofs for a
    /// challenge issued no later than that).
    mapping(uint256 tokenId => mapping(address from => uint256 time)) private _movedOnAt;

    constructor() {
        _setUpTicket(address(this)); // the handler is admin and gate
    }

    /// @dev Whether `key` may sign for `tokenId` now: its holder's key, or a key that moved it on inside the event
    /// window at or after the earliest issue of a challenge expiring 60 s from now.
    function _entitled(uint256 key, uint256 tokenId, address holder) private view returns (bool) {
        if (key == _keyOf(holder)) return true;
        uint256 movedOn = _movedOnAt[tokenId][vm.addr(key)];
        return movedOn != 0 && movedOn + ticket.CHALLENGE_LIFETIME_MAX() >= block.timestamp + 60;
    }

    function holderCount() external view returns (uint256) {
        return holders.length;
    }

    function holderAt(uint256 i) external view returns (address) {
        return holders[i];
    }

    function checkIn(uint256 tokenSeed, uint256 signerSeed) external {
        ++calls;
        uint256 tokenId = (tokenSeed % TICKETS) + 1;
        address holder = ticket.ownerOf(tokenId);
        bool honest = signerSeed % 4 != 0;
        uint256 key = honest ? _keyOf(holder) : keys[signerSeed % keys.length];
        CheckInProof memory proof = _proof(key, tokenId, bytes16(uint128(++_nonce)));
        (bool voided, ) = _before(tokenId);
        vm.recordLogs();
        try ticket.checkIn(proof) {
            ++succeeded;
            _used.push(proof);
            if (voided) ++voidedChanged;
            if (!_entitled(key, tokenId, holder)) ++forgedAdmissions;
        } catch {}
        _countCheckIns();
    }

    function checkInBatch(uint256 seed, uint8 rawCount) external {
        ++calls;
        uint256 count = _bound(rawCount, 1, 8);
        CheckInProof[] memory proofs = new CheckInProof[](count);
        bool[] memory voided = new bool[](count);
        bool[] memory honest = new bool[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            uint256 tokenId = (r % TICKETS) + 1;
            address holder = ticket.ownerOf(tokenId);
            uint256 key = (r >> 128) % 5 == 0 ? keys[(r >> 64) % keys.length] : _keyOf(holder);
            honest[i] = _entitled(key, tokenId, holder);
            proofs[i] = _proof(key, tokenId, bytes16(uint128(++_nonce)));
            (voided[i], ) = _before(tokenId);
        }
        vm.recordLogs();
        try ticket.checkInBatch(proofs) returns (uint256 admitted) {
            if (admitted > 0) ++succeeded;
            for (uint256 i = 0; i < count; ++i) {
                if (ticket.wasCheckedIn(proofs[i].tokenId)) _used.push(proofs[i]);
            }
        } catch {}
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 k = 0; k < logs.length; ++k) {
            if (logs[k].emitter != address(ticket) || logs[k].topics[0] != _CHECKED_IN_TOPIC) continue;
            uint256 tokenId = uint256(logs[k].topics[1]);
            ++checkInEvents[tokenId];
            bool anyHonest;
            for (uint256 i = 0; i < count; ++i) {
                if (proofs[i].tokenId != tokenId) continue;
                if (voided[i]) ++voidedChanged;
                anyHonest = anyHonest || honest[i];
            }
            if (!anyHonest) ++forgedAdmissions;
        }
    }

    function replay(uint256 which) external {
        ++calls;
        if (_used.length == 0) return;
        vm.recordLogs();
        try ticket.checkIn(_used[which % _used.length]) {} catch {
            ++succeeded; // the expected outcome of a replay is a refusal
        }
        _countCheckIns();
    }

    function transfer(uint256 tokenSeed, uint256 toSeed) external {
        ++calls;
        uint256 tokenId = (tokenSeed % TICKETS) + 1;
        address from = ticket.ownerOf(tokenId);
        address to = holders[toSeed % holders.length];
        (bool voided, bool checkedIn) = _before(tokenId);
        bool ended = block.timestamp >= ticket.eventEnd();
        bool during = block.timestamp >= ticket.eventStart() && !ended;
        vm.prank(from);
        try ticket.transferFrom(from, to, tokenId) {
            ++succeeded;
            if (during) _movedOnAt[tokenId][from] = block.timestamp;
            if (voided) ++voidedChanged;
            if (checkedIn && !ended) ++lockedMoves;
        } catch {}
    }

    function voidTicket(uint256 tokenSeed) external {
        ++calls;
        uint256 tokenId = (tokenSeed % TICKETS) + 1;
        (bool voided, bool checkedIn) = _before(tokenId);
        try ticket.voidTicket(tokenId) {
            ++succeeded;
            if (voided) ++voidedChanged;
            holderWhenVoided[tokenId] = ticket.ownerOf(tokenId);
            checkedInWhenVoided[tokenId] = checkedIn;
        } catch {}
    }

    function reissue(uint256 tokenSeed, uint256 toSeed) external {
        ++calls;
        uint256 tokenId = (tokenSeed % TICKETS) + 1;
        (bool voided, ) = _before(tokenId);
        try ticket.reissueTicket(tokenId, holders[toSeed % holders.length]) {
            ++succeeded;
            if (voided) ++voidedChanged;
        } catch {}
    }

    function warp(uint256 rawSeconds) external {
        ++calls;
        vm.warp(block.timestamp + _bound(rawSeconds, 0, 3 hours));
        ++succeeded;
    }

    function _before(uint256 tokenId) private view returns (bool voided, bool checkedIn) {
        voided = ticket.ticketState(tokenId) == TicketState.Voided;
        checkedIn = ticket.wasCheckedIn(tokenId);
    }

    function _countCheckIns() private {
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 k = 0; k < logs.length; ++k) {
            if (logs[k].emitter == address(ticket) && logs[k].topics[0] == _CHECKED_IN_TOPIC) {
                ++checkInEvents[uint256(logs[k].topics[1])];
            }
        }
    }

    function ticketContract() external view returns (PapercutTicket) {
        return ticket;
    }
}

/// @dev Invariants of the ticket life cycle over random call sequences.
contract TicketLifecycleInvariantTest is Test {
    LifecycleHandler internal handler;
    PapercutTicket internal ticket;
    uint256 internal constant TICKETS = 32;
    uint256 internal constant ISSUED = 16 + 256;

    function setUp() public {
        handler = new LifecycleHandler();
        ticket = handler.ticketContract();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](7);
        selectors[0] = LifecycleHandler.checkIn.selector;
        selectors[1] = LifecycleHandler.checkInBatch.selector;
        selectors[2] = LifecycleHandler.replay.selector;
        selectors[3] = LifecycleHandler.transfer.selector;
        selectors[4] = LifecycleHandler.voidTicket.selector;
        selectors[5] = LifecycleHandler.reissue.selector;
        selectors[6] = LifecycleHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev Per ticket (one pass, so the run stays quick): checked in at most once, the chain's record agreeing with
    /// its events; a voided ticket never checked in, moved, voided again or reissued (same holder, same record) and
    /// locked.
    function invariant_EveryTicketCheckedInAtMostOnceAndVoidedTicketsFrozen() public view {
        assertEq(handler.voidedChanged(), 0, "a voided ticket changed");
        for (uint256 id = 1; id <= TICKETS; ++id) {
            uint256 events = handler.checkInEvents(id);
            bool checkedIn = ticket.wasCheckedIn(id);
            assertLe(events, 1, "a ticket was checked in twice");
            assertEq(events == 1, checkedIn, "CheckedIn events disagree with the state");
            if (ticket.ticketState(id) != TicketState.Voided) continue;
            assertEq(ticket.ownerOf(id), handler.holderWhenVoided(id), "a voided ticket moved");
            assertEq(checkedIn, handler.checkedInWhenVoided(id), "a voided ticket was checked in");
            assertTrue(ticket.locked(id), "a voided ticket is not locked");
        }
    }

    /// @dev Only the holder's own signature admits a ticket; a checked-in ticket stays with its holder until the
    /// event ends; reissues move tickets and never mint, so the supply stays exact.
    function invariant_NoForgeryNoLockedMoveExactSupply() public view {
        assertEq(handler.forgedAdmissions(), 0, "a ticket was admitted without its holder's signature");
        assertEq(handler.lockedMoves(), 0, "a checked-in ticket moved before the end");
        assertEq(ticket.totalMinted(), ISSUED);
        uint256 sum;
        for (uint256 i = 0; i < handler.holderCount(); ++i) sum += ticket.balanceOf(handler.holderAt(i));
        assertEq(sum, ISSUED);
    }

    /// @dev Progress: a run in which every handler call reverted would make the invariants above vacuous.
    function afterInvariant() public view {
        assertGt(handler.calls(), 0, "no handler call was made");
        assertGt(handler.succeeded(), 0, "every handler call failed");
    }
}

/// @dev The door: a single gate ADMITs a ticket when its holder signs a fresh challenge (the gate's `eth_call` would
/// pass), and commits later; meanwhile holders move tickets at random and the clock runs. Tickets 1..8 only, so that
/// transfers between a proof and its commit are frequent.
contract DoorHandler is LifecycleBase {
    uint256 internal constant DOOR_TICKETS = 8;
    bytes32 private constant _CHECKED_IN_TOPIC = keccak256("CheckedIn(uint256,bytes32,address,address,bytes16)");

    struct Admission {
        CheckInProof proof;
        address signer;
        uint256 admittedAt;
        uint256 movesBefore; // the ticket's in-window moves from the challenge's earliest issue to ADMIT
    }

    Admission[] private _pending;
    mapping(uint256 tokenId => bool) public admitted; // ADMIT said (pending or committed)
    mapping(uint256 tokenId => uint256 count) public checkInEvents;
    mapping(uint256 tokenId => uint256[] times) private _moveTimes;
    uint256 public admissions;
    uint256 public doorCodeAdmissions; // of which by a one-scan door code (a delegated proof)
    uint256 public commits;
    uint256 public committed;
    uint256 public voidedByTransfer; // an admission whose commit was refused although its signer held the ticket
    uint256 public wrongSigner; // a commit that named someone other than the admitted signer
    uint256 public calls;
    uint256 private _nonce;

    constructor() {
        _setUpTicket(address(this));
        vm.warp(ticket.eventStart()); // the doors are open
    }

    /// @dev ADMIT: the holder answers a fresh challenge, or (every other time) shows a one-scan door code; the gate refuses
    /// a ticket it admitted or the chain has.
    function admit(uint256 tokenSeed) public {
        ++calls;
        uint256 tokenId = (tokenSeed % DOOR_TICKETS) + 1;
        if (admitted[tokenId] || ticket.wasCheckedIn(tokenId) || block.timestamp >= ticket.eventEnd()) return;
        address holder = ticket.ownerOf(tokenId);
        if (holder.code.length != 0) return; // ERC-1271 holders are admitted only once their commit is mined
        bytes16 nonce = bytes16(uint128(++_nonce));
        bool doorCode = _nonce % 2 == 0; // every other admission
        if (doorCode) ++doorCodeAdmissions;
        CheckInProof memory proof =
            doorCode ? _doorCode(_keyOf(holder), tokenId, nonce) : _proof(_keyOf(holder), tokenId, nonce);
        admitted[tokenId] = true;
        ++admissions;
        uint256 issuedFrom = proof.expiry - ticket.CHALLENGE_LIFETIME_MAX();
        uint256 moves;
        uint256[] storage times = _moveTimes[tokenId];
        for (uint256 i = 0; i < times.length; ++i) if (times[i] >= issuedFrom) ++moves;
        _pending.push(Admission(proof, holder, block.timestamp, moves));
    }

    /// @dev A holder moves a ticket (its own choice, between someone's proof and its commit).
    function transfer(uint256 tokenSeed, uint256 toSeed) external {
        ++calls;
        uint256 tokenId = (tokenSeed % DOOR_TICKETS) + 1;
        address from = ticket.ownerOf(tokenId);
        address to = holders[toSeed % holders.length];
        bool during = block.timestamp >= ticket.eventStart() && block.timestamp < ticket.eventEnd();
        vm.prank(from);
        try ticket.transferFrom(from, to, tokenId) {
            if (during) _moveTimes[tokenId].push(block.timestamp);
        } catch {}
    }

    /// @dev The gate commits one pending admission (admitting one first if none is pending).
    function commit(uint256 which) external {
        ++calls;
        if (_pending.length == 0) admit(which);
        if (_pending.length == 0) return;
        ++commits;
        uint256 index = which % _pending.length;
        Admission memory a = _pending[index];
        _pending[index] = _pending[_pending.length - 1];
        _pending.pop();
        vm.recordLogs();
        try ticket.checkIn(a.proof) returns (address signer) {
            ++committed;
            if (signer != a.signer) ++wrongSigner;
        } catch (bytes memory reason) {
            bool late = block.timestamp > uint256(a.proof.expiry) + ticket.CHECK_IN_GRACE();
            bool ended = block.timestamp >= ticket.eventEnd();
            // Only these may refuse an admission: expiry, the end, or more in-window moves before ADMIT than the
            // contract searches (8). A transfer after ADMIT never may.
            if (!late && !ended && a.movesBefore < 8) ++voidedByTransfer;
            if (bytes4(reason) == ITicketLifecycle.TicketAlreadyCheckedIn.selector) ++voidedByTransfer;
        }
        Vm.Log[] memory logs = vm.getRecordedLogs();
        for (uint256 k = 0; k < logs.length; ++k) {
            if (logs[k].emitter == address(ticket) && logs[k].topics[0] == _CHECKED_IN_TOPIC) {
                ++checkInEvents[uint256(logs[k].topics[1])];
            }
        }
    }

    function warp(uint256 rawSeconds) external {
        ++calls;
        vm.warp(block.timestamp + _bound(rawSeconds, 0, 20 minutes));
    }

    function pendingCount() external view returns (uint256) {
        return _pending.length;
    }

    function ticketContract() external view returns (PapercutTicket) {
        return ticket;
    }
}

/// @dev "A ticket is admitted at most once", under random transfers between proof and commit.
contract DoorInvariantTest is Test {
    DoorHandler internal handler;
    PapercutTicket internal ticket;

    function setUp() public {
        handler = new DoorHandler();
        ticket = handler.ticketContract();
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](5);
        selectors[0] = DoorHandler.admit.selector;
        selectors[1] = DoorHandler.transfer.selector;
        selectors[2] = DoorHandler.transfer.selector; // transfers twice as often
        selectors[3] = DoorHandler.commit.selector;
        selectors[4] = DoorHandler.warp.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// @dev Every ticket is checked in at most once, only after an ADMIT, and the chain's record agrees with its
    /// events; no admission's commit is refused for a transfer mined after it, and a commit names the signer.
    function invariant_TicketAdmittedAtMostOnce() public view {
        for (uint256 id = 1; id <= 8; ++id) {
            uint256 events = handler.checkInEvents(id);
            assertLe(events, 1, "a ticket was checked in twice");
            assertEq(events == 1, ticket.wasCheckedIn(id), "CheckedIn events disagree with the state");
            if (events == 1) assertTrue(handler.admitted(id), "checked in without an ADMIT");
        }
        assertEq(handler.voidedByTransfer(), 0, "a transfer after ADMIT voided the admission");
        assertEq(handler.wrongSigner(), 0, "a commit named someone else than the admitted signer");
        assertEq(
            handler.committed() + handler.pendingCount() <= handler.admissions(),
            true,
            "more commits than admissions"
        );
    }

    /// @dev Progress: admissions were made and committed (the invariants above are not vacuous).
    function afterInvariant() public view {
        assertGt(handler.calls(), 0, "no handler call was made");
        assertGt(handler.admissions(), 0, "nothing was admitted");
        if (handler.admissions() > 1) assertGt(handler.doorCodeAdmissions(), 0, "no door code was admitted");
        if (handler.commits() > 0) assertGt(handler.committed(), 0, "no commit went through");
    }
}
