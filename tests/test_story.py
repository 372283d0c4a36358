"""The story's chapters, the corrections, the staleness rule and the terrain notes (issue 18)."""

from __future__ import annotations

import copy
import tomllib

import pytest
from conftest import ROOT

from geo.errors import SourceError
from geo.layerfiles.geojson import SPECS
from geo.page import panel
from geo.page.story import VIEWS, months_after

ANNOTATIONS = ROOT / "geo" / "data" / "annotations.toml"


@pytest.fixture(scope="module")
def notes():
    return panel.load()


@pytest.fixture(scope="module")
def raw():
    return tomllib.loads(ANNOTATIONS.read_text(encoding="utf-8"))


def test_about_ten_dated_chapters_from_2020_to_the_newest_source(notes):
    chapters = notes["story"]["chapters"]
    assert 8 <= len(chapters) <= 12
    assert [c["n"] for c in chapters] == list(range(1, len(chapters) + 1))
    keys = [panel.date_key(c["date"]) for c in chapters]
    assert keys == sorted(keys)
    assert any(c["date"] == "2020-11-10" for c in chapters)
    last = chapters[-1]
    assert last.get("date_to", last["date"]) == notes["as_of"]
    for chapter in chapters:
        assert 2 <= len(chapter["body"]) <= 3, chapter["id"]
        assert chapter["refs"], chapter["id"]
        assert ("view" in chapter) != ("bounds" in chapter), chapter["id"]
        assert chapter.get("view", VIEWS[0]) in VIEWS
        assert set(chapter["layers"]) <= set(SPECS), chapter["id"]


def test_the_story_shows_the_history_where_it_happened(notes):
    by_id = {c["id"]: c for c in notes["story"]["chapters"]}
    assert "history" in by_id["point9"]["layers"]
    assert "history" in by_id["delimitation"]["layers"]
    (south, west), (north, east) = by_id["delimitation"]["bounds"]
    assert south < 41.08 < north and west < 45.08 < east  # the Gazakh villages


def test_corrections_say_what_was_wrong_and_when_it_was_fixed(notes):
    corrections = notes["corrections"]
    assert corrections[0]["id"] == "borders"
    assert "open" in " ".join(corrections[0]["was"])
    assert len(corrections) >= 10
    for item in corrections:
        assert item["date"] == "2026-12-01" and item["date_text"] == "1 December 2026"
        assert item["was"] and item["now"] and item["refs"], item["id"]


def test_the_page_says_when_its_facts_may_be_stale(notes):
    rule = notes["staleness"]
    assert rule["months"] == 6
    assert rule["after"] == months_after(notes["as_of"], 6)
    assert notes["as_of_text"] in " ".join(rule["text"])


@pytest.mark.parametrize(
    ("start", "months", "after"),
    [
        ("2026-06-26", 6, "2026-12-26"),
        ("2026-08-31", 6, "2027-02-28"),
        ("2025-12-01", 1, "2026-01-01"),
    ],
)
def test_months_after_counts_calendar_months(start, months, after):
    assert months_after(start, months) == after


def test_terrain_notes_are_sourced_and_say_why_no_profile(notes):
    by_id = {t["id"]: t for t in notes["terrain"]}
    assert by_id["river"]["refs"] and "relief" in " ".join(by_id["river"]["text"])
    assert "3,904" in " ".join(by_id["heights"]["text"])
    # The pass's height says whose figure it is, and the page says why the pass is unlabelled.
    passing = " ".join(by_id["pass"]["text"])
    assert "2,535 m" in passing and "Armenpress" in passing and "coordinates" in passing
    profile = by_id["no_profile"]
    assert profile["kind"] == "method" and "profile" in " ".join(profile["text"])


def test_the_corrected_facts_are_in_the_panel(notes, raw):
    text = " ".join(s["body"] for s in notes["sections"])
    timeline = " ".join(t["text"] for t in notes["timeline"])
    for fact in ("42–43 km", "49.8%", "23.3%", "64 of 105", "10 June", "14 June", "FSB"):
        assert fact in text, fact
    assert "published the next day" in text and "14 January" in timeline
    assert "Kazakh wheat" in timeline
    velayati = [t for t in notes["timeline"] if "Velayati" in t["text"]]
    assert [t["date"] for t in velayati] == ["2025-07-27"] and "9 August" in velayati[0]["text"]
    assert "Ordubad" not in next(s["body"] for s in notes["sections"] if s["id"] == "route")
    assert not any("rbtfl" in s.get("url", "") for s in raw["source"])
    assert "Agarak" in next(s["body"] for s in notes["sections"] if s["id"] == "russia")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d["chapter"][0].update(view="everywhere"), r"view must be one of"),
        (lambda d: d["chapter"][2].update(layers=["roads"]), r"names no layer 'roads'"),
        (lambda d: d["chapter"][3].update(date="2019"), r"\[\[chapter\]\] #4 is out of date order"),
        (lambda d: d["chapter"][-1].update(date_to="2027-01"), r"after as_of"),
        (lambda d: d["chapter"][0].update(body="One sentence."), r"lacks body \(a list"),
        (lambda d: d["chapter"][1].update(bounds=[[40, 45], [39, 46]]), r"either view or bounds"),
        (lambda d: d["correction"][0].update(sources=["nobody"]), r"unknown source 'nobody'"),
        (lambda d: d["staleness"].update(months=0), r"months must be a whole number"),
        (lambda d: d["terrain"][0].update(kind="opinion"), r"kind must be fact or method"),
        (lambda d: d.update(chapter=d["chapter"][:3]), r"needs 8 to 12 chapters, not 3"),
    ],
)
def test_broken_story_data_is_refused_with_one_line(raw, change, message):
    doc = copy.deepcopy(raw)
    change(doc)
    with pytest.raises(SourceError, match=message) as caught:
        panel.parse(doc, "notes.toml")
    assert str(caught.value).startswith("notes.toml: ") and "\n" not in str(caught.value)
