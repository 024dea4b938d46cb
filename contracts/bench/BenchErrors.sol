// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Errors shared by the benchmark reference tokens (same airdrop shape as PapercutTicket).
interface IBenchAirdrop {
    /// @notice Only the deployer may airdrop.
    error BenchNotMinter(address caller);

    /// @notice The batch expected to start at another token ID (replay guard).
    error BenchBatchOutOfOrder(uint256 expectedFirstId, uint256 nextTokenId);

    /// @notice Issues the next `recipients.length` tickets, one per recipient, in order.
    function airdrop(uint256 expectedFirstId, address[] calldata recipients) external returns (uint256 firstTokenId);
}
