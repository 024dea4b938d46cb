// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {Test} from "forge-std/Test.sol";

import {PapercutTicket} from "../contracts/PapercutTicket.sol";
import {TransferPolicy} from "../contracts/interfaces/ITicketLifecycle.sol";
import {TicketClaims} from "../contracts/claims/TicketClaims.sol";
import {IPapercutTicket} from "../contracts/interfaces/IPapercutTicket.sol";
import {ITicketClaims} from "../contracts/interfaces/ITicketClaims.sol";

/// @dev Builds 8-leaf claim batches the way the toolkit does (double-hashed leaves, sorted-pair nodes) and signs
/// claims with the links' keys.
abstract contract ClaimLinks is Test {
    uint256 internal constant LINKS = 8;
    uint256 private constant _SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141;

    struct Batch {
        bytes32 root;
        uint256 tickets;
        bytes32[8] leaves;
        uint256[8] keys;
        uint256[8] quantities;
    }

    function _key(uint256 salt, uint256 batchId, uint256 index) internal pure returns (uint256) {
        return (uint256(keccak256(abi.encode("link", salt, batchId, index))) % (_SECP256K1_N - 1)) + 1;
    }

    function _leaf(
        uint256 batchId,
        uint256 index,
        address claimAddress,
        uint256 quantity
    ) internal pure returns (bytes32) {
        return keccak256(bytes.concat(keccak256(abi.encode(batchId, index, claimAddress, quantity))));
    }

    function _node(bytes32 a, bytes32 b) internal pure returns (bytes32) {
        return a < b ? keccak256(abi.encode(a, b)) : keccak256(abi.encode(b, a));
    }

    function _makeBatch(uint256 salt, uint256 batchId, uint256 quantitySeed) internal pure returns (Batch memory b) {
        for (uint256 i = 0; i < LINKS; ++i) {
            b.keys[i] = _key(salt, batchId, i);
            b.quantities[i] = 1 + (uint256(keccak256(abi.encode(quantitySeed, i))) % 3);
            b.tickets += b.quantities[i];
            b.leaves[i] = _leaf(batchId, i, vm.addr(b.keys[i]), b.quantities[i]);
        }
        b.root = _rootOf(b.leaves);
    }

    /// @dev A copy (assigning a memory array only copies the reference).
    function _copy(bytes32[8] memory leaves) internal pure returns (bytes32[8] memory level) {
        for (uint256 i = 0; i < LINKS; ++i) level[i] = leaves[i];
    }

    function _rootOf(bytes32[8] memory leaves) internal pure returns (bytes32) {
        bytes32[8] memory level = _copy(leaves);
        for (uint256 width = LINKS; width > 1; width /= 2) {
            for (uint256 i = 0; i < width / 2; ++i) level[i] = _node(level[2 * i], level[2 * i + 1]);
        }
        return level[0];
    }

    function _proof(bytes32[8] memory leaves, uint256 index) internal pure returns (bytes32[] memory proof) {
        proof = new bytes32[](3);
        bytes32[8] memory level = _copy(leaves);
        uint256 at = index;
        uint256 depth = 0;
        for (uint256 width = LINKS; width > 1; width /= 2) {
            proof[depth++] = level[at ^ 1];
            for (uint256 i = 0; i < width / 2; ++i) level[i] = _node(level[2 * i], level[2 * i + 1]);
            at /= 2;
        }
    }

    function _sign(
        TicketClaims claims,
        uint256 key,
        uint256 batchId,
        uint256 index,
        address recipient
    ) internal view returns (bytes memory) {
        (uint8 v, bytes32 r, bytes32 s) = vm.sign(key, claims.claimDigest(batchId, index, recipient));
        return abi.encodePacked(r, s, v);
    }
}

/// @dev A ticket that re-enters the claims contract from `airdrop`: with the same link, then with another one.
contract HostileTicket {
    TicketClaims public claims;
    uint256 public minted;
    bytes public reentry;
    bool public reentered;
    bool public reentrySucceeded;
    bytes public reentryError;

    function setClaims(TicketClaims claims_) external {
        claims = claims_;
    }

    function arm(bytes calldata call) external {
        reentry = call;
        reentered = false;
    }

    function cap() external pure returns (uint256) {
        return 1000;
    }

    function totalMinted() external view returns (uint256) {
        return minted;
    }

    function nextTokenId() external view returns (uint256) {
        return minted + 1;
    }

    function airdrop(uint256, address[] calldata recipients) external returns (uint256 first) {
        first = minted + 1;
        if (!reentered && reentry.length > 0) {
            reentered = true;
            (bool ok, bytes memory data) = address(claims).call(reentry);
            reentrySucceeded = ok;
            reentryError = data;
        }
        minted += recipients.length;
    }
}

