// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ITicketRenderer, TicketState} from "../interfaces/ITicketRenderer.sol";

/// @notice Test double: a renderer whose URI names its prefix, the token and the state it was given.
contract RendererMock is ITicketRenderer {
    using Strings for uint256;

    string private _prefix;

    constructor(string memory prefix) {
        _prefix = prefix;
    }

    /// @inheritdoc ITicketRenderer
    function tokenURI(uint256 tokenId, TicketState state) external view returns (string memory) {
        return string.concat(_prefix, tokenId.toString(), "/", uint256(state).toString());
    }
}
