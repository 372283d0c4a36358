"""Concurrent runs never fail each other: each removes only its own temporaries."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
from helpers import LAYERS_DIR, ROOT, skip_or_fail
from test_regenerate import ARCHIVES, CACHE, layers_command

pytestmark = pytest.mark.slow


def _pair(commands: list[list[str]], timeout_s: float) -> list[subprocess.CompletedProcess[str]]:
    procs = [
        subprocess.Popen(c, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        for c in commands
    ]
    results = []
    for command, proc in zip(commands, procs, strict=True):
        out, err = proc.communicate(timeout=timeout_s)
        results.append(subprocess.CompletedProcess(command, proc.returncode, out, err))
    return results


def test_40_pairs_of_concurrent_map_builds_all_succeed_and_the_output_is_whole(tmp_path):
    output = tmp_path / "map.html"
    cache = tmp_path / "display-cache"
    command = [
        sys.executable,
        str(ROOT / "build_map.py"),
        "map",
        "--output",
        str(output),
        "--display-cache",
        str(cache),
    ]
    reference = tmp_path / "reference.html"
    subprocess.run(
        [*command[:4], str(reference), "--no-display-cache"],
        cwd=ROOT,
        check=True,
        capture_output=True,
        timeout=300,
    )
    expected = reference.read_bytes()
    failures = []
    for index in range(40):
        if index % 10 == 0:
            shutil.rmtree(cache, ignore_errors=True)  # both compute and write the entry too
        for result in _pair([command, command], 300):
            if result.returncode != 0:
                failures.append((index, result.returncode, result.stderr.strip()))
        assert output.read_bytes() == expected, f"pair {index}: the output is not whole"
    assert failures == []
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "display-cache",
        "map.html",
        "reference.html",
    ]


def test_8_pairs_of_concurrent_layers_runs_all_succeed(tmp_path):
    if not all((CACHE / name).is_file() for name in ARCHIVES) and shutil.which("npm") is None:
        skip_or_fail("the source cache is cold and npm is missing (apt-get install npm)")
    target = tmp_path / "layers"
    failures = []
    for index in range(8):
        for result in _pair([layers_command(target), layers_command(target)], 1800):
            if result.returncode != 0:
                failures.append((index, result.returncode, result.stderr.strip()[-300:]))
        for path in sorted(LAYERS_DIR.iterdir()):
            assert (target / path.name).read_bytes() == path.read_bytes(), (index, path.name)
    assert failures == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers"]