/// @dev Fuzz tests of single claims.
contract TicketClaimsFuzzTest is ClaimLinks {
    PapercutTicket internal ticket;
    TicketClaims internal claims;
    Batch internal b;

    function setUp() public {
        ticket = new PapercutTicket(
            "T",
            "T",
            100,
            address(this),
            address(0),
            0,
            "",
            "",
            2_000_000_000,
            2_000_086_400,
            TransferPolicy.Transferable
        );
        claims = new TicketClaims(IPapercutTicket(address(ticket)), address(this));
        ticket.grantRole(ticket.MINTER_ROLE(), address(claims));
        b = _makeBatch(1, 1, 7);
        claims.commitBatch(1, b.root, LINKS, b.tickets, 0);
    }

    struct Call {
        address claimAddress;
        uint256 quantity;
        bytes signature;
        bytes32[] proof;
    }

    /// @dev Everything a claim needs, computed before any prank or expectRevert (signing reads the contract).
    function _prepare(uint256 index, address recipient) internal view returns (Call memory c) {
        c.claimAddress = vm.addr(b.keys[index]);
        c.quantity = b.quantities[index];
        c.signature = _sign(claims, b.keys[index], 1, index, recipient);
        c.proof = _proof(b.leaves, index);
    }

    function _claim(uint256 index, address recipient, address sentTo) internal returns (uint256) {
        Call memory c = _prepare(index, recipient);
        return claims.claim(1, index, c.claimAddress, c.quantity, sentTo, c.signature, c.proof);
    }

    function testFuzz_EveryLinkClaimsItsQuantityForItsSignedRecipient(uint8 rawIndex, address recipient) public {
        vm.assume(recipient != address(0) && recipient.code.length == 0);
        uint256 index = bound(rawIndex, 0, LINKS - 1);
        uint256 first = _claim(index, recipient, recipient);
        assertEq(first, 1);
        assertEq(ticket.balanceOf(recipient), b.quantities[index]);
        assertEq(ticket.totalMinted(), b.quantities[index]);
        assertEq(uint8(claims.linkStatus(1, index)), uint8(ITicketClaims.LinkStatus.Claimed));
    }

    function testFuzz_ASwappedRecipientNeverClaims(uint8 rawIndex, address recipient, address thief) public {
        vm.assume(recipient != thief && thief != address(0));
        uint256 index = bound(rawIndex, 0, LINKS - 1);
        Call memory c = _prepare(index, recipient);
        vm.expectPartialRevert(ITicketClaims.ClaimInvalidSignature.selector);
        claims.claim(1, index, c.claimAddress, c.quantity, thief, c.signature, c.proof);
        assertEq(ticket.totalMinted(), 0);
        assertEq(uint8(claims.linkStatus(1, index)), uint8(ITicketClaims.LinkStatus.Open));
    }

    function testFuzz_ALinkMintsOnce(uint8 rawIndex, address first, address second, address submitter) public {
        vm.assume(first != address(0) && second != address(0) && first.code.length == 0);
        uint256 index = bound(rawIndex, 0, LINKS - 1);
        _claim(index, first, first);
        Call memory c = _prepare(index, second);
        vm.prank(submitter);
        vm.expectRevert(abi.encodeWithSelector(ITicketClaims.ClaimAlreadyClaimed.selector, 1, index));
        claims.claim(1, index, c.claimAddress, c.quantity, second, c.signature, c.proof);
        assertEq(ticket.totalMinted(), b.quantities[index]);
    }

    function testFuzz_AWrongQuantityOrIndexNeverVerifies(uint8 rawIndex, uint256 quantity, uint8 rawOther) public {
        uint256 index = bound(rawIndex, 0, LINKS - 1);
        uint256 other = bound(rawOther, 0, LINKS - 1);
        vm.assume(quantity != b.quantities[index] || other != index);
        address claimAddress = vm.addr(b.keys[index]);
        bytes memory sig = _sign(claims, b.keys[index], 1, other, address(0xBEEF));
        vm.expectPartialRevert(ITicketClaims.ClaimInvalidProof.selector);
        claims.claim(1, other, claimAddress, quantity, address(0xBEEF), sig, _proof(b.leaves, index));
    }

    function test_AHostileTicketReenteringWithTheSameLinkIsRefused() public {
        HostileTicket hostile = new HostileTicket();
        TicketClaims c = new TicketClaims(IPapercutTicket(address(hostile)), address(this));
        hostile.setClaims(c);
        Batch memory hb = _makeBatch(2, 1, 3);
        c.commitBatch(1, hb.root, LINKS, hb.tickets, 0);
        bytes memory sig = _sign(c, hb.keys[0], 1, 0, address(0xA11CE));
        bytes memory call = abi.encodeCall(
            c.claim,
            (1, 0, vm.addr(hb.keys[0]), hb.quantities[0], address(0xA11CE), sig, _proof(hb.leaves, 0))
        );
        hostile.arm(call);
        (bool ok, ) = address(c).call(call);
        assertTrue(ok);
        assertTrue(hostile.reentered());
        assertFalse(hostile.reentrySucceeded());
        assertEq(hostile.reentryError(), abi.encodeWithSelector(ITicketClaims.ClaimAlreadyClaimed.selector, 1, 0));
        assertEq(hostile.minted(), hb.quantities[0]);
        assertEq(c.batch(1).claimedLinks, 1);

        // Re-entering with another link claims that link, once, and the books still add up.
        bytes memory sig1 = _sign(c, hb.keys[1], 1, 1, address(0xB0B));
        hostile.arm(
            abi.encodeCall(
                c.claim,
                (1, 1, vm.addr(hb.keys[1]), hb.quantities[1], address(0xB0B), sig1, _proof(hb.leaves, 1))
            )
        );
        c.claim(
            1,
            2,
            vm.addr(hb.keys[2]),
            hb.quantities[2],
            address(0xCA201),
            _sign(c, hb.keys[2], 1, 2, address(0xCA201)),
            _proof(hb.leaves, 2)
        );
        assertTrue(hostile.reentrySucceeded());
        assertEq(c.batch(1).claimedLinks, 3);
        assertEq(c.batch(1).claimedTickets, hb.quantities[0] + hb.quantities[1] + hb.quantities[2]);
        assertEq(hostile.minted(), c.batch(1).claimedTickets);
    }
}

