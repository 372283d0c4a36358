"""The panel's text: sections, a timeline and the sources they cite, with an "as of" date.

The text lives in ``geo/data/annotations.toml``. Each source is listed once
(``[[source]]`` with an ``id``) and entries refer to it by id; the page numbers
the sources in order of first citation. Dates are ISO in the data
(``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) and written for readers on the page
("8 August 2025"). No entry may be dated after ``as_of``, and ``as_of`` is the
date of the newest source, so the page says truthfully as of when its facts hold.
"""

from __future__ import annotations

import calendar
import itertools
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from geo.errors import SourceError
from geo.io.datafiles import load_toml
from geo.page import story

ANNOTATIONS_FILE = resources.files("geo") / "data" / "annotations.toml"

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)

_ISO_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_WORD = re.compile(r"\b[\w’'–-]+\b")


def date_key(value: str) -> tuple[int, int, int]:
    """Return ``(year, month, day)`` of an ISO date, 0 for a missing month or day.

    Raises
    ------
    ValueError
        If ``value`` is not ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` with a real month and day.
    """
    match = _ISO_DATE.match(value)
    if not match:
        raise ValueError(f"date {value!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else 0 for g in match.groups())
    if match.group(2) and not 1 <= month <= 12:
        raise ValueError(f"date {value!r} has no month {month}")
    if match.group(3) and not 1 <= day <= calendar.monthrange(year or 1, month)[1]:
        raise ValueError(f"date {value!r} has no day {day} (no such date)")
    return year, month, day


def reader_date(value: str) -> str:
    """Write an ISO date for readers: ``2025-08-08`` → ``8 August 2025``.

    A year and month give ``September 2023``; a year alone stays as it is.
    """
    year, month, day = date_key(value)
    if not month:
        return str(year)
    if not day:
        return f"{MONTHS[month - 1]} {year}"
    return f"{day} {MONTHS[month - 1]} {year}"


def word_count(text: str) -> int:
    """Count the words of a text (hyphenated and dashed compounds count once)."""
    return len(_WORD.findall(text))


@dataclass(frozen=True)
class Source:
    """One cited source: who published what, when."""

    id: str
    publisher: str
    title: str
    date: str
    url: str = ""
    primary: bool = False
    lang: str = "en"

    def citation(self) -> str:
        """Return ``Publisher, 'Title', 8 August 2025``."""
        return f"{self.publisher}, '{self.title}', {reader_date(self.date)}"


def _text(entry: dict[str, Any], key: str, where: str, path: object) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise SourceError(f"{path}: {where} lacks {key}")
    return value.strip()


def _date(entry: dict[str, Any], key: str, where: str, path: object) -> str:
    value = _text(entry, key, where, path)
    try:
        date_key(value)
    except ValueError as exc:
        raise SourceError(f"{path}: {where}: {exc}") from None
    return value


def _refs(entry: dict[str, Any], where: str, known: dict[str, Source], path: object) -> list[str]:
    refs = entry.get("sources")
    if not isinstance(refs, list) or not refs or not all(isinstance(r, str) for r in refs):
        raise SourceError(f"{path}: {where} lacks sources (a list of source ids)")
    unknown = [r for r in refs if r not in known]
    if unknown:
        raise SourceError(f"{path}: {where} cites unknown source {unknown[0]!r}")
    return list(refs)


def _sources(data: dict[str, Any], path: object) -> dict[str, Source]:
    """Check the shape of the lists and return the listed sources by id."""
    for group in ("source", "section", "timeline"):
        entries = data.get(group, [])
        if not isinstance(entries, list):
            raise SourceError(f"{path}: [[{group}]] is not a list of tables")
        for index, entry in enumerate(entries, start=1):
            if not isinstance(entry, dict):
                raise SourceError(f"{path}: [[{group}]] #{index} is not a table")
    known: dict[str, Source] = {}
    for index, entry in enumerate(data.get("source", []), start=1):
        where = f"[[source]] #{index}"
        sid = _text(entry, "id", where, path)
        if sid in known:
            raise SourceError(f"{path}: source {sid!r} is listed twice")
        known[sid] = Source(
            id=sid,
            publisher=_text(entry, "publisher", where, path),
            title=_text(entry, "title", where, path),
            date=_date(entry, "date", where, path),
            url=str(entry.get("url", "")),
            primary=bool(entry.get("primary", False)),
            lang=str(entry.get("lang", "en")),
        )
    return known


def _check_dates(
    timeline: list[dict[str, Any]], known: dict[str, Source], as_of: str, path: object
) -> None:
    """Raise SourceError if the timeline is out of order or anything is dated after ``as_of``."""
    keys = [date_key(t["date"]) for t in timeline]
    for index, (before, after) in enumerate(itertools.pairwise(keys), start=2):
        if after < before:
            raise SourceError(f"{path}: [[timeline]] #{index} is out of date order")
    limit = date_key(as_of)
    late = [t["date"] for t in timeline if date_key(t["date"]) > limit]
    late += [s.date for s in known.values() if date_key(s.date) > limit]
    if late:
        raise SourceError(f"{path}: {late[0]} is after as_of {as_of}")


def parse(data: dict[str, Any], path: object = "annotations.toml") -> dict[str, Any]:
    """Check the panel text and return it for the page.

    Parameters
    ----------
    data
        The parsed TOML document.
    path
        Where it came from, for messages.

    Returns
    -------
    dict
        ``title``, ``intro``, ``names``, ``multimodal``, ``as_of`` (ISO) and
        ``as_of_text``; ``corrections``, ``staleness``, ``terrain`` and ``story``
        (see :func:`geo.page.story.parse_extras`); ``sections`` and ``timeline`` whose ``refs`` are
        1-based numbers into ``sources`` (numbered by first citation, each
        source once, with its ``citation`` text and ``url``); timeline entries
        carry ``date`` (ISO) and ``date_text`` for readers.

    Raises
    ------
    SourceError
        If a key or a source is missing, a date is malformed, a source is
        cited that is not listed or listed but never cited, the timeline is out
        of order, or an entry or source is dated after ``as_of``.
    """
    known = _sources(data, path)
    title = _text(data, "title", "the document", path)
    intro = _text(data, "intro", "the document", path)
    as_of = _date(data, "as_of", "the document", path)
    order: list[str] = []

    def number(refs: list[str]) -> list[int]:
        for ref in refs:
            if ref not in order:
                order.append(ref)
        return [order.index(ref) + 1 for ref in refs]

    sections = []
    for index, entry in enumerate(data.get("section", []), start=1):
        where = f"[[section]] #{index}"
        sections.append(
            {
                "id": _text(entry, "id", where, path),
                "title": _text(entry, "title", where, path),
                "body": _text(entry, "body", where, path),
                "refs": number(_refs(entry, where, known, path)),
            }
        )
    # Numbered in reading order: sections, then the notes on names, then the timeline.
    extras: dict[str, Any] = {}
    for key in ("names", "multimodal"):
        if key in data:
            extras[key] = {
                "text": _text(data, key, "the document", path),
                "refs": number(_refs({"sources": data.get(f"{key}_sources")}, key, known, path)),
            }
    timeline: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    for index, entry in enumerate(data.get("timeline", []), start=1):
        where = f"[[timeline]] #{index}"
        date = _date(entry, "date", where, path)
        # the entry's catalogue key, panel.timeline.<key>.text (geo/page/i18n.py)
        base = str(entry.get("id") or date)
        seen[base] = seen.get(base, 0) + 1
        timeline.append(
            {
                "key": base if seen[base] == 1 else f"{base}-{seen[base]}",
                "date": date,
                "date_text": reader_date(date),
                "text": _text(entry, "text", where, path),
                "refs": number(_refs(entry, where, known, path)),
            }
        )
    if not sections or not timeline:
        raise SourceError(f"{path}: needs [[section]] and [[timeline]] entries")
    _check_dates(timeline, known, as_of, path)
    # Numbered after the timeline: corrections, terrain notes, then the story's chapters.
    later = story.parse_extras(
        data,
        number,
        lambda entry, where: _refs(entry, where, known, path),
        (date_key, reader_date),
        as_of,
        path,
    )
    unused = [sid for sid in known if sid not in order]
    if unused:
        raise SourceError(f"{path}: source {unused[0]!r} is listed but never cited")
    return {
        "title": title,
        "intro": intro,
        **extras,
        "as_of": as_of,
        "as_of_text": reader_date(as_of),
        "sections": sections,
        "timeline": timeline,
        **later,
        "sources": [
            {
                "n": n,
                "citation": known[sid].citation(),
                "url": known[sid].url,
                "primary": known[sid].primary,
                # The parts of the citation, so that a page in another language can write
                # it in its own words and mark the work's own title up as <cite lang>.
                "id": sid,
                "publisher": known[sid].publisher,
                "title": known[sid].title,
                "title_lang": known[sid].lang,
                "date": known[sid].date,
            }
            for n, sid in enumerate(order, start=1)
        ],
    }


def load(path: Path | None = None) -> dict[str, Any]:
    """Read and check the panel text (the shipped file when ``path`` is None).

    Raises
    ------
    SourceError
        If the file cannot be read or breaks the rules of :func:`parse`.
    """
    source = path if path is not None else ANNOTATIONS_FILE
    return parse(load_toml(source), source)


def panel_words(notes: dict[str, Any]) -> int:
    """Count the words a reader reads in the panel's sections and timeline."""
    texts = [s["body"] for s in notes["sections"]] + [t["text"] for t in notes["timeline"]]
    return sum(word_count(t) for t in texts)


def how_to_cite(notes: dict[str, Any], version: str) -> str:
    """Return the citation and reuse line: project, version, "as of" date and the ODbL credit.

    Parameters
    ----------
    notes
        The checked panel text, from :func:`load` or :func:`parse`.
    version
        The project's version, e.g. ``0.1.0``.
    """
    return (
        f"Cite as: Syunik transit route (TRIPP) map, version {version}, facts as of "
        f"{notes['as_of_text']}. Reuse: the code is MIT-licensed; the layers are derived from "
        "OpenStreetMap data, © OpenStreetMap contributors, available under the Open Database "
        "Licence (ODbL 1.0), and must be credited so; Syunik's inner boundary is from Natural "
        "Earth (public domain)."
    )
