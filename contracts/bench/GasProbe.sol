// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

/// @notice Measures the call-level gas of a view: one STATICCALL from a contract, including the cold account
/// access of the target (2,600), as an on-chain consumer (e.g. token gating) would pay it. Use through
/// `eth_call`, so every account and slot starts cold.
contract GasProbe {
    /// @notice Gas consumed by `STATICCALL(target, data)` (return data is not copied).
    /// @param target The contract to call.
    /// @param data The calldata (selector and arguments).
    /// @return gasUsed Gas left before the call minus gas left after it.
    /// @return success Whether the call succeeded.
    function measure(address target, bytes calldata data) external view returns (uint256 gasUsed, bool success) {
        assembly ("memory-safe") {
            let ptr := mload(0x40)
            calldatacopy(ptr, data.offset, data.length)
            let before := gas()
            success := staticcall(gas(), target, ptr, data.length, 0, 0)
            gasUsed := sub(before, gas())
        }
    }
}
