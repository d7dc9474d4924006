"""The judgement of one group: ``agree``, ``framing``, ``contradict`` or ``unique`` (SPEC section 4).

:func:`judge` takes the members of one group (claims of different sources that
state the same proposition) and returns a :class:`~crosscheck.records.Judgement`.
It is pure: plain records in, plain records out, nothing printed.

How a conflict is found
-----------------------
Each member's text is read by :mod:`crosscheck.facts`.  For every fact (a
quantity of one kind and unit, a date of one granularity, a weekday, a name in
one role, the ``speaker`` key, the polarity of one predicate), only the members
that state it take part; a member that says nothing about it never conflicts.

The members that state a fact are split into *sides* that can all hold at once:
for ranges (quantities, dates) the side is the largest set whose ranges share
a point; for names, the largest set naming one entity.  The first side is the
consensus and each other side dissents from it.  When the largest sides tie
(always the case with two members), no side is the consensus: each dissents
from the others, so an editor sees every claim that may be wrong.  A member
that states a fact several times ("$21 billion ... $4.5 billion") agrees with a
side when any of its values does: a conflict needs values that cannot hold together.

Splitting is linear in the group size apart from sorting: ranges are swept
once per side, names are clustered against one representative per distinct
spelling, never pair by pair.
"""

from __future__ import annotations

import bisect
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Mapping, Sequence
from dataclasses import dataclass, field

from .facts import ABOUT_TOLERANCE, DateFact, Facts, extract_facts
from .names import apply_aliases, compatible_folded, fold_aliases, fold_name, same_folded
from .records import (
    AGREE, CONFLICT_KINDS, CONTRADICT, FRAMING, UNIQUE, Conflict, Judgement, Member,
)

MAX_NAMED_SOURCES = 3  # a side with more sources is counted: "Dushanbe (8 sources)"
MAX_SIDES = 12  # beyond this many sides, the rest are grouped by what they say
MAX_SIDES_IN_REASON = 6

Point = tuple[float, int]  # a value and -1/0/+1: just below, at, just above it


@dataclass(frozen=True)
class Value:
    """One member's statement of one fact: a range (``low``/``high`` points) or a token."""

    display: str
    low: Point | None = None
    high: Point | None = None
    token: Hashable = None
    written: bool = True  # False for a weekday implied by a date


@dataclass(frozen=True, order=True)
class NameToken:
    """A name folded (and aliased) for comparison, and as written (for the place index)."""

    folded: str
    written: str


def _same_entity(a: NameToken, b: NameToken) -> bool:
    return compatible_folded(a.folded, a.written, b.folded, b.written)


def _same_person(a: NameToken, b: NameToken) -> bool:
    return same_folded(a.folded, b.folded)


@dataclass
class Side:
    """Members that agree on a fact, and how they put it."""

    members: list[Member]
    displays: list[str] = field(default_factory=list)


@dataclass
class Finding:
    """One side dissenting from the others on one fact."""

    kind: str
    label: str
    dissent: Side
    consensus: list[Side]
    reason: str
    reason_key: str = ""  # the disagreement without the sources: "place: Moscow vs Dushanbe"
    tie: bool = False


def judge(
    members: Sequence[Member],
    *,
    aliases: Mapping[str, str] | None = None,
    about_tolerance: float = ABOUT_TOLERANCE,
    facts: Mapping[str, Facts] | None = None,
) -> Judgement:
    """The status, conflicts and reasons of one group.

    ``facts`` may give the members' facts already read (by member key, with the same
    ``about_tolerance``); the others are read here.

    >>> import datetime as dt
    >>> def m(source, text, register="wire"):
    ...     return Member(source, "c", text, register, "claim", published=dt.date(2025, 10, 9))
    >>> judge([m("a", "The summit was held in Dushanbe.")]).status
    'unique'
    >>> verdict = judge([m("a", "It will be held on Wednesday."), m("b", "It will be held on Thursday.")])
    >>> verdict.status, verdict.reasons
    ('contradict', ('weekday: Wednesday (a) vs Thursday (b)',))
    >>> judge([m("a", "Trade passed $45 billion."), m("b", "Trade passed $45 billion.", "analytical")]).reasons
    ('register: analytical (b) vs wire (a)',)
    """
    if len(members) < 2:
        return Judgement(status=UNIQUE)
    ordered = sorted(members, key=lambda member: member.key)
    findings = find_conflicts(ordered, _facts_of(ordered, about_tolerance, facts or {}),
                              aliases=aliases)
    if findings:
        conflicts = _conflicts(findings)
        return Judgement(CONTRADICT, conflicts, _unique(c.reason for c in conflicts))
    registers = register_reason(ordered)
    if registers:
        return Judgement(FRAMING, (), (registers,))
    return Judgement(AGREE)


