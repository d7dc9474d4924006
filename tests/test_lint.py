"""``crosscheck lint``: cross-file rules as tables, bad-input fixtures end to end, formats."""

from __future__ import annotations

import io
import json
import os
import time
import tracemalloc
from pathlib import Path

import pytest

from crosscheck.cli import main
from crosscheck.lint import grounding_problems, lint_paths, normalise, quote_miss
from crosscheck.loader import MAX_FILE_BYTES, load_file
from crosscheck.records import Problem
from crosscheck.render.problems import render_problems
from crosscheck.story import load_story

REPO = Path(__file__).resolve().parents[1]
BAD = REPO / "tests" / "data" / "bad"

ARTICLE = ("Putin reaffirmed Moscow\u2019s commitment to \u201cdeepen strategic partnership\u201d "
           "with Central Asian nations, noting that trade between Russia and the five "
           "countries exceeded $45 billion last year \u2014 and continues to grow.\n")


def claim_file(source: str, claims: str = "", *, text: str | None = None) -> str:
    """A valid claim file of source ``source``; ``claims`` is YAML for the list items."""
    article = f"  text: {text}\n" if text else ""
    claims = claims or "  - id: c\n    text: t\n"
    return (f"version: 1\nsource:\n  id: {source}\n  outlet: {source.title()}\n{article}"
            f"  style: wire\nclaims:\n{claims}")


def write(tmp_path: Path, files: dict[str, str | bytes]) -> Path:
    """Write a story under ``tmp_path/claims`` (other paths relative to ``tmp_path``)."""
    for name, content in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content.encode("utf-8") if isinstance(content, str) else content)
    return tmp_path / "claims"


def problems(tmp_path: Path, files: dict[str, str | bytes]) -> list[tuple[str, int, int, str]]:
    """Lint a story; the ``(file name, line, column, code)`` of each problem."""
    found = lint_paths([str(write(tmp_path, files))])
    return [(Path(p.file).name, p.line, p.column, p.code) for p in found]


def messages(tmp_path: Path, files: dict[str, str | bytes]) -> list[str]:
    return [p.message for p in lint_paths([str(write(tmp_path, files))])]


# --- cross-file rules as tables -----------------------------------------------------------

TWO = "  - id: x\n    text: t\n  - id: y\n    text: u\n"

