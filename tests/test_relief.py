"""The shaded relief on the page (issue 18, item 5), checked in a real headless Chromium.

The relief is one inlined PNG drawn as an image overlay in its own pane: it
loads with no request and no console error, it never catches the pointer
(the fill and the route under it stay the element a click reaches), the
layer list switches it and the URL fragment keeps that, and it darkens the
ground where the grid has mountains in shadow.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import numpy as np
import pytest
import shapely
from helpers import (
    LAYERS_DIR,
    ROUTE_MIDPOINT_JS,
    click_at,
    open_map,
    page_data_of,
    requested_urls,
    screen_pixel,
    start_sized,
    wait_for,
)

from geo.io import png
from geo.layerfiles.terrain import META_NAME, PNG_NAME
from geo.steps.terrain import mercator_lat_deg, mercator_y_m

pytestmark = pytest.mark.browser

#: The fill layers, bottom first, and the pane the relief must lie above.
FILLS = ("neighbours", "azerbaijan", "nakhichevan", "armenia", "syunik")


@pytest.fixture(scope="module")
def terrain(page) -> dict:
    return page_data_of(page.read_text(encoding="utf-8"))["terrain"]


@pytest.fixture(scope="module")
def desktop():
    driver = start_sized("desktop")
    yield driver
    driver.quit()


RELIEF_JS = """
var img = document.querySelector('img.relief-image');
if (!img) { return null; }
var r = img.getBoundingClientRect();
return {pane: img.parentNode.getAttribute('data-draw-pane'),
        paneZ: Number(getComputedStyle(img.parentNode).zIndex),
        src: img.getAttribute('src').slice(0, 22), alt: img.alt,
        width: img.naturalWidth, height: img.naturalHeight, complete: img.complete,
        rect: [r.left, r.top, r.right, r.bottom]};
"""

#: The relief overlay the page made (it is not one of window.syunikLayers).
OVERLAY_JS = """
var found = null;
window.syunikMap.eachLayer(function (l) { if (l instanceof L.ImageOverlay) { found = l; } });
"""

#: The checkbox of the layer list whose label is arguments[0].
TOGGLE_JS = """
var labels = document.querySelectorAll('.leaflet-control-layers-overlays label');
for (var i = 0; i < labels.length; i++) {
  if (labels[i].textContent.trim() === arguments[0]) {
    return labels[i].querySelector('input');
  }
}
return null;
"""


def relief(driver) -> dict | None:
    return driver.execute_script(RELIEF_JS)


def wait_relief(driver) -> dict:
    """Wait until the relief's image has decoded, and return what it is."""
    return wait_for(
        driver,
        "var i = document.querySelector('img.relief-image');"
        "return i && i.complete && i.naturalWidth > 0 && true;",
    ) and relief(driver)


def png_size(path: Path) -> tuple[int, int]:
    indices, _palette = png.decode_indexed(path.read_bytes())
    return int(indices.shape[1]), int(indices.shape[0])


