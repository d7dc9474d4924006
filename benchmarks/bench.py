#!/usr/bin/env python3
"""crosscheck's scale benchmark (issue 7): prints every figure of the targets in one run.

1. One story of S sources x C claims (``synth.generate``, seed 1) for each S in ``--sizes``:
   the whole pipeline (load + align + classify, ``compare_story``) timed in a fresh child process
   each repeat, so peak memory is that child's ``ru_maxrss``; median wall time of ``--repeat``
   runs; pairwise F1 and status accuracy against the generator's truth (``gold.yaml``).
   Up to ``--exhaustive-max`` sources the same for the exhaustive approach: every cross-source
   pair scored with the aligner's own similarity (``crosscheck.align.similarity`` on the
   aligner's profiles, cut-off = the aligner's threshold), then joined greedily, best pair
   first, one claim per source per group; classified by the same classifier.
2. ``crosscheck report claims`` (the seed story) and ``crosscheck --help`` as whole processes,
   median of 5.
3. 1,000 stories of 10 sources x 30 claims, ``crosscheck report --format json -q`` with
   ``--jobs 1`` and ``--jobs 2``: both times, the speed-up, and whether the outputs are identical.

Pairwise F1 counts, over all unordered pairs of claims from different sources, the pairs that
share a predicted group against the pairs that share a gold group (counted per group, not by
listing the pairs, which would take gigabytes at S = 1000; the generator writes no
``ambiguous_pairs``, so this is what ``scripts/quality.py`` computes). Status accuracy is
``scripts/quality.py``'s ``status_figures``.

Usage (from the repository root)::

    PYTHONPATH=src python benchmarks/bench.py                  # everything (long: S = 1000 and 1,000 stories)
    PYTHONPATH=src python benchmarks/bench.py --sizes 2,10 --stories 50
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = Path(__file__).resolve().parent
SIZES = (2, 10, 50, 200, 400, 1000)
CLAIMS = 100
SEED = 1


def _module(name: str, path: Path):
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT / "src"), env.get("PYTHONPATH")) if p)
    return env


def say(*parts) -> None:
    print(*parts, flush=True)


# --- the child: one pipeline run in a fresh process ------------------------------------------

def exhaustive_aligner(members, *, threshold=50.0, links=None, **_ignored):
    """Every cross-source pair scored with the aligner's similarity, then grouped greedily."""
    from crosscheck import align as A

    members = sorted({m.key: m for m in members}.values(), key=lambda m: (m.source, m.claim))
    profs = A.profiles([m.text for m in members], [m.speaker for m in members])
    sources = [m.source for m in members]
    similarity = A.similarity
    pairs = []
    n = len(members)
    for i in range(n - 1):
        a, s = profs[i], sources[i]
        for j in range(i + 1, n):
            if sources[j] != s:
                score = similarity(a, profs[j], score_cutoff=threshold)
                if score:
                    pairs.append((-score, i, j))
    pairs.sort()
    group = {i: [i] for i in range(n)}
    used = {i: {sources[i]} for i in range(n)}
    scores: dict[int, list[float]] = {}
    for negative, i, j in pairs:
        gi, gj = group[i], group[j]
        if gi is gj or used[gi[0]] & used[gj[0]]:
            continue
        merged = gi + gj
        srcs = used[gi[0]] | used[gj[0]]
        kept = scores.pop(id(gi), []) + scores.pop(id(gj), []) + [-negative]
        scores[id(merged)] = kept
        for k in merged:
            group[k] = merged
            used[k] = srcs
    unique = {id(g): g for g in group.values()}
    groups = tuple(A.AlignedGroup(
        tuple(members[k] for k in sorted(g)),
        None if len(g) == 1 else round(statistics.fmean(scores.get(key, [threshold])), 1), A.SCORE)
        for key, g in unique.items())
    return A.Alignment(groups, ())


