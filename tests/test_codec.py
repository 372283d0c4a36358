"""The page's coordinate codec: the decoder reads back what the encoder wrote, real layers."""

from __future__ import annotations

import numpy as np
import pytest
import shapely
from shapely.geometry import shape
from shapely.testing import assert_geometries_equal

from geo.errors import LayerError, SourceError
from geo.layerfiles.geojson import LAYERS
from geo.page import codec


def quantised(geom: shapely.Geometry) -> shapely.Geometry:
    """Return the geometry as the page holds it: oriented, each vertex on the 1e-5° grid."""
    if geom.geom_type.endswith("Polygon"):
        geom = shapely.orient_polygons(geom)
    return shapely.transform(geom, lambda xy: np.rint(xy * codec.QUANTUM) / codec.QUANTUM)


@pytest.mark.parametrize("name", [spec.name for spec in LAYERS])
def test_every_layer_round_trips_through_the_codec(layers, shown, name):
    for source in ([f.geometry for f in layers[name]], shown.geometries[name]):
        encoded = [codec.encode_geometry(g) for g in source]
        back = [shape(codec.decode_geometry(e)) for e in encoded]
        for geom, e, again in zip(source, encoded, back, strict=True):
            if geom.geom_type == "Point":  # points stay plain, rounded to 5 decimals
                assert "enc" not in e
                assert_geometries_equal(again, quantised(geom), tolerance=1e-9)
            else:
                assert e["q"] == codec.QUANTUM
                assert_geometries_equal(again, quantised(geom))


def test_the_codec_refuses_what_the_page_does_not_draw():
    with pytest.raises(SourceError, match="cannot encode a MultiPoint"):
        codec.encode_geometry(shapely.MultiPoint([(46.0, 39.0), (46.1, 39.1)]))
    with pytest.raises(LayerError, match="cannot decode a MultiPoint"):
        codec.decode_geometry({"type": "MultiPoint", "q": codec.QUANTUM, "enc": [1, 2]})
