"""Display cleaning and the page's coordinate encoding.

Each cleaning step is tried on made-up shapes in metres (UTM 38N-like plane
coordinates) whose right answer can be worked out by hand; then the whole
display geometry of the committed layers is checked: no hole or part under
0.1 km², a valid coverage, the 25 m simplification bound, no water pocket left
along the route, and the layers themselves untouched.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import shapely
from helpers import LAYERS_DIR, build_map_file
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Polygon, box
from shapely.testing import assert_geometries_equal

from geo.crs import UTM38N
from geo.display import cache as display_cache
from geo.display import geometry as display
from geo.layerfiles.geojson import Feature
from geo.measure.geodesic import to_crs
from geo.page.codec import encode_geometry

# ---------------------------------------------------------------- made-up shapes


def banks_with_notch(
    half_width_m: float, depth_m: float
) -> tuple[Polygon, Polygon, Polygon, Polygon]:
    """Two 2 km × 1 km banks sharing the line y = 1000 m, each with a triangular notch.

    The notches meet at the border (x = 1000 ± ``half_width_m``) and reach
    ``depth_m`` into either bank, so together they form one water pocket.
    Returns the south bank, the north bank and the two notches.
    """
    left, right = (1000 - half_width_m, 1000.0), (1000 + half_width_m, 1000.0)
    notch_s = Polygon([left, right, (1000, 1000 - depth_m)])
    notch_n = Polygon([left, right, (1000, 1000 + depth_m)])
    south = box(0, 0, 2000, 1000).difference(notch_s)
    north = box(0, 1000, 2000, 2000).difference(notch_n)
    return south, north, notch_s, notch_n


def holes_of(geom: shapely.Geometry) -> int:
    return sum(len(p.interiors) for p in shapely.get_parts(geom))


def test_notch_across_a_border_is_filled_each_bank_its_own():
    # 0.12 km² of water: over 0.1 km², under 1 km², on a border.
    south, north, _, _ = banks_with_notch(200, 300)
    assert shapely.coverage_is_valid([south, north])
    filled = display.fill_pockets([south, north])
    new_s, new_n = filled.members
    assert (filled.small_pockets, filled.border_pockets) == (0, 1)
    assert filled.border_area_m2 == pytest.approx(120_000)
    # Split along the midline: each bank gets back exactly its own notch.
    assert new_s.area == pytest.approx(2_000_000)
    assert new_n.area == pytest.approx(2_000_000)
    assert new_s.equals(box(0, 0, 2000, 1000))  # the same shape, with vertices on its edges
    assert shapely.coverage_is_valid([new_s, new_n])


def test_uneven_notches_split_by_the_voronoi_midline_and_stay_a_coverage():
    # The north notch is wide and shallow, the south one narrow and deep.
    left, right = (700.0, 1000.0), (1300.0, 1000.0)
    notch_s = Polygon([left, right, (950, 500)])
    notch_n = Polygon([left, right, (1250, 1100)])
    south = box(0, 0, 2000, 1000).difference(notch_s)
    north = box(0, 1000, 2000, 2000).difference(notch_n)
    filled = display.fill_pockets([south, north])
    new_s, new_n = filled.members
    assert shapely.coverage_is_valid([new_s, new_n])
    assert holes_of(shapely.union_all([new_s, new_n])) == 0
    assert new_s.area + new_n.area == pytest.approx(4_000_000)
    # Both banks take a share: neither swallows the whole pocket.
    assert new_s.area > south.area + 10_000
    assert new_n.area > north.area + 10_000


def test_notch_with_a_slot_needs_the_voronoi_midline():
    # South: a 100 m slot 500 m deep, then a 100 m-deep strip; north: one triangle.
    # Pairing points at equal fractions of the banks would cut through the south
    # bank, so the split falls to the Voronoi midline.
    slot = Polygon([(0, 0), (0, -500), (100, -500), (100, -100), (1000, -100), (1000, 0)])
    tri = Polygon([(0, 0), (900, 400), (1000, 0)])
    south = box(-500, -1000, 1500, 0).difference(slot)
    north = box(-500, 0, 1500, 1000).difference(tri)
    mid = display.paired_midline(
        np.array([(0, 0), (0, -500), (100, -500), (100, -100), (1000, -100), (1000, 0)]),
        np.array([(0, 0), (900, 400), (1000, 0)]),
        display.SPLIT_SPACING_M,
    )
    assert not Polygon(np.vstack([shapely.get_coordinates(slot.exterior)[:-1], mid[::-1]])).is_valid
    new_s, new_n = display.fill_pockets([south, north]).members
    assert shapely.coverage_is_valid([new_s, new_n])
    assert new_s.area + new_n.area == pytest.approx(4_000_000)
    assert new_s.area - south.area == pytest.approx(slot.area, rel=0.25)
    assert new_n.area - north.area == pytest.approx(tri.area, rel=0.25)


def test_pocket_on_a_border_over_1_km2_stays():
    south, north, *_ = banks_with_notch(900, 700)  # 1.26 km² of water
    filled = display.fill_pockets([south, north])
    assert filled.border_pockets == 0
    assert holes_of(shapely.union_all(filled.members)) == 1


def test_lake_away_from_any_border_stays_and_a_small_hole_is_filled():
    lake = box(2000, 1000, 2800, 1500)  # 0.4 km², 3.5 km from the other polygon
    pond = box(4000, 1000, 4200, 1200)  # 0.04 km²
    land = box(0, 0, 5000, 5000).difference(lake).difference(pond)
    other = box(0, 5000, 5000, 6000)
    filled = display.fill_pockets([land, other])
    assert (filled.small_pockets, filled.border_pockets) == (1, 0)
    assert filled.members[0].area == pytest.approx(land.area + pond.area)
    assert holes_of(filled.members[0]) == 1
    assert_geometries_equal(Polygon(filled.members[0].interiors[0]), lake, normalize=True)


def test_small_pocket_between_two_polygons_goes_whole_to_the_longer_edge():
    # A 0.045 km² pocket: three sides (750 m) in the west polygon, one (150 m) in the east.
    west = box(0, 0, 1000, 1000).difference(box(700, 400, 1000, 550))
    east = Polygon([(1000, 0), (2000, 0), (2000, 1000), (1000, 1000), (1000, 550), (1000, 400)])
    assert shapely.coverage_is_valid([west, east])
    filled = display.fill_pockets([west, east])
    assert filled.small_pockets == 1
    assert filled.members[0].area == pytest.approx(1_000_000)
    assert_geometries_equal(filled.members[1], east, normalize=True)
    assert shapely.coverage_is_valid(filled.members)


def test_tiny_part_is_dropped_and_small_rings_counted():
    big = box(0, 0, 1000, 1000).difference(box(100, 100, 200, 200))  # hole 0.01 km²
    speck = box(2000, 0, 2100, 100)  # 0.01 km²
    geom = MultiPolygon([big, speck])
    assert display.small_rings(geom) == 2
    kept = display.drop_small_parts(geom)
    assert_geometries_equal(kept, big, normalize=True)
    assert display.small_rings(kept) == 1
    assert display.small_rings(display.fill_small_holes(kept)) == 0
    assert display.small_rings(box(0, 0, 400, 400)) == 0  # 0.16 km² is not small


def test_band_gains_the_share_it_touches_and_not_the_one_apart():
    band = box(0, 0, 2000, 1000).difference(Polygon([(800, 0), (1200, 0), (1000, 300)]))
    notch = Polygon([(800, 0), (1200, 0), (1000, 300)])
    elsewhere = box(5000, 0, 5400, 300)
    cleaned = display.clean_band(band, [notch, elsewhere])
    assert cleaned.equals(box(0, 0, 2000, 1000))  # the same shape, with vertices on its edges


def test_border_gap_over_land_is_bridged_a_long_or_wet_one_is_not():
    line = MultiLineString([[(0, 0), (1000, 0)], [(1700, 0), (3000, 0)]])
    land = box(-100, -500, 3100, 500)
    bridged, lengths = display.bridge_gaps(line, land)
    assert lengths == [pytest.approx(700)]
    assert isinstance(bridged, LineString)
    assert bridged.length == pytest.approx(3000)
    # Longer than 2 km: left alone.
    far = MultiLineString([[(0, 0), (1000, 0)], [(3500, 0), (4000, 0)]])
    assert display.bridge_gaps(far, box(-100, -500, 4100, 500))[1] == []
    # Over 100 m of water that cleaning left: left alone.
    wet = land.difference(box(1200, -600, 1300, 600))
    assert display.bridge_gaps(line, wet)[1] == []


def test_bank_runs_read_the_ring_cyclically():
    assert display.bank_runs(np.array([3, 3, 5, 5, 3])) == [(5, 2), (3, 4)]
    assert display.bank_runs(np.array([7, 7, 7])) == [(7, 0)]


# ---------------------------------------------------------------- page encoding


def decode(encoded: dict) -> shapely.Geometry:
    """Decode the page's geometry: per line or ring, cumulative sums of integer deltas."""
    q = encoded["q"]

    def line(flat: list[int]) -> np.ndarray:
        return np.cumsum(np.array(flat, dtype=np.int64).reshape(-1, 2), axis=0) / q

    kind, enc = encoded["type"], encoded["enc"]
    if kind == "LineString":
        return LineString(line(enc))
    if kind == "MultiLineString":
        return MultiLineString([line(p) for p in enc])
    if kind == "Polygon":
        return Polygon(line(enc[0]), [line(r) for r in enc[1:]])
    return MultiPolygon([Polygon(line(p[0]), [line(r) for r in p[1:]]) for p in enc])


