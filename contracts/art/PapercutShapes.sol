// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PapercutWriter} from "./PapercutWriter.sol";

/// @title PapercutShapes
/// @notice The cut shapes of the papercut as data, generated from `src/art/templates.ts` (a test checks that
/// the two agree). A template is drawn in a frame where x = ±50 spans its width and y runs from 0 (the
/// band's inner radius) to 100 (its outer radius); commands are M, L, Q, C and Z with signed-byte
/// coordinates.
library PapercutShapes {
    using PapercutWriter for PapercutWriter.Writer;

    /// @dev Command bytes (ASCII) each followed by its coordinates as signed bytes.
    bytes internal constant DATA =
        hex"4dce004c00644c32005a4dce644c00004c32645a4d00004332105136006443af36ce1000005a4dce6451009c3264510032ce645a4d006443104e283432024c00164cce0243d834f04e00645a4d0006431400320a2f26432d381e3e163443224a1264006443ee64de4aea3443e23ed338d12643ce0aec0000065a4d00004c32324c00644cce325a4d0000431c003216323243324e1c64006443e464ce4ece3243ce16e40000005a4d00004c180a4c14124c281c4c22244c30304c2a384c32444c294a4c28564c1a5a4c00644ce65a4cd8564cd74a4cce444cd6384cd0304cde244cd81c4cec124ce80a5a4d00004342284264006443be64be2800005a4d000043043c146432644c327f4cce7f4cce6443ec64fc3c00005a";
    /// @dev For each template: start and length in DATA, two bytes each, big-endian.
    bytes internal constant INDEX =
        hex"0000000a000a000a001400120026000e00340018004c002e007a000d0087002000a7004300ea001200fc001b";
    /// @dev For each template, ten bytes: its widest |x| (as a percentage of the half-width) for y in
    /// 0-10, 10-20, ... 90-100; packed in four words (read by shifting, without copying to memory).
    uint256 private constant PROFILES_0 = 0x645b50473d32291e150b0b151e29323d47505b64304b5d6364635c503d22202c;
    uint256 private constant PROFILES_1 = 0x363f454b52585e6464605c554c45392c1e1146585f5f5e573535312716293d52;
    uint256 private constant PROFILES_2 = 0x6464523d29163f525d626464625d523f30345050605f6461523b1d3548565d63;
    uint256 private constant PROFILES_3 = 0x63635c4b0204070b0f151d273864000000000000000000000000000000000000;

    /// @dev Each template's area within y 0..100, in thousandths of its 100 x 100 box, two bytes each.
    bytes internal constant FILLS = hex"01f401f402a601f401ec026e01f40315029702c900da";

    uint256 internal constant TOOTH_IN = 0;
    uint256 internal constant TOOTH_OUT = 1;
    uint256 internal constant PETAL = 2;
    uint256 internal constant CLOUD = 5;
    uint256 internal constant DIAMOND = 6;
    uint256 internal constant DOT = 7;
    uint256 internal constant CUSP = 10;

    /// @notice The area of `template` within y 0..100, in thousandths of its box.
    function fill(uint256 template) internal pure returns (int256) {
        bytes memory fills = FILLS;
        return int256((uint256(uint8(fills[2 * template])) << 8) | uint8(fills[2 * template + 1]));
    }

    /// @notice The widest |x| of `template` for y in [10k, 10k + 10], as a percentage of its half-width.
    function profile(uint256 template, uint256 k) internal pure returns (int256) {
        uint256 i = template * 10 + k;
        uint256 word =
            i < 32
                ? PROFILES_0
                : i < 64
                    ? PROFILES_1
                    : i < 96
                        ? PROFILES_2
                        : PROFILES_3;
        return int256((word >> (8 * (31 - (i % 32)))) & 0xff);
    }

    /// @notice Appends the path data of `template` placed on the fold axis pointing outward: (x, y) becomes
    /// (x * halfWidth / 50, -(inner + y * height / 100)). Numbers after the first of a command are separated
    /// by a space unless their own minus sign separates them.
    function appendPath(
        PapercutWriter.Writer memory buf,
        uint256 template,
        int256 inner,
        int256 height,
        int256 halfWidth
    ) internal pure {
        int256[3] memory place = [inner, height, halfWidth];
        (uint256 i, uint256 end) = _range(template);
        bytes memory data = DATA;
        while (i < end) {
            uint8 cmd = uint8(data[i]);
            ++i;
            buf.raw(cmd, 1);
            // M and L take one point, Q two, C three, Z none.
            uint256 values =
                cmd == 0x4d || cmd == 0x4c
                    ? 2
                    : cmd == 0x51
                        ? 4
                        : cmd == 0x43
                            ? 6
                            : 0;
            for (uint256 k = 0; k < values; ++k) {
                int256 v = _coordinate(int256(int8(uint8(data[i]))), k % 2 == 0, place);
                ++i;
                if (k == 0) buf.num(v);
                else buf.spaced(v);
            }
        }
    }

    /// @dev Start and end of `template` in DATA.
    function _range(uint256 template) private pure returns (uint256 start, uint256 end) {
        bytes memory index = INDEX;
        start = (uint256(uint8(index[template * 4])) << 8) | uint8(index[template * 4 + 1]);
        end = start + ((uint256(uint8(index[template * 4 + 2])) << 8) | uint8(index[template * 4 + 3]));
    }

    /// @dev A template coordinate placed: x scaled to the half-width, y to the radius (negative is outward).
    function _coordinate(int256 c, bool isX, int256[3] memory place) private pure returns (int256) {
        return isX ? (c * place[2]) / 50 : -(place[0] + (c * place[1]) / 100);
    }
}
