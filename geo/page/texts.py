"""Texts that the page writes in the reader's language: catalogue keys with their values.

A popup's labels and values and the credits line are made of these, so the page
(``core/text.js``) writes them in whichever language the reader picks, and Python
writes them for the faces that have one language (the folium map, the figure).
A text is one of:

``"plain"``
    Data as it is (a source's credit, a licence's name, a value without words).
``{"k": key, "p": {name: text, ...}}``
    The catalogue's text of ``key`` with its ``{name}`` placeholders filled
    (``p`` optional; a key a language lacks is read from English).
``{"n": number, "f": decimals}``
    A number, grouped, in the language's digits and marks.
``{"d": "YYYY-MM-DD"}``
    A date in the language's pattern (``YYYY`` and ``YYYY-MM`` too).
``{"nm": feature id, "t": text}``
    A feature's name in the language (``geo/data/names.csv``); ``t`` in English
    (the layer's own name) and where the table has none.
``{"u": feature id}``
    Each side's name of a contested feature with whose name it is
    (``geo/data/name_usage.csv``), ``ui.popup.name_usage`` each, joined by ``; ``.
``{"j": [text, ...], "s": separator}``
    Texts joined by ``s``.

Everything rendered is plain text: the page inserts it with ``textContent``.
"""

from __future__ import annotations

from typing import Any

from geo.page import i18n
from geo.page import names as names_module

Text = Any  # str | dict[str, Any]: the forms above


def key(name: str, /, **params: Text) -> dict[str, Any]:
    """Return the text of a catalogue key with its placeholders' texts."""
    return {"k": name, "p": params} if params else {"k": name}


def number(value: float, decimals: int) -> dict[str, Any]:
    """Return a number to write with ``decimals`` digits after the mark."""
    return {"n": round(float(value), decimals) if decimals else round(float(value)), "f": decimals}


def date(iso: str) -> dict[str, str]:
    """Return a date to write in the language's pattern."""
    return {"d": iso}


def usages(fid: str) -> dict[str, str]:
    """Return the text of each side's name of feature ``fid``, with whose name it is."""
    return {"u": fid}


def joined(parts: list[Text], separator: str) -> Text:
    """Return texts joined by ``separator`` (the one text itself when alone)."""
    return parts[0] if len(parts) == 1 else {"j": parts, "s": separator}


def _number(value: float, decimals: int, words: dict[str, str]) -> str:
    text = f"{value:,.{decimals}f}".replace(",", "\0").replace(
        ".", words.get("number.decimal", ".")
    )
    text = text.replace("\0", words.get("number.group", ","))
    digits = words.get("number.digits", "0123456789")
    return text.translate(str.maketrans("0123456789", digits)) if len(digits) == 10 else text


def number_text(value: float, words: dict[str, str]) -> str:
    """Write a number as the page's ``i18n.number(value)`` does.

    Up to 3 decimals, in the language's digits, decimal mark and grouping (``words``: the
    language's catalogue).
    """
    decimals = len(f"{value:.3f}".rstrip("0").split(".")[1])
    return _number(float(value), decimals, words)


def render(
    text: Text,
    words: dict[str, str],
    names: dict[str, dict[str, str]] | None = None,
    lang: str = "en",
) -> str:
    """Write a text in the language of the catalogue ``words`` (English keys beneath it).

    Parameters
    ----------
    text
        One of the forms of this module.
    words
        The language's catalogue, with English for the keys it lacks.
    names
        Every feature's names by language (:func:`geo.page.names.page_names`).
    lang
        The language's code, for ``names``.
    """
    if isinstance(text, str):
        return text
    if isinstance(text, dict):
        for form, write in _FORMS.items():
            if form in text:
                return write(text, words, names or {}, lang)
    return ""


def _key(text: dict[str, Any], words: dict[str, str], names: Any, lang: str) -> str:
    params = {name: render(value, words, names, lang) for name, value in text.get("p", {}).items()}
    return i18n.bidi_marked(i18n.render(words.get(text["k"], text["k"]), **params), lang)


def _name(text: dict[str, Any], words: dict[str, str], names: Any, lang: str) -> str:
    own = "" if lang == "en" else names.get(str(text["nm"]), {}).get(lang, "")
    return own or str(text.get("t", ""))


def _usages(text: dict[str, Any], words: dict[str, str], names: Any, lang: str) -> str:
    entries = names_module.load_usage().get(str(text["u"]), [])
    return "; ".join(
        i18n.render(
            words.get("ui.popup.name_usage", "{name} ({usage})"),
            name=e["names"].get(lang) or e["names"]["en"],
            usage=words.get(f"ui.usage.{e['usage']}", e["usage"]),
        )
        for e in entries
    )


def _join(text: dict[str, Any], words: dict[str, str], names: Any, lang: str) -> str:
    return str(text.get("s", "")).join(render(t, words, names, lang) for t in text["j"])


_FORMS = {
    "k": _key,
    "n": lambda text, words, names, lang: _number(float(text["n"]), int(text["f"]), words),
    "d": lambda text, words, names, lang: i18n.date_text(str(text["d"]), words),
    "nm": _name,
    "u": _usages,
    "j": _join,
}


def english(text: Text) -> str:
    """Write a text in English."""
    return render(text, i18n.english_catalogue())
