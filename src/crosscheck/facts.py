"""Facts that can conflict, extracted from one claim's text (SPEC section 4).

Every extractor is a pure function of the text (and, for relative dates, of the
source's ``published`` date).  Nothing here compares two claims; that is
:mod:`crosscheck.classify`.  The facts are:

* **quantities** (:class:`Quantity`): a figure as the range of values it can
  hold, with its kind and unit: money per currency (``$45 billion``, ``45bn``,
  ``US$33 million``, ``$45,000 million``, ``€1.2bn``, ``45 млрд долларов``),
  percentages, distances, weights, and counts of things ("212,000 students").
  The range follows the qualifier ("more than", "up to", "nearly", "about" ...)
  and the precision the figure is written with;
* **dates** (:class:`DateFact`): days, months, years, month ranges and year
  ranges ("2025–2027", kept as one fact), and relative expressions ("last
  year", "three years ago", "yesterday") resolved against ``published``;
  without it they stay relative and are compared only with other relative ones;
* **weekdays** (:class:`Weekday`): written ones ("on Thursday", "в четверг")
  and those implied by a full date (9 October 2025 was a Thursday);
* **names** (:class:`NameSlot`): capitalised words and sequences (Latin or
  Cyrillic) with the words around them, so that two names are compared only in
  the same role ("held in Dushanbe" / "held in Moscow").  Whether a capitalised
  word opening a sentence is a name may depend on the other claims of a group
  (``known``): a :class:`NameReading` reads them once for any group;
* **polarity** (:class:`Polarity`): the predicates a claim negates ("will not
  attend", "refused to sign") and the word stems it affirms.

Quantities in detail
--------------------
A plain figure is as precise as it is written: digits before a scale word are
all significant (``$50 billion`` = 49.5-50.5bn, ``$45.3 billion`` =
45.25-45.35bn); trailing zeros of a figure written out in full are not
(``212,000`` = 211,500-212,500); counts under 100 with no scale word are exact.
Qualifiers then bound the figure's written value: "more than", "over", "above",
"exceeded", "surpassed", "passed" from below, strictly; "at least", "no less
than" from below, inclusively; "less than", "under", "below" from above,
strictly; "up to", "at most", "no more than" from above, inclusively; "nearly",
"almost", "just under" up to 10% below, strictly under; "just over" up to 10%
above; "about", "some", "around", "roughly", "approximately" widen the figure
by ``about_tolerance`` (10%) either way.  A written range ("7–9%", "between 20
and 30") holds exactly its two ends.  The word lists are module constants.
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import NamedTuple

ABOUT_TOLERANCE = 0.10
NEAR_TOLERANCE = 0.10  # "nearly", "almost", "just under", "just over": SPEC section 4

# --- text normalisation ----------------------------------------------------------------

_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032`\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    **dict.fromkeys(_DASHES, "–"),
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ",
})
_DIGIT_GROUP_SPACE = re.compile(r"(?<=\d)[\u00a0\u202f\u2009\u2007](?=\d{3}\b)")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")
_PLAIN_SPACE_GROUPS = re.compile(r"\b\d{1,3}(?: \d{3})+\b")


def normalize(text: str) -> str:
    """Typographic quotes, dashes and spaces made plain; digit groups joined.

    Offsets are not kept: every extractor works on the normalised text.

    >>> normalize("“11\\u00a0000” km — 2025‑2027")
    '"11000" km – 2025–2027'
    """
    text = _DIGIT_GROUP_SPACE.sub("", text).translate(_TYPOGRAPHY)
    if _CYRILLIC.search(text):  # Russian writes 212 000 with a plain space
        text = _PLAIN_SPACE_GROUPS.sub(lambda m: m.group().replace(" ", ""), text)
    return text


def _word_start_test(words: Iterable[str]) -> re.Pattern[str]:
    """A quick, case-insensitive search for a word that starts with one of ``words``.

    A text it finds nothing in cannot match a pattern that needs one of the words
    at the start of a word, so that pattern need not run.  The lookahead on the
    first letters, case-folded as the words are, changes nothing that matches: it
    spares the engine trying every word at every word boundary.
    """
    words = sorted(set(words))
    first_letters = "".join(sorted({word[0] for word in words}))
    alternatives = "|".join(re.escape(word) for word in words)
    return re.compile(rf"\b(?=[{first_letters}])(?:{alternatives})", re.IGNORECASE)


# --- numbers -------------------------------------------------------------------------

NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14,
    "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
    "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
    "eighty": 80, "ninety": 90, "a hundred": 100, "one hundred": 100,
}

SCALES = {
    "thousand": 1e3, "k": 1e3, "тыс": 1e3, "тысяч": 1e3, "тысячи": 1e3,
    "million": 1e6, "millions": 1e6, "mn": 1e6, "mln": 1e6, "m": 1e6, "млн": 1e6,
    "миллионов": 1e6, "миллиона": 1e6,
    "billion": 1e9, "billions": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "млрд": 1e9,
    "миллиардов": 1e9, "миллиарда": 1e9,
    "trillion": 1e12, "tn": 1e12, "trn": 1e12, "трлн": 1e12,
}
# One-letter scales only count right after a figure with a currency ("$5m", "€1.2bn").
_SHORT_SCALES = {"k", "m", "b"}
# Abbreviated scales that newspapers use for money only ("45bn", "33mn").
_MONEY_SCALES = {"bn", "bln", "mn", "mln", "млрд"}

CURRENCY_SYMBOLS = {
    "us$": "USD", "$": "USD", "usd": "USD", "€": "EUR", "eur": "EUR", "£": "GBP",
    "gbp": "GBP", "₽": "RUB", "rub": "RUB", "¥": "CNY", "cny": "CNY", "rmb": "CNY",
    "₸": "KZT", "kzt": "KZT", "c$": "CAD", "a$": "AUD", "chf": "CHF", "₹": "INR",
}
CURRENCY_WORDS = {
    "us dollars": "USD", "u.s. dollars": "USD", "dollars": "USD", "dollar": "USD",
    "euros": "EUR", "euro": "EUR", "pounds sterling": "GBP", "pounds": "GBP",
    "roubles": "RUB", "rubles": "RUB", "yuan": "CNY", "renminbi": "CNY", "tenge": "KZT",
    "somoni": "TJS", "manat": "TMT", "manats": "TMT", "soms": "KGS", "som": "KGS",
    "sums": "UZS", "rupees": "INR", "yen": "JPY", "lira": "TRY", "liras": "TRY",
    "долларов": "USD", "доллара": "USD", "доллар": "USD", "долл": "USD", "евро": "EUR",
    "рублей": "RUB", "рубля": "RUB", "руб": "RUB", "юаней": "CNY", "тенге": "KZT",
}
UNITS = {  # written unit -> (kind, unit)
    "%": ("percent", "%"), "per cent": ("percent", "%"), "percent": ("percent", "%"),
    "pct": ("percent", "%"), "процентов": ("percent", "%"), "процента": ("percent", "%"),
    "percentage points": ("percent", "pp"), "percentage point": ("percent", "pp"),
    "km": ("length", "km"), "kilometres": ("length", "km"), "kilometers": ("length", "km"),
    "kilometre": ("length", "km"), "kilometer": ("length", "km"), "км": ("length", "km"),
    "miles": ("length", "mi"), "mile": ("length", "mi"),
    "metres": ("length", "m"), "meters": ("length", "m"),
    "tonnes": ("mass", "t"), "tonne": ("mass", "t"), "tons": ("mass", "t"),
    "ton": ("mass", "t"), "тонн": ("mass", "t"), "тонны": ("mass", "t"),
    "kg": ("mass", "kg"), "kilograms": ("mass", "kg"),
    "hectares": ("area", "ha"), "sq km": ("area", "km2"), "square kilometres": ("area", "km2"),
    "mw": ("power", "MW"), "megawatts": ("power", "MW"), "gw": ("power", "GW"),
    "gigawatts": ("power", "GW"), "kwh": ("energy", "kWh"), "bcm": ("volume", "bcm"),
    "cubic metres": ("volume", "m3"), "barrels": ("volume", "bbl"),
}
# Durations are left out: "over 15 years" is a period, not a bound on a figure.
DURATION_WORDS = {
    "year", "years", "month", "months", "week", "weeks", "day", "days", "hour", "hours",
    "minute", "minutes", "decade", "decades", "century", "centuries", "лет", "года", "год",
}
COUNT_SYNONYMS = {
    "firms": "companies", "enterprises": "companies", "businesses": "companies",
    "persons": "people", "individuals": "people", "residents": "people",
    "inhabitants": "people", "citizens": "people",
}
IRREGULAR_PLURALS = {"people", "children", "men", "women", "staff", "personnel", "police",
                     "troops", "cattle", "livestock"}
# Words that end a count's noun phrase ("25,000 companies *with* Russian capital").
_PHRASE_STOPS = {
    "with", "of", "in", "on", "at", "to", "from", "for", "by", "and", "or", "that", "which",
    "who", "are", "is", "was", "were", "have", "has", "had", "will", "would", "worth",
    "than", "as", "per", "each", "a", "an", "the", "this", "these", "those", "last", "this",
    "since", "across", "between", "into", "over", "under", "about", "more", "less",
}
# A figure right after one of these words is a label, not a quantity ("point 3").
_LABEL_WORDS = {
    "point", "points", "article", "paragraph", "section", "chapter", "clause", "no",
    "number", "page", "item", "phase", "stage", "round", "resolution", "grade", "level",
    "tier", "block", "unit", "flight", "route", "highway", "line", "platform", "pp",
}

QUALIFIERS = {  # written before the figure -> bound
    "more than": "gt", "over": "gt", "above": "gt", "in excess of": "gt", "upwards of": "gt",
    "exceeded": "gt", "exceed": "gt", "exceeds": "gt", "exceeding": "gt",
    "surpassed": "gt", "surpass": "gt", "surpasses": "gt", "surpassing": "gt",
    "passed": "gt", "passes": "gt", "passing": "gt", "topped": "gt",
    "at least": "ge", "no less than": "ge", "not less than": "ge", "no fewer than": "ge",
    "not fewer than": "ge", "a minimum of": "ge",
    "less than": "lt", "fewer than": "lt", "under": "lt", "below": "lt",
    "up to": "le", "at most": "le", "no more than": "le", "not more than": "le",
    "a maximum of": "le",
    "nearly": "near", "almost": "near", "just under": "near", "just below": "near",
    "just short of": "near", "just over": "just_over", "just above": "just_over",
    "slightly more than": "just_over",
    "about": "about", "some": "about", "around": "about", "roughly": "about",
    "approximately": "about", "approx.": "about", "approx": "about", "circa": "about",
    "c.": "about", "close to": "about", "an estimated": "about", "estimated at": "about",
    "~": "about",
    "более": "gt", "свыше": "gt", "больше": "gt", "превысил": "gt", "превысила": "gt",
    "превысило": "gt", "не менее": "ge", "не более": "le", "до": "le", "менее": "lt",
    "меньше": "lt", "почти": "near", "около": "about", "порядка": "about",
    "примерно": "about", "приблизительно": "about",
}
TRAILING_QUALIFIERS = {  # written after the figure -> bound
    "or more": "ge", "or above": "ge", "or over": "ge", "and above": "ge", "and more": "ge",
    "plus": "ge", "+": "ge", "or less": "le", "or fewer": "le", "or below": "le",
    "and below": "le", "or under": "le",
}


@dataclass(frozen=True, order=True)
class Quantity:
    """A figure as the range of values it can hold, with its kind and unit.

    ``kind`` is ``money``, ``percent``, ``length``, ``mass``, ... or ``count``;
    ``unit`` is the currency, the unit, or for counts the noun phrase counted
    ("central asian students"; empty for a bare number).  Only quantities with
    the same :attr:`key` are comparable.
    """

    low: float
    high: float
    low_inclusive: bool
    high_inclusive: bool
    kind: str
    unit: str
    text: str = field(compare=False)

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.unit}"

    def overlaps(self, other: Quantity) -> bool:
        """Whether both ranges can hold at once (they share a value).

        >>> a, = extract_quantities("more than 5,000 km")
        >>> b, = extract_quantities("up to 5,000 km")
        >>> a.overlaps(b)
        False
        """
        return intervals_overlap(self.bounds, other.bounds)

    @property
    def bounds(self) -> tuple[float, bool, float, bool]:
        return (self.low, self.low_inclusive, self.high, self.high_inclusive)


def intervals_overlap(a: tuple[float, bool, float, bool], b: tuple[float, bool, float, bool]) -> bool:
    """Whether two intervals ``(low, low_inclusive, high, high_inclusive)`` share a point."""
    low, low_inc = max((a[0], not a[1]), (b[0], not b[1]))
    high, high_inc = min((a[2], a[3]), (b[2], b[3]))
    return low < high or (low == high and not low_inc and high_inc)


# --- quantity extraction ----------------------------------------------------------------

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?(?!\d)|\d+(?:[.,]\d+)?"
_CUR_PREFIX = r"(?:US\$|C\$|A\$|USD|EUR|GBP|RUB|CNY|RMB|KZT|CHF|[$€£₽¥₸₹])"
_SCALE = r"(?:thousand|millions?|billions?|trillion|bn|bln|mln|mn|tn|trn|тыс|тысяч[иа]?|млн|млрд|трлн|миллион(?:ов|а)?|миллиард(?:ов|а)?|[kmb])"
_WORD_NUM = r"(?:" + "|".join(sorted(NUMBER_WORDS, key=len, reverse=True)) + r")"
_ORDINAL = r"(?!\d|(?:st|nd|rd|th)\b)"  # whole numbers only; "the 20th century" counts nothing
_ONE_FIGURE = rf"(?P<cur>{_CUR_PREFIX})?\s?(?P<num>{_NUM}){_ORDINAL}(?:\s?(?P<scale>{_SCALE})\b)?"
_RANGE = (
    rf"(?P<between>between|from)?\s*(?P<cur1>{_CUR_PREFIX})?\s?(?P<num1>{_NUM})"
    rf"(?:\s?(?P<scale1>{_SCALE})\b)?\s*(?:–|-|to|and|до)\s*"
    rf"(?P<cur2>{_CUR_PREFIX})?\s?(?P<num2>{_NUM})(?:\s?(?P<scale2>{_SCALE})\b)?"
)
_FIGURE_RE = re.compile(rf"(?<![\w$€£₽¥₸₹.,–-]){_ONE_FIGURE}", re.IGNORECASE)
_TIME_RE = re.compile(r"\b\d{1,2}:\d{2}\b|\b\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm|a\.m\.|p\.m\.)",
                      re.IGNORECASE)
_RANGE_RE = re.compile(rf"(?<![\w.,–-]){_RANGE}", re.IGNORECASE)
_WORD_FIGURE_RE = re.compile(rf"\b(?P<num>{_WORD_NUM})\b(?!–|-)", re.IGNORECASE)
_NUMBER_WORD_TEST = _word_start_test(NUMBER_WORDS)
_TOKEN = re.compile(r"[^\W\d_]+(?:[–'-][^\W\d_]+)*|\d+|[%+~$€£]", re.UNICODE)
_DIGIT = re.compile(r"\d")


@dataclass
class _Figure:
    """A figure found in the text, before its range is worked out."""

    start: int
    end: int
    value: float
    half_step: float  # half the unit of the last significant digit
    has_scale: bool
    currency: str | None
    high_value: float | None = None  # a written range's upper end
    scale_word: str = ""
    from_word: bool = False  # written in letters ("eleven corridors")


_GROUPED_NUMBER = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")


def _parse_number(raw: str) -> tuple[float, int, int]:
    """(value, decimals written, trailing zeros of the integer) of a written figure."""
    if _GROUPED_NUMBER.fullmatch(raw):
        raw = raw.replace(",", "")
    elif "," in raw:  # a decimal comma: "45,3"
        raw = raw.replace(",", ".")
    integer, _, decimals = raw.partition(".")
    trailing = len(integer) - len(integer.rstrip("0")) if not decimals and integer.strip("0") else 0
    return float(raw), len(decimals), trailing


def _half_step(raw: str, scale: float | None) -> float:
    """Half the unit of the last significant written digit (SPEC section 4)."""
    value, decimals, trailing = _parse_number(raw)
    if scale:
        return 0.5 * 10 ** -decimals * scale
    if decimals:
        return 0.5 * 10 ** -decimals
    if value < 100:
        return 0.5
    return 0.5 * 10 ** trailing


def _scale_of(word: str | None, currency: str | None) -> float | None:
    if not word:
        return None
    word = word.lower().rstrip(".")
    if word in _SHORT_SCALES and not currency:
        return None
    return SCALES.get(word)


def extract_quantities(text: str, *, about_tolerance: float = ABOUT_TOLERANCE) -> list[Quantity]:
    """Every figure of the text as a :class:`Quantity`, in text order.

    Dates, years and times of day are not quantities; neither are labels
    ("point 3"), model numbers ("S-400"), ordinals ("20th") and durations
    ("over 15 years").

    >>> [(q.low, q.high, q.kind, q.unit) for q in extract_quantities("$50 billion")]
    [(49500000000.0, 50500000000.0, 'money', 'USD')]
    >>> q, = extract_quantities("more than 212,000 Central Asian students")
    >>> q.low, q.low_inclusive, q.high, q.unit
    (212000.0, False, inf, 'central asian students')
    >>> q, = extract_quantities("nearly 2.5 million tonnes")
    >>> q.low, q.high, q.high_inclusive, q.key
    (2250000.0, 2500000.0, False, 'mass:t')
    """
    return _quantities(normalize(text), about_tolerance)


def _quantities(text: str, about_tolerance: float) -> list[Quantity]:
    """:func:`extract_quantities` of a text already normalised."""
    blocked = [span for span, _ in _date_spans(text)] + [m.span() for m in _TIME_RE.finditer(text)]
    quantities = []
    for figure in _figures(text, blocked):
        quantity = _quantity(text, figure, about_tolerance)
        if quantity is not None:
            quantities.append(quantity)
    return quantities


def _figures(text: str, blocked: list[tuple[int, int]]) -> list[_Figure]:
    figures: list[_Figure] = []
    taken = list(blocked)
    if _DIGIT.search(text):  # ranges and figures written in digits
        for match in _RANGE_RE.finditer(text):
            figure = _range_figure(match)
            if figure and not _overlaps_any((figure.start, figure.end), taken):
                figures.append(figure)
                taken.append((figure.start, figure.end))
        for match in _FIGURE_RE.finditer(text):
            figure = _plain_figure(text, match)
            if figure and not _overlaps_any((figure.start, figure.end), taken):
                figures.append(figure)
                taken.append((figure.start, figure.end))
    if _NUMBER_WORD_TEST.search(text):
        for match in _WORD_FIGURE_RE.finditer(text):
            if not _overlaps_any(match.span(), taken):
                value = NUMBER_WORDS[match.group("num").lower()]
                figures.append(_Figure(match.start(), match.end(), value, 0.0, False, None,
                                       from_word=True))
    return sorted(figures, key=lambda f: f.start)


def _overlaps_any(span: tuple[int, int], spans: Iterable[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)


_AND = re.compile(r"\band\b")


def _range_figure(match: re.Match) -> _Figure | None:
    joiner = match.group(0)[match.end("num1") - match.start(0):match.start("num2") - match.start(0)]
    if _AND.search(joiner) and not match.group("between"):
        return None  # "20 and 30 companies" lists two figures, it is no range
    if match.group("between") and match.group("between").lower() == "between" and "and" not in joiner:
        return None
    currency = match.group("cur1") or match.group("cur2")
    scale2 = _scale_of(match.group("scale2"), currency)
    scale1 = _scale_of(match.group("scale1"), currency) or scale2
    low = _parse_number(match.group("num1"))[0] * (scale1 or 1)
    high = _parse_number(match.group("num2"))[0] * (scale2 or 1)
    if high <= low:
        return None
    start = match.start("between") if match.group("between") else match.start("num1")
    if match.group("cur1"):
        start = min(start, match.start("cur1"))
    return _Figure(start, match.end(), low, 0.0, bool(scale2), _currency_code(currency),
                   high_value=high)


def _plain_figure(text: str, match: re.Match) -> _Figure | None:
    if _is_label(text, match.start()):
        return None
    currency = _currency_code(match.group("cur"))
    scale = _scale_of(match.group("scale"), currency)
    end = match.end() if scale or not match.group("scale") else match.end("num")
    raw = match.group("num")
    value = _parse_number(raw)[0] * (scale or 1)
    scale_word = (match.group("scale") or "").lower().rstrip(".") if scale else ""
    return _Figure(match.start(), end, value, _half_step(raw, scale), bool(scale), currency,
                   scale_word=scale_word)


def _currency_code(symbol: str | None) -> str | None:
    return CURRENCY_SYMBOLS.get(symbol.lower()) if symbol else None


_LETTER_AT_END = re.compile(r"[^\W\d_][–-]?$")
_WORD_AT_END = re.compile(r"([^\W\d_]+)\.?\s+$")


def _is_label(text: str, start: int) -> bool:
    """A figure that names something: "point 3", "Boeing 737", "C5", "S-400"."""
    before = text[max(0, start - 30):start]
    if _LETTER_AT_END.search(before):
        return True
    previous = _WORD_AT_END.search(before)
    if not previous:
        return False
    word = previous.group(1)
    if word.lower() in _LABEL_WORDS:
        return True
    # "Boeing 737", "Su 35": a capitalised name right before the figure.
    return word[0].isupper() and _looks_like_name(word)


def _quantity(text: str, figure: _Figure, about_tolerance: float) -> Quantity | None:
    after = text[figure.end:]
    unit = _unit_after(after, figure)
    if unit is None:
        return None
    kind, unit_name, unit_end = unit
    qualifier, qual_start = _qualifier_before(text, figure.start)
    trailing, trail_end = _qualifier_after(after[unit_end:])
    written_end = figure.end + unit_end + trail_end
    written = text[qual_start:written_end].strip()
    low, low_inc, high, high_inc = _bounds(figure, kind, trailing or qualifier, about_tolerance)
    return Quantity(low, high, low_inc, high_inc, kind, unit_name, written)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_CURRENCY_WORD_RE = re.compile(rf"\s?(?:of\s)?(?P<word>{_alternation(CURRENCY_WORDS)})(?![^\W\d_])\.?")
_UNIT_RE = re.compile(rf"\s?(?P<word>{_alternation(UNITS)})(?![^\W\d_])")
_QUALIFIER_RE = re.compile(rf"(?:^|(?<=[\s(\"']))(?P<word>{_alternation(QUALIFIERS)})\s*$")
_TRAILING_RE = re.compile(rf"\s?(?P<word>{_alternation(TRAILING_QUALIFIERS)})(?![^\W\d_])")


def _unit_after(after: str, figure: _Figure) -> tuple[str, str, int] | None:
    """(kind, unit, characters used) of what follows the figure; None for durations."""
    lowered = after.lower()
    match = _CURRENCY_WORD_RE.match(lowered)
    if match:
        return "money", CURRENCY_WORDS[match.group("word")], match.end()
    if figure.currency:
        return "money", figure.currency, 0
    match = _UNIT_RE.match(lowered)
    if match:
        kind, unit = UNITS[match.group("word")]
        return kind, unit, match.end()
    count = _count_unit(after, figure)
    if figure.scale_word in _MONEY_SCALES and (count is None or not count[1]):
        return "money", "?", 0  # "45bn": an amount of money in an unnamed currency
    return count


_COUNT_WORD = re.compile(r"[^\W\d_]+(?:[–'-][^\W\d_]+)*")
_NOT_SPACE = re.compile(r"[^\s]")


def _count_unit(after: str, figure: _Figure) -> tuple[str, str, int] | None:
    """A count: the noun phrase that ends at the first plural noun, up to four words."""
    words = list(_COUNT_WORD.finditer(after[:80]))
    phrase: list[str] = []
    position = 0
    for match in words[:4]:
        gap = after[position:match.start()]
        if _NOT_SPACE.search(gap):
            break  # punctuation ends the phrase
        word = match.group().lower()
        if word in DURATION_WORDS and not phrase:
            return None
        if word in _PHRASE_STOPS:
            break
        phrase.append(word)
        position = match.end()
        if _is_plural(word) or _CYRILLIC.search(word):  # Russian: the noun follows the figure
            head = COUNT_SYNONYMS.get(word, word)
            return "count", " ".join(phrase[:-1] + [head]), position
    if figure.from_word:
        return None  # a number word with no noun ("the five") says nothing checkable
    return "count", "", 0


def _is_plural(word: str) -> bool:
    if word in IRREGULAR_PLURALS:
        return True
    if _CYRILLIC.search(word):
        return False
    return len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is"))


def _qualifier_before(text: str, start: int) -> tuple[str | None, int]:
    before = text[max(0, start - 40):start].lower()
    match = _QUALIFIER_RE.search(before)
    if match:
        return QUALIFIERS[match.group("word")], start - (len(before) - match.start())
    return None, start


def _qualifier_after(after: str) -> tuple[str | None, int]:
    match = _TRAILING_RE.match(after.lower())
    if match:
        return TRAILING_QUALIFIERS[match.group("word")], match.end()
    return None, 0


def _bounds(figure: _Figure, kind: str, qualifier: str | None,
            about_tolerance: float) -> tuple[float, bool, float, bool]:
    """The range a figure holds, given its qualifier and written precision."""
    value = figure.value
    if figure.high_value is not None:
        return value, True, figure.high_value, True
    half = 0.0 if kind == "count" and value < 100 and not figure.has_scale else figure.half_step
    precise_low, precise_high = value - half, value + half
    if qualifier == "gt":
        return value, False, math.inf, False
    if qualifier == "ge":
        return value, True, math.inf, False
    if qualifier == "lt":
        return -math.inf, False, value, False
    if qualifier == "le":
        return -math.inf, False, value, True
    if qualifier == "near":
        return value * (1 - NEAR_TOLERANCE), True, value, False
    if qualifier == "just_over":
        return value, False, value * (1 + NEAR_TOLERANCE), True
    if qualifier == "about":
        return (min(value * (1 - about_tolerance), precise_low), True,
                max(value * (1 + about_tolerance), precise_high), True)
    return precise_low, True, precise_high, True


# --- dates -----------------------------------------------------------------------------

MONTHS = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
}
_RU_MONTH_STEMS = (("январ", 1), ("феврал", 2), ("март", 3), ("апрел", 4), ("ма", 5),
                   ("июн", 6), ("июл", 7), ("август", 8), ("сентябр", 9), ("октябр", 10),
                   ("ноябр", 11), ("декабр", 12))
WEEKDAYS = {
    "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5,
    "sunday": 6,
}
_RU_WEEKDAYS = ((r"понедельник[а-я]*", 0), (r"вторник[а-я]*", 1), (r"сред[ауые]", 2),
                (r"четверг[а-я]*", 3), (r"пятниц[ауые]", 4), (r"суббот[ауые]", 5),
                (r"воскресень[еяю]", 6))
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
RELATIVE_EXPRESSIONS = {  # pattern -> (unit, offset); {n} is a number of units back
    r"last year|previous year|the year before|a year ago|в прошлом году": ("year", -1),
    r"this year|current year|в этом году|в текущем году": ("year", 0),
    r"next year|в следующем году|в будущем году": ("year", 1),
    r"last month|previous month|в прошлом месяце": ("month", -1),
    r"this month|в этом месяце": ("month", 0),
    r"next month|в следующем месяце": ("month", 1),
    r"yesterday|вчера": ("day", -1),
    r"tomorrow|завтра": ("day", 1),
}
_AGO = re.compile(
    rf"\b(?P<n>\d+|{_WORD_NUM}|a|one)\s+(?P<unit>years?|months?|days?)\s+ago\b"
    r"|\b(?P<ru>\d+)\s+(?P<ru_unit>лет|года?|месяц(?:а|ев)?|дн(?:я|ей))\s+назад",
    re.IGNORECASE,
)

_EN_MONTH = r"(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")"
_RU_MONTH = r"(?:январ[ья]|феврал[ья]|марта?|апрел[ья]|ма[йя]|июн[ья]|июл[ья]|августа?|сентябр[ья]|октябр[ья]|ноябр[ья]|декабр[ья])"
_MONTH = rf"(?:{_EN_MONTH}\.?|{_RU_MONTH})"
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:1[89]|20)\d\d)(?:\s*(?:г\.|года|году))?"
_DATE_PATTERNS = (  # (key, what a text needs for it to match, regex), most specific first
    ("iso", ("year",), r"\b(?P<year>(?:1[89]|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"),
    ("day", ("year", "month"), rf"\b{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH}),?\s+{_YEAR}\b"),
    ("day", ("year", "month"), rf"\b(?P<month>{_EN_MONTH})\.?\s+{_DAY},?\s+{_YEAR}\b"),
    ("month-range", ("year", "month"), rf"\b(?:between\s+)?(?P<month>{_MONTH})\s*(?:–|-|to|through|and)\s*"
                                       rf"(?P<month2>{_MONTH})\s+(?:of\s+)?{_YEAR}\b"),
    ("month", ("year", "month"), rf"\b(?P<month>{_MONTH})\s+(?:of\s+)?{_YEAR}\b"),
    ("year-range", ("year",), r"\b(?P<year>(?:1[89]|20)\d\d)\s*(?:–|-|to|through)\s*(?P<year2>(?:1[89]|20)?\d\d)\b(?![.,]\d)"),
    ("year-range", ("year",), r"\bbetween\s+(?P<year>(?:1[89]|20)\d\d)\s+and\s+(?P<year2>(?:1[89]|20)\d\d)\b"),
    ("day", ("digit", "month"), rf"\b{_DAY}\s+(?:of\s+)?(?P<month>{_MONTH})\b"),
    ("day", ("digit", "month"), rf"\b(?P<month>{_EN_MONTH})\.?\s+{_DAY}\b(?![,.]?\d)"),
    ("month", ("month",), rf"\b(?:in|since|until|till|by|from|early|late|mid|end of|beginning of|в|с|до)[\s–-]+(?P<month>{_MONTH})\b"),
    ("year", ("year",), rf"(?<![\d,.$€£₽¥₸])\b{_YEAR}\b(?![,.]\d|\s?%)"),
)
_DATE_RES = tuple((key, needs, re.compile(pattern, re.IGNORECASE)) for key, needs, pattern in _DATE_PATTERNS)
# Quick searches for what the patterns need: a pattern is not run on a text lacking it.
_DATE_NEEDS = {
    "year": re.compile(r"(?:1[89]|20)\d\d"),  # as in _YEAR
    "digit": _DIGIT,
    # Each month name in the patterns starts a word, and begins with a name of MONTHS or
    # a stem of _RU_MONTH_STEMS.
    "month": _word_start_test([*MONTHS, *(stem for stem, _ in _RU_MONTH_STEMS)]),
}


@dataclass(frozen=True, order=True)
class DateFact:
    """A date, month, year, year range or relative expression.

    ``key`` says what is compared with what: ``day``, ``month`` and ``year``
    hold a span of days (``low``/``high`` are proleptic ordinals, so 9 October
    2025 lies in October 2025); ``year-range`` holds its first and last year
    (a plan period is compared only with plan periods); ``rel-day``,
    ``rel-month``, ``rel-year`` hold an offset that could not be resolved
    without ``published`` ("last year" is -1); ``monthday`` and ``monthname``
    are a day or a month given without a year and no ``published`` to supply it.
    """

    key: str
    low: int
    high: int
    text: str = field(compare=False)

    @property
    def is_span(self) -> bool:
        return self.key in ("day", "month", "year")

    def describe(self) -> str:
        """The value in words: "9 October 2025", "2024", "last year"."""
        if self.key == "day":
            day = dt.date.fromordinal(self.low)
            return f"{day.day} {calendar.month_name[day.month]} {day.year}"
        if self.key == "month":
            first, last = dt.date.fromordinal(self.low), dt.date.fromordinal(self.high)
            if (first.year, first.month) == (last.year, last.month):
                return f"{calendar.month_name[first.month]} {first.year}"
            return f"{calendar.month_name[first.month]}–{calendar.month_name[last.month]} {last.year}"
        if self.key == "year":
            return str(dt.date.fromordinal(self.low).year)
        if self.key == "year-range":
            return f"{self.low}–{self.high}"
        return self.text


def _month_number(word: str) -> int | None:
    lowered = word.lower().rstrip(".")
    if lowered in MONTHS:
        return MONTHS[lowered]
    for stem, number in _RU_MONTH_STEMS:
        if lowered.startswith(stem) and (stem != "ма" or lowered in ("май", "мая", "мае")):
            return number
    return None


def _is_month(word: str) -> bool:
    """A month's name ("October", "Sept", "октября"); "May" and "Mar" stay possible names."""
    if _CYRILLIC.search(word):
        return _month_number(word) is not None
    lowered = word.lower().rstrip(".")
    return lowered in MONTHS and len(lowered) > 3


