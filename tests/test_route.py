"""Each step of the route construction on small made-up shapes with hand-worked answers.

Shapes are drawn in km on the UTM 38N grid near 46°E 39°N (see ``shapes.py``).
``bank``, ``smooth`` and ``keep_inside`` work in UTM 38N metres and get UTM
shapes; ``centreline`` and ``band`` take WGS84 lon/lat, as the build does, and
their results are measured back in UTM 38N. Tolerances are stated per assertion.
"""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import LineString, Point, Polygon
from shapely.testing import assert_geometries_equal
from shapes import ORIGIN_UTM38N, at, box_ll, box_utm, km_of, line_utm, lonlat, polygon_utm, utm

from geo.errors import TopologyError
from geo.steps import route
from geo.steps.route import RouteParams

#: Zig-zag bank: vertices every 60 m east, alternately 40 m south and north of the
#: 0 km northing, so each edge is 100 m long (a 3-4-5 triangle) and the pattern
#: repeats every 200 m of line. Resampled every 50 m, it reads -40, 0, +40, 0 m
#: (mean 0). A 1,000 m window averages 21 samples: five whole periods and one
#: sample left over, so the smoothed line strays at most 40/21 m from the axis.
ZIGZAG_EDGES = 500  # 30 km east
ZIGZAG_DEVIATION_M = 40.0 / 21.0
#: With a window of 3 samples (any window under 150 m), one sample is left over of 3.
ZIGZAG_DEVIATION_TINY_WINDOW_M = 40.0 / 3.0


def zigzag_km(edges: int, north_km: float = 0.0) -> list[tuple[float, float]]:
    return [(0.06 * i, north_km + (-0.04 if i % 2 == 0 else 0.04)) for i in range(edges + 1)]


def relative_km(coords: np.ndarray) -> np.ndarray:
    return (np.asarray(coords) - np.asarray(ORIGIN_UTM38N)) / 1000.0


# -------------------------------------------------------------------- bank

#: Syunik-like rectangle 20 × 10 km (a vertex every 5 km) with Iran 50 m to its south.
SYUNIK_UTM = box_utm(0, 0, 20, 10, step_km=5)
IRAN_UTM = box_utm(-5, -10, 25, -0.05)
BANK_KM = [(0, 0), (5, 0), (10, 0), (15, 0), (20, 0)]


@pytest.mark.parametrize("orientation", ["counter-clockwise", "clockwise", "starting mid-bank"])
def test_bank_is_the_outline_along_iran_from_west_to_east(orientation):
    coords = list(SYUNIK_UTM.exterior.coords)[:-1]
    if orientation == "clockwise":
        coords.reverse()
    elif orientation == "starting mid-bank":
        start = coords.index(at(10, 0))
        coords = [*coords[start:], *coords[:start]]
    edge = route.bank(Polygon(coords), IRAN_UTM, match_m=200)
    assert np.array_equal(relative_km(edge.coords), np.asarray(BANK_KM, dtype=float))


def test_bank_takes_only_vertices_within_the_match_distance():
    # The 5 km vertices of the west and east edges are 5 km from Iran: never taken.
    assert len(route.bank(SYUNIK_UTM, IRAN_UTM, match_m=200).coords) == 5
    with pytest.raises(TopologyError, match="nowhere within 40 m"):
        route.bank(SYUNIK_UTM, IRAN_UTM, match_m=40)


# ------------------------------------------------------------------ smooth


