"""Display geometry: the full-resolution layers cleaned and simplified for the map page.

Two steps, both in UTM zone 38N (metres), both for the page only: the layer
files and every measured figure keep the full-resolution source.

1. **Cleaning** removes what the source draws but the map should not show:

   - *small holes and parts*: every part under 0.1 km² is dropped, and every
     water pocket (a hole in the land, that is in the union of the polygons)
     under 0.1 km² is filled;
   - *notches along border rivers*: the source cuts its land along zoom-14 web
     tile edges, so a river that forms a border (the Aras, beside the route)
     shows as a string of isolated triangular water pockets, 0.1–0.6 km² each,
     reaching up to a tile corner's leg (330–450 m) into either bank. Every
     water pocket under 1 km² that lies within 500 m of two or more polygons
     is filled;
   - a filled notch whose outline is one polygon's bank followed by
     another's is split along the midline between the two banks, so each bank
     fills its own notch; every other filled pocket, and every one under
     0.1 km², goes whole to the polygon with the longest edge on it. The new
     edges are built once and shared exactly, so the polygons still form a
     coverage with no gap or overlap;
   - the corridor band gains the part of Syunik's fills that touches it, and
     loses its own small holes and parts the same way;
   - *border lines* are bridged where a gap shorter than 2 km now crosses land
     (at most 25 m over the water that is left): the gaps were left where a
     notch parted the two countries' outlines.

   The cleaning is reported as the area it adds and removes per layer.

2. **Simplification**: polygons are simplified together as one coverage
   (shapely's ``coverage_simplify``), so neighbours that share an edge keep
   sharing it; lines each with Douglas–Peucker. The error is measured as the
   largest distance from any vertex of the *cleaned* geometry to its simplified
   outline, and the tolerance is halved until that error is within the budget.
   So the 25 m bound is about simplification; what cleaning moves is the
   reported area, not an error.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import Polygon
from shapely.geometry.base import BaseGeometry

from geo.crs import UTM38N, WGS84, transformer
from geo.layerfiles.geojson import Feature

#: Largest allowed displacement of the display outline from the cleaned source, metres.
MAX_ERROR_M = 25.0

#: First simplification tolerance tried, metres.
START_TOLERANCE_M = 20.0

#: Parts and water pockets smaller than this are dropped or filled, m² (0.1 km²).
MIN_AREA_M2 = 100_000.0

#: Water pockets along borders smaller than this are filled, m² (1 km²).
POCKET_MAX_AREA_M2 = 1_000_000.0

#: A pocket within this distance of two or more polygons lies on a border, metres.
BORDER_REACH_M = 500.0

#: Sample spacing of the banks whose midline splits a pocket, metres.
SPLIT_SPACING_M = 50.0

#: Border-line gaps up to this length may be bridged, metres.
BRIDGE_MAX_M = 2_000.0

#: A bridge may cross at most this much of the water left after cleaning, metres.
BRIDGE_WATER_M = 25.0

#: Layers whose polygons form the display coverage, in order (Armenia enters as
#: Syunik plus the rest of Armenia).
COVERAGE_LAYERS = ("neighbours", "azerbaijan", "nakhichevan", "armenia", "syunik")


def to_crs_all(
    geoms: Sequence[BaseGeometry], target: str, *, source: str = WGS84
) -> list[BaseGeometry]:
    """Reproject geometries vertex by vertex, all in one call of the transformer.

    Each vertex is transformed on its own, so the result equals
    :func:`geo.measure.geodesic.to_crs` of each geometry, coordinate for coordinate.

    Parameters
    ----------
    geoms
        Geometries in ``source`` coordinates.
    target, source
        CRS definitions (see :mod:`geo.crs`).
    """
    if len(geoms) == 0:
        return []
    tr = transformer(source, target)

    def _apply(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return list(shapely.transform(np.array(geoms, dtype=object), _apply))


@dataclass(frozen=True)
class LayerCleaning:
    """What cleaning changed in one display layer (areas in UTM 38N)."""

    small_before: int
    small_after: int
    area_added_m2: float
    area_removed_m2: float


@dataclass(frozen=True)
class Cleaning:
    """What cleaning changed: per layer, and the pockets filled and gaps bridged."""

    layers: dict[str, LayerCleaning]
    parts_dropped: int
    small_pockets: int
    small_pocket_area_m2: float
    border_pockets: int
    border_pocket_area_m2: float
    gaps_bridged: int
    bridge_length_m: float

    def summary(self) -> str:
        """Return one sentence for the map's credits, with the numbers."""
        pockets = self.small_pockets + self.border_pockets
        return (
            f"Display outlines cleaned of source artefacts: {pockets} water pockets filled "
            f"({self.small_pockets} under {MIN_AREA_M2 / 1e6:g} km²; {self.border_pockets} "
            f"tile-edge notches under {POCKET_MAX_AREA_M2 / 1e6:g} km² along borders, "
            f"{self.border_pocket_area_m2 / 1e6:.1f} km²), {self.parts_dropped} parts under "
            f"{MIN_AREA_M2 / 1e6:g} km² dropped, {self.gaps_bridged} border-line gaps bridged"
        )


