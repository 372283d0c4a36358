"""Clean, correct and accessible rendering, checked in a real headless Chromium.

A stable drawing order whatever is switched off and on, no axe-core violation
at a desktop and a phone size, keyboard access to every control, the route and
the places, one printed landscape page, and views that survive a reload.
"""

from __future__ import annotations

import base64
import random
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from helpers import (
    ROUTE_MIDPOINT_JS,
    SIZES,
    axe_source,
    axe_violations,
    click,
    inside,
    open_map,
    overlap,
    screen_pixel,
    set_size,
    settled,
    skip_or_fail,
    start_browser,
    wait_for,
    wait_ready,
)

from geo.page import i18n
from geo.page.panes import load_panes

pytestmark = pytest.mark.browser


#: The stack the issue asks for, bottom to top.
DRAW_ORDER = [
    "context",
    "azerbaijan",
    "nakhichevan",
    "armenia",
    "syunik",
    "terrain",  # the shaded relief: above the opaque fills, below every line (issue 18)
    "band",
    "user-areas",  # the user's own files (issue 17): above the fills and the band
    "borders",
    "connections",
    "history",
    "route",
    "places",
    "user-points",  # beside our places, below the names
    "labels",
]


@contextmanager
def sized(driver, size: str) -> Iterator[None]:
    """Use the named size for a while, then the desktop again."""
    set_size(driver, size)
    try:
        yield
    finally:
        set_size(driver, "desktop")


@pytest.fixture(scope="module")
def desktop():
    driver = start_browser(*SIZES["desktop"])
    set_size(driver, "desktop")
    yield driver
    driver.quit()


# ------------------------------------------------------------ drawing order


def test_pane_order_is_the_issue_order():
    assert [p.name for p in load_panes()] == DRAW_ORDER
    depths = [p.z_index for p in load_panes()]
    assert depths == sorted(set(depths))
    # between Leaflet's tiles (200) and its markers, hover tooltips and popups (600+)
    assert 200 < depths[0] and depths[-1] < 600


STACK_JS = """
var map = window.syunikMap, layers = window.syunikLayers, out = {};
Object.keys(layers).forEach(function (id) {
  var parts = [];
  layers[id].eachLayer(function (f) {
    var pane = map.getPane(f.options.pane);
    var box = f._renderer && f._renderer._container;
    parts.push([
      f.options.pane,
      pane ? Number(getComputedStyle(pane).zIndex) : null,
      map.hasLayer(f) ? !!(box && box.parentNode === pane && f._path
                          && box.contains(f._path)) : null
    ]);
  });
  out[id] = parts;
});
return out;
"""

ROUTE_POINT_JS = (
    ROUTE_MIDPOINT_JS + "return [x, y, document.elementFromPoint(x, y) === route._path];"
)


def stack_state(driver) -> tuple[dict, list, tuple[int, ...]]:
    x, y, route_on_top = driver.execute_script(ROUTE_POINT_JS)
    assert route_on_top, "the route is not the top shape at its own midpoint"
    return driver.execute_script(STACK_JS), [x, y], screen_pixel(driver, x, y)


def test_layers_keep_their_depth_whatever_is_toggled(desktop, page):
    open_map(desktop, page)
    # Layers that start hidden (the history) are switched on, so every pane is checked.
    desktop.execute_script(
        "var m = window.syunikMap, ls = window.syunikLayers;"
        "Object.keys(ls).forEach(function (id) { m.addLayer(ls[id]); });"
        "m.fitBounds(ls.corridor.getBounds(), {animate: false});"
    )
    before = stack_state(desktop)
    stack, _point, _colour = before
    panes = {p.name: p.z_index for p in load_panes()}
    for layer_id, parts in stack.items():
        for pane, z_index, in_pane in parts:
            name = pane.removeprefix("draw-")
            assert name in panes, (layer_id, pane)
            assert z_index == panes[name], (layer_id, pane, z_index)
            assert in_pane, (layer_id, "renderer is not inside its own pane")
    ids = sorted(stack)
    seed = random.randrange(1 << 30)
    orders = [ids, ids[::-1], random.Random(seed).sample(ids, len(ids))]
    for order in orders:
        # one at a time, off and on
        for layer_id in order:
            desktop.execute_script(
                "var m = window.syunikMap, l = window.syunikLayers[arguments[0]];"
                "m.removeLayer(l); m.addLayer(l);",
                layer_id,
            )
        assert stack_state(desktop) == before, f"seed {seed}, one at a time in {order}"
        # all off, then on in this order
        desktop.execute_script(
            "var m = window.syunikMap, ls = window.syunikLayers;"
            "arguments[0].forEach(function (id) { m.removeLayer(ls[id]); });"
            "arguments[0].forEach(function (id) { m.addLayer(ls[id]); });",
            order,
        )
        assert stack_state(desktop) == before, f"seed {seed}, all off then on in {order}"
    # through the layer control itself: every toggle clicked off and on again
    toggles = desktop.execute_script(
        "return document.querySelectorAll('.leaflet-control-layers-overlays input').length"
    )
    assert toggles
    for index in range(toggles):
        desktop.execute_script(
            "var box = document.querySelectorAll('.leaflet-control-layers-overlays input')"
            "[arguments[0]]; box.click(); box.click();",
            index,
        )
    assert stack_state(desktop) == before, "after the layer control's toggles"


