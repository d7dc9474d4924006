#!/usr/bin/env python3
"""Classify the gold groups of the development set and score the statuses.

The alignment is taken from ``gold.yaml`` (not computed): each gold group is
judged by :func:`crosscheck.classify.judge`, and every claim in no gold group
is expected ``unique``.  Prints the status accuracy, the recall and precision
of each status, and every miss with its reasons.

    PYTHONPATH=src python scripts/classify_devset.py [tests/data/devset]

Exit code 0 when the targets hold (accuracy >= 0.95, every gold contradiction
found, no false contradiction), else 1.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ruamel.yaml import YAML

from crosscheck.classify import judge
from crosscheck.records import CONTRADICT, STATUSES, UNIQUE
from crosscheck.story import load_story, members_of

DEFAULT_DEVSET = Path(__file__).resolve().parent.parent / "tests" / "data" / "devset"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("devset", nargs="?", type=Path, default=DEFAULT_DEVSET,
                        help="directory holding claims/ and gold.yaml (default: %(default)s)")
    args = parser.parse_args(argv)
    rows = classify(args.devset)
    return report(rows)


def classify(devset: Path) -> list[tuple[str, tuple[str, ...], str, tuple[str, ...]]]:
    """(group name, acceptable statuses, status found, reasons) for every gold group and lone claim."""
    story = load_story(devset / "claims")
    if story.load_problems:
        raise SystemExit("\n".join(f"{p.file}:{p.line}: {p.message}" for p in story.load_problems))
    members = {m.key: m for m in members_of(story)}
    gold = YAML(typ="safe").load((devset / "gold.yaml").read_text(encoding="utf-8"))
    rows, grouped = [], set()
    for group in gold["groups"]:
        keys = group["members"]
        grouped.update(keys)
        verdict = judge([members[key] for key in keys])
        rows.append((" + ".join(keys), tuple(group["status"]), verdict.status, verdict.reasons))
    for key in sorted(set(members) - grouped):
        verdict = judge([members[key]])
        rows.append((key, (UNIQUE,), verdict.status, verdict.reasons))
    return rows


def report(rows) -> int:
    correct = sum(found in expected for _, expected, found, _ in rows)
    print(f"groups: {len(rows)}  status accuracy: {correct / len(rows):.3f} ({correct}/{len(rows)})")
    print(f"{'status':<11} {'gold':>4} {'found':>5} {'recall':>7} {'precision':>9}")
    for status in STATUSES:
        gold = [r for r in rows if r[1][0] == status]
        found = [r for r in rows if r[2] == status]
        recall = _share(sum(r[2] in r[1] for r in gold), len(gold))
        precision = _share(sum(status in r[1] for r in found), len(found))
        print(f"{status:<11} {len(gold):>4} {len(found):>5} {recall:>7} {precision:>9}")
    misses = [r for r in rows if r[2] not in r[1]]
    print(f"misses: {len(misses)}")
    for name, expected, found, reasons in misses:
        print(f"  {name}\n    expected {'/'.join(expected)}, got {found}")
        for reason in reasons:
            print(f"    - {reason}")
    missed_contradictions = [r for r in rows if r[1] == (CONTRADICT,) and r[2] != CONTRADICT]
    false_contradictions = [r for r in rows if r[2] == CONTRADICT and CONTRADICT not in r[1]]
    ok = correct / len(rows) >= 0.95 and not missed_contradictions and not false_contradictions
    print(f"targets: {'met' if ok else 'NOT met'} (contradictions missed: "
          f"{len(missed_contradictions)}, false contradictions: {len(false_contradictions)})")
    return 0 if ok else 1


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f}" if whole else "-"


if __name__ == "__main__":
    sys.exit(main())
