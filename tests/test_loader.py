"""The claim-file loader as a rule table: YAML text in, ``(line, column, code)`` out."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from crosscheck.loader import MAX_DEPTH, load_file

HEAD = "version: 1\nsource:\n  id: a\n  outlet: A\n  style: wire\nclaims:\n"
CLAIM = "  - id: c\n    text: t\n"


def load(tmp_path: Path, text: str | bytes):
    path = tmp_path / "a.yaml"
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return load_file(path)


def problems(tmp_path: Path, text: str | bytes) -> list[tuple[int, int, str]]:
    return [(p.line, p.column, p.code) for p in load(tmp_path, text).problems]


RULES = [
    # the file as a whole
    ("empty", "", [(1, 1, "empty-file")]),
    ("only blanks", "\n  \n", [(1, 1, "empty-file")]),
    ("only comments", "# claims to come\n", [(1, 1, "empty-file")]),
    ("a list", "- version: 1\n", [(1, 1, "not-a-mapping")]),
    ("a scalar", "just a sentence\n", [(1, 1, "not-a-mapping")]),
    ("invalid yaml", HEAD + "  - id: c\n    text: Putin said: trade grew\n", [(8, 21, "yaml-syntax")]),
    ("a tab", "version: 1\nsource:\n\tid: a\n", [(3, 1, "yaml-syntax")]),
    ("two documents", HEAD + CLAIM + "---\nversion: 1\n", [(10, 1, "yaml-syntax")]),
    ("control character", "version: 1\nsource:\n  id: a\x01\n", [(3, 8, "yaml-syntax")]),
    ("not utf-8", b"version: 1\nsource:\n  outlet: caf\xe9\n", [(3, 14, "not-utf8")]),
    ("utf-16", "version: 1\n".encode("utf-16"), [(1, 1, "not-utf8")]),
    ("anchor and alias", HEAD + "  - &c {id: c, text: t}\n  - *c\n", [(7, 5, "yaml-alias")]),
    ("merge key", HEAD + "  - <<: {id: c}\n    text: t\n", [(7, 5, "yaml-alias")]),
    ("complex key", "version: 1\n? [a]\n: b\n", [(2, 3, "bad-key")]),
    ("too deep", "version: " + "[" * 40 + "]" * 40 + "\n", [(1, 26, "too-deep")]),
    # keys
    ("duplicate key", HEAD + CLAIM + "    text: u\n", [(9, 5, "duplicate-key")]),
    ("unknown key", HEAD + CLAIM + "    qoute: q\n", [(9, 5, "unknown-key")]),
    ("unknown top key", HEAD + CLAIM + "sources: []\n", [(9, 1, "unknown-key")]),
    ("missing text", HEAD + "  - id: c\n    quote: q\n", [(7, 5, "missing-key")]),
    ("missing claims", HEAD.replace("claims:\n", ""), [(1, 1, "missing-key")]),
    ("missing style", HEAD.replace("  style: wire\n", "") + CLAIM, [(3, 3, "missing-key")]),
    # values
    ("valid", HEAD + CLAIM, []),
    ("version as a string", HEAD.replace("1", '"1"', 1) + CLAIM, []),
    ("version 2", HEAD.replace("1", "2", 1) + CLAIM, [(1, 10, "bad-version")]),
    ("version 1.0", HEAD.replace("1", "1.0", 1) + CLAIM, [(1, 10, "bad-version")]),
    ("no version", HEAD.replace(" 1", "", 1) + CLAIM, [(1, 9, "bad-version")]),
    ("slug with upper case", HEAD.replace("id: a", "id: Realist") + CLAIM, [(3, 7, "bad-slug")]),
    ("slug with spaces", HEAD + "  - id: trade 2024\n    text: t\n", [(7, 9, "bad-slug")]),
    ("url not http", HEAD.replace("  style", "  url: ftp://x.org/a\n  style") + CLAIM, [(5, 8, "bad-url")]),
    ("url javascript", HEAD.replace("  style", "  url: javascript:alert(1)\n  style") + CLAIM,
     [(5, 8, "bad-url")]),
    ("impossible date", HEAD.replace("  style", "  published: 2025-13-40\n  style") + CLAIM,
     [(5, 14, "bad-date")]),
    ("date-time", HEAD.replace("  style", "  published: 2025-10-09T10:00:00\n  style") + CLAIM,
     [(5, 14, "bad-date")]),
    ("date and time", HEAD.replace("  style", "  published: 2025-10-09 10:00\n  style") + CLAIM,
     [(5, 14, "bad-date")]),
    ("timestamp", HEAD.replace("  style", "  published: 1760000000\n  style") + CLAIM, [(5, 14, "bad-date")]),
    ("style", HEAD.replace("wire", "Wire") + CLAIM, [(5, 10, "bad-value")]),
    ("blank text", HEAD + '  - id: c\n    text: " "\n', [(8, 11, "bad-value")]),
    ("null claims", HEAD, [(6, 8, "bad-type")]),
    ("claim a scalar", HEAD + "  - trade\n", [(7, 5, "bad-type")]),
    ("topics a scalar", HEAD + CLAIM + "    topics: trade\n", [(9, 13, "bad-type")]),
    ("text a list", HEAD + "  - id: c\n    text: [a]\n", [(8, 11, "bad-type")]),
    ("bad ref", HEAD + CLAIM + "    same_as: [b]\n", [(9, 15, "bad-ref")]),
    ("register", HEAD + CLAIM + "    register: opinion\n", [(9, 15, "bad-value")]),
    ("two problems", HEAD.replace("id: a", "id: A") + "  - id: c\n    qoute: q\n",
     [(3, 7, "bad-slug"), (7, 5, "missing-key"), (8, 5, "unknown-key")]),
]


@pytest.mark.parametrize("text, expected", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rules(tmp_path, text, expected):
    assert problems(tmp_path, text) == expected


def test_scalars_keep_the_schema_type(tmp_path):
    text = ('version: 1\nsource:\n  id: "no"\n  outlet: 2025\n  published: 2025-10-09\n'
            "  style: wire\nclaims:\n  - id: no\n    text: 1e9\n    topics: [yes, 1.5]\n")
    loaded = load(tmp_path, text)
    assert loaded.problems == []
    claim = loaded.model.claims[0]
    assert (loaded.model.source.id, loaded.model.source.outlet) == ("no", "2025")
    assert (claim.id, claim.text, claim.topics) == ("no", "1e9", ["yes", "1.5"])
    assert loaded.model.source.published == dt.date(2025, 10, 9)


def test_did_you_mean(tmp_path):
    [problem] = load(tmp_path, HEAD + CLAIM + "    qoute: q\n").problems
    assert problem.message == "unknown key 'qoute' in claims[0]: did you mean 'quote'?"


def test_duplicate_key_names_the_first(tmp_path):
    [problem] = load(tmp_path, HEAD + CLAIM + "    text: u\n").problems
    assert problem.message == ("duplicate key 'text' (first on line 8): keep one, "
                               "YAML would silently drop the other")


def test_cyrillic_and_accents(tmp_path):
    text = HEAD.replace("outlet: A", "outlet: РИА Новости") + \
        "  - id: c\n    text: Путин прибыл в Душанбе; café, Türkiye\n"
    loaded = load(tmp_path, text)
    assert loaded.problems == []
    assert loaded.model.claims[0].text == "Путин прибыл в Душанбе; café, Türkiye"


def test_bom_and_crlf(tmp_path):
    loaded = load(tmp_path, ("\ufeff" + HEAD + CLAIM).replace("\n", "\r\n"))
    assert loaded.problems == []
    assert loaded.claim_line(0) == 7


def test_positions(tmp_path):
    loaded = load(tmp_path, HEAD + CLAIM + "    quote: q\n")
    assert loaded.position(("claims", 0, "quote")) == (9, 12)
    assert loaded.key_position(("claims", 0, "quote")) == (9, 5)
    assert loaded.claim_line(0) == 7


def test_depth_limit_leaves_room(tmp_path):
    assert MAX_DEPTH >= 5
    assert problems(tmp_path, HEAD + CLAIM + "    same_as: [b/c]\n") == []


def test_very_deep_nesting_is_no_traceback(tmp_path):
    assert problems(tmp_path, "a: " + "[" * 20000 + "]" * 20000 + "\n") == [(1, 20, "too-deep")]


VALID = (HEAD.replace("  style", "  published: 2025-10-09\n  style") +
         "  - id: c\n    text: t\n    quote: q\n    same_as: [b/c]\n    topics: [x]\n")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(max_size=300) | st.text(max_size=300).map(lambda t: t.encode("utf-8")))
def test_any_bytes_load_without_a_traceback(tmp_path, data):
    loaded = load(tmp_path, data)
    assert loaded.model is not None or loaded.problems


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, len(VALID)), st.integers(0, 20),
       st.text(alphabet=":-[]{}&*!|>'\"#%@`,? \n\t\\0ab1", max_size=6))
def test_edited_claim_files_load_without_a_traceback(tmp_path, start, length, insert):
    loaded = load(tmp_path, VALID[:start] + insert + VALID[start + length:])
    assert loaded.model is not None or loaded.problems
    assert all(p.line >= 1 and p.column >= 1 and "\n" not in p.message for p in loaded.problems)


def test_a_multi_line_version_is_shown_on_one_line(tmp_path):
    loaded = load(tmp_path, b"version: |\n  two\n  lines\nsource: {}\nclaims: []\n")
    version, = [p for p in loaded.problems if p.code == "bad-version"]
    assert version.message == ("version 'two\\nlines\\n' is not supported: this crosscheck "
                               "reads claim-file format version 1")
