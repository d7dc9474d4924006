"""The consistency report in every format: a registry of formatters by name.

Each formatter takes the story reports (records only) and a :class:`View` and
returns the text to print.  Adding a format is one function and one entry here.

What ``--only`` and ``-q`` do, per format:

* ``table`` and ``markdown`` -- ``--only`` keeps the statuses named; ``-q`` keeps only
  the contradictions and drops the titles and possible matches.  The summary line
  always counts every group.
* ``json`` -- ``--only`` filters ``groups`` (``summary`` still counts all); ``-q`` changes
  nothing, since a program wants the whole report.
* ``github`` -- annotates contradictions only, so both change nothing (an ``--only``
  without ``contradict`` annotates nothing).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..config import Settings
from ..records import StoryReport
from .github import render_github
from .jsonout import render_json
from .markdown import render_markdown
from .table import render_table
from .view import View

Formatter = Callable[..., str]


def _table(reports: Sequence[StoryReport], view: View, color: bool) -> str:
    return render_table(reports, view=view, color=color)


def _markdown(reports: Sequence[StoryReport], view: View, color: bool) -> str:
    return render_markdown(reports, view=view)


def _json(reports: Sequence[StoryReport], view: View, color: bool) -> str:
    return render_json(reports, view=view)


def _github(reports: Sequence[StoryReport], view: View, color: bool) -> str:
    return render_github(reports, view=view)


FORMATS: dict[str, Formatter] = {
    "table": _table,
    "markdown": _markdown,
    "json": _json,
    "github": _github,
}


def render_report(reports: Sequence[StoryReport], fmt: str = "table", *,
                  settings: Settings | None = None, color: bool = False,
                  quiet: bool = False) -> str:
    """The reports in format ``fmt``; colour only in ``table`` and only when ``color``.

    >>> render_report([], "json")
    '{\\n  "version": 1,\\n  "stories": []\\n}\\n'
    """
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown report format {fmt!r}; choose from "
                         f"{', '.join(FORMATS)}") from None
    return formatter(reports, view_of(settings or Settings(), quiet=quiet), color)


def view_of(settings: Settings, *, quiet: bool = False) -> View:
    return View(only=tuple(settings.only), quiet=quiet, quotes=settings.quotes)
