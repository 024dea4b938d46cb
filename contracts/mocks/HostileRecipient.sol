// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IDonationLedger} from "../interfaces/IDonationLedger.sol";

/// @title HostileRecipient
/// @notice Test double: a charity account that misbehaves when a donation ledger pays it.
/// @dev Only for tests. Each mode is one way a recipient can attack or break a settlement.
contract HostileRecipient {
    /// @notice How the recipient behaves when paid.
    enum Mode {
        Accept,
        Reject,
        ReenterSettle,
        ReenterRecord,
        ReenterSupersede,
        BurnGas,
        ReturnBomb,
        RevertBomb
    }

    /// @notice Raised in {Mode.Reject}.
    error HostileRecipientRejected();

    /// @notice The current behaviour.
    Mode public mode;
    /// @notice The ledger to re-enter.
    IDonationLedger public ledger;
    /// @notice The donation id used when re-entering.
    uint256 public targetId;
    /// @notice A record to submit when re-entering `record` or `supersede`.
    IDonationLedger.DonationRecord private _payload;
    /// @notice Whether the last re-entry attempt succeeded.
    bool public reentrySucceeded;
    /// @notice The selector of the error the last re-entry attempt reverted with.
    bytes4 public reentryError;
    /// @notice Native currency received in total.
    uint256 public received;

    /// @notice Sets the behaviour.
    function configure(Mode mode_, IDonationLedger ledger_, uint256 targetId_) external {
        mode = mode_;
        ledger = ledger_;
        targetId = targetId_;
    }

    /// @notice Sets the record submitted when re-entering `record` or `supersede`.
    function setPayload(IDonationLedger.DonationRecord calldata payload) external {
        _payload = payload;
    }

    // A complex receive is the point of this test double.
    // solhint-disable-next-line no-complex-fallback
    receive() external payable {
        Mode m = mode;
        if (m == Mode.Reject) revert HostileRecipientRejected();
        if (m == Mode.BurnGas) {
            // solhint-disable-next-line no-empty-blocks
            while (true) {}
        }
        if (m == Mode.RevertBomb) {
            assembly ("memory-safe") {
                revert(0, 1000000)
            }
        }
        received += msg.value;
        if (m == Mode.ReenterSettle) {
            try ledger.settle(targetId, keccak256("again"), bytes32(0), "") {
                reentrySucceeded = true;
            } catch (bytes memory reason) {
                reentryError = bytes4(reason);
            }
        } else if (m == Mode.ReenterRecord) {
            try ledger.record(_payload) {
                reentrySucceeded = true;
            } catch (bytes memory reason) {
                reentryError = bytes4(reason);
            }
        } else if (m == Mode.ReenterSupersede) {
            try ledger.supersede(targetId, _payload) {
                reentrySucceeded = true;
            } catch (bytes memory reason) {
                reentryError = bytes4(reason);
            }
        } else if (m == Mode.ReturnBomb) {
            assembly ("memory-safe") {
                return(0, 1000000)
            }
        }
    }
}
