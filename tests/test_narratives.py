"""Narratives: definitions, matching, propagation, cross-lingual claim matching, the CLI and report.

Synthetic checks run on the demo store (built once per module in tmp); real-data checks read
../shared/data (EUvsDisinfo cases, the multilingual propaganda cases) and skip without it.
"""

from __future__ import annotations

import importlib.util
import itertools
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from lockstep.analyses.narratives import match_narrative
from lockstep.analyses.propagation import document_languages, parse_groups, propagation
from lockstep.analyses.similar import recall_from_scores, similar_documents
from lockstep.errors import InputError
from lockstep.ingest import ingest, seed_catalogue
from lockstep.outputs.narratives_report import sections
from lockstep.sources.base import SourceOptions
from lockstep.store.database import Store
from lockstep.text.claims import (
    claim_features,
    comparable_length,
    concept_index,
    length_penalty,
    similarity,
    uk_stem,
)
from lockstep.text.embedder import load_embedder
from lockstep.text.narratives import available_narratives, load_narratives
from lockstep.text.translit import name_key

ROOT = Path(__file__).resolve().parents[1]
DEMO_DATA = ROOT / "src" / "lockstep" / "demo_data"
LOCKSTEP = [sys.executable, "-m", "lockstep.cli"]


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("narratives") / "demo.duckdb"
    with Store(path) as store:
        ingest(store, [str(p) for p in sorted(DEMO_DATA.iterdir()) if p.name != "README.md"])
    return path


def _demo_matches(path: Path, narrative: str = "demo-borderland-biolabs"):  # type: ignore[no-untyped-def]
    with Store(path, read_only=True) as store:
        return match_narrative(store, load_narratives(narrative)[0], limit=None)


# ------------------------------------------------------------------------------------------
# definitions


def test_bundled_narratives_load_and_cover_required_claims_and_languages() -> None:
    ids = set(available_narratives())
    assert {"us-biolabs-ukraine", "bucha-staged", "xinjiang-vocational-schools", "nato-provoked-war"} <= ids
    for narrative in load_narratives():
        languages = {f.language for g in narrative.groups for f in g.forms}
        if not narrative.id.startswith("demo-"):
            assert {"en", "ru", "zh", "uk", "de", "it"} <= languages, narrative.id


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("narrative: Bad Id\nconcepts: {all_of: [{id: a, forms: {en: [x]}}]}", "id"),
        ("narrative: ok\nconcepts: {none_of: [{id: a, forms: {en: [x]}}]}", "all_of or any_of"),
        ("narrative: ok\nconcepts: {all_of: [{id: a}]}", "forms"),
        ("narrative: ok\nconcepts: {all_of: [{id: a, forms: {english: [x]}}]}", "language code"),
        ("narrative: ok\nsince: yesterday\nconcepts: {all_of: [{id: a, forms: {en: [x]}}]}", "ISO date"),
        ("[unclosed", "YAML"),
    ],
)
def test_bad_definitions_are_refused_with_a_reason(tmp_path: Path, text: str, reason: str) -> None:
    path = tmp_path / "n.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError, match=reason):
        load_narratives(str(path))


# ------------------------------------------------------------------------------------------
# text helpers


def test_transliteration_keys_agree_across_scripts_and_spellings() -> None:
    assert name_key("Навальный", "ru") == name_key("Navalny", "en") == name_key("Nawalny", "de")
    assert name_key("Зеленский", "ru") == name_key("Zelenskyy", "en")
    assert name_key("Луганськ", "uk") == name_key("Luhansk", "en") == name_key("Lugansk", "en")
    assert name_key("конфликт", "ru") == name_key("conflict", "en")
    assert name_key("Putin") != name_key("Navalny")


def test_concepts_match_inflections_in_every_language() -> None:
    index = concept_index()
    cases = {
        "en": "NATO expansion and the sanctions",
        "ru": "расширения НАТО и санкциями",
        "uk": "розширення НАТО та санкціями",
        "de": "die Erweiterung der NATO und Sanktionen",
        "it": "l'espansione della NATO e le sanzioni",
        "zh": "北约东扩和制裁",
    }
    for language, text in cases.items():
        features = claim_features(text, language, index)
        assert {"c:nato", "c:sanctions", "c:alliance-expansion"} <= set(features), (language, features)
    assert uk_stem("санкціями") == uk_stem("санкції")


def test_cross_lingual_ranking_finds_the_parallel_text() -> None:
    english = [
        "In 2014 the coup in Kyiv brought neo-Nazis to power, Navalny said nothing.",
        "The European Union imposed sanctions that cost Italy 12 billion euros.",
        "Western media lie about the Xinjiang vocational training centres.",
    ]
    russian = [
        "Санкции Евросоюза обошлись Италии в 12 миллиардов евро.",
        "СМИ Запада лгут о центрах профессионального обучения в Синьцзяне.",
        "В 2014 году переворот в Киеве привёл к власти неонацистов, Навальный промолчал.",
    ]
    index = concept_index()
    scores = similarity(
        [claim_features(t, "en", index) for t in english], [claim_features(t, "ru", index) for t in russian]
    )
    assert [int(row.argmax()) for row in scores] == [2, 0, 1]
    assert recall_from_scores(scores, [(0, 2), (1, 0), (2, 1)], (1,)) == {1: 1.0}


