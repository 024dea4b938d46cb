// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice The life-cycle state of a ticket, as the ticket contract reports it to its renderer.
/// @dev Valid: issued, not yet used. CheckedIn: admitted at the gate (the art shows a seal).
/// Souvenir: the event has ended; the ticket is a keepsake. Voided: cancelled by the organizer.
enum TicketState {
    Valid,
    CheckedIn,
    Souvenir,
    Voided
}

/// @title ITicketRenderer
/// @notice Produces the metadata of a ticket. The ticket contract delegates `tokenURI` to it when one
/// is set, so the art can live in its own, replaceable contract (as Nouns does with its descriptor).
interface ITicketRenderer {
    /// @notice The ERC-721 metadata URI of a ticket.
    /// @dev Must be a pure function of the renderer's own configuration, `tokenId` and `state`: never of
    /// block data or of the order in which tickets were minted, so art can be previewed before minting.
    /// @param tokenId The ticket's token ID (its ticket number).
    /// @param state The ticket's current life-cycle state.
    /// @return uri The metadata URI, typically `data:application/json;base64,...`.
    function tokenURI(uint256 tokenId, TicketState state) external view returns (string memory uri);
}

/// @title ICollectionRenderer
/// @notice A renderer that also writes the collection's metadata (ERC-7572 `contractURI`): the ticket contract
/// serves it when its own contract URI is empty.
interface ICollectionRenderer {
    /// @notice The collection's metadata URI, typically `data:application/json;base64,...`.
    /// @param royaltyReceiver The ticket's ERC-2981 royalty receiver (the zero address for none).
    /// @param royaltyBps The ticket's royalty, in basis points.
    /// @return uri The metadata URI.
    function collectionURI(address royaltyReceiver, uint256 royaltyBps) external view returns (string memory uri);
}
