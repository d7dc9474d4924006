#!/usr/bin/env python3
"""crosscheck's scale benchmark (issue 7): prints every figure of the targets in one run.

1. One story of S sources x C claims (``synth.generate``, seed 1) for each S in ``--sizes``:
   the whole pipeline (load + align + classify, ``compare_story``) timed in a fresh child process
   each repeat; peak memory is that child's and its own forked processes' (``PeakMemory``:
   their summed PSS, sampled, and at least the child's peak RSS); median wall time of ``--repeat``
   runs; pairwise F1 and status accuracy against the generator's truth (``gold.yaml``).
   Up to ``--exhaustive-max`` sources the same for the exhaustive approach
   (``exhaustive_aligner``): crosscheck's own algorithm, with the same profiles, learning sample,
   ``LEARNING_ROUNDS`` rounds of learning token stability and reweighting (all read from
   ``crosscheck.align``), but each grouping (the learning ones and the final one) done
   exhaustively: every cross-source pair of the claims being grouped scored with
   ``crosscheck.align.similarity`` on the current profiles (cut-off = the aligner's threshold),
   then joined greedily, best pair first, one claim per source per group (editor links unused;
   the synthetic stories have none); classified by the same classifier.  To make S = 200
   (about 2e8 pairs) take minutes, a sparse-matrix prefilter (numpy + scipy, the ``bench``
   extra: ``pip install -e .[bench]``) bounds every pair's score from above, a block of rows at
   a time, and only the pairs whose bound reaches the threshold are scored; the bound is safe,
   so the pairs and scores are exactly those of the pure-Python double loop
   (``brute_force_pairs``; tests/test_bench.py checks it).
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
import threading
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

def exhaustive_aligner(members, *, threshold=None, links=None, on_groups=None, **_ignored):
    """crosscheck's algorithm with every grouping done exhaustively (see the module docstring).

    The same claims, profiles, learning sample, rounds and reweighting as ``align.align``
    (its constants and helpers, read from ``crosscheck.align`` when called); only each grouping
    differs: :func:`exhaustive_groups` instead of the aligner's candidate search.  Editor links
    are not used (the synthetic stories have none).
    """
    from crosscheck import align as A

    threshold = A.DEFAULT_THRESHOLD if threshold is None else threshold
    unique = {m.key: m for m in sorted(members, key=lambda m: (m.key, m.text, m.line))}
    ordered = sorted(unique.values(), key=lambda m: (m.source, m.claim))
    claim_profiles = A.profiles([m.text for m in ordered], [m.speaker for m in ordered])
    sources = [m.source for m in ordered]
    learned = claim_profiles
    sample = A.learning_sample(ordered)
    for _ in range(A.LEARNING_ROUNDS):
        sampled = [learned[i] for i in sample]
        groups, _scores = exhaustive_groups(sampled, [sources[i] for i in sample], threshold)
        learned = A.reweighted(claim_profiles, A.stability(groups, sampled))
    groups, scores = exhaustive_groups(learned, sources, threshold)
    found = [tuple(ordered[k] for k in group) for group in groups]
    if on_groups:
        on_groups(found)
    return A.Alignment(tuple(
        A.AlignedGroup(group, None if len(group) == 1 else round(statistics.fmean(score), 1), A.SCORE)
        for group, score in zip(found, scores)), ())


def exhaustive_groups(profs, sources, threshold, pairs=None):
    """Every cross-source pair scored (:func:`scored_pairs`), then joined greedily, best pair
    first, one claim per source per group.  The groups (sorted lists of indices, in order of
    their first member) and, for each, the scores of the pairs that joined it."""
    pairs = scored_pairs(profs, sources, threshold) if pairs is None else pairs
    n = len(profs)
    group = {i: [i] for i in range(n)}
    used = {i: {sources[i]} for i in range(n)}
    joined: dict[int, list[float]] = {}
    for negative, i, j in pairs:
        gi, gj = group[i], group[j]
        if gi is gj or used[gi[0]] & used[gj[0]]:
            continue
        merged = gi + gj
        srcs = used[gi[0]] | used[gj[0]]
        joined[id(merged)] = joined.pop(id(gi), []) + joined.pop(id(gj), []) + [-negative]
        for k in merged:
            group[k] = merged
            used[k] = srcs
    unique = {id(g): g for g in group.values()}
    found = sorted((sorted(g), joined.get(key, [])) for key, g in unique.items())
    return [g for g, _ in found], [s for _, s in found]


def brute_force_pairs(profs, sources, threshold):
    """The reference: ``similarity`` on every cross-source pair in a pure-Python double loop;
    (-score, i, j) for the pairs at ``threshold`` or above, best first."""
    from crosscheck.align import similarity

    pairs = []
    n = len(profs)
    for i in range(n - 1):
        a, s = profs[i], sources[i]
        for j in range(i + 1, n):
            if sources[j] != s:
                score = similarity(a, profs[j], score_cutoff=threshold)
                if score:
                    pairs.append((-score, i, j))
    pairs.sort()
    return pairs


BLOCK_CELLS = 1 << 22  # pairs bounded at once: a few arrays of this many float64 (32 MiB each)
SLACK = 1e-6  # on the 0-100 scale: the bound's sums run in another order than similarity's fsum


def scored_pairs(profs, sources, threshold, *, block_cells=BLOCK_CELLS, stats=None):
    """What :func:`brute_force_pairs` returns, exactly, with far fewer ``similarity`` calls.

    A sparse-matrix prefilter (numpy and scipy, the ``bench`` extra) bounds every pair's score
    from above, a block of rows at a time; only the pairs whose bound reaches ``threshold`` are
    scored by ``similarity``, so no pair at ``threshold`` or above is missed.  The bound, from
    ``align.similarity``: with ``c`` the weight of the shared tokens, ``T`` a claim's total
    weight and ``F`` the weight of its fact tokens, the score's denominator ``2*common + rest``
    is ``T_a + T_b`` minus at most the facts that differ (one slot apart; they are among
    ``F_a + F_b``), or plus something (two slots or more); and it is never below ``2c`` (the
    facts that differ are not shared).  The speaker adds ``SPEAKER_BONUS`` only when both
    claims have the same one.  So score <= 200 c / max(2c, T_a + T_b - F_a - F_b) (+ the bonus)
    for c > 0, and 0 for c = 0 (every weight is positive).  ``SLACK`` covers the rounding.
    """
    import numpy as np
    from scipy import sparse

    from crosscheck import align as A

    n = len(profs)
    if n < 2:
        return []
    assert all(p.weights is profs[0].weights for p in profs), "one weight per token in a story"
    weights = np.asarray(profs[0].weights, dtype=np.float64)
    tokens = [sorted(p.tokens) for p in profs]
    indptr = np.zeros(n + 1, dtype=np.int64)
    np.cumsum([len(t) for t in tokens], out=indptr[1:])
    indices = np.fromiter((t for ts in tokens for t in ts), dtype=np.int32, count=int(indptr[-1]))
    has = sparse.csr_matrix((np.ones(len(indices)), indices, indptr), shape=(n, len(weights)))
    total = np.array([p.total for p in profs])
    facts = np.array([sum(weights[t] for t in p.fact_tokens) for p in profs])
    base = total - facts
    source_ids = {s: k for k, s in enumerate(sorted(set(sources)))}
    source = np.array([source_ids[s] for s in sources])
    speaker_ids = {s: k for k, s in enumerate(sorted({p.speaker for p in profs if p.speaker}))}
    speaker = np.array([speaker_ids[p.speaker] if p.speaker else -1 for p in profs])
    defaults = A.similarity.__kwdefaults__  # the values similarity() is called with below
    assert defaults["conflict_weight"] >= 1 and defaults["speaker_penalty"] >= 0, \
        "the bound assumes that two slots apart and another speaker never raise a score"
    bonus = max(defaults["speaker_bonus"], 0.0)
    floor = threshold - SLACK
    similarity = A.similarity
    rows = max(1, block_cells // n)
    pairs, called = [], 0
    for start in range(0, n - 1, rows):
        stop = min(start + rows, n - 1)
        # shared weight c[j - first, i - start] for i in [start, stop), j in [start + 1, n)
        first = start + 1
        block = has[start:stop].toarray() * weights  # (rows, V): the block's claims, weighted
        shared = has[first:] @ block.T  # (n - first, rows), dense
        cols = np.arange(first, n)[:, None]
        here = np.arange(start, stop)[None, :]
        denominator = np.maximum(base[first:, None] + base[None, start:stop], 2 * shared)
        extra = np.where((speaker[first:, None] == speaker[None, start:stop])
                         & (speaker[None, start:stop] >= 0), bonus, 0.0)
        keep = (shared > 0) & (cols > here) & (source[first:, None] != source[None, start:stop])
        keep &= 200 * shared >= (floor - extra) * denominator
        js, is_ = np.nonzero(keep)
        called += len(js)
        for i, j in zip((is_ + start).tolist(), (js + first).tolist()):
            score = similarity(profs[i], profs[j], score_cutoff=threshold)
            if score:
                pairs.append((-score, i, j))
    pairs.sort()
    if stats is not None:
        per_source = Counter(sources).values()
        stats.update(pairs=n * (n - 1) // 2 - sum(k * (k - 1) // 2 for k in per_source),
                     scored=called, kept=len(pairs))
    return pairs


class PeakMemory:
    """The peak memory of this process and every process it forks, sampled every 0.1 s: the
    sum of their PSS (proportional set size: a page shared by n processes counts 1/n in each),
    and at least this process's own peak RSS (a peak between two samples).  Where /proc is
    missing, only the latter."""

    def __init__(self):
        self.peak_kib = 0
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self.sample, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stopped.set()
        self.thread.join()
        self.peak_kib = max(self.peak_kib, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)

    def sample(self) -> None:
        while not self.stopped.wait(0.1):
            self.peak_kib = max(self.peak_kib, tree_pss_kib(os.getpid()))


def tree_pss_kib(root: int) -> int:
    """The summed PSS of a process and its descendants (0 without /proc)."""
    parent_of = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()  # after "pid (command)"
            parent_of[int(stat.parent.name)] = int(fields[1])
        except (OSError, ValueError, IndexError):
            continue  # the process ended meanwhile
    tree, grown = {root}, True
    while grown:
        grown = False
        for pid, parent in parent_of.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grown = True
    total = 0
    for pid in tree:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except (OSError, ValueError):
            continue
    return total


def child(directory: Path, gold_path: Path, aligner: str) -> None:
    start = time.perf_counter()
    from crosscheck import align as align_module
    from crosscheck.compare import compare_story
    from crosscheck.config import Settings
    from crosscheck.story import load_story

    if aligner == "exhaustive":
        align_module.align = exhaustive_aligner  # compare_story imports it when called
    with PeakMemory() as memory:
        story = load_story(directory)
        report = compare_story(story, Settings())
    seconds = time.perf_counter() - start
    peak_kib = memory.peak_kib

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
    parser.add_argument("--exhaustive-max", type=int, default=200,
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
            "peak of the child and the processes it forks (summed PSS, sampled every 0.1 s)")
        say(f"{'S':>5} {'claims':>7} {'runs':>4} | {'time s':>8} {'peak MiB':>8} {'F1':>6} {'status':>6} |"
            f" {'exh. s':>8} {'exh. MiB':>8} {'exh. F1':>7} {'exh/cc':>7} {'F1 diff':>7}")
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
                me = max(r["peak_mib"] for r in ex)
                row += (f" {te:>8.2f} {me:>8.0f} {ex[0]['f1']:>7.3f} {te / t:>7.1f} "
                        f"{runs[0]['f1'] - ex[0]['f1']:>+7.3f}")
            else:
                row += f" {'-':>8} {'-':>8} {'-':>7} {'-':>7} {'-':>7}"
            say(row)
        if 200 in medians and 1000 in medians:
            say(f"time(1000) / time(200) = {medians[1000] / medians[200]:.2f} (target <= 5.75)")
        say("(F1: pairwise, crosscheck's; status: status accuracy; exh.: the exhaustive approach, "
            "crosscheck's learning rounds and reweighting with every grouping exhaustive: the "
            "aligner's similarity on every cross-source pair (a safe sparse-matrix bound skips "
            "only pairs that cannot reach the threshold: exact), greedy best-pair-first joining; "
            "exh. MiB: the same for it; exh/cc: its time over crosscheck's; F1 diff: crosscheck's F1 "
            "minus its)")

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