RULES = [
    ("clean", {"claims/a.yaml": claim_file("a"), "claims/b.yaml": claim_file("b")}, []),
    ("duplicate claim id",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n  - id: x\n    text: u\n")},
     [("a.yaml", 9, 9, "duplicate-claim-id")]),
    ("duplicate source id", {"claims/a.yaml": claim_file("a"), "claims/b.yaml": claim_file("a")},
     [("b.yaml", 3, 7, "duplicate-source-id")]),
    ("ref unknown",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    same_as: [b/z]\n"),
      "claims/b.yaml": claim_file("b")},
     [("a.yaml", 9, 15, "ref-unknown")]),
    ("not_same_as unknown",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    not_same_as: [c/c]\n"),
      "claims/b.yaml": claim_file("b")},
     [("a.yaml", 9, 19, "ref-unknown")]),
    ("ref same source",
     {"claims/a.yaml": claim_file("a", TWO + "    same_as: [a/x]\n")},
     [("a.yaml", 11, 15, "ref-same-source")]),
    ("ref to itself",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    not_same_as: [a/x]\n")},
     [("a.yaml", 9, 19, "ref-same-source")]),
    ("ref chain",
     {"claims/a.yaml": claim_file("a", TWO + "    same_as: [b/c]\n"),
      "claims/b.yaml": claim_file("b", "  - id: c\n    text: t\n    same_as: [a/x]\n")},
     [("b.yaml", 9, 15, "ref-chain")]),
    ("ref conflict",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    same_as: [b/c]\n"),
      "claims/b.yaml": claim_file("b", "  - id: c\n    text: t\n    not_same_as: [a/x]\n")},
     [("b.yaml", 9, 19, "ref-conflict")]),
    ("ref conflict through a chain",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    same_as: [b/c]\n"),
      "claims/b.yaml": claim_file("b", "  - id: c\n    text: t\n    same_as: [c/c]\n"),
      "claims/c.yaml": claim_file("c", "  - id: c\n    text: t\n    not_same_as: [a/x]\n")},
     [("c.yaml", 9, 19, "ref-conflict")]),
    ("links that agree",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    same_as: [b/c]\n"),
      "claims/b.yaml": claim_file("b", "  - id: c\n    text: t\n    same_as: [a/x]\n")},
     []),
    ("refs into a file that failed to load are not guessed at",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    same_as: [b/c]\n"),
      "claims/b.yaml": "version: 1\nsource: [\n"},
     [("b.yaml", 3, 1, "yaml-syntax")]),
    ("article missing", {"claims/a.yaml": claim_file("a", text="../seeds/a.txt")},
     [("a.yaml", 5, 9, "article-missing")]),
    ("article outside the root", {"claims/a.yaml": claim_file("a", text="../../outside.txt")},
     [("a.yaml", 5, 9, "article-outside-root")]),
    ("article at an absolute path", {"claims/a.yaml": claim_file("a", text="/etc/hostname")},
     [("a.yaml", 5, 9, "article-outside-root")]),
    ("article path with a NUL byte", {"claims/a.yaml": claim_file("a", text='"a\\0b.txt"')},
     [("a.yaml", 5, 9, "article-missing")]),
    ("article path a directory", {"claims/a.yaml": claim_file("a", text=".."),
                                  "seeds/a.txt": ARTICLE},
     [("a.yaml", 5, 9, "article-missing")]),
    ("article not utf-8",
     {"claims/a.yaml": claim_file("a", text="../seeds/a.txt"), "seeds/a.txt": b"caf\xe9\n"},
     [("a.yaml", 5, 9, "article-unreadable")]),
    ("quote found",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    quote: 'Moscow\u2019s "
                                  "commitment to \"deepen  strategic partnership\"'\n",
                                  text="../seeds/a.txt"),
      "seeds/a.txt": ARTICLE},
     []),
    ("quote found, case and dashes differ",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    quote: Trade between "
                                  "Russia and the five countries exceeded $45 billion last "
                                  "year - and\n", text="../seeds/a.txt"),
      "seeds/a.txt": ARTICLE},
     []),
    ("quote not found",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    quote: trade exceeded "
                                  "$54 billion\n", text="../seeds/a.txt"),
      "seeds/a.txt": ARTICLE},
     [("a.yaml", 10, 12, "quote-not-found")]),
    ("quote without an article is not checked",
     {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    quote: anything\n")}, []),
]


@pytest.mark.parametrize("files, expected", [r[1:] for r in RULES], ids=[r[0] for r in RULES])
def test_rules(tmp_path, files, expected):
    assert problems(tmp_path, files) == expected


def test_symlink_out_of_the_root(tmp_path):
    (tmp_path / "outside.txt").write_text(ARTICLE, encoding="utf-8")
    story = write(tmp_path / "root", {"claims/a.yaml": claim_file("a", text="../seeds/a.txt")})
    (tmp_path / "root" / "seeds").mkdir()
    os.symlink(tmp_path / "outside.txt", tmp_path / "root" / "seeds" / "a.txt")
    [problem] = lint_paths([str(story)])
    assert (problem.code, problem.line) == ("article-outside-root", 5)
    assert problem.message.startswith(f"the article resolves to {tmp_path / 'outside.txt'}, "
                                      f"outside the project root {tmp_path / 'root'}")


def test_symlink_loop_is_no_traceback(tmp_path):
    story = write(tmp_path, {"claims/a.yaml": claim_file("a", text="../seeds/loop")})
    (tmp_path / "seeds").mkdir()
    os.symlink("loop", tmp_path / "seeds" / "loop")
    [problem] = lint_paths([str(story)])
    assert problem.code in ("article-missing", "article-unreadable")


def test_messages(tmp_path):
    files = {
        "claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    same_as: [b/cc, a/x]\n"
                                    "  - id: x\n    text: u\n"),
        "claims/b.yaml": claim_file("b", "  - id: c\n    text: t\n    same_as: [a/x]\n"
                                    "    not_same_as: [a/x]\n"),
    }
    assert messages(tmp_path, files) == [
        "same_as names 'b/cc', which is no claim of this story: did you mean 'b/c'?",
        "same_as names 'a/x', a claim of the same source as 'a/x': a group holds at most one "
        "claim per source; remove it",
        "claim id 'x' is already used on line 7: claim ids must be unique in a file; rename one",
        f"'a/x' and 'b/c' are both same_as ({(tmp_path / 'claims/b.yaml')} line 9) and "
        "not_same_as: keep one",
    ]


def test_chain_message_names_the_path(tmp_path):
    files = {"claims/a.yaml": claim_file("a", TWO + "    same_as: [b/c]\n"),
             "claims/b.yaml": claim_file("b", "  - id: c\n    text: t\n    same_as: [a/x]\n")}
    assert messages(tmp_path, files) == [
        "same_as links put two claims of source 'a' in one group: a/x -> b/c -> a/y; "
        "remove one of these links"]


