"""Discovery and loading of stories: the claim files directly inside one directory.

``find_stories`` turns the PATHS a user gives into story directories;
``load_story`` loads every claim file of one story and keeps the problems of
each file apart, so one bad file never hides the others.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from .loader import LoadedFile, load_file
from .records import Member, Problem

CLAIM_SUFFIXES = (".yaml", ".yml")


class UsageError(Exception):
    """The command line names something that cannot be used (exit 2)."""


@dataclass
class Story:
    """One story: its directory, its claim files, and the problems found loading them."""

    directory: Path
    display: str
    root: Path
    files: list[LoadedFile] = field(default_factory=list)

    @property
    def good_files(self) -> list[LoadedFile]:
        return [f for f in self.files if f.model is not None]

    @property
    def load_problems(self) -> list[Problem]:
        return sorted(p for f in self.files for p in f.problems)


def display_path(path: Path) -> str:
    """A path as users see it: relative to the working directory when inside it."""
    try:
        # abspath, not resolve: a symlinked claim file keeps the name the user sees
        return Path(os.path.abspath(path)).relative_to(os.getcwd()).as_posix() or "."
    except ValueError:
        return path.as_posix()


def is_claim_file(path: Path) -> bool:
    """A *.yaml / *.yml that is not a directory: a broken link is loaded, and reported."""
    return path.suffix in CLAIM_SUFFIXES and not path.is_dir()


def find_stories(paths: list[str] | None = None) -> list[Path]:
    """Story directories under PATHS (default ``claims/``), sorted, each once.

    >>> find_stories(["no/such/dir"])
    Traceback (most recent call last):
    ...
    crosscheck.story.UsageError: no/such/dir: no such file or directory
    """
    found: set[Path] = set()
    for name in paths or ["claims"]:
        path = Path(name)
        if not path.exists():
            raise UsageError(f"{name}: no such file or directory")
        if path.is_file():
            if path.suffix not in CLAIM_SUFFIXES:
                raise UsageError(f"{name}: not a claim file (*.yaml or *.yml)")
            found.add(path.parent)
            continue
        for directory, _subdirs, files in os.walk(path):
            if any(f.endswith(CLAIM_SUFFIXES) for f in files):
                found.add(Path(directory))
    return sorted(found, key=lambda p: p.as_posix())


def find_root(directory: Path) -> Path:
    """The git work tree holding the story; else the working directory if it holds it;
    else the story's parent directory (SPEC section 1, "root")."""
    absolute = directory.resolve()
    for candidate in (absolute, *absolute.parents):
        if (candidate / ".git").exists():
            return candidate
    cwd = Path.cwd().resolve()
    if absolute == cwd or cwd in absolute.parents:
        return cwd
    return absolute.parent


def load_story(directory: Path) -> Story:
    """Load every claim file directly inside ``directory``, in name order."""
    story = Story(directory=directory, display=display_path(directory), root=find_root(directory))
    for path in sorted(p for p in directory.iterdir() if is_claim_file(p)):
        story.files.append(load_file(path, display_path(path)))
    return story


def article_path(loaded: LoadedFile) -> Path | None:
    """Where ``source.text`` points, resolved (following ``..`` and symlinks)."""
    if loaded.model is None or loaded.model.source.text is None:
        return None
    return (loaded.path.parent / loaded.model.source.text).resolve()


def members_of(story: Story, *, cues=None) -> list[Member]:
    """Every claim of the story's loadable files as a :class:`Member`, register resolved."""
    from .register import resolve_register

    members = []
    for loaded in story.good_files:
        source = loaded.model.source
        for index, claim in enumerate(loaded.model.claims):
            register, register_from = resolve_register(
                claim.register_, claim.quote, source.style, cues=cues
            )
            members.append(Member(
                source=source.id, claim=claim.id, text=claim.text, register=register,
                register_from=register_from, quote=claim.quote, speaker=claim.speaker,
                note=claim.note, published=source.published, file=loaded.display,
                line=loaded.claim_line(index),
            ))
    return members
