"""The page in each of its six languages, as a reader sees it (issue 19, items 2, 3 and 6).

The checks are of structure, not of words, so they pass while a translation is partial
(its keys read in English) and keep passing when it is complete: <html lang dir>, names that
do not overlap, the route in the first view, text that fits its box, no axe-core violation,
the language menu by keyboard, and a switch of language that keeps the view and every other
key of the fragment. One test looks for English interface words in each complete language.
"""

from __future__ import annotations

import json
import re

import pytest
from helpers import (
    SIZES,
    axe_violations,
    click,
    open_map,
    overlapping,
    settled,
    start_sized,
    wait_for,
    wait_ready,
)

from geo.io.datafiles import load_toml
from geo.page import i18n
from geo.page.names import LANGUAGES, load_names

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=sorted(SIZES))
def sized(request):
    driver = start_sized(request.param)
    yield request.param, driver
    driver.quit()


@pytest.fixture(scope="module")
def axe() -> str:
    from helpers import axe_source

    return axe_source()


LAYOUT_JS = """
var map = document.getElementById('map').getBoundingClientRect();
function box(n) { var r = n.getBoundingClientRect(); return [r.left, r.top, r.right, r.bottom]; }
var labels = [].slice.call(document.querySelectorAll('.map-label')).filter(function (n) {
  return !n.classList.contains('is-hidden') && n.offsetParent !== null;
}).map(function (n) { return {text: n.textContent, kind: n.className, box: box(n)}; });
var cut = [].slice.call(document.querySelectorAll(
  '.leaflet-control button, .leaflet-control summary, .panel-title, .panel h3, .map-title, ' +
  '.language-menu-select, .legend-label, .leaflet-control-layers label'
)).filter(function (n) {
  return n.offsetParent !== null && n.scrollWidth > n.clientWidth + 1;
}).map(function (n) { return n.className + ': ' + n.textContent.slice(0, 40); });
return {lang: document.documentElement.lang, dir: document.documentElement.dir,
  mapDir: document.getElementById('map').getAttribute('dir'),
  map: [map.left, map.top, map.right, map.bottom], labels: labels, cut: cut};
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_lays_out_its_page(sized, page, lang):
    size, driver = sized
    open_map(driver, page, f"#lang={lang}")
    layout = driver.execute_script(LAYOUT_JS)
    assert layout["lang"] == lang
    assert layout["dir"] == i18n.direction(lang)
    assert layout["mapDir"] == "ltr"  # the map itself never mirrors
    assert not overlapping(layout["labels"]), (size, lang, overlapping(layout["labels"]))
    route = [label for label in layout["labels"] if "map-label-route" in label["kind"]]
    assert route, (size, lang, "the route's name is not in the first view")
    x0, y0, x1, y1 = layout["map"]
    assert all(
        x0 <= b[0] and b[2] <= x1 and y0 <= b[1] and b[3] <= y1 for b in [r["box"] for r in route]
    )
    assert not layout["cut"], (size, lang, layout["cut"])


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_opens_a_popup_inside_the_map(sized, page, lang):
    size, driver = sized
    open_map(driver, page, f"#lang={lang}")
    driver.execute_script(
        "var l = window.syunikLayers.corridor.getLayers()[0];"
        "l.openPopup(window.syunikMap.getCenter());"
    )
    wait_for(driver, "return !!document.querySelector('.leaflet-popup')")
    wait_for(driver, "return document.getAnimations().length === 0")
    inside = driver.execute_script(
        "var m = document.getElementById('map').getBoundingClientRect();"
        "var p = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();"
        "return [p.left >= m.left - 1, p.right <= m.right + 1, p.top >= m.top - 1,"
        " p.bottom <= m.bottom + 1, getComputedStyle(document.querySelector('.feature-popup'))"
        ".direction];"
    )
    assert inside[:4] == [True] * 4, (size, lang, inside)
    assert inside[4] == i18n.direction(lang)  # popups read in the reader's direction


@pytest.mark.parametrize("lang", LANGUAGES)
def test_each_language_has_no_axe_violation(sized, page, axe, lang):
    size, driver = sized
    open_map(driver, page, f"#lang={lang}")
    found = axe_violations(driver, axe, f"{lang} first view")
    for name, selector, state in (
        ("panel", "#panel-toggle", "document.getElementById('panel-toggle').ariaExpanded"),
        ("legend", ".legend-summary", "document.querySelector('.legend-details').open"),
        (
            "layers",
            ".leaflet-control-layers-toggle",
            "document.querySelector('.leaflet-control-layers').classList"
            ".contains('leaflet-control-layers-expanded')",
        ),
    ):
        first = driver.execute_script(f"return {state}")
        for step, test in (("toggled", "!=="), ("toggled back", "===")):
            if name == "layers":
                driver.execute_script(
                    "var c = window.syunikMap && document.querySelector('.leaflet-control-layers');"
                    "c.classList.toggle('leaflet-control-layers-expanded');"
                )
            else:
                click(driver, selector)
            wait_for(driver, f"return {state} {test} arguments[0]", first)
            settled(driver)
            found += axe_violations(driver, axe, f"{lang} {name} {step}")
    driver.execute_script("document.getElementById('language-select').focus()")
    found += axe_violations(driver, axe, f"{lang} language menu focused")
    assert not found, (size, found)


def test_the_keyboard_reaches_the_language_menu(sized, page):
    from selenium.webdriver.common.keys import Keys

    _, driver = sized
    open_map(driver, page, "#lang=fa")
    driver.execute_script("document.activeElement && document.activeElement.blur()")
    body = driver.find_element("tag name", "body")
    body.send_keys(Keys.TAB)
    for _ in range(400):  # the panel (first in tab order) holds every source link
        if driver.execute_script("return document.activeElement.id") == "language-select":
            break
        driver.switch_to.active_element.send_keys(Keys.TAB)
    assert driver.execute_script("return document.activeElement.id") == "language-select"
    names = driver.execute_script(
        "return [].map.call(document.querySelectorAll('#language-select option'),"
        " function (o) { return [o.value, o.lang, o.textContent]; })"
    )
    menu = {e["code"]: e["autonym"] for e in i18n.languages()}
    assert [(code, code, menu[code]) for code in LANGUAGES] == [tuple(n) for n in names]


def test_switching_language_keeps_the_view_and_every_fragment_key(sized, page):
    _, driver = sized
    open_map(driver, page, "#lang=en&z=9.5&c=39.00000,46.20000&l=armenia,corridor&story=3")
    before = driver.execute_script(
        "var c = window.syunikMap.getCenter(); return [window.syunikMap.getZoom(), c.lat, c.lng]"
    )
    driver.execute_script(
        "var s = document.getElementById('language-select'); s.value = 'ru';"
        "document.documentElement.removeAttribute('data-map-ready');"
        "s.dispatchEvent(new Event('change'));"
    )
    wait_for(driver, "return document.documentElement.lang === 'ru'")
    wait_ready(driver)
    after = driver.execute_script(
        "var c = window.syunikMap.getCenter();"
        "return [window.syunikMap.getZoom(), c.lat, c.lng, location.hash,"
        " Object.keys(window.syunikLayers).filter(function (id) {"
        "   return window.syunikMap.hasLayer(window.syunikLayers[id]); })]"
    )
    assert after[0] == pytest.approx(before[0])
    assert after[1] == pytest.approx(before[1], abs=1e-4)
    assert after[2] == pytest.approx(before[2], abs=1e-4)
    assert after[3].startswith("#lang=ru&") and "&story=3" in after[3], after[3]
    assert sorted(after[4]) == ["armenia", "corridor"]
    assert driver.execute_script("return document.getElementById('language-select').value") == "ru"
    # the story's chapter stays open in the new language, at the fragment's view
    assert driver.execute_script("return !document.getElementById('story-card').hidden")


def _complete_languages() -> list[str]:
    english = i18n.english_catalogue()
    out = []
    for code in LANGUAGES[1:]:
        cats = i18n.catalogue(code, english)
        categories = cats.get("plural.categories", "other").split()
        if not [k for k in i18n.missing_keys(english, cats, categories) if k.startswith("ui.")]:
            out.append(code)
    return out


@pytest.mark.parametrize(
    "lang",
    _complete_languages()
    or [
        pytest.param(
            None,
            marks=pytest.mark.skip(reason="no language's interface words are all translated yet"),
        )
    ],
)
def test_a_complete_language_shows_no_english_interface_word(sized, page, lang):
    size, driver = sized
    open_map(driver, page, f"#lang={lang}")
    text = driver.execute_script(
        "var parts = [];"
        "document.querySelectorAll("
        "'.leaflet-control, .panel-header, .map-title, h3, summary, button')"
        ".forEach(function (n) { parts.push(n.innerText || '', n.getAttribute('aria-label') || '',"
        " n.getAttribute('title') || ''); }); return parts.join(' ');"
    )
    assert "leaflet-control-attribution" in driver.execute_script(
        "return document.querySelector('.leaflet-control-attribution').className"
    )  # the credits line is among the controls read
    english = i18n.english_catalogue()
    # words every language writes alike (languages.toml), and the names of places
    keep = [*load_toml(i18n.LANGUAGES_FILE)["keep_words"], "WGS84", "Leaflet", "GLOBE"]
    keep += [
        w for name in load_names().values() for w in re.findall(r"[A-Za-z]+", name.names[lang])
    ]
    words = i18n.interface_words(english, keep)
    shown = i18n.without_kept(text, keep)
    found = sorted({w for w in re.findall(r"[A-Za-z]{3,}", shown) if w.lower() in words})
    assert not found, (size, lang, json.dumps(found))


SCALE_JS = """
var line = document.querySelector('.leaflet-control-scale-line');
var box = line.getBoundingClientRect();
var hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
return {text: line.textContent, dir: getComputedStyle(line).direction, lang: line.lang,
  seen: hit === line || line.contains(hit), cut: line.scrollWidth > line.clientWidth + 1};
