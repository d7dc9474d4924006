"""Alignment: group the claims of a story that state the same proposition.

At most one claim per source per group; every claim in exactly one group (a
claim no other source shares is a group of one).  Editor links come first:
``same_as`` pairs are put together and ``not_same_as`` pairs are kept apart
whatever the scores.  The result depends only on the claims, never on the order
they are given in.

How (see also the README, "Design"):

1. **Profiles.**  Each claim text becomes a set of content tokens
   (:mod:`crosscheck.normalize`), each weighted by its rarity in the story (IDF).
   Tokens that the story writes with a capital mid-sentence are names; spelling
   variants of one name in a story (Savkat / Shavkat) are read as one.
2. **Similarity** of two claims is an IDF-weighted Dice overlap of their tokens
   (:func:`similarity`).  Claims that differ in one slot only (a figure of one
   kind, a date, a name, the speaker) are one proposition for the classifier to
   judge: ``$33 million`` and ``$33 billion`` meet.  Claims that differ in two
   slots or more are likely two propositions ("trade with Kazakhstan grew 5%" /
   "trade with Belarus grew 8%"): the differing values weigh double.  The same
   ``speaker`` adds a little, a different one takes a little.
3. **Grouping** runs source by source (most claims first, then by id).  Each
   claim is compared only with the groups that share its rarest tokens (an
   inverted index), and only with a few representative members of each; within
   a source the best (claim, group) offers are taken first, one claim per group.
   Then groups that the source order kept apart are merged when their members
   match, and a claim that more than one group wanted moves to the one it
   matches clearly better.  The cost grows with the number of claims, not with
   its square.
4. **Suggestions** are the best pairs scored on the way that ended in different
   groups, from a lower cut-off: one per other group, at most three per claim.
"""

from __future__ import annotations

import heapq
import math
from math import fsum  # exactly rounded: the same score whatever order a set iterates in
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from .normalize import analyse, content_tokens, word_cases
from .records import Member, Suggestion

# Chosen by measurement on tests/data/devset with scripts/quality.py (see the README).
DEFAULT_THRESHOLD = 50.0  # a claim joins a group at this similarity or above
SUGGEST_FROM = 20.0  # pairs left apart from this similarity up are suggested
MAX_SUGGESTIONS = 3  # per claim
CONFLICT_WEIGHT = 2.0  # differing values, when two slots or more differ, count this many times
SAME_REST = 80.0  # ... and only when the rest of the two claims is this alike (Dice, 0-100)
SPEAKER_BONUS = 10.0  # the same speaker key on both sides
SPEAKER_PENALTY = 5.0  # two different speaker keys
NAME_SPELLING = 0.85  # normalised Levenshtein similarity of two spellings of one name
# Bounds on the work per claim: they keep alignment near-linear in the story's size.
REPRESENTATIVES = 3  # members of a group a new claim is compared with
RECENTRE_AT = frozenset({6, 12, 24, 48, 96})  # group sizes at which they are chosen again
RECENTRE_SAMPLE = 12  # ... as the most typical of this many members
CANDIDATE_GROUPS = 8  # groups scored per claim, at most
PROBE_TOKENS = 8  # a claim's rarest tokens, used to find candidate groups
MAX_POSTINGS = 1000  # a token in more groups than this finds no candidates
COMMON_POSTINGS = 64  # ... nor one in more than this, once rarer tokens found enough
CLEAR_MATCH = 80.0  # a group matched this well ends the search for a claim's candidates
KEPT_PAIRS = 8  # best pairs kept per claim for suggestions
REFINE_PASSES = 3  # rounds of merging groups and moving claims, after the first placement
REASSIGN_MARGIN = 5.0  # a claim moves to a group it matches this much better than its own
# Learning the story's own wording (see ``stability``): grouping runs again with the weights
# the groups found so far suggest.
LEARNING_ROUNDS = 2
STABLE_FROM = 3  # groups of at least this many members show how stable a token is
STABILITY_PRIOR = 3.0  # ... seen this many times as fully stable before it is seen at all
ROUGH_CANDIDATE_GROUPS = 4  # groups scored per claim in the groupings learnt from
LEARN_FROM_SOURCES = 100  # ... which take the claims of this many sources at most

SCORE = "score"
EDITOR = "editor"


@dataclass(frozen=True)
class AlignedGroup:
    """The claims of one proposition, at most one per source, sorted by source id."""

    members: tuple[Member, ...]
    score: float | None  # mean similarity, 0-100, one decimal; None for a group of one
    decided_by: str  # "score", or "editor" when a same_as link holds it together


