"""The built HTML file: deterministic, small, self-contained, display geometry within budget."""

from __future__ import annotations

import gzip
import json
import re
import struct
from pathlib import Path

import pytest
import shapely
from helpers import LAYERS_DIR, build_map_file, page_data_of, run_cli

from geo.display.geometry import MAX_ERROR_M
from geo.page import html as page
from geo.page import pack, texts
from geo.page.popups import rendered
from geo.page.style import load_style

SIZE_BUDGET_BYTES = 1_000_000


def build(output: Path, *extra: str) -> str:
    result = build_map_file(output, LAYERS_DIR, *extra)
    assert str(output) in result.stdout and "bytes" in result.stdout
    return output.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def html(tmp_path_factory) -> str:
    return build(tmp_path_factory.mktemp("map") / "syunik_route.html")


def page_json(html_text: str) -> dict:
    return page_data_of(html_text)


def test_two_builds_are_byte_identical(html, tmp_path):
    """The fixture's page was built in this process; build it again in a fresh one.

    A new interpreter has another hash seed, so set and dict orders that leaked
    into the page would show here.
    """
    again = tmp_path / "again.html"
    result = run_cli("map", "--layers", str(LAYERS_DIR), "--output", str(again))
    assert result.returncode == 0, result.stderr
    assert again.read_text(encoding="utf-8") == html


def test_default_command_builds_the_default_file():
    result = run_cli()
    assert result.returncode == 0, result.stderr
    assert "build/syunik_route.html" in result.stdout


