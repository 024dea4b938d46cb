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
}
