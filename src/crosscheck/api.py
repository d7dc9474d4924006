"""The Python API a newsroom script calls: load a story, compare it, read the groups.

>>> import crosscheck
>>> report = crosscheck.load_and_compare("claims")        # doctest: +SKIP
>>> for group in report.groups:                           # doctest: +SKIP
...     print(group.status, [m.key for m in group.members])

Everything returned is a plain record of :mod:`crosscheck.records`; nothing prints.
"""

from __future__ import annotations

from pathlib import Path

from .story import Story, UsageError
from .story import load_story as _load_directory


def load_story(path: str | Path) -> Story:
    """Load the story in ``path``: its directory, or any one of its claim files.

    Files that fail to load are kept apart with their problems
    (``story.load_problems``); the others are in ``story.good_files``.

    >>> load_story("no/such/story")
    Traceback (most recent call last):
    ...
    crosscheck.story.UsageError: no/such/story: no such file or directory
    """
    path = Path(path)
    if not path.exists():
        raise UsageError(f"{path.as_posix()}: no such file or directory")
    return _load_directory(path.parent if path.is_file() else path)
