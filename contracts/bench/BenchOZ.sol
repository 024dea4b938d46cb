// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

import {IBenchAirdrop} from "./BenchErrors.sol";

/// @notice Benchmark reference: OpenZeppelin ERC721, airdrop as a loop of `_mint` (token IDs from 1).
contract BenchOZ is ERC721, IBenchAirdrop {
    address private immutable _minter;
    uint256 private _minted;

    constructor() ERC721("Bench OZ", "BOZ") {
        _minter = msg.sender;
    }

    /// @inheritdoc IBenchAirdrop
    function airdrop(uint256 expectedFirstId, address[] calldata recipients) external returns (uint256 firstTokenId) {
        if (msg.sender != _minter) revert BenchNotMinter(msg.sender);
        uint256 minted = _minted;
        firstTokenId = minted + 1;
        if (expectedFirstId != firstTokenId) revert BenchBatchOutOfOrder(expectedFirstId, firstTokenId);
        uint256 count = recipients.length;
        _minted = minted + count;
        for (uint256 i = 0; i < count; ++i) {
            _mint(recipients[i], firstTokenId + i);
        }
    }
}