@pytest.mark.parametrize(
    "geom",
    [
        LineString([(46.123456, 38.9), (46.2, 38.912345), (46.3, 38.87)]),
        MultiLineString([[(44.0, 40.0), (44.00001, 40.00002)], [(45.5, 39.1), (45.6, 39.2)]]),
        Polygon(
            [(46.0, 39.0), (46.1, 39.0), (46.1, 39.1), (46.0, 39.1)],
            [[(46.02, 39.02), (46.03, 39.02), (46.03, 39.033333)]],
        ),
        MultiPolygon([box(45.0, 39.0, 45.01, 39.01), box(-0.000004, -0.000006, 0.3, 0.2)]),
    ],
)
def test_page_encoding_round_trips_within_1e5_degree(geom):
    encoded = encode_geometry(geom)
    assert encoded["q"] == 100_000
    back = decode(encoded)
    assert back.geom_type == geom.geom_type
    a, b = (
        shapely.get_coordinates(shapely.normalize(geom)),
        shapely.get_coordinates(shapely.normalize(back)),
    )
    assert a.shape == b.shape
    assert np.max(np.abs(a - b)) <= 0.5e-5 + 1e-12


# ---------------------------------------------------------------- the real layers


POLYGON_LAYERS = ("neighbours", "azerbaijan", "nakhichevan", "armenia", "syunik", "corridor")


