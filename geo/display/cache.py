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
measured when the entry is computed, never assumed.

An entry's first line carries the SHA-256 of the rest, and a read entry is
validated in full: its checksum, format and key; a finite, non-negative error;
every field of the cleaning report a finite number of the right type; every
layer present, with one geometry per feature, each decoding to a non-empty
geometry of the feature's kind (polygonal, linear or a point) with finite
coordinates. Anything else (an entry that cannot be read, is damaged, or was
changed, even by one vertex) is ignored and recomputed. A cache folder that
cannot be written only costs the time.

The cache folder is marked as the cache's own with a ``CACHEDIR.TAG`` file
(the Cache Directory Tagging convention, which backup tools honour). A folder
is used only if it is new, empty, already marked, or holds nothing but
entries; any other folder is left alone (a one-line warning on stderr), and
pruning removes only files named exactly like entries (64 hex digits and
``.json``).

The cache does not know how the display is computed: its caller passes the
computation (:func:`cached`), so this module imports the display's types but
not the other way round.
"""

from __future__ import annotations

import base64
import contextlib
import dataclasses
import hashlib
import json
import math
import os
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pyproj
import shapely

from geo.display.geometry import Cleaning, Display, LayerCleaning
from geo.errors import GeoError, OutputError
from geo.io.atomic import write_bytes_atomic
from geo.io.files import LAYER_FILE_LIMIT, one_line, read_bytes
from geo.layerfiles.geojson import Feature

#: Bump when the entry format changes.
FORMAT = 2

#: The first line of an entry: this word, the format and the SHA-256 of the rest.
_MAGIC = b"syunik-display-cache"

#: An entry's file name, exactly: the key and ``.json``.
ENTRY_NAME = re.compile(r"^[0-9a-f]{64}\.json$")

#: The tag that marks a folder as the cache's own (Cache Directory Tagging).
TAG_NAME = "CACHEDIR.TAG"
TAG_TEXT = (
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file marks a cache folder of the Syunik transit route map (build_map.py):\n"
    "# the display geometry, which is computed again when missing. It may be deleted.\n"
)

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
    """Serialise a :class:`geo.display.geometry.Display` and its key as entry bytes."""
    doc = {
        "format": FORMAT,
        "key": key,
        "max_error_m": shown.max_error_m,
        "cleaning": dataclasses.asdict(shown.cleaning),
        "geometries": {
            name: [base64.b64encode(shapely.to_wkb(g)).decode("ascii") for g in geoms]
            for name, geoms in shown.geometries.items()
        },
    }
    payload = json.dumps(doc, separators=(",", ":"), allow_nan=False).encode("utf-8")
    head = b"%s %d %s\n" % (_MAGIC, FORMAT, hashlib.sha256(payload).hexdigest().encode())
    return head + payload


class _InvalidEntryError(Exception):
    """An entry that fails its validation."""


def _number(value: Any, kind: type) -> Any:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _InvalidEntryError
    if not math.isfinite(value) or value < 0 or (kind is int and not isinstance(value, int)):
        raise _InvalidEntryError
    return kind(value)


def _fields(cls: type, raw: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """Check that ``raw`` holds exactly the number fields of a dataclass, of their types."""
    names = {f.name: f.type for f in dataclasses.fields(cls)}
    if not isinstance(raw, dict) or set(raw) != set(names):
        raise _InvalidEntryError
    return {
        n: _number(raw[n], int if t in ("int", int) else float)
        for n, t in names.items()
        if n not in skip
    }


_KINDS = {
    "Polygon": "polygonal",
    "MultiPolygon": "polygonal",
    "LineString": "linear",
    "MultiLineString": "linear",
    "Point": "point",
}


def _geometries(raw: Any, layers: dict[str, list[Feature]]) -> dict[str, list[Any]]:
    """Decode and check every layer's geometries against the layers they were computed from."""
    if not isinstance(raw, dict) or set(raw) != set(layers):
        raise _InvalidEntryError
    out = {}
    for name, features in layers.items():
        blobs = raw[name]
        if not isinstance(blobs, list) or len(blobs) != len(features):
            raise _InvalidEntryError
        if not all(isinstance(b, str) for b in blobs):
            raise _InvalidEntryError
        geoms = list(shapely.from_wkb([base64.b64decode(b, validate=True) for b in blobs]))
        for geom, feature in zip(geoms, features, strict=True):
            if geom is None or geom.is_empty:
                raise _InvalidEntryError
            if _KINDS.get(geom.geom_type) != _KINDS.get(feature.geometry.geom_type):
                raise _InvalidEntryError
            if not np.isfinite(shapely.get_coordinates(geom)).all():
                raise _InvalidEntryError
        out[name] = geoms
    return out


