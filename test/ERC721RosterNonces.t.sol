// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";

import {ERC721RosterMock} from "../contracts/mocks/ERC721RosterMock.sol";

/// @dev Regression: a roster's data-contract address is the token's i-th CREATE address, predicted from
/// rlp([token, nonce]). From nonce 0x80 on, the nonce takes 1 + L bytes; the prediction hashed one byte too many, so
/// the 128th roster reverted with ERC721RosterWriteFailed(127, …).
contract ERC721RosterNoncesTest is Test {
    function test_RostersPastCreateNonces0x80And0x100() public {
        ERC721RosterMock token = new ERC721RosterMock("R", "R");
        address[] memory one = new address[](1);
        for (uint256 i = 0; i < 300; ++i) {
            one[0] = address(uint160(0x1000 + i));
            address data = token.writeRoster(i + 1, one);
            assertEq(data, vm.computeCreateAddress(address(token), i + 1));
        }
        assertEq(token.ownerOf(128), address(uint160(0x1000 + 127)));
        assertEq(token.ownerOf(257), address(uint160(0x1000 + 256)));
        assertEq(token.ownerOf(300), address(uint160(0x1000 + 299)));
    }
}
