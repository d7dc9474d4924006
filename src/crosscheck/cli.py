"""The command line: parse arguments, call the library, pick a formatter, return the exit code.

Nothing here decides what a claim means; imports are lazy so that ``--help``
and small runs start fast.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from typing import TextIO

from . import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT = 0, 1, 2
STATUSES = ("agree", "framing", "contradict", "unique")
REPORT_FORMATS = ("table", "markdown", "json", "github")
CHECK_FORMATS = (*REPORT_FORMATS, "sarif")
BASELINE_HELP = "accepted conflicts (default: crosscheck-baseline.json at the root)"


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="crosscheck",
        description="Cross-check what news sources say about the same event.",
    )
    parser.add_argument("--version", action="version", version=f"crosscheck {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    paths = argparse.ArgumentParser(add_help=False)
    paths.add_argument("paths", nargs="*", metavar="PATHS",
                       help="claim files or directories (default: claims/)")
    paths.add_argument("-q", "--quiet", action="store_true", help="print only what fails")
    paths.add_argument("--color", choices=("auto", "always", "never"), default=None,
                       help="colour the table (auto: on a terminal, unless NO_COLOR is set)")

    aligned = argparse.ArgumentParser(add_help=False)
    aligned.add_argument("--threshold", type=_threshold, metavar="N",
                         help="match score cut-off, 0-100 (default 50)")
    aligned.add_argument("--only", type=_statuses, metavar="STATUS[,STATUS]",
                         help="show only these statuses")
    aligned.add_argument("--quotes", action="store_true", default=None,
                         help="show each claim's quote")
    aligned.add_argument("--jobs", type=int, metavar="N",
                         help="stories compared at once (default: all cores)")

    report = commands.add_parser("report", parents=[paths, aligned],
                                 help="align each story and print the consistency report")
    report.add_argument("--format", choices=REPORT_FORMATS, default="table")
    report.add_argument("--baseline", metavar="FILE", help="accepted conflicts "
                        "(default: crosscheck-baseline.json at the root, when it exists)")

    check = commands.add_parser("check", parents=[paths, aligned],
                                help="the report for CI: fail on a new conflict or a quote "
                                     "not in its article")
    check.add_argument("--format", choices=CHECK_FORMATS, default="table")
    check.add_argument("--baseline", metavar="FILE", help=BASELINE_HELP)

    baseline = commands.add_parser("baseline", parents=[paths, aligned],
                                   help="accept today's conflicts, keeping the reasons written")
    baseline.add_argument("--baseline", metavar="FILE", help=BASELINE_HELP)
    baseline.add_argument("--force", action="store_true",
                          help="replace a corrupt baseline (its reasons are lost)")

    lint = commands.add_parser("lint", parents=[paths], help="validate claim files")
    lint.add_argument("--format", choices=("table", "json", "github"), default="table")

    commands.add_parser("schema", help="print the JSON Schema of the claim file")
    return parser


def _threshold(value: str) -> float:
    number = float(value)
    if not 0 <= number <= 100:  # also refuses nan
        raise argparse.ArgumentTypeError("a score from 0 to 100")
    return number


def _statuses(value: str) -> tuple[str, ...]:
    chosen = tuple(part.strip() for part in value.split(",") if part.strip())
    unknown = [s for s in chosen if s not in STATUSES]
    if unknown or not chosen:
        raise argparse.ArgumentTypeError(f"choose from {', '.join(STATUSES)}")
    return chosen


def main(argv: list[str] | None = None, *, stdout: TextIO | None = None,
         stderr: TextIO | None = None) -> int:
    """Run crosscheck with ``argv``; return the exit code (never calls ``sys.exit``)."""
    out, err = stdout or sys.stdout, stderr or sys.stderr
    parser = build_parser()
    try:  # argparse prints help and usage errors itself: to the streams we were given
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse prints usage and wants to exit
        return EXIT_BAD_INPUT if stop.code else EXIT_OK
    from .config import ConfigError
    from .story import UsageError

    try:
        return _COMMANDS[args.command](args, out, err)
    except (UsageError, ConfigError) as error:
        err.write(f"crosscheck: {error}\n")
        return EXIT_BAD_INPUT
    except BrokenPipeError:  # `crosscheck report | head`: the reader has all it wanted
        _silence_stdout()
        return EXIT_OK


def _silence_stdout() -> None:
    """Point stdout at /dev/null so that Python's flush at exit does not fail again."""
    import os

    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())


def _settings(args: argparse.Namespace):
    from .config import load_settings

    return load_settings().with_options(
        threshold=getattr(args, "threshold", None), only=getattr(args, "only", None),
        color=args.color, quotes=getattr(args, "quotes", None), jobs=getattr(args, "jobs", None),
        baseline=getattr(args, "baseline", None),
    )


