"""The plain records that flow between the pipeline stages.

Load -> validate -> align -> classify -> render.  Every output format reads only
these records, so adding a format touches one file.  They are frozen and
sortable, which keeps every output deterministic.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

WIRE = "wire"
ANALYTICAL = "analytical"
REGISTERS = (WIRE, ANALYTICAL)

AGREE = "agree"
FRAMING = "framing"
CONTRADICT = "contradict"
UNIQUE = "unique"
STATUSES = (AGREE, FRAMING, CONTRADICT, UNIQUE)

CONFLICT_KINDS = ("quantity", "date", "weekday", "name", "speaker", "polarity")


@dataclass(frozen=True, order=True)
class Problem:
    """One lint problem or load error, anchored to a file position (1-based)."""

    file: str
    line: int
    column: int
    code: str
    message: str


@dataclass(frozen=True)
class Member:
    """One claim as the aligner and the classifier see it.

    ``register`` is already resolved (see ``crosscheck.register``) and
    ``register_from`` says how: ``claim``, ``quote`` or ``source``.
    """

    source: str
    claim: str
    text: str
    register: str
    register_from: str
    quote: str | None = None
    speaker: str | None = None
    note: str | None = None
    published: dt.date | None = None
    file: str = ""
    line: int = 0

    @property
    def key(self) -> str:
        """The ``source-id/claim-id`` name used by ``same_as`` and in reports."""
        return f"{self.source}/{self.claim}"


@dataclass(frozen=True)
class Conflict:
    """A fact on which a group's members disagree: dissent against consensus."""

    kind: str
    dissent: tuple[str, ...]
    consensus: tuple[str, ...]
    reason: str
    accepted: bool = False
    accepted_reason: str | None = None  # the reason a person wrote in the baseline


@dataclass(frozen=True)
class Judgement:
    """What the classifier decides about one group."""

    status: str
    conflicts: tuple[Conflict, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Group:
    """One row of the report: the claims (at most one per source) of one proposition."""

    id: str
    status: str
    score: float | None
    decided_by: str  # "score" or "editor"
    members: tuple[Member, ...]
    conflicts: tuple[Conflict, ...] = ()
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    """A pair of claims left apart that may still state the same proposition."""

    members: tuple[str, str]
    score: float


@dataclass(frozen=True)
class SourceInfo:
    id: str
    outlet: str
    style: str
    file: str
    claims: int


@dataclass(frozen=True)
class StoryReport:
    """Everything the report shows about one story."""

    path: str
    sources: tuple[SourceInfo, ...]
    groups: tuple[Group, ...]
    suggestions: tuple[Suggestion, ...] = ()
    problems: tuple[Problem, ...] = field(default=())  # warnings, e.g. ungrounded quotes

    @property
    def summary(self) -> dict[str, int]:
        counts = {status: 0 for status in (AGREE, FRAMING, CONTRADICT, UNIQUE)}
        for group in self.groups:
            counts[group.status] += 1
        return counts
