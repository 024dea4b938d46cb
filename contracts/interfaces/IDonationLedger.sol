// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @title IDonationLedger
/// @notice The carbon-offset donations of one ticket collection, recorded so that anyone holding the ticket
/// contract's address (which points here through `donationLedger()`) can read what was donated, to whom, on
/// which basis, and recompute the amount from the published methodology whose hash each record carries.
/// @dev Records are append-only: a record is never edited or deleted; a correction is a new record that
/// supersedes an unsettled one, and settlement only fills in the receipt once. Every amount is an integer:
/// grams of CO2e, and minor units of an ISO 4217 currency (code and exponent recorded with the amount).
///
/// The ledger checks what it can without the methodology: the net equals `max(avoided - digital, 0)`, and
/// the amount follows from the rate — `ceil(netGrams * rate / 1e6)` for {Basis.CarbonPrice} (rate in minor
/// units per tonne) and `ticketCount * rate` for {Basis.CostSaved} (rate in minor units per ticket).
interface IDonationLedger {
    // ------------------------------------------------------------------ types

    /// @notice What the donated amount is based on.
    /// @dev `CarbonPrice`: net CO2e avoided (grams) times a carbon price per tonne. `CostSaved`: the printing
    /// and delivery cost saved per ticket, donated in full; the CO2e is still computed and recorded.
    enum Basis {
        CarbonPrice,
        CostSaved
    }

    /// @notice Who receives the donation.
    /// @param name Legal name of the charity (required).
    /// @param registryId Its identifier in a public registry, e.g. `CN-USCC:…` or `US-EIN:…` (may be empty).
    /// @param account Its address for on-chain payment, or zero when it is paid off-chain.
    struct Recipient {
        string name;
        string registryId;
        address account;
    }

    /// @notice A donation as the treasurer records it: everything an auditor needs to recompute it.
    /// @param basis What the amount is based on.
    /// @param ticketCount Tickets the donation is based on (at most the tickets issued when recorded).
    /// @param snapshotBlock Block at which the ticket count and issuance gas were read.
    /// @param issuanceGasUsed Sum of `gasUsed` of the issuance transactions up to `snapshotBlock`.
    /// @param avoidedGrams CO2e of the printing and delivery avoided, grams (each term rounded up).
    /// @param digitalGrams CO2e of the digital tickets, grams (rounded down).
    /// @param netGrams `max(avoidedGrams - digitalGrams, 0)`.
    /// @param currency ISO 4217 alphabetic code, e.g. `"CNY"`.
    /// @param currencyExponent ISO 4217 minor unit (CNY 2, JPY 0); fixed per currency by its first record.
    /// @param rate Minor units per tonne CO2e (CarbonPrice) or per ticket (CostSaved); not zero.
    /// @param amountMinor The donation in minor units of `currency`.
    /// @param methodologyHash SHA-256 of the methodology file's RFC 8785 canonical JSON.
    /// @param inputsHash SHA-256 of the canonical JSON of the exact inputs (counts, gas, transactions).
    /// @param methodologyURI Where the methodology file is published (IPFS, repository URL…).
    /// @param recipient Who receives the donation.
    // The numeric fields fill three slots (25, 28 and 32 bytes); solhint's packing heuristic miscounts them.
    // solhint-disable-next-line gas-struct-packing
    struct DonationRecord {
        Basis basis;
        uint64 ticketCount;
        uint64 snapshotBlock;
        uint64 issuanceGasUsed;
        uint64 avoidedGrams;
        uint64 digitalGrams;
        uint64 netGrams;
        bytes3 currency;
        uint8 currencyExponent;
        uint128 rate;
        uint128 amountMinor;
        bytes32 methodologyHash;
        bytes32 inputsHash;
        string methodologyURI;
        Recipient recipient;
    }

    /// @notice How a donation was settled (all zero until then).
    /// @param receiptHash SHA-256 of the charity's receipt or thank-you letter.
    /// @param paymentRef Payment reference: a transaction hash, or SHA-256 of a bank reference.
    /// @param paidWei Native currency paid to the recipient's account in the settling transaction.
    /// @param settledAt Timestamp of settlement.
    /// @param settledBy The treasurer who settled.
    /// @param receiptURI Where the receipt is published (may be empty).
    struct Settlement {
        bytes32 receiptHash;
        bytes32 paymentRef;
        uint256 paidWei;
        uint64 settledAt;
        address settledBy;
        string receiptURI;
    }

    /// @notice A stored donation with its history.
    /// @param record What was recorded (never changes).
    /// @param supersedes The id of the record this one corrects, or 0.
    /// @param supersededBy The id of the record that corrects this one, or 0 (set once).
    /// @param recordedAt Timestamp of recording.
    /// @param recordedBy The treasurer who recorded.
    /// @param settlement The settlement (set once).
    struct Donation {
        DonationRecord record;
        uint256 supersedes;
        uint256 supersededBy;
        uint64 recordedAt;
        address recordedBy;
        Settlement settlement;
    }

    /// @notice Running totals for one currency.
    /// @param exponent The currency's ISO 4217 minor unit, fixed by its first record.
    /// @param activeRecords Records in this currency that are not superseded.
    /// @param recordedMinor Sum of `amountMinor` over records that are not superseded.
    /// @param settledMinor Sum of `amountMinor` over settled records (settled records are never superseded).
    /// @param netGrams Sum of `netGrams` over records that are not superseded.
    /// @param paidWei Native currency paid on-chain when settling records in this currency.
    struct CurrencyTotals {
        uint8 exponent;
        uint64 activeRecords;
        uint256 recordedMinor;
        uint256 settledMinor;
        uint256 netGrams;
        uint256 paidWei;
    }

