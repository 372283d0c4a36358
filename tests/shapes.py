"""Made-up shapes for the geometry step tests, drawn in km on the UTM 38N grid.

Every shape is laid out in kilometres east and north of ``ORIGIN_UTM38N``
(about 46.0°E 39.0°N, in Syunik), so its right answer can be worked out by
hand in metres; :func:`lonlat` turns it into WGS84 lon/lat as the build steps
expect, and :func:`utm` measures a WGS84 result back in UTM 38N.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
import shapely
from shapely.geometry import LineString, Polygon
from shapely.geometry.base import BaseGeometry

from geo.crs import UTM38N, WGS84
from geo.measure.geodesic import to_crs

#: Easting and northing of the shapes' (0 km, 0 km), in metres: about 46.0°E 39.0°N.
ORIGIN_UTM38N = (586_000.0, 4_317_000.0)

Km = tuple[float, float]


def at(x_km: float, y_km: float) -> tuple[float, float]:
    """Return the UTM 38N point ``x_km`` east and ``y_km`` north of the origin, in metres."""
    return (ORIGIN_UTM38N[0] + 1000.0 * x_km, ORIGIN_UTM38N[1] + 1000.0 * y_km)


def _edge(a: Km, b: Km, step_km: float | None) -> list[Km]:
    """Points from ``a`` (included) towards ``b`` (excluded) every ``step_km``."""
    if step_km is None:
        return [a]
    count = max(round(max(abs(b[0] - a[0]), abs(b[1] - a[1])) / step_km), 1)
    return [
        (a[0] + (b[0] - a[0]) * i / count, a[1] + (b[1] - a[1]) * i / count) for i in range(count)
    ]


def ring_utm(corners_km: Sequence[Km], step_km: float | None = None) -> list[tuple[float, float]]:
    """Return a closed ring through ``corners_km`` in UTM 38N metres, a vertex every ``step_km``."""
    points: list[Km] = []
    for a, b in zip(corners_km, [*corners_km[1:], corners_km[0]], strict=True):
        points += _edge(a, b, step_km)
    coords = [at(x, y) for x, y in points]
    return [*coords, coords[0]]


def polygon_utm(
    corners_km: Sequence[Km], step_km: float | None = None, holes_km: Iterable[Sequence[Km]] = ()
) -> Polygon:
    """Return a polygon in UTM 38N metres from corners (and holes) in km, densified."""
    return Polygon(ring_utm(corners_km, step_km), [ring_utm(h) for h in holes_km])


def box_utm(x0: float, y0: float, x1: float, y1: float, step_km: float | None = None) -> Polygon:
    """Return the rectangle [x0, x1] × [y0, y1] km, counter-clockwise, in UTM 38N metres."""
    return polygon_utm([(x0, y0), (x1, y0), (x1, y1), (x0, y1)], step_km)


def line_utm(points_km: Sequence[Km]) -> LineString:
    """Return a line through ``points_km``, in UTM 38N metres."""
    return LineString([at(x, y) for x, y in points_km])


def lonlat(geom_utm: BaseGeometry) -> BaseGeometry:
    """Return the same shape in WGS84 lon/lat (vertex by vertex)."""
    return to_crs(geom_utm, WGS84, source=UTM38N)


def box_ll(x0: float, y0: float, x1: float, y1: float, step_km: float | None = None) -> Polygon:
    """:func:`box_utm` in WGS84 lon/lat."""
    geom = lonlat(box_utm(x0, y0, x1, y1, step_km))
    assert isinstance(geom, Polygon)
    return geom


def utm(geom: BaseGeometry) -> BaseGeometry:
    """Return a WGS84 geometry in UTM 38N metres."""
    return to_crs(geom, UTM38N)


def km_of(geom: BaseGeometry) -> np.ndarray:
    """Return the vertices of a WGS84 geometry as km east and north of the origin (UTM 38N)."""
    return (shapely.get_coordinates(utm(geom)) - np.asarray(ORIGIN_UTM38N)) / 1000.0
