// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ITicketRenderer} from "./ITicketRenderer.sol";

/// @title IPapercutTicket
/// @notice The e-tickets of one event: an ERC-721 with a fixed supply cap, token IDs 1..cap (a ticket's
/// number is its token ID), batch issuance that is safe to retry, metadata delegated to a replaceable
/// renderer until frozen, ERC-2981 royalties, ERC-4906 metadata updates and ERC-7572 contract metadata.
interface IPapercutTicket {
    // ------------------------------------------------------------------ errors

    /// @notice The deployment named a supply cap of zero.
    error TicketInvalidCap(uint256 cap);

    /// @notice The deployment named the zero address as admin.
    error TicketInvalidAdmin(address admin);

    /// @notice An issuance batch named no recipient.
    error TicketEmptyBatch();

    /// @notice An issuance batch asks for more tickets than remain under the cap.
    /// @param requested Tickets in the batch.
    /// @param remaining Tickets still available (`cap - totalMinted`).
    error TicketSupplyExceeded(uint256 requested, uint256 remaining);

    /// @notice An issuance batch expected to start at another token ID: it was already applied (a replay)
    /// or an earlier batch is missing. Nothing is minted.
    /// @param expectedFirstId The first token ID the caller expected.
    /// @param nextTokenId The token ID the contract would mint next.
    error TicketBatchOutOfOrder(uint256 expectedFirstId, uint256 nextTokenId);

    /// @notice Metadata was frozen by the admin; renderer, base URI and contract URI can no longer change.
    error TicketMetadataIsFrozen();

    // ------------------------------------------------------------------ events

    /// @notice Tickets `firstTokenId` .. `firstTokenId + count - 1` were issued in one batch.
    event TicketsIssued(uint256 indexed firstTokenId, uint256 count, address indexed operator);

    /// @notice The renderer that `tokenURI` delegates to changed (zero: fall back to the base URI).
    event RendererUpdated(address indexed renderer);

    /// @notice The fallback base URI changed.
    event BaseURIUpdated(string baseURI);

    /// @notice Metadata was frozen for good.
    event MetadataFrozen();

    /// @notice The default royalty changed (ERC-2981).
    event DefaultRoyaltyUpdated(address indexed receiver, uint96 feeNumerator);

    /// @notice ERC-7572: the collection metadata at `contractURI()` changed.
    event ContractURIUpdated();

    /// @notice The donation ledger this event's carbon-offset donations are recorded in changed.
    event DonationLedgerUpdated(address indexed ledger);

    // ------------------------------------------------------------------ issuance

    /// @notice Issues the next `recipients.length` tickets, one to each recipient in order (a recipient
    /// listed twice gets two tickets). Safe to retry: the batch must start at `expectedFirstId`, so a
    /// replay of an applied batch reverts with {TicketBatchOutOfOrder} instead of minting twice.
    /// @dev Requires the minter role and the contract not paused. A batch of at least `ROSTER_MIN_BATCH`
    /// recipients is written as one compact roster (see {IERC721Roster}): up to 1,266 recipients sorted ascending
    /// (duplicates adjacent), else it reverts with {IERC721Roster-ERC721RosterUnsorted} or
    /// {IERC721Roster-ERC721RosterInvalidSize}, and it emits {IERC721Roster-RosterWritten}. A smaller batch (claims,
    /// top-ups) is minted to ordinary storage in any order, so that small batches cannot multiply the rosters
    /// every `balanceOf` searches. The zero address reverts with `ERC721InvalidReceiver`. Tickets are minted
    /// without the ERC-721 receiver callback, so one contract recipient can neither block nor re-enter a batch.
    /// Emits one `Transfer` per ticket and {TicketsIssued}.
    /// @param expectedFirstId The token ID the first recipient must receive (`totalMinted() + 1`).
    /// @param recipients The ticket holders, sorted ascending; token IDs follow this order.
    /// @return firstTokenId Equal to `expectedFirstId`.
    function airdrop(uint256 expectedFirstId, address[] calldata recipients) external returns (uint256 firstTokenId);

    /// @notice The supply cap fixed at deployment.
    function cap() external view returns (uint256);

    /// @notice How many tickets were ever issued (token IDs 1..totalMinted exist unless burned).
    function totalMinted() external view returns (uint256);

    /// @notice The token ID the next issued ticket will get (`totalMinted() + 1`).
    function nextTokenId() external view returns (uint256);

    // ------------------------------------------------------------------ metadata

    /// @notice The renderer `tokenURI` delegates to, or zero.
    function renderer() external view returns (ITicketRenderer);

    /// @notice The fallback base URI used when no renderer is set.
    function baseURI() external view returns (string memory);

    /// @notice Whether metadata was frozen.
    function metadataFrozen() external view returns (bool);

    /// @notice Sets the renderer (zero to fall back to the base URI). Metadata role; not after freezing.
    /// Emits {RendererUpdated} and ERC-4906 `BatchMetadataUpdate` over every token ID.
    function setRenderer(ITicketRenderer newRenderer) external;

    /// @notice Sets the fallback base URI. Metadata role; not after freezing.
    /// Emits {BaseURIUpdated} and ERC-4906 `BatchMetadataUpdate` over every token ID.
    function setBaseURI(string calldata newBaseURI) external;

    /// @notice ERC-7572 collection metadata URI: the one set, or when none is, the renderer's collection metadata
    /// (`ICollectionRenderer.collectionURI`, with this ticket's royalty), or empty.
    function contractURI() external view returns (string memory);

    /// @notice Sets the ERC-7572 collection metadata URI. Metadata role; not after freezing.
    function setContractURI(string calldata newContractURI) external;

    /// @notice Freezes renderer, base URI and contract URI for good. Admin only; one-way.
    function freezeMetadata() external;

    // ------------------------------------------------------------------ donation

    /// @notice The contract that records this event's carbon-offset donations, or zero if none yet.
    /// Auditors start from the ticket contract's address and follow this pointer.
    function donationLedger() external view returns (address);

    /// @notice Points to the donation ledger. Admin only. Emits {DonationLedgerUpdated}.
    function setDonationLedger(address ledger) external;

    // ------------------------------------------------------------------ operations

    /// @notice Sets the default ERC-2981 royalty (fee in basis points of 10,000). Admin only.
    function setDefaultRoyalty(address receiver, uint96 feeNumerator) external;

    /// @notice Stops transfers and issuance (incident response). Admin only.
    function pause() external;

    /// @notice Resumes transfers and issuance. Admin only.
    function unpause() external;
}
