"""What every report format shows, read from the records: markers, reasons, filters, widths.

The formats (``table``, ``markdown``, ``json``, ``github``) differ only in layout;
the decisions about *what* a row says live here, once.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from wcwidth import wcswidth, wcwidth

from ..records import AGREE, CONTRADICT, FRAMING, STATUSES, UNIQUE, Group, Member, StoryReport
from ..records import Conflict, Suggestion

MARKERS = {AGREE: "=", FRAMING: "~", CONTRADICT: "!"}
LEFT_ONLY, RIGHT_ONLY, ABSENT = "-", "+", "·"
REGISTER_TAGS = {"wire": "[w]", "analytical": "[a]"}
MAX_SOURCE_COLUMNS = 10  # beyond this many sources, a coverage count replaces the columns

_ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --- what is shown ------------------------------------------------------------------------

@dataclass(frozen=True)
class View:
    """The choices that filter every format: ``--only``, ``-q`` and ``--quotes``."""

    only: tuple[str, ...] = ()
    quiet: bool = False
    quotes: bool = False

    def shows(self, group: Group) -> bool:
        """Quiet shows only contradictions; ``only`` keeps the statuses named."""
        if self.quiet and group.status != CONTRADICT:
            return False
        return not self.only or group.status in self.only

    def groups(self, report: StoryReport) -> list[Group]:
        return [group for group in report.groups if self.shows(group)]

    @property
    def shows_suggestions(self) -> bool:
        """Possible matches help with unique claims: shown unless quiet or filtered away."""
        return not self.quiet and (not self.only or UNIQUE in self.only)


# --- markers ------------------------------------------------------------------------------

def marker(group: Group, *, left: str | None = None) -> str:
    """The group's marker; a unique group is ``-`` when its source is ``left``, else ``+``.

    >>> from crosscheck.records import Member
    >>> only = Member("a", "c1", "text", "wire", "source")
    >>> marker(Group("g", "unique", None, "score", (only,)), left="a")
    '-'
    """
    if group.status == UNIQUE:
        return LEFT_ONLY if group.members[0].source == left else RIGHT_ONLY
    return MARKERS[group.status]


def source_markers(group: Group, sources: Sequence[str]) -> list[str]:
    """One marker per source: the group's where it has a member, ``·`` where it has none."""
    present = {member.source for member in group.members}
    mark = RIGHT_ONLY if group.status == UNIQUE else MARKERS[group.status]
    return [mark if source in present else ABSENT for source in sources]


def coverage(group: Group, source_count: int) -> str:
    return f"{len(group.members)}/{source_count}"


# --- reasons ------------------------------------------------------------------------------

def fully_accepted(group: Group) -> bool:
    """A contradiction whose every conflict a person accepted in the baseline."""
    return bool(group.conflicts) and all(c.accepted for c in group.conflicts)


def conflict_reason(conflict: Conflict) -> str:
    if not conflict.accepted:
        return conflict.reason
    why = f" ({conflict.accepted_reason})" if conflict.accepted_reason else ""
    return f"accepted: {conflict.reason}{why}"


def reason_lines(group: Group, *, name_dissent: bool = False) -> list[str]:
    """The group's reasons in words; accepted conflicts say so, with the reason given.

    ``name_dissent`` (wide stories) names the dissenting sources a reason leaves out.
    """
    lines = [conflict_reason(c) + (_dissent_note(c) if name_dissent else "")
             for c in group.conflicts]
    told = {c.reason for c in group.conflicts}
    lines += [reason for reason in group.reasons if reason not in told]
    if not lines and group.status == FRAMING:
        lines.append(register_split(group.members))
    return lines


def _dissent_note(conflict: Conflict) -> str:
    sources = sorted({key.split("/", 1)[0] for key in conflict.dissent})
    missing = [source for source in sources if source not in conflict.reason]
    return f"; dissent: {', '.join(sources)}" if missing else ""


def register_split(members: Iterable[Member]) -> str:
    """Who tells it how: ``register: wire (a, b) vs analytical (c)``."""
    by_register: dict[str, list[str]] = {}
    for member in members:
        by_register.setdefault(member.register, []).append(member.source)
    parts = [f"{register} ({', '.join(sorted(sources))})"
             for register, sources in sorted(by_register.items())]
    return "register: " + " vs ".join(parts)