@dataclass(frozen=True)
class Alignment:
    groups: tuple[AlignedGroup, ...]
    suggestions: tuple[Suggestion, ...] = ()


@dataclass(frozen=True)
class Links:
    """Editor links as pairs of claim keys (``source/claim``); ``compare.EditorLinks`` fits."""

    same_as: frozenset[tuple[str, str]] = frozenset()
    not_same_as: frozenset[tuple[str, str]] = frozenset()


@dataclass(frozen=True)
class Profile:
    """One claim, ready to compare.

    Tokens are numbers: positions in the story's sorted vocabulary (``words``), which
    makes sets of them quick to intersect and their order the same in every process.
    """

    weights: Sequence[float]  # token -> its weight in the story (shared by all profiles)
    words: Sequence[str]  # token -> the word (shared by all profiles)
    tokens: frozenset[int]
    total: float  # the weight of all its tokens
    names: frozenset[int]  # name tokens, except the speaker's own
    facts: dict[int, str]  # figures, dates, weekdays -> their kind (normalize.analyse)
    speaker: str | None
    probe: tuple[int, ...] = ()  # heaviest tokens first
    fact_tokens: frozenset[int] = frozenset()  # the keys of ``facts``, as a set: quick to subtract

    def text_of(self, tokens: Iterable[int]) -> list[str]:
        """The words of some tokens, sorted."""
        return sorted(self.words[t] for t in tokens)


# --- similarity ----------------------------------------------------------------------


def similarity(a: Profile, b: Profile, *, score_cutoff: float = 0.0,
               conflict_weight: float = CONFLICT_WEIGHT, speaker_bonus: float = SPEAKER_BONUS,
               speaker_penalty: float = SPEAKER_PENALTY) -> float:
    """How likely two claims state the same proposition, 0-100 (0 below ``score_cutoff``).

    An IDF-weighted Dice overlap of their tokens.  Two claims may differ in *one* slot
    and still state one proposition, which the classifier then finds in conflict: a
    fact of one kind (``$33 million`` / ``$33 billion``; its values are left out), a
    name in the same place (counted as any other word) or the speaker.  When they
    differ in two or more, they more likely state two propositions ("trade with
    Kazakhstan grew 5%" / "trade with Belarus grew 8%"): the differing facts, and the
    names that each side has and the other lacks, count ``conflict_weight`` times.  The
    same speaker adds ``speaker_bonus``; different speakers take ``speaker_penalty``.

    >>> p = profiles(["Trade exceeded $45 billion in 2024.", "Trade passed $45bn in 2024.",
    ...               "Investment passed $20bn.", "Trade exceeded $45 million in 2024."])
    >>> round(similarity(p[0], p[1])), round(similarity(p[0], p[2])), similarity(p[0], p[3])
    (86, 24, 100.0)
    """
    shared = a.tokens & b.tokens
    if not shared:
        return 0.0
    weight = a.weights.__getitem__  # one token has one weight in a story
    common = fsum(map(weight, shared))
    rest = a.total + b.total - 2 * common
    names_a = a.names - shared if a.names else ()
    names_b = b.names - shared if names_a and b.names else ()
    clash = bool(names_a and names_b)  # each names someone or somewhere the other does not
    other_speaker = a.speaker is not None and b.speaker is not None and a.speaker != b.speaker
    facts, kinds = _facts_apart(a, b, shared) if a.fact_tokens and b.fact_tokens else (0.0, 0)
    if clash + other_speaker + kinds <= 1:
        rest -= facts  # one slot with two values: the classifier's to judge
    else:  # two slots or more: the values that differ weigh more
        names = fsum(map(weight, names_a)) + fsum(map(weight, names_b)) if clash else 0.0
        rest += (conflict_weight - 1) * (facts + names)
    score = 200 * common / (2 * common + rest)
    if a.speaker and b.speaker:
        score += -speaker_penalty if other_speaker else speaker_bonus
    score = 100.0 if score > 100.0 else 0.0 if score < 0.0 else score
    return score if score >= score_cutoff else 0.0


