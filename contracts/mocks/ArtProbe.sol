// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;
import {PapercutWriter} from "../art/PapercutWriter.sol";
import {PapercutDesign} from "../art/PapercutDesign.sol";
import {PapercutFont} from "../art/PapercutFont.sol";
import {PapercutSvg} from "../art/PapercutSvg.sol";
import {PapercutShapes} from "../art/PapercutShapes.sol";
contract ArtProbe {
    using PapercutWriter for PapercutWriter.Writer;
    function design(bytes32 seed) external view returns (uint256 g) { g = gasleft(); PapercutDesign.design(seed); g -= gasleft(); }
    function text(bytes memory t) external view returns (uint256 g) { PapercutWriter.Writer memory b = PapercutWriter.create(60000); g = gasleft(); PapercutFont.appendText(b, t); g -= gasleft(); }
    function path() external view returns (uint256 g) { PapercutWriter.Writer memory b = PapercutWriter.create(60000); g = gasleft(); for (uint256 i; i < 11; ++i) PapercutShapes.appendPath(b, i, 200, 50, 20); g -= gasleft(); }
    function lits(uint256 n) external view returns (uint256 g) { PapercutWriter.Writer memory b = PapercutWriter.create(60000); g = gasleft(); for (uint256 i; i < n; ++i) b.lit('<use href="#s1" transform="rotate('); g -= gasleft(); }
    function render(bytes32 seed) external view returns (uint256 g) { PapercutDesign.Design memory d = PapercutDesign.design(seed); g = gasleft(); PapercutSvg.render(d, PapercutSvg.Stub(PapercutSvg.stubHead("CHINA INTERNET CHARITY SUMMIT", "20 MAY 2022 - ONLINE"), PapercutSvg.stubTail(), "", 1)); g -= gasleft(); }
}
import {Base64} from "solady/src/utils/Base64.sol";
contract ArtProbe3 {
    function b64(uint256 n) external view returns (uint256 g) { bytes memory x = new bytes(n); g = gasleft(); Base64.encode(x); g -= gasleft(); }
    function concat(uint256 n) external view returns (uint256 g) { bytes memory x = new bytes(n); g = gasleft(); string.concat("data:application/json;base64,", string(x)); g -= gasleft(); }
}
