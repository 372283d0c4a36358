"""The lines the route would join, and the road around it through Iran: contract and steps."""

from __future__ import annotations

import dataclasses

import pytest
from shapely.geometry import LineString, Point, box

from geo.crs import GEOD
from geo.errors import SourceError, TopologyError
from geo.measure.geodesic import length_m, relative_difference
from geo.sources import packages as sources
from geo.steps import connections

FIXED_IDS = ("horadiz_aghband", "nakhchivan_railway", "kars_dilucu", "aras_corridor")

#: Lines whose nearer end must lie near an end of the route (issue: within 8 km).
JOINING = ("horadiz_aghband", "nakhchivan_railway")
MAX_GAP_M = 8000.0

#: A schematic line through stations runs shorter than the track (issue: 75–105 %).
MIN_SHARE, MAX_SHARE = 0.75, 1.05


def base_id(fid: str) -> str:
    """Return the fixed id a feature id belongs to: ``nakhchivan_railway_2`` → its prefix."""
    for fixed in FIXED_IDS:
        if fid == fixed or fid.startswith(fixed + "_"):
            return fixed
    raise AssertionError(f"unexpected connection id {fid}")


@pytest.fixture(scope="module")
def lines():
    return sources.connections()


@pytest.fixture(scope="module")
def features(layers):
    return layers["connections"]


def test_every_fixed_id_is_there(features):
    found = {base_id(str(f.properties["id"])) for f in features}
    assert found == set(FIXED_IDS)


def test_each_line_has_a_status_source_and_kind(features):
    for f in features:
        p = f.properties
        assert p["status"] in sources.STATUSES, p["id"]
        assert p["kind"] in ("railway", "road"), p["id"]
        assert p["source"].strip() and p["published_length_source"].strip(), p["id"]
        assert "schematic" in p["method"].lower(), p["id"]
        assert p["status_date"][:4].isdigit(), p["id"]


def test_stated_and_measured_lengths_agree(features):
    for f in features:
        measured_km = length_m(f.geometry) / 1000
        assert relative_difference(f.properties["length_km"], measured_km) <= 0.005, f.properties


def test_schematic_lengths_are_75_to_105_percent_of_published(features):
    for f in features:
        share = f.properties["length_km"] / f.properties["published_length_km"]
        assert MIN_SHARE <= share <= MAX_SHARE, (f.properties["id"], round(share, 3))


def test_each_station_lies_in_its_country(lines, layers):
    polygons = {
        "Armenia": layers["armenia"][0].geometry,
        "Azerbaijan": layers["azerbaijan"][0].geometry,
        "Nakhichevan": layers["nakhichevan"][0].geometry,
    }
    polygons.update({f.properties["name"]: f.geometry for f in layers["neighbours"]})
    for line in lines:
        for station in line.stations:
            assert polygons[station.country].contains(Point(station.lon, station.lat)), (
                line.id,
                station.name,
            )


def test_the_lines_start_near_the_route_and_are_never_bridged(features, layers):
    route = next(f for f in layers["corridor"] if f.geometry.geom_type == "LineString").geometry
    ends = [Point(route.coords[0]), Point(route.coords[-1])]
    for f in features:
        if base_id(str(f.properties["id"])) not in JOINING:
            continue
        coords = f.geometry.coords
        gap = min(GEOD.inv(a.x, a.y, b[0], b[1])[2] for a in ends for b in (coords[0], coords[-1]))
        assert gap <= MAX_GAP_M, f.properties["id"]
        assert f.properties["gap_to_route_km"] == pytest.approx(gap / 1000, abs=0.01)
        # Never bridged: no vertex of the line lies on the route.
        assert min(Point(c).distance(route) for c in coords) > 0


def test_the_road_through_iran_stays_off_armenia(features, layers):
    road = next(f for f in features if f.properties["id"] == "aras_corridor").geometry
    armenia = layers["armenia"][0].geometry
    # Drawn 1 km inside Iran's outline, the road never crosses Armenia's land.
    assert not road.intersects(armenia)


# ------------------------------------------------------------------ steps on made-up shapes


def station(seq: int, lon: float, lat: float) -> sources.Station:
    return sources.Station("x", seq, f"s{seq}", lon, lat, "Iran", "made up", "none")


def made_up_line(*stations: sources.Station, follow=None) -> sources.Line:
    return sources.Line(
        id="x",
        name="X",
        kind="road",
        status="planned",
        status_date="2026",
        published_length_km=10.0,
        published_length_source="made up",
        source="made up",
        license="none",
        stations=tuple(stations),
        follow=follow,
    )


def test_a_schematic_line_is_straight_through_its_stations():
    line = made_up_line(station(1, 46.0, 39.0), station(2, 46.1, 39.0), station(3, 46.1, 39.1))
    geom = connections.line_geometry(line)
    assert list(geom.coords) == [(46.0, 39.0), (46.1, 39.0), (46.1, 39.1)]


