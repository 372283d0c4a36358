"""The terrain layer's files: ``terrain.png`` (the relief) and ``terrain.json`` (about it).

``terrain.png`` is a palette PNG whose rows are even in Web Mercator y
(EPSG:3857) between the bounds' latitudes and whose columns are even in
longitude: drawn as a Leaflet image overlay on ``bounds`` it lies true.
``terrain.json`` holds the bounds (``[[south, west], [north, east]]``, degrees,
WGS84), the image's size, its source, licence, resolution and method, the
SHA-256 of the elevation grid it was computed from and of the PNG itself. The
two files are optional in a layers folder, but only together.
"""

from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from geo.errors import LayerError
from geo.io import png
from geo.io.datafiles import load_json
from geo.io.files import LAYER_FILE_LIMIT, read_bytes

PNG_NAME = "terrain.png"
META_NAME = "terrain.json"

_TEXT_KEYS = ("source", "license", "resolution", "method", "grid_sha256", "png_sha256")


@dataclass(frozen=True)
class Terrain:
    """The relief image and what it is.

    Attributes
    ----------
    png
        The PNG file's bytes.
    bounds
        ``[[south, west], [north, east]]`` of the image, degrees (WGS84).
    size_px
        (width, height) of the image, pixels.
    source, license, resolution, method
        Where the elevation comes from, under what terms, at what cell size,
        and how the image was made.
    grid_sha256
        SHA-256 (hex) of the elevation grid file the image was computed from.
    """

    png: bytes
    bounds: list[list[float]]
    size_px: tuple[int, int]
    source: str
    license: str
    resolution: str
    method: str
    grid_sha256: str

    @property
    def png_sha256(self) -> str:
        """SHA-256 (hex) of the PNG file."""
        return hashlib.sha256(self.png).hexdigest()


def dumps_meta(terrain: Terrain) -> str:
    """Return ``terrain.json``'s text: one key a line, in a fixed order, UTF-8."""
    meta: dict[str, Any] = {
        "file": PNG_NAME,
        "bounds": [[round(v, 6) for v in corner] for corner in terrain.bounds],
        "bounds_crs": "EPSG:4326 degrees; image rows even in EPSG:3857 (Web Mercator) y",
        "size_px": list(terrain.size_px),
        "source": terrain.source,
        "license": terrain.license,
        "resolution": terrain.resolution,
        "method": terrain.method,
        "grid_sha256": terrain.grid_sha256,
        "png_sha256": terrain.png_sha256,
    }
    return json.dumps(meta, ensure_ascii=False, indent=1) + "\n"


def files(terrain: Terrain) -> dict[str, bytes]:
    """Return the layer's two files by name, as ``layers`` writes them."""
    return {PNG_NAME: terrain.png, META_NAME: dumps_meta(terrain).encode("utf-8")}


def _bounds(value: Any, where: Path) -> list[list[float]]:
    try:
        (south, west), (north, east) = value
        numbers = [float(v) for v in (south, west, north, east)]
    except (TypeError, ValueError):
        raise LayerError(f"{where}: bounds must be [[south, west], [north, east]]") from None
    south, west, north, east = numbers
    if not all(math.isfinite(v) for v in numbers) or not (
        -90 <= south < north <= 90 and -180 <= west < east <= 180
    ):
        raise LayerError(f"{where}: bounds are not degrees with south < north and west < east")
    return [[south, west], [north, east]]


def read_terrain(folder: Path) -> Terrain | None:
    """Read the terrain layer of a layers folder, or None if it has none.

    Raises
    ------
    LayerError
        If one file is there without the other, ``terrain.json`` lacks a key
        or is not JSON, or the PNG is not the one it describes.
    """
    folder = Path(folder)
    image_path, meta_path = folder / PNG_NAME, folder / META_NAME
    if not image_path.exists() and not meta_path.exists():
        return None
    for path, other in ((image_path, meta_path), (meta_path, image_path)):
        if not path.is_file():
            raise LayerError(f"{path}: missing, though {other.name} is there")
    meta = load_json(meta_path, LayerError)
    if not isinstance(meta, dict):
        raise LayerError(f"{meta_path}: must be a JSON object")
    missing = [k for k in ("bounds", "size_px", *_TEXT_KEYS) if not meta.get(k)]
    if missing:
        raise LayerError(f"{meta_path}: lacks {', '.join(missing)}")
    if not all(isinstance(meta[k], str) for k in _TEXT_KEYS):
        raise LayerError(f"{meta_path}: {', '.join(_TEXT_KEYS)} must be text")
    data = read_bytes(image_path, limit_bytes=LAYER_FILE_LIMIT, what="PNG file", error=LayerError)
    if hashlib.sha256(data).hexdigest() != meta["png_sha256"]:
        raise LayerError(
            f"{image_path}: its SHA-256 differs from {META_NAME}'s png_sha256 "
            "(regenerate both with: python build_map.py layers)"
        )
    try:
        indices, _palette = png.decode_indexed(data)
    except ValueError as exc:
        raise LayerError(f"{image_path}: {exc}") from None
    size = (int(indices.shape[1]), int(indices.shape[0]))
    if list(size) != meta["size_px"]:
        raise LayerError(
            f"{image_path}: is {size[0]} × {size[1]} px, {META_NAME} says {meta['size_px']}"
        )
    return Terrain(
        png=data,
        bounds=_bounds(meta["bounds"], meta_path),
        size_px=size,
        source=meta["source"],
        license=meta["license"],
        resolution=meta["resolution"],
        method=meta["method"],
        grid_sha256=meta["grid_sha256"],
    )
