"""The CI integrations: the example GitHub workflow and the pre-commit hooks."""

from __future__ import annotations

import re
from pathlib import Path

from check_jsonschema.builtin_schemas import get_builtin_schema
from jsonschema import Draft7Validator
from ruamel.yaml import YAML

REPO = Path(__file__).resolve().parent.parent


def load_yaml(path: Path):
    return YAML(typ="safe", pure=True).load(path.read_text(encoding="utf-8"))  # YAML 1.2: `on`


def test_the_example_workflow_is_a_valid_github_workflow():
    """Validated against the GitHub-workflow schema that check-jsonschema ships (no network)."""
    schema = get_builtin_schema("vendor.github-workflows")
    workflow = load_yaml(REPO / "docs" / "github-workflow.yml")
    errors = sorted(Draft7Validator(schema).iter_errors(workflow), key=str)
    assert [error.message for error in errors] == []


def test_the_example_workflow_runs_check_with_github_annotations():
    workflow = load_yaml(REPO / "docs" / "github-workflow.yml")
    steps = workflow["jobs"]["check"]["steps"]
    uses = [step.get("uses", "").split("@")[0] for step in steps]
    assert uses[:2] == ["actions/checkout", "actions/setup-python"]
    runs = [step["run"] for step in steps if "run" in step]
    assert any("pip install" in run for run in runs)
    assert "crosscheck check claims/ --format github" in runs[-1]


def test_the_pre_commit_hook_checks_the_whole_story():
    hooks = {hook["id"]: hook for hook in load_yaml(REPO / ".pre-commit-hooks.yaml")}
    check = hooks["crosscheck-check"]
    assert check["entry"] == "crosscheck check"
    assert check["language"] == "python"
    assert check["pass_filenames"] is False  # a new claim can contradict an unchanged file
    assert re.search(check["files"], "claims/afp.yaml")
    assert re.search(check["files"], "claims/afp.yml")
    assert not re.search(check["files"], "seeds/afp.txt")
    for hook in hooks.values():
        assert set(hook) <= {"id", "name", "description", "entry", "language", "pass_filenames",
                             "files", "require_serial"}


def readme_ci_section() -> str:
    text = (REPO / "README.md").read_text(encoding="utf-8")
    start = text.index("## CI: check and baseline")
    end = text.find("\n## ", start + 1)
    return text[start:] if end < 0 else text[start:end]


def test_the_readme_shows_the_example_workflow_as_it_is():
    workflow = (REPO / "docs" / "github-workflow.yml").read_text(encoding="utf-8")
    body = "".join(line for line in workflow.splitlines(keepends=True)
                   if not line.startswith("#")).lstrip("\n")
    assert f"```yaml\n{body}```" in readme_ci_section()
