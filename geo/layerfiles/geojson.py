"""Read and write the project's GeoJSON layers (RFC 7946) under a strict contract.

Writing is deterministic: features keep the order they are given, coordinates
have at most 6 decimals, polygon exteriors are counter-clockwise (right-hand
rule), one feature per line. Reading checks everything a layer must satisfy and
raises :class:`~geo.errors.LayerError` with a one-line message naming the file
and the feature.
"""

from __future__ import annotations

import datetime
import json
import math
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import shapely
from shapely.geometry import mapping, shape
from shapely.geometry.base import BaseGeometry

from geo.errors import LayerError, TopologyError
from geo.io.datafiles import load_geojson_text
from geo.io.files import LAYER_FILE_LIMIT, check_folder, kind_of
from geo.measure.geodesic import area_m2, length_m

#: Number of decimals kept for coordinates (about 0.1 m).
COORD_DECIMALS = 6

#: Bounding box every layer must lie in: (lon_min, lat_min, lon_max, lat_max).
#: Wider than the map's view; a file outside it is in another CRS or has its
#: axes swapped.
REGION_BBOX = (38.0, 35.0, 53.0, 44.5)

#: CRS names accepted in a legacy ``crs`` member: all mean WGS84 lon/lat.
_WGS84_NAMES = {
    "urn:ogc:def:crs:OGC:1.3:CRS84",
    "urn:ogc:def:crs:OGC::CRS84",
    "EPSG:4326",
    "urn:ogc:def:crs:EPSG::4326",
}

_POLYGONAL = ("Polygon", "MultiPolygon")
_LINEAR = ("LineString", "MultiLineString")
_PUNCTUAL = ("Point",)
_REQUIRED_TEXT = ("name", "kind", "source", "license")

#: The relief's files, which a layers folder may hold too (see :mod:`geo.layerfiles.terrain`).
_TERRAIN_FILES = ("terrain.png", "terrain.json")

#: Optional properties the code reads as numbers (finite, non-negative) when present.
_OPTIONAL_NUMBERS = (
    "area_km2",
    "length_km",
    "area_km2_equal_area",
    "gap_to_route_km",
    "length_km_utm",
    "perimeter_km",
    "published_length_km",
    "reported_length_km",
    "width_km",
)

#: Optional properties the code shows as text when present (non-empty text).
_OPTIONAL_TEXT = (
    "belongs_to",
    "country",
    "method",
    "note",
    "other_names",
    "published_length_source",
    "reported_length_source",
    "stations",
    "status",
)

#: The id of the corridor's centreline: the line the page and popups measure from.
CENTRELINE_ID = "corridor_centreline"

#: Layers whose every feature must carry an ``id`` (measure names them by it).
_ID_REQUIRED = ("borders", "connections", "corridor")

_ISO_DAY = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_ISO_MONTH = re.compile(r"^(\d{4})(?:-(\d{2}))?$")


@dataclass(frozen=True)
class LayerSpec:
    """What a layer file must contain.

    ``single``: exactly one feature. ``one_each``: exactly one feature of each
    of these geometry types (the corridor's centreline and band).
    """

    name: str
    title: str
    geometry_types: tuple[str, ...]
    single: bool = False
    one_each: tuple[str, ...] = ()
    #: Properties every feature must carry besides name, kind, source and license.
    required: tuple[str, ...] = ()
    #: Features are dated: ``date_from`` (ISO), ``date_to`` if it ended, a ``status_history``.
    dated: bool = False


#: The layer contract: file ``layers/<name>.geojson`` per entry, in draw order.
LAYERS: tuple[LayerSpec, ...] = (
    LayerSpec("neighbours", "Neighbouring countries", _POLYGONAL),
    LayerSpec("azerbaijan", "Azerbaijan (mainland)", _POLYGONAL, single=True),
    LayerSpec("nakhichevan", "Nakhichevan Autonomous Republic", _POLYGONAL, single=True),
    LayerSpec("armenia", "Armenia", _POLYGONAL, single=True),
    LayerSpec("syunik", "Syunik province", _POLYGONAL, single=True),
    LayerSpec("borders", "Shared borders", _LINEAR, required=("status", "status_date", "crossing")),
    LayerSpec(
        "connections",
        "Lines it would join",
        _LINEAR,
        required=("status", "status_date", "method", "status_history"),
    ),
    LayerSpec(
        "history",
        "History on the ground",
        ("LineString", "Point"),
        required=("status", "method", "status_history"),
        dated=True,
    ),
    LayerSpec(
        "corridor",
        "TRIPP route (illustrative)",
        ("LineString", "Polygon"),
        one_each=("LineString", "Polygon"),
    ),
    LayerSpec("places", "Places", _PUNCTUAL),
)
SPECS = {spec.name: spec for spec in LAYERS}


