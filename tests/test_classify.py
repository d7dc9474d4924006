"""Rule tables for the judgement of a group (crosscheck.classify)."""

from __future__ import annotations

import datetime as dt
import itertools
import random
import time

import pytest

from crosscheck.classify import judge, register_reason, who
from crosscheck.records import Conflict, Member

OCT_9 = dt.date(2025, 10, 9)   # a Thursday
OCT_8 = dt.date(2025, 10, 8)


def member(source, text, *, register="wire", published=OCT_9, speaker=None, claim="c"):
    return Member(source=source, claim=claim, text=text, register=register,
                  register_from="claim", speaker=speaker, published=published)


def pair(a, b, published_a=OCT_9, published_b=OCT_9):
    return [member("a", a, published=published_a), member("b", b, published=published_b)]


def kinds(judgement):
    return sorted({c.kind for c in judgement.conflicts})


# --- two claims: every fact kind ---------------------------------------------------------

@pytest.mark.parametrize("a, b, status, conflict_kinds", [
    # quantities: qualifiers and written precision (SPEC section 4)
    ("Kazakhstan plans more than 5,000 km of new railway by 2030.",
     "Kazakhstan plans up to 5,000 km of new railway by 2030.", "contradict", ["quantity"]),
    ("The route carried at least 5,000 tonnes.", "The route carried 5,000 tonnes.", "agree", []),
    ("Trade reached $45 billion.", "Trade reached $45.3 billion.", "agree", []),
    ("Trade with Belarus is $50 billion.", "Trade with Belarus is $52 billion.", "contradict",
     ["quantity"]),
    ("Russia gave $33 million.", "Russia gave $33 billion.", "contradict", ["quantity"]),
    ("The route handled nearly 2.5 million tonnes.", "The route handled 1 million tonnes.",
     "contradict", ["quantity"]),
    ("The route handled nearly 2.5 million tonnes.", "The route handled almost 2.5 million tonnes.",
     "agree", []),
    ("More than 212,000 students study in Russia.", "About 212,000 students study in Russia.",
     "agree", []),
    ("Trade is above $50 billion.", "Trade is $50 billion.", "agree", []),
    ("Kazakhstan will repair 11,000 thousand km of railway.",
     "Kazakhstan will repair 11,000 km of railway.", "contradict", ["quantity"]),
    ("Trade exceeded $45 billion, up 4% in 2025.", "Trade exceeded $45 billion.", "agree", []),
    ("Trade exceeded 45 млрд долларов.", "Trade exceeded 33 млрд долларов.", "agree", []),
    ("Trade was 45 млрд долларов.", "Trade was 33 млрд долларов.", "contradict", ["quantity"]),
    # only quantities of one kind and unit are compared
    ("Trade grew 20% to $50 billion.", "Trade grew 4% to $45 billion.", "contradict", ["quantity"]),
    ("Trade passed $45 billion in 2024.", "Trade grew by 4% in January–July 2025.", "agree", []),
    ("Trade passed $45 billion.", "Trade passed €45 billion.", "agree", []),
    ("The summit drew 25,000 visitors.", "The summit drew 40,000 journalists.", "agree", []),
    ("Trade grew strongly.", "Trade grew by 4%.", "agree", []),       # no figure: no conflict
    # dates, years, relative expressions
    ("The summit was held on 9 October 2025.", "The summit was held on 9 October.", "agree", []),
    ("The summit was held on 9 October 2025.", "The summit was held on 10 October 2025.",
     "contradict", ["date"]),
    ("Trade exceeded $45 billion last year.", "Trade exceeded $45 billion in 2024.", "agree", []),
    ("Trade exceeded $45 billion last year.", "Trade exceeded $45 billion in 2023.", "contradict",
     ["date"]),
    ("The first summit was held in October 2022.", "The first summit was held in 2022.", "agree",
     []),
    ("They adopted a plan for 2025–2027.", "They adopted a plan for 2025–2030.", "contradict",
     ["date"]),
    ("They adopted a plan for 2025–2027.", "They adopted the plan in 2025.", "agree", []),
    # weekdays, written and implied by a date
    ("The summit took place on Wednesday.", "The summit took place on Thursday.", "contradict",
     ["weekday"]),
    ("The summit took place on Wednesday.", "The summit took place on 9 October 2025.",
     "contradict", ["weekday"]),
    ("The summit took place on Thursday.", "The summit took place on 9 October 2025.", "agree", []),
    # polarity: one predicate, exactly one side negated
    ("Putin will attend the summit.", "Putin will not attend the summit.", "contradict",
     ["polarity"]),
    ("Tajikistan agreed to the plan.", "Tajikistan refused the plan.", "contradict", ["polarity"]),
    ("The summit adopted a communiqué.", "A communiqué was signed at the summit.", "agree", []),
    ("Putin will not attend the summit.", "Putin will not attend the summit.", "agree", []),
    ("Putin did not attend the dinner.", "Putin attended the summit.", "agree", []),  # 2 objects
    ("Putin did not attend.", "Putin attended the summit.", "contradict", ["polarity"]),
    ("The region does not need new dividing lines.", "The region needs cooperation.", "agree", []),
    # names in the same role
    ("The summit was held in Dushanbe.", "The summit was held in Moscow.", "contradict", ["name"]),
    ("The summit was held in Dushanbe.", "The summit was held in Tajikistan.", "agree", []),
    ("The summit was held in Dushanbe.", "The summit was held in Central Asia.", "agree", []),
    ("The summit was held in Dushanbe.", "Ushakov told reporters in Moscow about the summit.",
     "agree", []),                                                     # another role
    ("Kazakhstan, Kyrgyzstan and Uzbekistan sent their leaders.",
     "Tajikistan and Turkmenistan sent their leaders.", "agree", []),  # selections, not conflicts
    ("Leaders thanked Serdar Berdimuhamedow for the visit.",
     "Leaders thanked Serdar Berdymukhamedov for the visit.", "agree", []),
    ("Leaders thanked Shavkat Mirziyoyev for the visit.",
     "Leaders thanked Savkat Mirziyoyev for the visit.", "agree", []),
    ("Leaders thanked Mirziyoyev for the visit.", "Leaders thanked Japarov for the visit.",
     "contradict", ["name"]),
    ("Trade rose 4%, Putin said.", "Trade rose 4%, Tokayev said.", "agree", []),  # text speakers
    ("Putin met Xi in Beijing.", "Putin met Chinese leader Xi Jinping in Beijing.", "agree", []),
    ("Putin met Xi in Beijing.", "Putin met Modi in Beijing.", "contradict", ["name"]),
    ("The talks were hosted by the EU.", "The talks were hosted by the European Union.", "agree",
     []),
    # a unit symbol after a figure is no name
    ("A plant of about 68 MW will be built in Tavrin by 2028.",
     "A plant of about 68 megawatts will be built in Tavrin by 2028.", "agree", []),
    ("A deal worth over US$32 million was signed.", "A deal worth over USD 32 million was signed.",
     "agree", []),
    # both name both entities, in another order: no conflict
    ("Valtrans will build a plant in Tavrin by the end of 2028.",
     "A plant will be built in Tavrin by Valtrans by the end of 2028.", "agree", []),
    ("Valtrans will build a plant in Tavrin by the end of 2028.",
     "A plant will be built in Lorsk by Valtrans by the end of 2028.", "contradict", ["name"]),
    # Cyrillic
    ("Саммит принимал Душанбе.", "Саммит принимал Ташкент.", "contradict", ["name"]),
    ("Саммит принимал Душанбе.", "Саммит принимал Душанбе.", "agree", []),
    ("Саммит прошёл в четверг.", "Саммит прошёл в среду.", "contradict", ["weekday"]),
])
def test_pairs(a, b, status, conflict_kinds):
    judgement = judge(pair(a, b))
    assert (judgement.status, kinds(judgement)) == (status, conflict_kinds)


