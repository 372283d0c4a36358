"""The page and the figure in a chosen language: --lang, <html lang dir>, names and glyphs."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest
from helpers import LAYERS_DIR, run_main

from geo.errors import OutputError
from geo.face import export
from geo.page import html as page
from geo.page import model


@pytest.mark.parametrize("command", [["map"], ["export", "--format", "png"]])
def test_a_bad_language_code_is_one_line_naming_the_codes(tmp_path, command):
    out = tmp_path / "out"
    result = run_main(*command, "--output", str(out), "--lang", "de")
    assert result.returncode == 1
    assert result.stderr == (
        "error: de: unknown language code (the codes that exist: en, hy, az, ru, tr, fa)\n"
    )
    assert not out.exists()


@pytest.mark.parametrize(
    ("lang", "tag"), [("en", '<html lang="en">'), ("fa", '<html lang="fa" dir="rtl">')]
)
def test_the_static_html_follows_the_default_language(layers, lang, tag):
    data = model.page_data(layers, lang=lang)
    html = page.html_page(data)
    assert tag in html
    assert data["i18n"]["default"] == lang
    assert set(data["i18n"]["catalogues"]["values"]) == {"en", "hy", "az", "ru", "tr", "fa"}
    assert data["i18n"]["names"]["karki"]["hy"] == "Տիգրանաշեն"


@pytest.fixture(scope="module")
def figure_inputs():
    """Return the cleaned frames and the page's model in each language, built once.

    The display geometry does not depend on the language: it is cleaned for the
    first language and handed to the others as it is.
    """
    clean = model.display_of
    cleaned: list = []

    def cleaned_once(*args, **kwargs):
        if not cleaned:
            cleaned.append(clean(*args, **kwargs))
        return cleaned[0]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(model, "display_of", cleaned_once)
        inputs = {
            lang: export._inputs(LAYERS_DIR, cleaned=True, lang=lang) for lang in ("hy", "fa", "ru")
        }
    assert len(cleaned) == 1
    return inputs


@pytest.mark.parametrize(
    ("lang", "name", "month"),
    [("hy", "Մեղրի", "հունիսի"), ("fa", "مغری", "ژوئن"), ("ru", "Мегри", "июня")],
)
def test_the_figure_draws_the_names_in_its_language_with_real_glyphs(
    figure_inputs, lang, name, month
):
    """A missing glyph would warn, and warnings are errors in this suite.

    Place names are drawn with a halo, which the PDF keeps as outlines, so they are
    checked in the figure; the "as of" line is PDF text.
    """
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    frames, data = figure_inputs[lang]
    fig = export.draw_figure(frames, data)
    pdf = export.figure_bytes(fig, "pdf", export._as_of_datetime("2026-06-08"))
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode("utf-8")
    assert month in text
    labels = [t.get_text() for t in fig.axes[0].texts]
    assert name in labels
    assert "Meghri" not in labels


def test_a_font_without_the_glyphs_is_a_one_line_error():
    with pytest.raises(OutputError, match=r"^figure: no font .* has the glyphs '\U0001f9ff'$"):
        export.figure_font(["Մեղրի \U0001f9ff"])


def test_persian_figure_text_starts_at_the_right(figure_inputs):
    fig = export.draw_figure(*figure_inputs["fa"])
    title = next(t for t in fig.texts if t.get_fontsize() == 17)
    assert title.get_horizontalalignment() == "right"
    assert re.search(r"[۰-۹]", next(t.get_text() for t in fig.texts if t.get_fontsize() == 10))


def test_persian_figure_writes_its_numbers_in_persian_and_lays_the_route_out_right_to_left(
    figure_inputs,
):
    fig = export.draw_figure(*figure_inputs["fa"])
    labels = [t.get_text() for t in fig.axes[0].texts]
    route = next(t for t in labels if "TRIPP" in t)
    # a right-to-left mark first (libraqm takes the direction from the first letter) and
    # after TRIPP (so the number keeps the sentence's direction); the length in Persian
    assert route.startswith("\u200fTRIPP\u200f") and re.search(r"[۰-۹]", route), route
    scale = [t for t in labels if t.endswith("کیلومتر")]
    assert scale and re.fullmatch(r"\u200f?[۰-۹]+\s?کیلومتر", scale[0]), scale
    assert "۰" in labels and not any(re.search(r"[0-9]", t) for t in labels), labels
