"""The register of a claim: ``wire`` or ``analytical`` (SPEC sections 1 and 4).

A claim's register is, in this order:

1. its ``register`` key (``register_from`` = ``claim``);
2. what the cues in its ``quote`` decide, when they decide clearly
   (``register_from`` = ``quote``);
3. its source's ``style`` (``register_from`` = ``source``).

The cues
--------
Cues are data, not code: :data:`DEFAULT_CUES` maps a phrase to a weight,
positive for *analytical* (interpreted, evaluated, hedged, argued), negative
for *wire* (plain, attributed, reported).  A quote's score is the sum of the
weights of the cues it contains, each cue counted once; a score of at least
``margin`` (1.0) decides ``analytical``, at most ``-margin`` decides ``wire``,
anything between decides nothing and the source's style stands.

Phrases are matched as whole words, case-insensitively, after typographic
quotes and dashes are made plain.  Four cues in angle brackets are features
rather than phrases:

``<figure>``     the quote states a figure ("$45 billion", "212,000 students");
``<date>``       it states a date, a month or a year;
``<quotation>``  it quotes someone's words in double quotation marks;
``<plain>``      it has four words or more and no analytical cue at all: a plain
                 statement, which is what *wire* means.  Alone it decides wire.

The default table, grouped:

* hedges (+): may, might, could, appears, seems, seen as, viewed as, likely,
  perhaps, possibly, arguably, apparently, suggests, signs of ...
* contrast and evaluation (+): however, nevertheless, nonetheless, on the
  contrary, rather than, although, despite, objectively, increasingly,
  significantly, particularly, especially, notably, clearly, largely, merely,
  symbolic, the most ...
* interpretation (+): in the context of, context, geopolitical, meaning,
  attempt to, reflects, underscores, analysts, experts, observers, no longer ...
* attribution and report (-): said, says, told, according to, noted, added,
  announced, stated; reported acts: held, adopted, signed, attended, met,
  visited, pledged, expressed, proposed, invited, presented, outlined ...
* features (-): ``<figure>``, ``<date>``, ``<quotation>``, ``<plain>``.

A project extends or overrides the table in ``[tool.crosscheck.register_cues]``
(phrase = weight; 0 switches a default cue off); that mapping is the ``cues``
argument here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

from .facts import extract_dates, extract_quantities, normalize
from .records import ANALYTICAL, WIRE

DEFAULT_MARGIN = 1.0

DEFAULT_CUES: dict[str, float] = {
    # hedges
    "may": 1.0, "might": 1.0, "could": 0.5, "appears": 1.5, "appeared": 1.5, "appear to": 1.5,
    "seems": 1.5, "seemed": 1.5, "seen as": 2.0, "viewed as": 2.0, "regarded as": 1.5,
    "likely": 1.0, "unlikely": 1.0, "perhaps": 1.5, "possibly": 1.0, "arguably": 2.0,
    "apparently": 1.0, "presumably": 1.5, "suggests": 1.5, "suggesting": 1.5,
    "signs of": 1.0, "a sign of": 1.0, "remains to be seen": 2.0, "in effect": 1.0,
    "effectively": 1.0,
    # contrast and evaluation
    "however": 2.0, "nevertheless": 2.0, "nonetheless": 2.0, "on the contrary": 2.0,
    "rather than": 1.5, "in contrast": 1.5, "by contrast": 1.5, "instead": 1.0,
    "although": 1.0, "though": 1.0, "whereas": 1.0, "despite": 1.0, "but": 0.5,
    "not only": 0.5, "yet": 0.5, "objectively": 2.0, "increasingly": 2.0, "significantly": 1.0,
    "particularly": 1.0, "especially": 1.0, "notably": 1.0, "clearly": 1.0, "obviously": 1.5,
    "indeed": 1.0, "in fact": 1.0, "largely": 1.0, "merely": 1.5, "simply": 0.5, "very": 0.5,
    "even": 0.5, "the most": 0.5, "symbolic": 1.5, "increasing": 1.0, "growing": 0.5,
    "intensifying": 1.0,
    # interpretation
    "in the context of": 1.0, "context": 1.0, "geopolitical": 1.0, "meaning": 1.0,
    "attempt to": 1.0, "in a bid to": 1.0, "reflects": 1.5, "underscores": 1.5,
    "highlights": 1.0, "signals": 1.0, "implies": 1.5, "revealed": 1.0, "reveals": 1.0,
    "depend on": 1.0, "depends on": 1.0, "analysts": 1.5, "experts": 1.5, "observers": 1.5,
    "critics": 1.5, "no longer": 1.0,
    # attribution
    "said": -1.5, "says": -1.5, "told": -1.5, "according to": -1.5, "stated": -1.0,
    "announced": -1.0, "noted": -1.0, "noting": -1.0, "added": -1.0, "reported": -1.0,
    "argued": -1.0, "cited": -1.0, "citing": -1.0, "quoted": -1.0,
    # reported acts
    "held": -1.0, "hosted": -1.0, "adopted": -1.0, "signed": -1.0, "attended": -1.0,
    "met": -1.0, "visited": -1.0, "concluded": -1.0, "launched": -1.0, "pledged": -1.0,
    "expressed": -1.0, "proposed": -1.0, "invited": -1.0, "praised": -1.0, "presented": -1.0,
    "outlined": -1.0, "welcomed": -1.0, "reaffirmed": -1.0, "reiterated": -1.0,
    "emphasized": -1.0, "emphasised": -1.0, "called for": -1.0, "agreed": -1.0,
    "discussed": -1.0, "approved": -1.0, "opened": -1.0, "took place": -1.0,
    "took part": -1.0, "totalled": -1.0, "totaled": -1.0,
    # features
    "<figure>": -0.5, "<date>": -0.5, "<quotation>": -0.5, "<plain>": -1.0,
}
"""phrase -> weight: positive for analytical, negative for wire (see the module docstring)."""

_FEATURES = ("<figure>", "<date>", "<quotation>", "<plain>")
PLAIN_MIN_WORDS = 4  # a shorter quote is too little to call plain
_QUOTATION = re.compile(r'"[^"]{3,}"?')


def resolve_register(
    claim_register: str | None,
    quote: str | None,
    style: str,
    *,
    cues: Mapping[str, float] | None = None,
) -> tuple[str, str]:
    """The register of a claim and where it comes from: ``claim``, ``quote`` or ``source``.

    >>> resolve_register("analytical", "Putin said trade grew.", "wire")
    ('analytical', 'claim')
    >>> resolve_register(None, "However, the figures are increasingly seen as a reminder.", "wire")
    ('analytical', 'quote')
    >>> resolve_register(None, "trade", "wire")
    ('wire', 'source')
    >>> resolve_register(None, None, "analytical")
    ('analytical', 'source')
    """
    if claim_register:
        return claim_register, "claim"
    detected = detect_register(quote, cues=cues)
    if detected:
        return detected, "quote"
    return style, "source"


def detect_register(
    quote: str | None,
    *,
    cues: Mapping[str, float] | None = None,
    margin: float = DEFAULT_MARGIN,
) -> str | None:
    """The register the cues of a quote decide, or None when they decide nothing clearly.

    >>> detect_register("Putin said trade exceeded $45 billion last year.")
    'wire'
    >>> detect_register("Nevertheless, Russia's position is objectively less assured.")
    'analytical'
    >>> detect_register("economic growth has slowed")
    'wire'
    >>> detect_register("Putin said growth may slow") is None  # -1.5 + 1.0: no clear decision
    True
    """
    if not quote or not quote.strip():
        return None
    score = register_score(quote, cues=cues)
    if score >= margin:
        return ANALYTICAL
    if score <= -margin:
        return WIRE
    return None


def register_score(quote: str, *, cues: Mapping[str, float] | None = None) -> float:
    """The sum of the weights of the cues found in the quote (see the module docstring).

    >>> register_score("However, it appears weaker.")
    3.5
    """
    table = cue_table(tuple(sorted((cues or {}).items())))
    found = matched_cues(quote, table)
    return round(sum(table[cue] for cue in found), 3)


@lru_cache(maxsize=32)
def cue_table(overrides: tuple[tuple[str, float], ...] = ()) -> dict[str, float]:
    """The default cues with a project's overrides applied; cues weighted 0 are dropped."""
    table = dict(DEFAULT_CUES)
    table.update({phrase.strip().lower(): float(weight) for phrase, weight in overrides})
    return {phrase: weight for phrase, weight in table.items() if weight}


