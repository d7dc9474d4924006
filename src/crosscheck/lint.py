"""Validate claim files: load problems plus the rules that span claims and files.

The loader checks each file against the models (SPEC section 2).  This module
adds what one file's schema cannot see:

* ``duplicate-claim-id`` and ``duplicate-source-id``;
* ``ref-unknown``, ``ref-same-source``, ``ref-chain`` and ``ref-conflict`` for
  the editor's ``same_as`` / ``not_same_as`` overrides;
* ``article-missing``, ``article-outside-root``, ``article-unreadable`` and
  ``quote-not-found`` for the evidence (see :func:`grounding_problems`).

Every problem sits on the file, line and column of the value at fault, and the
result is sorted, so the output never depends on the order files were found.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import defaultdict, deque
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process

from .loader import MAX_FILE_BYTES, LoadedFile
from .records import Problem
from .story import Story, display_path, find_stories, load_story

NEAR_MISS_CUTOFF = 60.0  # below this similarity no passage of the article is worth showing
SUGGEST_CUTOFF = 70.0  # did-you-mean threshold for an unknown claim name
PASSAGE_LIMIT = 160  # characters of the closest passage shown in a message


class ProblemList(list):
    """The problems of a lint run (a plain sorted list) and how many files were checked.

    ``files`` lets a renderer say "no problems in 13 files" without a second pass.
    """

    files: int = 0


def lint_paths(paths: list[str] | None) -> list[Problem]:
    """All problems of all stories under PATHS (default ``claims/``), sorted.

    Raises :class:`crosscheck.story.UsageError` when a path does not exist.

    >>> lint_paths(["tests/data/devset/claims"])
    []
    """
    problems = ProblemList()
    for directory in find_stories(paths):
        story = load_story(directory)
        problems.files += len(story.files)
        problems.extend(lint_story(story))
    problems.sort()
    return problems


def lint_story(story: Story) -> list[Problem]:
    """Every problem of one loaded story: its load problems and the cross-file rules."""
    return sorted(input_problems(story) + grounding_problems(story))


def input_problems(story: Story) -> list[Problem]:
    """Bad input (exit 2 for ``report``, ``check`` and ``baseline``): what the story's files
    cannot be loaded as, and the cross-file rules that alignment would otherwise ignore."""
    return sorted([*story.load_problems, *duplicate_claim_ids(story),
                   *duplicate_source_ids(story), *reference_problems(story)])


def _problem(loaded: LoadedFile, loc: tuple, code: str, message: str) -> Problem:
    line, column = loaded.position(loc)
    return Problem(loaded.display, line, column, code, message)


# --- ids ------------------------------------------------------------------------------


def duplicate_claim_ids(story: Story) -> list[Problem]:
    """``duplicate-claim-id`` at each repeated claim id, naming the first one's line."""
    problems = []
    for loaded in story.good_files:
        first: dict[str, int] = {}
        for index, claim in enumerate(loaded.model.claims):
            loc = ("claims", index, "id")
            if claim.id in first:
                problems.append(_problem(
                    loaded, loc, "duplicate-claim-id",
                    f"claim id '{claim.id}' is already used on line {first[claim.id]}: "
                    "claim ids must be unique in a file; rename one"))
            else:
                first[claim.id] = loaded.position(loc)[0]
    return problems


def duplicate_source_ids(story: Story) -> list[Problem]:
    """``duplicate-source-id`` in each file after the first that uses a source id."""
    problems = []
    first: dict[str, LoadedFile] = {}
    for loaded in story.good_files:
        source_id = loaded.model.source.id
        if source_id not in first:
            first[source_id] = loaded
            continue
        other = first[source_id]
        line = other.position(("source", "id"))[0]
        problems.append(_problem(
            loaded, ("source", "id"), "duplicate-source-id",
            f"source id '{source_id}' is already used by {other.display} (line {line}): "
            "source ids must be unique in a story; rename one"))
    return problems


# --- same_as / not_same_as --------------------------------------------------------------


