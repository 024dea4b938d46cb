// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// JSON built by hand needs single-quoted literals and long strings.
// solhint-disable quotes, gas-small-strings

import {Base64} from "@openzeppelin/contracts/utils/Base64.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {ITicketRenderer, TicketState} from "../interfaces/ITicketRenderer.sol";

/// @notice Test double: a renderer returning well-formed base64 JSON metadata with a small SVG image, or, when
/// built hostile, metadata whose name carries markup and whose image is a script URL (pages must neutralise both).
contract JsonRendererMock is ITicketRenderer {
    using Strings for uint256;

    bool private immutable _hostile;

    constructor(bool hostile) {
        _hostile = hostile;
    }

    /// @inheritdoc ITicketRenderer
    function tokenURI(uint256 tokenId, TicketState state) external view returns (string memory) {
        string memory id = tokenId.toString();
        string memory svg = string.concat(
            "<svg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 100 100'><rect width='100' height='100' fill='#b3121b'/>",
            "<circle cx='50' cy='50' r='30' fill='#fbf6ea'/></svg>"
        );
        string memory image =
            _hostile ? "javascript:alert(1)" : string.concat("data:image/svg+xml;base64,", Base64.encode(bytes(svg)));
        string memory name =
            _hostile ? string.concat("<img src=x onerror=alert(1)> #", id) : string.concat("Test ticket #", id);
        string memory json = string.concat(
            '{"name":"',
            name,
            '","description":"A test ticket","image":"',
            image,
            '","attributes":[{"trait_type":"State","value":"',
            uint256(state).toString(),
            '"}]}'
        );
        return string.concat("data:application/json;base64,", Base64.encode(bytes(json)));
    }
}
