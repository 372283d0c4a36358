"""The preview in a real headless Chromium: first paint within 3 s on a slow link, and without JS.

The slow link is Chromium's own network emulation (DevTools ``Network.emulateNetworkConditions``:
400 kbit/s both ways, 400 ms latency) on the built page served by a local HTTP server on
127.0.0.1, the only host the browser may reach. The first contentful paint is the
browser's own measure (``performance.getEntriesByType('paint')``).
"""

from __future__ import annotations

import functools
import http.server
import threading

import pytest
from helpers import (
    LAYERS_DIR,
    SIZES,
    build_map_file,
    requested_urls,
    start_browser,
    start_sized,
    wait_ready,
)

pytestmark = pytest.mark.browser

#: The slow link: 400 kbit/s, 400 ms.
SLOW_LINK = {
    "offline": False,
    "latency": 400,
    "downloadThroughput": 400_000 / 8,
    "uploadThroughput": 400_000 / 8,
}

#: The first contentful paint on the slow link must come within this, milliseconds.
FCP_BUDGET_MS = 3000


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("served")
    build_map_file(folder / "syunik_route.html", LAYERS_DIR)
    return folder / "syunik_route.html"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:  # the test's output stays clean
        pass


@pytest.fixture(scope="module")
def served(page):
    """Serve the page's folder on 127.0.0.1 (a free port) for the module's tests."""
    handler = functools.partial(_Quiet, directory=str(page.parent))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/{page.name}"
    server.shutdown()
    server.server_close()
    thread.join()


def _paints(driver) -> dict[str, float]:
    entries = driver.execute_script(
        "return performance.getEntriesByType('paint').map(function (e) {"
        " return [e.name, e.startTime]; });"
    )
    return dict(entries)


@pytest.mark.parametrize("size", ["desktop", "phone"])
def test_first_paint_on_a_slow_link_is_the_preview_within_3_s(served, size):
    width, height = SIZES[size]
    driver = start_browser(width, height, loopback=True)
    try:
        driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": size == "phone"},
        )
        driver.execute_cdp_cmd("Network.enable", {})
        driver.execute_cdp_cmd("Network.setCacheDisabled", {"cacheDisabled": True})
        driver.execute_cdp_cmd("Network.emulateNetworkConditions", SLOW_LINK)
        driver.get_log("performance")
        driver.get(served)
        wait_ready(driver, timeout_s=120)
        paints = _paints(driver)
        ready_ms = float(
            driver.execute_script(
                "return document.documentElement.getAttribute('data-map-ready-ms')"
            )
        )
        fcp = paints["first-contentful-paint"]
        print(f"{size}: first contentful paint {fcp:.0f} ms, map ready {ready_ms:.0f} ms")
        assert fcp <= FCP_BUDGET_MS, paints
        # The link really was slow: the whole file took far longer than the first paint.
        assert ready_ms > fcp + 5000, (fcp, ready_ms)
        # What was painted first is the preview; it is gone once the map is ready.
        assert driver.execute_script("return document.getElementById('map-preview')") is None
        assert [u for u in requested_urls(driver) if not u.startswith("data:")] == [served]
    finally:
        driver.quit()


def test_without_javascript_the_preview_shows_the_first_view(page):
    driver = start_sized("desktop")
    try:
        driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
        driver.get(page.resolve().as_uri())
        # The page's scripts did not run: no map, no ready mark.
        state = driver.execute_script(
            "return [document.documentElement.getAttribute('data-map-ready'),"
            " typeof window.syunikMap, document.querySelectorAll('.leaflet-container').length];"
        )
        assert state == [None, "undefined", 0]
        shown = driver.execute_script(
            """
            var svg = document.getElementById('map-preview');
            var box = svg.getBoundingClientRect();
            function hit(node) {
              var r = node.getBoundingClientRect();
              var x = r.left + r.width / 2, y = r.top + r.height / 2;
              var at = document.elementFromPoint(x, y);
              return at === node || node.contains(at) || (at && at.closest('text') === node);
            }
            var names = Array.prototype.map.call(svg.querySelectorAll('text'), function (t) {
              var r = t.getBoundingClientRect();
              return [t.textContent, r.left >= 0 && r.right <= innerWidth && r.top >= 0 &&
                r.bottom <= innerHeight, hit(t)];
            });
            var dots = Array.prototype.map.call(svg.querySelectorAll('circle'), hit);
            return {box: [box.width, box.height], width: document.documentElement.clientWidth,
              names: names, dots: dots,
              hidden: Array.prototype.filter.call(document.body.querySelectorAll('*'),
                function (n) { return n.tagName !== 'SCRIPT' && n.closest('svg') === null &&
                  n.getClientRects().length === 0; }).map(function (n) {
                    return n.id || n.tagName; })};
            """
        )
        # the whole map area: the viewport, but for the scroll bar of the text account below it
        assert shown["box"] == [shown["width"], 768] and shown["width"] >= 1366 - 20
        texts = [name for name, _inside, _hit in shown["names"]]
        assert {"Armenia", "Iran", "Azerbaijan", "Nakhchivan(Azerbaijan)"} <= set(texts), texts
        assert any(t.startswith("TRIPP") for t in texts)
        assert all(inside and hit for _name, inside, hit in shown["names"]), shown["names"]
        assert shown["dots"] == [True, True]  # both tripoints, on top
        # Nothing of the page is hidden without JavaScript (the text account included).
        assert shown["hidden"] == []
    finally:
        driver.quit()
