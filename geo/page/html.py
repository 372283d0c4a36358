"""Write the page's model (:mod:`geo.page.model`) as one standalone, offline HTML file.

Everything the page needs is inside it: Leaflet (from the pinned
``XStatic-Leaflet`` package, its images as ``data:`` URIs), our own script and
stylesheet (``geo/static``), and the page data (the display geometry, the texts)
as JSON with its shared borders stored once, gzipped and in base 85
(:mod:`geo.page.pack`). A Content-Security-Policy allows no connection and no
script but the page's own.
The same layers give byte-identical HTML.
"""

from __future__ import annotations

import base64
import hashlib
import html as html_text
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from geo.display.geometry import MAX_ERROR_M
from geo.errors import OutputError, SourceError
from geo.io.atomic import write_text_atomic
from geo.io.files import refuse_overwriting_inputs
from geo.layerfiles.geojson import layer_paths, read_layer_files
from geo.layerfiles.terrain import read_terrain
from geo.page import astext, i18n, meta, pack
from geo.page.model import display_of, page_data
from geo.page.preview import preview_svg

_URL = re.compile(r"url\((['\"]?)([^)'\"]+)\1\)")


@dataclass(frozen=True)
class Asset:
    """A script or stylesheet to inline, with where it came from."""

    name: str
    text: str


def _leaflet_dir() -> Path:
    from xstatic.pkg import leaflet  # noqa: PLC0415

    return Path(leaflet.BASE_DIR)


def inline_css_urls(css: str, base: Path, label: str) -> str:
    """Replace every ``url(...)`` in ``css`` by a ``data:`` URI of the file it names.

    Raises
    ------
    SourceError
        For a URL that is remote or names no file under ``base``.
    """

    def replace(match: re.Match[str]) -> str:
        url = match.group(2)
        if url.startswith(("data:", "#")):  # inline data, or a same-document fragment
            return match.group(0)
        target = (base / url).resolve()
        if "://" in url or url.startswith("//") or not target.is_file():
            raise SourceError(f"{label}: cannot inline url({url})")
        mime = {"png": "image/png", "svg": "image/svg+xml", "gif": "image/gif"}.get(
            target.suffix.lstrip("."), "application/octet-stream"
        )
        payload = base64.b64encode(target.read_bytes()).decode("ascii")
        return f'url("data:{mime};base64,{payload}")'

    return _URL.sub(replace, css)


#: The page's own scripts and stylesheets, and the file that lists them in order.
STATIC_JS = "js"
MANIFEST = "manifest.txt"

#: The closure the build wraps around the script units (as Leaflet's build did).
SCRIPT_INTRO = "(function () {\n'use strict';\n"
SCRIPT_START = "L.Syunik.start();\n"
SCRIPT_OUTRO = "}());\n"


def manifest() -> list[str]:
    """Return the unit files listed in ``geo/static/js/manifest.txt``, in order.

    Raises
    ------
    SourceError
        If the manifest is missing, lists a file twice or lists a file that
        does not exist, or a script or stylesheet of the folder is not listed.
    """
    folder = resources.files("geo") / "static" / STATIC_JS
    label = f"geo/static/{STATIC_JS}/{MANIFEST}"
    try:
        lines = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        raise SourceError(f"{label}: missing") from None
    names = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    for name in names:
        if names.count(name) > 1:
            raise SourceError(f"{label}: lists {name} twice")
        if not name.endswith((".js", ".css")) or not (folder / name).is_file():
            raise SourceError(f"{label}: lists {name}, which is not a script or stylesheet there")
    on_disk = sorted(
        str(path.relative_to(Path(str(folder))))
        for path in Path(str(folder)).rglob("*")
        if path.suffix in (".js", ".css")
    )
    if missing := sorted(set(on_disk) - set(names)):
        raise SourceError(f"{label}: does not list {', '.join(missing)}")
    return names


def unit_text(name: str) -> str:
    """Return one unit file's text (a name from :func:`manifest`)."""
    return (resources.files("geo") / "static" / STATIC_JS / name).read_text(encoding="utf-8")


def without_comments(text: str) -> str:
    """Return a unit's text without its whole-line comments (``//`` lines, ``/* … */`` blocks).

    Only comments that begin a line are dropped, so no string or regular expression is
    touched; the page is smaller by the units' documentation, which stays in the files.
    """
    out = []
    in_block = False
    for line in text.splitlines(keepends=True):
        bare = line.strip()
        if in_block:
            in_block = "*/" not in bare
            continue
        if bare.startswith("//"):
            continue
        if bare.startswith("/*"):
            in_block = "*/" not in bare
            continue
        out.append(line)
    return "".join(out)