def _month_span(year: int, month: int, last_month: int | None = None) -> tuple[int, int]:
    last_month = last_month or month
    first = dt.date(year, month, 1)
    last = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return first.toordinal(), last.toordinal()


def _year_span(year: int) -> tuple[int, int]:
    return dt.date(year, 1, 1).toordinal(), dt.date(year, 12, 31).toordinal()


def _nearest_year(month: int, day: int, published: dt.date) -> int:
    """The year that puts a day-and-month closest to the publication date."""
    def distance(year: int) -> int:
        try:
            return abs((dt.date(year, month, day) - published).days)
        except ValueError:
            return 10 ** 6
    return min((published.year - 1, published.year, published.year + 1), key=distance)


@lru_cache(maxsize=4096)  # quantities and dates of a claim (and of its quote) scan the same text
def _date_matches(text: str) -> tuple[tuple[str, re.Match], ...]:
    """(key, match) of every date pattern's matches: pattern by pattern, most specific first."""
    present = {need: regex.search(text) is not None for need, regex in _DATE_NEEDS.items()}
    return tuple((key, match) for key, needs, regex in _DATE_RES if all(present[n] for n in needs)
                 for match in regex.finditer(text))


def _date_spans(text: str, published: dt.date | None = None) -> list[tuple[tuple[int, int], DateFact]]:
    """Every absolute date of the text with its span; overlapping matches keep the first."""
    found: list[tuple[tuple[int, int], DateFact]] = []
    for key, match in _date_matches(text):
        if _overlaps_any(match.span(), (span for span, _ in found)):
            continue
        fact = _date_fact(key, match, published)
        if fact is not None:
            found.append((match.span(), fact))
    return sorted(found, key=lambda item: item[0])


