"""The story, the history layer, the borders and the panel's new parts, as a reader meets them.

Issue 18, the page side: ``#story=3`` opens chapter 3 with its view, its layers and the
lines as they stood at its date; the keyboard steps through the chapters; leaving keeps
the view; a click on a history feature opens its popup; the page says when its facts
may be stale (the clock set by a DevTools script); closed borders are dashed.
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess

import pytest
from helpers import (
    LAYERS_DIR,
    SIZES,
    axe_source,
    axe_violations,
    build_map_file,
    click_at,
    open_map,
    skip_or_fail,
    start_sized,
    wait_for,
)

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module", params=sorted(SIZES))
def driver(request):
    browser = start_sized(request.param)
    browser.size = request.param
    yield browser
    browser.quit()


WORDS_JS = """
var d = window.syunikData;
var c = d.i18n.catalogues, en = c.values ? c.values.en : c.en;
return d.panel.story.chapters.map(function (ch) {
  var word = function (key) { return c.keys ? en[c.keys.indexOf(key)] : en[key]; };
  var body = [];
  for (var n = 1; word('panel.story.' + ch.id + '.body.' + n); n += 1) {
    body.push(word('panel.story.' + ch.id + '.body.' + n));
  }
  return Object.assign({}, ch, {heading: word('panel.story.' + ch.id + '.heading'), body: body});
});
"""


def chapters(driver) -> list[dict]:
    """Return the story's chapters, with their English words from the catalogue."""
    return driver.execute_script(WORDS_JS)


#: What the page draws: per layer the tooltips of the features drawn, the layers on,
#: the view, the fragment and the story card's words.
STATE_JS = """
var m = window.syunikMap, ls = window.syunikLayers, out = {drawn: {}, dash: {}};
['connections', 'history', 'borders'].forEach(function (id) {
  out.drawn[id] = ls[id].getLayers().map(function (l) { return l.feature.properties.tooltip; });
  ls[id].getLayers().forEach(function (l) {
    if (l._path && m.hasLayer(l)) {
      out.dash[l.feature.properties.tooltip] = l._path.getAttribute('stroke-dasharray');
    }
  });
});
out.on = Object.keys(ls).filter(function (id) { return m.hasLayer(ls[id]); }).sort();
out.zoom = m.getZoom();
out.center = [m.getCenter().lat, m.getCenter().lng];
var b = m.getBounds();
out.bounds = [[b.getSouth(), b.getWest()], [b.getNorth(), b.getEast()]];
out.hash = window.location.hash;
var card = document.getElementById('story-card');
out.open = !!card && !card.hidden;
out.heading = out.open ? card.querySelector('.story-heading').textContent : null;
out.count = out.open ? card.querySelector('.story-count').textContent : null;
return out;
"""


def state(driver) -> dict:
    return driver.execute_script(STATE_JS)


def starting(drawn: list[str], prefix: str) -> list[str]:
    return [name for name in drawn if name.startswith(prefix)]


def covers(outer, inner, slack: float = 0.02) -> bool:
    (s, w), (n, e) = outer
    (s2, w2), (n2, e2) = inner
    return s <= s2 + slack and w <= w2 + slack and n >= n2 - slack and e >= e2 - slack


def test_story_3_alone_opens_chapter_3_with_its_view_layers_and_lines_of_its_date(driver, page):
    open_map(driver, page, "#story=3")
    chapter = chapters(driver)[2]
    assert chapter["date"] == "2020-11-10"
    now = state(driver)
    assert now["open"] and now["heading"] == chapter["heading"]
    assert now["count"] == f"Chapter 3 of {len(chapters(driver))}"
    assert set(now["on"]) == set(chapter["layers"])
    assert covers(now["bounds"], chapter["bounds"])  # the chapter's view, whole
    assert "connections" not in now["on"]  # off in this chapter, but drawn per its date
    lines = now["drawn"]["connections"]
    assert not starting(lines, "Kars"), lines  # begun 22 August 2025
    assert not starting(lines, "Horadiz"), lines  # begun 14 February 2021
    assert not starting(lines, "Aras corridor"), lines  # planned from March 2022
    history = now["drawn"]["history"]
    (lachin,) = starting(history, "Lachin corridor (2020")
    assert now["dash"][lachin] is None  # open in November 2020; dotted only once rerouted
    assert not starting(history, "Lachin corridor (2022")  # from 30 August 2022
    assert not starting(history, "Near Lake Sev")  # held from May 2021
    (soviet,) = starting(history, "Soviet railway")
    assert now["dash"][soviet] == "12 5"  # disused since 1989
    assert "story=3" in now["hash"] and "z=" in now["hash"] and "l=" in now["hash"]
    assert driver.get_log("browser") == []


