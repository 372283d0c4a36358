"""The layer reader's fast path checks and builds exactly what the slow one does.

The reader checks all positions of a geometry in one numpy pass and builds the
geometry from those arrays; on any doubt it falls back to checking list by list
(for the first breach's message) and to ``shapely.geometry.shape``. These tests
hold the fast path to that: it passes only what the one-by-one check passes,
and builds the same geometry.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import numpy as np
import pytest
import shapely
from helpers import LAYERS_DIR
from shapely.geometry import shape

from geo.errors import LayerError
from geo.layerfiles import geojson

RING = [[45.0, 39.0], [45.1, 39.0], [45.1, 39.1], [45.0, 39.0]]
HOLE = [[45.02, 39.01], [45.05, 39.01], [45.05, 39.04], [45.02, 39.01]]

#: Lists of positions, good and bad (NaN, infinite, bools, text, 3D, ragged, outside).
POSITIONS = [
    RING,
    HOLE,
    [[45, 39], [45.1, 39.1]],
    [[45.0, 39.0, 5.0], [45.1, 39.0, 5.0]],
    [[True, False], [45, 39]],
    [[True, 39.0], [45, 39]],
    [[45.0, float("nan")], [45, 39]],
    [[45, 39], [45, float("inf")]],
    [[45, 39], [45.1]],
    [[45, 39], [45.1, 39, 1, 2]],
    [[45, 39], 3],
    [[45, 39], "a"],
    [[45, 39], [None, 39]],
    [[45, 39], [[45, 39]]],
    [[39, 45], [39.5, 45]],
    [[200, 39], [45, 95]],
    [],
]


def nestings(depth: int) -> list[object]:
    """Geometries' coordinates ``depth`` levels deep, each with bad lists in some places."""
    if depth == 0:
        return [[45.0, 39.0], [45, 39], [True, False], [45.0, float("nan")], [10, 10], []]
    if depth == 1:
        return copy.deepcopy(POSITIONS)
    inner = nestings(depth - 1)
    good = inner[0]
    return [[x] for x in inner] + [[good, x] for x in inner] + [[x, good] for x in inner] + [[]]


@pytest.mark.parametrize("depth", [0, 1, 2, 3])
def test_fast_check_passes_only_what_the_list_by_list_check_passes(depth):
    path = Path("x.geojson")
    for coords in nestings(depth):
        fast = geojson._positions_all_good(coords, depth)
        try:
            slow = geojson._check_positions_one_by_one(coords, depth, path, "#1")
        except LayerError:
            assert fast is None, coords
            continue
        if fast is not None:
            flat_fast = np.concatenate([np.atleast_2d(a) for a in _leaves(fast)])
            flat_slow = np.concatenate([np.atleast_2d(a) for a in _leaves(slow)])
            assert np.array_equal(flat_fast.astype(float), flat_slow.astype(float))


def _leaves(nested: object) -> list[np.ndarray]:
    if isinstance(nested, np.ndarray):
        return [nested]
    return [a for item in nested for a in _leaves(item)]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    "geometry",
    [
        {"type": "Point", "coordinates": [45.0, 39.0]},
        {"type": "LineString", "coordinates": [[45, 39], [45.1, 39.1]]},
        {"type": "Polygon", "coordinates": [RING]},
        {"type": "Polygon", "coordinates": [RING, HOLE]},
        {"type": "MultiLineString", "coordinates": [[[45, 39], [45.1, 39.1]], RING]},
        {"type": "MultiPolygon", "coordinates": [[RING, HOLE], [RING]]},
        {"type": "LineString", "coordinates": [[45, 39, 3.0], [45.1, 39.1, 4.0]]},
    ],
)
def test_geometry_built_from_the_arrays_is_shapes_own(geometry):
    depth = geojson._DEPTH[geometry["type"]]
    arrays = geojson._check_positions(geometry["coordinates"], depth, Path("x"), "#1")
    built = geojson._build_geometry(geometry["type"], arrays)
    built = shape(geometry) if built is None else built
    reference = shape(geometry)
    assert built.geom_type == reference.geom_type
    assert shapely.to_wkb(built, output_dimension=3) == shapely.to_wkb(
        reference, output_dimension=3
    )


def test_committed_layers_read_as_shape_builds_them(layers):
    for spec in geojson.LAYERS:
        doc = json.loads((LAYERS_DIR / f"{spec.name}.geojson").read_text(encoding="utf-8"))
        for feature, raw in zip(layers[spec.name], doc["features"], strict=True):
            assert feature.geometry.wkb == shape(raw["geometry"]).wkb
