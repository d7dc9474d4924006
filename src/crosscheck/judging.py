"""Judging the groups of one story, on every core.

Alignment is one process's work; judging is most of the rest, and most of judging is
reading each claim's facts (:func:`crosscheck.facts.extract_facts`), which needs no
groups.  So for a big story (``PARALLEL_JUDGING_MIN_CLAIMS`` claims or more, more than
one job, Linux) a *reader* process is forked before alignment: it reads every claim's
facts on a spare core while the main process aligns, then judges the groups, itself and
in forked workers that inherit what it read (and read the rest).  While it reads, it
also takes half of any work the aligner hands it (:meth:`Judge.split`: the aligner's own
reading of the claim texts).  A small story's groups, or any story's when the reader
fails, are judged in the calling process.  Either way the verdicts are the same, in the
same order: :func:`crosscheck.classify.judge` is pure.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from itertools import repeat

from .config import Settings
from .records import Judgement, Member

PARALLEL_JUDGING_MIN_CLAIMS = 5000  # below this, starting processes costs more than it saves
READ_AT_ONCE = 64  # claims the reader reads between looking for work from the main process

Groups = Sequence[tuple[Member, ...]]
# What a judging worker reads, inherited from the reader: nothing big is pickled.
_PENDING: list[tuple[tuple[Member, ...], dict]] = []  # (members, their facts by key)


@contextmanager
def judging(members: Sequence[Member], settings: Settings) -> Iterator[Judge]:
    """A :class:`Judge` for groups of ``members``; for a big story, reading starts now.

    >>> from crosscheck.records import Member
    >>> a = Member("a", "c", "It is held on Monday.", "wire", "source")
    >>> b = Member("b", "c", "It is held on Tuesday.", "wire", "source")
    >>> with judging([a, b], Settings()) as judge:
    ...     judge.start([(a, b)])
    ...     [verdict.status for verdict in judge.verdicts()]
    ['contradict']
    """
    jobs = settings.jobs or os.cpu_count() or 1
    in_worker = multiprocessing.current_process().daemon  # a --jobs worker: no processes of its own
    if jobs <= 1 or len(members) < PARALLEL_JUDGING_MIN_CLAIMS or in_worker \
            or sys.platform != "linux":
        yield Judge(settings)
        return
    reader = _Reader(members, settings)
    try:
        yield reader
    finally:
        reader.stop()


class Judge:
    """Judges groups in this process: ``start`` with the groups, then take the ``verdicts``."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self.groups: Groups = []

    def split(self, function: Callable[[list], list], items: list) -> list:
        """``function(items)`` for a function that maps a list item by item; the reader
        does the second half meanwhile."""
        return function(items)

    def start(self, groups: Groups) -> None:
        self.groups = groups

    def verdicts(self) -> list[Judgement]:
        """One verdict per group, in the order given to ``start``."""
        return [_judge(group, {}, self.settings) for group in self.groups]


class _Reader(Judge):
    """The forked process that reads the facts, then judges (see the module's docstring);
    when it fails, the groups are judged here."""

    def __init__(self, members: Sequence[Member], settings: Settings):
        super().__init__(settings)
        self.position = {id(member): i for i, member in enumerate(members)}
        context = multiprocessing.get_context("fork")
        self.connection, theirs = context.Pipe()
        self.process = context.Process(target=_read_then_judge,
                                       args=(theirs, self.connection, list(members), settings),
                                       name="crosscheck-reader")
        self.process.start()
        theirs.close()
        self.sent = self.answered = False

    def split(self, function: Callable[[list], list], items: list) -> list:
        half = len(items) // 2
        try:
            self.connection.send(("split", function, items[half:]))
        except OSError:  # the reader died
            return function(items)
        mine = function(items[:half])
        try:
            theirs = self.connection.recv()
        except (EOFError, OSError):
            theirs = None
        return mine + (function(items[half:]) if theirs is None else theirs)

    def start(self, groups: Groups) -> None:
        super().start(groups)
        try:
            self.connection.send(("judge", [[self.position[id(m)] for m in group] for group in groups]))
            self.sent = True
        except (OSError, KeyError):  # the reader died, or a member is not the story's
            pass

    def verdicts(self) -> list[Judgement]:
        verdicts = None
        if self.sent:
            try:
                verdicts = self.connection.recv()
                self.answered = True
            except (EOFError, OSError):  # the reader died
                pass
        return super().verdicts() if verdicts is None else verdicts

    def stop(self) -> None:
        """Wait for the reader to end once it answered; otherwise (an error while aligning,
        an interrupt) end it now."""
        self.connection.close()
        if not self.answered:
            self.process.terminate()
        self.process.join()


def _read_then_judge(connection, parent_end, members: list[Member], settings: Settings) -> None:
    """The reader: read the claims' facts, doing any work the main process splits with it
    first, until it is sent the groups; then judge them (the workers read what it did not)."""
    from .facts import extract_facts

    parent_end.close()  # the copy forked with us: the pipe ends when the main process closes it
    facts: list = []
    groups = verdicts = None
    try:
        while groups is None:
            if len(facts) == len(members) or connection.poll():  # wait only with nothing to read
                kind, *message = connection.recv()
                if kind == "split":
                    function, items = message
                    connection.send(function(items))
                else:
                    groups, = message
            else:
                facts += [extract_facts(m.text, published=m.published,
                                        about_tolerance=settings.about_tolerance)
                          for m in members[len(facts):len(facts) + READ_AT_ONCE]]
        _PENDING[:] = [(tuple(members[i] for i in group),
                        {members[i].key: facts[i] for i in group if i < len(facts)})
                       for group in groups]
        verdicts = _judge_pending_here_and_in_workers(settings)
    except Exception:  # noqa: BLE001 - the main process judges instead
        pass
    finally:
        try:
            connection.send(verdicts)
        except OSError:
            pass  # the main process stopped waiting
        connection.close()


def _judge_pending_here_and_in_workers(settings: Settings) -> list[Judgement]:
    """Judge the last share of the groups here and the rest in ``jobs - 1`` forked workers:
    a worker copies every page of the story it touches, so one fewer worker is one fewer copy."""
    jobs = min(settings.jobs or os.cpu_count() or 1, len(_PENDING))
    claims = sum(len(members) for members, _ in _PENDING)
    theirs, counted = 0, 0  # the first groups, (jobs - 1) / jobs of the claims, go to workers
    while theirs < len(_PENDING) and counted * jobs < claims * (jobs - 1):
        counted += len(_PENDING[theirs][0])
        theirs += 1
    if jobs <= 1 or not theirs:
        return [_judge_pending(index, settings) for index in range(len(_PENDING))]
    with ProcessPoolExecutor(max_workers=jobs - 1, mp_context=multiprocessing.get_context("fork")) as pool:
        chunk = max(1, theirs // ((jobs - 1) * 16))
        done = pool.map(_judge_pending, range(theirs), repeat(settings), chunksize=chunk)
        mine = [_judge_pending(index, settings) for index in range(theirs, len(_PENDING))]
        return [*done, *mine]


def _judge_pending(index: int, settings: Settings) -> Judgement:
    members, facts = _PENDING[index]
    return _judge(members, facts, settings)


def _judge(members: tuple[Member, ...], facts: dict, settings: Settings) -> Judgement:
    from .classify import judge

    return judge(members, aliases=settings.aliases, about_tolerance=settings.about_tolerance,
                 facts=facts)
