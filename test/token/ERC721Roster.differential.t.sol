// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";
import {Vm} from "forge-std/Vm.sol";
import {IERC721} from "@openzeppelin/contracts/token/ERC721/IERC721.sol";

import {IERC721Roster} from "../../contracts/interfaces/IERC721Roster.sol";
import {ERC721ReceiverMock} from "../../contracts/mocks/ERC721ReceiverMock.sol";
import {ERC721ReferenceMock} from "../../contracts/mocks/ERC721ReferenceMock.sol";
import {ERC721RosterBuggyMock} from "../../contracts/mocks/ERC721RosterBuggyMock.sol";
import {ERC721RosterMock} from "../../contracts/mocks/ERC721RosterMock.sol";

/// @dev The surface both mocks share: ERC-721 plus issuance (a roster, or a loop of `_mint`) and burning.
interface IHarnessToken is IERC721 {
    function writeRoster(uint256 firstTokenId, address[] calldata recipients) external returns (address);

    function mint(address to, uint256 tokenId) external;

    function safeMint(address to, uint256 tokenId) external;

    function burn(uint256 tokenId) external;
}

/// @dev Differential harness: drives the same pseudo-random sequence of rosters (sorted, with duplicates, with gaps
/// between them), storage mints (plain and safe, new, existing and burned IDs), transfers, safe transfers (with and
/// without data, to EOAs, an accepting and a refusing receiver, and the zero address), approvals, operator approvals
/// and burns, by owners, approved accounts, operators and strangers, against a subject and a plain OpenZeppelin
/// ERC721. After every step it requires the same success or revert data, the same events (the subject's
/// `RosterWritten` aside) and the same `ownerOf` / `getApproved` of every ID in use, `balanceOf` of every actor
/// and `isApprovedForAll` of every pair.
abstract contract RosterDifferentialHarness is Test {
    /// @dev Sorted ascending (rosters draw non-decreasing walks over it).
    address[] internal actors;

    struct Outcome {
        bool same;
        string reason;
        uint256 step;
        uint256 succeeded;
    }

    function _setUpActors() internal {
        // Rosters bucket recipients by their first byte and store the other 19: two actors share bucket 0x00, and
        // three share their last 19 bytes across buckets 0x00, 0x01 and 0xff (a search must not confuse them).
        address[] memory list = new address[](7);
        list[0] = address(0x1000);
        list[1] = address(0x2000);
        list[2] = address((uint160(0x01) << 152) | 0x1000);
        list[3] = address((uint160(0xff) << 152) | 0x1000);
        list[4] = address((uint160(0x80) << 152) | 0x4000);
        list[5] = address(new ERC721ReceiverMock(ERC721ReceiverMock.Behaviour.Accept));
        list[6] = address(new ERC721ReceiverMock(ERC721ReceiverMock.Behaviour.RevertWithMessage));
        for (uint256 i = 1; i < list.length; ++i) {
            for (uint256 j = i; j > 0 && list[j - 1] > list[j]; --j) (list[j - 1], list[j]) = (list[j], list[j - 1]);
        }
        actors = list;
    }

    /// @dev Runs `steps` steps from `seed` on both tokens; stops at the first difference.
    function _run(
        IHarnessToken subject,
        IHarnessToken ref,
        uint256 seed,
        uint256 steps
    ) internal returns (Outcome memory out) {
        uint256 nextId = 1;
        for (uint256 step = 0; step < steps; ++step) {
            uint256 r = uint256(keccak256(abi.encode(seed, step)));
            address caller;
            bytes memory data;
            (caller, data, nextId) = _chooseAction(ref, r, nextId, step == 0);
            bool ok;
            (out.same, ok, out.reason) = _applyBoth(subject, ref, caller, data);
            if (ok) ++out.succeeded;
            if (out.same) (out.same, out.reason) = _compareState(subject, ref, nextId);
            if (!out.same) {
                out.step = step;
                out.reason = string.concat("step ", vm.toString(step), ": ", out.reason);
                return out;
            }
        }
    }

    // ------------------------------------------------------------------ actions

    function _chooseAction(
        IHarnessToken ref,
        uint256 r,
        uint256 nextId,
        bool first
    ) private view returns (address caller, bytes memory data, uint256) {
        uint256 kind = first ? 0 : r % 100;
        r >>= 8;
        if (kind < 14) {
            // A roster of 1..8 recipients (duplicates adjacent), after a gap of 0..2 unused IDs one time in three.
            if (r % 3 == 0) nextId += 1 + ((r >> 2) % 3);
            r >>= 8;
            address[] memory list = new address[](1 + (r % 8));
            r >>= 8;
            uint256 at = r % actors.length;
            for (uint256 i = 0; i < list.length; ++i) {
                r >>= 1;
                if (r % 2 == 1 && at + 1 < actors.length) ++at;
                list[i] = actors[at];
            }
            data = abi.encodeCall(IHarnessToken.writeRoster, (nextId, list));
            return (address(this), data, nextId + list.length);
        }
        if (kind < 22) {
            // A storage mint: mostly the next ID, else any ID in use (exists: rejected; burned or gap: minted).
            uint256 mintId = r % 10 < 7 ? nextId : (r >> 4) % nextId;
            address to = _actor(r >> 8);
            data =
                (r >> 16) % 2 == 0
                    ? abi.encodeCall(IHarnessToken.mint, (to, mintId))
                    : abi.encodeCall(IHarnessToken.safeMint, (to, mintId));
            return (address(this), data, mintId == nextId ? nextId + 1 : nextId);
        }
        uint256 tokenId = (r >> 8) % (nextId + 2);
        address owner = _ownerOr(ref, tokenId, _actor(r >> 16));
        if (kind < 58) {
            // A transfer of any kind, by the owner, the approved account or anyone; mostly from the owner.
            caller = _caller(ref, tokenId, owner, r >> 24);
            address from = (r >> 32) % 5 == 0 ? _actor(r >> 40) : owner;
            address to = (r >> 48) % 12 == 0 ? address(0) : _actor(r >> 56);
            uint256 how = (r >> 64) % 3;
            if (how == 0) data = abi.encodeCall(IERC721.transferFrom, (from, to, tokenId));
            else if (how == 1)
                data = abi.encodeWithSignature("safeTransferFrom(address,address,uint256)", from, to, tokenId);
            else
                data = abi.encodeWithSignature(
                    "safeTransferFrom(address,address,uint256,bytes)",
                    from,
                    to,
                    tokenId,
                    abi.encodePacked(r)
                );
            return (caller, data, nextId);
        }
        if (kind < 74) {
            caller = _caller(ref, tokenId, owner, r >> 24);
            address approved = (r >> 32) % 6 == 0 ? address(0) : _actor(r >> 40);
            return (caller, abi.encodeCall(IERC721.approve, (approved, tokenId)), nextId);
        }
        if (kind < 88) {
            address operator = (r >> 32) % 10 == 0 ? address(0) : _actor(r >> 40);
            data = abi.encodeCall(IERC721.setApprovalForAll, (operator, (r >> 48) % 3 != 0));
            return ((r >> 24) % 2 == 0 ? owner : _actor(r >> 56), data, nextId);
        }
        caller = _caller(ref, tokenId, owner, r >> 24);
        return (caller, abi.encodeCall(IHarnessToken.burn, (tokenId)), nextId);
    }

    function _actor(uint256 r) private view returns (address) {
        return actors[r % actors.length];
    }

    /// @dev The owner (3 in 6), the approved account (1 in 6, if any) or any actor (2 in 6).
    function _caller(IHarnessToken ref, uint256 tokenId, address owner, uint256 r) private view returns (address) {
        uint256 pick = r % 6;
        if (pick < 3) return owner;
        if (pick == 3) {
            try ref.getApproved(tokenId) returns (address approved) {
                if (approved != address(0)) return approved;
            } catch {}
        }
        return _actor(r >> 4);
    }

    function _ownerOr(IHarnessToken ref, uint256 tokenId, address fallbackOwner) private view returns (address) {
        try ref.ownerOf(tokenId) returns (address owner) {
            return owner;
        } catch {
            return fallbackOwner;
        }
    }

    // ------------------------------------------------------------------ comparison

    struct Call {
        bool ok;
        bytes returned;
        Vm.Log[] logs;
    }

    function _applyBoth(
        IHarnessToken subject,
        IHarnessToken ref,
        address caller,
        bytes memory data
    ) private returns (bool same, bool ok, string memory reason) {
        Call memory s = _callRecording(address(subject), caller, data);
        Call memory r = _callRecording(address(ref), caller, data);
        ok = r.ok;
        if (s.ok != r.ok) reason = "success differs";
        else if (!s.ok && keccak256(s.returned) != keccak256(r.returned)) reason = "revert data differs";
        else if (!_sameLogs(s.logs, r.logs, address(subject), address(ref))) reason = "events differ";
        else return (true, ok, "");
        reason = string.concat(vm.toString(bytes4(data)), " by ", vm.toString(caller), ": ", reason);
    }

    function _callRecording(address token, address caller, bytes memory data) private returns (Call memory c) {
        vm.recordLogs();
        vm.prank(caller);
        (c.ok, c.returned) = token.call(data);
        c.logs = vm.getRecordedLogs();
    }

    /// @dev Same logs in the same order, the subject's `RosterWritten` aside and its address read as the reference's.
    function _sameLogs(
        Vm.Log[] memory logsS,
        Vm.Log[] memory logsR,
        address subject,
        address ref
    ) private pure returns (bool) {
        uint256 j = 0;
        for (uint256 i = 0; i < logsS.length; ++i) {
            Vm.Log memory s = logsS[i];
            if (s.emitter == subject && s.topics.length > 0 && s.topics[0] == IERC721Roster.RosterWritten.selector) {
                continue;
            }
            if (j == logsR.length) return false;
            Vm.Log memory r = logsR[j++];
            address emitter = s.emitter == subject ? ref : s.emitter;
            if (emitter != r.emitter || keccak256(s.data) != keccak256(r.data)) return false;
            if (keccak256(abi.encode(s.topics)) != keccak256(abi.encode(r.topics))) return false;
        }
        return j == logsR.length;
    }

    function _compareState(
        IHarnessToken subject,
        IHarnessToken ref,
        uint256 nextId
    ) private view returns (bool, string memory) {
        for (uint256 id = 0; id < nextId + 2; ++id) {
            if (!_sameView(subject, ref, abi.encodeCall(IERC721.ownerOf, (id))))
                return (false, string.concat("ownerOf(", vm.toString(id), ") differs"));
            if (!_sameView(subject, ref, abi.encodeCall(IERC721.getApproved, (id))))
                return (false, string.concat("getApproved(", vm.toString(id), ") differs"));
        }
        if (!_sameView(subject, ref, abi.encodeCall(IERC721.balanceOf, (address(0)))))
            return (false, "balanceOf(0) differs");
        for (uint256 a = 0; a < actors.length; ++a) {
            if (!_sameView(subject, ref, abi.encodeCall(IERC721.balanceOf, (actors[a]))))
                return (false, string.concat("balanceOf(", vm.toString(actors[a]), ") differs"));
            for (uint256 b = 0; b < actors.length; ++b) {
                if (!_sameView(subject, ref, abi.encodeCall(IERC721.isApprovedForAll, (actors[a], actors[b]))))
                    return (false, "isApprovedForAll differs");
            }
        }
        return (true, "");
    }

    function _sameView(IHarnessToken subject, IHarnessToken ref, bytes memory data) private view returns (bool) {
        (bool okS, bytes memory retS) = address(subject).staticcall(data);
        (bool okR, bytes memory retR) = address(ref).staticcall(data);
        return okS == okR && keccak256(retS) == keccak256(retR);
    }
}

