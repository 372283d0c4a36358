"""The built map opened in a real headless Chromium with the network cut off."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import LAYERS_DIR, ROOT, build_map_file, open_map, requested_urls, wait_for

from geo.layerfiles.geojson import LAYERS
from geo.page.style import load_style

pytestmark = pytest.mark.browser

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">'
HOSTILE_NOTE = "<script>window.__pwned=2</script>"


def build(output: Path, layers: Path = LAYERS_DIR, *extra: str) -> Path:
    build_map_file(output, layers, *extra)
    return output


def test_map_opens_offline_with_every_layer_and_no_error(browser, tmp_path):
    page = build(tmp_path / "map.html")
    open_map(browser, page)
    urls = requested_urls(browser)
    assert urls, "the performance log saw no request at all"
    assert all(u == page.resolve().as_uri() or u.startswith("data:") for u in urls), urls
    severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert not severe, severe
    # A short list of toggles (geo/data/style.toml [[control]]), which between
    # them switch every layer: click each in turn and see which layers go or come
    # (the history layer starts hidden), then click it back.
    switched = browser.execute_script(
        """
        var inputs = document.querySelectorAll('.leaflet-control-layers-overlays input');
        var out = {};
        inputs.forEach(function (input) {
          var before = Object.keys(window.syunikLayers).filter(function (k) {
            return window.syunikMap.hasLayer(window.syunikLayers[k]); });
          input.click();
          Object.keys(window.syunikLayers).forEach(function (k) {
            var was = before.indexOf(k) >= 0;
            if (was !== window.syunikMap.hasLayer(window.syunikLayers[k])) {
              out[k] = input.parentNode.textContent.trim();
            }
          });
          input.click();
        });
        return out;
        """
    )
    for spec in LAYERS:
        assert spec.name in switched, (spec.name, switched)
    drawn = browser.execute_script(
        "return Object.keys(window.syunikLayers).filter("
        "k => window.syunikMap.hasLayer(window.syunikLayers[k]));"
    )
    hidden = {name for name, conf in load_style().layers.items() if not conf["visible"]}
    assert sorted(drawn) == sorted(spec.name for spec in LAYERS if spec.name not in hidden)
    assert browser.execute_script("return !!document.getElementById('panel')")
    assert browser.execute_script(
        "return document.querySelector('.leaflet-control-scale-line') !== null"
    )
    for control in (
        "btn-measure-distance",
        "btn-measure-area",
        "btn-fullscreen",
        "btn-fit-corridor",
        "minimap",
        "legend",
        "coords",
    ):
        assert browser.execute_script(f"return !!document.getElementById('{control}')"), control


def test_fit_to_corridor_zooms_onto_the_route(browser, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    open_map(browser, build(tmp_path / "map.html"))
    before = browser.execute_script("return window.syunikMap.getZoom()")
    browser.execute_script("document.getElementById('btn-fit-corridor').click()")
    # The view may animate: wait until it has zoomed in and settled on the route.
    WebDriverWait(browser, 10).until(
        lambda d: d.execute_script(
            "var m = window.syunikMap, c = m.getCenter();"
            "return m.getZoom() > arguments[0] && !m._animatingZoom"
            " && c.lat > 38.7 && c.lat < 39.1 && c.lng > 46.0 && c.lng < 46.7;",
            before,
        )
    )


def _hostile_inputs(tmp_path: Path) -> tuple[Path, Path]:
    """Copy the layers and the panel text with a hostile place name, title and body."""
    layers = tmp_path / "layers"
    shutil.copytree(LAYERS_DIR, layers)
    places = layers / "places.geojson"
    doc = json.loads(places.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["name"] = HOSTILE_NAME
    places.write_text(json.dumps(doc), encoding="utf-8")
    notes = (ROOT / "geo" / "data" / "annotations.toml").read_text(encoding="utf-8")
    # The first top-level title and the first section body get the hostile text.
    notes, titled = re.subn(r'^title = "', f'title = "{HOSTILE_NOTE} ', notes, count=1, flags=re.M)
    notes, bodied = re.subn(r'^body = "', f'body = "{HOSTILE_NOTE} ', notes, count=1, flags=re.M)
    assert titled == bodied == 1, "annotations.toml changed shape: update this test"
    path = tmp_path / "hostile.toml"
    path.write_text(notes, encoding="utf-8")
    return layers, path


def test_hostile_text_is_shown_literally_and_never_runs(browser, tmp_path):
    from selenium.webdriver.support.ui import WebDriverWait

    layers, notes = _hostile_inputs(tmp_path)
    page = build(tmp_path / "hostile.html", layers, "--annotations", str(notes))
    open_map(browser, page)
    # Open the popup of the one feature the test renamed, whatever the zoom,
    # and wait until Leaflet has put it in the page.
    opened = browser.execute_script(
        """
        var want = arguments[0], found = 0;
        window.syunikLayers.places.eachLayer(function visit(layer) {
          if (layer.eachLayer) { layer.eachLayer(visit); return; }
          var f = layer.feature;
          if (f && f.properties.popup && f.properties.popup.title === want) {
            layer.openPopup(); found += 1;
          }
        });
        return found;
        """,
        HOSTILE_NAME,
    )
    assert opened == 1
    popup_text = WebDriverWait(browser, 10).until(
        lambda d: d.execute_script(
            "var p = document.querySelector('.leaflet-popup-content');"
            "return p ? p.textContent : null;"
        )
    )
    assert HOSTILE_NAME in popup_text
    panel_text = browser.execute_script("return document.getElementById('panel').textContent")
    assert panel_text.count(HOSTILE_NOTE) >= 2  # the title and the first section
    assert browser.execute_script("return typeof window.__pwned") == "undefined"
    assert browser.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
    assert browser.execute_script(
        "return Array.from(document.scripts).every(s => !s.textContent.includes('__pwned=2')"
        " || s.type === 'application/octet-stream')"
    )


def test_without_decompression_stream_the_page_says_so_and_throws_nothing(browser, tmp_path):
    """A browser that cannot unpack the gzipped page data gets one line of text, no error."""
    page = build(tmp_path / "map.html")
    added = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": "delete window.DecompressionStream;"}
    )
    try:
        browser.get("about:blank")
        browser.get_log("browser")
        browser.get(page.resolve().as_uri())
        text = wait_for(
            browser,
            "var p = document.querySelector('#map > .map-problem'); return p && p.textContent;",
        )
        assert text.startswith("The map cannot be shown: ") and "DecompressionStream" in text, text
        assert browser.execute_script(
            "return document.documentElement.getAttribute('data-map-ready') === null"
            " && !window.syunikMap && document.getElementById('map').children.length === 1"
        )
        severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not severe, severe
    finally:
        browser.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]}
        )


def test_missing_browser_fails_in_ci_and_skips_elsewhere(monkeypatch):
    import helpers

    monkeypatch.setattr(helpers, "CHROMIUM_CANDIDATES", ("/nonexistent/chromium",))
    monkeypatch.setattr(helpers.shutil, "which", lambda name: None)
    monkeypatch.setattr(helpers, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        helpers.start_browser()
    monkeypatch.setattr(helpers, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception):
        helpers.start_browser()


MALFORMED_FRAGMENTS = [
    "#l=%E0%A4%A",
    "#z=abc&c=1e999,NaN",
    "#z=5&c=39,46&l=" + "corridor," * 2000,
    "#z=7&z=12&c=39.2,46.4&c=0,0&l=%&l=x",
    "#%%%&&==&z",
    "#z=8&c=39.2,46.4&l=%E0%A4%A",  # threw in the old parser: nothing after it ran
]


def test_a_malformed_fragment_is_ignored_and_the_map_still_becomes_ready(browser, tmp_path):
    page = build(tmp_path / "map.html")
    for fragment in MALFORMED_FRAGMENTS:
        open_map(browser, page, fragment)
        severe = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
        assert not severe, (fragment[:40], severe)
        # The units after the fragment ran too: keyboard access and the print layout.
        ran = browser.execute_script(
            "return [document.querySelectorAll('.keyboard-feature').length > 0,"
            " !!document.getElementById('print-header')];"
        )
        assert ran == [True, True], fragment[:40]
    # The good part of a partly malformed fragment is kept: its zoom and centre.
    assert browser.execute_script("return window.syunikMap.getZoom()") == 8
