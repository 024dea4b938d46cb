// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

// SVG and JSON fragments are full of double quotes (single-quoted literals need no escaping) and longer
// than 32 bytes by nature.
// solhint-disable quotes, gas-small-strings

import {LibString} from "solady/src/utils/LibString.sol";

import {PapercutDesign} from "./PapercutDesign.sol";
import {PapercutFont} from "./PapercutFont.sol";
import {PapercutMath} from "./PapercutMath.sol";
import {PapercutShapes} from "./PapercutShapes.sol";
import {PapercutWriter} from "./PapercutWriter.sol";

/// @title PapercutSvg
/// @notice The ticket's SVG composed from named sections, as Uniswap's NFTSVG does: background, paper (the
/// bands and the centre motif cut out of the paper by a mask), stub and stamp. Byte for byte the output of
/// `src/art/render-ticket-svg.ts`.
library PapercutSvg {
    using PapercutWriter for PapercutWriter.Writer;

    /// @notice The parts of a ticket's SVG that do not depend on its art: the stub before the ticket number
    /// (event name and date already drawn, see {stubHead}), the stub after it ({stubTail}) and the stamp of
    /// the ticket's state ({stamp}). The renderer computes them once, at deployment.
    struct Stub {
        bytes head;
        bytes tail;
        bytes stamp;
        uint256 tokenId;
    }

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
    /// @dev 入场 ("admitted") in seal style, as strokes in a 150-unit square.
    bytes private constant SEAL_GLYPHS =
        "M-46-52L-34-40V-12L-58 52M-34-12L-14 52M8-10H24M16-40V28M8 36L26 26M28-48H54L38-30M28-26H58V44L50 52M42-26L30 8M50-18L34 30";

    /// @notice The whole SVG document.
    function render(PapercutDesign.Design memory d, Stub memory stub) internal pure returns (bytes memory) {
        PapercutWriter.Writer memory buf = PapercutWriter.create(SVG_CAPACITY);
        buf.lit('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1000 1300">');
        _background(buf);
        _paper(buf, d);
        buf.lit(
            stub.head,
            '<path transform="translate(70 1130) scale(9)" stroke-width=".5" stroke="',
            paperColour(d.paper)
        );
        buf.lit('" d="');
        PapercutFont.appendText(buf, ticketNumberText(stub.tokenId));
        buf.lit(stub.tail, stub.stamp, "</svg>");
        return buf.finish();
    }

    /// @notice The paper colour of design index `paper`, "#rrggbb".
    function paperColour(uint256 paper) internal pure returns (bytes memory c) {
        c = new bytes(7);
        bytes memory all = PAPER_COLOURS;
        for (uint256 i = 0; i < 7; ++i) c[i] = all[paper * 7 + i];
    }

    // ------------------------------------------------------------------ sections

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

    /// @notice The stub up to the ticket number: event name and date drawn with the stroke font.
    function stubHead(bytes memory eventName, bytes memory dateText) internal pure returns (bytes memory) {
        PapercutWriter.Writer memory buf = PapercutWriter.create(4096);
        buf.lit('<g fill="none" stroke="#3b2f2a" stroke-linecap="round" stroke-linejoin="round">');
        buf.lit('<path transform="translate(70 1020) scale(4)" stroke-width=".7" d="');
        PapercutFont.appendText(buf, eventName);
        buf.lit('"/><path transform="translate(70 1066) scale(3)" stroke-width=".8" d="');
        PapercutFont.appendText(buf, dateText);
        buf.lit('"/>');
        return buf.finish();
    }

    /// @notice The stub after the ticket number.
    function stubTail() internal pure returns (bytes memory) {
        PapercutWriter.Writer memory buf = PapercutWriter.create(1024);
        buf.lit('"/><path transform="translate(70 1216) scale(3)" stroke-width=".8" d="');
        PapercutFont.appendText(buf, "ADMIT ONE");
        buf.lit('"/></g>');
        return buf.finish();
    }

    /// @notice The ticket number as printed on the stub: "NO. " and at least four digits.
    function ticketNumberText(uint256 tokenId) internal pure returns (bytes memory text) {
        bytes memory digits = bytes(LibString.toString(tokenId));
        text = "NO. ";
        for (uint256 i = digits.length; i < 4; ++i) text = abi.encodePacked(text, "0");
        text = abi.encodePacked(text, digits);
    }

    /// @notice The stamp showing a state: a red seal 入场 on the stub once checked in (1), a gold mark for a
    /// souvenir (2), a VOID overprint when cancelled (3), nothing while valid (0).
    function stamp(uint256 state) internal pure returns (bytes memory) {
        PapercutWriter.Writer memory buf = PapercutWriter.create(2048);
        if (state == 1) {
            buf.lit(
                '<g transform="translate(816 1136) rotate(-8)" opacity=".9"><rect x="-75" y="-75" width="150" height="150" rx="9" fill="#c23a2b"/>',
                '<g fill="none" stroke="#f7efe1" stroke-linecap="round" stroke-linejoin="round">',
                '<rect x="-64" y="-64" width="128" height="128" rx="4" stroke-width="4"/><path stroke-width="8" d="'
            );
            buf.lit(
                SEAL_GLYPHS,
                '"/><path transform="translate(-69 88) scale(3)" stroke="#c23a2b" stroke-width=".9" d="'
            );
            PapercutFont.appendText(buf, "ADMITTED");
            buf.lit('"/></g></g>');
        } else if (state == 2) {
            buf.lit(
                '<g transform="translate(816 1136) rotate(-10)" fill="none" stroke="#a87b12" stroke-linecap="round" stroke-linejoin="round">',
                '<circle r="80" stroke-width="6"/><circle r="69" stroke-width="2"/>',
                '<path transform="translate(-60 -8) scale(2.6)" stroke-width=".9" d="'
            );
            PapercutFont.appendText(buf, "SOUVENIR");
            buf.lit('"/><path d="M-44-24H44M-44 24H44" stroke-width="2"/></g>');
        } else if (state == 3) {
            buf.lit('<path d="', CARD_PATH, '" fill="#f7efe1" fill-opacity=".5"/>');
            buf.lit(
                '<g transform="translate(500 555) rotate(-28)" fill="none" stroke="#7d1d1d" stroke-linecap="round" stroke-linejoin="round">',
                '<rect x="-290" y="-105" width="580" height="210" rx="18" stroke-width="14"/>',
                '<path transform="translate(-242 -66) scale(22)" stroke-width=".65" d="'
            );
            PapercutFont.appendText(buf, "VOID");
            buf.lit('"/></g>');
        }
        return buf.finish();
    }

    // ------------------------------------------------------------------ helpers

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
