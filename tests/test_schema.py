"""The committed JSON Schema: equal to what the models generate, and usable as draft-07."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from jsonschema import Draft7Validator
from ruamel.yaml import YAML

from crosscheck.cli import main
from crosscheck.schema import claim_file_schema, schema_text

REPO = Path(__file__).resolve().parents[1]
COMMITTED = REPO / "schema" / "claim-file.schema.json"
SEEDS = sorted((REPO / "claims").glob("*.yaml")) or \
    sorted((REPO / "tests" / "data" / "devset" / "claims").glob("*.yaml"))
DRAFT_2020_ONLY = {"$defs", "prefixItems", "unevaluatedProperties", "unevaluatedItems",
                   "dependentSchemas", "dependentRequired", "$anchor", "$dynamicRef",
                   "$dynamicAnchor", "minContains", "maxContains"}


def test_committed_schema_is_what_the_models_generate():
    assert COMMITTED.read_text(encoding="utf-8") == schema_text(), \
        "run `crosscheck schema > schema/claim-file.schema.json` and commit the result"


def test_schema_command_prints_it():
    out = io.StringIO()
    assert main(["schema"], stdout=out) == 0
    assert out.getvalue() == schema_text()


def test_schema_is_draft_07():
    schema = claim_file_schema()
    assert schema["$schema"] == "http://json-schema.org/draft-07/schema#"
    Draft7Validator.check_schema(schema)
    text = json.dumps(schema)
    assert not [word for word in DRAFT_2020_ONLY if f'"{word}"' in text]
    assert "#/$defs/" not in text


def _plain(value):
    """YAML dates (ruamel's safe loader makes date objects) back to the text an editor sees."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value.isoformat() if isinstance(value, dt.date) else value


def _load(path: Path):
    return _plain(YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8")))


@pytest.mark.parametrize("path", SEEDS, ids=[p.name for p in SEEDS])
def test_seed_claim_files_validate(path):
    errors = list(Draft7Validator(claim_file_schema()).iter_errors(_load(path)))
    assert [error.message for error in errors] == []


def test_unknown_key_fails():
    document = _load(SEEDS[0])
    document["claims"][0]["qoute"] = "a misspelt key"
    errors = list(Draft7Validator(claim_file_schema()).iter_errors(document))
    assert [error.message for error in errors] == [
        "Additional properties are not allowed ('qoute' was unexpected)"]


@pytest.mark.parametrize("change, path", [
    (lambda d: d.update(version=2), "version"),
    (lambda d: d["source"].update(id="Realist English"), "source.id"),
    (lambda d: d["source"].update(url="ftp://example.org/a"), "source.url"),
    (lambda d: d["source"].update(style="opinion"), "source.style"),
    (lambda d: d["claims"][0].pop("text"), "claims.0"),
    (lambda d: d["claims"][0].update(same_as=["no-slash"]), "claims.0.same_as.0"),
])
def test_schema_catches_what_lint_catches(change, path):
    document = _load(SEEDS[0])
    change(document)
    errors = list(Draft7Validator(claim_file_schema()).iter_errors(document))
    assert [".".join(map(str, error.absolute_path)) for error in errors] == [path]


def test_scalars_the_loader_reads_as_text_are_valid():
    document = _load(SEEDS[0])
    document["version"] = "1"
    document["source"]["outlet"] = 2025
    document["claims"][0].update(id="no", text=1e9)
    assert list(Draft7Validator(claim_file_schema()).iter_errors(document)) == []
