// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PapercutNames
/// @notice The names of the art's vocabulary in English (the metadata's traits, the SVG's description) and
/// Chinese (the description), in the order of `src/art/palette.ts` and `src/art/state.ts`, as "|"-separated
/// lists.
library PapercutNames {
    bytes internal constant PAPER = "China Red|Vermilion|Cinnabar|Crimson|Rouge|Jujube|Gold|Ink|Jade";
    bytes internal constant PAPER_ZH = unicode"中国红|朱红|朱砂红|绯红|胭脂红|枣红|金色|墨色|玉色";
    bytes internal constant CENTRE = "Lotus|Chrysanthemum|Plum Blossom|Coin|Double Happiness";
    bytes internal constant CENTRE_ZH = unicode"莲花|菊花|梅花|古钱|双喜";
    bytes internal constant RIM = "Sawtooth|Scalloped|Beaded";
    bytes internal constant RIM_ZH = unicode"锯齿|花边|连珠";
    bytes internal constant BAND = "Sawtooth|Crescent|Cloud|Petal|Arrowhead|Lattice|Serrated Leaf|Water Drop";
    bytes internal constant BAND_ZH = unicode"锯齿|月牙|云纹|花瓣|箭簇|窗格|锯叶|水滴";
    bytes internal constant STATE = "Valid|Checked In|Souvenir|Voided";
    bytes internal constant STATE_ZH = unicode"有效|已入场|纪念|已作废";

    /// @notice The `index`-th entry of a "|"-separated list (empty past its end).
    /// @dev Why assembly: a ticket's metadata and description look up about twenty names; reading the list a
    /// word at a time and copying the entry with `mcopy` costs a third of indexing `list[i]` byte by byte.
    function nth(bytes memory list, uint256 index) internal pure returns (bytes memory out) {
        uint256 length = list.length;
        uint256 start = 0;
        uint256 n = 0;
        // Cannot overflow: i, start and n stay below list.length + 1, a memory size.
        unchecked {
            for (uint256 i = 0; i < length + 1; ++i) {
                uint256 c = 0x7c;
                /// @solidity memory-safe-assembly
                assembly {
                    if lt(i, length) {
                        c := byte(0, mload(add(add(list, 0x20), i)))
                    }
                }
                if (c == 0x7c) {
                    if (n == index) {
                        uint256 size = i - start;
                        out = new bytes(size);
                        /// @solidity memory-safe-assembly
                        assembly {
                            mcopy(add(out, 0x20), add(add(list, 0x20), start), size)
                        }
                        return out;
                    }
                    ++n;
                    start = i + 1;
                }
            }
        }
    }
}
