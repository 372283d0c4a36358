"""The layers' own notes, methods and other names reach the popups in every language.

A layer feature's ``note``, ``method`` and ``other_names`` are keyed
``feature.<id>.<property>`` (or by a data file's key with the same text); a popup must
carry the key, not the English text, so that a reader of another language reads them in it.
"""

import pytest
from helpers import LAYERS_DIR

from geo.layerfiles.geojson import read_layer_files
from geo.page import i18n, names, popups

LANGS = ["hy", "az", "ru", "tr", "fa"]


@pytest.fixture(scope="module")
def layers():
    return read_layer_files(LAYERS_DIR)


def _shown(layers, lang: str) -> list[tuple[str, str, str]]:
    english = i18n.english_catalogue(layers)
    words = {**english, **i18n.catalogue(lang, english)}
    table = names.page_names()
    out = []
    for features in layers.values():
        for feature in features:
            p = feature.properties
            parts = [k for k in i18n.FEATURE_PROPERTIES if isinstance(p.get(k), str)]
            if not parts:
                continue
            shown = popups.rendered(popups.popup(feature), words, table, lang)
            values = [v for _, v in shown["rows"] + shown["details"]]
            out += [(str(p["id"]), k, str(p[k])) for k in parts if str(p[k]) in values]
    return out


@pytest.mark.parametrize("lang", LANGS)
def test_no_layer_prose_is_left_in_english(layers, lang):
    left = _shown(layers, lang)
    assert left == [], f"{lang}: {len(left)} layer texts shown in English, first: {left[:3]}"


def test_english_popups_show_the_layer_prose(layers):
    # the English page shows them as they are: the check above can fail
    assert len(_shown(layers, "en")) >= 10
