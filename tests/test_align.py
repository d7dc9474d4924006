"""Alignment: which claims form one group, what editors' links do, what is suggested."""

from __future__ import annotations

import itertools
from collections import Counter
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosscheck import align as align_module
from crosscheck.align import Alignment, Links, align, profiles, similarity
from crosscheck.normalize import analyse, content_tokens, normalize_text
from crosscheck.records import Member


def claim(key: str, text: str, speaker: str | None = None) -> Member:
    source, claim_id = key.split("/")
    return Member(source=source, claim=claim_id, text=text, register="wire",
                  register_from="source", speaker=speaker)


def groups_of(result: Alignment) -> list[list[str]]:
    return sorted(sorted(m.key for m in g.members) for g in result.groups)


def together(result: Alignment, *keys: str) -> bool:
    return any(set(keys) <= {m.key for m in g.members} for g in result.groups)


# A small story: three sources telling some of the same propositions in their own words.
STORY = [
    claim("anadolu/city", "The summit was held in Dushanbe on Thursday."),
    claim("anadolu/trade", "Trade between Russia and Central Asia exceeded $45 billion last year."),
    claim("anadolu/students", "More than 212,000 Central Asian students study in Russia."),
    claim("tass/city", "Dushanbe hosted the summit on Thursday."),
    claim("tass/trade", "Russia's trade with the region passed $45bn last year."),
    claim("tass/invest", "Russian investment in the region exceeds $20 billion."),
    claim("kursiv/trade", "Trade between Russia and Central Asia topped $45,000 million last year."),
    claim("kursiv/invest", "Russia has invested more than $20bn in Central Asia."),
    claim("kursiv/railway", "A railway to Kyrgyzstan will be finished by 2030."),
]


# --- normalisation ---------------------------------------------------------------------


@pytest.mark.parametrize("text", ["$45 billion", "$45bn", "$45,000 million", "US$45 bn",
                                  "45 billion dollars", "$45 Billion"])
def test_figures_written_any_way_are_one_token(text):
    assert content_tokens(text) == ("45000000000", "usd")


@pytest.mark.parametrize("a, b", [
    ("“Russia–Central Asia” summit", '"Russia-Central Asia" summit'),
    ("Berdimuhamedow", "Berdymukhamedov"),
    ("Yury Ushakov", "Yuri Ushakov"),
    ("Kazakhstan's investment", "Kazakh investments"),
    ("20 per cent", "20%"),
    ("eleven corridors", "11 corridors"),
    ("ＴＨＥ ＳＵＭＭＩＴ", "the summit"),
    ("Şavkat Mirziyoyev", "Savkat Mirziyoyev"),
    ("2.2 bcm of gas", "2.2 billion cubic metres of gas"),
    ("45 mcm", "45 million cubic meters"),
    ("the city centre", "the city center"),
    ("400 metres", "400 meters"),
])
def test_spelling_differences_vanish(a, b):
    assert content_tokens(a) == content_tokens(b)


def test_a_unit_that_only_looks_like_cubic_metres_stays():
    assert content_tokens("a 5 cm rise") != content_tokens("a 5 billion cubic metres rise")


def test_figures_keep_their_value():
    assert content_tokens("$33 million") != content_tokens("$33 billion")


def test_facts_know_what_they_count():
    _, facts = analyse("212,000 students, $20bn, 4% in 2024, on 9 October, three years ago")
    assert facts == {"212000": "number student", "20000000000": "number usd", "4pct": "percent",
                     "2024": "time", "9": "time", "octob": "time", "ago3year": "time"}


def test_normalize_text_keeps_every_word():
    assert normalize_text("Trade “exceeded” $45,000 million – a record.") == \
        "trade exceeded 45000000000 usd a record"


# --- grouping --------------------------------------------------------------------------


def test_paraphrases_group_and_the_rest_stay_alone():
    result = align(STORY)
    assert groups_of(result) == [
        ["anadolu/city", "tass/city"],
        ["anadolu/students"],
        ["anadolu/trade", "kursiv/trade", "tass/trade"],
        ["kursiv/invest", "tass/invest"],
        ["kursiv/railway"],
    ]


