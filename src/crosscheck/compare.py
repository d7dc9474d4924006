"""The report pipeline for whole stories: load -> align -> classify -> records.

``compare_story`` is the library's main entry point; it returns a
:class:`~crosscheck.records.StoryReport` and prints nothing.
"""

from __future__ import annotations

import gc
import hashlib
import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import partial
from itertools import repeat
from pathlib import Path

from .config import Settings
from .judging import judging
from .records import Group, Member, Problem, SourceInfo, StoryReport
from .story import Story, find_stories, load_story, members_of

GC_EVERY_ALLOCATIONS = 50_000  # the collector's first generation, while comparing (default 700)


@dataclass
class CompareResult:
    reports: list[StoryReport] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)  # bad input and warnings, sorted
    bad_input: bool = False


@dataclass(frozen=True)
class EditorLinks:
    """The editor's overrides: pairs of claim keys to group, and never to group."""

    same_as: frozenset[tuple[str, str]] = frozenset()
    not_same_as: frozenset[tuple[str, str]] = frozenset()


def compare_paths(paths: list[str] | None, settings: Settings | None = None, *,
                  progress: Callable[[int, int], None] | None = None) -> CompareResult:
    """Load and compare every story under ``paths``; bad files are skipped and reported.

    Stories are compared in ``settings.jobs`` processes (default: all cores); the
    result is identical to a serial run. ``progress(done, total)`` is called as
    stories finish.
    """
    settings = settings or Settings()
    directories = find_stories(paths)
    result = CompareResult()
    for done, (report, load_problems) in enumerate(_map_stories(directories, settings), 1):
        result.problems.extend(load_problems)
        result.problems.extend(report.problems)
        result.bad_input |= bool(load_problems)
        result.reports.append(report)
        if progress:
            progress(done, len(directories))
    result.problems.sort()
    return result


def _load_and_compare(directory: Path, settings: Settings) -> tuple[StoryReport, list[Problem]]:
    from .lint import input_problems

    with fewer_garbage_collections():
        story = load_story(directory)
        return compare_story(story, settings), input_problems(story)


@contextmanager
def fewer_garbage_collections() -> Iterator[None]:
    """Run Python's cycle collector less often meanwhile.

    Comparing a story makes and frees millions of small objects (tokens, profiles, facts)
    with almost no reference cycles: reference counting frees them.  At its default pace
    the collector would still scan every live object again and again, a tenth of the time
    of a big story.  The previous pace is restored afterwards.
    """
    previous = gc.get_threshold()
    gc.set_threshold(max(previous[0], GC_EVERY_ALLOCATIONS), *previous[1:])
    try:
        yield
    finally:
        gc.set_threshold(*previous)


def _map_stories(directories: list[Path], settings: Settings) -> Iterator[tuple]:
    """Compare stories in order, in worker processes when there are several."""
    jobs = min(settings.jobs or os.cpu_count() or 1, len(directories))
    if jobs <= 1:
        yield from (_load_and_compare(d, settings) for d in directories)
        return
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else None)
    chunk = max(1, len(directories) // (jobs * 8))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        yield from pool.map(_load_and_compare, directories, repeat(settings), chunksize=chunk)


def compare_story(story: Story, settings: Settings | None = None) -> StoryReport:
    """Align and classify one loaded story (its good files only)."""
    settings = settings or Settings()
    with fewer_garbage_collections():
        return _compare_story(story, settings)


def _compare_story(story: Story, settings: Settings) -> StoryReport:
    from .align import align, read_texts
    from .lint import grounding_problems

    members = members_of(story, cues=settings.register_cues or None)
    with judging(members, settings) as judge:  # a big story's facts are read meanwhile
        alignment = align(members, threshold=settings.threshold, links=editor_links(story),
                          on_groups=judge.start, read=partial(judge.split, read_texts))
        verdicts = judge.verdicts()
    if len(verdicts) != len(alignment.groups):  # an aligner that never called on_groups
        raise RuntimeError("internal error: the aligner did not hand its groups to be judged")
    groups = [
        Group(id=group_id(aligned.members), status=verdict.status, score=aligned.score,
              decided_by=aligned.decided_by, members=aligned.members,
              conflicts=verdict.conflicts, reasons=verdict.reasons)
        for aligned, verdict in zip(alignment.groups, verdicts)
    ]
    return StoryReport(
        path=story.display, sources=sources_of(story), groups=tuple(order_groups(groups)),
        suggestions=tuple(alignment.suggestions), problems=tuple(grounding_problems(story)),
    )


def editor_links(story: Story) -> EditorLinks:
    same, apart = set(), set()
    for loaded in story.good_files:
        source = loaded.model.source.id
        for claim in loaded.model.claims:
            key = f"{source}/{claim.id}"
            same.update(tuple(sorted((key, other))) for other in claim.same_as)
            apart.update(tuple(sorted((key, other))) for other in claim.not_same_as)
    return EditorLinks(frozenset(same), frozenset(apart))


def sources_of(story: Story) -> tuple[SourceInfo, ...]:
    infos = (SourceInfo(id=f.model.source.id, outlet=f.model.source.outlet,
                        style=f.model.source.style, file=f.display, claims=len(f.model.claims))
             for f in story.good_files)
    return tuple(sorted(infos, key=lambda s: (s.id, s.file)))


def group_id(members: tuple[Member, ...]) -> str:
    """A stable fingerprint of the group's members: the same claims, the same id."""
    keys = "\n".join(sorted(m.key for m in members))
    return hashlib.sha1(keys.encode("utf-8")).hexdigest()[:12]


def order_groups(groups: list[Group]) -> list[Group]:
    """Groups in reading order: by where they first appear, sources taken alphabetically."""
    def first_appearance(group: Group) -> tuple:
        return min((m.source, m.line, m.claim) for m in group.members)

    return sorted(groups, key=lambda g: (first_appearance(g), g.id))


def load_and_compare(path: str | Path, settings: Settings | None = None) -> StoryReport:
    """Load the story in ``path`` (a directory or one of its claim files) and compare it."""
    path = Path(path)
    with fewer_garbage_collections():
        return compare_story(load_story(path.parent if path.is_file() else path), settings)