def _facts_apart(a: Profile, b: Profile, shared: frozenset[int]) -> tuple[float, int]:
    """The facts of the kinds that both claims give with different values: their weight,
    and how many kinds."""
    facts_a = a.fact_tokens - shared
    if not facts_a:
        return 0.0, 0
    facts_b = b.fact_tokens - shared
    if not facts_b:
        return 0.0, 0
    kind_a, kind_b = a.facts.__getitem__, b.facts.__getitem__
    kinds = set(map(kind_a, facts_a)).intersection(map(kind_b, facts_b))
    if not kinds:
        return 0.0, 0
    weights = a.weights
    weight = fsum([weights[t] for t in facts_a if kind_a(t) in kinds]) + \
        fsum([weights[t] for t in facts_b if kind_b(t) in kinds])
    return weight, len(kinds)


def read_texts(texts: Sequence[str]) -> list[tuple[tuple[tuple[str, ...], dict[str, str]],
                                                    tuple[frozenset[str], frozenset[str]]]]:
    """What the aligner reads of each claim text: its tokens and facts
    (:func:`~crosscheck.normalize.analyse`) and the words it writes with a capital or in lower
    case (:func:`~crosscheck.normalize.word_cases`)."""
    return [(analyse(text), word_cases(text)) for text in texts]


def profiles(texts: Sequence[str], speakers: Sequence[str | None] | None = None, *,
             read: Callable[[list[str]], list] = read_texts) -> list[Profile]:
    """Profiles of the claims of one story: IDF and names are read from the whole story.

    ``read`` reads the texts (:func:`read_texts`, which it may share out).

    >>> first, second = profiles(["Putin met Tokayev in Astana.", "Tokayev met Putin."],
    ...                          ["Vladimir Putin", None])
    >>> first.text_of(first.tokens), first.text_of(first.names), first.speaker
    (['astan', 'met', 'tokaiev'], ['astan', 'tokaiev'], 'putin')
    """
    speakers = speakers or [None] * len(texts)
    readings = read(list(texts))
    analysed = [analysis for analysis, _ in readings]
    tokens = [claim_tokens for claim_tokens, _ in analysed]
    capitalised: dict[str, int] = defaultdict(int)
    lower: dict[str, int] = defaultdict(int)
    for _, (caps, lows) in readings:
        for token in caps:
            capitalised[token] += 1
        for token in lows:
            lower[token] += 1
    names = {t for t, n in capitalised.items() if n > lower.get(t, 0)}
    frequency: dict[str, int] = defaultdict(int)
    for claim_tokens in tokens:
        for token in claim_tokens:
            frequency[token] += 1
    spelling = _name_spellings(names, frequency)
    if spelling:
        tokens = [tuple(dict.fromkeys(spelling.get(t, t) for t in ts)) for ts in tokens]
        names = {spelling.get(t, t) for t in names}
        frequency = defaultdict(int)
        for claim_tokens in tokens:
            for token in claim_tokens:
                frequency[token] += 1
    words = sorted(frequency)
    number = {word: i for i, word in enumerate(words)}
    weights = [math.log(1 + len(texts) / frequency[word]) for word in words]
    name_tokens = frozenset(number[t] for t in names if t in number)
    rank = _heaviest_first(weights)
    claim_profiles = []
    for claim_tokens, (_, facts), speaker in zip(tokens, analysed, speakers):
        spoken = _speaker_tokens(speaker) if speaker else ()
        claim_profiles.append(_profile(
            tuple(number[t] for t in claim_tokens), {number[t]: kind for t, kind in facts.items()},
            weights, rank, words, name_tokens, spoken[-1] if spoken else None,
            {number[t] for t in spoken if t in number}))
    return claim_profiles


_speaker_tokens = lru_cache(maxsize=1024)(content_tokens)  # a story's speakers recur


def _name_spellings(names: Iterable[str], frequency: dict[str, int]) -> dict[str, str]:
    """Spelling variants of a name (same initial, nearly the same letters) -> the commonest.

    >>> _name_spellings({"savkat", "shavkat", "sadir"}, {"savkat": 1, "shavkat": 2, "sadir": 1})
    {'savkat': 'shavkat'}
    """
    by_initial: dict[str, list[str]] = defaultdict(list)
    for name in names:
        if len(name) >= 5 and name.isalpha():
            by_initial[name[0]].append(name)
    variants: dict[str, str] = {}
    for block in by_initial.values():
        block.sort(key=lambda t: (-frequency.get(t, 0), t))
        for i, name in enumerate(block):
            if name in variants:
                continue
            for other, _score, _index in process.extract(
                    name, block[i + 1:], scorer=Levenshtein.normalized_similarity,
                    processor=None, score_cutoff=NAME_SPELLING, limit=None):
                variants.setdefault(other, name)
    return variants