def test_german_compounds_carry_the_concepts_of_their_parts() -> None:
    index = concept_index()
    features = claim_features("Seitdem herrscht ein Bürgerkrieg; das Biowaffenlabor ist geheim.", "de", index)
    assert {"c:war", "c:biological", "c:laboratory"} <= set(features), features
    assert "c:war" not in claim_features("Since then there is a civil peace.", "en", index)


def test_length_penalty_prefers_the_translation_of_equal_length_and_is_capped() -> None:
    english = comparable_length("x" * 200, "en")
    german = [comparable_length("x" * n, "de") for n in (222, 444, 4440)]
    penalty = length_penalty([english], german)[0]
    assert penalty[0] < 0.01 < penalty[1] <= penalty[2]
    assert float(penalty[2]) == pytest.approx(0.1)  # 20× longer costs no more than 1.65× does


def test_recall_counts_ties_against_the_query() -> None:
    import numpy as np

    scores = np.array([[0.5, 0.5], [0.1, 0.9]])
    assert recall_from_scores(scores, [(0, 0), (1, 1)], (1, 2)) == {1: 0.5, 2: 1.0}


# ------------------------------------------------------------------------------------------
# matching and propagation on the demo corpus (planted: demo_data/README.md)


def test_demo_biolab_claim_matches_its_planted_documents_with_evidence(demo_store: Path) -> None:
    result = _demo_matches(demo_store)
    outlets = {(m.outlet, m.language) for m in result.documents}
    assert ("Northwire", "ru") in outlets and ("Eastmark Global TV", "zh") in outlets
    assert result.total == 9  # 10 planted biolab stories, the Westria Wire fact check left out
    assert result.excluded == 1
    for m in result.documents:
        assert "biolab" in m.concepts and m.matched_text["biolab"]
        assert m.score >= 0.6 and m.snippet
    with Store(demo_store, read_only=True) as store:
        for narrative in load_narratives():
            if not narrative.id.startswith("demo-"):
                assert match_narrative(store, narrative).total == 0  # fictional corpus: no real claim


