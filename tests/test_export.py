"""Exports: the GeoPackage for QGIS and the report figure, byte-identical from the same layers."""

from __future__ import annotations

import pytest
from helpers import LAYERS_DIR, run_cli, run_main
from shapely.testing import assert_geometries_equal

import geo
from geo.face import export
from geo.layerfiles.geojson import LAYERS
from geo.page import texts


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """Export every format once, in this process (what the content tests read)."""
    folder = tmp_path_factory.mktemp("export")
    return {fmt: [export.export(fmt, folder / f"map.{fmt}", LAYERS_DIR)] for fmt in export.FORMATS}


@pytest.fixture(scope="module")
def exported_twice(tmp_path_factory):
    """Export every format twice, each time in a fresh process, as a user would."""
    folder = tmp_path_factory.mktemp("export-twice")
    out = {}
    for fmt in export.FORMATS:
        paths = []
        for run in (1, 2):
            path = folder / f"{run}.{fmt}"
            result = run_cli(
                "export", "--format", fmt, "--output", str(path), "--layers", str(LAYERS_DIR)
            )
            assert result.returncode == 0, result.stderr
            paths.append(path)
        out[fmt] = paths
    return out


@pytest.mark.slow
@pytest.mark.parametrize("fmt", export.FORMATS)
def test_exports_are_byte_identical_from_the_same_layers(exported_twice, fmt):
    first, second = exported_twice[fmt]
    assert first.stat().st_size > 10_000
    assert first.read_bytes() == second.read_bytes()


def test_geopackage_holds_every_layer_with_the_same_feature_counts(exported, layers):
    import pyogrio

    path = exported["gpkg"][0]
    listed = {str(name): str(kind) for name, kind in pyogrio.list_layers(path)}
    split = ("corridor", "history")  # layers of two geometry families
    want = {spec.name: len(layers[spec.name]) for spec in LAYERS if spec.name not in split}
    want |= {"corridor_centreline": 1, "corridor_band": 1}
    kinds = [f.geometry.geom_type for f in layers["history"]]
    want |= {"history_lines": kinds.count("LineString"), "history_points": kinds.count("Point")}
    assert set(listed) == set(want)
    for name, count in want.items():
        frame = pyogrio.read_dataframe(path, layer=name)
        assert len(frame) == count, name
        assert frame.crs.to_epsg() == 4326
        assert len(set(frame.geometry.geom_type)) == 1, name  # one geometry type per layer
    assert "LineString" in listed["corridor_centreline"]
    assert "Polygon" in listed["corridor_band"]
    band = pyogrio.read_dataframe(path, layer="corridor_band")
    assert band.loc[0, "id"] == "corridor_band"
    assert band.loc[0, "area_km2"] == pytest.approx(layers["corridor"][1].properties["area_km2"])


def test_geopackage_timestamps_are_the_as_of_date(exported, page_model):
    import sqlite3

    with sqlite3.connect(exported["gpkg"][0]) as db:
        stamps = {row[0] for row in db.execute("SELECT last_change FROM gpkg_contents")}
    assert len(stamps) == 1
    assert stamps.pop().startswith(export._as_of(page_model))


@pytest.fixture(scope="module")
def page_model(layers):
    """Build the page's model of the committed layers (its "as of" date) once."""
    from geo.page import model

    return model.page_data(layers)


def test_png_is_at_least_1600_px_wide(exported):
    from PIL import Image

    with Image.open(exported["png"][0]) as image:
        width, height = image.size
    assert width >= 1600
    assert (width, height) == (
        round(export.FIGSIZE_IN[0] * export.DPI),
        round(export.FIGSIZE_IN[1] * export.DPI),
    )


def test_pdf_creation_date_is_pinned(exported, page_model):
    data = exported["pdf"][0].read_bytes()
    as_of = export._as_of(page_model).replace("-", "")
    assert f"/CreationDate (D:{as_of}".encode() in data


