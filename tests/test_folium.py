"""The map as a folium.Map: layers, legend, controls, offline page, hostile names."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from helpers import LAYERS_DIR

import geo
from geo.layerfiles.geojson import LAYERS
from geo.page import html as page

HOSTILE_NAME = '<img src=x onerror="window.__pwned=1">'
HOSTILE_TEMPLATE = "${window.__pwned=3}`"


@pytest.fixture(scope="module")
def offline_html():
    return geo.folium_map(LAYERS_DIR, offline=True).get_root().render()


@pytest.fixture(scope="module")
def online_map():
    return geo.folium_map(LAYERS_DIR)


@pytest.fixture(scope="module")
def online_html(online_map):
    return online_map.get_root().render()


def test_folium_map_is_a_folium_map_with_every_layer_and_the_legend(online_map, online_html):
    import folium

    fmap = online_map
    assert isinstance(fmap, folium.Map)
    assert "<iframe" in fmap._repr_html_()  # shows inline in Jupyter
    for spec in LAYERS:
        assert json.dumps(spec.title) in online_html  # listed in the layer control
    assert "L.control.layers(" in online_html
    assert "L.control.legend({className: 'geo-legend'" in online_html  # the page's own legend
    for name in ("L.Control.MiniMap", "L.control.fullscreen", "L.Control.MousePosition"):
        assert name.lower() in online_html.lower()


def test_the_minimap_is_drawn_with_our_layers_not_tiles(online_html):
    script = online_html[online_html.index("L.Control.MiniMap(") - 3000 :]
    assert "L.tileLayer" not in script.split("L.Control.MiniMap(")[0].split("L.layerGroup")[-1]
    assert "L.layerGroup([" in online_html


def test_offline_page_links_nothing_and_inlines_leaflet(offline_html):
    assert not re.search(r"<script[^>]+src=", offline_html)
    assert not re.search(r"<link[^>]+href=", offline_html)
    assert "L.tileLayer(" not in offline_html
    assert "Leaflet 1.9.3" in offline_html or "leafletjs" in offline_html
    assert "geo-fullscreen" in offline_html
    assert "geo-position" in offline_html
    assert "L.Control.MiniMap" not in offline_html
    # The popup, legend, coordinates and full screen are the page's own units.
    for unit in ("S.Popup.content(p.popup, ", "L.control.legend(", "L.control.coordinates("):
        assert unit in offline_html, unit
    assert page.SCRIPT_START not in offline_html  # defined, not started


def _hostile_layers(tmp_path: Path) -> Path:
    layers = tmp_path / "layers"
    shutil.copytree(LAYERS_DIR, layers)
    places = layers / "places.geojson"
    doc = json.loads(places.read_text(encoding="utf-8"))
    doc["features"][0]["properties"]["name"] = HOSTILE_NAME
    doc["features"][1]["properties"]["name"] = HOSTILE_TEMPLATE
    places.write_text(json.dumps(doc), encoding="utf-8")
    return layers


def _hostile_user_file(tmp_path: Path, properties: dict[str, str]) -> Path:
    """Write a user's GeoJSON named with the hostile name, one point with ``properties``."""
    user = tmp_path / "mine.geojson"
    feature = {
        "type": "Feature",
        "properties": properties,
        "geometry": {"type": "Point", "coordinates": [46.2, 38.9]},
    }
    doc = {"type": "FeatureCollection", "name": HOSTILE_NAME, "features": [feature]}
    user.write_text(json.dumps(doc), encoding="utf-8")
    return user


def test_hostile_names_are_never_markup_in_the_html(tmp_path):
    layers = _hostile_layers(tmp_path)
    user = _hostile_user_file(tmp_path, {"name": HOSTILE_TEMPLATE})
    html = geo.folium_map(layers, offline=True, add=[user]).get_root().render()
    assert HOSTILE_NAME not in html
    assert "<img" not in html
    # No template literal is used, so a `${...}` in a name stays in a JSON string.
    assert "$(`" not in html


@pytest.mark.browser
def test_offline_page_in_a_browser_lists_layers_requests_nothing_and_stays_inert(tmp_path):
    from helpers import requested_urls, start_browser
    from selenium.webdriver.support.ui import WebDriverWait

    layers = _hostile_layers(tmp_path)
    user = _hostile_user_file(tmp_path, {"name": "a point", "note": HOSTILE_NAME})
    page = tmp_path / "folium.html"
    geo.folium_map(layers, offline=True, add=[user]).save(str(page))
    driver = start_browser()
    try:
        driver.get_log("performance")
        driver.get(page.resolve().as_uri())
        WebDriverWait(driver, 15).until(
            lambda d: (
                d.execute_script(
                    "return document.querySelectorAll('.leaflet-control-layers-overlays label')"
                    ".length"
                )
                > 0
            )
        )
        listed = driver.execute_script(
            "return document.querySelector('.leaflet-control-layers-overlays').textContent"
        )
        for spec in LAYERS:
            assert spec.title in listed
        assert HOSTILE_NAME in listed  # the user's layer, its name as text
        legend = driver.execute_script("return document.querySelector('.geo-legend').textContent")
        assert HOSTILE_NAME in legend
        opened = driver.execute_script(
            """
            var map = window[document.querySelector('.folium-map').id], found = 0;
            var want = arguments;
            map.eachLayer(function (layer) {
              var f = layer.feature;
              if (f && f.properties.popup &&
                  Array.prototype.indexOf.call(want, f.properties.popup.title) >= 0) {
                layer.openPopup(); found += 1;
              }
            });
            return found;
            """,
            HOSTILE_NAME,
            HOSTILE_TEMPLATE,
        )
        assert opened >= 1
        text = WebDriverWait(driver, 10).until(
            lambda d: d.execute_script(
                "var p = document.querySelector('.leaflet-popup-content');"
                "return p ? p.textContent : null;"
            )
        )
        assert HOSTILE_NAME in text or HOSTILE_TEMPLATE in text
        assert driver.execute_script("return typeof window.__pwned") == "undefined"
        assert (
            driver.execute_script("return document.querySelectorAll('img[src=\"x\"]').length") == 0
        )
        # The page's popup: the lead sentence, and the details behind "Details".
        driver.execute_script("window[document.querySelector('.folium-map').id].closePopup();")
        lead = driver.execute_script(
            """
            var map = window[document.querySelector('.folium-map').id], lead = null;
            map.eachLayer(function (layer) {
              var p = layer.feature && layer.feature.properties.popup;
              if (!lead && p && p.lead && p.details) { lead = p.lead; layer.openPopup(); }
            });
            return lead;
            """
        )
        assert lead
        # (the popup closed just before may still be fading out: wait for this one)
        WebDriverWait(driver, 10).until(
            lambda d: d.execute_script(
                "var want = arguments[0];"
                "return Array.from(document.querySelectorAll("
                "'.leaflet-popup-content .feature-popup-lead')).some(function (p) {"
                " return p.textContent === want &&"
                " !!p.parentNode.querySelector('.feature-popup-details summary'); });",
                lead,
            )
        )
        urls = [u for u in requested_urls(driver) if not u.startswith(("data:", "file:"))]
        assert urls == []
        errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
        assert errors == []
    finally:
        driver.quit()
