"""The compare pipeline: parallel work gives the serial result."""

from pathlib import Path

from crosscheck import compare
from crosscheck.config import Settings
from crosscheck.story import load_story

DEVSET = Path(__file__).parent / "data" / "devset" / "claims"


def test_judging_in_workers_gives_the_serial_report(monkeypatch):
    story = load_story(DEVSET)
    serial = compare.compare_story(story, Settings(jobs=1))
    monkeypatch.setattr(compare, "PARALLEL_JUDGING_MIN_CLAIMS", 0)
    parallel = compare.compare_story(story, Settings(jobs=2))
    assert parallel == serial
    assert any(g.status == "contradict" for g in parallel.groups)
