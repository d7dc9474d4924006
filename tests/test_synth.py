"""The synthetic story generator (benchmarks/synth.py) and its plain token_set baseline.

Same seed, same bytes (in another process too); every file a valid claim file; the gold and the
generator's record of planted conflicts agree with what the files say.
"""

from __future__ import annotations

import doctest
import importlib.util
import os
import subprocess
import sys
from collections import Counter
from itertools import combinations
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from crosscheck.loader import load_file

BENCHMARKS = Path(__file__).resolve().parents[1] / "benchmarks"


def _module(name: str):
    if name not in sys.modules:
        spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module   # dataclasses look their module up while the class is built
        spec.loader.exec_module(module)
    return sys.modules[name]


synth = _module("synth")
baseline = _module("baseline_token_set")

SIZES = {"sources": 6, "claims": 30}


@pytest.fixture(scope="module")
def story():
    return synth.generate(seed=11, **SIZES)


@pytest.fixture(scope="module")
def written(story, tmp_path_factory):
    outdir = tmp_path_factory.mktemp("story")
    synth.write_story(story, outdir)
    return outdir


def _files(outdir: Path) -> dict[str, bytes]:
    return {path.relative_to(outdir).as_posix(): path.read_bytes()
            for path in sorted(outdir.rglob("*.yaml"))}


def _claims(story) -> dict[str, object]:
    return {f"{source.id}/{claim.id}": claim for source in story.sources for claim in source.claims}


# --- determinism --------------------------------------------------------------------------

def test_same_seed_gives_the_same_bytes(written, tmp_path):
    synth.write_story(synth.generate(seed=11, **SIZES), tmp_path)
    assert _files(tmp_path) == _files(written)


def test_same_seed_gives_the_same_bytes_in_another_process(written, tmp_path):
    # another hash seed: nothing may depend on the order of a set of strings
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    command = [sys.executable, str(BENCHMARKS / "synth.py"), str(tmp_path), "--seed", "11", "-q",
               "--sources", str(SIZES["sources"]), "--claims", str(SIZES["claims"])]
    subprocess.run(command, check=True, env=env)
    mine, theirs = _files(written), _files(tmp_path)
    assert mine.keys() == theirs.keys()
    assert all(mine[name] == theirs[name] for name in mine if name != "gold.yaml")
    # the gold names the command that wrote it in its first line; the rest is the same
    assert mine["gold.yaml"].split(b"\n", 1)[1] == theirs["gold.yaml"].split(b"\n", 1)[1]


def test_another_seed_gives_another_story(written, tmp_path):
    synth.write_story(synth.generate(seed=12, **SIZES), tmp_path)
    assert _files(tmp_path)["gold.yaml"] != _files(written)["gold.yaml"]
    assert [c.text for s in synth.generate(seed=12, **SIZES).sources for c in s.claims] != \
        [c.text for s in synth.generate(seed=11, **SIZES).sources for c in s.claims]


# --- the files ----------------------------------------------------------------------------

def test_every_claim_file_loads_without_problems(story, written):
    paths = sorted((written / "claims").glob("*.yaml"))
    assert [path.stem for path in paths] == sorted(source.id for source in story.sources)
    for path in paths:
        loaded = load_file(path)
        assert loaded.problems == [], path
        source = next(s for s in story.sources if s.id == loaded.model.source.id)
        assert loaded.model.source.style == source.style
        assert [(c.id, c.text, c.quote, c.speaker, c.register_) for c in loaded.model.claims] == \
            [(c.id, c.text, c.quote, c.speaker, c.register) for c in source.claims]


def test_sizes_and_the_optional_keys_that_make_register_detection_matter(story):
    assert [len(source.claims) for source in story.sources] == [SIZES["claims"]] * SIZES["sources"]
    claims = list(_claims(story).values())
    assert {s.style for s in story.sources} == {"wire", "analytical"}
    assert any(c.register is None for c in claims) and any(c.register for c in claims)
    assert any(c.speaker for c in claims) and any(c.quote for c in claims)
    for claim in claims:
        assert claim.register in (None, claim.register_true)
        assert claim.quote in (None, claim.text)


def test_gold_file_is_the_generated_gold(story, written):
    gold = YAML(typ="safe").load((written / "gold.yaml").read_text(encoding="utf-8"))
    assert gold["ambiguous_pairs"] == []
    assert [(g["members"], g["status"]) for g in gold["groups"]] == \
        [(list(g.members), [g.status]) for g in story.groups]


def test_write_story_removes_stale_generated_files_and_refuses_others(tmp_path):
    synth.write_story(synth.generate(sources=4, claims=3, seed=1), tmp_path)
    synth.write_story(synth.generate(sources=2, claims=3, seed=1), tmp_path)
    assert len(list((tmp_path / "claims").glob("*.yaml"))) == 2
    (tmp_path / "claims" / "mine.yaml").write_text("version: 1\n", encoding="utf-8")
    assert synth.main([str(tmp_path), "--sources", "2", "--claims", "3", "-q"]) == 2
    assert (tmp_path / "claims" / "mine.yaml").exists()


