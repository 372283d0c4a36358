"""The panel's contents, source links, downloads and the map as text, in a real headless Chromium.

Moving inside the panel never changes the URL fragment; every download is made in the page
(no request) and carries the licences; the map as text is the same in the browser as in the
page's static HTML, in the reader's language.
"""

from __future__ import annotations

import csv
import io
import json
import re
import time
from pathlib import Path

import pytest
from helpers import (
    LAYERS_DIR,
    SIZES,
    axe_source,
    axe_violations,
    build_map_file,
    open_map,
    requested_urls,
    start_sized,
    wait_for,
)
from test_astext import parsed, section_of

from geo.measure.report import measurements

pytestmark = pytest.mark.browser

FRAGMENT = "#lang=en&z=9.5&c=38.95,46.3&l=neighbours,armenia,syunik,borders,corridor,places"


@pytest.fixture(scope="module", params=sorted(SIZES))
def driver(request, tmp_path_factory):
    browser = start_sized(request.param)
    browser.size = request.param
    browser.downloads = tmp_path_factory.mktemp("downloads")
    browser.execute_cdp_cmd(
        "Browser.setDownloadBehavior",
        {"behavior": "allow", "downloadPath": str(browser.downloads), "eventsEnabled": True},
    )
    yield browser
    browser.quit()


def settled_hash(driver) -> str:
    """Open the panel (closed at first on a phone); return the fragment once it has settled."""
    driver.execute_script(
        "var t = document.getElementById('panel-toggle');"
        "if (t.getAttribute('aria-expanded') !== 'true') { t.click(); }"
    )
    wait_for(driver, "return document.getAnimations().length === 0")
    return driver.execute_script("return window.location.hash")


JUMP_JS = """
var link = arguments[0];
var scroller = document.querySelector('.panel-body');
link.click();
var target = document.activeElement;
var box = target.getBoundingClientRect(), area = scroller.getBoundingClientRect();
return {
  hash: window.location.hash, focused: target.id || target.className,
  visible: box.top >= area.top - 1 && box.top < area.bottom,
  page: [window.scrollX, window.scrollY, document.getElementById('map').scrollTop]
};
"""


def test_the_contents_list_leads_above_the_introduction_and_moving_never_touches_the_fragment(
    driver, page
):
    open_map(driver, page, FRAGMENT)
    before = settled_hash(driver)
    assert "z=9.5" in before and "lang=en" in before
    nav = driver.execute_script(
        "var nav = document.querySelector('#panel .panel-body > nav');"
        "var label = document.getElementById(nav.getAttribute('aria-labelledby'));"
        "var before = [], node = nav.previousElementSibling;"
        "for (; node; node = node.previousElementSibling) {"
        " before.push(node.id || node.className); }"
        "var box = nav.closest('.panel-body').getBoundingClientRect();"
        "var intro = document.querySelector('.panel-intro').getBoundingClientRect();"
        "return {first: before.join() === 'panel-asof',"
        " introSeen: intro.top >= box.top && intro.bottom <= box.bottom,"
        " name: label.textContent, entries: Array.prototype.map.call("
        "nav.querySelectorAll('a'), function (a) { return a.textContent; })};"
    )
    # The contents list leads, and is short enough that the introduction (what the map
    # shows) is on the first screen below it.
    assert nav["first"] and nav["introSeen"] and nav["name"] == "Contents"
    assert nav["entries"][0] == "Latest: 7 June 2026"
    headings = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll("
        "'.panel-body > section[id] > h3'), function (h) { return h.textContent; });"
    )
    assert [e for e in nav["entries"][1:] if e != "Map as text"] == headings
    assert {"Timeline", "Sources", "Data"} <= set(headings)
    links = driver.find_elements("css selector", "#panel .panel-contents a")
    for link in links:
        label = link.text
        moved = driver.execute_script(JUMP_JS, link)
        assert moved["hash"] == before, label
        assert moved["visible"], label
        assert moved["page"] == [0, 0, 0], label
        target = link.get_attribute("href").split("#")[1]
        focused = driver.execute_script("return document.activeElement.id")
        if target == "map-as-text":  # opened first, then its heading has focus
            assert focused == "map-as-text-title"
        else:
            assert focused == target, label
    latest = driver.execute_script(
        "return document.getElementById('panel-latest') === "
        "document.querySelector('.timeline > li:last-child')"
    )
    assert latest


def test_every_source_number_links_to_its_source_and_back(driver, page):
    open_map(driver, page, FRAGMENT)
    before = settled_hash(driver)
    refs = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('.panel-source'),"
        " function (s) { return [s.querySelectorAll('a.panel-ref').length,"
        " (s.textContent.match(/\\d+/g) || []).length]; });"
    )
    assert refs and all(a == n for a, n in refs)  # every number is a link
    count = driver.execute_script("return document.querySelectorAll('.panel-source-item').length")
    # a source cited late in the panel (a timeline entry's), then its link back
    cite = driver.execute_script(
        "var all = document.querySelectorAll('.timeline a.panel-ref');return all[all.length - 1];"
    )
    number = cite.text
    moved = driver.execute_script(JUMP_JS, cite)
    assert moved["hash"] == before and moved["focused"] == f"panel-source-{number}"
    assert moved["visible"]
    back = driver.execute_script(
        "return document.querySelector('#panel-source-' + arguments[0] + ' .panel-ref-back');",
        number,
    )
    assert back.get_attribute("aria-label") == "Back to where it is cited"
    returned = driver.execute_script(JUMP_JS, back)
    assert returned["hash"] == before and returned["visible"]
    assert returned["focused"] == cite.get_attribute("id")  # where the reader came from
    assert int(number) <= count


