// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";

import {ERC721RosterMock} from "../../contracts/mocks/ERC721RosterMock.sol";

/// @dev Fuzz tests of the roster's building blocks.
contract ERC721RosterFuzzTest is Test {
    ERC721RosterMock internal token;

    function setUp() public {
        token = new ERC721RosterMock("Roster", "R");
    }

    /// @dev Roster `index` lives at the token's CREATE address for nonce `index + 1`, for every index a roster can have.
    function testFuzz_DataAddressIsTheCreateAddress(uint32 rawIndex) public view {
        uint256 index = bound(rawIndex, 0, type(uint32).max - 2);
        assertEq(token.rosterDataAt(index), vm.computeCreateAddress(address(token), index + 1));
    }

    /// @dev Any sorted roster reads back exactly: owners in order, each recipient's count, nothing past the end.
    function testFuzz_RosterReadsBack(uint256 seed, uint8 rawSize, uint32 rawFirst) public {
        uint256 size = bound(rawSize, 1, 200);
        uint256 first = bound(rawFirst, 0, type(uint32).max - 1 - size);
        address[] memory list = new address[](size);
        uint160 value = uint160(uint256(keccak256(abi.encode(seed))) >> 100) + 1;
        for (uint256 i = 0; i < size; ++i) {
            // Non-decreasing, with runs of duplicates.
            if (uint256(keccak256(abi.encode(seed, i))) % 3 != 0)
                value += uint160(uint256(keccak256(abi.encode(i, seed))) >> 140);
            list[i] = address(value);
        }
        token.writeRoster(first, list);
        for (uint256 i = 0; i < size; ++i) {
            assertEq(token.ownerOf(first + i), list[i]);
            uint256 expected;
            for (uint256 j = 0; j < size; ++j) if (list[j] == list[i]) ++expected;
            assertEq(token.balanceOf(list[i]), expected);
        }
        vm.expectRevert();
        token.ownerOf(first + size);
    }

    /// @dev Full-width addresses over all 256 buckets of a roster's header, with a heavy holder (a run of up to 255
    /// places, possibly a whole bucket) and recipients that share their last 19 bytes with the one before them (the
    /// next bucket up): every ticket's owner and every recipient's balance read back, and an address one bucket
    /// below or above a recipient's, absent from the roster, holds nothing.
    function testFuzz_BucketedRosterReadsBack(uint256 seed, uint16 rawSize, uint8 heavy, uint16 rawHeavyAt) public {
        uint256 size = bound(rawSize, 1, 400);
        uint256 heavyAt = bound(rawHeavyAt, 0, size - 1);
        address[] memory list = new address[](size);
        // Steps average 2^160 / (size + 1), so the list spans the buckets without passing 2^160 - 1.
        uint256 step = (uint256(1) << 161) / (size + 1) / 2;
        uint256 value = (uint256(keccak256(abi.encode(seed))) % step) + 1;
        uint256 n = 0;
        for (uint256 i = 0; n < size; ++i) {
            uint256 r = uint256(keccak256(abi.encode(seed, i)));
            if (n == heavyAt) {
                for (uint256 k = 0; k <= heavy && n < size; ++k) list[n++] = address(uint160(value));
            } else {
                list[n++] = address(uint160(value));
            }
            // One time in eight the next recipient has the same last 19 bytes one bucket up (when there is one).
            if (r % 8 == 0 && value >> 152 < 0xff) value += uint256(1) << 152;
            else value += 1 + ((r >> 8) % step);
        }
        assertLt(value, uint256(1) << 160);
        token.writeRoster(1, list);
        for (uint256 i = 0; i < size;) {
            uint256 run = 1;
            while (i + run < size && list[i + run] == list[i]) ++run;
            assertEq(token.balanceOf(list[i]), run, "balance of a recipient");
            for (uint256 k = i; k < i + run; ++k) assertEq(token.ownerOf(1 + k), list[i], "owner of a ticket");
            uint160 raw = uint160(list[i]);
            if (raw >> 152 > 0) _assertAbsentHoldsNothing(list, address(raw - (uint160(1) << 152)));
            if (raw >> 152 < 0xff) _assertAbsentHoldsNothing(list, address(raw + (uint160(1) << 152)));
            i += run;
        }
        vm.expectRevert();
        token.ownerOf(1 + size);
    }

    function _assertAbsentHoldsNothing(address[] memory list, address other) private view {
        for (uint256 j = 0; j < list.length; ++j) if (list[j] == other) return;
        assertEq(token.balanceOf(other), 0, "balance of an address absent from the roster");
    }
}