@dataclass
class Feature:
    """A geometry in WGS84 lon/lat with its properties."""

    geometry: BaseGeometry
    properties: dict[str, Any] = field(default_factory=dict)


def measure_key(geometry_type: str) -> str | None:
    """Return the property that carries a geometry type's measure, if any."""
    if geometry_type in _POLYGONAL:
        return "area_km2"
    if geometry_type in _LINEAR:
        return "length_km"
    return None


# ---------------------------------------------------------------- writing


def _round(value: float) -> float:
    rounded = round(value, COORD_DECIMALS)
    return 0.0 if rounded == 0 else rounded


def _round_coords(obj: Any) -> Any:
    if isinstance(obj, (list, tuple)):
        if obj and isinstance(obj[0], (int, float)):
            return [_round(float(v)) for v in obj[:2]]
        return [_round_coords(item) for item in obj]
    return obj


def geometry_json(geom: BaseGeometry) -> dict[str, Any]:
    """Return the RFC 7946 geometry object: oriented rings, rounded coordinates."""
    if geom.geom_type in _POLYGONAL:
        geom = shapely.orient_polygons(geom)
    mapped = mapping(geom)
    return {"type": mapped["type"], "coordinates": _round_coords(mapped["coordinates"])}


def dumps_layer(name: str, features: list[Feature]) -> str:
    """Serialise a layer to deterministic GeoJSON text (one feature per line)."""
    lines = []
    for feature in features:
        obj = {
            "type": "Feature",
            "properties": feature.properties,
            "geometry": geometry_json(feature.geometry),
        }
        lines.append(json.dumps(obj, ensure_ascii=False, separators=(",", ":"), allow_nan=False))
    head = json.dumps({"type": "FeatureCollection", "name": name}, separators=(",", ":"))[:-1]
    return head + ',"features":[\n' + ",\n".join(lines) + "\n]}\n"


# ---------------------------------------------------------------- reading


def _fail(path: Path, message: str, feature: str | None = None) -> LayerError:
    where = f"{path}: feature {feature}: " if feature else f"{path}: "
    return LayerError(where + message)


_DEPTH = {"Point": 0, "LineString": 1, "Polygon": 2, "MultiLineString": 2, "MultiPolygon": 3}


def _check_array(positions: Any, path: Path, label: str) -> np.ndarray:
    """Check a list of positions: pairs of finite numbers, WGS84, inside the region.

    Returns the positions as an (n, k) array (k >= 2), for :func:`_build_geometry`.
    """
    if not isinstance(positions, list) or not positions:
        raise _fail(path, "empty geometry", label)
    if set(map(type, positions)) != {list} and any(not isinstance(p, list) for p in positions):
        raise _fail(path, "coordinates are not nested arrays of positions", label)
    try:
        array = np.asarray(positions)
    except ValueError:
        raise _fail(path, "positions of unequal length", label) from None
    if array.ndim != 2 or array.shape[1] < 2 or array.dtype.kind not in "if":
        raise _fail(path, "a position is not a pair of numbers", label)
    xy = array[:, :2].astype(float)
    bad = ~np.isfinite(xy).all(axis=1)
    if bad.any():
        raise _fail(path, "coordinate is NaN or infinite", label)
    lon, lat = xy[:, 0], xy[:, 1]
    wrong = (np.abs(lon) > 180) | (np.abs(lat) > 90)
    if wrong.any():
        i = int(np.argmax(wrong))
        raise _fail(
            path, f"coordinate ({lon[i]:g}, {lat[i]:g}) is not WGS84 lon/lat (projected?)", label
        )
    lon_min, lat_min, lon_max, lat_max = REGION_BBOX
    outside = (lon < lon_min) | (lon > lon_max) | (lat < lat_min) | (lat > lat_max)
    if outside.any():
        i = int(np.argmax(outside))
        raise _fail(
            path,
            f"coordinate ({lon[i]:g}, {lat[i]:g}) lies outside the map region "
            f"(lon {lon_min:g}..{lon_max:g}, lat {lat_min:g}..{lat_max:g}): "
            "axes swapped or not WGS84 lon/lat?",
            label,
        )
    return array


