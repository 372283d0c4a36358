"""The one-pass reader of the world file: same features and geometries as GDAL, any chunking."""

from __future__ import annotations

import io
import json
import tarfile
from pathlib import Path

import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.errors import SourceError
from geo.sources import packages as sources
from geo.sources import worldfile as geojson_stream

BBOX = (41.0, 36.5, 51.5, 43.5)
MEMBER = "package/map.geo.json"


def square(x: float, y: float, size: float) -> list[list[float]]:
    return [[x, y], [x + size, y], [x + size, y + size], [x, y + size], [x, y]]


def feature(code: str, geometry: object, **extra: object) -> dict[str, object]:
    return {"type": "Feature", "geometry": geometry, "properties": {"A3": code, **extra}}


#: Features around the box, each testing one way in or out.
FEATURES = [
    feature("IN", {"type": "Polygon", "coordinates": [square(45.12345, 40.5, 1.25)]}),
    feature("FAR", {"type": "Polygon", "coordinates": [square(-70.5, -30.25, 2)]}),
    # just over the west and the north edges
    feature("WEST", {"type": "Polygon", "coordinates": [square(40.3, 40.0, 0.75)]}),
    feature("NORTH", {"type": "Polygon", "coordinates": [square(45.0, 43.4, 0.5)]}),
    # a U around the box's south-west corner: its envelope meets the box, its area does not
    feature(
        "NEAR",
        {
            "type": "Polygon",
            "coordinates": [
                [[40, 35], [42, 35], [42, 35.5], [40.5, 35.5], [40.5, 37], [40, 37], [40, 35]]
            ],
        },
    ),
    feature(
        "MULTI",
        {
            "type": "MultiPolygon",
            "coordinates": [
                [square(10, 10, 1)],
                [square(50, 43, 2), square(50.5, 43.5, 0.5)[::-1]],
            ],
        },
    ),
    feature("NULL", None),
    feature("POINT", {"type": "Point", "coordinates": [44.0, 39.0]}),
    feature(
        "THREE_D", {"type": "Polygon", "coordinates": [[[*p, 7.0] for p in square(44, 38, 1)]]}
    ),
    feature(
        "TEXT",
        {"type": "Polygon", "coordinates": [square(46, 41, 0.5)]},
        name='a "quoted" {brace} and a \\ backslash: "geometry": null',
        other='an odd " quote and a brace {\\',
    ),
]


def collection_bytes(features: list[dict[str, object]], indent: int | None = None) -> bytes:
    doc = {"type": "FeatureCollection", "extra": {"a": {"b": "}"}}, "features": features}
    return json.dumps(doc, indent=indent).encode()


def reader(data: bytes):
    return io.BytesIO(data).read


def make_tarball(path: Path, data: bytes, member: str = MEMBER) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo("package/package.json")
        info.size = 2
        archive.addfile(info, io.BytesIO(b"{}"))
        info = tarfile.TarInfo(member)
        info.size = len(data)
        archive.addfile(info, io.BytesIO(data))
    return path


def expected(features: list[dict[str, object]]) -> list[tuple[str, bytes]]:
    """Return the features GDAL's spatial filter keeps, read with GEOS: (code, WKB)."""
    box = shapely.box(*BBOX)
    kept = []
    for item in features:
        if item["geometry"] is None:
            continue
        geometry = shapely.from_geojson(json.dumps(item["geometry"]))
        if shapely.intersects(geometry, box):
            kept.append((item["properties"]["A3"], shapely.to_wkb(geometry)))
    return kept


def got(features: list[tuple[dict[str, object], shapely.Geometry]]) -> list[tuple[str, bytes]]:
    return [(str(props["A3"]), shapely.to_wkb(geometry)) for props, geometry in features]


def test_reads_from_a_tarball_the_features_that_meet_the_box(tmp_path):
    tarball = make_tarball(tmp_path / "world.tgz", collection_bytes(FEATURES))
    with sources.open_member(tarball, MEMBER) as read:
        features = geojson_stream.read_features_in_box(read, BBOX, source="world")
    assert [code for code, _ in got(features)] == [
        "IN",
        "WEST",
        "NORTH",
        "MULTI",
        "POINT",
        "THREE_D",
        "TEXT",
    ]
    assert got(features) == expected(FEATURES)
    assert features[-1][0]["name"] == FEATURES[-1]["properties"]["name"]


def test_same_features_as_gdal(tmp_path):
    pyogrio = pytest.importorskip("pyogrio")
    path = tmp_path / "world.geojson"
    path.write_bytes(collection_bytes(FEATURES))
    _meta, _fids, wkb, fields = pyogrio.raw.read(path, bbox=BBOX, columns=["A3"])
    features = geojson_stream.read_features_in_box(reader(path.read_bytes()), BBOX, source="x")
    from_gdal = [shapely.to_wkb(shapely.from_wkb(item)) for item in wkb]
    assert got(features) == list(zip(fields[0].tolist(), from_gdal, strict=True))


