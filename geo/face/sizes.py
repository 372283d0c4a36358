"""Figure sizes for ``export --size``: ``WxH`` in pixels, parsed and checked.

Light on purpose (no matplotlib): the command line checks a size before the
heavy imports, as it checks a language code.
"""

from __future__ import annotations

import re

from geo.errors import SizeError

#: Smallest and largest side of a figure, in pixels.
MIN_PX = 320
MAX_PX = 4000

#: Today's figure (4:3, for reports): the default.
DEFAULT_PX = (1920, 1440)

#: Sizes articles and social media use, by what they are for (the README lists them).
COMMON_PX = {
    "report (default)": DEFAULT_PX,
    "link preview, article header": (1200, 675),
    "square post": (1080, 1080),
    "full HD slide or video": (1920, 1080),
}

_SIZE = re.compile(r"([0-9]{1,6})[x×]([0-9]{1,6})")


def parse_size(text: str) -> tuple[int, int]:
    """Return ``(width_px, height_px)`` of a size written ``WxH`` (``1200x675``).

    Raises
    ------
    SizeError
        If ``text`` is not two whole numbers joined by ``x``, or a side lies
        outside ``MIN_PX..MAX_PX``; the message is one line.
    """
    match = _SIZE.fullmatch(text.strip().lower())
    sides = (int(match.group(1)), int(match.group(2))) if match else None
    if sides is None or not all(MIN_PX <= side <= MAX_PX for side in sides):
        shown = text.encode("unicode_escape").decode("ascii")[:40]
        raise SizeError(f"--size: expected WxH with {MIN_PX}..{MAX_PX} px each, got {shown!r}")
    return sides
