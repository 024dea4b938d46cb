// SPDX-License-Identifier: MIT
pragma solidity ^0.8.28;

import {PapercutMath} from "./PapercutMath.sol";
import {PapercutRandom} from "./PapercutRandom.sol";
import {PapercutShapes} from "./PapercutShapes.sol";

/// @title PapercutDesign
/// @notice Decides one ticket's papercut from its seed: fold count, paper, centre motif, rim, bands, and the
/// geometry of every ring of cuts. Integer arithmetic, operation for operation as in `src/art/design.ts`;
/// random draws come from {PapercutRandom} in the same order.
library PapercutDesign {
    using PapercutRandom for PapercutRandom.Rng;

    /// @notice One ring of identical cuts: `template` placed `perWedge` times in each fold's wedge.
    /// @dev `phase` 0 puts a cut on the fold axis, 1 offsets the cuts by half a step.
    struct Row {
        uint256 template;
        int256 inner;
        int256 height;
        int256 halfWidth;
        int256 perWedge;
        int256 phase;
    }

    /// @notice Everything that decides a ticket's papercut (indices point into the tables below).
    struct Design {
        uint256 folds;
        uint256 paper;
        uint256 centre;
        uint256 centreVariant;
        int256 centreRadius;
        uint256 rim;
        int256 line;
        uint256 bandCount;
        uint256[4] bands;
        uint256 rowCount;
        Row[20] rows;
    }

    /// @notice Radius of the paper disc.
    int256 internal constant RADIUS = 430;
    /// @notice The narrowest paper bridge the art is designed for.
    int256 internal constant BRIDGE = 8;
    /// @dev The clearance every cut keeps from its neighbours: a bridge plus a margin for rounding.
    int256 private constant GAP = BRIDGE + 1;

    bytes internal constant FOLDS = hex"0406080c";
    bytes internal constant FOLD_WEIGHTS = hex"0f1e2314";
    bytes internal constant PAPER_WEIGHTS = hex"1a140e0e0a08040202";
    bytes internal constant CENTRE_WEIGHTS = hex"221a120e08";
    bytes internal constant RIM_WEIGHTS = hex"2d280f";
    /// @dev Band kinds: Sawtooth, Crescent, Cloud, Petal, Arrowhead, Lattice, Serrated Leaf, Water Drop.
    bytes internal constant BAND_WEIGHTS = hex"120c0c0e0a0e0a0a";
    /// @dev Layout of each band kind: 0 one row, 1 zigzag teeth, 2 diamond lattice.
    bytes private constant BAND_LAYOUTS = hex"0100000000020000";
    bytes private constant BAND_TEMPLATES = hex"0003050204060809";
    /// @dev Width of a cell (a cut and its bridge) as a percentage of the band height.
    bytes private constant BAND_ASPECTS = hex"5a736e48964b554e";
    /// @dev Fewest cuts around the circle for each layout.
    bytes private constant MIN_COUNTS = hex"0c1218";

    /// @dev Rough share of the centre disc each centre motif cuts away, in thousandths, two bytes each.
    bytes private constant CENTRE_CUTS = hex"019000fa015e012c01c2";
    /// @dev A design whose estimated cut-away share (thousandths) falls outside this window is drawn again.
    int256 private constant CUT_LOW = 400;
    int256 private constant CUT_HIGH = 560;
    /// @dev Most designs drawn for one ticket.
    uint256 private constant ATTEMPTS = 3;

    /// @notice The design of the ticket whose seed is `seed`: a draw whose estimated cut-away share
    /// ({estimateCut}) falls outside 40-56% is drawn again from `keccak256(seed, attempt)`, at most three
    /// draws, keeping the one nearest the window's middle.
    function design(bytes32 seed) internal pure returns (Design memory best) {
        best = _designOnce(seed);
        int256 bestCut = estimateCut(best);
        int256 mid = (CUT_LOW + CUT_HIGH) / 2;
        for (uint256 attempt = 1; attempt < ATTEMPTS; ++attempt) {
            if (bestCut > CUT_LOW - 1 && bestCut < CUT_HIGH + 1) break;
            Design memory next = _designOnce(keccak256(abi.encodePacked(seed, uint8(attempt))));
            int256 cut = estimateCut(next);
            if (_distance(cut, mid) < _distance(bestCut, mid)) {
                best = next;
                bestCut = cut;
            }
        }
    }

    /// @notice The share of the paper disc a design cuts away, estimated in thousandths from the area of
    /// every cut (template area x width x height x count; rim notches only inside the edge) and the centre.
    function estimateCut(Design memory d) internal pure returns (int256) {
        int256 area = 0;
        for (uint256 i = 0; i < d.rowCount; ++i) {
            Row memory row = d.rows[i];
            int256 a =
                (int256(d.folds) * row.perWedge * PapercutShapes.fill(row.template) * 2 * row.halfWidth * row.height) /
                    1000;
            int256 inside = RADIUS - row.inner;
            // A notch cut from outside the edge counts only up to the edge (a triangle: the square of the share).
            if (row.template == PapercutShapes.TOOTH_OUT && inside < row.height) {
                a = (((a * inside) / row.height) * inside) / row.height;
            }
            area += a;
        }
        int256 c = d.centreRadius;
        bytes memory cuts = CENTRE_CUTS;
        int256 share = int256((uint256(uint8(cuts[2 * d.centre])) << 8) | uint8(cuts[2 * d.centre + 1]));
        area += (share * 355 * c * c) / (113 * 1000);
        return (area * 1000) / 580880;
    }

    function _distance(int256 a, int256 b) private pure returns (int256) {
        return a > b ? a - b : b - a;
    }

    /// @dev One draw of a design from `seed`.
    function _designOnce(bytes32 seed) private pure returns (Design memory d) {
        PapercutRandom.Rng memory rng = PapercutRandom.init(seed);
        d.folds = uint8(FOLDS[rng.pick(FOLD_WEIGHTS)]);
        d.paper = rng.pick(PAPER_WEIGHTS);
        d.centre = rng.pick(CENTRE_WEIGHTS);
        d.centreVariant = rng.below(3);
        d.rim = rng.pick(RIM_WEIGHTS);
        d.line = BRIDGE + int256(rng.below(2));
        d.centreRadius = 80 + int256(rng.below(31));
        int256 rimDepth = 22 + int256(rng.below(13));
        d.bandCount = rng.below(4) == 0 ? 4 : 3;
        // Four bands mean one more ring of paper: only where there is room, with rings of the minimum width.
        if (d.bandCount == 4 && 390 - rimDepth - d.centreRadius < 262) d.bandCount = 3;
        if (d.bandCount == 4) d.line = BRIDGE;

        int256[4] memory weights;
        int256 totalWeight = 0;
        for (uint256 i = 0; i < d.bandCount; ++i) {
            weights[i] = 3 + int256(rng.below(4));
            totalWeight += weights[i];
        }
        int256 a = d.centreRadius + d.line;
        int256 avail = RADIUS - rimDepth - d.line - a - d.line * int256(d.bandCount - 1);
        int256 used = 0;
        for (uint256 i = 0; i < d.bandCount; ++i) {
            uint256 kind = rng.pick(BAND_WEIGHTS);
            if (i > 0 && kind == d.bands[i - 1]) kind = (kind + 1) % BAND_WEIGHTS.length;
            int256 density = 90 + int256(rng.below(31));
            int256 phase = int256(rng.below(2));
            int256 h = i == d.bandCount - 1 ? avail - used : (avail * weights[i]) / totalWeight;
            used += h;
            d.bands[i] = kind;
            _band(d, kind, a, h, density, phase);
            a += h + d.line;
        }
        _rim(d, rimDepth);
    }

    /// @notice The widest half-width for `template` placed every 2 * halfStep hundredths of a degree that
    /// keeps a bridge of GAP to both neighbours at every radius, from the template's width profile.
    function fitHalfWidth(
        uint256 template,
        int256 inner,
        int256 height,
        int256 halfStep
    ) internal pure returns (int256 w) {
        int256 s = PapercutMath.sin10k(halfStep);
        w = 1000;
        for (uint256 k = 0; k < 10; ++k) {
            int256 p = PapercutShapes.profile(template, k);
            if (p == 0) continue;
            int256 r = inner + (height * int256(k)) / 10;
            int256 wk = (((r * s) / 10000 - (GAP + 1) / 2) * 100) / p;
            if (wk < w) w = wk;
        }
        if (w < 2) w = 2;
    }

    function _push(
        Design memory d,
        uint256 template,
        int256 inner,
        int256 height,
        int256 halfWidth,
        int256 perWedge,
        int256 phase
    ) private pure {
        d.rows[d.rowCount] = Row(template, inner, height, halfWidth, perWedge, phase);
        ++d.rowCount;
    }

    /// @dev Cuts per wedge so that each cell is about `cell` wide at radius `r`, at least `minCount` around.
    function _perWedge(int256 r, int256 cell, int256 folds, int256 minCount) private pure returns (int256 m) {
        m = (628 * r + 50 * folds * cell) / (100 * folds * cell);
        int256 least = (minCount + folds - 1) / folds;
        if (m < least) m = least;
    }

    /// @dev How far a cut `halfWidth` wide pokes beyond radius `r` at its corners.
    function _poke(int256 r, int256 halfWidth) private pure returns (int256) {
        return PapercutMath.isqrt(halfWidth * halfWidth + r * r) + 1 - r;
    }

    /// @dev A tooth based on the outer ring (apex at `apex`, base `height` further out, `halfWidth` wide),
    /// shrunk about its apex until its base corners no longer poke past the ring: its edges keep their
    /// direction, so the bridges along them keep their width.
    function _outerTooth(
        Design memory d,
        int256 apex,
        int256 height,
        int256 halfWidth,
        int256 perWedge,
        int256 phase
    ) private pure {
        int256 pk = _poke(apex + height, halfWidth);
        _push(d, PapercutShapes.TOOTH_OUT, apex, height - pk, (halfWidth * (height - pk)) / height, perWedge, phase);
    }

    function _band(Design memory d, uint256 kind, int256 a, int256 h, int256 density, int256 phase) private pure {
        uint256 layout = uint8(BAND_LAYOUTS[kind]);
        int256 cell = (((h * int256(uint256(uint8(BAND_ASPECTS[kind])))) / 100) * density) / 100;
        if (cell < 44) cell = 44;
        int256 m = _perWedge(a + h / 2, cell, int256(d.folds), int256(uint256(uint8(MIN_COUNTS[layout]))));
        if (layout == 0) _row(d, uint8(BAND_TEMPLATES[kind]), a, h, m, phase);
        else if (layout == 1) _zigzag(d, a, h, m);
        else _lattice(d, a, h, m);
    }

    /// @dev One row of cuts, with small teeth cut between them from both rings where the cuts taper.
    function _row(Design memory d, uint256 t, int256 a, int256 h, int256 m, int256 phase) private pure {
        int256 halfStep = 18000 / (int256(d.folds) * m);
        int256 w = fitHalfWidth(t, a, h, halfStep);
        _push(d, t, a, h - _poke(a + h, w), w, m, phase);
        (int256 top, int256 bottom) = _fringes(t, a, h, w, PapercutMath.sin10k(halfStep));
        int256 hf = (h * 36) / 100;
        if (top > 4) _outerTooth(d, a + h - hf, hf, top, m, 1 - phase);
        if (bottom > 4) _push(d, PapercutShapes.TOOTH_IN, a, hf, bottom, m, 1 - phase);
    }

    /// @dev The widest teeth (tall 36% of the band) that fit between neighbouring cuts of a row, from the
    /// outer ring (`top`) and from the inner ring (`bottom`), bin by bin of the cut's width profile.
    function _fringes(
        uint256 t,
        int256 a,
        int256 h,
        int256 w,
        int256 s
    ) private pure returns (int256 top, int256 bottom) {
        int256 hf = (h * 36) / 100;
        top = 1000;
        bottom = 1000;
        for (uint256 j = 0; j < 10; ++j) {
            int256 r = a + (h * int256(j)) / 10;
            int256 avail = (r * s) / 10000 - (w * PapercutShapes.profile(t, j)) / 100 - GAP;
            if (r + h / 10 > a + h - hf) {
                int256 wf = _fringe(avail, r + h / 10 - (a + h - hf), hf);
                if (wf < top) top = wf;
            }
            if (r < a + hf) {
                int256 wf = _fringe(avail, a + hf - r, hf);
                if (wf < bottom) bottom = wf;
            }
        }
    }

    /// @dev A tooth's half-width limit where it is `depth` (of `hf`) from its apex and `avail` is free.
    function _fringe(int256 avail, int256 depth, int256 hf) private pure returns (int256) {
        int256 frac = (depth * 100) / hf;
        if (frac > 100) frac = 100;
        if (frac < 1) frac = 1;
        return (avail * 100) / frac;
    }

    /// @dev Teeth alternately based on the inner and the outer ring; the zigzag of paper between them keeps
    /// GAP across its slant.
    function _zigzag(Design memory d, int256 a, int256 h, int256 m) private pure {
        int256 quarter = PapercutMath.sin10k(9000 / (int256(d.folds) * m));
        int256 ca = (2 * a * quarter) / 10000;
        int256 cb = (2 * (a + h) * quarter) / 10000;
        int256 wa = ca - ((GAP + 3) * PapercutMath.isqrt(h * h + ca * ca)) / h;
        int256 wb = cb - ((GAP + 3) * PapercutMath.isqrt(h * h + cb * cb)) / h;
        _push(d, PapercutShapes.TOOTH_IN, a, h, wa < 2 ? int256(2) : wa, m, 0);
        _outerTooth(d, a, h, wb < 2 ? int256(2) : wb, m, 1);
    }

    /// @dev A window lattice: diamonds in two staggered rows and half-diamonds along both rings, every cut
    /// its tile shrunk by one factor that keeps GAP between parallel edges at the band's inner radius.
    function _lattice(Design memory d, int256 a, int256 h, int256 m) private pure {
        (int256 half, int256 shrink, int256 hh) = _latticeTile(a, h, 18000 / (int256(d.folds) * m));
        int256 dy = h / 3;
        _push(d, PapercutShapes.TOOTH_IN, a, hh, _latticeWidth(a, half, shrink), m, 1);
        _push(d, PapercutShapes.DIAMOND, a + dy - hh, 2 * hh, _latticeWidth(a + dy, half, shrink), m, 0);
        _push(d, PapercutShapes.DIAMOND, a + 2 * dy - hh, 2 * hh, _latticeWidth(a + 2 * dy, half, shrink), m, 1);
        _outerTooth(d, a + h - hh, hh, _latticeWidth(a + h, half, shrink), m, 0);
    }

    /// @dev sin of the half step (x 10,000), the shrink factor (per mille) and the cuts' half-height.
    function _latticeTile(
        int256 a,
        int256 h,
        int256 halfStep
    ) private pure returns (int256 half, int256 shrink, int256 hh) {
        int256 dy = h / 3;
        half = PapercutMath.sin10k(halfStep);
        int256 dxa = (a * half) / 10000;
        int256 s = PapercutMath.isqrt(dxa * dxa + dy * dy);
        shrink = 1000 - (1000 * GAP * s + 2 * dxa * dy - 1) / (2 * dxa * dy);
        hh = (dy * shrink) / 1000;
    }

    function _latticeWidth(int256 r, int256 half, int256 shrink) private pure returns (int256) {
        return (((r * half) / 10000) * shrink) / 1000;
    }

    /// @dev The rim: a sawtooth edge, a scalloped edge with a hole in each lobe, or a beaded edge.
    function _rim(Design memory d, int256 depth) private pure {
        int256 folds = int256(d.folds);
        if (d.rim == 0) {
            int256 m = _perWedge(RADIUS, depth, folds, 0);
            int256 half = (RADIUS * PapercutMath.sin10k(18000 / (folds * m))) / 10000;
            int256 h = depth + 30;
            _push(d, PapercutShapes.TOOTH_OUT, RADIUS - depth, h, (half * h) / depth, m, 0);
        } else if (d.rim == 1) {
            int256 m = _perWedge(RADIUS, (depth * 25) / 10, folds, 0);
            int256 half = (RADIUS * PapercutMath.sin10k(18000 / (folds * m))) / 10000;
            int256 dotHeight = depth - 2 - GAP;
            int256 dot = (half * 8) / 10 - GAP;
            if (dot > dotHeight / 2) dot = dotHeight / 2;
            _push(d, PapercutShapes.CUSP, RADIUS - depth, depth - 2, half + 2, m, 1);
            _push(d, PapercutShapes.DOT, RADIUS - depth, dotHeight, dot, m, 0);
        } else {
            int256 h = depth - GAP - 2;
            int256 m = _perWedge(RADIUS - depth / 2, (h * 3) / 2 + GAP, folds, 0);
            int256 half = ((RADIUS - depth) * PapercutMath.sin10k(18000 / (folds * m))) / 10000;
            int256 w = (h * 3) / 4;
            if (w > half - GAP / 2) w = half - GAP / 2;
            _push(d, PapercutShapes.DOT, RADIUS - depth, h, w, m, 0);
        }
    }
}