def test_following_an_outline_runs_along_it_the_short_way():
    # A 10 km square country; two stations just outside its northern edge.
    country = box(46.0, 38.9, 46.115, 38.99)
    line = made_up_line(station(1, 46.01, 39.0), station(2, 46.105, 39.0), follow=("Iran", 1, 2))
    geom = connections.line_geometry(line, {"Iran": country})
    # Between the ends, the way runs along the northern edge 1 km inside, not around the square.
    inner = LineString(geom.coords[1:-1])
    lats = [y for _, y in inner.coords]
    assert max(lats) < 38.99 and min(lats) > 38.97  # 1 km ≈ 0.009° of latitude
    assert 7500 < length_m(inner) < 8500
    assert geom.coords[0] == pytest.approx((46.01, 39.0)) and geom.coords[-1] == pytest.approx(
        (46.105, 39.0)
    )


def test_a_followed_outline_is_generalised_within_the_tolerance():
    # A bank with 100 m zig-zags: followed and generalised within 1 km, it is nearly straight.
    zig = [(46.0 + i * 0.002, 39.0 + (0.0009 if i % 2 else 0.0)) for i in range(51)]
    country = LineString(zig).buffer(0.0).union(box(46.0, 38.95, 46.1, 39.0))
    line = made_up_line(station(1, 46.0, 39.01), station(2, 46.1, 39.01), follow=("Iran", 1, 2))
    geom = connections.line_geometry(line, {"Iran": country})
    assert length_m(geom) < 1.05 * GEOD.inv(46.0, 39.0, 46.1, 39.0)[2] + 2500


def test_following_an_unknown_country_is_a_topology_error():
    line = made_up_line(station(1, 46.0, 39.0), station(2, 46.1, 39.0), follow=("Mars", 1, 2))
    with pytest.raises(TopologyError, match="follows Mars"):
        connections.line_geometry(line, {})


def test_the_gap_is_measured_between_nearer_ends():
    line = LineString([(46.0, 39.0), (46.5, 39.0)])
    route = LineString([(46.6, 39.0), (47.0, 39.0)])
    assert connections.gap_m(line, route) == pytest.approx(
        GEOD.inv(46.5, 39.0, 46.6, 39.0)[2], rel=1e-9
    )


def test_bad_connection_data_is_refused(monkeypatch, tmp_path):
    good = (sources.DATA / "connections.toml").read_text(encoding="utf-8")
    stations = (sources.DATA / "connections.csv").read_text(encoding="utf-8")
    (tmp_path / "connections.csv").write_text(stations, encoding="utf-8")
    monkeypatch.setattr(sources, "DATA", tmp_path)
    for broken, message in (
        (good.replace('status = "under construction"', 'status = "rumoured"', 1), "rumoured"),
        (good.replace('kind = "railway"', 'kind = "canal"', 1), "railway or road"),
        (good.replace('id = "kars_dilucu"', 'id = "kars"', 1), "kars needs stations"),
    ):
        (tmp_path / "connections.toml").write_text(broken, encoding="utf-8")
        with pytest.raises(SourceError, match=message):
            sources.connections()


def test_lines_are_frozen_records():
    line = made_up_line(station(1, 46.0, 39.0), station(2, 46.1, 39.0))
    with pytest.raises(dataclasses.FrozenInstanceError):
        line.status = "operating"  # type: ignore[misc]


def test_the_way_along_a_ring_from_its_start_point():
    from geo.steps.route import along_edge

    ring = LineString([(0, 0), (10, 0), (10, 10), (0, 10), (0, 0)])
    way = along_edge(ring, Point(0, 0), Point(10, 5))
    assert way[0] == (0.0, 0.0) and way[-1] == (10.0, 5.0)
    assert LineString(way).length == pytest.approx(15.0)


def test_the_readme_states_the_drawn_lengths(features):
    from helpers import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for f in features:
        drawn = f"{f.properties['length_km']:.1f} km"
        published = f"{f.properties['published_length_km']:g} km"
        assert f"| {drawn} | {published} |" in readme, (f.properties["id"], drawn)


def test_popups_name_the_route_and_state_lengths_status_and_gap(layers):
    from geo.page import model
    from geo.page.popups import rendered

    data = model.page_data(layers)
    popups = {  # as an English reader sees them
        f["properties"]["popup"]["title"]: rendered(f["properties"]["popup"])
        for layer in data["layers"]
        if layer["id"] in ("connections", "corridor")
        for f in layer["geojson"]["features"]
    }
    route = next(p for t, p in popups.items() if t.startswith("TRIPP") and "line" in t)
    rows = dict(route["rows"])
    assert (
        "Zangezur corridor" in rows["Also called"] and "Syunik transit route" in rows["Also called"]
    )
    assert "corridor" in rows["Why the names differ"]
    for feature in layers["connections"]:
        p = feature.properties
        shown = dict(popups[p["name"]]["rows"])
        assert popups[p["name"]]["figure"][0] == "Published length"
        assert f"{p['length_km']:.0f} km" in shown["Drawn here"]
        assert "as of" in shown["Status"]
        if p["gap_to_route_km"] <= 8:
            assert f"{p['gap_to_route_km']:.2f} km" in shown["Gap to the route"]