@pytest.mark.parametrize("name", POLYGON_LAYERS)
def test_page_geometry_has_no_hole_or_part_under_0_1_km2(shown, name):
    polygons = [g for g in shown.geometries[name] if g.geom_type.endswith("Polygon")]
    assert polygons
    on_page = [to_crs(decode(encode_geometry(g)), UTM38N) for g in polygons]
    assert sum(display.small_rings(g) for g in on_page) == 0
    report = shown.cleaning.layers[name]
    assert report.small_before > 0 and report.small_after == 0


def test_display_coverage_is_valid_and_armenia_is_syunik_plus_rest(shown):
    g = shown.geometries
    armenia, syunik = g["armenia"][0], g["syunik"][0]
    rest = armenia.difference(syunik)
    coverage = [*g["neighbours"], *g["azerbaijan"], *g["nakhichevan"], rest, syunik]
    assert shapely.coverage_is_valid(coverage)
    assert to_crs(syunik.difference(armenia), UTM38N).area < 1.0  # m²


def test_simplification_error_within_25_m_of_the_cleaned_geometry(shown):
    assert 0 < shown.max_error_m <= display.MAX_ERROR_M


def test_no_water_pocket_left_along_the_route(layers, shown):
    g = {n: [to_crs(x, UTM38N) for x in gs] for n, gs in shown.geometries.items()}
    land = shapely.union_all([*g["neighbours"], *g["azerbaijan"], *g["nakhichevan"], *g["armenia"]])
    band = next(x for x in g["corridor"] if x.geom_type.endswith("Polygon"))
    near_route = band.buffer(1000)
    pockets = [
        r for p in shapely.get_parts(land) for r in p.interiors if near_route.intersects(Polygon(r))
    ]
    assert pockets == []
    # Before cleaning there were notches there (the reason for the step).
    source = shapely.union_all(
        [
            to_crs(f.geometry, UTM38N)
            for n in ("neighbours", "azerbaijan", "nakhichevan", "armenia")
            for f in layers[n]
        ]
    )
    assert any(
        near_route.intersects(Polygon(r)) for p in shapely.get_parts(source) for r in p.interiors
    )


