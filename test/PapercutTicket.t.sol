// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";

import {PapercutTicket} from "../contracts/PapercutTicket.sol";
import {IPapercutTicket} from "../contracts/interfaces/IPapercutTicket.sol";
import {TransferPolicy} from "../contracts/interfaces/ITicketLifecycle.sol";

/// @dev An event far ahead of the test clock: tickets stay valid and transferable.
uint64 constant EVENT_START = 2_000_000_000;
uint64 constant EVENT_END = 2_000_086_400;

/// @dev Fuzz tests of issuance: exact minting, the replay guard and the cap, for arbitrary batch shapes.
contract PapercutTicketFuzzTest is Test {
    PapercutTicket internal ticket;
    address[] internal people;

    function setUp() public {
        ticket = new PapercutTicket(
            "T",
            "T",
            1000,
            address(this),
            address(0),
            0,
            "",
            "",
            EVENT_START,
            EVENT_END,
            TransferPolicy.Transferable
        );
        for (uint160 i = 1; i <= 16; ++i) people.push(address(i * 0x1000));
    }

    /// @dev A batch of `n` recipients drawn from `people` (sorted ascending), sorted ascending (duplicates adjacent).
    function _batch(uint256 seed, uint256 n) internal view returns (address[] memory list) {
        uint256[] memory counts = new uint256[](people.length);
        for (uint256 i = 0; i < n; ++i) ++counts[uint256(keccak256(abi.encode(seed, i))) % people.length];
        list = new address[](n);
        uint256 k;
        for (uint256 p = 0; p < people.length; ++p) {
            for (uint256 c = 0; c < counts[p]; ++c) list[k++] = people[p];
        }
    }

    /// @dev Batch sizes on both sides of the roster threshold: storage mints below it, a roster from it on.
    function testFuzz_AirdropMintsEachRecipientItsTickets(uint256 seed, uint16 rawN) public {
        uint256 threshold = ticket.ROSTER_MIN_BATCH();
        uint256 n = rawN % 2 == 0 ? bound(rawN, 1, threshold - 1) : bound(rawN, threshold, 600);
        address[] memory list = _batch(seed, n);
        ticket.airdrop(1, list);
        assertEq(ticket.totalMinted(), n);
        uint256 sum;
        for (uint256 p = 0; p < people.length; ++p) {
            uint256 expected;
            for (uint256 i = 0; i < n; ++i) if (list[i] == people[p]) ++expected;
            assertEq(ticket.balanceOf(people[p]), expected);
            sum += expected;
        }
        assertEq(sum, n);
        for (uint256 i = 0; i < n; ++i) assertEq(ticket.ownerOf(i + 1), list[i]);
        assertEq(ticket.rosterCount(), n < threshold ? 0 : 1);
    }

    /// @dev Replays of storage batches and of rosters (sizes up to 300, across the threshold).
    function testFuzz_ReplayedBatchNeverMints(uint256 seed, uint16 rawN, uint16 rawM) public {
        uint256 n = bound(rawN, 1, 300);
        uint256 m = bound(rawM, 1, 300);
        address[] memory first = _batch(seed, n);
        address[] memory second = _batch(seed ^ 1, m);
        ticket.airdrop(1, first);
        ticket.airdrop(n + 1, second);
        vm.expectRevert(abi.encodeWithSelector(IPapercutTicket.TicketBatchOutOfOrder.selector, 1, n + m + 1));
        ticket.airdrop(1, first);
        vm.expectRevert(abi.encodeWithSelector(IPapercutTicket.TicketBatchOutOfOrder.selector, n + 1, n + m + 1));
        ticket.airdrop(n + 1, second);
        assertEq(ticket.totalMinted(), n + m);
    }

    function testFuzz_WrongExpectedIdReverts(uint256 expectedFirstId) public {
        vm.assume(expectedFirstId != 1);
        vm.expectRevert(abi.encodeWithSelector(IPapercutTicket.TicketBatchOutOfOrder.selector, expectedFirstId, 1));
        ticket.airdrop(expectedFirstId, _batch(0, 1));
        assertEq(ticket.totalMinted(), 0);
    }

    function testFuzz_CapIsNeverExceeded(uint16 rawCap, uint16 rawA, uint16 rawB) public {
        uint256 cap = bound(rawCap, 1, 300);
        PapercutTicket small = new PapercutTicket(
            "T",
            "T",
            cap,
            address(this),
            address(0),
            0,
            "",
            "",
            EVENT_START,
            EVENT_END,
            TransferPolicy.Transferable
        );
        uint256 a = bound(rawA, 1, cap);
        small.airdrop(1, _batch(rawA, a));
        uint256 b = bound(rawB, 1, 300);
        if (a + b > cap) {
            vm.expectRevert(abi.encodeWithSelector(IPapercutTicket.TicketSupplyExceeded.selector, b, cap - a));
            small.airdrop(a + 1, _batch(rawB, b));
            assertEq(small.totalMinted(), a);
        } else {
            small.airdrop(a + 1, _batch(rawB, b));
            assertEq(small.totalMinted(), a + b);
        }
    }
}

