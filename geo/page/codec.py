"""The page's compact geometry: coordinates as delta-coded integers, and back.

A line or ring is written as one flat list ``[dx0, dy0, dx1, dy1, ...]`` of
integers in units of ``1/q`` degree (``q`` = :data:`QUANTUM`, about 1.1 m):
the first pair is the first vertex, each next pair the step from the one
before. An encoded geometry is ``{"type", "q", "enc"}``; points stay plain
GeoJSON (``coordinates`` rounded to 5 decimals). The page's script decodes the
same format (``geo/static/js``); :func:`decode_geometry` is the Python decoder,
which the folium map uses.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.errors import LayerError, SourceError

#: Coordinates in the page are integers in units of 1e-5 degree (about 1.1 m).
QUANTUM = 100_000


def _quantise(line: BaseGeometry) -> list[int]:
    """Delta-code a line's or ring's vertices as integers of 1/QUANTUM degree.

    ``np.rint`` rounds half to even, as Python's ``round`` does, on the same
    products, so the integers are those of rounding vertex by vertex.
    """
    q = np.rint(shapely.get_coordinates(line) * QUANTUM).astype(np.int64)
    return np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel().tolist()


def _rings(polygon: BaseGeometry) -> list[list[int]]:
    return [_quantise(ring) for ring in (polygon.exterior, *polygon.interiors)]


def encode_geometry(geom: BaseGeometry) -> dict[str, Any]:
    """Encode a geometry compactly: rings/lines as delta-coded 1e-5° integers.

    Polygons are oriented first (exteriors counter-clockwise, RFC 7946).

    Raises
    ------
    SourceError
        For a geometry type the page does not draw (MultiPoint, collections).
    """
    geom = shapely.orient_polygons(geom) if geom.geom_type.endswith("Polygon") else geom
    kind = geom.geom_type
    if kind == "Point":
        coords = mapping(geom)["coordinates"]
        return {"type": "Point", "coordinates": [round(coords[0], 5), round(coords[1], 5)]}
    if kind == "LineString":
        enc: Any = _quantise(geom)
    elif kind == "MultiLineString":
        enc = [_quantise(line) for line in geom.geoms]
    elif kind == "Polygon":
        enc = _rings(geom)
    elif kind == "MultiPolygon":
        enc = [_rings(poly) for poly in geom.geoms]
    else:
        raise SourceError(f"cannot encode a {kind}")
    return {"type": kind, "q": QUANTUM, "enc": enc}


def _decode_line(flat: list[int], q: float) -> list[list[float]]:
    coords = []
    x = y = 0
    for i in range(0, len(flat), 2):
        x += flat[i]
        y += flat[i + 1]
        coords.append([x / q, y / q])
    return coords


def decode_geometry(geometry: dict[str, Any]) -> dict[str, Any]:
    """Return a page geometry (compact ``{"type", "q", "enc"}`` or plain) as GeoJSON.

    Raises
    ------
    LayerError
        For an encoded type :func:`encode_geometry` does not write.
    """
    if "enc" not in geometry:
        return geometry
    kind, q, enc = geometry["type"], float(geometry["q"]), geometry["enc"]
    if kind == "LineString":
        coords: Any = _decode_line(enc, q)
    elif kind in ("MultiLineString", "Polygon"):
        coords = [_decode_line(line, q) for line in enc]
    elif kind == "MultiPolygon":
        coords = [[_decode_line(ring, q) for ring in poly] for poly in enc]
    else:
        raise LayerError(f"page data: cannot decode a {kind}")
    return {"type": kind, "coordinates": coords}
