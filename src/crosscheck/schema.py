"""The JSON Schema of the claim file, generated from the models, for YAML editors.

pydantic emits JSON Schema 2020-12; yaml-language-server (VS Code, Neovim, …)
reads draft-07.  :func:`claim_file_schema` converts: ``$defs`` becomes
``definitions`` with every ``$ref`` rewritten, a ``$ref`` with siblings is
wrapped in ``allOf`` (draft-07 ignores a ref's siblings), and 2020-only keywords
are translated.  Two things the models accept but pydantic cannot say are put
back: ``version`` may be ``1`` or ``"1"``, and a text field may hold any YAML
scalar, because crosscheck reads ``outlet: 2025`` or ``id: no`` as a string.

The committed copy lives in ``schema/claim-file.schema.json``; a test keeps it
equal to :func:`schema_text`.
"""

from __future__ import annotations

import json
from typing import Any

from .models import FORMAT_VERSION, ClaimFile

DRAFT_07 = "http://json-schema.org/draft-07/schema#"
SCHEMA_ID = f"urn:crosscheck:claim-file:{FORMAT_VERSION}"
SCALAR_TYPES = ["string", "number", "boolean"]


def claim_file_schema() -> dict[str, Any]:
    """The claim file's JSON Schema (draft-07), as a dict.

    >>> schema = claim_file_schema()
    >>> schema["$schema"], sorted(schema["definitions"])
    ('http://json-schema.org/draft-07/schema#', ['Claim', 'Source'])
    >>> schema["properties"]["source"]
    {'$ref': '#/definitions/Source'}
    """
    generated = ClaimFile.model_json_schema(by_alias=True, mode="validation")
    converted = _to_draft07(generated)
    converted["properties"]["version"] = {
        "description": "The claim-file format version: 1.",
        "enum": [FORMAT_VERSION, str(FORMAT_VERSION)],
    }
    return {
        "$schema": DRAFT_07,
        "$id": SCHEMA_ID,
        "title": f"crosscheck claim file, format version {FORMAT_VERSION}",
        **{key: value for key, value in converted.items() if key != "title"},
    }


def schema_text() -> str:
    """:func:`claim_file_schema` as JSON text: indent 2, a trailing newline."""
    return json.dumps(claim_file_schema(), indent=2, ensure_ascii=False) + "\n"


def _to_draft07(node: Any) -> Any:
    """A 2020-12 schema (or part of one) rewritten for draft-07, recursively."""
    if isinstance(node, list):
        return [_to_draft07(item) for item in node]
    if not isinstance(node, dict):
        return node
    result = {_KEYWORDS.get(key, key): _to_draft07(value) for key, value in node.items()}
    if isinstance(result.get("$ref"), str):
        result["$ref"] = result["$ref"].replace("#/$defs/", "#/definitions/")
        if len(result) > 1:
            result = {"allOf": [{"$ref": result.pop("$ref")}], **result}
    if "prefixItems" in node:
        result["items"] = result.pop("prefixItems")
        result.setdefault("additionalItems", node.get("items", True) is not False)
    return _any_scalar(result)


def _any_scalar(node: dict[str, Any]) -> dict[str, Any]:
    """A plain string field accepts any YAML scalar: crosscheck reads it as text."""
    plain = node.get("type") == "string" and not {"enum", "const", "format"} & node.keys()
    return {**node, "type": SCALAR_TYPES} if plain else node


# 2020-12 keywords with a draft-07 spelling; prefixItems is handled in _to_draft07
_KEYWORDS = {"$defs": "definitions", "dependentSchemas": "dependencies",
             "dependentRequired": "dependencies"}
