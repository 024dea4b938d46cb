// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IERC5192 — Minimal Soulbound NFTs
/// @notice Tells wallets and marketplaces whether a token can be transferred by its holder right now.
/// ERC-165 interface ID `0xb45a3c0e`.
interface IERC5192 {
    /// @notice The token became non-transferable.
    event Locked(uint256 tokenId);

    /// @notice The token became transferable again.
    event Unlocked(uint256 tokenId);

    /// @notice Whether the token cannot be transferred by its holder. Reverts for a token that does not exist.
    /// @param tokenId The token.
    function locked(uint256 tokenId) external view returns (bool);
}