def test_every_claim_in_exactly_one_group():
    result = align(STORY)
    keys = [m.key for g in result.groups for m in g.members]
    assert sorted(keys) == sorted(m.key for m in STORY)


def test_on_groups_gets_the_final_groups_in_order_once():
    seen = []
    result = align(STORY, on_groups=seen.append)
    assert seen == [[group.members for group in result.groups]]


def test_members_sorted_by_source_and_scores():
    result = align(STORY)
    for group in result.groups:
        sources = [m.source for m in group.members]
        assert sources == sorted(sources)
        if len(group.members) == 1:
            assert group.score is None
        else:
            assert 0 <= group.score <= 100 and group.score == round(group.score, 1)
        assert group.decided_by == "score"


def test_at_most_one_claim_per_source():
    text = "Trade with the region exceeded $45 billion last year."
    result = align([claim("a/one", text), claim("a/two", text), claim("b/one", text),
                    claim("c/one", "Trade with the region topped $45bn last year.")])
    assert groups_of(result) == [["a/one", "b/one", "c/one"], ["a/two"]]


def test_a_different_figure_is_one_proposition_for_the_classifier():
    result = align([
        claim("a/aid", "Putin said Russia has given Central Asian countries more than $33 million.",
              speaker="Vladimir Putin"),
        claim("b/aid", "Putin said Russia has given Central Asian countries more than $33 billion.",
              speaker="Vladimir Putin"),
    ])
    assert groups_of(result) == [["a/aid", "b/aid"]]


def test_a_different_speaker_alone_still_groups():
    result = align([
        claim("a/npp", "Russia will build Kazakhstan's first nuclear power plant.",
              speaker="Vladimir Putin"),
        claim("b/npp", "Russia will build Kazakhstan's first nuclear power plant.",
              speaker="Sergei Lavrov"),
    ])
    assert groups_of(result) == [["a/npp", "b/npp"]]


def test_near_miss_one_name_apart_is_one_proposition():
    # Everything but the partner agrees: one slot with two values, which the classifier
    # reports as a name conflict for an editor to look at.
    result = align([
        claim("a/trade", "Russia's trade with Kazakhstan grew by 5% last year."),
        claim("b/trade", "Russia's trade with Belarus grew by 5% last year."),
    ])
    assert groups_of(result) == [["a/trade", "b/trade"]]


def test_near_miss_name_and_figure_apart_are_two_propositions():
    # Two slots differ (the partner and the figure): parallel facts, not a conflict.
    # They stay apart, and the editor is offered the pair.
    result = align([
        claim("a/trade", "Russia's trade with Kazakhstan grew by 5% last year."),
        claim("b/trade", "Russia's trade with Belarus grew by 8% last year."),
    ])
    assert groups_of(result) == [["a/trade"], ["b/trade"]]
    assert [s.members for s in result.suggestions] == [("a/trade", "b/trade")]


def test_figure_and_year_apart_are_two_propositions():
    result = align([
        claim("a/trade", "Trade between Russia and the region was $40 billion in 2023."),
        claim("b/trade", "Trade between Russia and the region was $45 billion in 2024."),
    ])
    assert groups_of(result) == [["a/trade"], ["b/trade"]]


def test_figures_of_different_kinds_do_not_match():
    p = profiles(["More than 212,000 Central Asian students study in Russia.",
                  "Russia has invested more than $20bn in Central Asia."])
    assert similarity(p[0], p[1]) < 40


def test_empty_story():
    assert align([]) == Alignment(groups=(), suggestions=())


# --- editor links ----------------------------------------------------------------------


def test_same_as_forces_a_group_decided_by_the_editor():
    links = Links(same_as=frozenset({("anadolu/students", "kursiv/railway")}))
    result = align(STORY, links=links)
    group = next(g for g in result.groups if "anadolu/students" in {m.key for m in g.members})
    assert [m.key for m in group.members] == ["anadolu/students", "kursiv/railway"]
    assert group.decided_by == "editor"
    assert group.score is not None