def _date_fact(key: str, match: re.Match, published: dt.date | None) -> DateFact | None:
    groups = match.groupdict()
    written = match.group(0).strip()
    try:
        year = int(groups["year"]) if groups.get("year") else None
        month = (int(groups["month"]) if key == "iso" else _month_number(groups["month"])) \
            if groups.get("month") else None
        day = int(groups["day"]) if groups.get("day") else None
        if key in ("iso", "day"):
            if year is None and published is None:
                return DateFact("monthday", month * 100 + day, month * 100 + day, written) \
                    if month and dt.date(2024, month, day) else None
            year = year or _nearest_year(month, day, published)
            ordinal = dt.date(year, month, day).toordinal()
            return DateFact("day", ordinal, ordinal, written)
        if key == "month-range":
            last = _month_number(groups["month2"])
            if not month or not last or last <= month:
                return None
            return DateFact("month", *_month_span(year, month, last), written)
        if key == "month":
            if not month or groups["month"].lower() in ("may", "march") and groups["month"].islower():
                return None  # the verbs, not the months
            if year is None:
                if published is None:
                    return DateFact("monthname", month, month, written)
                year = _nearest_year(month, 15, published)
            return DateFact("month", *_month_span(year, month), written)
        if key == "year-range":
            first, last = year, int(groups["year2"])
            if last < 100:
                last += first - first % 100
            return DateFact("year-range", first, last, written) if 0 < last - first < 50 else None
        return DateFact("year", *_year_span(year), written)
    except (ValueError, TypeError):
        return None


