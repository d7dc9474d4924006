"""Read one claim file: bytes -> YAML nodes with positions -> models.

The YAML is composed (not constructed) on ruamel.yaml's C-accelerated parser,
which keeps every node's line and column for a few milliseconds per file.
We then build plain Python values ourselves, so that:

* every scalar is a string (the models decide types, never YAML);
* duplicate keys are an error instead of silently keeping the last one;
* anchors and aliases are refused, which also defuses "billion laughs".

Every problem becomes a :class:`~crosscheck.records.Problem` with the file,
line and column, worded by the pydantic error *type*, never by its English text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .models import ClaimFile, Claim, Source
from .records import Problem

MAX_FILE_BYTES = 5 * 1024 * 1024  # 5 MiB: a 1,000-claim file is well under 1 MiB
MAX_DEPTH = 16  # a claim file nests 5 levels deep (claims[0].same_as[0]); deeper is an attack
_NULLS = {"", "~", "null", "Null", "NULL"}

Loc = tuple[str | int, ...]


@dataclass
class LoadedFile:
    """A claim file, its model (None when it failed) and where each value sits."""

    path: Path
    display: str
    model: ClaimFile | None = None
    value_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[Loc, tuple[int, int]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)

    def position(self, loc: Loc) -> tuple[int, int]:
        """The 1-based (line, column) of the value at ``loc``, or of its nearest parent."""
        while loc and loc not in self.value_marks:
            loc = loc[:-1]
        return self.value_marks.get(loc, (1, 1))

    def key_position(self, loc: Loc) -> tuple[int, int]:
        return self.key_marks.get(loc) or self.position(loc)

    def claim_line(self, index: int) -> int:
        """The line of a claim's ``- id:`` entry, where annotations point."""
        return self.position(("claims", index))[0]


class _YamlProblem(Exception):
    def __init__(self, line: int, column: int, code: str, message: str):
        super().__init__(message)
        self.line, self.column, self.code, self.message = line, column, code, message


def load_file(path: Path, display: str | None = None) -> LoadedFile:
    """Load and validate one claim file; problems are collected, never raised."""
    loaded = LoadedFile(path=path, display=display or path.as_posix())
    try:
        data = _read_yaml(path, loaded)
    except _YamlProblem as problem:
        loaded.problems.append(
            Problem(loaded.display, problem.line, problem.column, problem.code, problem.message)
        )
        return loaded
    try:
        loaded.model = ClaimFile.model_validate(data)
    except ValidationError as error:
        loaded.problems.extend(_explain(error, data, loaded))
    return loaded


def _read_yaml(path: Path, loaded: LoadedFile) -> Any:
    raw = _read_bytes(path)
    text = _decode(raw)
    if not text.strip() or _only_comments(text):
        raise _YamlProblem(1, 1, "empty-file", "the file is empty: write a claim file "
                           "(version: 1, source:, claims:) or remove it")
    root = _compose(text)
    if root is None:
        raise _YamlProblem(1, 1, "empty-file", "the file holds no YAML document: write a claim "
                           "file (version: 1, source:, claims:) or remove it")
    data = _Builder(loaded).build(root, ())
    if not isinstance(data, dict):
        kind = "a list" if isinstance(data, list) else "a single value"
        line, column = _mark(root)
        raise _YamlProblem(line, column, "not-a-mapping", f"the file holds {kind}, not a mapping: "
                           "a claim file starts with 'version: 1', 'source:' and 'claims:'")
    return data


def _read_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise _YamlProblem(1, 1, "too-large", f"the file is {size:,} bytes, over the "
                               f"{MAX_FILE_BYTES:,}-byte limit: split the source's claims "
                               "into a smaller file")
        return path.read_bytes()
    except OSError as error:
        raise _YamlProblem(1, 1, "unreadable", f"cannot read the file: {error.strerror}") from None


def _decode(raw: bytes) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise _YamlProblem(line, column, "not-utf8", f"byte 0x{raw[error.start]:02x} is not "
                           "UTF-8: save the file as UTF-8") from None


def _only_comments(text: str) -> bool:
    return all(not line.strip() or line.lstrip().startswith("#") for line in text.splitlines())