/// @dev Drives random commits, claims (honest and tampered), revocations, time and direct airdrops.
contract ClaimsHandler is ClaimLinks {
    PapercutTicket public immutable ticket;
    TicketClaims public immutable claims;

    uint256 public calls;
    uint256 public succeeded;
    uint256 public claimsSucceeded;
    uint256 public ghostAirdropped;
    uint256 public ghostClaimedTickets;
    uint256 public linksMintedTwice;
    uint256 public tamperedThatMinted;
    uint256 public deadLinksThatMinted;

    uint256 public batches;
    mapping(uint256 batchId => Batch) internal _batches;
    mapping(uint256 batchId => mapping(uint256 index => uint256)) public mints;
    mapping(uint256 batchId => uint256) public ghostBatchTickets;

    constructor(PapercutTicket ticket_, TicketClaims claims_) {
        ticket = ticket_;
        claims = claims_;
    }

    function batchOf(uint256 batchId) external view returns (Batch memory) {
        return _batches[batchId];
    }

    function commit(uint256 quantitySeed, uint16 rawExpiry) public {
        ++calls;
        uint256 id = claims.nextBatchId();
        Batch memory b = _makeBatch(0xC1A1, id, quantitySeed);
        // solhint-disable-next-line not-rely-on-time
        uint64 expiresAt = rawExpiry % 3 == 0 ? 0 : uint64(block.timestamp + 1 + (rawExpiry % 2000));
        try claims.commitBatch(id, b.root, LINKS, b.tickets, expiresAt) {
            _batches[id] = b;
            batches = id;
            ++succeeded;
        } catch {}
    }

    function claim(uint256 batchSeed, uint8 rawIndex, uint160 rawRecipient, address submitter) external {
        ++calls;
        if (batches == 0) return;
        uint256 id = (batchSeed % batches) + 1;
        uint256 index = rawIndex % LINKS;
        address recipient = address(uint160(bound(rawRecipient, 1, 1000)));
        Batch storage b = _batches[id];
        ITicketClaims.LinkStatus before = claims.linkStatus(id, index);
        bytes memory sig = _sign(claims, b.keys[index], id, index, recipient);
        address claimAddress = vm.addr(b.keys[index]);
        bytes32[] memory proof = _proof(b.leaves, index);
        vm.prank(submitter);
        try claims.claim(id, index, claimAddress, b.quantities[index], recipient, sig, proof) {
            if (before != ITicketClaims.LinkStatus.Open) ++deadLinksThatMinted;
            if (++mints[id][index] > 1) ++linksMintedTwice;
            ghostClaimedTickets += b.quantities[index];
            ghostBatchTickets[id] += b.quantities[index];
            ++claimsSucceeded;
            ++succeeded;
        } catch {}
    }

    /// @dev A claim copied with the recipient swapped, or with an inflated quantity: must never mint.
    function claimTampered(uint256 batchSeed, uint8 rawIndex, bool swapRecipient) external {
        ++calls;
        if (batches == 0) return;
        uint256 id = (batchSeed % batches) + 1;
        uint256 index = rawIndex % LINKS;
        Batch storage b = _batches[id];
        bytes memory sig = _sign(claims, b.keys[index], id, index, address(0xA11CE));
        address to = swapRecipient ? address(0xBAD) : address(0xA11CE);
        uint256 quantity = swapRecipient ? b.quantities[index] : b.quantities[index] + 1;
        uint256 before = ticket.totalMinted();
        try claims.claim(id, index, vm.addr(b.keys[index]), quantity, to, sig, _proof(b.leaves, index)) {
            tamperedThatMinted += ticket.totalMinted() - before;
        } catch {
            ++succeeded; // the expected outcome
        }
    }

    function revokeLink(uint256 batchSeed, uint8 rawIndex) external {
        ++calls;
        if (batches == 0) return;
        uint256[] memory indexes = new uint256[](1);
        indexes[0] = rawIndex % LINKS;
        try claims.revokeLinks((batchSeed % batches) + 1, indexes) {
            ++succeeded;
        } catch {}
    }

    function revokeBatch(uint256 batchSeed, uint8 r) external {
        ++calls;
        if (batches == 0 || r % 8 != 0) return; // rarely: a revoked batch ends its claims
        claims.revokeBatch((batchSeed % batches) + 1);
        ++succeeded;
    }

    function warp(uint16 secondsAhead) external {
        ++calls;
        vm.warp(block.timestamp + (secondsAhead % 600));
        ++succeeded;
    }

    function airdrop(uint8 rawN) external {
        ++calls;
        uint256 n = bound(rawN, 1, 10);
        address[] memory list = new address[](n);
        for (uint256 i = 0; i < n; ++i) list[i] = address(0xD00D);
        try ticket.airdrop(ticket.nextTokenId(), list) {
            ghostAirdropped += n;
            ++succeeded;
        } catch {}
    }
}

