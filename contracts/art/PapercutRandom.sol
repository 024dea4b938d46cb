// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PapercutRandom
/// @notice The byte stream every random choice of the papercut art is drawn from, mirrored by
/// `src/art/random.ts`: bytes of the seed are taken most-significant first; when all 32 are used the pool
/// becomes `keccak256(pool)`.
library PapercutRandom {
    /// @dev `pool` is the current 32-byte block, `index` the next byte to take from it (0..32).
    struct Rng {
        bytes32 pool;
        uint256 index;
    }

    /// @notice A stream starting at `seed`.
    function init(bytes32 seed) internal pure returns (Rng memory) {
        return Rng(seed, 0);
    }

    /// @notice The next byte, 0..255.
    function nextByte(Rng memory r) internal pure returns (uint256 b) {
        if (r.index == 32) {
            r.pool = keccak256(abi.encodePacked(r.pool));
            r.index = 0;
        }
        b = uint8(r.pool[r.index]);
        ++r.index;
    }

    /// @notice A number in 0..n-1 from the next two bytes (big-endian), reduced modulo `n`.
    function below(Rng memory r, uint256 n) internal pure returns (uint256) {
        uint256 hi = nextByte(r);
        return ((hi << 8) | nextByte(r)) % n;
    }

    /// @notice An index chosen with the given one-byte weights (their sum must be at least 1).
    function pick(Rng memory r, bytes memory weights) internal pure returns (uint256) {
        uint256 total = 0;
        for (uint256 i = 0; i < weights.length; ++i) total += uint8(weights[i]);
        uint256 v = below(r, total);
        for (uint256 i = 0; i < weights.length; ++i) {
            uint256 w = uint8(weights[i]);
            if (v < w) return i;
            v -= w;
        }
        return weights.length - 1;
    }
}