@pytest.mark.parametrize("chunk_bytes", [1, 2, 3, 7, 64, 1 << 20])
@pytest.mark.parametrize("indent", [None, 2])
def test_any_chunking_and_spacing_gives_the_same_features(chunk_bytes, indent):
    data = collection_bytes(FEATURES, indent=indent)
    whole = list(geojson_stream.iter_features(reader(data), source="x", chunk_bytes=1 << 20))
    parts = list(geojson_stream.iter_features(reader(data), source="x", chunk_bytes=chunk_bytes))
    assert parts == whole
    assert len(whole) == len(FEATURES)
    assert [json.loads(f.properties)["A3"] for f in whole] == [
        f["properties"]["A3"] for f in FEATURES
    ]


def polygon_text(rings: list[list[list[float]]], multi: bool, spaced: bool) -> bytes:
    geometry = {"type": "MultiPolygon" if multi else "Polygon"}
    geometry["coordinates"] = [rings] if multi else rings
    separators = (", ", ": ") if spaced else (",", ":")
    return json.dumps(geometry, separators=separators).encode()


coordinate = st.one_of(
    st.floats(-180, 180, allow_nan=False).map(lambda v: round(v, 5)),
    st.floats(-180, 180, allow_nan=False),  # full precision: may leave the fast path
    st.integers(-180, 180).map(float),
)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.tuples(coordinate, coordinate), min_size=3, max_size=8), min_size=1),
    st.booleans(),
    st.booleans(),
)
def test_fast_path_builds_what_geos_parses(rings, multi, spaced):
    closed = [[list(p) for p in ring] + [list(ring[0])] for ring in rings]
    text = polygon_text(closed, multi, spaced)
    parsed = geojson_stream._rings(text)
    if parsed is None:  # only numbers with an exponent leave the fast path here
        assert b"e" in text.split(b'"coordinates"')[1]
        return
    built = geojson_stream._build(parsed)
    if built is not None:  # None: a number the fast path leaves to GEOS
        assert shapely.to_wkb(built) == shapely.to_wkb(shapely.from_geojson(text))
    raw = np.frombuffer(parsed.text, dtype=np.uint8)
    west, east = geojson_stream._integer_bounds(raw, parsed.point_open + 1, parsed.point_comma)
    xs = [p[0] for ring in closed for p in ring]
    assert west <= min(xs) and max(xs) <= east


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "not a GeoJSON FeatureCollection"),
        (b"[1, 2]", "not a GeoJSON FeatureCollection"),
        (b'"text"', "not a JSON object"),
        (b'{"type": "FeatureCollection"}', "not a GeoJSON FeatureCollection"),
        (collection_bytes(FEATURES[:1])[:90], "ends before its closing brace"),
        (b'{"features": [{"properties": {"a": "b}]}', "ends inside a string"),
        (b'{"features": []}}', "a closing brace without its opening one"),
        (b'{"features": []} {}', "more than one JSON value"),
    ],
)
def test_a_broken_document_is_a_one_line_source_error(data, problem):
    with pytest.raises(SourceError) as caught:
        geojson_stream.read_features_in_box(reader(data), BBOX, source="world.json")
    message = str(caught.value)
    assert message.startswith("world.json: ") and problem in message
    assert "\n" not in message


def test_a_broken_geometry_near_the_box_is_a_source_error():
    data = b'{"features": [{"geometry": {"type": "Polygon", "coordinates": [[[44, 40]]]}}]}'
    with pytest.raises(SourceError, match=r"^world\.json: a geometry is not GeoJSON"):
        geojson_stream.read_features_in_box(reader(data), BBOX, source="world.json")


def test_tarball_errors_name_the_tarball(tmp_path):
    tarball = make_tarball(tmp_path / "world.tgz", collection_bytes(FEATURES))
    with pytest.raises(SourceError, match=r"world\.tgz: has no member package/missing"):
        with sources.open_member(tarball, "package/missing"):
            pass
    broken = tmp_path / "broken.tgz"
    broken.write_bytes(tarball.read_bytes()[:200])
    with pytest.raises(SourceError, match=r"broken\.tgz"):
        with sources.open_member(broken, MEMBER) as read:
            while read(1 << 16):
                pass
    garbage = tmp_path / "garbage.tgz"
    garbage.write_bytes(b"not a tarball at all")
    with pytest.raises(SourceError, match=r"^\S*garbage\.tgz: cannot be read"):
        with sources.open_member(garbage, MEMBER):
            pass