# ------------------------------------------------------------ accessibility


@pytest.fixture(scope="module")
def axe() -> str:
    return axe_source()


#: Things a reader opens and closes: name, what to click, what tells its state.
TOGGLES = (
    ("panel", "#panel-toggle", "document.getElementById('panel-toggle').ariaExpanded"),
    ("legend", ".legend-summary", "document.querySelector('.legend-details').open"),
)


@pytest.mark.parametrize("size", sorted(SIZES))
def test_axe_finds_no_violation(page, axe, size):
    from selenium.webdriver.common.keys import Keys

    driver = start_browser(*SIZES[size])
    set_size(driver, size)
    try:
        open_map(driver, page)
        found = axe_violations(driver, axe, "first view")
        for name, selector, state in TOGGLES:
            first = driver.execute_script(f"return {state}")
            for step, test in (("toggled", "!=="), ("toggled back", "===")):
                click(driver, selector)
                wait_for(driver, f"return {state} {test} arguments[0]", first)
                settled(driver)
                found += axe_violations(driver, axe, f"{name} {step}")
        if driver.execute_script(
            "var t = document.querySelector('.leaflet-control-layers-toggle');"
            "return !!t && t.offsetParent !== null;"
        ):
            # by keyboard: Enter on the toggle opens the list, Escape in it closes it
            driver.execute_script(
                "document.querySelector('.leaflet-control-layers-toggle').focus()"
            )
            driver.switch_to.active_element.send_keys(Keys.ENTER)
            wait_for(
                driver,
                "return !!document.querySelector('.leaflet-control-layers-expanded')"
                " && document.querySelector('.leaflet-control-layers-toggle').ariaExpanded"
                " === 'true'",
            )
            settled(driver)
            found += axe_violations(driver, axe, "layer control opened")
            driver.execute_script(
                "document.querySelector('.leaflet-control-layers-selector').focus()"
            )
            driver.switch_to.active_element.send_keys(Keys.ESCAPE)
            wait_for(driver, "return !document.querySelector('.leaflet-control-layers-expanded')")
            settled(driver)
            found += axe_violations(driver, axe, "layer control closed")
        # the route's popup, opened and closed by keyboard
        driver.execute_script(
            "document.querySelector('.leaflet-draw-route-pane path.keyboard-feature').focus()"
        )
        driver.switch_to.active_element.send_keys(Keys.ENTER)
        wait_for(driver, "return !!document.querySelector('.leaflet-popup')")
        settled(driver)  # the popup fades in
        found += axe_violations(driver, axe, "popup opened")
        driver.switch_to.active_element.send_keys(Keys.ESCAPE)
        wait_for(driver, "return !document.querySelector('.leaflet-popup')")
        settled(driver)
        found += axe_violations(driver, axe, "popup closed")
        assert not found, "\n".join(found)
    finally:
        driver.quit()


FOCUS_JS = """
var a = document.activeElement;
if (!a || a === document.body) { return null; }
var s = getComputedStyle(a);
var outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
function colour(value) { var c = document.createElement('canvas').getContext('2d');
  c.fillStyle = value; return c.fillStyle; }
// An SVG shape shows no box shadow: it must draw its outline or change its stroke.
var visible = a instanceof SVGElement
  ? outline || parseFloat(s.strokeWidth) !== parseFloat(a.getAttribute('stroke-width'))
    || colour(s.stroke) !== colour(a.getAttribute('stroke'))
  : outline || s.boxShadow !== 'none' || getComputedStyle(a, '::after').boxShadow !== 'none';
var id = a.id || a.getAttribute('aria-label') || a.className.baseVal || a.className || a.tagName;
return [a.tagName.toLowerCase() + ':' + id, visible];
"""

CONTROLS_JS = """
return Array.from(document.querySelectorAll(
  'button, a[href], input, summary, select, [tabindex="0"]'
)).filter(function (e) {
  var r = e.getBoundingClientRect();
  return !e.disabled && r.width > 0 && r.height > 0
    && e.checkVisibility({checkVisibilityCSS: true});
}).map(function (e) {
  var id = e.id || e.getAttribute('aria-label') || e.className.baseVal || e.className || e.tagName;
  return e.tagName.toLowerCase() + ':' + id;
});
"""


