"""How the page data travels: shared arcs stored once, gzip, base 85, and back, in Python and JS.

Hand-made shapes first (two squares sharing an edge, a border line along it), whose
arcs can be counted by hand; then the real page, unpacked by the page's own
``core/pack.js`` under Node and compared with the Python model.
"""

from __future__ import annotations

import gzip
import json
import os
import re

import pytest
from helpers import page_data_of
from shapely.geometry import LineString, MultiPolygon, Polygon, box
from test_js_units import NODE_TESTS, run_node

from geo.errors import LayerError
from geo.page import codec, model, pack
from geo.page import html as page


def layer(name: str, *geoms) -> dict:
    features = [
        {"type": "Feature", "properties": {"n": i}, "geometry": codec.encode_geometry(g, 1)}
        for i, g in enumerate(geoms)
    ]
    return {"id": name, "geojson": {"type": "FeatureCollection", "features": features}}


def two_squares_and_their_border() -> dict:
    """Squares (0,0)-(2,2) and (2,0)-(4,2) on a 1-degree grid, and the line x = 2 between them.

    Both squares have the vertex (2, 1) on their common edge, as the line has.
    """
    west = Polygon([(0, 0), (2, 0), (2, 1), (2, 2), (0, 2)])
    east = Polygon([(2, 0), (4, 0), (4, 2), (2, 2), (2, 1)])
    return {
        "title": "t",
        "layers": [
            layer("countries", west, east),
            layer("borders", LineString([(2, 0), (2, 1), (2, 2)])),
            {"id": "user", "geojson": {"type": "FeatureCollection", "features": []}},
        ],
    }


def _absolute_arcs(packed: dict) -> list[list[tuple[int, int]]]:
    out, x, y = [], 0, 0
    for steps in packed["topology"]["arcs"]:
        arc = []
        for i in range(0, len(steps), 2):
            x, y = x + steps[i], y + steps[i + 1]
            arc.append((x, y))
        out.append(arc)
    return out


def _steps(refs) -> list[int]:
    return [refs] if isinstance(refs, int) else [n for r in refs for n in _steps(r)]


def _numbers_by_feature(packed: dict) -> list[list[int]]:
    """Each feature's arc numbers: the steps summed in document order, from -1."""
    out, previous = [], -1
    for lay in packed["layers"]:
        for feature in lay["geojson"]["features"]:
            numbers = []
            for step in _steps(feature["geometry"]["arcs"]):
                previous += step
                numbers.append(previous)
            out.append(numbers)
    return out


def test_a_shared_edge_is_stored_once_and_read_back_exactly():
    data = two_squares_and_their_border()
    before = json.dumps(data)
    packed = codec.share_arcs(data, 1)
    assert json.dumps(data) == before  # the model is left as it was
    arcs = _absolute_arcs(packed)
    holding = [i for i, arc in enumerate(arcs) if (2, 1) in arc]
    assert len(holding) == 1  # the edge x = 2 is stored once
    edge = holding[0]
    assert sorted(arcs[edge]) == [(2, 0), (2, 1), (2, 2)]
    by_feature = _numbers_by_feature(packed)
    assert len(by_feature) == 3
    for numbers in by_feature:
        # each square and the line use it once, one square backwards
        assert [n if n >= 0 else ~n for n in numbers].count(edge) == 1
    assert sum(n < 0 for numbers in by_feature for n in numbers) == 1
    assert sum(len(a) for a in arcs) < 6 + 6 + 3  # fewer vertices than the three paths
    assert codec.restore_arcs(packed) == data


def test_the_shared_edge_costs_its_vertices_once():
    data = two_squares_and_their_border()
    packed = codec.share_arcs(data, 1)
    # The edge (2,0) (2,1) (2,2) once; the west square, cut also at its first vertex
    # (0,0): (0,0) (2,0) and (2,2) (0,2) (0,0); the east square's other sides, from its
    # first vertex (2,0): (2,0) (4,0) (4,2) (2,2).
    assert sorted(len(a) for a in _absolute_arcs(packed)) == [2, 3, 3, 4]


