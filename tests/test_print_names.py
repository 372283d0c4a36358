"""The printed page names what the screen names: the countries, the Aras and the route.

Issue 20, item 4: one A4 landscape page printed by Chromium (``Page.printToPDF``) from
the 1366×768 first view, read back with ``pdftotext``, in English and in Russian. The
names to find are the ones the screen shows in its first view (country, river and
route names, not towns), so the test follows the data, and a few are checked against
the catalogue so that an empty screen cannot pass.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from helpers import SIZES, open_map, skip_or_fail, start_sized

from geo.page import i18n
from geo.page.names import LANGUAGES

pytestmark = pytest.mark.browser

#: Names printed in capitals and letter-spaced come back from pdftotext as "N A K H…".
SCREEN_NAMES_JS = """
return Array.from(document.querySelectorAll(
  '.map-label-country, .map-label-water, .map-label-route'
)).filter(function (n) {
  var r = n.getBoundingClientRect(), m = window.syunikMap.getContainer().getBoundingClientRect();
  return n.getClientRects().length > 0 && r.left >= m.left && r.right <= m.right
    && r.top >= m.top && r.bottom <= m.bottom;
}).map(function (n) { return n.textContent; });
"""


def squeeze(text: str) -> str:
    """Fold case and compatibility forms and drop every space: the text as letters only."""
    return "".join(unicodedata.normalize("NFKC", text).casefold().split())


@pytest.fixture(scope="module")
def desktop():
    if shutil.which("pdftotext") is None:
        skip_or_fail("pdftotext missing (Debian: apt-get install poppler-utils)")
    driver = start_sized("desktop")
    yield driver
    driver.quit()


#: The page's CSP admits no new stylesheet: each name is hidden through its own style.
HIDE_NAMES_JS = """
document.querySelectorAll('.map-label').forEach(function (n) {
  n.style.setProperty('visibility', 'hidden', 'important');
});
"""


def printed_text(driver, tmp_path: Path) -> str:
    """Print the open page on one A4 landscape sheet; return pdftotext's text."""
    result = driver.execute_cdp_cmd(
        "Page.printToPDF",
        {"landscape": True, "printBackground": True, "paperWidth": 8.27, "paperHeight": 11.69},
    )
    pdf = tmp_path / "map.pdf"
    pdf.write_bytes(base64.b64decode(result["data"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M), info.stdout
    return subprocess.run(
        ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_the_printed_page_names_the_countries_the_aras_and_the_route(desktop, page, lang, tmp_path):
    assert SIZES["desktop"] == (1366, 768)
    open_map(desktop, page, f"#lang={lang}")
    on_screen = desktop.execute_script(SCREEN_NAMES_JS)
    words = i18n.catalogue(lang)
    # the screen's first view names these (from the catalogue, in the page's language)
    for key in ("label.armenia_local", "label.iran_local", "label.aras_local"):
        assert words[key] in on_screen, (key, on_screen)
    route = desktop.execute_script(
        "return window.syunikData.labels.filter(function (l) { return l.id === 'route'; })[0];"
    )
    assert i18n.render(words["label.route"], **route["params"]) in on_screen, on_screen
    text = squeeze(printed_text(desktop, tmp_path))
    # the reader's view is back after printing: the names are placed for the screen again
    assert desktop.execute_script(SCREEN_NAMES_JS) == on_screen
    desktop.execute_script(HIDE_NAMES_JS)
    without = squeeze(printed_text(desktop, tmp_path))
    missing = [n for n in on_screen if text.count(squeeze(n)) <= without.count(squeeze(n))]
    assert not missing, f"named on screen, not on the printed map: {missing}"


PRINT_BOXES_JS = """
function box(e) { var r = e.getBoundingClientRect();
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom}; }
var map = window.syunikMap, c = map.getContainer(), cb = box(c);
var rb = window.syunikLayers.corridor.getBounds();
var ne = map.latLngToContainerPoint(rb.getNorthEast());
var sw = map.latLngToContainerPoint(rb.getSouthWest());
return {map: cb, legend: box(document.getElementById('legend')),
  route: {left: cb.left + sw.x, right: cb.left + ne.x, top: cb.top + ne.y, bottom: cb.top + sw.y},
  menu: Array.from(document.querySelectorAll('.language-menu')).filter(function (n) {
    return n.getClientRects().length > 0; }).length};
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_printed_legend_fits_the_map_in_every_language(desktop, page, lang):
    from helpers import inside, overlap

    open_map(desktop, page, f"#lang={lang}")
    desktop.execute_script("window.dispatchEvent(new Event('beforeprint'))")
    desktop.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        boxes = desktop.execute_script(PRINT_BOXES_JS)
    finally:
        desktop.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
        desktop.execute_script("window.dispatchEvent(new Event('afterprint'))")
    assert inside(boxes["legend"], boxes["map"]), boxes  # whole, its heading too
    assert inside(boxes["route"], boxes["map"]) and not overlap(boxes["route"], boxes["legend"])
    assert boxes["menu"] == 0  # the language menu is for the screen
