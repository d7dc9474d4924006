#!/usr/bin/env python3
"""The plain matcher the synthetic stories are calibrated against (issue 7: F1 0.4-0.6 at S = 13).

Every pair of claims from different sources is scored with ``rapidfuzz.fuzz.token_set_ratio``
(``processor=rapidfuzz.utils.default_process``); pairs are linked greedily by descending score into
groups that hold at most one claim per source; the cut-off is swept and the best pairwise F1 kept.
Pairwise F1 counts, over all unordered pairs of claims from different sources, the pairs that share
a predicted group against the pairs that share a gold group.

>>> pairwise_f1([["a/1", "b/1"], ["c/1"]], [["a/1", "b/1", "c/1"]])
(1.0, 0.3333333333333333, 0.5)

Command line (reads a story written by synth.py)::

    python benchmarks/baseline_token_set.py OUTDIR [OUTDIR ...]
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process


@dataclass(frozen=True)
class Point:
    """The greedy grouping's quality when every pair scoring at least ``cutoff`` is linked."""

    cutoff: float
    precision: float
    recall: float
    f1: float


def _f1(tp: int, predicted: int, gold: int) -> tuple[float, float, float]:
    precision = tp / predicted if predicted else 1.0
    recall = tp / gold if gold else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def _pairs_within(groups: Iterable[Sequence[str]]) -> int:
    return sum(len(group) * (len(group) - 1) // 2 for group in groups)


def pairwise_f1(predicted: Sequence[Sequence[str]], gold: Sequence[Sequence[str]]) -> tuple[float, float, float]:
    """Precision, recall and F1 of the same-group pairs of ``predicted`` against ``gold``.

    Groups list claims as ``source/claim``; claims in no group are singletons. Both sides hold at
    most one claim per source per group, so every counted pair is a cross-source pair.
    """
    label = {member: index for index, group in enumerate(gold) for member in group}
    tp = 0
    for group in predicted:
        counts = Counter(label[m] for m in group if m in label)
        tp += sum(n * (n - 1) // 2 for n in counts.values())
    return _f1(tp, _pairs_within(predicted), _pairs_within(gold))


def scored_pairs(texts: Sequence[str], sources: Sequence[str], *, score_cutoff: float) -> list[tuple[float, int, int]]:
    """Every cross-source pair (i < j) scoring at least ``score_cutoff``, best first."""
    pairs = []
    for i in range(len(texts) - 1):
        hits = process.extract(texts[i], texts[i + 1:], scorer=fuzz.token_set_ratio,
                               processor=default_process, score_cutoff=score_cutoff, limit=None)
        pairs += [(score, i, i + 1 + k) for _, score, k in hits if sources[i + 1 + k] != sources[i]]
    pairs.sort(key=lambda pair: (-pair[0], pair[1], pair[2]))
    return pairs


def sweep(pairs: Sequence[tuple[float, int, int]], sources: Sequence[str],
          labels: Sequence[int | None]) -> list[Point]:
    """Link ``pairs`` greedily, best first, one claim per source per group; a Point per cut-off.

    The grouping at cut-off t is the greedy pass over the pairs scoring >= t, so one pass over
    the sorted pairs gives every cut-off: merging two groups adds |A| x |B| predicted pairs, of
    which the true ones are those whose two claims share a gold label.
    """
    n = len(sources)
    parent = list(range(n))
    owners = [{source} for source in sources]
    tally = [Counter() if label is None else Counter({label: 1}) for label in labels]
    gold = sum(c * (c - 1) // 2 for c in Counter(x for x in labels if x is not None).values())
    predicted = tp = 0
    points = []

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for index, (score, i, j) in enumerate(pairs):
        a, b = find(i), find(j)
        if a != b and owners[a].isdisjoint(owners[b]):
            if len(owners[a]) < len(owners[b]):
                a, b = b, a
            predicted += len(owners[a]) * len(owners[b])
            tp += sum(count * tally[a][label] for label, count in tally[b].items())
            parent[b] = a
            owners[a] |= owners[b]
            tally[a].update(tally[b])
        if index + 1 == len(pairs) or pairs[index + 1][0] != score:
            points.append(Point(score, *_f1(tp, predicted, gold)))
    return points


def load_story(outdir: Path) -> tuple[list[str], list[str], list[int | None]]:
    """Texts, source ids and gold group labels (None: unique) of a story written by synth.py."""
    from ruamel.yaml import YAML

    from crosscheck.loader import load_file

    texts, sources, refs = [], [], []
    for path in sorted((outdir / "claims").glob("*.yaml")):
        loaded = load_file(path)
        if loaded.problems or loaded.model is None:
            raise ValueError(f"{path}: {loaded.problems[:3]}")
        for claim in loaded.model.claims:
            texts.append(claim.text)
            sources.append(loaded.model.source.id)
            refs.append(f"{loaded.model.source.id}/{claim.id}")
    gold = YAML(typ="safe").load((outdir / "gold.yaml").read_text(encoding="utf-8"))
    label = {member: index for index, group in enumerate(gold["groups"] or []) for member in group["members"]}
    return texts, sources, [label.get(ref) for ref in refs]


def best(points: Sequence[Point]) -> Point:
    """The cut-off with the highest F1 (the highest cut-off among equals)."""
    return max(points, key=lambda point: (point.f1, point.cutoff))


def evaluate(texts: Sequence[str], sources: Sequence[str], labels: Sequence[int | None], *,
             floor: float = 30.0) -> list[Point]:
    """Sweep every cut-off at or above ``floor``."""
    return sweep(scored_pairs(texts, sources, score_cutoff=floor), sources, labels)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="baseline_token_set.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("stories", nargs="+", type=Path, metavar="OUTDIR")
    args = parser.parse_args(argv)
    for outdir in args.stories:
        start = time.perf_counter()
        texts, sources, labels = load_story(outdir)
        points = evaluate(texts, sources, labels)
        top = best(points)
        print(f"{outdir}: {len(texts)} claims, {len(set(sources))} sources; "
              f"token_set_ratio best cut-off {top.cutoff:.1f}: precision {top.precision:.3f}, "
              f"recall {top.recall:.3f}, F1 {top.f1:.3f} ({time.perf_counter() - start:.1f} s)")
        for cutoff in range(50, 101, 10):
            point = min((p for p in points if p.cutoff >= cutoff), key=lambda p: p.cutoff, default=None)
            if point:
                print(f"  cut-off {cutoff:>3}: P {point.precision:.3f}  R {point.recall:.3f}  F1 {point.f1:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
