"""The panel text and the curated places: every statement and coordinate has a source."""

from __future__ import annotations

import tomllib

import pytest
from conftest import ROOT

from geo import sources
from geo.errors import SourceError

ANNOTATIONS = ROOT / "geo" / "data" / "annotations.toml"


def test_every_panel_entry_has_a_source():
    data = tomllib.loads(ANNOTATIONS.read_text(encoding="utf-8"))
    entries = data["section"] + data["timeline"]
    assert entries
    for entry in entries:
        assert entry.get("source", "").strip(), entry


def test_the_summit_is_sourced_to_responsible_statecraft():
    data = sources.annotations()
    summit = [t for t in data["timeline"] if t["date"] == "2025-08-08"]
    assert summit and "Responsible Statecraft" in summit[0]["source"]
    assert "8 August 2025" in summit[0]["source"]
    agreement = next(s for s in data["section"] if s["id"] == "agreement")
    assert "Responsible Statecraft" in agreement["source"]


def test_the_timeline_has_the_dated_events():
    dates = [t["date"] for t in sources.annotations()["timeline"]]
    for year in ("1993", "2020", "2023-09", "2025-03", "2025-08-08"):
        assert any(d.startswith(year) for d in dates), year


def test_an_entry_without_a_source_is_refused(tmp_path):
    text = ANNOTATIONS.read_text(encoding="utf-8")
    first = text.index("source = ", text.index("[[section]]"))
    broken = text[:first] + "old_source = " + text[first + len("source = ") :]
    path = tmp_path / "notes.toml"
    path.write_text(broken, encoding="utf-8")
    with pytest.raises(SourceError, match=r"notes.toml: \[\[section\]\] #1 lacks source"):
        sources.annotations(path)


def test_every_place_has_a_source_and_licence():
    places = sources.places()
    assert len(places) == 18
    for place in places:
        assert place.source.strip() and place.license.strip(), place.id
