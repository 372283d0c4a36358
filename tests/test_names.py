"""The names table: every feature named in six languages, each name with its source."""

from __future__ import annotations

import csv
import importlib.util
import io
import re
import subprocess
import sys

import pytest
from helpers import ROOT

from geo.page import names
from geo.page.names import LANGUAGES

TOOL = ROOT / "scripts" / "cldr.py"


def test_every_layer_feature_with_a_name_is_in_the_table(layers):
    table = names.load_names()
    wanted = {
        f.properties["id"]
        for layer in ("armenia", "azerbaijan", "nakhichevan", "syunik", "neighbours", "places")
        for f in layers[layer]
    }
    assert wanted - set(table) == set()


def test_every_name_has_a_source_and_english_keeps_the_project_names(layers):
    table = names.load_names()
    for name in table.values():
        assert all(name.names[lang] and name.sources[lang] for lang in LANGUAGES), name.id
    places = {f.properties["id"]: f.properties["name"] for f in layers["places"]}
    assert {fid: table[fid].names["en"] for fid in places} == places


def test_cldr_cells_and_blocks_still_equal_babel():
    """scripts/cldr.py --check compares the committed data with the pinned babel's CLDR."""
    if importlib.util.find_spec("babel") is None:
        pytest.fail("babel is missing: install the test extra (pip install -e '.[test]')")
    result = subprocess.run(
        [sys.executable, str(TOOL), "--check"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_a_changed_cldr_cell_is_caught(tmp_path, monkeypatch):
    spec = importlib.util.spec_from_file_location("cldr_tool", TOOL)
    assert spec and spec.loader
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    text = (ROOT / "geo" / "data" / "names.csv").read_text(encoding="utf-8")
    assert tool.names_csv(text) == text
    broken = text.replace(",Армения,", ",Армениа,", 1)
    assert broken != text and tool.names_csv(broken) == text


def test_contested_names_say_whose_usage_they_are():
    usage = names.load_usage()
    assert {u["usage"] for u in usage["karki"]} == {"armenian", "azerbaijani_turkish"}
    tigranashen = next(u for u in usage["karki"] if u["usage"] == "armenian")
    assert tigranashen["names"]["hy"] == "Տիգրանաշեն"


def test_a_row_without_a_source_is_a_one_line_error(tmp_path):
    path = tmp_path / "names.csv"
    rows = list(csv.reader(io.StringIO((ROOT / "geo" / "data" / "names.csv").read_text("utf-8"))))
    rows[1][rows[0].index("source_hy")] = ""
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    with pytest.raises(names.SourceError, match=r"names.csv: line 2 has no source_hy$"):
        names.load_names.__wrapped__(path)


def test_the_glossary_gives_each_side_a_source_and_every_language_a_neutral_term():
    text = (ROOT / "geo" / "data" / "glossary.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert rows
    for row in rows:
        for side in ("armenian", "azerbaijani_turkish", "russian", "iranian"):
            assert row[f"{side}_usage"] and row[f"{side}_source"], (row["term_id"], side)
        assert all(row[f"neutral_{lang}"] for lang in LANGUAGES), row["term_id"]


def test_the_layers_carry_each_feature_s_names_in_the_other_languages(layers):
    table = names.load_names()
    for layer in ("armenia", "azerbaijan", "nakhichevan", "syunik", "neighbours", "places"):
        for feature in layers[layer]:
            props = feature.properties
            expected = table[props["id"]].names
            got = {lang: props.get(f"name_{lang}") for lang in LANGUAGES[1:]}
            assert got == {lang: expected[lang] for lang in LANGUAGES[1:]}, props["id"]


def test_the_readme_gives_the_table_s_count_of_unverified_cells():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(r"\((\d+) of (\d+) cells unverified", " ".join(text.split()))
    assert found, "README.md: no '(N of M cells unverified' in the Names paragraph"
    assert (int(found[1]), int(found[2])) == names.unverified_cells()


def test_a_translation_cell_for_a_place_name_is_a_one_line_error(tmp_path):
    path = tmp_path / "names.csv"
    rows = list(csv.reader(io.StringIO((ROOT / "geo" / "data" / "names.csv").read_text("utf-8"))))
    line = next(i for i, row in enumerate(rows) if row[0] == "meghri")
    rows[line][rows[0].index("source_tr")] = "translation: of the English name"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    expected = rf"names.csv: line {line + 1}: 'meghri' is a place name, so its tr name needs"
    with pytest.raises(names.SourceError, match=expected):
        names.load_names.__wrapped__(path)


def test_only_descriptive_names_are_translations_and_all_of_them_are_in_the_table():
    table = names.load_names()
    assert names.DESCRIPTIVE <= set(table)
    for name in table.values():
        translated = [s for s in name.sources.values() if s.startswith(names.TRANSLATION)]
        assert not translated or name.id in names.DESCRIPTIVE, name.id


@pytest.mark.parametrize(("lang", "usage_word"), [("en", "Armenian usage"), ("ru", None)])
def test_a_contested_feature_s_popup_gives_each_side_s_name_with_whose_it_is(lang, usage_word):
    """Syunik's popup has a Names row: Syunik (Armenian usage); Zangezur (Azerbaijani and ...)."""
    from helpers import LAYERS_DIR

    from geo.layerfiles.geojson import read_layer_files
    from geo.page import i18n
    from geo.page.popups import popup, rendered

    layers = read_layer_files(LAYERS_DIR)
    (syunik,) = layers["syunik"]
    english = i18n.english_catalogue(layers)
    words = english if lang == "en" else i18n.catalogue(lang, english)
    rows = dict(rendered(popup(syunik), words, names.page_names(), lang)["rows"])
    label = words["ui.popup.names"]
    entries = names.load_usage()["syunik"]
    want = "; ".join(f"{e['names'][lang]} ({words['ui.usage.' + e['usage']]})" for e in entries)
    assert rows[label] == want
    assert len(entries) == 2 and "Zangezur" in names.load_usage()["syunik"][1]["names"]["en"]
    if usage_word:
        assert usage_word in rows[label]