@dataclass(frozen=True)
class Display:
    """The page's geometry (WGS84) per layer, its error and its cleaning."""

    geometries: dict[str, list[BaseGeometry]]
    max_error_m: float
    cleaning: Cleaning


# ---------------------------------------------------------------- small rings


def small_rings(geom: BaseGeometry, min_area_m2: float = MIN_AREA_M2) -> int:
    """Count the parts and holes of a projected polygon smaller than ``min_area_m2``.

    Parameters
    ----------
    geom
        Polygon or MultiPolygon in a metric CRS (UTM 38N here).
    min_area_m2
        Threshold in m²; a part or hole is measured as the area its ring encloses.

    Returns
    -------
    int
        Number of parts plus holes under the threshold.
    """
    rings = shapely.get_rings(shapely.get_parts(geom))
    return int(np.count_nonzero(shapely.area(shapely.polygons(rings)) < min_area_m2))


def drop_small_parts(geom: BaseGeometry, min_area_m2: float = MIN_AREA_M2) -> BaseGeometry:
    """Return a projected polygon without its parts smaller than ``min_area_m2`` (m²).

    A polygon whose every part is smaller keeps its largest one: a feature is
    never cleaned away whole (a valid 0.002 km² neighbour stays on the map).
    """
    every = list(shapely.get_parts(geom))
    parts = [p for p in every if p.area >= min_area_m2]
    if not parts and every:
        parts = [max(every, key=lambda p: p.area)]
    return shapely.multipolygons(parts) if len(parts) != 1 else parts[0]


def fill_small_holes(geom: BaseGeometry, min_area_m2: float = MIN_AREA_M2) -> BaseGeometry:
    """Return a projected polygon with its holes smaller than ``min_area_m2`` (m²) filled."""
    parts = [
        Polygon(p.exterior, [r for r in p.interiors if Polygon(r).area >= min_area_m2])
        for p in shapely.get_parts(geom)
    ]
    return shapely.multipolygons(parts) if len(parts) != 1 else parts[0]


# ---------------------------------------------------------------- pockets


def land_pockets(members: Sequence[BaseGeometry]) -> list[BaseGeometry]:
    """Return the water pockets of a coverage: its union's holes, less any land inside.

    Parameters
    ----------
    members
        Projected polygons forming a valid coverage.

    Returns
    -------
    list of BaseGeometry
        Each hole of the union, as the water it holds (islands removed).
    """
    land = shapely.coverage_union_all(np.array(members, dtype=object))
    parts = shapely.get_parts(land)
    rings = shapely.get_rings(parts)
    first = np.cumsum(np.concatenate([[0], shapely.get_num_interior_rings(parts) + 1]))[:-1]
    is_hole = np.ones(len(rings), dtype=bool)
    is_hole[first] = False
    holes = shapely.polygons(rings[is_hole])
    which, islands = shapely.STRtree(parts).query(holes, predicate="contains_properly")
    pockets = list(holes)
    for hole in np.unique(which):
        pockets[hole] = holes[hole].difference(shapely.union_all(parts[islands[which == hole]]))
    return pockets