def _decode(
    key: str, data: bytes, layers: dict[str, list[Feature]] | None = None
) -> Display | None:
    """Rebuild a :class:`geo.display.geometry.Display` from an entry; None unless valid in full.

    ``layers`` are the layers the entry was computed from; when given, every
    layer must be present with one geometry per feature, of the feature's kind.
    """
    try:
        head, _, payload = data.partition(b"\n")
        magic, version, digest = head.split(b" ")
        if magic != _MAGIC or version != str(FORMAT).encode():
            return None
        if digest.decode("ascii") != hashlib.sha256(payload).hexdigest():
            return None
        doc = json.loads(payload)
        if not isinstance(doc, dict) or doc.get("format") != FORMAT or doc.get("key") != key:
            return None
        error_m = _number(doc["max_error_m"], float)
        raw_clean = doc["cleaning"]
        clean = _fields(Cleaning, raw_clean, skip=("layers",))
        if not isinstance(raw_clean["layers"], dict):
            return None
        clean["layers"] = {
            str(n): LayerCleaning(**_fields(LayerCleaning, v))
            for n, v in raw_clean["layers"].items()
        }
        if layers is not None:
            geometries = _geometries(doc["geometries"], layers)
        else:
            geometries = {
                name: list(shapely.from_wkb([base64.b64decode(b) for b in blobs]))
                for name, blobs in doc["geometries"].items()
            }
        return Display(geometries, error_m, Cleaning(**clean))
    except (
        _InvalidEntryError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        UnicodeDecodeError,
        RecursionError,
        shapely.errors.GEOSException,
    ):
        return None


def _is_ours(folder: Path) -> bool:
    """Return True if ``folder`` may hold the cache, marking it as ours when it can be.

    A new or empty folder, or one holding nothing but entries (a cache of an
    earlier version), is marked with ``CACHEDIR.TAG``; a marked folder is ours;
    any other folder is not.
    """
    tag = folder / TAG_NAME
    try:
        if tag.read_text(encoding="utf-8").startswith(TAG_TEXT.splitlines()[0]):
            return True
    except (OSError, UnicodeDecodeError):
        pass
    try:
        folder.mkdir(parents=True, exist_ok=True)
        names = os.listdir(folder)
    except OSError:
        return False
    if any(not (ENTRY_NAME.match(n) or n.startswith(".tmp-")) for n in names):
        return False
    with contextlib.suppress(OSError, OutputError):
        write_bytes_atomic(tag, TAG_TEXT.encode("utf-8"), record=False)
    return True


def _prune(folder: Path, keep: int = KEEP_ENTRIES) -> None:
    """Remove all but the ``keep`` newest entries of a cache folder (exact entry names only)."""
    entries = []
    for name in os.listdir(folder):
        entry = folder / name
        if not ENTRY_NAME.match(name) or entry.is_symlink() or not entry.is_file():
            continue
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
    folder = Path(folder)
    if not _is_ours(folder):
        print(
            f"warning: {one_line(folder)}: not a display cache folder (it holds other files "
            f"and no {TAG_NAME}); computing without the cache",
            file=sys.stderr,
        )
        return compute()
    entry = folder / f"{key}.json"
    with contextlib.suppress(GeoError):
        data = read_bytes(entry, limit_bytes=LAYER_FILE_LIMIT, what="cache entry")
        shown = _decode(key, data, layers)
        if shown is not None:
            return shown
    shown = compute()
    with contextlib.suppress(OSError, OutputError):
        write_bytes_atomic(entry, _encode(key, shown), record=False)
        os.utime(entry)
        _prune(folder)
    return shown
