"""The page's still preview and its size: near the top, before any script, in its language."""

from __future__ import annotations

import html
import re

import pytest
from helpers import LAYERS_DIR, build_map_file, page_data_of

from geo.page import i18n, preview

#: The default page (all six languages, the history, the story, the relief) may not be
#: larger than this (650 KiB, issue 20); a page with users' data keeps the 1 MB cap
#: (tests/test_map.py).
DEFAULT_PAGE_MAX_BYTES = 665_600

#: The preview and its stylesheet must have arrived within this many bytes of the file.
PREVIEW_WITHIN_BYTES = 100_000


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("preview")
    out = {}
    for lang in ("en", "ru"):
        path = folder / f"{lang}.html"
        build_map_file(path, LAYERS_DIR, *(("--lang", lang) if lang != "en" else ()))
        out[lang] = path.read_text(encoding="utf-8")
    return out


def _svg(html: str) -> re.Match[str]:
    found = list(re.finditer(r'<svg id="map-preview".*?</svg>', html, re.S))
    assert len(found) == 1
    return found[0]


def test_the_default_page_is_at_most_650_kib(pages):
    size = len(pages["en"].encode("utf-8"))
    assert size <= DEFAULT_PAGE_MAX_BYTES, f"{size:,} bytes"


def test_the_preview_comes_first_and_no_script_before_it(pages):
    html = pages["en"]
    svg = _svg(html)
    assert len(html[: svg.end()].encode("utf-8")) <= PREVIEW_WITHIN_BYTES
    # Inside the map's element, before every script and the data.
    assert re.search(r'<main id="map"[^>]*><svg id="map-preview"', html)
    assert "<script" not in html[: svg.start()]
    # Its stylesheet is in the head, before it.
    head = html[: html.index("</head>")]
    assert ".map-preview" in head


def test_the_preview_draws_the_route_the_tripoints_and_the_names(pages, layers):
    svg = _svg(pages["en"]).group(0)
    data = page_data_of(pages["en"])
    route_style = data["layers"][-2]["geojson"]["features"][0]["properties"]["style"]
    assert f'stroke="{route_style["color"]}"' in svg  # the route, in its own colour
    tripoints = [f for f in layers["places"] if f.properties["kind"] == "tripoint"]
    assert svg.count("<circle") == len(tripoints) == 2
    names = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    for name in ("Armenia", "Azerbaijan", "Iran", "Nakhchivan", "(Azerbaijan)"):
        assert name in names
    assert any(n.startswith("TRIPP") and "illustrative" in n for n in names)


def test_the_preview_speaks_the_page_language(pages, layers):
    svg = _svg(pages["ru"]).group(0)
    names = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", svg)
    assert "Армения" in names and "Иран" in names
    assert "Armenia" not in names
    label = i18n.catalogue("ru", i18n.english_catalogue(layers))["ui.page.preview"]
    assert f'aria-label="{html.escape(label)}"' in svg and label.startswith("Предпросмотр")
    assert re.match(r"TRIPP · ≈ 44 км", next(n for n in names if n.startswith("TRIPP")))


def test_the_preview_is_the_same_every_time(layers):
    from geo.page import model

    data = model.page_data(layers)
    assert preview.preview_svg(data, layers) == preview.preview_svg(data, layers)


def test_the_preview_frames_the_first_view(pages):
    svg = _svg(pages["en"]).group(0)
    width, height = (int(v) for v in re.search(r'viewBox="0 0 (\d+) (\d+)"', svg).groups())
    assert width == preview.WIDTH
    # The first view is wider than tall in Web Mercator at 39° N (0.73° by 0.5°).
    assert 0.6 * width < height < width
    # The two tripoints lie inside the view, on its lower half (the Aras).
    for cx, cy in re.findall(r'<circle cx="([\d.]+)" cy="([\d.]+)"', svg):
        assert 0 < float(cx) < width and height / 2 < float(cy) < height