@dataclass(frozen=True)
class _Ref:
    """One entry of a ``same_as`` or ``not_same_as`` list, and where it is written."""

    field: str
    owner: str  # source-id/claim-id of the claim that holds the list
    target: str
    loaded: LoadedFile
    loc: tuple

    @property
    def pair(self) -> tuple[str, str]:
        return tuple(sorted((self.owner, self.target)))

    def problem(self, code: str, message: str) -> Problem:
        return _problem(self.loaded, self.loc, code, message)


def _refs(story: Story) -> list[_Ref]:
    refs = []
    for loaded in story.good_files:
        source_id = loaded.model.source.id
        for index, claim in enumerate(loaded.model.claims):
            owner = f"{source_id}/{claim.id}"
            for field in ("same_as", "not_same_as"):
                for position, target in enumerate(getattr(claim, field)):
                    refs.append(_Ref(field, owner, target, loaded,
                                     ("claims", index, field, position)))
    return refs


def _claim_keys(story: Story) -> set[str]:
    return {f"{f.model.source.id}/{c.id}" for f in story.good_files for c in f.model.claims}


def _source_of(key: str) -> str:
    return key.split("/", 1)[0]


def reference_problems(story: Story) -> list[Problem]:
    """The ``ref-*`` problems of the editor's overrides in one story."""
    keys = _claim_keys(story)
    refs = _refs(story)
    valid = [r for r in refs if r.target in keys and _source_of(r.target) != _source_of(r.owner)]
    problems = [p for r in refs if (p := _check_target(r, keys, story)) is not None]
    same = [r for r in valid if r.field == "same_as"]
    apart = [r for r in valid if r.field == "not_same_as"]
    problems += _direct_conflicts(same, apart)
    groups = _SameAsGraph(same)
    problems += groups.chain_problems()
    problems += groups.transitive_conflicts(apart, {r.pair for r in same})
    return problems


def _check_target(ref: _Ref, keys: set[str], story: Story) -> Problem | None:
    """``ref-unknown`` or ``ref-same-source`` for one entry, else None."""
    if ref.target not in keys:
        if not _may_be_in_failed_file(ref.target, keys, story):
            return ref.problem("ref-unknown", _unknown_message(ref, keys))
        return None
    if _source_of(ref.target) == _source_of(ref.owner):
        why = ("a group holds at most one claim per source" if ref.field == "same_as"
               else "claims of one source are never grouped anyway")
        return ref.problem("ref-same-source", f"{ref.field} names '{ref.target}', a claim "
                           f"of the same source as '{ref.owner}': {why}; remove it")
    return None


def _may_be_in_failed_file(target: str, keys: set[str], story: Story) -> bool:
    """A name of an unknown source may belong to a file that failed to load: say nothing."""
    failed = any(f.model is None for f in story.files)
    return failed and _source_of(target) not in {_source_of(k) for k in keys}


def _unknown_message(ref: _Ref, keys: set[str]) -> str:
    match = process.extractOne(ref.target, sorted(keys), scorer=fuzz.ratio, processor=None,
                               score_cutoff=SUGGEST_CUTOFF)
    if match:
        hint = f"did you mean '{match[0]}'?"
    else:
        sources = sorted({_source_of(k) for k in keys})
        hint = f"the story's sources are {', '.join(sources)}"
    return f"{ref.field} names '{ref.target}', which is no claim of this story: {hint}"


def _direct_conflicts(same: list[_Ref], apart: list[_Ref]) -> list[Problem]:
    """``ref-conflict`` at each ``not_same_as`` entry whose pair is also ``same_as``."""
    same_at = {}
    for ref in same:
        same_at.setdefault(ref.pair, ref)
    problems = []
    for ref in apart:
        if ref.pair in same_at:
            other = same_at[ref.pair]
            line = other.loaded.position(other.loc)[0]
            problems.append(ref.problem(
                "ref-conflict", f"'{ref.pair[0]}' and '{ref.pair[1]}' are both same_as "
                f"({other.loaded.display} line {line}) and not_same_as: keep one"))
    return problems