def without_indentation(text: str) -> str:
    """Return a unit's text without the spaces and tabs that begin its lines, and blank lines.

    Lines keep their order and their line breaks, so no token, string or automatic
    semicolon changes; a unit with a template literal (a backtick), whose lines may be
    text, is returned as it is. The page is smaller by the units' indentation, which
    stays in the files.
    """
    if "`" in text:
        return text
    return "".join(line.lstrip(" \t") for line in text.splitlines(keepends=True) if line.strip())


def joined_lines(text: str) -> str:
    """Return a unit's text with each line that ends in ``;``, ``{`` or ``,`` joined to the next.

    A break after those three never ends a statement or starts a restricted one, so
    JavaScript's automatic semicolons fall where they did, and in CSS a break is only
    white space. A line holding ``//`` anywhere (a comment at its end, or a URL) keeps
    its break, so no comment can swallow the next line; a unit with a template literal
    (a backtick) is returned as it is.
    """
    if "`" in text:
        return text
    out = []
    for line in text.splitlines(keepends=True):
        bare = line.rstrip("\n")
        joins = line.endswith("\n") and "//" not in bare and bare.rstrip().endswith((";", "{", ","))
        out.append(bare if joins else line)
    return "".join(out)


def _compact(text: str) -> str:
    return joined_lines(without_indentation(without_comments(text)))


def map_script(*, start: bool = True, only: tuple[str, ...] | None = None) -> str:
    """Return the page's script: every unit in manifest order, in one closure.

    With ``start=False`` the units only define their controls and helpers on
    ``L`` and nothing runs; ``only`` keeps just those units (and every
    ``core/`` one), as the folium face does.
    """
    units = "".join(
        _compact(unit_text(name))
        for name in manifest()
        if name.endswith(".js") and (only is None or name in only or name.startswith("core/"))
    )
    return SCRIPT_INTRO + units + (SCRIPT_START if start else "") + SCRIPT_OUTRO


def map_css() -> str:
    """Return the page's stylesheet: every stylesheet unit in manifest order."""
    return "\n".join(_compact(unit_text(name)) for name in manifest() if name.endswith(".css"))


def assets(*, start: bool = True) -> tuple[list[Asset], list[Asset]]:
    """Return the stylesheets and scripts to inline, in order.

    Raises
    ------
    SourceError
        If a file is missing or refers to something that cannot be inlined.
    """
    leaflet = _leaflet_dir()
    static = resources.files("geo") / "static" / STATIC_JS
    try:
        leaflet_css = (leaflet / "leaflet.css").read_text(encoding="utf-8")
        leaflet_js = (leaflet / "leaflet.js").read_text(encoding="utf-8")
        own_css = map_css()
        own_js = map_script(start=start)
    except FileNotFoundError as exc:
        raise SourceError(f"{exc.filename}: missing asset") from None
    styles = [
        Asset("leaflet.css", inline_css_urls(leaflet_css, leaflet, str(leaflet / "leaflet.css"))),
        Asset("map.css", inline_css_urls(own_css, Path(str(static)), "geo/static/js")),
    ]
    for asset in styles:
        if "url(" in _URL.sub("", asset.text):
            raise SourceError(f"{asset.name}: has a url() that cannot be inlined")
    scripts = [Asset("leaflet.js", leaflet_js), Asset("map.js", own_js)]
    for asset in scripts:
        if "</script" in asset.text.lower():
            raise SourceError(f"{asset.name}: contains '</script' and cannot be inlined")
    return styles, scripts


#: How the page data is packed in ``<script id="map-data">`` (see :mod:`geo.page.pack`):
#: shared arcs, gzip, then base 85; the script unpacks it with the browser's
#: ``DecompressionStream``, without a request.
DATA_ENCODING = pack.DATA_ENCODING


def encode_page_data(data: Any) -> str:
    """Return ``data`` as ``#map-data`` carries it (:func:`geo.page.pack.pack_page_data`).

    The same data gives the same text, so the page stays byte-identical across
    builds; the base-85 alphabet has no character that could close the element or
    start markup.
    """
    return pack.pack_page_data(data)


def _sha256(text: str) -> str:
    return (
        "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"
    )