# --- the gold agrees with the files and the plants ----------------------------------------

def test_gold_members_exist_once_and_one_per_source(story):
    claims = _claims(story)
    seen = Counter(member for group in story.groups for member in group.members)
    assert set(seen) <= set(claims)
    assert max(seen.values()) == 1
    for group in story.groups:
        sources = [member.split("/")[0] for member in group.members]
        assert len(group.members) >= 2 and len(set(sources)) == len(sources)
        assert group.status in ("agree", "framing", "contradict")


def test_groups_are_exactly_the_propositions_told_twice(story):
    claims = _claims(story)
    group_of = {member: index for index, group in enumerate(story.groups) for member in group.members}
    for (a, first), (b, second) in combinations(claims.items(), 2):
        if a.split("/")[0] != b.split("/")[0]:
            same = first.proposition == second.proposition
            assert same == (a in group_of and group_of.get(a) == group_of.get(b)), (a, b)
    told = Counter(claim.proposition for claim in claims.values())
    assert all(told[claim.proposition] == 1 for ref, claim in claims.items() if ref not in group_of)
    assert any(ref not in group_of for ref in claims)   # there are unique claims


def test_statuses_follow_plants_and_registers(story):
    claims = _claims(story)
    planted = {f"{plant.source}/{plant.claim}" for plant in story.plants}
    statuses = Counter(group.status for group in story.groups)
    assert statuses["contradict"] and (statuses["framing"] or statuses["agree"])
    for group in story.groups:
        dissent = [member for member in group.members if member in planted]
        registers = {claims[member].register_true for member in group.members}
        if group.status == "contradict":
            assert dissent and len(dissent) <= max(1, (len(group.members) - 1) // 2)  # a minority
        else:
            assert not dissent
            assert group.status == ("framing" if len(registers) > 1 else "agree")


def test_every_plant_is_written_in_its_claim(story):
    claims = _claims(story)
    groups = {member: group for group in story.groups for member in group.members}
    kinds = Counter()
    for plant in story.plants:
        ref = f"{plant.source}/{plant.claim}"
        claim, group = claims[ref], groups[ref]
        assert group.status == "contradict" and claim.proposition == group.proposition
        assert plant.dissent != plant.consensus
        if plant.kind == "speaker":
            assert claim.speaker == plant.surface == plant.dissent
        elif plant.kind == "polarity":
            assert " not " in claim.text
        else:
            assert plant.surface in claim.text
        kinds[plant.kind] += 1
    assert len(kinds) >= 3


def test_planted_kinds_cover_the_spec_over_a_bigger_story():
    story = synth.generate(sources=20, claims=40, seed=3)
    kinds = {plant.kind for plant in story.plants}
    assert kinds == {"quantity", "date", "weekday", "name", "speaker", "polarity"}


def test_a_dissenting_figure_cannot_overlap_the_consensus():
    rng = synth.random.Random(5)
    values = {"usd": ("2e9", "45e9", "1.2e9", "350e6"), "tonnes": ("50000", "3.5e6"),
              "pct": ("1.2", "4.5", "18"), "count": ("12", "95", "25000", "1.5e6"), "mw": ("20", "1200")}
    for unit, figures in values.items():
        for bound in ("plain", "approx", "lower", "upper"):
            for value in figures:
                q = synth._Quantity(synth.Decimal(value), unit, bound)
                wrong = synth._dissent_figure(rng, q)
                assert wrong.bound in ("plain", "approx")
                low, high = float(q.value) * 0.85, float(q.value) * 1.15   # "about": 10%, and a margin
                if bound == "lower":
                    assert float(wrong.value) * 1.15 < low
                elif bound == "upper":
                    assert float(wrong.value) * 0.85 > high
                else:
                    assert float(wrong.value) * 1.15 < low or float(wrong.value) * 0.85 > high


# --- doctests and the baseline ------------------------------------------------------------

def test_doctests():
    for module in (synth, baseline):
        assert doctest.testmod(module).failed == 0


def test_baseline_sweep_counts_pairs_per_cut_off():
    sources = ["a", "b", "c", "a"]
    labels = [0, 0, None, 1]
    pairs = [(95.0, 0, 1), (80.0, 1, 3), (70.0, 0, 2)]
    points = baseline.sweep(pairs, sources, labels)
    assert [(p.cutoff, round(p.precision, 3), p.recall) for p in points] == \
        [(95.0, 1.0, 1.0), (80.0, 1.0, 1.0), (70.0, 0.333, 1.0)]
    # 1-3 is refused: 3 is from source a, which the group of 0 already holds
    assert baseline.best(points).cutoff == 95.0   # the highest cut-off among equal F1


def test_baseline_reads_a_written_story(written):
    texts, sources, labels = baseline.load_story(written)
    assert len(texts) == SIZES["sources"] * SIZES["claims"]
    points = baseline.evaluate(texts, sources, labels)
    assert 0.0 < baseline.best(points).f1 <= 1.0
