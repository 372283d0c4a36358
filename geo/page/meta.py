"""The page's description for search engines and link previews, as ``<meta>`` tags.

A file opened from disk or shared in a chat gets its preview text from these:
``description``, Open Graph's ``og:title``, ``og:description`` and ``og:type``, and
the ``twitter:`` card. They are in the page's default language (``map --lang``),
from the catalogue: the document's title, the panel's first sentence and its "as
of" date. No ``og:image``: the page is one offline file, and an image URL would
name a host.
"""

from __future__ import annotations

import html
import re
from typing import Any

from geo.page import i18n

_FIRST_SENTENCE = re.compile(r"^(.+?[.!?։。؟])(\s|$)")


def first_sentence(text: str) -> str:
    """Return the first sentence of ``text`` with its spaces folded (all of it if one)."""
    flat = " ".join(text.split())
    match = _FIRST_SENTENCE.match(flat)
    return match.group(1) if match else flat


def description(data: dict[str, Any]) -> str:
    """Return the page's one-paragraph description: the panel's first sentence and its date."""
    panel = data.get("panel", {})
    intro = i18n.page_text(data, "panel.intro") or str(panel.get("intro") or "")
    parts = [first_sentence(intro)] if intro.strip() else []
    as_of = panel.get("as_of")
    if isinstance(as_of, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", as_of):
        words = _words(data)
        line = i18n.render(words.get("ui.panel.as_of", "{date}"), date=i18n.date_text(as_of, words))
        parts.append(line if line.endswith((".", "։", "。")) else line + ".")
    return " ".join(parts)


def _words(data: dict[str, Any]) -> dict[str, str]:
    data_i18n = data.get("i18n", {})
    catalogues = i18n.unpack(data_i18n.get("catalogues", {}))
    return {**catalogues.get("en", {}), **catalogues.get(data_i18n.get("default", "en"), {})}


def head_tags(data: dict[str, Any]) -> list[str]:
    """Return the ``<meta>`` tags of the page's description, escaped, one a line."""
    title = i18n.page_text(data, "ui.page.document_title")
    text = description(data)
    tags = [
        ("name", "description", text),
        ("property", "og:title", title),
        ("property", "og:description", text),
        ("property", "og:type", "website"),
        ("name", "twitter:card", "summary"),
        ("name", "twitter:title", title),
        ("name", "twitter:description", text),
    ]
    return [
        f'<meta {attr}="{key}" content="{html.escape(value, quote=True)}">'
        for attr, key, value in tags
        if value
    ]
