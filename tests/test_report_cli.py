"""``crosscheck report`` end to end through ``main([...])``: every format, exit codes, goldens.

Golden outputs of the seed story (``claims/``) live in ``tests/data/test_report_cli/``.
When the report changes on purpose, regenerate them and review the diff before committing:

    CROSSCHECK_REGENERATE=1 python -m pytest tests/test_report_cli.py -k golden
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import textwrap
from itertools import permutations
from pathlib import Path

import pytest
from wcwidth import wcswidth

from crosscheck.cli import main

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).resolve().parent / "data" / "test_report_cli"
FORMATS = ("table", "markdown", "json", "github")
ANSI = re.compile(r"\x1b\[[0-9;]*m")

WIRE = """\
version: 1
source:
  id: wire-desk
  outlet: Wire Desk
  published: 2025-10-09
  style: wire
claims:
  - id: trade
    text: Trade between Russia and Central Asia exceeded $45 billion last year.
    quote: trade exceeded $45 billion last year
  - id: weekday
    text: The summit took place in Dushanbe on Wednesday.
  - id: students
    text: Some 212,000 students from Central Asia study at Russian universities.
    note: a figure from the Russian side
"""

REVIEW = """\
version: 1
source:
  id: review-desk
  outlet: Review Desk
  published: 2025-10-10
  style: analytical
claims:
  - id: trade
    text: Trade between Russia and Central Asia exceeded $45 billion last year.
    quote: trade, however, has objectively exceeded $45 billion last year
  - id: weekday
    text: The summit took place in Dushanbe on Thursday.
  - id: corridor
    text: The Middle Corridor is increasingly seen as a rival route to the north.
"""

THIRD = """\
version: 1
source:
  id: third-desk
  outlet: Third Desk
  style: wire
claims:
  - id: weekday
    text: The summit took place in Dushanbe on Thursday.
