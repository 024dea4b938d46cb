// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

/// @notice Test double: a plain OpenZeppelin ERC721 with the same external surface as {ERC721RosterMock}, the
/// reference the differential tests compare the roster token against.
contract ERC721ReferenceMock is ERC721 {
    constructor(string memory name_, string memory symbol_) ERC721(name_, symbol_) {}

    /// @notice Mints `firstTokenId + i` to `recipients[i]`, one `_mint` each (what a roster stands for).
    function writeRoster(uint256 firstTokenId, address[] calldata recipients) external returns (address) {
        for (uint256 i = 0; i < recipients.length; ++i) {
            _mint(recipients[i], firstTokenId + i);
        }
        return address(0);
    }

    /// @notice Mints one token, without the receiver callback.
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }

    /// @notice Mints one token, with the receiver callback.
    function safeMint(address to, uint256 tokenId) external {
        _safeMint(to, tokenId);
    }

    /// @notice Burns a token; the caller must be its owner, approved or an operator (as ERC721Burnable).
    function burn(uint256 tokenId) external {
        _update(address(0), tokenId, _msgSender());
    }
}
