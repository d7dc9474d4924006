"""Alignment and status quality of crosscheck against a gold standard.

Runs the real pipeline (``crosscheck.compare.compare_story``) on one story and
compares it with a ``gold.yaml`` (see tests/data/devset/README.md):

* pairwise alignment precision, recall and F1 (pairs under ``ambiguous_pairs``
  left out), and the share of missed gold pairs that the suggestions name;
* status accuracy, and recall and precision per status, counted per claim (a
  claim's status is its group's; a claim in no gold group is expected unique);
* the misses: false merges, missed pairs, wrong statuses.

``--aligner token-set`` swaps in a plain ``token_set_ratio`` matcher for
comparison.  A script, not a test::

    PYTHONPATH=src python scripts/quality.py [CLAIMS_DIR] [GOLD] [--threshold N]
"""

from __future__ import annotations

import argparse
import itertools
import sys
from dataclasses import dataclass
from pathlib import Path

from ruamel.yaml import YAML

from crosscheck import align as align_module
from crosscheck.config import Settings
from crosscheck.records import Suggestion
from crosscheck.story import load_story

STATUSES = ("agree", "framing", "contradict", "unique")
Pair = tuple[str, str]


@dataclass
class Gold:
    pairs: set[Pair]
    ambiguous: set[Pair]
    status: dict[str, tuple[str, ...]]  # claim key -> acceptable statuses


@dataclass
class Predicted:
    pairs: set[Pair]
    status: dict[str, str]
    suggestions: list[Suggestion]
    texts: dict[str, str]
    judge: str  # which classifier decided the statuses
    group_of: dict[str, int]  # claim key -> index of its predicted group


def pairs_of(keys) -> set[Pair]:
    return {tuple(sorted(p)) for p in itertools.combinations(keys, 2)}


def read_gold(path: Path) -> Gold:
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8")) or {}
    pairs, status = set(), {}
    for group in data.get("groups", []):
        pairs |= pairs_of(group["members"])
        for key in group["members"]:
            status[key] = tuple(group["status"])
    ambiguous = {tuple(sorted(p)) for p in data.get("ambiguous_pairs", []) or []}
    return Gold(pairs, ambiguous, status)


# --- running the pipeline ------------------------------------------------------------


def run(directory: Path, threshold: float) -> Predicted:
    story = load_story(directory)
    for problem in story.load_problems:
        print(f"warning: {problem.file}:{problem.line}: {problem.message}", file=sys.stderr)
    try:
        from crosscheck.compare import compare_story

        report = compare_story(story, Settings(threshold=threshold))
        groups = [(g.members, g.status) for g in report.groups]
        suggestions, judge = list(report.suggestions), "crosscheck.classify"
    except ImportError as missing:  # the classifier (or a stage it needs) is not there yet
        print(f"note: {missing}; statuses from a placeholder judge (unique / agree)",
              file=sys.stderr)
        groups, suggestions = _align_only(story, threshold)
        judge = "placeholder"
    predicted = Predicted(set(), {}, suggestions, {}, judge, {})
    for index, (members, status) in enumerate(groups):
        predicted.pairs |= pairs_of(m.key for m in members)
        for member in members:
            predicted.status[member.key] = status
            predicted.texts[member.key] = member.text
            predicted.group_of[member.key] = index
    return predicted


def _align_only(story, threshold):
    from crosscheck.compare import editor_links
    from crosscheck.records import Member

    members = [
        Member(source=f.model.source.id, claim=c.id, text=c.text, speaker=c.speaker,
               register=c.register_ or f.model.source.style, register_from="source")
        for f in story.good_files for c in f.model.claims
    ]
    result = align_module.align(members, threshold=threshold, links=editor_links(story))
    groups = [(g.members, "unique" if len(g.members) == 1 else "agree") for g in result.groups]
    return groups, list(result.suggestions)


def token_set_aligner(members, *, threshold=70.0, links=None, **_ignored):
    """The baseline: every cross-source pair scored with plain ``token_set_ratio``,
    then joined greedily, best pair first, one claim per source per group."""
    from rapidfuzz import fuzz, utils

    members = sorted(members, key=lambda m: (m.source, m.claim))
    texts = [utils.default_process(m.text) for m in members]
    scored = ((fuzz.token_set_ratio(texts[i], texts[j], processor=None, score_cutoff=threshold),
               i, j) for i, j in itertools.combinations(range(len(members)), 2)
              if members[i].source != members[j].source)
    pairs = sorted((-score, i, j) for score, i, j in scored if score)
    group = {i: [i] for i in range(len(members))}
    for _, i, j in pairs:
        if group[i] is not group[j] and not ({members[k].source for k in group[i]}
                                             & {members[k].source for k in group[j]}):
            merged = group[i] + group[j]
            for k in merged:
                group[k] = merged
    unique = {id(g): g for g in group.values()}.values()
    groups = tuple(align_module.AlignedGroup(
        tuple(members[k] for k in sorted(g)), None if len(g) == 1 else threshold, "score")
        for g in unique)
    return align_module.Alignment(groups, ())