def test_rings_keep_their_first_vertex_holes_and_parts():
    hole = Polygon(box(0, 0, 6, 6).exterior, [box(2, 2, 3, 3).exterior.coords[::-1]])
    parts = MultiPolygon([box(10, 0, 11, 1), box(3, 2, 4, 3)])  # touches the hole's edge
    data = {"layers": [layer("a", hole, parts, box(2, 2, 3, 3))]}
    assert codec.restore_arcs(codec.share_arcs(data, 1)) == data


def test_other_grids_and_points_are_left_as_they_are():
    user = {"type": "LineString", "q": codec.QUANTUM, "enc": [1, 2, 3, 4]}
    point = {"type": "Point", "coordinates": [46.1, 39.2]}
    features = [{"geometry": user}, {"geometry": point}]
    data = {"layers": [{"id": "u", "geojson": {"features": features}}]}
    assert codec.share_arcs(data, codec.DISPLAY_QUANTUM) == data


def test_a_missing_arc_is_one_line():
    packed = {
        "topology": {"q": 1, "arcs": [[0, 0, 1, 1]]},
        "layers": [
            {
                "id": "a",
                "geojson": {"features": [{"geometry": {"type": "LineString", "arcs": [5]}}]},
            }
        ],
    }
    with pytest.raises(LayerError, match="no arc 4"):  # -1 + 5
        codec.restore_arcs(packed)


@pytest.mark.parametrize("size", [0, 1, 2, 3, 4, 5, 7, 8, 9, 1000])
def test_base85_round_trips_every_length(size):
    data = os.urandom(size)
    text = pack.b85encode(data)
    assert len(text) == size + -(-size // 4)
    assert set(text) <= set(pack.ALPHABET)
    assert pack.b85decode(text) == data


def test_base85_alphabet_cannot_end_the_element_or_open_markup():
    assert len(pack.ALPHABET) == len(set(pack.ALPHABET)) == 85
    assert all(0x21 <= ord(c) < 0x7F for c in pack.ALPHABET)
    assert not set("<>&\"'\\/-`") & set(pack.ALPHABET)
    # 2**32 - 1 is the largest group: 5 digits whose value is below 85**5.
    assert pack.b85decode(pack.b85encode(b"\xff\xff\xff\xff")) == b"\xff\xff\xff\xff"


def test_the_arcs_travel_as_zigzag_varints():
    out = bytearray()
    pack._varints([0, -1, 1, -2, 63, -64, 64, 8191, -8193], out)
    # zigzag: 0 -1 1 -2 ... as 0 1 2 3 ...; 7 bits a byte, low bits first
    assert bytes(out) == bytes([0, 1, 2, 3, 126, 127, 0x80, 1, 0xFE, 0x7F, 0x81, 0x80, 1])
    # an arc of two vertices (2 as 4), then its four steps
    assert pack._read_varints(bytes([4, 0, 1, 2, 3]), 0)[0] == [[0, -1, 1, -2]]


def test_a_cut_arc_is_one_line():
    data = {"layers": [layer("a", LineString([(0, 0), (300, 0), (300, -200)]))]}
    data["layers"][0]["geojson"]["features"][0]["geometry"]["q"] = codec.DISPLAY_QUANTUM
    body = pack.pack_bytes(data)
    assert pack.unpack_bytes(body) == data
    with pytest.raises(LayerError, match="middle of one"):
        pack.unpack_bytes(body[:-1])


@pytest.mark.parametrize("bad", ["ab<cd", "~~~~~", "abcdef"])
def test_base85_refuses_what_it_never_writes(bad):
    with pytest.raises(LayerError, match="page data: "):
        pack.b85decode(bad)


def test_the_page_script_unpacks_the_real_page_as_python_does(tmp_path, layers):
    data = model.page_data(layers)
    html = page.html_page(data)
    text = re.search(r'id="map-data"[^>]*>([^<]*)</script>', html).group(1)
    body = gzip.decompress(pack.b85decode(text))
    assert body == pack.pack_bytes(data)
    assert len(codec.share_arcs(data)["topology"]["arcs"]) > 100
    assert page_data_of(html) == data
    source, target = tmp_path / "data.txt", tmp_path / "document.json"
    source.write_text(text, encoding="utf-8")
    result = run_node(str(NODE_TESTS / "unpack_file.mjs"), str(source), str(target))
    assert result.returncode == 0, result.stderr
    assert json.loads(target.read_text(encoding="utf-8")) == data
