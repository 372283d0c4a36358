"""Shared fixtures: the committed layers, read once, and one browser per module.

Helpers live in ``helpers.py``; this file only defines fixtures.
"""

from __future__ import annotations

import sys

import pytest
from helpers import LAYERS_DIR, ROOT, build_map_file, start_browser

sys.path.insert(0, str(ROOT))


@pytest.fixture(scope="session")
def layers():
    """Return the committed layers, validated by the project's own reader."""
    from geo.layerfiles.geojson import read_layer_files

    return read_layer_files(LAYERS_DIR)


@pytest.fixture(scope="session")
def shown(layers):
    """Compute the display geometry of the committed layers (cleaned, simplified) once."""
    from geo.display import geometry as display

    before = {n: [f.geometry.wkb for f in fs] for n, fs in layers.items()}
    result = display.display_layers(layers)
    # Cleaning works on copies: the layers (and every figure measured from them) stay.
    assert {n: [f.geometry.wkb for f in fs] for n, fs in layers.items()} == before
    return result


@pytest.fixture(scope="session")
def by_id(layers):
    """Every feature of every layer by its ``id`` property."""
    return {f.properties["id"]: f for features in layers.values() for f in features}


@pytest.fixture(scope="session")
def page(tmp_path_factory):
    """Build the default map of the committed layers once, for the tests that only open it."""
    output = tmp_path_factory.mktemp("page") / "map.html"
    build_map_file(output, LAYERS_DIR)
    return output


@pytest.fixture(scope="module")
def browser():
    """One headless Chromium per test module, network cut off (see ``helpers.start_browser``)."""
    driver = start_browser()
    yield driver
    driver.quit()
