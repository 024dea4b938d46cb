// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {IERC721Metadata} from "@openzeppelin/contracts/token/ERC721/extensions/IERC721Metadata.sol";
import {IERC721Errors} from "@openzeppelin/contracts/interfaces/draft-IERC6093.sol";

/// @notice The surface the shared ERC-721 conformance suite tests (ERC-721 + Metadata + ERC-165, EIP-6093 errors),
/// so the suite can run against any implementation by address.
// solhint-disable-next-line no-empty-blocks
interface IERC721Conformance is IERC721Metadata, IERC721Errors {}
