// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITicketRenderer, TicketState} from "../interfaces/ITicketRenderer.sol";

/// @title TokenUriGasProbe
/// @notice Bench helper: measures the gas of many `tokenURI` calls in one `eth_call`, so that all 5,000
/// tickets can be measured in minutes. Each call is a bare STATICCALL whose result is not copied back, so
/// the figure is the renderer's execution plus the call's own fixed cost (see `bench/art-gas.ts`, which
/// calibrates it against standalone `eth_estimateGas`).
contract TokenUriGasProbe {
    /// @notice Gas used by `renderer.tokenURI(id, state)` for ids firstId..firstId+count-1 (0 if it failed).
    function measure(
        ITicketRenderer renderer,
        uint256 firstId,
        uint256 count,
        TicketState state
    ) external view returns (uint256[] memory gasUsed) {
        gasUsed = new uint256[](count);
        for (uint256 i = 0; i < count; ++i) {
            bytes memory data = abi.encodeCall(ITicketRenderer.tokenURI, (firstId + i, state));
            uint256 before = gasleft();
            bool ok;
            /// @solidity memory-safe-assembly
            assembly {
                ok := staticcall(gas(), renderer, add(data, 0x20), mload(data), 0, 0)
            }
            uint256 used = before - gasleft();
            gasUsed[i] = ok ? used : 0;
        }
    }
}