def tab_through(driver, limit: int = 400) -> list[tuple[str, bool]]:
    """Press Tab from the top of the page until the focus comes round again."""
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    driver.execute_script("document.activeElement && document.activeElement.blur()")
    seen: list[tuple[str, bool]] = []
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        now = driver.execute_script(FOCUS_JS)
        if now is None:
            continue
        if seen and now[0] == seen[0][0]:
            break
        seen.append(tuple(now))
    return seen


@pytest.mark.parametrize("size", sorted(SIZES))
def test_every_control_route_and_place_is_reachable_by_keyboard(desktop, page, size):
    with sized(desktop, size):
        open_map(desktop, page)
        controls = desktop.execute_script(CONTROLS_JS)
        reached = tab_through(desktop)
    names = [name for name, _visible in reached]
    missing = [c for c in controls if c not in names]
    assert not missing, f"not reachable with Tab: {missing}"
    hidden_focus = [name for name, visible in reached if not visible]
    assert not hidden_focus, f"no visible focus: {hidden_focus}"
    assert any(n.startswith("path:") and "transit route" in n.lower() for n in names), names
    assert any(n.startswith("path:Meghri") for n in names), names


@pytest.mark.parametrize("name", ["transit route", "Meghri"])
def test_keyboard_opens_a_feature_popup_and_escape_returns(desktop, page, name):
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    open_map(desktop, page)
    for _ in range(400):
        ActionChains(desktop).send_keys(Keys.TAB).perform()
        label = desktop.execute_script(
            "var a = document.activeElement;"
            "return a instanceof SVGElement ? a.getAttribute('aria-label') : null;"
        )
        if label and name.lower() in label.lower():
            break
    else:
        pytest.fail(f"Tab never reached {name}")
    ActionChains(desktop).send_keys(Keys.ENTER).perform()
    title = wait_for(
        desktop,
        "var p = document.querySelector('.leaflet-popup');"
        "return p && p.contains(document.activeElement)"
        " && p.querySelector('.feature-popup-title, strong, h2, h3').textContent;",
    )
    assert name.lower() in title.lower()
    ActionChains(desktop).send_keys(Keys.ESCAPE).perform()
    wait_for(desktop, "return !document.querySelector('.leaflet-popup')")
    assert desktop.execute_script(
        "var a = document.activeElement;"
        "return a instanceof SVGElement"
        " && a.getAttribute('aria-label').indexOf(arguments[0]) >= 0;",
        label.split(":")[0],
    )


# ------------------------------------------------------------ print

PAPERS = {"letter": (11.0, 8.5), "a4": (11.69, 8.27)}

LAYOUT_JS = """
function box(e) { var r = e.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }
var map = window.syunikMap, c = map.getContainer();
var labels = Array.from(document.querySelectorAll(
  '.map-label, .leaflet-tooltip.place-label'
)).filter(function (t) { return t.getClientRects().length > 0; });
var rb = window.syunikLayers.corridor.getBounds();
var ne = map.latLngToContainerPoint(rb.getNorthEast());
var sw = map.latLngToContainerPoint(rb.getSouthWest());
var cb = box(c);
return {
  header: box(document.getElementById('print-header')),
  credits: box(document.getElementById('print-credits')),
  creditsFont: parseFloat(getComputedStyle(document.querySelector('.print-credits p')).fontSize),
  map: cb,
  legend: box(document.getElementById('legend')),
  legendFont: parseFloat(getComputedStyle(document.querySelector('.legend-label')).fontSize),
  route: {left: cb.left + sw.x, right: cb.left + ne.x, top: cb.top + ne.y, bottom: cb.top + sw.y},
  labels: labels.map(function (t) { return t.textContent.trim(); }),
  labelBoxes: labels.map(box)
};
"""


@pytest.mark.parametrize("size", sorted(SIZES))
def test_print_layout_fits_the_route_with_legend_and_credits_apart(desktop, page, size):
    with sized(desktop, size):
        print_layout_fits(desktop, page)