@pytest.mark.parametrize("published_a, published_b, status", [
    (OCT_8, OCT_9, "contradict"),   # the year comes from `published`: a Thursday
    (None, None, "agree"),          # no year: no weekday to compare
])
def test_weekday_against_a_date_needs_the_year(published_a, published_b, status):
    judgement = judge(pair("Putin's arrival is expected on Wednesday.",
                           "Putin arrives on 9 October.", published_a, published_b))
    assert judgement.status == status


@pytest.mark.parametrize("published_a, published_b, status", [
    (OCT_9, OCT_9, "agree"),           # both 2024
    (OCT_9, dt.date(2024, 5, 1), "contradict"),   # 2024 against 2023
    (None, None, "agree"),              # both "last year", unresolved: the same expression
])
def test_relative_dates_resolve_against_published(published_a, published_b, status):
    judgement = judge(pair("Trade exceeded $45 billion last year.",
                           "Trade exceeded $45 billion last year.", published_a, published_b))
    assert judgement.status == status


def test_unresolved_relative_dates_are_compared_only_with_relative_ones():
    judgement = judge(pair("Trade exceeded $45 billion last year.",
                           "Trade exceeded $45 billion in 2019.", None, None))
    assert judgement.status == "agree"
    judgement = judge(pair("Trade exceeded $45 billion last year.",
                           "Trade exceeded $45 billion this year.", None, None))
    assert kinds(judgement) == ["date"]


