"""The drawing order is data: every layer and the route have a fixed depth."""

from __future__ import annotations

import pytest

from geo.errors import SourceError
from geo.layerfiles.geojson import LAYERS
from geo.page.model import page_data
from geo.page.panes import Z_INDEX_BASE, load_panes, pane_of, parse_panes


def test_every_layer_draws_in_a_pane_and_the_route_above_the_borders(layers):
    data = page_data(layers)
    depth = {p["name"]: p["z_index"] for p in data["panes"]}
    by_id = {layer["id"]: layer for layer in data["layers"]}
    for spec in LAYERS:
        assert by_id[spec.name]["pane"] in depth, spec.name
    corridor = by_id["corridor"]["geojson"]["features"]
    panes = [f["properties"].get("pane", by_id["corridor"]["pane"]) for f in corridor]
    assert sorted(panes) == ["band", "route"]
    assert depth["band"] < depth[by_id["borders"]["pane"]] < depth["route"]
    assert depth["route"] < depth[by_id["places"]["pane"]] < depth["labels"]
    focusable = {p["name"] for p in data["panes"] if p["focusable"]}
    assert {"route", "places"} <= focusable


def test_a_feature_pane_wins_over_its_layer_pane():
    panes = load_panes()
    assert pane_of("corridor", "corridor_band", panes) == "band"
    assert pane_of("corridor", "corridor_centreline", panes) == "route"
    assert pane_of("corridor", None, panes) == "route"
    assert pane_of("no_such_layer", None, panes) is None


@pytest.mark.parametrize(
    ("doc", "message"),
    [
        ({}, "lacks"),
        ({"pane": [{"name": "Bad Name"}]}, "lacks a name"),
        ({"pane": [{"name": "a"}, {"name": "a"}]}, "listed twice"),
        ({"pane": [{"name": "a", "layers": ["x"]}, {"name": "b", "layers": ["x"]}]}, "more than"),
        ({"pane": [{"name": "a", "features": "x"}]}, "must be a list"),
        ({"pane": [{"name": "a", "focusable": "yes"}]}, "true or false"),
        ({"pane": [{"name": f"p{i}"} for i in range(40)]}, "too many"),
    ],
)
def test_bad_pane_files_are_refused_with_their_path(doc, message):
    with pytest.raises(SourceError, match=message) as info:
        parse_panes(doc, "panes.toml")
    assert str(info.value).startswith("panes.toml: ")


def test_depths_follow_the_file_order():
    panes = parse_panes({"pane": [{"name": "low"}, {"name": "high"}]})
    assert [p.z_index for p in panes] == [Z_INDEX_BASE, Z_INDEX_BASE + 10]
