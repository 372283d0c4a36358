"""The data behind the map's glance: label anchors, views and popup words (no browser)."""

from __future__ import annotations

import re

import pytest
from shapely.geometry import Point

from geo.crs import UTM38N
from geo.errors import SourceError
from geo.measure.geodesic import to_crs
from geo.page import labels as labels_module
from geo.page.popups import popup, rendered
from geo.page.style import load_style
from geo.page.views import view_bounds


def _inside(bounds: list[list[float]], lat: float, lon: float) -> bool:
    (s, w), (n, e) = bounds
    return s <= lat <= n and w <= lon <= e


def test_every_name_stands_on_what_it_names(layers, by_id):
    for label in labels_module.page_labels(layers):
        at = Point(label["lon"], label["lat"])
        if label["kind"] == "country":
            if label["layer"] == "neighbours":
                named = {f.properties["name"]: f.geometry for f in layers["neighbours"]}
                area = named[label["text"]]
            else:
                area = layers[label["layer"]][0].geometry
            assert area.contains(at), label
        elif label["kind"] == "water":  # the Aras: on a border that follows it
            river = [by_id["armenia_iran"].geometry, by_id["nakhichevan_iran"].geometry]
            metres = min(to_crs(r, UTM38N).distance(to_crs(at, UTM38N)) for r in river)
            assert metres < 500, (label, metres)
        else:
            route = by_id["corridor_centreline"].geometry
            assert to_crs(route, UTM38N).distance(to_crs(at, UTM38N)) < 1, label


def test_route_label_rounds_the_measured_length(layers, by_id):
    route = next(label for label in labels_module.page_labels(layers) if label["kind"] == "route")
    length_km = by_id["corridor_centreline"].properties["length_km"]
    assert route["text"] == f"TRIPP · ≈ {round(length_km)} km · illustrative"


def test_first_view_holds_the_route_and_its_context(layers, by_id):
    views = view_bounds(layers, load_style(), labels_module.page_labels(layers))
    first = views["first_view_bounds"]
    for fid in ("tripoint_west", "tripoint_east", "meghri", "ordubad", "kapan", "zangilan"):
        point = by_id[fid].geometry
        assert _inside(first, point.y, point.x), fid
    for lon, lat in by_id["corridor_centreline"].geometry.coords:
        assert _inside(first, lat, lon)
    # the first view is the route's neighbourhood, not the region
    (s, w), (n, e) = first
    assert n - s < 1 and e - w < 1.5, first


def test_whole_corridor_view_only_with_the_connections(layers):
    labels = labels_module.page_labels(layers)
    assert "whole_corridor_bounds" in view_bounds(layers, load_style(), labels)
    without = {name: features for name, features in layers.items() if name != "connections"}
    assert "whole_corridor_bounds" not in view_bounds(without, load_style(), labels)


def test_popups_lead_with_words_not_codes(layers, by_id):
    route = by_id["corridor_centreline"].geometry
    for name, features in layers.items():
        for feature in features:
            shown = rendered(popup(feature, route))
            assert shown["lead"] and shown["lead"][0].isupper(), (name, shown["lead"])
            first = " ".join(
                [shown["lead"], *shown["figure"], *(v for row in shown["rows"] for v in row)]
            )
            what = dict(shown["details"])["What"]
            assert not re.search(r"\w_\w", first + " " + what), (name, first, what)
            assert shown["figure"], (name, shown["title"])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("x,Name,sea,armenia,40,45,,0,99,0,reason", "kind must be one of"),
        ("x,Name,country,nowhere,40,45,,0,99,0,reason", "no layer"),
        ("x,Name,country,armenia,40,45,,0,99,0,", "gives no source or reason"),
        ("x,Name,route,corridor,,,no_such_line,0,99,0,reason", "no lat/lon"),
    ],
)
def test_bad_label_rows_are_named(layers, tmp_path, monkeypatch, row, message):
    path = tmp_path / "labels.csv"
    path.write_text(",".join(labels_module.COLUMNS) + "\n" + row + "\n", encoding="utf-8")
    monkeypatch.setattr(labels_module, "LABELS_FILE", path)
    with pytest.raises(SourceError, match=f"labels.csv: line 2: {message}"):
        labels_module.page_labels(layers)