def test_cyrillic_story(tmp_path):
    article = "«Россия остаётся одним из ведущих инвесторов» — заявил Путин в Душанбе.\n"
    claims = ("  - id: investor\n    text: Россия — один из ведущих инвесторов региона.\n"
              "    quote: '\"Россия остаётся одним из ведущих инвесторов\" - заявил Путин'\n")
    files = {"claims/ria.yaml": claim_file("ria", claims, text="../seeds/ria.txt"),
             "seeds/ria.txt": article}
    assert problems(tmp_path, files) == []


def test_grounding_problems_are_only_articles_and_quotes(tmp_path):
    files = {"claims/a.yaml": claim_file("a", "  - id: x\n    text: t\n    quote: nowhere at all"
                                         " in it\n    same_as: [z/z]\n", text="../seeds/a.txt"),
             "seeds/a.txt": ARTICLE}
    story = load_story(write(tmp_path, files))
    assert [p.code for p in grounding_problems(story)] == ["quote-not-found"]


def test_normalise_and_near_miss():
    assert normalise("\u00abда\u00bb \u2013 \u2018no\u2019\u00a0\u2026") == '"да" - \'no\' ...'
    assert quote_miss("exceeded $45 billion", normalise(ARTICLE), "a.txt") is None
    assert quote_miss("zzzz qqqq", normalise(ARTICLE), "a.txt") == (
        "quote not found in a.txt, nor anything close to it: copy the passage from the article")


# --- bad input, end to end through main() ------------------------------------------------

