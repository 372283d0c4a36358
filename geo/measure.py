"""Lengths and areas of WGS84 geometries, geodesic and projected.

Geodesic figures are computed on the WGS84 ellipsoid with ``pyproj.Geod``
(Karney's algorithms). Projected figures are independent checks: lengths in
UTM zone 38N, areas in a Lambert azimuthal equal-area projection. Nothing here
measures in degrees.
"""

from __future__ import annotations

import math

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.crs import GEOD, LAEA_CAUCASUS, UTM38N, WGS84, transformer


def to_crs(geom: BaseGeometry, target: str, *, source: str = WGS84) -> BaseGeometry:
    """Reproject a shapely geometry vertex by vertex.

    Parameters
    ----------
    geom
        Geometry in ``source`` coordinates.
    target, source
        CRS definitions (see :mod:`geo.crs`).

    Returns
    -------
    BaseGeometry
        The same geometry with its vertices transformed (edges stay straight in
        the target CRS).
    """
    tr = transformer(source, target)

    def _apply(coords: np.ndarray) -> np.ndarray:
        x, y = tr.transform(coords[:, 0], coords[:, 1])
        return np.column_stack([x, y])

    return shapely.transform(geom, _apply)


def length_m(geom: BaseGeometry) -> float:
    """Geodesic length of the lines (or polygon rings) of a WGS84 geometry.

    Parameters
    ----------
    geom
        LineString, MultiLineString, Polygon or MultiPolygon in WGS84 lon/lat.

    Returns
    -------
    float
        Length in metres along geodesics between consecutive vertices.
    """
    if geom.is_empty:
        return 0.0
    return float(GEOD.geometry_length(geom))


def length_m_utm(geom: BaseGeometry) -> float:
    """Planar length of a WGS84 geometry projected to UTM zone 38N, in metres."""
    if geom.is_empty:
        return 0.0
    return float(to_crs(geom, UTM38N).length)


def area_m2(geom: BaseGeometry) -> float:
    """Geodesic area of a WGS84 polygon or multipolygon.

    Rings are oriented (exterior counter-clockwise) first, so the signed area
    pyproj returns is positive and holes are subtracted.

    Parameters
    ----------
    geom
        Polygon or MultiPolygon in WGS84 lon/lat.

    Returns
    -------
    float
        Area in square metres on the WGS84 ellipsoid.
    """
    if geom.is_empty:
        return 0.0
    area, _perimeter = GEOD.geometry_area_perimeter(shapely.orient_polygons(geom))
    return float(area)


def area_m2_equal_area(geom: BaseGeometry) -> float:
    """Planar area in the Lambert azimuthal equal-area projection, in m²."""
    if geom.is_empty:
        return 0.0
    return float(to_crs(geom, LAEA_CAUCASUS).area)


def km(metres: float, *, ndigits: int = 3) -> float:
    """Convert metres to kilometres, rounded for display and storage."""
    return round(metres / 1000.0, ndigits)


def km2(square_metres: float, *, ndigits: int = 3) -> float:
    """Convert square metres to square kilometres, rounded."""
    return round(square_metres / 1e6, ndigits)


def relative_difference(a: float, b: float) -> float:
    """Return ``|a - b| / max(|a|, |b|)``, or 0 when both are 0."""
    scale = max(abs(a), abs(b))
    if scale == 0.0:
        return 0.0
    return abs(a - b) / scale


def is_finite_number(value: object) -> bool:
    """Tell whether ``value`` is a real, finite int or float (not a bool)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
