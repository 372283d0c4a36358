"""The one reader of data files: every bad file is one line naming it, of the caller's class."""

from __future__ import annotations

import contextlib
import json
import time

import pytest

from geo.errors import LayerError, SourceError, UserDataError
from geo.io import datafiles
from geo.io.files import MAX_JSON_DEPTH, parse_json
from geo.page import panes, popups, style
from geo.sources import packages

BAD_TOML = {
    "not TOML": (b"[view\nfirst = 1\n", "not valid TOML"),
    "not UTF-8": (b"title = '\xff'\n", "not UTF-8 text"),
}


@pytest.mark.parametrize("case", sorted(BAD_TOML))
def test_a_bad_toml_file_is_one_line_naming_it(tmp_path, case):
    data, problem = BAD_TOML[case]
    path = tmp_path / "bad.toml"
    path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        datafiles.load_toml(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: {problem}")
    assert "\n" not in message


def test_a_missing_or_folder_data_file_is_named(tmp_path):
    with pytest.raises(SourceError, match=r"nope\.toml: missing data file$"):
        datafiles.load_toml(tmp_path / "nope.toml")
    with pytest.raises(SourceError, match=r": is a folder, expected a TOML file$"):
        datafiles.load_toml(tmp_path)
    with pytest.raises(SourceError, match=r"nope\.json: missing data file$"):
        datafiles.load_json(tmp_path / "nope.json")


BAD_CSV = {
    "not UTF-8": (b"id,name\n1,caf\xe9\n", {}, "not UTF-8 text"),
    "a column missing": (b"id,nom\n1,x\n", {}, "header lacks name"),
    "another header": (b"name,id\nx,1\n", {"exact": True}, "header must be id,name"),
    "a field too many": (b"id,name\n1,x,y\n", {}, "line 2 has the wrong number of fields"),
    "a field too few": (b"id,name\n1,x\n2\n", {}, "line 3 has the wrong number of fields"),
}


@pytest.mark.parametrize("case", sorted(BAD_CSV))
def test_a_bad_csv_file_is_one_line_naming_it(tmp_path, case):
    data, options, problem = BAD_CSV[case]
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(SourceError) as caught:
        datafiles.load_csv(path, ["id", "name"], **options)
    assert str(caught.value) == f"{path}: {problem}"


def test_a_good_csv_file_gives_its_rows_with_their_line_numbers(tmp_path):
    path = tmp_path / "good.csv"
    path.write_bytes(b'\xef\xbb\xbfid,name,extra\n1,"a, b",\n2,c,d\n')  # a BOM, a quoted comma
    rows = datafiles.load_csv(path, ["id", "name"])
    assert rows == [
        (2, {"id": "1", "name": "a, b", "extra": ""}),
        (3, {"id": "2", "name": "c", "extra": "d"}),
    ]
    with pytest.raises(SourceError, match=r"nope\.csv: missing data file$"):
        datafiles.load_csv(tmp_path / "nope.csv", ["id"])
    with pytest.raises(SourceError, match=r": is a folder, expected a CSV file$"):
        datafiles.load_csv(tmp_path, ["id"])


@pytest.mark.parametrize("error", [SourceError, LayerError])
def test_a_bad_json_file_is_one_line_of_the_callers_class(tmp_path, error):
    path = tmp_path / "bad.json"
    path.write_bytes(b'{"bounds": [[1, 2], ')
    with pytest.raises(error) as caught:
        datafiles.load_json(path, error)
    message = str(caught.value)
    assert message.startswith(f"{path}: not valid JSON (line 1")
    assert "\n" not in message


def test_the_shipped_data_files_read_through_the_one_loader():
    assert datafiles.load_toml(style.STYLE_FILE)["view"]["chain_layers"]
    assert datafiles.load_toml(panes.PANES_FILE)
    assert "lead" in datafiles.load_toml(popups.WORDS_FILE)
    schema = datafiles.load_json(packages.DATA / "page.schema.json")
    assert schema["$id"] == "page.schema.json"


BAD_GEOJSON = {
    "empty": (b"  \n", "file is empty"),
    "truncated": (b'{"type": "FeatureCollection", "features": [', "not valid JSON (line 1"),
    "NaN": (b'{"type": "Point", "coordinates": [NaN, 1]}', "line 1, column 35: JSON holds NaN"),
    "1e400": (b'{"type": "Point", "coordinates": [1e400, 1]}', "line 1, column 35: number 1e400"),
    "lone surrogate": (b'{"name": "\\ud800"}', "text \\ud800 holds a lone surrogate"),
    "not UTF-8": (b'{"name": "\xff"}', "not UTF-8 text (RFC 7946 GeoJSON is UTF-8)"),
    "too deep": (b"[" * 100_000 + b"]" * 100_000, "JSON nested too deeply"),
    "deep but parsable": (b"[" * 100 + b"]" * 100, "JSON nested too deeply (more than 64"),
}


@pytest.mark.parametrize("error", [LayerError, UserDataError])
@pytest.mark.parametrize("case", sorted(BAD_GEOJSON))
def test_bad_geojson_text_is_one_line_of_the_callers_class(tmp_path, case, error):
    data, problem = BAD_GEOJSON[case]
    path = tmp_path / "bad.geojson"
    path.write_bytes(data)
    with pytest.raises(error) as caught:
        datafiles.load_geojson_text(path, error, missing="no such file")
    message = str(caught.value)
    assert message.startswith(f"{path}: {problem}")
    assert "\n" not in message


def test_geojson_text_with_a_byte_order_mark_reads(tmp_path):
    path = tmp_path / "bom.geojson"
    path.write_bytes(b'\xef\xbb\xbf{"type": "FeatureCollection", "features": []}')
    assert datafiles.load_geojson_text(path, LayerError, missing="x") == {
        "type": "FeatureCollection",
        "features": [],
    }
    with pytest.raises(LayerError, match=r"gone\.geojson: run the layers command$"):
        datafiles.load_geojson_text(
            tmp_path / "gone.geojson", LayerError, missing="run the layers command"
        )


#: Numbers beyond a double in every shape JSON allows them (the exact check of each number
#: runs only where one of these shapes occurs).
HUGE_NUMBERS = ["1e400", "1E400", "1e+400", "-2.5e0309", "1" + "0" * 309 + ".5", "9" * 400]


@pytest.mark.parametrize("number", HUGE_NUMBERS, ids=lambda n: n[:12])
def test_a_number_beyond_a_double_is_refused_in_any_shape(number):
    data = f'{{"a": [1.5, {{"b": {number}}}]}}'.encode()
    with pytest.raises(
        SourceError, match=r"^x\.json: line 1, column \d+: number .* is out of range"
    ):
        parse_json(data, "x.json", SourceError)


def test_numbers_and_brackets_inside_text_are_only_text():
    # A string may hold what would be a huge number or deep nesting outside one.
    inner = "[" * 100 + "1e400 " + "9" * 400 + "]" * 100
    doc = parse_json(f'{{"a": "{inner}", "b": 1e300, "c": 1e-400}}'.encode(), "x.json")
    assert doc == {"a": inner, "b": 1e300, "c": 0.0}


@pytest.mark.parametrize(
    ("depth", "refused"), [(MAX_JSON_DEPTH, False), (MAX_JSON_DEPTH + 1, True)]
)
def test_nesting_is_refused_past_the_limit_counting_arrays_and_objects(depth, refused):
    data = (
        '{"a":' * (depth // 2)
        + "[" * (depth - depth // 2)
        + "]" * (depth - depth // 2)
        + "}" * (depth // 2)
    ).encode()
    if refused:
        with pytest.raises(SourceError, match="nested too deeply"):
            parse_json(data, "x.json", SourceError)
    else:
        parse_json(data, "x.json", SourceError)


def test_text_that_is_not_json_is_refused_without_rescanning_it():
    # The pattern that finds strings could rescan the rest of the text from every quote of
    # a string that never ends: 8,000 escaped quotes took 0.9 s, 64 MiB would never end.
    # The parser refuses such text first; the pattern runs only on valid JSON.
    valid = json.dumps({"a": '"' * 8000}).encode()
    hostile = valid[:-2]

    def seconds(data: bytes) -> float:
        started = time.perf_counter()
        with contextlib.suppress(SourceError):
            parse_json(data, "x.json", SourceError)
        return time.perf_counter() - started

    with pytest.raises(SourceError, match="not valid JSON"):
        parse_json(hostile, "x.json", SourceError)
    assert seconds(hostile) < 10 * seconds(valid) + 0.05
