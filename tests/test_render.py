"""Every report format on hand-built records (no aligner, no classifier needed)."""

from __future__ import annotations

import json
import re

import pytest
from wcwidth import wcswidth

from crosscheck.config import Settings
from crosscheck.records import Conflict, Group, Member, SourceInfo, StoryReport, Suggestion
from crosscheck.render import render_report
from crosscheck.render.github import command, escape_data, escape_property
from crosscheck.render.markdown import escape as markdown_escape
from crosscheck.render.view import display_width, fit_widths, wrap

ANSI = re.compile(r"\x1b\[[0-9;]*m")


# --- builders -----------------------------------------------------------------------------

def member(source: str, claim: str, text: str, *, register: str = "wire", line: int = 9,
           **extra) -> Member:
    return Member(source=source, claim=claim, text=text, register=register,
                  register_from=extra.pop("register_from", "source"),
                  file=f"claims/{source}.yaml", line=line, **extra)


def source(source_id: str, style: str = "wire", claims: int = 3) -> SourceInfo:
    return SourceInfo(id=source_id, outlet=source_id.title(), style=style,
                      file=f"claims/{source_id}.yaml", claims=claims)


def group(group_id: str, status: str, *members: Member, score: float | None = 85.0,
          conflicts: tuple[Conflict, ...] = (), reasons: tuple[str, ...] = ()) -> Group:
    if status == "unique":
        score = None
    return Group(id=group_id, status=status, score=score, decided_by="score",
                 members=members, conflicts=conflicts,
                 reasons=reasons or tuple(c.reason for c in conflicts))


WEEKDAY = Conflict(kind="weekday", dissent=("realist-english/summit-weekday",),
                   consensus=("analytical-review/summit-day",),
                   reason="weekday: Wednesday (realist-english) vs Thursday (analytical-review)")


def two_sources() -> StoryReport:
    left, right = "analytical-review", "realist-english"
    return StoryReport(
        path="claims",
        sources=(source(left, "analytical"), source(right)),
        groups=(
            group("g-trade", "framing",
                  member(left, "trade-45bn", "Trade has exceeded $45 billion.",
                         register="analytical", register_from="quote"),
                  member(right, "trade-2024", "Trade exceeded $45 billion last year.",
                         note="presented as continuing growth", quote="exceeded $45 billion"),
                  score=81.46, reasons=("register: analytical vs wire",)),
            group("g-day", "contradict",
                  member(left, "summit-day", "The summit took place on Thursday."),
                  member(right, "summit-weekday", "The summit took place on Wednesday.",
                         line=12),
                  conflicts=(WEEKDAY,)),
            group("g-china", "unique", member(left, "china-summit", "China held a summit.")),
            group("g-students", "unique",
                  member(right, "students", "212,000 students study in Russia.")),
        ),
        suggestions=(Suggestion(("analytical-review/china-summit", "realist-english/students"),
                                61.04),),
    )


def many_sources(count: int, *, text: str = "The summit was held in Dushanbe on Thursday.",
                 ) -> StoryReport:
    ids = [f"outlet-{chr(ord('a') + i)}" for i in range(count)]
    agree = group("g-agree", "agree", *(member(i, "held", text) for i in ids[:-2]))
    dissent = Conflict(kind="name", dissent=(f"{ids[-1]}/city",), consensus=(f"{ids[0]}/city",),
                       reason="place: Dushanbe vs Astana")
    clash = group("g-city", "contradict", member(ids[0], "city", "The summit met in Dushanbe."),
                  member(ids[-1], "city", "The summit met in Astana."), conflicts=(dissent,))
    alone = group("g-alone", "unique", member(ids[1], "extra", "Only one outlet says this."))
    return StoryReport(path="stories/many", sources=tuple(source(i) for i in ids),
                       groups=(agree, clash, alone))


def render(report: StoryReport | list[StoryReport], fmt: str = "table", *, color=False,
           quiet=False, **settings) -> str:
    reports = report if isinstance(report, list) else [report]
    return render_report(reports, fmt, settings=Settings(**settings), color=color, quiet=quiet)


def visible_widths(text: str) -> list[int]:
    return [wcswidth(ANSI.sub("", line)) for line in text.splitlines()]


# --- table: two sources ---------------------------------------------------------------------

