"""Shaded relief from an elevation grid: a light, mostly transparent image for the map.

A pure layer-build step: elevation window (metres, on a grid of degrees) →
hillshade with each row's true cell size in metres → rows resampled to even
Web Mercator spacing, so that a Leaflet image overlay on the grid's bounds puts
every row at its latitude → a few quantised tones → palette PNG bytes. Flat
ground is transparent; slopes facing away from the light get a dark
translucent tone and slopes facing it a white translucent one, so the image
drawn over the map's opaque fills darkens or lightens them like a shadow,
keeping their colours.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from geo.crs import GEOD, WEB_MERCATOR, WGS84, transformer
from geo.io import png
from geo.sources.globe import Grid


@dataclass(frozen=True)
class ReliefParams:
    """How the relief is drawn: its box, the light and the tones.

    Attributes
    ----------
    bbox_deg
        (west, south, east, north) in degrees: the map's whole-region view
        (Armenia, Azerbaijan and Nakhchivan with 0.1° around), rounded outward.
    azimuth_deg
        Direction the light comes from, degrees clockwise from north.
    altitude_deg
        The light's height above the horizon, degrees.
    z_factor
        Vertical exaggeration (1 = none).
    gain
        How strongly a departure from flat ground's shade becomes a tone: at
        gain g a slope reaches the darkest tone at 1/g of the largest departure.
    shadow_levels, highlight_levels
        Number of dark and light tones (palette entries 1..S and S+1..S+H).
    shadow_max_alpha, highlight_max_alpha
        Opacity of the darkest and the lightest tone, 0-1.
    shadow_rgb, highlight_rgb
        Colours of the tones.
    """

    bbox_deg: tuple[float, float, float, float] = (43.3, 38.25, 51.0, 42.05)
    azimuth_deg: float = 315.0
    altitude_deg: float = 45.0
    z_factor: float = 1.0
    gain: float = 1.5
    shadow_levels: int = 6
    highlight_levels: int = 3
    shadow_max_alpha: float = 0.5
    highlight_max_alpha: float = 0.35
    shadow_rgb: tuple[int, int, int] = (40, 36, 30)
    highlight_rgb: tuple[int, int, int] = (255, 255, 255)

    def describe(self) -> str:
        """Return the method in one paragraph, for the layer's metadata."""
        return (
            f"Hillshade (Horn's 3×3 slopes, Lambertian) lit from {self.azimuth_deg:g}° at "
            f"{self.altitude_deg:g}° above the horizon, z × {self.z_factor:g}, computed on the "
            "30\" grid with each row's cell size in metres (WGS84); rows resampled linearly to "
            "even Web Mercator (EPSG:3857) spacing; the departure from flat ground's shade × "
            f"{self.gain:g} quantised to {self.shadow_levels} dark tones (opacity up to "
            f"{self.shadow_max_alpha:g}) and {self.highlight_levels} light tones (up to "
            f"{self.highlight_max_alpha:g}); flat ground is transparent."
        )


# ---------------------------------------------------------------- geometry


def cell_size_m(lat_deg: np.ndarray, cell_deg: float) -> tuple[np.ndarray, np.ndarray]:
    """Return the east-west and north-south size of square cells at given latitudes.

    Parameters
    ----------
    lat_deg
        Latitude of each cell's centre, degrees (WGS84).
    cell_deg
        The cells' side, degrees.

    Returns
    -------
    tuple of numpy.ndarray
        East-west size (along the parallel) and north-south size (along the
        meridian), metres, on the WGS84 ellipsoid.
    """
    phi = np.radians(np.asarray(lat_deg, dtype=np.float64))
    w2 = 1.0 - GEOD.es * np.sin(phi) ** 2
    prime_vertical_m = GEOD.a / np.sqrt(w2)
    meridian_m = GEOD.a * (1.0 - GEOD.es) / w2**1.5
    step = math.radians(cell_deg)
    return prime_vertical_m * np.cos(phi) * step, meridian_m * step


def mercator_y_m(lat_deg: np.ndarray) -> np.ndarray:
    """Return Web Mercator y (EPSG:3857), metres, of latitudes in degrees."""
    lat = np.asarray(lat_deg, dtype=np.float64)
    _x, y = transformer(WGS84, WEB_MERCATOR).transform(np.zeros_like(lat), lat)
    return np.asarray(y, dtype=np.float64)


def mercator_lat_deg(y_m: np.ndarray) -> np.ndarray:
    """Return the latitude, degrees, of Web Mercator y values in metres."""
    y = np.asarray(y_m, dtype=np.float64)
    _lon, lat = transformer(WEB_MERCATOR, WGS84).transform(np.zeros_like(y), y)
    return np.asarray(lat, dtype=np.float64)


