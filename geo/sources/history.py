"""Read the curated history data: border statuses, the history layer and dated status histories.

Three files, all text as data (every sentence its own string, for translation):

- ``geo/data/borders.toml``: what holds on each shared border for crossing and for
  delimitation, with its source and date;
- ``geo/data/history.toml`` and ``history.csv``: the dated features of the history layer
  and the cited places they run through or stand at (a place may refer to a row of
  ``places.csv`` (``place:<id>``), of ``connections.csv`` (``station:<line>:<seq>``) or to an
  earlier row of ``history.csv`` (``ref:<feature>:<seq>``), which then gives its coordinates,
  source and licence);
- the ``status_history`` of each line in ``geo/data/connections.toml``.

Every bad input raises :class:`~geo.errors.SourceError` with one line naming the file.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from geo.errors import SourceError
from geo.io.datafiles import load_csv, load_toml
from geo.page.panel import date_key
from geo.sources.packages import DATA, STATUSES, connections, places

BORDER_STATUSES = ("open", "closed")


@dataclass(frozen=True)
class BorderStatus:
    """What holds on one shared border, as of ``status_date``."""

    id: str
    status: str
    status_date: str
    crossing: tuple[str, ...]
    delimitation: tuple[str, ...]
    source: tuple[str, ...]
    status_date_note: str = ""
    note: tuple[str, ...] = ()


@dataclass(frozen=True)
class StatusEntry:
    """How a line or feature stood from ``date`` on."""

    date: str
    status: str
    note: str
    source: str

    def as_json(self) -> dict[str, str]:
        """Return the entry as the layer property's object."""
        return {"date": self.date, "status": self.status, "note": self.note, "source": self.source}


@dataclass(frozen=True)
class HistoryPlace:
    """A cited place a history feature runs through or stands at, in WGS84."""

    feature_id: str
    seq: int
    name: str
    lon: float
    lat: float
    source: str
    license: str


@dataclass(frozen=True)
class HistoryFeature:
    """One dated feature of the history layer."""

    id: str
    name: str
    kind: str
    geometry: str
    date_from: str
    status: str
    note: tuple[str, ...]
    source: tuple[str, ...]
    license: str
    places: tuple[HistoryPlace, ...]
    status_history: tuple[StatusEntry, ...]
    date_to: str = ""
    reported_area: tuple[str, ...] = ()
    published_length_km: float | None = None
    published_length_source: str = ""


@dataclass(frozen=True)
class History:
    """The history layer's features, its method texts and the cited places left undrawn."""

    features: tuple[HistoryFeature, ...]
    statuses: tuple[str, ...]
    method_line: str
    method_point: str
    not_drawn: tuple[dict[str, str], ...]


def _date(value: Any, where: str, path: object) -> str:
    if not isinstance(value, str):
        raise SourceError(f"{path}: {where}: date must be text (YYYY, YYYY-MM or YYYY-MM-DD)")
    try:
        date_key(value)
    except ValueError as exc:
        raise SourceError(f"{path}: {where}: {exc}") from None
    return value


def _text(entry: dict[str, Any], key: str, where: str, path: object) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f"{path}: {where} lacks {key} (non-empty text)")
    return value.strip()


def _sentences(
    entry: dict[str, Any], key: str, where: str, path: object, *, required: bool = True
) -> tuple[str, ...]:
    value = entry.get(key)
    if value is None and not required:
        return ()
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise SourceError(f"{path}: {where} lacks {key} (a list of non-empty sentences)")
    return tuple(v.strip() for v in value)


def border_statuses() -> dict[str, BorderStatus]:
    """Read ``geo/data/borders.toml``: border id → what holds there.

    Raises
    ------
    SourceError
        If an entry lacks a key, has a status other than open or closed, a bad date,
        or a border is listed twice.
    """
    path = DATA / "borders.toml"
    result: dict[str, BorderStatus] = {}
    for index, entry in enumerate(load_toml(path).get("border", []), start=1):
        where = f"[[border]] #{index}"
        bid = _text(entry, "id", where, path)
        if bid in result:
            raise SourceError(f"{path}: border {bid!r} is listed twice")
        status = _text(entry, "status", where, path)
        if status not in BORDER_STATUSES:
            raise SourceError(f"{path}: border {bid}: status must be open or closed")
        result[bid] = BorderStatus(
            id=bid,
            status=status,
            status_date=_date(entry.get("status_date"), f"border {bid}", path),
            crossing=_sentences(entry, "crossing", f"border {bid}", path),
            delimitation=_sentences(entry, "delimitation", f"border {bid}", path, required=False),
            source=_sentences(entry, "source", f"border {bid}", path),
            status_date_note=str(entry.get("status_date_note", "")).strip(),
            note=_sentences(entry, "note", f"border {bid}", path, required=False),
        )
    return result