def _facts_of(members: list[Member], about_tolerance: float,
              read: Mapping[str, Facts]) -> dict[str, Facts]:
    return {m.key: read.get(m.key) or extract_facts(m.text, published=m.published,
                                                    about_tolerance=about_tolerance)
            for m in members}


def _unique(items) -> tuple[str, ...]:
    return tuple(dict.fromkeys(items))


# --- the facts compared -------------------------------------------------------------------

def find_conflicts(
    members: Sequence[Member],
    facts: Mapping[str, Facts],
    *,
    aliases: Mapping[str, str] | None = None,
) -> list[Finding]:
    """Every fact on which the members disagree, as findings (sides against sides)."""
    folded_aliases = fold_aliases(aliases)
    findings: list[Finding] = []
    findings += _quantity_findings(members, facts)
    findings += _date_findings(members, facts)
    findings += _weekday_findings(members, facts)
    findings += _name_findings(members, facts, folded_aliases)
    findings += _speaker_findings(members, folded_aliases)
    findings += _polarity_findings(members, facts)
    return findings


def _range_value(display: str, low: float, low_inclusive: bool, high: float,
                 high_inclusive: bool) -> Value:
    return Value(display, (low, 0 if low_inclusive else 1), (high, 0 if high_inclusive else -1))


def _quantity_findings(members, facts) -> list[Finding]:
    by_key: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    for member in members:
        for q in facts[member.key].quantities:
            value = _range_value(q.text, q.low, q.low_inclusive, q.high, q.high_inclusive)
            by_key[q.key][member.key].append(value)
    return [finding for key in sorted(by_key)
            for finding in _findings("quantity", "quantity", members, by_key[key], ranges=True)]


DATE_LABELS = {"day": "date", "month": "date", "monthday": "date", "monthname": "month",
               "rel-day": "date", "rel-month": "month", "year": "year", "rel-year": "year",
               "year-range": "period"}


def _date_value(fact: DateFact) -> Value:
    if fact.is_span:
        return _range_value(fact.describe(), fact.low, True, fact.high, True)
    return Value(fact.describe(), token=(fact.low, fact.high))


