// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice Test double: a contract that claims (ERC-1271) to have signed anything. Holding no ticket, it must not
/// be able to check one in; holding one, anybody can present it (its own choice).
contract HostileWalletMock is IERC1271 {
    /// @inheritdoc IERC1271
    function isValidSignature(bytes32, bytes calldata) external pure returns (bytes4) {
        return IERC1271.isValidSignature.selector;
    }
}