_RELATIVE_RES = tuple((re.compile(rf"\b(?:{pattern})\b", re.IGNORECASE), unit, offset)
                      for pattern, (unit, offset) in RELATIVE_EXPRESSIONS.items())
# Every relative expression (and _AGO) holds one of these words.
_RELATIVE_WORD = _word_start_test(
    ["year", "month", "yesterday", "tomorrow", "ago", "году", "месяце", "вчера", "завтра", "назад"])


def _relative_dates(text: str, published: dt.date | None) -> list[tuple[tuple[int, int], DateFact]]:
    if not _RELATIVE_WORD.search(text):
        return []
    found = []
    for regex, unit, offset in _RELATIVE_RES:
        for match in regex.finditer(text):
            found.append((match.span(), _relative_fact(unit, offset, match.group(0), published)))
    for match in _AGO.finditer(text):
        if match.group("ru"):
            unit = {"л": "year", "г": "year", "м": "month", "д": "day"}[match.group("ru_unit")[0]]
            count = int(match.group("ru"))
        else:
            unit = match.group("unit").lower().rstrip("s")
            raw = match.group("n").lower()
            count = int(raw) if raw.isdigit() else NUMBER_WORDS.get(raw, 1)
        found.append((match.span(), _relative_fact(unit, -count, match.group(0), published)))
    return found


