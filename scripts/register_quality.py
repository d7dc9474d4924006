#!/usr/bin/env python3
"""How well register detection agrees with the annotated registers of the seed claims.

Loads every claim file under the directory (default ``claims/``), ignores each
claim's ``register`` key and resolves the register again from its quote and its
source's style (:func:`crosscheck.register.resolve_register`), then prints the
agreement with the annotation overall, on the claims whose annotated register
differs from their source's style, the same two figures for the source's style
alone, and the confusion matrix.

    PYTHONPATH=src python scripts/register_quality.py [claims] [--misses]

Exit code 0 when agreement is at least 80% overall and 60% on the claims that
differ from their source's style, else 1.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from crosscheck.records import REGISTERS
from crosscheck.register import register_score, resolve_register
from crosscheck.story import find_stories, load_story

DEFAULT_CLAIMS = Path(__file__).resolve().parent.parent / "claims"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("claims", nargs="?", type=Path, default=DEFAULT_CLAIMS,
                        help="directory of claim files, searched recursively (default: %(default)s)")
    parser.add_argument("--misses", action="store_true", help="print every disagreement")
    args = parser.parse_args(argv)
    rows = annotated_claims(args.claims)
    if not rows:
        print(f"{args.claims}: no claim with a register key", file=sys.stderr)
        return 1
    return report(rows, show_misses=args.misses)


def annotated_claims(directory: Path) -> list[dict]:
    """One row per claim that has a ``register`` key: annotation, style, detection."""
    rows = []
    for story_dir in find_stories([str(directory)]):
        story = load_story(story_dir)
        for problem in story.load_problems:
            print(f"{problem.file}:{problem.line}: {problem.message}", file=sys.stderr)
        for loaded in story.good_files:
            style = loaded.model.source.style
            for claim in loaded.model.claims:
                if claim.register_ is None:
                    continue
                found, found_from = resolve_register(None, claim.quote, style)
                rows.append({"key": f"{loaded.model.source.id}/{claim.id}", "gold": claim.register_,
                             "style": style, "found": found, "from": found_from,
                             "quote": claim.quote})
    return rows


def report(rows: list[dict], *, show_misses: bool = False) -> int:
    differing = [r for r in rows if r["gold"] != r["style"]]
    overall = _agreement(rows, "found")
    on_differing = _agreement(differing, "found")
    print(f"claims: {len(rows)} (annotated register differs from the source's style: {len(differing)})")
    print(f"detection agrees:   overall {_pct(overall)}   where it differs from style {_pct(on_differing)}")
    print(f"style alone agrees: overall {_pct(_agreement(rows, 'style'))}   "
          f"where it differs from style {_pct(_agreement(differing, 'style'))}")
    decided = Counter(r["from"] for r in rows)
    print(f"decided by: quote {decided['quote']}, source {decided['source']}")
    print("confusion (rows: annotated, columns: detected)")
    print(f"  {'':<11}" + "".join(f"{r:>11}" for r in REGISTERS))
    for gold in REGISTERS:
        counts = Counter(r["found"] for r in rows if r["gold"] == gold)
        print(f"  {gold:<11}" + "".join(f"{counts[r]:>11}" for r in REGISTERS))
    if show_misses:
        for row in rows:
            if row["found"] != row["gold"]:
                print(f"  miss {row['key']}: annotated {row['gold']}, got {row['found']} "
                      f"({row['from']}, score {register_score(row['quote'] or '')}): {row['quote']!r}")
    ok = overall[0] >= 0.8 * overall[1] and on_differing[0] >= 0.6 * on_differing[1]
    print(f"targets (80% overall, 60% where it differs): {'met' if ok else 'NOT met'}")
    return 0 if ok else 1


def _agreement(rows: list[dict], column: str) -> tuple[int, int]:
    return sum(r[column] == r["gold"] for r in rows), len(rows)


def _pct(pair: tuple[int, int]) -> str:
    agreed, total = pair
    return f"{agreed / total:.1%} ({agreed}/{total})" if total else "-"


if __name__ == "__main__":
    sys.exit(main())
