"""The relief step on made-up grids whose right answer is known, and the PNG codec."""

from __future__ import annotations

import hashlib
import io
import math
import struct
import zlib

import numpy as np
import pytest

from geo.crs import GEOD
from geo.io import png
from geo.sources.globe import Grid
from geo.steps import terrain

PARAMS = terrain.ReliefParams()
FLAT = math.sin(math.radians(45.0))


def light(azimuth_deg: float = 315.0, altitude_deg: float = 45.0) -> np.ndarray:
    """Return the unit vector towards the light (east, north, up)."""
    az, alt = math.radians(azimuth_deg), math.radians(altitude_deg)
    return np.array([math.sin(az) * math.cos(alt), math.cos(az) * math.cos(alt), math.sin(alt)])


# ---------------------------------------------------------------- hillshade


def test_a_plane_rising_east_is_evenly_lit_from_the_west_side():
    # 70 m more per column; each row's cells are 700 m east-west, 925 m north-south.
    shade = terrain.hillshade(70.0 * np.arange(15)[None, :] * np.ones((12, 1)), 700.0, 925.0)
    normal = np.array([-0.1, 0.0, 1.0]) / math.hypot(0.1, 1.0)
    want = float(normal @ light())
    assert shade[1:-1, 1:-1] == pytest.approx(np.full((10, 13), want), abs=1e-12)
    assert want > FLAT  # it faces west, towards the light from the north-west


def test_each_row_uses_its_own_east_west_cell_size():
    # The same 70 m per column on every row, but a degree grid's cells narrow
    # northward: the top row (700 m cells) is less steep than the bottom (600 m).
    dx_m = np.linspace(700.0, 600.0, 12)
    shade = terrain.hillshade(70.0 * np.arange(15)[None, :] * np.ones((12, 1)), dx_m, 925.0)
    for k in range(1, 11):
        slope = 70.0 / dx_m[k]
        normal = np.array([-slope, 0.0, 1.0]) / math.hypot(slope, 1.0)
        assert shade[k, 1:-1] == pytest.approx(np.full(13, float(normal @ light())), abs=1e-12)


def test_a_plane_rising_north_uses_the_north_south_cell_size():
    dy_m = 925.0
    y_m = (np.arange(10)[::-1] * dy_m)[:, None] * np.ones((1, 8))
    shade = terrain.hillshade(0.2 * y_m, 700.0, dy_m)
    normal = np.array([0.0, -0.2, 1.0]) / math.hypot(0.2, 1.0)
    assert shade[1:-1, 1:-1] == pytest.approx(np.full((8, 6), float(normal @ light())), abs=1e-12)
    assert float(normal @ light()) < FLAT  # it faces south, away from the light


def test_a_cone_is_lit_on_its_north_west_side():
    size = 41
    row, col = np.mgrid[0:size, 0:size]
    centre = size // 2
    cone = 2000.0 - 40.0 * np.hypot(row - centre, col - centre)
    shade = terrain.hillshade(cone, 500.0, 500.0)
    bright = np.unravel_index(np.argmax(shade), shade.shape)
    dark = np.unravel_index(np.argmin(shade), shade.shape)
    assert bright[0] < centre and bright[1] < centre  # north (up) and west (left)
    assert dark[0] > centre and dark[1] > centre
    # The flank facing the light is brighter than the one facing away, at equal distance.
    assert shade[centre - 10, centre - 10] > FLAT > shade[centre + 10, centre + 10]


def test_flat_ground_is_transparent():
    grid = Grid(west=45.0, north=40.0, cell_deg=1 / 120, rows=20, cols=30)
    data, bounds = terrain.relief_png(np.full((20, 30), 1500, dtype=np.int16), grid, PARAMS)
    rgba = png.decode_rgba(data)
    assert rgba.shape == (20, 30, 4)
    assert not rgba[..., 3].any()
    assert bounds == grid.bounds()


def test_slopes_get_dark_and_light_tones_of_the_palette():
    grid = Grid(west=45.0, north=40.0, cell_deg=1 / 120, rows=30, cols=30)
    row, col = np.mgrid[0:30, 0:30]
    cone = np.maximum(0.0, 3000.0 - 200.0 * np.hypot(row - 15, col - 15))
    indices = terrain.relief_indices(cone, grid, PARAMS)
    palette = terrain.relief_palette(PARAMS)
    assert len(palette) == 1 + PARAMS.shadow_levels + PARAMS.highlight_levels
    assert palette[0][3] == 0
    assert indices[22, 22] in range(1, PARAMS.shadow_levels + 1)  # south-east: shadow
    assert indices[8, 8] > PARAMS.shadow_levels  # north-west: highlight
    assert indices[0, 29] == 0  # flat ground outside the cone


def test_cell_sizes_agree_with_geodesics():
    lat = np.array([38.3, 40.0, 41.5])
    cell = 1 / 120
    dx_m, dy_m = terrain.cell_size_m(lat, cell)
    for k, phi in enumerate(lat):
        _a, _b, east_west_m = GEOD.inv(46.0, phi, 46.0 + cell, phi)
        _a, _b, north_south_m = GEOD.inv(46.0, phi - cell / 2, 46.0, phi + cell / 2)
        assert dx_m[k] == pytest.approx(east_west_m, rel=1e-6)
        assert dy_m[k] == pytest.approx(north_south_m, rel=1e-6)
    assert dx_m[0] > dx_m[2]  # parallels shrink northward


# ---------------------------------------------------------------- Web Mercator


