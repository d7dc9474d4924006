"""pydantic models of the claim file, format version 1 (SPEC section 2).

The loader hands these models plain strings, lists and mappings (never YAML's
own booleans, numbers or dates), so every scalar gets the type the schema asks
for: ``id: no`` stays "no", ``text: 1e9`` stays "1e9".
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic_core import PydanticCustomError
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field

FORMAT_VERSION = 1
SLUG_PATTERN = r"^[a-z0-9][a-z0-9-]*$"
CLAIM_REF_PATTERN = r"^[a-z0-9][a-z0-9-]*/[a-z0-9][a-z0-9-]*$"
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _calendar_date(value: object) -> object:
    """Accept ``YYYY-MM-DD`` only: pydantic alone would take a date-time or a timestamp."""
    if isinstance(value, str) and not _DATE.fullmatch(value.strip()):
        raise PydanticCustomError("calendar_date", "not a calendar date")
    return value


def _format_version(value: object) -> object:
    if str(value).strip() != str(FORMAT_VERSION):
        raise PydanticCustomError("format_version", "unsupported format version")
    return FORMAT_VERSION


def _not_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank", "blank text")
    return value


Slug = Annotated[str, Field(pattern=SLUG_PATTERN)]
ClaimRef = Annotated[str, Field(pattern=CLAIM_REF_PATTERN)]
Text = Annotated[str, AfterValidator(_not_blank)]
Register = Literal["wire", "analytical"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Source(_Strict):
    """The article a claim file annotates."""

    id: Slug = Field(description="Lowercase slug, unique in its story.")
    outlet: Text = Field(description="The outlet's name as readers know it.")
    title: str | None = None
    url: Annotated[str, Field(pattern=r"^https?://\S+$")] | None = Field(
        default=None, description="http or https only."
    )
    published: Annotated[dt.date, BeforeValidator(_calendar_date)] | None = Field(
        default=None, description="A calendar date (YYYY-MM-DD), never a date-time."
    )
    text: str | None = Field(
        default=None, description="The article text, relative to this claim file."
    )
    style: Register = Field(description="The source's usual register.")


class Claim(_Strict):
    """One checkable proposition of the source."""

    id: Slug = Field(description="Slug, unique in the file, stable across edits.")
    text: Text = Field(description="One proposition in neutral words; alignment runs on it.")
    quote: str | None = Field(default=None, description="The verbatim passage that carries it.")
    speaker: str | None = Field(default=None, description="Who the source says made the claim.")
    register_: Register | None = Field(
        default=None, alias="register", description="Overrides detection and source.style."
    )
    note: str | None = None
    topics: list[str] = Field(default_factory=list)
    same_as: list[ClaimRef] = Field(
        default_factory=list, description="source-id/claim-id of claims to group with this one."
    )
    not_same_as: list[ClaimRef] = Field(
        default_factory=list, description="source-id/claim-id of claims never to group with it."
    )


class ClaimFile(_Strict):
    """One YAML file per source."""

    version: Annotated[int, BeforeValidator(_format_version)] = Field(
        description="The claim-file format version: 1."
    )
    source: Source
    claims: list[Claim]
