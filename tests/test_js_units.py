"""The page's script as units: each parses alone, reaches for nothing outside it, and is tested.

The units are listed in ``geo/static/js/manifest.txt``; the Node tests in
``tests/js`` (``node --test``, no npm) load the pure ones on their own.
"""

from __future__ import annotations

import json
import math
import re
import shutil
import subprocess
import sys

import pytest
from helpers import IN_CI, ROOT, skip_or_fail
from jsnames import free_names

from geo.errors import SourceError
from geo.page import html as page
from geo.page import model
from geo.page.codec import encode_geometry

JS_DIR = ROOT / "geo" / "static" / "js"
NODE_TESTS = ROOT / "tests" / "js"
UNITS = [name for name in page.manifest() if name.endswith(".js")]


def node() -> str:
    path = shutil.which("node")
    if path is None:
        skip_or_fail("Node.js is missing (Debian: apt-get install nodejs)")
    assert path is not None
    return path


def run_node(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [node(), *args], capture_output=True, text=True, timeout=timeout, check=False, cwd=ROOT
    )


def test_the_manifest_lists_every_unit_once_in_folders_by_kind():
    names = page.manifest()
    on_disk = {str(p.relative_to(JS_DIR)) for p in JS_DIR.rglob("*") if p.suffix in (".js", ".css")}
    assert set(names) == on_disk and len(names) == len(on_disk)
    assert names[0] == "core/namespace.js" and UNITS[-1] == "app.js"
    kinds = {name.split("/")[0] for name in names if "/" in name}
    assert kinds == {"core", "layer", "control", "behaviour"}


def test_every_control_has_its_stylesheet_beside_it():
    for unit in UNITS:
        if unit.startswith("control/"):
            assert (JS_DIR / unit).with_suffix(".css").is_file(), unit


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("core/dom.js\ncore/dom.js\n", "lists core/dom.js twice"),
        ("core/nothing.js\n", "lists core/nothing.js, which is not"),
        ("core/namespace.js\n", "does not list"),
    ],
)
def test_a_bad_manifest_is_one_clear_line(monkeypatch, tmp_path, text, problem):
    (tmp_path / "core").mkdir()
    for name in ("namespace.js", "dom.js"):
        (tmp_path / "core" / name).write_text("L.x = 1;\n", encoding="utf-8")
    (tmp_path / page.MANIFEST).write_text(text, encoding="utf-8")

    class Root:
        def __truediv__(self, part):
            return tmp_path if part == page.STATIC_JS else self

    monkeypatch.setattr(page.resources, "files", lambda package: Root())
    with pytest.raises(SourceError, match=problem) as info:
        page.manifest()
    assert "\n" not in str(info.value)


#: Compiles each file named on the command line as a script of its own (what
#: ``node --check`` does, one file a process) and prints {file: syntax error}.
PARSE_EACH_JS = """
const fs = require('fs'), vm = require('vm'), errors = {};
for (const file of process.argv.slice(1)) {
  try { new vm.Script(fs.readFileSync(file, 'utf8'), {filename: file}); }
  catch (err) { errors[file] = String(err && err.stack || err); }
}
process.stdout.write(JSON.stringify(errors));
"""


@pytest.fixture(scope="module")
def parse_errors() -> dict[str, str]:
    """Parse every unit in one Node process (a process each cost 32 Node starts)."""
    result = run_node("-e", PARSE_EACH_JS, *(str(JS_DIR / unit) for unit in UNITS))
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_parses_on_its_own(parse_errors, unit):
    assert str(JS_DIR / unit) not in parse_errors, parse_errors.get(str(JS_DIR / unit))


def test_the_parse_check_finds_a_syntax_error(tmp_path):
    broken = tmp_path / "broken.js"
    broken.write_text("L.Syunik.x = function (ctx) { return ctx.map; ;\n", encoding="utf-8")
    result = run_node("-e", PARSE_EACH_JS, str(broken), str(JS_DIR / UNITS[0]))
    errors = json.loads(result.stdout)
    assert list(errors) == [str(broken)] and "SyntaxError" in errors[str(broken)]


@pytest.mark.parametrize("unit", UNITS)
def test_every_unit_uses_only_leaflet_the_browser_and_what_it_is_given(unit):
    assert free_names((JS_DIR / unit).read_text(encoding="utf-8")) == set()


def test_the_free_name_check_finds_a_name_from_another_unit():
    # 03b-panes.js read `map` and `data` from other files; 11a-hash.js `isPrinting`.
    leaky = """
    L.Syunik.x = function (ctx) {
      var zoom = map.getZoom(), own = {data: 1};
      function inner(a, b) { return a + b + own.data + isPrinting(); }
      try { inner(zoom, /map/g.test('x') ? 1 : 2); } catch (err) { console.warn(err); }
      return {map: ctx.map, zoom: zoom};
    };
    """
    assert free_names(leaky) == {"map", "isPrinting"}


def test_the_page_script_is_the_units_in_one_closure(tmp_path):
    script = page.map_script()
    assert script.startswith(page.SCRIPT_INTRO) and script.endswith(page.SCRIPT_OUTRO)
    positions = [
        script.index(
            page.joined_lines(
                page.without_indentation(
                    page.without_comments((JS_DIR / unit).read_text(encoding="utf-8"))
                )
            )
        )
        for unit in UNITS
    ]
    assert positions == sorted(positions)
    assert page.SCRIPT_START in script and page.SCRIPT_START not in page.map_script(start=False)
    (tmp_path / "map.js").write_text(script, encoding="utf-8")
    result = run_node("--check", str(tmp_path / "map.js"))  # parses as one script too
    assert result.returncode == 0, result.stderr