def _leaves(obj: Any, depth: int, out: list[list[Any]]) -> bool:
    """Collect the lists of positions ``depth`` levels down; False at the first empty list."""
    if not isinstance(obj, list) or not obj:
        return False
    if depth <= 1:
        out.append(obj)
        return True
    return all(_leaves(item, depth - 1, out) for item in obj)


def _nest(obj: Any, depth: int, arrays: list[np.ndarray]) -> Any:
    """Rebuild the nesting of ``obj`` above its lists of positions from ``arrays`` (in order)."""
    if depth <= 1:
        return arrays.pop()
    return [_nest(item, depth - 1, arrays) for item in obj]


def _positions_all_good(obj: Any, depth: int) -> Any:
    """Check every position of a geometry at once; None if any check fails.

    The fast path of :func:`_check_positions`: it passes exactly the geometries
    whose every list of positions :func:`_check_array` passes (with two numbers a
    position), and on any failure the lists are checked one by one for the message.
    """
    leaves: list[list[Any]] = []
    if depth == 0:
        leaves.append([obj])
    elif not _leaves(obj, depth, leaves):
        return None
    flat = [p for leaf in leaves for p in leaf]
    try:
        array = np.asarray(flat) if set(map(type, flat)) == {list} else np.empty((0, 0))
    except ValueError:
        return None
    if array.ndim != 2 or array.shape[1] != 2 or array.dtype.kind not in "if":
        return None
    lon, lat = array[:, 0].astype(float), array[:, 1].astype(float)
    lon_min, lat_min, lon_max, lat_max = REGION_BBOX
    # NaN compares False, and a bool (0 or 1) lies outside the region, so both fail here.
    inside = (lon >= lon_min) & (lon <= lon_max) & (lat >= lat_min) & (lat <= lat_max)
    if not inside.all():
        return None
    arrays = np.split(array, np.cumsum([len(leaf) for leaf in leaves])[:-1])
    if depth == 0:
        return arrays[0]
    return _nest(obj, depth, arrays[::-1])


def _check_positions(obj: Any, depth: int, path: Path, label: str) -> Any:
    """Walk ``depth`` levels of nesting down to lists of positions and check them.

    Returns the same nesting with each list of positions as an array.
    """
    checked = _positions_all_good(obj, depth)
    if checked is not None:
        return checked
    return _check_positions_one_by_one(obj, depth, path, label)


def _check_positions_one_by_one(obj: Any, depth: int, path: Path, label: str) -> Any:
    """:func:`_check_positions` list by list: raises the first breach in reading order."""
    if depth == 0:
        return _check_array([obj], path, label)
    if depth == 1:
        return _check_array(obj, path, label)
    if not isinstance(obj, list) or not obj:
        raise _fail(path, "empty geometry", label)
    return [_check_positions_one_by_one(item, depth - 1, path, label) for item in obj]


def _build_geometry(gtype: str, arrays: Any) -> BaseGeometry | None:
    """Build a geometry from checked position arrays in one shapely call per part.

    Gives the same geometry as ``shapely.geometry.shape``; returns None when a
    position has more than two numbers, which is left to ``shape``.
    """

    def flat(item: Any) -> list[np.ndarray]:
        return [item] if isinstance(item, np.ndarray) else [a for x in item for a in flat(x)]

    if any(a.shape[1] != 2 for a in flat(arrays)):
        return None
    if gtype == "Point":
        return shapely.points(arrays[0])
    if gtype == "LineString":
        return shapely.linestrings(arrays)
    if gtype == "MultiLineString":
        return shapely.multilinestrings([shapely.linestrings(a) for a in arrays])

    def polygon(rings: list[np.ndarray]) -> BaseGeometry:
        holes = [shapely.linearrings(r) for r in rings[1:]]
        return shapely.polygons(shapely.linearrings(rings[0]), holes=holes or None)

    if gtype == "Polygon":
        return polygon(arrays)
    return shapely.multipolygons([polygon(p) for p in arrays])


