"""The ``table`` format: a diff-style consistency report for a terminal.

Three layouts, by the number of sources in the story:

* two sources -- the two claims side by side, a marker between ``=``, ``~``, ``!``
  and ``-``/``+`` (unique to the left/right source), each claim tagged ``[w]``
  (wire) or ``[a]`` (analytical);
* three to ten -- one narrow marker column per source (``·`` where the source has
  no claim in the group), the claim text and the reason;
* more -- a coverage count (``7/23``) instead, and the dissenting sources named.

The layout is done here rather than by tabulate: wrapping with wcwidth (CJK
characters take two columns), colouring whole rows and separating multi-line
rows all need to know where each row starts.  Every line fits ``width`` columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..records import (
    CONTRADICT, FRAMING, UNIQUE, Group, Member, SourceInfo, StoryReport, Suggestion,
)
from .view import (
    MAX_SOURCE_COLUMNS, REGISTER_TAGS, View, confirm_hint, coverage, display_width, fit_widths,
    fully_accepted, marker, members_by_key, reason_lines, representative, same_as_line, shorten,
    source_markers, summary_text, wrap,
)

DEFAULT_WIDTH = 100
GAP = "  "
_RED, _YELLOW, _DIM, _RESET = "\x1b[31m", "\x1b[33m", "\x1b[2m", "\x1b[0m"


@dataclass(frozen=True)
class Column:
    header: str
    cells: list[str]
    flexible: bool = True  # wrapped to share the width; else kept at its natural width
    limit: int | None = None  # at most this wide, so that claims get the room


def render_table(reports: Sequence[StoryReport], *, view: View, color: bool = False,
                 width: int = DEFAULT_WIDTH) -> str:
    """Every story's table, its summary line and its possible matches."""
    blocks = [story_block(report, view=view, color=color, width=width) for report in reports]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def story_block(report: StoryReport, *, view: View, color: bool, width: int) -> str:
    groups = view.groups(report)
    lines = [] if view.quiet else title_lines(report, width)
    if groups:
        columns = story_columns(report, groups, view)
        styles = [row_style(group) if color else "" for group in groups]
        lines += layout(columns, styles, width=width)
    elif not view.quiet:
        lines.append("(no group to show)")
    lines.append(summary_line(report, view))
    if view.shows_suggestions and report.suggestions:
        lines += possible_matches(report, width)
    return "\n".join(lines)


def story_columns(report: StoryReport, groups: list[Group], view: View) -> list[Column]:
    if len(report.sources) == 2:
        return two_source_columns(report.sources, groups, view)
    if len(report.sources) <= MAX_SOURCE_COLUMNS:
        return source_columns(report.sources, groups, view)
    return coverage_columns(report.sources, groups, view)


# --- the three layouts --------------------------------------------------------------------

def two_source_columns(sources: Sequence[SourceInfo], groups: list[Group],
                       view: View) -> list[Column]:
    left, right = sources[0].id, sources[1].id
    return [
        Column("", [marker(group, left=left) for group in groups], flexible=False),
        Column(left, [side_cell(group, left, view) for group in groups]),
        Column(right, [side_cell(group, right, view) for group in groups]),
        Column("reason", ["\n".join(reason_lines(group)) for group in groups], limit=26),
    ]


def side_cell(group: Group, source: str, view: View) -> str:
    """One source's claim in the group, tagged with its register; empty when it has none."""
    member = next((m for m in group.members if m.source == source), None)
    if member is None:
        return ""
    lines = [f"{REGISTER_TAGS.get(member.register, member.register)} {member.text}"]
    if member.note:
        lines.append(f"note: {member.note}")
    if view.quotes and member.quote:
        lines.append(f"“{member.quote}”")
    return "\n".join(lines)


def source_columns(sources: Sequence[SourceInfo], groups: list[Group],
                   view: View) -> list[Column]:
    ids = [source.id for source in sources]
    return [
        Column(" ".join(source_letters(len(ids))),
               [" ".join(source_markers(group, ids)) for group in groups], flexible=False),
        Column("claim", [group_text(group, view) for group in groups]),
        Column("reason", ["\n".join(reason_lines(group)) for group in groups], limit=34),
    ]


def coverage_columns(sources: Sequence[SourceInfo], groups: list[Group],
                     view: View) -> list[Column]:
    return [
        Column("", [marker(group) for group in groups], flexible=False),
        Column("sources", [coverage(group, len(sources)) for group in groups], flexible=False),
        Column("claim", [group_text(group, view) for group in groups]),
        Column("reason", ["\n".join(wide_reason(group)) for group in groups], limit=34),
    ]


def wide_reason(group: Group) -> list[str]:
    """With too many sources for columns, the reason names who dissents or who alone says it."""
    if group.status == UNIQUE:
        return [f"only {group.members[0].source}"]
    return reason_lines(group, name_dissent=True)


def group_text(group: Group, view: View) -> str:
    """The text that stands for the group, then every member's note (and quote)."""
    lines = [representative(group).text]
    lines += [f"note ({m.source}): {m.note}" for m in group.members if m.note]
    if view.quotes:
        lines += [f"{m.source}: “{m.quote}”" for m in group.members if m.quote]
    return "\n".join(lines)


