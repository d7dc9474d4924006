"""The benchmark's memory figure (benchmarks/bench.py, ``PeakMemory``) counts the processes a
run forks, not only the run's own."""

from __future__ import annotations

import importlib.util
import multiprocessing
import sys
import time
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(not Path("/proc/self/smaps_rollup").exists(),
                                reason="needs Linux /proc")


def bench():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "bench.py"
    spec = importlib.util.spec_from_file_location("bench_for_memory", path)
    module = importlib.util.module_from_spec(spec)
    sys.modules["bench_for_memory"] = module
    spec.loader.exec_module(module)
    return module


def hold_memory(megabytes: int, seconds: float) -> None:
    block = bytearray(megabytes * 1024 * 1024)  # zero-filled: every page is touched
    time.sleep(seconds)
    del block


def test_peak_memory_counts_a_forked_child():
    module = bench()
    before = module.tree_pss_kib(multiprocessing.current_process().pid)
    with module.PeakMemory() as memory:
        child = multiprocessing.get_context("fork").Process(target=hold_memory, args=(200, 0.6))
        child.start()
        child.join()
    assert before > 0
    assert memory.peak_kib >= before + 150 * 1024
