"""The benchmark's exhaustive approach (benchmarks/bench.py): its sparse-matrix prefilter scores
exactly the pairs that the pure-Python double loop does, and its groupings are well formed.

Needs numpy and scipy (the ``bench`` extra); skipped without them.
"""

from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

import pytest

pytest.importorskip("numpy")
pytest.importorskip("scipy.sparse")

from crosscheck import align as A  # noqa: E402
from crosscheck.compare import members_of  # noqa: E402
from crosscheck.story import load_story  # noqa: E402

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module(name: str):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
    return sys.modules[name]


bench = _module("bench")
synth = _module("synth")


@pytest.fixture(scope="module")
def story(tmp_path_factory):
    """The benchmark's story at S = 10: 10 sources x 100 claims, seed 1; its claims in
    align()'s order, their profiles and sources."""
    outdir = tmp_path_factory.mktemp("bench-story")
    synth.write_story(synth.generate(sources=10, claims=100, seed=1), outdir)
    claims_dir, _gold = synth.story_paths(outdir)
    members = members_of(load_story(claims_dir))
    ordered = sorted({m.key: m for m in members}.values(), key=lambda m: (m.source, m.claim))
    profiles = A.profiles([m.text for m in ordered], [m.speaker for m in ordered])
    return ordered, profiles, [m.source for m in ordered]


@pytest.mark.parametrize("threshold, learned", [(50.0, False), (50.0, True), (20.0, False)])
def test_prefilter_scores_exactly_the_brute_force_pairs(story, threshold, learned):
    ordered, profiles, sources = story
    if learned:  # the weights of a learning round: every token's weight changed
        groups, _ = bench.exhaustive_groups(profiles, sources, threshold)
        profiles = A.reweighted(profiles, A.stability(groups, profiles))
    stats = {}
    # 37 rows a block: several blocks, the last one short
    pruned = bench.scored_pairs(profiles, sources, threshold, block_cells=37 * len(profiles),
                                stats=stats)
    assert pruned == bench.brute_force_pairs(profiles, sources, threshold)
    assert pruned and stats["scored"] < stats["pairs"] / 10  # it does prune


def test_exhaustive_groups_hold_each_claim_once_and_one_claim_per_source(story):
    ordered, _profiles, _sources = story
    alignment = bench.exhaustive_aligner(ordered, threshold=A.DEFAULT_THRESHOLD)
    keys = Counter(m.key for g in alignment.groups for m in g.members)
    assert sorted(keys) == sorted(m.key for m in ordered) and set(keys.values()) == {1}
    for group in alignment.groups:
        assert len({m.source for m in group.members}) == len(group.members)
        assert (group.score is None) == (len(group.members) == 1)
    assert sum(len(g.members) > 1 for g in alignment.groups) > 50


def test_the_exhaustive_aligner_reports_every_claim_through_compare_story(monkeypatch, tmp_path):
    from crosscheck.compare import compare_story
    from crosscheck.config import Settings

    synth.write_story(synth.generate(sources=3, claims=20, seed=1), tmp_path / "s3")
    claims_dir, _gold = synth.story_paths(tmp_path / "s3")
    story = load_story(claims_dir)
    monkeypatch.setattr(A, "align", bench.exhaustive_aligner)  # as the benchmark's child does
    report = compare_story(story, Settings(jobs=1))
    reported = sorted(m.key for group in report.groups for m in group.members)
    assert reported == sorted(m.key for m in members_of(story))
