"""Settings: defaults, then ``[tool.crosscheck]`` of pyproject.toml, then the command line.

The pyproject.toml read is the one in the working directory or its nearest
parent, so running crosscheck anywhere inside a project finds its settings.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, fields, replace
from pathlib import Path
from typing import Any

DEFAULT_THRESHOLD = 50.0  # = align.DEFAULT_THRESHOLD, chosen on the devset (not imported: keeps start-up fast)
DEFAULT_BASELINE = "crosscheck-baseline.json"
STATUSES = ("agree", "framing", "contradict", "unique")


class ConfigError(Exception):
    """pyproject.toml holds a setting crosscheck cannot use (exit 2)."""


@dataclass(frozen=True)
class Settings:
    threshold: float = DEFAULT_THRESHOLD  # match score cut-off, 0-100
    only: tuple[str, ...] = ()  # statuses to show; empty = all
    color: str = "auto"  # auto | always | never
    quotes: bool = False
    about_tolerance: float = 0.10  # how far "about", "some", "around" widen a figure
    baseline: str | None = None  # default: crosscheck-baseline.json at the root
    jobs: int | None = None  # default: all cores
    aliases: dict[str, str] = field(default_factory=dict)  # name variant -> canonical name
    register_cues: dict[str, float] = field(default_factory=dict)  # phrase -> weight
    source: str | None = None  # the pyproject.toml the settings came from

    def with_options(self, **options: Any) -> Settings:
        """These settings, overridden by the command-line options that were given."""
        return replace(self, **{k: v for k, v in options.items() if v is not None})


def find_pyproject(start: Path | None = None) -> Path | None:
    here = (start or Path.cwd()).resolve()
    for directory in (here, *here.parents):
        candidate = directory / "pyproject.toml"
        if candidate.is_file():
            return candidate
    return None


def load_settings(start: Path | None = None) -> Settings:
    """Settings from the nearest pyproject.toml's ``[tool.crosscheck]``, else defaults."""
    path = find_pyproject(start)
    if path is None:
        return Settings()
    try:
        table = tomllib.loads(path.read_text(encoding="utf-8")).get("tool", {}).get("crosscheck", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{path}: cannot read [tool.crosscheck]: {error}") from None
    return _settings_from_table(table, str(path))


def _settings_from_table(table: dict[str, Any], source: str) -> Settings:
    known = {f.name.replace("_", "-"): f.name for f in fields(Settings) if f.name != "source"}
    values: dict[str, Any] = {"source": source}
    for key, value in table.items():
        name = known.get(key) or known.get(key.replace("_", "-"))
        if name is None:
            raise ConfigError(f"{source}: unknown setting '{key}' in [tool.crosscheck]; "
                              f"known: {', '.join(sorted(known))}")
        values[name] = _typed(name, value, source)
    return Settings(**values)


def _typed(name: str, value: Any, source: str) -> Any:
    expected = {"threshold": (int, float), "about_tolerance": (int, float), "color": str,
                "quotes": bool, "baseline": str, "jobs": int, "aliases": dict,
                "register_cues": dict, "only": (list, str)}[name]
    if not isinstance(value, expected) or isinstance(value, bool) and expected != bool:
        raise ConfigError(f"{source}: [tool.crosscheck] {name} has the wrong type: {value!r}")
    if name == "only":
        return _statuses(value.split(",") if isinstance(value, str) else value, source)
    if name == "threshold" and not 0 <= value <= 100:
        raise ConfigError(f"{source}: [tool.crosscheck] threshold must be 0-100, not {value!r}")
    if name in ("threshold", "about_tolerance"):
        return float(value)
    wanted = {"aliases": str, "register_cues": (int, float)}.get(name)
    if wanted and not all(isinstance(k, str) and isinstance(v, wanted) and not isinstance(v, bool)
                          for k, v in value.items()):
        kind = "names" if name == "aliases" else "numbers"
        raise ConfigError(f"{source}: [tool.crosscheck] {name} must map words to {kind}")
    return value


def _statuses(values: list[Any], source: str) -> tuple[str, ...]:
    chosen = tuple(str(v).strip() for v in values if str(v).strip())
    unknown = [v for v in chosen if v not in STATUSES]
    if unknown:
        raise ConfigError(f"{source}: [tool.crosscheck] only: unknown status {unknown[0]!r}; "
                          f"choose from {', '.join(STATUSES)}")
    return chosen
