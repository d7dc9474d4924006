"""``crosscheck check`` and ``crosscheck baseline`` end to end, in a git repository of claims.

The story a newsroom lives through: a clean check; a new source that contradicts
another fails the check, on its file and line; ``baseline`` accepts it; a reason
written into the baseline survives the next ``baseline``; editing the dissenting
claim re-opens it; deleting it leaves a stale entry (a note).  Then the ways a
baseline can break: a killed writer, a truncated file.

Groups are forced with ``same_as``, so the tests do not depend on the aligner's
cut-offs; the conflict itself ("$33 million" vs "$33 billion") is the classifier's.
"""

from __future__ import annotations

import io
import json
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from sarif_kit.validate import validation_errors

import crosscheck
from crosscheck.cli import main

SRC = Path(crosscheck.__file__).resolve().parent.parent
BASELINE = "crosscheck-baseline.json"

DESK_A = """\
version: 1
source:
  id: desk-a
  outlet: Desk A
  published: 2025-10-09
  style: wire
claims:
  - id: summit-city
    text: The summit was held in Dushanbe.
  - id: budget
    text: The joint programme has a budget of $33 million.
"""

DESK_B = """\
version: 1
source:
  id: desk-b
  outlet: Desk B
  published: 2025-10-09
  style: wire
claims:
  - id: budget
    text: The joint programme has a budget of $33 million, officials said.
    same_as: [desk-a/budget]
"""

DESK_C = """\
version: 1
source:
  id: desk-c
  outlet: Desk C
  published: 2025-10-10
  style: wire
claims:
  - id: students
    text: Some 212,000 students from Central Asia study in Russia.
  - id: budget
    text: The joint programme has a budget of $33 billion.
    same_as: [desk-a/budget]
"""

DESK_D = DESK_B.replace("desk-b", "desk-d").replace("Desk B", "Desk D")
DESK_E = DESK_C.replace("desk-c", "desk-e").replace("Desk C", "Desk E")

REASON = "Desk C printed billion for million; its correction is still pending."


# --- helpers ----------------------------------------------------------------------------------

def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def git(*args: str) -> None:
    subprocess.run(["git", *args], check=True, capture_output=True)


def commit(message: str) -> None:
    git("add", "-A")
    git("commit", "-q", "--allow-empty", "-m", message)


def id_line(path: str, claim: str) -> int:
    """The line of ``- id: CLAIM`` in a claim file: where annotations point."""
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return lines.index(f"  - id: {claim}") + 1


def errors(out: str) -> list[str]:
    return [line for line in out.splitlines() if ": error: " in line]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository with a two-source story that agrees with itself."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("GITHUB_STEP_SUMMARY", raising=False)
    monkeypatch.delenv("NO_COLOR", raising=False)
    git("init", "-q")
    git("config", "user.email", "desk@example.org")
    git("config", "user.name", "Desk")
    (tmp_path / "pyproject.toml").write_text("[tool.crosscheck]\n", encoding="utf-8")
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "desk-a.yaml").write_text(DESK_A, encoding="utf-8")
    (tmp_path / "claims" / "desk-b.yaml").write_text(DESK_B, encoding="utf-8")
    commit("two sources")
    return tmp_path


@pytest.fixture
def accepted(repo: Path) -> Path:
    """The repository once desk-c's contradiction has been accepted, with a reason."""
    (repo / "claims" / "desk-c.yaml").write_text(DESK_C, encoding="utf-8")
    assert run("baseline")[0] == 0
    path = repo / BASELINE
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"reason": ""', f'"reason": {json.dumps(REASON)}'), encoding="utf-8")
    commit("desk-c, its conflict accepted")
    return repo


# --- the story of a newsroom --------------------------------------------------------------------

