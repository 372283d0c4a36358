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

import itertools
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry

from geo.errors import LayerError, SourceError

#: Coordinates in the page are integers in units of 1e-5 degree (about 1.1 m).
QUANTUM = 100_000


def _quantise(line: BaseGeometry, quantum: int = QUANTUM) -> list[int]:
    """Delta-code a line's or ring's vertices as integers of 1/quantum degree.

    ``np.rint`` rounds half to even, as Python's ``round`` does, on the same
    products, so the integers are those of rounding vertex by vertex.
    """
    q = np.rint(shapely.get_coordinates(line) * quantum).astype(np.int64)
    return np.diff(q, axis=0, prepend=np.zeros((1, 2), dtype=np.int64)).ravel().tolist()


def _rings(polygon: BaseGeometry, quantum: int) -> list[list[int]]:
    return [_quantise(ring, quantum) for ring in (polygon.exterior, *polygon.interiors)]


def encode_geometry(geom: BaseGeometry, quantum: int = QUANTUM) -> dict[str, Any]:
    """Encode a geometry compactly: rings/lines as delta-coded integers of 1/quantum degree.

    Polygons are oriented first (exteriors counter-clockwise, RFC 7946). The page's
    own display layers use :data:`DISPLAY_QUANTUM`; users' layers keep :data:`QUANTUM`.

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
        enc: Any = _quantise(geom, quantum)
    elif kind == "MultiLineString":
        enc = [_quantise(line, quantum) for line in geom.geoms]
    elif kind == "Polygon":
        enc = _rings(geom, quantum)
    elif kind == "MultiPolygon":
        enc = [_rings(poly, quantum) for poly in geom.geoms]
    else:
        raise SourceError(f"cannot encode a {kind}")
    return {"type": kind, "q": quantum, "enc": enc}


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


# ---------------------------------------------------------------- coarser display grid

#: The page's own display layers use a coarser grid: 1/40,000 degree (2.5e-5°, under 2 m),
#: which adds at most :data:`DISPLAY_QUANTISATION_M` to the simplification's error. The
#: coarser 1/20,000 and 1/32,000 make a spike on the Aras cross itself (the coverage test
#: of ``tests/test_map.py`` fails); 1/40,000 keeps every polygon valid.
DISPLAY_QUANTUM = 40_000


def quantisation_m(quantum: int) -> float:
    """Return the largest move of a vertex rounded to a ``1/quantum``-degree grid, metres.

    Half a cell's diagonal with a degree of 111.32 km on both axes (its largest, at the
    equator), so the bound holds at every latitude.
    """
    half_cell_m = 111_320.0 / quantum / 2.0
    return float(np.hypot(half_cell_m, half_cell_m))


#: How far rounding to :data:`DISPLAY_QUANTUM` may move a vertex: about 1.97 m.
DISPLAY_QUANTISATION_M = quantisation_m(DISPLAY_QUANTUM)


# ---------------------------------------------------------------- shared arcs

#: Key of the shared arcs in the page's packed data (see :func:`share_arcs`).
TOPOLOGY = "topology"


def _absolute(flat: list[int]) -> list[tuple[int, int]]:
    coords = np.cumsum(np.array(flat, dtype=np.int64).reshape(-1, 2), axis=0)
    return [(int(x), int(y)) for x, y in coords]


def _paths(kind: str, enc: Any) -> list[list[int]]:
    """Return an encoded geometry's lines or rings, flat, in order."""
    if kind == "LineString":
        return [enc]
    if kind in ("MultiLineString", "Polygon"):
        return list(enc)
    return [ring for polygon in enc for ring in polygon]


def _nest(kind: str, enc: Any, items: list[Any]) -> Any:
    """Return ``items`` (one per path of ``enc``) nested as ``enc`` nests its paths."""
    if kind == "LineString":
        return items[0]
    if kind in ("MultiLineString", "Polygon"):
        return items
    out, i = [], 0
    for polygon in enc:
        out.append(items[i : i + len(polygon)])
        i += len(polygon)
    return out


def _packable(geometry: Any, quantum: int) -> bool:
    return (
        isinstance(geometry, dict)
        and "enc" in geometry
        and geometry.get("q") == quantum
        and geometry.get("type") in ("LineString", "MultiLineString", "Polygon", "MultiPolygon")
    )


def _junctions(paths: list[list[tuple[int, int]]]) -> set[tuple[int, int]]:
    """Return the vertices where paths meet or part, and every path's first and last vertex.

    A vertex is a junction when it is seen with more than one pair of neighbours (as
    TopoJSON finds them); cutting every path there makes the stretches two outlines
    share into the same arcs.
    """
    seen: dict[tuple[int, int], frozenset[Any]] = {}
    junctions: set[tuple[int, int]] = set()
    for path in paths:
        junctions.add(path[0])
        junctions.add(path[-1])
        closed = len(path) > 2 and path[0] == path[-1]
        ring = path[:-1] if closed else path
        n = len(ring)
        for i, point in enumerate(ring):
            before: tuple[int, int] | None
            after: tuple[int, int] | None
            if closed:
                before, after = ring[i - 1], ring[(i + 1) % n]
            else:
                before = ring[i - 1] if i > 0 else None
                after = ring[i + 1] if i < n - 1 else None
            pair = frozenset((before, after))
            if point not in seen:
                seen[point] = pair
            elif seen[point] != pair:
                junctions.add(point)
    return junctions


