// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";

import {DonationLedger} from "../../contracts/DonationLedger.sol";
import {IDonationLedger} from "../../contracts/interfaces/IDonationLedger.sol";
import {DonationFixtures} from "./DonationLedgerBase.sol";

/// @dev Fuzzed properties of the ledger's arithmetic checks.
contract DonationLedgerFuzzTest is Test {
    DonationLedger private ledger;
    uint64 private constant TICKETS = 20;

    function setUp() public {
        address ticket = address(DonationFixtures.ticketWith(address(this), TICKETS));
        ledger = new DonationLedger(ticket, address(this));
    }

    /// The carbon-price amount is accepted exactly at ceil(net * rate / 1e6): one less or one more reverts.
    function testFuzz_carbonPriceAmountIsTheCeiling(uint64 avoided, uint64 digital, uint128 rate) public {
        // Keeps the amount within uint128 (the field's type): net < 2**64, so net * rate / 1e6 < 2**128.
        rate = uint128(_bound(rate, 1, uint256(type(uint64).max) * 1e5));
        IDonationLedger.DonationRecord memory r = DonationFixtures.consistent(
            false,
            TICKETS,
            avoided,
            digital,
            rate,
            "CNY",
            2,
            address(0)
        );
        uint256 exact = uint256(r.netGrams) * rate;
        assertGe(uint256(r.amountMinor) * 1e6, exact, "amount never below the exact value");
        assertLt(uint256(r.amountMinor) * 1e6, exact + 1e6, "and less than one minor unit above it");

        uint128 expected = r.amountMinor;
        if (expected > 0) {
            r.amountMinor = expected - 1;
            vm.expectRevert(
                abi.encodeWithSelector(IDonationLedger.DonationAmountMismatch.selector, expected, expected - 1)
            );
            ledger.record(r);
        }
        if (expected < type(uint128).max) {
            r.amountMinor = expected + 1;
            vm.expectRevert(
                abi.encodeWithSelector(IDonationLedger.DonationAmountMismatch.selector, expected, expected + 1)
            );
            ledger.record(r);
        }
        r.amountMinor = expected;
        uint256 id = ledger.record(r);
        assertEq(ledger.donation(id).record.amountMinor, expected);
    }

    /// The net is never below zero, and any other net is refused.
    function testFuzz_netIsFlooredAtZero(uint64 avoided, uint64 digital, uint64 wrongNet) public {
        IDonationLedger.DonationRecord memory r = DonationFixtures.consistent(
            false,
            1,
            avoided,
            digital,
            9749,
            "CNY",
            2,
            address(0)
        );
        if (digital >= avoided) assertEq(r.netGrams, 0);
        vm.assume(wrongNet != r.netGrams);
        uint64 net = r.netGrams;
        r.netGrams = wrongNet;
        vm.expectRevert(abi.encodeWithSelector(IDonationLedger.DonationNetMismatch.selector, net, wrongNet));
        ledger.record(r);
    }

    /// The cost-saved amount is exactly ticketCount * rate.
    function testFuzz_costSavedAmount(uint64 ticketCount, uint128 rate, uint128 wrong) public {
        ticketCount = uint64(_bound(ticketCount, 1, TICKETS));
        rate = uint128(_bound(rate, 1, type(uint128).max / TICKETS));
        IDonationLedger.DonationRecord memory r = DonationFixtures.consistent(
            true,
            ticketCount,
            1000,
            10,
            rate,
            "EUR",
            2,
            address(0)
        );
        assertEq(uint256(r.amountMinor), uint256(ticketCount) * rate);
        vm.assume(wrong != r.amountMinor);
        uint128 expected = r.amountMinor;
        r.amountMinor = wrong;
        vm.expectRevert(abi.encodeWithSelector(IDonationLedger.DonationAmountMismatch.selector, expected, wrong));
        ledger.record(r);
    }

    /// A currency code is accepted only as three upper-case ASCII letters.
    function testFuzz_currencyCode(bytes3 code) public {
        bool valid = true;
        for (uint256 i = 0; i < 3; ++i) {
            if (code[i] < "A" || code[i] > "Z") valid = false;
        }
        IDonationLedger.DonationRecord memory r = DonationFixtures.consistent(
            false,
            1,
            1000,
            10,
            9749,
            code,
            2,
            address(0)
        );
        if (!valid) {
            vm.expectRevert(abi.encodeWithSelector(IDonationLedger.DonationInvalidCurrency.selector, code));
        }
        ledger.record(r);
    }
}