def _check_rings(geometry: dict[str, Any], path: Path, label: str) -> None:
    polys = []
    if geometry["type"] == "Polygon":
        polys = [geometry["coordinates"]]
    elif geometry["type"] == "MultiPolygon":
        polys = geometry["coordinates"]
    for poly in polys:
        if not poly:
            raise _fail(path, "empty polygon", label)
        for ring in poly:
            if len(ring) < 4:
                raise _fail(path, f"ring has {len(ring)} positions, needs at least 4", label)
            if ring[0][:2] != ring[-1][:2]:
                raise _fail(path, "ring is not closed (first and last positions differ)", label)


def _feature_label(index: int, properties: dict[str, Any]) -> str:
    name = properties.get("name")
    return f"#{index + 1} {name!r}" if isinstance(name, str) else f"#{index + 1}"


#: A stored measure may differ from the geometry's by this much (relative), or
#: by the rounding to 3 decimals, before the file is refused as inconsistent.
MEASURE_REL_TOLERANCE = 1e-3


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _check_number(properties: dict[str, Any], key: str, path: Path, label: str) -> None:
    value = properties[key]
    if not _is_number(value):
        raise _fail(path, f"property {key!r} must be a number, not {_json_type(value)}", label)
    if not math.isfinite(value) or value < 0:
        raise _fail(path, f"property {key!r} must be finite and non-negative", label)


def _json_type(value: Any) -> str:
    """Name a JSON value's type as JSON does (``true`` is a boolean, not an int)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


def valid_date(value: str) -> bool:
    """Return True if ``value`` is a real ISO date: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``."""
    day = _ISO_DAY.match(value)
    if day:
        try:
            datetime.date(*(int(g) for g in day.groups()))
        except ValueError:
            return False
        return True
    month = _ISO_MONTH.match(value)
    if month is None:
        return False
    return month.group(2) is None or 1 <= int(month.group(2)) <= 12


def _check_optional(properties: dict[str, Any], path: Path, label: str) -> None:
    """Check the optional properties the code uses later, so no reader meets a bad one."""
    for key in _OPTIONAL_NUMBERS:
        if key in properties:
            _check_number(properties, key, path, label)
    for key in _OPTIONAL_TEXT:
        if key in properties:
            value = properties[key]
            if not isinstance(value, str) or not value.strip():
                raise _fail(path, f"property {key!r} must be non-empty text", label)
    if "status_date" in properties:
        value = properties["status_date"]
        if not isinstance(value, str) or not valid_date(value):
            raise _fail(
                path,
                f"property 'status_date' must be a real date YYYY-MM-DD, not {value!r}",
                label,
            )
    if "due_year" in properties:
        value = properties["due_year"]
        if not _is_number(value) or not isinstance(value, int) or not 1000 <= value <= 9999:
            raise _fail(
                path, f"property 'due_year' must be a year (an integer), not {value!r}", label
            )
    if "label_rank" in properties and properties["label_rank"] not in (0, 1, 2):
        raise _fail(path, "property 'label_rank' must be 0, 1 or 2", label)
    if "label_rank" in properties and isinstance(properties["label_rank"], bool):
        raise _fail(path, "property 'label_rank' must be 0, 1 or 2, not a boolean", label)
    if "illustrative" in properties and not isinstance(properties["illustrative"], bool):
        raise _fail(path, "property 'illustrative' must be true or false", label)


def _check_properties(
    properties: dict[str, Any], geom: BaseGeometry, path: Path, label: str
) -> None:
    """Check the required text properties, the geometry's measure and the optional ones."""
    gtype = geom.geom_type
    if "id" in properties and (not isinstance(properties["id"], str) or not properties["id"]):
        raise _fail(path, "property 'id' must be non-empty text", label)
    for key in _REQUIRED_TEXT:
        if key not in properties:
            raise _fail(path, f"lacks required property {key!r}", label)
        if not isinstance(properties[key], str) or not properties[key].strip():
            raise _fail(path, f"property {key!r} must be non-empty text", label)
    _check_optional(properties, path, label)
    measure = measure_key(gtype)
    if measure is not None:
        key = measure
        if key not in properties:
            raise _fail(path, f"lacks required property {key!r}", label)
        _check_number(properties, key, path, label)
        value = properties[key]
        measured = area_m2(geom) / 1e6 if key == "area_km2" else length_m(geom) / 1e3
        if abs(value - measured) > max(MEASURE_REL_TOLERANCE * measured, 0.0015):
            unit = "km²" if key == "area_km2" else "km"
            raise _fail(
                path,
                f"property {key!r} is {value:g} but the geometry measures {measured:.3f} {unit} "
                "(geodesic); regenerate the layer or correct the value",
                label,
            )


_ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")


def _date_order(value: str) -> tuple[int, ...]:
    return tuple(int(part) for part in value.split("-"))


def _check_required(properties: dict[str, Any], spec: LayerSpec, path: Path, label: str) -> None:
    """Check the layer's own required properties and, for a dated layer, its dates."""
    for key in spec.required:
        value = properties.get(key)
        if value is None or value in ("", []):
            raise _fail(path, f"lacks required property {key!r}", label)
    history = properties.get("status_history")
    if "status_history" in spec.required:
        keys = ("date", "status", "note", "source")
        if not isinstance(history, list) or not all(
            isinstance(e, dict)
            and all(isinstance(e.get(k), str) and e[k] for k in keys)
            and _ISO_DATE.match(e["date"])
            for e in history
        ):
            raise _fail(
                path, "status_history must list {date, status, note, source} with ISO dates", label
            )
    if not spec.dated:
        return
    start, end = properties.get("date_from"), properties.get("date_to")
    if not isinstance(start, str) or not _ISO_DATE.match(start):
        raise _fail(path, "lacks date_from (YYYY, YYYY-MM or YYYY-MM-DD)", label)
    if end is not None and (
        not isinstance(end, str)
        or not _ISO_DATE.match(end)
        or _date_order(end) < _date_order(start)
    ):
        raise _fail(path, "date_to must be an ISO date not before date_from", label)


def parse_feature(raw: Any, index: int, spec: LayerSpec, path: Path) -> Feature:
    """Validate one raw GeoJSON feature against the layer contract.

    Raises
    ------
    LayerError
        Naming the file and the feature, for any breach.
    """
    if not isinstance(raw, dict) or raw.get("type") != "Feature":
        raise _fail(path, f"item #{index + 1} of features is not a GeoJSON Feature")
    properties = raw.get("properties")
    if not isinstance(properties, dict):
        raise _fail(path, "has no properties object", f"#{index + 1}")
    label = _feature_label(index, properties)
    geometry = raw.get("geometry")
    if not isinstance(geometry, dict) or "type" not in geometry:
        raise _fail(path, "has no geometry", label)
    gtype = geometry["type"]
    if gtype not in spec.geometry_types:
        raise _fail(
            path,
            f"geometry is a {gtype}, layer {spec.name} takes {'/'.join(spec.geometry_types)}",
            label,
        )
    coords = geometry.get("coordinates")
    if not isinstance(coords, list) or not coords:
        raise _fail(path, "empty geometry", label)
    arrays = _check_positions(coords, _DEPTH[gtype], path, label)
    _check_rings(geometry, path, label)
    try:
        built = _build_geometry(gtype, arrays)
        geom = shape(geometry) if built is None else built
    except (ValueError, TypeError, AttributeError, IndexError, shapely.errors.GEOSException):
        raise _fail(path, f"malformed {gtype} coordinates", label) from None
    if geom.is_empty:
        raise _fail(path, "empty geometry", label)
    if not geom.is_valid:
        raise _fail(path, f"invalid geometry: {shapely.is_valid_reason(geom)}", label)
    _check_properties(properties, geom, path, label)
    _check_required(properties, spec, path, label)
    return Feature(geom, properties)