def test_armenia_iran_border_line_has_no_gap(layers, shown):
    index = [f.properties["id"] for f in layers["borders"]].index("armenia_iran")
    source = to_crs(layers["borders"][index].geometry, UTM38N)
    assert len(shapely.get_parts(source)) == 6  # five gaps at notches, and one spur
    parts = shapely.get_parts(to_crs(shown.geometries["borders"][index], UTM38N))
    main = max(parts, key=lambda p: p.length)
    # One line from tripoint to tripoint, longer than all source pieces together...
    assert main.length > source.length
    ends = shapely.get_coordinates(main)[[0, -1]]
    x_source = shapely.get_coordinates(source)[:, 0]
    assert sorted(ends[:, 0]) == pytest.approx([x_source.min(), x_source.max()], abs=100)
    # ... and what is left beside it is the 487 m spur along it, not a gap.
    assert all(main.buffer(250).contains(p) for p in parts if p is not main)


def test_cleaning_report_states_the_area_moved(shown):
    cleaning = shown.cleaning
    for name in POLYGON_LAYERS:
        moved = cleaning.layers[name]
        assert moved.area_added_m2 > 0 and moved.area_removed_m2 >= 0
    assert cleaning.border_pockets > 0 and cleaning.gaps_bridged > 0
    summary = cleaning.summary()
    assert f"{cleaning.border_pockets} tile-edge notches" in summary
    assert f"{cleaning.gaps_bridged} border-line gaps bridged" in summary


def test_readme_states_what_the_cleaning_changed(shown):
    readme = " ".join((Path(__file__).parent.parent / "README.md").read_text("utf-8").split())
    c = shown.cleaning
    assert f"{c.small_pockets} small pockets ({c.small_pocket_area_m2 / 1e6:.1f} km²)" in readme
    assert f"{c.border_pockets} notches ({c.border_pocket_area_m2 / 1e6:.1f} km²)" in readme
    assert f"{c.gaps_bridged} gaps, {c.bridge_length_m / 1e3:.1f} km" in readme


# ---------------------------------------------------------------- the display cache


def via_cache(layers: dict, folder) -> display.Display:
    """Return the display as the page gets it: through the cache in ``folder``."""
    budget = display.MAX_ERROR_M
    return display_cache.cached(
        layers, budget, folder, lambda: display.display_layers(layers, budget)
    )


def same_display(a: display.Display, b: display.Display) -> bool:
    """Tell whether two displays hold the same geometry (WKB), error and cleaning report."""
    return (
        a.max_error_m == b.max_error_m
        and a.cleaning == b.cleaning
        and {n: [g.wkb for g in gs] for n, gs in a.geometries.items()}
        == {n: [g.wkb for g in gs] for n, gs in b.geometries.items()}
    )


