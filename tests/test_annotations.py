"""The panel text and the curated places: every statement and coordinate has a source."""

from __future__ import annotations

import tomllib

import pytest
from helpers import ROOT

from geo.errors import SourceError
from geo.page import panel as annotations
from geo.sources import packages as sources

ANNOTATIONS = ROOT / "geo" / "data" / "annotations.toml"

#: The panel must stay readable in about two minutes (issue: at most about 650 words).
MAX_PANEL_WORDS = 650


@pytest.fixture(scope="module")
def notes():
    return annotations.load()


@pytest.fixture(scope="module")
def raw():
    return tomllib.loads(ANNOTATIONS.read_text(encoding="utf-8"))


def test_every_entry_is_dated_sourced_and_in_order(notes, raw):
    for entry in raw["section"] + raw["timeline"]:
        assert entry["sources"], entry
    keys = [annotations.date_key(t["date"]) for t in notes["timeline"]]
    assert keys == sorted(keys)
    as_of = annotations.date_key(notes["as_of"])
    assert all(k <= as_of for k in keys)


def test_as_of_is_the_newest_source(notes, raw):
    newest = max(raw["source"], key=lambda s: annotations.date_key(s["date"]))
    assert notes["as_of"] == newest["date"]


def test_each_source_is_listed_once_and_cited(notes, raw):
    ids = [s["id"] for s in raw["source"]]
    assert len(ids) == len(set(ids))
    assert len(notes["sources"]) == len(ids)
    citations = [s["citation"] for s in notes["sources"]]
    assert len(citations) == len(set(citations))


def test_the_panel_reads_in_about_two_minutes(notes):
    assert annotations.panel_words(notes) <= MAX_PANEL_WORDS


def test_dates_are_written_for_readers(notes):
    assert annotations.reader_date("2025-08-08") == "8 August 2025"
    assert annotations.reader_date("2023-09") == "September 2023"
    assert annotations.reader_date("1993") == "1993"
    for item in notes["timeline"]:
        assert not any(ch == "-" for ch in item["date_text"]), item
    texts = [s["body"] for s in notes["sections"]] + [t["text"] for t in notes["timeline"]]
    for text in texts:
        assert not __import__("re").search(r"\b\d{4}-\d{2}-\d{2}\b", text), text


def test_the_facts_of_2025_and_2026_are_in(notes):
    text = " ".join([s["body"] for s in notes["sections"]] + [t["text"] for t in notes["timeline"]])
    for fact in ("TRIPP", "initialled", "13 January 2026", "CSTO", "AECOM", "Vance", "Nakhchivan"):
        assert fact in text, fact
    assert "TRIPP" in notes["names"]["text"] and "Zangezur" in notes["names"]["text"]
    assert "illustrative" in notes["multimodal"]["text"]
    dates = [t["date"] for t in notes["timeline"]]
    for year in ("1993", "2020", "2023-09", "2025-03", "2025-08-08", "2026-01-13", "2026-03-05"):
        assert any(d.startswith(year) for d in dates), year


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["section"][0].pop("sources"), r"\[\[section\]\] #1 lacks sources"),
        (lambda d: d["timeline"][0].update(sources=["nobody"]), r"unknown source 'nobody'"),
        (lambda d: d["timeline"][0].update(date="2025-13"), r"has no month 13"),
        (lambda d: d["timeline"].reverse(), r"out of date order"),
        (lambda d: d.update(as_of="2020-01-01"), r"is after as_of 2020-01-01"),
        (lambda d: d["source"].append({**d["source"][0]}), r"is listed twice"),
        (
            lambda d: d["source"].append(
                {"id": "x", "publisher": "P", "title": "T", "date": "2020"}
            ),
            r"source 'x' is listed but never cited",
        ),
    ],
)
def test_broken_panel_text_is_refused_with_one_line(raw, change, message):
    import copy

    doc = copy.deepcopy(raw)
    change(doc)
    with pytest.raises(SourceError, match=message):
        annotations.parse(doc, "notes.toml")


def test_a_missing_file_is_one_line(tmp_path):
    with pytest.raises(SourceError, match="missing data file"):
        annotations.load(tmp_path / "nope.toml")


def test_how_to_cite_names_version_date_and_odbl(notes):
    line = annotations.how_to_cite(notes, "9.9.9")
    assert "9.9.9" in line and notes["as_of_text"] in line and "ODbL" in line


def test_every_place_has_a_source_and_licence():
    places = sources.places()
    assert len(places) >= 18
    for place in places:
        assert place.source.strip() and place.license.strip(), place.id
