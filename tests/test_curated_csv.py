"""The curated CSV files (places, connection stations): every bad row is one line naming it."""

from __future__ import annotations

import pytest

from geo.errors import SourceError
from geo.sources import packages as sources

PLACE_HEADER = "id,name,kind,lon,lat,country,belongs_to,label_rank,source,license,note\n"
GOOD_PLACE = "meghri,Meghri,town,46.24583,38.90333,Armenia,syunik,1,src,CC BY-SA 4.0,\n"


@pytest.fixture
def data_dir(tmp_path, monkeypatch):
    monkeypatch.setattr(sources, "DATA", tmp_path)
    return tmp_path


def test_a_good_place_is_read(data_dir):
    (data_dir / "places.csv").write_text(PLACE_HEADER + GOOD_PLACE, encoding="utf-8")
    (place,) = sources.places()
    assert (place.lon, place.lat, place.label_rank, place.note) == (46.24583, 38.90333, 1, "")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("id,name\n" + GOOD_PLACE, "header must be"),
        (PLACE_HEADER + GOOD_PLACE.replace("46.24583", "east"), "line 2: lon/lat are not numbers"),
        (PLACE_HEADER + GOOD_PLACE.replace("46.24583", "inf"), "line 2: lon/lat are not finite"),
        (PLACE_HEADER + GOOD_PLACE.replace("38.90333", "98.9"), "line 2: lon/lat out of range"),
        (PLACE_HEADER + GOOD_PLACE.replace(",src,", ",,"), "line 2: empty source"),
        (PLACE_HEADER + GOOD_PLACE.replace(",1,src", ",5,src"), "label_rank must be 0, 1 or 2"),
    ],
)
def test_a_bad_place_row_is_one_line(data_dir, text, message):
    (data_dir / "places.csv").write_text(text, encoding="utf-8")
    with pytest.raises(SourceError, match=message) as info:
        sources.places()
    assert "places.csv" in str(info.value) and "\n" not in str(info.value)


def test_a_missing_file_is_named(data_dir):
    with pytest.raises(SourceError, match=r"places.csv: missing data file"):
        sources.places()


def test_a_station_needs_a_whole_sequence_number(data_dir):
    header = "line_id,seq,name,lon,lat,country,source,license\n"
    (data_dir / "stations.csv").write_text(
        header + "x,first,A,46.0,39.0,Iran,src,lic\n", encoding="utf-8"
    )
    with pytest.raises(SourceError, match="line 2: seq is not a whole number"):
        sources._stations(data_dir / "stations.csv")
