"""The baseline: the conflicts a person has accepted, so that CI fails only on new ones.

``crosscheck-baseline.json`` (SPEC section 5) holds one entry per accepted conflict::

    {"version": 1, "accepted": [
      {"story": "claims", "kind": "weekday",
       "dissent": [{"claim": "realist-english/summit-weekday", "text": "…"}],
       "consensus": ["anadolu/summit-began"],
       "conflict": "weekday: Wednesday (realist-english) vs Thursday (anadolu)",
       "reason": "realist-english misdated the summit; we keep the article as published"}]}

An entry is *keyed* by its story, its kind and its dissenting claims with their
texts.  ``consensus`` (claim keys) and ``conflict`` (the generated explanation)
are written for the reader and never decide a match; ``reason`` is the person's.
``story`` is the story directory relative to the baseline's own directory, so
that one baseline serves many stories and checking one story never touches the
entries of another; an entry written by hand without it matches in any story.

A conflict is accepted by the entry of its kind whose dissent holds every one
of its dissenting claims with the same text.  So editing a dissenting claim's
text re-opens it, a new source that joins the consensus leaves it accepted, and
one that joins the dissent makes it new.  The module reads, matches and writes;
it never prints.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictStr, ValidationError, field_validator

from .records import CONFLICT_KINDS, Conflict, Group, StoryReport

BASELINE_VERSION = 1
FINGERPRINT_KEY = "crosscheck/v1"  # the SARIF partialFingerprints key of an entry's hash
MAX_BASELINE_BYTES = 50 * 1024 * 1024


class BaselineError(Exception):
    """A baseline that cannot be read: not JSON, or not the shape of section 5 (exit 2)."""

    def __init__(self, path: Path | str, line: int, message: str):
        super().__init__(f"{Path(path).as_posix()}:{line}: {message}")
        self.path, self.line, self.message = Path(path), line, message


# --- the model ------------------------------------------------------------------------------

class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)  # strings stay strings: StrictStr


class Dissent(_Strict):
    claim: StrictStr = Field(pattern=r"^[^/\s]+/[^/\s]+$")  # source-id/claim-id
    text: StrictStr


class Entry(_Strict):
    """One accepted conflict."""

    story: StrictStr | None = None
    kind: Literal[CONFLICT_KINDS]  # type: ignore[valid-type]
    dissent: tuple[Dissent, ...] = Field(min_length=1)
    consensus: tuple[StrictStr, ...] = ()
    conflict: StrictStr = ""
    reason: StrictStr | None = None

    @field_validator("reason")
    @classmethod
    def _blank_is_none(cls, value: str | None) -> str | None:
        return value if value and value.strip() else None

    @property
    def pairs(self) -> frozenset[tuple[str, str]]:
        """The dissenting claims with their texts: what the entry accepts."""
        return frozenset((d.claim, d.text) for d in self.dissent)

    @property
    def key(self) -> tuple:
        return (self.story or "", self.kind, tuple(sorted(self.pairs)))

    @property
    def fingerprint(self) -> str:
        """A stable hash of the key: the same accepted conflict, the same fingerprint.

        >>> Entry(story="claims", kind="weekday", dissent=[Dissent(claim="a/b", text="On Wednesday.")]
        ...       ).fingerprint
        '8470002073dd8ea0d97c4eea16539b5e'
        """
        raw = json.dumps(self.key, ensure_ascii=False, separators=(",", ":"))
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:32]

    def sort_key(self) -> tuple:
        return (*self.key, self.consensus, self.conflict)


class Baseline(_Strict):
    version: Literal[1]
    accepted: tuple[Entry, ...] = ()

    @field_validator("version", mode="before")
    @classmethod
    def _no_bool(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, int):  # True == 1 == 1.0
            raise ValueError("must be the number 1")
        return value

    @classmethod
    def empty(cls) -> Baseline:
        return cls(version=BASELINE_VERSION)


# --- reading ----------------------------------------------------------------------------------

def read_baseline(path: Path | str, *, missing_ok: bool = True) -> Baseline:
    """The baseline at ``path``; an empty one when the file does not exist (``missing_ok``).

    Invalid JSON, a duplicate key or a shape other than section 5 raise
    :class:`BaselineError` naming the file and line.

    >>> read_baseline("no-such-baseline.json").accepted
    ()
    """
    path = Path(path)
    try:
        if path.stat().st_size > MAX_BASELINE_BYTES:
            raise BaselineError(path, 1, f"the baseline is over {MAX_BASELINE_BYTES:,} bytes")
        raw = path.read_bytes()
    except FileNotFoundError:
        if missing_ok:
            return Baseline.empty()
        raise BaselineError(path, 1, "no such file") from None
    except OSError as error:
        raise BaselineError(path, 1, f"cannot read the baseline: {error.strerror}") from None
    return parse_baseline(raw, path)


def parse_baseline(raw: bytes, path: Path | str = "crosscheck-baseline.json") -> Baseline:
    """Validate the bytes of a baseline file (see :func:`read_baseline`)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise BaselineError(path, raw[:error.start].count(b"\n") + 1,
                            "the baseline is not UTF-8") from None
    if not text.strip():
        raise BaselineError(path, 1, "the baseline is empty (not even {}): restore it from "
                            "version control, or write a new one with `crosscheck baseline --force`")
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates)
    except json.JSONDecodeError as error:
        raise BaselineError(path, error.lineno, f"not valid JSON: {error.msg[:1].lower()}"
                            f"{error.msg[1:]} (column {error.colno}): the file is truncated or "
                            "was broken by an edit; restore it from version control, or fix "
                            "it by hand") from None
    except _DuplicateKey as duplicate:
        raise BaselineError(path, _duplicate_line(text, duplicate.key),
                            f"duplicate key '{duplicate.key}': keep one") from None
    try:
        return Baseline.model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "the top level"
        raise BaselineError(path, _line_of(text, first["loc"]),
                            f"{where}: {_worded(first)} (see the baseline format in the README)"
                            ) from None