def test_two_source_table_is_diff_style():
    assert render(two_sources()) == """\
claims: 2 sources, 6 claims, 4 groups
left (-) analytical-review, right (+) realist-english; [w] wire, [a] analytical
   analytical-review                  realist-english                     reason
-  ---------------------------------  ----------------------------------  --------------------------
~  [a] Trade has exceeded $45         [w] Trade exceeded $45 billion      register: analytical vs
   billion.                           last year.                          wire
                                      note: presented as continuing
                                      growth

!  [w] The summit took place on       [w] The summit took place on        weekday: Wednesday
   Thursday.                          Wednesday.                          (realist-english) vs
                                                                          Thursday
                                                                          (analytical-review)

-  [w] China held a summit.

+                                     [w] 212,000 students study in
                                      Russia.
summary: 0 agree, 1 framing, 1 contradict, 2 unique

possible matches: claims left apart that may state the same proposition;
to confirm one, add its same_as line to the claim above it
  analytical-review/china-summit (claims/analytical-review.yaml:9)
    China held a summit.
    61.0  same_as: [realist-english/students]
          212,000 students study in Russia.
"""


def test_possible_matches_are_listed_by_the_claim_that_takes_the_same_as_line():
    report = two_sources()
    more = (Suggestion(("analytical-review/china-summit", "realist-english/trade-2024"), 40.0),
            Suggestion(("analytical-review/trade-45bn", "realist-english/students"), 35.0))
    report = StoryReport(report.path, report.sources, report.groups,
                         report.suggestions + more)
    tail = render(report).split("possible matches")[1].splitlines()[2:]
    assert tail == [
        "  analytical-review/china-summit (claims/analytical-review.yaml:9)",
        "    China held a summit.",
        "    61.0  same_as: [realist-english/students]",
        "          212,000 students study in Russia.",
        "    40.0  same_as: [realist-english/trade-2024]",
        "          Trade exceeded $45 billion last year.",
        "  analytical-review/trade-45bn (claims/analytical-review.yaml:9)",
        "    Trade has exceeded $45 billion.",
        "    35.0  same_as: [realist-english/students]",
        "          212,000 students study in Russia.",
    ]


def test_quotes_are_shown_only_when_asked():
    assert "“exceeded $45 billion”" not in render(two_sources())
    assert "“exceeded $45 billion”" in render(two_sources(), quotes=True)


def test_only_filters_rows_but_the_summary_counts_every_group():
    shown = render(two_sources(), only=("unique",))
    assert "China held a summit." in shown and "Thursday" not in shown
    assert "summary: 0 agree, 1 framing, 1 contradict, 2 unique (shown: unique)" in shown
    assert "possible matches" in shown
    assert "possible matches" not in render(two_sources(), only=("contradict",))


def test_quiet_shows_only_contradictions_and_the_summary():
    lines = render(two_sources(), quiet=True).splitlines()
    assert lines[0].split() == ["analytical-review", "realist-english", "reason"]
    assert [line[:1] for line in lines[2:]] == ["!", " ", " ", " ", "s"]
    assert lines[-1] == "summary: 0 agree, 1 framing, 1 contradict, 2 unique (shown: contradict)"


def test_accepted_conflicts_are_shown_as_accepted_with_their_reason():
    report = two_sources()
    accepted = Conflict(**{**WEEKDAY.__dict__, "accepted": True,
                           "accepted_reason": "the wire article is a day late"})
    groups = tuple(g if g.id != "g-day" else Group(**{**g.__dict__, "conflicts": (accepted,)})
                   for g in report.groups)
    report = StoryReport(report.path, report.sources, groups, report.suggestions)
    table = render(report, color=True)
    assert "accepted: weekday:" in ANSI.sub("", table).replace("\n", " ")
    assert "the wire article is a day late" in " ".join(ANSI.sub("", table).split())
    assert "1 contradict (1 accepted)" in table
    assert "\x1b[31m" not in table  # accepted: no longer red


# --- table: colour, widths, scripts ---------------------------------------------------------

def test_colour_only_when_asked():
    assert "\x1b[" not in render(two_sources())
    coloured = render(two_sources(), color=True)
    assert "\x1b[31m!" in coloured  # contradict red
    assert "\x1b[33m~" in coloured  # framing yellow
    assert "\x1b[2m-" in coloured and "\x1b[2m+" in coloured  # unique dim
    assert ANSI.sub("", coloured) == render(two_sources())
    for fmt in ("markdown", "json", "github"):
        assert "\x1b[" not in render(two_sources(), fmt, color=True)


@pytest.mark.parametrize("text", [
    "Саммит «Центральная Азия — Россия» прошёл в Душанбе в четверг, 9 октября 2025 года.",
    "中亚—俄罗斯峰会于2025年10月9日星期四在杜尚别举行，五国元首出席并签署联合公报。",
    "Dushanbe hosted the second Central Asia – Russia summit, attended by all five heads of "
    "state, on Thursday, 9 October 2025, amid rising instability in the region.",
])
@pytest.mark.parametrize("count", [2, 3, 10, 12])
def test_every_layout_fits_a_100_column_terminal(text, count):
    report = many_sources(count, text=text) if count > 2 else _two_with(text)
    table = render(report, color=True, quotes=True)
    assert max(visible_widths(table)) <= 100


