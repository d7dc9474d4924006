"""The ``markdown`` format: for pull-request comments and job summaries.

Per story a heading, the summary line and one pipe table, contradictions first
(the rest in report order).  Cell text is escaped so that a ``|`` or a ``<``
in a claim can never break the table.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from ..records import CONTRADICT, FRAMING, Group, StoryReport
from .view import (
    MAX_SOURCE_COLUMNS, REGISTER_TAGS, View, confirm_hint, coverage, marker, members_by_key,
    reason_lines, representative, same_as_line, source_markers, summary_text,
)

_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")


def escape(text: str) -> str:
    r"""Markdown-safe table cell text; line breaks become ``<br>``.

    >>> escape("a | b <i>\nc")
    'a \\| b \\<i\\><br>c'
    """
    return "<br>".join(_SPECIAL.sub(r"\\\1", line) for line in text.splitlines())


def render_markdown(reports: Sequence[StoryReport], *, view: View) -> str:
    blocks = [story_markdown(report, view) for report in reports]
    return "\n\n".join(blocks) + "\n" if blocks else ""


def story_markdown(report: StoryReport, view: View) -> str:
    lines = [f"### crosscheck: {escape(report.path)}", "", f"**{summary_text(report)}**"]
    groups = contradictions_first(view.groups(report))
    if groups:
        lines += ["", *table_lines(report, groups, view)]
    if view.shows_suggestions and report.suggestions:
        lines += ["", *suggestion_lines(report)]
    return "\n".join(lines)


def contradictions_first(groups: list[Group]) -> list[Group]:
    return sorted(groups, key=lambda group: group.status != CONTRADICT)


def table_lines(report: StoryReport, groups: list[Group], view: View) -> list[str]:
    """Two sources side by side, as in the terminal; more, one marker column per source
    (or, beyond ten, a coverage count) and the group's text."""
    ids = [source.id for source in report.sources]
    if len(ids) == 2:
        headers = ["", "status", f"`{ids[0]}`", f"`{ids[1]}`", "reason"]
        rows = [side_by_side_row(group, ids, view) for group in groups]
    else:
        wide = len(ids) > MAX_SOURCE_COLUMNS
        headers = ["", "status", *(["sources"] if wide else [f"`{i}`" for i in ids]),
                   "claim", "reason"]
        rows = [row(group, ids, view, wide=wide) for group in groups]
    return [pipe_row(headers), pipe_row(["---"] * len(headers)), *map(pipe_row, rows)]


def status_cells(group: Group, *, left: str | None = None) -> list[str]:
    status = f"**{group.status}**" if group.status == CONTRADICT else group.status
    return [f"`{marker(group, left=left)}`", status]


def side_by_side_row(group: Group, ids: list[str], view: View) -> list[str]:
    sides = [side_cell(group, source, view) for source in ids]
    return [*status_cells(group, left=ids[0]), *sides,
            escape("\n".join(reason_lines(group)))]


def side_cell(group: Group, source: str, view: View) -> str:
    """One source's claim: ``[w]`` or ``[a]``, its text, its note and, with quotes, its quote."""
    member = next((m for m in group.members if m.source == source), None)
    if member is None:
        return ""
    lines = [f"`{REGISTER_TAGS.get(member.register, member.register)}` {escape(member.text)}"]
    if member.note:
        lines.append(f"<sub>note: {escape(member.note)}</sub>")
    if view.quotes and member.quote:
        lines.append(f"<sub>“{escape(member.quote)}”</sub>")
    return "<br>".join(lines)


def row(group: Group, ids: list[str], view: View, *, wide: bool) -> list[str]:
    cells = status_cells(group)
    cells += [coverage(group, len(ids))] if wide else source_markers(group, ids)
    cells += [claim_cell(group, view), escape("\n".join(reason_lines(group, name_dissent=wide)))]
    return cells


def claim_cell(group: Group, view: View) -> str:
    """The group's text, then each member's register, note and, with quotes, quote.

    Where the wording matters (framing, contradict), the other members' texts too.
    """
    shown = representative(group)
    lines = [escape(shown.text)]
    for member in group.members:
        details = [f"{escape(member.source)} ({member.register})"]
        if member.text != shown.text and group.status in (CONTRADICT, FRAMING):
            details.append(escape(member.text))
        if member.note:
            details.append(f"note: {escape(member.note)}")
        if view.quotes and member.quote:
            details.append(f"“{escape(member.quote)}”")
        lines.append(f"<sub>{' · '.join(details)}</sub>")
    return "<br>".join(lines)


def pipe_row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def suggestion_lines(report: StoryReport) -> list[str]:
    members = members_by_key(report)
    lines = ["<details><summary>possible matches: confirm one by adding its "
             "<code>same_as</code> line</summary>", ""]
    for suggestion in report.suggestions:
        first, second = suggestion.members
        lines.append(f"- {suggestion.score:.1f} `{first}` / `{second}`: add "
                     f"`{same_as_line(suggestion)}` to `{first}` "
                     f"({escape(confirm_hint(suggestion, members))})")
    return lines + ["", "</details>"]