def test_keys_step_through_the_chapters_and_the_fragment_keeps_every_key(driver, page):
    from selenium.webdriver.common.keys import Keys

    open_map(driver, page, "#story=3&lang=en")
    driver.execute_script("document.querySelector('#story-card .story-next').focus()")
    active = driver.switch_to.active_element
    active.send_keys(Keys.ARROW_RIGHT)
    wait_for(driver, "return /story=4/.test(location.hash)")
    four = state(driver)
    assert four["heading"] == chapters(driver)[3]["heading"]
    assert "connections" in four["on"]
    lines = four["drawn"]["connections"]
    (horadiz,) = starting(lines, "Horadiz")  # begun 14 February 2021, the chapter's date
    assert four["dash"][horadiz] == "9 6"
    (nakhchivan,) = starting(lines, "Nakhchivan railway")
    assert four["dash"][nakhchivan] is None  # operating in 2021: solid, not "under construction"
    assert not starting(lines, "Kars") and not starting(lines, "Aras corridor")
    assert "lang=en" in four["hash"] and "z=" in four["hash"]
    driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    wait_for(driver, "return /story=3/.test(location.hash)")
    driver.switch_to.active_element.send_keys(Keys.ENTER)  # Next, still focused
    wait_for(driver, "return /story=4/.test(location.hash)")
    assert "lang=en" in driver.execute_script("return location.hash")
    last = len(chapters(driver))
    for _ in range(last):
        driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    wait_for(driver, f"return /story={last}(&|$)/.test(location.hash)")
    final = state(driver)
    assert final["heading"] == chapters(driver)[-1]["heading"]
    assert starting(final["drawn"]["connections"], "Kars")
    focused = driver.execute_script("return document.activeElement.className")
    assert focused == "story-prev"  # Next is disabled at the end; focus is not lost


def test_leaving_keeps_the_view_and_the_layers_and_draws_the_lines_as_now(driver, page):
    open_map(driver, page, "#story=4")
    inside = state(driver)
    assert not starting(inside["drawn"]["connections"], "Kars")
    driver.execute_script("document.querySelector('#story-card .story-leave').click()")
    wait_for(driver, "return !/story=/.test(location.hash)")
    left = state(driver)
    assert not left["open"]
    assert left["on"] == inside["on"]
    assert left["zoom"] == inside["zoom"]
    assert left["center"] == pytest.approx(inside["center"], abs=1e-5)
    assert len(left["drawn"]["connections"]) == 4
    (kars,) = starting(left["drawn"]["connections"], "Kars")
    assert left["dash"][kars] == "9 6"  # under construction, as now
    (nakhchivan,) = starting(left["drawn"]["connections"], "Nakhchivan railway")
    assert left["dash"][nakhchivan] == "9 6"
    assert driver.execute_script("return document.activeElement.id") == "story-toggle"


