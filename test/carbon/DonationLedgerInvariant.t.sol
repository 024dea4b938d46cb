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

    /// @dev Ghost totals per currency, kept from what the handler itself did (not read from the ledger).
    mapping(bytes3 currency => uint256) public ghostRecorded;
    mapping(bytes3 currency => uint256) public ghostSettled;
    mapping(bytes3 currency => uint256) public ghostNet;
    mapping(bytes3 currency => uint256) public ghostPaid;
    mapping(bytes3 currency => uint256) public ghostActive;

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

    function _add(IDonationLedger.DonationRecord memory r) private {
        ghostRecorded[r.currency] += r.amountMinor;
        ghostNet[r.currency] += r.netGrams;
        ++ghostActive[r.currency];
    }

    function record(uint256 seed, uint64 avoided, uint64 digital) external {
        IDonationLedger.DonationRecord memory r = _build(seed, avoided, digital);
        ++recordAttempts;
        try ledger.record(r) returns (uint256 id) {
            ++recordSuccesses;
            submitted[id] = keccak256(abi.encode(r));
            _add(r);
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
            bytes3 c = old.record.currency;
            ghostRecorded[c] -= old.record.amountMinor;
            ghostNet[c] -= old.record.netGrams;
            --ghostActive[c];
            _add(r);
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
            ghostSettled[d.record.currency] += d.record.amountMinor;
            ghostPaid[d.record.currency] += value;
        } catch {
            if (allowed) ++unexpected;
            else ++expectedRejections;
        }
    }
}

/// @dev Invariants of the ledger: totals equal to the sums over the records, append-only records, links
/// consistent, no native currency kept, and progress (valid calls succeed, and each run did something).
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

    // After every call (cheap): totals against the handler's ghost sums, count, balance, predictions.
    // Once per run (afterInvariant): full scans over every stored record.

    /// One campaign checks every invariant (each `invariant_` function would run a campaign of its own).
    function invariant_ledger() public view {
        _totalsEqualGhostSums();
        _oneIdPerAcceptedRecord();
        _ledgerHoldsNoNativeCurrency();
        _everyCallDidWhatWasPredicted();
    }

    /// Each currency's totals equal the handler's own running sums of what it recorded, superseded and settled.
    function _totalsEqualGhostSums() private view {
        bytes3[] memory codes = ledger.currencies();
        for (uint256 c = 0; c < codes.length; ++c) {
            IDonationLedger.CurrencyTotals memory t = ledger.totals(codes[c]);
            assertEq(t.recordedMinor, handler.ghostRecorded(codes[c]), "recorded total");
            assertEq(t.settledMinor, handler.ghostSettled(codes[c]), "settled total");
            assertEq(t.netGrams, handler.ghostNet(codes[c]), "net grams total");
            assertEq(t.paidWei, handler.ghostPaid(codes[c]), "paid total");
            assertEq(t.activeRecords, handler.ghostActive(codes[c]), "active records");
        }
    }

    /// Ids are dense: one per accepted record or correction.
    function _oneIdPerAcceptedRecord() private view {
        assertEq(ledger.donationCount(), handler.recordSuccesses() + handler.supersedeSuccesses());
    }

    /// The ledger forwards every payment and keeps nothing.
    function _ledgerHoldsNoNativeCurrency() private view {
        assertEq(address(ledger).balance, 0);
    }

    /// Progress: every valid record was accepted and every call did what the handler predicted.
    function _everyCallDidWhatWasPredicted() private view {
        assertEq(handler.unexpected(), 0, "unexpected outcomes");
        assertEq(handler.recordSuccesses(), handler.recordAttempts(), "valid records accepted");
    }

    /// At the end of each run: the totals equal the sums over the stored records, records never changed,
    /// supersede links go both ways and never touch a settled record, and the run made progress.
    function afterInvariant() public view {
        uint256 count = ledger.donationCount();
        IDonationLedger.Donation[] memory all = ledger.donations(1, count);
        bytes3[] memory codes = ledger.currencies();
        for (uint256 c = 0; c < codes.length; ++c) {
            uint256[5] memory sum; // recorded, settled, net, paid, active
            for (uint256 i = 0; i < count; ++i) {
                IDonationLedger.Donation memory d = all[i];
                if (d.record.currency != codes[c]) continue;
                if (d.supersededBy == 0) {
                    sum[0] += d.record.amountMinor;
                    sum[2] += d.record.netGrams;
                    ++sum[4];
                }
                if (d.settlement.settledAt != 0) sum[1] += d.record.amountMinor;
                sum[3] += d.settlement.paidWei;
            }
            IDonationLedger.CurrencyTotals memory t = ledger.totals(codes[c]);
            assertEq(t.recordedMinor, sum[0], "recorded total = sum over active records");
            assertEq(t.settledMinor, sum[1], "settled total = sum over settled records");
            assertEq(t.netGrams, sum[2], "net total = sum over active records");
            assertEq(t.paidWei, sum[3], "paid total = sum over settlements");
            assertEq(t.activeRecords, sum[4], "active records");
        }
        for (uint256 i = 0; i < count; ++i) {
            uint256 id = i + 1;
            IDonationLedger.Donation memory d = all[i];
            assertEq(keccak256(abi.encode(d.record)), handler.submitted(id), "record unchanged");
            if (d.supersededBy != 0) {
                assertGt(d.supersededBy, id, "a correction comes later");
                assertEq(all[d.supersededBy - 1].supersedes, id, "back link");
                assertEq(d.settlement.settledAt, 0, "settled records are final");
            }
            if (d.supersedes != 0) assertEq(all[d.supersedes - 1].supersededBy, id, "forward link");
        }
        assertGt(handler.recordSuccesses(), 0, "no record was ever accepted");
        assertGt(
            handler.supersedeSuccesses() + handler.settleSuccesses() + handler.expectedRejections(),
            0,
            "no supersede, settle or rejection was exercised"
        );
    }
}