@dataclass(frozen=True)
class EdgeIndex:
    """A spatial index of the edges of coverage members, each edge with its member."""

    tree: shapely.STRtree
    owner: np.ndarray

    @classmethod
    def of(cls, members: Sequence[BaseGeometry]) -> EdgeIndex:
        """Index the edges of projected polygons."""
        segments = [_segments(m) for m in members]
        owner = np.concatenate([np.full(len(s), i) for i, s in enumerate(segments)])
        return cls(shapely.STRtree(np.concatenate(segments)), owner)

    def near_count(self, geoms: np.ndarray, reach_m: float = BORDER_REACH_M) -> np.ndarray:
        """Return, for each geometry, how many members have an edge within ``reach_m`` (m)."""
        which, hits = self.tree.query(geoms, predicate="dwithin", distance=reach_m)
        pairs = np.unique(np.stack([which, self.owner[hits]]), axis=1)
        return np.bincount(pairs[0], minlength=len(geoms))

    def ring_owners(self, polygons: Sequence[Polygon]) -> list[np.ndarray]:
        """Return, for each polygon, the member owning each segment of its exterior.

        A segment's owner is the member whose edge is nearest its midpoint (the
        edge it lies on, for a pocket of the coverage).
        """
        if len(polygons) == 0:
            return []
        rings = shapely.get_exterior_ring(np.array(polygons, dtype=object))
        xy, index = shapely.get_coordinates(rings, return_index=True)
        same = index[:-1] == index[1:]
        middles = shapely.points((xy[:-1][same] + xy[1:][same]) / 2.0)
        which, hits = self.tree.query_nearest(middles, all_matches=False)
        owners = self.owner[hits[np.argsort(which)]]
        counts = np.bincount(index[:-1][same], minlength=len(polygons))
        return np.split(owners, np.cumsum(counts)[:-1])


def is_fillable(
    area_m2: np.ndarray,
    near_count: np.ndarray,
    *,
    min_area_m2: float = MIN_AREA_M2,
    pocket_max_area_m2: float = POCKET_MAX_AREA_M2,
) -> np.ndarray:
    """Tell which water pockets are filled: the small ones, and the notches on borders.

    Parameters
    ----------
    area_m2
        Each pocket's water area, m².
    near_count
        How many coverage members lie within the border reach of each pocket.
    min_area_m2, pocket_max_area_m2
        Thresholds in m²: a pocket below the first is always filled; one below
        the second when it lies on a border (``near_count >= 2``).

    Returns
    -------
    numpy.ndarray
        One boolean per pocket.
    """
    small = area_m2 < min_area_m2
    return small | ((area_m2 < pocket_max_area_m2) & (near_count >= 2))


def bank_runs(owners: np.ndarray) -> list[tuple[int, int]]:
    """Split a closed ring's segment owners into runs: (owner, index of first segment).

    Parameters
    ----------
    owners
        Owner of each segment of a closed ring, in ring order.

    Returns
    -------
    list of tuple
        One entry per maximal run of equal owners, the ring read cyclically
        (a run that wraps past the end is one run).
    """
    starts = np.flatnonzero(owners != np.roll(owners, 1))  # owners[i] != owners[i - 1]
    return [(int(owners[i]), int(i)) for i in starts] if len(starts) else [(int(owners[0]), 0)]


def paired_midline(bank_a: np.ndarray, bank_b: np.ndarray, spacing_m: float) -> np.ndarray:
    """Return the midpoints of points at equal fractions of two banks' lengths.

    A quick midline for banks of similar shape; :func:`split_pocket` checks
    that it splits the pocket cleanly and otherwise uses :func:`midline`.

    Parameters
    ----------
    bank_a, bank_b
        (n, 2) coordinates (m) of two lines from the same start to the same end.
    spacing_m
        Largest spacing of the pairs along the longer bank, metres.

    Returns
    -------
    numpy.ndarray
        (m, 2) coordinates of the line, metres; its ends are the banks' ends.
    """
    line_a, line_b = shapely.LineString(bank_a), shapely.LineString(bank_b)
    count = max(2, int(np.ceil(max(line_a.length, line_b.length) / spacing_m)) + 1)
    fractions = np.linspace(0.0, 1.0, count)
    pa = shapely.get_coordinates(shapely.line_interpolate_point(line_a, fractions, normalized=True))
    pb = shapely.get_coordinates(shapely.line_interpolate_point(line_b, fractions, normalized=True))
    mid = (pa + pb) / 2.0
    mid[0], mid[-1] = bank_a[0], bank_a[-1]
    return mid