def source_letters(count: int) -> list[str]:
    return [chr(ord("A") + index) for index in range(count)]


# --- titles, summary, possible matches -----------------------------------------------------

def title_lines(report: StoryReport, width: int) -> list[str]:
    claims = sum(source.claims for source in report.sources)
    title = (f"{report.path}: {counted(len(report.sources), 'source')}, "
             f"{counted(claims, 'claim')}, {counted(len(report.groups), 'group')}")
    if len(report.sources) == 2:
        left, right = report.sources
        legend = f"left (-) {left.id}, right (+) {right.id}; [w] wire, [a] analytical"
        return wrap(title, width) + wrap(legend, width)
    if len(report.sources) <= MAX_SOURCE_COLUMNS:
        letters = source_letters(len(report.sources))
        return wrap(title, width) + ["  " + shorten(f"{letter}  {source_line(source)}", width - 2)
                                     for letter, source in zip(letters, report.sources)]
    return wrap(title, width) + wrap("sources: " + ", ".join(s.id for s in report.sources), width)


def source_line(source: SourceInfo) -> str:
    return f"{source.id} ({source.outlet}; {source.style}, {counted(source.claims, 'claim')})"


def counted(number: int, noun: str) -> str:
    """``1 claim``, ``2 claims``."""
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def summary_line(report: StoryReport, view: View) -> str:
    shown = f" (shown: {', '.join(view.only)})" if view.only else ""
    if view.quiet:
        shown = " (shown: contradict)"
    return f"summary: {summary_text(report)}{shown}"


def possible_matches(report: StoryReport, width: int) -> list[str]:
    """Suggestions by the claim that would take the ``same_as`` line, best first.

    Under each claim: its file and line, its text, then per candidate the score, the exact
    line to add and the candidate's text.
    """
    members = members_by_key(report)
    by_claim: dict[str, list[Suggestion]] = {}
    for suggestion in report.suggestions:
        by_claim.setdefault(suggestion.members[0], []).append(suggestion)
    lines = ["", "possible matches: claims left apart that may state the same proposition;",
             "to confirm one, add its same_as line to the claim above it"]
    for key, suggestions in by_claim.items():
        lines.append("  " + shorten(f"{key} ({confirm_hint(suggestions[0], members)})", width - 2))
        lines.append("    " + claim_text(members.get(key), width - 4))
        for suggestion in suggestions:
            lines.append(f"   {suggestion.score:5.1f}  {same_as_line(suggestion)}")
            lines.append("          " + claim_text(members.get(suggestion.members[1]),
                                                   width - 10))
    return lines


def claim_text(member: Member | None, width: int) -> str:
    return shorten(member.text, width) if member else "(claim not found)"


# --- layout -------------------------------------------------------------------------------

def layout(columns: list[Column], styles: list[str], *, width: int) -> list[str]:
    """Header, rule and rows; multi-line rows are set apart by a blank line."""
    widths = column_widths(columns, width)
    header = [wrap(column.header, w) for column, w in zip(columns, widths)]
    rows = [[wrap(column.cells[i], w) for column, w in zip(columns, widths)]
            for i in range(len(styles))]
    spaced = any(len(cell) > 1 for row in rows for cell in row)
    lines = join_cells(header, widths, "") + [GAP.join("-" * w for w in widths)]
    for index, (row, style) in enumerate(zip(rows, styles)):
        if spaced and index:
            lines.append("")
        lines += join_cells(row, widths, style)
    return lines


def column_widths(columns: list[Column], width: int) -> list[int]:
    natural = [min(max(natural_width(text) for text in (column.header, *column.cells)),
                   column.limit or width) for column in columns]
    fixed = sum(w for w, column in zip(natural, columns) if not column.flexible)
    flexible = [i for i, column in enumerate(columns) if column.flexible]
    available = width - fixed - len(GAP) * (len(columns) - 1)
    shares = fit_widths([natural[i] for i in flexible], available)
    widths = list(natural)
    for index, share in zip(flexible, shares):
        widths[index] = max(share, 1)
    return widths


def natural_width(text: str) -> int:
    return max((display_width(line) for line in text.splitlines()), default=0)


def join_cells(cells: list[list[str]], widths: list[int], style: str) -> list[str]:
    """Lines of one row: each cell padded to its column by display width, then styled."""
    height = max(len(cell) for cell in cells)
    lines = []
    for number in range(height):
        parts = [pad(cell[number] if number < len(cell) else "", w)
                 for cell, w in zip(cells, widths)]
        line = GAP.join(parts).rstrip()
        lines.append(f"{style}{line}{_RESET}" if style and line else line)
    return lines


def pad(text: str, width: int) -> str:
    return text + " " * max(width - display_width(text), 0)


def row_style(group: Group) -> str:
    """Contradictions red (unless accepted), framing yellow, unique dim, agreement plain."""
    if group.status == CONTRADICT:
        return "" if fully_accepted(group) else _RED
    return {FRAMING: _YELLOW, UNIQUE: _DIM}.get(group.status, "")
