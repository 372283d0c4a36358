"""Popups and credits in the reader's language (issue 19).

The page writes their labels, units, numbers, dates, status words and names from the
catalogue, as Python writes them for the figure (geo/page/texts.py and core/text.js agree),
and a complete language shows no English interface word in a popup's labels or in its words
around the data.
"""

from __future__ import annotations

import re

import pytest
from helpers import LAYERS_DIR, open_map, start_sized, wait_for

from geo.io.datafiles import load_toml
from geo.layerfiles.geojson import read_layer_files
from geo.page import i18n, names, texts
from geo.page.names import LANGUAGES
from geo.page.popups import ROUTE_ID, popup, rendered

pytestmark = pytest.mark.browser

#: One feature of each kind of popup: the route, a border, a connection, a history
#: feature, a town and a crossing.
FEATURES = {
    "corridor": ROUTE_ID,
    "borders": "armenia_iran",
    "connections": "horadiz_aghband",
    "history": "lachin_corridor_2020",
    "places": "meghri",
}


@pytest.fixture(scope="module")
def driver():
    d = start_sized("desktop")
    yield d
    d.quit()


@pytest.fixture(scope="module")
def layers():
    return read_layer_files(LAYERS_DIR)


@pytest.fixture(scope="module")
def english(layers):
    return i18n.english_catalogue(layers)


OPEN_JS = """
var want = arguments[0], found = null;
Object.keys(window.syunikLayers).forEach(function (id) {
  var group = window.syunikLayers[id];
  if (!group.eachLayer) { return; }
  group.eachLayer(function (l) {
    var p = l.feature && l.feature.properties.popup;
    if (p && p.title === want && !found) { found = l; }
  });
});
if (!found) { return false; }
window.syunikMap.addLayer(found);
found.openPopup(found.getLatLng ? found.getLatLng() : found.getBounds().getCenter());
return true;
"""

READ_JS = """
var root = document.querySelector('.leaflet-popup .feature-popup');
var d = root.querySelector('.feature-popup-details');
if (d) { d.open = true; }
function t(sel) { var n = root.querySelector(sel); return n ? n.textContent : ''; }
return {
  title: t('.feature-popup-title'), lead: t('.feature-popup-lead'),
  figure: [t('.feature-popup-figure-label'), t('.feature-popup-figure-value')],
  rows: [].map.call(root.querySelectorAll('.feature-popup-row'), function (r) {
    return [r.querySelector('dt').textContent, r.querySelector('dd').textContent];
  }),
  credits: document.querySelector('.leaflet-control-attribution').textContent
};
"""


def _shown_in(driver, title: str) -> dict:
    driver.execute_script("window.syunikMap.closePopup()")
    wait_for(driver, "return !document.querySelector('.leaflet-popup')")
    assert driver.execute_script(OPEN_JS, title), title
    wait_for(
        driver,
        "var n = document.querySelector('.leaflet-popup .feature-popup-title');"
        "return !!n && n.isConnected",
    )
    return driver.execute_script(READ_JS)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_popups_and_credits_read_in_the_language_as_python_writes_them(
    driver, page, layers, english, lang
):
    route = next(f.geometry for f in layers["corridor"] if f.properties["id"] == ROUTE_ID)
    words = {**english, **i18n.catalogue(lang, english)}
    table = names.page_names()
    open_map(driver, page, f"#lang={lang}")
    for layer, fid in FEATURES.items():
        feature = next(f for f in layers[layer] if f.properties["id"] == fid)
        made = popup(feature, route)
        want = rendered(made, words, table, lang)
        shown = _shown_in(driver, made["title"])
        assert shown["title"] == want["title"], (lang, fid)
        assert shown["lead"] == want["lead"], (lang, fid)
        assert shown["figure"] == [f"{want['figure'][0]}: ", want["figure"][1]], (lang, fid)
        assert shown["rows"] == want["rows"] + want["details"], (lang, fid)
    data = driver.execute_script("return window.syunikData.credits")
    # the credits line first; the relief's own attribution follows it
    assert shown["credits"].startswith(texts.render(data, words, table, lang)), lang


def _complete() -> list[str]:
    english = i18n.english_catalogue()
    out = []
    for code in LANGUAGES[1:]:
        cat = i18n.catalogue(code, english)
        categories = cat.get("plural.categories", "other").split()
        if not [k for k in i18n.missing_keys(english, cat, categories) if k.startswith("ui.")]:
            out.append(code)
    return out


