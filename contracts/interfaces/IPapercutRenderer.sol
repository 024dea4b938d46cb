// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITicketRenderer, TicketState} from "./ITicketRenderer.sol";

/// @title IPapercutRenderer
/// @notice The on-chain papercut art of a ticket collection: every ticket's window flower is derived from a
/// salt fixed at deploy and its token ID (never from block data), drawn as SVG with no fonts or images, and
/// returned as ERC-721 metadata in a data URI. Nothing is stored per token.
interface IPapercutRenderer is ITicketRenderer {
    /// @notice A stub text (event name or date) has a character the stroke font cannot draw.
    /// @param field 0 for the event name, 1 for the date.
    /// @param index Position of the character.
    /// @param character The character.
    error RendererUnsupportedCharacter(uint256 field, uint256 index, bytes1 character);

    /// @notice A stub text (event name or date) is empty or longer than the stub holds.
    /// @param field 0 for the event name, 1 for the date.
    /// @param length Its length in bytes.
    /// @param maxLength The most the stub holds.
    error RendererInvalidTextLength(uint256 field, uint256 length, uint256 maxLength);

    /// @notice The external URL prefix has a character that is not printable ASCII, or a quote or backslash.
    /// @param index Position of the character.
    /// @param character The character.
    error RendererInvalidExternalUrl(uint256 index, bytes1 character);

    /// @notice The collection salt every seed is derived from.
    function salt() external view returns (bytes32);

    /// @notice The event name printed on every stub.
    function eventName() external view returns (string memory);

    /// @notice The date line printed on every stub.
    function dateText() external view returns (string memory);

    /// @notice The prefix of every ticket's `external_url` (the token ID is appended); empty for none.
    function externalUrl() external view returns (string memory);

    /// @notice The seed of a ticket's art: `keccak256(abi.encodePacked(salt, tokenId))`.
    function seedOf(uint256 tokenId) external view returns (bytes32);

    /// @notice The ticket's SVG image alone (what `tokenURI` embeds as `image`).
    function svgOf(uint256 tokenId, TicketState state) external view returns (string memory);
}
