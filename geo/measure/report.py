"""Measure the layers on disk: the figures behind ``build_map.py measure``."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from geo.layerfiles.geojson import Feature, read_layer_files
from geo.measure.geodesic import (
    area_m2,
    area_m2_equal_area,
    km,
    km2,
    length_m,
    length_m_utm,
    relative_difference,
)

AREAS = ("armenia", "azerbaijan", "nakhichevan", "syunik")
BORDERS = (
    "armenia_iran",
    "armenia_azerbaijan",
    "armenia_nakhichevan",
    "armenia_turkey",
    "nakhichevan_iran",
    "nakhichevan_turkey",
)


def _by_id(features: list[Feature]) -> dict[str, Feature]:
    return {str(f.properties.get("id", f.properties["name"])): f for f in features}


def measurements(folder: Path) -> dict[str, Any]:
    """Measure corridor length, areas and border lengths from the layer files.

    Returns
    -------
    dict
        ``corridor_length_km`` (geodesic), ``corridor_length_km_utm`` (UTM 38N),
        ``area_km2`` and ``area_km2_equal_area`` per polygon layer,
        ``border_km`` and ``border_km_utm`` per border, ``connection_km`` and
        ``connection_km_utm`` per connection line (schematic), ``history_km`` and
        ``history_km_utm`` per line of the history layer (schematic), and
        ``max_relative_difference`` between geodesic and projected figures.

    Raises
    ------
    LayerError
        If a layer is missing or invalid, or lacks the corridor centreline.
    """
    from geo.errors import LayerError  # noqa: PLC0415

    layers = read_layer_files(folder)
    centre = [f for f in layers["corridor"] if f.geometry.geom_type == "LineString"]
    if len(centre) != 1:
        raise LayerError(f"{Path(folder) / 'corridor.geojson'}: needs exactly one centreline")
    line = centre[0].geometry
    result: dict[str, Any] = {
        "corridor_length_km": km(length_m(line)),
        "corridor_length_km_utm": km(length_m_utm(line)),
        "area_km2": {},
        "area_km2_equal_area": {},
        "border_km": {},
        "border_km_utm": {},
    }
    diffs = [relative_difference(length_m(line), length_m_utm(line))]
    for name in AREAS:
        geoms = [f.geometry for f in layers[name]]
        geodesic = sum(area_m2(g) for g in geoms)
        projected = sum(area_m2_equal_area(g) for g in geoms)
        result["area_km2"][name] = km2(geodesic)
        result["area_km2_equal_area"][name] = km2(projected)
        diffs.append(relative_difference(geodesic, projected))
    borders = _by_id(layers["borders"])
    for name in BORDERS:
        if name not in borders:
            continue
        geom = borders[name].geometry
        result["border_km"][name] = km(length_m(geom))
        result["border_km_utm"][name] = km(length_m_utm(geom))
        diffs.append(relative_difference(length_m(geom), length_m_utm(geom)))
    result["connection_km"] = {}
    result["connection_km_utm"] = {}
    for feature in layers.get("connections", []):
        geom, cid = feature.geometry, str(feature.properties["id"])
        result["connection_km"][cid] = km(length_m(geom))
        result["connection_km_utm"][cid] = km(length_m_utm(geom))
        diffs.append(relative_difference(length_m(geom), length_m_utm(geom)))
    result["history_km"] = {}
    result["history_km_utm"] = {}
    for feature in layers.get("history", []):
        geom, hid = feature.geometry, str(feature.properties["id"])
        if geom.geom_type == "Point":
            continue
        result["history_km"][hid] = km(length_m(geom))
        result["history_km_utm"][hid] = km(length_m_utm(geom))
        diffs.append(relative_difference(length_m(geom), length_m_utm(geom)))
    result["max_relative_difference"] = round(max(diffs), 6)
    return result


def table(figures: dict[str, Any]) -> str:
    """Format :func:`measurements` as a readable text table."""
    rows = [("measure", "geodesic", "projected")]
    rows.append(
        (
            "corridor length (km)",
            f"{figures['corridor_length_km']:.3f}",
            f"{figures['corridor_length_km_utm']:.3f} (UTM 38N)",
        )
    )
    for name, value in figures["area_km2"].items():
        rows.append(
            (
                f"area {name} (km²)",
                f"{value:,.1f}",
                f"{figures['area_km2_equal_area'][name]:,.1f} (equal-area)",
            )
        )
    for name, value in figures["border_km"].items():
        rows.append(
            (
                f"border {name.replace('_', '–')} (km)",
                f"{value:.3f}",
                f"{figures['border_km_utm'][name]:.3f} (UTM 38N)",
            )
        )
    for name, value in figures.get("connection_km", {}).items():
        rows.append(
            (
                f"connection {name} (km, schematic)",
                f"{value:.3f}",
                f"{figures['connection_km_utm'][name]:.3f} (UTM 38N)",
            )
        )
    for name, value in figures.get("history_km", {}).items():
        rows.append(
            (
                f"history {name} (km, schematic)",
                f"{value:.3f}",
                f"{figures['history_km_utm'][name]:.3f} (UTM 38N)",
            )
        )
    widths = [max(len(r[i]) for r in rows) for i in range(3)]
    lines = [
        "  ".join(
            cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i]) for i, cell in enumerate(row)
        )
        for row in rows
    ]
    lines.insert(1, "-" * len(lines[0]))
    lines.append(
        f"largest geodesic/projected difference: {figures['max_relative_difference'] * 100:.3f} %"
    )
    return "\n".join(lines)