def test_the_node_unit_tests_pass():
    result = run_node("--test", str(NODE_TESTS), timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "# fail 0" in result.stdout


def test_a_missing_node_skips_here_and_fails_in_ci(monkeypatch):
    import helpers

    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setattr(helpers, "IN_CI", True)
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        node()
    monkeypatch.setattr(helpers, "IN_CI", False)
    with pytest.raises(pytest.skip.Exception):
        node()
    assert IN_CI in (True, False)


def test_the_geodesy_fixture_is_what_pyproj_says():
    sys.path.insert(0, str(NODE_TESTS))
    try:
        import fixtures  # tests/js/fixtures.py
    finally:
        sys.path.remove(str(NODE_TESTS))
    committed = json.loads(fixtures.FIXTURE.read_text(encoding="utf-8"))
    fresh = fixtures.reference()
    for kind, key in (("distances", "km"), ("areas", "km2")):
        assert [c["name"] for c in committed[kind]] == [c["name"] for c in fresh[kind]]
        for old, new in zip(committed[kind], fresh[kind], strict=True):
            assert math.isclose(old[key], new[key], rel_tol=1e-12), old["name"]


def test_the_decoder_reads_back_what_the_python_encoder_wrote(tmp_path, layers):
    """Real layers: Python encodes, the page's decoder decodes, Python encodes the same again."""
    from shapely.geometry import shape

    data = model.page_data(layers)
    encoded = [
        feature["geometry"]
        for layer in data["layers"]
        for feature in layer["geojson"]["features"]
        if "enc" in feature["geometry"]
    ]
    assert len(encoded) > 20
    source = tmp_path / "encoded.json"
    source.write_text(json.dumps(encoded), encoding="utf-8")
    target = tmp_path / "decoded.json"
    result = run_node(str(NODE_TESTS / "decode_file.mjs"), str(source), str(target))
    assert result.returncode == 0, result.stderr
    decoded = json.loads(target.read_text(encoding="utf-8"))
    assert len(decoded) == len(encoded)
    for enc, geojson in zip(encoded, decoded, strict=True):
        assert geojson["type"] == enc["type"]
        assert encode_geometry(shape(geojson), enc["q"]) == enc


def test_the_page_drops_whole_line_comments_and_nothing_else():
    """Comments that begin a line go; code, strings and patterns that hold // or /* stay."""
    from geo.page.html import without_comments

    text = (
        "/*\n * a unit's header\n */\nvar a = 'http://x/*y';\n  // a note\n"
        "var b = /\\/\\*/;  // kept: code comes first\n/* one line */\nvar c = 1;\n"
    )
    assert without_comments(text) == (
        "var a = 'http://x/*y';\nvar b = /\\/\\*/;  // kept: code comes first\nvar c = 1;\n"
    )


def test_the_page_drops_indentation_and_blank_lines_and_keeps_every_line_break():
    """Leading spaces go and blank lines go; a unit with a template literal stays whole."""
    from geo.page.html import without_indentation

    text = "function f() {\n    var a = 'x  y';\n\n\t  return a;\n}\n"
    assert without_indentation(text) == "function f() {\nvar a = 'x  y';\nreturn a;\n}\n"
    literal = "var t = `\n    kept\n`;\n"
    assert without_indentation(literal) == literal


def test_the_page_joins_a_line_to_the_next_only_after_a_semicolon_brace_or_comma():
    """No automatic semicolon moves: a break stays after return, after a comment or a URL."""
    from geo.page.html import joined_lines

    text = "if (a) {\nb = [1,\n2];\nreturn\nc;\nd(); // e, f,\ng('http://h;',\ni);\n}\n"
    assert joined_lines(text) == "if (a) {b = [1,2];return\nc;d(); // e, f,\ng('http://h;',\ni);}\n"
    literal = "var t = `a;\nb`;\n"
    assert joined_lines(literal) == literal
    assert joined_lines(".a {\ncolor: red;\n}\n") == ".a {color: red;}\n"


def test_the_page_script_is_the_units_without_comments_or_indentation():
    script = page.map_script()
    assert "\n  " not in script and "\n\n" not in script
    for name in UNITS:
        first = next(
            line.strip()
            for line in (JS_DIR / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.strip().startswith(("/*", "*", "//"))
        )
        assert first in script, name


#: Code, then a comment on the same line: the build keeps such a comment (only a
#: comment that begins its line is dropped), so it costs the page its bytes.
_TRAILING_COMMENT = re.compile(r"^\s*[^\s/*].*?[;,{}()\]\w'\"]\s+//\s")


@pytest.mark.parametrize("unit", [u for u in UNITS if u.endswith(".js")])
def test_comments_stand_on_their_own_lines_so_the_page_drops_them(unit):
    lines = (JS_DIR / unit).read_text(encoding="utf-8").splitlines()
    kept = [n for n, line in enumerate(lines, 1) if _TRAILING_COMMENT.match(line)]
    assert not kept, f"{unit}: a comment after code on line(s) {kept}; put it on the line above"