def status_history(
    raw: Any, allowed: tuple[str, ...], where: str, path: object
) -> tuple[StatusEntry, ...]:
    """Check a ``status_history`` list: dated entries in order, each with status, note, source.

    Raises
    ------
    SourceError
        If it is empty, an entry lacks a key, a status is not allowed, or the dates
        are out of order.
    """
    if not isinstance(raw, list) or not raw or not all(isinstance(e, dict) for e in raw):
        raise SourceError(f"{path}: {where} lacks status_history (a list of tables)")
    entries = []
    for index, entry in enumerate(raw, start=1):
        at = f"{where}: status_history #{index}"
        status = _text(entry, "status", at, path)
        if status not in allowed:
            raise SourceError(f"{path}: {at}: status {status!r} is not one of {', '.join(allowed)}")
        entries.append(
            StatusEntry(
                date=_date(entry.get("date"), at, path),
                status=status,
                note=_text(entry, "note", at, path),
                source=_text(entry, "source", at, path),
            )
        )
    keys = [date_key(e.date) for e in entries]
    if keys != sorted(keys):
        raise SourceError(f"{path}: {where}: status_history is out of date order")
    return tuple(entries)


def connection_histories() -> dict[str, tuple[StatusEntry, ...]]:
    """Read the ``status_history`` of every line in ``geo/data/connections.toml``.

    Each line needs one; its last entry must be the line's ``status`` as of its
    ``status_date``, so the history ends where the layer's status stands.

    Raises
    ------
    SourceError
        If a line lacks its history or the history does not end at its status.
    """
    path = DATA / "connections.toml"
    lines = {line.id: line for line in connections()}
    result: dict[str, tuple[StatusEntry, ...]] = {}
    for entry in load_toml(path).get("line", []):
        lid = str(entry.get("id"))
        history = status_history(entry.get("status_history"), STATUSES, f"line {lid}", path)
        last, line = history[-1], lines[lid]
        if (last.date, last.status) != (line.status_date, line.status):
            raise SourceError(
                f"{path}: line {lid}: status_history ends {last.date} {last.status!r}, "
                f"not at its status {line.status_date} {line.status!r}"
            )
        result[lid] = history
    return result


_PLACE_FIELDS = ["feature_id", "seq", "name", "ref", "lon", "lat", "source", "license"]


def _history_places(path: Any) -> dict[str, list[HistoryPlace]]:
    """Read ``history.csv``, resolving each ``ref`` to the row it names."""
    known_places = {p.id: p for p in places()}
    stations = {(s.line_id, s.seq): s for line in connections() for s in line.stations}
    result: dict[str, list[HistoryPlace]] = {}
    own: dict[tuple[str, int], HistoryPlace] = {}
    for line, raw in load_csv(path, _PLACE_FIELDS, exact=True):
        row = {k: raw[k].strip() for k in _PLACE_FIELDS}
        place = _resolve(row, line, path, known_places, stations, own)
        own[(place.feature_id, place.seq)] = place
        result.setdefault(place.feature_id, []).append(place)
    return result


def _resolve(
    row: dict[str, str],
    line: int,
    path: Any,
    known_places: dict[str, Any],
    stations: dict[tuple[str, int], Any],
    own: dict[tuple[str, int], HistoryPlace],
) -> HistoryPlace:
    """Return one row of ``history.csv`` as a place, with its own or its referent's coordinates."""
    at = f"{path}: line {line}"
    if not row["feature_id"] or not row["name"]:
        raise SourceError(f"{at}: empty feature_id or name")
    try:
        seq = int(row["seq"])
    except ValueError:
        raise SourceError(f"{at}: seq is not a whole number") from None
    ref = row["ref"]
    if ref:
        if row["lon"] or row["lat"] or row["source"] or row["license"]:
            raise SourceError(f"{at}: a row with ref takes lon, lat, source and license from it")
        kind, _, rest = ref.partition(":")
        target: Any = None
        if kind == "place":
            target = known_places.get(rest)
        elif kind in ("station", "ref"):
            key, _, number = rest.rpartition(":")
            if number.isdigit():
                target = (stations if kind == "station" else own).get((key, int(number)))
        if target is None:
            raise SourceError(f"{at}: ref {ref!r} names no row (place:, station: or ref:)")
        lon, lat, source, licence = target.lon, target.lat, target.source, target.license
    else:
        try:
            lon, lat = float(row["lon"]), float(row["lat"])
        except ValueError:
            raise SourceError(f"{at}: lon/lat are not numbers") from None
        if not (math.isfinite(lon) and math.isfinite(lat)) or abs(lon) > 180 or abs(lat) > 90:
            raise SourceError(f"{at}: lon/lat out of range")
        source, licence = row["source"], row["license"]
        if not source or not licence:
            raise SourceError(f"{at}: empty source or license")
    return HistoryPlace(row["feature_id"], seq, row["name"], lon, lat, source, licence)