class _DuplicateKey(Exception):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _worded(error: dict[str, Any]) -> str:
    """The message for one pydantic error, chosen by its type, never by its English text."""
    kind = error["type"]
    if kind == "missing":
        return "required key missing"
    if kind == "extra_forbidden":
        return "unknown key"
    if kind in ("literal_error", "enum"):
        expected = error.get("ctx", {}).get("expected", "")
        return f"must be one of {expected}, not {error.get('input')!r}"
    if kind in _EXPECTED:
        return f"must be {_EXPECTED[kind]}, not {_json_type(error.get('input'))}"
    if kind in ("too_short", "string_too_short"):
        return "must not be empty"
    if kind == "string_pattern_mismatch":
        return "must name a claim as source-id/claim-id"
    if kind == "value_error":
        return "must be the number 1"
    return f"is not valid ({kind})"


_EXPECTED = {"model_type": "an object {...}", "model_attributes_type": "an object {...}",
             "tuple_type": "a list [...]", "list_type": "a list [...]",
             "string_type": "a string", "int_type": "the number 1"}


def _json_type(value: Any) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false",
             int: "a number", float: "a number", type(None): "null"}
    return names.get(type(value), type(value).__name__)


def _line_of(text: str, loc: Sequence[str | int]) -> int:
    """The 1-based line of the JSON value at ``loc`` (or of its nearest parent)."""
    node = _compose(text)
    line = node.start_mark.line + 1 if node is not None else 1
    for part in loc:
        child = _child(node, part)
        if child is None:
            break
        node, line = child, child.start_mark.line + 1
    return line


def _duplicate_line(text: str, key: str) -> int:
    for node in _walk(_compose(text)):
        if node.id == "mapping":
            seen = set()
            for key_node, _value in node.value:
                if key_node.value in seen and key_node.value == key:
                    return key_node.start_mark.line + 1
                seen.add(key_node.value)
    return 1


def _compose(text: str) -> Any:
    """The JSON as a YAML node tree (JSON is YAML), for its line numbers only."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        return YAML(typ="safe", pure=False).compose(text.replace("\t", " "))
    except (YAMLError, RecursionError):
        return None


def _child(node: Any, part: str | int) -> Any:
    if node is None:
        return None
    if node.id == "sequence" and isinstance(part, int) and part < len(node.value):
        return node.value[part]
    if node.id == "mapping":
        return next((value for key, value in node.value if key.value == part), None)
    return None


def _walk(node: Any) -> Iterator[Any]:
    if node is None:
        return
    yield node
    if node.id == "sequence":
        for item in node.value:
            yield from _walk(item)
    elif node.id == "mapping":
        for _key, value in node.value:
            yield from _walk(value)


# --- matching ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Found:
    """One conflict of today's reports, where it is, and its baseline entry (no reason)."""

    report: StoryReport
    group: Group
    conflict: Conflict
    entry: Entry


