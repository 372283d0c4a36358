"""Construct the illustrative centreline and band of the Syunik transit route.

No official alignment is published. The route is drawn where the Soviet
Julfa–Horadiz railway ran: along the Armenian bank of the Aras, between the two
points where Armenia, Iran and Azerbaijan (Nakhichevan in the west, the
mainland in the east) meet. All steps work in UTM zone 38N, in metres.

1. The bank: the stretch of Syunik's outline that runs along Iran (vertices
   within ``match_m`` of Iran's polygon), from the western to the eastern end.
2. Smoothing: the bank resampled every ``step_m`` and averaged over a moving
   window of ``window_m``, as a railway does not follow bends shorter than that.
3. Offset: the smoothed line moved ``inland_m`` into Syunik.
4. Ends: joined to the two ends of the bank, which lie on Armenia's border.
5. Containment: where the line would leave Syunik (the mapped river reaches
   further into the bank there), it follows Syunik's edge ``margin_m`` inside.

The length is measured afterwards; nothing here aims at a target figure.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry import LineString, MultiLineString, Point, Polygon
from shapely.geometry.base import BaseGeometry
from shapely.ops import substring

from geo.crs import UTM38N, WGS84
from geo.errors import TopologyError
from geo.measure.geodesic import area_m2, to_crs
from geo.steps.boundaries import parts


@dataclass(frozen=True)
class RouteParams:
    """Parameters of the construction, in metres."""

    match_m: float = 200.0
    step_m: float = 50.0
    window_m: float = 1000.0
    inland_m: float = 300.0
    margin_m: float = 20.0
    band_width_m: float = 1000.0

    def describe(self) -> str:
        """Return the method as one sentence for the layer's ``method`` property."""
        return (
            "Armenian bank of the Aras (Syunik's outline within "
            f"{self.match_m:g} m of Iran's polygon, between the two tripoints), resampled every "
            f"{self.step_m:g} m, smoothed with a {self.window_m:g} m moving average, moved "
            f"{self.inland_m:g} m inland, joined to Armenia's border at both ends, and kept "
            f"{self.margin_m:g} m inside Syunik where the mapped river reaches further in; "
            "computed in UTM zone 38N."
        )


def bank(syunik_utm: Polygon, iran_utm: BaseGeometry, match_m: float) -> LineString:
    """Return the stretch of Syunik's outline along Iran, west to east (UTM 38N).

    Raises
    ------
    TopologyError
        If no part of Syunik's outline lies within ``match_m`` of Iran.
    """
    coords = np.asarray(syunik_utm.exterior.coords)[:-1, :2]
    dist = shapely.distance(shapely.points(coords), iran_utm)
    if not (dist <= match_m).any():
        raise TopologyError(f"Syunik's outline comes nowhere within {match_m:g} m of Iran")
    # Start the ring at its vertex farthest from Iran, so the stretch does not wrap.
    coords = np.roll(coords, -int(np.argmax(dist)), axis=0)
    dist = np.roll(dist, -int(np.argmax(dist)))
    near = np.flatnonzero(dist <= match_m)
    stretch = coords[near[0] : near[-1] + 1]
    if stretch[0, 0] > stretch[-1, 0]:
        stretch = stretch[::-1]
    return LineString(stretch)