def _load_json(path: Path) -> Any:
    """Read a layer file as strict JSON (see :func:`geo.io.datafiles.load_geojson_text`)."""
    return load_geojson_text(
        path,
        LayerError,
        missing=f"missing layer file{_layers_hint(path.parent)}",
        limit_bytes=LAYER_FILE_LIMIT,
    )


def read_layer_file(path: Path, spec: LayerSpec) -> list[Feature]:
    """Read and validate one layer file.

    Parameters
    ----------
    path
        The ``.geojson`` file.
    spec
        The layer's contract (allowed geometry types).

    Returns
    -------
    list of Feature
        Features in file order, geometries in WGS84 lon/lat.

    Raises
    ------
    LayerError
        If the file is missing, empty, not JSON, not GeoJSON, not WGS84, or a
        feature breaks the contract.
    """
    path = Path(path)
    doc = _load_json(path)
    if not isinstance(doc, dict) or doc.get("type") != "FeatureCollection":
        raise _fail(path, "not a GeoJSON FeatureCollection")
    crs = doc.get("crs")
    if crs is not None:
        props = crs.get("properties") if isinstance(crs, dict) else None
        crs_name = props.get("name") if isinstance(props, dict) else None
        if crs_name not in _WGS84_NAMES:
            raise _fail(path, f"crs member names {crs_name!r}; layers must be WGS84 lon/lat")
    features = doc.get("features")
    if not isinstance(features, list):
        raise _fail(path, "features is not an array")
    if not features:
        raise _fail(path, "has no features")
    if spec.single and len(features) != 1:
        raise _fail(path, f"has {len(features)} features; layer {spec.name} holds exactly one")
    parsed = [parse_feature(raw, i, spec, path) for i, raw in enumerate(features)]
    _check_ids(parsed, spec, path)
    if spec.one_each:
        kinds = sorted(f.geometry.geom_type for f in parsed)
        if kinds != sorted(spec.one_each):
            raise _fail(
                path,
                f"holds {', '.join(kinds)}; layer {spec.name} holds exactly one "
                f"{' and one '.join(spec.one_each)}",
            )
    if spec.name == "corridor":
        lines = [f for f in parsed if f.geometry.geom_type == "LineString"]
        if lines and lines[0].properties.get("id") != CENTRELINE_ID:
            raise _fail(
                path,
                f"the centreline's id is {lines[0].properties.get('id')!r}; "
                f"it must be {CENTRELINE_ID!r}",
            )
    return parsed


def _check_ids(parsed: list[Feature], spec: LayerSpec, path: Path) -> None:
    """Check that ids are unique in a layer, and present where a layer needs them."""
    seen: set[str] = set()
    for index, feature in enumerate(parsed):
        fid = feature.properties.get("id")
        label = _feature_label(index, feature.properties)
        if fid is None:
            if spec.name in _ID_REQUIRED:
                raise _fail(path, f"lacks property 'id' (every {spec.name} feature has one)", label)
            continue
        if fid in seen:
            raise _fail(path, f"id {fid!r} is used twice in the layer", label)
        seen.add(fid)


def layers_folder_problem(folder: Path) -> str | None:
    """Return why ``layers`` must not write ``folder``, or None if it may.

    ``layers --out`` replaces the whole folder, so it writes only a folder that
    does not exist, an empty one, or a layers folder: one that holds nothing but
    ``<name>.geojson`` files of the contract's layers and the relief's
    ``terrain.png`` and ``terrain.json``.
    """
    folder = Path(folder)
    try:
        mode = os.stat(folder).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    if not stat.S_ISDIR(mode):
        return f"is {kind_of(mode)}, not a layers folder"
    try:
        names = sorted(os.listdir(folder))
    except OSError as exc:
        return f"cannot be read ({exc.strerror})"
    ours = {f"{spec.name}.geojson" for spec in LAYERS} | set(_TERRAIN_FILES)
    foreign = [name for name in names if name not in ours]
    if foreign:
        return (
            f"holds {_not_layer_files(len(foreign))} (first: {foreign[0]!r}), "
            "so it is not a layers folder; "
            "layers replaces the whole folder: give an empty or new folder"
        )
    return None


