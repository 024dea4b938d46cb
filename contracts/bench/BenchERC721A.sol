// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721A} from "erc721a/contracts/ERC721A.sol";

import {IBenchAirdrop} from "./BenchErrors.sol";

/// @notice Benchmark reference: ERC721A 4.3, airdrop as a loop of `_mint(recipient, 1)` (token IDs from 1).
contract BenchERC721A is ERC721A, IBenchAirdrop {
    address private immutable _minter;

    constructor() ERC721A("Bench ERC721A", "BAZ") {
        _minter = msg.sender;
    }

    /// @inheritdoc IBenchAirdrop
    function airdrop(uint256 expectedFirstId, address[] calldata recipients) external returns (uint256 firstTokenId) {
        if (msg.sender != _minter) revert BenchNotMinter(msg.sender);
        firstTokenId = _nextTokenId();
        if (expectedFirstId != firstTokenId) revert BenchBatchOutOfOrder(expectedFirstId, firstTokenId);
        uint256 count = recipients.length;
        for (uint256 i = 0; i < count; ++i) {
            _mint(recipients[i], 1);
        }
    }

    function _startTokenId() internal pure override returns (uint256) {
        return 1;
    }
}
