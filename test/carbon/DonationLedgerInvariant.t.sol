// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {CommonBase} from "forge-std/Base.sol";
import {StdUtils} from "forge-std/StdUtils.sol";

import {DonationLedger} from "../../contracts/DonationLedger.sol";
import {IDonationLedger} from "../../contracts/interfaces/IDonationLedger.sol";
import {DonationFixtures} from "./DonationLedgerBase.sol";

/// @dev Drives the ledger with random record / supersede / settle calls as its treasurer. Every call
/// predicts its own outcome; a call that does something else counts as `unexpected`. Ledger calls are
/// wrapped in try/catch, so the handler itself never reverts and its counters survive.
contract LedgerHandler is CommonBase, StdUtils {
    DonationLedger public immutable ledger;
    uint64 public immutable tickets;

    uint256 public recordAttempts;
    uint256 public recordSuccesses;
    uint256 public supersedeSuccesses;
    uint256 public settleSuccesses;
    uint256 public expectedRejections;
    uint256 public unexpected;

    /// @dev keccak256 of each record as submitted: records must never change afterwards.
    mapping(uint256 id => bytes32) public submitted;

    bytes3[3] private _codes = [bytes3("CNY"), bytes3("EUR"), bytes3("JPY")];
    uint8[3] private _exponents = [2, 2, 0];

    constructor(DonationLedger ledger_, uint64 tickets_) {
        ledger = ledger_;
        tickets = tickets_;
        vm.deal(address(this), 1_000 ether);
    }

    function _build(
        uint256 seed,
        uint64 avoided,
        uint64 digital
    ) private view returns (IDonationLedger.DonationRecord memory) {
        uint256 c = seed % 3;
        bool costSaved = (seed >> 8) % 2 == 1;
        uint64 count = uint64(_bound(seed >> 16, 1, tickets));
        uint128 rate = uint128(_bound(seed >> 32, 1, 1e12));
        address account = (seed >> 80) % 2 == 1 ? address(uint160(0xC0FFEE + (seed % 7))) : address(0);
        return DonationFixtures.consistent(costSaved, count, avoided, digital, rate, _codes[c], _exponents[c], account);
    }

    function record(uint256 seed, uint64 avoided, uint64 digital) external {
        IDonationLedger.DonationRecord memory r = _build(seed, avoided, digital);
        ++recordAttempts;
        try ledger.record(r) returns (uint256 id) {
            ++recordSuccesses;
            submitted[id] = keccak256(abi.encode(r));
        } catch {
            ++unexpected;
        }
    }

    function recordInconsistent(uint256 seed, uint64 avoided, uint64 digital) external {
        IDonationLedger.DonationRecord memory r = _build(seed, avoided, digital);
        r.amountMinor = r.amountMinor == 0 ? 1 : r.amountMinor - 1;
        try ledger.record(r) {
            ++unexpected;
        } catch {
            ++expectedRejections;
        }
    }

    function supersede(uint256 idSeed, uint256 seed, uint64 avoided, uint64 digital) external {
        uint256 count = ledger.donationCount();
        if (count == 0) return;
        uint256 id = _bound(idSeed, 1, count);
        IDonationLedger.Donation memory old = ledger.donation(id);
        bool allowed = old.supersededBy == 0 && old.settlement.settledAt == 0;
        IDonationLedger.DonationRecord memory r = _build(seed, avoided, digital);
        try ledger.supersede(id, r) returns (uint256 newId) {
            if (!allowed) ++unexpected;
            ++supersedeSuccesses;
            submitted[newId] = keccak256(abi.encode(r));
        } catch {
            if (allowed) ++unexpected;
            else ++expectedRejections;
        }
    }

    function settle(uint256 idSeed, uint256 value, bytes32 receipt) external {
        uint256 count = ledger.donationCount();
        if (count == 0) return;
        uint256 id = _bound(idSeed, 1, count);
        IDonationLedger.Donation memory d = ledger.donation(id);
        value = d.record.recipient.account == address(0) ? 0 : _bound(value, 0, 1 ether);
        bool allowed = d.supersededBy == 0 && d.settlement.settledAt == 0 && receipt != bytes32(0);
        try ledger.settle{value: value}(id, receipt, keccak256(abi.encode(id)), "") {
            if (!allowed) ++unexpected;
            ++settleSuccesses;
        } catch {
            if (allowed) ++unexpected;
            else ++expectedRejections;
        }
    }
}