def mercator_source_rows(grid: Grid, height: int) -> np.ndarray:
    """Return, for each of ``height`` rows even in Web Mercator y, its fractional grid row.

    Row ``k`` of the output spans an equal share of the Mercator height between
    the grid's north and south edges; its centre's latitude, expressed as a
    fractional index of the grid's row centres (0 = the first row's centre),
    clipped to the grid.
    """
    north_m, south_m = mercator_y_m(np.array([grid.north, grid.south]))
    centres_m = north_m - (np.arange(height) + 0.5) * (north_m - south_m) / height
    rows = (grid.north - mercator_lat_deg(centres_m)) / grid.cell_deg - 0.5
    return np.clip(rows, 0.0, grid.rows - 1.0)


def resample_rows_to_mercator(values: np.ndarray, grid: Grid) -> np.ndarray:
    """Resample a grid's rows to even Web Mercator spacing (same number of rows).

    Columns are kept: Mercator x is linear in longitude. Values are
    interpolated linearly between the two nearest source rows.

    Parameters
    ----------
    values
        One value per cell of ``grid``, rows north to south.
    grid
        The georeferencing of ``values`` (degrees).

    Returns
    -------
    numpy.ndarray
        float64, same shape; row ``k`` lies at the ``k``-th of ``grid.rows``
        equal steps of Mercator y from north to south.
    """
    source = mercator_source_rows(grid, grid.rows)
    first = np.floor(source).astype(np.int64)
    second = np.minimum(first + 1, grid.rows - 1)
    weight = (source - first)[:, None]
    v = np.asarray(values, dtype=np.float64)
    return v[first] * (1.0 - weight) + v[second] * weight


# ---------------------------------------------------------------- shading


def hillshade(
    elevation_m: np.ndarray,
    dx_m: np.ndarray | float,
    dy_m: np.ndarray | float,
    *,
    azimuth_deg: float = 315.0,
    altitude_deg: float = 45.0,
    z_factor: float = 1.0,
) -> np.ndarray:
    """Return the Lambertian shade of a surface lit from one direction.

    Parameters
    ----------
    elevation_m
        Elevation, metres; rows north to south, columns west to east.
    dx_m, dy_m
        Cell size east-west and north-south, metres: scalars or one value per
        row (on a grid of degrees the east-west size shrinks with latitude).
    azimuth_deg
        Direction the light comes from, degrees clockwise from north.
    altitude_deg
        The light's height above the horizon, degrees.
    z_factor
        Vertical exaggeration.

    Returns
    -------
    numpy.ndarray
        Shade 0-1 per cell (flat ground: sin(altitude)); slopes from Horn's
        3×3 weights, the border cells repeated at the edges.
    """
    z = np.asarray(elevation_m, dtype=np.float64) * z_factor
    rows = z.shape[0]
    dx = np.broadcast_to(np.asarray(dx_m, dtype=np.float64).reshape(-1, 1), (rows, 1))
    dy = np.broadcast_to(np.asarray(dy_m, dtype=np.float64).reshape(-1, 1), (rows, 1))
    p = np.pad(z, 1, mode="edge")
    nw, n, ne = p[:-2, :-2], p[:-2, 1:-1], p[:-2, 2:]
    w, e = p[1:-1, :-2], p[1:-1, 2:]
    sw, s, se = p[2:, :-2], p[2:, 1:-1], p[2:, 2:]
    rise_east = ((ne + 2 * e + se) - (nw + 2 * w + sw)) / (8.0 * dx)
    rise_north = ((nw + 2 * n + ne) - (sw + 2 * s + se)) / (8.0 * dy)
    azimuth, altitude = math.radians(azimuth_deg), math.radians(altitude_deg)
    light_east = math.sin(azimuth) * math.cos(altitude)
    light_north = math.cos(azimuth) * math.cos(altitude)
    light_up = math.sin(altitude)
    # The unit normal (-rise_east, -rise_north, 1) / |…| dotted with the light.
    shade = (-rise_east * light_east - rise_north * light_north + light_up) / np.sqrt(
        1.0 + rise_east**2 + rise_north**2
    )
    return np.clip(shade, 0.0, 1.0)


def relief_levels(shade: np.ndarray, params: ReliefParams) -> np.ndarray:
    """Quantise shade to palette indices: 0 flat, 1..S darker, S+1..S+H lighter.

    The departure from flat ground's shade (sin(altitude)) is scaled by
    ``gain`` relative to its largest possible value on that side and rounded
    to whole tones.
    """
    flat = math.sin(math.radians(params.altitude_deg))
    departure = np.asarray(shade, dtype=np.float64) - flat
    dark = np.rint(np.clip(-departure / flat * params.gain, 0, 1) * params.shadow_levels)
    light = np.rint(np.clip(departure / (1 - flat) * params.gain, 0, 1) * params.highlight_levels)
    indices = np.where(dark > 0, dark, np.where(light > 0, params.shadow_levels + light, 0))
    return indices.astype(np.uint8)