def layer_paths(folder: Path) -> list[Path]:
    """Return the paths of every layer file of the contract in ``folder``, then the relief's."""
    names = [f"{spec.name}.geojson" for spec in LAYERS] + list(_TERRAIN_FILES)
    return [Path(folder) / name for name in names]


def _not_layer_files(count: int) -> str:
    if count == 1:
        return "1 entry that is not a layer file"
    return f"{count} entries that are not layer files"


def _layers_hint(folder: Path) -> str:
    """Return the ``(run: ...)`` hint for a missing layer, only where ``layers`` would write."""
    if layers_folder_problem(folder) is not None:
        return ""
    try:
        default = Path(folder).resolve() == Path("layers").resolve()
    except (OSError, RuntimeError):
        default = False
    if default:
        return " (run: python build_map.py layers)"
    return f" (run: python build_map.py layers --out {folder})"


def read_layer_files(folder: Path) -> dict[str, list[Feature]]:
    """Read every layer of the contract from ``folder``.

    Raises
    ------
    LayerError
        If the folder or any layer file is missing or invalid.
    """
    folder = Path(folder)
    if not folder.exists() and not folder.is_symlink():
        raise LayerError(f"{folder}: layers folder does not exist{_layers_hint(folder)}")
    check_folder(folder, what="layers folder", error=LayerError)
    layers = {spec.name: read_layer_file(folder / f"{spec.name}.geojson", spec) for spec in LAYERS}
    check_topology(layers, folder)
    return layers


#: Overlaps smaller than this are rounding of the 6-decimal grid, in m².
OVERLAP_TOLERANCE_M2 = 1.0


def _touching_pairs(tree: shapely.STRtree, geoms: list[BaseGeometry]) -> list[tuple[int, int]]:
    left, right = tree.query(geoms, predicate="intersects")
    return [(int(i), int(j)) for i, j in zip(left, right, strict=True) if i < j]


def check_topology(layers: dict[str, list[Feature]], folder: Path) -> None:
    """Check that the country layers do not overlap and that Syunik lies in Armenia.

    Raises
    ------
    TopologyError
        Naming the files involved and the area, in km².
    """
    countries = [
        (name, feature)
        for name in ("armenia", "azerbaijan", "nakhichevan", "neighbours")
        for feature in layers[name]
    ]
    geoms = [feature.geometry for _, feature in countries]
    # Edge validation finds crossing outlines; a part lying wholly inside
    # another country crosses nothing, so each part's inner point is checked too.
    suspects: set[tuple[int, int]] = set()
    tree = shapely.STRtree(geoms)
    if not shapely.coverage_is_valid(geoms):
        suspects.update(_touching_pairs(tree, geoms))
    owners, inner = [], []
    for index, geom in enumerate(geoms):
        for part in shapely.get_parts(geom):
            owners.append(index)
            inner.append(part.representative_point())
    for point_index, geom_index in zip(*tree.query(inner, predicate="within"), strict=True):
        owner = owners[point_index]
        if owner != geom_index:
            suspects.add((min(owner, geom_index), max(owner, geom_index)))
    for i, j in sorted(suspects):
        overlap = shapely.get_parts(geoms[i].intersection(geoms[j]))
        area = sum(area_m2(p) for p in overlap if p.geom_type == "Polygon")
        if area > OVERLAP_TOLERANCE_M2:
            (a, fa), (b, fb) = countries[i], countries[j]
            raise TopologyError(
                f"{folder / (a + '.geojson')}: {fa.properties['name']} overlaps "
                f"{fb.properties['name']} ({b}.geojson) by {area / 1e6:.3f} km²"
            )
    syunik, armenia = layers["syunik"][0].geometry, layers["armenia"][0].geometry
    outside = syunik.difference(armenia)
    if not outside.is_empty and area_m2(outside) > OVERLAP_TOLERANCE_M2:
        raise TopologyError(
            f"{folder / 'syunik.geojson'}: Syunik extends {area_m2(outside) / 1e6:.3f} km² "
            "outside Armenia"
        )