def _date_findings(members, facts) -> list[Finding]:
    by_key: dict[str, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    for member in members:
        for fact in facts[member.key].dates:
            by_key[fact.key][member.key].append(_date_value(fact))
    return [finding for key in sorted(by_key)
            for finding in _findings("date", DATE_LABELS[key], members, by_key[key],
                                     ranges=key in ("day", "month", "year"))]


def _weekday_findings(members, facts) -> list[Finding]:
    """Weekdays, with those implied by full dates; a conflict needs a written weekday."""
    values: dict[str, list[Value]] = defaultdict(list)
    for member in members:
        for weekday in facts[member.key].weekdays:
            display = weekday.name if not weekday.derived else f"{weekday.name}, {weekday.text}"
            values[member.key].append(Value(display, token=weekday.day, written=not weekday.derived))
    written = {key for key, found in values.items() if any(v.written for v in found)}
    return [f for f in _findings("weekday", "weekday", members, values)
            if any(m.key in written for m in f.dissent.members + _all(f.consensus))]


def _all(sides: list[Side]) -> list[Member]:
    return [member for side in sides for member in side.members]


def _name_findings(members, facts, folded_aliases) -> list[Finding]:
    """Names in the same role: the same two words before them, or after them.

    A unit symbol by a figure ("68 MW", "USD 32m") is no name; and a dissenting claim that also
    names the consensus's entity elsewhere ("... in Tavrin by Valtrans" / "Valtrans ...
    in Tavrin by 2028") tells the same names in another order: no conflict."""
    known = frozenset().union(*(facts[m.key].names.capitalised for m in members))
    by_slot: dict[tuple, dict[str, list[Value]]] = defaultdict(lambda: defaultdict(list))
    roles: dict[tuple, set[str]] = defaultdict(set)
    mentioned: dict[str, set[str]] = defaultdict(set)  # member -> every name it gives
    for member in members:
        for slot in facts[member.key].names.names(member.text, known):
            if _is_unit(slot):
                continue
            folded = [apply_aliases(fold_name(name), folded_aliases) for name in slot.names]
            mentioned[member.key].update(folded)
            if slot.is_list or slot.attributed:
                continue
            for side, context in (("before", slot.left), ("after", slot.right)):
                if context is None:
                    continue
                for name, token in zip(slot.names, folded):
                    by_slot[(side, context)][member.key].append(Value(name, token=NameToken(token, name)))
                roles[(side, context)].add(slot.role)
    findings = []
    for slot_key in sorted(by_slot):
        label = "place" if roles[slot_key] == {"place"} else "name"
        found = _findings("name", label, members, by_slot[slot_key], same=_same_entity)
        findings += [f for f in found if not _names_both_sides(f, mentioned, folded_aliases)]
    return _merge_same_values(_merge_same_dissent(findings))


def _is_unit(slot) -> bool:
    """A short capitalised word right after or before a figure: a unit or currency symbol
    ("68 MW", "5 GW", "USD 32 million", "US$32 million")."""
    if len(slot.names) != 1 or len(slot.names[0]) > 4 or " " in slot.names[0]:
        return False
    return bool(slot.left and slot.left[-1] == "<num>" or slot.right and slot.right[0] == "<num>")


def _names_both_sides(finding: Finding, mentioned: Mapping[str, set[str]], folded_aliases) -> bool:
    """Whether every dissenting claim also names an entity the consensus gives in the slot."""
    consensus = {apply_aliases(fold_name(display), folded_aliases)
                 for side in finding.consensus for display in side.displays}
    return all(mentioned[m.key] & consensus for m in finding.dissent.members)


def _speaker_findings(members, folded_aliases) -> list[Finding]:
    values = {m.key: [Value(m.speaker, token=NameToken(
                  apply_aliases(fold_name(m.speaker), folded_aliases), m.speaker))]
              for m in members if m.speaker and m.speaker.strip()}
    return _findings("speaker", "speaker", members, values, same=_same_person)


def _polarity_findings(members, facts) -> list[Finding]:
    """A predicate one claim negates and another affirms, of the same object
    ("will attend the summit" / "will not attend the summit")."""
    negations = sorted(set().union(*(facts[m.key].polarity.negations for m in members)))
    findings = []
    for predicate, obj in negations:
        values: dict[str, list[Value]] = {}
        for member in members:
            polarity = facts[member.key].polarity
            stated = polarity.value(predicate, obj)
            if stated is not None:
                values[member.key] = [Value(polarity.phrase(predicate, obj), token=stated)]
        findings += _findings("polarity", "polarity", members, values)
    return _merge_same_dissent(findings)


def _merge_same_dissent(findings: list[Finding]) -> list[Finding]:
    """One finding per dissent: the same claims seen from two slots are one conflict."""
    best: dict[tuple[str, ...], Finding] = {}
    for finding in findings:
        key = tuple(sorted(m.key for m in finding.dissent.members))
        held = best.get(key)
        if held is None or len(_all(finding.consensus)) > len(_all(held.consensus)):
            best[key] = finding
    return [best[key] for key in sorted(best)]


def _merge_same_values(findings: list[Finding]) -> list[Finding]:
    """One finding per disagreement in words: "Moscow vs Dushanbe" seen in several wordings.

    Claims that say "held in Moscow" and claims that say "Moscow hosted" dissent
    together from those that say "held in Dushanbe" and "Dushanbe hosted".
    """
    merged: dict[str, Finding] = {}
    for finding in findings:
        held = merged.get(finding.reason_key)
        if held is None:
            merged[finding.reason_key] = finding
            continue
        merged[finding.reason_key] = _combined(held, finding)
    return list(merged.values())


def _combined(a: Finding, b: Finding) -> Finding:
    dissent = _union(a.dissent, b.dissent)
    keys = {m.key for m in dissent.members}
    consensus = []
    for side in a.consensus + b.consensus:
        side = Side([m for m in side.members if m.key not in keys], side.displays)
        consensus.append(side)
    consensus = _union_sides(consensus)
    reason = a.reason if a.tie else f"{a.label}: {_say(dissent)} vs " + ", ".join(map(_say, consensus))
    return Finding(a.kind, a.label, dissent, consensus, reason, a.reason_key, a.tie)


def _union(a: Side, b: Side) -> Side:
    members = {m.key: m for m in a.members + b.members}
    return Side([members[k] for k in sorted(members)], a.displays + b.displays)


def _union_sides(sides: list[Side]) -> list[Side]:
    """Consensus sides merged by what they say."""
    by_display: dict[str, Side] = {}
    for side in sides:
        if not side.members:
            continue
        display = _commonest(side.displays)
        by_display[display] = _union(by_display[display], side) if display in by_display else side
    return [by_display[d] for d in sorted(by_display)]


# --- sides ------------------------------------------------------------------------------

def _findings(kind: str, label: str, members: Sequence[Member], values: Mapping[str, list[Value]],
              *, ranges: bool = False,
              same: Callable[[Hashable, Hashable], bool] | None = None) -> list[Finding]:
    """Split the members stating a fact into sides, and word each disagreement."""
    if len(values) < 2:
        return []
    by_key = {m.key: m for m in members}
    sides = range_sides(values) if ranges else token_sides(values, same=same)
    if len(sides) < 2:
        return []
    as_sides = [Side([by_key[k] for k in sorted(side)], [display for _, display in sorted(side.items())])
                for side in sides]
    return _worded(kind, label, as_sides)


def _worded(kind: str, label: str, sides: list[Side]) -> list[Finding]:
    common = [_commonest(side.displays) for side in sides]
    said = [f"{display} ({who(side.members)})" for display, side in zip(common, sides)]
    first, second = sides[0], sides[1]
    if len(first.members) > len(second.members):
        return [Finding(kind, label, side, [first], f"{label}: {said[i]} vs {said[0]}",
                        f"{label}: {common[i]} vs {common[0]}")
                for i, side in enumerate(sides) if i]
    # A tie: no consensus, every side dissents from the others, under one reason.
    shown = said[:MAX_SIDES_IN_REASON]
    if len(said) > len(shown):
        shown.append(f"{len(said) - len(shown)} more")
    reason = f"{label}: " + " vs ".join(shown)
    everyone = " / ".join(common[:MAX_SIDES_IN_REASON])
    return [Finding(kind, label, side, [other for other in sides if other is not side], reason,
                    f"{label}: {common[i]} in a tie of {everyone}", tie=True)
            for i, side in enumerate(sides)]


def _commonest(displays: list[str]) -> str:
    counts = Counter(displays)
    return min(counts, key=lambda d: (-counts[d], d))


def _say(side: Side) -> str:
    """"Dushanbe (trend, afp)" or "Dushanbe (8 sources)": the commonest wording, then who."""
    return f"{_commonest(side.displays)} ({who(side.members)})"


def who(members: Sequence[Member]) -> str:
    """The sources of some members: named up to three, else counted."""
    sources = sorted({m.source for m in members})
    if len(sources) > MAX_NAMED_SOURCES:
        return f"{len(sources)} sources"
    return ", ".join(sources)


def range_sides(values: Mapping[str, list[Value]]) -> list[dict[str, str]]:
    """Members split into sides whose ranges share a point, largest first.

    Each side maps member key -> the wording of its value on that side.  A side
    is found by one sweep: the point covered by the most members (ties: the
    lowest point, so the split depends on the values only, never on the order).
    """
    spans = {key: _merged(found) for key, found in values.items()}
    sides: list[dict[str, str]] = []
    while spans and len(sides) < MAX_SIDES:
        point = _best_point(spans)
        side = {key: display for key, merged in spans.items()
                for low, high, display in merged if low <= point <= high}
        sides.append(side)
        spans = {key: merged for key, merged in spans.items() if key not in side}
    if spans:
        sides += _by_display({key: merged[0][2] for key, merged in spans.items()})
    return sides


def _merged(found: list[Value]) -> list[tuple[Point, Point, str]]:
    """One member's ranges, overlapping ones merged, so that a point counts a member once."""
    merged: list[list] = []
    for value in sorted(found, key=lambda v: (v.low, v.high, v.display)):
        if merged and value.low <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], value.high)
            continue
        merged.append([value.low, value.high, value.display])
    return [tuple(item) for item in merged]


