"""The history layer, the borders' status and the lines' dated status histories (issue 18)."""

from __future__ import annotations

import json
import shutil

import pytest
from conftest import ROOT
from shapely.geometry import LineString, Point

from geo.errors import LayerError, SourceError
from geo.layerfiles.geojson import SPECS, read_layer_file
from geo.page.panel import date_key
from geo.sources import history as history_data
from geo.sources import packages
from geo.steps import history as history_step

LAYERS_DIR = ROOT / "layers"


@pytest.fixture(scope="module")
def past():
    return history_data.history()


@pytest.fixture(scope="module")
def history_layer(layers):
    return {f.properties["id"]: f for f in layers["history"]}


def test_every_history_feature_is_dated_sourced_and_licensed(history_layer, past):
    assert [f.id for f in past.features] == list(history_layer)
    for fid, feature in history_layer.items():
        p = feature.properties
        start = date_key(p["date_from"])
        if "date_to" in p:
            assert date_key(p["date_to"]) >= start, fid
        for key in ("status", "source", "license", "method", "note"):
            assert isinstance(p[key], str) and p[key].strip(), (fid, key)
        history = p["status_history"]
        assert history and history[-1]["status"] == p["status"], fid
        assert all(e["source"] and e["note"] for e in history), fid
        keys = [date_key(e["date"]) for e in history]
        assert keys == sorted(keys), fid


def test_lines_pass_through_their_cited_places_and_points_stand_at_them(history_layer, past):
    for feature in past.features:
        geom = history_layer[feature.id].geometry
        cited = [(round(p.lon, 6), round(p.lat, 6)) for p in feature.places]
        if feature.geometry == "line":
            assert isinstance(geom, LineString)
            assert [tuple(c) for c in geom.coords] == cited, feature.id
        else:
            assert isinstance(geom, Point)
            assert (geom.x, geom.y) == cited[0], feature.id


def test_the_soviet_railway_reuses_the_cited_stations_and_places(past):
    railway = next(f for f in past.features if f.id == "soviet_railway")
    places = {p.id: p for p in packages.places()}
    stations = {(s.line_id, s.seq): s for line in packages.connections() for s in line.stations}
    by_name = {p.name: p for p in railway.places}
    assert (by_name["Meghri"].lon, by_name["Meghri"].lat) == (
        places["meghri"].lon,
        places["meghri"].lat,
    )
    horadiz = stations[("horadiz_aghband", 1)]
    assert (by_name["Horadiz"].lon, by_name["Horadiz"].lat) == (horadiz.lon, horadiz.lat)
    assert railway.places[0].name == "Yeraskh" and railway.places[-1].name == "Horadiz"


def test_held_ground_is_points_with_whose_figure_it_is(past):
    held = [f for f in past.features if f.kind == "held territory"]
    assert len(held) >= 4
    for feature in held:
        assert feature.geometry == "point", feature.id  # never an invented polygon
        text = " ".join(feature.reported_area)
        assert "km²" in text and ("Pashinyan" in text or "Asryan" in text or "CivilNet" in text)
    villages = [f for f in past.features if f.kind == "transferred village"]
    assert len(villages) == 2
    undrawn = [n["name"] for n in past.not_drawn if n["group"] == "transferred village"]
    assert len(villages) + len(undrawn) == 4


def test_borders_say_what_holds_for_crossing_and_delimitation(layers):
    borders = {f.properties["id"]: f.properties for f in layers["borders"]}
    for bid in ("armenia_azerbaijan", "armenia_nakhichevan", "armenia_turkey"):
        assert borders[bid]["status"] == "closed", bid
        assert "Closed" in borders[bid]["crossing"], bid
    assert borders["armenia_iran"]["status"] == "open"
    assert "Agarak" in borders["armenia_iran"]["crossing"]
    assert "12.7 km" in borders["armenia_azerbaijan"]["delimitation"]
    assert "Not demarcated" in borders["armenia_azerbaijan"]["delimitation"]
    for bid, p in borders.items():
        date_key(p["status_date"])
        assert p["status_source"].strip() and p["crossing"].strip(), bid


@pytest.fixture(scope="module")
def document(layers):
    from geo.page import model

    return model.page_data(layers)


