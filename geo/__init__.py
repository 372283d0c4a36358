"""Measured GeoJSON layers and a standalone offline map of the Syunik transit route."""

__version__ = "0.1.0"
