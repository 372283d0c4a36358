"""The layers as ``geopandas.GeoDataFrame`` objects, for notebooks and exports.

The files are read and checked by :mod:`geo.layerfiles.geojson` (the same layer contract
as the map), then handed to geopandas: EPSG:4326, one row per feature, the
properties as columns (in order of first appearance), the geometry last.
Measure a frame's geometry with :func:`geo.measure.geodesic.length_m` and
:func:`geo.measure.geodesic.area_m2`, which take a GeoSeries and return a Series.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import geopandas as gpd

from geo.crs import WGS84
from geo.errors import LayerError
from geo.layerfiles import geojson
from geo.layerfiles.shipped import layers_folder
from geo.page.codec import decode_geometry


def to_frame(features: list[geojson.Feature]) -> gpd.GeoDataFrame:
    """Return features as a GeoDataFrame in EPSG:4326, properties as columns.

    A property a feature lacks is missing (None/NaN) in its row.
    """
    columns: dict[str, None] = {}
    for feature in features:
        columns.update(dict.fromkeys(feature.properties))
    rows: dict[str, list[Any]] = {key: [f.properties.get(key) for f in features] for key in columns}
    return gpd.GeoDataFrame(
        rows, geometry=[f.geometry for f in features], crs=WGS84, columns=[*columns]
    )


def read_layer(name: str, layers_dir: str | Path | None = None) -> gpd.GeoDataFrame:
    """Read one layer of the contract as a GeoDataFrame.

    Parameters
    ----------
    name
        A layer name of :data:`geo.layerfiles.geojson.LAYERS` (``"corridor"``, ``"places"``...).
    layers_dir
        Folder of the layer files (see :func:`geo.layerfiles.shipped.layers_folder`).

    Returns
    -------
    geopandas.GeoDataFrame
        One row per feature in file order, CRS EPSG:4326 (lon/lat).

    Raises
    ------
    LayerError
        If ``name`` is not a layer, or the file breaks the layer contract.
    """
    folder = layers_folder(layers_dir)
    spec = geojson.SPECS.get(name)
    if spec is None:
        known = ", ".join(s.name for s in geojson.LAYERS)
        raise LayerError(f"{folder / (name + '.geojson')}: no layer {name!r} (layers: {known})")
    return to_frame(geojson.read_layer_file(folder / f"{name}.geojson", spec))


def read_layers(layers_dir: str | Path | None = None) -> dict[str, gpd.GeoDataFrame]:
    """Read every layer of the contract as GeoDataFrames, checked as for the map.

    Parameters
    ----------
    layers_dir
        Folder of the layer files (see :func:`geo.layerfiles.shipped.layers_folder`).

    Returns
    -------
    dict of str to geopandas.GeoDataFrame
        By layer name, in draw order; CRS EPSG:4326.

    Raises
    ------
    LayerError, TopologyError
        If a file is missing or invalid, or the countries overlap.
    """
    layers = geojson.read_layer_files(layers_folder(layers_dir))
    return {name: to_frame(features) for name, features in layers.items()}


# ------------------------------------------------- the page's display layers


def page_layer_features(layer: dict[str, Any]) -> list[dict[str, Any]]:
    """Return the features of a page layer definition with plain GeoJSON geometry."""
    return [
        {**feature, "geometry": decode_geometry(feature["geometry"])}
        for feature in layer["geojson"]["features"]
    ]