def downloaded(folder: Path, name: str, timeout_s: float = 10.0) -> Path:
    """Wait until Chromium has written the file ``name`` whole."""
    target = folder / name
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if target.is_file() and not list(folder.glob("*.crdownload")):
            return target
        time.sleep(0.05)
    raise AssertionError(f"{name} was not downloaded into {folder}")


def test_every_download_is_made_in_the_page_and_carries_the_licence(driver, page):
    open_map(driver, page, FRAGMENT)
    links = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#panel-data a[download]'),"
        " function (a) { return a.getAttribute('download'); });"
    )
    layers = [n for n in links if n.endswith(".geojson")]
    assert len(layers) == 10 and "syunik-corridor.geojson" in layers
    assert {"syunik-places-stations.csv", "syunik-sources.txt", "syunik-cite.txt"} <= set(links)
    # A reader's clicks; Chromium asks before a tab's tenth download or so, so the page is
    # opened afresh for every few files.
    for start in range(0, len(links), 5):
        if start:
            open_map(driver, page, FRAGMENT)
        before = settled_hash(driver)
        for name in links[start : start + 5]:
            driver.find_element("css selector", f'#panel-data a[download="{name}"]').click()
            downloaded(driver.downloads, name)
        assert driver.execute_script("return window.location.hash") == before
        urls = requested_urls(driver)
        assert all(
            u == page.resolve().as_uri() or u.startswith(("data:", "blob:")) for u in urls
        ), urls
    files = {name: (driver.downloads / name).read_text(encoding="utf-8") for name in links}
    for name, text in files.items():
        assert "ODbL" in text and "© OpenStreetMap contributors" in text, name
        assert "Cite as:" in text, name
    figures = measurements(LAYERS_DIR)
    for name in layers:
        doc = json.loads(files[name])
        assert doc["type"] == "FeatureCollection" and doc["features"], name
        assert "display geometry" in doc["metadata"]["geometry"]
        assert "export --format gpkg" in doc["metadata"]["geometry"]
        assert f"layers/{name[7:]}" in doc["metadata"]["geometry"]
        for feature in doc["features"]:
            geometry = feature["geometry"]
            assert geometry["type"] in (
                "Point",
                "LineString",
                "MultiLineString",
                "Polygon",
                "MultiPolygon",
            ), name
            assert feature["properties"]["name"], name
    route = json.loads(files["syunik-corridor.geojson"])["features"]
    assert any("TRIPP" in f["properties"]["name"] for f in route)
    rows = list(csv.DictReader(io.StringIO(files["syunik-places-stations.csv"])))
    assert set(rows[0]) >= {"type", "id", "name", "latitude", "longitude", "line", "licence"}
    meghri = next(r for r in rows if r["id"] == "meghri")
    assert (float(meghri["latitude"]), float(meghri["longitude"])) == pytest.approx(
        (38.9033, 46.2458), abs=1e-4
    )
    stations = [r for r in rows if r["type"] == "station"]
    assert len(stations) == 17 and {r["line"] for r in stations} == set(figures["connection_km"])
    sources = files["syunik-sources.txt"].splitlines()
    count = driver.execute_script("return document.querySelectorAll('.panel-source-item').length")
    assert sum(1 for line in sources if re.match(r"^\d+\. ", line)) == count


def test_the_map_as_text_opens_by_keyboard_and_matches_the_static_text(driver, page):
    from selenium.webdriver.common.keys import Keys

    open_map(driver, page, FRAGMENT)
    before = settled_hash(driver)
    hidden = driver.execute_script("return document.getElementById('map-as-text').hidden")
    assert hidden  # with the script, shown on demand
    toggle = driver.find_element("css selector", ".panel-map-text-toggle")
    assert toggle.get_attribute("aria-controls") == "map-as-text"
    driver.execute_script("arguments[0].focus()", toggle)
    toggle.send_keys(Keys.ENTER)
    wait_for(driver, "return document.activeElement.id === 'map-as-text-title'")
    assert toggle.get_attribute("aria-expanded") == "true"
    assert driver.execute_script("return window.location.hash") == before
    shown = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#map-as-text li'),"
        " function (li) { return li.firstChild.textContent; });"
    )
    static = parsed(section_of(page.read_text(encoding="utf-8"))).items
    assert shown == static
    assert axe_violations(driver, axe_source(), f"map as text open, {driver.size}") == []


def test_in_another_language_the_text_is_that_languages_static_one(driver, page, tmp_path):
    russian = tmp_path / "ru.html"
    build_map_file(russian, LAYERS_DIR, "--lang", "ru")
    open_map(driver, page, "#lang=ru")
    settled_hash(driver)
    driver.execute_script("document.querySelector('.panel-map-text-toggle').click()")
    shown = driver.execute_script(
        "return Array.prototype.map.call(document.querySelectorAll('#map-as-text li'),"
        " function (li) { return li.firstChild.textContent; });"
    )
    assert shown == parsed(section_of(russian.read_text(encoding="utf-8"))).items
    words = driver.execute_script(
        "return [document.querySelector('.panel-contents-title').textContent,"
        " document.querySelector('#panel-data h3').textContent];"
    )
    assert words == ["Содержание", "Данные"]


def test_without_javascript_the_map_as_text_is_shown(driver, page):
    driver.get("about:blank")
    driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    try:
        driver.get(page.resolve().as_uri())
        text = driver.find_element("id", "map-as-text")
        assert text.is_displayed()
        assert "44.35 km measured" in text.text and "Meghri: 38.9033° N, 46.2458° E" in text.text
    finally:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": False})