def _relative_fact(unit: str, offset: int, written: str, published: dt.date | None) -> DateFact:
    if published is None:
        return DateFact(f"rel-{unit}", offset, offset, written)
    if unit == "year":
        return DateFact("year", *_year_span(published.year + offset), written)
    if unit == "month":
        index = published.year * 12 + published.month - 1 + offset
        return DateFact("month", *_month_span(index // 12, index % 12 + 1), written)
    ordinal = published.toordinal() + offset
    return DateFact("day", ordinal, ordinal, written)


def extract_dates(text: str, *, published: dt.date | None = None) -> list[DateFact]:
    """Dates, months, years, year ranges and relative expressions, in text order.

    >>> [d.describe() for d in extract_dates("on 9 October 2025, for 2025–2027")]
    ['9 October 2025', '2025–2027']
    >>> [d.describe() for d in extract_dates("last year", published=dt.date(2025, 10, 9))]
    ['2024']
    >>> [(d.key, d.low) for d in extract_dates("last year")]
    [('rel-year', -1)]
    """
    return _dates(normalize(text), published)


def _dates(text: str, published: dt.date | None) -> list[DateFact]:
    """:func:`extract_dates` of a text already normalised."""
    found = _date_spans(text, published) + _relative_dates(text, published)
    return [fact for _, fact in sorted(found, key=lambda item: item[0])]


# --- weekdays --------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class Weekday:
    """A day of the week (0 = Monday), written or implied by a full date (``derived``)."""

    day: int
    derived: bool
    text: str = field(compare=False)

    @property
    def name(self) -> str:
        return WEEKDAY_NAMES[self.day]


_WEEKDAY_RE = re.compile(r"\b(" + "|".join(w.capitalize() for w in WEEKDAYS) + r")\b")
_RU_WEEKDAY_RES = tuple((re.compile(rf"\b{pattern}\b", re.IGNORECASE), day)
                        for pattern, day in _RU_WEEKDAYS)
# With the same flag as the patterns, so it finds any letter their Cyrillic letters match.
_CYRILLIC_ANY_CASE = re.compile(r"[\u0400-\u04ff]", re.IGNORECASE)


def extract_weekdays(text: str, *, published: dt.date | None = None) -> list[Weekday]:
    """Weekdays written in the text, then those of its full dates (``derived``).

    >>> [(w.name, w.derived) for w in extract_weekdays("on Wednesday, 9 October 2025")]
    [('Wednesday', False), ('Thursday', True)]
    >>> [w.name for w in extract_weekdays("в четверг")]
    ['Thursday']
    """
    text = normalize(text)
    return _weekdays(text, _dates(text, published))


def _weekdays(text: str, dates: Iterable[DateFact]) -> list[Weekday]:
    """:func:`extract_weekdays` of a normalised text whose dates are known."""
    written = [Weekday(WEEKDAYS[m.group(1).lower()], False, m.group(1))
               for m in _WEEKDAY_RE.finditer(text)]
    if _CYRILLIC_ANY_CASE.search(text):
        for regex, day in _RU_WEEKDAY_RES:
            written.extend(Weekday(day, False, m.group(0)) for m in regex.finditer(text))
    derived = [Weekday(dt.date.fromordinal(d.low).weekday(), True, d.text)
               for d in dates if d.key == "day"]
    return written + derived


# --- words -----------------------------------------------------------------------------

ARTICLES = {"the", "a", "an"}
FUNCTION_WORDS = {
    "the", "a", "an", "of", "in", "on", "at", "to", "from", "for", "by", "with", "and", "or",
    "as", "into", "onto", "than", "that", "this", "these", "those", "its", "his", "her",
    "their", "our", "is", "are", "was", "were", "be", "been", "being", "has", "have", "had",
    "will", "would", "shall", "should", "can", "could", "may", "might", "must", "do", "does",
    "did", "it", "he", "she", "they", "we", "i", "you", "which", "who", "whom", "whose",
    "also", "not", "no", "but", "if", "so", "such", "there", "here", "via", "about", "over",
    "under", "after", "before", "between", "through", "during", "since", "until", "while",
    "both", "each", "all", "any", "some", "own", "very", "more", "most", "other", "only",
    "и", "в", "на", "с", "по", "к", "о", "об", "от", "до", "из", "за", "для", "что", "как",
    "не", "это", "его", "ее", "их", "он", "она", "они",
}
# Capitalised only because they open a sentence: never taken as names there.
SENTENCE_STARTERS = FUNCTION_WORDS | {
    "according", "accumulated", "after", "against", "although", "amid", "among", "around",
    "because", "besides", "despite", "earlier", "even", "every", "finally", "following",
    "further", "furthermore", "however", "in", "instead", "later", "like", "many", "meanwhile",
    "moreover", "most", "much", "nearly", "almost", "nevertheless", "next", "now", "once",
    "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several",
    "still", "then", "thus", "today", "together", "when", "where", "whether", "why", "what",
    "how", "yet", "last", "new", "first", "second", "third", "final", "former", "recently",
    "speaking", "asked", "back", "overall", "indeed", "perhaps", "both", "neither", "either",
    "without", "within", "millions", "thousands", "hundreds", "dozens", "billions",
}
ATTRIBUTION_VERBS = {
    "said", "says", "say", "told", "tells", "stated", "states", "noted", "notes", "added",
    "adds", "argued", "argues", "announced", "announces", "explained", "stressed",
    "stresses", "emphasized", "emphasised", "underlined", "warned", "warns", "claimed",
    "claims", "reported", "reports", "believes", "believed", "thinks", "wrote", "writes",
    "insisted", "recalled", "remarked", "commented", "quoted", "cited", "affirmed",
    "reiterated", "acknowledged", "сказал", "заявил", "отметил", "сообщил", "подчеркнул",
}
# Lowercase titles between a descriptor and a name: "Chinese leader Xi Jinping".
TITLE_WORDS = {
    "leader", "president", "prime", "minister", "foreign", "defence", "defense", "aide",
    "adviser", "advisor", "spokesman", "spokeswoman", "spokesperson", "counterpart",
    "chancellor", "envoy", "ambassador", "secretary", "chief", "head", "king", "queen",
    "prince", "general", "commander", "official", "deputy", "vice", "premier", "mayor",
    "governor", "senator", "chairman", "chairwoman", "ceo", "founder", "opposition",
}
PLACE_PREPOSITIONS = {"in", "at", "to", "from", "near", "into", "outside", "inside", "across",
                      "via", "through", "в", "во", "на", "из"}
_NAME_CONNECTORS = {"of", "de", "da", "del", "al", "el", "bin", "ibn", "van", "von", "la", "du"}
_LIST_JOINERS = {",", "and", "or", "&", "и", "или"}
_WORDLIKE = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*(?:[–-][^\W\d_]+)*|\d+(?:[.,]\d+)*|[^\w\s]")


@lru_cache(maxsize=1 << 16)  # the same few thousand words recur in every claim
def stem(word: str) -> str:
    """A crude stem, enough to see one predicate in "signed", "signs" and "sign".

    >>> [stem(w) for w in ("signed", "signs", "agreed", "agree", "travelled", "travel")]
    ['sign', 'sign', 'agr', 'agr', 'travel', 'travel']
    """
    word = word.lower().strip("'")
    word = re.sub(r"'s$", "", word)
    if _CYRILLIC.search(word):
        return word[:5]
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ing", ""), ("ed", ""),
                                ("es", ""), ("s", "")):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)] + replacement
            break
    if len(word) > 3 and word[-1] == word[-2]:
        word = word[:-1]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def _looks_like_name(word: str) -> bool:
    """A capitalised word that is no month, weekday, qualifier or common sentence opener."""
    lowered = word.lower()
    return not (_is_month(word) or lowered in WEEKDAYS or lowered in SENTENCE_STARTERS
                or lowered in QUALIFIERS)