def midline(bank_a: np.ndarray, bank_b: np.ndarray, spacing_m: float) -> np.ndarray:
    """Return the line midway between two banks that start and end at the same points.

    The banks are sampled every ``spacing_m`` metres; the line is the edge
    between the Voronoi cells of the two banks' samples, so each of its points
    is about as near one bank as the other. Its ends are the banks' common
    ends, exactly.

    Parameters
    ----------
    bank_a, bank_b
        (n, 2) coordinates (m) of two lines from the same start to the same end.
    spacing_m
        Sample spacing along the banks, metres.

    Returns
    -------
    numpy.ndarray
        (m, 2) coordinates of the midline from the start to the end, metres;
        empty if the banks' cells do not meet in one line.
    """
    start, end = bank_a[0], bank_a[-1]
    samples = [
        shapely.get_coordinates(shapely.segmentize(shapely.LineString(bank), spacing_m))[1:-1]
        for bank in (bank_a, bank_b)
    ]
    if min(len(s) for s in samples) == 0:
        return np.empty((0, 2))
    pocket = Polygon(np.vstack([bank_a, bank_b[::-1][1:]]))
    cells = shapely.get_parts(
        shapely.voronoi_polygons(shapely.multipoints(np.vstack(samples)), ordered=True)
    )
    side_a = shapely.coverage_union_all(cells[: len(samples[0])])
    inside = shapely.line_merge(shapely.intersection(side_a.boundary, pocket))
    lines = [g for g in shapely.get_parts(inside) if g.geom_type == "LineString"]
    if not lines:
        return np.empty((0, 2))
    xy = shapely.get_coordinates(max(lines, key=lambda g: g.length))
    if np.hypot(*(xy[0] - start)) > np.hypot(*(xy[-1] - start)):
        xy = xy[::-1]
    return np.vstack([start, xy[1:-1], end])


def split_pocket(
    pocket: Polygon,
    owners: np.ndarray,
    spacing_m: float = SPLIT_SPACING_M,
    min_split_m2: float = MIN_AREA_M2,
) -> dict[int, BaseGeometry]:
    """Share a water pocket among the members around it.

    A pocket whose outline is one member's bank followed by another's (a
    notch across a border river) is split along the midline between the two
    banks (:func:`midline`), so each bank fills its own notch; any other
    pocket, a small one, or one whose midline does not split it cleanly, goes
    whole to the member with the longest edge on it. The shares' new edges are built
    from the same coordinates, so the coverage stays edge-matched.

    Parameters
    ----------
    pocket
        One polygon of a pocket's water, projected (m).
    owners
        The member owning each segment of the pocket's exterior, in ring order
        (see :meth:`EdgeIndex.ring_owners`).
    spacing_m
        Sample spacing of the banks for the midline, metres.
    min_split_m2
        Pockets smaller than this (m²) are never split.

    Returns
    -------
    dict
        Member index -> its share; the shares tile the pocket.
    """
    xy = shapely.get_coordinates(pocket.exterior)
    lengths_m = np.hypot(*np.diff(xy, axis=0).T)
    runs = bank_runs(owners)
    longest = max({o for o, _ in runs}, key=lambda o: (lengths_m[owners == o].sum(), -o))
    if len(runs) != 2 or len(pocket.interiors) > 0 or pocket.area < min_split_m2:
        return {longest: pocket}
    (owner_a, start_a), (owner_b, start_b) = runs
    ring = np.roll(xy[:-1], -start_a, axis=0)
    split = (start_b - start_a) % len(ring)
    bank_a = ring[: split + 1]
    bank_b = np.vstack([ring[split:], ring[:1]])
    for line in (paired_midline, midline):
        mid = line(bank_a, bank_b[::-1], spacing_m)
        if len(mid) < 2:
            continue
        share_a = Polygon(np.vstack([bank_a, mid[::-1][1:]]))
        share_b = Polygon(np.vstack([bank_b, mid[1:]]))
        if (
            share_a.is_valid
            and share_b.is_valid
            and np.isclose(share_a.area + share_b.area, pocket.area, rtol=1e-9)
        ):
            return {owner_a: share_a, owner_b: share_b}
    return {longest: pocket}