def story_name(report: StoryReport, base: Path | str) -> str:
    """The story's directory relative to ``base`` (the baseline's directory), in POSIX form.

    >>> story_name(StoryReport("claims", (), ()), Path.cwd())
    'claims'
    """
    directory = Path(report.path).resolve()
    return Path(os.path.relpath(directory, Path(base).resolve())).as_posix()


def conflicts_found(reports: Iterable[StoryReport], *, base: Path | str) -> list[Found]:
    """Every conflict of ``reports`` with the baseline entry that would accept it."""
    found = []
    for report in reports:
        story = story_name(report, base)
        for group in report.groups:
            texts = {member.key: member.text for member in group.members}
            for conflict in group.conflicts:
                entry = Entry(
                    story=story, kind=conflict.kind,
                    dissent=tuple(Dissent(claim=key, text=texts.get(key, ""))
                                  for key in sorted(conflict.dissent)),
                    consensus=tuple(sorted(conflict.consensus)), conflict=conflict.reason,
                )
                found.append(Found(report, group, conflict, entry))
    return found


class EntryIndex:
    """The accepted entries, indexed by kind and dissenting claim, for :meth:`match`."""

    def __init__(self, accepted: Iterable[Entry]):
        self.by_pair: dict[tuple[str, str, str], list[Entry]] = {}
        for entry in accepted:
            for claim, text in entry.pairs:
                self.by_pair.setdefault((entry.kind, claim, text), []).append(entry)

    def match(self, entry: Entry) -> Entry | None:
        """The accepted entry that covers ``entry``: the same key, else the smallest whose
        dissent holds all of ``entry``'s dissenting claims with the same texts (a dissenting
        source that left the group, or joined the consensus, leaves the rest accepted)."""
        claim, text = min(entry.pairs)
        candidates = [old for old in self.by_pair.get((entry.kind, claim, text), ())
                      if old.story in (None, entry.story) and entry.pairs <= old.pairs]
        if not candidates:
            return None
        return min(candidates,
                   key=lambda old: (old.key != entry.key, len(old.pairs), old.sort_key()))


def in_scope(entry: Entry, stories: set[str], sources: set[str]) -> bool:
    """Whether an entry belongs to the stories being checked; one written without a
    ``story`` does when a source of its dissent is among theirs."""
    if entry.story is not None:
        return entry.story in stories
    return any(claim.partition("/")[0] in sources for claim, _text in entry.pairs)


def _sources(reports: Iterable[StoryReport]) -> set[str]:
    return {source.id for report in reports for source in report.sources}


def apply_baseline(reports: Sequence[StoryReport], baseline: Baseline, *,
                   base: Path | str) -> tuple[list[StoryReport], list[Entry]]:
    """``reports`` with every accepted conflict marked (``accepted``, ``accepted_reason``),
    and the stale entries: those of the checked stories that no conflict matches any more."""
    marks: dict[int, Entry] = {}
    used: set[tuple] = set()
    index = EntryIndex(baseline.accepted)
    for found in conflicts_found(reports, base=base):
        old = index.match(found.entry)
        if old is not None:
            marks[id(found.conflict)] = old
            used.add(old.key)
    marked = [_marked(report, marks) for report in reports]
    stories, sources = {story_name(report, base) for report in reports}, _sources(reports)
    stale = [entry for entry in baseline.accepted
             if in_scope(entry, stories, sources) and entry.key not in used]
    return marked, sorted(stale, key=Entry.sort_key)


def _marked(report: StoryReport, marks: dict[int, Entry]) -> StoryReport:
    groups = []
    for group in report.groups:
        conflicts = tuple(
            replace(c, accepted=True, accepted_reason=marks[id(c)].reason) if id(c) in marks
            else c for c in group.conflicts)
        groups.append(replace(group, conflicts=conflicts) if conflicts != group.conflicts
                      else group)
    return replace(report, groups=tuple(groups))


def new_conflicts(reports: Iterable[StoryReport]) -> list[tuple[StoryReport, Group, Conflict]]:
    """The conflicts no baseline entry accepts (after :func:`apply_baseline`), in report order."""
    return [(report, group, conflict) for report in reports for group in report.groups
            for conflict in group.conflicts if not conflict.accepted]


