// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "solady/src/tokens/ERC721.sol";

import {IBenchAirdrop} from "./BenchErrors.sol";

/// @notice Benchmark reference: Solady ERC721, airdrop as a loop of `_mint` (token IDs from 1).
contract BenchSolady is ERC721, IBenchAirdrop {
    address private immutable _minter;
    uint256 private _minted;

    constructor() {
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

    /// @notice Collection name.
    function name() public pure override returns (string memory) {
        return "Bench Solady";
    }

    /// @notice Collection symbol.
    function symbol() public pure override returns (string memory) {
        return "BSD";
    }

    /// @notice No metadata in the benchmark.
    function tokenURI(uint256) public pure override returns (string memory) {
        return "";
    }
}