# --- names -----------------------------------------------------------------------------

@dataclass(frozen=True, order=True)
class NameSlot:
    """A name, or names in apposition ("Dushanbe, Tajikistan"), with the words around it.

    ``left`` and ``right`` are the two nearest words before and after
    (articles skipped, stemmed; None when the sentence ends first or both are
    function words).  Two names are in the same role when their ``left`` or
    their ``right`` words are the same.  ``is_list`` marks a selection
    ("Kazakhstan, Kyrgyzstan and Uzbekistan"): different selections are no
    conflict.  ``role`` is ``place`` after a place preposition, else ``name``.
    """

    names: tuple[str, ...]
    left: tuple[str, ...] | None
    right: tuple[str, ...] | None
    role: str
    is_list: bool
    attributed: bool = False  # the speaker of an attribution ("Putin said")


class _Token(NamedTuple):
    text: str
    start: int
    initial: bool  # the token opens a sentence
    is_name: bool = False


_POSSESSIVE_END = re.compile(r"'s?$")
_WORD_PARTS = re.compile(r"[–-]")


def _tokens(text: str, known: Collection[str] = ()) -> list[_Token]:
    """The tokens of a normalised text, ``is_name`` telling the names (``known``: see
    :func:`_confirmed_initial`).

    The evidence for a word opening a sentence is never another such word, so each
    is confirmed on its own.
    """
    tokens, openers = _sentence_tokens(text)
    confirmed = list(tokens)
    for index in openers:
        confirmed[index] = tokens[index]._replace(is_name=_confirmed_initial(tokens, index, known))
    return confirmed


@lru_cache(maxsize=4096)  # the facts, capitalised words and names of a claim read the same tokens
def _sentence_tokens(text: str) -> tuple[tuple[_Token, ...], tuple[int, ...]]:
    """The tokens of a normalised text, with the names found inside sentences, and the indices
    of the capitalised words opening a sentence: names only if :func:`_confirmed_initial`."""
    tokens: list[_Token] = []
    openers: list[int] = []
    initial = True
    for match in _WORDLIKE.finditer(text):
        word = match.group()
        capitalised = _is_capitalised_name(word)
        if capitalised and initial:
            openers.append(len(tokens))
        tokens.append(_Token(word, match.start(), initial, capitalised and not initial))
        if word in ".!?:;":
            initial = True
        elif word not in "\"'(":
            initial = False
    return tuple(tokens), tuple(openers)


def _is_capitalised_name(word: str) -> bool:
    """A capitalised word that is no month, weekday, single letter or function word.

    Opening a sentence, it is a name only if :func:`_confirmed_initial`.
    """
    if len(word) < 2 or not word[0].isalpha() or not word[0].isupper():
        return False
    bare = _POSSESSIVE_END.sub("", word)
    if any(_is_month(part) or part.lower() in WEEKDAYS for part in _WORD_PARTS.split(bare)):
        return False
    return bare.lower() not in FUNCTION_WORDS


def _confirmed_initial(tokens: Sequence[_Token], index: int, known: Collection[str]) -> bool:
    """A capitalised word opening a sentence is a name only with evidence beyond its capital.

    The evidence: it is an acronym, a possessive ("Putin's"), the first word of a
    longer name ("Kassym-Jomart Tokayev"), or it is capitalised inside a
    sentence elsewhere (``known``: in this text or, from the caller, in the
    other claims of the group).  Otherwise "Ties with Central Asia ..." would
    make "Ties" a name.
    """
    from .names import fold_name

    word = tokens[index].text
    bare = _POSSESSIVE_END.sub("", word)
    if bare.lower() in SENTENCE_STARTERS:
        return False
    following = tokens[index + 1] if index + 1 < len(tokens) else None
    return (
        (bare.isupper() and len(bare) > 1)
        or word.endswith("'s")
        or (following is not None and following.is_name)
        or fold_name(bare) in known
        or any(fold_name(t.text) == fold_name(bare) for t in tokens if t.is_name and not t.initial)
    )