def share_arcs(data: dict[str, Any], quantum: int = DISPLAY_QUANTUM) -> dict[str, Any]:
    """Return the page data with the lines and rings its layers share stored once.

    Every encoded geometry on the ``1/quantum`` grid is cut into arcs at the vertices
    where outlines meet or part (:func:`_junctions`); each arc is kept once, and the
    geometry becomes ``{"type", "arcs"}``, nested as ``enc`` was, each path a list of
    arc numbers (``~i`` for arc ``i`` read backwards), each number written as its
    difference from the one before it in the document (layers, features, paths in
    order; the first from -1), so runs of new arcs are runs of 1. The arcs go in
    ``data["topology"] = {"q", "arcs"}``, each a flat list of integer steps whose first
    step is from the previous arc's last vertex (the first arc's from 0, 0).
    :func:`restore_arcs`, and ``core/pack.js`` in the page, give back ``data`` exactly.
    Other geometries (points, users' layers on their own grid) are left as they are.

    Parameters
    ----------
    data
        The page's model (:func:`geo.page.model.page_data`); not modified.
    quantum
        The grid (units per degree) of the geometries to share.
    """
    layers = data.get("layers", [])
    found: list[tuple[int, int, dict[str, Any]]] = []
    paths: list[list[tuple[int, int]]] = []
    for li, layer in enumerate(layers):
        for fi, feature in enumerate(layer.get("geojson", {}).get("features", [])):
            geometry = feature.get("geometry")
            if _packable(geometry, quantum):
                found.append((li, fi, geometry))
                paths += [_absolute(p) for p in _paths(geometry["type"], geometry["enc"])]
    if not found:
        return data
    junctions = _junctions(paths)
    index: dict[tuple[tuple[int, int], ...], int] = {}
    arcs: list[tuple[tuple[int, int], ...]] = []

    def arc_of(points: list[tuple[int, int]]) -> int:
        key = tuple(points)
        if key in index:
            return index[key]
        back = key[::-1]
        if back in index:
            return ~index[back]
        index[key] = len(arcs)
        arcs.append(key)
        return index[key]

    refs = []
    previous = -1
    for path in paths:
        cuts = [i for i, point in enumerate(path) if point in junctions]
        numbers = [arc_of(path[a : b + 1]) for a, b in itertools.pairwise(cuts)]
        written = []
        for number in numbers:  # each the step from the one before, in document order
            written.append(number - previous)
            previous = number
        refs.append(written)
    flat_arcs: list[list[int]] = []
    last = (0, 0)
    for arc in arcs:
        steps: list[int] = []
        for x, y in arc:
            steps += [x - last[0], y - last[1]]
            last = (x, y)
        flat_arcs.append(steps)
    out = dict(data)
    out["layers"] = [dict(layer) for layer in layers]
    done = 0
    for li, fi, geometry in found:
        layer = out["layers"][li]
        if layer["geojson"] is layers[li]["geojson"]:
            layer["geojson"] = {**layer["geojson"], "features": list(layer["geojson"]["features"])}
        count = len(_paths(geometry["type"], geometry["enc"]))
        shared = _nest(geometry["type"], geometry["enc"], refs[done : done + count])
        done += count
        feature = layer["geojson"]["features"][fi]
        layer["geojson"]["features"][fi] = {
            **feature,
            "geometry": {"type": geometry["type"], "arcs": shared},
        }
    out[TOPOLOGY] = {"q": quantum, "arcs": flat_arcs}
    return out


def restore_arcs(packed: dict[str, Any]) -> dict[str, Any]:
    """Return the page data :func:`share_arcs` packed, exactly as it was.

    Raises
    ------
    LayerError
        If a geometry names an arc the topology does not have.
    """
    if TOPOLOGY not in packed:
        return packed
    topology = packed[TOPOLOGY]
    quantum = topology["q"]
    arcs: list[list[tuple[int, int]]] = []
    x = y = 0
    for steps in topology["arcs"]:
        arc = []
        for i in range(0, len(steps), 2):
            x += steps[i]
            y += steps[i + 1]
            arc.append((x, y))
        arcs.append(arc)

    previous = -1

    def path(steps: list[int]) -> list[int]:
        nonlocal previous
        points: list[tuple[int, int]] = []
        for step in steps:
            number = previous + step
            previous = number
            if not -len(arcs) <= number < len(arcs):
                raise LayerError(f"page data: no arc {number}")
            arc = arcs[number] if number >= 0 else arcs[~number][::-1]
            points += arc[1:] if points else arc
        flat: list[int] = []
        last = (0, 0)
        for px, py in points:
            flat += [px - last[0], py - last[1]]
            last = (px, py)
        return flat

    def geometry(geom: dict[str, Any]) -> dict[str, Any]:
        kind, shared = geom["type"], geom["arcs"]
        paths = [path(p) for p in _paths(kind, shared)]
        return {"type": kind, "q": quantum, "enc": _nest(kind, shared, paths)}

    out = {k: v for k, v in packed.items() if k != TOPOLOGY}
    out["layers"] = [
        {
            **layer,
            "geojson": {
                **layer["geojson"],
                "features": [
                    {**f, "geometry": geometry(f["geometry"])}
                    if isinstance(f.get("geometry"), dict) and "arcs" in f["geometry"]
                    else f
                    for f in layer["geojson"]["features"]
                ],
            },
        }
        if isinstance(layer.get("geojson"), dict)
        else layer
        for layer in packed.get("layers", [])
    ]
    return out
