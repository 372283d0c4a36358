"""Property-based tests: the loader and the measurements on random input."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import LineString, box

from geo.errors import GeoError
from geo.layerfiles.geojson import SPECS, parse_feature
from geo.measure.geodesic import (
    area_m2,
    area_m2_equal_area,
    length_m,
    length_m_utm,
    relative_difference,
)

PATH = Path("random.geojson")

# Inside the map's region (UTM zone 38N is the projected reference there).
lons = st.floats(min_value=41.6, max_value=50.9, allow_nan=False)
lats = st.floats(min_value=37.1, max_value=42.9, allow_nan=False)
any_number = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**12), 10**12), st.booleans()
)
positions = st.lists(st.one_of(any_number, st.text(max_size=3), st.none()), min_size=0, max_size=3)
geometry_types = st.sampled_from(
    [
        "Point",
        "LineString",
        "Polygon",
        "MultiPolygon",
        "MultiLineString",
        "GeometryCollection",
        "Nonsense",
    ]
)


def nested(depth: int):
    if depth == 0:
        return positions
    return st.lists(nested(depth - 1), max_size=5)


raw_geometry = st.fixed_dictionaries(
    {"type": geometry_types, "coordinates": st.one_of(nested(0), nested(1), nested(2), nested(3))}
)
values = st.one_of(st.text(max_size=20), any_number, st.none(), st.lists(st.integers(), max_size=2))
raw_properties = st.dictionaries(
    st.sampled_from(["name", "kind", "source", "license", "area_km2", "length_km", "id"]),
    values,
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(geometry=raw_geometry, properties=raw_properties, layer=st.sampled_from(sorted(SPECS)))
def test_loader_raises_only_its_own_error(geometry, properties, layer):
    raw = {"type": "Feature", "geometry": geometry, "properties": properties}
    try:
        feature = parse_feature(raw, 0, SPECS[layer], PATH)
    except GeoError as exc:
        message = str(exc)
        assert message.startswith(str(PATH)) and "\n" not in message
        return
    assert feature.geometry.is_valid and not feature.geometry.is_empty


@st.composite
def boxes(draw):
    x0, y0 = draw(lons), draw(lats)
    dx = draw(st.floats(min_value=0.01, max_value=1.0))
    dy = draw(st.floats(min_value=0.01, max_value=1.0))
    return box(x0, y0, min(x0 + dx, 51.0), min(y0 + dy, 43.0))


@st.composite
def lines(draw):
    points = draw(st.lists(st.tuples(lons, lats), min_size=2, max_size=12, unique=True))
    return LineString(points)


@settings(max_examples=200, deadline=None)
@given(polygon=boxes())
def test_areas_are_finite_positive_and_agree(polygon):
    geodesic, projected = area_m2(polygon), area_m2_equal_area(polygon)
    assert math.isfinite(geodesic) and geodesic > 0
    assert math.isfinite(projected) and projected > 0
    assert relative_difference(geodesic, projected) < 0.005


@settings(max_examples=200, deadline=None)
@given(line=lines())
def test_lengths_are_finite_non_negative_and_agree(line):
    geodesic, projected = length_m(line), length_m_utm(line)
    assert math.isfinite(geodesic) and geodesic >= 0
    assert math.isfinite(projected) and projected >= 0
    if geodesic > 1.0:
        assert relative_difference(geodesic, projected) < 0.005


@settings(max_examples=200, deadline=None)
@given(line=lines(), data=st.data())
def test_splitting_a_line_keeps_its_length(line, data):
    coords = list(line.coords)
    if len(coords) < 3:
        return
    cut = data.draw(st.integers(min_value=1, max_value=len(coords) - 2))
    first, second = LineString(coords[: cut + 1]), LineString(coords[cut:])
    assert length_m(first) + length_m(second) == pytest.approx(length_m(line), rel=1e-9, abs=1e-6)


json_values = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8)),
    lambda children: st.one_of(
        st.lists(children, max_size=4), st.dictionaries(st.text(max_size=10), children, max_size=4)
    ),
    max_leaves=40,
)
documents = st.one_of(
    json_values,
    st.fixed_dictionaries(
        {"type": st.just("FeatureCollection"), "features": st.lists(json_values, max_size=3)}
    ),
    st.fixed_dictionaries(
        {
            "type": st.just("FeatureCollection"),
            "features": st.lists(
                st.fixed_dictionaries(
                    {
                        "type": st.just("Feature"),
                        "geometry": raw_geometry,
                        "properties": raw_properties,
                    }
                ),
                min_size=1,
                max_size=3,
            ),
        }
    ),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=documents, layer=st.sampled_from(sorted(SPECS)), raw=st.booleans())
def test_reading_any_file_raises_only_its_own_error(tmp_path, doc, layer, raw):
    import json

    from geo.layerfiles.geojson import read_layer_file

    path = tmp_path / f"{layer}.geojson"
    text = json.dumps(doc, allow_nan=True)
    path.write_bytes(text.encode()[: len(text) // 2] if raw else text.encode())
    try:
        read_layer_file(path, SPECS[layer])
    except GeoError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