def _two_with(text: str) -> StoryReport:
    a, b = source("outlet-a"), source("outlet-b")
    return StoryReport("s", (a, b), (
        group("g1", "agree", member(a.id, "c", text, quote=text), member(b.id, "c", text)),
        group("g2", "unique", member(b.id, "d", text, note=text)),
    ))


@pytest.mark.parametrize("left_text", [
    "Саммит прошёл в Душанбе в четверг.",
    "峰会于星期四在杜尚别举行。",
    "Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ",
])
def test_wide_and_non_latin_text_keeps_columns_aligned(left_text):
    a, b = source("left-outlet"), source("right-outlet")
    report = StoryReport("s", (a, b), (
        group("g1", "agree", member(a.id, "c1", left_text), member(b.id, "c1", "RIGHT one")),
        group("g2", "agree", member(a.id, "c2", "plain"), member(b.id, "c2", "RIGHT two")),
    ))
    lines = render(report).splitlines()
    header = lines[2]
    column = display_width(header[: header.index("right-outlet")])
    starts = [display_width(line[: line.index("RIGHT")]) for line in lines if "RIGHT" in line]
    assert starts == [column + 4, column + 4]  # "[w] " then the text


def test_three_sources_get_one_marker_column_each():
    table = render(many_sources(4))
    lines = table.splitlines()
    assert lines[1:5] == [
        "  A outlet-a (Outlet-A; wire, 3 claims)",
        "  B outlet-b (Outlet-B; wire, 3 claims)",
        "  C outlet-c (Outlet-C; wire, 3 claims)",
        "  D outlet-d (Outlet-D; wire, 3 claims)",
    ]
    assert lines[5].startswith("A B C D  claim")
    rows = [line for line in lines if line[:7] in ("= = · ·", "! · · !", "· + · ·")]
    assert len(rows) == 3


def test_beyond_ten_sources_a_coverage_count_and_the_dissent_named():
    table = render(many_sources(12))
    assert re.search(r"^=\s+10/12\s+The summit was held", table, re.M)
    assert re.search(r"^!\s+2/12\s+The summit met in Dushanbe\.\s+place: Dushanbe vs Astana;"
                     r"\s+dissent: outlet-l", table, re.M)
    assert re.search(r"^\+\s+1/12\s+Only one outlet says this\.\s+only outlet-b", table, re.M)
    assert "sources: outlet-a, outlet-b," in table


def test_framing_without_a_reason_says_who_tells_it_how():
    a, b, c = source("a"), source("b"), source("c", "analytical")
    report = StoryReport("s", (a, b, c), (group(
        "g", "framing", member("a", "x", "T."), member("b", "x", "T."),
        member("c", "x", "T.", register="analytical")),))
    assert "register: analytical (c) vs wire (a, b)" in " ".join(render(report).split())


# --- markdown -----------------------------------------------------------------------------

def test_markdown_puts_contradictions_first_and_escapes_cells():
    report = two_sources()
    pipe = group("g-pipe", "agree", member("analytical-review", "p", "A | B <b>x</b>"),
                 member("realist-english", "p", "A | B"))
    report = StoryReport(report.path, report.sources, report.groups + (pipe,),
                         report.suggestions)
    text = render(report, "markdown")
    rows = [line for line in text.splitlines() if line.startswith("| `")]
    assert rows[0].startswith("| `!` | **contradict** |")
    assert r"A \| B \<b\>x\</b\>" in text
    assert all(row.count(" | ") == rows[0].count(" | ") for row in rows)
    assert "**1 agree, 1 framing, 1 contradict, 2 unique**" in text
    assert "`same_as: [realist-english/students]`" in text


def test_markdown_escape():
    assert markdown_escape("a|b\nc*d") == r"a\|b<br>c\*d"


def test_markdown_quiet_keeps_only_contradictions():
    rows = [line for line in render(two_sources(), "markdown", quiet=True).splitlines()
            if line.startswith("| `")]
    assert len(rows) == 1 and "contradict" in rows[0]


# --- json ---------------------------------------------------------------------------------

