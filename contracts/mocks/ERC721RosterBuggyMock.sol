// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";

import {ERC721RosterMock} from "./ERC721RosterMock.sol";

/// @notice Test double with a deliberately seeded bug, to show that the differential harness catches one:
/// some moves of a ticket still on its roster skip the roster bookkeeping of {ERC721Roster-_update}.
contract ERC721RosterBuggyMock is ERC721RosterMock {
    /// @notice Which bug is seeded.
    enum Bug {
        // Burning a ticket still on its roster does not record the burn: the roster resurrects the ticket.
        BurnNotRecorded,
        // A ticket leaving its roster is also credited to its recipient's stored balance (which the roster's
        // place already offsets, see {ERC721Roster-balanceOf}): the recipient's balance stays one too high.
        DepartureCredited,
        // A ticket leaving its roster always skips the approval clear (not only while no roster ticket was
        // approved): an approval given while it was on its roster survives the move.
        ApprovalKeptOnDeparture
    }

    Bug private immutable _bug;

    constructor(Bug bug) ERC721RosterMock("Buggy", "BUG") {
        _bug = bug;
    }

    function _update(address to, uint256 tokenId, address auth) internal override returns (address) {
        address rosterOwner = ERC721._ownerOf(tokenId) == address(0) ? _ownerOf(tokenId) : address(0);
        if (rosterOwner != address(0)) {
            if (_bug == Bug.BurnNotRecorded && to == address(0)) return ERC721._update(to, tokenId, auth);
            if (_bug == Bug.DepartureCredited) _increaseBalance(rosterOwner, 1);
        }
        return super._update(to, tokenId, auth);
    }

    function _approve(address to, uint256 tokenId, address auth, bool emitEvent) internal override {
        bool departing = to == address(0) && !emitEvent && ERC721._ownerOf(tokenId) == address(0);
        if (_bug == Bug.ApprovalKeptOnDeparture && departing) return;
        super._approve(to, tokenId, auth, emitEvent);
    }
}
