"""Every translation is complete and keeps the English text's facts (issue 19).

The checks are geo.page.i18n's: every key of the English catalogue in each language
(with that language's plural forms), no key that English lacks, no English interface word
left in, every number and date of the English text, and panel word counts within 25 %.
Words that every language writes alike (names, acronyms, key names) are data in
geo/data/i18n/languages.toml (``keep_words``).
"""

import re

import pytest
from helpers import LAYERS_DIR

from geo.io.datafiles import load_toml
from geo.layerfiles.geojson import read_layer_files
from geo.page import i18n

LANGS = ["hy", "az", "ru", "tr", "fa"]
CLDR_PREFIXES = ("language.", "date.", "number.", "plural.", "country.")


@pytest.fixture(scope="module")
def english():
    # with the layers: their notes, methods and other names (feature.<id>.<property>) are
    # shown in the popups, so each language must translate them too
    return i18n.english_catalogue(read_layer_files(LAYERS_DIR))


def _keep_words() -> list[str]:
    data = load_toml(i18n.I18N_DIR / "languages.toml")
    return list(data.get("keep_words", []))


@pytest.mark.parametrize("lang", LANGS)
def test_translation_is_complete_and_keeps_the_facts(english, lang):
    other = i18n.catalogue(lang, english)
    prose = {k: v for k, v in other.items() if not k.startswith(CLDR_PREFIXES)}
    categories = other["plural.categories"].split()
    found = i18n.problems(english, prose, categories, keep=_keep_words())
    # CLDR keys are data, not translations: their absence from `prose` is not a gap.
    found = [
        p
        for p in found
        if not p.startswith("missing key") or not p.split()[-1].startswith(CLDR_PREFIXES)
    ]
    assert found == [], f"{lang}: {len(found)} problems, first: {found[:5]}"


def test_a_damaged_translation_is_caught(english):
    other = dict(i18n.catalogue("ru", english))
    key = next(k for k in english if k.startswith("panel.") and i18n.numbers(english[k]))
    other[key] = "текст без чисел"
    prose = {k: v for k, v in other.items() if not k.startswith(CLDR_PREFIXES)}
    found = i18n.problems(english, prose, other["plural.categories"].split(), keep=_keep_words())
    assert any("lacks the number" in p for p in found)


#: The languages whose CLDR digits are not ASCII (Persian: ۰۱۲۳۴۵۶۷۸۹).
OWN_DIGITS = [lang for lang in LANGS if i18n.cldr(lang)["number.digits"] != "0123456789"]


@pytest.mark.parametrize("lang", OWN_DIGITS)
def test_a_language_with_its_own_digits_writes_its_numbers_in_them(english, lang):
    other = i18n.catalogue(lang, english)
    prose = {k: v for k, v in other.items() if not k.startswith(CLDR_PREFIXES)}
    found = i18n.ascii_numbers(prose)
    assert found == [], f"{lang}: {len(found)} numbers in ASCII digits, first: {found[:5]}"


def _abbreviations() -> dict[str, list[str]]:
    data = load_toml(i18n.I18N_DIR / "languages.toml")
    return {e["code"]: e["abbreviations"] for e in data["language"] if "abbreviations" in e}


@pytest.mark.parametrize("lang", sorted(_abbreviations()))
def test_a_latin_full_stop_after_a_letter_of_the_language_ends_an_abbreviation(english, lang):
    allowed = set(_abbreviations()[lang])
    other = i18n.catalogue(lang, english)
    found = [
        (key, word)
        for key, text in sorted(other.items())
        for word in re.findall(r"\w+\.(?=\s|$|[,;)])", text)
        if re.search(r"[\u0531-\u0587]\.$", word) and word not in allowed
    ]
    assert found == [], f"{lang}: {len(found)} full stops, first: {found[:5]}"
