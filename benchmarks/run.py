#!/usr/bin/env python3
"""Benchmarks of the map build, the page and the layer regeneration, as ratios in one run.

Usage: python benchmarks/run.py [--json FILE] [--runs N] [--skip-layers] [--layers-runs N]
                                [--skip-browser]

Everything is measured in this one run on this machine; compare the ratios, not the
seconds, across runs. No test asserts on these numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

FLOOR = "import geopandas, folium, pyproj, shapely"

#: The `map` command's median build may take at most this many times the floor's median.
MAP_TARGET_RATIO = 1.0


def timed_process(args: list[str], runs: int) -> list[float]:
    """Run a command ``runs`` times as fresh processes; return wall times in seconds."""
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        subprocess.run(args, check=True, cwd=ROOT, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def map_builds(page: Path, cache: Path, runs: int) -> dict[str, object]:
    """Time the floor, a warm-cache build and an uncached build, in turns, ``runs`` times.

    Each repetition runs the three as fresh processes one after the other, so they
    share the machine's load. The display cache (``--display-cache``) is warmed by
    one untimed build first; the uncached build (``--no-display-cache``) cleans and
    simplifies the layers every time, as a first build or a changed layer does.
    """
    build = [sys.executable, "build_map.py", "map", "--output", str(page)]
    warm_args = [*build, "--display-cache", str(cache)]
    cold_args = [*build, "--no-display-cache"]
    subprocess.run(warm_args, check=True, cwd=ROOT, capture_output=True)
    floor, warm, cold = [], [], []
    for _ in range(runs):
        floor += timed_process([sys.executable, "-c", FLOOR], 1)
        warm += timed_process(warm_args, 1)
        cold += timed_process(cold_args, 1)
    floor_s = statistics.median(floor)
    return {
        "floor_s": floor_s,
        "floor_runs_s": floor,
        "map_build_s": statistics.median(warm),
        "map_build_runs_s": warm,
        "map_build_ratio": statistics.median(warm) / floor_s,
        "map_build_cold_s": statistics.median(cold),
        "map_build_cold_runs_s": cold,
        "map_build_cold_ratio": statistics.median(cold) / floor_s,
    }


def page_shares(html: str) -> dict[str, int]:
    """Split the page's bytes into scripts, styles, geometry, other data and markup.

    The data is packed (gzip+base64), so the geometry's share of it is its
    share of the unpacked JSON.
    """
    from helpers import page_data_of

    size = len(html.encode("utf-8"))
    scripts = sum(len(s.encode()) for s in re.findall(r"<script>(.*?)</script>", html, re.S))
    styles = sum(len(s.encode()) for s in re.findall(r"<style>(.*?)</style>", html, re.S))
    data_text = re.search(r'id="map-data"[^>]*>(.*?)</script>', html, re.S).group(1)
    data = page_data_of(html)
    geometry_json = sum(
        len(json.dumps(f["geometry"], separators=(",", ":")).encode())
        for layer in data["layers"]
        for f in layer["geojson"]["features"]
    )
    whole_json = len(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode())
    data_bytes = len(data_text.encode())
    geometry = round(data_bytes * geometry_json / whole_json)
    return {
        "total": size,
        "scripts": scripts,
        "styles": styles,
        "geometry": geometry,
        "other_data": data_bytes - geometry,
        "markup": size - scripts - styles - data_bytes,
    }


def browser_ready_ms(page: Path, runs: int) -> list[float]:
    """Time to a ready map (every layer drawn) in headless Chromium, from navigation start."""
    from browser import start_browser, wait_ready

    driver = start_browser()
    try:
        times = []
        for _ in range(runs):
            driver.get("about:blank")
            driver.get(page.resolve().as_uri())
            wait_ready(driver)
            times.append(
                float(
                    driver.execute_script(
                        "return document.documentElement.getAttribute('data-map-ready-ms')"
                    )
                )
            )
        return times
    finally:
        driver.quit()


#: The floor of `layers`: unpack the world file from its tarball, then read its region with
#: pyogrio (GDAL), as `layers` itself did before it read the tarball in one pass.
LAYERS_FLOOR = """
import sys, json, tarfile, tempfile, shutil, pathlib, pyogrio
tarball, member, bbox = sys.argv[1], sys.argv[2], tuple(json.loads(sys.argv[3]))
with tempfile.TemporaryDirectory() as tmp:
    target = pathlib.Path(tmp) / "world.geojson"
    with tarfile.open(tarball, "r|gz") as archive:
        for info in archive:
            if info.name == member:
                with archive.extractfile(info) as src, target.open("wb") as out:
                    shutil.copyfileobj(src, out, 1 << 20)
                break
    pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": "0"})
    _meta, _fids, wkb, fields = pyogrio.raw.read(target, bbox=bbox, columns=["A3"])
    assert len(wkb) > 0