def test_json_follows_spec_section_5_key_for_key():
    text = render(two_sources(), "json")
    assert text.endswith("}\n") and text.startswith('{\n  "version": 1,\n  "stories": [')
    document = json.loads(text)
    assert list(document) == ["version", "stories"]
    story = document["stories"][0]
    assert list(story) == ["path", "sources", "groups", "suggestions", "summary"]
    assert story["sources"][0] == {"id": "analytical-review", "outlet": "Analytical-Review",
                                   "style": "analytical",
                                   "file": "claims/analytical-review.yaml", "claims": 3}
    framing, contradict, unique = story["groups"][0], story["groups"][1], story["groups"][2]
    assert list(framing) == ["id", "status", "score", "decided_by", "members", "conflicts",
                             "reasons"]
    assert framing["score"] == 81.5 and unique["score"] is None
    assert framing["members"][1] == {
        "source": "realist-english", "claim": "trade-2024",
        "text": "Trade exceeded $45 billion last year.", "quote": "exceeded $45 billion",
        "note": "presented as continuing growth", "register": "wire",
        "register_from": "source", "file": "claims/realist-english.yaml", "line": 9}
    assert contradict["conflicts"] == [{
        "kind": "weekday", "dissent": ["realist-english/summit-weekday"],
        "consensus": ["analytical-review/summit-day"], "reason": WEEKDAY.reason,
        "accepted": False}]
    assert contradict["reasons"] == [WEEKDAY.reason]
    assert story["suggestions"] == [{"members": ["analytical-review/china-summit",
                                                 "realist-english/students"], "score": 61.0}]
    assert story["summary"] == {"agree": 0, "framing": 1, "contradict": 1, "unique": 2}


def test_json_keeps_non_ascii_text_and_filters_with_only():
    report = many_sources(3, text="Саммит прошёл в Душанбе.")
    text = render(report, "json", only=("contradict",))
    assert "Саммит прошёл в Душанбе." not in text  # that group is filtered away
    assert "\\u" not in render(report, "json") and "Саммит" in render(report, "json")
    story = json.loads(text)["stories"][0]
    assert [g["status"] for g in story["groups"]] == ["contradict"]
    assert story["summary"] == {"agree": 1, "framing": 0, "contradict": 1, "unique": 1}


def test_json_ignores_quiet_and_colour():
    assert render(two_sources(), "json", quiet=True, color=True) == render(two_sources(), "json")


def test_json_of_no_story():
    assert render([], "json") == '{\n  "version": 1,\n  "stories": []\n}\n'


# --- github -------------------------------------------------------------------------------

def test_github_annotates_each_dissenting_claim_on_its_line():
    assert render(two_sources(), "github") == (
        "::warning file=claims/realist-english.yaml,line=12,title=crosscheck contradict::"
        "realist-english/summit-weekday: weekday: Wednesday (realist-english) vs Thursday "
        "(analytical-review)\n")


def test_github_annotates_at_most_ten_then_counts_the_rest():
    report = many_sources(3)
    clash = report.groups[1]
    groups = tuple(Group(**{**clash.__dict__, "id": f"g{i}"}) for i in range(13))
    text = render(StoryReport(report.path, report.sources, groups), "github")
    lines = text.splitlines()
    assert len(lines) == 11 and all(line.startswith("::warning ") for line in lines[:10])
    assert lines[10] == ("::notice title=crosscheck::"
                         "3 more dissenting claims not annotated (13 in all)")


def test_github_skips_accepted_conflicts():
    accepted = Conflict(**{**WEEKDAY.__dict__, "accepted": True})
    day = Group(**{**two_sources().groups[1].__dict__, "conflicts": (accepted,)})
    assert render(StoryReport("claims", two_sources().sources, (day,)), "github") == ""


def test_github_escaping():
    assert escape_data("50% done\r\nnext: a,b") == "50%25 done%0D%0Anext: a,b"
    assert escape_property("dir:a,b%/f.yaml") == "dir%3Aa%2Cb%25/f.yaml"
    assert command("warning", "x\ny", file="a,b.yaml", line=3, title="t: u") == (
        "::warning file=a%2Cb.yaml,line=3,title=t%3A u::x%0Ay")
    assert command("notice", "plain") == "::notice::plain"


# --- helpers ------------------------------------------------------------------------------

def test_wrap_counts_wide_characters_as_two_columns():
    assert [display_width(line) for line in wrap("峰会" * 10, 7)] == [6, 6, 6, 6, 6, 6, 4]
    assert wrap("a\n\nb", 5) == ["a", "", "b"]


def test_fit_widths_never_exceeds_what_is_available():
    for natural in ([5, 50, 80], [100, 100, 100], [1, 1, 1], [30, 30]):
        assert sum(fit_widths(natural, 90)) <= 90


def test_unknown_format_is_an_error():
    with pytest.raises(ValueError, match="unknown report format"):
        render(two_sources(), "yaml")
