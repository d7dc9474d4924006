"""Lint problems as text: ``table`` (default), ``json`` and ``github``.

Every format reads only :class:`~crosscheck.records.Problem` records and sorts
them, so the same problems always give the same bytes.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from tabulate import tabulate

from ..records import Problem
from .github import MAX_ANNOTATIONS, command

RED, RESET = "\x1b[31m", "\x1b[0m"


def render_problems(problems: Iterable[Problem], fmt: str = "table", *, color: bool = False,
                    quiet: bool = False, files: int | None = None) -> str:
    """Lint problems in format ``fmt``: ``table``, ``json`` or ``github``.

    ``files`` is how many files were checked, for the table's summary line; by
    default it is read from the ``files`` attribute of what ``lint_paths`` returns.

    >>> print(render_problems([Problem("a.yaml", 3, 7, "bad-slug", "not a slug")], "github"),
    ...       end="")
    ::error file=a.yaml,line=3,col=7,title=bad-slug::not a slug
    """
    checked = files if files is not None else getattr(problems, "files", None)
    ordered = sorted(problems)
    return FORMATS[fmt](ordered, color=color, quiet=quiet, files=checked)


def render_table(problems: list[Problem], *, color: bool, quiet: bool,
                 files: int | None) -> str:
    """One row per problem (``file:line:col  code  message``), then a summary line.

    >>> print(render_table([Problem("a.yaml", 1, 1, "empty-file", "the file is empty")],
    ...                    color=False, quiet=False, files=3), end="")
    a.yaml:1:1  empty-file  the file is empty
    1 problem in 1 file
    """
    if not problems:
        return "" if quiet else f"no problems in {_count(files or 0, 'file')}\n"
    rows = [(f"{p.file}:{p.line}:{p.column}", _paint(p.code, color), _one_line(p.message))
            for p in problems]
    table = tabulate(rows, tablefmt="plain", disable_numparse=True)
    lines = [line.rstrip() for line in table.splitlines()]
    if not quiet:
        with_problems = len({p.file for p in problems})
        lines.append(f"{_count(len(problems), 'problem')} in {_count(with_problems, 'file')}")
    return "\n".join(lines) + "\n"


def render_json(problems: list[Problem], *, color: bool, quiet: bool,
                files: int | None) -> str:
    """``{"version": 1, "problems": [{"file", "line", "column", "code", "message"}]}``.

    >>> print(render_json([], color=False, quiet=False, files=0), end="")
    {
      "version": 1,
      "problems": []
    }
    """
    document = {"version": 1, "problems": [
        {"file": p.file, "line": p.line, "column": p.column, "code": p.code,
         "message": p.message} for p in problems]}
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def render_github(problems: list[Problem], *, color: bool, quiet: bool,
                  files: int | None) -> str:
    """An ``::error`` workflow command per problem, at most ten, then one ``::notice``."""
    lines = [command("error", p.message, file=p.file, line=p.line, col=p.column, title=p.code)
             for p in problems[:MAX_ANNOTATIONS]]
    rest = len(problems) - len(lines)
    if rest:
        lines.append(command("notice", f"{_count(rest, 'more problem')} not annotated "
                                       f"({len(problems)} in all): run crosscheck lint"))
    return "".join(line + "\n" for line in lines)


def _paint(code: str, color: bool) -> str:
    return f"{RED}{code}{RESET}" if color else code


def _one_line(message: str) -> str:
    return message.replace("\r", " ").replace("\n", " ")


def _count(number: int, noun: str) -> str:
    """``1 file``, ``2 files``; ``more problem`` -> ``more problems``."""
    return f"{number} {noun}{'' if number == 1 else 's'}"


FORMATS: dict[str, Callable[..., str]] = {
    "table": render_table, "json": render_json, "github": render_github,
}
