"""Shared fixtures: the committed layers, read once, and helpers in metres."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LAYERS_DIR = ROOT / "layers"
IN_CI = bool(os.environ.get("CI"))

sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def layers():
    """Return the committed layers, validated by the project's own reader."""
    from geo.layerfiles.geojson import read_layer_files

    return read_layer_files(LAYERS_DIR)


@pytest.fixture(scope="session")
def by_id(layers):
    """Every feature of every layer by its ``id`` property."""
    return {f.properties["id"]: f for features in layers.values() for f in features}


def skip_or_fail(reason: str) -> None:
    """Skip on a user's machine; fail in CI, where everything must run."""
    if IN_CI:
        pytest.fail(f"{reason} (CI is set, so this fails instead of skipping)")
    pytest.skip(reason)


def run_cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``build_map.py`` with ``args`` as a user would; never raises on failure."""
    return subprocess.run(
        [sys.executable, str(ROOT / "build_map.py"), *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=300,
        check=False,
    )


def build_map_file(output: Path, layers: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Build the map with the command line; fail the test on an error."""
    result = run_cli("map", "--layers", str(layers), "--output", str(output), *extra)
    assert result.returncode == 0, result.stderr
    return result


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module, network cut off (see tests/browser.py)."""
    from browser import start_browser  # browser.py imports this module: import late

    driver = start_browser()
    yield driver
    driver.quit()
