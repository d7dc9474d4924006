"""``crosscheck check``: today's report against the baseline, and the exit code CI acts on.

The stage after compare: it takes the :class:`~crosscheck.compare.CompareResult`
and the :class:`~crosscheck.baseline.Baseline`, marks the accepted conflicts,
and collects what fails a check (new conflicts, quotes their article does not
hold) and what is only a note (stale baseline entries).  It prints nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .baseline import Baseline, Entry, apply_baseline, new_conflicts
from .config import DEFAULT_BASELINE, Settings
from .records import Conflict, Group, Member, Problem, StoryReport
from .story import display_path, find_root

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2


@dataclass(frozen=True)
class NewConflict:
    """A conflict no baseline entry accepts, with its dissenting claims (where to point)."""

    report: StoryReport
    group: Group
    conflict: Conflict

    @property
    def dissenting(self) -> list[Member]:
        dissent = set(self.conflict.dissent)
        return [member for member in self.group.members if member.key in dissent]


@dataclass(frozen=True)
class CheckResult:
    """What ``check`` found; every check format reads only this."""

    reports: list[StoryReport]  # accepted conflicts marked accepted, with their reason
    new: list[NewConflict]
    stale: list[Entry]  # entries of the checked stories that no conflict matches any more
    findings: list[Problem]  # quotes not in their article, articles that cannot be read
    baseline_path: Path
    root: Path  # paths in github and sarif output are relative to it
    bad_input: bool = False
    accepted: int = field(default=0)

    @property
    def failed(self) -> bool:
        return bool(self.new or self.findings)

    @property
    def exit_code(self) -> int:
        """2 on bad input, else 1 when something fails the check, else 0."""
        if self.bad_input:
            return EXIT_BAD_INPUT
        return EXIT_FINDINGS if self.failed else EXIT_OK

    def relative(self, file: str) -> str:
        """``file`` (as the report shows it) relative to the root, in POSIX form."""
        path = Path(file).resolve()
        try:
            return path.relative_to(self.root).as_posix()
        except ValueError:
            return Path(file).as_posix()


def check_reports(reports: Sequence[StoryReport], baseline: Baseline, *,
                  baseline_path: Path, bad_input: bool = False,
                  root: Path | None = None) -> CheckResult:
    """Mark what ``baseline`` accepts and collect what fails the check."""
    marked, stale = apply_baseline(reports, baseline, base=baseline_path.resolve().parent)
    new = [NewConflict(r, g, c) for r, g, c in new_conflicts(marked)]
    accepted = sum(1 for r in marked for g in r.groups for c in g.conflicts if c.accepted)
    findings = sorted(problem for report in marked for problem in report.problems)
    return CheckResult(reports=marked, new=new, stale=stale, findings=findings,
                       baseline_path=baseline_path, bad_input=bad_input, accepted=accepted,
                       root=(root or baseline_path.resolve().parent).resolve())


def baseline_location(reports: Sequence[StoryReport], settings: Settings | None = None, *,
                      option: str | None = None) -> Path:
    """Where the baseline is: ``--baseline``; else ``baseline`` in ``[tool.crosscheck]``
    (relative to its pyproject.toml); else ``crosscheck-baseline.json`` at the root of the
    first story (stories in path order), or of the working directory when there is none.

    >>> baseline_location([], option="ci/accepted.json")
    PosixPath('ci/accepted.json')
    """
    if option:
        return Path(option)
    if settings is not None and settings.baseline:
        anchor = Path(settings.source).parent if settings.source else Path.cwd()
        return Path(display_path(anchor / settings.baseline))
    return Path(display_path(story_root(reports) / DEFAULT_BASELINE))


def story_root(reports: Sequence[StoryReport]) -> Path:
    """The root (SPEC section 1) of the first story, or of the working directory."""
    return find_root(Path(reports[0].path) if reports else Path.cwd())