"""


def _scale_pattern(lang: str, unit: str) -> str:
    cats = i18n.catalogue(lang, i18n.english_catalogue())
    digits = re.escape(cats.get("number.digits", "0123456789"))
    value = f"[{digits}]+(?:{re.escape(cats['number.group'])}[{digits}]{{3}})*"
    before, after = cats[f"ui.unit.{unit}"].split("{value}")
    return re.escape(before) + value + re.escape(after).replace(r"\ ", "\u00a0")


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_scale_bar_reads_in_the_language_at_every_zoom(sized, page, lang):
    size, driver = sized
    open_map(driver, page, f"#lang={lang}")
    # the first view (kilometres), then the closest zoom (metres)
    for unit, zoom in (("km", "m.getZoom()"), ("m", "m.getMaxZoom()")):
        driver.execute_script(f"var m = window.syunikMap; m.setZoom({zoom}, {{animate: false}});")
        wanted = _scale_pattern(lang, unit)
        scale = wait_for(
            driver,
            "var s = (function () {" + SCALE_JS + "}());"
            "return new RegExp('^' + arguments[0] + '$').test(s.text) ? s : null;",
            wanted,
        )
        assert scale["dir"] == i18n.direction(lang) and scale["lang"] == lang, (size, scale)
        assert scale["seen"] and not scale["cut"], (size, lang, scale)


ORDER_JS = """
var node = document.querySelector('.map-label-route');
var text = node.firstChild, s = text.data;
function x(sub) {
  var r = document.createRange(), i = s.indexOf(sub);
  r.setStart(text, i); r.setEnd(text, i + sub.length);
  var b = r.getBoundingClientRect(); return (b.left + b.right) / 2;
}
var digits = s.match(/[\\u06f0-\\u06f9]+/)[0];
return {text: s, latin: x('TRIPP'), number: x(digits), unit: x(arguments[0])};
"""


def test_the_persian_route_label_reads_right_to_left(sized, page):
    # Persian digits after a Latin word would join it in one left-to-right run: the
    # label must put TRIPP first (rightmost), then the number, then its unit to its left.
    size, driver = sized
    open_map(driver, page, "#lang=fa")
    unit = i18n.catalogue("fa", i18n.english_catalogue())["ui.unit.km"].split("{value}")[1].strip()
    order = driver.execute_script(ORDER_JS, unit)
    assert order["latin"] > order["number"] > order["unit"], (size, order)