@pytest.mark.parametrize("lang", _complete() or [pytest.param(None, marks=pytest.mark.skip)])
def test_a_complete_language_labels_popups_in_its_own_words(driver, page, layers, english, lang):
    """A popup's labels, status words and units are the language's: data stays as it is."""
    keep = [*load_toml(i18n.LANGUAGES_FILE)["keep_words"], "WGS84"]
    keep += [
        w for n in names.load_names().values() for w in re.findall(r"[A-Za-z]+", n.names[lang])
    ]
    words = i18n.interface_words(english, keep)
    open_map(driver, page, f"#lang={lang}")
    found = []
    for layer, fid in FEATURES.items():
        feature = next(f for f in layers[layer] if f.properties["id"] == fid)
        shown = _shown_in(driver, str(feature.properties["name"]))
        # the labels, the figure's label and value, and the status: no data in them
        status = [
            v for label, v in shown["rows"] if label == i18n.catalogue(lang)["ui.popup.status"]
        ]
        text = " ".join([label for label, _ in shown["rows"]] + shown["figure"] + status)
        found += [
            (fid, w)
            for w in re.findall(r"[A-Za-z]{3,}", i18n.without_kept(text, keep))
            if w.lower() in words
        ]
    assert not found, (lang, found)


COVERED_JS = """
var box = document.querySelector('.leaflet-popup-content-wrapper').getBoundingClientRect();
var popup = document.querySelector('.leaflet-popup');
var out = [];
[[box.left + 4, box.top + 4], [box.right - 4, box.top + 4], [box.left + 4, box.bottom - 4],
 [box.right - 4, box.bottom - 4], [(box.left + box.right) / 2, box.top + 4]].forEach(function (p) {
  var hit = document.elementFromPoint(p[0], p[1]);
  if (!hit || !popup.contains(hit)) {
    out.push([Math.round(p[0]), Math.round(p[1]), hit ? hit.className || hit.tagName : null]);
  }
});
return out;
"""


@pytest.fixture(scope="module")
def phone():
    d = start_sized("phone")
    yield d
    d.quit()


@pytest.mark.parametrize("lang", LANGUAGES)
def test_a_popup_on_a_phone_lies_under_no_control(phone, page, lang):
    """The language menu and the story's button share the top with the popup: it opens below."""
    open_map(phone, page, f"#lang={lang}")
    phone.execute_script(
        "var l = window.syunikLayers.corridor.getLayers()[0];"
        "l.openPopup(window.syunikMap.getCenter());"
    )
    wait_for(phone, "return !!document.querySelector('.leaflet-popup')")
    wait_for(phone, "return document.getAnimations().length === 0")
    assert phone.execute_script(COVERED_JS) == [], lang
    # the title starts on the reader's side: the right in Persian, the left elsewhere
    gap = phone.execute_script(
        "var t = document.querySelector('.feature-popup-title');"
        "var r = document.createRange(); r.selectNodeContents(t);"
        "var text = r.getBoundingClientRect(), box = t.getBoundingClientRect();"
        "return arguments[0] === 'rtl' ? box.right - text.right : text.left - box.left;",
        i18n.direction(lang),
    )
    assert abs(gap) < 2, (lang, gap)


STORY_EDGE_JS = """
var box = document.querySelector('.story-text').getBoundingClientRect();
var worst = Infinity;
document.querySelectorAll('.story-text > *').forEach(function (n) {
  var r = document.createRange(); r.selectNodeContents(n);
  [].forEach.call(r.getClientRects(), function (line) {
    var room = arguments[0] === 'rtl' ? line.left - box.left : box.right - line.right;
    worst = Math.min(worst, room);
  });
});
return worst;
"""


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_story_text_keeps_clear_of_its_scroll_bar_on_a_phone(phone, page, lang):
    """The phone draws the scroll bar over the text's end side: no word reaches under it."""
    open_map(phone, page, f"#lang={lang}&story=3")
    wait_for(phone, "return !document.getElementById('story-card').hidden")
    room = phone.execute_script(STORY_EDGE_JS.replace("arguments[0]", repr(i18n.direction(lang))))
    assert room >= 6, (lang, room)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_hover_names_read_in_the_language_as_python_writes_them(driver, page, layers, lang):
    """Each feature's hover name (its name, area or length) is the catalogue's, in its language."""
    from geo.page.model import _tooltip

    words = i18n.catalogue(lang, i18n.english_catalogue(layers))
    table = names.page_names()
    open_map(driver, page, f"#lang={lang}")
    shown = driver.execute_script(
        "var out = {}; Object.keys(window.syunikLayers).forEach(function (id) {"
        "  out[id] = []; window.syunikLayers[id].eachLayer(function (l) {"
        "    out[id].push(l.feature.properties.tooltip); }); });"
        "return out;"
    )
    for layer_id in ("syunik", "armenia", "borders", "connections", "places"):
        want = sorted(texts.render(_tooltip(f), words, table, lang) for f in layers[layer_id])
        assert sorted(shown[layer_id]) == want, layer_id
    (syunik,) = shown["syunik"]
    if lang == "en":  # English reads as before: the layer's name and its area, grouped
        (feature,) = layers["syunik"]
        p = feature.properties
        assert syunik == f"{p['name']} — {float(p['area_km2']):,.0f} km²"
    else:
        assert not syunik.startswith("Syunik"), syunik  # the province's own name in the language
