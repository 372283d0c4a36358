"""Each boundary step of the layer build on small made-up shapes with hand-worked answers.

Shapes are drawn in km on the UTM 38N grid near 46°E 39°N (see ``shapes.py``) and
handed to the steps in WGS84 lon/lat, as the build does; results are measured
back in UTM 38N (metres) or geodesically. Tolerances are stated per assertion.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, MultiLineString, MultiPolygon, Point, Polygon, box
from shapely.testing import assert_geometries_equal
from shapes import at, box_ll, km_of, lonlat, polygon_utm, utm

from geo.errors import TopologyError
from geo.measure.geodesic import area_m2
from geo.steps import boundaries

#: Areas in UTM 38N of shapes whose vertices came from UTM 38N: only float round-off.
EXACT = 1e-9

#: UTM 38N against the ellipsoid near 46°E (1° from the zone's central meridian):
#: the scale factor is 0.99969, so geodesic areas are 0.06 % larger.
UTM_SCALE = 2e-3


def utm_km2(geom) -> float:
    return float(utm(geom).area) / 1e6


# --------------------------------------------------------------- exclaves


def test_an_exclave_part_keeps_its_country_and_punches_a_hole_in_the_other():
    # A is 10 × 10 km plus a 2 × 2 km exclave inside B; B (10 × 10 km, next to A)
    # is drawn over the exclave, as the source does.
    home, exclave = box_ll(0, 0, 10, 10), box_ll(14, 4, 16, 6)
    a = MultiPolygon([home, exclave])
    b = box_ll(10, 0, 20, 10)
    first, second, sliver_m2 = boundaries.resolve_exclaves(a, b)
    assert sliver_m2 == 0.0
    assert_geometries_equal(first, a, normalize=True)
    assert isinstance(second, Polygon)
    assert len(second.interiors) == 1
    assert_geometries_equal(Polygon(second.interiors[0]), exclave, normalize=True)
    assert utm_km2(second) == pytest.approx(100 - 4, rel=EXACT)
    assert utm_km2(first) == pytest.approx(100 + 4, rel=EXACT)
    assert first.intersection(second).area == 0.0


def test_an_exclave_of_the_second_country_is_cut_from_the_first():
    a = box_ll(10, 0, 20, 10)
    b = MultiPolygon([box_ll(0, 0, 10, 10), box_ll(14, 4, 16, 6)])
    first, second, sliver_m2 = boundaries.resolve_exclaves(a, b)
    assert sliver_m2 == 0.0
    assert_geometries_equal(second, b, normalize=True)
    assert len(first.interiors) == 1
    assert utm_km2(first) == pytest.approx(96, rel=EXACT)


def test_border_slivers_stay_with_the_first_country_and_are_measured():
    # B overlaps A by a strip 5 m wide and 10 km long: 50,000 m² of digitising noise.
    a, b = box_ll(0, 0, 10, 10), box_ll(9.995, 0, 20, 10)
    first, second, sliver_m2 = boundaries.resolve_exclaves(a, b)
    assert sliver_m2 == pytest.approx(50_000, rel=UTM_SCALE)
    assert_geometries_equal(first, a, normalize=True)
    assert utm_km2(second) == pytest.approx(100, rel=1e-6)
    assert area_m2(first.intersection(second)) == pytest.approx(0, abs=1e-3)


def test_an_overlap_larger_than_slivers_is_a_topology_error():
    # 100 m × 10 km = 1 km² claimed by both, and neither part is an exclave.
    with pytest.raises(TopologyError, match="overlap of"):
        boundaries.resolve_exclaves(box_ll(0, 0, 10, 10), box_ll(9.9, 0, 20, 10))


def test_a_part_mostly_outside_the_other_is_not_an_exclave():
    # A's second part lies one quarter inside B: that is an overlap, not an exclave.
    a = MultiPolygon([box_ll(0, 0, 10, 10), box_ll(19, 4, 23, 5)])
    with pytest.raises(TopologyError, match="overlap of"):
        boundaries.resolve_exclaves(a, box_ll(10, 0, 20, 10))


# ------------------------------------------------------------ Nakhichevan

#: A Nakhichevan-like part, 40 × 40 km around 45.6°E 39.3°N (inside NAKHICHEVAN_BBOX), and
#: a mainland part 80 × 80 km around 47°E 39.9°N (reaching east of 46.3°E).
NAKHICHEVAN_PART = box_ll(-50, 10, -10, 50)
MAINLAND_PART = box_ll(40, 60, 120, 140)
MAINLAND_ISLAND = box_ll(130, 60, 135, 65)


def test_azerbaijan_splits_into_mainland_and_nakhichevan():
    azerbaijan = MultiPolygon([MAINLAND_PART, NAKHICHEVAN_PART, MAINLAND_ISLAND])
    mainland, nakhichevan = boundaries.split_nakhichevan(azerbaijan)
    assert_geometries_equal(nakhichevan, NAKHICHEVAN_PART, normalize=True)
    assert_geometries_equal(
        mainland, MultiPolygon([MAINLAND_PART, MAINLAND_ISLAND]), normalize=True
    )
    assert not mainland.intersects(nakhichevan)


def test_azerbaijan_without_an_exclave_is_a_topology_error():
    with pytest.raises(TopologyError, match="does not split"):
        boundaries.split_nakhichevan(MAINLAND_PART)
    with pytest.raises(TopologyError, match="does not split"):
        boundaries.split_nakhichevan(NAKHICHEVAN_PART)


# -------------------------------------------------------------- neighbours


def test_neighbours_are_clipped_to_the_view_and_share_no_land():
    # Lon/lat boxes, so the clip box cuts them along their own edges (0.1° ≈ 8.6 km × 11.1 km).
    taken = box(46.0, 39.0, 46.2, 39.2)
    view = (45.8, 38.9, 46.5, 39.5)
    others = [
        ("X", box(45.9, 38.8, 46.1, 39.4)),  # under the focal box and out of the view
        ("Y", box(46.05, 39.3, 46.3, 39.6)),  # over X and out of the view at the top
        ("Z", box(47.0, 41.0, 47.2, 41.2)),  # wholly out of the view
    ]
    result = boundaries.clip_neighbours(others, taken, view)
    assert [name for name, _ in result] == ["X", "Y"]
    expected = {
        "X": box(45.9, 38.9, 46.1, 39.4).difference(taken),
        "Y": box(46.05, 39.3, 46.3, 39.5).difference(box(46.05, 39.3, 46.1, 39.4)),
    }
    for name, geom in result:
        assert area_m2(geom.symmetric_difference(expected[name])) == pytest.approx(0, abs=1.0)
        assert area_m2(shapely.intersection(geom, taken)) == pytest.approx(0, abs=1.0)
    assert area_m2(result[0][1].intersection(result[1][1])) == pytest.approx(0, abs=1.0)


# --------------------------------------------------------- province split

#: 20 × 20 km, a vertex every km.
COUNTRY = box_ll(0, 0, 20, 20, step_km=1)


@pytest.mark.parametrize(
    ("south", "north"),
    [
        # The generalised provinces stop 2 km short of the detailed outline...
        (box_ll(2, 0, 18, 10), box_ll(2, 10, 18, 20)),
        # ...or overshoot it by 2 km.
        (box_ll(-2, 0, 22, 10), box_ll(-2, 10, 22, 20)),
    ],
    ids=["short", "overshooting"],
)
def test_province_split_line_reaches_100_m_past_the_outline(south, north):
    line = boundaries.province_split_line(south, north, COUNTRY)
    outline = utm(COUNTRY).exterior
    ends = [Point(utm(line).coords[i]) for i in (0, -1)]
    # Both ends 100 m outside the outline (±1 m: the lon/lat outline bows 0.25 m from UTM).
    for end in ends:
        assert not utm(COUNTRY).contains(end)
        assert outline.distance(end) == pytest.approx(100.0, abs=1.0)
    # Along the 10 km northing (±20 m: the nearest outline point is found in lon/lat),
    # 20 km across the country plus 2 × 100 m.
    assert np.abs(km_of(line)[:, 1] - 10.0).max() < 0.02
    assert utm(line).length == pytest.approx(20_200, abs=1.0)


def test_province_split_line_needs_a_shared_boundary():
    with pytest.raises(TopologyError, match="no single boundary"):
        boundaries.province_split_line(box_ll(2, 0, 8, 10), box_ll(12, 0, 18, 10), COUNTRY)


def test_province_split_line_must_cross_the_country():
    # Provinces 20 km east of the country: their boundary never meets it.
    with pytest.raises(TopologyError, match="does not cross"):
        boundaries.province_split_line(box_ll(42, 0, 58, 10), box_ll(42, 10, 58, 20), COUNTRY)


def test_cut_province_keeps_the_piece_that_overlaps_the_hint():
    south, north = box_ll(2, 0, 18, 10), box_ll(2, 10, 18, 20)
    line = boundaries.province_split_line(south, north, COUNTRY)
    kept_south = boundaries.cut_province(COUNTRY, line, south)
    kept_north = boundaries.cut_province(COUNTRY, line, north)
    # Two halves of 20 × 10 km (±0.01 %: the cut follows the line found above).
    assert utm_km2(kept_south) == pytest.approx(200, rel=1e-4)
    assert utm_km2(kept_north) == pytest.approx(200, rel=1e-4)
    assert km_of(kept_south)[:, 1].max() == pytest.approx(10, abs=0.02)
    assert km_of(kept_north)[:, 1].min() == pytest.approx(10, abs=0.02)
    assert area_m2(kept_south.intersection(kept_north)) == pytest.approx(0, abs=1.0)


def test_cut_province_needs_a_line_across_the_country():
    inside = lonlat(LineString([at(5, 5), at(15, 5)]))
    with pytest.raises(TopologyError, match="does not cut"):
        boundaries.cut_province(COUNTRY, inside, box_ll(0, 0, 20, 10))


# ---------------------------------------------------------- shared borders

#: A: 10 × 10 km with a vertex every km; B: its neighbour 50 m further east.
A = box_ll(0, 0, 10, 10, step_km=1)
B = box_ll(10.05, 0, 20, 10, step_km=1)


def test_shared_border_follows_first_outline_within_the_tolerance():
    line = boundaries.shared_border(A, B, tolerance_m=200)
    assert isinstance(line, LineString)
    # A's east edge: 10 km along the 10 km easting, with A's own 11 vertices.
    assert utm(line).length == pytest.approx(10_000, rel=EXACT)
    assert np.allclose(km_of(line)[:, 0], 10.0, atol=1e-9)
    own = {tuple(c) for c in A.exterior.coords}
    assert len(line.coords) == 11
    assert all(tuple(c) in own for c in line.coords)


def test_shared_border_is_empty_when_outlines_are_further_apart_than_the_tolerance():
    assert boundaries.shared_border(A, B, tolerance_m=40).is_empty
    assert not boundaries.shared_border(A, B, tolerance_m=60).is_empty


def test_shared_border_does_not_break_where_the_ring_starts():
    # The same square, its ring starting halfway up the shared edge.
    coords = list(A.exterior.coords)[:-1]
    start = next(i for i, c in enumerate(coords) if np.allclose(km_of(Point(c))[0], [10, 5]))
    rolled = Polygon([*coords[start:], *coords[:start]])
    line = boundaries.shared_border(rolled, B, tolerance_m=200)
    assert isinstance(line, LineString)
    assert utm(line).length == pytest.approx(10_000, rel=EXACT)


#: A with a notch: between 4 and 6 km north its east edge steps 500 m inland (3 km of
#: outline: 0.5 + 2 + 0.5 km, with vertices every km).
NOTCHED = lonlat(
    polygon_utm([(0, 0), (10, 0), (10, 4), (9.5, 4), (9.5, 6), (10, 6), (10, 10), (0, 10)], 0.5)
)


@pytest.mark.parametrize(
    ("bridge_m", "runs", "length_m"),
    # The notch is 3 km of UTM outline, 3.001 km geodesic: bridged only when the
    # allowance exceeds it, and then the line runs round the notch (4 + 3 + 4 km).
    [(0, 2, 8_000), (2_900, 2, 8_000), (3_100, 1, 11_000)],
)
def test_shared_border_bridges_only_short_gaps(bridge_m, runs, length_m):
    line = boundaries.shared_border(NOTCHED, B, tolerance_m=200, bridge_m=bridge_m)
    parts = list(line.geoms) if isinstance(line, MultiLineString) else [line]
    assert len(parts) == runs
    assert utm(line).length == pytest.approx(length_m, rel=EXACT)


def test_bridge_marks_short_unshared_stretches_between_shared_ones():
    edge = np.array([True, False, False, True, False, True])
    lengths_m = np.array([1.0, 1.0, 1.0, 1.0, 5.0, 1.0])
    bridged = boundaries._bridge(edge, lengths_m, bridge_m=2.0)
    assert bridged.tolist() == [True, True, True, True, False, True]
    # A gap that wraps round the ring's start is one gap of 1 + 1 m.
    wrapped = boundaries._bridge(np.array([False, True, True, False]), np.ones(4), bridge_m=2.0)
    assert wrapped.all()
    assert not boundaries._bridge(np.array([False, True, True, False]), np.ones(4), 1.9)[0]


# --------------------------------------------------------- insert vertices


def test_insert_vertices_adds_the_neighbours_vertices_on_its_edges_only():
    square = box_ll(0, 0, 10, 10)
    east = LineString([square.exterior.coords[1], square.exterior.coords[2]])
    on_edge = east.interpolate(0.25, normalized=True)  # computed on the edge, as a cut does
    off_edge = lonlat(Point(at(10.01, 5)))  # 10 m east of it
    neighbour = Polygon([on_edge.coords[0], off_edge.coords[0], lonlat(Point(at(15, 1))).coords[0]])
    result = boundaries.insert_vertices(square, neighbour)
    coords = list(result.exterior.coords)
    assert len(coords) == len(square.exterior.coords) + 1
    assert on_edge.coords[0] in coords
    assert off_edge.coords[0] not in coords
    assert result.equals(square)  # the same shape; the new vertices sit on its edges