def capitalised_words(text: str) -> frozenset[str]:
    """The folded words capitalised inside a sentence: evidence that they are names.

    :mod:`crosscheck.classify` gathers them over a group and passes them to
    :func:`extract_names` as ``known``.

    >>> sorted(capitalised_words("Dushanbe hosted it. Leaders met in Moscow."))
    ['moscov']
    """
    return _capitalised(normalize(text))


def _capitalised(text: str) -> frozenset[str]:
    from .names import fold_name

    return frozenset(fold_name(_POSSESSIVE_END.sub("", t.text)) for t in _tokens(text)
                     if t.is_name and not t.initial)


def _runs(tokens: list[_Token]) -> list[tuple[int, int]]:
    """[start, end) token indices of name sequences ("Kassym-Jomart Tokayev", "Bank of Russia")."""
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(tokens):
        if not tokens[index].is_name:
            index += 1
            continue
        end = index + 1
        while end < len(tokens):
            token = tokens[end]
            if token.is_name and not tokens[end - 1].text.endswith("'s"):
                end += 1
            elif (token.text in ("–", "-") or token.text.lower() in _NAME_CONNECTORS) \
                    and end + 1 < len(tokens) and tokens[end + 1].is_name:
                end += 2
            else:
                break
        runs.append((index, end))
        index = end
    return runs


def _groups(tokens: list[_Token], runs: list[tuple[int, int]]) -> list[tuple[list[tuple[int, int]], bool]]:
    """Runs joined into one group; the flag says the group is a list (a selection).

    Commas and "and" join a list ("Kazakhstan, Kyrgyzstan and Uzbekistan") or an
    apposition ("Dushanbe, Tajikistan"); a title joins a descriptor to a name
    ("Chinese leader Xi Jinping", "Kremlin aide Yuri Ushakov"): one person.
    """
    groups: list[tuple[list[tuple[int, int]], bool]] = []
    for run in runs:
        if groups:
            previous, is_list = groups[-1]
            between = [t.text.lower() for t in tokens[previous[-1][1]:run[0]]]
            words = [w for w in between if w not in ARTICLES]
            possessive = tokens[previous[-1][1] - 1].text.endswith("'s")
            if words and all(w in _LIST_JOINERS for w in words) and not possessive:
                conjunction = any(w != "," for w in words)
                members = previous + [run]
                groups[-1] = (members, is_list or conjunction or len(members) >= 3)
                continue
            if words and len(words) <= 2 and all(w in TITLE_WORDS for w in words):
                groups[-1] = (previous + [run], is_list)
                continue
        groups.append(([run], False))
    return groups


def _context(tokens: list[_Token], index: int, step: int) -> list[str]:
    """Up to two words from ``index`` in direction ``step``, within the sentence."""
    words: list[str] = []
    while 0 <= index < len(tokens) and len(words) < 2:
        word = tokens[index].text
        if word in ".!?;:()[]":
            break
        if word not in (",", '"', "'", "–", "-") and word.lower() not in ARTICLES:
            words.append(_context_word(tokens[index]))
        index += step
    return words


def _context_word(token: _Token) -> str:
    if token.text[0].isupper():  # a name, or a capitalised word opening the sentence
        from .names import fold_name
        return fold_name(token.text)
    return stem(token.text) if token.text[0].isalpha() else "<num>"


def _valid_context(words: list[str]) -> tuple[str, ...] | None:
    if len(words) < 2 or all(w in FUNCTION_WORDS for w in words):
        return None
    return tuple(words)


def extract_names(text: str, *, known: Collection[str] = ()) -> list[NameSlot]:
    """Proper names with the words around them (see :class:`NameSlot`).

    A capitalised word that opens a sentence counts only with evidence that it
    is a name (see :func:`capitalised_words`; ``known`` holds folded names seen
    elsewhere).

    >>> slot, = extract_names("The summit was held in Dushanbe on Thursday.")
    >>> slot.names, slot.left, slot.role
    (('Dushanbe',), ('held', 'in'), 'place')
    >>> [s.names for s in extract_names("Путин прибыл в Душанбе.", known={"putin"})]
    [('Путин',), ('Душанбе',)]
    """
    return _names(normalize(text), known)


@dataclass(frozen=True)
class NameReading:
    """The names of one claim, read once whatever names the other claims of its group confirm.

    A capitalised word opening a sentence is a name only with evidence (see
    :func:`_confirmed_initial`); when the only evidence could be ``known``, the word is in
    ``deciding``, folded.  While ``known`` has none of them, the claim's names are
    ``slots``; otherwise :meth:`names` reads them again.
    """

    slots: tuple[NameSlot, ...]
    deciding: frozenset[str]
    capitalised: frozenset[str]  # :func:`capitalised_words`: evidence for the other claims

    def names(self, text: str, known: Collection[str]) -> list[NameSlot]:
        """:func:`extract_names` of the claim ``text``, with ``known`` names.

        >>> reading = read_names("Ties grew. Leaders met in Moscow.")
        >>> [s.names for s in reading.names("Ties grew. Leaders met in Moscow.", set())]
        [('Moscow',)]
        >>> sorted(reading.deciding), sorted(reading.capitalised)
        (['leaders', 'ties'], ['moscov'])
        >>> [s.names for s in reading.names("Ties grew. Leaders met in Moscow.", {"ties"})]
        [('Ties',), ('Moscow',)]
        """
        if self.deciding.isdisjoint(known):
            return list(self.slots)
        return extract_names(text, known=known)


def read_names(text: str) -> NameReading:
    """The :class:`NameReading` of a claim text."""
    return _read_names(normalize(text))


def _read_names(text: str) -> NameReading:
    """:func:`read_names` of a text already normalised."""
    from .names import fold_name

    tokens, openers = _sentence_tokens(text)
    deciding = set()
    for index in openers:  # the openers that being known would make names
        folded = fold_name(_POSSESSIVE_END.sub("", tokens[index].text))
        if _confirmed_initial(tokens, index, {folded}) and not _confirmed_initial(tokens, index, ()):
            deciding.add(folded)
    return NameReading(tuple(_names(text)), frozenset(deciding), _capitalised(text))


def _names(text: str, known: Collection[str] = ()) -> list[NameSlot]:
    """:func:`extract_names` of a text already normalised."""
    tokens = _tokens(text, known)
    slots = []
    for group, is_list in _groups(tokens, _runs(tokens)):
        first, last = group[0][0], group[-1][1]
        names = tuple(" ".join(t.text for t in tokens[a:b]) for a, b in group)
        names = tuple(_POSSESSIVE_END.sub("", name) for name in names)
        left_words = _context(tokens, first - 1, -1)
        right_words = _context(tokens, last, 1)
        role = "place" if left_words and left_words[0] in PLACE_PREPOSITIONS else "name"
        attributed = _is_attribution(tokens, first, last)
        slots.append(NameSlot(names, _valid_context(left_words[::-1]), _valid_context(right_words),
                              role, is_list, attributed))
    return slots


def _is_attribution(tokens: list[_Token], first: int, last: int) -> bool:
    """The speaker of an attribution: "Putin said", "Grigoryev, said", "according to Putin",
    "..., said Putin." (speakers are compared by the ``speaker`` key only)."""
    following = [t.text.lower() for t in tokens[last:last + 2] if t.text != ","]
    before = [t.text.lower() for t in tokens[max(0, first - 2):first]]
    ends_sentence = last >= len(tokens) or tokens[last].text in ".!?,;"
    return (
        (following[:1] and following[0] in ATTRIBUTION_VERBS)
        or (before[-1:] and before[-1] in ATTRIBUTION_VERBS and ends_sentence)
        or before == ["according", "to"]
    )


# --- polarity --------------------------------------------------------------------------