def test_relief_is_the_inlined_png_in_its_pane_with_no_request(desktop, page, terrain):
    open_map(desktop, page)
    shown = wait_relief(desktop)
    assert shown["pane"] == terrain["pane"] == "terrain"
    meta = json.loads((LAYERS_DIR / META_NAME).read_text(encoding="utf-8"))
    assert (shown["width"], shown["height"]) == png_size(LAYERS_DIR / PNG_NAME)
    assert [shown["width"], shown["height"]] == meta["size_px"] == [924, 456]
    assert shown["src"] == "data:image/png;base64,"
    assert shown["alt"] == terrain["alt"]
    # above every opaque fill, below the band, the borders and every line
    depth = desktop.execute_script(
        "var out = {}; document.querySelectorAll('[data-draw-pane]').forEach(function (p) {"
        "  out[p.getAttribute('data-draw-pane')] = Number(getComputedStyle(p).zIndex); });"
        "return out;"
    )
    below = [name for name in depth if depth[name] < shown["paneZ"]]
    above = [name for name in depth if depth[name] > shown["paneZ"]]
    assert {"context", "syunik", "armenia"} <= set(below)
    assert {"band", "borders", "route", "places", "labels"} <= set(above)
    # Lies on its bounds: the image's corners are the bounds' corners on screen.
    corners = desktop.execute_script(
        OVERLAY_JS + "var m = window.syunikMap, b = found.getBounds(),"
        " r = m.getContainer().getBoundingClientRect(),"
        " nw = m.latLngToContainerPoint(b.getNorthWest()),"
        " se = m.latLngToContainerPoint(b.getSouthEast());"
        "return [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()],"
        " [r.left + nw.x, r.top + nw.y, r.left + se.x, r.top + se.y]];"
    )
    assert corners[:2] == terrain["bounds"]
    assert corners[2] == pytest.approx(shown["rect"], abs=1.0)
    # The page's CSP allows data: images, so the PNG loads, and nothing else is asked for.
    csp = re.search(
        r'http-equiv="Content-Security-Policy" content="([^"]*)"', page.read_text(encoding="utf-8")
    )
    assert csp and "data:" in re.search(r"img-src ([^;]*)", csp.group(1)).group(1).split()
    urls = requested_urls(desktop)
    assert all(u == page.resolve().as_uri() or u.startswith("data:") for u in urls), urls
    logs = desktop.get_log("browser")
    assert not [e for e in logs if e["level"] == "SEVERE"], logs
    assert not [e for e in logs if "relief" in e["message"]], logs
    # Its credit, its resolution, its entry in the layer list and in the legend.
    attribution = desktop.execute_script(
        "return document.querySelector('.leaflet-control-attribution').textContent"
    )
    assert terrain["attribution"] in attribution
    credits = desktop.execute_script("return document.getElementById('panel-credits').textContent")
    assert terrain["resolution_text"] in credits
    toggle = desktop.execute_script(TOGGLE_JS, terrain["title"])
    assert toggle is not None and toggle.is_selected()
    legend = desktop.execute_script(
        "return Array.prototype.filter.call(document.querySelectorAll('.legend-group'),"
        " function (g) { return !g.hidden; }).map(function (g) { return g.textContent.trim(); })"
    )
    assert terrain["title"] in legend


#: Viewport points on a grid over the map, what is on top at each, and
#: whether the relief's image covers it.
GRID_JS = """
var map = window.syunikMap, r = map.getContainer().getBoundingClientRect();
var img = document.querySelector('img.relief-image'), box = img.getBoundingClientRect();
var byPath = new Map();
Object.keys(window.syunikLayers).forEach(function (id) {
  window.syunikLayers[id].eachLayer(function (f) { if (f._path) { byPath.set(f._path, id); } });
});
var out = [];
for (var i = 1; i < 24; i++) {
  for (var j = 1; j < 16; j++) {
    var x = Math.round(r.left + r.width * i / 24), y = Math.round(r.top + r.height * j / 16);
    var top = document.elementFromPoint(x, y);
    out.push({x: x, y: y, img: top === img, layer: byPath.get(top) || null,
              covered: x > box.left && x < box.right && y > box.top && y < box.bottom});
  }
}
return out;
"""

ROUTE_JS = (
    ROUTE_MIDPOINT_JS
    + """
var box = document.querySelector('img.relief-image').getBoundingClientRect();
return [document.elementFromPoint(x, y) === route._path,
        x > box.left && x < box.right && y > box.top && y < box.bottom];
"""
)


def test_the_relief_never_catches_the_pointer(desktop, page):
    open_map(desktop, page)
    wait_relief(desktop)
    grid = desktop.execute_script(GRID_JS)
    covered = [p for p in grid if p["covered"]]
    assert len(covered) > len(grid) / 2, "the relief does not cover the first view"
    assert not [p for p in grid if p["img"]], "the relief's image caught the pointer"
    fills = {p["layer"] for p in covered} & set(FILLS)
    assert {"syunik", "nakhichevan", "azerbaijan"} <= fills, fills
    # The route at its midpoint, over the relief, is still what a pointer finds.
    on_route, route_covered = desktop.execute_script(ROUTE_JS)
    assert route_covered and on_route
    # A click on Syunik's fill, through the relief, opens Syunik's popup.
    point = next(p for p in covered if p["layer"] == "syunik")
    click_at(desktop, point["x"], point["y"])
    wait_for(desktop, "return document.querySelector('.leaflet-popup-content') !== null")
    desktop.execute_script("window.syunikMap.closePopup()")