/// @dev ERC721Roster against OpenZeppelin's ERC721: random sequences must be indistinguishable.
contract ERC721RosterDifferentialTest is RosterDifferentialHarness {
    uint256 internal constant STEPS = 40;

    function setUp() public {
        _setUpActors();
    }

    /// @dev Each run is a 40-step sequence; `npm test` samples 64 of them, `npm run test:full` (profile deep) 4,096.
    /// forge-config: default.fuzz.runs = 64
    /// forge-config: deep.fuzz.runs = 4096
    function testFuzz_BehavesExactlyLikeOpenZeppelinERC721(uint256 seed) public {
        IHarnessToken subject = IHarnessToken(address(new ERC721RosterMock("Roster", "R")));
        IHarnessToken ref = IHarnessToken(address(new ERC721ReferenceMock("Reference", "R")));
        Outcome memory out = _run(subject, ref, seed, STEPS);
        assertTrue(out.same, out.reason);
        // Not vacuous: the first step writes a roster, and some of the random calls go through (at least one in
        // eight; about half do on average, and some runs of the deep profile have only a quarter).
        assertGe(out.succeeded, STEPS / 8, "too few calls succeeded");
    }
}

/// @dev The same harness on deliberately broken variants: it must report a difference.
contract ERC721RosterSeededBugTest is RosterDifferentialHarness {
    uint256 internal constant STEPS = 40;
    uint256 internal constant SEEDS = 24;

    function setUp() public {
        _setUpActors();
    }

    function test_CatchesBurnedRosterTicketResurrecting() public {
        uint256 caught = _caughtOutOf(ERC721RosterBuggyMock.Bug.BurnNotRecorded);
        // A burn of a ticket still on its roster happens in most runs; the harness must catch it in most runs.
        assertGt(caught, SEEDS / 2, "the harness missed the seeded bug too often");
    }

    function test_CatchesDepartureCredited() public {
        assertEq(_caughtOutOf(ERC721RosterBuggyMock.Bug.DepartureCredited), SEEDS);
    }

    /// @dev The approval clear that {ERC721Roster-_approve} skips while no roster ticket was ever approved.
    function test_CatchesApprovalKeptOnDeparture() public {
        assertGt(_caughtOutOf(ERC721RosterBuggyMock.Bug.ApprovalKeptOnDeparture), 0, "the harness missed the bug");
    }

    function _caughtOutOf(ERC721RosterBuggyMock.Bug bug) private returns (uint256 caught) {
        for (uint256 seed = 0; seed < SEEDS; ++seed) {
            IHarnessToken subject = IHarnessToken(address(new ERC721RosterBuggyMock(bug)));
            IHarnessToken ref = IHarnessToken(address(new ERC721ReferenceMock("Reference", "R")));
            if (!_run(subject, ref, seed, STEPS).same) ++caught;
        }
    }
}
