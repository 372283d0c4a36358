"""The data contract between Python and the page: geo/data/page.schema.json, checked both ways."""

from __future__ import annotations

import copy
import json
import re

import pytest
from helpers import ROOT, page_data_of

from geo.page import html, model

SCHEMA_FILE = ROOT / "geo" / "data" / "page.schema.json"
JS_DIR = ROOT / "geo" / "static" / "js"

#: Keys the page carries for people and tests, not for the script.
NOT_READ_BY_SCRIPT = {"display_max_error_m"}


@pytest.fixture(scope="module")
def schema():
    return json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def document(layers):
    return model.page_data(layers)


@pytest.fixture(scope="module")
def validator(schema):
    jsonschema = pytest.importorskip("jsonschema")
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def script_reads(pattern: str) -> set[str]:
    text = "".join(p.read_text(encoding="utf-8") for p in sorted(JS_DIR.rglob("*.js")))
    return set(re.findall(pattern, text))


def test_the_page_data_follows_the_schema(validator, document):
    errors = sorted(validator.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


def test_the_data_the_page_carries_follows_the_schema(validator, document):
    """What the script unpacks from the page (gzip+base64) is the model's data, schema and all."""
    carried = page_data_of(html.html_page(document))
    errors = sorted(validator.iter_errors(carried), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]
    assert carried == document


def test_every_key_the_script_reads_is_in_the_schema(schema):
    top = schema["properties"]
    assert script_reads(r"\bdata\.([a-z_][a-z0-9_]*)") <= set(top)
    panel = schema["$defs"]["panel"]["properties"]
    assert script_reads(r"\bpanelData\.([a-z_]+)") <= set(panel)
    layer = schema["$defs"]["layer"]["properties"]
    assert script_reads(r"\bdef\.([a-z_]+)") <= set(layer)


def test_every_key_of_the_schema_is_read_by_the_script(schema):
    read = script_reads(r"\bdata\.([a-z_][a-z0-9_]*)")
    assert set(schema["properties"]) - read <= NOT_READ_BY_SCRIPT


#: Keys of ``terrain`` the script leaves to Python: the resolution is in ``credits``.
TERRAIN_NOT_READ_BY_SCRIPT = {"resolution_text"}


def test_the_script_reads_the_relief_as_the_schema_writes_it(schema):
    terrain = set(schema["properties"]["terrain"]["properties"])
    read = script_reads(r"\bterrain\.([a-z0-9_]+)")
    assert read <= terrain
    assert terrain - read == TERRAIN_NOT_READ_BY_SCRIPT


@pytest.mark.parametrize(
    "damage",
    [
        lambda d: d.pop("panel"),
        lambda d: d["layers"][0]["geojson"]["features"][0].update(geometry={"type": "Circle"}),
        lambda d: d["tiles"][0].update(url="http://tile.example/{z}/{x}/{y}.png"),
        lambda d: d["panel"]["timeline"][0].update(date="8 August 2025"),
        lambda d: d.update(unexpected=1),
    ],
    ids=["no-panel", "bad-geometry", "plain-http-tiles", "date-for-readers-in-iso-slot", "extra"],
)
def test_a_document_that_breaks_the_contract_is_caught(validator, document, damage):
    broken = copy.deepcopy(document)
    damage(broken)
    assert list(validator.iter_errors(broken))