def matched_cues(quote: str, table: Mapping[str, float]) -> list[str]:
    """The cues of ``table`` present in the quote, in table order."""
    text = normalize(quote)
    found = _phrases_in(text, tuple(table))
    analytical = any(table[phrase] > 0 for phrase in found)
    features = {  # each worked out only when the table has it
        "<figure>": lambda: bool(extract_quantities(text)),
        "<date>": lambda: bool(extract_dates(text)),
        "<quotation>": lambda: bool(_QUOTATION.search(text)),
        "<plain>": lambda: not analytical and len(text.split()) >= PLAIN_MIN_WORDS,
    }
    return found + [feature for feature, present in features.items()
                    if feature in table and present()]


def _phrases_in(text: str, phrases: tuple[str, ...]) -> list[str]:
    """The phrases (features left out) that :func:`_contains` finds in the text, in order.

    A phrase is looked for only if its words, one space apart, are in the text
    lowercased with its white space made single spaces: a quick test that lets
    through every phrase the regex can match (see :func:`_lowered_for_test`).
    """
    lowered = _lowered_for_test(text)
    return [phrase for phrase, words in _phrase_tests(phrases)
            if (lowered is None or words is None or words in lowered) and _contains(text, phrase)]


@lru_cache(maxsize=32)
def _phrase_tests(phrases: tuple[str, ...]) -> tuple[tuple[str, str | None], ...]:
    """Each phrase that is no feature, with the lowercase words that the text must hold
    for it to match; None for a phrase that is not ASCII (it is always looked for)."""
    return tuple((phrase, " ".join(phrase.split()).lower() if phrase.isascii() else None)
                 for phrase in phrases if phrase not in _FEATURES)


