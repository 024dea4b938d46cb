// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITicketRenderer, TicketState} from "./ITicketRenderer.sol";

/// @title IPapercutRenderer
/// @notice The on-chain papercut art of a ticket collection: every ticket's window flower is derived from a
/// salt fixed at deploy and its token ID (never from block data), drawn as SVG with no fonts or images, and
/// returned as ERC-721 metadata in a data URI. Nothing is stored per token.
interface IPapercutRenderer is ITicketRenderer {
    /// @notice A stub text has a character its font cannot draw: a Chinese text one the glyph set lacks, an
    /// English text one outside the stroke font.
    /// @param field 0 the Chinese name, 1 the Chinese date, 2 the English name, 3 the English date, 4 the
    /// ticket's own labels (第 号, the digits, 入场 纪念 作废).
    /// @param index Byte offset of the character in the text.
    /// @param codePoint The character's Unicode code point (a malformed UTF-8 byte b gives 0x110000 + b).
    error RendererUnsupportedCharacter(uint256 field, uint256 index, uint256 codePoint);

    /// @notice A Chinese stub text is empty or wider than the stub holds.
    /// @param field As in {RendererUnsupportedCharacter}.
    /// @param width Its advance in glyph grid units (125 to an em).
    /// @param maxWidth The most the stub holds.
    error RendererInvalidTextWidth(uint256 field, uint256 width, uint256 maxWidth);

    /// @notice An English stub text is empty or longer than the stub holds.
    /// @param field As in {RendererUnsupportedCharacter}.
    /// @param length Its length in bytes.
    /// @param maxLength The most the stub holds.
    error RendererInvalidTextLength(uint256 field, uint256 length, uint256 maxLength);

    /// @notice The external URL prefix has a character that is not printable ASCII, or a quote or backslash.
    /// @param index Position of the character.
    /// @param character The character.
    error RendererInvalidExternalUrl(uint256 index, bytes1 character);

    /// @notice The collection salt every seed is derived from.
    function salt() external view returns (bytes32);

    /// @notice The event's name in English, printed on every stub under the Chinese.
    function eventName() external view returns (string memory);

    /// @notice The event's name in Chinese, drawn on every stub from the glyph set.
    function eventNameZh() external view returns (string memory);

    /// @notice The date line in English.
    function dateText() external view returns (string memory);

    /// @notice The date line in Chinese.
    function dateTextZh() external view returns (string memory);

    /// @notice The typeface the Chinese texts are drawn in and its licence (the glyph set is a subset of it).
    function glyphFont() external view returns (string memory);

    /// @notice The prefix of every ticket's `external_url` (the token ID is appended); empty for none.
    function externalUrl() external view returns (string memory);

    /// @notice The seed of a ticket's art: `keccak256(abi.encodePacked(salt, tokenId))`.
    function seedOf(uint256 tokenId) external view returns (bytes32);

    /// @notice The ticket's SVG image alone (what `tokenURI` embeds as `image`).
    function svgOf(uint256 tokenId, TicketState state) external view returns (string memory);
}