def test_the_whole_story(repo: Path):
    # 1. Clean: no conflict, no baseline yet.
    code, out, err = run("check")
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == f"check passed: no new conflict; 0 accepted in {BASELINE}"

    # 2. A new source contradicts desk-a and desk-b: exit 1, exactly that conflict, file and line.
    (repo / "claims" / "desk-c.yaml").write_text(DESK_C, encoding="utf-8")
    commit("desk-c")
    code, out, err = run("check")
    line = id_line("claims/desk-c.yaml", "budget")
    assert (code, err) == (1, "")
    [error] = errors(out)
    assert error.startswith(f"claims/desk-c.yaml:{line}: error: new quantity conflict "
                            "(desk-c/budget): quantity: ")
    assert "$33 billion" in error and "$33 million" in error
    code, out, _ = run("check", "--format", "github")
    annotations = [a for a in out.splitlines() if a.startswith("::error")]
    assert code == 1
    assert [a.split("::")[1] for a in annotations] == [
        f"error file=claims/desk-c.yaml,line={line},title=crosscheck%3A new quantity conflict"]

    # 3. `crosscheck baseline` accepts it; the check passes.
    code, out, err = run("baseline")
    assert (code, err) == (0, "")
    assert out.startswith(f"{BASELINE}: 1 conflict accepted (a new file, 1 added)\n")
    document = json.loads((repo / BASELINE).read_text(encoding="utf-8"))
    [entry] = document["accepted"]
    assert (entry["story"], entry["kind"], entry["reason"]) == ("claims", "quantity", "")
    assert entry["dissent"] == [{"claim": "desk-c/budget",
                                 "text": "The joint programme has a budget of $33 billion."}]
    assert entry["consensus"] == ["desk-a/budget", "desk-b/budget"]
    assert run("check")[0] == 0

    # 4. A reason written into the file survives the next `crosscheck baseline`.
    path = repo / BASELINE
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"reason": ""', f'"reason": {json.dumps(REASON)}'), encoding="utf-8")
    commit("baseline with a reason")
    written = path.read_bytes()
    assert run("baseline") == (0, f"{BASELINE}: 1 conflict accepted (unchanged)\n", "")
    assert path.read_bytes() == written
    report = json.loads(run("report", "--format", "json")[1])
    [conflict] = [c for g in report["stories"][0]["groups"] for c in g["conflicts"]]
    assert (conflict["accepted"], conflict["accepted_reason"]) == (True, REASON)
    code, out, _ = run("check", "--format", "json")
    [conflict] = [c for g in json.loads(out)["stories"][0]["groups"] for c in g["conflicts"]]
    assert (code, conflict["new"], conflict["accepted"]) == (0, False, True)

    # 5. Editing the dissenting claim's text re-opens it (and leaves the old entry stale).
    c_file = repo / "claims" / "desk-c.yaml"
    c_file.write_text(DESK_C.replace("$33 billion.", "$33 billion in all."), encoding="utf-8")
    code, out, _ = run("check")
    assert code == 1
    assert [e.split(": error: ")[0] for e in errors(out)] == [f"claims/desk-c.yaml:{line}"]
    assert "note: stale entry (quantity, desk-c/budget in claims: " in out

    # 6. Deleting the dissenting claim makes the entry stale: a note, exit 0.
    c_file.write_text(DESK_C.split("  - id: budget")[0], encoding="utf-8")
    code, out, err = run("check")
    assert (code, err, errors(out)) == (0, "", [])
    assert out.splitlines()[-1] == (f"check passed: no new conflict; 0 accepted in {BASELINE}, "
                                    "1 stale entry")
    code, out, _ = run("check", "--format", "sarif")
    log = json.loads(out)
    assert validation_errors(log) == []
    assert [r["baselineState"] for r in log["runs"][0]["results"]] == ["absent"]

    # ... and the next `crosscheck baseline` drops it.
    code, out, _ = run("baseline")
    assert (code, json.loads(path.read_text(encoding="utf-8"))["accepted"]) == (0, [])
    assert "1 dropped" in out


def test_a_source_joining_the_consensus_leaves_it_accepted(accepted: Path):
    (accepted / "claims" / "desk-d.yaml").write_text(DESK_D, encoding="utf-8")
    code, out, _ = run("check")
    assert (code, errors(out)) == (0, [])
    assert "1 accepted in" in out.splitlines()[-1]


def test_a_source_joining_the_dissent_makes_it_new(accepted: Path):
    (accepted / "claims" / "desk-d.yaml").write_text(DESK_D, encoding="utf-8")  # no tie: 3 vs 2
    (accepted / "claims" / "desk-e.yaml").write_text(DESK_E, encoding="utf-8")
    code, out, _ = run("check")
    assert code == 1
    assert [e.split(" (")[1].split(")")[0] for e in errors(out)] == [
        "desk-c/budget", "desk-e/budget"]
    # accepting it again carries the reason over to the new entry
    assert run("baseline")[0] == 0
    [entry] = json.loads((accepted / BASELINE).read_text(encoding="utf-8"))["accepted"]
    assert [d["claim"] for d in entry["dissent"]] == ["desk-c/budget", "desk-e/budget"]


