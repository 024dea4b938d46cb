// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @notice Test double: an ERC-721 receiver that accepts, answers wrongly, reverts in several ways, or panics.
contract ERC721ReceiverMock is IERC721Receiver {
    enum Behaviour {
        Accept,
        WrongValue,
        RevertWithMessage,
        RevertWithoutMessage,
        RevertWithCustomError,
        Panic
    }

    error ReceiverRefused(uint256 tokenId);

    event Received(address operator, address from, uint256 tokenId, bytes data);

    Behaviour private immutable _behaviour;

    constructor(Behaviour behaviour) {
        _behaviour = behaviour;
    }

    /// @inheritdoc IERC721Receiver
    function onERC721Received(
        address operator,
        address from,
        uint256 tokenId,
        bytes calldata data
    ) external returns (bytes4) {
        Behaviour b = _behaviour;
        if (b == Behaviour.WrongValue) return bytes4(0xdeadbeef);
        // The string and empty reverts are what this double exists to produce.
        // solhint-disable-next-line gas-custom-errors
        if (b == Behaviour.RevertWithMessage) revert("ERC721ReceiverMock: refused");
        // solhint-disable-next-line gas-custom-errors, reason-string
        if (b == Behaviour.RevertWithoutMessage) revert();
        if (b == Behaviour.RevertWithCustomError) revert ReceiverRefused(tokenId);
        if (b == Behaviour.Panic) {
            uint256 zero = 0;
            return bytes4(bytes32(uint256(1) / zero));
        }
        emit Received(operator, from, tokenId, data);
        return IERC721Receiver.onERC721Received.selector;
    }
}