def _run_schema(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .schema import schema_text

    out.write(schema_text())
    return EXIT_OK


def _run_lint(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .lint import lint_paths
    from .render import render_problems

    problems = lint_paths(args.paths)
    out.write(render_problems(problems, args.format, color=_color(args, out), quiet=args.quiet))
    return EXIT_FINDINGS if problems else EXIT_OK


def _run_report(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .compare import compare_paths
    from .render import render_report

    settings = _settings(args)
    result = compare_paths(args.paths, settings, progress=_progress(args, err))
    _warn(result.problems, err)
    reports, baseline_ok = _accepted(result.reports, args, settings, err)
    out.write(render_report(reports, args.format, settings=settings,
                            color=_color(args, out, settings), quiet=args.quiet))
    return EXIT_BAD_INPUT if result.bad_input or not baseline_ok else EXIT_OK


def _accepted(reports, args: argparse.Namespace, settings, err: TextIO) -> tuple[list, bool]:
    """The reports with the baseline's accepted conflicts marked, when a baseline exists;
    a corrupt one is named on stderr (bad input) and the reports go unmarked."""
    from .baseline import BaselineError, apply_baseline, read_baseline
    from .check import baseline_location

    path = baseline_location(reports, settings, option=args.baseline)
    try:
        baseline = read_baseline(path)
    except BaselineError as error:
        err.write(f"crosscheck: {error}\n")
        return list(reports), False
    return apply_baseline(reports, baseline, base=path.resolve().parent)[0], True


def _run_check(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .baseline import BaselineError, read_baseline
    from .check import baseline_location, check_reports, story_root
    from .compare import compare_paths
    from .render import render_check

    settings = _settings(args)
    result = compare_paths(args.paths, settings, progress=_progress(args, err))
    shown = {problem for report in result.reports for problem in report.problems}
    _warn([problem for problem in result.problems if problem not in shown], err)
    path = baseline_location(result.reports, settings, option=args.baseline)
    try:
        baseline = read_baseline(path)
    except BaselineError as error:
        err.write(f"crosscheck: {error}\n")
        return EXIT_BAD_INPUT
    checked = check_reports(result.reports, baseline, baseline_path=path,
                            bad_input=result.bad_input, root=story_root(result.reports))
    out.write(render_check(checked, args.format, settings=settings,
                           color=_color(args, out, settings), quiet=args.quiet))
    if args.format == "github":
        _step_summary(render_check(checked, "markdown", settings=settings), err)
    return checked.exit_code


def _step_summary(markdown: str, err: TextIO) -> None:
    """Append to the job summary of a GitHub Actions run, when there is one."""
    import os

    name = os.environ.get("GITHUB_STEP_SUMMARY")
    if not name:
        return
    try:
        with open(name, "a", encoding="utf-8") as summary:
            summary.write(markdown)
    except OSError as error:
        err.write(f"crosscheck: cannot append to $GITHUB_STEP_SUMMARY ({name}): "
                  f"{error.strerror}\n")


def _run_baseline(args: argparse.Namespace, out: TextIO, err: TextIO) -> int:
    from .baseline import Baseline, BaselineError, read_baseline, updated_baseline
    from .baseline import write_baseline
    from .check import baseline_location
    from .compare import compare_paths
    from .render.check import baseline_summary

    settings = _settings(args)
    result = compare_paths(args.paths, settings, progress=_progress(args, err))
    _warn(result.problems, err)
    if result.bad_input:
        err.write("crosscheck: baseline not written: fix the files named above first "
                  "(the conflicts of a file that cannot be read would be dropped)\n")
        return EXIT_BAD_INPUT
    path = baseline_location(result.reports, settings, option=args.baseline)
    try:
        old = read_baseline(path)
    except BaselineError as error:
        if not args.force:
            err.write(f"crosscheck: {error}\ncrosscheck: refusing to overwrite {path}: the "
                      "reasons written in it would be lost; repair it (or restore it from "
                      "version control), or run with --force to replace it\n")
            return EXIT_BAD_INPUT
        old = Baseline.empty()
    new = updated_baseline(old, result.reports, base=path.resolve().parent)
    created = not path.exists()
    try:
        write_baseline(path, new)
    except OSError as error:
        err.write(f"crosscheck: cannot write {path}: {error.strerror}; the old baseline "
                  "is unchanged\n")
        return EXIT_BAD_INPUT
    if not args.quiet:
        out.write(baseline_summary(old, new, path, created=created))
    return EXIT_OK


def _progress(args: argparse.Namespace, err: TextIO):
    """A progress callback for long runs on a terminal; None when piped or quiet."""
    if args.quiet or not (hasattr(err, "isatty") and err.isatty()):
        return None
    import time

    started = time.monotonic()

    def show(done: int, total: int) -> None:
        if time.monotonic() - started < 1.5:
            return  # short runs stay silent
        end = "\r\033[K" if done == total else ""
        err.write(f"\rcrosscheck: {done}/{total} stories compared{end}")
        err.flush()

    return show


def _warn(problems, err: TextIO) -> None:
    for problem in problems:
        err.write(f"{problem.file}:{problem.line}:{problem.column}: {problem.code}: "
                  f"{problem.message}\n")


def _color(args: argparse.Namespace, out: TextIO, settings=None) -> bool:
    """Colour or not, decided once: ``--color``, else ``color`` of [tool.crosscheck], else auto
    (on a terminal, unless ``NO_COLOR`` is set)."""
    import os

    from .config import ConfigError

    choice = args.color or (settings.color if settings is not None else None) or "auto"
    if choice not in ("auto", "always", "never"):
        raise ConfigError(f"[tool.crosscheck] color must be auto, always or never, not {choice!r}")
    if choice != "auto":
        return choice == "always"
    return not os.environ.get("NO_COLOR") and hasattr(out, "isatty") and out.isatty()


_COMMANDS = {"schema": _run_schema, "lint": _run_lint, "report": _run_report,
             "check": _run_check, "baseline": _run_baseline}