def _profile(tokens: tuple[int, ...], facts: dict[int, str], weights: list[float],
             rank: list[int], words: list[str], names: frozenset[int], speaker: str | None,
             speaker_tokens: set[int]) -> Profile:
    # The speaker key is compared on its own: its name in the text would count twice.
    token_set = frozenset(t for t in tokens if t not in speaker_tokens) or frozenset(tokens)
    facts = {t: kind for t, kind in facts.items() if t in token_set}
    return Profile(
        weights=weights, words=words, tokens=token_set,
        total=fsum(map(weights.__getitem__, token_set)),
        names=(token_set & names) - speaker_tokens - facts.keys(), facts=facts,
        speaker=speaker,
        probe=_probe(token_set, rank),
        fact_tokens=frozenset(facts),
    )


# --- grouping ------------------------------------------------------------------------

class _Group:
    __slots__ = ("members", "sources", "reps", "editor", "tokens")

    def __init__(self, first: int, source: str, editor: bool = False):
        self.members = [first]
        self.sources = {source}
        self.reps = [first]  # the members a new claim is compared with
        self.editor = editor  # held together by a same_as link
        self.tokens: set[int] = set()  # the representatives' tokens, as indexed


class _Aligner:
    def __init__(self, members: list[Member], links: Links, threshold: float,
                 suggest_from: float, claim_profiles: list[Profile], *, final: bool = True,
                 candidate_groups: int = CANDIDATE_GROUPS):
        self.final = final  # the grouping reported: keeps the pairs suggestions are made of
        self.candidate_groups = candidate_groups
        self.members = members
        self.threshold = threshold
        self.suggest_from = min(suggest_from, threshold)
        self.profiles = claim_profiles
        index_of = {m.key: i for i, m in enumerate(members)}
        self.apart: dict[int, set[int]] = defaultdict(set)
        for a, b in sorted(links.not_same_as):
            if a in index_of and b in index_of:
                self.apart[index_of[a]].add(index_of[b])
                self.apart[index_of[b]].add(index_of[a])
        self.same_pairs = sorted((index_of[a], index_of[b]) for a, b in links.same_as
                                 if a in index_of and b in index_of)
        self.groups: list[_Group] = []
        self.group_of = [-1] * len(members)
        self.postings: dict[int, list[int]] = defaultdict(list)  # token -> groups
        self.pairs: list[list[tuple[float, int]]] = [[] for _ in members]  # for suggestions
        self.contested: set[int] = set()  # claims that more than one group would have taken
        self.changed: set[int] = set()  # groups merged into or moved between in a refinement

    def run(self) -> list[list[int]]:
        """The groups, as lists of member indices."""
        self.seed_editor_groups()
        by_source: dict[str, list[int]] = defaultdict(list)
        for i, member in enumerate(self.members):
            by_source[member.source].append(i)
        for source in sorted(by_source, key=lambda s: (-len(by_source[s]), s)):
            self.place_source([i for i in by_source[source] if self.group_of[i] < 0])
        active = None  # the groups to look at for merges: all, then those that changed
        for _ in range(REFINE_PASSES):
            if not self.merge_pass(active) + self.reassign_pass():
                break
            active, self.changed = self.changed, set()
        return [group.members for group in self.groups if group.members]

    def result(self, on_groups: Callable[[list[tuple[Member, ...]]], None] | None = None) -> Alignment:
        """The groups (members sorted by source), in the order of their members' keys, and the
        suggestions; ``on_groups`` is given the groups' members before their scores and the
        suggestions are worked out."""
        found = [(tuple(sorted((self.members[i] for i in group.members),
                               key=lambda m: (m.source, m.claim))), group)
                 for group in self.groups if group.members]
        found.sort(key=lambda pair: tuple(m.key for m in pair[0]))
        if on_groups:
            on_groups([members for members, _ in found])
        groups = tuple(AlignedGroup(members, round(self.cohesion(group), 1) if len(members) > 1
                                    else None, EDITOR if group.editor else SCORE)
                       for members, group in found)
        return Alignment(groups, tuple(self.suggestions()))

    # groups

    def new_group(self, first: int, editor: bool = False) -> int:
        gid = len(self.groups)
        self.groups.append(_Group(first, self.members[first].source, editor))
        self.group_of[first] = gid
        self.index(gid, first)
        return gid

    def join(self, claim: int, gid: int) -> None:
        group = self.groups[gid]
        group.members.append(claim)
        group.sources.add(self.members[claim].source)
        self.group_of[claim] = gid
        if len(group.reps) < REPRESENTATIVES:
            group.reps.append(claim)
            self.index(gid, claim)
        elif len(group.members) in RECENTRE_AT:
            self.recentre(gid)

    def recentre(self, gid: int) -> None:
        """Make the group's most typical members its representatives: the members it was
        founded by may be unusual ways of telling the proposition."""
        group = self.groups[gid]
        if group.editor:
            return
        step = max(1, len(group.members) // RECENTRE_SAMPLE)
        sample = group.members[::step][:RECENTRE_SAMPLE]
        pair = {}  # similarity is symmetric: each pair is scored once
        for i, claim in enumerate(sample):
            for other in sample[i + 1:]:
                pair[claim, other] = pair[other, claim] = similarity(self.profiles[claim],
                                                                     self.profiles[other])
        centrality = []
        for claim in sample:
            scores = [pair[claim, other] for other in sample if other != claim]
            centrality.append((-sum(scores) / len(scores), claim))
        group.reps = [claim for _, claim in sorted(centrality)[:REPRESENTATIVES]]
        for claim in group.reps:
            self.index(gid, claim)

    def index(self, gid: int, claim: int) -> None:
        group = self.groups[gid]
        for token in self.profiles[claim].tokens - group.tokens:
            group.tokens.add(token)
            self.postings[token].append(gid)

    def seed_editor_groups(self) -> None:
        """Put same_as components together first (never two claims of one source)."""
        parent = list(range(len(self.members)))
        sources = [{m.source} for m in self.members]

        def root(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for a, b in self.same_pairs:
            ra, rb = sorted((root(a), root(b)))
            if ra != rb and not sources[ra] & sources[rb]:
                parent[rb] = ra
                sources[ra] |= sources[rb]
        components: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.members)):
            components[root(i)].append(i)
        for part in sorted(c for c in components.values() if len(c) > 1):
            gid = self.new_group(part[0], editor=True)
            for claim in part[1:]:
                self.join(claim, gid)

    # scoring

    def score_against(self, claims: list[int], editor: bool, gid: int) -> float:
        """Similarity of claims (one group's representatives) to a group's representatives.

        Mean over the members compared, for precision; but the best member counts for a
        group an editor holds together (its members are known to be one proposition)."""
        group = self.groups[gid]
        per_claim = []
        for claim in claims:
            scores = [similarity(self.profiles[claim], self.profiles[r])
                      for r in group.reps if r != claim]
            if scores:
                per_claim.append(max(scores) if group.editor else sum(scores) / len(scores))
        if not per_claim:
            return 0.0
        return max(per_claim) if editor else sum(per_claim) / len(per_claim)

    def candidates(self, probe: Iterable[int], weights: Sequence[float] | dict[int, float],
                   allowed: Callable[[int], bool] | None = None) -> Iterator[int]:
        """The (allowed) groups sharing most of the rarest tokens, best first (then the first
        made); taken lazily, as a claim's search usually ends at the first few."""
        found: dict[int, float] = defaultdict(float)
        postings = [(self.postings.get(token, ()), token) for token in probe]
        for posting, token in sorted(postings, key=lambda p: (len(p[0]), p[1])):
            if len(posting) > COMMON_POSTINGS and len(found) >= self.candidate_groups:
                break  # the rarer tokens found enough groups; common ones add noise and time
            if len(posting) <= MAX_POSTINGS:
                weight = weights[token]
                for gid in posting:
                    found[gid] += weight
        if allowed is not None:
            found = {gid: weight for gid, weight in found.items() if allowed(gid)}
        ranked = list(zip(map(float.__neg__, found.values()), found))
        heapq.heapify(ranked)
        for _ in range(min(self.candidate_groups, len(ranked))):
            yield heapq.heappop(ranked)[1]

    def admissible(self, claim: int, gid: int) -> bool:
        group = self.groups[gid]
        if self.members[claim].source in group.sources:
            return False
        apart = self.apart.get(claim)
        return not apart or apart.isdisjoint(group.members)

    def keep_pairs(self, claim: int, scored: list[tuple[float, int]]) -> None:
        """Remember the claim's best pairs (similarity, other claim) for suggestions."""
        kept = self.pairs[claim]
        for score, rep in scored:
            if score >= self.suggest_from:
                heapq.heappush(kept, (score, -rep))
                if len(kept) > KEPT_PAIRS:
                    heapq.heappop(kept)

    def rep_scores(self, profile: Profile, group: _Group) -> list[tuple[float, int]]:
        """Similarity to each representative; when the first is below the suggestion
        cut-off, the others (which resemble it) are not scored."""
        first = group.reps[0]
        pairs = [(similarity(profile, self.profiles[first]), first)]
        if pairs[0][0] >= self.suggest_from or group.editor:
            pairs += [(similarity(profile, self.profiles[r]), r) for r in group.reps[1:]]
        return pairs

    def place_source(self, claims: list[int]) -> None:
        """Place one source's claims: best offers first, one claim per group."""
        offers, scored = [], []
        for claim in claims:
            profile = self.profiles[claim]
            for gid in self.candidates(profile.probe, profile.weights):
                if self.admissible(claim, gid):
                    group = self.groups[gid]
                    pairs = self.rep_scores(profile, group)
                    scored.append((claim, gid, pairs))
                    score = max(pairs)[0] if group.editor else sum(p[0] for p in pairs) / len(pairs)
                    if score >= self.threshold:
                        offers.append((-score, claim, gid))
                    if score >= CLEAR_MATCH:
                        break  # a claim this clearly placed is not one to look further for
        self.note_contested(offers)
        taken: set[int] = set()
        for negative, claim, gid in sorted(offers):
            if self.group_of[claim] < 0 and gid not in taken:
                self.join(claim, gid)
                taken.add(gid)
        for claim, gid, pairs in scored if self.final else ():
            if self.group_of[claim] != gid:
                self.keep_pairs(claim, pairs)
        for claim in claims:
            if self.group_of[claim] < 0:
                self.new_group(claim)

    def note_contested(self, offers: list[tuple[float, int, int]]) -> None:
        """Remember the claims that several groups wanted while one of them was still
        forming (its representatives, and so its score, could change)."""
        offered: dict[int, list[int]] = defaultdict(list)
        for _, claim, gid in offers:
            offered[claim].append(gid)
        for claim, groups in offered.items():
            if len(groups) > 1 and any(len(self.groups[g].reps) < REPRESENTATIVES for g in groups):
                self.contested.add(claim)

    # merging the groups that the source order kept apart

    def mergeable(self, gid: int, other: int) -> bool:
        a, b = self.groups[gid], self.groups[other]
        if not b.members or a.sources & b.sources:
            return False
        return not self.apart or not any(self.apart[i].intersection(b.members)
                                         for i in a.members if i in self.apart)

    def merge_pass(self, active: set[int] | None) -> int:
        """Merge source-disjoint groups whose members match; each group once a pass."""
        offers = []
        for gid in range(len(self.groups)) if active is None else sorted(active):
            group = self.groups[gid]
            if not group.members:
                continue
            probe = {t: self.profiles[r].weights[t] for r in group.reps
                     for t in self.profiles[r].probe}
            def allowed(other: int, gid: int = gid) -> bool:  # each pair from one side
                return other > gid or other != gid and active is not None and other not in active

            for other in self.candidates(sorted(probe), probe, allowed):
                if self.mergeable(gid, other):
                    score = self.score_against(group.reps, group.editor, other)
                    if score >= self.threshold:
                        offers.append((-score, gid, other))
        merged: set[int] = set()
        for negative, gid, other in sorted(offers):
            if gid not in merged and other not in merged:
                self.merge(gid, other)
                merged |= {gid, other}
        return len(merged)

    def merge(self, gid: int, other: int) -> None:
        keep, gone = self.groups[gid], self.groups[other]
        self.changed.add(gid)
        keep.editor |= gone.editor
        keep.sources |= gone.sources
        for claim in gone.members:
            keep.members.append(claim)
            self.group_of[claim] = gid
        for claim in gone.reps:
            if len(keep.reps) < REPRESENTATIVES:
                keep.reps.append(claim)
                self.index(gid, claim)
        gone.members, gone.reps, gone.sources = [], [], set()

    # moving claims that the source order put in a worse group

    def reassign_pass(self) -> int:
        """Move each contested claim to a group it matches clearly better than its own."""
        moved = 0
        contested, self.contested = sorted(self.contested), set()
        for claim in contested:
            profile, gid = self.profiles[claim], self.group_of[claim]
            if self.groups[gid].editor:
                continue  # an editor's group keeps its members
            here = self.score_against([claim], False, gid) if len(self.groups[gid].members) > 1 \
                else 0.0
            floor, best, target = max(here + REASSIGN_MARGIN, self.threshold), -1.0, gid
            for other in self.candidates(profile.probe, profile.weights):
                if other != gid and self.admissible(claim, other):
                    score = self.score_against([claim], False, other)
                    if score >= floor and score > best:
                        best, target = score, other
            if target != gid:
                self.move(claim, gid, target)
                moved += 1
        return moved

    def move(self, claim: int, gid: int, other: int) -> None:
        self.changed |= {gid, other}
        group = self.groups[gid]
        group.members.remove(claim)
        group.sources.discard(self.members[claim].source)
        if claim in group.reps:
            group.reps.remove(claim)
            for member in group.members:
                if member not in group.reps and len(group.reps) < REPRESENTATIVES:
                    group.reps.append(member)
                    self.index(gid, member)
        self.join(claim, other)

    # results

    def cohesion(self, group: _Group) -> float:
        """The group's score: the mean similarity of its members to its representatives."""
        scores = [similarity(self.profiles[claim], self.profiles[rep])
                  for claim in group.members for rep in group.reps if rep != claim]
        return sum(scores) / len(scores)

    def suggestions(self) -> list[Suggestion]:
        """Each claim's best candidates, in rounds (every claim's best, then every claim's
        second best, ...), strongest first within a round; one pair per (claim, other
        group), at most three pairs per claim."""
        keys = [m.key for m in self.members]
        rank = {i: r for r, i in enumerate(sorted(range(len(keys)), key=keys.__getitem__))}
        options: dict[int, set[tuple[float, int, int]]] = defaultdict(set)
        for claim, kept in enumerate(self.pairs):
            for score, negative_other in kept:
                other = -negative_other
                if self.group_of[claim] != self.group_of[other] \
                        and other not in self.apart.get(claim, ()):
                    options[claim].add((-score, rank[other], other))
                    options[other].add((-score, rank[claim], claim))
        ranked = {claim: sorted(found) for claim, found in options.items()}
        count: dict[int, int] = defaultdict(int)
        linked: set[tuple[int, int]] = set()  # (claim, group) already suggested
        chosen = []
        for depth in range(KEPT_PAIRS):
            round_ = sorted((negative, *sorted(((rank[claim], claim), (other_rank, other))))
                            for claim, found in ranked.items()
                            if depth < len(found) and count[claim] < MAX_SUGGESTIONS
                            for negative, other_rank, other in (found[depth],))
            for negative, (_, a), (_, b) in round_:
                group_a, group_b = self.group_of[a], self.group_of[b]
                if (a, group_b) in linked or (b, group_a) in linked:
                    continue
                if count[a] < MAX_SUGGESTIONS and count[b] < MAX_SUGGESTIONS:
                    count[a] += 1
                    count[b] += 1
                    linked |= {(a, group_b), (b, group_a)}
                    chosen.append(Suggestion(members=(keys[a], keys[b]),
                                             score=round(-negative, 1)))
        return sorted(chosen, key=lambda s: (-s.score, s.members))


