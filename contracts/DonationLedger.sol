// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {LowLevelCall} from "@openzeppelin/contracts/utils/LowLevelCall.sol";

import {IDonationLedger} from "./interfaces/IDonationLedger.sol";
import {IPapercutTicket} from "./interfaces/IPapercutTicket.sol";

/// @title DonationLedger
/// @notice Append-only record of the carbon-offset donations of one ticket collection.
/// @dev The ledger never holds native currency: `settle` forwards exactly `msg.value` and there is no
/// `receive`. Each state-changing function is `nonReentrant`, and the only external calls are a view of the
/// ticket contract fixed at construction and the payment to the recipient, made last.
contract DonationLedger is AccessControl, ReentrancyGuard, IDonationLedger {
    /// @notice Records, supersedes and settles donations.
    bytes32 public constant TREASURER_ROLE = keccak256("TREASURER_ROLE");

    /// @dev Grams per tonne: the carbon price is per tonne, the net is in grams.
    uint256 private constant _GRAMS_PER_TONNE = 1e6;

    IPapercutTicket private immutable _ticket;

    uint256 private _count;
    mapping(uint256 id => Donation) private _donations;
    mapping(bytes3 currency => CurrencyTotals) private _totals;
    mapping(bytes3 currency => bool) private _registered;
    bytes3[] private _currencies;

    /// @param ticket_ The ticket contract (must hold code).
    /// @param admin Receives the admin and treasurer roles.
    constructor(address ticket_, address admin) {
        if (ticket_.code.length == 0) revert DonationInvalidTicketContract(ticket_);
        if (admin == address(0)) revert DonationInvalidAdmin(admin);
        _ticket = IPapercutTicket(ticket_);
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(TREASURER_ROLE, admin);
    }

    // ------------------------------------------------------------------ treasurer

    /// @inheritdoc IDonationLedger
    function record(DonationRecord calldata r) external onlyRole(TREASURER_ROLE) nonReentrant returns (uint256 id) {
        id = _record(r, 0);
    }

    /// @inheritdoc IDonationLedger
    function supersede(
        uint256 id,
        DonationRecord calldata r
    ) external onlyRole(TREASURER_ROLE) nonReentrant returns (uint256 replacementId) {
        Donation storage old = _existing(id);
        if (old.settlement.settledAt != 0) revert DonationAlreadySettled(id, old.settlement.settledAt);
        if (old.supersededBy != 0) revert DonationAlreadySuperseded(id, old.supersededBy);

        CurrencyTotals storage t = _totals[old.record.currency];
        t.recordedMinor -= old.record.amountMinor;
        t.netGrams -= old.record.netGrams;
        // Cannot underflow: `old` is active, so it was counted in its currency's active records.
        unchecked {
            --t.activeRecords;
        }

        replacementId = _record(r, id);
        old.supersededBy = replacementId;
        emit DonationSuperseded(id, replacementId);
    }

    /// @inheritdoc IDonationLedger
    function settle(
        uint256 id,
        bytes32 receiptHash,
        bytes32 paymentRef,
        string calldata receiptURI
    ) external payable onlyRole(TREASURER_ROLE) nonReentrant {
        Donation storage d = _existing(id);
        if (d.settlement.settledAt != 0) revert DonationAlreadySettled(id, d.settlement.settledAt);
        if (d.supersededBy != 0) revert DonationAlreadySuperseded(id, d.supersededBy);
        if (receiptHash == bytes32(0)) revert DonationMissingReceipt(id);
        address account = d.record.recipient.account;
        if (msg.value != 0 && account == address(0)) revert DonationNoRecipientAccount(id, msg.value);

        d.settlement = Settlement({
            receiptHash: receiptHash,
            paymentRef: paymentRef,
            paidWei: msg.value,
            settledAt: uint64(block.timestamp),
            settledBy: _msgSender(),
            receiptURI: receiptURI
        });
        bytes3 currency = d.record.currency;
        uint256 amount = d.record.amountMinor;
        CurrencyTotals storage t = _totals[currency];
        t.settledMinor += amount;
        t.paidWei += msg.value;
        emit DonationSettled(id, account, receiptHash, paymentRef, currency, amount, msg.value, receiptURI);

        // Interaction last: the recipient may be any contract. It cannot re-enter (nonReentrant) and its
        // return data is never copied, so a revert or a huge return only fails this settlement.
        if (msg.value != 0 && !LowLevelCall.callNoReturn(account, msg.value, "")) {
            revert DonationPaymentFailed(id, account, msg.value);
        }
    }

    // ------------------------------------------------------------------ views

    /// @inheritdoc IDonationLedger
    function ticket() external view returns (address) {
        return address(_ticket);
    }

    /// @inheritdoc IDonationLedger
    function donationCount() external view returns (uint256) {
        return _count;
    }

    /// @inheritdoc IDonationLedger
    function donation(uint256 id) external view returns (Donation memory) {
        return _existing(id);
    }

    /// @inheritdoc IDonationLedger
    function donations(uint256 fromId, uint256 limit) external view returns (Donation[] memory list) {
        uint256 count = _count;
        if (fromId == 0 || fromId > count) return new Donation[](0);
        uint256 available = count - fromId + 1;
        uint256 n = limit < available ? limit : available;
        list = new Donation[](n);
        for (uint256 i = 0; i < n; ++i) {
            // Cannot overflow: fromId + i <= count.
            unchecked {
                list[i] = _donations[fromId + i];
            }
        }
    }

    /// @inheritdoc IDonationLedger
    function currencies() external view returns (bytes3[] memory) {
        return _currencies;
    }

    /// @inheritdoc IDonationLedger
    function totals(bytes3 currency) external view returns (CurrencyTotals memory) {
        return _totals[currency];
    }

    // ------------------------------------------------------------------ internals

    /// @dev Checks and stores a record, updates its currency's totals and emits {DonationRecorded}.
    function _record(DonationRecord calldata r, uint256 supersedes) private returns (uint256 id) {
        _check(r);
        CurrencyTotals storage t = _totals[r.currency];
        if (_registered[r.currency]) {
            if (t.exponent != r.currencyExponent) {
                revert DonationCurrencyExponentMismatch(r.currency, t.exponent, r.currencyExponent);
            }
        } else {
            _registered[r.currency] = true;
            _currencies.push(r.currency);
            t.exponent = r.currencyExponent;
        }
        t.recordedMinor += r.amountMinor;
        t.netGrams += r.netGrams;
        ++t.activeRecords;

        id = ++_count;
        Donation storage d = _donations[id];
        d.record = r;
        d.supersedes = supersedes;
        d.recordedAt = uint64(block.timestamp);
        d.recordedBy = _msgSender();
        emit DonationRecorded(id, r.methodologyHash, r.recipient.account, supersedes, r);
    }

    /// @dev Reverts unless the record is internally consistent and consistent with the ticket contract.
    function _check(DonationRecord calldata r) private view {
        uint256 issued = _ticket.totalMinted();
        if (r.ticketCount == 0 || r.ticketCount > issued) revert DonationInvalidTicketCount(r.ticketCount, issued);
        if (r.snapshotBlock > block.number) revert DonationSnapshotInFuture(r.snapshotBlock, block.number);
        _checkCurrency(r.currency, r.currencyExponent);
        if (r.rate == 0) revert DonationInvalidRate(r.rate);
        if (r.methodologyHash == bytes32(0) || r.inputsHash == bytes32(0)) {
            revert DonationMissingEvidence(r.methodologyHash, r.inputsHash);
        }
        if (bytes(r.recipient.name).length == 0) revert DonationEmptyRecipientName();

        uint256 net = r.avoidedGrams > r.digitalGrams ? r.avoidedGrams - r.digitalGrams : 0;
        if (r.netGrams != net) revert DonationNetMismatch(net, r.netGrams);

        // Cannot overflow in uint256: uint64 * uint128 < 2**192.
        uint256 expected =
            r.basis == Basis.CarbonPrice
                ? _ceilDiv(uint256(net) * r.rate, _GRAMS_PER_TONNE)
                : uint256(r.ticketCount) * r.rate;
        if (r.amountMinor != expected) revert DonationAmountMismatch(expected, r.amountMinor);
    }

    /// @dev Three upper-case ASCII letters, and an exponent of at most 18.
    function _checkCurrency(bytes3 currency, uint8 exponent) private pure {
        for (uint256 i = 0; i < 3; ++i) {
            bytes1 c = currency[i];
            if (c < "A" || c > "Z") revert DonationInvalidCurrency(currency);
        }
        if (exponent > 18) revert DonationInvalidCurrencyExponent(currency, exponent);
    }

    /// @dev The stored donation `id`; reverts with {DonationUnknown} if there is none.
    function _existing(uint256 id) private view returns (Donation storage d) {
        if (id == 0 || id > _count) revert DonationUnknown(id, _count);
        d = _donations[id];
    }

    /// @dev `ceil(a / b)` for `b > 0`.
    function _ceilDiv(uint256 a, uint256 b) private pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }
}
