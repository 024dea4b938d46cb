// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PapercutTicket} from "../../contracts/PapercutTicket.sol";
import {TransferPolicy} from "../../contracts/interfaces/ITicketLifecycle.sol";
import {IDonationLedger} from "../../contracts/interfaces/IDonationLedger.sol";

/// @dev Shared helpers of the ledger's Solidity tests: a ticket collection with issued tickets and
/// consistent records built from fuzzed numbers.
library DonationFixtures {
    /// @dev Deploys a ticket collection owned by `admin` (the caller must be `admin`) and issues `count` tickets.
    function ticketWith(address admin, uint256 count) internal returns (PapercutTicket ticket) {
        ticket = new PapercutTicket(
            "Papercut",
            "CUT",
            1000,
            admin,
            address(0),
            0,
            "",
            "",
            2_000_000_000,
            2_000_086_400,
            TransferPolicy.Transferable
        );
        address[] memory to = new address[](count);
        for (uint256 i = 0; i < count; ++i) {
            to[i] = address(uint160(0x1000 + i));
        }
        ticket.airdrop(1, to);
    }

    /// @dev `ceil(a / b)`.
    function ceilDiv(uint256 a, uint256 b) internal pure returns (uint256) {
        return a == 0 ? 0 : (a - 1) / b + 1;
    }

    /// @dev A record that passes the ledger's checks.
    function consistent(
        bool costSaved,
        uint64 ticketCount,
        uint64 avoided,
        uint64 digital,
        uint128 rate,
        bytes3 currency,
        uint8 exponent,
        address account
    ) internal view returns (IDonationLedger.DonationRecord memory r) {
        uint64 net = avoided > digital ? avoided - digital : 0;
        r.basis = costSaved ? IDonationLedger.Basis.CostSaved : IDonationLedger.Basis.CarbonPrice;
        r.ticketCount = ticketCount;
        r.snapshotBlock = uint64(block.number);
        r.issuanceGasUsed = uint64(ticketCount) * 30_000;
        r.avoidedGrams = avoided;
        r.digitalGrams = digital;
        r.netGrams = net;
        r.currency = currency;
        r.currencyExponent = exponent;
        r.rate = rate;
        r.amountMinor = uint128(costSaved ? uint256(ticketCount) * rate : ceilDiv(uint256(net) * rate, 1e6));
        r.methodologyHash = keccak256("methodology");
        r.inputsHash = keccak256(abi.encode(ticketCount, avoided, digital));
        r.methodologyURI = "ipfs://m";
        r.recipient = IDonationLedger.Recipient({name: "Charity", registryId: "CN-USCC:TEST", account: account});
    }
}
