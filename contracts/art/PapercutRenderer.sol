// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// SVG and JSON fragments are full of double quotes (single-quoted literals need no escaping) and longer
// than 32 bytes by nature.
// solhint-disable quotes, gas-small-strings

import {Base64} from "solady/src/utils/Base64.sol";
import {LibString} from "solady/src/utils/LibString.sol";
import {SSTORE2} from "solady/src/utils/SSTORE2.sol";

import {IPapercutRenderer} from "../interfaces/IPapercutRenderer.sol";
import {ICollectionRenderer, ITicketRenderer, TicketState} from "../interfaces/ITicketRenderer.sol";
import {PapercutDesign} from "./PapercutDesign.sol";
import {PapercutFont} from "./PapercutFont.sol";
import {PapercutGlyphs} from "./PapercutGlyphs.sol";
import {PapercutNames} from "./PapercutNames.sol";
import {PapercutSvg} from "./PapercutSvg.sol";
import {PapercutWriter} from "./PapercutWriter.sol";

/// @title PapercutRenderer
/// @notice Renders every ticket of a collection as a Chinese papercut (剪纸) window flower, fully on-chain:
/// `tokenURI` returns `data:application/json;base64,` metadata whose `image` is the SVG itself. The
/// TypeScript mirror (`src/art/token-uri.ts`) produces the same bytes, so the art can be previewed before
/// minting and exported off-chain.
contract PapercutRenderer is IPapercutRenderer, ICollectionRenderer {
    using PapercutWriter for PapercutWriter.Writer;

    bytes32 private immutable _salt;
    /// @dev The event's start (Unix seconds): the metadata's "Event Date" trait.
    uint256 private immutable _eventDate;
    /// @dev SSTORE2 data contract holding the parts of the SVG that do not depend on the art, drawn once at
    /// deployment from the glyph set and the stroke font (`PapercutSvg.stubParts`): stub head, mid and tail,
    /// the three stamps and the ten digits, back to back.
    address private immutable _parts;
    /// @dev Lengths of the first sixteen parts, 16 bits each, the stub head in the lowest bits.
    uint256 private immutable _partLengths;
    /// @dev Lengths of the parts after them (the two pieces of the title), in the same way.
    uint256 private immutable _partLengths2;
    string private _eventName;
    string private _eventNameZh;
    string private _dateText;
    string private _dateTextZh;
    string private _externalUrl;

    /// @dev The typeface of the glyph set and its licence (`contracts/art/fonts/OFL.txt` in the repository).
    string private constant GLYPH_FONT = "LXGW WenKai Bold (subset), SIL Open Font License 1.1";

    /// @param salt_ The collection salt (fixed forever: it decides every ticket's art).
    /// @param eventNameZh_ The event's name in Chinese (UTF-8), drawn from the glyph set.
    /// @param eventName_ The event's name in English: 1..36 letters, digits, spaces or ! # & ' ( ) + , - . / :
    /// @param dateTextZh_ The date line in Chinese, drawn from the glyph set.
    /// @param dateText_ The date line in English, same alphabet and length as the English name.
    /// @param externalUrl_ Prefix of `external_url` (the token ID is appended), or empty for none.
    /// @param glyphs The glyph set: the outlines of every character of the Chinese texts and of the ticket's
    /// own labels (layout in `PapercutGlyphs`), made by the deploy tool from an open-licensed font.
    /// @param eventDate_ The event's start in Unix seconds (the metadata's "Event Date").
    constructor(
        bytes32 salt_,
        string memory eventNameZh_,
        string memory eventName_,
        string memory dateTextZh_,
        string memory dateText_,
        string memory externalUrl_,
        bytes memory glyphs,
        uint256 eventDate_
    ) {
        _checkJsonText(0, bytes(eventNameZh_));
        _checkJsonText(1, bytes(dateTextZh_));
        _checkStubText(2, bytes(eventName_));
        _checkStubText(3, bytes(dateText_));
        bytes memory url = bytes(externalUrl_);
        for (uint256 i = 0; i < url.length; ++i) {
            bytes1 c = url[i];
            if (c < 0x21 || c > 0x7e || c == '"' || c == "\\") revert RendererInvalidExternalUrl(i, c);
        }
        bytes[18] memory parts = PapercutSvg.stubParts(
            PapercutGlyphs.decode(glyphs),
            bytes(eventNameZh_),
            bytes(dateTextZh_),
            bytes(eventName_),
            bytes(dateText_)
        );
        uint256[2] memory lengths;
        bytes memory all;
        for (uint256 i = 0; i < PapercutSvg.PART_COUNT; ++i) {
            if (parts[i].length > 0xffff) revert RendererInvalidTextWidth(i, parts[i].length, 0xffff);
            lengths[i / 16] |= parts[i].length << (16 * (i % 16));
            all = bytes.concat(all, parts[i]);
        }
        _parts = SSTORE2.write(all);
        _partLengths = lengths[0];
        _partLengths2 = lengths[1];
        _salt = salt_;
        _eventDate = eventDate_;
        _eventName = eventName_;
        _eventNameZh = eventNameZh_;
        _dateText = dateText_;
        _dateTextZh = dateTextZh_;
        _externalUrl = externalUrl_;
    }

    /// @inheritdoc ITicketRenderer
    function tokenURI(uint256 tokenId, TicketState state) external view returns (string memory) {
        PapercutDesign.Design memory d = PapercutDesign.design(seedOf(tokenId));
        bytes memory image = bytes(Base64.encode(_svg(d, tokenId, state)));
        bytes memory id = bytes(LibString.toString(tokenId));
        bytes memory folds = bytes(LibString.toString(d.folds));
        bytes memory nameZh = bytes(_eventNameZh);
        bytes memory nameEn = bytes(_eventName);
        PapercutWriter.Writer memory json = PapercutWriter.create(image.length + 3072);
        json.lit('{"name":"', nameZh, unicode" 第");
        json.lit(id, unicode"号 / ", nameEn);
        json.lit(" No. ", id, '","description":"');
        json.lit(nameZh, unicode"，", bytes(_dateTextZh));
        json.lit(unicode"，第", id, unicode"号门票。剪纸窗花由一张纸折");
        json.lit(folds, unicode"次剪成，完全在链上绘制。 Ticket No. ", id);
        json.lit(" of ", nameEn, ", ");
        json.lit(bytes(_dateText), ". A papercut window flower cut from one sheet folded ", folds);
        json.lit(' times, drawn entirely on-chain.","image":"data:image/svg+xml;base64,', image, '",');
        bytes memory url = bytes(_externalUrl);
        if (url.length != 0) {
            json.lit('"external_url":"', url);
            json.lit(id, '",');
        }
        json.lit('"background_color":"2b211d","attributes":');
        _attributes(json, d, state, id);
        json.lit("}");
        return string.concat("data:application/json;base64,", Base64.encode(json.finish()));
    }

    /// @inheritdoc ICollectionRenderer
    function collectionURI(address royaltyReceiver, uint256 royaltyBps) external view returns (string memory) {
        bytes memory image = bytes(Base64.encode(_svg(PapercutDesign.design(seedOf(1)), 1, TicketState.Valid)));
        bytes memory nameZh = bytes(_eventNameZh);
        bytes memory nameEn = bytes(_eventName);
        PapercutWriter.Writer memory json = PapercutWriter.create(image.length + 2048);
        json.lit('{"name":"', nameZh, unicode" 剪纸门票 / ");
        json.lit(nameEn, ' Papercut Tickets","description":"', nameZh);
        json.lit(
            unicode"（",
            bytes(_dateTextZh),
            unicode"）的电子门票：每张都是由门票号生成、完全在链上绘制的剪纸窗花，不印纸质门票。 "
        );
        json.lit("E-tickets of ", nameEn, ", ");
        json.lit(bytes(_dateText), ": each a papercut window flower generated from its ticket number and drawn ");
        json.lit('entirely on-chain; no paper tickets were printed.","image":"data:image/svg+xml;base64,', image);
        json.lit('","seller_fee_basis_points":', bytes(LibString.toString(royaltyBps)));
        json.lit(',"fee_recipient":"', bytes(LibString.toHexStringChecksummed(royaltyReceiver)), '"}');
        return string.concat("data:application/json;base64,", Base64.encode(json.finish()));
    }

    /// @inheritdoc IPapercutRenderer
    function svgOf(uint256 tokenId, TicketState state) external view returns (string memory) {
        return string(_svg(PapercutDesign.design(seedOf(tokenId)), tokenId, state));
    }

    /// @inheritdoc IPapercutRenderer
    function seedOf(uint256 tokenId) public view returns (bytes32) {
        return keccak256(abi.encodePacked(_salt, tokenId));
    }

    /// @inheritdoc IPapercutRenderer
    function salt() external view returns (bytes32) {
        return _salt;
    }

    /// @inheritdoc IPapercutRenderer
    function eventName() external view returns (string memory) {
        return _eventName;
    }

    /// @inheritdoc IPapercutRenderer
    function eventNameZh() external view returns (string memory) {
        return _eventNameZh;
    }

    /// @inheritdoc IPapercutRenderer
    function dateText() external view returns (string memory) {
        return _dateText;
    }

    /// @inheritdoc IPapercutRenderer
    function dateTextZh() external view returns (string memory) {
        return _dateTextZh;
    }

    /// @inheritdoc IPapercutRenderer
    function glyphFont() external pure returns (string memory) {
        return GLYPH_FONT;
    }

    /// @inheritdoc IPapercutRenderer
    function externalUrl() external view returns (string memory) {
        return _externalUrl;
    }

    function _svg(
        PapercutDesign.Design memory d,
        uint256 tokenId,
        TicketState state
    ) private view returns (bytes memory) {
        return
            PapercutSvg.render(
                d,
                PapercutSvg.Stub(SSTORE2.read(_parts), _partLengths, _partLengths2, tokenId, uint256(state))
            );
    }

    /// @dev Folds, Paper, Centre, Rim, Band 1..n (from the centre out), Bands, Status, Ticket No. and Event Date;
    /// the numbers as JSON numbers with OpenSea's `display_type`.
    function _attributes(
        PapercutWriter.Writer memory json,
        PapercutDesign.Design memory d,
        TicketState state,
        bytes memory id
    ) private view {
        json.lit('[{"display_type":"number","trait_type":"Folds","value":', bytes(LibString.toString(d.folds)));
        json.lit('},{"trait_type":"Paper","value":"', PapercutNames.nth(PapercutNames.PAPER, d.paper));
        json.lit('"},{"trait_type":"Centre","value":"', PapercutNames.nth(PapercutNames.CENTRE, d.centre));
        json.lit('"},{"trait_type":"Rim","value":"', PapercutNames.nth(PapercutNames.RIM, d.rim), '"}');
        for (uint256 i = 0; i < d.bandCount; ++i) {
            json.lit(',{"trait_type":"Band ', bytes(LibString.toString(i + 1)), '","value":"');
            json.lit(PapercutNames.nth(PapercutNames.BAND, d.bands[i]), '"}');
        }
        json.lit(',{"display_type":"number","trait_type":"Bands","value":', bytes(LibString.toString(d.bandCount)));
        json.lit('},{"trait_type":"Status","value":"', PapercutNames.nth(PapercutNames.STATE, uint256(state)));
        json.lit('"},{"display_type":"number","trait_type":"Ticket No.","value":', id);
        json.lit('},{"display_type":"date","trait_type":"Event Date","value":', bytes(LibString.toString(_eventDate)));
        json.lit("}]");
    }

    /// @dev A Chinese text goes into the metadata's JSON as it is: no quote, backslash or control character.
    function _checkJsonText(uint256 field, bytes memory text) private pure {
        for (uint256 i = 0; i < text.length; ++i) {
            uint8 c = uint8(text[i]);
            if (c < 0x20 || c == 0x22 || c == 0x5c) revert RendererUnsupportedCharacter(field, i, c);
        }
    }

    function _checkStubText(uint256 field, bytes memory text) private pure {
        if (text.length == 0 || text.length > PapercutFont.MAX_LENGTH) {
            revert RendererInvalidTextLength(field, text.length, PapercutFont.MAX_LENGTH);
        }
        uint256 bad = PapercutFont.firstUnsupported(text);
        if (bad != type(uint256).max) revert RendererUnsupportedCharacter(field, bad, uint8(text[bad]));
    }
}