# --- speakers -------------------------------------------------------------------------------

@pytest.mark.parametrize("speaker_a, speaker_b, status", [
    ("Yury Ushakov", "Yuri Ushakov", "agree"),
    ("Vladimir Putin", "Putin", "agree"),
    ("Vladimir Putin", "Путин", "agree"),
    ("Vladimir Putin", "Kassym-Jomart Tokayev", "contradict"),
    ("Vladimir Putin", None, "agree"),     # a missing speaker never conflicts
    (None, None, "agree"),
])
def test_speaker(speaker_a, speaker_b, status):
    judgement = judge([member("a", "Trade grew.", speaker=speaker_a),
                       member("b", "Trade grew.", speaker=speaker_b)])
    assert judgement.status == status
    assert kinds(judgement) == (["speaker"] if status == "contradict" else [])


def test_aliases_settle_names():
    members = [member("a", "Trade grew.", speaker="the Kremlin"),
               member("b", "Trade grew.", speaker="Dmitry Peskov")]
    assert judge(members).status == "contradict"
    assert judge(members, aliases={"the Kremlin": "Dmitry Peskov"}).status == "agree"


def test_about_tolerance_reaches_the_judgement():
    members = pair("About 1,250 firms are active.", "1,480 firms are active.")
    assert judge(members).status == "contradict"
    assert judge(members, about_tolerance=0.2).status == "agree"


# --- consensus and dissent in larger groups ------------------------------------------------------

def test_two_against_one_the_one_dissents():
    members = [member("anadolu", "The summit was held in Dushanbe."),
               member("kursiv", "The summit was held in Dushanbe."),
               member("al-bawaba", "The summit was held in Moscow.")]
    judgement = judge(members)
    assert judgement.status == "contradict"
    assert judgement.conflicts == (Conflict(
        kind="name", dissent=("al-bawaba/c",), consensus=("anadolu/c", "kursiv/c"),
        reason="place: Moscow (al-bawaba) vs Dushanbe (anadolu, kursiv)"),)


def test_many_sources_are_counted():
    members = [member(f"s{i}", "The summit was held in Dushanbe.") for i in range(8)]
    members.append(member("al-bawaba", "The summit was held in Moscow."))
    judgement = judge(members)
    assert judgement.reasons == ("place: Moscow (al-bawaba) vs Dushanbe (8 sources)",)
    assert judgement.conflicts[0].dissent == ("al-bawaba/c",)
    assert len(judgement.conflicts[0].consensus) == 8


def test_consensus_is_the_largest_compatible_set_of_ranges():
    members = [member("a", "Trade passed $45 billion."), member("b", "Trade reached $46 billion."),
               member("c", "Trade topped $45.5 billion."), member("d", "Trade reached $30 billion.")]
    judgement = judge(members)
    assert [(c.dissent, c.consensus) for c in judgement.conflicts] == [
        (("d/c",), ("a/c", "b/c", "c/c"))]
    assert judgement.reasons == (
        "quantity: $30 billion (d) vs $46 billion (a, b, c)",)


def test_a_tie_makes_each_side_dissent_from_the_other():
    members = [member("afp", "Putin arrives on Wednesday."),
               member("kayhan", "Putin arrives on Thursday.")]
    judgement = judge(members)
    assert {(c.dissent, c.consensus) for c in judgement.conflicts} == {
        (("afp/c",), ("kayhan/c",)), (("kayhan/c",), ("afp/c",))}
    assert judgement.reasons == ("weekday: Wednesday (afp) vs Thursday (kayhan)",)


def test_two_against_two_is_a_tie():
    members = [member(s, f"It was held on {day}.")
               for s, day in (("a", "Monday"), ("b", "Monday"), ("c", "Friday"), ("d", "Friday"))]
    judgement = judge(members)
    assert {c.dissent for c in judgement.conflicts} == {("a/c", "b/c"), ("c/c", "d/c")}


