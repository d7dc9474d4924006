"""The ``json`` format: SPEC section 5, key for key, the same bytes for the same input.

The builders are public so that ``check --format json`` can add its keys
(``"new"`` on each conflict) without copying the shape.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any

from ..records import Conflict, Group, Member, SourceInfo, StoryReport, Suggestion
from .view import View, rounded, summary_counts

JSON_VERSION = 1
ConflictExtra = Callable[[Conflict], dict[str, Any]]


def render_json(reports: Sequence[StoryReport], *, view: View | None = None,
                conflict_extra: ConflictExtra | None = None) -> str:
    """The JSON report: ``indent=2``, UTF-8 as is, a trailing newline."""
    document = report_document(reports, view=view, conflict_extra=conflict_extra)
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


def report_document(reports: Sequence[StoryReport], *, view: View | None = None,
                    conflict_extra: ConflictExtra | None = None) -> dict[str, Any]:
    view = view or View()
    return {"version": JSON_VERSION,
            "stories": [story_object(r, view=view, conflict_extra=conflict_extra)
                        for r in reports]}


def story_object(report: StoryReport, *, view: View,
                 conflict_extra: ConflictExtra | None = None) -> dict[str, Any]:
    """One story; ``--only`` filters its groups, while ``summary`` always counts them all."""
    return {
        "path": report.path,
        "sources": [source_object(source) for source in report.sources],
        "groups": [group_object(group, conflict_extra) for group in report.groups
                   if not view.only or group.status in view.only],
        "suggestions": [suggestion_object(s) for s in report.suggestions],
        "summary": summary_counts(report),
    }


def source_object(source: SourceInfo) -> dict[str, Any]:
    return {"id": source.id, "outlet": source.outlet, "style": source.style,
            "file": source.file, "claims": source.claims}


def group_object(group: Group, conflict_extra: ConflictExtra | None = None) -> dict[str, Any]:
    return {
        "id": group.id,
        "status": group.status,
        "score": rounded(group.score),
        "decided_by": group.decided_by,
        "members": [member_object(member) for member in group.members],
        "conflicts": [conflict_object(c, conflict_extra) for c in group.conflicts],
        "reasons": list(group.reasons),
    }


def member_object(member: Member) -> dict[str, Any]:
    return {"source": member.source, "claim": member.claim, "text": member.text,
            "quote": member.quote, "note": member.note, "register": member.register,
            "register_from": member.register_from, "file": member.file, "line": member.line}


def conflict_object(conflict: Conflict,
                    conflict_extra: ConflictExtra | None = None) -> dict[str, Any]:
    """A conflict; ``accepted_reason`` is added when a person accepted it in the baseline."""
    data: dict[str, Any] = {"kind": conflict.kind, "dissent": list(conflict.dissent),
                            "consensus": list(conflict.consensus), "reason": conflict.reason,
                            "accepted": conflict.accepted}
    if conflict.accepted and conflict.accepted_reason:
        data["accepted_reason"] = conflict.accepted_reason
    if conflict_extra:
        data.update(conflict_extra(conflict))
    return data


def suggestion_object(suggestion: Suggestion) -> dict[str, Any]:
    return {"members": list(suggestion.members), "score": rounded(suggestion.score)}