    // ------------------------------------------------------------------ errors

    /// @notice The ledger was constructed with a ticket contract address that holds no code.
    error DonationInvalidTicketContract(address ticket);

    /// @notice The ledger was constructed with the zero address as admin.
    error DonationInvalidAdmin(address admin);

    /// @notice No donation has this id (ids start at 1).
    error DonationUnknown(uint256 id, uint256 count);

    /// @notice The ticket count is zero or more than the tickets issued.
    error DonationInvalidTicketCount(uint256 ticketCount, uint256 ticketsIssued);

    /// @notice The snapshot block is after the current block.
    error DonationSnapshotInFuture(uint256 snapshotBlock, uint256 currentBlock);

    /// @notice The currency code is not three upper-case ASCII letters.
    error DonationInvalidCurrency(bytes3 currency);

    /// @notice The currency exponent is above 18.
    error DonationInvalidCurrencyExponent(bytes3 currency, uint8 exponent);

    /// @notice The currency was first recorded with another exponent.
    error DonationCurrencyExponentMismatch(bytes3 currency, uint8 expected, uint8 given);

    /// @notice The rate is zero.
    error DonationInvalidRate(uint256 rate);

    /// @notice The net grams are not `max(avoidedGrams - digitalGrams, 0)`.
    error DonationNetMismatch(uint256 expected, uint256 given);

    /// @notice The amount does not follow from the rate (see the contract description).
    error DonationAmountMismatch(uint256 expected, uint256 given);

    /// @notice The methodology hash or the inputs hash is zero.
    error DonationMissingEvidence(bytes32 methodologyHash, bytes32 inputsHash);

    /// @notice The recipient has no name.
    error DonationEmptyRecipientName();

    /// @notice The donation was already settled.
    error DonationAlreadySettled(uint256 id, uint256 settledAt);

    /// @notice The donation was already superseded.
    error DonationAlreadySuperseded(uint256 id, uint256 supersededBy);

    /// @notice Settlement needs a receipt hash.
    error DonationMissingReceipt(uint256 id);

    /// @notice A payment was sent with the settlement but the recipient has no account.
    error DonationNoRecipientAccount(uint256 id, uint256 value);

    /// @notice The recipient's account did not accept the payment (it reverted or ran out of gas).
    error DonationPaymentFailed(uint256 id, address account, uint256 value);

    // ------------------------------------------------------------------ events

    /// @notice Donation `id` was recorded (`supersedes` is the id it corrects, or 0). `record` is the full record.
    event DonationRecorded(
        uint256 indexed id,
        bytes32 indexed methodologyHash,
        address indexed recipientAccount,
        uint256 supersedes,
        DonationRecord record
    );

    /// @notice Donation `id` was superseded by the corrected donation `replacementId`.
    event DonationSuperseded(uint256 indexed id, uint256 indexed replacementId);

    /// @notice Donation `id` was settled; `paidWei` went to `recipientAccount` in the same transaction.
    event DonationSettled(
        uint256 indexed id,
        address indexed recipientAccount,
        bytes32 indexed receiptHash,
        bytes32 paymentRef,
        bytes3 currency,
        uint256 amountMinor,
        uint256 paidWei,
        string receiptURI
    );

    // ------------------------------------------------------------------ treasurer

    /// @notice Records a donation. Treasurer role. Emits {DonationRecorded}.
    /// @param record The donation; checked as described in the contract description.
    /// @return id The new donation's id (1, 2, …).
    function record(DonationRecord calldata record) external returns (uint256 id);

    /// @notice Records a corrected donation that replaces donation `id`, which must be neither settled nor
    /// superseded. Treasurer role. Emits {DonationRecorded} and {DonationSuperseded}.
    /// @param id The donation to correct.
    /// @param record The corrected donation.
    /// @return replacementId The new donation's id.
    function supersede(uint256 id, DonationRecord calldata record) external returns (uint256 replacementId);

    /// @notice Settles donation `id` with the charity's receipt, and pays `msg.value` (if any) to the
    /// recipient's account in the same transaction. Treasurer role. Emits {DonationSettled}.
    /// @dev The recipient's account is called last, with all remaining gas and without copying its return
    /// data; it cannot re-enter the ledger. If it reverts, nothing is settled ({DonationPaymentFailed}).
    /// @param id The donation to settle (not settled, not superseded).
    /// @param receiptHash SHA-256 of the receipt (not zero).
    /// @param paymentRef Payment reference (transaction hash, or SHA-256 of a bank reference).
    /// @param receiptURI Where the receipt is published (may be empty).
    function settle(uint256 id, bytes32 receiptHash, bytes32 paymentRef, string calldata receiptURI) external payable;

    // ------------------------------------------------------------------ views

    /// @notice The ticket contract whose donations this ledger records.
    function ticket() external view returns (address);

    /// @notice How many donations were recorded (the largest id).
    function donationCount() external view returns (uint256);

    /// @notice Donation `id`. Reverts with {DonationUnknown} if there is none.
    function donation(uint256 id) external view returns (Donation memory);

    /// @notice Donations `fromId` .. `fromId + limit - 1` (fewer at the end of the list).
    /// @param fromId First id (at least 1).
    /// @param limit Most donations to return.
    function donations(uint256 fromId, uint256 limit) external view returns (Donation[] memory);

    /// @notice Every currency recorded so far, in first-recorded order.
    function currencies() external view returns (bytes3[] memory);

    /// @notice The running totals of `currency` (all zero if never recorded).
    function totals(bytes3 currency) external view returns (CurrencyTotals memory);
}
