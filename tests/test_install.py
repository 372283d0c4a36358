"""An install that works anywhere: the wheel, installed into a fresh venv, runs from another folder.

The wheel is built from a copy of the source (so the checkout gains no
``build/`` leftovers) and installed not editable; the commands then run from
an empty temporary folder, where no ``layers`` folder and no checkout is on
the path. Slow: the fresh venv installs the dependencies (from pip's cache
when it is warm).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from helpers import ROOT, run_cli

from geo.layerfiles.geojson import LAYERS

pytestmark = pytest.mark.slow

#: What of the checkout is not source (nor in a wheel).
NOT_SOURCE = shutil.ignore_patterns(
    ".git",
    ".venv",
    "build",
    "dist",
    ".cache",
    "__pycache__",
    "*.egg-info",
    ".pytest_cache",
    ".ruff_cache",
    ".mypy_cache",
    ".hypothesis",
    "node_modules",
    "benchmarks",
)


def run(*args: str | Path, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert result.returncode == 0, f"{args}: {result.stderr[-2000:]}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """Build the wheel, install it into a fresh venv; return the venv's bin folder."""
    base = tmp_path_factory.mktemp("install")
    source = base / "source"
    shutil.copytree(ROOT, source, ignore=NOT_SOURCE)
    wheels = base / "wheels"
    run(sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", wheels, source, cwd=base)
    (wheel,) = wheels.glob("syunik_map-*.whl")
    run(sys.executable, "-m", "venv", base / "venv", cwd=base)
    bin_dir = base / "venv" / "bin"
    run(bin_dir / "python", "-m", "pip", "install", "-q", wheel, cwd=base)
    return bin_dir


@pytest.fixture
def elsewhere(tmp_path):
    """Return an empty folder and an environment without the checkout on any path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return tmp_path, env


def test_the_installed_package_is_the_wheels_not_the_checkout(installed, elsewhere):
    folder, env = elsewhere
    code = (
        "import geo, geo.layerfiles.shipped as s; "
        "print(geo.__file__); print(s.shipped_layers_dir())"
    )
    where, layers = run(installed / "python", "-c", code, cwd=folder, env=env).split()
    assert Path(where).is_relative_to(installed.parent)
    assert Path(layers).is_relative_to(installed.parent)
    # Every committed layer file, the relief's PNG and JSON among them.
    shipped = sorted(p.name for p in Path(layers).iterdir() if p.is_file())
    assert shipped == sorted(p.name for p in (ROOT / "layers").iterdir())
    assert {"terrain.png", "terrain.json"} <= set(shipped)
    for name in shipped:  # the wheel and the checkout read the same files
        assert (Path(layers) / name).read_bytes() == (ROOT / "layers" / name).read_bytes()


def test_syunik_map_writes_the_same_page_as_the_checkout(installed, elsewhere, tmp_path_factory):
    folder, env = elsewhere
    out = run(installed / "syunik-map", cwd=folder, env=env)
    page = folder / "build" / "syunik_route.html"  # the default output, under the current folder
    assert str(page.relative_to(folder)) in out
    reference = tmp_path_factory.mktemp("checkout") / "page.html"
    result = run_cli("map", "--output", str(reference), "--no-display-cache")
    assert result.returncode == 0, result.stderr
    assert page.read_bytes() == reference.read_bytes()


def test_syunik_map_measure_reports_as_the_checkout(installed, elsewhere):
    folder, env = elsewhere
    figures = json.loads(run(installed / "syunik-map", "measure", "--json", cwd=folder, env=env))
    reference = run_cli("measure", "--json")
    assert reference.returncode == 0, reference.stderr
    assert figures == json.loads(reference.stdout)
    assert figures["corridor_length_km"] > 40


def test_read_layers_works_and_the_version_is_the_projects(installed, elsewhere):
    folder, env = elsewhere
    code = (
        "import geo; layers = geo.read_layers(); "
        "print(geo.__version__, len(layers), len(layers['places']))"
    )
    version, count, places = run(installed / "python", "-c", code, cwd=folder, env=env).split()
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert version == project["version"]
    assert int(count) == len(LAYERS)
    assert int(places) > 0
