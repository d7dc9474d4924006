"""The baseline model: keys, matching, reasons kept, stale entries, reading and writing."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from pathlib import Path

import pytest

from crosscheck.baseline import (
    Baseline, BaselineError, Dissent, Entry, apply_baseline, baseline_changes, baseline_text,
    conflicts_found, new_conflicts, parse_baseline, read_baseline, updated_baseline,
    write_baseline,
)
from crosscheck.records import Conflict, Group, Member, SourceInfo, StoryReport

BUDGET_A = "The programme has a budget of $33 million."
BUDGET_B = "The programme has a budget of $33 billion."


def member(source: str, text: str, line: int = 5) -> Member:
    return Member(source=source, claim="budget", text=text, register="wire",
                  register_from="source", file=f"claims/{source}.yaml", line=line)


def story(tmp_path: Path, members: list[Member], dissent: list[str], *,
          name: str = "claims") -> StoryReport:
    """One story with one group; a quantity conflict when ``dissent`` names claims."""
    keys = sorted(m.key for m in members)
    conflicts = ()
    if dissent:
        consensus = tuple(k for k in keys if k not in dissent)
        conflicts = (Conflict(kind="quantity", dissent=tuple(sorted(dissent)),
                              consensus=consensus, reason="quantity: $33 million vs $33 billion"),)
    group = Group(id="g1", status="contradict" if conflicts else "agree", score=90.0,
                  decided_by="editor", members=tuple(members), conflicts=conflicts)
    sources = tuple(SourceInfo(id=m.source, outlet=m.source, style="wire", file=m.file, claims=1)
                    for m in sorted(members, key=lambda m: m.source))
    return StoryReport(path=str(tmp_path / name), sources=sources, groups=(group,))


def accepted_flags(reports: list[StoryReport]) -> list[bool]:
    return [c.accepted for r in reports for g in r.groups for c in g.conflicts]


@pytest.fixture
def two(tmp_path):
    """a says million, b says billion; a and c agree: b dissents."""
    return story(tmp_path, [member("a", BUDGET_A), member("b", BUDGET_B),
                            member("c", BUDGET_A)], ["b/budget"])


# --- keys -------------------------------------------------------------------------------------

def test_an_entry_is_keyed_by_story_kind_and_dissenting_claims_with_texts(tmp_path, two):
    [found] = conflicts_found([two], base=tmp_path)
    assert found.entry.story == "claims"
    assert found.entry.kind == "quantity"
    assert found.entry.dissent == (Dissent(claim="b/budget", text=BUDGET_B),)
    assert found.entry.consensus == ("a/budget", "c/budget")
    assert found.entry.conflict == "quantity: $33 million vs $33 billion"
    assert found.entry.key == ("claims", "quantity", (("b/budget", BUDGET_B),))


def test_the_fingerprint_follows_the_key_only():
    entry = Entry(story="claims", kind="quantity",
                  dissent=[Dissent(claim="b/budget", text=BUDGET_B)], consensus=["a/budget"])
    same = entry.model_copy(update={"consensus": ("a/budget", "c/budget"), "reason": "why"})
    edited = entry.model_copy(update={"dissent": (Dissent(claim="b/budget", text="x"),)})
    assert entry.fingerprint == same.fingerprint
    assert entry.fingerprint != edited.fingerprint
    assert len(entry.fingerprint) == 32


# --- matching ---------------------------------------------------------------------------------

def test_a_fresh_baseline_accepts_every_conflict(tmp_path, two):
    baseline = updated_baseline(Baseline.empty(), [two], base=tmp_path)
    marked, stale = apply_baseline([two], baseline, base=tmp_path)
    assert accepted_flags(marked) == [True]
    assert stale == []
    assert new_conflicts(marked) == []


def test_without_a_baseline_every_conflict_is_new(tmp_path, two):
    marked, stale = apply_baseline([two], Baseline.empty(), base=tmp_path)
    assert accepted_flags(marked) == [False]
    [(report, group, conflict)] = new_conflicts(marked)
    assert conflict.dissent == ("b/budget",)


def test_the_reason_a_person_wrote_is_carried_onto_the_conflict(tmp_path, two):
    baseline = with_reason(updated_baseline(Baseline.empty(), [two], base=tmp_path), "typo")
    marked, _ = apply_baseline([two], baseline, base=tmp_path)
    conflict = marked[0].groups[0].conflicts[0]
    assert (conflict.accepted, conflict.accepted_reason) == (True, "typo")


def test_editing_a_dissenting_claims_text_reopens_it(tmp_path, two):
    baseline = updated_baseline(Baseline.empty(), [two], base=tmp_path)
    edited = story(tmp_path, [member("a", BUDGET_A), member("b", BUDGET_B + " (2025)"),
                              member("c", BUDGET_A)], ["b/budget"])
    marked, stale = apply_baseline([edited], baseline, base=tmp_path)
    assert accepted_flags(marked) == [False]
    assert [e.dissent[0].text for e in stale] == [BUDGET_B]


def test_editing_a_consensus_claim_leaves_it_accepted(tmp_path, two):
    baseline = updated_baseline(Baseline.empty(), [two], base=tmp_path)
    edited = story(tmp_path, [member("a", BUDGET_A + " Officials said."), member("b", BUDGET_B),
                              member("c", BUDGET_A)], ["b/budget"])
    assert accepted_flags(apply_baseline([edited], baseline, base=tmp_path)[0]) == [True]


def test_a_source_that_joins_the_consensus_leaves_it_accepted(tmp_path, two):
    baseline = updated_baseline(Baseline.empty(), [two], base=tmp_path)
    joined = story(tmp_path, [member("a", BUDGET_A), member("b", BUDGET_B),
                              member("c", BUDGET_A), member("d", BUDGET_A)], ["b/budget"])
    marked, stale = apply_baseline([joined], baseline, base=tmp_path)
    assert accepted_flags(marked) == [True]
    assert stale == []


def test_a_source_that_joins_the_dissent_makes_it_new(tmp_path, two):
    baseline = updated_baseline(Baseline.empty(), [two], base=tmp_path)
    joined = story(tmp_path, [member("a", BUDGET_A), member("b", BUDGET_B),
                              member("c", BUDGET_A), member("e", BUDGET_B)],
                   ["b/budget", "e/budget"])
    marked, stale = apply_baseline([joined], baseline, base=tmp_path)
    assert accepted_flags(marked) == [False]
    assert [entry.dissent[0].claim for entry in stale] == ["b/budget"]


def test_a_dissenting_source_that_leaves_keeps_the_rest_accepted(tmp_path):
    both = story(tmp_path, [member("a", BUDGET_A), member("b", BUDGET_B),
                            member("c", BUDGET_A), member("e", BUDGET_B)],
                 ["b/budget", "e/budget"])
    baseline = updated_baseline(Baseline.empty(), [both], base=tmp_path)
    left = story(tmp_path, [member("a", BUDGET_A), member("b", BUDGET_B),
                            member("c", BUDGET_A)], ["b/budget"])
    marked, stale = apply_baseline([left], baseline, base=tmp_path)
    assert accepted_flags(marked) == [True]
    assert stale == []


def test_the_same_claims_in_another_story_are_another_conflict(tmp_path, two):
    baseline = updated_baseline(Baseline.empty(), [two], base=tmp_path)
    elsewhere = replace(two, path=str(tmp_path / "other-story"))
    assert accepted_flags(apply_baseline([elsewhere], baseline, base=tmp_path)[0]) == [False]


def test_an_entry_written_without_a_story_matches_in_any_story(tmp_path, two):
    hand_written = parse_baseline(json.dumps({"version": 1, "accepted": [{
        "kind": "quantity", "dissent": [{"claim": "b/budget", "text": BUDGET_B}]}]}).encode())
    elsewhere = replace(two, path=str(tmp_path / "other-story"))
    assert accepted_flags(apply_baseline([elsewhere], hand_written, base=tmp_path)[0]) == [True]


# --- stale entries and regeneration ---------------------------------------------------------

def test_an_entry_written_without_a_story_for_other_sources_is_kept(tmp_path, two):
    hand_written = parse_baseline(json.dumps({"version": 1, "accepted": [{
        "kind": "quantity", "dissent": [{"claim": "zz/budget", "text": BUDGET_B}],
        "reason": "checked with the desk"}]}).encode())
    _marked, stale = apply_baseline([two], hand_written, base=tmp_path)
    assert stale == []
    again = updated_baseline(hand_written, [two], base=tmp_path)
    assert [e.reason for e in again.accepted if e.story is None] == ["checked with the desk"]


def test_an_entry_whose_conflict_is_gone_is_stale(tmp_path, two):
    baseline = updated_baseline(Baseline.empty(), [two], base=tmp_path)
    fixed = story(tmp_path, [member("a", BUDGET_A), member("b", BUDGET_A),
                             member("c", BUDGET_A)], [])
    marked, stale = apply_baseline([fixed], baseline, base=tmp_path)
    assert [entry.key for entry in stale] == [baseline.accepted[0].key]


def test_entries_of_stories_not_checked_are_neither_stale_nor_dropped(tmp_path, two):
    other = story(tmp_path, [member("x", BUDGET_A), member("y", BUDGET_B)], ["y/budget"],
                  name="other")
    baseline = updated_baseline(Baseline.empty(), [two, other], base=tmp_path)
    assert len(baseline.accepted) == 2
    _marked, stale = apply_baseline([two], baseline, base=tmp_path)
    assert stale == []
    again = updated_baseline(baseline, [two], base=tmp_path)
    assert [e.story for e in again.accepted] == ["claims", "other"]


def test_reasons_survive_regeneration_stale_entries_go_new_ones_come(tmp_path, two):
    first = with_reason(updated_baseline(Baseline.empty(), [two], base=tmp_path), "b misread")
    gone = first.accepted[0].model_copy(update={
        "dissent": (Dissent(claim="z/old", text="gone"),), "reason": "old"})
    first = first.model_copy(update={"accepted": (*first.accepted, gone)})
    other = story(tmp_path, [member("x", BUDGET_A), member("y", BUDGET_B)], ["y/budget"],
                  name="claims2")
    second = updated_baseline(first, [two, other], base=tmp_path)
    assert [(e.story, e.dissent[0].claim, e.reason) for e in second.accepted] == [
        ("claims", "b/budget", "b misread"), ("claims2", "y/budget", None)]
    added, dropped = baseline_changes(first, second)
    assert [e.dissent[0].claim for e in added] == ["y/budget"]
    assert [e.dissent[0].claim for e in dropped] == ["z/old"]


def test_a_reason_survives_a_source_joining_the_consensus(tmp_path, two):
    first = with_reason(updated_baseline(Baseline.empty(), [two], base=tmp_path), "b misread")
    joined = story(tmp_path, [member("a", BUDGET_A), member("b", BUDGET_B),
                              member("c", BUDGET_A), member("d", BUDGET_A)], ["b/budget"])
    second = updated_baseline(first, [joined], base=tmp_path)
    assert [(e.consensus, e.reason) for e in second.accepted] == [
        (("a/budget", "c/budget", "d/budget"), "b misread")]


def with_reason(baseline: Baseline, reason: str) -> Baseline:
    entries = tuple(e.model_copy(update={"reason": reason}) for e in baseline.accepted)
    return baseline.model_copy(update={"accepted": entries})


# --- the file ---------------------------------------------------------------------------------

def test_the_file_is_sorted_indented_utf8_with_a_final_newline(tmp_path, two):
    other = story(tmp_path, [member("a", "Бюджет — 33 млн долларов."), member("b", BUDGET_B)],
                  ["a/budget"], name="a-story")
    baseline = updated_baseline(Baseline.empty(), [two, other], base=tmp_path)
    text = baseline_text(baseline)
    assert text.endswith("}\n") and "\n  \"accepted\": [\n    {\n" in text
    assert "Бюджет — 33 млн" in text  # ensure_ascii=False
    document = json.loads(text)
    assert [e["story"] for e in document["accepted"]] == ["a-story", "claims"]
    assert list(document["accepted"][0]) == ["story", "kind", "dissent", "consensus", "conflict",
                                             "reason"]
    assert document["accepted"][0]["reason"] == ""
    assert parse_baseline(text.encode()) == baseline


def test_writing_replaces_the_file_and_leaves_no_temporary_file(tmp_path, two):
    path = tmp_path / "crosscheck-baseline.json"
    baseline = updated_baseline(Baseline.empty(), [two], base=tmp_path)
    assert write_baseline(path, baseline) is True
    assert read_baseline(path) == baseline
    assert write_baseline(path, baseline) is False  # the same bytes: not rewritten
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crosscheck-baseline.json"]


def test_a_failed_write_leaves_the_old_file_and_no_temporary_file(tmp_path, two, monkeypatch):
    path = tmp_path / "crosscheck-baseline.json"
    path.write_text(baseline_text(Baseline.empty()), encoding="utf-8")
    before = path.read_bytes()

    def full_disk(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError):
        write_baseline(path, updated_baseline(Baseline.empty(), [two], base=tmp_path))
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["crosscheck-baseline.json"]


def test_the_files_permissions_are_kept(tmp_path, two):
    path = tmp_path / "crosscheck-baseline.json"
    path.write_text(baseline_text(Baseline.empty()), encoding="utf-8")
    path.chmod(0o640)
    write_baseline(path, updated_baseline(Baseline.empty(), [two], base=tmp_path))
    assert path.stat().st_mode & 0o777 == 0o640


def test_a_missing_baseline_is_empty(tmp_path):
    assert read_baseline(tmp_path / "none.json") == Baseline.empty()
    with pytest.raises(BaselineError):
        read_baseline(tmp_path / "none.json", missing_ok=False)


GOOD_ENTRY = '{"kind": "quantity", "dissent": [{"claim": "b/budget", "text": "t"}]}'


@pytest.mark.parametrize("text, line, words", [
    ('{\n  "version": 1,\n  "accepted": [\n    {"kind": "quan', 4, "not valid JSON"),
    ("", 1, "empty"),
    ("[]", 1, "the top level: must be an object"),
    ('{"accepted": []}', 1, "version: required key missing"),
    ('{"version": "1", "accepted": []}', 1, "version: must be the number 1"),
    ('{"version": true, "accepted": []}', 1, "version: must be the number 1"),
    ('{"version": 1,\n "accepted": [\n' + GOOD_ENTRY + ',\n {"kind": "size",\n'
     ' "dissent": [{"claim": "b/x", "text": "t"}]}]}', 4, "accepted.1.kind: must be one of"),
    ('{"version": 1, "accepted": [\n{"kind": "quantity",\n "dissent": [\n  {"claim": "b/x"}]}]}',
     4, "accepted.0.dissent.0.text: required key missing"),
    ('{"version": 1, "accepted": [{"kind": "quantity", "dissent": []}]}', 1, "must not be empty"),
    ('{"version": 1, "accepted": [{"kind": "quantity",\n "dissent": [{"claim": "budget",'
     ' "text": "t"}]}]}', 2, "must name a claim as source-id/claim-id"),
    ('{"version": 1, "accepted": [\n' + GOOD_ENTRY[:-1] + ',\n "reson": "x"}]}', 3,
     "accepted.0.reson: unknown key"),
    ('{"version": 1, "accepted": [\n' + GOOD_ENTRY[:-1] + ',\n "reason": "a",\n "reason": "b"}]}',
     4, "duplicate key 'reason'"),
    ('{"version": 1, "accepted": [' + GOOD_ENTRY[:-1] + ', "reason": 3}]}', 1,
     "accepted.0.reason: must be a string, not a number"),
])
def test_a_broken_baseline_is_an_error_with_file_and_line(tmp_path, text, line, words):
    path = tmp_path / "crosscheck-baseline.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BaselineError) as caught:
        read_baseline(path)
    assert caught.value.line == line
    assert words in caught.value.message
    assert str(caught.value).startswith(f"{path.as_posix()}:{line}: ")


def test_a_blank_reason_is_no_reason():
    baseline = parse_baseline(('{"version": 1, "accepted": [' + GOOD_ENTRY[:-1]
                               + ', "reason": "  "}]}').encode())
    assert baseline.accepted[0].reason is None
