"""The map's own measure tool, driven through its buttons and map clicks, against pyproj.

The tool shows rounded figures and keeps the unrounded ones in the result's
``data-km`` / ``data-km2`` attributes; both are checked. Reference: Karney's
geodesics on the WGS84 ellipsoid (``pyproj.Geod``).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import wait_ready
from pyproj import Geod

pytestmark = pytest.mark.browser

GEOD = Geod(ellps="WGS84")

#: Largest relative difference allowed between the tool and pyproj (0.01 %).
REL_TOLERANCE = 1e-4

#: A line of 3 vertices in Syunik and Nakhichevan's latitudes, about 50.4 km long (lon, lat).
LINE = ((45.9, 39.2), (46.1, 39.35), (46.4, 39.3))

#: A triangle of about 9,077 km² around 45.5–47°E, 38.9–40.2°N (lon, lat), counter-clockwise.
TRIANGLE = ((45.5, 39.0), (47.0, 38.9), (46.4, 40.2))

TIMEOUT_S = 10.0


def _wait(driver, condition, message: str):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, TIMEOUT_S).until(condition, message)


def _number(text: str) -> float:
    """Parse the number of a shown figure such as 'Area 9,077.3 km²'."""
    match = re.search(r"[\d,]+(?:\.\d+)?", text)
    assert match, text
    return float(match.group(0).replace(",", ""))


def measure_with_tool(driver, page: Path, mode: str, vertices) -> dict[str, str]:
    """Open the map, press the tool's button, click the vertices on the map, press Finish.

    Returns
    -------
    dict
        The result box's shown text (``main``, ``extra``, ``hint``) and its
        unrounded figures (``km``, ``km2``; ``None`` when absent).
    """
    from selenium.webdriver.common.by import By

    driver.get(page.resolve().as_uri())
    wait_ready(driver)
    button = driver.find_element(By.ID, f"btn-measure-{mode}")
    button.click()
    _wait(driver, lambda d: button.get_attribute("aria-pressed") == "true", "tool not started")
    for count, (lon, lat) in enumerate(vertices, start=1):
        # The map's own click handling, as a click on the map at that place fires it.
        driver.execute_script(
            "window.syunikMap.fire('click', {latlng: L.latLng(arguments[0], arguments[1])});",
            lat,
            lon,
        )
        if count >= (3 if mode == "area" else 2):
            # Each added vertex changes the unrounded figure: wait for it to exist.
            _wait(
                driver,
                lambda d: d.find_element(By.ID, "measure-result").find_element(
                    By.CSS_SELECTOR, ".measure-value[data-km]"
                ),
                f"no figure after {count} points",
            )
    driver.find_element(By.CSS_SELECTOR, "#measure-result .measure-action.is-primary").click()
    hint = f"{len(vertices)} points."
    _wait(
        driver,
        lambda d: d.find_element(By.CSS_SELECTOR, "#measure-result .measure-hint").text.startswith(
            hint
        ),
        f"the tool did not finish with {hint!r}",
    )
    return driver.execute_script(
        "var box = document.getElementById('measure-result');"
        "var value = box.querySelector('.measure-value');"
        "return {main: box.querySelector('.measure-main').textContent,"
        " extra: box.querySelector('.measure-extra').textContent,"
        " hint: box.querySelector('.measure-hint').textContent,"
        " km: value.getAttribute('data-km'), km2: value.getAttribute('data-km2')};"
    )


def test_distance_tool_matches_pyproj_within_0_01_percent(browser, page):
    result = measure_with_tool(browser, page, "distance", LINE)
    lons, lats = zip(*LINE, strict=True)
    expected_km = GEOD.line_length(lons, lats) / 1000.0
    assert expected_km == pytest.approx(50.44, abs=0.01)  # the line is what we think it is
    assert result["main"].startswith("Total ")
    assert float(result["km"]) == pytest.approx(expected_km, rel=REL_TOLERANCE)
    # The shown text is the same figure rounded to 0.1 km.
    assert _number(result["main"]) == pytest.approx(expected_km, abs=0.05 + 1e-6)
    assert result["km2"] is None


@pytest.mark.parametrize("order", [1, -1], ids=["counter-clockwise", "clockwise"])
def test_area_tool_matches_pyproj_on_the_ellipsoid_within_0_01_percent(browser, page, order):
    vertices = TRIANGLE[::order]
    result = measure_with_tool(browser, page, "area", vertices)
    lons, lats = zip(*TRIANGLE, strict=True)
    area_m2, perimeter_m = GEOD.polygon_area_perimeter(lons, lats)
    expected_km2, expected_perimeter_km = abs(area_m2) / 1e6, perimeter_m / 1000.0
    assert expected_km2 == pytest.approx(9077.3, abs=0.1)
    assert result["main"].startswith("Area ")
    assert float(result["km2"]) == pytest.approx(expected_km2, rel=REL_TOLERANCE)
    assert float(result["km"]) == pytest.approx(expected_perimeter_km, rel=REL_TOLERANCE)
    # Shown: area to 0.1 km² (under 10,000 km²), perimeter to 0.1 km.
    assert _number(result["main"]) == pytest.approx(expected_km2, abs=0.05 + 1e-6)
    assert result["extra"].startswith("Perimeter ")
    assert _number(result["extra"]) == pytest.approx(expected_perimeter_km, abs=0.05 + 1e-6)
    assert "ellipsoid" in result["hint"]