def relief_palette(params: ReliefParams) -> list[png.Rgba]:
    """Return the RGBA palette of :func:`relief_levels`; entry 0 is transparent."""
    palette: list[png.Rgba] = [(0, 0, 0, 0)]
    for k in range(1, params.shadow_levels + 1):
        alpha = round(255 * params.shadow_max_alpha * k / params.shadow_levels)
        palette.append((*params.shadow_rgb, alpha))
    for k in range(1, params.highlight_levels + 1):
        alpha = round(255 * params.highlight_max_alpha * k / params.highlight_levels)
        palette.append((*params.highlight_rgb, alpha))
    return palette


def relief_indices(elevation_m: np.ndarray, grid: Grid, params: ReliefParams) -> np.ndarray:
    """Return the relief of a degree grid as palette indices, rows even in Web Mercator.

    Parameters
    ----------
    elevation_m
        Elevation, metres (values below 0 are shaded as 0), on ``grid``.
    grid
        The window's georeferencing (degrees, WGS84).
    params
        Light and tones.

    Returns
    -------
    numpy.ndarray
        uint8 indices into :func:`relief_palette`, ``grid``'s shape; drawn on
        ``grid.bounds()`` in Web Mercator, each row lies at its latitude.
    """
    dx_m, dy_m = cell_size_m(grid.row_lat_deg(), grid.cell_deg)
    shade = hillshade(
        np.maximum(np.asarray(elevation_m, dtype=np.float64), 0.0),
        dx_m,
        dy_m,
        azimuth_deg=params.azimuth_deg,
        altitude_deg=params.altitude_deg,
        z_factor=params.z_factor,
    )
    return relief_levels(resample_rows_to_mercator(shade, grid), params)


def relief_png(
    elevation_m: np.ndarray, grid: Grid, params: ReliefParams
) -> tuple[bytes, list[list[float]]]:
    """Return the relief as palette PNG bytes and its bounds.

    Returns
    -------
    tuple of bytes and list
        The PNG (deterministic: see :mod:`geo.io.png`) and ``[[south, west],
        [north, east]]`` of the grid's outer cell edges, degrees, for a Leaflet
        image overlay.
    """
    indices = relief_indices(elevation_m, grid, params)
    return png.encode_indexed(indices, relief_palette(params)), grid.bounds()


# ---------------------------------------------------------------- reuse


def sample_overlay(
    rgba: np.ndarray, bounds: list[list[float]], lon_deg: np.ndarray, lat_deg: np.ndarray
) -> np.ndarray:
    """Sample a Web Mercator image overlay at points, bilinearly, for drawing it elsewhere.

    Parameters
    ----------
    rgba
        The overlay's pixels (rows × cols × 4, 0-255), rows even in Web Mercator y.
    bounds
        ``[[south, west], [north, east]]`` of the overlay, degrees.
    lon_deg, lat_deg
        Points to sample, degrees (WGS84), any shape.

    Returns
    -------
    numpy.ndarray
        RGBA 0-1 of each point (shape of the points + (4,)); colours are
        interpolated premultiplied by alpha; points outside are transparent.
    """
    (south, west), (north, east) = bounds
    rows, cols = rgba.shape[:2]
    lon = np.asarray(lon_deg, dtype=np.float64)
    lat = np.asarray(lat_deg, dtype=np.float64)
    north_m, south_m = mercator_y_m(np.array([north, south]))
    x = (lon - west) / (east - west) * cols - 0.5
    y = (north_m - mercator_y_m(lat)) / (north_m - south_m) * rows - 0.5
    inside = (lon >= west) & (lon <= east) & (lat >= south) & (lat <= north)
    x, y = np.clip(x, 0, cols - 1), np.clip(y, 0, rows - 1)
    x0 = np.minimum(np.floor(x).astype(np.int64), max(cols - 2, 0))
    y0 = np.minimum(np.floor(y).astype(np.int64), max(rows - 2, 0))
    x1, y1 = np.minimum(x0 + 1, cols - 1), np.minimum(y0 + 1, rows - 1)
    tx, ty = (x - x0)[..., None], (y - y0)[..., None]
    colour = np.asarray(rgba, dtype=np.float64) / 255.0
    premultiplied = np.concatenate([colour[..., :3] * colour[..., 3:], colour[..., 3:]], axis=-1)
    top = premultiplied[y0, x0] * (1 - tx) + premultiplied[y0, x1] * tx
    bottom = premultiplied[y1, x0] * (1 - tx) + premultiplied[y1, x1] * tx
    mixed = top * (1 - ty) + bottom * ty
    alpha = mixed[..., 3:]
    rgb = np.divide(mixed[..., :3], alpha, out=np.zeros_like(mixed[..., :3]), where=alpha > 0)
    out = np.concatenate([rgb, alpha], axis=-1)
    out[~inside] = 0.0
    return out