def align(members: Iterable[Member], *, threshold: float = DEFAULT_THRESHOLD,
          links: Links | None = None, suggest_from: float = SUGGEST_FROM,
          on_groups: Callable[[list[tuple[Member, ...]]], None] | None = None,
          read: Callable[[list[str]], list] = read_texts) -> Alignment:
    """Group the claims of one story; suggest the pairs left apart that may still match.

    ``links`` holds the editor's ``same_as`` / ``not_same_as`` pairs of claim keys
    (any object with those two attributes, such as ``compare.EditorLinks``).
    ``on_groups``, when given, gets the groups' members as soon as they are final, in
    the order of ``Alignment.groups``: :func:`crosscheck.compare.compare_story` starts
    judging them while the scores and suggestions are worked out.  ``read`` reads the claim
    texts (:func:`read_texts`); compare_story shares that work with its reader process.

    >>> from crosscheck.records import Member
    >>> def claim(source, text):
    ...     return Member(source=source, claim="c", text=text, register="wire",
    ...                   register_from="source")
    >>> result = align([claim("b", "Dushanbe hosted the summit on Thursday."),
    ...                 claim("a", "The summit was held in Dushanbe on Thursday."),
    ...                 claim("c", "Trade grew by 4% in the first half.")])
    >>> [([m.source for m in g.members], g.score) for g in result.groups]
    [(['a', 'b'], 100.0), (['c'], None)]
    """
    links = links or Links()
    unique = {m.key: m for m in sorted(members, key=lambda m: (m.key, m.text, m.line))}
    ordered = sorted(unique.values(), key=lambda m: (m.source, m.claim))
    links = Links(frozenset(links.same_as), frozenset(links.not_same_as))
    claim_profiles = profiles([m.text for m in ordered], [m.speaker for m in ordered], read=read)
    learned = claim_profiles
    sample = learning_sample(ordered)
    for _ in range(LEARNING_ROUNDS):
        sampled = [learned[i] for i in sample]
        groups = _Aligner([ordered[i] for i in sample], links, threshold, suggest_from, sampled,
                          final=False, candidate_groups=ROUGH_CANDIDATE_GROUPS).run()
        learned = reweighted(claim_profiles, stability(groups, sampled))
    aligner = _Aligner(ordered, links, threshold, suggest_from, learned)
    aligner.run()
    return aligner.result(on_groups)