# --- figures -------------------------------------------------------------------------


def ratio(part: int, whole: int) -> float:
    return part / whole if whole else 1.0


def alignment_figures(gold: Gold, predicted: Predicted) -> dict:
    truth = gold.pairs - gold.ambiguous
    found = predicted.pairs - gold.ambiguous
    hits = truth & found
    precision, recall = ratio(len(hits), len(found)), ratio(len(hits), len(truth))
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    missed = truth - found
    suggested = {tuple(sorted(s.members)) for s in predicted.suggestions}
    group = predicted.group_of
    linked = {frozenset((group[a], group[b])) for a, b in suggested}
    # Confirming a suggestion (same_as) puts the two claims' groups together, so a
    # suggestion between their groups also brings a missed pair together.
    through_groups = {(a, b) for a, b in missed if frozenset((group[a], group[b])) in linked}
    return {"precision": precision, "recall": recall, "f1": f1, "gold": len(truth),
            "found": len(found), "false": sorted(found - truth), "missed": sorted(missed),
            "named": len(missed & suggested), "suggested": suggested,
            "through_groups": through_groups}


def status_figures(gold: Gold, predicted: Predicted) -> dict:
    expected = {key: gold.status.get(key, ("unique",)) for key in predicted.status}
    wrong = sorted(k for k, s in predicted.status.items() if s not in expected[k])
    per_status = {}
    for status in STATUSES:
        truly = [k for k in expected if expected[k][0] == status]
        said = [k for k, s in predicted.status.items() if s == status]
        per_status[status] = (
            ratio(sum(predicted.status[k] in expected[k] for k in truly), len(truly)),
            ratio(sum(status in expected[k] for k in said), len(said)), len(truly), len(said))
    false_contradictions = [k for k in wrong if predicted.status[k] == "contradict"]
    return {"accuracy": ratio(len(expected) - len(wrong), len(expected)), "wrong": wrong,
            "per_status": per_status, "expected": expected,
            "false_contradictions": false_contradictions}


def report(gold: Gold, predicted: Predicted, aligner: str, threshold: float,
           show_misses: bool) -> None:
    a = alignment_figures(gold, predicted)
    s = status_figures(gold, predicted)
    missed = len(a["missed"])
    print(f"aligner {aligner}, threshold {threshold:g}; statuses by {predicted.judge}")
    print(f"pairs: gold {a['gold']}, found {a['found']} (ambiguous pairs left out)")
    print(f"precision {a['precision']:.3f}  recall {a['recall']:.3f}  F1 {a['f1']:.3f}")
    linked = len(a["through_groups"])
    print(f"suggestions name {linked} of {missed} missed gold pairs ({ratio(linked, missed):.0%}): "
          f"{a['named']} ({ratio(a['named'], missed):.0%}) as the pair itself, the others through "
          f"a pair between their groups; {len(predicted.suggestions)} suggestions")
    print(f"status accuracy {s['accuracy']:.3f} over {len(s['expected'])} claims; "
          f"false contradictions: {len(s['false_contradictions'])}")
    for status, (recall, precision, truly, said) in s["per_status"].items():
        print(f"  {status:<10} recall {recall:.3f} ({truly:>3})  precision {precision:.3f} ({said:>3})")
    if not show_misses:
        return
    texts = predicted.texts
    print("\nfalse merges:")
    for a_key, b_key in a["false"]:
        print(f"  {a_key} + {b_key}\n      {texts[a_key]}\n      {texts[b_key]}")
    print("\nmissed pairs (* named by a suggestion, + through their groups):")
    for a_key, b_key in a["missed"]:
        mark = "*" if (a_key, b_key) in a["suggested"] else \
            "+" if (a_key, b_key) in a["through_groups"] else " "
        print(f" {mark}{a_key} + {b_key}\n      {texts[a_key]}\n      {texts[b_key]}")
    print("\nwrong statuses:")
    for key in s["wrong"]:
        print(f"  {key}: {predicted.status[key]}, expected {'/'.join(s['expected'][key])}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("claims", nargs="?", default="tests/data/devset/claims", type=Path)
    parser.add_argument("gold", nargs="?", default="tests/data/devset/gold.yaml", type=Path)
    parser.add_argument("--threshold", type=float, help="match score cut-off (default: the "
                        f"aligner's, {align_module.DEFAULT_THRESHOLD:g}; token-set 70)")
    parser.add_argument("--aligner", choices=("crosscheck", "token-set"), default="crosscheck",
                        help="token-set: a plain token_set_ratio matcher, for comparison")
    parser.add_argument("--no-misses", action="store_true", help="print the figures only")
    args = parser.parse_args(argv)
    if args.aligner == "token-set":
        threshold = 70.0 if args.threshold is None else args.threshold
        align_module.align = token_set_aligner  # compare_story imports it when called
    else:
        threshold = align_module.DEFAULT_THRESHOLD if args.threshold is None else args.threshold
    gold = read_gold(args.gold)
    predicted = run(args.claims, threshold)
    report(gold, predicted, args.aligner, threshold, show_misses=not args.no_misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
