"""The user's own GeoJSON files on the page (``map --add``), good and bad."""

from __future__ import annotations

import base64
import json
import random
from pathlib import Path

import pytest
from helpers import LAYERS_DIR, ROOT, page_data_of, run_main

from geo.page import html as page

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">'


def page_json(path: Path) -> dict:
    return page_data_of(path.read_text(encoding="utf-8"))


def write(path: Path, doc: object) -> Path:
    path.write_text(doc if isinstance(doc, str) else json.dumps(doc), encoding="utf-8")
    return path


def point(lon: float, lat: float, **props: object) -> dict:
    return {
        "type": "Feature",
        "properties": props,
        "geometry": {"type": "Point", "coordinates": [lon, lat]},
    }


def collection(*features: dict, **members: object) -> dict:
    return {"type": "FeatureCollection", **members, "features": list(features)}


def build(tmp_path: Path, *files: Path) -> tuple[object, Path]:
    out = tmp_path / "map.html"
    args = ["map", "--layers", str(LAYERS_DIR), "--output", str(out)]
    for path in files:
        args += ["--add", str(path)]
    return run_main(*args), out


def test_each_added_file_is_a_layer_named_after_the_file_or_its_name(tmp_path):
    wells = write(
        tmp_path / "wells.geojson",
        collection(
            point(46.25, 38.90, name="Well 1", depth_m=12.5, dry=False, notes=None),
            point(46.30, 38.92, depth_m=3, tags=["a", "b"]),
        ),
    )
    route = write(
        tmp_path / "route.geojson",
        collection(
            {
                "type": "Feature",
                "properties": {"surveyed": "2025"},
                "geometry": {"type": "LineString", "coordinates": [[46.1, 38.9], [46.4, 38.95]]},
            },
            name="My survey line",
        ),
    )
    result, out = build(tmp_path, wells, route)
    assert result.returncode == 0, result.stderr
    data = page_json(out)
    added = [layer for layer in data["layers"] if layer["id"].startswith("user_")]
    assert [layer["title"] for layer in added] == ["wells", "My survey line"]
    assert [layer["geometry"] for layer in added] == ["point", "line"]
    assert [layer["legend"][0]["label"] for layer in added] == ["wells", "My survey line"]
    assert added[0]["style"]["color"] != added[1]["style"]["color"]
    first, second = added[0]["geojson"]["features"]
    assert first["properties"]["popup"] == {
        "title": "Well 1",
        "rows": [["name", "Well 1"], ["depth_m", "12.5"], ["dry", "false"], ["notes", ""]],
    }
    assert second["properties"]["popup"]["title"] == "wells #2"
    assert second["properties"]["popup"]["rows"] == [["depth_m", "3"], ["tags", '["a", "b"]']]
    assert first["geometry"] == {"type": "Point", "coordinates": [46.25, 38.9]}


def test_a_single_feature_and_null_geometries_are_accepted(tmp_path):
    one = write(tmp_path / "one.geojson", point(46.2, 38.9, name="only"))
    some = write(
        tmp_path / "some.geojson",
        collection(point(46.2, 38.9), {"type": "Feature", "properties": {}, "geometry": None}),
    )
    result, out = build(tmp_path, one, some)
    assert result.returncode == 0, result.stderr
    added = [layer for layer in page_json(out)["layers"] if layer["id"].startswith("user_")]
    assert [len(layer["geojson"]["features"]) for layer in added] == [1, 1]


