// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

import {ERC721Roster} from "../token/ERC721Roster.sol";
import {ERC721ReceiverMock} from "./ERC721ReceiverMock.sol";

/// @notice Test double: {ERC721Roster} with open roster writes, storage mints and burns, for tests only.
contract ERC721RosterMock is ERC721Roster {
    constructor(string memory name_, string memory symbol_) ERC721(name_, symbol_) {}

    /// @notice Writes a roster (see {ERC721Roster-_writeRoster}).
    function writeRoster(uint256 firstTokenId, address[] calldata recipients) external returns (address) {
        return _writeRoster(firstTokenId, recipients);
    }

    /// @notice Mints one token through storage, without the receiver callback.
    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }

    /// @notice Mints `recipients.length` tokens through storage from `firstTokenId` on (a storage airdrop, for gas
    /// comparisons with {writeRoster}).
    function mintBatch(uint256 firstTokenId, address[] calldata recipients) external {
        for (uint256 i = 0; i < recipients.length; ++i) _mint(recipients[i], firstTokenId + i);
    }

    /// @notice Mints one token through storage, with the receiver callback.
    function safeMint(address to, uint256 tokenId) external {
        _safeMint(to, tokenId);
    }

    /// @notice Burns a token; the caller must be its owner, approved or an operator (as ERC721Burnable).
    function burn(uint256 tokenId) external {
        _update(address(0), tokenId, _msgSender());
    }

    /// @notice Burns a token without any authorization check.
    function forceBurn(uint256 tokenId) external {
        _burn(tokenId);
    }

    /// @notice The derived address of roster `index`'s data contract, whether written yet or not.
    function rosterDataAt(uint256 index) external view returns (address) {
        return _rosterData(index);
    }

    /// @notice Makes the token create an unrelated contract (which the extension does not allow), to show that
    /// the next roster write then reverts instead of recording a wrong data contract.
    function createUnrelatedContract() external returns (address) {
        return address(new ERC721ReceiverMock(ERC721ReceiverMock.Behaviour.Accept));
    }
}
