"""Atomic outputs: a failed or interrupted write never leaves a half-written target."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading

import pytest

from geo.errors import OutputError
from geo.io.atomic import (
    _host_tag,
    _signals_held,
    clean_leftovers,
    replace_dir_atomic,
    replaced,
    write_bytes_atomic,
    write_text_atomic,
)


def _dead_pid() -> int:
    """Return the id of a process of this host that has ended."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def _leftover(prefix: str, name: str, pid: int) -> str:
    return f"{prefix}{name}-{_host_tag()}-{pid}-0a1b2c3d"


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
    old = tmp_path / _leftover(".old-", "layers", _dead_pid())
    old.mkdir()
    (old / "a.geojson").write_text("previous")
    clean_leftovers(tmp_path / "layers")
    assert (tmp_path / "layers" / "a.geojson").read_text() == "previous"
    assert not old.exists()


def test_leftover_temporaries_of_ended_runs_are_removed(tmp_path):
    dead = _dead_pid()
    (tmp_path / _leftover(".tmp-", "map.html", dead)).write_text("partial")
    (tmp_path / _leftover(".tmp-", "layers", dead)).mkdir()
    write_text_atomic(tmp_path / "map.html", "complete")
    clean_leftovers(tmp_path / "layers")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["map.html"]


def test_a_running_writers_temporaries_are_kept(tmp_path):
    # Another run (alive: our parent) is still writing; an older naming scheme
    # or another host's temporaries are not provably abandoned either.
    alive = [
        _leftover(".tmp-", "map.html", os.getppid()),
        ".tmp-map.html-abc",
        f".tmp-map.html-0000ffff-{_dead_pid()}-0a1b2c3d",
    ]
    for name in alive:
        (tmp_path / name).write_text("being written")
    write_text_atomic(tmp_path / "map.html", "complete")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted([*alive, "map.html"])


def test_a_name_at_name_max_is_written(tmp_path):
    # The temporary's name is shortened, so a legal 250-character name works.
    target = tmp_path / ("n" * 245 + ".html")
    write_text_atomic(target, "x")
    assert target.read_text() == "x"
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]
    folder = tmp_path / ("d" * 250)
    replace_dir_atomic(folder, lambda tmp: (tmp / "a").write_text("y"))
    assert (folder / "a").read_text() == "y"


def test_replaced_targets_are_recorded_but_caches_are_not(tmp_path):
    before = len(replaced())
    write_text_atomic(tmp_path / "out.html", "x")
    write_bytes_atomic(tmp_path / "entry.json", b"{}", record=False)
    assert replaced()[before:] == (tmp_path / "out.html",)


def test_a_second_folder_swaps_with_a_first_that_appeared_meanwhile(tmp_path):
    target = tmp_path / "layers"

    def fill(tmp):
        # Another run creates the target while this one fills its temporary.
        if not target.exists():
            target.mkdir()
            (target / "theirs").write_text("1")
        (tmp / "mine").write_text("2")

    replace_dir_atomic(target, fill)
    assert sorted(p.name for p in target.iterdir()) == ["mine"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers"]


def test_written_file_is_readable_by_others(tmp_path):
    write_text_atomic(tmp_path / "map.html", "x")
    assert os.stat(tmp_path / "map.html").st_mode & 0o644 == 0o644


def test_an_interrupt_sent_to_the_process_waits_for_the_critical_section_to_end():
    # A signal sent to the process goes to any thread that does not block it (numpy's
    # workers are such threads); Python then runs the handler in the main thread at its next
    # step. Here a second thread sends Ctrl-C to the process from inside the section: the
    # kernel hands the signal to that sender, so a mask in the main thread cannot hold it.
    steps: list[str] = []
    with pytest.raises(KeyboardInterrupt):
        with _signals_held():
            sender = threading.Thread(target=os.kill, args=(os.getpid(), signal.SIGINT))
            sender.start()
            sender.join()
            steps.extend(["sent", "section ended"])
        steps.append("after the section")
    assert steps == ["sent", "section ended"]
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler


def test_an_ignored_interrupt_stays_ignored_through_a_critical_section():
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with _signals_held():
            os.kill(os.getpid(), signal.SIGINT)
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, previous)
