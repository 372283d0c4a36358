"""The panel's story, corrections, staleness rule and terrain notes (issue 18), checked.

They live in ``geo/data/annotations.toml`` beside the sections and cite the same
``[[source]]`` list, so the page numbers every source once. Every sentence is its own
string in the data (a later issue translates them one by one); the page gets them as
lists of sentences. Dates are ISO in the data and written for readers beside them.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable
from typing import Any

from geo.errors import SourceError
from geo.layerfiles.geojson import SPECS

#: Named views a chapter may open (page data keys ``<name>_bounds``; "region" is ``view_bounds``).
VIEWS = ("first_view", "corridor", "whole_corridor", "region")

#: How many chapters the story has, at least and at most.
CHAPTERS = (8, 12)

Number = Callable[[list[str]], list[int]]
DateKey = Callable[[str], tuple[int, int, int]]


def _sentences(entry: dict[str, Any], key: str, where: str, path: object) -> list[str]:
    value = entry.get(key)
    if (
        not isinstance(value, list)
        or not value
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise SourceError(f"{path}: {where} lacks {key} (a list of sentences)")
    return [v.strip() for v in value]


def _text(entry: dict[str, Any], key: str, where: str, path: object) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f"{path}: {where} lacks {key}")
    return value.strip()


def _list(data: dict[str, Any], group: str, path: object) -> list[dict[str, Any]]:
    entries = data.get(group, [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise SourceError(f"{path}: [[{group}]] is not a list of tables")
    return entries


def months_after(iso: str, months: int) -> str:
    """Return the ISO date ``months`` after ``iso`` (a full date), clamped to the month's end.

    ``2026-06-26`` plus 6 is ``2026-12-26``; ``2026-08-31`` plus 6 is ``2027-02-28``.
    """
    year, month, day = (int(part) for part in iso.split("-"))
    total = year * 12 + (month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    day = min(day, calendar.monthrange(year, month)[1])
    return f"{year:04d}-{month:02d}-{day:02d}"


def parse_extras(
    data: dict[str, Any],
    number: Number,
    refs: Callable[[dict[str, Any], str], list[str]],
    dates: tuple[DateKey, Callable[[str], str]],
    as_of: str,
    path: object,
) -> dict[str, Any]:
    """Check and return ``corrections``, ``staleness``, ``terrain`` and ``story`` for the page.

    Parameters
    ----------
    data
        The parsed annotations document.
    number
        Turns source ids into the page's source numbers (numbering by first citation).
    refs
        Checks an entry's ``sources`` and returns them (raises on unknown ids).
    dates
        ``(date_key, reader_date)`` of the panel.
    as_of
        The panel's "as of" date (ISO).
    path
        Where the document came from, for messages.

    Raises
    ------
    SourceError
        If an entry lacks a key, a date is malformed, out of order or after
        ``as_of`` (corrections excepted: they are dated when they were made), a
        chapter names an unknown view or layer, or the story has too few or too
        many chapters.
    """
    date_key, reader_date = dates

    def iso(entry: dict[str, Any], key: str, where: str) -> str:
        value = _text(entry, key, where, path)
        try:
            date_key(value)
        except ValueError as exc:
            raise SourceError(f"{path}: {where}: {exc}") from None
        return value

    corrections = []
    for index, entry in enumerate(_list(data, "correction", path), start=1):
        where = f"[[correction]] #{index}"
        date = iso(entry, "date", where)
        corrections.append(
            {
                "id": _text(entry, "id", where, path),
                "date": date,
                "date_text": reader_date(date),
                "heading": _text(entry, "heading", where, path),
                "was": _sentences(entry, "was", where, path),
                "now": _sentences(entry, "now", where, path),
                "refs": number(refs(entry, where)),
            }
        )

    terrain = []
    for index, entry in enumerate(_list(data, "terrain", path), start=1):
        where = f"[[terrain]] #{index}"
        kind = str(entry.get("kind", "fact"))
        if kind not in ("fact", "method"):
            raise SourceError(f"{path}: {where}: kind must be fact or method")
        cited = number(refs(entry, where)) if kind == "fact" or "sources" in entry else []
        terrain.append(
            {
                "id": _text(entry, "id", where, path),
                "kind": kind,
                "text": _sentences(entry, "text", where, path),
                "refs": cited,
            }
        )

    staleness = _staleness(data, as_of, reader_date, path)
    chapters = _chapters(data, number, refs, iso, date_key, reader_date, as_of, path)
    return {
        "corrections": corrections,
        "staleness": staleness,
        "terrain": terrain,
        "story": {"chapters": chapters},
    }


def _staleness(
    data: dict[str, Any], as_of: str, reader_date: Callable[[str], str], path: object
) -> dict[str, Any]:
    rule = data.get("staleness")
    if not isinstance(rule, dict):
        raise SourceError(f"{path}: lacks [staleness]")
    months = rule.get("months")
    if isinstance(months, bool) or not isinstance(months, int) or months < 1:
        raise SourceError(f"{path}: [staleness] months must be a whole number of months")
    if len(as_of.split("-")) != 3:
        raise SourceError(f"{path}: as_of must be a full date for the staleness rule")
    text = _sentences(rule, "text", "[staleness]", path)
    return {
        "months": months,
        "after": months_after(as_of, months),
        "text": [t.replace("{as_of}", reader_date(as_of)) for t in text],
    }


def _chapters(
    data: dict[str, Any],
    number: Number,
    refs: Callable[[dict[str, Any], str], list[str]],
    iso: Callable[[dict[str, Any], str, str], str],
    date_key: DateKey,
    reader_date: Callable[[str], str],
    as_of: str,
    path: object,
) -> list[dict[str, Any]]:
    chapters: list[dict[str, Any]] = []
    limit = date_key(as_of)
    for index, entry in enumerate(_list(data, "chapter", path), start=1):
        where = f"[[chapter]] #{index}"
        date = iso(entry, "date", where)
        chapter: dict[str, Any] = {
            "n": index,
            "id": _text(entry, "id", where, path),
            "date": date,
            "date_text": reader_date(date),
        }
        if "date_to" in entry:
            date_to = iso(entry, "date_to", where)
            if date_key(date_to) < date_key(date):
                raise SourceError(f"{path}: {where}: date_to is before date")
            chapter |= {"date_to": date_to, "date_to_text": reader_date(date_to)}
        last = chapter.get("date_to", date)
        if date_key(last) > limit:
            raise SourceError(f"{path}: {where}: {last} is after as_of {as_of}")
        if chapters and date_key(date) < date_key(chapters[-1]["date"]):
            raise SourceError(f"{path}: {where} is out of date order")
        chapter["heading"] = _text(entry, "heading", where, path)
        chapter["body"] = _sentences(entry, "body", where, path)
        chapter["refs"] = number(refs(entry, where))
        chapter |= _view(entry, where, path)
        layers = entry.get("layers")
        if not isinstance(layers, list) or not layers:
            raise SourceError(f"{path}: {where} lacks layers (a list of layer names)")
        unknown = [name for name in layers if name not in SPECS]
        if unknown:
            raise SourceError(f"{path}: {where} names no layer {unknown[0]!r}")
        chapter["layers"] = list(layers)
        chapters.append(chapter)
    low, high = CHAPTERS
    if not low <= len(chapters) <= high:
        raise SourceError(f"{path}: the story needs {low} to {high} chapters, not {len(chapters)}")
    return chapters


def _view(entry: dict[str, Any], where: str, path: object) -> dict[str, Any]:
    """Return ``{"view": name}`` or ``{"bounds": [[s, w], [n, e]]}`` of a chapter."""
    if ("view" in entry) == ("bounds" in entry):
        raise SourceError(f"{path}: {where} needs either view or bounds")
    if "view" in entry:
        if entry["view"] not in VIEWS:
            raise SourceError(f"{path}: {where}: view must be one of {', '.join(VIEWS)}")
        return {"view": entry["view"]}
    box = entry["bounds"]
    try:
        (south, west), (north, east) = box
        ok = -90 <= south < north <= 90 and -180 <= west < east <= 180
    except (TypeError, ValueError):
        ok = False
    if not ok:
        raise SourceError(f"{path}: {where}: bounds must be [[south, west], [north, east]]")
    return {"bounds": [[float(south), float(west)], [float(north), float(east)]]}
