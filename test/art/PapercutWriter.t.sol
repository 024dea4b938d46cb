// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";

import {PapercutWriter} from "../../contracts/art/PapercutWriter.sol";

/// @dev External entry points, so that reverts inside the library can be expected.
contract PapercutWriterHarness {
    using PapercutWriter for PapercutWriter.Writer;

    function number(bytes memory prefix, uint256 v) external pure returns (bytes memory) {
        PapercutWriter.Writer memory w = PapercutWriter.create(64);
        w.lit(prefix);
        (uint256 packed, uint256 n) = PapercutWriter.digits(0, 0, v);
        w.raw(packed, n);
        return w.finish();
    }

    function fill(
        uint256 capacity,
        bytes memory a,
        bytes memory b,
        uint256 rawBytes
    ) external pure returns (bytes memory) {
        PapercutWriter.Writer memory w = PapercutWriter.create(capacity);
        w.lit(a, b);
        w.raw(0x414243444546474849, rawBytes);
        return w.finish();
    }
}

/// @notice The writer prints numbers as decimal text and never writes past its capacity.
contract PapercutWriterTest is Test {
    PapercutWriterHarness internal h;

    function setUp() public {
        h = new PapercutWriterHarness();
    }

    function testFuzz_PrintsNumbersInDecimal(uint256 v, bytes8 prefix) public view {
        v = bound(v, 0, 9_999_999);
        bytes memory p = abi.encodePacked(prefix);
        assertEq(h.number(p, v), abi.encodePacked(p, Strings.toString(v)));
    }

    function test_PrintsEveryDigitCountAtItsEdges() public view {
        uint256[16] memory edges = [
            uint256(0),
            9,
            10,
            99,
            100,
            999,
            1000,
            9999,
            10000,
            99999,
            100000,
            999999,
            1000000,
            9999999,
            1234567,
            7654321
        ];
        for (uint256 i = 0; i < edges.length; ++i) {
            assertEq(h.number("", edges[i]), bytes(Strings.toString(edges[i])));
        }
    }

    function testFuzz_RefusesNumbersOfMoreThanSevenDigits(uint256 v) public {
        v = bound(v, 10_000_000, type(uint256).max);
        vm.expectRevert(abi.encodeWithSelector(PapercutWriter.PapercutWriterNumberTooLarge.selector, v));
        h.number("", v);
    }

    function testFuzz_WritesExactlyWhatFitsAndRefusesMore(
        uint8 aLen,
        uint8 bLen,
        uint8 rawBytes,
        uint8 capacity
    ) public {
        uint256 n = bound(rawBytes, 1, 9);
        bytes memory a = new bytes(aLen);
        bytes memory b = new bytes(bLen);
        for (uint256 i = 0; i < a.length; ++i) a[i] = "a";
        for (uint256 i = 0; i < b.length; ++i) b[i] = "b";
        uint256 needed = a.length + b.length + n;
        if (capacity < needed) {
            vm.expectRevert(abi.encodeWithSelector(PapercutWriter.PapercutWriterFull.selector, uint256(capacity)));
            h.fill(capacity, a, b, n);
        } else {
            bytes memory tail = new bytes(n);
            bytes memory abc = "ABCDEFGHI";
            for (uint256 i = 0; i < n; ++i) tail[i] = abc[9 - n + i];
            assertEq(h.fill(capacity, a, b, n), abi.encodePacked(a, b, tail));
        }
    }
}