def child(directory: Path, gold_path: Path, aligner: str) -> None:
    start = time.perf_counter()
    from crosscheck import align as align_module
    from crosscheck.compare import compare_story
    from crosscheck.config import Settings
    from crosscheck.story import load_story

    if aligner == "exhaustive":
        align_module.align = exhaustive_aligner  # compare_story imports it when called
    story = load_story(directory)
    report = compare_story(story, Settings())
    seconds = time.perf_counter() - start
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

    quality = _module("quality", ROOT / "scripts" / "quality.py")
    from ruamel.yaml import YAML

    data = YAML(typ="safe").load(gold_path.read_text(encoding="utf-8")) or {}
    assert not data.get("ambiguous_pairs"), "pairwise F1 below leaves no room for ambiguous pairs"
    gold_groups = [list(g["members"]) for g in data.get("groups") or []]
    status = {k: tuple(g["status"]) for g in data.get("groups") or [] for k in g["members"]}
    gold = quality.Gold(set(), set(), status)
    predicted = quality.Predicted(set(), {}, [], {}, "crosscheck.classify", {})
    for g in report.groups:
        for m in g.members:
            predicted.status[m.key] = g.status
    accuracy = quality.status_figures(gold, predicted)["accuracy"]
    precision, recall, f1 = pairwise_f1([[m.key for m in g.members] for g in report.groups], gold_groups)
    print(json.dumps({"seconds": seconds, "peak_mib": peak_kib / 1024, "f1": f1, "precision": precision,
                      "recall": recall, "accuracy": accuracy, "claims": len(predicted.status)}))