@dataclass(frozen=True)
class Filled:
    """Coverage members after :func:`fill_pockets`, and what they received."""

    members: list[BaseGeometry]
    received: list[list[BaseGeometry]]
    small_pockets: int
    small_area_m2: float
    border_pockets: int
    border_area_m2: float


def fill_pockets(
    members: Sequence[BaseGeometry],
    *,
    min_area_m2: float = MIN_AREA_M2,
    pocket_max_area_m2: float = POCKET_MAX_AREA_M2,
    reach_m: float = BORDER_REACH_M,
    spacing_m: float = SPLIT_SPACING_M,
) -> Filled:
    """Fill the coverage's small water pockets and those on borders.

    Parameters
    ----------
    members
        Projected polygons forming a valid coverage.
    min_area_m2, pocket_max_area_m2, reach_m, spacing_m
        See :func:`is_fillable`, :meth:`EdgeIndex.near_count` and :func:`split_pocket` (m², m).

    Returns
    -------
    Filled
        The filled members, the shares each received, and how many pockets
        were filled and their area (m²): small ones, and larger ones on borders.
    """
    edges = EdgeIndex.of(members)
    received: list[list[BaseGeometry]] = [[] for _ in members]
    pockets = np.array(land_pockets(members), dtype=object)
    area_m2 = shapely.area(pockets)
    near = np.zeros(len(pockets), dtype=int)
    maybe = (area_m2 >= min_area_m2) & (area_m2 < pocket_max_area_m2)  # the rest need no count
    near[maybe] = edges.near_count(pockets[maybe], reach_m)
    fill = is_fillable(
        area_m2, near, min_area_m2=min_area_m2, pocket_max_area_m2=pocket_max_area_m2
    )
    small = area_m2 < min_area_m2
    border = fill & ~small
    parts = shapely.get_parts(pockets[fill])
    for part, owners in zip(parts, edges.ring_owners(parts), strict=True):
        for i, share in split_pocket(part, owners, spacing_m).items():
            received[i].append(share)
    # The shares are edge-matched with their member: a coverage union dissolves them.
    filled = [
        shapely.coverage_union_all(np.array([m, *shares], dtype=object)) if shares else m
        for m, shares in zip(members, received, strict=True)
    ]
    return Filled(
        filled,
        received,
        int(np.count_nonzero(small)),
        float(area_m2[small].sum()),
        int(np.count_nonzero(border)),
        float(area_m2[border].sum()),
    )


# ---------------------------------------------------------------- band and borders


def clean_band(
    band: BaseGeometry, syunik_shares: Sequence[BaseGeometry], min_area_m2: float = MIN_AREA_M2
) -> BaseGeometry:
    """Give the band the pocket shares of Syunik that touch it; drop its small rings.

    Parameters
    ----------
    band
        The corridor band, projected (m), inside Syunik.
    syunik_shares
        The pocket shares Syunik received in :func:`fill_pockets`.
    min_area_m2
        Small-ring threshold, m².
    """
    touching = [
        s for s in syunik_shares if shapely.intersection(s.boundary, band.boundary).length > 0
    ]
    grown = shapely.union_all([band, *touching]) if touching else band
    return fill_small_holes(drop_small_parts(grown, min_area_m2), min_area_m2)


def water_length_m(line: BaseGeometry, land: BaseGeometry, step_m: float = 5.0) -> float:
    """Return about how much of a projected line lies outside ``land``, metres.

    The line is sampled every ``step_m`` metres (at the middle of each step);
    each sample off the land counts one step.
    """
    count = max(1, int(np.ceil(line.length / step_m)))
    fractions = (np.arange(count) + 0.5) / count
    xy = shapely.get_coordinates(shapely.line_interpolate_point(line, fractions, normalized=True))
    shapely.prepare(land)
    outside = ~shapely.intersects_xy(land, xy[:, 0], xy[:, 1])
    return float(np.count_nonzero(outside)) * line.length / count


