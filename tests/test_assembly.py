"""The whole layer assembly (``geo.steps.assemble.build_features``) on a small made-up region.

Countries are rectangles drawn in km on the UTM 38N grid near 46°E 39°N (see
``shapes.py``), a vertex every km, so every layer's right answer can be worked
out by hand:

    y (km)
    160 +-------------------+-----------------------------------+
        | Turkey            | Georgia                           |
    120 |                   +---------------+-------------------+
        |                   | Armenia     ■ |                   |
        |                   | (Vayots Dzor) | Azerbaijan        |
     60 |      +------------+               | (mainland)        |
        |      |Nakhichevan |               |                   |
     30 |      |            | - - - - - - - |          □        |
        |      |            | Syunik        |                   |
      0 +------+------------+---------------+-------------------+
        |  Iran, 50 m south of the others                       |
        x:  -100   -60         -20              20                 80

Armenia keeps an exclave □ (x 30..32, y 30..32 km) inside Azerbaijan's polygon,
and Azerbaijan one ■ (x -10..-8, y 110..112 km, north of 39.9°N, so outside
Nakhichevan's box) inside Armenia's. Natural Earth's provinces stop 2 km short of
Armenia's sides at the 30 km northing. Nakhichevan (45.3–45.8°E, 39.0–39.5°N)
lies inside ``NAKHICHEVAN_BBOX``; the mainland reaches east of it.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping
from shapes import box_ll, km_of, lonlat, polygon_utm, utm

from geo.layerfiles.geojson import LAYERS, read_layer_files
from geo.measure.geodesic import area_m2
from geo.sources import packages as sources
from geo.steps.assemble import build_features, write_layers

#: UTM 38N areas of shapes drawn on it; the build snaps vertices to 1e-6° (~0.1 m).
AREA_REL = 1e-5
#: UTM 38N lengths, km; the same snapping (well under a metre over 100 km).
LENGTH_ABS_KM = 0.002


def utm_km2(geom) -> float:
    return float(utm(geom).area) / 1e6


@pytest.fixture(scope="module")
def built():
    armenia = box_ll(-20, 0, 20, 120, step_km=1)
    armenian_exclave = box_ll(30, 30, 32, 32, step_km=1)
    azerbaijani_exclave = box_ll(-10, 110, -8, 112, step_km=1)
    mainland = box_ll(20, 0, 80, 120, step_km=1)
    nakhichevan = box_ll(-60, 0, -20, 60, step_km=1)
    turkey = lonlat(
        polygon_utm([(-100, 0), (-60, 0), (-60, 60), (-20, 60), (-20, 160), (-100, 160)], 1)
    )
    # The world file's coordinates have 6 decimals, the grid the layers are stored on
    # (the build relies on it: neighbours are clipped before they are snapped).
    countries = {
        code: shapely.transform(geom, lambda xy: np.round(xy, 6))
        for code, geom in {
            "ARM": MultiPolygon([armenia, armenian_exclave]),
            "AZE": MultiPolygon([mainland, nakhichevan, azerbaijani_exclave]),
            "IRN": box_ll(-100, -40, 100, -0.05, step_km=1),
            "TUR": turkey,
            # Drawn 1 km over Armenia and Azerbaijan, as neighbouring sources overlap.
            "GEO": box_ll(-20, 119, 80, 160, step_km=1),
            "RUS": box_ll(0, 700, 50, 750),  # 45°N: outside the map's view
        }.items()
    }
    provinces = {
        "type": "FeatureCollection",
        "features": [
            {"properties": {"name": name}, "geometry": mapping(geom)}
            for name, geom in (
                ("Syunik", box_ll(-18, -1, 18, 30)),
                ("Vayots Dzor", box_ll(-18, 30, 18, 119)),
            )
        ],
    }
    features = build_features(
        countries, provinces, sources.places(), sources.packages(), progress=lambda _: None
    )
    return {name: {f.properties["id"]: f for f in feats} for name, feats in features.items()}


def test_layers_come_in_the_contracts_order_and_pass_the_reader(built, tmp_path):
    assert list(built) == [spec.name for spec in LAYERS]
    layers = {name: list(feats.values()) for name, feats in built.items()}
    write_layers(layers, tmp_path / "layers")
    assert {name: len(f) for name, f in read_layer_files(tmp_path / "layers").items()} == {
        name: len(f) for name, f in layers.items()
    }


def test_exclaves_stay_with_their_country(built):
    armenia = built["armenia"]["armenia"].geometry
    mainland = built["azerbaijan"]["azerbaijan"].geometry
    # Armenia: 40 × 120 km with a 2 × 2 km hole, plus its 2 × 2 km exclave.
    assert utm_km2(armenia) == pytest.approx(4800 - 4 + 4, rel=AREA_REL)
    assert len(armenia.geoms) == 2
    # Azerbaijan's mainland: 60 × 120 km with a hole where Armenia's exclave is, and
    # its own exclave inside Armenia.
    assert utm_km2(mainland) == pytest.approx(7200 - 4 + 4, rel=AREA_REL)
    assert len(mainland.geoms) == 2
    assert sum(len(p.interiors) for p in mainland.geoms) == 1
    assert area_m2(armenia.intersection(mainland)) == pytest.approx(0, abs=1.0)


def test_nakhichevan_is_split_from_the_mainland(built):
    nakhichevan = built["nakhichevan"]["nakhichevan"].geometry
    mainland = built["azerbaijan"]["azerbaijan"].geometry
    assert utm_km2(nakhichevan) == pytest.approx(2400, rel=AREA_REL)
    assert km_of(nakhichevan)[:, 0].max() == pytest.approx(-20, abs=1e-3)
    assert not mainland.intersects(nakhichevan)


def test_syunik_is_armenia_south_of_the_provinces_boundary(built):
    syunik = built["syunik"]["syunik"].geometry
    armenia = built["armenia"]["armenia"].geometry
    # 40 × 30 km: Natural Earth's boundary prolonged 2 km to Armenia's sides.
    assert utm_km2(syunik) == pytest.approx(1200, rel=1e-4)
    assert km_of(syunik)[:, 1].max() == pytest.approx(30, abs=0.02)
    assert area_m2(syunik.difference(armenia)) == pytest.approx(0, abs=1.0)


def test_neighbours_in_view_share_no_land_with_the_focal_countries(built):
    neighbours = built["neighbours"]
    assert list(neighbours) == ["iran", "turkey", "georgia"]  # Russia is out of the view
    # Georgia loses the 1 km strip it was drawn over Armenia and Azerbaijan: 100 × 40 km.
    assert utm_km2(neighbours["georgia"].geometry) == pytest.approx(4000, rel=AREA_REL)
    focal = shapely.union_all(
        [built[n][n].geometry for n in ("armenia", "azerbaijan", "nakhichevan")]
    )
    for feature in neighbours.values():
        assert area_m2(feature.geometry.intersection(focal)) == pytest.approx(0, abs=1.0)


@pytest.mark.parametrize(
    ("border", "length_km"),
    [
        ("armenia_iran", 40),  # Armenia's south side
        ("armenia_azerbaijan", 120 + 8 + 8),  # east side and both exclaves' outlines
        ("armenia_nakhichevan", 60),  # west side up to 60 km north
        ("armenia_turkey", 60),  # west side from 60 to 120 km north
        ("nakhichevan_iran", 40),
        ("nakhichevan_turkey", 60 + 40),  # west and north sides
    ],
)
def test_shared_borders_have_their_drawn_lengths(built, border, length_km):
    feature = built["borders"][border]
    assert feature.properties["length_km_utm"] == pytest.approx(length_km, abs=LENGTH_ABS_KM)


def test_corridor_runs_300_m_inland_along_the_bank_and_joins_it_at_both_ends(built):
    centre = built["corridor"]["corridor_centreline"]
    xy = km_of(centre.geometry)
    # 1e-4 km: the 1e-6° grid the build snaps to.
    assert xy[0] == pytest.approx([-20, 0], abs=1e-4)
    assert xy[-1] == pytest.approx([20, 0], abs=1e-4)
    assert np.abs(xy[1:-1, 1] - 0.3).max() < 1e-4
    # The smoothing pulls the ends in by 2,750/21 m (see test_route), so the line is
    # 40 km less twice that, plus two joins of hypot(130.95 m, 300 m).
    pull_km = 2.75 / 21
    expected_km = 40 - 2 * pull_km + 2 * float(np.hypot(pull_km, 0.3))
    assert centre.properties["length_km_utm"] == pytest.approx(expected_km, abs=LENGTH_ABS_KM)


def test_corridor_band_is_the_centreline_widened_within_syunik(built):
    strip = built["corridor"]["corridor_band"].geometry
    syunik = built["syunik"]["syunik"].geometry
    assert isinstance(strip, Polygon)
    assert area_m2(strip.difference(syunik)) == pytest.approx(0, abs=1.0)
    # 500 m each side of a line 300 m from the bank: clipped to 800 m wide over the
    # middle; less at the two joins to the bank.
    north = km_of(strip)[:, 1]
    assert north.min() == pytest.approx(0, abs=1e-3)
    assert north.max() == pytest.approx(0.8, abs=1e-3)
    assert 0.8 * 39 < utm_km2(strip) < 0.8 * 40
