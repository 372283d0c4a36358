"""Measures: geodesic and projected lengths and areas, and the report behind ``measure``.

The measuring functions of :mod:`geo.measure.geodesic` are the public API
(``from geo import measure; measure.length_m(series)``).
"""

from geo.measure.geodesic import (
    area_m2,
    area_m2_equal_area,
    areas_m2,
    areas_m2_equal_area,
    length_m,
    length_m_utm,
    lengths_m,
    lengths_m_utm,
)

__all__ = [
    "area_m2",
    "area_m2_equal_area",
    "areas_m2",
    "areas_m2_equal_area",
    "length_m",
    "length_m_utm",
    "lengths_m",
    "lengths_m_utm",
]
