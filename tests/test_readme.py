"""Every command line the README shows, run as a reader would run it."""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import LAYERS_DIR, ROOT, page_data_of, run_main

README = ROOT / "README.md"
CACHE = Path(os.environ.get("SYUNIK_CACHE", ROOT / ".cache" / "sources"))

#: A reader's own data for the `--add` line.
MY_POINTS = {
    "type": "FeatureCollection",
    "name": "My points",
    "features": [
        {
            "type": "Feature",
            "properties": {"note": "a point of my own"},
            "geometry": {"type": "Point", "coordinates": [46.25, 38.9]},
        }
    ],
}


def readme_commands() -> list[str]:
    """Return the ``python build_map.py`` lines of the README's shell blocks, comments cut."""
    blocks = re.findall(r"```sh\n(.*?)```", README.read_text(encoding="utf-8"), re.S)
    lines = [line.split("  #")[0].strip() for block in blocks for line in block.splitlines()]
    return [line for line in lines if line.startswith("python build_map.py")]


COMMANDS = readme_commands()


def test_the_readme_shows_every_command():
    words = {shlex.split(c)[2] if len(shlex.split(c)) > 2 else "" for c in COMMANDS}
    assert {"map", "measure", "export", "layers"} <= words
    assert any("--add" in c for c in COMMANDS)


def run_line(line: str, cwd: Path, *, process: bool = True) -> subprocess.CompletedProcess[str]:
    """Run a README line in ``cwd``: as a process, or (``process=False``) in this one."""
    args = shlex.split(line)
    assert args[:2] == ["python", "build_map.py"]
    if not process:
        return run_main(*args[2:], cwd=cwd)
    return subprocess.run(
        [sys.executable, str(ROOT / "build_map.py"), *args[2:]],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


@pytest.fixture
def reader_folder(tmp_path: Path) -> Path:
    """Lay out a folder as a clone is: the committed layers and the reader's own file."""
    shutil.copytree(LAYERS_DIR, tmp_path / "layers")
    (tmp_path / "my_points.geojson").write_text(json.dumps(MY_POINTS), encoding="utf-8")
    return tmp_path


@pytest.fixture(scope="module")
def display_cache(tmp_path_factory) -> Path:
    """Fill a display cache as the README's first line fills it in the reader's folder."""
    cache = tmp_path_factory.mktemp("readme") / "display"
    result = run_main(
        "map", "--output", str(cache.parent / "map.html"), "--display-cache", str(cache)
    )
    assert result.returncode == 0, result.stderr
    return cache


QUICK = [c for c in COMMANDS if " layers" not in c]
SLOW = [c for c in COMMANDS if " layers" in c]


def _figure_line(line: str) -> bool:
    """Tell the figure exports: slow-run only, the quick run draws them in test_export.

    test_export's ``exported`` fixture writes the PNG and the PDF with the same
    ``export.export`` these lines reach, and the README's GeoPackage line runs the
    same ``export`` command quick; a figure costs a second or two to draw.
    """
    return " export " in line and ("--format png" in line or "--format pdf" in line)


@pytest.mark.parametrize(
    "line",
    [pytest.param(c, marks=(pytest.mark.slow,) if _figure_line(c) else ()) for c in QUICK],
)
def test_readme_command(line, reader_folder, request):
    """The first line runs as the reader runs it, a process, in a fresh clone.

    The rest run in this process, in a folder as the first line left it (its
    display cache warm): each line's words go to the same ``geo.cli.main`` from
    the same folder either way, and a process and a cold cache each would only
    add an interpreter's imports and the display's cleaning to every line.
    """
    first = line == QUICK[0]
    if not first:  # the reader has run the first line: its display cache is warm
        shutil.copytree(
            request.getfixturevalue("display_cache"), reader_folder / ".cache" / "display"
        )
    result = run_line(line, reader_folder, process=first)
    assert result.returncode == 0, result.stderr
    out = re.search(r"--output (\S+)", line)
    written = reader_folder / (out.group(1) if out else "build/syunik_route.html")
    if " measure" in line:
        assert "corridor" in result.stdout
        if "--json" in line:
            assert json.loads(result.stdout)["connection_km"]
    else:
        assert written.is_file() and written.stat().st_size > 0
    if "--add" in line:
        data = page_data_of(written.read_text(encoding="utf-8"))
        assert "My points" in json.dumps(data, ensure_ascii=False)


@pytest.mark.slow
@pytest.mark.parametrize("line", SLOW)
def test_readme_layers_command_regenerates_the_committed_layers(line, reader_folder):
    if not CACHE.is_dir() and shutil.which("npm") is None:
        pytest.skip("no source cache and no npm to fill it")
    (reader_folder / ".cache").mkdir()
    if CACHE.is_dir():
        (reader_folder / ".cache" / "sources").symlink_to(CACHE)
    result = run_line(line, reader_folder)
    assert result.returncode == 0, result.stderr
    for committed in sorted(LAYERS_DIR.iterdir()):
        assert (reader_folder / "layers" / committed.name).read_bytes() == committed.read_bytes()