"""


# --- helpers ------------------------------------------------------------------------------

class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def run(*argv: str, stdout: io.StringIO | None = None) -> tuple[int, str, str]:
    out, err = stdout or io.StringIO(), io.StringIO()
    code = main(["report", *argv], stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def write_story(directory: Path, files: dict[str, str]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A project of its own: cwd, a pyproject.toml without settings, no NO_COLOR."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "pyproject.toml").write_text("[tool.crosscheck]\n", encoding="utf-8")
    write_story(tmp_path / "story", {"wire.yaml": WIRE, "review.yaml": REVIEW})
    return tmp_path


# --- every format -------------------------------------------------------------------------

def test_table_is_the_default(project):
    code, out, err = run("story")
    assert (code, err) == (0, "")
    assert out.startswith("story: 2 sources, 6 claims, ")
    assert "left (-) review-desk, right (+) wire-desk" in out
    assert re.search(r"^summary: \d+ agree, \d+ framing, \d+ contradict, \d+ unique$", out, re.M)
    assert "note: a figure from the Russian side" in " ".join(out.split())
    assert out == run("story", "--format", "table")[1]


def test_json_report(project):
    code, out, err = run("story", "--format", "json")
    assert (code, err) == (0, "")
    story = json.loads(out)["stories"][0]
    assert story["path"] == "story"
    assert [s["id"] for s in story["sources"]] == ["review-desk", "wire-desk"]
    assert [s["file"] for s in story["sources"]] == ["story/review.yaml", "story/wire.yaml"]
    members = [m for g in story["groups"] for m in g["members"]]
    assert sorted(m["source"] + "/" + m["claim"] for m in members) == [
        "review-desk/corridor", "review-desk/trade", "review-desk/weekday",
        "wire-desk/students", "wire-desk/trade", "wire-desk/weekday"]
    students = next(m for m in members if m["claim"] == "students")
    assert students["note"] == "a figure from the Russian side"
    assert (students["file"], students["line"]) == ("story/wire.yaml", 13)
    assert sum(story["summary"].values()) == len(story["groups"])


def test_markdown_report(project):
    code, out, err = run("story", "--format", "markdown")
    assert (code, err) == (0, "")
    assert out.startswith("### crosscheck: story\n")
    assert "| --- |" in out


def test_github_report_annotates_dissent_only(project):
    code, out, err = run("story", "--format", "github")
    assert (code, err) == (0, "")
    assert all(line.startswith(("::warning file=story/", "::notice ")) for line in out.splitlines())


@pytest.mark.parametrize("fmt", FORMATS)
def test_each_format_ends_with_one_newline(project, fmt):
    code, out, _ = run("story", "--format", fmt)
    assert code == 0
    assert out == "" or (out.endswith("\n") and not out.endswith("\n\n"))


# --- options ------------------------------------------------------------------------------

def test_only_and_quiet(project):
    code, out, _ = run("story", "--only", "unique")
    assert code == 0 and "(shown: unique)" in out
    assert "Middle Corridor" in out and "$45 billion" not in out.split("possible matches")[0]
    code, quiet, _ = run("story", "-q")
    assert code == 0 and quiet.splitlines()[-1].endswith("(shown: contradict)")
    assert "Middle Corridor" not in quiet


def test_bad_only_is_a_usage_error(project):
    code, out, err = run("story", "--only", "maybe")
    assert code == 2 and out == "" and "choose from agree, framing, contradict, unique" in err


def test_colour_on_a_terminal_unless_no_color(project, monkeypatch):
    assert "\x1b[" in run("story", stdout=Terminal())[1]
    assert "\x1b[" not in run("story")[1]  # piped
    assert "\x1b[" in run("story", "--color", "always")[1]
    monkeypatch.setenv("NO_COLOR", "1")
    assert "\x1b[" not in run("story", stdout=Terminal())[1]
    assert "\x1b[" in run("story", "--color", "always", stdout=Terminal())[1]


def test_colour_from_pyproject_unless_given_on_the_command_line(project):
    (project / "pyproject.toml").write_text('[tool.crosscheck]\ncolor = "always"\n')
    assert "\x1b[" in run("story")[1]
    assert "\x1b[" not in run("story", "--color", "never")[1]
    (project / "pyproject.toml").write_text('[tool.crosscheck]\ncolor = "sometimes"\n')
    code, out, err = run("story")
    assert code == 2 and "color must be auto, always or never" in err


def test_only_from_pyproject(project):
    (project / "pyproject.toml").write_text('[tool.crosscheck]\nonly = ["unique"]\n')
    assert "(shown: unique)" in run("story")[1]


# --- bad input ----------------------------------------------------------------------------

def test_a_bad_file_is_named_and_the_other_stories_still_reported(project):
    write_story(project / "broken", {"good.yaml": THIRD, "bad.yaml": "version: 1\nsource: [\n"})
    code, out, err = run("story", "broken", "--format", "json")
    assert code == 2
    assert "broken/bad.yaml:" in err
    paths = [story["path"] for story in json.loads(out)["stories"]]
    assert paths == ["broken", "story"]
    code, out, err = run("story", "broken")
    assert code == 2 and "broken/bad.yaml:" in err and "story: 2 sources" in out


def test_a_file_failing_its_schema_is_bad_input(project):
    write_story(project / "story", {"typo.yaml": THIRD.replace("outlet:", "outlett:")
                                    .replace("third-desk", "typo-desk")})
    code, out, err = run("story")
    assert code == 2 and "story/typo.yaml:" in err and "story: 2 sources" in out


def test_a_missing_path_is_a_usage_error(project):
    code, out, err = run("no-such-story")
    assert (code, out) == (2, "") and "no-such-story: no such file or directory" in err


def test_a_claim_file_stands_for_its_story(project):
    assert run("story/wire.yaml", "--format", "json")[1] == run("story", "--format", "json")[1]


# --- determinism and width ----------------------------------------------------------------

def test_the_json_does_not_depend_on_the_order_files_are_found(tmp_path, monkeypatch):
    """Every order of creating and of listing the files gives the same bytes."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    (tmp_path / "pyproject.toml").write_text("[tool.crosscheck]\n", encoding="utf-8")
    files = {"wire.yaml": WIRE, "review.yaml": REVIEW, "third.yaml": THIRD}
    outputs = set()
    original_iterdir = Path.iterdir
    for number, order in enumerate(permutations(files)):
        story = write_story(tmp_path / f"run{number}" / "story", {n: files[n] for n in order})
        rank = {name: order.index(name) for name in files}
        monkeypatch.setattr(Path, "iterdir", lambda self, _o=original_iterdir, _r=rank: iter(
            sorted(_o(self), key=lambda p: _r.get(p.name, -1))))
        monkeypatch.chdir(story.parent)
        code, out, _ = run("story", "--format", "json")
        monkeypatch.setattr(Path, "iterdir", original_iterdir)
        assert code == 0
        outputs.add(out)
    assert len(outputs) == 1