def html_page(data: dict[str, Any], preview: str = "") -> str:
    """Return the whole HTML document for the page data.

    ``preview`` is markup shown in the map's place until the map is ready (and
    without JavaScript): :func:`geo.page.preview.preview_svg`, near the top of the file.
    """
    styles, scripts = assets()
    tile_hosts = sorted({re.match(r"https://[^/]+", t["url"]).group(0) for t in data["tiles"]})  # type: ignore[union-attr]
    csp = "; ".join(
        [
            "default-src 'none'",
            "script-src " + " ".join(_sha256(s.text) for s in scripts),
            "style-src " + " ".join(_sha256(s.text) for s in styles),
            "img-src data: " + " ".join(tile_hosts),
            "connect-src 'none'",
            "font-src 'none'",
            "object-src 'none'",
            "media-src 'none'",
            "frame-src 'none'",
            "worker-src 'none'",
            "base-uri 'none'",
            "form-action 'none'",
        ]
    )
    lang = data.get("i18n", {}).get("default", "en")
    direction = i18n.direction(lang)
    title = i18n.page_text(data, "ui.page.document_title")
    label = i18n.page_text(data, "ui.page.map_label")
    problem = i18n.page_text(data, "ui.page.cannot_unpack")  # shown if the data cannot be read
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"' + (f' dir="{direction}">' if direction != "ltr" else ">"),
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{html_text.escape(title, quote=False)}</title>",
        *meta.head_tags(data),
    ]
    parts += [f"<style>{s.text}</style>" for s in styles]
    parts += [
        "</head>",
        "<body>",
        f'<main id="map" aria-label="{html_text.escape(label)}">{preview}</main>',
        *([astext.page_section(data)] if "map_text" in data else []),
        f'<script type="application/octet-stream" id="map-data" data-encoding="{DATA_ENCODING}"'
        f' data-problem="{html_text.escape(problem)}">{encode_page_data(data)}</script>',
    ]
    parts += [f"<script>{s.text}</script>" for s in scripts]
    parts += ["</body>", "</html>", ""]
    return "\n".join(parts)


#: The page may not be larger than this, in bytes.
MAX_PAGE_BYTES = 1_000_000


def check_map_output(
    output: Path,
    layers_dir: Path,
    annotations: Path | None = None,
    added_files: tuple[Path, ...] = (),
) -> None:
    """Refuse, before any work, an output that is a folder or one of the map's inputs.

    An input is a layer file, the annotations file or an added file, by any
    path (a symlink, ``..``, a hard link: see :func:`geo.io.files.same_file`).

    Raises
    ------
    OutputError
        One line naming the output and the problem.
    """
    output = Path(output)
    if output.is_dir():
        raise OutputError(f"{output}: is a folder, expected an HTML file path")
    inputs = [*layer_paths(Path(layers_dir)), *added_files]
    if annotations is not None:
        inputs.append(Path(annotations))
    refuse_overwriting_inputs(output, inputs, OutputError)


def write_map(
    layers_dir: Path,
    output: Path,
    annotations: Path | None = None,
    extra_layers: list[dict[str, Any]] | None = None,
    added_files: tuple[Path, ...] = (),
    *,
    display_cache: Path | None = None,
    lang: str = "en",
) -> Path:
    """Read the layers, render the page and write it atomically to ``output``.

    Parameters
    ----------
    layers_dir
        Folder of the layer files.
    output
        The HTML file to write (its folder is created if missing).
    annotations
        Panel text file; the shipped one when None.
    extra_layers
        The user's own layers (see :func:`geo.page.model.page_data`).
    added_files
        The files ``extra_layers`` came from, named if the page is too large.
    display_cache
        Folder of the display geometry's cache (see :func:`geo.page.model.display_of`);
        None for none.
    lang
        The language the page opens in (see :func:`geo.page.model.page_data`).

    Raises
    ------
    LayerError
        If a layer is missing or invalid.
    OutputError
        If ``output`` is a folder or cannot be written, or the page would be
        larger than :data:`MAX_PAGE_BYTES` (nothing is written).
    LanguageError
        If ``lang`` is not one of the page's languages (nothing is read or written).
    """
    output = Path(output)
    check_map_output(output, layers_dir, annotations, added_files)
    i18n.language(lang)
    layers = read_layer_files(Path(layers_dir))
    terrain = read_terrain(Path(layers_dir))
    shown = display_of(layers, MAX_ERROR_M, display_cache)
    data = page_data(
        layers, annotations, extra_layers=extra_layers, shown=shown, terrain=terrain, lang=lang
    )
    html = html_page(data, preview_svg(data, layers))
    size = len(html.encode("utf-8"))
    if size > MAX_PAGE_BYTES:
        added = ", ".join(str(path) for path in added_files)
        raise OutputError(
            f"{output}: the page would be {size:,} bytes, over the {MAX_PAGE_BYTES:,}-byte limit"
            + (f"; the added files ({added}) are too large" if added else "")
            + "; nothing written"
        )
    if not output.parent.exists():
        try:
            output.parent.mkdir(parents=True)
        except OSError as exc:
            raise OutputError(f"{output}: cannot create folder ({exc.strerror})") from None
    write_text_atomic(output, html)
    return output
