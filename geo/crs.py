"""Coordinate reference systems used by the project: the only place they are named.

Storage is always WGS84 longitude/latitude (RFC 7946). Lengths are measured
geodesically on the WGS84 ellipsoid and, as an independent check, in UTM zone
38N; areas geodesically and in a Lambert azimuthal equal-area projection
centred on the region.
"""

from __future__ import annotations

from functools import cache

from pyproj import CRS, Geod, Transformer

#: Storage CRS of every layer: WGS84 geographic, axis order lon, lat.
WGS84 = "EPSG:4326"

#: Projected CRS for lengths and metric buffers: WGS 84 / UTM zone 38N (metres).
UTM38N = "EPSG:32638"

#: The web map's CRS: spherical Web Mercator (metres). Leaflet places an image
#: overlay linearly in it between the image's corners.
WEB_MERCATOR = "EPSG:3857"

#: Equal-area CRS for projected areas: Lambert azimuthal equal-area centred on
#: 40°N 46°E (the South Caucasus), metres, WGS84 datum.
LAEA_CAUCASUS = "+proj=laea +lat_0=40 +lon_0=46 +x_0=0 +y_0=0 +datum=WGS84 +units=m +no_defs"

#: The ellipsoid for geodesic lengths and areas.
GEOD = Geod(ellps="WGS84")


@cache
def transformer(source: str, target: str) -> Transformer:
    """Return a cached, always-xy transformer between two CRS definitions.

    Parameters
    ----------
    source, target
        CRS definitions accepted by ``pyproj.CRS.from_user_input``.

    Returns
    -------
    pyproj.Transformer
        Transformer with ``always_xy=True`` (lon, lat order for WGS84).
    """
    return Transformer.from_crs(
        CRS.from_user_input(source), CRS.from_user_input(target), always_xy=True
    )