def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(argv, stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


FIXTURES = [
    ("empty-file", 1, 1, "empty-file",
     "the file is empty: write a claim file (version: 1, source:, claims:) or remove it"),
    ("a-list", 1, 1, "not-a-mapping", "the file holds a list, not a mapping: a claim file "
     "starts with 'version: 1', 'source:' and 'claims:'"),
    ("a-scalar", 1, 1, "not-a-mapping", "the file holds a single value, not a mapping: a claim "
     "file starts with 'version: 1', 'source:' and 'claims:'"),
    ("invalid-yaml", 8, 21, "yaml-syntax",
     "invalid YAML: mapping values are not allowed in this context: fix the syntax here"),
    ("not-utf8", 4, 33, "not-utf8", "byte 0xe9 is not UTF-8: save the file as UTF-8"),
    ("alias-bomb", 2, 4, "yaml-alias",
     "YAML anchors and aliases are not allowed in claim files: write the value out"),
    ("no-text", 7, 5, "missing-key", "'text' is required in claims[0]: add it"),
    ("version-2", 1, 10, "bad-version",
     "version 2 is not supported: this crosscheck reads claim-file format version 1"),
    ("bad-slug", 3, 7, "bad-slug", "source.id 'Realist English' is not a slug: use lowercase "
     "letters, digits and hyphens, e.g. 'realist-english'"),
    ("bad-url", 5, 8, "bad-url", "source.url 'ftp://realist.online/putin-summit' is not an "
     "http(s) address: write https://\u2026"),
    ("bad-date", 5, 14, "bad-date", "source.published '2025-13-40' is not a calendar date: "
     "write YYYY-MM-DD (a date, not a date-time)"),
    ("missing-article", 5, 9, "article-missing", "no article file at "
     "tests/data/bad/missing-article/realist-english.txt: fix the path (it is relative to "
     "this claim file) or add the file"),
    ("quote-80", 10, 12, "quote-not-found", "quote not found in "
     "tests/data/bad/quote-80/article.txt; closest passage (81%): 'between Russia and the "
     "five countries exceeded $45 billion last year'"),
]


@pytest.mark.parametrize("case, line, column, code, message", FIXTURES,
                         ids=[f[0] for f in FIXTURES])
def test_bad_input(monkeypatch, case, line, column, code, message):
    monkeypatch.chdir(REPO)
    path = f"tests/data/bad/{case}/claims.yaml"
    assert run(["lint", path]) == (
        1, f"{path}:{line}:{column}  {code}  {message}\n1 problem in 1 file\n", "")


def test_bad_input_as_json(monkeypatch):
    monkeypatch.chdir(REPO)
    code, out, _ = run(["lint", "--format", "json", "tests/data/bad/version-2"])
    assert code == 1
    assert json.loads(out) == {"version": 1, "problems": [{
        "file": "tests/data/bad/version-2/claims.yaml", "line": 1, "column": 10,
        "code": "bad-version",
        "message": "version 2 is not supported: this crosscheck reads claim-file format version 1",
    }]}


def test_bom_and_crlf_simply_work(monkeypatch):
    monkeypatch.chdir(REPO)
    raw = (BAD / "bom-crlf" / "claims.yaml").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw  # git kept the bytes
    assert run(["lint", "tests/data/bad/bom-crlf"]) == (0, "no problems in 1 file\n", "")
    assert run(["lint", "-q", "tests/data/bad/bom-crlf"]) == (0, "", "")


def test_alias_bomb_is_refused_fast_and_small():
    tracemalloc.start()
    started = time.perf_counter()
    try:
        loaded = load_file(BAD / "alias-bomb" / "claims.yaml")
        elapsed = time.perf_counter() - started
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [p.code for p in loaded.problems] == ["yaml-alias"]
    assert elapsed < 1.0
    assert peak < 100 * 1024 * 1024


def test_over_the_size_limit(tmp_path):
    path = tmp_path / "claims" / "big.yaml"
    path.parent.mkdir()
    path.write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    size = path.stat().st_size
    code, out, err = run(["lint", str(path)])
    assert (code, err) == (1, "")
    assert out == (f"{path}:1:1  too-large  the file is {size:,} bytes, over the 5,242,880-byte "
                   "limit: split the source's claims into a smaller file\n1 problem in 1 file\n")


def test_other_files_still_checked(tmp_path):
    story = write(tmp_path, {
        "claims/a.yaml": "version: 1\nsource: [\n",
        "claims/b.yaml": claim_file("b", "  - id: c\n    text: t\n    qoute: q\n"),
        "claims/c.yaml": claim_file("c"),
    })
    code, out, _ = run(["lint", str(story / "c.yaml")])
    assert code == 1
    assert out.splitlines() == [
        f"{story / 'a.yaml'}:3:1  yaml-syntax  invalid YAML: did not find expected node "
        "content: fix the syntax here",
        f"{story / 'b.yaml'}:9:5  unknown-key  unknown key 'qoute' in claims[0]: "
        "did you mean 'quote'?",
        "2 problems in 2 files",
    ]


def test_stories_found_recursively_and_counted(tmp_path):
    write(tmp_path, {"claims/one/a.yaml": claim_file("a"), "claims/two/a.yml": claim_file("a"),
                     "claims/two/b.yaml": claim_file("b")})
    assert run(["lint", str(tmp_path / "claims")]) == (0, "no problems in 3 files\n", "")


def test_no_such_path_is_usage(tmp_path):
    code, out, err = run(["lint", str(tmp_path / "nowhere")])
    assert (code, out) == (2, "")
    assert err == f"crosscheck: {tmp_path / 'nowhere'}: no such file or directory\n"


def test_the_project_claims_are_clean(monkeypatch):
    monkeypatch.chdir(REPO)
    assert lint_paths(["tests/data/devset/claims"]) == []
    if (REPO / "claims").is_dir():
        assert lint_paths(["claims"]) == []


# --- formats ------------------------------------------------------------------------------

SAMPLE = [Problem("claims/b.yaml", 9, 5, "unknown-key", "unknown key 'qoute': did you mean?"),
          Problem("claims/a.yaml", 12, 15, "ref-chain", "a/x -> b/c -> a/y, 100%,\nnext")]


def test_table_is_sorted_and_summed():
    assert render_problems(SAMPLE, "table", files=5) == (
        "claims/a.yaml:12:15  ref-chain    a/x -> b/c -> a/y, 100%, next\n"
        "claims/b.yaml:9:5    unknown-key  unknown key 'qoute': did you mean?\n"
        "2 problems in 2 files\n")
    assert render_problems([], "table", files=1) == "no problems in 1 file\n"
    assert render_problems(SAMPLE, "table", quiet=True).splitlines()[-1].startswith("claims/b")


def test_table_colour_only_when_asked():
    assert "\x1b[" not in render_problems(SAMPLE, "table")
    coloured = render_problems(SAMPLE, "table", color=True)
    assert "\x1b[31mref-chain\x1b[0m" in coloured
    assert coloured.splitlines()[1].index("unknown key") == \
        render_problems(SAMPLE, "table").splitlines()[1].index("unknown key") + 9


def test_json_format():
    document = json.loads(render_problems(SAMPLE, "json"))
    assert document["version"] == 1
    assert [p["file"] for p in document["problems"]] == ["claims/a.yaml", "claims/b.yaml"]
    assert list(document["problems"][0]) == ["file", "line", "column", "code", "message"]
    assert render_problems([], "json") == '{\n  "version": 1,\n  "problems": []\n}\n'


def test_github_format_escapes_and_caps():
    assert render_problems(SAMPLE, "github").splitlines() == [
        "::error file=claims/a.yaml,line=12,col=15,title=ref-chain::a/x -> b/c -> a/y, "
        "100%25,%0Anext",
        "::error file=claims/b.yaml,line=9,col=5,title=unknown-key::unknown key 'qoute': "
        "did you mean?",
    ]
    odd = [Problem("a,b:c.yaml", 1, 1, "x", "m")]
    assert render_problems(odd, "github") == "::error file=a%2Cb%3Ac.yaml,line=1,col=1,title=x::m\n"
    many = [Problem(f"f{i:02}.yaml", 1, 1, "empty-file", "empty") for i in range(13)]
    lines = render_problems(many, "github").splitlines()
    assert len(lines) == 11
    assert lines[-1] == "::notice::3 more problems not annotated (13 in all): run crosscheck lint"
    assert render_problems([], "github") == ""


def test_lint_format_json_through_main(tmp_path):
    story = write(tmp_path, {"claims/a.yaml": claim_file("a")})
    assert run(["lint", "--format", "json", str(story)]) == (
        0, '{\n  "version": 1,\n  "problems": []\n}\n', "")


# --- the README stays true ----------------------------------------------------------------

CODES = ["empty-file", "not-a-mapping", "yaml-syntax", "not-utf8", "too-large", "too-deep",
         "unreadable", "yaml-alias", "bad-key", "duplicate-key", "missing-key", "unknown-key",
         "bad-version", "bad-date", "bad-slug", "bad-url", "bad-ref", "bad-value", "bad-type",
         "duplicate-claim-id", "duplicate-source-id", "ref-unknown", "ref-same-source",
         "ref-chain", "ref-conflict", "article-missing", "article-outside-root",
         "article-unreadable", "quote-not-found"]


def _readme_lint_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## Lint: problem codes")
    end = text.find("\n## ", start + 1)
    return text[start:end if end > 0 else None]


def test_every_code_is_documented_and_emitted():
    section = _readme_lint_section()
    documented = [line.split("`")[1] for line in section.splitlines()
                  if line.startswith("| `")]
    assert documented == CODES
    sources = "".join((REPO / "src" / "crosscheck" / name).read_text(encoding="utf-8")
                      for name in ("loader.py", "lint.py"))
    assert [code for code in CODES if f'"{code}"' not in sources] == []


README_STORY = {
    "claims/realist-english.yaml": """version: 1
source:
  id: realist-english
  outlet: Realist English
  published: 2025-10-09
  text: ../seeds/004_483b8ff8e7743336.txt
  style: wire
claims:
  - id: summit-weekday
    text: The second Russia–Central Asia summit took place on Wednesday.
    same_as: [kursiv/summit-weekdy]
  - id: trade-2024
    text: Trade between Russia and the five Central Asian states exceeded $45 billion last year.
    quote: trade between Russia and the five countries exceeded $54 billion last year
  - id: summit-weekday
    text: Leaders adopted a joint communiqué and an action plan for 2025–2027.
""",
    "claims/kursiv.yaml": """version: 1
source:
  id: kursiv
  outlet: Kursiv
  style: wire
claims:
  - id: summit-weekday
    text: The summit opened in Dushanbe on Thursday.
""",
    "claims/anadolu.yaml": """version: 1
source:
  id: anadolu
  outlet: Anadolu Agency
  published: 2025-10-09T14:30:00
  style: wire
claims:
  - id: summit-began
    text: The summit began on Thursday in Dushanbe.
    qoute: The summit began on Thursday
""",
}


def test_readme_example_output_is_real(tmp_path, monkeypatch):
    seed = "seeds/004_483b8ff8e7743336.txt"
    write(tmp_path, {**README_STORY, seed: (REPO / seed).read_bytes()})
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(["lint"])
    section = _readme_lint_section()
    shown = section[section.index("$ crosscheck lint\n") + 18:section.index("$ echo $?")]
    assert (code, out) == (1, shown)


def test_a_broken_link_is_reported_not_skipped(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims").mkdir()
    (tmp_path / "claims" / "gone.yaml").symlink_to(tmp_path / "nowhere.yaml")
    code, out, _ = run(["lint", "claims"])
    assert code == 1
    assert out.startswith("claims/gone.yaml:1:1  unreadable  cannot read the file")