@pytest.fixture(scope="module")
def fig():
    return geo.figure(LAYERS_DIR)


def test_figure_is_a_matplotlib_figure_in_utm_with_its_parts(fig):
    from matplotlib.figure import Figure

    assert isinstance(fig, Figure)
    width_px = fig.get_size_inches()[0] * fig.dpi
    assert width_px >= 1600
    ax = fig.axes[0]
    x0, x1 = ax.get_xlim()
    # UTM 38N eastings near 46.2°E are about 600 km; the view spans tens of km.
    assert 500_000 < x0 < x1 < 700_000
    assert 20_000 < x1 - x0 < 200_000
    texts = [t.get_text() for t in fig.texts] + [t.get_text() for t in ax.texts]
    assert any(t.startswith("As of ") and "UTM zone 38N" in t for t in texts)
    assert any(t.startswith("Cite as: ") and "ODbL" in t and "Credits: " in t for t in texts)
    assert "N" in texts  # the north arrow
    assert any(t.endswith(" km") for t in texts)  # the scale bar
    legend = ax.get_legend()
    labels = [t.get_text() for t in legend.get_texts()]
    assert len(labels) >= len(LAYERS)


def test_scale_bar_is_true_in_utm(fig):
    from matplotlib.patches import Rectangle

    ax = fig.axes[0]
    bars = [p for p in ax.patches if isinstance(p, Rectangle) and p.get_zorder() == 50]
    total_m = sum(p.get_width() for p in bars)
    label = next(t.get_text() for t in ax.texts if t.get_text().endswith(" km"))
    assert total_m == pytest.approx(float(label.split()[0]) * 1000)


def test_export_errors_are_one_line(tmp_path):
    result = run_main("export", "--format", "png", "--output", str(tmp_path / "no" / "f.png"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 1
    assert result.stderr.startswith("error: ")
    assert "Traceback" not in result.stderr
    result = run_main("export", "--format", "svg", "--output", str(tmp_path / "f.svg"))
    assert result.returncode == 2
    result = run_main(
        "export",
        "--format",
        "gpkg",
        "--output",
        str(tmp_path / "f.gpkg"),
        "--layers",
        str(tmp_path / "missing"),
    )
    assert result.returncode == 1
    assert "missing" in result.stderr
    assert not (tmp_path / "f.gpkg").exists()


def test_the_figure_draws_the_cleaned_display_geometry_and_the_gpkg_the_source(layers):
    from geo.display import geometry as display

    cleaned = display.clean_layers(layers)
    drawn, _ = export._inputs(LAYERS_DIR, cleaned=True)
    stored, _ = export._inputs(LAYERS_DIR)
    assert_geometries_equal(
        drawn["armenia"].geometry.iloc[0], cleaned["armenia"][0], normalize=True
    )
    assert_geometries_equal(
        stored["armenia"].geometry.iloc[0], layers["armenia"][0].geometry, normalize=True
    )
    assert not drawn["armenia"].geometry.iloc[0].equals(layers["armenia"][0].geometry)


def test_the_figure_cleans_the_layers_once_and_the_gpkg_not_at_all(monkeypatch):
    from geo.display import geometry as display

    cleanings = []
    clean = display.clean_layers_utm

    def counted(layers):
        cleanings.append(1)
        return clean(layers)

    def no_simplification(*_args, **_kwargs):
        raise AssertionError("an export simplified the display geometry")

    monkeypatch.setattr(display, "clean_layers_utm", counted)
    monkeypatch.setattr(display, "simplify_utm", no_simplification)
    _, data = export._inputs(LAYERS_DIR)  # the GeoPackage's inputs
    assert cleanings == []
    assert export._as_of(data) and export._cite(data)
    _, data = export._inputs(LAYERS_DIR, cleaned=True)  # the figure's
    assert cleanings == [1]
    assert data["display_max_error_m"] == 0
    assert "simplified within" not in texts.english(data["credits"])