def representative(group: Group) -> Member:
    """The member whose text stands for the group: the consensus's first, else the first."""
    if group.conflicts:
        consensus = set(group.conflicts[0].consensus)
        for member in group.members:
            if member.key in consensus:
                return member
    return group.members[0]


# --- summaries ----------------------------------------------------------------------------

def summary_counts(report: StoryReport) -> dict[str, int]:
    counts = dict(report.summary)
    return {status: counts.get(status, 0) for status in STATUSES}


def accepted_count(report: StoryReport) -> int:
    return sum(1 for group in report.groups if fully_accepted(group))


def summary_text(report: StoryReport) -> str:
    """``3 agree, 5 framing, 1 contradict (1 accepted), 24 unique`` -- always every group."""
    counts = summary_counts(report)
    parts = []
    for status in (AGREE, FRAMING, CONTRADICT, UNIQUE):
        part = f"{counts[status]} {status}"
        if status == CONTRADICT and accepted_count(report):
            part += f" ({accepted_count(report)} accepted)"
        parts.append(part)
    return ", ".join(parts)


# --- possible matches ---------------------------------------------------------------------

def members_by_key(report: StoryReport) -> dict[str, Member]:
    return {member.key: member for group in report.groups for member in group.members}


def same_as_line(suggestion: Suggestion) -> str:
    """The line that confirms a suggestion, added to its first claim."""
    return f"same_as: [{suggestion.members[1]}]"


def confirm_hint(suggestion: Suggestion, members: dict[str, Member]) -> str:
    """Where the ``same_as`` line goes: the first claim's ``file:line``."""
    first = members.get(suggestion.members[0])
    if first is None or not first.file:
        return suggestion.members[0]
    return f"{first.file}:{first.line}"


def rounded(score: float | None) -> float | None:
    """Scores as the JSON shows them: one decimal, or null."""
    return None if score is None else round(float(score), 1)


# --- text width ---------------------------------------------------------------------------

def strip_ansi(text: str) -> str:
    return _ANSI.sub("", text)


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide (CJK) characters count two, ANSI codes none.

    >>> display_width("北京 ok")
    7
    """
    plain = strip_ansi(text)
    width = wcswidth(plain)
    return width if width >= 0 else sum(max(wcwidth(char), 0) for char in plain)


def wrap(text: str, width: int) -> list[str]:
    """Wrap to ``width`` terminal columns; words too long (or unspaced CJK) are cut.

    >>> wrap("one two three", 7)
    ['one two', 'three']
    >>> wrap("北京上海广州", 5)
    ['北京', '上海', '广州']
    """
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        lines.extend(_wrap_paragraph(paragraph, max(width, 2)))
    return lines


def _wrap_paragraph(paragraph: str, width: int) -> list[str]:
    lines, current = [], ""
    for word in paragraph.split():
        candidate = f"{current} {word}" if current else word
        if display_width(candidate) <= width:
            current = candidate
            continue
        if display_width(word) > width:  # too long for any line: fill this one, then cut
            pieces = _cut(candidate, width)
        else:
            pieces = [current, word] if current else [word]
        lines.extend(pieces[:-1])
        current = pieces[-1]
    lines.append(current)
    return lines


def _cut(word: str, width: int) -> list[str]:
    """A word in pieces of at most ``width`` columns."""
    pieces, current = [], ""
    for char in word:
        if current and display_width(current + char) > width:
            pieces.append(current)
            current = ""
        current += char
    pieces.append(current)
    return pieces


def shorten(text: str, width: int) -> str:
    """``text`` on one line of at most ``width`` columns, ``…`` where it was cut."""
    text = " ".join(text.split())
    if display_width(text) <= width:
        return text
    return _cut(text, width - 1)[0].rstrip() + "…"


def fit_widths(natural: Sequence[int], available: int, *, minimum: int = 8) -> list[int]:
    """Share ``available`` columns: narrow columns keep their width, wide ones split the rest.

    >>> fit_widths([5, 50, 80], 60)
    [5, 27, 28]
    """
    widths = [0] * len(natural)
    pending = sorted(range(len(natural)), key=lambda i: (natural[i], i))
    left = available
    while pending:
        share = left // len(pending)
        index = pending[0]
        if natural[index] > share:
            break
        widths[index] = natural[index]
        left -= natural[index]
        pending.pop(0)
    for position, index in enumerate(sorted(pending)):
        extra = 1 if position >= len(pending) - left % len(pending) else 0
        widths[index] = max(minimum, left // len(pending) + extra)
    return widths