def test_demo_propagation_shows_the_planted_cascade_and_lag(demo_store: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        matches = match_narrative(store, load_narratives("demo-borderland-biolabs")[0], limit=None)
        result = propagation(store, matches, groups=parse_groups("N:state-ru,E:state-zh"))
    cascade = [(d.outlet, d.published_at.strftime("%m-%d")) for d in result.cascade]
    assert cascade == [
        ("Northwire", "04-20"),
        ("Northland Today", "04-21"),
        ("Eastmark News Agency", "04-23"),
        ("Eastmark Daily", "04-24"),
        ("Eastmark Global TV", "04-26"),
    ]
    assert [f.key for f in result.first_by["language"]] == ["ru", "en", "zh"]
    (lag,) = result.group_lags
    assert lag.first_lag_days is not None and 2.5 < lag.first_lag_days < 3.0  # 04-20 06:48 → 04-23 03:43
    assert lag.pairs == 4 and lag.median_lag_days is not None and 1 < lag.median_lag_days < 7
    assert all(e["source_at"] <= e["target_at"] for e in lag.evidence)


def test_group_selectors_and_language_fields() -> None:
    (a, b) = parse_groups("A:state-ru,B:nonstate-XWR-outlet=westria-wire")
    assert (a.state, a.language, a.country) == (True, "ru", None)
    assert (b.state, b.country, b.outlet) == (False, "XWR", "westria-wire")
    with pytest.raises(InputError):
        parse_groups("A:state-Moscow")
    assert document_languages("en", '{"languages": "German+Russian"}', "extra.languages") == ["de", "ru"]
    assert document_languages("en", None, None) == ["en"]


def test_similar_finds_the_same_claim_in_other_languages(demo_store: Path) -> None:
    first = _demo_matches(demo_store).documents[0]
    with Store(demo_store, read_only=True) as store:
        result = similar_documents(store, first.id, limit=5)
    assert result.results and all(r.language != first.language for r in result.results)
    top = result.results[0]
    assert "biological" in top.why["concepts"] or "laboratory" in top.why["concepts"]


def test_report_section_on_demo_and_empty_store(demo_store: Path, tmp_path: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        (section,) = sections(store)
    assert section.figures and any("cascade" in t.caption for t in section.tables)
    with Store(tmp_path / "empty.duckdb") as store:
        (empty,) = sections(store)
    assert not empty.figures and any("nothing to show" in n for n in empty.notes)


def test_embedder_refuses_missing_model_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no model folder"):
        load_embedder(f"st:{tmp_path / 'absent'}")
    with pytest.raises(InputError, match="expected"):
        load_embedder("http://example.org/model")
    assert load_embedder(None) is None


# ------------------------------------------------------------------------------------------
# CLI end to end


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    return subprocess.run(
        [*LOCKSTEP, *args], capture_output=True, text=True, env=env, timeout=300, check=False
    )


def test_cli_match_similar_propagation_json(demo_store: Path, tmp_path: Path) -> None:
    db = str(demo_store)
    matched = _run("--db", db, "narratives", "match", "--narrative", "demo-borderland-biolabs", "--json")
    assert matched.returncode == 0, matched.stderr
    (narrative,) = json.loads(matched.stdout)["narratives"]
    assert narrative["total"] == 9 and narrative["documents"][0]["matched_text"]
    similar = _run("--db", db, "narratives", "similar", narrative["documents"][0]["id"], "--json")
    assert similar.returncode == 0 and json.loads(similar.stdout)["results"]
    png = tmp_path / "cascade.png"
    spread = _run(
        "--db", db, "propagation", "--narrative", "demo-borderland-biolabs", "--groups", "A:state-ru,B:state-zh",
        "--png", str(png), "--json",
    )  # fmt: skip
    assert spread.returncode == 0, spread.stderr
    data = json.loads(spread.stdout)
    assert data["first"]["outlet"] == "Northwire" and data["group_lags"][0]["pairs"] == 4
    assert png.read_bytes().startswith(b"\x89PNG")
    bad = _run("--db", db, "propagation", "--narrative", "no-such-narrative")
    assert bad.returncode == 2 and "no-such-narrative" in bad.stderr


# ------------------------------------------------------------------------------------------
# real data


def test_euvsdisinfo_biolab_history(shared_data: Path, tmp_path: Path) -> None:
    """The biolab claim in EUvsDisinfo 2015–Feb 2021: it starts in Russian outlets (2016, labs
    in Georgia and Kazakhstan), reaches Ukraine-specific cases in 2017, and peaks in 2020 with
    the pandemic, carried in a dozen languages (see docs/narratives.md)."""
    # Only rows that could name a laboratory or a weapon are ingested (the narrative's all-of
    # group needs one), which keeps the test fast; the matcher still decides on every row kept.
    source = (
        (shared_data / "euvsdisinfo_cases" / "posts.csv")
        .read_text(encoding="utf-8")
        .splitlines(keepends=True)
    )
    kept = [source[0]] + [
        line for line in source[1:] if re.search(r"(?i)bio|lab|weapon|lugar|bacterio", line)
    ]
    subset = tmp_path / "posts.csv"
    subset.write_text("".join(kept), encoding="utf-8")
    with Store(tmp_path / "eu.duckdb") as store:
        seed_catalogue(store)
        ingest(store, [str(subset)], options=SourceOptions(mapping={"outlet": "outlets[+]"}))
        matches = match_narrative(store, load_narratives("us-biolabs-ukraine")[0], limit=None)
        result = propagation(store, matches, language_field="extra.languages")
    assert result.first is not None and result.first.published_at.year == 2016
    assert result.first.languages == ["ru"]
    years = [d.published_at.year for d in result.timeline]
    assert max(set(years), key=years.count) == 2020
    assert years.count(2020) > 0.7 * len(years)
    languages = [f.key for f in result.first_by["language"]]
    assert languages[0] == "ru" and {"en", "de", "it", "fr", "ar"} <= set(languages)
    ukraine = [m for m in matches.documents if "ukraine" in m.concepts]
    assert min(m.published_at for m in ukraine if m.published_at).year == 2017
    assert 150 <= result.documents <= 230


def _benchmark_module():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "narratives_benchmark", ROOT / "benchmarks" / "narratives.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through it
    spec.loader.exec_module(module)
    return module


#: Held-out recall@1 measured when the matcher was frozen (docs/narratives.md), minus a margin
#: of 0.03 so that only a real regression fails.
HELD_OUT_FLOOR = {("en", "ru"): 0.80, ("ru", "en"): 0.77, ("en", "de"): 0.78, ("de", "en"): 0.78}


def test_cross_lingual_recall_on_held_out_propaganda_cases(shared_data: Path) -> None:
    bench = _benchmark_module()
    cases = bench.load_parallel_cases(shared_data / "propaganda_cases_multilingual")
    assert cases.parallel["de"].count(None) == 1  # the German file lacks one record
    index = concept_index()
    features = {
        lang: [claim_features(t, lang, index) for t in cases.texts[lang]] for lang in ("en", "ru", "de")
    }
    lengths = {lang: [comparable_length(t, lang) for t in cases.texts[lang]] for lang in features}
    for (a, b), floor in HELD_OUT_FLOOR.items():
        pairs = bench.pair_indices(cases, a, b, "heldout")
        assert len(pairs) > 250
        scores = similarity(features[a], features[b], query_lengths=lengths[a], candidate_lengths=lengths[b])
        recall = recall_from_scores(scores, pairs, (1, 5))
        assert recall[1] >= floor, (a, b, recall)
        assert recall[5] >= 0.9, (a, b, recall)
    assert not set(itertools.chain(bench.pair_indices(cases, "en", "ru", "dev"))) & set(
        bench.pair_indices(cases, "en", "ru", "heldout")
    )