@pytest.mark.parametrize(
    ("window_m", "deviation_m"),
    [(1000.0, ZIGZAG_DEVIATION_M), (100.0, ZIGZAG_DEVIATION_TINY_WINDOW_M)],
)
def test_smoothing_a_zigzag_leaves_the_worked_out_deviation(window_m, deviation_m):
    line = line_utm(zigzag_km(200))  # 12 km east, 20 km of line
    assert line.length == 20_000.0
    smoothed = route.smooth(line, step_m=50, window_m=window_m)
    xy = relative_km(shapely.get_coordinates(smoothed)) * 1000.0
    assert len(xy) == 401  # every 50 m
    half = max(int(window_m / 50) // 2, 1)
    inner = xy[half:-half]  # where the window lies wholly on the line
    # 1e-6 m: float round-off only.
    assert np.abs(inner[:, 1]).max() == pytest.approx(deviation_m, abs=1e-6)
    # Along the line, the samples stay 30 m apart eastwards (50 m of 3-4-5 edge).
    assert np.diff(inner[:, 0]) == pytest.approx(np.full(len(inner) - 1, 30.0), abs=1e-6)


def test_smoothing_keeps_a_straight_line_on_itself():
    line = line_utm([(0, 0), (10, 0)])
    xy = relative_km(shapely.get_coordinates(route.smooth(line, 50, 1000))) * 1000.0
    assert np.abs(xy[:, 1]).max() == pytest.approx(0, abs=1e-6)
    # The padded ends pull the ends in by sum(50..500 m)/21 = 2,750/21 m.
    assert xy[0, 0] == pytest.approx(2750 / 21, abs=1e-6)
    assert xy[-1, 0] == pytest.approx(10_000 - 2750 / 21, abs=1e-6)


# ------------------------------------------------------------- keep_inside

#: 10 × 10 km with a hole (mapped water) 2 km wide, from 4.5 to 6.5 km north.
WITH_HOLE = polygon_utm(
    [(0, 0), (10, 0), (10, 10), (0, 10)], holes_km=[[(4, 4.5), (6, 4.5), (6, 6.5), (4, 6.5)]]
)
#: 10 × 10 km with a notch from the south edge, 2 km wide, up to 5.5 km north.
WITH_NOTCH = polygon_utm([(0, 0), (4, 0), (4, 5.5), (6, 5.5), (6, 0), (10, 0), (10, 10), (0, 10)])
ACROSS = line_utm([(1, 5), (9, 5)])


def test_keep_inside_goes_round_a_hole_the_shorter_way():
    inner = route.keep_inside(ACROSS, WITH_HOLE)
    # 3 km, then round the hole's south side (0.5 + 2 + 0.5 km; the north side is 5 km), 3 km.
    assert inner.length == pytest.approx(9_000, abs=1e-6)
    assert relative_km(shapely.get_coordinates(inner))[:, 1].min() == pytest.approx(4.5)
    assert WITH_HOLE.buffer(1e-6).covers(inner)
    assert inner.coords[0] == ACROSS.coords[0]
    assert inner.coords[-1] == ACROSS.coords[-1]


def test_keep_inside_follows_the_outline_round_a_notch():
    inner = route.keep_inside(ACROSS, WITH_NOTCH)
    assert inner.length == pytest.approx(9_000, abs=1e-6)
    assert relative_km(shapely.get_coordinates(inner))[:, 1].max() == pytest.approx(5.5)
    assert WITH_NOTCH.buffer(1e-6).covers(inner)


def test_keep_inside_leaves_a_line_inside_alone_and_refuses_one_outside():
    inside = line_utm([(1, 1), (9, 2)])
    assert_geometries_equal(route.keep_inside(inside, WITH_HOLE), inside, normalize=True)
    with pytest.raises(TopologyError, match="wholly outside"):
        route.keep_inside(line_utm([(11, 1), (19, 2)]), WITH_HOLE)


# -------------------------------------------------------------- centreline


def interior_north_m(line: LineString, west_km: float, east_km: float) -> np.ndarray:
    """Northings in m (from the origin) of the line's vertices between two eastings."""
    k = km_of(line)
    return 1000.0 * k[(k[:, 0] > west_km) & (k[:, 0] < east_km), 1]


@pytest.mark.parametrize("inland_m", [300.0, 500.0])
def test_centreline_runs_inland_m_from_a_straight_bank(inland_m):
    # Syunik 30 × 10 km, a vertex every km; Iran 50 m south of it.
    syunik = box_ll(0, 0, 30, 10, step_km=1)
    iran = box_ll(-5, -10, 35, -0.05)
    line = route.centreline(syunik, iran, RouteParams(inland_m=inland_m))
    # Away from the ends (where the smoothing pulls in and the line joins the bank),
    # exactly inland_m north of the bank (1 cm: transforms and offset arcs).
    north_m = interior_north_m(line, 2, 28)
    assert len(north_m) > 10
    assert north_m == pytest.approx(np.full(len(north_m), inland_m), abs=0.01)
    # Both ends on the bank's ends, west to east.
    assert km_of(line)[0] == pytest.approx([0, 0], abs=1e-9)
    assert km_of(line)[-1] == pytest.approx([30, 0], abs=1e-9)


def test_centreline_moves_into_syunik_whichever_side_iran_is():
    # Iran 50 m north of Syunik: the line runs 300 m south of the north edge.
    syunik = box_ll(0, 0, 30, 10, step_km=1)
    iran = box_ll(-5, 10.05, 35, 20)
    north_m = interior_north_m(route.centreline(syunik, iran), 2, 28)
    assert north_m == pytest.approx(np.full(len(north_m), 10_000 - 300), abs=0.01)


def test_centreline_smooths_a_zigzag_bank_with_the_default_window():
    # Syunik's south edge zig-zags ±40 m; Iran lies 50 m beyond its southern tips.
    syunik = lonlat(Polygon(polygon_utm([*zigzag_km(ZIGZAG_EDGES), (30, 10), (0, 10)]).exterior))
    iran = box_ll(-5, -10, 35, -0.09)
    params = RouteParams()
    assert (params.step_m, params.window_m, params.inland_m) == (50.0, 1000.0, 300.0)
    north_m = interior_north_m(route.centreline(syunik, iran, params), 2, 28)
    # Every point of the offset line is 300 m from the smoothed line, which strays at
    # most 40/21 m from the axis: so the offset line strays at most as much from 300 m
    # (+1 cm: the 50 km of zig-zag resample every 50.00001 m after the round trip).
    assert np.abs(north_m - 300.0).max() <= ZIGZAG_DEVIATION_M + 0.01


def test_centreline_keeps_margin_m_inside_where_the_offset_would_leave():
    # A lake (hole) 200 m north of the bank, east of the middle (where the side inland is
    # told): the 300 m line must go round it, 20 m off.
    lake = [(18, 0.2), (24, 0.2), (24, 0.5), (18, 0.5)]
    syunik = lonlat(polygon_utm([(0, 0), (30, 0), (30, 10), (0, 10)], 1, holes_km=[lake]))
    iran = box_ll(-5, -10, 35, -0.05)
    line = route.centreline(syunik, iran)
    lake_utm = Polygon([at(x, y) for x, y in lake])
    # 20 m off its sides; round its corners, the margin is drawn with 8 chords per quarter
    # circle, whose middles lie 20 cos(90°/16) = 19.904 m from the corner.
    assert utm(line).distance(lake_utm) == pytest.approx(20.0 * np.cos(np.pi / 32), abs=1e-3)
    # It goes round the lake's south side (0.2 km north; the north side is at 0.5 km).
    assert interior_north_m(line, 19, 23) == pytest.approx(200.0 - 20.0, abs=0.01)


# -------------------------------------------------------------------- band

#: A vertex every km: a 20 km lon/lat edge along a parallel bows 6 m from the UTM chord.
SYUNIK_LL = box_ll(0, 0, 20, 10, step_km=1)


def band_utm(north_km: float, width_m: float = 1000.0) -> Polygon:
    line = lonlat(line_utm([(5, north_km), (15, north_km)]))
    return utm(route.band(line, SYUNIK_LL, width_m))


def test_band_is_width_m_wide_with_flat_ends():
    strip = band_utm(5.0)
    # 10 km × 1 km; float round-off only.
    assert strip.area == pytest.approx(10e6, rel=1e-9)
    assert relative_km(np.asarray(strip.bounds).reshape(2, 2)).ravel().tolist() == pytest.approx(
        [5, 4.5, 15, 5.5], abs=1e-9
    )
    assert band_utm(5.0, width_m=2000.0).area == pytest.approx(20e6, rel=1e-9)


def test_band_is_clipped_to_syunik():
    # The line 300 m from Syunik's south edge: 10 km × (0.3 + 0.5) km remain
    # (1e-5: the clip follows Syunik's 1 km lon/lat edges, which bow 2 cm from UTM).
    assert band_utm(0.3).area == pytest.approx(8e6, rel=1e-5)


def test_band_outside_syunik_is_a_topology_error():
    with pytest.raises(TopologyError, match="does not overlap"):
        band_utm(30.0)


def test_params_describe_the_method_with_their_values():
    text = RouteParams(match_m=150, inland_m=250, window_m=800).describe()
    for figure in ("150 m", "250 m", "800 m moving average", "50 m", "20 m"):
        assert figure in text
    assert Point(0, 0).is_empty is False