class _SameAsGraph:
    """The groups that ``same_as`` forces: union-find for membership, BFS for the path."""

    def __init__(self, same: list[_Ref]):
        self.parent: dict[str, str] = {}
        self.edges: dict[str, set[str]] = defaultdict(set)
        self.written: dict[tuple[str, str], _Ref] = {}
        for ref in sorted(same, key=lambda r: (r.loaded.display, r.loc)):
            self.edges[ref.owner].add(ref.target)
            self.edges[ref.target].add(ref.owner)
            self.written.setdefault(ref.pair, ref)
            self._union(ref.owner, ref.target)

    def _find(self, key: str) -> str:
        self.parent.setdefault(key, key)
        while self.parent[key] != key:
            self.parent[key] = self.parent[self.parent[key]]  # path halving
            key = self.parent[key]
        return key

    def _union(self, a: str, b: str) -> None:
        self.parent[self._find(a)] = self._find(b)

    def components(self) -> list[list[str]]:
        groups: dict[str, list[str]] = defaultdict(list)
        for key in sorted(self.parent):
            groups[self._find(key)].append(key)
        return sorted(groups.values())

    def path(self, start: str, goal: str) -> list[str]:
        """The shortest chain of ``same_as`` links from ``start`` to ``goal``."""
        previous: dict[str, str | None] = {start: None}
        queue = deque([start])
        while queue:
            key = queue.popleft()
            for nxt in sorted(self.edges[key]):
                if nxt not in previous:
                    previous[nxt] = key
                    queue.append(nxt)
        chain, key = [], goal
        while key is not None:
            chain.append(key)
            key = previous[key]
        return chain[::-1]

    def _first_link(self, chain: list[str]) -> _Ref:
        return self.written[tuple(sorted(chain[:2]))]

    def chain_problems(self) -> list[Problem]:
        """``ref-chain`` once per source that a chain puts twice into one group."""
        problems = []
        for component in self.components():
            by_source: dict[str, list[str]] = defaultdict(list)
            for key in component:
                by_source[_source_of(key)].append(key)
            for source, keys in sorted(by_source.items()):
                if len(keys) > 1:
                    chain = self.path(keys[0], keys[1])
                    problems.append(self._first_link(chain).problem(
                        "ref-chain", f"same_as links put two claims of source '{source}' in one "
                        f"group: {' -> '.join(chain)}; remove one of these links"))
        return problems

    def transitive_conflicts(self, apart: list[_Ref], direct: set) -> list[Problem]:
        """``ref-conflict`` for a ``not_same_as`` pair that a chain of ``same_as`` joins."""
        problems = []
        for ref in apart:
            if ref.pair in direct or ref.owner not in self.parent or ref.target not in self.parent:
                continue
            if self._find(ref.owner) == self._find(ref.target):
                chain = self.path(ref.owner, ref.target)
                problems.append(ref.problem(
                    "ref-conflict", f"not_same_as '{ref.target}', but same_as links join them: "
                    f"{' -> '.join(chain)}; remove the not_same_as or a link"))
        return problems


# --- articles and quotes ----------------------------------------------------------------

