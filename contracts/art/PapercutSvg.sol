// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// SVG and JSON fragments are full of double quotes (single-quoted literals need no escaping) and longer
// than 32 bytes by nature.
// solhint-disable quotes, gas-small-strings

import {LibString} from "solady/src/utils/LibString.sol";

import {PapercutDesign} from "./PapercutDesign.sol";
import {IPapercutRenderer} from "../interfaces/IPapercutRenderer.sol";
import {PapercutFont} from "./PapercutFont.sol";
import {PapercutGlyphs} from "./PapercutGlyphs.sol";
import {PapercutNames} from "./PapercutNames.sol";
import {PapercutMath} from "./PapercutMath.sol";
import {PapercutShapes} from "./PapercutShapes.sol";
import {PapercutWriter} from "./PapercutWriter.sol";

/// @title PapercutSvg
/// @notice The ticket's SVG composed from named sections, as Uniswap's NFTSVG does: background, paper (the
/// bands and the centre motif cut out of the paper by a mask), stub and stamp. Byte for byte the output of
/// `src/art/render-ticket-svg.ts`.
library PapercutSvg {
    using PapercutWriter for PapercutWriter.Writer;

    /// @notice What a ticket's SVG takes besides its design: the parts that do not depend on the art, drawn
    /// once at deployment by {stubParts} and read back from the renderer's data contract (`parts`, back to
    /// back, part `i` `(lengths >> (16 * i)) & 0xffff` bytes long), the token ID and the state.
    struct Stub {
        bytes parts;
        uint256 lengths;
        uint256 lengths2;
        uint256 tokenId;
        uint256 state;
    }

    /// @notice How many parts {stubParts} draws: head, mid, tail, three stamps, ten digits, and the title's
    /// two pieces (`lengths2` holds the lengths of the parts from the 17th on).
    uint256 internal constant PART_COUNT = 18;
    /// @notice Widest the Chinese name may be, in glyph grid units (660 SVG units at scale 0.7).
    uint256 internal constant NAME_MAX_WIDTH = 942;
    /// @notice Widest the Chinese date may be, in glyph grid units (660 SVG units at scale 0.5).
    uint256 internal constant DATE_MAX_WIDTH = 1320;

    /// @dev Paper colours, 7 characters each, in the order of PapercutDesign.PAPER_WEIGHTS.
    uint256 private constant NO_INDEX = type(uint256).max;
    /// @dev Room for the SVG: well above its 10 KB budget (the largest of 5,000 tickets is under 7 KB).
    uint256 internal constant SVG_CAPACITY = 16384;
    bytes private constant PAPER_COLOURS = "#c8102e#d2321e#e0452c#a51c30#9d2933#7a1f22#b8860b#262626#2e7d5b";
    bytes private constant CARD_PATH =
        "M50 30H950A20 20 0 0 1 970 50V953A22 22 0 0 0 970 997V1250A20 20 0 0 1 950 1270H50A20 20 0 0 1 30 1250V997A22 22 0 0 0 30 953V50A20 20 0 0 1 50 30Z";
    /// @dev 囍 as paper strokes on a grid where 100 is the centre's radius; every stroke joins the ring.
    bytes private constant DOUBLE_HAPPINESS =
        "M-69-75H69M-45-96V-30M45-96V-30M-65-50H-25M25-50H65M-70-30H-20V5H-70ZM20-30H70V5H20ZM-99 25H99M-45 25V45M45 25V45M-64 45H-18V75H-64ZM18 45H64V75H18Z";

    /// @notice The whole SVG document.
    function render(PapercutDesign.Design memory d, Stub memory stub) internal pure returns (bytes memory) {
        PapercutWriter.Writer memory buf = PapercutWriter.create(SVG_CAPACITY);
        _open(buf, d, stub);
        _background(buf);
        _paper(buf, d);
        _part(buf, stub, 0);
        buf.lit(paperColour(d.paper));
        _part(buf, stub, 1);
        bytes memory digits = _paddedNumber(stub.tokenId);
        for (uint256 i = 0; i < digits.length; ++i) _part(buf, stub, 6 + uint8(digits[i]) - 48);
        _part(buf, stub, 2);
        if (stub.state != 0) _part(buf, stub, 2 + stub.state);
        buf.lit("</svg>");
        return buf.finish();
    }

    /// @notice The paper colour of design index `paper`, "#rrggbb".
    function paperColour(uint256 paper) internal pure returns (bytes memory c) {
        c = new bytes(7);
        bytes memory all = PAPER_COLOURS;
        for (uint256 i = 0; i < 7; ++i) c[i] = all[paper * 7 + i];
    }

    // ------------------------------------------------------------------ sections

    /// @dev The `<svg>` start tag with its size and role, a `<title>` (event and number, Chinese then English)
    /// and a `<desc>`: the state and the papercut in words, Chinese then English.
    function _open(PapercutWriter.Writer memory buf, PapercutDesign.Design memory d, Stub memory stub) private pure {
        buf.lit(
            '<svg xmlns="http://www.w3.org/2000/svg" width="1000" height="1300" viewBox="0 0 1000 1300" role="img"><title>'
        );
        bytes memory number = _paddedNumber(stub.tokenId);
        _part(buf, stub, 16);
        buf.lit(number);
        _part(buf, stub, 17);
        buf.lit(number, "</title><desc>");
        bytes memory folds = bytes(LibString.toString(d.folds));
        bytes memory bands = bytes(LibString.toString(d.bandCount));
        buf.lit(PapercutNames.nth(PapercutNames.STATE_ZH, stub.state), unicode"。");
        buf.lit(PapercutNames.nth(PapercutNames.PAPER_ZH, d.paper), unicode"剪纸窗花，折", folds);
        buf.lit(unicode"次，", bands, unicode"圈纹样：");
        for (uint256 i = 0; i < d.bandCount; ++i) {
            if (i > 0) buf.lit(unicode"、");
            buf.lit(PapercutNames.nth(PapercutNames.BAND_ZH, d.bands[i]));
        }
        buf.lit(unicode"；中心", PapercutNames.nth(PapercutNames.CENTRE_ZH, d.centre), unicode"，");
        buf.lit(PapercutNames.nth(PapercutNames.RIM_ZH, d.rim), unicode"边。 ");
        buf.lit(PapercutNames.nth(PapercutNames.STATE, stub.state), ". Papercut window flower in ");
        buf.lit(PapercutNames.nth(PapercutNames.PAPER, d.paper), " paper, folded ", folds);
        buf.lit(" times, ", bands, " bands (");
        for (uint256 i = 0; i < d.bandCount; ++i) {
            if (i > 0) buf.lit(", ");
            buf.lit(PapercutNames.nth(PapercutNames.BAND, d.bands[i]));
        }
        buf.lit("), ", PapercutNames.nth(PapercutNames.CENTRE, d.centre), " centre, ");
        buf.lit(PapercutNames.nth(PapercutNames.RIM, d.rim), " rim.</desc>");
    }

    /// @dev The ticket number as printed: at least four digits.
    function _paddedNumber(uint256 tokenId) private pure returns (bytes memory text) {
        bytes memory digits = bytes(LibString.toString(tokenId));
        text = digits;
        for (uint256 i = digits.length; i < 4; ++i) text = abi.encodePacked("0", text);
    }

    /// @dev The dark surround, the ivory card (rounded, notched at the perforation) and the perforation.
    function _background(PapercutWriter.Writer memory buf) private pure {
        buf.lit('<rect width="1000" height="1300" fill="#2b211d"/><path d="', CARD_PATH, '" fill="#f7efe1"/>');
        buf.lit(
            '<path d="M64 975H936" stroke="#cbbca5" stroke-width="4" stroke-dasharray="3 11" stroke-linecap="round"/>'
        );
    }

    /// @dev The paper disc cut by a mask of bands and centre motif, lifted by a drop shadow that wraps it.
    function _paper(PapercutWriter.Writer memory buf, PapercutDesign.Design memory d) private pure {
        buf.lit(
            '<defs><filter id="f" x="-15%" y="-15%" width="130%" height="130%">',
            '<feGaussianBlur in="SourceAlpha" stdDeviation="5"/><feOffset dx="4" dy="9" result="o"/>',
            '<feFlood flood-color="#3b1d12" flood-opacity=".45"/><feComposite in2="o" operator="in"/>'
        );
        buf.lit('<feMerge><feMergeNode/><feMergeNode in="SourceGraphic"/></feMerge></filter>');
        _bands(buf, d);
        buf.lit('<mask id="m"><circle r="430" fill="#fff"/>');
        for (uint256 k = 0; k < d.folds; ++k) _use(buf, 0x77, NO_INDEX, (k * 36000) / d.folds);
        _centre(buf, d);
        buf.lit('</mask></defs><g transform="translate(500 500)"><g filter="url(#f)"><circle r="430" fill="');
        buf.lit(paperColour(d.paper), '" mask="url(#m)"/></g></g>');
    }

    /// @dev Every ring of cuts drawn once in a half-wedge #h, mirrored into a wedge #w (the fold).
    function _bands(PapercutWriter.Writer memory buf, PapercutDesign.Design memory d) private pure {
        for (uint256 i = 0; i < d.rowCount; ++i) {
            PapercutDesign.Row memory row = d.rows[i];
            buf.lit('<path id="s');
            buf.num(int256(i));
            buf.lit('" d="');
            PapercutShapes.appendPath(buf, row.template, row.inner, row.height, row.halfWidth);
            buf.lit('"/>');
        }
        buf.lit('<g id="h">');
        for (uint256 i = 0; i < d.rowCount; ++i) {
            PapercutDesign.Row memory row = d.rows[i];
            uint256 steps = d.folds * uint256(row.perWedge);
            uint256 last = uint256(row.phase == 0 ? row.perWedge / 2 : (row.perWedge - 1) / 2);
            for (uint256 j = 0; j < last + 1; ++j) _use(buf, 0x73, i, ((2 * j + uint256(row.phase)) * 18000) / steps);
        }
        buf.lit('</g><g id="w"><use href="#h"/><use href="#h" transform="scale(-1 1)"/></g>');
    }

    /// @dev The centre motif: lotus, chrysanthemum, plum blossom, coin, or 囍 given back as paper strokes.
    function _centre(PapercutWriter.Writer memory buf, PapercutDesign.Design memory d) private pure {
        int256 c = d.centreRadius;
        if (d.centre == 0) {
            uint256 count = d.folds < 6 ? 2 * d.folds : d.folds;
            _petals(buf, c, (c * 30) / 100, count, 45);
            _circle(buf, (c * 17) / 100);
        } else if (d.centre == 1) {
            _petals(buf, c, (c * 34) / 100, 16 + 4 * d.centreVariant, 20);
            _circle(buf, (c * 20) / 100);
        } else if (d.centre == 2) {
            int256 inner = (c * 24) / 100;
            int256 h = (c * 62) / 100;
            int256 w = PapercutDesign.fitHalfWidth(PapercutShapes.DOT, inner, h, 3600);
            if (w > h / 2) w = h / 2;
            _motif(buf, PapercutShapes.DOT, inner, h, w, 5);
            _circle(buf, (c * 11) / 100);
        } else if (d.centre == 3) {
            int256 half = (c * 28) / 100;
            buf.lit('<rect x="');
            buf.num(-half);
            buf.lit('" y="');
            buf.num(-half);
            buf.lit('" width="');
            buf.num(2 * half);
            buf.lit('" height="');
            buf.num(2 * half);
            buf.lit('"/>');
            int256 inner = (c * 50) / 100;
            _motif(buf, PapercutShapes.CLOUD, inner, c - inner, (c * 27) / 100, 4);
        } else {
            _circle(buf, c);
            buf.lit('<path d="', DOUBLE_HAPPINESS);
            buf.lit('" fill="none" stroke="#fff" stroke-width="');
            buf.centi(uint256(((d.line + 4) * 10000 + c - 1) / c));
            buf.lit('" transform="scale(');
            buf.centi(uint256(c));
            buf.lit(')"/>');
        }
    }

    /// @dev `count` petals from `least` (or further out, where neighbouring tips are at least 14 apart) to
    /// the centre's edge, as wide as their spacing allows (capped).
    function _petals(
        PapercutWriter.Writer memory buf,
        int256 c,
        int256 least,
        uint256 count,
        int256 maxPercent
    ) private pure {
        int256 tips = 70000 / PapercutMath.sin10k(18000 / int256(count));
        int256 inner = least > tips ? least : tips;
        int256 h = c - inner;
        int256 w = PapercutDesign.fitHalfWidth(PapercutShapes.PETAL, inner, h, 18000 / int256(count));
        int256 cap = (h * maxPercent) / 100;
        if (w > cap) w = cap;
        _motif(buf, PapercutShapes.PETAL, inner, h, w, count);
    }

    /// @dev A cut drawn once as #c and `count - 1` rotated copies around the centre.
    function _motif(
        PapercutWriter.Writer memory buf,
        uint256 template,
        int256 inner,
        int256 h,
        int256 w,
        uint256 count
    ) private pure {
        buf.lit('<path id="c" d="');
        PapercutShapes.appendPath(buf, template, inner, h, w);
        buf.lit('"/>');
        for (uint256 j = 1; j < count; ++j) _use(buf, 0x63, NO_INDEX, (j * 36000) / count);
    }

    /// @notice The parts of the SVG that do not depend on a ticket's art, drawn once at deployment (see
    /// {Stub}): head, mid, tail, the stamps of states 1..3, and the digits 0..9 as glyph snippets.
    /// @dev Reverts with the renderer's errors when a Chinese text has a character the set lacks, or is too
    /// wide for the stub.
    function stubParts(
        PapercutGlyphs.Set memory g,
        bytes memory nameZh,
        bytes memory dateZh,
        bytes memory nameEn,
        bytes memory dateEn
    ) internal pure returns (bytes[18] memory parts) {
        PapercutWriter.Writer memory buf = PapercutWriter.create(16384);
        buf.lit('<g fill="#3b2f2a"><path transform="translate(70 990) scale(0.7)" d="M0 0');
        _glyphLine(buf, g, nameZh, 0, NAME_MAX_WIDTH);
        buf.lit('"/><path transform="translate(70 1046) scale(0.5)" d="M0 0');
        _glyphLine(buf, g, dateZh, 1, DATE_MAX_WIDTH);
        buf.lit('"/><path fill="');
        parts[0] = buf.finish();

        buf = PapercutWriter.create(2048);
        buf.lit('" transform="translate(70 1084) scale(0.9)" d="M0 0');
        _glyphLine(buf, g, unicode"第 ", 4, type(uint256).max);
        parts[1] = buf.finish();

        buf = PapercutWriter.create(4096);
        _glyphLine(buf, g, unicode" 号", 4, type(uint256).max);
        buf.lit(
            '"/></g><g fill="none" stroke="#3b2f2a" stroke-linecap="round" stroke-linejoin="round">',
            '<path transform="translate(70 1166) scale(3)" stroke-width=".8" d="'
        );
        PapercutFont.appendText(buf, nameEn);
        buf.lit('"/><path transform="translate(70 1198) scale(2.5)" stroke-width=".9" d="');
        PapercutFont.appendText(buf, dateEn);
        buf.lit('"/><path transform="translate(70 1230) scale(2.5)" stroke-width=".9" d="');
        PapercutFont.appendText(buf, "ADMIT ONE");
        buf.lit('"/></g>');
        parts[2] = buf.finish();

        parts[3] = _admittedStamp(g);
        parts[4] = _souvenirStamp(g);
        parts[5] = _voidStamp(g);
        bytes memory digits = "0123456789";
        for (uint256 i = 0; i < 10; ++i) {
            buf = PapercutWriter.create(2048);
            _glyphLine(buf, g, abi.encodePacked(digits[i]), 4, type(uint256).max);
            parts[6 + i] = buf.finish();
        }
        parts[16] = abi.encodePacked(_escape(nameZh), unicode" 第");
        parts[17] = abi.encodePacked(unicode"号 / ", _escape(nameEn), " No. ");
    }

    /// @dev `text` as SVG character data: `&`, `<` and `>` escaped.
    function _escape(bytes memory text) private pure returns (bytes memory out) {
        for (uint256 i = 0; i < text.length; ++i) {
            bytes1 c = text[i];
            if (c == "&") out = abi.encodePacked(out, "&amp;");
            else if (c == "<") out = abi.encodePacked(out, "&lt;");
            else if (c == ">") out = abi.encodePacked(out, "&gt;");
            else out = abi.encodePacked(out, c);
        }
    }

    /// @dev Glyph snippets of `text`; reverts naming `field` when the set lacks a character or the line is
    /// wider than `maxWidth` grid units.
    function _glyphLine(
        PapercutWriter.Writer memory buf,
        PapercutGlyphs.Set memory g,
        bytes memory text,
        uint256 field,
        uint256 maxWidth
    ) private pure {
        (uint256 width, uint256 missing, uint256 at) = PapercutGlyphs.appendText(buf, g, text);
        if (missing != type(uint256).max) revert IPapercutRenderer.RendererUnsupportedCharacter(field, at, missing);
        if (text.length == 0 || width > maxWidth) {
            revert IPapercutRenderer.RendererInvalidTextWidth(field, width, maxWidth);
        }
    }

    /// @dev A red seal 入场 "ADMITTED" on the stub.
    function _admittedStamp(PapercutGlyphs.Set memory g) private pure returns (bytes memory) {
        PapercutWriter.Writer memory buf = PapercutWriter.create(4096);
        buf.lit(
            '<g transform="translate(816 1066) rotate(-8)" opacity=".92"><rect x="-75" y="-75" width="150" height="150" rx="9" fill="#c23a2b"/>',
            '<rect x="-64" y="-64" width="128" height="128" rx="4" fill="none" stroke="#f7efe1" stroke-width="4"/>',
            '<path transform="translate(-58 -58) scale(.9)" fill="#f7efe1" d="M0 0'
        );
        _glyphLine(buf, g, unicode"入场", 4, type(uint256).max);
        buf.lit(
            '"/><path transform="translate(-46 34) scale(2)" fill="none" stroke="#f7efe1" stroke-width="1" ',
            'stroke-linecap="round" stroke-linejoin="round" d="'
        );
        PapercutFont.appendText(buf, "ADMITTED");
        buf.lit('"/></g>');
        return buf.finish();
    }

    /// @dev A gold 纪念 "SOUVENIR" mark on the stub.
    function _souvenirStamp(PapercutGlyphs.Set memory g) private pure returns (bytes memory) {
        PapercutWriter.Writer memory buf = PapercutWriter.create(4096);
        buf.lit(
            '<g transform="translate(816 1066) rotate(-10)" fill="#a87b12"><circle r="80" fill="none" stroke="#a87b12" stroke-width="6"/>',
            '<circle r="69" fill="none" stroke="#a87b12" stroke-width="2"/>',
            '<path transform="translate(-52 -52) scale(.82)" d="M0 0'
        );
        _glyphLine(buf, g, unicode"纪念", 4, type(uint256).max);
        buf.lit(
            '"/><path transform="translate(-48 22) scale(2)" fill="none" stroke="#a87b12" stroke-width="1.1" ',
            'stroke-linecap="round" stroke-linejoin="round" d="'
        );
        PapercutFont.appendText(buf, "SOUVENIR");
        buf.lit('"/></g>');
        return buf.finish();
    }

    /// @dev A 作废 "VOID" overprint across the art, over a veil.
    function _voidStamp(PapercutGlyphs.Set memory g) private pure returns (bytes memory) {
        PapercutWriter.Writer memory buf = PapercutWriter.create(4096);
        buf.lit('<path d="', CARD_PATH, '" fill="#f7efe1" fill-opacity=".5"/>');
        buf.lit(
            '<g transform="translate(500 555) rotate(-28)" fill="#7d1d1d">',
            '<rect x="-290" y="-105" width="580" height="210" rx="18" fill="none" stroke="#7d1d1d" stroke-width="14"/>',
            '<path transform="translate(-262 -78) scale(2.4)" d="M0 0'
        );
        _glyphLine(buf, g, unicode"作废", 4, type(uint256).max);
        buf.lit(
            '"/><path transform="translate(82 -24) scale(7.5)" fill="none" stroke="#7d1d1d" stroke-width="1.2" ',
            'stroke-linecap="round" stroke-linejoin="round" d="'
        );
        PapercutFont.appendText(buf, "VOID");
        buf.lit('"/></g>');
        return buf.finish();
    }

    // ------------------------------------------------------------------ helpers

    /// @dev Appends part `index` of the stub (see {Stub}).
    function _part(PapercutWriter.Writer memory buf, Stub memory stub, uint256 index) private pure {
        uint256 start = 0;
        for (uint256 i = 0; i < index; ++i) start += _length(stub, i);
        buf.slice(stub.parts, start, _length(stub, index));
    }

    function _length(Stub memory stub, uint256 index) private pure returns (uint256) {
        return ((index < 16 ? stub.lengths : stub.lengths2) >> (16 * (index % 16))) & 0xffff;
    }

    /// @dev `<use>` of the element whose id is the letter `letter` followed by `index` (none when
    /// NO_INDEX), rotated by `angle` hundredths of a degree (no transform at 0).
    function _use(PapercutWriter.Writer memory buf, uint256 letter, uint256 index, uint256 angle) private pure {
        buf.lit('<use href="#');
        if (index == NO_INDEX) buf.raw(letter, 1);
        else {
            (uint256 packed, uint256 len) = PapercutWriter.digits(letter, 1, index);
            buf.raw(packed, len);
        }
        if (angle == 0) {
            buf.lit('"/>');
        } else {
            buf.lit('" transform="rotate(');
            buf.centi(angle);
            buf.lit(')"/>');
        }
    }

    function _circle(PapercutWriter.Writer memory buf, int256 r) private pure {
        buf.lit('<circle r="');
        buf.num(r);
        buf.lit('"/>');
    }
}