def test_every_check_format_on_a_new_conflict(repo: Path, monkeypatch):
    (repo / "claims" / "desk-c.yaml").write_text(DESK_C, encoding="utf-8")
    line = id_line("claims/desk-c.yaml", "budget")
    summary = repo / "summary.md"
    summary.write_text("earlier step\n", encoding="utf-8")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for fmt in ("table", "markdown", "json", "github", "sarif"):
        code, out, err = run("check", "--format", fmt)
        assert (code, err) == (1, ""), fmt
        assert "claims/desk-c.yaml" in out, fmt
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("earlier step\n### crosscheck: claims\n")  # appended, once
    assert text.count("### crosscheck check") == 1
    assert f"`claims/desk-c.yaml:{line}`" in text
    log = json.loads(run("check", "--format", "sarif")[1])
    assert validation_errors(log) == []
    [result] = log["runs"][0]["results"]
    assert (result["level"], result["baselineState"]) == ("error", "new")
    assert result["locations"][0]["physicalLocation"]["region"] == {"startLine": line}


def test_a_quote_not_in_its_article_fails_the_check(repo: Path):
    (repo / "seeds").mkdir()
    (repo / "seeds" / "a.txt").write_text("The summit was held in Dushanbe on Thursday.\n",
                                          encoding="utf-8")
    text = DESK_A.replace("  style: wire\n", "  style: wire\n  text: ../seeds/a.txt\n").replace(
        "in Dushanbe.\n", "in Dushanbe.\n    quote: the summit was held in Moscow\n")
    (repo / "claims" / "desk-a.yaml").write_text(text, encoding="utf-8")
    code, out, err = run("check")
    assert (code, err) == (1, "")
    [error] = errors(out)
    assert error.startswith("claims/desk-a.yaml:11:") and ": error: quote-not-found: " in error
    assert run("report")[0] == 0  # report only warns


def test_an_explicit_baseline_file(repo: Path):
    (repo / "claims" / "desk-c.yaml").write_text(DESK_C, encoding="utf-8")
    assert run("baseline", "--baseline", "ci/accepted.json")[0] == 2  # no such directory
    (repo / "ci").mkdir()
    assert run("baseline", "--baseline", "ci/accepted.json")[0] == 0
    assert not (repo / BASELINE).exists()
    [entry] = json.loads((repo / "ci" / "accepted.json").read_text())["accepted"]
    assert entry["story"] == "../claims"
    assert run("check", "--baseline", "ci/accepted.json")[0] == 0
    assert run("check")[0] == 1


def test_bad_claim_files_are_bad_input_and_no_baseline_is_written(repo: Path):
    (repo / "claims" / "desk-c.yaml").write_text("version: 1\nsource: [\n", encoding="utf-8")
    code, _, err = run("check")
    assert code == 2 and "claims/desk-c.yaml:" in err
    code, _, err = run("baseline")
    assert code == 2 and "baseline not written" in err
    assert not (repo / BASELINE).exists()


def test_python_m_crosscheck_check_exit_code(repo: Path):
    (repo / "claims" / "desk-c.yaml").write_text(DESK_C, encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "crosscheck", "check", "-q"],
                          capture_output=True, text=True, env=child_env())
    assert done.returncode == 1
    assert done.stdout.startswith("claims/desk-c.yaml:")


# --- a baseline that breaks ---------------------------------------------------------------------

def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(SRC), env.get("PYTHONPATH")]))
    return env


HANG = {
    # half the bytes are in the temporary file when the process dies
    "write": """
        real_fdopen = os.fdopen
        class Half:
            def __init__(self, handle): self.handle = handle
            def __enter__(self): return self
            def __exit__(self, *exc): return self.handle.__exit__(*exc)
            def write(self, data):
                self.handle.write(data[: len(data) // 2]); self.handle.flush(); hang()
        os.fdopen = lambda fd, mode: Half(real_fdopen(fd, mode))
    """,
    # everything is written and synced, and the process dies before the rename
    "replace": """
        os.replace = lambda src, dst: hang()
    """,
}


