"""The page's description and link-preview tags (issue 20, item 4).

``<meta name="description">``, ``og:title``, ``og:description``, ``og:type``,
``twitter:card``, ``twitter:title`` and ``twitter:description``: in the page's default
language, from the catalogue (the document's title, the panel's first sentence, its
"as of" date), escaped, and naming no host (no ``og:image``: the file is offline).
"""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from geo.page import html as page
from geo.page import i18n, meta, model

WANTED = (
    ("name", "description"),
    ("property", "og:title"),
    ("property", "og:description"),
    ("property", "og:type"),
    ("name", "twitter:card"),
    ("name", "twitter:title"),
    ("name", "twitter:description"),
)


class HeadMeta(HTMLParser):
    """Collect the ``<meta>`` tags of ``<head>`` as (attribute, key) -> [content, ...]."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = False
        self.tags: dict[tuple[str, str], list[str]] = {}
        self.outside: list[dict[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        """Note a ``<meta>`` tag's key and content, and where it stands."""
        attrs_d = dict(attrs)
        if tag == "head":
            self.in_head = True
        if tag != "meta":
            return
        if not self.in_head:
            self.outside.append(attrs_d)
        for attr in ("name", "property"):
            if attrs_d.get(attr):
                self.tags.setdefault((attr, attrs_d[attr]), []).append(attrs_d.get("content"))

    def handle_endtag(self, tag):
        """Leave ``<head>``."""
        if tag == "head":
            self.in_head = False


def head_meta(text: str) -> HeadMeta:
    parser = HeadMeta()
    parser.feed(text)
    return parser


@pytest.fixture(scope="module")
def pages(layers):
    """Return the page opening in Armenian (``map --lang hy``), and the same in English.

    The page's data holds every language; only its default differs (built once: it is
    the costly part).
    """
    data = model.page_data(layers, lang="hy")
    english = {**data, "i18n": {**data["i18n"], "default": "en"}}
    return {"hy": page.html_page(data), "en": page.html_page(english)}


@pytest.mark.parametrize("lang", ["en", "hy"])
def test_the_page_describes_itself_in_its_language(pages, lang):
    found = head_meta(pages[lang])
    assert not found.outside
    for key in WANTED:
        assert len(found.tags.get(key, [])) == 1, key
    tags = {key: values[0] for key, values in found.tags.items()}
    words = {**i18n.english_catalogue(), **i18n.catalogue(lang)}
    title = words["ui.page.document_title"]
    assert tags["property", "og:title"] == tags["name", "twitter:title"] == title
    text = tags["name", "description"]
    assert tags["property", "og:description"] == tags["name", "twitter:description"] == text
    assert text.startswith(meta.first_sentence(words["panel.intro"]))
    as_of = model.panel_data()["as_of"]
    assert i18n.date_text(as_of, words) in text
    assert 80 <= len(text) <= 400
    assert tags["property", "og:type"] == "website"
    assert tags["name", "twitter:card"] == "summary"
    assert not any(k[1].startswith(("og:image", "twitter:image")) for k in found.tags)
    for value in tags.values():
        assert "://" not in value and "www." not in value  # names no host


def test_the_tags_are_escaped_and_read_back_as_written():
    intro = "He said \"a<b\" & 'c' </title><script>x()</script>. A second sentence."
    words = {**i18n.catalogue("en"), "panel.intro": intro, "ui.page.document_title": 'T "&" <T>'}
    data = {
        "i18n": {"default": "en", "catalogues": i18n.pack({"en": words})},
        "panel": {"as_of": "2026-06-26"},
    }
    tags = meta.head_tags(data)
    joined = "\n".join(tags)
    assert "<script>" not in joined and "</title>" not in joined
    assert all(t.count('"') == 4 for t in tags)  # two attributes, each quoted once
    found = head_meta(f"<head>{joined}</head>").tags
    assert found["property", "og:title"] == ['T "&" <T>']
    description = found["name", "description"][0]
    assert description.startswith("He said \"a<b\" & 'c' </title><script>x()</script>.")
    assert "second sentence" not in description
    assert description.endswith("Facts as of 26 June 2026.")
