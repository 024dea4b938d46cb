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

    /// @dev Why assembly: a set of ~35 glyphs has ~1,000 points, each written as two small numbers; through
    /// PapercutWriter's general number writer the decoding alone cost ~1.6M gas of the renderer's deployment, and
    /// with Solidity helpers per digit still ~1.1M (`bench/art-gas.ts` measures the deployment). Here the whole
    /// loop is one assembly block: each point is read as one word (x in its first byte, y and the end-of-contour
    /// bit in its second) and its digits are stored with `mstore8` into `out`, allocated for the worst case (11
    /// bytes a point: "m-127-127l" and "z"; 9 for the final move), whose length is then set to what was written.
    /// The contour's first point and the previous point are each kept as `x << 8 | y`.
    // One assembly block is the point of this function (see above): it is longer than the usual 50 lines.
    // solhint-disable-next-line function-max-lines
    function _snippet(
        bytes memory data,
        uint256 start,
        uint256 end,
        uint256 advance
    ) private pure returns (bytes memory out) {
        out = new bytes(((end - start) / 2) * 11 + 9);
        /// @solidity memory-safe-assembly
        assembly {
            // Writes v (|v| < 1000) at q: "-" and its digits when negative, else (a space when spaced) its digits.
            function coord(q, v, spaced) -> r {
                let a := v
                switch slt(v, 0)
                case 1 {
                    mstore8(q, 0x2d)
                    q := add(q, 1)
                    a := sub(0, v)
                }
                default {
                    if spaced {
                        mstore8(q, 0x20)
                        q := add(q, 1)
                    }
                }
                if gt(a, 99) {
                    mstore8(q, add(48, div(a, 100)))
                    q := add(q, 1)
                }
                if gt(a, 9) {
                    mstore8(q, add(48, mod(div(a, 10), 10)))
                    q := add(q, 1)
                }
                mstore8(q, add(48, mod(a, 10)))
                r := add(q, 1)
            }
            let p := add(out, 0x20)
            let first := 0
            let prev := 0
            // 0: a contour starts at the next point; 1: the next point follows "l"; 2: any other point.
            let mode := 0
            for {
                let k := start
            } lt(k, end) {
                k := add(k, 2)
            } {
                let x := byte(0, mload(add(add(data, 0x20), k)))
                let yb := byte(1, mload(add(add(data, 0x20), k)))
                switch mode
                case 0 {
                    mstore8(p, 0x6d) // "m"
                    p := coord(add(p, 1), sub(x, shr(8, first)), 0)
                    p := coord(p, sub(and(yb, 0x7f), and(first, 0xff)), 1)
                    mstore8(p, 0x6c) // "l"
                    p := add(p, 1)
                    first := or(shl(8, x), and(yb, 0x7f))
                    mode := 1
                }
                default {
                    p := coord(p, sub(x, shr(8, prev)), eq(mode, 2))
                    p := coord(p, sub(and(yb, 0x7f), and(prev, 0xff)), 1)
                    mode := 2
                }
                prev := or(shl(8, x), and(yb, 0x7f))
                if gt(yb, 0x7f) {
                    mstore8(p, 0x7a) // "z"
                    p := add(p, 1)
                    mode := 0
                }
            }
            mstore8(p, 0x6d)
            p := coord(add(p, 1), sub(advance, shr(8, first)), 0)
            p := coord(p, sub(0, and(first, 0xff)), 1)
            mstore(out, sub(p, add(out, 0x20)))
        }
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