def test_a_closed_border_does_not_look_like_an_open_one(document):
    data = document
    layer = next(layer for layer in data["layers"] if layer["id"] == "borders")
    dashes = {}
    for feature in layer["geojson"]["features"]:
        title = feature["properties"]["popup"]["title"]
        dashes[title] = feature["properties"].get("style", {}).get("dashArray")
    for closed in (
        "Armenia–Azerbaijan border (mainland)",
        "Armenia–Nakhichevan border",
        "Armenia–Turkey border (closed since 1993)",
    ):
        assert dashes[closed], (closed, dashes)
    for open_ in (
        "Armenia–Iran border (along the Aras)",
        "Nakhichevan–Iran border (along the Aras)",
    ):
        assert not dashes[open_], (open_, dashes)
    assert any(e.get("dash") for e in layer["legend"])


def test_every_connection_has_a_dated_status_history(layers):
    horadiz = next(f for f in layers["connections"] if f.properties["id"] == "horadiz_aghband")
    history = horadiz.properties["status_history"]
    assert history[0]["date"] == "2021-02-14"
    assert any("67%" in e["note"] and e["date"].startswith("2025-09") for e in history)
    assert any("70%" in e["note"] and e["date"].startswith("2026-02") for e in history)
    for feature in layers["connections"]:
        last = feature.properties["status_history"][-1]
        assert (last["date"], last["status"]) == (
            feature.properties["status_date"],
            feature.properties["status"],
        )


def test_the_history_lines_are_measured(layers):
    from geo.measure.report import measurements

    figures = measurements(LAYERS_DIR)
    lines = [f for f in layers["history"] if f.geometry.geom_type == "LineString"]
    assert set(figures["history_km"]) == {f.properties["id"] for f in lines}
    # Schematic lines run shorter than the track: 75–100 % of the published length.
    railway = next(f for f in lines if f.properties["id"] == "soviet_railway").properties
    assert 0.75 * 340 <= figures["history_km"]["soviet_railway"] <= 340
    assert railway["published_length_km"] == 340


# ---------------------------------------------------------------- bad data


@pytest.fixture
def data_copy(tmp_path, monkeypatch):
    folder = tmp_path / "data"
    shutil.copytree(ROOT / "geo" / "data", folder)
    monkeypatch.setattr(history_data, "DATA", folder)
    return folder


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@pytest.mark.parametrize(
    ("file", "old", "new", "message"),
    [
        ("history.toml", 'date_from = "1941"', 'date_from = "1941-13"', r"has no month 13"),
        ("history.toml", 'date_to = "2022-08-30"', 'date_to = "2019"', r"before date_from"),
        ("history.toml", 'status = "disused"\npublished', 'status = "gone"\npublished', r"gone"),
        (
            "history.toml",
            'status = "rerouted"\nnote = [',
            'status = "open"\nnote = [',
            r"status_history ends 'rerouted', not 'open'",
        ),
        ("history.csv", "place:meghri", "place:nowhere", r"ref 'place:nowhere' names no row"),
        ("history.csv", "46.53111,39.54806", "east,39.54806", r"lon/lat are not numbers"),
        ("history.csv", "held_sotk,1,", "held_sotk,2,", r"held_sotk needs places numbered 1..n"),
        ("borders.toml", 'status = "open"', 'status = "ajar"', r"must be open or closed"),
        (
            "connections.toml",
            '\ndate = "2026-02-27"',
            '\ndate = "2026-02-26"',
            r"status_history ends 2026-02-26",
        ),
    ],
)
def test_bad_history_data_is_one_line(data_copy, file, old, new, message):
    _edit(data_copy / file, old, new)
    if file == "connections.toml":
        read = history_data.connection_histories
    elif file == "borders.toml":
        read = history_data.border_statuses  # type: ignore[assignment]
    else:
        read = history_data.history  # type: ignore[assignment]
    with pytest.raises(SourceError, match=message) as caught:
        read()
    assert "\n" not in str(caught.value)


def test_a_history_feature_without_its_date_breaks_the_contract(tmp_path):
    path = tmp_path / "history.geojson"
    doc = json.loads((LAYERS_DIR / "history.geojson").read_text(encoding="utf-8"))
    doc["features"][0]["properties"].pop("date_from")
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(LayerError, match=r"history.geojson: feature #1 .*lacks date_from"):
        read_layer_file(path, SPECS["history"])


def test_the_step_builds_what_the_layer_file_holds(past, history_layer):
    for feature in past.features:
        built = history_step.geometry(feature)
        cited = [(round(p.lon, 6), round(p.lat, 6)) for p in feature.places]
        assert [tuple(c) for c in built.coords] == cited, feature.id
        assert built.equals(history_layer[feature.id].geometry), feature.id
        props = history_step.properties(feature, past.method_line, past.method_point)
        stored = history_layer[feature.id].properties
        assert {k: stored[k] for k in props} == props, feature.id
