"""Read the project's data files: TOML and JSON data, and GeoJSON text.

One place turns every way a read can fail into one line ``"<file>: <problem>"``:
a missing file, a folder where a file should be, bytes that are not UTF-8 and
text that does not parse. The callers check what the document must hold.

- :func:`load_toml`, :func:`load_json` and :func:`load_csv` read the curated data
  files (``geo/data/*.toml``, ``*.json``, ``*.csv``) and raise
  :class:`~geo.errors.SourceError`;
  :func:`load_json` also reads a layer's JSON file (``terrain.json``) and then
  raises the class its caller names.
- :func:`load_geojson_text` reads a GeoJSON file, the layers' or a user's, and
  raises the error class its caller names (:class:`~geo.errors.LayerError` for
  a layer, :class:`~geo.errors.UserDataError` for a file given with ``--add``).

A file on disk is read with :func:`geo.io.files.read_bytes`: only a regular file
(a FIFO or a device is refused at once), within a stated size. JSON is parsed
strictly (:func:`geo.io.files.parse_json`: no ``NaN``, no number that is not a
finite double, no lone surrogate, bounded nesting).
"""

from __future__ import annotations

import csv
import io
import tomllib
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

from geo.errors import GeoError, SourceError
from geo.io.files import TEXT_FILE_LIMIT, parse_json, read_bytes

#: A file on disk, or one inside the installed package (``importlib.resources``).
DataPath = Path | Traversable


def _read_bytes(
    path: DataPath,
    error: type[GeoError],
    kind: str,
    missing: str,
    limit_bytes: int = TEXT_FILE_LIMIT,
) -> bytes:
    """Return a file's bytes, or raise ``error`` with one line naming the file."""
    if isinstance(path, Path):
        return read_bytes(
            path, limit_bytes=limit_bytes, what=f"{kind} file", error=error, missing=missing
        )
    # A file inside the installed package: ours, read as it is.
    if path.is_dir():
        raise error(f"{path}: is a folder, expected a {kind} file")
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise error(f"{path}: {missing}") from None
    except OSError as exc:
        raise error(f"{path}: cannot be read ({exc.strerror})") from None


def _text(path: DataPath, data: bytes, error: type[GeoError], hint: str = "") -> str:
    """Decode UTF-8 (a byte-order mark is tolerated, as RFC 8259 allows parsers to)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise error(f"{path}: not UTF-8 text{hint}") from None


def load_toml(path: DataPath) -> dict[str, Any]:
    """Read a TOML data file.

    Parameters
    ----------
    path
        The file, on disk or inside the package.

    Returns
    -------
    dict
        The document's top-level table.

    Raises
    ------
    SourceError
        If the file is missing, a folder, not UTF-8 or not valid TOML.
    """
    text = _text(path, _read_bytes(path, SourceError, "TOML", "missing data file"), SourceError)
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise SourceError(f"{path}: TOML nested too deeply") from None


def load_csv(
    path: DataPath, fields: list[str], *, exact: bool = False
) -> list[tuple[int, dict[str, str]]]:
    """Read a curated CSV data file: ``(line number, row)`` for each row, counted from 2.

    ``fields`` are the columns the file must have: exactly these, in this order,
    when ``exact``; else at least these (a file may carry more). Every row has
    as many fields as the header. The callers check the values.

    Raises
    ------
    SourceError
        If the file is missing, a folder, not UTF-8, its header lacks a field
        (or, with ``exact``, is not ``fields``), or a row has another number of
        fields than the header.
    """
    text = _text(path, _read_bytes(path, SourceError, "CSV", "missing data file"), SourceError)
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = reader.fieldnames or []
    if exact and header != fields:
        raise SourceError(f"{path}: header must be {','.join(fields)}")
    missing = [f for f in fields if f not in header]
    if missing:
        raise SourceError(f"{path}: header lacks {', '.join(missing)}")
    rows = []
    for line, row in enumerate(reader, start=2):
        if None in row or any(v is None for v in row.values()):
            raise SourceError(f"{path}: line {line} has the wrong number of fields")
        rows.append((line, row))
    return rows


def load_json(path: DataPath, error: type[GeoError] = SourceError) -> Any:
    """Read a JSON data file (``NaN`` and ``Infinity`` are refused: they are not JSON).

    ``error`` is the class to raise: :class:`~geo.errors.SourceError` for the
    curated data, :class:`~geo.errors.LayerError` for a layer's JSON file
    (``terrain.json``).

    Raises
    ------
    GeoError
        Of class ``error``, if the file is missing, a folder, not UTF-8 or not valid JSON.
    """
    data = _read_bytes(path, error, "JSON", "missing data file")
    return parse_json(data, str(path), error)


def load_geojson_text(
    path: Path, error: type[GeoError], *, missing: str, limit_bytes: int = TEXT_FILE_LIMIT
) -> Any:
    """Read a GeoJSON file as a JSON document (its content is the caller's to check).

    Parameters
    ----------
    path
        The ``.geojson`` file.
    error
        The error class to raise (every message starts with ``path``).
    missing
        What to say when the file does not exist (``"no such file"``, or a hint
        on how to make it).
    limit_bytes
        The largest file read, in bytes (checked before reading).

    Raises
    ------
    GeoError
        Of class ``error``, if the file is missing, not a regular file, larger
        than ``limit_bytes``, empty, not UTF-8 or not strict JSON (see
        :func:`geo.io.files.parse_json`).
    """
    data = _read_bytes(path, error, "GeoJSON", missing, limit_bytes)
    if not data.strip():
        raise error(f"{path}: file is empty")
    _text(path, data, error, " (RFC 7946 GeoJSON is UTF-8)")
    return parse_json(data, path, error, hint="; truncated?")
