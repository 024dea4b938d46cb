// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";

import {ERC721RosterMock} from "../../contracts/mocks/ERC721RosterMock.sol";

/// @dev Drives {ERC721RosterMock} with rosters (heavy holders, gaps), storage mints (new and burned IDs), transfers
/// and burns, and keeps a plain reference model of every ticket's owner and every actor's balance.
contract RosterModelHandler is Test {
    ERC721RosterMock public immutable token;
    /// @dev Sorted ascending; spread over buckets, some sharing their last 19 bytes across buckets.
    address[] public actors;

    uint256 public nextId = 1;
    mapping(uint256 tokenId => address) public modelOwner;
    mapping(address owner => uint256) public modelBalance;
    uint256 public calls;
    uint256 public succeeded;
    /// @dev Tickets moved off or burned while still on their roster (the paths the stored balance offsets).
    uint256 public rosterDepartures;

    mapping(uint256 tokenId => bool) private _onRoster;

    constructor(ERC721RosterMock token_, address[] memory actors_) {
        token = token_;
        actors = actors_;
    }

    function actorCount() external view returns (uint256) {
        return actors.length;
    }

    /// @dev A roster of 1..64 recipients: a non-decreasing walk over the actors that lingers (a heavy holder).
    function writeRoster(uint256 seed, uint8 rawSize, bool gap) external {
        ++calls;
        uint256 size = 1 + (rawSize % 64);
        address[] memory list = new address[](size);
        uint256 at = seed % actors.length;
        for (uint256 i = 0; i < size; ++i) {
            if (uint256(keccak256(abi.encode(seed, i))) % 4 == 0 && at + 1 < actors.length) ++at;
            list[i] = actors[at];
        }
        uint256 first = gap ? nextId + 1 + (seed % 3) : nextId;
        token.writeRoster(first, list);
        for (uint256 i = 0; i < size; ++i) {
            modelOwner[first + i] = list[i];
            ++modelBalance[list[i]];
            _onRoster[first + i] = true;
        }
        nextId = first + size;
        ++succeeded;
    }

    /// @dev A storage mint: the next ID, or an unused one (a gap or a burned ticket) below it.
    function mint(uint256 idSeed, uint256 toSeed) external {
        ++calls;
        uint256 tokenId = idSeed % 2 == 0 ? nextId : 1 + (idSeed % nextId);
        if (modelOwner[tokenId] != address(0)) return;
        address to = actors[toSeed % actors.length];
        token.mint(to, tokenId);
        modelOwner[tokenId] = to;
        ++modelBalance[to];
        _onRoster[tokenId] = false;
        if (tokenId == nextId) ++nextId;
        ++succeeded;
    }

    function transfer(uint256 idSeed, uint256 toSeed) external {
        ++calls;
        uint256 tokenId = 1 + (idSeed % nextId);
        address from = modelOwner[tokenId];
        if (from == address(0)) return;
        address to = actors[toSeed % actors.length];
        vm.prank(from);
        token.transferFrom(from, to, tokenId);
        modelOwner[tokenId] = to;
        --modelBalance[from];
        ++modelBalance[to];
        _departed(tokenId);
        ++succeeded;
    }

    function burn(uint256 idSeed) external {
        ++calls;
        uint256 tokenId = 1 + (idSeed % nextId);
        address from = modelOwner[tokenId];
        if (from == address(0)) return;
        vm.prank(from);
        token.burn(tokenId);
        modelOwner[tokenId] = address(0);
        --modelBalance[from];
        _departed(tokenId);
        ++succeeded;
    }

    function _departed(uint256 tokenId) private {
        if (_onRoster[tokenId]) {
            _onRoster[tokenId] = false;
            ++rosterDepartures;
        }
    }
}

/// @dev `ownerOf` and `balanceOf` of a roster token agree with a reference model after any sequence of rosters,
/// storage mints, transfers and burns.
contract ERC721RosterInvariantTest is Test {
    ERC721RosterMock internal token;
    RosterModelHandler internal handler;

    function setUp() public {
        address[] memory actors = new address[](7);
        actors[0] = address(0x1000);
        actors[1] = address(0x2000);
        actors[2] = address((uint160(0x01) << 152) | 0x1000);
        actors[3] = address((uint160(0x01) << 152) | 0x1001);
        actors[4] = address((uint160(0x7f) << 152) | 0x2000);
        actors[5] = address((uint160(0xfe) << 152) | 0x1000);
        actors[6] = address((uint160(0xff) << 152) | 0x1000);
        token = new ERC721RosterMock("Roster", "R");
        handler = new RosterModelHandler(token, actors);
        targetContract(address(handler));
        handler.writeRoster(3, 40, false); // every run starts with roster tickets to move and burn
    }

    function invariant_OwnerOfMatchesTheModel() public view {
        uint256 end = handler.nextId();
        for (uint256 id = 0; id < end + 2; ++id) {
            address expected = handler.modelOwner(id);
            if (expected == address(0)) {
                // Unused, a gap or burned: nonexistent.
                try token.ownerOf(id) returns (address owner) {
                    assertEq(owner, address(0), "a ticket exists that the model does not have");
                } catch {}
            } else {
                assertEq(token.ownerOf(id), expected, "ownerOf differs from the model");
            }
        }
    }

    function invariant_BalanceOfMatchesTheModel() public view {
        for (uint256 i = 0; i < handler.actorCount(); ++i) {
            address actor = handler.actors(i);
            assertEq(token.balanceOf(actor), handler.modelBalance(actor), "balanceOf differs from the model");
        }
        // Not an actor, but its last 19 bytes are actors[0]'s (bucket 0x02): it never holds anything.
        assertEq(token.balanceOf(address((uint160(0x02) << 152) | 0x1000)), 0);
    }

    /// @dev Progress: the invariants above mean nothing if every call reverted or no roster ticket ever left.
    function afterInvariant() public view {
        assertGt(handler.succeeded(), 0, "every handler call failed");
        assertGt(token.rosterCount(), 0, "no roster was written");
        assertGt(handler.rosterDepartures(), 0, "no roster ticket was moved or burned");
    }
}