def learning_sample(members: Sequence[Member]) -> list[int]:
    """The claims the story's wording is learnt from: those of ``LEARN_FROM_SOURCES``
    sources, the ones with the most claims (then by id)."""
    claims: dict[str, int] = defaultdict(int)
    for member in members:
        claims[member.source] += 1
    chosen = set(sorted(claims, key=lambda s: (-claims[s], s))[:LEARN_FROM_SOURCES])
    return [i for i, member in enumerate(members) if member.source in chosen]


def stability(groups: Iterable[Sequence[int]], claim_profiles: Sequence[Profile]) -> dict[int, float]:
    """How steadily each token recurs in the groups it appears in, 0-1.

    A story's sources tell one proposition in many words, but its names, figures and
    topic stay: in the groups found so far, the words of a proposition's identity recur
    in nearly every member, while "hosted" / "was held in" / "was the venue for", or
    "commission" / "working group", each recur in a part.  A token's stability is the
    share of its group's members that have it, averaged over its occurrences in groups
    of at least ``STABLE_FROM`` members, and counted after ``STABILITY_PRIOR`` made-up
    occurrences with a share of 1: a token seen a few times keeps nearly its whole weight
    (small stories align as before), one seen hundreds of times gets what it shows.

    >>> p = profiles(["Tavrin was the venue.", "It was held in Tavrin.",
    ...               "Tavrin was the venue on Friday.", "Tavrin was the venue, they said."])
    >>> learned = stability([[0, 1, 2, 3]], p)
    >>> {p[0].words[t]: round(learned[t], 2) for t in sorted(learned)}
    {'frid': 0.81, 'hold': 0.81, 'tavrin': 1.0, 'ven': 0.88}
    """
    recurring: dict[int, float] = defaultdict(float)
    seen: dict[int, int] = defaultdict(int)
    for group in groups:
        if len(group) < STABLE_FROM:
            continue
        counts: dict[int, int] = defaultdict(int)
        for claim in group:
            for token in claim_profiles[claim].tokens:
                counts[token] += 1
        for token, count in counts.items():
            recurring[token] += count * count / len(group)
            seen[token] += count
    return {token: (recurring[token] + STABILITY_PRIOR) / (count + STABILITY_PRIOR)
            for token, count in seen.items()}


