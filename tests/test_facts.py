"""Rule tables for the fact extractors (crosscheck.facts)."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from crosscheck.facts import (
    capitalised_words, extract_dates, extract_facts, extract_names, extract_polarity,
    extract_quantities, extract_weekdays, read_names, stem,
)

INF = math.inf
PUBLISHED = dt.date(2025, 10, 9)  # a Thursday


def only_quantity(text, **options):
    quantities = extract_quantities(text, **options)
    assert len(quantities) == 1, quantities
    return quantities[0]


# --- quantities: range, kind and unit -----------------------------------------------

@pytest.mark.parametrize("text, low, low_inc, high, high_inc, key", [
    # written precision (SPEC section 4)
    ("$50 billion", 49.5e9, True, 50.5e9, True, "money:USD"),
    ("$45.3 billion", 45.25e9, True, 45.35e9, True, "money:USD"),
    ("212,000 students", 211_500, True, 212_500, True, "count:students"),
    ("5,000 km", 4_500, True, 5_500, True, "length:km"),
    ("25 Russian universities", 25, True, 25, True, "count:russian universities"),
    ("7,591 km", 7590.5, True, 7591.5, True, "length:km"),
    ("4%", 3.5, True, 4.5, True, "percent:%"),
    # money forms
    ("45bn", 44.5e9, True, 45.5e9, True, "money:?"),
    ("US$33 million", 32.5e6, True, 33.5e6, True, "money:USD"),
    ("$45,000 million", 44_999.5e6, True, 45_000.5e6, True, "money:USD"),
    ("€1.2bn", 1.15e9, True, 1.25e9, True, "money:EUR"),
    ("45 billion dollars", 44.5e9, True, 45.5e9, True, "money:USD"),
    ("RUB 100 billion", 99.5e9, True, 100.5e9, True, "money:RUB"),
    ("11,000 thousand km", 10_999_500, True, 11_000_500, True, "length:km"),
    ("45 млрд долларов", 44.5e9, True, 45.5e9, True, "money:USD"),
    # qualifiers: strict and inclusive bounds
    ("more than 5,000 km", 5_000, False, INF, False, "length:km"),
    ("over 23,000 fighters", 23_000, False, INF, False, "count:fighters"),
    ("above $20 billion", 20e9, False, INF, False, "money:USD"),
    ("exceeded $45 billion", 45e9, False, INF, False, "money:USD"),
    ("will exceed $45 billion", 45e9, False, INF, False, "money:USD"),
    ("surpassed $20 billion", 20e9, False, INF, False, "money:USD"),
    ("passed $20 billion", 20e9, False, INF, False, "money:USD"),
    ("at least 5,000", 5_000, True, INF, False, "count:"),
    ("no less than 5,000", 5_000, True, INF, False, "count:"),
    ("less than 10%", -INF, False, 10, False, "percent:%"),
    ("under 10%", -INF, False, 10, False, "percent:%"),
    ("below 10%", -INF, False, 10, False, "percent:%"),
    ("up to 5,000 km", -INF, False, 5_000, True, "length:km"),
    ("at most 5,000 km", -INF, False, 5_000, True, "length:km"),
    ("no more than 5,000 km", -INF, False, 5_000, True, "length:km"),
    ("nearly 2.5 million tonnes", 2.25e6, True, 2.5e6, False, "mass:t"),
    ("almost 2.5 million tonnes", 2.25e6, True, 2.5e6, False, "mass:t"),
    ("just under 2.5 million tonnes", 2.25e6, True, 2.5e6, False, "mass:t"),
    ("just over 2 million tonnes", 2e6, False, 2.2e6, True, "mass:t"),
    ("about 212,000 students", 190_800, True, 233_200, True, "count:students"),
    ("some 25,000 companies", 22_500, True, 27_500, True, "count:companies"),
    ("around 25,000 firms", 22_500, True, 27_500, True, "count:companies"),
    ("roughly 25,000 companies", 22_500, True, 27_500, True, "count:companies"),
    ("approximately 25,000 companies", 22_500, True, 27_500, True, "count:companies"),
    ("5,000 km or more", 5_000, True, INF, False, "length:km"),
    ("более 212 000 студентов", 212_000, False, INF, False, "count:студентов"),
    # written ranges hold exactly their ends
    ("7–9%", 7, True, 9, True, "percent:%"),
    ("between 20 and 30 companies", 20, True, 30, True, "count:companies"),
    ("$20–30 billion", 20e9, True, 30e9, True, "money:USD"),
    # counts written in words are exact
    ("eleven international transport corridors", 11, True, 11, True,
     "count:international transport corridors"),
])
def test_quantity_range(text, low, low_inc, high, high_inc, key):
    quantity = only_quantity(text)
    assert (quantity.low, quantity.low_inclusive, quantity.high, quantity.high_inclusive) == \
        pytest.approx((low, low_inc, high, high_inc))
    assert quantity.key == key


@pytest.mark.parametrize("text, expected", [
    ("The summit was held in 2025.", []),                 # a year
    ("the plan for 2025–2027", []),                       # a year range
    ("on 9 October 2025", []),                            # a date
    ("In point 3 the parties noted", []),                 # labels
    ("Point 1 says", []),
    ("the S-400 system", []),                             # model numbers
    ("Boeing 737 jets", []),
    ("$35 billion over 15 years", ["$35 billion"]),       # the duration is no quantity
    ("one-third of the trade", []),                       # a fraction
    ("the five", []),                                     # a number word with nothing counted
    ("the 20th century", []),                             # an ordinal
    ("The quake struck at 04:17 local time", []),         # times of day
    ("The polls close at 8pm.", []),
])
def test_what_is_no_quantity(text, expected):
    assert [q.text for q in extract_quantities(text)] == expected


@pytest.mark.parametrize("a, b, overlap", [
    ("more than 5,000 km", "up to 5,000 km", False),    # strict vs inclusive at one value
    ("at least 5,000 km", "up to 5,000 km", True),
    ("at least 5,000", "5,000", True),
    ("$45 billion", "$45.3 billion", True),
    ("$50 billion", "$52 billion", False),
    ("$33 million", "$33 billion", False),
    ("nearly 2.5 million tonnes", "1 million tonnes", False),
    ("nearly 2.5 million tonnes", "almost 2.5 million tonnes", True),
    ("nearly 2.5 million tonnes", "2.5 million tonnes", True),
    ("more than 212,000 students", "about 212,000 students", True),
    ("above $50 billion", "$50 billion", True),
    ("11,000 thousand km", "11,000 km", False),
    ("7–9%", "10%", False),
    ("7–9%", "9%", True),
    ("exceeded $45 billion", "passed $45 billion", True),
])
def test_quantities_overlap(a, b, overlap):
    assert only_quantity(a).overlaps(only_quantity(b)) is overlap
    assert only_quantity(b).overlaps(only_quantity(a)) is overlap


@pytest.mark.parametrize("tolerance, low, high", [(0.10, 1125, 1375), (0.20, 1000, 1500)])
def test_about_tolerance_is_configurable(tolerance, low, high):
    quantity = only_quantity("about 1,250 people", about_tolerance=tolerance)
    assert (quantity.low, quantity.high) == pytest.approx((low, high))


def test_several_figures_in_text_order():
    text = "Tokayev said 114 projects worth over $21 billion have been completed."
    assert [(q.text, q.key) for q in extract_quantities(text)] == [
        ("114 projects", "count:projects"), ("over $21 billion", "money:USD")]


# --- dates ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, published, expected", [
    ("on 9 October 2025", None, [("day", "9 October 2025")]),
    ("on October 9, 2025", None, [("day", "9 October 2025")]),
    ("dated 2025-10-09", None, [("day", "9 October 2025")]),
    ("9 октября 2025 года", None, [("day", "9 October 2025")]),
    ("on 9 October", PUBLISHED, [("day", "9 October 2025")]),
    ("on 9 October", None, [("monthday", "9 October")]),
    ("in October 2022", None, [("month", "October 2022")]),
    ("in January–July 2025", None, [("month", "January–July 2025")]),
    ("In June, a summit was held", PUBLISHED, [("month", "June 2025")]),
    ("in 2024", None, [("year", "2024")]),
    ("в 2024 году", None, [("year", "2024")]),
    ("a plan for 2025–2027", None, [("year-range", "2025–2027")]),
    ("the 2025-27 plan", None, [("year-range", "2025–2027")]),
    ("last year", PUBLISHED, [("year", "2024")]),
    ("by the end of last year", PUBLISHED, [("year", "2024")]),
    ("three years ago", PUBLISHED, [("year", "2022")]),
    ("this year", PUBLISHED, [("year", "2025")]),
    ("в прошлом году", PUBLISHED, [("year", "2024")]),
    ("yesterday", PUBLISHED, [("day", "8 October 2025")]),
    # without a publication date, relative expressions stay relative
    ("last year", None, [("rel-year", "last year")]),
    ("three years ago", None, [("rel-year", "three years ago")]),
    ("yesterday", None, [("rel-day", "yesterday")]),
    ("Putin may attend", None, []),
])
def test_dates(text, published, expected):
    assert [(d.key, d.describe()) for d in extract_dates(text, published=published)] == expected


def test_year_range_is_one_fact_apart_from_years():
    keys = [d.key for d in extract_dates("a plan for 2025–2027 reviewed in 2027")]
    assert keys == ["year-range", "year"]


# --- weekdays -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, published, expected", [
    ("Putin's arrival is expected on Wednesday.", None, [("Wednesday", False)]),
    ("on 9 October 2025", None, [("Thursday", True)]),            # 9 October 2025 was a Thursday
    ("on 9 October", PUBLISHED, [("Thursday", True)]),            # the year from `published`
    ("on 9 October", None, []),                                   # no year: no weekday
    ("в среду", None, [("Wednesday", False)]),
    ("среди лидеров", None, []),                                  # "among", not "Wednesday"
    ("on Mondays", None, []),
])
def test_weekdays(text, published, expected):
    found = extract_weekdays(text, published=published)
    assert [(w.name, w.derived) for w in found] == expected


# --- names ----------------------------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("The summit was held in Dushanbe.", [(("Dushanbe",), ("held", "in"), None, "place")]),
    ("The second summit was held in Dushanbe, Tajikistan.",
     [(("Dushanbe", "Tajikistan"), ("held", "in"), None, "place")]),
    ("Kremlin aide Yuri Ushakov told reporters in Moscow that it would be fruitful.",
     [(("Yuri Ushakov",), ("kremlin", "aid"), ("told", "reporter"), "name"),
      (("Moscow",), ("reporter", "in"), None, "place")]),    # function words only: no context
    ("Putin's arrival in Dushanbe is expected on Wednesday.",          # a possessive is a name
     [(("Putin",), None, ("arrival", "in"), "name"),
      (("Dushanbe",), ("arrival", "in"), ("is", "expect"), "place")]),
])
def test_name_slots(text, expected):
    found = [(s.names, s.left, s.right, s.role) for s in extract_names(text)]
    assert found == expected


@pytest.mark.parametrize("text, names, is_list, attributed", [
    ("He met the leaders of Kazakhstan, Kyrgyzstan and Uzbekistan at the summit.",
     ("Kazakhstan", "Kyrgyzstan", "Uzbekistan"), True, False),
    ("Trade rose, Putin said.", ("Putin",), False, True),
    ("According to Putin, trade rose.", ("Putin",), False, True),
    ("The talks ended when Ushakov said so.", ("Ushakov",), False, True),
    ("Leaders praised Putin's arrival.", ("Putin",), False, False),
    ("Состоялась встреча Путина и Токаева в Душанбе.", ("Путина", "Токаева"), True, False),
    ("Саммит прошёл в Душанбе.", ("Душанбе",), False, False),
])
def test_name_lists_and_speakers(text, names, is_list, attributed):
    slot = next(s for s in extract_names(text) if s.names == names)
    assert (slot.is_list, slot.attributed) == (is_list, attributed)


@pytest.mark.parametrize("text, known, expected", [
    ("Ties with Central Asia are fragile.", (), [("Central Asia",)]),    # "Ties" opens the sentence
    ("Dushanbe hosted the summit.", (), []),                              # no evidence yet ...
    ("Dushanbe hosted the summit.", {"dushanbe"}, [("Dushanbe",)]),       # ... seen elsewhere
    ("Kassym-Jomart Tokayev attended.", (), [("Kassym-Jomart Tokayev",)]),
    ("The EU attended.", (), [("EU",)]),
    ("It was held on Thursday, 9 October.", (), []),                      # weekdays, months
])
def test_which_words_are_names(text, known, expected):
    assert [s.names for s in extract_names(text, known=known)] == expected


NAME_WORDS = ["Ties", "Dushanbe", "Putin's", "The", "EU", "Kassym-Jomart", "Tokayev", "hosted",
              "met", "in", "Moscow", "said", ".", ",", "and", "Leaders", "Central", "Asia",
              "Thursday", "Путин", "прибыл", "в", "Душанбе"]


@given(st.lists(st.sampled_from(NAME_WORDS), max_size=14),
       st.sets(st.sampled_from(["ties", "dushanbe", "leaders", "putin", "moscov", "the", "x"])))
def test_a_name_reading_gives_the_names_for_any_known_names(words, known):
    text = " ".join(words)
    assert read_names(text).names(text, known) == extract_names(text, known=known)
    assert read_names(text).capitalised == capitalised_words(text)


# --- polarity -------------------------------------------------------------------------------

@pytest.mark.parametrize("text, predicate, value", [
    ("Putin will attend.", "attend", True),
    ("Putin will attend the summit.", "attend", True),
    ("Putin will not attend the summit.", "attend", False),
    ("Putin won't attend the summit.", "attend", False),
    ("Putin did not attend the summit.", "attended", False),
    ("Putin never attended the summit.", "attend", False),
    ("Putin attended the summit.", "attend", True),
    ("Tajikistan refused to sign the deal.", "sign", False),
    ("Tajikistan refused the deal.", "agree", False),
    ("Tajikistan agreed to sign the deal.", "agree", True),
    ("The parliament rejected the bill.", "approve", False),
    ("The parliament approved the bill.", "approve", True),
    ("Russia no longer supplies gas.", "supplies", False),
    ("not only trade but also security", "trade", True),
    ("Putin did not attend the dinner but attended the summit.", "attend", None),
    ("Путин не будет участвовать в саммите.", "участвовать", False),
])
def test_polarity(text, predicate, value):
    from crosscheck.facts import ANTONYM_STEMS

    key = ANTONYM_STEMS.get(stem(predicate), stem(predicate))
    assert extract_polarity(text).value(key) is value


@pytest.mark.parametrize("text, predicate, obj, value", [
    ("Putin will not attend the summit.", "attend", "summit", False),
    ("Putin will not attend the summit.", "attend", "dinner", None),     # another object
    ("Putin will not attend.", "attend", "dinner", False),               # no object: any
    ("The region does not need new dividing lines.", "need", "cooperation", None),
    ("The region needs cooperation.", "need", "cooperation", True),
    ("Tajikistan refused to sign the deal.", "sign", "deal", False),
    ("Tajikistan refused the plan.", "agr", "plan", False),
    ("The parliament rejected the bill.", "accept", "bill", False),
    ("The parliament adopted the bill.", "accept", "bill", True),
])
def test_polarity_of_a_predicate_and_its_object(text, predicate, obj, value):
    assert extract_polarity(text).value(predicate, stem(obj)) is value


@pytest.mark.parametrize("text", ["no less than 5,000 km", "not more than 5,000 km",
                                  "not only trade but also security", "не менее 5000 км"])
def test_qualifiers_and_not_only_negate_nothing(text):
    assert extract_polarity(text).negated == ()


# --- all at once, and text that must not break anything ------------------------------------

@pytest.mark.parametrize("text", [
    "",
    "Путин заявил, что товарооборот превысил 45 млрд долларов в прошлом году.",
    "«Кремль» сообщил: саммит пройдёт в четверг, 9 октября.",
    "$$$ 1,2,3 – — ’ “ ” … 2025-13-45 99 October 2025",
    "US$ bn million % km",
])
def test_extract_facts_never_breaks(text):
    facts = extract_facts(text, published=PUBLISHED)
    assert isinstance(facts.quantities, tuple)


def test_russian_text_yields_its_facts():
    facts = extract_facts("Путин заявил, что товарооборот превысил 45 млрд долларов в прошлом году.",
                          published=PUBLISHED)
    assert [(q.low, q.key) for q in facts.quantities] == [(45e9, "money:USD")]
    assert [d.describe() for d in facts.dates] == ["2024"]


# --- quick tests that spare patterns: they never hide a match ---------------------------

GATED_TEXTS = [
    "On 9 October 2025 and in ſeptember 2024, tariffs rose – 9 OCTOBER 2025.",
    "Talks began in Sept. and ended 12 MAY 2025; между 9 октября 2025 и мая.",
    "Last YEAR, a year ago, three years ago, yeſterday and 3 года назад.",
    "Eleven corridors and SEVENTY-five ports, not \u212aen.",
    "В ЧЕТВЕРГ и во ᲀторник они встретились.",
    "They CANNOT and won't sign; Putin isn't coming.",
    "No digits, months or weekdays here at all.",
]


@pytest.mark.parametrize("text", GATED_TEXTS)
def test_the_quick_tests_never_hide_a_match(text):
    """Each pattern skipped by a quick test would have found nothing in the text."""
    from crosscheck import facts

    text = facts.normalize(text)
    every_date_match = [(key, m.span()) for key, _, regex in facts._DATE_RES for m in regex.finditer(text)]
    assert [(key, m.span()) for key, m in facts._date_matches(text)] == every_date_match
    if not facts._RELATIVE_WORD.search(text):
        assert not any(regex.search(text) for regex, _, _ in facts._RELATIVE_RES)
        assert not facts._AGO.search(text)
    if not facts._NUMBER_WORD_TEST.search(text):
        assert not facts._WORD_FIGURE_RE.search(text)
    if not facts._CYRILLIC_ANY_CASE.search(text):
        assert not any(regex.search(text) for regex, _ in facts._RU_WEEKDAY_RES)
    if not facts._CONTRACTION_TEST.search(text):
        assert all(regex.sub(replacement, text) == text for regex, replacement in facts._CONTRACTIONS)
    if not facts._DIGIT.search(text):
        assert not facts._RANGE_RE.search(text) and not facts._FIGURE_RE.search(text)
