"""The layers as GeoDataFrames, and the measurements taking a GeoSeries."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import numpy as np
import pytest
import shapely
from helpers import LAYERS_DIR, ROOT
from shapely.testing import assert_geometries_equal

import geo
from geo.crs import GEOD
from geo.errors import LayerError
from geo.layerfiles.geojson import LAYERS
from geo.measure import geodesic as measure

#: The vectorised measures equal the per-geometry ones to this (relative).
REL = 1e-9


@pytest.fixture(scope="module")
def frames():
    return geo.read_layers(LAYERS_DIR)


def test_read_layers_gives_one_geodataframe_per_layer_in_wgs84(frames, layers):
    import geopandas as gpd

    assert list(frames) == [spec.name for spec in LAYERS]
    for name, frame in frames.items():
        assert isinstance(frame, gpd.GeoDataFrame)
        assert frame.crs.to_epsg() == 4326
        assert len(frame) == len(layers[name])
        for row, feature in zip(frame.itertuples(), layers[name], strict=True):
            assert_geometries_equal(row.geometry, feature.geometry, normalize=True)
            assert row.name == feature.properties["name"]


def test_properties_are_columns_and_a_missing_one_is_missing(frames, layers):
    places = frames["places"]
    for key in ("id", "name", "kind", "source", "license"):
        assert key in places.columns
    assert list(places.columns)[-1] == "geometry"
    corridor = frames["corridor"]
    keys = {k for f in layers["corridor"] for k in f.properties}
    assert keys <= set(corridor.columns)
    # A property only some features carry is None/NaN in the others' rows.
    partial = [k for k in keys if any(k not in f.properties for f in layers["corridor"])]
    for key in partial:
        assert corridor[key].isna().any()


def test_read_layer_reads_one_and_refuses_an_unknown_name():
    corridor = geo.read_layer("corridor", LAYERS_DIR)
    assert sorted(corridor.geometry.geom_type) == ["LineString", "Polygon"]
    with pytest.raises(LayerError, match="no layer 'roads'"):
        geo.read_layer("roads", LAYERS_DIR)


def test_the_layer_contract_is_checked(tmp_path):
    layers = tmp_path / "layers"
    shutil.copytree(LAYERS_DIR, layers)
    path = layers / "places.geojson"
    doc = json.loads(path.read_text(encoding="utf-8"))
    del doc["features"][0]["properties"]["source"]
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(LayerError, match=r"places\.geojson: feature #1 .*lacks required property"):
        geo.read_layer("places", layers)
    with pytest.raises(LayerError, match=r"places\.geojson"):
        geo.read_layers(layers)


def test_measures_take_a_geoseries_and_agree_with_one_geometry_at_a_time(frames):
    for frame in frames.values():
        lines = frame[~frame.geom_type.isin(["Point", "MultiPoint"])]
        if lines.empty:
            continue
        got = measure.length_m(lines.geometry)
        assert list(got.index) == list(lines.index)
        want = [measure.length_m(g) for g in lines.geometry]
        np.testing.assert_allclose(got.to_numpy(), want, rtol=REL)
        got_utm = measure.length_m_utm(lines.geometry)
        np.testing.assert_allclose(
            got_utm.to_numpy(), [measure.length_m_utm(g) for g in lines.geometry], rtol=REL
        )
        polys = frame[frame.geom_type.isin(["Polygon", "MultiPolygon"])]
        if polys.empty:
            continue
        areas = measure.area_m2(polys.geometry)
        np.testing.assert_allclose(
            areas.to_numpy(), [measure.area_m2(g) for g in polys.geometry], rtol=REL
        )
        # ...and with pyproj's own per-ring measure, as the project measured before.
        np.testing.assert_allclose(
            areas.to_numpy(),
            [GEOD.geometry_area_perimeter(shapely.orient_polygons(g))[0] for g in polys.geometry],
            rtol=REL,
        )
        laea = measure.area_m2_equal_area(polys.geometry)
        np.testing.assert_allclose(
            laea.to_numpy(), [measure.area_m2_equal_area(g) for g in polys.geometry], rtol=REL
        )


def test_stored_measures_match_the_vectorised_ones(frames):
    borders = frames["borders"]
    np.testing.assert_allclose(
        measure.length_m(borders.geometry) / 1e3, borders["length_km"], atol=0.0015
    )
    countries = frames["neighbours"]
    np.testing.assert_allclose(
        measure.area_m2(countries.geometry) / 1e6, countries["area_km2"], rtol=1e-3
    )


def test_vectorised_measures_on_hand_made_shapes():
    # A 1°×1° square with a hole, on the equator, and a line, a point, an empty and a missing.
    square = shapely.Polygon(
        [(0, 0), (0, 1), (1, 1), (1, 0), (0, 0)],  # clockwise: oriented before measuring
        holes=[[(0.25, 0.25), (0.75, 0.25), (0.75, 0.75), (0.25, 0.75), (0.25, 0.25)]],
    )
    geoms = [square, shapely.LineString([(0, 0), (1, 0)]), shapely.Point(0, 0),
             shapely.LineString(), None]  # fmt: skip
    areas = measure.area_m2(geoms)
    assert areas[0] == pytest.approx(measure.area_m2(square), rel=REL)
    pyproj_area = GEOD.geometry_area_perimeter(shapely.orient_polygons(square))[0]
    assert areas[0] == pytest.approx(pyproj_area, rel=REL)
    # Two polygons far apart, one with two holes: every ring counted once, with its sign.
    far = shapely.MultiPolygon(
        [
            square,
            shapely.box(40, 30, 41, 31).difference(
                shapely.MultiPolygon(
                    [shapely.box(40.1, 30.1, 40.2, 30.2), shapely.box(40.5, 30.5, 40.6, 30.6)]
                )
            ),
        ]
    )
    want = GEOD.geometry_area_perimeter(shapely.orient_polygons(far))[0]
    assert measure.area_m2(far) == pytest.approx(want, rel=REL)
    assert measure.area_m2([far])[0] == pytest.approx(want, rel=REL)
    assert areas[0] > 0
    assert list(areas[1:4]) == [0.0, 0.0, 0.0]
    assert np.isnan(areas[4])
    lengths = measure.length_m(geoms)
    # One degree of longitude on the equator of WGS84: 111 319.49 m.
    assert lengths[1] == pytest.approx(111_319.49, abs=0.01)
    assert lengths[0] == pytest.approx(measure.length_m(square), rel=REL)
    assert lengths[2] == 0.0
    assert np.isnan(lengths[4])


def test_measure_module_never_imports_geopandas():
    code = (
        "import geo.measure.geodesic, sys; "
        "print('geopandas' in sys.modules, 'pandas' in sys.modules)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.split() == ["False", "False"]