def print_layout_fits(desktop, page: Path) -> None:
    open_map(desktop, page)
    view = desktop.execute_script(
        "var m = window.syunikMap; return [m.getZoom(), m.getCenter().lat, m.getCenter().lng];"
    )
    # What the browser does when printing: beforeprint, then the print media.
    desktop.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    desktop.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        layout = desktop.execute_script(LAYOUT_JS)
    finally:
        desktop.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        desktop.execute_script("window.dispatchEvent(new Event('afterprint'))")
    assert layout["header"]["bottom"] <= layout["map"]["top"]
    assert layout["credits"]["top"] >= layout["map"]["bottom"]
    assert inside(layout["legend"], layout["map"])
    assert not overlap(layout["legend"], layout["credits"])
    assert inside(layout["route"], layout["map"])
    assert not overlap(layout["route"], layout["legend"])
    assert layout["creditsFont"] >= 8 and layout["legendFont"] >= 10  # CSS px: 6 pt, 7.5 pt
    assert "Meghri" in layout["labels"], layout["labels"]
    for name, label in zip(layout["labels"], layout["labelBoxes"], strict=True):
        if overlap(label, layout["map"]):  # names off the printed map are not printed
            assert not overlap(label, layout["legend"]), name
    # The reader's view comes back, to the pixel.
    zoom, off_px = desktop.execute_script(
        "var m = window.syunikMap, p = m.latLngToContainerPoint([arguments[0], arguments[1]]);"
        "return [m.getZoom(), p.distanceTo(m.getSize().divideBy(2))];",
        view[1],
        view[2],
    )
    assert zoom == view[0] and off_px < 1.0


@pytest.mark.parametrize(
    ("size", "paper"), [("desktop", "a4"), ("desktop", "letter"), ("phone", "a4")]
)
def test_print_to_pdf_is_one_landscape_page_with_title_and_labels(
    desktop, page, size, paper, tmp_path
):
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        skip_or_fail("pdftotext or pdfinfo missing (Debian: apt-get install poppler-utils)")
    with sized(desktop, size):
        print_to_pdf(desktop, page, paper, tmp_path)


def print_to_pdf(desktop, page: Path, paper: str, tmp_path: Path) -> None:
    open_map(desktop, page)
    width_in, height_in = PAPERS[paper]
    result = desktop.execute_cdp_cmd(
        "Page.printToPDF",
        {
            "landscape": True,
            "printBackground": True,
            "paperWidth": height_in,
            "paperHeight": width_in,
        },
    )
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(base64.b64decode(result["data"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    assert re.search(r"^Pages:\s+1$", info, re.M), info
    size = re.search(r"^Page size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)
    assert size and float(size.group(1)) > float(size.group(2)), info  # landscape
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    flat = " ".join(text.split())
    data = desktop.execute_script("return window.syunikData.panel")
    words = i18n.english_catalogue()  # the panel's words are the catalogue's (English here)
    assert " ".join(words["panel.title"].split()) in flat
    assert i18n.date_text(data["as_of"], words) in flat
    for label in ("Meghri", "Agarak", "Legend"):
        assert label in flat, label
    assert "Sources and licences" in flat


# ------------------------------------------------------------ shareable views

VIEW_JS = """
var m = window.syunikMap, ls = window.syunikLayers;
return [m.getZoom(), m.getCenter().lat, m.getCenter().lng,
        Object.keys(ls).filter(function (id) { return m.hasLayer(ls[id]); }).sort()];
"""


def test_fragment_opens_the_same_view_and_layers(desktop, page):
    fragment = "#z=10.5&c=38.93,46.25&l=armenia,corridor,places,syunik"
    open_map(desktop, page, fragment)
    zoom, lat, lng, on = desktop.execute_script(VIEW_JS)
    assert (zoom, lat, lng) == pytest.approx((10.5, 38.93, 46.25), abs=1e-5)
    assert on == ["armenia", "corridor", "places", "syunik"]
    # Change the view and the layers: the address follows, a reload restores them.
    desktop.execute_script(
        "var m = window.syunikMap, ls = window.syunikLayers;"
        "m.addLayer(ls.borders); m.removeLayer(ls.places);"
        "m.setView([38.9, 46.4], 9.25, {animate: false});"
    )
    hash_now = wait_for(desktop, "return location.hash.indexOf('z=9.25') >= 0 && location.hash")
    assert "l=" in hash_now and "places" not in hash_now and "borders" in hash_now
    expected = desktop.execute_script(VIEW_JS)
    desktop.refresh()
    wait_ready(desktop)
    assert desktop.execute_script("return location.hash") == hash_now
    again = desktop.execute_script(VIEW_JS)
    assert again[:3] == pytest.approx(expected[:3], abs=1e-5)
    assert again[3] == expected[3]
    # A copied link opened afresh gives the same view too.
    open_map(desktop, page, hash_now)
    fresh = desktop.execute_script(VIEW_JS)
    assert fresh[:3] == pytest.approx(expected[:3], abs=1e-5)
    assert fresh[3] == expected[3]


def test_a_bad_fragment_is_ignored(desktop, page):
    open_map(desktop, page)
    default = desktop.execute_script(VIEW_JS)
    open_map(desktop, page, "#z=banana&c=999,1&l=<script>")
    now = desktop.execute_script(VIEW_JS)
    assert now[:3] == pytest.approx(default[:3]) and now[3] == default[3]