def updated_baseline(old: Baseline, reports: Sequence[StoryReport], *,
                     base: Path | str) -> Baseline:
    """Today's conflicts of ``reports``, all accepted, each keeping the reason a person wrote
    for it; entries of the checked stories that no longer occur are dropped, entries of
    other stories kept as they are."""
    stories = {story_name(report, base) for report in reports}
    entries: dict[tuple, Entry] = {}
    index = EntryIndex(old.accepted)
    for found in conflicts_found(reports, base=base):
        previous = index.match(found.entry)
        reason = previous.reason if previous is not None else None
        current = entries.get(found.entry.key)
        if current is None or (reason and not current.reason):
            entries[found.entry.key] = found.entry.model_copy(update={"reason": reason})
    sources = _sources(reports)
    for entry in old.accepted:
        if not in_scope(entry, stories, sources):
            entries.setdefault(entry.key, entry)
    return Baseline(version=BASELINE_VERSION,
                    accepted=tuple(sorted(entries.values(), key=Entry.sort_key)))


# --- writing ----------------------------------------------------------------------------------

def baseline_text(baseline: Baseline) -> str:
    """The file's text: sorted, indented by two, UTF-8 as written, a final newline.

    Every entry carries ``"reason"`` (empty until a person writes one), so that writing
    a reason is typing between two quotes.

    >>> print(baseline_text(Baseline.empty()), end="")
    {
      "version": 1,
      "accepted": []
    }
    """
    accepted = [entry_object(entry) for entry in sorted(baseline.accepted, key=Entry.sort_key)]
    document = {"version": baseline.version, "accepted": accepted}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def entry_object(entry: Entry) -> dict[str, Any]:
    """One entry as the file holds it: ``story`` (when known) first, ``reason`` last."""
    item: dict[str, Any] = {} if entry.story is None else {"story": entry.story}
    item.update(
        kind=entry.kind,
        dissent=[{"claim": d.claim, "text": d.text}
                 for d in sorted(entry.dissent, key=lambda d: (d.claim, d.text))],
        consensus=list(entry.consensus), conflict=entry.conflict, reason=entry.reason or "",
    )
    return item


def write_baseline(path: Path | str, baseline: Baseline) -> bool:
    """Write ``baseline`` to ``path`` atomically; return whether the file changed.

    The text goes to a temporary file in the same directory, is flushed and synced
    to disk, and only then replaces the old file (``os.replace``), after which the
    directory is synced too.  A crash or a full disk at any point leaves either the
    old file or the new one, never a half-written one.
    """
    path = Path(path)
    data = baseline_text(baseline).encode("utf-8")
    try:
        if path.read_bytes() == data:
            return False
    except OSError:
        pass
    directory = path.parent if str(path.parent) else Path(".")
    descriptor, temporary = tempfile.mkstemp(dir=directory, prefix=_temporary_prefix(path),
                                             suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, _mode_for(path))
        os.replace(temporary, path)
    except BaseException:
        _remove(temporary)
        raise
    _sync_directory(directory)
    for leftover in directory.glob(_temporary_prefix(path) + "*.tmp"):
        _remove(str(leftover))  # left by a writer that was killed; the baseline never was
    return True


def _temporary_prefix(path: Path) -> str:
    return f".{path.name}."


def _mode_for(path: Path) -> int:
    """Keep the old file's permissions; a new file gets the usual 0o666 less the umask."""
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _sync_directory(directory: Path) -> None:
    """Make the rename itself durable (POSIX); a no-op where directories cannot be opened."""
    try:
        descriptor = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(descriptor)
    except OSError:
        pass
    finally:
        os.close(descriptor)


def baseline_changes(old: Baseline, new: Baseline) -> tuple[list[Entry], list[Entry]]:
    """The entries ``new`` adds to ``old`` and those it drops, by key, sorted."""
    old_keys = {entry.key for entry in old.accepted}
    new_keys = {entry.key for entry in new.accepted}
    added = [entry for entry in new.accepted if entry.key not in old_keys]
    dropped = [entry for entry in old.accepted if entry.key not in new_keys]
    return sorted(added, key=Entry.sort_key), sorted(dropped, key=Entry.sort_key)