def spherical_mercator(lat_deg: float) -> float:
    return math.log(math.tan(math.pi / 4 + math.radians(lat_deg) / 2))


def test_mercator_resampling_puts_a_row_at_its_latitude():
    grid = Grid(west=44.0, north=42.0, cell_deg=0.05, rows=80, cols=3)  # 42 N to 38 N
    values = np.zeros((80, 3))
    source_row = 30
    values[source_row, :] = 1.0
    out = terrain.resample_rows_to_mercator(values, grid)
    centroid = float((out[:, 1] * (np.arange(80) + 0.5)).sum() / out[:, 1].sum())
    lat = grid.north - (source_row + 0.5) * grid.cell_deg
    north, south = spherical_mercator(grid.north), spherical_mercator(grid.south)
    want = (north - spherical_mercator(lat)) / (north - south) * grid.rows
    assert centroid == pytest.approx(want, abs=0.02)
    assert abs(want - (source_row + 0.5)) > 0.3  # not where a plate carrée image puts it
    assert out.sum() == pytest.approx(3 * 1.0, rel=0.05)


def test_an_overlay_samples_back_at_its_pixel_centres():
    grid = Grid(west=44.0, north=42.0, cell_deg=0.5, rows=8, cols=6)
    rng = np.random.default_rng(1)
    rgba = rng.integers(0, 256, size=(8, 6, 4), dtype=np.uint8)
    rgba[..., 3] = 255
    north, south = spherical_mercator(grid.north), spherical_mercator(grid.south)
    rows = np.arange(8)
    y = north - (rows + 0.5) * (north - south) / 8
    lat = np.degrees(2 * np.arctan(np.exp(y)) - math.pi / 2)
    lon = grid.west + (np.arange(6) + 0.5) * grid.cell_deg
    got = terrain.sample_overlay(rgba, grid.bounds(), lon[None, :], lat[:, None])
    assert got * 255 == pytest.approx(rgba.astype(float), abs=1e-6)
    outside = terrain.sample_overlay(rgba, grid.bounds(), np.array([43.0]), np.array([40.0]))
    assert not outside.any()


# ---------------------------------------------------------------- PNG


@pytest.mark.parametrize(("colours", "width"), [(2, 13), (4, 7), (11, 31), (200, 5)])
def test_png_round_trips(colours, width):
    rng = np.random.default_rng(colours)
    indices = rng.integers(0, colours, size=(9, width), dtype=np.uint8)
    palette = [tuple(int(v) for v in rng.integers(0, 256, 4)) for _ in range(colours)]
    data = png.encode_indexed(indices, palette)  # type: ignore[arg-type]
    got, got_palette = png.decode_indexed(data)
    assert np.array_equal(got, indices)
    assert got_palette == palette
    assert png.encode_indexed(indices, palette) == data  # type: ignore[arg-type]
    depth = data[24]
    assert depth == png.bit_depth(colours)


def test_pillow_reads_the_png_as_written():
    image_module = pytest.importorskip("PIL.Image")
    rng = np.random.default_rng(7)
    indices = rng.integers(0, 10, size=(17, 23), dtype=np.uint8)
    palette = terrain.relief_palette(PARAMS)
    data = png.encode_indexed(indices, palette)
    with image_module.open(io.BytesIO(data)) as image:
        pillow = np.asarray(image.convert("RGBA"))
    assert np.array_equal(pillow, png.decode_rgba(data))


def test_png_has_no_varying_chunks():
    data = png.encode_indexed(np.zeros((3, 3), dtype=np.uint8), [(0, 0, 0, 0), (9, 9, 9, 255)])
    kinds = []
    pos = 8
    while pos < len(data):
        (length,) = struct.unpack(">I", data[pos : pos + 4])
        kinds.append(data[pos + 4 : pos + 8])
        pos += 12 + length
    assert kinds == [b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"]
    assert (
        hashlib.sha256(data).hexdigest()
        == hashlib.sha256(
            png.encode_indexed(np.zeros((3, 3), dtype=np.uint8), [(0, 0, 0, 0), (9, 9, 9, 255)])
        ).hexdigest()
    )


def test_png_reader_refuses_damage():
    data = bytearray(png.encode_indexed(np.ones((4, 4), dtype=np.uint8), [(0, 0, 0, 0)] * 2))
    with pytest.raises(ValueError, match="signature"):
        png.decode_indexed(b"GIF89a" + bytes(data[6:]))
    damaged = bytearray(data)
    damaged[-20] ^= 0xFF  # inside IDAT
    with pytest.raises(ValueError, match="CRC"):
        png.decode_indexed(bytes(damaged))
    # A row with filter type 1 (Sub): not what the writer writes.
    raw = zlib.compress(b"\x01" + b"\x00" * 2, 9)
    ihdr = struct.pack(">IIBBBBB", 4, 1, 4, 3, 0, 0, 0)
    chunk = png._chunk
    sub = (
        png.SIGNATURE
        + chunk(b"IHDR", ihdr)
        + chunk(b"PLTE", b"\x00" * 6)
        + chunk(b"IDAT", raw)
        + chunk(b"IEND", b"")
    )
    with pytest.raises(ValueError, match="filter"):
        png.decode_indexed(sub)


def test_png_writer_refuses_indices_outside_the_palette():
    with pytest.raises(ValueError, match=r"0\.\.1"):
        png.encode_indexed(np.array([[0, 2]], dtype=np.uint8), [(0, 0, 0, 0), (1, 1, 1, 1)])
