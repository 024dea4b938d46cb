// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IERC721Roster
/// @notice Errors, events and views of {ERC721Roster}: an ERC-721 whose airdropped tokens are recorded as
/// rosters (sorted lists of packed recipient addresses stored as the code of data contracts the token itself
/// creates) instead of one storage slot per token and per holder.
interface IERC721Roster {
    // ------------------------------------------------------------------ errors

    /// @notice A roster must list between 1 and `maxSize` recipients (a data contract holds at most 1,266).
    /// @param size Recipients in the rejected roster.
    /// @param maxSize The most one roster can hold.
    error ERC721RosterInvalidSize(uint256 size, uint256 maxSize);

    /// @notice A roster's token IDs would overlap a roster or a token minted through storage earlier.
    /// @param firstTokenId The first token ID the roster asked for.
    /// @param lowestFirstTokenId The lowest first token ID a new roster may use now.
    error ERC721RosterOverlap(uint256 firstTokenId, uint256 lowestFirstTokenId);

    /// @notice A roster's token IDs must stay below 2^32 - 1.
    /// @param firstTokenId The first token ID the roster asked for.
    /// @param size Recipients in the roster.
    error ERC721RosterTokenIdTooLarge(uint256 firstTokenId, uint256 size);

    /// @notice Recipients in a roster must be sorted ascending (a recipient listed several times appears in
    /// adjacent positions and gets that many tickets).
    /// @param index Position of the first recipient out of order.
    /// @param previous The recipient at `index - 1`.
    /// @param recipient The recipient at `index`, lower than `previous`.
    error ERC721RosterUnsorted(uint256 index, address previous, address recipient);

    /// @notice The data contract of roster `index` was not created at its derived address (the token itself
    /// created another contract earlier, which this extension does not allow). Nothing was issued.
    /// @param index The roster that could not be written.
    /// @param expected The address the roster's data contract must have.
    error ERC721RosterWriteFailed(uint256 index, address expected);

    /// @notice There is no roster with this index.
    /// @param index The index asked for.
    /// @param count How many rosters exist.
    error ERC721RosterNonexistent(uint256 index, uint256 count);

    // ------------------------------------------------------------------ events

    /// @notice Roster `index` was written: token IDs `firstTokenId .. firstTokenId + size - 1` went, in order,
    /// to the `size` recipients packed in the code of `data` (a 514-byte header of 256 buckets keyed by the first
    /// address byte, then the other 19 bytes of each recipient, sorted; see {ERC721Roster-_packRoster}).
    event RosterWritten(uint256 indexed index, uint256 firstTokenId, uint256 size, address data);

    // ------------------------------------------------------------------ views

    /// @notice How many rosters were written.
    function rosterCount() external view returns (uint256);

    /// @notice Roster `index`: its first token ID, its number of tickets and its data contract.
    /// @dev Reverts with {ERC721RosterNonexistent} for an index at or above {rosterCount}.
    function roster(uint256 index) external view returns (uint256 firstTokenId, uint256 size, address data);
}