/// @dev Invariants of the ledger: append-only records, totals equal to the sums over the records, links
/// consistent, no native currency kept, and progress (valid calls succeed).
contract DonationLedgerInvariantTest is Test {
    DonationLedger private ledger;
    LedgerHandler private handler;

    function setUp() public {
        address ticket = address(DonationFixtures.ticketWith(address(this), 25));
        ledger = new DonationLedger(ticket, address(this));
        handler = new LedgerHandler(ledger, 25);
        ledger.grantRole(ledger.TREASURER_ROLE(), address(handler));
        targetContract(address(handler));
        bytes4[] memory selectors = new bytes4[](4);
        selectors[0] = LedgerHandler.record.selector;
        selectors[1] = LedgerHandler.recordInconsistent.selector;
        selectors[2] = LedgerHandler.supersede.selector;
        selectors[3] = LedgerHandler.settle.selector;
        targetSelector(FuzzSelector({addr: address(handler), selectors: selectors}));
    }

    /// Each currency's totals equal the sums over its records (recorded: not superseded; settled; paid).
    function invariant_totalsEqualSumsOverRecords() public view {
        bytes3[] memory codes = ledger.currencies();
        uint256 count = ledger.donationCount();
        for (uint256 c = 0; c < codes.length; ++c) {
            uint256 recorded;
            uint256 settled;
            uint256 net;
            uint256 paid;
            uint256 active;
            for (uint256 id = 1; id <= count; ++id) {
                IDonationLedger.Donation memory d = ledger.donation(id);
                if (d.record.currency != codes[c]) continue;
                if (d.supersededBy == 0) {
                    recorded += d.record.amountMinor;
                    net += d.record.netGrams;
                    ++active;
                }
                if (d.settlement.settledAt != 0) settled += d.record.amountMinor;
                paid += d.settlement.paidWei;
            }
            IDonationLedger.CurrencyTotals memory t = ledger.totals(codes[c]);
            assertEq(t.recordedMinor, recorded, "recorded total");
            assertEq(t.settledMinor, settled, "settled total");
            assertEq(t.netGrams, net, "net grams total");
            assertEq(t.paidWei, paid, "paid total");
            assertEq(t.activeRecords, active, "active records");
        }
    }

    /// Records never change after they are written, and ids are dense.
    function invariant_recordsAreAppendOnly() public view {
        uint256 count = ledger.donationCount();
        assertEq(count, handler.recordSuccesses() + handler.supersedeSuccesses(), "one id per accepted record");
        for (uint256 id = 1; id <= count; ++id) {
            assertEq(keccak256(abi.encode(ledger.donation(id).record)), handler.submitted(id), "record unchanged");
        }
    }

    /// Supersede links go both ways, and a settled record is never superseded.
    function invariant_linksAreConsistent() public view {
        uint256 count = ledger.donationCount();
        for (uint256 id = 1; id <= count; ++id) {
            IDonationLedger.Donation memory d = ledger.donation(id);
            if (d.supersededBy != 0) {
                assertGt(d.supersededBy, id, "a correction comes later");
                assertEq(ledger.donation(d.supersededBy).supersedes, id, "back link");
                assertEq(d.settlement.settledAt, 0, "settled records are final");
            }
            if (d.supersedes != 0) {
                assertEq(ledger.donation(d.supersedes).supersededBy, id, "forward link");
            }
        }
    }

    /// The ledger forwards every payment and keeps nothing.
    function invariant_ledgerHoldsNoNativeCurrency() public view {
        assertEq(address(ledger).balance, 0);
    }

    /// Progress: every valid record was accepted and every call did what the handler predicted.
    function invariant_everyCallDidWhatWasPredicted() public view {
        assertEq(handler.unexpected(), 0, "unexpected outcomes");
        assertEq(handler.recordSuccesses(), handler.recordAttempts(), "valid records accepted");
    }

    /// Progress over the whole run: the invariants above were checked against a ledger that did things.
    function afterInvariant() public view {
        assertGt(handler.recordSuccesses(), 0, "no record was ever accepted");
        assertGt(
            handler.supersedeSuccesses() + handler.settleSuccesses() + handler.expectedRejections(),
            0,
            "no supersede, settle or rejection was exercised"
        );
    }
}
