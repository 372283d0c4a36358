"""The map reads at a glance (issue 11), measured in a real browser at two sizes.

Desktop 1366×768 and phone 412×915 (touch): the first view frames the route,
the route is labelled, names never overlap at zooms 7–13, the controls leave
the map clear, popups fit, and online base maps are handled. Screenshots of
three views at both sizes go to ``build/screenshots/`` (see the README).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from helpers import (
    LAYERS_DIR,
    ROOT,
    SIZES,
    open_map,
    overlapping,
    start_sized,
    wait_for,
    wait_ready,
)

pytestmark = pytest.mark.browser

SCREENSHOTS = ROOT / "build" / "screenshots"
#: Route ends at least this far apart (px) in the first view.
MIN_ENDS_PX = {"desktop": 200, "phone": 100}
#: Controls and panel cover at most this share of the map on first open.
MAX_COVER = {"desktop": 0.35, "phone": 0.20}
#: Places that must be in the first view, clear of every control.
FIRST_VIEW_PLACES = ("Meghri", "Ordubad", "Kapan", "Zangilan")
#: Names that must be drawn in the first view.
FIRST_VIEW_NAMES = ("Armenia", "Azerbaijan", "Iran", "Nakhchivan", "Aras")


def open_page(size: str, page: Path):
    """Open the map in a browser whose viewport is exactly the named size."""
    driver = start_sized(size)
    open_map(driver, page)
    return driver


@pytest.fixture(scope="module", params=sorted(SIZES))
def opened(request, page):
    driver = open_page(request.param, page)
    yield request.param, driver
    driver.quit()


def reload(driver) -> None:
    driver.refresh()
    wait_ready(driver)


# Rectangles of everything drawn over the map, relative to the map.
COVER_BOXES_JS = """
var r = window.syunikMap.getContainer().getBoundingClientRect(), out = [];
document.querySelectorAll('.leaflet-control, .panel.is-open, .map-title').forEach(function (n) {
  var q = n.getBoundingClientRect(), cs = getComputedStyle(n);
  if (q.width > 0 && q.height > 0 && n.offsetParent !== null && cs.visibility !== 'hidden') {
    out.push([q.left - r.left, q.top - r.top, q.right - r.left, q.bottom - r.top]);
  }
});
return {boxes: out, width: r.width, height: r.height};
"""

# The places' points by name, and the route's ends, in container pixels.
POINTS_JS = """
var m = window.syunikMap, out = {};
window.syunikLayers.places.eachLayer(function visit(l) {
  if (l.eachLayer) { l.eachLayer(visit); return; }
  var t = l.feature && l.feature.properties.popup && l.feature.properties.popup.title;
  if (t && l.getLatLng) { var p = m.latLngToContainerPoint(l.getLatLng()); out[t] = [p.x, p.y]; }
});
window.syunikLayers.corridor.eachLayer(function (l) {
  if (l.feature && l.getLatLngs && !(l instanceof L.Polygon)) {
    var ll = l.getLatLngs(), a = m.latLngToContainerPoint(ll[0]),
        b = m.latLngToContainerPoint(ll[ll.length - 1]);
    out['route start'] = [a.x, a.y]; out['route end'] = [b.x, b.y];
  }
});
return out;
"""

VISIBLE_LABELS_JS = """
var r = window.syunikMap.getContainer().getBoundingClientRect();
return Array.from(document.querySelectorAll('.map-label, .leaflet-tooltip')).filter(function (n) {
  var q = n.getBoundingClientRect(), cs = getComputedStyle(n);
  return q.width > 0 && q.height > 0 && cs.visibility !== 'hidden' && cs.display !== 'none' &&
    q.right > r.left && q.left < r.right && q.bottom > r.top && q.top < r.bottom;
}).map(function (n) {
  var q = n.getBoundingClientRect();
  return {text: n.textContent, box: [q.left, q.top, q.right, q.bottom]};
});
"""


def covered_share(boxes: list[list[float]], width: float, height: float, step: int = 2) -> float:
    """Share of the map under the union of ``boxes`` (sampled every ``step`` px)."""
    covered = total = 0
    for y in range(1, int(height), step):
        for x in range(1, int(width), step):
            total += 1
            if any(b[0] <= x < b[2] and b[1] <= y < b[3] for b in boxes):
                covered += 1
    return covered / total


def under_a_control(point: list[float], boxes: list[list[float]]) -> bool:
    return any(b[0] <= point[0] <= b[2] and b[1] <= point[1] <= b[3] for b in boxes)


# ---------------------------------------------------------------- first view


def test_first_view_frames_the_route_with_its_context(opened):
    size, driver = opened
    cover = driver.execute_script(COVER_BOXES_JS)
    points = driver.execute_script(POINTS_JS)
    (ax, ay), (bx, by) = points["route start"], points["route end"]
    ends_px = ((ax - bx) ** 2 + (ay - by) ** 2) ** 0.5
    assert ends_px >= MIN_ENDS_PX[size], ends_px
    tripoints = [name for name in points if "tripoint" in name]
    assert len(tripoints) == 2
    for name in (*FIRST_VIEW_PLACES, *tripoints, "route start", "route end"):
        x, y = points[name]
        assert 0 <= x <= cover["width"] and 0 <= y <= cover["height"], (name, x, y)
        assert not under_a_control([x, y], cover["boxes"]), name
    labels = driver.execute_script(VISIBLE_LABELS_JS)
    assert not overlapping(labels), overlapping(labels)
    shown = " ".join(label["text"] for label in labels).lower()
    for name in FIRST_VIEW_NAMES:
        assert name.lower() in shown, (name, shown)


def test_route_is_labelled_with_its_rounded_length(opened):
    _, driver = opened
    length_km = json.loads((LAYERS_DIR / "corridor.geojson").read_text(encoding="utf-8"))[
        "features"
    ][0]["properties"]["length_km"]
    texts = [label["text"] for label in driver.execute_script(VISIBLE_LABELS_JS)]
    route = [t for t in texts if t.startswith("TRIPP")]
    assert route, texts
    match = re.fullmatch(r"TRIPP · ≈ (\d+) km · illustrative", route[0])
    assert match and int(match.group(1)) == round(length_km), route


def test_controls_leave_the_map_clear(opened):
    size, driver = opened
    cover = driver.execute_script(COVER_BOXES_JS)
    share = covered_share(cover["boxes"], cover["width"], cover["height"])
    assert share <= MAX_COVER[size], share
    assert driver.execute_script(
        "return !document.querySelector('.leaflet-control-layers-expanded')"
    ), "the layer control starts collapsed"
    toggles = driver.execute_script(
        "return document.querySelectorAll('.leaflet-control-layers-overlays label').length"
    )
    # Five data toggles, the relief (issue 18) and the history layer (issue 18): eight at most.
    assert toggles <= 8, toggles
    if size == "phone":
        state = driver.execute_script(
            "return {legend: document.querySelector('#legend details').open,"
            " minimap: getComputedStyle(document.getElementById('minimap')).display,"
            " panel: document.getElementById('panel').classList.contains('is-open'),"
            " title: document.querySelector('.map-title').getBoundingClientRect().height,"
            " titleFont: parseFloat("
            "   getComputedStyle(document.querySelector('.map-title')).fontSize)};"
        )
        assert state["legend"] is False and state["minimap"] == "none" and not state["panel"]
        assert 0 < state["title"] < 2.2 * state["titleFont"], "the phone's title is one line"


def test_ready_in_under_a_second(opened):
    """Names, fits and all: the page marks itself ready within 1 s (best of five loads).

    The best of five, not of three: on a loaded machine (other runs on its two cores)
    a load now and then takes longer for reasons not the page's; the best of five
    stays the page's own time.
    """
    _, driver = opened
    times = []
    for _ in range(5):
        reload(driver)
        times.append(
            int(
                driver.execute_script(
                    "return document.documentElement.getAttribute('data-map-ready-ms')"
                )
            )
        )
    assert min(times) < 1000, times


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize("zoom", range(7, 14))
def test_names_never_overlap(opened, zoom):
    _, driver = opened
    for centre in ([38.9, 46.33], [40.2, 46.6]):  # the route, and the region
        driver.execute_script(
            "document.getElementById('map').removeAttribute('data-labels-zoom');"
            "window.syunikMap.setView(arguments[0], arguments[1], {animate: false});",
            centre,
            zoom,
        )
        wait_for(
            driver,
            "return document.getElementById('map').getAttribute('data-labels-zoom') === "
            "String(arguments[0]) && window.syunikMap.getZoom() === arguments[0];",
            zoom,
        )
        labels = driver.execute_script(VISIBLE_LABELS_JS)
        assert labels or centre != [38.9, 46.33], (zoom, centre)
        assert not overlapping(labels), (zoom, centre, overlapping(labels))


# ---------------------------------------------------------------- popups


POPUP_FEATURES = (
    ("corridor", "TRIPP"),
    ("connections", "Horadiz"),
    ("places", "Meghri"),
    ("places", "Agarak–Norduz"),
    ("borders", "Armenia–Iran"),
    ("armenia", "Armenia"),
)


@pytest.mark.parametrize(("layer", "title"), POPUP_FEATURES)
def test_popups_fit_and_lead_with_a_sentence(opened, layer, title):
    _, driver = opened
    reload(driver)
    opened_count = driver.execute_script(
        """
        var want = arguments[1], found = 0;
        window.syunikLayers[arguments[0]].eachLayer(function visit(l) {
          if (l.eachLayer) { l.eachLayer(visit); return; }
          var p = l.feature && l.feature.properties.popup;
          if (!found && p && p.title.indexOf(want) === 0) {
            var at = l.getLatLng ? l.getLatLng() : l.getCenter();
            window.syunikMap.setView(at, window.syunikMap.getZoom(), {animate: false});
            l.openPopup(at); found += 1;
          }
        });
        return found;
        """,
        layer,
        title,
    )
    assert opened_count == 1
    wait_for(driver, "return !!document.querySelector('.leaflet-popup .feature-popup-details');")
    driver.execute_script("document.querySelector('.feature-popup-details > summary').click();")
    wait_for(driver, "return document.querySelector('.feature-popup-details').open;")
    # Leaflet pans the popup into view: wait until it is inside the map.
    box = wait_for(
        driver,
        """
        var r = window.syunikMap.getContainer().getBoundingClientRect(),
            q = document.querySelector('.leaflet-popup').getBoundingClientRect();
        var inside = q.left >= r.left && q.right <= r.right &&
          q.top >= r.top && q.bottom <= r.bottom;
        var t = document.querySelector('.map-title'), tb = t && t.getBoundingClientRect();
        var underTitle = t && t.offsetParent !== null && q.top < tb.bottom &&
          q.left < tb.right && tb.left < q.right;
        return inside && !underTitle ? {h: q.height, H: r.height} : false;
        """,
    )
    assert box["h"] <= 0.6 * box["H"], box
    content = driver.execute_script(
        """
        var root = document.querySelector('.leaflet-popup .feature-popup');
        var cells = Array.from(root.querySelectorAll('dt, dd')).filter(function (n) {
          return n.getBoundingClientRect().height > 0; });
        return {
          lead: (root.querySelector('.feature-popup-lead') || {}).textContent || '',
          figure: (root.querySelector('.feature-popup-figure') || {}).textContent || '',
          details: root.querySelector('details > summary').textContent,
          minCol: Math.min.apply(null, cells.map(function (n) {
            return n.getBoundingClientRect().width; })),
          // what a reader sees first, and the kind of thing it is, in words
          words: Array.from(root.children).filter(function (n) { return n.tagName !== 'DETAILS'; })
            .map(function (n) { return n.textContent; }).join(' ') + ' ' +
            Array.from(root.querySelectorAll('.feature-popup-row')).filter(function (n) {
              return /^(What|Status|Country)$/.test(n.firstChild.textContent); })
            .map(function (n) { return n.lastChild.textContent; }).join(' ')
        };
        """
    )
    assert content["lead"].endswith(".") and len(content["lead"].split()) >= 3, content
    assert re.search(r"\d", content["figure"]), content
    assert content["details"] == "Details"
    assert content["minCol"] >= 100, content
    assert not re.search(r"\w_\w", content["words"]), ("an internal code is shown", content)


# ---------------------------------------------------------------- views and base maps


def test_whole_region_and_whole_corridor_are_one_button_away(opened):
    _, driver = opened
    reload(driver)
    data = driver.execute_script("return window.syunikData;")
    for button, key in (
        ("btn-fit-region", "view_bounds"),
        ("btn-fit-whole-corridor", "whole_corridor_bounds"),
    ):
        present = driver.execute_script(f"return !!document.getElementById('{button}')")
        layer_ids = [layer["id"] for layer in data["layers"]]
        assert present == (key in data and "connections" in layer_ids), button
        if not present:
            continue
        driver.execute_script(f"document.getElementById('{button}').click();")
        (s, w), (n, e) = data[key]
        wait_for(
            driver,
            "var m = window.syunikMap, b = m.getBounds();"
            "return !m._animatingZoom && !(m._panAnim && m._panAnim._inProgress) &&"
            " b.contains(L.latLngBounds(arguments[0]));",
            [[s, w], [n, e]],
        )


def test_online_base_map_is_translucent_and_failures_are_told(opened):
    _, driver = opened
    reload(driver)
    note = driver.execute_script(
        "return document.querySelector('.leaflet-control-layers-base').textContent;"
    )
    assert "need an internet connection" in note
    opacity_before = driver.execute_script(
        "var o = []; window.syunikLayers.armenia.eachLayer(function (l) {"
        " o.push(l.options.fillOpacity); }); return Math.max.apply(null, o);"
    )
    driver.execute_script(
        "var inputs = document.querySelectorAll('.leaflet-control-layers-base input');"
        "inputs[1].click();"
    )
    # The network is cut: the tiles fail, and the page says so.
    wait_for(driver, "var n = document.querySelector('.tile-notice'); return n && !n.hidden;")
    state = driver.execute_script(
        "var o = []; window.syunikLayers.armenia.eachLayer(function (l) {"
        " o.push(l.options.fillOpacity); });"
        "var img = document.querySelector('.leaflet-tile-pane img');"
        "return {opacity: Math.max.apply(null, o),"
        " policy: img ? img.getAttribute('referrerpolicy') || img.referrerPolicy : null,"
        " notice: document.querySelector('.tile-notice').textContent};"
    )
    assert state["opacity"] <= 0.3 < opacity_before, (opacity_before, state)
    assert state["policy"] == "strict-origin-when-cross-origin", state
    assert "internet connection" in state["notice"]


# ---------------------------------------------------------------- screenshots


def test_screenshots_of_three_views(page):
    """Save the first view, the route at zoom 12 and the whole region, at both sizes."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for size in SIZES:
        driver = open_page(size, page)
        try:
            assert driver.save_screenshot(str(SCREENSHOTS / f"{size}-1-first-view.png"))
            driver.execute_script(
                "window.syunikMap.setView([38.885, 46.34], 12, {animate: false});"
            )
            wait_for(
                driver,
                "return document.getElementById('map').getAttribute('data-labels-zoom') === '12';",
            )
            assert driver.save_screenshot(str(SCREENSHOTS / f"{size}-2-route-zoom-12.png"))
            driver.execute_script("document.getElementById('btn-fit-region').click();")
            wait_for(
                driver,
                "var m = window.syunikMap; return m.getZoom() < 9 && !m._animatingZoom &&"
                " document.getElementById('map').getAttribute('data-labels-zoom') ==="
                " String(m.getZoom());",
            )
            assert driver.save_screenshot(str(SCREENSHOTS / f"{size}-3-whole-region.png"))
        finally:
            driver.quit()
