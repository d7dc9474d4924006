"""Text normalisation for alignment: one claim text -> comparable tokens.

Two claims that state the same proposition are often worded differently in ways
that carry no meaning: typographic quotes and dashes, case, diacritics, the way
a figure is written (``$45 billion``, ``45bn``, ``$45,000 million``), grammatical
endings, transliteration (Yury / Yuri, Berdimuhamedow / Berdymukhamedov) and a
few interchangeable news words (firm / company, rose / grew).  This module
removes exactly those differences, and nothing that could change what a claim
says: figures stay figures (``$33 million`` and ``$33 billion`` stay different
tokens), names stay names.

The word lists below are small and general English news vocabulary; they are
not tuned to any story.

>>> normalize_text("Trade “exceeded” $45,000 million – a record.")
'trade exceeded 45000000000 usd a record'
>>> content_tokens("Around 25,000 firms with Russian capital are active.")
('25000', 'compan', 'rus', 'capit', 'activ')
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# --- characters ----------------------------------------------------------------------

_TYPOGRAPHY = str.maketrans({
    **dict.fromkeys("‘’‚‛′`´", "'"),
    **dict.fromkeys("“”„‟″«»", '"'),
    **dict.fromkeys("‐‑‒–—―−﹘﹣－⁃", "-"),
    "⁄": "/", "…": " ", "&": " and ",
})
# Letters that Unicode does not decompose into a base letter plus a mark.
_LETTERS = str.maketrans({"ł": "l", "ø": "o", "æ": "ae", "œ": "oe", "đ": "d", "ð": "d",
                          "þ": "th", "ı": "i", "ß": "ss", "Ł": "L", "Ø": "O", "Æ": "AE",
                          "Œ": "OE", "Đ": "D", "Ð": "D", "Þ": "TH"})
# A digit-group separator written as a (narrow) no-break or thin space: "11 000".
_DIGIT_SPACE = re.compile(r"(?<=\d)[\u00a0\u202f\u2009\u2007](?=\d{3}\b)")


def fold(text: str) -> str:
    """Case, Unicode compatibility forms, diacritics, quotes and dashes folded.

    >>> fold("Berdimuhamedow’s “C5+” — Şavkat Mirziyoyev")
    'berdimuhamedow\\'s "c5+" - savkat mirziyoyev'
    """
    return fold_keep_case(text).casefold()


# --- figures -------------------------------------------------------------------------

_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80,
    "ninety": 90, "hundred": 100,
}
_DIGIT = re.compile(r"\d")
_NUMBER_WORD = re.compile(r"\b(" + "|".join(_NUMBER_WORDS) + r")\b")
_SCALES = {"thousand": 1e3, "k": 1e3, "million": 1e6, "mln": 1e6, "mn": 1e6, "m": 1e6,
           "billion": 1e9, "bn": 1e9, "bln": 1e9, "b": 1e9, "trillion": 1e12, "tn": 1e12}
_CURRENCIES = {"$": "usd", "us$": "usd", "usd": "usd", "dollar": "usd", "dollars": "usd",
               "€": "eur", "eur": "eur", "euro": "eur", "euros": "eur",
               "£": "gbp", "gbp": "gbp", "pound": "gbp", "pounds": "gbp",
               "₽": "rub", "rub": "rub", "rouble": "rub", "roubles": "rub", "ruble": "rub",
               "rubles": "rub", "¥": "cny", "yuan": "cny", "₸": "kzt", "tenge": "kzt"}
_FIGURE = re.compile(
    r"(?P<cur>us\$|\$|€|£|₽|¥|₸|\b(?:usd|eur|gbp|rub)\b)?\s?"
    r"(?P<num>(?<![\w.])\d{1,3}(?:,\d{3})+(?:\.\d+)?|(?<![\w.])\d+(?:\.\d+)?)"
    r"(?:(?P<tight>bn|mln|mn|bln|tn|k|m|b)\b|\s?(?P<scale>thousand|million|billion|trillion|bn|mln|mn|bln|tn)\b)?"
    r"(?:\s?(?P<cur2>dollars?|euros?|pounds?|roubles?|rubles?|yuan|tenge|usd|eur|rub)\b)?"
    r"(?P<pct>\s?%|\s?per ?cent\b)?"
    r"(?:st|nd|rd|th)?"
)


def _figure(match: re.Match) -> str:
    """One figure in canonical form: ``45000000000 usd``, ``20pct``, ``2025``."""
    tight = match["tight"]
    if tight in ("k", "m", "b") and not match["cur"]:  # "5m" is five metres unless "$5m"
        return match[0]
    value = float(match["num"].replace(",", "")) * _SCALES.get(tight or match["scale"] or "", 1)
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    if match["pct"]:
        return f" {text}pct "
    currency = _CURRENCIES.get(match["cur"] or match["cur2"] or "")
    return f" {text} {currency} " if currency else f" {text} "


def canonical_figures(folded: str) -> str:
    """Figures of a folded text in one form, whatever way they were written.

    >>> canonical_figures("$45bn, $45,000 million, 45 billion dollars, 20 per cent, 9th").split()
    ['45000000000', 'usd', ',', '45000000000', 'usd', ',', '45000000000', 'usd', ',', '20pct', ',', '9']
    >>> canonical_figures("2.2 bcm") == canonical_figures("2.2 billion cubic metres")
    True
    """
    if "cm" in folded:
        folded = _CUBIC_METRES.sub(lambda m: f"{_SCALE_WORDS[m[1]]} cubic metres", folded)
    if any(word in folded for word in _NUMBER_WORDS):  # cheap tests before each pattern
        folded = _NUMBER_WORD.sub(lambda m: str(_NUMBER_WORDS[m[1]]), folded)
    if "year" in folded or "month" in folded or "week" in folded or "day" in folded:
        folded = _RELATIVE_TIME.sub(lambda m: m[1] + m[2], folded)
        folded = _AGO.sub(lambda m: f"ago{'1' if m[1] in ('a', 'an', 'one') else m[1]}{m[2]}",
                          folded)
    return _FIGURE.sub(_figure, folded) if _DIGIT.search(folded) else folded


def is_figure(token: str) -> bool:
    """A token that is a figure (``45000000000``, ``4.5``, ``20pct``)."""
    return token[:1].isdigit()


_CUBIC_METRES = re.compile(r"(?<=\d)\s?([mbt])cm\b")  # gas: "2.2 bcm" is 2.2 billion cubic metres
_SCALE_WORDS = {"m": "million", "b": "billion", "t": "trillion"}
_RELATIVE_TIME = re.compile(r"\b(last|next|this|past|previous|coming) (year|month|week)\b")
_AGO = re.compile(r"\b(\d+|a|an|one) (year|month|week|day)s? ago\b")
_TIME_WORDS = """monday tuesday wednesday thursday friday saturday sunday january february
march april may june july august september october november december yesterday today
tomorrow tonight lastyear nextyear thisyear pastyear previousyear comingyear lastmonth
nextmonth thismonth pastmonth previousmonth comingmonth lastweek nextweek thisweek pastweek
previousweek comingweek""".split()


# --- words ---------------------------------------------------------------------------

_WORD = re.compile(r"ago\d+(?:year|month|week|day)|\d+(?:\.\d+)?(?:pct)?|[^\W\d_]+")

_PUNCTUATION = re.compile(r"[^\w.%$€£₽¥₸]+|(?<!\d)\.|\.(?!\d)|_")


def normalize_text(text: str) -> str:
    """The whole text, folded, figures canonical, punctuation gone: what fuzzy scorers read."""
    return " ".join(_WORD.findall(canonical_figures(fold(text))))


# Function words, reporting verbs ("said", "according to") and the qualifiers of
# figures ("more than", "nearly"): they say who reported or how precise a figure
# is, which the classifier reads; they say nothing about *which* proposition it is.
STOPWORDS = frozenset("""
a about above according across after again against ago all almost along also although
am among an and another any approximately are around as at be because been before being
below between both but by can could did do does doing done during each either else
even ever every few for from further had has have having he her here hers him his how
however i if in into is it its itself just least less let like many may me might more
most much must my near nearly neither no nor not of off on once one only onto or other
our ours out over own per quite rather roughly same several she should since so some
still such than that the their theirs them then there these they this those though
through to too toward towards under until up upon us very via was we were what when
where whether which while who whom whose why will with within would yet you your
approx just-under some circa
say says said saying tell tells told telling stated stating add adds
added note notes noted noting stress stresses stressed underline underlined announce
announced report reported reports claim claimed argue argued remark remarked
explain explained accord according describe describes described call calls called
term termed dub dubbed
exceed exceeds exceeded exceeding surpass surpassed surpassing top topped
significantly markedly considerably substantially sharply greatly strongly rapidly
quickly slowly steadily already further increasingly widely highly particularly
especially notably reportedly currently expect expects expected likely
arguably objectively crucially tellingly perhaps importantly apparently clearly indeed
somewhat surprisingly meanwhile moreover furthermore nevertheless nonetheless
amount amounts amounted stand stands stood reach reaches reached total totals totalled
totaled record records recorded register registers registered
""".split())
# Interchangeable news words: every word of a line counts as its first word.
_SYNONYM_LINES = """
company firm business enterprise
grow growth rise increase climb
fall drop decline decrease
begin start launch
hold host
switch transition shift
momentum impetus impulse boost
freight cargo
travel visit arrive arrival fly
agreement accord deal pact treaty
sign ink conclude
ratify approve endorse
production output
loan lending credit lend
allocate earmark assign
meeting summit conference forum talks
country nation republic
leader president head
plan intend aim
build construct
big large major huge largest biggest
attend attendee participate participant
"""
# Irregular forms that no suffix rule reaches.
_IRREGULAR = {
    "grew": "grow", "grown": "grow", "rose": "rise", "risen": "rise", "fell": "fall",
    "fallen": "fall", "began": "begin", "begun": "begin", "held": "hold", "took": "take",
    "taken": "take", "met": "meet", "built": "build", "gave": "give", "given": "give",
    "made": "make", "paid": "pay", "sent": "send", "sold": "sell", "bought": "buy",
    "spent": "spend", "won": "win", "lost": "lose", "led": "lead", "brought": "bring",
    "kept": "keep", "went": "go", "gone": "go", "came": "come", "saw": "see", "seen": "see",
    "meet": "meeting", "sought": "seek", "struck": "strike", "signed": "sign",
}
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ities", "ity", "ies",
             "ied", "ions", "ion", "ally", "ical", "ic", "ers", "er", "ors", "or",
             "edly", "ed", "ly", "ians", "ian", "es", "s", "al")


def _strip(word: str) -> str:
    word = _IRREGULAR.get(word, word)
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith(("tre", "tres")) and len(word) > 4:  # British spelling: metre(s), centre(s)
        word = word[:-4] + "ters" if word.endswith("s") else word[:-3] + "ter"
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= (2 if "ian" in suffix else 3) \
                and not word.endswith("ss"):
            word = word[: -len(suffix)] + ("ia" if suffix.startswith("ian") else "")
            break
    while len(word) > 3 and word[-1] in "aeiouy":
        word = word[:-1]  # "economy", "economic" -> "econom"; "Russia", "Russian" -> "russ"
    if word.endswith("stan") and len(word) > 7:  # "Kazakhstan" meets "Kazakh"
        word = word[: -5 if word.endswith("istan") else -4]
    return word


_SYNONYMS = {_strip(word): _strip(line.split()[0])
             for line in _SYNONYM_LINES.strip().splitlines() for word in line.split()}


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """A light English stem: enough to meet "investment" and "invested" halfway.

    >>> [stem(w) for w in ("investment", "invested", "companies", "firms", "grew")]
    ['invest', 'invest', 'compan', 'compan', 'grow']
    """
    stemmed = _strip(word)
    return _SYNONYMS.get(stemmed, stemmed)


_TRANSLIT = (("kh", "h"), ("zh", "j"), ("dzh", "j"), ("ph", "f"), ("ck", "k"), ("ou", "u"),
             ("y", "i"), ("w", "v"), ("x", "ks"), ("q", "k"))
_DOUBLE = re.compile(r"(.)\1+")


@lru_cache(maxsize=65536)
def phonetic(word: str) -> str:
    """One spelling for common transliteration variants (applied to every word alike).

    >>> phonetic("berdimuhamedow") == phonetic("berdymukhamedov")
    True
    >>> phonetic("yury") == phonetic("yuri")
    True
    """
    if not word.isalpha():
        return word
    for old, new in _TRANSLIT:
        word = word.replace(old, new)
    return _DOUBLE.sub(r"\1", word)


@lru_cache(maxsize=65536)
def _token(word: str) -> str:
    return phonetic(stem(word))


_RAW_WORD = re.compile(r"[^\W\d_]+")
_OPENERS = frozenset(".!?:;\"'([")


def word_cases(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """The content tokens written with a capital inside a sentence, and those written lower-case.

    A word that a story writes with a capital mid-sentence, and rarely in lower case,
    is a name (a person, place, organisation); the first word of a sentence says nothing.

    >>> capitalised, lower = word_cases("Putin met Tokayev in Dushanbe. Trade grew.")
    >>> sorted(capitalised), sorted(lower)
    (['dushanb', 'tokaiev'], ['grov', 'met'])
    """
    prepared = fold_keep_case(text)
    words = _RAW_WORD.findall(prepared)
    before = _RAW_WORD.split(prepared)  # before[i] is the text before words[i]
    capitalised, lower = set(), set()
    starts_sentence = True
    for word, between in zip(words, before):
        between = between.rstrip()
        if between:
            starts_sentence = between[-1] in _OPENERS
        token = _word_token(word.casefold())
        if token is not None:
            if word[0].islower():
                lower.add(token)
            elif not starts_sentence:
                capitalised.add(token)
        starts_sentence = False
    return frozenset(capitalised), frozenset(lower)


@lru_cache(maxsize=65536)
def _word_token(folded: str) -> str | None:
    return None if folded in STOPWORDS or len(folded) < 2 else _token(folded)


def fold_keep_case(text: str) -> str:
    """Like :func:`fold`, but keeping the case of each letter."""
    if text.isascii():
        return text.translate(_TYPOGRAPHY)  # "&" and "`" still need it
    text = _DIGIT_SPACE.sub("", text)
    text = unicodedata.normalize("NFKC", text).translate(_TYPOGRAPHY)
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return text.translate(_LETTERS)


TIME_TOKENS = frozenset(_token(word) for word in _TIME_WORDS)
MONTH_TOKENS = frozenset(_token(word) for word in _TIME_WORDS[7:19])


_AGO_TOKEN = re.compile(r"ago\d+(?:year|month|week|day)")


def fact_kind(token: str) -> str | None:
    """What kind of fact a token states: ``time``, ``percent``, ``number``, or None.

    Two claims that give different facts of one kind may still state one proposition
    (the classifier then judges the facts); different kinds say different things.

    >>> [fact_kind(t) for t in content_tokens("On Thursday trade grew 4% to $5bn in 2024")]
    ['time', None, None, 'percent', 'number', None, 'time']
    """
    if token in TIME_TOKENS or token.startswith("ago") and _AGO_TOKEN.fullmatch(token):
        return "time"
    if not is_figure(token):
        return None
    if token.endswith("pct"):
        return "percent"
    return "time" if token.isdigit() and len(token) == 4 and 1800 <= int(token) <= 2100 \
        else "number"


def analyse(text: str) -> tuple[tuple[str, ...], dict[str, str]]:
    """The content tokens of a claim text (in order, without repeats) and its facts.

    Each fact token maps to its kind: ``time``, ``percent``, or ``number`` followed by
    what is counted (the next token: a currency, a unit, a noun), so that "$20 billion"
    and "212,000 students" are facts of different kinds.

    >>> tokens, facts = analyse("Over 212,000 students came on 9 October; $20bn was invested.")
    >>> tokens
    ('212000', 'student', 'com', '9', 'octob', '20000000000', 'usd', 'invest')
    >>> facts
    {'212000': 'number student', '9': 'time', 'octob': 'time', '20000000000': 'number usd'}
    """
    words = [_token(word) for word in _WORD.findall(canonical_figures(fold(text)))
             if word not in STOPWORDS and (len(word) > 1 or word.isdigit())]
    facts: dict[str, str] = {}
    for i, token in enumerate(words):
        kind = fact_kind(token)
        if kind == "number":
            before = words[i - 1] if i else ""
            after = words[i + 1] if i + 1 < len(words) else ""
            if (before in MONTH_TOKENS or after in MONTH_TOKENS) and token.isdigit() \
                    and 1 <= int(token) <= 31:
                kind = "time"  # a day of the month
            elif after and fact_kind(after) is None:
                kind = f"number {after}"
        if kind:
            facts.setdefault(token, kind)
    return tuple(dict.fromkeys(words)), facts


def content_tokens(text: str) -> tuple[str, ...]:
    """The informative tokens of a claim text, in order, without repeats.

    >>> content_tokens("Putin said trade passed $45 billion in 2024.")
    ('putin', 'trad', 'pas', '45000000000', 'usd', '2024')
    """
    return analyse(text)[0]