def test_switching_it_off_in_the_layer_list_is_kept_in_the_fragment(desktop, page, terrain):
    open_map(desktop, page)
    wait_relief(desktop)
    layers_on = desktop.execute_script(
        "var m = window.syunikMap, ls = window.syunikLayers;"
        "return Object.keys(ls).filter(function (id) { return m.hasLayer(ls[id]); });"
    )
    desktop.execute_script(
        "document.querySelector('.leaflet-control-layers-toggle').click();arguments[0].click();",
        desktop.execute_script(TOGGLE_JS, terrain["title"]),
    )
    wait_for(desktop, "return document.querySelector('img.relief-image') === null")
    fragment = wait_for(
        desktop,
        "return /[#&]l=/.test(location.hash) && !/[=,]terrain(,|&|$)/.test(location.hash)"
        " && location.hash",
    )
    kept = re.search(r"[#&]l=([^&]*)", fragment).group(1).split(",")
    assert kept == layers_on, "switching the relief off changed the other layers"
    attribution = desktop.execute_script(
        "return document.querySelector('.leaflet-control-attribution').textContent"
    )
    assert terrain["attribution"] not in attribution
    # A reload of that address keeps it off; on again, the address says so.
    open_map(desktop, page, fragment)
    assert relief(desktop) is None
    toggle = desktop.execute_script(TOGGLE_JS, terrain["title"])
    assert toggle is not None and not toggle.is_selected()
    desktop.execute_script("arguments[0].click();", toggle)
    wait_relief(desktop)
    wait_for(desktop, "return /[=,]terrain(,|&|$)/.test(location.hash)")


def shadow_candidates(syunik: shapely.Geometry, count: int = 40) -> list[tuple[float, float]]:
    """Return (lat, lon) of the relief's darkest 3×3 blocks of cells inside Syunik, darkest first.

    Dark pixels are the shadowed slopes of mountains (the relief is lit from
    the north-west); a block, so the pixel on screen lies well inside one.
    """
    rgba = png.decode_rgba((LAYERS_DIR / PNG_NAME).read_bytes()).astype(float)
    meta = json.loads((LAYERS_DIR / META_NAME).read_text(encoding="utf-8"))
    (south, west), (north, east) = meta["bounds"]
    rows, cols = rgba.shape[:2]
    shade = rgba[..., 3] / 255 * (1 - rgba[..., :3].mean(axis=2) / 255)
    block = np.min(
        [np.roll(np.roll(shade, dr, axis=0), dc, axis=1) for dr in (-1, 0, 1) for dc in (-1, 0, 1)],
        axis=0,
    )
    block[[0, -1], :] = 0
    block[:, [0, -1]] = 0
    north_m, south_m = mercator_y_m(np.array([north, south]))
    found = []
    for flat in np.argsort(block, axis=None)[::-1]:
        row, col = divmod(int(flat), cols)
        if block[row, col] <= 0:
            break
        y_m = north_m - (row + 0.5) / rows * (north_m - south_m)
        lat = float(mercator_lat_deg(np.array([y_m]))[0])
        lon = west + (col + 0.5) / cols * (east - west)
        if syunik.contains(shapely.Point(lon, lat)):
            found.append((lat, lon))
            if len(found) == count:
                break
    return found


#: Centre the map on arguments[0..1] at zoom 10, and say whether Syunik's fill
#: is what lies under the centre (no name, place or line over it).
CENTRE_JS = """
var map = window.syunikMap;
map.setView([arguments[0], arguments[1]], 10, {animate: false});
var p = map.getSize().divideBy(2), r = map.getContainer().getBoundingClientRect();
var x = Math.round(r.left + p.x), y = Math.round(r.top + p.y);
var top = document.elementFromPoint(x, y), fill = false;
window.syunikLayers.syunik.eachLayer(function (f) { fill = fill || f._path === top; });
return [x, y, fill];
"""


def test_the_relief_darkens_syunik_mountains(desktop, page, by_id, terrain):
    syunik = by_id["syunik"].geometry
    candidates = shadow_candidates(syunik)
    assert candidates, "the relief has no shadow inside Syunik"
    open_map(desktop, page)
    wait_relief(desktop)
    toggle = desktop.execute_script(TOGGLE_JS, terrain["title"])
    for lat, lon in candidates:
        x, y, on_fill = desktop.execute_script(CENTRE_JS, lat, lon)
        if not on_fill:
            continue  # a name or a line lies there: try the next shadow
        with_relief = screen_pixel(desktop, x, y)
        desktop.execute_script("arguments[0].click();", toggle)
        wait_for(desktop, "return document.querySelector('img.relief-image') === null")
        without = screen_pixel(desktop, x, y)
        desktop.execute_script("arguments[0].click();", toggle)
        wait_relief(desktop)
        break
    else:
        pytest.fail("no shadow of the relief inside Syunik lies clear of names and lines")
    assert all(a < b for a, b in zip(with_relief, without, strict=True)), (with_relief, without)
    # the darkest tones are up to half opaque: a clear shadow, not a rounding
    assert sum(without) - sum(with_relief) >= 30, (with_relief, without)
