// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {ERC2981} from "@openzeppelin/contracts/token/common/ERC2981.sol";
import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {Pausable} from "@openzeppelin/contracts/utils/Pausable.sol";
import {Strings} from "@openzeppelin/contracts/utils/Strings.sol";
import {IERC4906} from "@openzeppelin/contracts/interfaces/IERC4906.sol";
import {IERC165} from "@openzeppelin/contracts/utils/introspection/IERC165.sol";

import {IERC5192} from "./interfaces/IERC5192.sol";
import {IPapercutTicket} from "./interfaces/IPapercutTicket.sol";
import {TransferPolicy} from "./interfaces/ITicketLifecycle.sol";
import {ERC721Roster} from "./token/ERC721Roster.sol";
import {ICollectionRenderer, ITicketRenderer, TicketState} from "./interfaces/ITicketRenderer.sol";
import {TicketLifecycle} from "./token/TicketLifecycle.sol";

/// @title PapercutTicket
/// @notice The e-tickets of one event, with papercut art rendered on-chain by a separate renderer.
/// @dev Every ownership change goes through the single policy hook {_update}, except issuance of a large batch by
/// {airdrop}, which is written as a compact roster ({ERC721Roster}) with the mint policy (role, pause, cap, order)
/// applied by {airdrop} itself. Batches below {ROSTER_MIN_BATCH} are minted to storage through {_update}, so that
/// there are at most `cap / ROSTER_MIN_BATCH` rosters for `balanceOf` to search. The gate check-in and life cycle
/// (states, transfer policy, void and reissue) live in {TicketLifecycle}.
///
/// The pause flag and the "some ticket has life-cycle flags" flag live in the roster head ({ERC721Roster-_sharedFlags})
/// instead of slots of their own: a roster ticket's first transfer reads that slot anyway.
contract PapercutTicket is ERC721Roster, ERC2981, AccessControl, Pausable, IERC4906, TicketLifecycle, IPapercutTicket {
    using Strings for uint256;

    /// @notice Issues tickets.
    bytes32 public constant MINTER_ROLE = keccak256("MINTER_ROLE");
    /// @notice Changes renderer, base URI and contract URI until metadata is frozen.
    bytes32 public constant METADATA_ROLE = keccak256("METADATA_ROLE");

    /// @notice Batches of at least this many recipients are written as a compact roster; smaller ones (claims,
    /// top-ups) are minted to storage. Every roster adds one cold code read (2,600 gas and more) to every
    /// `balanceOf`, so rosters must stay few: at most `cap / ROSTER_MIN_BATCH`. For the issuer a roster is
    /// cheaper from 4 recipients on (below that, the 514-byte header dominates; `npm run bench:roster-threshold`), so
    /// the threshold only bounds the rosters; 256 sits just above the largest storage batch that fits 75% of a
    /// transaction (254 tickets), so a planner that doubles its batch once from there finds the roster.
    uint256 public constant ROSTER_MIN_BATCH = 256;

    /// @dev Bits of {ERC721Roster-_sharedFlags}: paused; some ticket was checked in or voided; the admin moved the
    /// event window since deployment.
    uint256 private constant _PAUSED_FLAG = 1;
    uint256 private constant _TICKET_FLAGS_FLAG = 2;
    uint256 private constant _WINDOW_MOVED_FLAG = 4;

    uint256 private immutable _cap;
    uint256 private _minted;

    ITicketRenderer private _renderer;
    string private _baseTokenURI;
    string private _contractURI;
    bool private _metadataFrozen;
    address private _donationLedger;

    /// @param name_ Collection name.
    /// @param symbol_ Collection symbol.
    /// @param cap_ Supply cap (token IDs 1..cap_), at least 1.
    /// @param admin Receives the admin, minter, metadata and gate roles.
    /// @param royaltyReceiver Default ERC-2981 royalty receiver (may be zero when the fee is zero).
    /// @param royaltyFeeBps Default royalty in basis points (0..10,000).
    /// @param baseURI_ Fallback base URI (`baseURI_ + tokenId`) used while no renderer is set.
    /// @param contractURI_ ERC-7572 collection metadata URI.
    /// @param eventStart_ When the event starts (Unix seconds); the admin may change it until then.
    /// @param eventEnd_ When it ends; tickets are souvenirs from then on.
    /// @param transferPolicy_ Who may transfer tickets, and when (fixed for good).
    constructor(
        string memory name_,
        string memory symbol_,
        uint256 cap_,
        address admin,
        address royaltyReceiver,
        uint96 royaltyFeeBps,
        string memory baseURI_,
        string memory contractURI_,
        uint64 eventStart_,
        uint64 eventEnd_,
        TransferPolicy transferPolicy_
    ) ERC721(name_, symbol_) TicketLifecycle(eventStart_, eventEnd_, transferPolicy_) {
        if (cap_ == 0) revert TicketInvalidCap(cap_);
        if (admin == address(0)) revert TicketInvalidAdmin(admin);
        _cap = cap_;
        _grantRole(DEFAULT_ADMIN_ROLE, admin);
        _grantRole(MINTER_ROLE, admin);
        _grantRole(METADATA_ROLE, admin);
        _grantRole(GATE_ROLE, admin);
        if (royaltyReceiver != address(0) || royaltyFeeBps != 0) {
            _setDefaultRoyalty(royaltyReceiver, royaltyFeeBps);
        }
        _baseTokenURI = baseURI_;
        _contractURI = contractURI_;
    }

    // ------------------------------------------------------------------ issuance

    /// @inheritdoc IPapercutTicket
    function airdrop(
        uint256 expectedFirstId,
        address[] calldata recipients
    ) external onlyRole(MINTER_ROLE) whenNotPaused returns (uint256 firstTokenId) {
        uint256 count = recipients.length;
        if (count == 0) revert TicketEmptyBatch();
        uint256 minted = _minted;
        firstTokenId = minted + 1;
        if (expectedFirstId != firstTokenId) revert TicketBatchOutOfOrder(expectedFirstId, firstTokenId);
        uint256 remaining = _cap - minted;
        if (count > remaining) revert TicketSupplyExceeded(count, remaining);
        _minted = minted + count;
        if (count < ROSTER_MIN_BATCH) {
            // Storage mints through {_update}: the same `Transfer` events, pause and life-cycle policy.
            for (uint256 i = 0; i < count; ++i) {
                // Cannot overflow: firstTokenId + i <= cap.
                unchecked {
                    _mint(recipients[i], firstTokenId + i);
                }
            }
        } else {
            _writeRoster(firstTokenId, recipients);
        }
        emit TicketsIssued(firstTokenId, count, _msgSender());
    }

    /// @inheritdoc IPapercutTicket
    function cap() external view returns (uint256) {
        return _cap;
    }

    /// @inheritdoc IPapercutTicket
    function totalMinted() external view returns (uint256) {
        return _minted;
    }

    /// @inheritdoc IPapercutTicket
    function nextTokenId() external view returns (uint256) {
        return _minted + 1;
    }

    // ------------------------------------------------------------------ metadata

    /// @notice The metadata URI of a ticket: from the renderer when one is set, else `baseURI + tokenId`.
    function tokenURI(uint256 tokenId) public view override returns (string memory) {
        _requireOwned(tokenId);
        ITicketRenderer r = _renderer;
        if (address(r) != address(0)) return r.tokenURI(tokenId, _stateOf(tokenId));
        string memory base = _baseTokenURI;
        return bytes(base).length == 0 ? "" : string.concat(base, tokenId.toString());
    }

    /// @inheritdoc IPapercutTicket
    function renderer() external view returns (ITicketRenderer) {
        return _renderer;
    }

    /// @inheritdoc IPapercutTicket
    function baseURI() external view returns (string memory) {
        return _baseTokenURI;
    }

    /// @inheritdoc IPapercutTicket
    function metadataFrozen() external view returns (bool) {
        return _metadataFrozen;
    }

    /// @inheritdoc IPapercutTicket
    function setRenderer(ITicketRenderer newRenderer) external onlyRole(METADATA_ROLE) {
        _requireMetadataNotFrozen();
        _renderer = newRenderer;
        emit RendererUpdated(address(newRenderer));
        emit ContractURIUpdated();
        _emitAllMetadataUpdated();
    }

    /// @inheritdoc IPapercutTicket
    function setBaseURI(string calldata newBaseURI) external onlyRole(METADATA_ROLE) {
        _requireMetadataNotFrozen();
        _baseTokenURI = newBaseURI;
        emit BaseURIUpdated(newBaseURI);
        _emitAllMetadataUpdated();
    }

    /// @inheritdoc IPapercutTicket
    function contractURI() external view returns (string memory) {
        string memory uri = _contractURI;
        address r = address(_renderer);
        if (bytes(uri).length != 0 || r == address(0)) return uri;
        // No URI of its own: the renderer's collection metadata, if it writes one, with this ticket's royalty.
        (address receiver, uint256 bps) = royaltyInfo(0, 10_000);
        try ICollectionRenderer(r).collectionURI(receiver, bps) returns (string memory fromRenderer) {
            return fromRenderer;
        } catch {
            return uri;
        }
    }

    /// @inheritdoc IPapercutTicket
    function setContractURI(string calldata newContractURI) external onlyRole(METADATA_ROLE) {
        _requireMetadataNotFrozen();
        _contractURI = newContractURI;
        emit ContractURIUpdated();
    }

    /// @inheritdoc IPapercutTicket
    function freezeMetadata() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _requireMetadataNotFrozen();
        _metadataFrozen = true;
        emit MetadataFrozen();
    }

    // ------------------------------------------------------------------ donation

    /// @inheritdoc IPapercutTicket
    function donationLedger() external view returns (address) {
        return _donationLedger;
    }

    /// @inheritdoc IPapercutTicket
    function setDonationLedger(address ledger) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _donationLedger = ledger;
        emit DonationLedgerUpdated(ledger);
    }

    // ------------------------------------------------------------------ operations

    /// @inheritdoc IPapercutTicket
    function setDefaultRoyalty(address receiver, uint96 feeNumerator) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setDefaultRoyalty(receiver, feeNumerator);
        emit DefaultRoyaltyUpdated(receiver, feeNumerator);
    }

    /// @inheritdoc IPapercutTicket
    function pause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _pause();
    }

    /// @inheritdoc IPapercutTicket
    function unpause() external onlyRole(DEFAULT_ADMIN_ROLE) {
        _unpause();
    }

    /// @notice Whether the contract is paused (kept in the roster head, not in {Pausable}'s own slot).
    function paused() public view override returns (bool) {
        return _sharedFlags() & _PAUSED_FLAG != 0;
    }

    /// @inheritdoc IERC165
    function supportsInterface(
        bytes4 interfaceId
    ) public view override(ERC721, ERC2981, AccessControl, IERC165) returns (bool) {
        return
            interfaceId == bytes4(0x49064906) ||
            interfaceId == type(IERC5192).interfaceId ||
            super.supportsInterface(interfaceId);
    }

    // ------------------------------------------------------------------ policy

    /// @dev The one policy hook: every mint, transfer and burn passes here. Nothing moves while paused, and a
    /// holder cannot move a ticket its life cycle locks, and a holder's move inside the event window is recorded
    /// for check-in (see {TicketLifecycle-_applyTransferPolicy}).
    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        uint256 shared = _sharedFlags();
        if (shared & _PAUSED_FLAG != 0) revert EnforcedPause();
        _applyTransferPolicy(tokenId, auth, shared & _TICKET_FLAGS_FLAG != 0, shared & _WINDOW_MOVED_FLAG != 0);
        return super._update(to, tokenId, auth);
    }

    /// @dev The life-cycle state reported to the renderer.
    function _stateOf(uint256 tokenId) internal view virtual returns (TicketState) {
        return ticketState(tokenId);
    }

    function _pause() internal override whenNotPaused {
        _setSharedFlags(_sharedFlags() | _PAUSED_FLAG);
        emit Paused(_msgSender());
    }

    function _unpause() internal override whenPaused {
        _setSharedFlags(_sharedFlags() & ~_PAUSED_FLAG);
        emit Unpaused(_msgSender());
    }

    function _ticketFlagsMayBeSet() internal view override returns (bool) {
        return _sharedFlags() & _TICKET_FLAGS_FLAG != 0;
    }

    function _ticketFlagsInUse() internal override {
        _setSharedFlags(_sharedFlags() | _TICKET_FLAGS_FLAG);
    }

    function _eventWindowMoved() internal view override returns (bool) {
        return _sharedFlags() & _WINDOW_MOVED_FLAG != 0;
    }

    function _eventWindowMovedHook() internal override {
        _setSharedFlags(_sharedFlags() | _WINDOW_MOVED_FLAG);
    }

    function _ticketOwner(uint256 tokenId) internal view override returns (address) {
        return _ownerOf(tokenId);
    }

    function _reissueTransfer(address from, address to, uint256 tokenId) internal override {
        _transfer(from, to, tokenId);
    }

    function _requireMetadataNotFrozen() private view {
        if (_metadataFrozen) revert TicketMetadataIsFrozen();
    }

    function _emitAllMetadataUpdated() private {
        emit BatchMetadataUpdate(1, type(uint256).max);
    }
}
