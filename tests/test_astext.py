"""The map as text (geo/page/astext.py), checked against the measure report.

Its figures are the report's, rounded as the popups' details round them, and the page
carries it as static HTML in its default language.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from helpers import LAYERS_DIR, build_map_file

from geo.measure.report import measurements
from geo.page import astext, i18n, model
from geo.page.names import page_names


class _Items(HTMLParser):
    """Collect the text of each ``<li>`` of the section (a list inside an item left out)."""

    def __init__(self) -> None:
        super().__init__()
        self.items: list[str] = []
        self.headings: list[str] = []
        self._open: list[int] = []
        self._heading = False

    def handle_starttag(self, tag, attrs):
        if tag == "li":
            self.items.append("")
            self._open.append(len(self.items) - 1)
        self._heading = tag in ("h2", "h3")
        if self._heading:
            self.headings.append("")

    def handle_endtag(self, tag):
        if tag == "li":
            self._open.pop()
        if tag in ("h2", "h3"):
            self._heading = False

    def handle_data(self, data):
        if self._heading:
            self.headings[-1] += data
        elif self._open and data.strip():
            # the text before an inner list belongs to the item; the inner items are their own
            index = self._open[-1]
            self.items[index] += data


def section_of(page_text: str) -> str:
    match = re.search(r'<section id="map-as-text".*?</section>', page_text, re.S)
    assert match, "the page has no <section id=map-as-text>"
    return match.group(0)


def parsed(section: str) -> _Items:
    parser = _Items()
    parser.feed(section)
    return parser


@pytest.fixture(scope="module")
def english(layers):
    words = i18n.english_catalogue(layers)
    model_ = astext.account(layers, page_names())
    return model_, parsed(astext.section_html(model_, astext.Words(words, page_names(), "en")))


def km(value: float) -> str:
    return f"{value:,.1f} km" if value >= 100 else f"{value:,.2f} km"


def test_the_figures_are_the_measure_reports_rounded_as_the_popups_details(layers, english):
    figures = measurements(LAYERS_DIR)
    items = english[1].items
    route = [t for t in items if t.startswith("TRIPP")]
    assert len(route) == 1
    assert f"{figures['corridor_length_km']:.2f} km measured" in route[0]
    assert "tripoint" in route[0]  # its ends, near the two tripoints on the Aras
    names = page_names()
    for fid, value in figures["border_km"].items():
        line = next(t for t in items if t.startswith(names[fid]["en"] + ":"))
        assert f": {km(value)};" in line, (fid, line)
    for fid, value in figures["connection_km"].items():
        line = next(t for t in items if t.startswith(names[fid]["en"].split(" (")[0]))
        assert f"; {km(value)} as drawn" in line, (fid, line)
        assert "Under construction" in line or "Planned" in line or "Operating" in line


def test_every_place_is_listed_with_its_coordinates(layers, english):
    items = english[1].items
    for feature in layers["places"]:
        lon, lat = feature.geometry.x, feature.geometry.y
        name = str(feature.properties["name"])
        line = next((t for t in items if t.startswith(name + ":")), None)
        assert line is not None, name
        assert f"{lat:.4f}° N, {lon:.4f}° E" in line, line


def test_each_line_lists_its_cited_stations(english):
    model_ = english[0]
    lines = next(g for g in model_ if g["id"] == "connections")["items"]
    assert all(len(item["s"]) >= 2 for item in lines)
    assert any("Soltanlı: 39.2603° N, 47.0439° E" == t for t in english[1].items)


def test_the_page_carries_the_section_in_its_default_language(tmp_path, layers):
    english_page = tmp_path / "en.html"
    russian_page = tmp_path / "ru.html"
    build_map_file(english_page, LAYERS_DIR)
    build_map_file(russian_page, LAYERS_DIR, "--lang", "ru")
    en = parsed(section_of(english_page.read_text(encoding="utf-8")))
    ru = parsed(section_of(russian_page.read_text(encoding="utf-8")))
    assert en.headings[0] == "Map as text"
    russian = i18n.catalogue("ru", i18n.english_catalogue(layers))
    assert ru.headings[0] == russian["ui.astext.title"] != "Map as text"
    assert len(en.items) == len(ru.items) > 30
    # the same figures, in each language's own marks
    assert "44.35" in en.items[0] and "44,35" in ru.items[0]


def test_the_model_is_in_the_page_data(layers):
    data = model.page_data(layers)
    assert [g["id"] for g in data["map_text"]] == ["route", "connections", "borders", "places"]
    section = astext.page_section(data)
    assert section.startswith('<section id="map-as-text"')