def _best_point(spans: Mapping[str, list[tuple[Point, Point, str]]]) -> Point:
    lows = sorted(low for merged in spans.values() for low, _, _ in merged)
    highs = sorted(high for merged in spans.values() for _, high, _ in merged)
    best, best_count = lows[0], -1
    for point in lows:
        count = bisect.bisect_right(lows, point) - bisect.bisect_left(highs, point)
        if count > best_count:
            best, best_count = point, count
    return best


def token_sides(values: Mapping[str, list[Value]], *,
                same: Callable[[Hashable, Hashable], bool] | None = None) -> list[dict[str, str]]:
    """Members split into sides that state one value (or, with ``same``, one entity).

    Distinct tokens are clustered against one representative each, commonest
    first; a side is the cluster stated by the most members.
    """
    cluster_of = _clusters([v.token for found in values.values() for v in found], same)
    stated = {key: {cluster_of[v.token]: v.display for v in reversed(found)}
              for key, found in values.items()}
    sides: list[dict[str, str]] = []
    while stated and len(sides) < MAX_SIDES:
        counts = Counter(c for clusters in stated.values() for c in clusters)
        cluster = min(counts, key=lambda c: (-counts[c], c))
        side = {key: clusters[cluster] for key, clusters in stated.items() if cluster in clusters}
        sides.append(side)
        stated = {key: clusters for key, clusters in stated.items() if key not in side}
    if stated:  # many small sides: the rest by the first value each states
        sides += _by_display({key: clusters[min(clusters)] for key, clusters in stated.items()})
    return sides