def test_a_click_on_a_history_line_opens_its_popup(driver, page):
    open_map(driver, page, "#story=3")
    point = driver.execute_script("""
      var m = window.syunikMap, found = null;
      window.syunikLayers.history.eachLayer(function (l) {
        if (found || !l.getLatLngs) { return; }
        var ll = l.getLatLngs(), flat = Array.isArray(ll[0]) ? ll[0] : ll;
        for (var i = 1; i < flat.length && !found; i += 1) {
          var a = m.latLngToContainerPoint(flat[i - 1]), b = m.latLngToContainerPoint(flat[i]);
          var r = m.getContainer().getBoundingClientRect();
          var x = Math.round(r.left + (a.x + b.x) / 2), y = Math.round(r.top + (a.y + b.y) / 2);
          if (document.elementFromPoint(x, y) === l._path) {
            found = [x, y, l.feature.properties.popup.title];
          }
        }
      });
      return found;
    """)
    assert point, "no history line is reachable under the pointer"
    click_at(driver, point[0], point[1])
    title = wait_for(
        driver,
        "var t = document.querySelector('.leaflet-popup .feature-popup-title');"
        "return t && t.textContent",
    )
    assert title == point[2]
    popup = driver.find_element("css selector", ".leaflet-popup-content")
    assert not popup.find_elements("css selector", "a, img, script, iframe")  # text only


def test_no_accessibility_violation_with_the_story_open(driver, page):
    open_map(driver, page, "#story=5")
    assert axe_violations(driver, axe_source(), f"story open, {driver.size}") == []


def test_the_story_buttons_are_big_enough_to_touch_and_clear_of_the_controls(driver, page):
    open_map(driver, page, "#story=2")
    sizes = driver.execute_script("""
      var all = document.querySelectorAll('#story-card button, #story-card select');
      return Array.prototype.map.call(all, function (b) {
        var r = b.getBoundingClientRect(); return [b.className, r.width, r.height];
      });
    """)
    assert len(sizes) == 4
    for name, width, height in sizes:
        assert width >= 44 and height >= 44, name
    overlaps = driver.execute_script("""
      var card = document.getElementById('story-card').getBoundingClientRect();
      var others = document.querySelectorAll('.leaflet-control:not(.story), .map-title');
      return Array.prototype.filter.call(others, function (node) {
        var r = node.getBoundingClientRect();
        return r.width > 0 && r.height > 0 && r.left < card.right && card.left < r.right &&
          r.top < card.bottom && card.top < r.bottom;
      }).map(function (node) { return node.className; });
    """)
    assert overlaps == []  # the card covers no other control


def test_the_printed_story_gives_the_chapter_heading_and_text_on_one_page(driver, page, tmp_path):
    if shutil.which("pdftotext") is None or shutil.which("pdfinfo") is None:
        skip_or_fail("pdftotext or pdfinfo missing (Debian: apt-get install poppler-utils)")
    open_map(driver, page, "#story=6")
    chapter = chapters(driver)[5]
    result = driver.execute_cdp_cmd(
        "Page.printToPDF",
        {"landscape": True, "printBackground": True, "paperWidth": 11.69, "paperHeight": 8.27},
    )
    pdf = tmp_path / "story.pdf"
    pdf.write_bytes(base64.b64decode(result["data"]))
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert re.search(r"^Pages:\s+1$", info.stdout, re.M), info.stdout
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True)
    flat = " ".join(text.stdout.split())
    assert chapter["heading"] in flat
    assert chapter["body"][0].split()[0:6] == flat.split(chapter["heading"])[1].split()[0:6]
    assert "Leave the story" not in flat  # the card itself is not printed


STALE_NOTICE_JS = "var n = document.getElementById('panel-stale'); return n && n.textContent"


@pytest.mark.parametrize(("today", "stale"), [("2027-01-10", True), ("2026-12-26", False)])
def test_the_panel_says_when_its_facts_may_be_stale(driver, page, today, stale):
    # The page reads the clock, never the address: a DevTools script sets the clock first.
    shim = (
        "(function () { var Real = Date, at = new Real('" + today + "T12:00:00').getTime();"
        "function D() { return arguments.length ? new (Function.prototype.bind.apply(Real,"
        " [null].concat([].slice.call(arguments))))() : new Real(at); }"
        "D.prototype = Real.prototype; D.now = function () { return at; };"
        "D.UTC = Real.UTC; D.parse = Real.parse; window.Date = D; }());"
    )
    added = driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": shim})
    try:
        open_map(driver, page)
        assert driver.execute_script("return new Date().toISOString().slice(0, 10)") == today
        notice = driver.execute_script(STALE_NOTICE_JS)
    finally:
        driver.execute_cdp_cmd(
            "Page.removeScriptToEvaluateOnNewDocument", {"identifier": added["identifier"]}
        )
    as_of = driver.execute_script("return document.querySelector('#panel-asof time').textContent")
    if stale:
        assert notice and as_of == "26 June 2026" and as_of in notice and "six months" in notice
        first = driver.execute_script(
            "return document.querySelector('#panel .panel-body').firstElementChild.id"
        )
        assert first == "panel-stale"  # at the top of the panel
    else:
        assert notice is None


