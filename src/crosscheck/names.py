"""Name normalisation: when two spellings name the same person, place or organisation.

News sources transliterate the same name differently ("Yuri" / "Yury",
"Berdimuhamedow" / "Berdymukhamedov", "Shavkat" / "Savkat"), write it in
Cyrillic ("Путин"), with or without diacritics, as an adjective ("Kazakh" /
"Kazakhstan") or shortened ("Putin" / "Vladimir Putin").  Comparing names is
done in three steps:

1. **Folding** (:func:`fold_name`): Unicode NFKD without combining marks,
   casefolding, Cyrillic transliterated to Latin, then a few general
   transliteration rules that merge spellings of the same sound
   (:data:`TRANSLITERATION_FOLDS`: ``dzh``/``dj``/``zh`` → ``j``, ``kh``/``gh`` →
   ``h``/``g``, ``w`` → ``v``, ``ya``/``yo``/``yu`` → ``a``/``o``/``u``, ``y`` → ``i``,
   doubled letters once ...).
2. **Aliases**: a configured mapping ``alias -> canonical name`` (the
   ``[tool.crosscheck.aliases]`` table), applied to the whole name after folding.
3. **Token matching** (:func:`same_name`): the shorter name's words must each
   match a word of the longer one ("Putin" is "Vladimir Putin", "South Korea" is
   not "North Korea").  Two folded words match when they are equal, when one is
   an adjectival or possessive form of the other (a common prefix of at least
   :data:`MIN_PREFIX` letters covering :data:`PREFIX_SHARE` of the shorter word),
   or when their :func:`rapidfuzz.fuzz.ratio` reaches :data:`NAME_SIMILARITY_CUTOFF`
   (85: "shavkat"/"savkat" scores 92, "moscow"/"dushanbe" 14, "iran"/"iraq"
   75).  Words shorter than four letters must be equal after folding.

The rules are general: nothing here knows any particular name.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from rapidfuzz import fuzz

NAME_SIMILARITY_CUTOFF = 85.0
"""rapidfuzz ``fuzz.ratio`` (0-100) at or above which two folded words are one name."""

MIN_PREFIX = 4
PREFIX_SHARE = 0.8
MIN_FUZZY_LENGTH = 4

CYRILLIC_TO_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu",
    "я": "ya", "і": "i", "ї": "i", "є": "e", "ғ": "g", "қ": "k", "ң": "n", "ө": "o",
    "ұ": "u", "ү": "u", "һ": "h", "ә": "a", "ў": "u", "ҳ": "h", "ҷ": "j",
}

TRANSLITERATION_FOLDS = (
    ("shch", "sh"), ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("gh", "g"),
    ("ph", "f"), ("ck", "k"), ("q", "k"), ("w", "v"), ("x", "ks"), ("yu", "u"), ("ya", "a"),
    ("yo", "o"), ("y", "i"), ("ou", "u"),
)
"""Ordered (pattern, replacement) pairs applied to folded lowercase Latin text."""

_DOUBLED = re.compile(r"([a-z])\1+")
_WORD = re.compile(r"[a-z0-9]+")
_POSSESSIVE = re.compile(r"['’]s\b|['’]$", re.IGNORECASE)


def strip_accents(text: str) -> str:
    """Text without diacritics (NFKD, combining marks dropped).

    >>> strip_accents("Zürich Ürümqi São")
    'Zurich Urumqi Sao'
    """
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def transliterate(text: str) -> str:
    """Lowercase Cyrillic letters written in Latin (a simple, lossy table)."""
    return "".join(CYRILLIC_TO_LATIN.get(c, c) for c in text)


def fold_name(name: str) -> str:
    """A name folded for comparison: one spelling for its transliteration variants.

    >>> fold_name("Berdimuhamedow") == fold_name("Berdymukhamedov")
    True
    >>> fold_name("Yuri") == fold_name("Yury") == fold_name("Юрий")
    True
    >>> fold_name("Putin's")
    'putin'
    """
    text = _POSSESSIVE.sub("", name)
    text = transliterate(text.casefold())
    # Cyrillic й/ё decompose under NFKD: transliterate before stripping accents.
    text = strip_accents(text).casefold()
    for pattern, replacement in TRANSLITERATION_FOLDS:
        text = text.replace(pattern, replacement)
    text = _DOUBLED.sub(r"\1", text)
    return " ".join(_WORD.findall(text))


def fold_aliases(aliases: Mapping[str, str] | None) -> dict[str, str]:
    """The alias table with folded keys and values, ready for :func:`canonical_name`."""
    return {fold_name(alias): fold_name(canonical) for alias, canonical in (aliases or {}).items()}


def canonical_name(name: str, aliases: Mapping[str, str] | None = None) -> str:
    """The folded name, replaced by its canonical form when it is a configured alias.

    >>> canonical_name("the Kremlin", {"The Kremlin": "Moscow"}) == fold_name("Moscow")
    True
    """
    return apply_aliases(fold_name(name), fold_aliases(aliases))


def apply_aliases(folded: str, folded_aliases: Mapping[str, str]) -> str:
    """A folded name through an alias table folded by :func:`fold_aliases`."""
    return folded_aliases.get(folded, folded)


def same_word(a: str, b: str, *, cutoff: float = NAME_SIMILARITY_CUTOFF) -> bool:
    """Whether two folded words spell the same name.

    >>> same_word("savkat", "shavkat"), same_word("kazah", "kazahstan")
    (True, True)
    >>> same_word("moskov", "dushanbe"), same_word("iran", "irak")
    (False, False)
    """
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    if len(shorter) < MIN_FUZZY_LENGTH:
        return False
    common = len(_common_prefix(shorter, longer))
    if common >= MIN_PREFIX and common >= PREFIX_SHARE * len(shorter):
        return True
    return fuzz.ratio(a, b, score_cutoff=cutoff) > 0


def _common_prefix(a: str, b: str) -> str:
    size = 0
    for x, y in zip(a, b):
        if x != y:
            break
        size += 1
    return a[:size]


def same_name(
    a: str,
    b: str,
    *,
    aliases: Mapping[str, str] | None = None,
    cutoff: float = NAME_SIMILARITY_CUTOFF,
) -> bool:
    """Whether two written names name the same entity (see the module docstring).

    >>> same_name("Yuri Ushakov", "Yury Ushakov"), same_name("Putin", "Vladimir Putin")
    (True, True)
    >>> same_name("Shavkat Mirziyoyev", "Savkat Mirziyoyev")
    True
    >>> same_name("Moscow", "Dushanbe"), same_name("North Korea", "South Korea")
    (False, False)
    >>> same_name("Путин", "Putin")
    True
    >>> same_name("Kremlin", "Moscow", aliases={"Kremlin": "Moscow"})
    True
    """
    return same_folded(canonical_name(a, aliases), canonical_name(b, aliases), cutoff=cutoff)


def same_folded(a: str, b: str, *, cutoff: float = NAME_SIMILARITY_CUTOFF) -> bool:
    """:func:`same_name` on names already folded (and aliased)."""
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    if not words_a or not words_b:
        return False
    shorter, longer = sorted((words_a, words_b), key=len)
    return all(any(same_word(w, v, cutoff=cutoff) for v in longer) for w in shorter)
