"""Versions, each defined once elsewhere and read here.

- :data:`__version__`: the project's, from its installed metadata (the
  ``version`` in ``pyproject.toml``), read with :mod:`importlib.metadata`;
- :data:`LEAFLET_VERSION`: the Leaflet the page inlines, from the pinned
  ``XStatic-Leaflet`` package that ships it.
"""

from __future__ import annotations

from importlib import metadata

from xstatic.pkg import leaflet

#: The distribution whose metadata holds the version.
DISTRIBUTION = "syunik-map"


def _installed_version() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # a checkout that was never installed
        return "0+unknown"


__version__ = _installed_version()

#: Leaflet's own version (``XStatic-Leaflet`` 1.9.3.0 ships Leaflet 1.9.3).
LEAFLET_VERSION = str(leaflet.VERSION)