def test_the_panel_lists_corrections_border_status_first_and_the_terrain_notes(driver, page):
    open_map(driver, page)
    found = driver.execute_script("""
      var items = document.querySelectorAll('#panel-corrections .panel-correction');
      var cites = document.querySelectorAll('#panel-sources cite');
      return {
        n: items.length,
        first: items.length ? items[0].textContent : '',
        dated: Array.prototype.every.call(items, function (li) {
          return /^\\d{4}-\\d{2}-\\d{2}$/.test(li.querySelector('time').getAttribute('datetime'));
        }),
        terrain: (document.getElementById('panel-terrain') || {}).textContent || '',
        cites: cites.length,
        described: document.querySelectorAll('#panel-sources .citation-description').length,
        sources: document.querySelectorAll('#panel-sources li').length
      };
    """)
    panel = driver.execute_script("return window.syunikData.panel")
    assert found["n"] == len(panel["corrections"]) >= 10 and found["dated"]
    assert "Border status" in found["first"] and "Was:" in found["first"]
    assert "Now:" in found["first"] and "closed to crossings" in found["first"]
    assert "cannot resolve the floor of the gorge" in found["terrain"]
    assert "No elevation profile" in found["terrain"]
    # a work's own title is cited; an untitled work is described in the reader's words
    untitled = [x for x in panel["sources"] if str(x.get("title", "")).startswith("[")]
    assert found["sources"] == len(panel["sources"]) and len(untitled) == found["described"] > 0
    assert found["cites"] == found["sources"] - found["described"]


def test_closed_borders_are_dashed_and_open_ones_solid_on_the_map_and_in_the_legend(driver, page):
    open_map(driver, page)
    now = state(driver)
    dash = {name.split(" — ")[0]: value for name, value in now["dash"].items()}
    assert dash["Armenia–Turkey border (closed since 1993)"] == "7 5"
    assert dash["Armenia–Azerbaijan border (mainland)"] == "7 5"
    assert dash["Armenia–Nakhichevan border"] == "7 5"
    assert dash["Armenia–Iran border (along the Aras)"] is None
    assert dash["Nakhichevan–Iran border (along the Aras)"] is None
    legend = driver.execute_script("""
      var items = document.querySelectorAll('#legend .legend-item');
      return Array.prototype.map.call(items, function (li) {
        var s = li.querySelector('.legend-swatch line');
        return [li.textContent, s ? s.getAttribute('stroke-dasharray') : 'none'];
      });
    """)
    by_label = dict(legend)
    assert by_label["Closed, no open crossing"] == "7 5"
    assert by_label["Open border"] is None


def test_the_history_layer_is_hidden_at_first_listed_and_drawn_in_its_pane(driver, page):
    open_map(driver, page)
    before = state(driver)
    assert "history" not in before["on"]
    toggle = driver.execute_script("""
      var inputs = document.querySelectorAll('.leaflet-control-layers-overlays input');
      return Array.prototype.filter.call(inputs, function (i) {
        return /History/.test(i.closest('label').textContent);
      }).length;
    """)
    assert toggle == 1
    driver.execute_script("window.syunikMap.addLayer(window.syunikLayers.history)")
    panes = driver.execute_script("""
      var out = [];
      window.syunikLayers.history.eachLayer(function (l) {
        var el = l._path;
        out.push(el ? el.closest('.leaflet-pane').getAttribute('data-draw-pane') : null);
      });
      return out;
    """)
    assert panes and set(panes) == {"history"}
    legend = driver.execute_script("return document.getElementById('legend').textContent")
    assert "Soviet railway, disused since the early 1990s" in legend


