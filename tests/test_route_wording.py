"""The interface names the route with the glossary's neutral term, never "corridor" (issue 19).

geo/data/glossary.csv, row route_corridor: "corridor" is one side's word for the route
(Zangezur corridor), used only inside a quoted name with whose name it is. The interface's
own words (ui.*, the layer list, the legend) say "route" in every language; the Lachin
corridor (a corridor by the 2020 statement) and quoted names keep the word.
"""

import csv
import re

import pytest

from geo.page import i18n

#: The word "corridor" in each language, as the glossary's usage columns write it.
CORRIDOR = {
    "en": r"corridor",
    "hy": r"միջանցք",
    "az": r"dəhliz",
    "ru": r"коридор",
    "tr": r"koridor",
    "fa": r"کریدور|دالان",
}
#: Where the word stays: the Lachin corridor, and the Zangezur corridor as a quoted name.
KEEP = re.compile(r"lachin|лачин|լաչին|laçın|لاچین|zangezur|зангезур|زنگزور", re.IGNORECASE)


@pytest.fixture(scope="module")
def english():
    return i18n.english_catalogue()


def test_the_glossary_chooses_route_not_corridor():
    with open(i18n.DATA / "glossary.csv", encoding="utf-8", newline="") as f:
        row = next(r for r in csv.DictReader(f) if r["term_id"] == "route_corridor")
    for lang, word in CORRIDOR.items():
        assert not re.search(word, row[f"neutral_{lang}"], re.IGNORECASE), lang


@pytest.mark.parametrize("lang", list(CORRIDOR))
def test_the_interface_says_route_where_it_names_the_route(english, lang):
    words = english if lang == "en" else i18n.catalogue(lang, english)
    found = [
        (key, text)
        for key, text in words.items()
        if key.startswith(("ui.", "layer.", "legend."))
        and re.search(CORRIDOR[lang], text, re.IGNORECASE)
        and not KEEP.search(text)
    ]
    assert not found, (lang, found)
