// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PapercutWriter} from "./PapercutWriter.sol";

/// @title PapercutFont
/// @notice A compact stroke font for the ticket stub (no font file is ever loaded), generated from
/// `src/art/font.ts` (a test checks that the two agree). Glyphs sit on a grid 4 wide and 6 high with an
/// advance of 6; each point is one byte: bit 7 starts a stroke, bits 3..5 are x, bits 0..2 are y.
library PapercutFont {
    using PapercutWriter for PapercutWriter.Writer;

    /// @dev The glyph points.
    bytes internal constant DATA =
        hex"90149616880e981e82228424a60a0910191a04050e162490119811151e8811150e9115832395160f8b1b9616a006881821251e0e050108990d8910168e1e8108182122062681081821221b0b9b24251e0e059e180424a000031b24251e06980801050e1e25241b0380200e8b0201081821221b0b04050e1e25241ba30b0201081821251e0e911294158602102226842486001821221b039b24251e06a1180801050e1e2580061624221000a0000626831ba00006831ba1180801050e1e2523138006a0268323881890168e1ea0251e0e058006a0048b26800626860013202686002620881821251e0e05010886001821221b03881821251e0e050108942686001821221b039326a1180801020b1b24251e0e058020901680050e1e2520801620800e121e208026a006801320931680200626";
    /// @dev For each character code 32..90: start (2 bytes) and length (1 byte) in DATA; ff ff ff when the
    /// font cannot draw it.
    bytes internal constant INDEX =
        hex"000000000004ffffff000408ffffffffffff000c0b001702001904001d04ffffff002104002503002802002a02002c02002e0b003905003e0700450d005204005608005e0a006803006b10007b0a008504ffffffffffffffffffffffffffffffffffff00890700900c009c0800a40700ab0600b10500b60a00c00600c60600cc0500d10600d70300da0500df0400e30900ec0700f30b00fe0901070c011304011706011d03012005012504012905012e04";

    /// @notice Most characters a stub line may have.
    uint256 internal constant MAX_LENGTH = 36;

    /// @dev Where the glyph of character `code` starts and how long it is; `ok` false when it has none.
    function glyph(bytes memory index, uint256 code) private pure returns (bool ok, uint256 start, uint256 length) {
        uint256 c = code > 96 && code < 123 ? code - 32 : code;
        if (c < 32 || c > 90) return (false, 0, 0);
        uint256 i = (c - 32) * 3;
        length = uint8(index[i + 2]);
        if (length == 0xff) return (false, 0, 0);
        start = (uint256(uint8(index[i])) << 8) | uint8(index[i + 1]);
        ok = true;
    }

    /// @notice The index of the first character of `text` the font cannot draw, or `type(uint256).max`
    /// when it can draw all of them.
    function firstUnsupported(bytes memory text) internal pure returns (uint256) {
        bytes memory index = INDEX;
        for (uint256 i = 0; i < text.length; ++i) {
            (bool ok, , ) = glyph(index, uint8(text[i]));
            if (!ok) return i;
        }
        return type(uint256).max;
    }

    /// @notice Appends the path data drawing `text` from the origin in grid units (stroke it, and place it
    /// with a transform). Characters the font cannot draw are skipped.
    function appendText(PapercutWriter.Writer memory buf, bytes memory text) internal pure {
        bytes memory index = INDEX;
        bytes memory data = DATA;
        for (uint256 i = 0; i < text.length; ++i) {
            (bool ok, uint256 start, uint256 length) = glyph(index, uint8(text[i]));
            if (!ok) continue;
            for (uint256 k = start; k < start + length; ++k) {
                uint256 b = uint8(data[k]);
                // "M" or " ", then x, a space and y (a single digit), appended in one piece.
                (uint256 packed, uint256 len) = PapercutWriter.digits(
                    b & 0x80 != 0 ? 0x4d : 0x20,
                    1,
                    i * 6 + ((b >> 3) & 7)
                );
                buf.raw((packed << 16) | 0x2030 | (b & 7), len + 2);
            }
        }
    }
}
