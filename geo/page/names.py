"""Names of the map's features in the page's six languages, each with its source.

``geo/data/names.csv`` gives every named feature (countries, provinces, the Aras, towns,
crossings, stations, the lines, the borders, the route) its name in ``en hy az ru tr fa``
and, per language, where the name comes from. ``source_<lang>`` is one of:

- ``CLDR``: the territory name of ``cldr_territory`` in that language's CLDR data
  (``babel``, pinned in the test extra; ``tests/test_names.py`` checks every such cell
  against it and ``scripts/cldr.py --write`` regenerates them);
- ``project: …``: the name the project already uses (English keeps its names);
- a cited reference (Wikipedia in that language, an official site, GeoNames, ISO 3166-2 via
  pycountry), naming what was read there;
- ``translation: …``: only for the descriptive names in :data:`DESCRIPTIVE` (borders,
  tripoints, lines, the crossing), which are not place names but our own translation of the
  English description, composed from this table's names and the glossary's neutral terms;
  no reference can back such a name, so the cell says what it is instead (the loader refuses
  the kind for any other feature);
- ``unverified — …``: no source was checked; the cell is a best standard form and must be
  checked before it is relied on (the README gives the count, :func:`unverified_cells`).

``geo/data/name_usage.csv`` lists, for the places whose name differs between the sides,
each name with whose usage it is (``usage`` is a key of ``[usage]`` in
``geo/data/i18n/ui.en.toml``), written in each language, with a source.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from geo.errors import SourceError
from geo.io.datafiles import load_csv
from geo.measure.report import BORDERS

#: The page's languages, in the order of its language menu.
LANGUAGES = ("en", "hy", "az", "ru", "tr", "fa")

DATA = resources.files("geo") / "data"
NAMES_FILE = DATA / "names.csv"
USAGE_FILE = DATA / "name_usage.csv"

#: What a source cell must start with when it is not a reference.
UNVERIFIED = "unverified"

#: What a source cell of a descriptive name (our translation of the English one) starts with.
TRANSLATION = "translation:"

#: The features whose names describe rather than name them: borders, tripoints, lines and
#: the crossing. Only these may have ``translation:`` cells.
#: The borders are the measured ones (:data:`geo.measure.report.BORDERS`), not a second list.
DESCRIPTIVE = frozenset(
    {
        "agarak_norduz",
        "tripoint_west",
        "tripoint_east",
        *BORDERS,
        "horadiz_aghband",
        "nakhchivan_railway",
        "kars_dilucu",
        "aras_corridor",
    }
)


@dataclass(frozen=True)
class Name:
    """One feature's name in every language, with the source of each."""

    id: str
    names: dict[str, str]
    sources: dict[str, str]
    cldr_territory: str = ""
    note: str = ""

    def unverified(self) -> list[str]:
        """Return the languages whose name no source backs."""
        return [lang for lang in LANGUAGES if self.sources[lang].startswith(UNVERIFIED)]


def _rows(path: Any, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """Return the rows of a names file (``load_csv``), refusing an empty ``required`` field."""
    rows = load_csv(path, required)
    for line, row in rows:
        empty = [f for f in required if not row[f].strip()]
        if empty:
            raise SourceError(f"{path}: line {line} has no {empty[0]}")
    return rows


@cache
def load_names(path: Any = NAMES_FILE) -> dict[str, Name]:
    """Read the names table, by feature id.

    Raises
    ------
    SourceError
        If the file is missing, a field is missing or empty, an id repeats, a
        ``CLDR`` cell has no ``cldr_territory``, or a feature outside :data:`DESCRIPTIVE`
        has a ``translation:`` cell.
    """
    sources = [f"source_{lang}" for lang in LANGUAGES]
    out: dict[str, Name] = {}
    for line, row in _rows(path, ["id", *LANGUAGES, *sources]):
        fid = row["id"].strip()
        if fid in out:
            raise SourceError(f"{path}: line {line}: id {fid!r} is listed twice")
        name = Name(
            id=fid,
            names={lang: row[lang].strip() for lang in LANGUAGES},
            sources={lang: row[f"source_{lang}"].strip() for lang in LANGUAGES},
            cldr_territory=row.get("cldr_territory", "").strip(),
            note=row.get("note", "").strip(),
        )
        if "CLDR" in name.sources.values() and not name.cldr_territory:
            raise SourceError(f"{path}: line {line}: a CLDR name needs cldr_territory")
        translated = [lang for lang in LANGUAGES if name.sources[lang].startswith(TRANSLATION)]
        if translated and fid not in DESCRIPTIVE:
            raise SourceError(
                f"{path}: line {line}: {fid!r} is a place name, so its {translated[0]} name "
                f"needs a reference, not '{TRANSLATION}'"
            )
        out[fid] = name
    return out


@cache
@cache
def load_usage(path: Any = USAGE_FILE) -> dict[str, list[dict[str, Any]]]:
    """Read whose name each contested name is: ``{id: [{"usage", "names", "source"}]}``.

    Raises
    ------
    SourceError
        If a field is missing or empty, or a row names a feature the names table lacks.
    """
    known = load_names()
    out: dict[str, list[dict[str, Any]]] = {}
    for line, row in _rows(path, ["id", "usage", *LANGUAGES, "source"]):
        fid = row["id"].strip()
        if fid not in known:
            raise SourceError(f"{path}: line {line}: {fid!r} is not in {NAMES_FILE}")
        out.setdefault(fid, []).append(
            {
                "usage": row["usage"].strip(),
                "names": {lang: row[lang].strip() for lang in LANGUAGES},
                "source": row["source"].strip(),
            }
        )
    return out


def name_properties(fid: str) -> dict[str, str]:
    """Return a layer feature's ``name_hy`` … ``name_fa`` (empty if the table lacks it)."""
    name = load_names().get(fid)
    if name is None:
        return {}
    return {f"name_{lang}": name.names[lang] for lang in LANGUAGES if lang != "en"}


def unverified_cells(path: Any = NAMES_FILE) -> tuple[int, int]:
    """Return how many name cells no source backs, and how many cells there are."""
    table = load_names(path)
    return sum(len(name.unverified()) for name in table.values()), len(table) * len(LANGUAGES)


def page_names() -> dict[str, dict[str, str]]:
    """Return every feature's names for the page: ``{id: {lang: name}}``."""
    return {fid: dict(name.names) for fid, name in load_names().items()}
