"""Where the committed layers are: in the installed package, or in the checkout.

The repository keeps its layers at the top level (``layers/``); the wheel
carries the same files as package data, ``geo/_layers/`` (``pyproject.toml``
maps the one folder onto the other). So ``geo.read_layers()``, ``syunik-map``
and ``syunik-map measure`` work from any folder once installed, and a checkout
reads its own ``layers/``, which ``syunik-map layers`` regenerates.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent.parent

#: The layers inside an installed wheel.
INSTALLED_LAYERS = _PACKAGE / "_layers"

#: The layers of a checkout (an editable install, or the source tree itself).
CHECKOUT_LAYERS = _PACKAGE.parent / "layers"


def shipped_layers_dir() -> Path:
    """Return the folder of the layers that ship with the code.

    The installed package's ``geo/_layers`` when it exists, else the
    checkout's ``layers/`` (the same files in a wheel built from it).
    """
    return INSTALLED_LAYERS if INSTALLED_LAYERS.is_dir() else CHECKOUT_LAYERS


def layers_folder(layers_dir: str | Path | None = None) -> Path:
    """Return the layers folder to read.

    Parameters
    ----------
    layers_dir
        A folder; when None, ``./layers`` if the current folder has one (a
        checkout, or layers you regenerated), else the shipped layers
        (:func:`shipped_layers_dir`).
    """
    if layers_dir is not None:
        return Path(layers_dir)
    here = Path("layers")
    return here if here.is_dir() else shipped_layers_dir()
