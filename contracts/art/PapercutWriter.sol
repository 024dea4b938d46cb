// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title PapercutWriter
/// @notice A fixed-capacity byte writer for building the SVG and JSON of a ticket.
/// @dev Why assembly: a ticket prints about a thousand numbers and a thousand fragments. Through Solady's
/// DynamicBufferLib (and `LibString.toString`) each number cost ~2,400 gas and each fragment ~450 gas
/// (`bench/art-gas.ts` keeps the measurement); writing in place costs a small fraction of that.
///
/// Memory layout: `data` is a `bytes` allocated once with `capacity + 32` bytes, so that a number can be
/// written as one 32-byte word (only its first `n` bytes count; the rest is overwritten by the next write).
/// `length` is the number of bytes written. {finish} stores `length` as the length of `data` and zeroes
/// the word after it, so `data` is then an ordinary `bytes` whose slack lies beyond its end.
library PapercutWriter {
    /// @dev `data` is allocated with `capacity + 32` bytes; `length` bytes of it are written.
    struct Writer {
        bytes data;
        uint256 length;
        uint256 capacity;
    }

    /// @notice A write would pass the writer's capacity (a bug: capacities are set above the budgets).
    error PapercutWriterFull(uint256 capacity);

    /// @notice A number to print has more than seven digits (a bug: the art's numbers are small).
    error PapercutWriterNumberTooLarge(uint256 value);

    /// @notice A writer with room for `capacity` bytes.
    function create(uint256 capacity) internal pure returns (Writer memory) {
        return Writer(new bytes(capacity + 32), 0, capacity);
    }

    /// @notice The written bytes, as a `bytes` of the written length.
    function finish(Writer memory w) internal pure returns (bytes memory data) {
        data = w.data;
        uint256 length = w.length;
        /// @solidity memory-safe-assembly
        assembly {
            mstore(add(add(data, 0x20), length), 0)
            mstore(data, length)
        }
    }

    /// @notice Appends `s`.
    function lit(Writer memory w, bytes memory s) internal pure {
        uint256 n = s.length;
        uint256 length = w.length;
        if (length + n > w.capacity) revert PapercutWriterFull(w.capacity);
        bytes memory data = w.data;
        /// @solidity memory-safe-assembly
        assembly {
            mcopy(add(add(data, 0x20), length), add(s, 0x20), n)
        }
        w.length = length + n;
    }

    /// @notice Appends the `n` bytes of `s` from `start` (which the caller keeps within `s`).
    function slice(Writer memory w, bytes memory s, uint256 start, uint256 n) internal pure {
        uint256 length = w.length;
        if (length + n > w.capacity) revert PapercutWriterFull(w.capacity);
        bytes memory data = w.data;
        /// @solidity memory-safe-assembly
        assembly {
            mcopy(add(add(data, 0x20), length), add(add(s, 0x20), start), n)
        }
        w.length = length + n;
    }

    /// @notice Appends `a` then `b`.
    function lit(Writer memory w, bytes memory a, bytes memory b) internal pure {
        lit(w, a);
        lit(w, b);
    }

    /// @notice Appends `a`, `b` then `c`.
    function lit(Writer memory w, bytes memory a, bytes memory b, bytes memory c) internal pure {
        lit(w, a);
        lit(w, b);
        lit(w, c);
    }

    /// @notice Appends the low `n` bytes (1..32) of `packed`, most significant first.
    function raw(Writer memory w, uint256 packed, uint256 n) internal pure {
        uint256 length = w.length;
        if (length + n > w.capacity) revert PapercutWriterFull(w.capacity);
        bytes memory data = w.data;
        /// @solidity memory-safe-assembly
        assembly {
            // Left-align the n bytes in a word and store it at the write position (32 bytes of slack).
            mstore(add(add(data, 0x20), length), shl(sub(256, shl(3, n)), packed))
        }
        w.length = length + n;
    }

    /// @notice `packed` (of `len` bytes) followed by the decimal digits of `v` (below 10^7).
    function digits(uint256 packed, uint256 len, uint256 v) internal pure returns (uint256, uint256) {
        if (v > 9_999_999) revert PapercutWriterNumberTooLarge(v);
        // Cannot overflow: v < 10^7, so at most 7 digits are shifted into `packed`, which callers keep
        // under 24 bytes; every other operand is a single digit.
        unchecked {
            if (v < 10) return ((packed << 8) | (48 + v), len + 1);
            if (v < 100) return ((packed << 16) | ((48 + v / 10) << 8) | (48 + (v % 10)), len + 2);
            if (v < 1000) {
                return (
                    (packed << 24) | ((48 + v / 100) << 16) | ((48 + ((v / 10) % 10)) << 8) | (48 + (v % 10)),
                    len + 3
                );
            }
            uint256 n = 4;
            for (uint256 t = v / 10000; t != 0; t /= 10) ++n;
            uint256 d = 0;
            for (uint256 i = 0; i < n; ++i) {
                d |= (48 + (v % 10)) << (8 * i);
                v /= 10;
            }
            return ((packed << (8 * n)) | d, len + n);
        }
    }

    /// @notice Appends `v` in decimal (with "-" when negative).
    function num(Writer memory w, int256 v) internal pure {
        (uint256 packed, uint256 len) = v < 0 ? digits(0x2d, 1, uint256(-v)) : digits(0, 0, uint256(v));
        raw(w, packed, len);
    }

    /// @notice Appends `v` as a path coordinate after another: its minus sign separates it, else a space.
    function spaced(Writer memory w, int256 v) internal pure {
        (uint256 packed, uint256 len) = v < 0 ? digits(0x2d, 1, uint256(-v)) : digits(0x20, 1, uint256(v));
        raw(w, packed, len);
    }

    /// @notice Appends a non-negative value given in hundredths as a short decimal: "12.5", "7.05", "30".
    function centi(Writer memory w, uint256 v) internal pure {
        uint256 frac = v % 100;
        (uint256 packed, uint256 len) = digits(0, 0, v / 100);
        if (frac != 0) {
            if (frac % 10 == 0) (packed, len) = digits((packed << 8) | 0x2e, len + 1, frac / 10);
            else if (frac < 10) (packed, len) = digits((packed << 16) | 0x2e30, len + 2, frac);
            else (packed, len) = digits((packed << 8) | 0x2e, len + 1, frac);
        }
        raw(w, packed, len);
    }
}