def bridge_gaps(
    line: BaseGeometry,
    land: BaseGeometry,
    *,
    max_gap_m: float = BRIDGE_MAX_M,
    max_water_m: float = BRIDGE_WATER_M,
) -> tuple[BaseGeometry, list[float]]:
    """Join the pieces of a border line across short gaps over land.

    Free ends of different pieces are joined closest first, never closing a
    loop, while the gap is at most ``max_gap_m`` and the straight bridge
    crosses at most ``max_water_m`` outside ``land``.

    Parameters
    ----------
    line
        LineString or MultiLineString, projected (m).
    land
        The cleaned land (union of the display coverage), projected.
    max_gap_m, max_water_m
        Limits in metres.

    Returns
    -------
    tuple
        The bridged line and the lengths (m) of the bridges added.
    """
    pieces = list(shapely.get_parts(line))
    ends = [(i, xy) for i, p in enumerate(pieces) for xy in shapely.get_coordinates(p)[[0, -1]]]
    owner = list(range(len(pieces)))

    def root(i: int) -> int:
        while owner[i] != i:
            i = owner[i]
        return i

    # Every pair of ends of different pieces, closest first (ties by the ends' order).
    piece = np.array([i for i, _ in ends], dtype=int)
    xy = np.array([e for _, e in ends], dtype=float).reshape(-1, 2)
    first, second = np.triu_indices(len(ends), k=1)
    apart = piece[first] != piece[second]
    first, second = first[apart], second[apart]
    gaps_m = np.hypot(xy[first, 0] - xy[second, 0], xy[first, 1] - xy[second, 1])
    order = np.lexsort((second, first, gaps_m))
    near = order[gaps_m[order] <= max_gap_m]
    used: set[int] = set()
    bridges: list[BaseGeometry] = []
    for a, b in zip(first[near].tolist(), second[near].tolist(), strict=True):
        if a in used or b in used or root(ends[a][0]) == root(ends[b][0]):
            continue
        bridge = shapely.LineString([ends[a][1], ends[b][1]])
        if water_length_m(bridge, land) > max_water_m:
            continue
        owner[root(ends[a][0])] = root(ends[b][0])
        used |= {a, b}
        bridges.append(bridge)
    if not bridges:
        return line, []
    merged = shapely.line_merge(shapely.multilinestrings([*pieces, *bridges]))
    return merged, [b.length for b in bridges]


# ---------------------------------------------------------------- simplification


def _segments(geom: BaseGeometry) -> np.ndarray:
    """Return the two-point segments of a geometry's lines or rings."""
    parts = shapely.get_parts(geom)
    if geom.geom_type.endswith("Polygon"):
        parts = shapely.get_rings(parts)  # the boundary's lines, in the same order
    xy, index = shapely.get_coordinates(parts, return_index=True)
    same = index[:-1] == index[1:]
    if not np.any(same):
        return np.array([], dtype=object)
    return shapely.linestrings(np.stack([xy[:-1][same], xy[1:][same]], axis=1))