# A character that is not ASCII but that a case-insensitive regex takes for an ASCII one:
# "\u212a" (Kelvin sign) for "k", "\u017f" (long s) for "s", "\u0131" and "\u0130" for "i".
_ASCII_CASE_MATE = re.compile(r"(?=[^\x00-\x7f])(?i:[\x00-\x7f])")


def _lowered_for_test(text: str) -> str | None:
    """The text lowercased, each run of white space one space: an ASCII phrase that the
    case-insensitive regex finds is then in it.  None when the text has a character that
    the regex matches with an ASCII letter other than the letter's two cases."""
    if _ASCII_CASE_MATE.search(text):
        return None
    return " ".join(text.lower().split())


def _contains(text: str, phrase: str) -> bool:
    """Whether the phrase occurs as words, not as a name: "may" is no hedge in "in May"."""
    for match in _phrase_pattern(phrase).finditer(text):
        capitalised = match.group()[0].isupper()
        opens_sentence = not text[:match.start()].strip() or \
            text[:match.start()].rstrip()[-1] in ".!?:;\"'("
        if not capitalised or opens_sentence:
            return True
    return False


@lru_cache(maxsize=1024)
def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    words = r"\s+".join(re.escape(word) for word in phrase.split())
    return re.compile(rf"(?<![\w']){words}(?![\w'])", re.IGNORECASE)