def reweighted(claim_profiles: list[Profile], stable: dict[int, float]) -> list[Profile]:
    """The profiles with each token's weight (IDF) scaled by its stability."""
    if not claim_profiles:
        return claim_profiles
    idf = claim_profiles[0].weights
    weights = [weight * stable.get(token, 1.0) for token, weight in enumerate(idf)]
    weight, rank = weights.__getitem__, _heaviest_first(weights)
    return [Profile(weights=weights, words=p.words, tokens=p.tokens, total=fsum(map(weight, p.tokens)),
                    names=p.names, facts=p.facts, speaker=p.speaker, fact_tokens=p.fact_tokens,
                    probe=_probe(p.tokens, rank))
            for p in claim_profiles]  # (dataclasses.replace took twice as long)


def _probe(tokens: Iterable[int], rank: list[int]) -> tuple[int, ...]:
    """A claim's ``PROBE_TOKENS`` heaviest tokens (``rank``: :func:`_heaviest_first`)."""
    return tuple(sorted(tokens, key=rank.__getitem__)[:PROBE_TOKENS])


def _heaviest_first(weights: Sequence[float]) -> list[int]:
    """Each token's rank by weight, heaviest first (then by number): a quick sort key."""
    rank = [0] * len(weights)
    for position, token in enumerate(sorted(range(len(weights)), key=lambda t: (-weights[t], t))):
        rank[token] = position
    return rank