BLOCKING_FROM = 64  # distinct names; from here on, compare only names sharing an initial


def _clusters(tokens: list[Hashable], same: Callable[[Hashable, Hashable], bool] | None) -> dict:
    """token -> the representative of its cluster (a sortable string).

    With many distinct names, a name is compared only with representatives that
    share the initial of one of its words, which keeps the work near linear.
    """
    counts = Counter(tokens)
    order = sorted(counts, key=lambda t: (-counts[t], repr(t)))
    if same is None:
        return {token: repr(token) for token in order}
    blocking = len(order) >= BLOCKING_FROM
    representatives: dict[str, list[Hashable]] = defaultdict(list)
    cluster_of = {}
    for token in order:
        blocks = _initials(token) if blocking else {""}
        candidates = (r for block in sorted(blocks) for r in representatives[block])
        match = next((r for r in candidates if same(r, token)), None)
        if match is None:
            match = token
            for block in blocks:
                representatives[block].append(token)
        cluster_of[token] = repr(match)
    return cluster_of


def _initials(token: Hashable) -> set[str]:
    words = getattr(token, "folded", str(token)).split()
    return {word[0] for word in words} or {""}


def _by_display(displays: Mapping[str, str]) -> list[dict[str, str]]:
    groups: dict[str, dict[str, str]] = defaultdict(dict)
    for key, display in displays.items():
        groups[display][key] = display
    return sorted(groups.values(), key=lambda g: (-len(g), sorted(g)))


# --- conflicts and registers ----------------------------------------------------------------

def _conflicts(findings: list[Finding]) -> tuple[Conflict, ...]:
    conflicts = {
        Conflict(
            kind=f.kind,
            dissent=tuple(sorted(m.key for m in f.dissent.members)),
            consensus=tuple(sorted(m.key for m in _all(f.consensus))),
            reason=f.reason,
        )
        for f in findings
    }
    return tuple(sorted(conflicts, key=lambda c: (CONFLICT_KINDS.index(c.kind), c.reason, c.dissent)))


def register_reason(members: Sequence[Member]) -> str | None:
    """"register: analytical (eastern-herald) vs wire (news-az, nca-putin)" when registers differ.

    The smaller side comes first; a tie puts the registers in alphabetical order.
    """
    by_register: dict[str, list[Member]] = defaultdict(list)
    for member in members:
        by_register[member.register].append(member)
    if len(by_register) < 2:
        return None
    order = sorted(by_register, key=lambda r: (len(by_register[r]), r))
    return "register: " + " vs ".join(f"{r} ({who(by_register[r])})" for r in order)
