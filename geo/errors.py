"""The project's exceptions: one base class, one subclass per kind of failure.

Every message is one line of the form ``"<file>: <problem>"`` so that the
command line can print it as it is and exit with status 1.
"""

from __future__ import annotations


class GeoError(Exception):
    """Base class of every error the project raises on purpose."""


class SourceError(GeoError):
    """A source package or data file is missing, corrupt or not as pinned."""


class LayerError(GeoError):
    """A layer file breaks the layer contract (format, CRS, geometry, properties)."""


class TopologyError(GeoError):
    """Geometries do not relate as they must (overlap, gap, outside their parent)."""


class OutputError(GeoError):
    """An output path cannot be written."""


class ToolError(GeoError):
    """An external tool the command needs (npm) is missing or failed."""


class UserDataError(GeoError):
    """A user's own GeoJSON file (``map --add``) is not RFC 7946 GeoJSON in WGS84."""


class LanguageError(GeoError):
    """A language code names none of the page's languages (``--lang``)."""


class SizeError(GeoError):
    """A figure size (``export --size``) is not ``WxH`` within the figure's limits."""
