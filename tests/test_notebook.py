"""The example notebook runs from top to bottom (nbclient) and writes its exports."""

from __future__ import annotations

import pytest
from helpers import ROOT, skip_or_fail


def test_example_notebook_runs_and_exports(tmp_path):
    try:
        import nbformat
        from nbclient import NotebookClient
    except ImportError:
        skip_or_fail("nbclient/nbformat not installed (pip install '.[test]')")
    notebook = nbformat.read(ROOT / "examples" / "route.ipynb", as_version=4)
    client = NotebookClient(
        notebook, timeout=300, kernel_name="python3", resources={"metadata": {"path": tmp_path}}
    )
    client.execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    html = [o for o in outputs if "text/html" in o.get("data", {})]
    assert any(
        "folium-map" in o["data"]["text/html"] or "iframe" in o["data"]["text/html"] for o in html
    )
    for name in ("route.gpkg", "route.png", "route_offline.html"):
        assert (tmp_path / name).stat().st_size > 10_000, name


# Slow: a Jupyter kernel starts and the notebook draws the figure and the maps
# (about 10-25 s); the Python face it calls is tested quickly in test_frames,
# test_folium and test_export.
pytestmark = [pytest.mark.slow, pytest.mark.filterwarnings("ignore::DeprecationWarning")]