def pairwise_f1(predicted, gold) -> tuple[float, float, float]:
    """Precision, recall, F1 of same-group pairs; groups hold at most one claim per source."""
    label = {member: index for index, group in enumerate(gold) for member in group}
    tp = 0
    for group in predicted:
        counts = Counter(label[m] for m in group if m in label)
        tp += sum(n * (n - 1) // 2 for n in counts.values())
    found = sum(len(g) * (len(g) - 1) // 2 for g in predicted)
    truth = sum(len(g) * (len(g) - 1) // 2 for g in gold)
    precision = tp / found if found else 1.0
    recall = tp / truth if truth else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def run_child(directory: Path, gold: Path, aligner: str) -> dict:
    done = subprocess.run([sys.executable, str(Path(__file__).resolve()), "--child", str(directory),
                           str(gold), aligner], capture_output=True, text=True, env=_env())
    if done.returncode:
        raise RuntimeError(f"child failed ({aligner}, {directory}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the parent ------------------------------------------------------------------------------

def machine() -> str:
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (f"machine: nproc {os.cpu_count()}, CPU {model}, Python {platform.python_version()} "
            f"({platform.python_implementation()}), {platform.system()} {platform.release()}")


def timed(command: list[str], **kwargs) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    done = subprocess.run(command, capture_output=True, env=_env(), **kwargs)
    return time.perf_counter() - start, done


def median_of(command: list[str], times: int, **kwargs) -> float:
    seconds = []
    for _ in range(times):
        elapsed, done = timed(command, **kwargs)
        if done.returncode not in (0, 1):  # report exits 1 when it finds contradictions
            raise RuntimeError(f"{command} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
        seconds.append(elapsed)
    return statistics.median(seconds)


def stories_section(work: Path, count: int, synth) -> None:
    root = work / "stories"
    start = time.perf_counter()
    for index in range(1, count + 1):
        story = synth.generate(sources=10, claims=30, seed=index)
        directory = root / f"story-{index:04d}"
        directory.mkdir(parents=True, exist_ok=True)
        for source in story.sources:
            (directory / f"{source.id}.yaml").write_text(synth.source_yaml(source, index), encoding="utf-8")
    say(f"\n{count} stories of 10 sources x 30 claims generated in {time.perf_counter() - start:.1f} s "
        f"under {root}")
    out = {}
    for jobs in (1, 2):
        command = [sys.executable, "-m", "crosscheck", "report", "--format", "json", "-q",
                   "--jobs", str(jobs), str(root)]
        elapsed, done = timed(command, cwd=work)
        if done.returncode not in (0, 1):
            raise RuntimeError(f"--jobs {jobs} exited {done.returncode}:\n{done.stderr.decode()[-2000:]}")
        out[jobs] = (elapsed, done.stdout)
        say(f"  report --format json -q --jobs {jobs}: {elapsed:8.2f} s  ({len(done.stdout):,} bytes, "
            f"exit {done.returncode})")
    speedup = out[1][0] / out[2][0]
    same = out[1][1] == out[2][1]
    say(f"  speed-up --jobs 2 vs --jobs 1: {speedup:.2f}x (target >= 1.7)   outputs byte-identical: "
        f"{'yes' if same else 'NO'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=",".join(map(str, SIZES)),
                        help="sources per story, comma-separated (default %(default)s)")
    parser.add_argument("--claims", type=int, default=CLAIMS, help="claims per source (default 100)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="runs per size (default: 3 for S <= 200, 1 above)")
    parser.add_argument("--exhaustive-max", type=int, default=50,
                        help="largest S for the exhaustive approach (default %(default)s)")
    parser.add_argument("--stories", type=int, default=1000,
                        help="stories for the --jobs comparison (default %(default)s; 0 skips it)")
    parser.add_argument("--workdir", type=Path, default=None,
                        help="where generated stories go (default: a temporary directory, removed)")
    parser.add_argument("--child", nargs=3, metavar=("CLAIMS_DIR", "GOLD", "ALIGNER"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(Path(args.child[0]), Path(args.child[1]), args.child[2])
        return 0

    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    synth = _module("synth", HERE / "synth.py")
    say(machine())
    say(f"command: {' '.join([Path(sys.executable).name, *sys.argv])}")
    with tempfile.TemporaryDirectory(prefix="crosscheck-bench-") as temporary:
        work = args.workdir or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        say(f"generated data under {work}\n")
        say(f"one story, S sources x {args.claims} claims (seed {SEED}); times are medians; memory is the "
            "child's peak RSS")
        say(f"{'S':>5} {'claims':>7} {'runs':>4} | {'time s':>8} {'peak MiB':>8} {'F1':>6} {'status':>6} |"
            f" {'exh. s':>8} {'exh. F1':>7} {'exh/cc':>7} {'F1 diff':>7}")
        medians = {}
        for size in sizes:
            story = synth.generate(sources=size, claims=args.claims, seed=SEED)
            outdir = work / f"s{size}"
            synth.write_story(story, outdir, command=f"bench.py S={size}")
            claims_dir, gold = synth.story_paths(outdir)
            del story
            repeat = args.repeat or (3 if size <= 200 else 1)
            runs = [run_child(claims_dir, gold, "crosscheck") for _ in range(repeat)]
            t = statistics.median(r["seconds"] for r in runs)
            mem = max(r["peak_mib"] for r in runs)
            medians[size] = t
            row = (f"{size:>5} {runs[0]['claims']:>7} {repeat:>4} | {t:>8.2f} {mem:>8.0f} "
                   f"{runs[0]['f1']:>6.3f} {runs[0]['accuracy']:>6.3f} |")
            if size <= args.exhaustive_max:
                ex = [run_child(claims_dir, gold, "exhaustive") for _ in range(repeat)]
                te = statistics.median(r["seconds"] for r in ex)
                row += (f" {te:>8.2f} {ex[0]['f1']:>7.3f} {te / t:>7.1f} "
                        f"{runs[0]['f1'] - ex[0]['f1']:>+7.3f}")
            else:
                row += f" {'-':>8} {'-':>7} {'-':>7} {'-':>7}"
            say(row)
        if 200 in medians and 1000 in medians:
            say(f"time(1000) / time(200) = {medians[1000] / medians[200]:.2f} (target <= 5.75)")
        say("(F1: pairwise, crosscheck's; status: status accuracy; exh.: the exhaustive approach, "
            "aligner similarity on every cross-source pair; exh/cc: its time over crosscheck's; "
            "F1 diff: crosscheck's F1 minus its)")

        say("\nwhole processes, median of 5:")
        seed = median_of([sys.executable, "-m", "crosscheck", "report", "claims"], 5, cwd=ROOT)
        say(f"  crosscheck report claims: {seed:.3f} s (target <= 0.5)")
        helped = median_of([sys.executable, "-m", "crosscheck", "--help"], 5, cwd=ROOT)
        say(f"  crosscheck --help:        {helped:.3f} s (target <= 0.3)")

        if args.stories:
            stories_section(work, args.stories, synth)
    return 0


if __name__ == "__main__":
    sys.exit(main())