def test_same_as_brings_the_rest_of_a_group_along():
    links = Links(same_as=frozenset({("anadolu/trade", "tass/trade")}))
    result = align(STORY, links=links)
    assert together(result, "anadolu/trade", "kursiv/trade", "tass/trade")
    group = next(g for g in result.groups if "tass/trade" in {m.key for m in g.members})
    assert group.decided_by == "editor"


def test_same_as_never_puts_two_claims_of_one_source_together():
    links = Links(same_as=frozenset({("anadolu/trade", "tass/trade"),
                                     ("anadolu/city", "tass/trade")}))
    result = align(STORY, links=links)
    for group in result.groups:
        sources = [m.source for m in group.members]
        assert len(sources) == len(set(sources))


def test_not_same_as_keeps_identical_claims_apart():
    twins = [claim("a/x", "Dushanbe hosted the summit."), claim("b/x", "Dushanbe hosted the summit.")]
    assert groups_of(align(twins)) == [["a/x", "b/x"]]
    apart = align(twins, links=Links(not_same_as=frozenset({("a/x", "b/x")})))
    assert groups_of(apart) == [["a/x"], ["b/x"]]
    assert apart.suggestions == ()


def test_not_same_as_with_one_member_keeps_the_claim_out_of_the_group():
    links = Links(not_same_as=frozenset({("kursiv/trade", "tass/trade")}))
    result = align(STORY, links=links)
    assert not together(result, "kursiv/trade", "tass/trade")
    assert together(result, "anadolu/trade", "tass/trade") or \
        together(result, "anadolu/trade", "kursiv/trade")


def test_links_to_unknown_claims_are_ignored():
    links = Links(same_as=frozenset({("anadolu/city", "nobody/here")}),
                  not_same_as=frozenset({("tass/city", "nobody/here")}))
    assert groups_of(align(STORY, links=links)) == groups_of(align(STORY))


# --- suggestions -----------------------------------------------------------------------


def hub_story() -> list[Member]:
    """One claim that resembles many claims of other sources, none closely enough."""
    hub = claim("hub/c", "Russia and Central Asia discussed trade, energy, transport, "
                         "security, migration, water and education at the summit.")
    others = [claim(f"s{i}/c", text) for i, text in enumerate([
        "Russia and Central Asia discussed trade at the summit in Dushanbe on Thursday.",
        "The summit discussed energy cooperation between Russia and Central Asia at length.",
        "Transport corridors between Russia and Central Asia were a summit theme for Putin.",
        "Security in Afghanistan was on the summit agenda of Russia and Central Asia.",
        "Labour migration from Central Asia to Russia came up at the summit as well.",
        "Water shortages in Central Asia were raised with Russia at the summit by Tokayev.",
    ])]
    return [hub, *others]


def test_suggestions_at_most_three_per_claim_best_first():
    result = align(hub_story())
    counts = {}
    for suggestion in result.suggestions:
        for key in suggestion.members:
            counts[key] = counts.get(key, 0) + 1
    assert counts and max(counts.values()) <= 3
    assert counts["hub/c"] == 3
    order = [(-s.score, s.members) for s in result.suggestions]
    assert order == sorted(order)
    assert all(s.members == tuple(sorted(s.members)) for s in result.suggestions)


def test_suggestions_exclude_grouped_pairs_and_same_source():
    result = align(STORY)
    group_of = {m.key: i for i, g in enumerate(result.groups) for m in g.members}
    for suggestion in result.suggestions:
        a, b = suggestion.members
        assert group_of[a] != group_of[b]
        assert a.split("/")[0] != b.split("/")[0]


# --- order and scale -------------------------------------------------------------------


@settings(max_examples=30, deadline=None)
@given(st.permutations(STORY + hub_story()))
def test_input_order_changes_nothing(shuffled):
    links = Links(same_as=frozenset({("anadolu/students", "kursiv/railway")}),
                  not_same_as=frozenset({("kursiv/trade", "tass/trade")}))
    expected = align(STORY + hub_story(), links=links)
    assert align(shuffled, links=links) == expected
    assert align(list(reversed(shuffled)), links=links) == expected