BAD = {
    "empty": ("", "file is empty"),
    "truncated": ('{"type": "FeatureCollection", "features": [', "not valid JSON"),
    "array": ("[]", "not a GeoJSON FeatureCollection or Feature"),
    "projected": (collection(point(600000, 4300000)), "not WGS84 lon/lat"),
    "nan": (
        '{"type":"Feature","properties":{},"geometry":{"type":"Point","coordinates":[NaN,1]}}',
        "NaN",
    ),
    "strings": (
        collection(
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "Point", "coordinates": ["a", "b"]},
            }
        ),
        'coordinate "a" is not a JSON number',
    ),
    "collection": (
        collection(
            {
                "type": "Feature",
                "properties": {},
                "geometry": {"type": "GeometryCollection", "geometries": []},
            }
        ),
        "not supported",
    ),
    "nofeatures": (collection(), "has no feature with a geometry"),
    "crs": (
        collection(point(46.2, 38.9), crs={"type": "name", "properties": {"name": "EPSG:32638"}}),
        "RFC 7946 requires WGS84",
    ),
    "props": (
        collection(
            {
                "type": "Feature",
                "properties": [1],
                "geometry": {"type": "Point", "coordinates": [46.2, 38.9]},
            }
        ),
        "properties is not an object",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_gets_one_line_naming_it_and_nothing_is_written(tmp_path, case):
    doc, message = BAD[case]
    good = write(tmp_path / "good.geojson", collection(point(46.2, 38.9)))
    bad = write(tmp_path / f"{case}.geojson", doc)
    result, out = build(tmp_path, good, bad)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith(f"error: {bad}: ")
    assert message in result.stderr
    assert not out.exists()


def test_a_missing_file_and_a_folder_are_named(tmp_path):
    result, out = build(tmp_path, tmp_path / "nope.geojson")
    assert result.returncode == 1
    assert f"{tmp_path / 'nope.geojson'}: no such file" in result.stderr
    result, out = build(tmp_path, tmp_path)
    assert result.returncode == 1
    assert "is a folder" in result.stderr
    assert not out.exists()


def test_a_page_that_would_pass_1_mb_is_refused_naming_the_file(tmp_path):
    # About 0.5 MB of points with names that do not compress (the page's data is
    # gzipped): with the page's 0.7 MB this passes the limit.
    rng = random.Random(7)
    many = [
        point(46 + i * 1e-4, 38.9, name=base64.b64encode(rng.randbytes(90)).decode())
        for i in range(4000)
    ]
    big = write(tmp_path / "big.geojson", collection(*many))
    result, out = build(tmp_path, big)
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert f"over the {page.MAX_PAGE_BYTES:,}-byte limit" in result.stderr
    assert str(big) in result.stderr
    assert not out.exists()


def test_map_command_imports_no_geopandas_folium_or_matplotlib(tmp_path):
    import subprocess
    import sys

    user = write(tmp_path / "mine.geojson", collection(point(46.2, 38.9)))
    code = (
        "import sys; from geo.cli import main; "
        f"rc = main(['map', '--layers', {str(LAYERS_DIR)!r}, '--output', "
        f"{str(tmp_path / 'm.html')!r}, '--add', {str(user)!r}]); "
        "heavy = sorted(m for m in ('geopandas', 'folium', 'matplotlib', 'pandas', 'branca')"
        " if m in sys.modules); print(rc, heavy)"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert out.stdout.strip().splitlines()[-1] == "0 []"


@pytest.mark.browser
def test_added_layer_in_the_browser_is_listed_and_its_hostile_text_inert(tmp_path):
    from helpers import requested_urls, start_browser, wait_ready
    from selenium.webdriver.support.ui import WebDriverWait

    user = write(
        tmp_path / "mine.geojson",
        collection(point(46.25, 38.9, name=HOSTILE_NAME, note=HOSTILE_NAME), name=HOSTILE_NAME),
    )
    result, out = build(tmp_path, user)
    assert result.returncode == 0, result.stderr
    driver = start_browser()
    try:
        driver.get_log("performance")
        driver.get(out.resolve().as_uri())
        wait_ready(driver)
        listed = driver.execute_script(
            "return document.querySelector('.leaflet-control-layers-overlays').textContent"
        )
        assert HOSTILE_NAME in listed
        legend = driver.execute_script("return document.getElementById('legend').textContent")
        assert HOSTILE_NAME in legend
        opened = driver.execute_script(
            """
            var found = 0;
            window.syunikLayers.user_1.eachLayer(function (layer) {
              layer.openPopup(); found += 1;
            });
            return found;
            """
        )
        assert opened == 1
        text = WebDriverWait(driver, 10).until(
            lambda d: d.execute_script(
                "var p = document.querySelector('.leaflet-popup-content');"
                "return p ? p.textContent : null;"
            )
        )
        assert text.count(HOSTILE_NAME) == 3  # the title, the name row and the note row
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
        assert (
            driver.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
        )
        assert [u for u in requested_urls(driver) if not u.startswith(("data:", "file:"))] == []
    finally:
        driver.quit()


def test_a_file_wholly_outside_the_region_warns_in_one_line_and_still_builds(tmp_path):
    # Syunik with latitude and longitude swapped: (46 N, 39 E) is in Russia's south.
    swapped = write(tmp_path / "swapped.geojson", collection(point(39.2, 46.4, name="Kapan?")))
    inside = write(tmp_path / "inside.geojson", collection(point(46.4, 39.2, name="Kapan")))
    result, out = build(tmp_path, swapped, inside)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1, result.stderr
    assert warnings[0].startswith(f"{swapped}: warning: every feature lies outside")
    assert "swapped" in warnings[0]
    assert out.is_file()


def test_added_layers_draw_in_their_own_panes_above_fills_and_band_below_names(tmp_path):
    square = {
        "type": "Feature",
        "properties": {"name": "my area"},
        "geometry": {
            "type": "Polygon",
            "coordinates": [
                [[46.1, 39.3], [46.16, 39.3], [46.16, 39.36], [46.1, 39.36], [46.1, 39.3]]
            ],
        },
    }
    user = write(tmp_path / "mine.geojson", collection(square, point(46.25, 38.9, name="mine")))
    result, out = build(tmp_path, user)
    assert result.returncode == 0, result.stderr
    data = page_json(out)
    depth = {p["name"]: p["z_index"] for p in data["panes"]}
    mine = data["layers"][-1]
    points = [f for f in mine["geojson"]["features"] if f["geometry"]["type"] == "Point"]
    areas = mine["pane"]
    assert [f["properties"]["pane"] for f in points] == ["user-points"]
    assert max(depth[p] for p in ("syunik", "armenia", "azerbaijan", "band")) < depth[areas]
    assert depth["places"] < depth["user-points"] < depth["labels"]
    assert {"user-areas", "user-points"} <= {p["name"] for p in data["panes"] if p["focusable"]}


#: A point and a square of the user's, in Syunik and clear of our places.
USER_POINT = (46.05, 39.05)
USER_SQUARE = [[46.1, 39.3], [46.16, 39.3], [46.16, 39.36], [46.1, 39.36], [46.1, 39.3]]


@pytest.fixture(scope="module")
def user_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("user")
    square = {
        "type": "Feature",
        "properties": {"name": "My square", "note": "drawn by me"},
        "geometry": {"type": "Polygon", "coordinates": [USER_SQUARE]},
    }
    user = write(
        folder / "mine.geojson",
        collection(point(*USER_POINT, name="My point", note="seen by me"), square),
    )
    result, out = build(folder, user)
    assert result.returncode == 0, result.stderr
    return out


@pytest.mark.browser
@pytest.mark.parametrize("size", ["desktop", "phone"])
@pytest.mark.parametrize(
    ("title", "lonlat", "note"),
    [("My point", USER_POINT, "seen by me"), ("My square", (46.13, 39.33), "drawn by me")],
    ids=["point", "area"],
)
def test_a_click_on_a_users_feature_opens_its_popup(user_page, size, title, lonlat, note):
    """As seen: the element at the feature's place on screen is the feature; a click opens it."""
    from helpers import SIZES, click_at, start_sized, wait_ready
    from selenium.webdriver.support.ui import WebDriverWait

    driver = start_sized(size)
    try:
        driver.get(user_page.resolve().as_uri())
        wait_ready(driver)
        # Centre the feature in the part of the map the controls leave free.
        found = driver.execute_script(
            """
            var title = arguments[0], lat = arguments[2], lon = arguments[1], hit = null;
            var map = window.syunikMap;
            map.setView([lat, lon], 11, {animate: false});
            window.syunikLayers.user_1.eachLayer(function (layer) {
              if (layer.feature.properties.popup.title === title) { hit = layer; }
            });
            var p = map.latLngToContainerPoint([lat, lon]);
            var box = map.getContainer().getBoundingClientRect();
            var x = box.left + p.x, y = box.top + p.y;
            return {x: x, y: y, same: document.elementFromPoint(x, y) === hit.getElement()};
            """,
            title,
            *lonlat,
        )
        width, height = SIZES[size]
        assert 0 < found["x"] < width and 0 < found["y"] < height, found
        assert found["same"], f"something else is drawn over the user's {title} at {found}"
        click_at(driver, found["x"], found["y"])
        text = WebDriverWait(driver, 10).until(
            lambda d: d.execute_script(
                "var p = document.querySelector('.leaflet-popup-content');"
                "return p ? p.textContent : null;"
            )
        )
        assert title in text and note in text
    finally:
        driver.quit()