_QUOTES = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2039": "'", "\u203a": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-",
    "\u2212": "-", "\u2026": "...",
    "\u00ad": None, "\u200b": None, "\u200c": None, "\u200d": None, "\u2060": None,
    "\ufeff": None,
})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as the quote check compares it: NFC, plain quotes and dashes, single spaces.

    >>> normalise("Moscow\u2019s  \u201cdeepen\u201d\\n2025\u20132027 \u00abда\u00bb")
    'Moscow\\'s "deepen" 2025-2027 "да"'
    """
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def _fold(text: str) -> str:
    """Lower case, one character for one, so that positions still match ``text``."""
    return "".join(low if len(low := char.lower()) == 1 else char for char in text)


class _Articles:
    """Reads each article of a story once; the text, or the problem that stops reading."""

    def __init__(self, root: Path):
        self.root = root.resolve()
        self.cache: dict[Path, tuple[str | None, str, str]] = {}

    def read(self, path: Path) -> tuple[str | None, str, str]:
        """The article at ``path`` (resolved after ``..`` and symlinks) as a triple: the
        normalised text and ``("", its name as shown)``, or ``None`` and a problem's code
        and message."""
        try:
            path = path.resolve()
        except (OSError, RuntimeError, ValueError) as error:  # a NUL byte, a symlink loop
            return None, "article-missing", f"source.text is not a usable path ({error}): " \
                "fix the path"
        if path not in self.cache:
            self.cache[path] = self._read(path)
        return self.cache[path]

    def _read(self, path: Path) -> tuple[str | None, str, str]:
        shown = display_path(path)
        if not path.is_relative_to(self.root):
            return None, "article-outside-root", (
                f"the article resolves to {shown}, outside the project root {self.root}: "
                "keep articles inside the repository")
        try:
            if not path.is_file():
                return None, "article-missing", f"no article file at {shown}: fix the path " \
                    "(it is relative to this claim file) or add the file"
            if path.stat().st_size > MAX_FILE_BYTES:
                return None, "article-unreadable", f"the article {shown} is over the " \
                    f"{MAX_FILE_BYTES:,}-byte limit"
            return normalise(path.read_text(encoding="utf-8-sig")), "", shown
        except UnicodeDecodeError:
            return None, "article-unreadable", f"the article {shown} is not UTF-8: save it as UTF-8"
        except OSError as error:
            return None, "article-unreadable", f"cannot read the article {shown}: {error.strerror}"


def grounding_problems(story: Story) -> list[Problem]:
    """The article and quote problems of one story: ``article-*`` and ``quote-not-found``.

    ``report`` shows these as warnings; ``lint`` and ``check`` fail on them.
    Quotes are compared case-insensitively (see :func:`find_quote`).
    """
    articles = _Articles(story.root)
    problems = []
    for loaded in story.good_files:
        if loaded.model.source.text is None:
            continue
        article, code, message = articles.read(loaded.path.parent / loaded.model.source.text)
        if article is None:
            problems.append(_problem(loaded, ("source", "text"), code, message))
            continue
        for index, claim in enumerate(loaded.model.claims):
            if claim.quote is not None:
                miss = quote_miss(claim.quote, article, message)
                if miss:
                    problems.append(_problem(loaded, ("claims", index, "quote"),
                                             "quote-not-found", miss))
    return problems


def find_quote(quote: str, article: str) -> bool:
    """Whether ``quote`` occurs in ``article`` (both already :func:`normalise`-d).

    Case is ignored: annotators start a quote mid-sentence or capitalise its first
    word, and the case of a letter never changes what a source said.

    >>> find_quote("trade between russia", "noting that Trade between Russia and")
    True
    """
    return _fold(quote) in _fold(article)


def quote_miss(quote: str, article: str, name: str) -> str | None:
    """None when the quote is in the (normalised) article, else the message that says so.

    >>> quote_miss("trade exceeded $45 billion", "Trade exceeded $54 billion last year.", "a.txt")
    "quote not found in a.txt; closest passage (96%): 'Trade exceeded $54 billion'"
    """
    wanted = normalise(quote)
    if not wanted or find_quote(wanted, article):
        return None
    found = fuzz.partial_ratio_alignment(wanted, article, processor=_fold,
                                         score_cutoff=NEAR_MISS_CUTOFF)
    if found is None:
        return f"quote not found in {name}, nor anything close to it: copy the passage " \
            "from the article"
    passage = _whole_words(article, found.dest_start, found.dest_end)
    if len(passage) > PASSAGE_LIMIT:
        passage = passage[:PASSAGE_LIMIT - 1] + "\u2026"
    # floor, so that a near miss never reads as 100%
    return f"quote not found in {name}; closest passage ({math.floor(found.score)}%): {passage!r}"


def _whole_words(text: str, start: int, end: int) -> str:
    """``text[start:end]`` widened to whole words, so a passage never starts mid-word.

    >>> _whole_words("the five countries exceeded", 6, 16)
    'five countries'
    """
    while start > 0 and not text[start - 1].isspace() and not text[start].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace() and not text[end - 1].isspace():
        end += 1
    return text[start:end].strip()
