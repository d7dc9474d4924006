"""``check --format sarif``: the check as a SARIF 2.1.0 log, for code-scanning dashboards.

One run; one rule per conflict kind (``conflict/weekday`` …) and one per quote or
article problem (``quote-not-found`` …).  Results:

* each conflict, on its dissenting claims (``- id:`` lines), with the consensus
  claims as related locations: ``level`` ``error`` and ``baselineState`` ``new``
  when no baseline entry accepts it; ``note``, ``unchanged`` and an external
  suppression carrying the person's reason when one does;
* each stale baseline entry: ``level`` ``none``, ``baselineState`` ``absent``, on the
  baseline file;
* each quote or article problem: ``error``, ``new``.

``partialFingerprints["crosscheck/v1"]`` is a hash of the baseline key (story, kind,
dissenting claims and their texts), so a dashboard tracks one conflict across
commits exactly as the baseline does.  Paths are relative to the root
(``uriBaseId`` ``%SRCROOT%``), so the log is the same on every machine.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import quote

from .. import __version__
from ..baseline import FINGERPRINT_KEY, Entry, conflicts_found
from ..check import CheckResult
from ..records import CONFLICT_KINDS, Problem

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
FALLBACK_URI = "https://example.org/crosscheck"  # until [project.urls] names a home page
SRCROOT = "%SRCROOT%"

KIND_WORDS = {
    "quantity": "quantities whose ranges cannot both hold",
    "date": "different dates or years for the same event",
    "weekday": "different weekdays for the same event",
    "name": "a different place, person, organisation or product in the same role",
    "speaker": "a different speaker for the same statement",
    "polarity": "opposite polarity (\"will\" vs \"will not\")",
}
PROBLEM_WORDS = {
    "quote-not-found": "a claim's quote is not in its article",
    "article-missing": "a source's article file does not exist",
    "article-outside-root": "a source's article resolves outside the project root",
    "article-unreadable": "a source's article cannot be read",
}


def render_sarif(result: CheckResult) -> str:
    """The SARIF log as text (indent 2, a final newline)."""
    return json.dumps(sarif_log(result), indent=2, ensure_ascii=False) + "\n"


def sarif_log(result: CheckResult) -> dict[str, Any]:
    rules = rule_ids(result)
    results = conflict_results(result, rules) + stale_results(result, rules)
    results += [problem_result(problem, result, rules) for problem in result.findings]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{
            "tool": {"driver": driver(list(rules))},
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    }


def rule_ids(result: CheckResult) -> dict[str, int]:
    """Every rule id with its index: the conflict kinds, the problem codes, and any other
    code a problem carries."""
    ids = [f"conflict/{kind}" for kind in CONFLICT_KINDS] + list(PROBLEM_WORDS)
    ids += sorted({p.code for p in result.findings} - set(ids))
    return {rule: index for index, rule in enumerate(ids)}


def driver(rules: list[str]) -> dict[str, Any]:
    return {"name": "crosscheck", "version": __version__, "semanticVersion": __version__,
            "informationUri": information_uri(), "rules": [rule(r) for r in rules]}


def rule(rule_id: str) -> dict[str, Any]:
    if rule_id.startswith("conflict/"):
        kind = rule_id.split("/", 1)[1]
        short = f"Sources contradict each other: {KIND_WORDS.get(kind, kind)}"
        help_text = ("A claim contradicts the other sources' claims of the same proposition. "
                     "Correct the claim file if it misreports its article; if the article "
                     "really says so, accept the conflict with `crosscheck baseline` and write "
                     "the reason in the baseline.")
        name = f"{kind.capitalize()}Conflict"
    else:
        short = PROBLEM_WORDS.get(rule_id, rule_id).capitalize()
        help_text = ("The claim's evidence does not hold: quote the article exactly (whitespace, "
                     "typographic quotes and dashes do not matter), or fix `source.text`.")
        name = "".join(part.capitalize() for part in rule_id.split("-"))
    return {"id": rule_id, "name": name, "shortDescription": {"text": short},
            "fullDescription": {"text": short + "."}, "help": {"text": help_text},
            "defaultConfiguration": {"level": "error"}}


def conflict_results(result: CheckResult, rules: dict[str, int]) -> list[dict[str, Any]]:
    base = result.baseline_path.resolve().parent
    results = []
    for found in conflicts_found(result.reports, base=base):
        conflict, members = found.conflict, {m.key: m for m in found.group.members}
        rule_id = f"conflict/{conflict.kind}"
        item: dict[str, Any] = {
            "ruleId": rule_id, "ruleIndex": rules[rule_id],
            "level": "note" if conflict.accepted else "error",
            "message": {"text": conflict.reason},
            "locations": [location(result, members[key].file, members[key].line,
                                   f"{key} (dissent)")
                          for key in conflict.dissent if key in members],
            "relatedLocations": [
                {"id": index, **location(result, members[key].file, members[key].line,
                                         f"{key} (consensus)")}
                for index, key in enumerate(conflict.consensus, 1) if key in members],
            "baselineState": "unchanged" if conflict.accepted else "new",
            "partialFingerprints": {FINGERPRINT_KEY: found.entry.fingerprint},
            "properties": {"story": found.entry.story, "dissent": list(conflict.dissent),
                           "consensus": list(conflict.consensus)},
        }
        if conflict.accepted:
            item["suppressions"] = [suppression(conflict.accepted_reason)]
        results.append(item)
    return results


def suppression(reason: str | None) -> dict[str, Any]:
    """An accepted conflict: suppressed outside the source, by the baseline."""
    data: dict[str, Any] = {"kind": "external", "status": "accepted"}
    if reason:
        data["justification"] = reason
    return data


def stale_results(result: CheckResult, rules: dict[str, int]) -> list[dict[str, Any]]:
    return [stale_result(entry, result, rules) for entry in result.stale]


def stale_result(entry: Entry, result: CheckResult, rules: dict[str, int]) -> dict[str, Any]:
    rule_id = f"conflict/{entry.kind}"
    claims = ", ".join(d.claim for d in entry.dissent)
    return {
        "ruleId": rule_id, "ruleIndex": rules[rule_id], "kind": "informational",
        "level": "none",
        "message": {"text": f"No longer occurs (stale baseline entry; `crosscheck baseline` "
                            f"drops it): {entry.conflict or claims}"},
        "locations": [{"physicalLocation": {"artifactLocation": artifact(
            result.relative(str(result.baseline_path)))}}],
        "baselineState": "absent",
        "partialFingerprints": {FINGERPRINT_KEY: entry.fingerprint},
        "properties": {"story": entry.story, "dissent": [d.claim for d in entry.dissent]},
    }


def problem_result(problem: Problem, result: CheckResult,
                   rules: dict[str, int]) -> dict[str, Any]:
    file = result.relative(problem.file)
    key = json.dumps([problem.code, file, problem.message], ensure_ascii=False)
    physical = {"artifactLocation": artifact(file),
                "region": {"startLine": max(problem.line, 1),
                           "startColumn": max(problem.column, 1)}}
    return {
        "ruleId": problem.code, "ruleIndex": rules[problem.code], "level": "error",
        "message": {"text": problem.message},
        "locations": [{"physicalLocation": physical}],
        "baselineState": "new",
        "partialFingerprints": {
            FINGERPRINT_KEY: hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]},
    }


def location(result: CheckResult, file: str, line: int, text: str) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": artifact(result.relative(file))}
    if line > 0:
        physical["region"] = {"startLine": line}
    return {"physicalLocation": physical, "message": {"text": text}}


def artifact(path: str) -> dict[str, Any]:
    """A root-relative path as a URI reference (``%SRCROOT%``); a path outside the root
    as a ``file:`` URI."""
    if PurePosixPath(path).is_absolute():
        return {"uri": Path(path).as_uri()}
    return {"uri": quote(path, safe="/"), "uriBaseId": SRCROOT}


def information_uri() -> str:
    """The project's home page from the installed metadata, else a placeholder."""
    from importlib import metadata

    try:
        meta = metadata.metadata("crosscheck")
    except metadata.PackageNotFoundError:
        return FALLBACK_URI
    for entry in meta.get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() in ("homepage", "home", "source", "repository") and url.strip():
            return url.strip()
    return meta.get("Home-page") or FALLBACK_URI