def test_twelve_sources_fit_a_100_column_terminal(project):
    texts = [
        "The second Central Asia – Russia summit was held in Dushanbe on Thursday, 9 October.",
        "Саммит «Центральная Азия — Россия» прошёл в Душанбе в четверг, 9 октября 2025 года.",
        "中亚—俄罗斯峰会于2025年10月9日星期四在杜尚别举行，五国元首出席并签署联合公报。",
    ]
    for index in range(12):
        claims = "".join(
            f"  - id: c{n}\n    text: {text}\n    note: {text}\n"
            for n, text in enumerate(texts[: 1 + index % 3]))
        (project / "wide").mkdir(exist_ok=True)
        (project / "wide" / f"s{index:02}.yaml").write_text(
            f"version: 1\nsource:\n  id: outlet-number-{index:02}\n  outlet: Outlet {index}\n"
            f"  style: {'wire' if index % 2 else 'analytical'}\nclaims:\n{claims}",
            encoding="utf-8")
    code, out, err = run("wide", "--color", "always", "--quotes")
    assert (code, err) == (0, "")
    assert "/12 " in out
    assert max(wcswidth(ANSI.sub("", line)) for line in out.splitlines()) <= 100


def test_python_m_crosscheck_report(project):
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    done = subprocess.run([sys.executable, "-m", "crosscheck", "report", "story", "--format",
                           "json"], capture_output=True, text=True, env=env, cwd=project)
    assert done.returncode == 0, done.stderr
    assert done.stdout == run("story", "--format", "json")[1]


# --- the seed story: golden outputs -------------------------------------------------------

@pytest.mark.parametrize("fmt", FORMATS)
def test_seed_story_golden(fmt, monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("NO_COLOR", raising=False)
    code, out, err = run("--format", fmt)
    assert code == 0, err
    golden = GOLDEN / f"seed.{'md' if fmt == 'markdown' else fmt}.txt"
    if os.environ.get("CROSSCHECK_REGENERATE"):
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(out, encoding="utf-8")
    assert out == golden.read_text(encoding="utf-8")


# --- the README ---------------------------------------------------------------------------

def readme_python_example() -> str:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1].split("\n## ", 1)[0]
    return textwrap.dedent(re.search(r"```python\n(.*?)```", section, re.S).group(1))


def test_readme_python_example_runs(monkeypatch, capsys):
    monkeypatch.chdir(REPO)
    exec(compile(readme_python_example(), "README.md", "exec"), {})
    lines = capsys.readouterr().out.splitlines()
    assert lines, "the README example printed nothing"
    statuses = [line.split()[0] for line in lines if line[:1] not in (" ", "")]
    assert set(statuses[:-1]) <= {"agree", "framing", "contradict"} and statuses[:-1]
    assert re.fullmatch(r"summary: \{'agree': \d+, 'framing': \d+, 'contradict': \d+, "
                        r"'unique': \d+\}", lines[-1])


def readme_console(command: str) -> str:
    """The output printed under ``$ command`` in a console block of the README."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    return readme.split(f"$ {command}\n", 1)[1].split("```", 1)[0]


def test_readme_report_output_is_the_real_one(monkeypatch):
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("NO_COLOR", raising=False)
    shared = run("--only", "agree,framing,contradict")[1]
    assert readme_console("crosscheck report --only agree,framing,contradict") == shared
    head = "".join(run()[1].splitlines(keepends=True)[:16])
    assert readme_console("crosscheck report | head -n 16") == head


def test_a_cross_file_error_is_bad_input_for_report(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    story = tmp_path / "claims"
    story.mkdir()
    for name in ("a", "b"):  # two files claiming one source id
        (story / f"{name}.yaml").write_text(
            "version: 1\nsource:\n  id: same\n  outlet: S\n  style: wire\nclaims:\n"
            f"  - id: {name}\n    text: The summit was held in Dushanbe.\n", encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    assert main(["report", "claims"], stdout=out, stderr=err) == 2
    assert "duplicate-source-id" in err.getvalue()


def test_many_stories_in_workers_give_the_serial_bytes(project):
    """--jobs 2 compares stories in worker processes; the report is the serial one, byte for byte."""
    import shutil

    shutil.copytree(REPO / "claims", project / "many" / "seeds")
    shutil.copytree(REPO / "tests" / "data" / "devset" / "claims", project / "many" / "devset")
    shutil.copytree(project / "story", project / "many" / "small")
    serial = run("many", "--format", "json", "--jobs", "1")
    parallel = run("many", "--format", "json", "--jobs", "2")
    assert serial[0] == 0 and len(json.loads(serial[1])["stories"]) == 3
    assert parallel == serial