@pytest.mark.parametrize("stage", sorted(HANG))
def test_killing_the_writer_leaves_the_previous_baseline_intact(accepted: Path, stage: str):
    (accepted / "claims" / "desk-d.yaml").write_text(DESK_D, encoding="utf-8")
    (accepted / "claims" / "desk-e.yaml").write_text(DESK_E, encoding="utf-8")  # a change to write
    before = (accepted / BASELINE).read_bytes()
    script = textwrap.dedent("""
        import os, sys, time
        def hang():
            print("hanging", flush=True)
            time.sleep(120)
    """) + textwrap.dedent(HANG[stage]) + textwrap.dedent("""
        from crosscheck.cli import main
        sys.exit(main(["baseline"]))
    """)
    child = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True, env=child_env())
    try:
        assert child.stdout.readline() == "hanging\n", child.stderr.read()
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.kill()
        child.wait(timeout=30)
        child.stdout.close()
        child.stderr.close()
    assert child.returncode == -signal.SIGKILL
    [leftover] = accepted.glob(f".{BASELINE}.*.tmp")  # killed with the new text half-way
    assert 0 < leftover.stat().st_size and leftover.read_bytes() != before
    assert (accepted / BASELINE).read_bytes() == before
    assert run("check")[0] == 1  # the old baseline still reads: desk-e's dissent is new
    assert run("baseline")[0] == 0  # and the next run writes the new one
    assert (accepted / BASELINE).read_bytes() != before
    assert list(accepted.glob(f".{BASELINE}.*")) == []  # and removes what the killed one left


def test_a_truncated_baseline_is_bad_input_and_left_untouched(accepted: Path):
    path = accepted / BASELINE
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    truncated = path.read_bytes()
    line = truncated.count(b"\n") + 1
    for command in ("check", "report", "baseline"):
        code, out, err = run(command)
        assert code == 2, command
        assert f"{BASELINE}:{line}: not valid JSON" in err, command
        assert "truncated" in err, command
        assert path.read_bytes() == truncated, command
    assert "refusing to overwrite" in err and "--force" in err
    assert run("check")[1] == ""  # no verdict on a baseline that cannot be read
    assert run("baseline", "--force")[0] == 0
    assert json.loads(path.read_text(encoding="utf-8"))["accepted"][0]["reason"] == ""


def test_a_hand_broken_baseline_names_the_line(accepted: Path):
    path = accepted / BASELINE
    text = path.read_text(encoding="utf-8").replace('"reason"', '"reasons"')
    path.write_text(text, encoding="utf-8")
    line = text.splitlines().index(next(l for l in text.splitlines() if '"reasons"' in l)) + 1
    code, _, err = run("check")
    assert code == 2
    assert err == (f"crosscheck: {BASELINE}:{line}: accepted.0.reasons: unknown key "
                   "(see the baseline format in the README)\n")


# --- the README shows real output ---------------------------------------------------------------

def readme_console_blocks() -> list[str]:
    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## CI: check and baseline"):]
    return [block.split("```", 1)[0] for block in section.split("```console\n")[1:]]


def test_the_readmes_failing_check_is_real_output(repo: Path):
    (repo / "claims" / "desk-c.yaml").write_text(DESK_C, encoding="utf-8")
    block = readme_console_blocks()[0]
    for command, shown in re_commands(block):
        if command == "echo $?":
            continue
        argv = command.split()[1:]
        code, out, err = run(*argv)
        assert out + err == shown, command


def test_the_readmes_baseline_output_is_real(repo: Path):
    (repo / "claims" / "desk-c.yaml").write_text(DESK_C, encoding="utf-8")
    [(command, shown)] = re_commands(readme_console_blocks()[1])
    assert run(*command.split()[1:])[1] == shown


def re_commands(block: str) -> list[tuple[str, str]]:
    """``$ command`` lines of a console block, each with the output shown under it."""
    pairs: list[tuple[str, str]] = []
    for line in block.splitlines(keepends=True):
        if line.startswith("$ "):
            pairs.append((line[2:].strip(), ""))
        else:
            pairs[-1] = (pairs[-1][0], pairs[-1][1] + line)
    return pairs