def _compose(text: str) -> Any:
    """The one YAML document of ``text`` as a node tree; every failure a problem."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import MarkedYAMLError, YAMLError
    from ruamel.yaml.reader import ReaderError

    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _untagged_resolver()
    try:
        documents = yaml.compose_all(text)
        root, extra = next(documents, None), next(documents, None)
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = _one_line(error.problem or error.context or "syntax error")
        raise _YamlProblem(line, column, "yaml-syntax",
                           f"invalid YAML: {what}: fix the syntax here") from None
    except ReaderError as error:
        line, column = _text_position(text, error.position)
        raise _YamlProblem(line, column, "yaml-syntax", f"invalid YAML: character "
                           f"U+{error.character:04X} is not allowed in YAML: remove it") from None
    except YAMLError as error:
        raise _YamlProblem(1, 1, "yaml-syntax", f"invalid YAML: {_one_line(error)}") from None
    except RecursionError:
        raise _too_deep(1, 1) from None
    if extra is not None:
        line, column = _mark(extra)
        raise _YamlProblem(line, column, "yaml-syntax", "a second YAML document starts here: "
                           "a claim file holds one document (remove the '---' and what follows)")
    return root


@cache
def _untagged_resolver() -> type:
    """ruamel.yaml's resolver without implicit tags (``true``, ``1.5``, dates): every
    scalar stays a string and the models decide types; matching each scalar against
    the tag patterns was a third of the time to load a file."""
    from ruamel.yaml.resolver import BaseResolver, VersionedResolver

    return type("UntaggedResolver", (VersionedResolver,), {"resolve": BaseResolver.resolve})


def _one_line(message: object) -> str:
    return " ".join(str(message).split())


def _text_position(text: str, offset: int) -> tuple[int, int]:
    """The 1-based (line, column) of a character offset into ``text``."""
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _too_deep(line: int, column: int) -> _YamlProblem:
    return _YamlProblem(line, column, "too-deep", f"the YAML nests deeper than {MAX_DEPTH} "
                        "levels: a claim file needs no more than 5")


def _mark(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


class _Builder:
    """Turns composed YAML nodes into plain values, recording positions on the way."""

    def __init__(self, loaded: LoadedFile):
        self.loaded = loaded
        self.seen: set[int] = set()

    def build(self, node: Any, loc: Loc) -> Any:
        if len(loc) > MAX_DEPTH:
            raise _too_deep(*_mark(node))
        if id(node) in self.seen:
            line, column = _mark(node)
            raise _YamlProblem(line, column, "yaml-alias", "YAML anchors and aliases are not "
                               "allowed in claim files: write the value out")
        self.seen.add(id(node))
        self.loaded.value_marks[loc] = _mark(node)
        if node.id == "scalar":
            plain = node.style is None
            return None if plain and node.value in _NULLS else node.value
        if node.id == "sequence":
            return [self.build(item, (*loc, index)) for index, item in enumerate(node.value)]
        return self._mapping(node, loc)

    def _mapping(self, node: Any, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            line, column = _mark(key_node)
            if key_node.id != "scalar":
                raise _YamlProblem(line, column, "bad-key", "a key must be a plain word")
            key = key_node.value
            if key == "<<":
                raise _YamlProblem(line, column, "yaml-alias", "YAML merge keys ('<<') are not "
                                   "allowed in claim files: write the keys out")
            if key in result:
                first = self.loaded.key_marks[(*loc, key)][0]
                raise _YamlProblem(line, column, "duplicate-key", f"duplicate key '{key}' (first "
                                   f"on line {first}): keep one, YAML would silently drop the other")
            self.loaded.key_marks[(*loc, key)] = (line, column)
            result[key] = self.build(value_node, (*loc, key))
        return result


# --- pydantic errors, worded for annotators -----------------------------------------

_FIELDS = {
    (): list(ClaimFile.model_fields),
    ("source",): list(Source.model_fields),
    ("claims",): [f.alias or name for name, f in Claim.model_fields.items()],
}


def _explain(error: ValidationError, data: Any, loaded: LoadedFile) -> list[Problem]:
    problems = []
    for item in error.errors(include_url=False):
        loc = tuple(item["loc"])
        code, message = _word(item, loc)
        if item["type"] == "extra_forbidden" or item.get("input", "") is None:
            line, column = loaded.key_position(loc)  # an empty value has no place of its own
        else:
            line, column = loaded.position(loc)
        problems.append(Problem(loaded.display, line, column, code, message))
    return sorted(set(problems))


def _where(loc: Loc) -> str:
    parts = []
    for part in loc:
        parts.append(f"[{part}]" if isinstance(part, int) else ("." if parts else "") + part)
    return "".join(parts) or "the file"


def _word(item: dict[str, Any], loc: Loc) -> tuple[str, str]:
    kind, name, where = item["type"], str(loc[-1]) if loc else "", _where(loc)
    value = item.get("input")
    if kind == "missing":
        return "missing-key", f"'{name}' is required in {_where(loc[:-1])}: add it"
    if kind == "extra_forbidden":
        return "unknown-key", _unknown_key(name, loc[:-1])
    if kind == "format_version":
        if value is None:
            return "bad-version", "version is empty: write 'version: 1'"
        shown = value if isinstance(value, str) and value.isdigit() else _describe(value)
        return "bad-version", f"version {shown} is not supported: this crosscheck reads " \
            "claim-file format version 1"
    if kind == "calendar_date" or kind.startswith("date"):
        return "bad-date", f"{where} {value!r} is not a calendar date: write YYYY-MM-DD " \
            "(a date, not a date-time)"
    if kind == "string_pattern_mismatch":
        return _pattern_problem(name, where, value)
    if kind == "literal_error":
        return "bad-value", f"{where} must be {item['ctx']['expected']}, not {value!r}"
    if kind == "blank":
        return "bad-value", f"{where} is blank: write the text"
    if kind in ("string_type", "list_type", "model_type", "model_attributes_type", "dict_type"):
        wanted = {"string_type": "a single value", "list_type": "a list"}.get(kind, "a mapping")
        return "bad-type", f"{where} must be {wanted}, not {_describe(value)}"
    return "bad-value", f"{where}: {item['msg']}"


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "empty" if value is None else repr(value)


def _pattern_problem(name: str, where: str, value: Any) -> tuple[str, str]:
    if name == "url":
        return "bad-url", f"{where} {value!r} is not an http(s) address: write https://…"
    if name in ("id",):
        suggestion = "-".join("".join(c if c.isalnum() else " " for c in str(value)).lower().split())
        return "bad-slug", f"{where} {value!r} is not a slug: use lowercase letters, digits " \
            f"and hyphens, e.g. {suggestion!r}"
    return "bad-ref", f"{where} {value!r} must name a claim as source-id/claim-id"


def _unknown_key(name: str, parent: Loc) -> str:
    shape = tuple("claims" if p == "claims" else p for p in parent if not isinstance(p, int))
    known = _FIELDS.get(shape, [])
    match = process.extractOne(name, known, scorer=Levenshtein.normalized_similarity,
                               score_cutoff=0.5)
    hint = f"did you mean '{match[0]}'?" if match else f"known keys: {', '.join(known)}"
    return f"unknown key '{name}' in {_where(parent)}: {hint}"