def _rows_in(rows: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Tell for each (x, y) row of ``rows`` whether it occurs in ``table`` exactly."""
    as_complex = rows[:, 0] + 1j * rows[:, 1]
    return np.isin(as_complex, table[:, 0] + 1j * table[:, 1])


def max_error_m(
    original_utm: list[BaseGeometry],
    simplified_utm: list[BaseGeometry],
    *,
    stop_above_m: float | None = None,
) -> float:
    """Return the largest distance (m) from an original vertex to its simplified outline.

    Each geometry is compared with its own simplified version, through a
    spatial index of the simplified segments.

    Parameters
    ----------
    original_utm, simplified_utm
        The geometries before and after simplification, projected (m), pairwise.
    stop_above_m
        If given, stop at the first geometry whose error exceeds it (m) and
        return that error: enough to reject a tolerance, since the largest
        error is at least as large. None measures every geometry.
    """
    worst = 0.0
    for before, after in zip(original_utm, simplified_utm, strict=True):
        segments = _segments(after)
        if before.is_empty or len(segments) == 0:
            continue
        # Kept vertices lie on the outline; only the removed ones can be off it.
        kept = shapely.get_coordinates(after)
        source = shapely.get_coordinates(before)
        removed = source[~_rows_in(source, kept)]
        if len(removed) == 0:
            continue
        tree = shapely.STRtree(segments)
        points = shapely.points(removed)
        _, distances = tree.query_nearest(points, return_distance=True, all_matches=False)
        worst = max(worst, float(np.max(distances)))
        if stop_above_m is not None and worst > stop_above_m:
            break
    return worst


def simplify_utm(
    utm: list[BaseGeometry],
    *,
    coverage: bool,
    max_error: float = MAX_ERROR_M,
    start_tolerance_m: float = START_TOLERANCE_M,
) -> tuple[list[BaseGeometry], float, float]:
    """Simplify projected geometries within an error budget.

    Parameters
    ----------
    utm
        Geometries in UTM 38N: polygons forming a coverage (``coverage=True``)
        or lines and single polygons.
    coverage
        Simplify polygons as a coverage (shared edges stay shared); otherwise
        each geometry on its own (Douglas–Peucker, topology preserved).
    max_error
        Error budget in metres.
    start_tolerance_m
        First tolerance tried, halved until the measured error fits.

    Returns
    -------
    tuple
        The simplified geometries (UTM 38N), the tolerance used and the
        measured error, both in metres.
    """
    tolerance = start_tolerance_m
    while True:
        if coverage:
            out = list(shapely.coverage_simplify(np.array(utm, dtype=object), tolerance))
        else:
            out = [shapely.simplify(g, tolerance, preserve_topology=True) for g in utm]
        last = tolerance < 0.5
        # A tolerance that will be halved needs only one vertex over the budget to be
        # rejected; the one returned is always measured over every vertex.
        error = max_error_m(utm, out, stop_above_m=None if last else max_error)
        if error <= max_error or last:
            return out, tolerance, error
        tolerance /= 2.0


# ---------------------------------------------------------------- layers


def _is_polygonal(geom: BaseGeometry) -> bool:
    return geom.geom_type.endswith("Polygon")


def _layer_cleaning(
    before: Sequence[BaseGeometry], after: Sequence[BaseGeometry], removed_m2: float
) -> LayerCleaning:
    """Report one layer's cleaning: small rings before and after, area added and removed.

    Cleaning only drops parts (``removed_m2``, m²) and fills water, so the area
    added is the change in area plus what was removed.
    """
    before = [g for g in before if _is_polygonal(g)]
    after = [g for g in after if _is_polygonal(g)]
    change_m2 = float(sum(g.area for g in after) - sum(g.area for g in before))
    return LayerCleaning(
        small_before=sum(small_rings(g) for g in before),
        small_after=sum(small_rings(g) for g in after),
        area_added_m2=max(change_m2 + removed_m2, 0.0),
        area_removed_m2=removed_m2,
    )


@dataclass(frozen=True)
class Cleaned:
    """Cleaned display geometry in UTM 38N.

    ``layers`` holds every layer (``armenia`` is the coverage union of Syunik
    and the rest of Armenia); ``coverage`` the polygons simplified together:
    the neighbours, Azerbaijan, Nakhichevan, the rest of Armenia and Syunik.
    """

    layers: dict[str, list[BaseGeometry]]
    coverage: list[BaseGeometry]
    cleaning: Cleaning


def clean_layers_utm(layers: dict[str, list[Feature]]) -> Cleaned:
    """Clean every layer for display, in UTM 38N (see the module's docstring).

    Parameters
    ----------
    layers
        Full-resolution layers (WGS84) as read by :func:`geo.layerfiles.geojson.read_layer_files`.

    Returns
    -------
    Cleaned
        The cleaned geometries (UTM 38N) and the cleaning report.
    """
    source = {n: to_crs_all([f.geometry for f in fs], UTM38N) for n, fs in layers.items()}
    n_neighbours = len(source["neighbours"])
    armenia, syunik = source["armenia"][0], source["syunik"][0]
    pieces = [*source["neighbours"], source["azerbaijan"][0], source["nakhichevan"][0]]
    pieces += [armenia.difference(syunik), syunik]
    kept = [drop_small_parts(p) for p in pieces]
    dropped_m2 = [p.area - k.area for p, k in zip(pieces, kept, strict=True)]
    filled = fill_pockets(kept)
    members = filled.members
    cleaned: dict[str, list[BaseGeometry]] = {
        "neighbours": members[:n_neighbours],
        "azerbaijan": [members[-4]],
        "nakhichevan": [members[-3]],
        "armenia": [shapely.coverage_union_all(np.array(members[-2:], dtype=object))],
        "syunik": [members[-1]],
    }
    removed_m2 = {
        "neighbours": sum(dropped_m2[:n_neighbours]),
        "azerbaijan": dropped_m2[-4],
        "nakhichevan": dropped_m2[-3],
        "armenia": dropped_m2[-2] + dropped_m2[-1],
        "syunik": dropped_m2[-1],
        "corridor": 0.0,
    }
    land = shapely.coverage_union_all(np.array(members, dtype=object))
    bridges_m: list[float] = []
    for name, geoms in source.items():
        if name in cleaned:
            continue
        cleaned[name] = []
        for geom in geoms:
            out = geom
            if name == "corridor" and _is_polygonal(geom):
                out = clean_band(geom, filled.received[-1])
                removed_m2[name] += geom.difference(out).area
            elif name == "borders":
                out, lengths = bridge_gaps(geom, land)
                bridges_m += lengths
            cleaned[name].append(out)
    report = {
        name: _layer_cleaning(source[name], cleaned[name], removed_m2[name])
        for name in (*COVERAGE_LAYERS, "corridor")
    }
    parts_dropped = sum(
        len(shapely.get_parts(p)) - len(shapely.get_parts(k))
        for p, k in zip(pieces, kept, strict=True)
    )
    cleaning = Cleaning(
        report,
        parts_dropped,
        filled.small_pockets,
        filled.small_area_m2,
        filled.border_pockets,
        filled.border_area_m2,
        len(bridges_m),
        sum(bridges_m),
    )
    return Cleaned(cleaned, members, cleaning)


def clean_layers(layers: dict[str, list[Feature]]) -> dict[str, list[BaseGeometry]]:
    """Return the cleaned, unsimplified display geometry per layer in WGS84.

    This is what the page's simplification starts from, and what its error is
    measured against.
    """
    cleaned = clean_layers_utm(layers).layers
    return {name: to_crs_all(geoms, WGS84, source=UTM38N) for name, geoms in cleaned.items()}


def display_layers(
    layers: dict[str, list[Feature]],
    max_error_m: float | None = MAX_ERROR_M,
) -> Display:
    """Clean and simplify the layers for display.

    Parameters
    ----------
    layers
        Full-resolution layers (WGS84) as read by :func:`geo.layerfiles.geojson.read_layer_files`.
    max_error_m
        Simplification budget in metres; None keeps the cleaned geometry at
        full resolution.

    Returns
    -------
    Display
        The page's geometry per layer (WGS84), the measured simplification
        error (m) and the cleaning report.
    """
    clean = clean_layers_utm(layers)
    cleaned = clean.layers
    out: dict[str, list[BaseGeometry]] = {}
    errors = [0.0]
    if max_error_m is None:
        out = dict(cleaned)
    else:
        start_m = 0.8 * max_error_m
        cover, _, error = simplify_utm(
            clean.coverage, coverage=True, max_error=max_error_m, start_tolerance_m=start_m
        )
        errors.append(error)
        n = len(cleaned["neighbours"])
        out["neighbours"] = cover[:n]
        out["azerbaijan"], out["nakhichevan"] = [cover[n]], [cover[n + 1]]
        out["armenia"] = [shapely.coverage_union_all(np.array(cover[-2:], dtype=object))]
        out["syunik"] = [cover[-1]]
        for name, geoms in cleaned.items():
            if name in out:
                continue
            if name == "places":
                out[name] = geoms
                continue
            out[name], _, error = simplify_utm(
                geoms, coverage=False, max_error=max_error_m, start_tolerance_m=start_m
            )
            errors.append(error)
    shown = {name: to_crs_all(out[name], WGS84, source=UTM38N) for name in layers}
    shown["places"] = [f.geometry for f in layers["places"]]
    return Display(shown, max(errors), clean.cleaning)
