"""Atomic outputs: a failed or interrupted write never leaves a half-written target."""

from __future__ import annotations

import os

import pytest

from geo.errors import OutputError
from geo.io.atomic import clean_leftovers, replace_dir_atomic, write_text_atomic


def test_failed_fill_leaves_the_folder_and_no_temporary(tmp_path):
    target = tmp_path / "layers"
    target.mkdir()
    (target / "a.geojson").write_text("old")

    def fill(tmp):
        (tmp / "a.geojson").write_text("half")
        raise OutputError("disk full")

    with pytest.raises(OutputError):
        replace_dir_atomic(target, fill)
    assert (target / "a.geojson").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers"]


def test_replace_swaps_the_whole_folder(tmp_path):
    target = tmp_path / "layers"
    target.mkdir()
    (target / "stale.geojson").write_text("old")
    replace_dir_atomic(target, lambda tmp: (tmp / "a.geojson").write_text("new"))
    assert sorted(p.name for p in target.iterdir()) == ["a.geojson"]
    assert oct(target.stat().st_mode & 0o777) == "0o755"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers"]


def test_a_crash_between_the_two_renames_is_undone(tmp_path):
    # The fallback swap renames the old folder away, then the new one in; a
    # kill in between leaves only ".old-layers-…": the next run puts it back.
    old = tmp_path / ".old-layers-1234"
    old.mkdir()
    (old / "a.geojson").write_text("previous")
    clean_leftovers(tmp_path / "layers")
    assert (tmp_path / "layers" / "a.geojson").read_text() == "previous"
    assert not old.exists()


def test_leftover_temporaries_are_removed(tmp_path):
    (tmp_path / ".tmp-map.html-abc").write_text("partial")
    (tmp_path / ".tmp-layers-xyz").mkdir()
    write_text_atomic(tmp_path / "map.html", "complete")
    clean_leftovers(tmp_path / "layers")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_written_file_is_readable_by_others(tmp_path):
    write_text_atomic(tmp_path / "map.html", "x")
    assert os.stat(tmp_path / "map.html").st_mode & 0o644 == 0o644
