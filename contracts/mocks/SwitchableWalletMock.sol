// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice Test double: a smart-contract wallet whose owner can switch its ERC-1271 answer at will, between a gate's
/// `eth_call` of `checkIn` and the commit (issue 18: the gate said ADMIT, the commit was refused).
contract SwitchableWalletMock is IERC1271 {
    address public immutable owner;
    bool public accepts = true;

    /// @notice Only the owner switches the answer.
    error NotOwner(address caller);

    constructor(address owner_) {
        owner = owner_;
    }

    /// @notice Makes `isValidSignature` accept everything (`true`) or nothing.
    function setAccepts(bool accepts_) external {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        accepts = accepts_;
    }

    /// @inheritdoc IERC1271
    function isValidSignature(bytes32, bytes calldata) external view returns (bytes4) {
        return accepts ? IERC1271.isValidSignature.selector : bytes4(0xffffffff);
    }
}