NEGATORS = {"not", "never", "no", "не", "нет", "никогда"}
# Words after a negator that do not carry the predicate: skipped.
_NEGATION_SKIP = {"be", "been", "being", "yet", "also", "even", "always", "ever", "fully",
                  "really", "actually", "to", "have", "has", "had", "a", "an", "the", "any",
                  "currently", "immediately", "directly", "будет", "было", "был", "была", "были"}
# "not only", "no less than": no negation of a predicate.
_NOT_NEGATION = {"only", "just", "least", "less", "more", "fewer", "longer", "doubt", "one",
                 "matter", "сколько", "только", "менее", "более", "раз", "смотря"}
# Verbs that negate what follows ("refused to sign") or stand for a negated antonym.
NEGATING_VERBS = {"refus": "agr", "declin": "accept", "reject": "accept", "deny": "confirm",
                  "deni": "confirm", "fail": None, "отказал": "согла"}
_AUXILIARIES = {"will", "would", "did", "does", "do", "has", "have", "had", "is", "are", "was",
                "were", "can", "could", "should", "shall", "may", "might", "must"}
ANTONYM_STEMS = {"approv": "accept", "adopt": "accept", "endors": "accept"}
_CONTRACTIONS = tuple((re.compile(pattern, re.IGNORECASE), replacement) for pattern, replacement in (
    (r"\bwon't\b", "will not"), (r"\bcan't\b", "can not"), (r"\bcannot\b", "can not"),
    (r"\bshan't\b", "shall not"), (r"n't\b", " not"),
))
_CONTRACTION_TEST = re.compile(r"'|cannot", re.IGNORECASE)  # every contraction holds one


@dataclass(frozen=True, order=True)
class Polarity:
    """What a claim negates and what it affirms, as (predicate, object, wording) triples.

    The predicate and its object are stems: "will not attend the summit" is
    ("attend", "summit", "will not attend").  An empty object (nothing follows
    the predicate in its clause) matches any object.
    """

    negated: tuple[tuple[str, str, str], ...] = ()
    affirmed: tuple[tuple[str, str, str], ...] = ()

    @property
    def negations(self) -> frozenset[tuple[str, str]]:
        """The (predicate, object) pairs the claim negates."""
        return frozenset((p, o) for p, o, _ in self.negated)

    def value(self, predicate: str, obj: str = "") -> bool | None:
        """True when the claim affirms the predicate (of that object), False when it negates it,
        None when it does neither, or both."""
        negated = any(p == predicate and _same_object(o, obj) for p, o, _ in self.negated)
        affirmed = any(p == predicate and _same_object(o, obj) for p, o, _ in self.affirmed)
        if negated != affirmed:
            return affirmed
        return None

    def phrase(self, predicate: str, obj: str = "") -> str:
        """How the claim words the predicate: "will not attend", or "attended"."""
        found = self.negated if self.value(predicate, obj) is False else self.affirmed
        return next((w for p, o, w in found if p == predicate and _same_object(o, obj)), predicate)


def _same_object(a: str, b: str) -> bool:
    return not a or not b or a == b


_POLARITY_TOKEN = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*|[.,;:!?()]")
_CLAUSE_END = set(".,;:!?()")


def extract_polarity(text: str) -> Polarity:
    """Negated predicates ("will not attend the summit") and the predicates a claim affirms.

    >>> p = extract_polarity("Putin will not attend the summit.")
    >>> p.negated
    (('attend', 'summit', 'will not attend'),)
    >>> p.value("attend"), extract_polarity("Putin attended the summit.").value("attend", "summit")
    (False, True)
    >>> extract_polarity("Tajikistan refused to sign the deal.").value(stem("sign"), "deal")
    False
    >>> extract_polarity("Putin attended the dinner.").value("attend", "summit") is None
    True
    >>> extract_polarity("not only trade but also security").negated
    ()
    """
    return _polarity(normalize(text))


def _polarity(text: str) -> Polarity:
    """:func:`extract_polarity` of a text already normalised."""
    if _CONTRACTION_TEST.search(text):
        for regex, replacement in _CONTRACTIONS:
            text = regex.sub(replacement, text)
    words = [m.group() for m in _POLARITY_TOKEN.finditer(text)]
    lowered = [w.lower() for w in words]
    objects = [_as_object(word) for word in lowered]
    negated: list[tuple[str, str, str]] = []
    consumed: set[int] = set()
    for index in range(len(lowered)):
        for predicate, used in _negations_at(lowered, index):
            first = index - 1 if index and lowered[index - 1] in _AUXILIARIES else index
            wording = " ".join(words[first:used[-1] + 1])
            negated.append((predicate, _object_after(objects, used[-1]), wording))
            consumed.update(used)
    affirmed = [(_predicate_stem(word), _object_after(objects, index), words[index])
                for index, word in enumerate(lowered)
                if index not in consumed and _is_content(word)]
    return Polarity(tuple(sorted(set(negated))), tuple(sorted(set(affirmed))))


def _is_content(word: str) -> bool:
    return word not in FUNCTION_WORDS and word not in _CLAUSE_END and len(word) > 2


def _predicate_stem(word: str) -> str:
    """The stem a predicate (or its object) is compared by: "approved" is "accept"."""
    word_stem = stem(word)
    return ANTONYM_STEMS.get(word_stem, word_stem)


def _as_object(word: str) -> str | None:
    """A lowercase word read as an object: its stem for a content word, "" for the end of a
    clause, None for a word to skip (a function word, an auxiliary, a word of two letters)."""
    if word in _CLAUSE_END:
        return ""
    if _is_content(word) and word not in _AUXILIARIES:
        return _predicate_stem(word)
    return None


def _object_after(objects: list[str | None], index: int) -> str:
    """The object of the predicate at ``index`` (``objects``: :func:`_as_object` of each word):
    the stem of the first content word of the next four in its clause, or ""."""
    for found in objects[index + 1:index + 5]:
        if found is not None:
            return found
    return ""


def _negations_at(words: list[str], index: int) -> list[tuple[str, list[int]]]:
    """The predicates negated by the word at ``index``, with the word indices used."""
    word = words[index]
    if word == "no" and index + 1 < len(words) and words[index + 1] == "longer":
        index, word = index + 1, "not"
    if word in NEGATORS:
        target = _predicate_after(words, index + 1)
        if target is None:
            return []
        return [(stem(words[target]), list(range(index, target + 1)))]
    verb = stem(word)
    if verb not in NEGATING_VERBS:
        return []
    found = []
    if NEGATING_VERBS[verb]:
        found.append((NEGATING_VERBS[verb], [index]))
    if index + 2 < len(words) and words[index + 1] == "to" and words[index + 2] not in FUNCTION_WORDS:
        found.append((stem(words[index + 2]), [index, index + 1, index + 2]))
    return found


def _predicate_after(words: list[str], index: int) -> int | None:
    if index < len(words) and words[index] in _NOT_NEGATION:
        return None
    for position in range(index, min(index + 3, len(words))):
        if words[position] in _NEGATION_SKIP:
            continue
        if words[position] in FUNCTION_WORDS or len(words[position]) < 3:
            return None
        return position
    return None


# --- all facts -------------------------------------------------------------------------

@dataclass(frozen=True)
class Facts:
    """Everything :mod:`crosscheck.classify` compares, extracted from one claim."""

    quantities: tuple[Quantity, ...]
    dates: tuple[DateFact, ...]
    weekdays: tuple[Weekday, ...]
    polarity: Polarity
    names: NameReading


def extract_facts(text: str, *, published: dt.date | None = None,
                  about_tolerance: float = ABOUT_TOLERANCE) -> Facts:
    """All facts of one claim text.

    >>> facts = extract_facts("Trade exceeded $45 billion last year.", published=dt.date(2025, 10, 9))
    >>> facts.quantities[0].text, [d.describe() for d in facts.dates]
    ('exceeded $45 billion', ['2024'])
    """
    text = normalize(text)  # once: the extractors below take it normalised
    dates = _dates(text, published)
    return Facts(
        quantities=tuple(_quantities(text, about_tolerance)),
        dates=tuple(dates),
        weekdays=tuple(_weekdays(text, dates)),
        names=_read_names(text),
        polarity=_polarity(text),
    )