def smooth(line: LineString, step_m: float, window_m: float) -> LineString:
    """Resample ``line`` every ``step_m`` and average over ``window_m`` (metres)."""
    count = max(int(line.length // step_m), 1) + 1
    points = shapely.line_interpolate_point(line, np.linspace(0.0, line.length, count))
    xy = shapely.get_coordinates(points)
    half = max(int(window_m / step_m) // 2, 1)
    padded = np.vstack([np.repeat(xy[:1], half, axis=0), xy, np.repeat(xy[-1:], half, axis=0)])
    kernel = np.full(2 * half + 1, 1.0 / (2 * half + 1))
    return LineString(
        np.column_stack(
            [np.convolve(padded[:, 0], kernel, "valid"), np.convolve(padded[:, 1], kernel, "valid")]
        )
    )


def along_edge(ring: LineString, a: Point, b: Point) -> list[tuple[float, float]]:
    """Return the shorter way from ``a`` to ``b`` along a closed ring."""
    pa, pb = ring.project(a), ring.project(b)
    lo, hi = min(pa, pb), max(pa, pb)
    inner = substring(ring, lo, hi)
    # Either piece is a point when a or b falls on the ring's start.
    pieces = [
        piece
        for piece in (substring(ring, hi, ring.length), substring(ring, 0.0, lo))
        if isinstance(piece, LineString) and piece.length > 0
    ]
    outer = shapely.line_merge(MultiLineString(pieces)) if pieces else LineString()
    way = inner if outer.is_empty or inner.length <= outer.length else outer
    coords = list(way.coords)
    if Point(coords[0]).distance(a) > Point(coords[-1]).distance(a):
        coords.reverse()
    return coords


#: Pieces of a line whose ends lie this close (in metres) are one stretch inside.
_TOUCH_M = 1e-6


def keep_inside(line: LineString, area: Polygon) -> LineString:
    """Replace the stretches of ``line`` outside ``area`` by ways along its edge.

    The way taken is the shorter one along the ring (outline or hole) where
    the line leaves ``area``.
    """
    inside = line.intersection(area)
    parts_inside = getattr(inside, "geoms", [inside])
    pieces = [g for g in parts_inside if isinstance(g, LineString) and not g.is_empty]
    if not pieces:
        raise TopologyError("the route's centreline lies wholly outside Syunik")
    pieces.sort(key=lambda g: line.project(Point(g.coords[0])))
    rings = [LineString(r.coords) for r in (area.exterior, *area.interiors)]
    coords = list(pieces[0].coords)
    for piece in pieces[1:]:
        exit_point, entry_point = Point(coords[-1]), Point(piece.coords[0])
        if exit_point.distance(entry_point) <= _TOUCH_M:
            # The overlay split the line where it stays inside: no way along the edge.
            coords += list(piece.coords)[1:]
            continue
        # The line leaves through the outline or around a hole (mapped water).
        ring = min(rings, key=lambda r: r.distance(exit_point))
        coords += along_edge(ring, exit_point, entry_point)
        coords += list(piece.coords)
    return LineString(coords)


def _offset(line: LineString, distance_m: float) -> BaseGeometry:
    """Move ``line`` sideways by ``distance_m`` metres (left if positive), round joins.

    GEOS may return the offset of a straight stretch in pieces that join end to
    end; those are merged into one line.
    """
    moved = line.offset_curve(distance_m, quad_segs=8, join_style="round")
    if isinstance(moved, MultiLineString):
        return shapely.line_merge(moved, directed=True)
    return moved


def centreline(
    syunik: Polygon, iran: BaseGeometry, params: RouteParams | None = None
) -> LineString:
    """Build the route's centreline from the Syunik and Iran polygons.

    Parameters
    ----------
    syunik, iran
        Polygons in WGS84 lon/lat.
    params
        Construction parameters in metres (defaults: :class:`RouteParams`).

    Returns
    -------
    LineString
        West-to-east centreline in WGS84; both ends on Syunik's outline.

    Raises
    ------
    TopologyError
        If the construction cannot stay inside Syunik.
    """
    params = params or RouteParams()
    syunik_utm = to_crs(syunik, UTM38N)
    iran_utm = to_crs(iran, UTM38N)
    shapely.prepare(iran_utm)
    edge = bank(syunik_utm, iran_utm, params.match_m)
    smoothed = smooth(edge, params.step_m, params.window_m)
    moved = _offset(smoothed, params.inland_m)
    if not syunik_utm.contains(moved.interpolate(0.5, normalized=True)):
        moved = _offset(smoothed, -params.inland_m)
    if not isinstance(moved, LineString):
        raise TopologyError("the smoothed bank does not offset to a single line")
    if Point(moved.coords[0]).distance(Point(edge.coords[0])) > Point(moved.coords[-1]).distance(
        Point(edge.coords[0])
    ):
        moved = moved.reverse()
    safe_parts = parts(syunik_utm.buffer(-params.margin_m, quad_segs=8))
    if not safe_parts:
        raise TopologyError("Syunik is narrower than the route's margin")
    safe = max(safe_parts, key=lambda p: p.area)
    inner = keep_inside(moved, safe)
    line_utm = LineString([edge.coords[0], *inner.coords, edge.coords[-1]])
    return to_crs(line_utm, WGS84, source=UTM38N)


def band(line: LineString, syunik: Polygon, width_m: float) -> Polygon:
    """Return the illustrative band: ``width_m`` wide around ``line``, within Syunik.

    Raises
    ------
    TopologyError
        If the band is not one polygon.
    """
    strip_utm = to_crs(line, UTM38N).buffer(width_m / 2.0, quad_segs=8, cap_style="flat")
    clipped = to_crs(strip_utm, WGS84, source=UTM38N).intersection(syunik)
    pieces = parts(clipped)
    if not pieces:
        raise TopologyError("the route's band does not overlap Syunik")
    return max(pieces, key=area_m2)