def history() -> History:
    """Read the history layer's data (``geo/data/history.toml`` and ``history.csv``).

    Raises
    ------
    SourceError
        If a feature lacks a key or a source, is undated or dated backwards, has a
        status outside the file's ``statuses``, a status history that does not end at
        its status or leaves its dates, or the wrong number of places (a line at least
        two, a point one); or a place names an unknown feature.
    """
    path, csv_path = DATA / "history.toml", DATA / "history.csv"
    data = load_toml(path)
    statuses = data.get("statuses")
    if not isinstance(statuses, list) or not all(isinstance(s, str) for s in statuses):
        raise SourceError(f"{path}: lacks statuses (a list of words)")
    method_line = _text(data, "method_line", "the document", path)
    method_point = _text(data, "method_point", "the document", path)
    by_feature = _history_places(csv_path)
    features = []
    for index, entry in enumerate(data.get("feature", []), start=1):
        features.append(_feature(entry, index, tuple(statuses), by_feature, path, csv_path))
    if not features:
        raise SourceError(f"{path}: has no [[feature]]")
    ids = [f.id for f in features]
    if len(ids) != len(set(ids)):
        raise SourceError(f"{path}: a feature id is listed twice")
    if by_feature:
        raise SourceError(f"{csv_path}: places of unknown feature {sorted(by_feature)[0]!r}")
    not_drawn = tuple(
        {k: _text(e, k, f"[[not_drawn]] #{i}", path) for k in ("name", "group", "reason")}
        for i, e in enumerate(data.get("not_drawn", []), start=1)
    )
    return History(tuple(features), tuple(statuses), method_line, method_point, not_drawn)


def _feature(
    entry: dict[str, Any],
    index: int,
    statuses: tuple[str, ...],
    by_feature: dict[str, list[HistoryPlace]],
    path: object,
    csv_path: object,
) -> HistoryFeature:
    where = f"[[feature]] #{index}"
    fid = _text(entry, "id", where, path)
    where = f"feature {fid}"
    geometry = _text(entry, "geometry", where, path)
    if geometry not in ("line", "point"):
        raise SourceError(f"{path}: {where}: geometry must be line or point")
    date_from = _date(entry.get("date_from"), where, path)
    date_to = _date(entry["date_to"], where, path) if "date_to" in entry else ""
    if date_to and date_key(date_to) < date_key(date_from):
        raise SourceError(f"{path}: {where}: date_to {date_to} is before date_from {date_from}")
    status = _text(entry, "status", where, path)
    if status not in statuses:
        raise SourceError(f"{path}: {where}: status {status!r} is not one of {', '.join(statuses)}")
    history = status_history(entry.get("status_history"), statuses, where, path)
    first, last = history[0], history[-1]
    if date_key(first.date) < date_key(date_from) or (
        date_to and date_key(last.date) > date_key(date_to)
    ):
        raise SourceError(f"{path}: {where}: status_history leaves date_from..date_to")
    if last.status != status:
        raise SourceError(f"{path}: {where}: status_history ends {last.status!r}, not {status!r}")
    found = sorted(by_feature.pop(fid, []), key=lambda p: p.seq)
    if [p.seq for p in found] != list(range(1, len(found) + 1)):
        raise SourceError(f"{csv_path}: feature {fid} needs places numbered 1..n")
    if (geometry == "line" and len(found) < 2) or (geometry == "point" and len(found) != 1):
        need = "at least two places" if geometry == "line" else "exactly one place"
        raise SourceError(f"{csv_path}: feature {fid} is a {geometry} and needs {need}")
    length = entry.get("published_length_km")
    if length is not None and (
        isinstance(length, bool) or not isinstance(length, int | float) or length <= 0
    ):
        raise SourceError(f"{path}: {where}: published_length_km must be > 0")
    return HistoryFeature(
        id=fid,
        name=_text(entry, "name", where, path),
        kind=_text(entry, "kind", where, path),
        geometry=geometry,
        date_from=date_from,
        date_to=date_to,
        status=status,
        note=_sentences(entry, "note", where, path),
        source=_sentences(entry, "source", where, path),
        license=_text(entry, "license", where, path),
        places=tuple(found),
        status_history=history,
        reported_area=_sentences(entry, "reported_area", where, path, required=False),
        published_length_km=None if length is None else float(length),
        published_length_source=str(entry.get("published_length_source", "")).strip(),
    )
