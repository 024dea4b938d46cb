// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PapercutWriter} from "./PapercutWriter.sol";

/// @title PapercutGlyphs
/// @notice Decodes an event's glyph set (a subset of an open-licensed Chinese font, LXGW WenKai Bold under
/// the SIL Open Font License 1.1, made by the deploy tool from exactly the characters of the event's texts:
/// `src/art/glyphs/encode-glyph-set.ts`) into SVG path snippets, and draws UTF-8 text with them. Used by the
/// renderer's constructor only: the drawn lines are stored once, so `tokenURI` never decodes a glyph.
/// @dev Layout of a set (all big-endian):
///   byte 0: the number of glyphs n;
///   n entries of 6 bytes: code point (3 bytes), start of its points counted from the end of the entries
///   (2 bytes), advance in grid units (1 byte);
///   the points, 2 bytes each: x (0..127), then y (0..127, down from the em top; the em box is 0..64) with bit 7 set on the last
///   point of a contour. A glyph's points end where the next glyph's begin, the last glyph's at the end.
/// A snippet draws the glyph from the current point with relative commands (`m` to each contour's first
/// point, `l` through the rest, `z`) and ends with an `m` that leaves the pen one advance further right, so
/// snippets concatenate after one absolute `M` (`decodeGlyphSet` in TypeScript writes the same bytes).
library PapercutGlyphs {
    using PapercutWriter for PapercutWriter.Writer;

    /// @notice The glyph set is shorter than its own entries say, or a glyph's points run backwards.
    error GlyphSetMalformed();

    /// @notice A decoded set: code points, advances and path snippets, by glyph.
    struct Set {
        uint256[] codes;
        uint256[] advances;
        bytes[] paths;
    }

    /// @notice Decodes every glyph of `data` into its snippet.
    function decode(bytes memory data) internal pure returns (Set memory s) {
        if (data.length == 0) revert GlyphSetMalformed();
        uint256 count = uint8(data[0]);
        uint256 base = 1 + 6 * count;
        if (data.length < base) revert GlyphSetMalformed();
        s.codes = new uint256[](count);
        s.advances = new uint256[](count);
        s.paths = new bytes[](count);
        for (uint256 i = 0; i < count; ++i) {
            uint256 e = 1 + 6 * i;
            s.codes[i] = (uint256(uint8(data[e])) << 16) | (uint256(uint8(data[e + 1])) << 8) | uint8(data[e + 2]);
            uint256 start = base + _u16(data, e + 3);
            uint256 end = i + 1 < count ? base + _u16(data, e + 9) : data.length;
            if (end < start || end > data.length || (end - start) % 2 != 0) revert GlyphSetMalformed();
            s.advances[i] = uint8(data[e + 5]);
            s.paths[i] = _snippet(data, start, end, s.advances[i]);
        }
    }

    /// @notice Appends the snippets of UTF-8 `text` (up to the first character the set lacks).
    /// @return width The text's advance in grid units.
    /// @return missing The code point of the first character the set lacks, or `type(uint256).max`.
    /// @return at Its byte offset in `text`.
    function appendText(
        PapercutWriter.Writer memory buf,
        Set memory s,
        bytes memory text
    ) internal pure returns (uint256 width, uint256 missing, uint256 at) {
        uint256 i = 0;
        while (i < text.length) {
            (uint256 code, uint256 n) = _utf8(text, i);
            uint256 k = 0;
            while (k < s.codes.length && s.codes[k] != code) ++k;
            if (k == s.codes.length) return (width, code, i);
            buf.lit(s.paths[k]);
            width += s.advances[k];
            i += n;
        }
        return (width, type(uint256).max, 0);
    }

    function _snippet(
        bytes memory data,
        uint256 start,
        uint256 end,
        uint256 advance
    ) private pure returns (bytes memory) {
        // At most 11 bytes a point ("m-127-127l" or " -127-127"), and the closing "z" and final move.
        PapercutWriter.Writer memory buf = PapercutWriter.create(((end - start) / 2) * 11 + 24);
        int256 cx = 0;
        int256 cy = 0;
        int256 px = 0;
        int256 py = 0;
        bool first = true;
        bool afterL = false;
        for (uint256 k = start; k < end; k += 2) {
            int256 x = int256(uint256(uint8(data[k])));
            uint256 yb = uint8(data[k + 1]);
            int256 y = int256(yb & 0x7f);
            if (first) {
                buf.raw(0x6d, 1); // "m"
                buf.num(x - cx);
                buf.spaced(y - cy);
                buf.raw(0x6c, 1); // "l"
                (cx, cy) = (x, y);
                first = false;
                afterL = true;
            } else {
                if (afterL) buf.num(x - px);
                else buf.spaced(x - px);
                buf.spaced(y - py);
                afterL = false;
            }
            (px, py) = (x, y);
            if (yb & 0x80 != 0) {
                buf.raw(0x7a, 1); // "z"
                first = true;
            }
        }
        buf.raw(0x6d, 1);
        buf.num(int256(advance) - cx);
        buf.spaced(-cy);
        return buf.finish();
    }

    function _u16(bytes memory data, uint256 at) private pure returns (uint256) {
        return (uint256(uint8(data[at])) << 8) | uint8(data[at + 1]);
    }

    /// @dev The code point at byte `i` of UTF-8 `text` and its length in bytes; a malformed sequence gives
    /// its first byte as the code point (which no set holds above 0x7f), one byte long.
    function _utf8(bytes memory text, uint256 i) private pure returns (uint256 code, uint256 n) {
        uint256 b = uint8(text[i]);
        if (b < 0x80) return (b, 1);
        if (b > 0xc1 && b < 0xe0) n = 2;
        else if (b > 0xdf && b < 0xf0) n = 3;
        else if (b > 0xef && b < 0xf5) n = 4;
        else return (0x110000 + b, 1);
        if (i + n > text.length) return (0x110000 + b, 1);
        code = b & (0xff >> (n + 1));
        for (uint256 k = 1; k < n; ++k) {
            uint256 c = uint8(text[i + k]);
            if (c & 0xc0 != 0x80) return (0x110000 + b, 1);
            code = (code << 6) | (c & 0x3f);
        }
    }
}
