"""Display geometry: the full-resolution layers simplified for the map page.

Polygons are simplified together as one coverage (shapely's
``coverage_simplify``), so neighbours that share an edge keep sharing it: no
gaps or overlaps open between them. Work happens in UTM zone 38N (metres); the
error is measured as the largest distance from any source vertex to the
simplified outline, and the tolerance is halved until that error is within the
budget. Measurements never use this geometry.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import shapely
from shapely.geometry.base import BaseGeometry

from geo.crs import UTM38N, WGS84
from geo.geojson import Feature
from geo.measure import to_crs

#: Largest allowed displacement of the display outline from the source, metres.
MAX_ERROR_M = 25.0

#: First simplification tolerance tried, metres.
START_TOLERANCE_M = 20.0


@dataclass(frozen=True)
class Simplified:
    """Simplified geometries (WGS84) and the error they carry."""

    geometries: list[BaseGeometry]
    tolerance_m: float
    max_error_m: float
    vertices_before: int
    vertices_after: int


def _segments(geom: BaseGeometry) -> np.ndarray:
    """Return the two-point segments of a geometry's lines or rings."""
    outline = geom.boundary if geom.geom_type.endswith("Polygon") else geom
    segments = []
    for line in shapely.get_parts(outline):
        xy = shapely.get_coordinates(line)
        if len(xy) >= 2:
            segments.append(shapely.linestrings(np.stack([xy[:-1], xy[1:]], axis=1)))
    return np.concatenate(segments) if segments else np.array([], dtype=object)


def _rows_in(rows: np.ndarray, table: np.ndarray) -> np.ndarray:
    """Tell for each (x, y) row of ``rows`` whether it occurs in ``table`` exactly."""
    as_complex = rows[:, 0] + 1j * rows[:, 1]
    return np.isin(as_complex, table[:, 0] + 1j * table[:, 1])


def max_error_m(original_utm: list[BaseGeometry], simplified_utm: list[BaseGeometry]) -> float:
    """Return the largest distance (m) from an original vertex to its simplified outline.

    Each geometry is compared with its own simplified version, through a
    spatial index of the simplified segments.
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
    return worst


def simplify(
    geoms: list[BaseGeometry],
    *,
    coverage: bool,
    max_error: float = MAX_ERROR_M,
    start_tolerance_m: float = START_TOLERANCE_M,
) -> Simplified:
    """Simplify WGS84 geometries in UTM 38N within an error budget.

    Parameters
    ----------
    geoms
        Polygons forming a coverage (``coverage=True``) or lines.
    coverage
        Simplify polygons as a coverage (shared edges stay shared); otherwise
        each line with Douglas–Peucker.
    max_error
        Error budget in metres.
    start_tolerance_m
        First tolerance tried, halved until the measured error fits.

    Returns
    -------
    Simplified
        The geometries in WGS84 and the measured error.
    """
    utm = [to_crs(g, UTM38N) for g in geoms]
    tolerance = start_tolerance_m
    while True:
        if coverage:
            out = list(shapely.coverage_simplify(np.array(utm, dtype=object), tolerance))
        else:
            out = [shapely.simplify(g, tolerance, preserve_topology=True) for g in utm]
        error = max_error_m(utm, out)
        if error <= max_error or tolerance < 0.5:
            break
        tolerance /= 2.0
    return Simplified(
        geometries=[to_crs(g, WGS84, source=UTM38N) for g in out],
        tolerance_m=tolerance,
        max_error_m=error,
        vertices_before=int(sum(shapely.get_num_coordinates(g) for g in geoms)),
        vertices_after=int(sum(shapely.get_num_coordinates(g) for g in out)),
    )


def display_geometries(
    layers: dict[str, list[Feature]], max_error_m: float | None = MAX_ERROR_M
) -> tuple[dict[str, list[BaseGeometry]], float]:
    """Simplify the layers for display; return them and the measured max error (m).

    Polygons of countries and Syunik form one coverage (Armenia as Syunik plus
    the rest of Armenia); lines and the corridor are simplified on their own.
    ``max_error_m`` is the budget in metres; None keeps full resolution.
    """
    if max_error_m is None:
        return {name: [f.geometry for f in features] for name, features in layers.items()}, 0.0
    armenia = layers["armenia"][0].geometry
    syunik = layers["syunik"][0].geometry
    rest = armenia.difference(syunik)
    names = [("neighbours", i) for i in range(len(layers["neighbours"]))]
    names += [("azerbaijan", 0), ("nakhichevan", 0)]
    polys = [layers[n][i].geometry for n, i in names] + [rest, syunik]
    cover = simplify(
        polys, coverage=True, max_error=max_error_m, start_tolerance_m=0.8 * max_error_m
    )
    out: dict[str, list[BaseGeometry]] = {name: [] for name in layers}
    for (name, _), geom in zip(names, cover.geometries[:-2], strict=True):
        out[name].append(geom)
    rest_s, syunik_s = cover.geometries[-2:]
    out["armenia"] = [shapely.coverage_union_all([rest_s, syunik_s])]
    out["syunik"] = [syunik_s]
    errors = [cover.max_error_m]
    for name in ("borders", "connections", "corridor"):
        simplified = simplify(
            [f.geometry for f in layers[name]],
            coverage=False,
            max_error=max_error_m,
            start_tolerance_m=0.8 * max_error_m,
        )
        out[name] = simplified.geometries
        errors.append(simplified.max_error_m)
    out["places"] = [f.geometry for f in layers["places"]]
    return out, max(errors)