def test_cached_display_is_the_computed_one_and_a_hit_computes_nothing(
    layers, shown, tmp_path, monkeypatch
):
    stored = via_cache(layers, tmp_path)
    (entry,) = tmp_path.glob("*.json")
    assert entry.name == f"{display_cache.cache_key(layers, display.MAX_ERROR_M)}.json"
    assert same_display(stored, shown)

    def no_cleaning(*_args: object) -> None:
        raise AssertionError("a cache hit cleaned the layers again")

    with monkeypatch.context() as patch:
        patch.setattr(display, "clean_layers_utm", no_cleaning)
        assert same_display(via_cache(layers, tmp_path), shown)
        # A damaged entry is not trusted: it is computed again (here: refused).
        entry.write_bytes(entry.read_bytes()[:1000])
        with pytest.raises(AssertionError, match="cleaned the layers again"):
            via_cache(layers, tmp_path)
    # ... and rewritten whole.
    assert same_display(via_cache(layers, tmp_path), shown)
    assert display_cache._decode(entry.stem, entry.read_bytes()) is not None
    # An entry is only ever read under its own key.
    assert display_cache._decode("0" * 64, entry.read_bytes()) is None


def test_a_changed_layer_or_budget_is_another_entry(layers, tmp_path):
    key = display_cache.cache_key(layers, display.MAX_ERROR_M)
    assert display_cache.cache_key(layers, 10.0) != key
    assert display_cache.cache_key(layers, None) != key
    # One vertex of Syunik moved by 1e-9 degree is a new key.
    syunik = layers["syunik"][0]
    nudged = shapely.transform(syunik.geometry, lambda xy: xy + np.array([1e-9, 0.0]))
    assert (
        display_cache.cache_key({**layers, "syunik": [Feature(nudged, syunik.properties)]}, 25.0)
        != key
    )
    # A moved place gets its own entry, and the page shows where it now is.
    via_cache(layers, tmp_path)
    place = layers["places"][0]
    moved_point = shapely.Point(place.geometry.x + 0.001, place.geometry.y)
    moved = {**layers, "places": [Feature(moved_point, place.properties), *layers["places"][1:]]}
    shown_moved = via_cache(moved, tmp_path)
    assert_geometries_equal(shown_moved.geometries["places"][0], moved_point, normalize=True)
    assert len(list(tmp_path.glob("*.json"))) == 2
    assert same_display(via_cache(moved, tmp_path), shown_moved)


def test_cached_and_uncached_builds_write_the_same_bytes(tmp_path):
    cache = tmp_path / "cache"
    pages = [tmp_path / f"{name}.html" for name in ("miss", "hit", "uncached")]
    build_map_file(pages[0], LAYERS_DIR, "--display-cache", str(cache))
    assert len(list(cache.glob("*.json"))) == 1
    build_map_file(pages[1], LAYERS_DIR, "--display-cache", str(cache))
    build_map_file(pages[2], LAYERS_DIR, "--no-display-cache")
    assert len(list(cache.glob("*.json"))) == 1
    assert pages[0].read_bytes() == pages[1].read_bytes() == pages[2].read_bytes()


def test_unwritable_cache_folder_only_costs_time(layers, shown, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert same_display(via_cache(layers, blocker / "cache"), shown)


def test_the_key_covers_every_file_of_the_display_code(layers, tmp_path, monkeypatch):
    package = Path(display_cache.__file__).resolve().parent.parent
    files = display_cache.code_files()
    assert set((package / "display").rglob("*.py")) <= set(files)
    assert {package / "measure" / "geodesic.py", package / "crs.py"} <= set(files)
    # A module added to geo/display/ is in the key without editing a list.
    copy = tmp_path / "geo"
    for path in files:
        target = copy / path.relative_to(package)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(path.read_bytes())
    monkeypatch.setattr(display_cache, "_PACKAGE", copy)
    key = display_cache.cache_key(layers, display.MAX_ERROR_M)
    (copy / "display" / "new_step.py").write_text('"""A new step."""\n', encoding="utf-8")
    assert display_cache.cache_key(layers, display.MAX_ERROR_M) != key
