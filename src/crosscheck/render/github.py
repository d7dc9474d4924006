"""GitHub Actions workflow commands, escaped in one place.

``::warning file=F,line=L,title=T::MESSAGE`` -- the message (the *data*) and
each property value are escaped by the rules of the Actions runner: in data,
``%``, ``\\r`` and ``\\n``; in property values also ``:`` and ``,``.  The
report, check and lint formats all build their commands with :func:`command`.
"""

from __future__ import annotations

_DATA_ESCAPES = (("%", "%25"), ("\r", "%0D"), ("\n", "%0A"))
_PROPERTY_ESCAPES = _DATA_ESCAPES + ((":", "%3A"), (",", "%2C"))

MAX_ANNOTATIONS = 10  # annotations printed before one notice counts the rest


def escape_data(text: str) -> str:
    """Escape a workflow command's message.

    >>> escape_data("100% sure\\nnext line")
    '100%25 sure%0Anext line'
    """
    return _replace_all(text, _DATA_ESCAPES)


def escape_property(text: str) -> str:
    """Escape a workflow command's property value (``file=``, ``title=``).

    >>> escape_property("a,b: c%")
    'a%2Cb%3A c%25'
    """
    return _replace_all(text, _PROPERTY_ESCAPES)


def _replace_all(text: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for plain, escaped in escapes:  # "%" first, so that no escape is escaped again
        text = text.replace(plain, escaped)
    return text


def command(name: str, message: str, **properties: object) -> str:
    """One workflow command line, properties in the order given, ``None`` ones left out.

    >>> command("warning", "weekday: Wed vs Thu", file="claims/a.yaml", line=9,
    ...         title="crosscheck, contradict")
    '::warning file=claims/a.yaml,line=9,title=crosscheck%2C contradict::weekday: Wed vs Thu'
    """
    given = ",".join(f"{key}={escape_property(str(value))}"
                     for key, value in properties.items() if value is not None)
    return f"::{name}{' ' + given if given else ''}::{escape_data(message)}"


# --- the report's ``github`` format -------------------------------------------------------

def render_github(reports, *, view=None) -> str:
    """A ``::warning`` on each dissenting claim of each conflict not accepted, at most ten,
    then one ``::notice`` that counts the rest.  ``--only`` without ``contradict`` annotates
    nothing."""
    if view is not None and view.only and "contradict" not in view.only:
        return ""
    annotations = [dissent_warning(member, conflict)
                   for report in reports
                   for group in report.groups
                   for conflict in group.conflicts if not conflict.accepted
                   for member in dissenting_members(group, conflict)]
    lines = annotations[:MAX_ANNOTATIONS]
    rest = len(annotations) - len(lines)
    if rest:
        lines.append(command("notice", f"{rest} more dissenting claims not annotated "
                                       f"({len(annotations)} in all)", title="crosscheck"))
    return "".join(line + "\n" for line in lines)


def dissenting_members(group, conflict) -> list:
    dissent = set(conflict.dissent)
    return [member for member in group.members if member.key in dissent]


def dissent_warning(member, conflict) -> str:
    return command("warning", f"{member.key}: {conflict.reason}", file=member.file or None,
                   line=member.line or None, title="crosscheck contradict")
