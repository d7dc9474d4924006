"""The compare pipeline: parallel work gives the serial result."""

import gc
import multiprocessing
import os
from pathlib import Path

import pytest

from crosscheck import align, compare, facts, judging
from crosscheck.config import Settings
from crosscheck.story import load_story

DEVSET = Path(__file__).parent / "data" / "devset" / "claims"


def test_judging_in_workers_gives_the_serial_report(monkeypatch):
    story = load_story(DEVSET)
    serial = compare.compare_story(story, Settings(jobs=1))
    monkeypatch.setattr(judging, "PARALLEL_JUDGING_MIN_CLAIMS", 0)
    parallel = compare.compare_story(story, Settings(jobs=2))
    assert parallel == serial
    assert any(g.status == "contradict" for g in parallel.groups)


def test_a_big_story_is_judged_by_the_reader_not_the_main_process(monkeypatch):
    story = load_story(DEVSET)
    serial = compare.compare_story(story, Settings(jobs=1))
    main, real = os.getpid(), judging._judge

    def judge_elsewhere(*args):
        assert os.getpid() != main, "a group was judged in the main process"
        return real(*args)

    monkeypatch.setattr(judging, "PARALLEL_JUDGING_MIN_CLAIMS", 0)
    monkeypatch.setattr(judging, "_judge", judge_elsewhere)
    assert compare.compare_story(story, Settings(jobs=2)) == serial


def test_when_the_reader_fails_the_main_process_judges(monkeypatch):
    story = load_story(DEVSET)
    serial = compare.compare_story(story, Settings(jobs=1))

    def broken(*args, **kwargs):
        raise RuntimeError("the reader cannot read")

    monkeypatch.setattr(judging, "PARALLEL_JUDGING_MIN_CLAIMS", 0)
    monkeypatch.setattr(facts, "extract_facts", broken)  # the reader's; classify keeps its own
    assert compare.compare_story(story, Settings(jobs=2)) == serial
    assert not multiprocessing.active_children()


def test_an_error_while_aligning_stops_the_reader(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("alignment failed")

    monkeypatch.setattr(judging, "PARALLEL_JUDGING_MIN_CLAIMS", 0)
    monkeypatch.setattr(align, "align", broken)
    with pytest.raises(RuntimeError, match="alignment failed"):
        compare.compare_story(load_story(DEVSET), Settings(jobs=2))
    assert not multiprocessing.active_children()


def test_the_collector_runs_less_often_while_comparing_and_as_before_after(monkeypatch):
    during, real = [], compare.members_of

    def members_of(*args, **kwargs):
        during.append(gc.get_threshold())
        return real(*args, **kwargs)

    monkeypatch.setattr(compare, "members_of", members_of)
    before = gc.get_threshold()
    compare.compare_story(load_story(DEVSET))
    assert during[0][0] == max(before[0], compare.GC_EVERY_ALLOCATIONS) > before[0]
    assert gc.get_threshold() == before


def test_the_same_claims_give_the_same_bytes_under_any_hash_seed(tmp_path):
    """Set iteration order varies with PYTHONHASHSEED; scores must not (seed 40 once differed)."""
    import subprocess
    import sys

    repo = Path(__file__).parent.parent
    sys.path.insert(0, str(repo / "benchmarks"))
    import synth

    synth.write_story(synth.generate(sources=10, claims=30, seed=40), tmp_path / "s40")
    claims, _gold = synth.story_paths(tmp_path / "s40")
    outputs = {
        subprocess.run([sys.executable, "-m", "crosscheck", "report", "--format", "json",
                        str(claims)], capture_output=True, check=True,
                       env={"PYTHONHASHSEED": seed, "PYTHONPATH": str(repo / "src")}).stdout
        for seed in ("1", "2")}
    assert len(outputs) == 1
