"""Rule tables for the register of a claim (crosscheck.register)."""

from __future__ import annotations

import pytest

from crosscheck.register import (
    DEFAULT_CUES, cue_table, detect_register, matched_cues, register_score, resolve_register,
)

ANALYTICAL_QUOTES = [
    "However, such figures are increasingly seen not as indicators of growing influence",
    "Nevertheless, Russia's position today is less assured than it was",
    "Russia's ability to offer new projects has objectively diminished",
    "On the contrary, it serves as a tool for maintaining strategic balance",
    "the Kremlin appeared confident in its strategic choices",
    "more analysts are pointing to signs of stagnation",
    "The deal may signal a shift, although it is likely to be symbolic",
]
WIRE_QUOTES = [
    "Putin said trade between Russia and the five countries exceeded $45 billion last year",
    "According to Vladimir Putin, Russia remains committed to strategic partnership",
    "In April, a summit was held in Samarkand with European Union representatives",
    "Beijing pledged $208 million to support development projects across Central Asia",
    '"Russia remains one of the leading investors," Putin told reporters',
    "economic growth has slowed",                        # a plain statement
]


@pytest.mark.parametrize("quote", ANALYTICAL_QUOTES)
def test_analytical_quotes(quote):
    assert detect_register(quote) == "analytical"


@pytest.mark.parametrize("quote", WIRE_QUOTES)
def test_wire_quotes(quote):
    assert detect_register(quote) == "wire"


@pytest.mark.parametrize("quote", [
    None, "", "   ",
    "trade",                                             # too short to be called plain
    "Putin said growth may slow",                        # cues both ways: no clear decision
])
def test_undecided_quotes(quote):
    assert detect_register(quote) is None


@pytest.mark.parametrize("claim_register, quote, style, expected", [
    ("analytical", "Putin said trade grew.", "wire", ("analytical", "claim")),
    ("wire", "However, it is increasingly seen as weak.", "analytical", ("wire", "claim")),
    (None, "However, it is increasingly seen as weak.", "wire", ("analytical", "quote")),
    (None, "Putin said trade grew by 4% in 2025.", "analytical", ("wire", "quote")),
    (None, "Putin said growth may slow", "analytical", ("analytical", "source")),
    (None, None, "wire", ("wire", "source")),
    (None, None, "analytical", ("analytical", "source")),
])
def test_resolve_register(claim_register, quote, style, expected):
    assert resolve_register(claim_register, quote, style) == expected


@pytest.mark.parametrize("quote, expected", [
    ("Putin said trade grew", ["said", "<plain>"]),
    ("trade passed $45 billion in 2024", ["<figure>", "<date>", "<plain>"]),
    ('he called it "a continuation of the partnership"', ["<quotation>", "<plain>"]),
    ("However, trade grew", ["however"]),
    ("the unsaid words were many", ["<plain>"]),        # whole words only
    ("In May the talks resumed", ["<date>", "<plain>"]),  # a month, no hedge
    ("May the talks resume", ["may"]),                  # the opening word is a word

])
def test_matched_cues(quote, expected):
    assert matched_cues(quote, cue_table()) == expected


def test_a_cue_counts_once():
    assert register_score("however, however, however") == DEFAULT_CUES["however"]


@pytest.mark.parametrize("cues, expected", [
    (None, "wire"),
    ({"the subtext": 3.0}, "analytical"),               # a project's own cue
    ({"said": 0, "<plain>": 0}, None),                  # defaults switched off
    ({"said": 2.0, "<plain>": 0}, "analytical"),        # a default re-weighted
])
def test_project_cues_extend_and_override(cues, expected):
    quote = "The subtext was what Putin said"
    assert detect_register(quote, cues=cues) == expected
    register, register_from = resolve_register(None, quote, "wire", cues=cues)
    assert register_from == ("quote" if expected else "source")


def test_margin_is_a_knob():
    quote = "Russia is likely to remain a partner"         # likely +1
    assert detect_register(quote) == "analytical"
    assert detect_register(quote, margin=2.0) is None


def test_the_default_table_is_not_changed_by_overrides():
    cue_table((("said", 5.0),))
    assert DEFAULT_CUES["said"] < 0 and cue_table()["said"] < 0


TRICKY_QUOTES = [
    "Officials ſaid the talks went well",               # a long s: the regex takes it for "s"
    "It is \u212aNOWN that they met",                    # the Kelvin sign, for "k"
    "The deal was seen\nas\ta turning point",            # any white space between a cue's words
    "Analysts SAID, however, that it may be symbolic",
    "In May the İstanbul talks were held",               # "may" as a month; a dotted capital I
    "Officials said: no no no, not in the context of trade",
]


@pytest.mark.parametrize("quote", TRICKY_QUOTES)
@pytest.mark.parametrize("cues", [None, {"no no": 1.0, "ſaid": 1.0, "über": 1.0, "u.s.": -1.0}])
def test_the_quick_phrase_test_lets_every_cue_through(quote, cues):
    """Cues are looked for only where a quick test finds their words: never one fewer."""
    from crosscheck.facts import normalize
    from crosscheck.register import _FEATURES, _contains, _phrases_in

    text = normalize(quote)
    phrases = tuple(cue_table(tuple(sorted((cues or {}).items()))))
    assert _phrases_in(text, phrases) == [p for p in phrases if p not in _FEATURES and _contains(text, p)]


def test_a_cue_matches_across_any_white_space_and_case():
    assert "seen as" in matched_cues("The deal was seen\n\tAS a turning point", cue_table())
    assert "said" in matched_cues("Officials ſaid it", cue_table())