def test_members_silent_on_a_fact_stay_out_of_it():
    members = [member("a", "The summit was held on Thursday."),
               member("b", "The summit was held on Wednesday."),
               member("c", "The summit was held on Thursday."),
               member("d", "The summit was held.")]
    (conflict,) = judge(members).conflicts
    assert conflict.dissent == ("b/c",) and conflict.consensus == ("a/c", "c/c")


# --- statuses, reasons, determinism -------------------------------------------------------------

def test_one_member_is_unique():
    judgement = judge([member("a", "The summit was held in Dushanbe on Wednesday.")])
    assert (judgement.status, judgement.conflicts, judgement.reasons) == ("unique", (), ())


@pytest.mark.parametrize("registers, status, reasons", [
    (("wire", "wire", "wire"), "agree", ()),
    (("analytical", "wire", "wire"), "framing",
     ("register: analytical (s0) vs wire (s1, s2)",)),
    (("analytical", "analytical", "wire"), "framing",
     ("register: wire (s2) vs analytical (s0, s1)",)),
    (("analytical", "wire"), "framing", ("register: analytical (s0) vs wire (s1)",)),
])
def test_framing(registers, status, reasons):
    members = [member(f"s{i}", "Putin pushed to link payment systems.", register=r)
               for i, r in enumerate(registers)]
    judgement = judge(members)
    assert (judgement.status, judgement.reasons) == (status, reasons)


def test_a_conflict_outranks_framing():
    members = [member("a", "It was held on Monday.", register="analytical"),
               member("b", "It was held on Friday.")]
    assert judge(members).status == "contradict"


def test_who_names_up_to_three_sources():
    members = [member(f"s{i}", "x") for i in range(4)]
    assert who(members[:3]) == "s0, s1, s2"
    assert who(members) == "4 sources"
    assert register_reason(members) is None


GROUP = [
    member("a", "The summit was held in Dushanbe on Thursday; trade passed $45 billion last year.",
           speaker="Yury Ushakov"),
    member("b", "The summit was held in Moscow on Wednesday; trade reached $30 billion in 2024.",
           speaker="Yuri Ushakov", register="analytical"),
    member("c", "The summit was held in Dushanbe on Thursday, 9 October 2025.",
           speaker="Sergei Lavrov"),
    member("d", "Trade passed $45 billion last year, and Putin will not attend.", published=None),
    member("e", "Putin will attend; the summit was held in Tajikistan.", speaker="Yuri Ushakov"),
]


@pytest.mark.parametrize("order", list(itertools.permutations(range(len(GROUP))))[::17])
def test_the_judgement_does_not_depend_on_member_order(order):
    assert judge([GROUP[i] for i in order]) == judge(GROUP)


def test_the_reference_group():
    judgement = judge(GROUP)
    assert judgement.status == "contradict"
    assert judgement.reasons == (
        "quantity: $30 billion (b) vs passed $45 billion (a, d)",
        "weekday: Wednesday (b) vs Thursday (a, c)",
        "place: Moscow (b) vs Dushanbe (a, c, e)",       # Tajikistan (e) holds Dushanbe
        "speaker: Sergei Lavrov (c) vs Yuri Ushakov (a, b, e)",
        "polarity: will not attend (d) vs attend (e)",   # a tie: one reason, two conflicts
    )
    assert len(judgement.conflicts) == 6


def test_a_thousand_members_stay_fast():
    rng = random.Random(7)
    cities = ["Dushanbe"] * 8 + ["Moscow", "Tajikistan"]
    members = [member(f"s{i:04d}", f"The summit was held in {rng.choice(cities)} on "
                      f"{rng.choice(['Thursday'] * 9 + ['Wednesday'])}; trade passed "
                      f"${rng.choice([45, 45, 50, 30])} billion in {rng.choice([2024, 2024, 2023])}.",
                      speaker=rng.choice(["Yury Ushakov", "Yuri Ushakov", "Sergei Lavrov", None]))
               for i in range(1000)]
    judge(members[:2])  # loads the place index
    start = time.perf_counter()
    judgement = judge(members)
    assert time.perf_counter() - start < 20
    assert {c.kind for c in judgement.conflicts} == {"date", "weekday", "name", "speaker"}
    weekday = next(c for c in judgement.conflicts if c.kind == "weekday")
    assert weekday.reason.startswith("weekday: Wednesday (") and "sources) vs Thursday (" in weekday.reason