def synthetic_story(sources: int, claims: int, seed: int = 7) -> tuple[list[Member], dict]:
    """Every source tells the same propositions, words reordered and up to two dropped."""
    rng = random.Random(seed)
    syllables = ["ka", "ro", "mi", "te", "lu", "sa", "no", "vi", "de", "pa", "zu", "ge"]
    vocabulary = ["".join(rng.choice(syllables) for _ in range(3)) for _ in range(2000)]
    propositions = [rng.sample(vocabulary, 8) for _ in range(claims)]
    members, truth = [], {}
    for s, c in itertools.product(range(sources), range(claims)):
        words = rng.sample(propositions[c], 8 - rng.randint(0, 2))
        key = f"src{s:03d}/c{c:03d}"
        members.append(claim(key, f"Officials said {' '.join(words)} by {rng.randint(1, 9)}%."))
        truth[key] = c
    return members, truth


def test_fifty_sources_of_forty_claims():
    members, truth = synthetic_story(50, 40)
    result = align(members)
    assert len(result.groups) == 40
    for group in result.groups:
        assert len({truth[m.key] for m in group.members}) == 1
        assert len(group.members) == 50


# --- learning the story's wording -------------------------------------------------------

def test_stability_is_the_share_of_group_members_with_the_token():
    p = profiles(["Tavrin was the venue.", "It was held in Tavrin.",
                  "Tavrin was the venue on Friday.", "Tavrin was the venue, they said."])
    learned = align_module.stability([[0, 1, 2, 3]], p)
    by_word = {p[0].words[t]: value for t, value in learned.items()}
    prior = align_module.STABILITY_PRIOR
    assert by_word["tavrin"] == 1.0  # in every member
    assert by_word["ven"] == pytest.approx((3 * 3 / 4 + prior) / (3 + prior))
    assert by_word["hold"] == pytest.approx((1 / 4 + prior) / (1 + prior))


def test_stability_ignores_groups_too_small_to_show_it():
    p = profiles(["Tavrin was the venue.", "It was held in Tavrin.", "Trade grew."])
    assert align_module.stability([[0, 1], [2]], p) == {}


def test_reweighting_scales_each_token_by_its_stability():
    p = profiles(["Tavrin was the venue.", "It was held in Tavrin."])
    tavrin = p[0].words.index("tavrin")
    learned = align_module.reweighted(p, {tavrin: 0.5})
    assert learned[0].weights[tavrin] == pytest.approx(p[0].weights[tavrin] / 2)
    assert learned[0].total == pytest.approx(p[0].total - p[0].weights[tavrin] / 2)
    assert learned[0].tokens == p[0].tokens


def varied_story(sources: int, seed: int = 3) -> tuple[list[Member], dict[str, str]]:
    """Each source tells two sibling propositions (tourism / mining) in its own words:
    verbs and the body's name vary, the topic and the place stay."""
    rng = random.Random(seed)
    bodies = ["joint commission", "working group", "expert group", "steering committee"]
    verbs = ["{b} on {t} met in {c}", "{c} hosted the {b} on {t}", "the {b} on {t} convened in {c}",
             "{c} was the venue for the {b} on {t}", "the {b} on {t} got under way in {c}"]
    members, truth = [], {}
    for s in range(sources):
        for topic, city, day in (("tourism", "Tavrin", "Friday"), ("mining", "Lorsk", "Monday")):
            text = rng.choice(verbs).format(b=rng.choice(bodies), t=topic, c=city)
            text = text[0].upper() + text[1:] + (f" on {day}." if rng.random() < 0.5 else ".")
            key = f"src{s:03d}/{topic}"
            members.append(claim(key, text))
            truth[key] = topic
    return members, truth


def test_learning_the_wording_joins_a_proposition_told_in_many_words(monkeypatch):
    members, truth = varied_story(100)
    learnt = align(members)
    monkeypatch.setattr(align_module, "LEARNING_ROUNDS", 0)
    unlearnt = align(members)
    assert 2 * len(learnt.groups) <= len(unlearnt.groups)
    for group in learnt.groups:  # the siblings stay apart (a stray claim at most)
        topics = Counter(truth[m.key] for m in group.members)
        assert topics.most_common(1)[0][1] >= 0.95 * len(group.members)
    assert max(len(g.members) for g in learnt.groups) >= 90
    assert max(len(g.members) for g in unlearnt.groups) < 50
