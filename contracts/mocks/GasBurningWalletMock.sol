// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC1271} from "@openzeppelin/contracts/interfaces/IERC1271.sol";

/// @notice Test double: a hostile smart-contract wallet whose `isValidSignature` burns all the gas it is given, so a
/// check-in that forwarded all its gas would run out (issue 18: it made every multi-proof batch fail).
contract GasBurningWalletMock is IERC1271 {
    /// @inheritdoc IERC1271
    function isValidSignature(bytes32, bytes calldata) external view returns (bytes4) {
        uint256 spin;
        while (gasleft() > 0) {
            spin = uint256(keccak256(abi.encode(spin)));
        }
        return bytes4(uint32(spin));
    }
}
