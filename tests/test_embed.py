"""The page inside a real parent page's ``<iframe>``, at the sizes articles use (issue 20, item 1).

Every control lies wholly inside the frame and clear of the others, the title is not cut,
the panel opens as a drawer over at most 60 % of a 700-px frame; the wheel scrolls the
article until the reader clicks the map (or holds Ctrl), with a hint. Real input through
DevTools (``Input.dispatchMouseEvent``), so a wheel the page does not take really scrolls
the parent.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import LAYERS_DIR, build_map_file, requested_urls, start_browser, wait_for

pytestmark = pytest.mark.browser

TOP_PX = 300  # article text above the frame

READY_JS = "return document.documentElement.getAttribute('data-map-ready') === '1';"

BOXES_JS = """
var nodes = document.querySelectorAll(
  '.leaflet-control, .map-title, .leaflet-control-zoom a, .map-btn, .language-menu select');
var boxes = [];
nodes.forEach(function (n) {
  var r = n.getBoundingClientRect();
  if (r.width > 0 && r.height > 0 && n.offsetParent !== null &&
      getComputedStyle(n).visibility !== 'hidden') {
    boxes.push({name: (n.id || n.className || n.tagName).toString().slice(0, 50),
      control: n.classList.contains('leaflet-control') || n.classList.contains('map-title'),
      l: r.left, t: r.top, r: r.right, b: r.bottom});
  }
});
var title = document.querySelector('.map-title');
return {w: innerWidth, h: innerHeight, boxes: boxes,
  title: [title.scrollWidth, title.clientWidth, title.scrollHeight, title.clientHeight]};
