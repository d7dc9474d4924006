"""crosscheck: cross-check what news sources say about the same event.

The library behind the ``crosscheck`` command::

    import crosscheck

    story = crosscheck.load_story("claims")                   # a directory or one claim file
    report = crosscheck.compare_story(story, crosscheck.Settings(threshold=75))
    for group in report.groups:
        print(group.status, [member.key for member in group.members], group.reasons)

Names are imported on first use, so ``import crosscheck`` stays fast.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing

__version__ = "0.1.0"

_EXPORTS = {
    "load_story": "crosscheck.api",
    "compare_story": "crosscheck.compare",
    "load_and_compare": "crosscheck.compare",
    "compare_paths": "crosscheck.compare",
    "render_report": "crosscheck.render",
    "Settings": "crosscheck.config",
    "load_settings": "crosscheck.config",
    "Story": "crosscheck.story",
    "StoryReport": "crosscheck.records",
    "Group": "crosscheck.records",
    "Member": "crosscheck.records",
    "Conflict": "crosscheck.records",
    "Suggestion": "crosscheck.records",
    "SourceInfo": "crosscheck.records",
    "Problem": "crosscheck.records",
}

__all__ = ["__version__", *_EXPORTS]

if TYPE_CHECKING:
    from .api import load_story
    from .compare import compare_paths, compare_story, load_and_compare
    from .config import Settings, load_settings
    from .records import Conflict, Group, Member, Problem, SourceInfo, StoryReport, Suggestion
    from .render import render_report
    from .story import Story


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'crosscheck' has no attribute {name!r}")
    value = getattr(import_module(module), name)
    globals()[name] = value  # the next look-up is a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