"""


def child_run(args: list[str]) -> dict[str, float]:
    """Run one fresh process; return its wall time (s) and its own peak resident set (MiB)."""
    started = time.perf_counter()
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _pid, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    stderr = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args[:3])}: failed: {stderr.strip()[-300:]}")
    return {"seconds": seconds, "peak_rss_mib": usage.ru_maxrss / 1024}  # ru_maxrss is in KiB


def layers_warm(cache: Path, pairs: int) -> dict[str, object]:
    """Time `layers` on a warm cache against its floor, alternating the two, ``pairs`` times.

    The floor and `layers` run as fresh processes one after the other, so that both see
    the same load; the ratio of each pair is reported and its median is the figure.
    """
    from geo.sources import packages as sources
    from geo.steps.assemble import READ_BBOX

    world = sources.packages()["countries_land_10m"]
    tarball = sources.fetch_package(world, cache)  # warm the cache outside the timings
    rows = []
    with tempfile.TemporaryDirectory() as tmp:
        layers_args = [
            sys.executable,
            "build_map.py",
            "layers",
            "--out",
            f"{tmp}/layers",
            "--cache",
            str(cache),
        ]
        floor_args = [
            sys.executable,
            "-c",
            LAYERS_FLOOR,
            str(tarball),
            world.members[0],
            json.dumps(READ_BBOX),
        ]
        for _ in range(pairs):
            floor = child_run(floor_args)
            layers = child_run(layers_args)
            rows.append({"floor": floor, "layers": layers})
    ratios = [row["layers"]["seconds"] / row["floor"]["seconds"] for row in rows]
    return {
        "pairs": rows,
        "floor_s": statistics.median(row["floor"]["seconds"] for row in rows),
        "floor_peak_rss_mib": max(row["floor"]["peak_rss_mib"] for row in rows),
        "seconds": statistics.median(row["layers"]["seconds"] for row in rows),
        "peak_rss_mib": max(row["layers"]["peak_rss_mib"] for row in rows),
        "ratio": statistics.median(ratios),
        "ratios": ratios,
    }


def growth(runs: int) -> list[dict[str, float]]:
    """Build time, vertices and bytes against the display error budget."""
    import shapely

    from geo.display import geometry as display
    from geo.layerfiles.geojson import read_layer_files
    from geo.page import html as page
    from geo.page import model

    layers = read_layer_files(ROOT / "layers")
    rows = []
    for budget in (100.0, 25.0, 10.0, None):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            data = model.page_data(layers, max_error_m=budget)
            html = page.html_page(data)
            times.append(time.perf_counter() - started)
        shown = display.display_layers(layers, budget).geometries
        vertices = sum(int(shapely.get_num_coordinates(g)) for gs in shown.values() for g in gs)
        rows.append(
            {
                "max_error_m": budget if budget is not None else 0.0,
                "label": f"{budget:g} m" if budget is not None else "full resolution",
                "vertices": vertices,
                "bytes": len(html.encode()),
                "seconds": statistics.median(times),
            }
        )
    return rows


def main() -> int:
    """Run the benchmarks, print a table, optionally write JSON."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", metavar="FILE", help="also write the numbers as JSON")
    parser.add_argument("--runs", type=int, default=5, help="repetitions (median; at least 5)")
    parser.add_argument("--cache", default=str(ROOT / ".cache" / "sources"))
    parser.add_argument("--skip-layers", action="store_true")
    parser.add_argument(
        "--layers-runs", type=int, default=3, help="pairs of floor and `layers` runs (median)"
    )
    parser.add_argument("--skip-browser", action="store_true")
    args = parser.parse_args()
    runs = max(args.runs, 5)
    out: dict[str, object] = {"runs": runs}

    out["load_average"] = os.getloadavg()
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "map.html"
        out.update(map_builds(page, Path(tmp) / "display-cache", runs))
        html = page.read_text(encoding="utf-8")
        out["html"] = page_shares(html)
        if not args.skip_browser:
            ready = browser_ready_ms(page, runs)
            out["browser_ready_ms"] = statistics.median(ready)
    if not args.skip_layers:
        out["layers_warm"] = layers_warm(Path(args.cache), max(args.layers_runs, 1))
    out["growth"] = growth(3)

    load = ", ".join(f"{x:.2f}" for x in out["load_average"])
    print(f"load average at the start      {load}  ({os.cpu_count()} CPUs)")
    print(f"import floor ({FLOOR})        {out['floor_s']:.3f} s  (median of {runs})")
    print(
        f"map build, warm display cache  {out['map_build_s']:.3f} s  "
        f"= {out['map_build_ratio']:.2f} x floor  (target <= {MAP_TARGET_RATIO:g})"
    )
    print(
        f"map build, no display cache    {out['map_build_cold_s']:.3f} s  "
        f"= {out['map_build_cold_ratio']:.2f} x floor  (first build, or a layer changed)"
    )
    shares = out["html"]
    print(f"HTML size                      {shares['total'] / 1e6:.3f} MB  (target <= 1 MB)")
    for key in ("scripts", "styles", "geometry", "other_data", "markup"):
        print(
            f"  {key:<28} {shares[key] / 1e3:8.1f} kB  {100 * shares[key] / shares['total']:5.1f} %"
        )
    if "browser_ready_ms" in out:
        print(f"ready in headless Chromium     {out['browser_ready_ms']:.0f} ms  (target <= 1000)")
    if "layers_warm" in out:
        lw = out["layers_warm"]
        print(
            f"layers floor (unpack + pyogrio) {lw['floor_s']:.1f} s, "
            f"peak {lw['floor_peak_rss_mib']:.0f} MiB  (median of {len(lw['pairs'])})"
        )
        print(
            f"layers, warm cache             {lw['seconds']:.1f} s "
            f"= {lw['ratio']:.2f} x floor (pairs: "
            + ", ".join(f"{r:.2f}" for r in lw["ratios"])
            + f"), peak {lw['peak_rss_mib']:.0f} MiB  (targets <= 1.25 x floor, <= 600 MiB)"
        )
    print("display budget   vertices      bytes   build s")
    for row in out["growth"]:
        print(
            f"  {row['label']:<15} {row['vertices']:>8} {row['bytes']:>10} {row['seconds']:>8.3f}"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(out, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