/// @dev Drives random airdrops, replays, transfers, approvals and pauses against one ticket contract.
contract TicketHandler is Test {
    PapercutTicket public immutable ticket;
    address[] public actors;

    uint256 public ghostMinted;
    uint256 public replaysThatMinted;
    uint256 public succeeded;
    uint256 public calls;

    uint256[] internal _batchStarts;
    mapping(uint256 firstId => address[]) internal _batches;

    constructor(PapercutTicket ticket_, address[] memory actors_) {
        ticket = ticket_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    /// @dev One batch in four is a roster (256..300 recipients), the others small storage batches (1..40).
    function airdrop(uint256 seed, uint8 rawN) external {
        ++calls;
        uint256 n = seed % 4 == 0 ? _bound(rawN, ticket.ROSTER_MIN_BATCH(), 300) : _bound(rawN, 1, 40);
        address[] memory list = new address[](n);
        uint256 idx = seed % actors.length;
        for (uint256 i = 0; i < n; ++i) {
            // non-decreasing walk over the (sorted) actors: duplicates stay adjacent
            if (uint256(keccak256(abi.encode(seed, i))) % 2 == 0 && idx + 1 < actors.length) ++idx;
            list[i] = actors[idx];
        }
        uint256 first = ticket.nextTokenId();
        try ticket.airdrop(first, list) {
            ghostMinted += n;
            _batchStarts.push(first);
            _batches[first] = list;
            ++succeeded;
        } catch {}
    }

    function replay(uint256 which) external {
        ++calls;
        if (_batchStarts.length == 0) return;
        uint256 first = _batchStarts[which % _batchStarts.length];
        uint256 before = ticket.totalMinted();
        try ticket.airdrop(first, _batches[first]) {
            replaysThatMinted += ticket.totalMinted() - before;
        } catch {
            ++succeeded; // the expected outcome of a replay is a revert
        }
    }

    function transfer(uint256 tokenSeed, uint256 toSeed) external {
        ++calls;
        uint256 minted = ticket.totalMinted();
        if (minted == 0) return;
        uint256 tokenId = (tokenSeed % minted) + 1;
        address owner = ticket.ownerOf(tokenId);
        address to = actors[toSeed % actors.length];
        vm.prank(owner);
        try ticket.transferFrom(owner, to, tokenId) {
            ++succeeded;
        } catch {}
    }

    function approveAndMove(uint256 tokenSeed, uint256 spenderSeed) external {
        ++calls;
        uint256 minted = ticket.totalMinted();
        if (minted == 0) return;
        uint256 tokenId = (tokenSeed % minted) + 1;
        address owner = ticket.ownerOf(tokenId);
        address spender = actors[spenderSeed % actors.length];
        vm.prank(owner);
        try ticket.approve(spender, tokenId) {
            vm.prank(spender);
            try ticket.transferFrom(owner, spender, tokenId) {
                ++succeeded;
            } catch {}
        } catch {}
    }

    /// @dev Unpauses when paused; pauses one time in four otherwise, so runs spend most calls unpaused.
    function togglePause(uint8 r) external {
        ++calls;
        if (ticket.paused()) ticket.unpause();
        else if (r % 4 == 0) ticket.pause();
        ++succeeded;
    }
}

/// @dev Invariants of issuance over random call sequences.
contract PapercutTicketInvariantTest is Test {
    uint256 internal constant CAP = 700;
    PapercutTicket internal ticket;
    TicketHandler internal handler;

    function setUp() public {
        address[] memory actors = new address[](6);
        // Sorted, in six of a roster's 256 buckets (first bytes 0x00, 0x28, ..., 0xc8), and all with the same last 19
        // bytes: a roster search must tell them apart by their bucket.
        for (uint160 i = 0; i < 6; ++i) actors[i] = address(((i * 40) << 152) | 0x10000);
        ticket = new PapercutTicket(
            "T",
            "T",
            CAP,
            address(this),
            address(0),
            0,
            "",
            "",
            EVENT_START,
            EVENT_END,
            TransferPolicy.Transferable
        );
        handler = new TicketHandler(ticket, actors);
        ticket.grantRole(ticket.DEFAULT_ADMIN_ROLE(), address(handler));
        ticket.grantRole(ticket.MINTER_ROLE(), address(handler));
        targetContract(address(handler));
        handler.airdrop(8, 20); // start every run with roster tickets to move (seed % 4 == 0) ...
        handler.airdrop(7, 20); // ... and stored ones
        assertEq(ticket.rosterCount(), 1);
    }

    function invariant_MintedNeverExceedsCap() public view {
        assertLe(ticket.totalMinted(), CAP);
    }

    function invariant_MintedEqualsSuccessfulBatches() public view {
        assertEq(ticket.totalMinted(), handler.ghostMinted());
    }

    function invariant_ReplayedBatchNeverMints() public view {
        assertEq(handler.replaysThatMinted(), 0);
    }

    function invariant_BalancesSumToMinted() public view {
        uint256 sum;
        for (uint256 i = 0; i < handler.actorCount(); ++i) sum += ticket.balanceOf(handler.actors(i));
        assertEq(sum, ticket.totalMinted());
    }

    function invariant_EveryTicketHasExactlyOneOwner() public view {
        uint256 n = handler.actorCount();
        uint256[] memory counted = new uint256[](n);
        uint256 minted = ticket.totalMinted();
        for (uint256 id = 1; id <= minted; ++id) {
            address owner = ticket.ownerOf(id);
            bool found;
            for (uint256 i = 0; i < n; ++i) {
                if (handler.actors(i) == owner) {
                    ++counted[i];
                    found = true;
                    break;
                }
            }
            assertTrue(found, "a ticket is owned by someone outside the actors");
        }
        for (uint256 i = 0; i < n; ++i) assertEq(counted[i], ticket.balanceOf(handler.actors(i)));
    }

    /// @dev Progress: a run in which every handler call reverted would make the invariants above vacuous.
    function afterInvariant() public view {
        assertGt(handler.calls(), 0, "no handler call was made");
        assertGt(handler.succeeded(), 0, "every handler call failed");
    }
}