"""


@pytest.fixture(scope="module")
def page(tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("embed") / "map.html"
    build_map_file(output, LAYERS_DIR)
    return output


@pytest.fixture(scope="module")
def driver():
    browser = start_browser(1100, 900)
    browser.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 1100, "height": 900, "deviceScaleFactor": 1, "mobile": False},
    )
    yield browser
    browser.quit()


def open_framed(driver, page: Path, width: int, height: int, fragment: str = "") -> None:
    """Load a parent page (an article) with the map in an ``<iframe>`` and wait until drawn."""
    parent = page.with_name(f"article_{width}x{height}.html")
    parent.write_text(
        "<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Article</title>"
        "</head><body style='margin:0'><p style='height:280px;margin:0 0 20px'>Text above.</p>"
        f"<iframe id='map-frame' title='Map' src='{page.resolve().as_uri()}{fragment}' "
        f"style='display:block;width:{width}px;height:{height}px;border:0'></iframe>"
        "<p style='height:3000px'>Text below.</p></body></html>",
        encoding="utf-8",
    )
    driver.switch_to.default_content()
    driver.get("about:blank")
    driver.get_log("performance")
    driver.get(parent.as_uri())
    driver.switch_to.frame(driver.find_element("id", "map-frame"))
    wait_for(driver, READY_JS, timeout_s=20)


def in_parent(driver, script: str, *args):
    driver.switch_to.default_content()
    try:
        return driver.execute_script(script, *args)
    finally:
        driver.switch_to.frame(driver.find_element("id", "map-frame"))


def frame_origin(driver) -> tuple[float, float]:
    box = in_parent(
        driver,
        "var r = document.getElementById('map-frame').getBoundingClientRect();"
        "return [r.left, r.top];",
    )
    return box[0], box[1]


# The parent's scroll position once it has stopped moving (a fling goes on after the finger
# lifts): the same for five animation frames running.
SETTLED_SCROLL_JS = """
var done = arguments[arguments.length - 1], last = -1, same = 0;
(function frame() {
  if (window.scrollY === last) { same += 1; if (same >= 5) { done(last); return; } }
  else { same = 0; last = window.scrollY; }
  window.requestAnimationFrame(frame);
})();
"""


def settled_scroll(driver) -> float:
    driver.switch_to.default_content()
    try:
        return driver.execute_async_script(SETTLED_SCROLL_JS)
    finally:
        driver.switch_to.frame(driver.find_element("id", "map-frame"))


def wheel(driver, x: float, y: float, delta_y: float, modifiers: int = 0) -> None:
    """Turn the wheel one notch at frame pixel (x, y) (DevTools input, as a mouse would)."""
    left, top = frame_origin(driver)
    driver.execute_cdp_cmd(
        "Input.dispatchMouseEvent",
        {"type": "mouseMoved", "x": left + x, "y": top + y, "modifiers": modifiers},
    )
    driver.execute_cdp_cmd(
        "Input.dispatchMouseEvent",
        {
            "type": "mouseWheel",
            "x": left + x,
            "y": top + y,
            "deltaX": 0,
            "deltaY": delta_y,
            "modifiers": modifiers,
        },
    )


def click(driver, x: float, y: float) -> None:
    left, top = frame_origin(driver)
    for kind in ("mouseMoved", "mousePressed", "mouseReleased"):
        driver.execute_cdp_cmd(
            "Input.dispatchMouseEvent",
            {"type": kind, "x": left + x, "y": top + y, "button": "left", "clickCount": 1},
        )


def overlaps(a: dict, b: dict) -> bool:
    return (
        a["l"] < b["r"] - 0.5
        and b["l"] < a["r"] - 0.5
        and a["t"] < b["b"] - 0.5
        and b["t"] < a["b"] - 0.5
    )


def inside(i: dict, o: dict) -> bool:
    return all(
        (
            i["l"] >= o["l"] - 0.5,
            i["r"] <= o["r"] + 0.5,
            i["t"] >= o["t"] - 0.5,
            i["b"] <= o["b"] + 0.5,
        )
    )


def nested(a: dict, b: dict) -> bool:
    return inside(a, b) or inside(b, a)


@pytest.mark.parametrize(("width", "height"), [(700, 450), (390, 600), (320, 400)])
@pytest.mark.parametrize("lang", ["en", "hy"])
def test_in_a_frame_every_control_is_inside_clear_of_the_others_and_the_title_whole(
    driver, page, width, height, lang
):
    open_framed(driver, page, width, height, f"#lang={lang}")
    seen = driver.execute_script(BOXES_JS)
    assert (seen["w"], seen["h"]) == (width, height)
    boxes = seen["boxes"]
    assert len([b for b in boxes if b["control"]]) >= 8, boxes
    for box in boxes:
        assert box["l"] >= -0.5 and box["t"] >= -0.5, box
        assert box["r"] <= width + 0.5 and box["b"] <= height + 0.5, box
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            # a button inside its own control is fine; anything else must not overlap
            assert not overlaps(a, b) or nested(a, b), (a, b)
    scroll_w, client_w, scroll_h, client_h = seen["title"]
    assert scroll_w <= client_w and scroll_h <= client_h, seen["title"]
    urls = requested_urls(driver)
    assert all(u.startswith(("file:", "data:", "about:")) for u in urls), urls


def test_in_a_700px_frame_the_panel_is_a_drawer_over_at_most_60_percent(driver, page):
    open_framed(driver, page, 700, 450)
    assert driver.execute_script("return document.querySelector('.panel.is-open') === null")
    driver.execute_script("document.querySelector('.map-toolbar .map-btn').click();")
    box = wait_for(
        driver,
        "var p = document.querySelector('.panel.is-open'); if (!p) { return null; }"
        "var r = p.getBoundingClientRect();"  # once it has slid in
        "return r.left >= 0 && [r.left, r.right, r.top, r.bottom];",
    )
    assert box[0] == 0 and 200 <= box[1] <= 0.6 * 700 + 0.5, box
    assert (box[2], box[3]) == (0, 450)
    # the embed code is in the panel, with the fragment of the view and the language
    code = driver.execute_script("return document.querySelector('.panel-embed-code').value;")
    assert "<iframe" in code and 'title="Map: ' in code and "#" in code and "lang=en" in code, code
    assert "aspect-ratio" in code and "min-height:400px" in code


def test_in_a_frame_the_wheel_scrolls_the_article_until_the_reader_clicks_or_holds_ctrl(
    driver, page
):
    open_framed(driver, page, 700, 450)
    zoom0 = driver.execute_script("return window.syunikMap.getZoom();")
    in_parent(driver, "window.scrollTo(0, 0);")
    for _ in range(3):
        wheel(driver, 350, 260, 100)
    driver.switch_to.default_content()
    wait_for(driver, "return window.scrollY > 0;")
    driver.switch_to.frame(driver.find_element("id", "map-frame"))
    assert driver.execute_script("return window.syunikMap.getZoom();") == zoom0
    hint = driver.execute_script(
        "var h = document.querySelector('.gesture-hint.is-shown'); return h && h.textContent;"
    )
    assert hint == "Use Ctrl + scroll to zoom the map"

    # Ctrl + wheel zooms at once, and the article stays where it is
    scrolled = settled_scroll(driver)
    wheel(driver, 350, 200, -100, modifiers=2)
    wait_for(driver, "return window.syunikMap.getZoom() > arguments[0];", zoom0)
    assert settled_scroll(driver) == scrolled

    # after a click on the map, the plain wheel zooms too
    zoom1 = driver.execute_script("return window.syunikMap.getZoom();")
    click(driver, 560, 300)  # on Azerbaijan: it opens the area's popup
    wait_for(driver, "return !!document.querySelector('.leaflet-popup');")
    driver.execute_script("window.syunikMap.closePopup();")
    wait_for(driver, "return !document.querySelector('.leaflet-popup');")
    zoom1 = driver.execute_script("return window.syunikMap.getZoom();")
    wheel(driver, 350, 200, -100)
    wait_for(driver, "return window.syunikMap.getZoom() > arguments[0];", zoom1)
    assert settled_scroll(driver) == scrolled


def test_outside_a_frame_the_wheel_zooms_as_before(driver, page):
    driver.switch_to.default_content()
    driver.get(page.resolve().as_uri())
    wait_for(driver, READY_JS, timeout_s=20)
    zoom0 = driver.execute_script("return window.syunikMap.getZoom();")
    assert driver.execute_script("return document.querySelector('.gesture-hint') === null")
    driver.execute_cdp_cmd("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": 700, "y": 400})
    driver.execute_cdp_cmd(
        "Input.dispatchMouseEvent",
        {"type": "mouseWheel", "x": 700, "y": 400, "deltaX": 0, "deltaY": -100},
    )
    wait_for(driver, "return window.syunikMap.getZoom() > arguments[0];", zoom0)


def touch(driver, kind: str, points: list[tuple[float, float]]) -> None:
    """Send one touch event with the fingers at ``points`` (viewport px)."""
    driver.execute_cdp_cmd(
        "Input.dispatchTouchEvent",
        {
            "type": kind,
            "touchPoints": [{"x": x, "y": y, "id": i + 1} for i, (x, y) in enumerate(points)],
        },
    )


CENTRE_JS = "var c = window.syunikMap.getCenter(); return [c.lat, c.lng];"


def test_in_a_frame_one_finger_scrolls_the_article_and_two_move_the_map(page):
    browser = start_browser(1100, 900)
    try:
        browser.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True})
        open_framed(browser, page, 390, 600)
        before = browser.execute_script(CENTRE_JS)
        left, top = frame_origin(browser)
        x, y = left + 200, top + 300
        touch(browser, "touchStart", [(x, y)])
        for step in range(1, 11):
            touch(browser, "touchMove", [(x, y - 12 * step)])
        touch(browser, "touchEnd", [])
        browser.switch_to.default_content()
        wait_for(browser, "return window.scrollY > 0;")
        browser.switch_to.frame(browser.find_element("id", "map-frame"))
        assert browser.execute_script(CENTRE_JS) == before
        hint = browser.execute_script(
            "var h = document.querySelector('.gesture-hint.is-shown'); return h && h.textContent;"
        )
        assert hint == "Use two fingers to move the map"

        scrolled = settled_scroll(browser)
        left, top = frame_origin(browser)
        x, y = left + 200, top + 300
        touch(browser, "touchStart", [(x - 40, y)])
        touch(browser, "touchStart", [(x - 40, y), (x + 40, y)])
        for step in range(1, 11):
            touch(browser, "touchMove", [(x - 40, y - 10 * step), (x + 40, y - 10 * step)])
        touch(browser, "touchEnd", [])
        wait_for(
            browser,
            "var c = window.syunikMap.getCenter(); return c.lat !== arguments[0];",
            before[0],
        )
        assert settled_scroll(browser) == scrolled
    finally:
        browser.quit()