def test_the_page_data_is_gzip_and_base85_of_the_compact_json(html):
    """One #map-data element, base 85 only, of a gzip stream with no time stamp, of JSON."""
    found = re.findall(r'<script([^>]*) id="map-data"([^>]*)>([^<]*)</script>', html)
    assert len(found) == 1
    before, after, text = found[0]
    assert before == ' type="application/octet-stream"'
    assert after.startswith(' data-encoding="gzip+base85" data-problem="The map cannot be shown')
    assert set(text) <= set(pack.ALPHABET)
    packed = pack.b85decode(text)
    assert len(text) == len(packed) + -(-len(packed) // 4)  # 5 characters for 4 bytes
    assert packed[:3] == b"\x1f\x8b\x08" and packed[4:8] == b"\0\0\0\0"  # gzip, mtime 0
    body = gzip.decompress(packed)
    (length,) = struct.unpack(">I", body[:4])
    carried = json.loads(body[4 : 4 + length].decode("utf-8"))
    assert set(carried["topology"]) == {"q"}  # the shared arcs follow the JSON, as varints
    assert len(body) > 4 + length
    data = page_json(html)
    assert pack.unpack_bytes(body) == data
    assert len(text) < len(json.dumps(data, ensure_ascii=False, separators=(",", ":"))) * 2 / 3


def test_size_budget(html):
    assert len(html.encode("utf-8")) <= SIZE_BUDGET_BYTES


def test_no_remote_script_or_stylesheet(html):
    markup = re.sub(r"<(script|style)[^>]*>.*?</\1>", "", html, flags=re.S)
    assert not re.search(r"<script[^>]+src=", html)
    assert not re.search(r"<link[^>]+stylesheet", html)
    assert not re.search(r"""(src|href)=["']?https?:""", markup)
    for css in re.findall(r"<style>(.*?)</style>", html, re.S):
        for url in re.findall(r"url\(([^)]*)\)", css):
            assert url.strip("'\"").startswith(("data:", "#")), url


def test_content_security_policy_blocks_the_network(html):
    match = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert match
    policy = dict(item.strip().split(" ", 1) for item in match.group(1).split(";"))
    assert policy["default-src"] == "'none'"
    assert policy["connect-src"] == "'none'"
    assert "'unsafe-inline'" not in policy["script-src"]
    assert all(s.startswith("'sha256-") for s in policy["script-src"].split())
    hosts = [h for h in policy["img-src"].split() if h != "data:"]
    assert hosts == sorted(
        {re.match(r"https://[^/]+", t["url"]).group(0) for t in load_style().tiles}
    )


def test_every_layer_and_the_panel_are_in_the_page(html):
    data = page_json(html)
    assert [layer["id"] for layer in data["layers"]] == [
        "neighbours",
        "azerbaijan",
        "nakhichevan",
        "armenia",
        "syunik",
        "borders",
        "connections",
        "history",
        "corridor",
        "places",
    ]
    assert data["panel"]["sections"] and data["panel"]["timeline"]
    credits = texts.english(data["credits"])
    assert "ODbL" in credits and "Natural Earth" in credits


def test_corridor_popup_sets_measured_beside_reported(html):
    data = page_json(html)
    corridor = next(layer for layer in data["layers"] if layer["id"] == "corridor")
    shown = rendered(corridor["geojson"]["features"][0]["properties"]["popup"])
    rows = dict(shown["rows"] + shown["details"])
    assert shown["figure"] == ["Length", "≈ 44 km (illustrative)"]
    assert rows["Length (geodesic, WGS84)"].endswith(" km")
    assert rows["Length (UTM zone 38N)"].endswith(" km")
    assert "43 km" in rows["Reported length"]
    assert re.search(r"40[–-]45 km", rows["Reported length"]), rows["Reported length"]
    assert "Illustrative" in rows["Alignment"]


def test_popups_state_source_and_licence(html):
    for layer in page_json(html)["layers"]:
        for feature in layer["geojson"]["features"]:
            shown = rendered(feature["properties"]["popup"])
            # one plain sentence first; source and licence behind "Details"
            assert shown["lead"].endswith("."), (layer["id"], shown["lead"])
            details = dict(shown["details"])
            assert details["Source"] and details["Licence"], layer["id"]


def _decode(geometry: dict):
    q = geometry.get("q")

    def line(flat):
        out, x, y = [], 0, 0
        for i in range(0, len(flat), 2):
            x += flat[i]
            y += flat[i + 1]
            out.append((x / q, y / q))
        return out

    kind, enc = geometry["type"], geometry.get("enc")
    if kind == "Polygon":
        return shapely.geometry.shape({"type": kind, "coordinates": [line(r) for r in enc]})
    if kind == "MultiPolygon":
        return shapely.geometry.shape(
            {"type": kind, "coordinates": [[line(r) for r in p] for p in enc]}
        )
    return None


def test_display_polygons_stay_a_coverage_within_the_error_budget(html):
    data = page_json(html)
    assert data["display_max_error_m"] <= MAX_ERROR_M
    polys = [
        _decode(feature["geometry"])
        for layer in data["layers"]
        if layer["id"] in ("neighbours", "azerbaijan", "nakhichevan")
        for feature in layer["geojson"]["features"]
    ]
    syunik = next(layer for layer in data["layers"] if layer["id"] == "syunik")
    armenia = next(layer for layer in data["layers"] if layer["id"] == "armenia")
    rest = _decode(armenia["geojson"]["features"][0]["geometry"]).difference(
        _decode(syunik["geojson"]["features"][0]["geometry"])
    )
    polys += [rest]
    assert all(p.is_valid for p in polys)
    assert shapely.coverage_is_valid(polys)


def test_assets_refuse_a_url_they_cannot_inline(tmp_path):
    from geo.errors import SourceError

    with pytest.raises(SourceError, match="cannot inline"):
        page.inline_css_urls(
            "a { background: url(https://example.org/x.png) }", tmp_path, "test.css"
        )
    with pytest.raises(SourceError, match="cannot inline"):
        page.inline_css_urls("a { background: url(images/missing.png) }", tmp_path, "test.css")


def test_display_error_measured_independently(html, layers):
    """Hausdorff distance (UTM 38N) between cleaned and displayed outlines, per feature.

    The 25 m bound is on simplification; cleaning (filled pockets, dropped
    specks) is measured as area moved, in tests/test_display.py.
    """
    from geo.crs import UTM38N
    from geo.display.geometry import clean_layers
    from geo.measure.geodesic import to_crs

    data = page_json(html)
    shown = {layer["id"]: layer for layer in data["layers"]}
    cleaned = clean_layers(layers)
    # The page's bound holds simplification and the grid's rounding both.
    assert data["display_max_error_m"] <= MAX_ERROR_M
    for name in ("syunik", "nakhichevan"):
        source = to_crs(cleaned[name][0], UTM38N).boundary
        display = to_crs(_decode(shown[name]["geojson"]["features"][0]["geometry"]), UTM38N)
        error = shapely.hausdorff_distance(source, display.boundary)
        assert error <= data["display_max_error_m"], (name, error)
