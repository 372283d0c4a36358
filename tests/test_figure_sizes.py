"""Figures for articles and social media: ``export --format png --size WxH`` (issue 20, item 4).

Each size is exactly its pixels and carries, on the map itself, the names of the
countries, the route's label ("illustrative"), the "as of" date and the credits, each
wholly inside the figure and the map's names clear of each other and of the legend.
The texts are read from the figure's matplotlib text artists (the names have a white
halo, drawn as outlines in a PDF, so pdftotext would not find them). The quick run draws
the smallest size once; every size, in English and Russian, is in the slow run.
"""

from __future__ import annotations

import io
import unicodedata

import pytest
from helpers import LAYERS_DIR, run_cli

from geo.errors import SizeError
from geo.face import sizes
from geo.page import i18n

#: The names of the first view the figure must carry (labels.csv ids).
NAMES = ("armenia_local", "azerbaijan_local", "nakhchivan_local", "iran_local", "route")


@pytest.mark.parametrize(
    ("text", "want"),
    [("1200x675", (1200, 675)), (" 1080X1080 ", (1080, 1080)), ("320×4000", (320, 4000))],
)
def test_a_size_is_two_whole_numbers_of_pixels(text, want):
    assert sizes.parse_size(text) == want


@pytest.mark.parametrize(
    "text",
    [
        "",
        "1200",
        "1200x",
        "x675",
        "1200x675x2",
        "-1200x675",
        "12.5x675",
        "319x675",
        "1200x4001",
        "1200 x 675\n",
        "٣٢٠x٣٢٠",
    ],
)
def test_a_bad_size_is_one_line_naming_the_option_and_the_limits(text):
    with pytest.raises(SizeError) as caught:
        sizes.parse_size(text)
    message = str(caught.value)
    assert message.startswith("--size: expected WxH with 320..4000 px each")
    assert "\n" not in message


def test_the_command_refuses_a_bad_size_in_one_line_before_any_work(tmp_path):
    out = tmp_path / "f.png"
    result = run_cli("export", "--format", "png", "--size", "100x100", "--output", str(out))
    assert result.returncode == 1
    assert result.stderr == "error: --size: expected WxH with 320..4000 px each, got '100x100'\n"
    assert not out.exists()


def test_the_common_sizes_are_offered_and_the_default_is_the_report():
    assert sizes.DEFAULT_PX == (1920, 1440)
    wanted = {(1200, 675), (1080, 1080), (1920, 1080), (1920, 1440)}
    assert wanted <= set(sizes.COMMON_PX.values())


# ---------------------------------------------------------------- drawn figures


@pytest.fixture(scope="module")
def inputs():
    from geo.face import export

    return {"en": export._inputs(LAYERS_DIR, cleaned=True)}


def inputs_of(inputs, lang):
    from geo.face import export

    if lang not in inputs:
        inputs[lang] = export._inputs(LAYERS_DIR, cleaned=True, lang=lang)
    return inputs[lang]


def squeeze(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().split())


def drawn_texts(fig, renderer):
    """Every visible text of the figure but the legend's with its box in pixels.

    (The legend's own texts are laid out only when it is drawn; the legend as a whole
    is checked by its box.)
    """
    from matplotlib.text import Text

    legend = fig.axes[0].get_legend()
    inner = set(legend.findobj(Text)) if legend else set()
    out = []
    for text in fig.findobj(Text):
        if text not in inner and text.get_visible() and text.get_text().strip():
            out.append((text.get_text(), text.get_window_extent(renderer)))
    return out


def check_figure(frames, data, lang, size_px, *, png=True):
    """Draw the figure at ``size_px``; check its pixels and the texts drawn on it.

    Without ``png`` (the quick run) the pixel size is the figure's, not the file's.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from PIL import Image

    from geo.face import export

    fig = export.draw_figure(frames, data, size_px)
    if png:
        data_png = export.figure_bytes(fig, "png", export._as_of_datetime(export._as_of(data)))
        with Image.open(io.BytesIO(data_png)) as image:
            assert image.size == size_px
    else:
        assert tuple(round(v) for v in fig.get_size_inches() * fig.dpi) == size_px
    renderer = FigureCanvasAgg(fig).get_renderer()
    words = i18n.catalogue(lang)
    english = i18n.english_catalogue()
    params = {label["id"]: label.get("params") or {} for label in data["labels"]}
    texts = drawn_texts(fig, renderer)
    figure_box = (0, 0, size_px[0], size_px[1])
    for drawn, box in texts:
        assert box.x0 >= figure_box[0] - 1 and box.x1 <= figure_box[2] + 1, drawn
        assert box.y0 >= figure_box[1] - 1 and box.y1 <= figure_box[3] + 1, drawn
    by_text = {squeeze(t): box for t, box in texts}
    map_box = fig.axes[0].get_window_extent(renderer)
    names = []
    for name in NAMES:
        template = words.get(f"label.{name}", english[f"label.{name}"])
        want = squeeze(i18n.render(template, **params[name]))
        assert want in by_text, (name, want, sorted(by_text))
        box = by_text[want]
        assert map_box.x0 <= box.x0 and box.x1 <= map_box.x1, name  # on the map itself
        assert map_box.y0 <= box.y0 and box.y1 <= map_box.y1, name
        names.append((name, box))
    legend = fig.axes[0].get_legend()
    if legend is not None:  # where it fits: inside the map, under none of the names
        box = legend.get_window_extent(renderer)
        assert map_box.x0 <= box.x0 and box.x1 <= map_box.x1 + 1 and box.y0 >= map_box.y0 - 1
        names.append(("legend", box))
    for i, (a, box_a) in enumerate(names):
        for b, box_b in names[i + 1 :]:
            assert not box_a.overlaps(box_b), (a, b)
    if lang == "en":
        assert "illustrative" in i18n.render(english["label.route"], **params["route"])
    as_of = i18n.date_text(export._as_of(data), {**english, **words})
    assert any(as_of in t for t, _ in texts), as_of
    credits = [t for t, _ in texts if "OpenStreetMap" in t and "ODbL" in t]
    assert credits and credits[0].count("\n") >= 1  # wrapped to the figure's width
    return fig


def test_a_link_preview_figure_names_the_countries_and_the_route_on_the_map(inputs):
    check_figure(*inputs["en"], "en", (1200, 675), png=False)


@pytest.mark.slow
@pytest.mark.parametrize("lang", ["en", "ru"])
@pytest.mark.parametrize("size", sorted(set(sizes.COMMON_PX.values())))
def test_every_common_size_names_the_countries_and_the_route(inputs, lang, size):
    check_figure(*inputs_of(inputs, lang), lang, size)