def test_in_persian_the_left_arrow_steps_forward(driver, page):
    from selenium.webdriver.common.keys import Keys

    open_map(driver, page, "#lang=fa&story=3")
    assert driver.execute_script("return document.documentElement.dir") == "rtl"
    driver.execute_script("document.querySelector('#story-card .story-next').focus()")
    driver.switch_to.active_element.send_keys(Keys.ARROW_LEFT)
    wait_for(driver, "return /story=4/.test(location.hash)")
    driver.switch_to.active_element.send_keys(Keys.ARROW_RIGHT)
    wait_for(driver, "return /story=3/.test(location.hash)")
    assert "lang=fa" in driver.execute_script("return location.hash")


def test_a_chapter_leaves_the_readers_own_layer_as_the_reader_set_it(driver, tmp_path):
    """A chapter switches our layers only: a file given with --add stays drawn on top."""
    import json

    mine = tmp_path / "mine.geojson"
    feature = {"type": "Feature", "properties": {"name": "My point"}}
    feature["geometry"] = {"type": "Point", "coordinates": [46.25, 38.95]}
    mine.write_text(json.dumps({"type": "FeatureCollection", "features": [feature]}))
    output = tmp_path / "with_mine.html"
    build_map_file(output, LAYERS_DIR, "--add", str(mine))
    open_map(driver, output, "#story=3")
    assert state(driver)["open"]
    on_top = """
    var m = window.syunikMap, mine = window.syunikLayers.user_1;
    if (!m.hasLayer(mine)) { return 'off'; }
    var hit = null;
    mine.eachLayer(function (l) {
      var p = m.latLngToContainerPoint(l.getLatLng()), r = m.getContainer().getBoundingClientRect();
      var el = document.elementFromPoint(r.left + p.x, r.top + p.y);
      var own = l.getElement ? l.getElement() : l._path;
      hit = !!el && !!own && (el === own || own.contains(el));
    });
    return hit;
    """
    assert driver.execute_script(on_top) is True  # on, and what a click there finds
    driver.execute_script("window.syunikMap.removeLayer(window.syunikLayers.user_1)")
    driver.execute_script("document.querySelector('#story-card .story-next').click()")
    wait_for(driver, "return location.hash.indexOf('story=4') >= 0")
    assert driver.execute_script(on_top) == "off"  # the reader's choice, kept


def test_in_a_chapter_the_legend_keys_the_lines_as_they_stood_then(driver, page):
    """Chapter 4 (February 2021): the legend gives the statuses drawn then, not those of now."""
    legend = """
    var g = document.querySelector('#legend'), then = g.querySelectorAll('.legend-then');
    var out = {then: [], captions: []};
    then.forEach(function (t) {
      out.captions.push(t.querySelector('.legend-then-caption').textContent);
      t.querySelectorAll('.legend-label').forEach(function (l) { out.then.push(l.textContent); });
    });
    out.nowShown = Array.prototype.filter.call(g.querySelectorAll('.legend-label'), function (l) {
      return !l.closest('.legend-then') && l.offsetParent !== null;
    }).map(function (l) { return l.textContent; });
    return out;
    """
    open_map(driver, page, "#story=4")
    seen = driver.execute_script(legend)
    assert seen["captions"] and all("As they stood on" in c for c in seen["captions"]), seen
    assert "2021" in seen["captions"][0]
    # Of the connections in February 2021 only Horadiz-Aghband had begun (14 February).
    assert "Under construction" in seen["then"], seen
    assert not any("under construction (schematic)" in w for w in seen["nowShown"]), seen
    driver.execute_script("document.querySelector('#story-card .story-leave').click()")
    wait_for(driver, "return !document.querySelector('#legend .legend-then')")
    back = driver.execute_script(legend)
    assert any("under construction (schematic)" in w for w in back["nowShown"]), back