/// @dev Invariants of claims over random call sequences: a link mints at most once, a batch never issues more
/// than committed, claims and airdrops add up to the ticket's supply under its cap, and tampered or dead links
/// never mint.
contract TicketClaimsInvariantTest is Test {
    uint256 internal constant CAP = 300;
    uint256 internal constant LINKS = 8;
    PapercutTicket internal ticket;
    TicketClaims internal claims;
    ClaimsHandler internal handler;

    function setUp() public {
        ticket = new PapercutTicket(
            "T",
            "T",
            CAP,
            address(this),
            address(0),
            0,
            "",
            "",
            2_000_000_000,
            2_000_086_400,
            TransferPolicy.Transferable
        );
        claims = new TicketClaims(IPapercutTicket(address(ticket)), address(this));
        handler = new ClaimsHandler(ticket, claims);
        ticket.grantRole(ticket.MINTER_ROLE(), address(claims));
        ticket.grantRole(ticket.MINTER_ROLE(), address(handler));
        claims.grantRole(claims.ORGANIZER_ROLE(), address(handler));
        targetContract(address(handler));
        handler.commit(1, 0); // every run starts with links to claim
    }

    function invariant_ALinkMintsAtMostOnce() public view {
        assertEq(handler.linksMintedTwice(), 0);
    }

    function invariant_TamperedClaimsNeverMint() public view {
        assertEq(handler.tamperedThatMinted(), 0);
    }

    function invariant_ClaimedLinksWereOpen() public view {
        assertEq(handler.deadLinksThatMinted(), 0);
    }

    function invariant_ClaimedNeverExceedsCommitted() public view {
        for (uint256 id = 1; id <= handler.batches(); ++id) {
            ITicketClaims.ClaimBatch memory b = claims.batch(id);
            assertLe(b.claimedLinks, b.links);
            assertLe(b.claimedTickets, b.tickets);
            assertEq(b.claimedTickets, handler.ghostBatchTickets(id));
        }
    }

    function invariant_ClaimsAndAirdropsShareTheCap() public view {
        assertEq(ticket.totalMinted(), handler.ghostAirdropped() + handler.ghostClaimedTickets());
        assertLe(ticket.totalMinted(), CAP);
    }

    /// @dev Progress: a run in which every handler call reverted would make the invariants above vacuous.
    /// Once per run (a full scan after every call would be slow): each batch's claimed count is the number of its
    /// links that say claimed.
    function afterInvariant() public view {
        assertGt(handler.calls(), 0, "no handler call was made");
        assertGt(handler.succeeded(), 0, "every handler call failed");
        for (uint256 id = 1; id <= handler.batches(); ++id) {
            uint256 claimedLinks;
            for (uint256 i = 0; i < LINKS; ++i) {
                if (claims.linkStatus(id, i) == ITicketClaims.LinkStatus.Claimed) ++claimedLinks;
            }
            assertEq(claimedLinks, claims.batch(id).claimedLinks);
        }
    }
}
