// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// @title PapercutMath
/// @notice Integer helpers of the papercut art, operation for operation as in `src/art/math.ts`. Every value
/// stays far below 2^53 so that the TypeScript mirror computes the same numbers; `/` truncates toward zero
/// in both.
library PapercutMath {
    /// @notice sin(x) scaled by 10,000 for x in hundredths of a degree (0..18000), by Bhaskara I's
    /// approximation (error below 0.0017).
    function sin10k(int256 centiDegrees) internal pure returns (int256) {
        int256 p = centiDegrees * (18000 - centiDegrees);
        return (40000 * p) / (405000000 - p);
    }

    /// @notice The integer square root (rounded down) of a non-negative number.
    function isqrt(int256 n) internal pure returns (int256) {
        return int256(Math.sqrt(uint256(n)));
    }
}
