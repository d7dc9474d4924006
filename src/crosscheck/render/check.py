"""The formats of ``crosscheck check``: the report, then what fails the check and why.

Every format reads only the :class:`~crosscheck.check.CheckResult`:

* ``table`` -- the report table, then one ``file:line: error: …`` line for each
  dissenting claim of each new conflict and for each quote its article does not
  hold, ``note:`` lines for stale baseline entries, and a verdict line.  ``-q``
  prints the error lines only.
* ``markdown`` -- the report, then a "check" section (also what ``github`` appends
  to ``$GITHUB_STEP_SUMMARY``).
* ``json`` -- the report JSON (SPEC section 5) with ``"new"`` on each conflict and
  a top-level ``"check"`` object: the verdict, the baseline, the problems, the
  stale entries.
* ``github`` -- an ``::error`` on each dissenting claim of each new conflict and on
  each problem, at most ten, then one ``::notice`` that counts the rest.
* ``sarif`` -- see :mod:`crosscheck.render.sarif`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ..baseline import Baseline, Entry, baseline_changes, entry_object
from ..check import CheckResult, NewConflict
from ..config import Settings
from ..records import Problem
from ..story import display_path
from .github import MAX_ANNOTATIONS, command
from .jsonout import report_document
from .markdown import escape
from .report import render_report, view_of

_RED, _DIM, _RESET = "\x1b[31m", "\x1b[2m", "\x1b[0m"
ACCEPT_HINT = "to accept a conflict, run `crosscheck baseline` and write its reason in {baseline}"


def render_check(result: CheckResult, fmt: str = "table", *, settings: Settings | None = None,
                 color: bool = False, quiet: bool = False) -> str:
    """The check result in format ``fmt`` (``table``, ``markdown``, ``json``, ``github``,
    ``sarif``)."""
    try:
        formatter = FORMATS[fmt]
    except KeyError:
        raise ValueError(f"unknown check format {fmt!r}; choose from "
                         f"{', '.join(FORMATS)}") from None
    return formatter(result, settings or Settings(), color, quiet)


# --- words shared by the formats --------------------------------------------------------------

def verdict(result: CheckResult) -> str:
    """``failed: 1 new conflict, 1 quote problem; 2 accepted in crosscheck-baseline.json``."""
    failing = []
    if result.new:
        failing.append(_count(len(result.new), "new conflict"))
    if result.findings:
        failing.append(_count(len(result.findings), "quote or article problem"))
    head = "failed: " + ", ".join(failing) if failing else "passed: no new conflict"
    tail = f"{result.accepted} accepted in {baseline_name(result)}"
    if result.stale:
        tail += f", {_count(len(result.stale), 'stale entry', 'stale entries')}"
    return f"{head}; {tail}"


def baseline_name(result: CheckResult) -> str:
    return display_path(result.baseline_path)


def new_conflict_line(new: NewConflict, file: str, line: int, key: str) -> str:
    conflict = new.conflict
    return f"{file}:{line}: error: new {conflict.kind} conflict ({key}): {conflict.reason}"


def problem_line(problem: Problem) -> str:
    return f"{problem.file}:{problem.line}:{problem.column}: error: {problem.code}: " \
           f"{problem.message}"


def stale_words(entry: Entry) -> str:
    """``weekday, b/summit-day: weekday: Wednesday (b) vs Thursday (a)``."""
    claims = ", ".join(d.claim for d in entry.dissent)
    where = f" in {entry.story}" if entry.story else ""
    return f"{entry.kind}, {claims}{where}: {entry.conflict or '(no explanation)'}"


def _count(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


# --- table ------------------------------------------------------------------------------------

def _table(result: CheckResult, settings: Settings, color: bool, quiet: bool) -> str:
    red, dim, reset = (_RED, _DIM, _RESET) if color else ("", "", "")
    errors = [new_conflict_line(new, m.file, m.line, m.key)
              for new in result.new for m in new.dissenting]
    errors += [problem_line(problem) for problem in result.findings]
    errors = [line.replace(": error: ", f": {red}error{reset}: ", 1) for line in errors]
    if quiet:
        return "".join(line + "\n" for line in errors)
    report = render_report(result.reports, "table", settings=settings, color=color)
    lines = [report.rstrip("\n"), ""] if report else []
    lines += errors
    lines += [f"{baseline_name(result)}: {dim}note{reset}: stale entry ({stale_words(entry)}); "
              "no such conflict any more: `crosscheck baseline` drops it"
              for entry in result.stale]
    lines.append(f"check {verdict(result)}")
    if result.new:
        lines.append(ACCEPT_HINT.format(baseline=baseline_name(result)))
    return "\n".join(lines) + "\n"


# --- markdown ---------------------------------------------------------------------------------

def _markdown(result: CheckResult, settings: Settings, color: bool, quiet: bool) -> str:
    report = "" if quiet else render_report(result.reports, "markdown", settings=settings)
    return (report + "\n" if report else "") + check_markdown(result) + "\n"


def check_markdown(result: CheckResult) -> str:
    """The "check" section: the verdict, a table of what fails, the stale entries."""
    baseline = code(baseline_name(result))
    lines = ["### crosscheck check", "", f"**{escape(verdict(result))}**"]
    rows = [[f"new {n.conflict.kind} conflict", code(f"{m.file}:{m.line}"), code(m.key),
             escape(n.conflict.reason)]
            for n in result.new for m in n.dissenting]
    rows += [[escape(p.code), code(f"{p.file}:{p.line}"), "", escape(p.message)]
             for p in result.findings]
    if rows:
        lines += ["", "| error | where | claim | why |", "| --- | --- | --- | --- |"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
    if result.new:
        hint = ACCEPT_HINT.format(baseline=baseline)
        lines += ["", hint[0].upper() + hint[1:] + "."]
    if result.stale:
        lines += ["", f"Stale entries in {baseline} (no such conflict any more; "
                  "`crosscheck baseline` drops them):", ""]
        lines += [f"- {escape(stale_words(entry))}" for entry in result.stale]
    return "\n".join(lines)


def code(text: str) -> str:
    r"""A code span in a table cell: backslashes are literal there, so only ``|`` is escaped.

    >>> print(code("claims/a_b|c.yaml:9"))
    `claims/a_b\|c.yaml:9`
    """
    return "`" + " ".join(text.replace("`", "'").split()).replace("|", "\\|") + "`"


# --- json -------------------------------------------------------------------------------------

def _json(result: CheckResult, settings: Settings, color: bool, quiet: bool) -> str:
    document = report_document(result.reports, view=view_of(settings),
                               conflict_extra=lambda conflict: {"new": not conflict.accepted})
    document["check"] = check_object(result)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def check_object(result: CheckResult) -> dict[str, Any]:
    return {
        "passed": result.exit_code == 0,
        "baseline": baseline_name(result),
        "new": len(result.new),
        "accepted": result.accepted,
        "problems": [{"file": p.file, "line": p.line, "column": p.column, "code": p.code,
                      "message": p.message} for p in result.findings],
        "stale": [entry_object(entry) for entry in result.stale],
    }


# --- github -----------------------------------------------------------------------------------

def _github(result: CheckResult, settings: Settings, color: bool, quiet: bool) -> str:
    annotations = github_annotations(result)
    lines = annotations[:MAX_ANNOTATIONS]
    rest = len(annotations) - len(lines)
    if rest:
        lines.append(command("notice", f"{rest} more errors not annotated ({len(annotations)} "
                                       "in all): run crosscheck check to see them all",
                             title="crosscheck"))
    if result.stale:
        lines.append(command(
            "notice", "; ".join(stale_words(entry) for entry in result.stale),
            file=result.relative(str(result.baseline_path)),
            title=f"crosscheck: {_count(len(result.stale), 'stale baseline entry', 'stale baseline entries')}"
                  " (run crosscheck baseline to drop them)"))
    lines.append(f"crosscheck check {verdict(result)}")
    return "\n".join(lines) + "\n"


def github_annotations(result: CheckResult) -> list[str]:
    """One ``::error`` per dissenting claim of each new conflict, then one per problem."""
    baseline = baseline_name(result)
    annotations = [
        command("error", f"{new.conflict.reason} ({member.key}). Not in {baseline}: correct "
                         "the claim, or accept the conflict with crosscheck baseline",
                file=result.relative(member.file), line=member.line or None,
                title=f"crosscheck: new {new.conflict.kind} conflict")
        for new in result.new for member in new.dissenting]
    annotations += [
        command("error", problem.message, file=result.relative(problem.file), line=problem.line,
                col=problem.column, title=f"crosscheck: {problem.code}")
        for problem in result.findings]
    return annotations


def _sarif(result: CheckResult, settings: Settings, color: bool, quiet: bool) -> str:
    from .sarif import render_sarif

    return render_sarif(result)


FORMATS: dict[str, Callable[[CheckResult, Settings, bool, bool], str]] = {
    "table": _table,
    "markdown": _markdown,
    "json": _json,
    "github": _github,
    "sarif": _sarif,
}


# --- what `crosscheck baseline` says ----------------------------------------------------------

def baseline_summary(old: Baseline, new: Baseline, path: Path, *, created: bool = False) -> str:
    """What the baseline now accepts: the entries added and dropped, and which lack a reason.

    >>> print(baseline_summary(Baseline.empty(), Baseline.empty(), Path("b.json")), end="")
    b.json: 0 conflicts accepted (unchanged)
    """
    added, dropped = baseline_changes(old, new)
    name = display_path(path)
    change = f"{len(added)} added, {len(dropped)} dropped" if added or dropped else "unchanged"
    if created:
        change = "a new file" + (f", {len(added)} added" if added else "")
    lines = [f"{name}: {_count(len(new.accepted), 'conflict')} accepted ({change})"]
    lines += [f"  + {stale_words(entry)}" for entry in added]
    lines += [f"  - {stale_words(entry)}" for entry in dropped]
    missing = sum(1 for entry in new.accepted if not entry.reason)
    if missing:
        lines.append(f"{_count(missing, 'entry has', 'entries have')} no reason yet: write "
                     f"one in its \"reason\" (why the conflict is accepted) and commit {name}")
    return "\n".join(lines) + "\n"
