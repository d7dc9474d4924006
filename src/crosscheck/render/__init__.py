"""Output formats: every formatter reads only the records of ``crosscheck.records``.

Three entry points, each dispatching to a registry of formats by name:

* :func:`render_problems` for lint problems (``crosscheck.render.problems``);
* :func:`render_report` for consistency reports (``crosscheck.render.report``);
* :func:`render_check` for ``crosscheck check`` (``crosscheck.render.check``).

The format modules are imported lazily, so ``crosscheck --help`` stays fast.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..check import CheckResult
    from ..config import Settings
    from ..records import Problem, StoryReport


def render_problems(problems: Iterable[Problem], fmt: str = "table", *, color: bool = False,
                    quiet: bool = False) -> str:
    """Lint problems in format ``fmt`` (``table``, ``json``, ``github``)."""
    from .problems import render_problems as render

    return render(problems, fmt, color=color, quiet=quiet)


def render_report(reports: Sequence[StoryReport], fmt: str = "table", *,
                  settings: Settings | None = None, color: bool = False,
                  quiet: bool = False) -> str:
    """Consistency reports in format ``fmt`` (``table``, ``markdown``, ``json``, ``github``)."""
    from .report import render_report as render

    return render(reports, fmt, settings=settings, color=color, quiet=quiet)


def render_check(result: CheckResult, fmt: str = "table", *, settings: Settings | None = None,
                 color: bool = False, quiet: bool = False) -> str:
    """A check result in format ``fmt`` (the report formats, plus ``sarif``)."""
    from .check import render_check as render

    return render(result, fmt, settings=settings, color=color, quiet=quiet)
