"""A content-addressed cache of the display geometry (:func:`geo.display.geometry.display_layers`).

Cleaning and simplifying the layers for the page is the slowest step of the
``map`` command, and its result depends only on the layers' geometry, the code
that computes it and the display budget. So the result is stored under a key
that is the SHA-256 of exactly those inputs:

- every feature's geometry as WKB, layer by layer, in file order (so any change
  to a layer's coordinates, or a feature added, removed or reordered, is a new key);
- the source of the display code: every ``.py`` file under ``geo/display/``, and
  ``geo/measure/geodesic.py`` and ``geo/crs.py``, which it imports (see :func:`code_files`);
- the versions of shapely, GEOS, pyproj, PROJ and numpy;
- the budget in metres (``None`` for full resolution).

An entry holds what the computation returned: the geometries as WKB (exact
doubles), the measured simplification error and the cleaning report, so a
cached build writes the same bytes as an uncached one. The error bound is
measured when the entry is computed, never assumed. An entry that cannot be
read, is not JSON of the expected shape or names another key is ignored and
recomputed; a cache folder that cannot be written only costs the time.

The cache does not know how the display is computed: its caller passes the
computation (:func:`cached`), so this module imports the display's types but
not the other way round.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

import numpy as np
import pyproj
import shapely

from geo.display.geometry import Cleaning, Display, LayerCleaning
from geo.errors import OutputError
from geo.io.atomic import write_bytes_atomic
from geo.layerfiles.geojson import Feature

#: Bump when the entry format changes.
FORMAT = 1

#: Entries kept per cache folder (the newest); older ones are removed on a write.
KEEP_ENTRIES = 8

_PACKAGE = Path(__file__).resolve().parent.parent

#: Modules outside ``geo/display/`` whose source the display geometry depends on.
_IMPORTED = ("measure/geodesic.py", "crs.py")


def code_files() -> list[Path]:
    """Return the files of the display code, in a fixed order.

    Every ``.py`` file under ``geo/display/`` (found, not listed by hand, so a
    new module is part of the key at once) and the modules it imports from
    elsewhere in the package.
    """
    display = sorted((_PACKAGE / "display").rglob("*.py"))
    return [*display, *(_PACKAGE / name for name in _IMPORTED)]


def cache_key(layers: dict[str, list[Feature]], max_error_m: float | None) -> str:
    """Return the hex SHA-256 key of a display computation.

    Parameters
    ----------
    layers
        The full-resolution layers (WGS84), as read by
        :func:`geo.layerfiles.geojson.read_layer_files`.
    max_error_m
        The display budget in metres, or None for full resolution.

    Returns
    -------
    str
        64 hex digits.
    """
    digest = hashlib.sha256()

    def add(label: str, data: bytes) -> None:
        digest.update(f"{label}:{len(data)}:".encode())
        digest.update(data)

    add("format", str(FORMAT).encode())
    for path in code_files():
        add(path.relative_to(_PACKAGE).as_posix(), path.read_bytes())
    versions = (
        f"shapely {shapely.__version__} geos {shapely.geos_version_string} "
        f"pyproj {pyproj.__version__} proj {pyproj.proj_version_str} numpy {np.__version__}"
    )
    add("versions", versions.encode())
    add("max_error_m", repr(max_error_m).encode())
    for name, features in layers.items():
        wkb = shapely.to_wkb(np.array([f.geometry for f in features], dtype=object))
        add(f"layer {name}", str(len(features)).encode())
        for blob in wkb:
            add("wkb", blob)
    return digest.hexdigest()


def _encode(key: str, shown: Display) -> bytes:
    """Serialise a :class:`geo.display.geometry.Display` and its key as JSON bytes."""
    doc = {
        "format": FORMAT,
        "key": key,
        "max_error_m": shown.max_error_m,
        "cleaning": asdict(shown.cleaning),
        "geometries": {
            name: [base64.b64encode(shapely.to_wkb(g)).decode("ascii") for g in geoms]
            for name, geoms in shown.geometries.items()
        },
    }
    return json.dumps(doc, separators=(",", ":"), allow_nan=False).encode("utf-8")


def _decode(key: str, data: bytes) -> Display | None:
    """Rebuild a :class:`geo.display.geometry.Display` from an entry; None if it is invalid."""
    try:
        doc = json.loads(data)
        if doc["format"] != FORMAT or doc["key"] != key:
            return None
        clean = dict(doc["cleaning"])
        clean["layers"] = {n: LayerCleaning(**v) for n, v in clean["layers"].items()}
        geometries = {
            name: list(shapely.from_wkb([base64.b64decode(b) for b in blobs]))
            for name, blobs in doc["geometries"].items()
        }
        return Display(geometries, float(doc["max_error_m"]), Cleaning(**clean))
    except (ValueError, KeyError, TypeError, AttributeError, shapely.errors.GEOSException):
        return None


def _prune(folder: Path, keep: int = KEEP_ENTRIES) -> None:
    """Remove all but the ``keep`` newest entries of a cache folder."""
    entries = []
    for entry in folder.glob("*.json"):
        with contextlib.suppress(OSError):
            entries.append((entry.stat().st_mtime_ns, entry))
    for _mtime, entry in sorted(entries, reverse=True)[keep:]:
        with contextlib.suppress(OSError):
            entry.unlink()


def cached(
    layers: dict[str, list[Feature]],
    max_error_m: float | None,
    folder: Path,
    compute: Callable[[], Display],
) -> Display:
    """Return the display of ``layers`` from the cache in ``folder``, or compute and store it.

    Parameters
    ----------
    layers
        The full-resolution layers (WGS84).
    max_error_m
        The display budget in metres, or None.
    folder
        The cache folder (created if missing).
    compute
        Returns the :class:`geo.display.geometry.Display` when the cache has no valid entry.

    Returns
    -------
    geo.display.geometry.Display
        Equal to what ``compute`` returns, geometry for geometry.
    """
    key = cache_key(layers, max_error_m)
    entry = Path(folder) / f"{key}.json"
    with contextlib.suppress(OSError):
        shown = _decode(key, entry.read_bytes())
        if shown is not None:
            return shown
    shown = compute()
    with contextlib.suppress(OSError, OutputError):
        entry.parent.mkdir(parents=True, exist_ok=True)
        write_bytes_atomic(entry, _encode(key, shown))
        os.utime(entry)
        _prune(entry.parent)
    return shown
