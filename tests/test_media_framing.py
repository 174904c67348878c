"""Framing: the lexicon engine (pure), the analysis on the demo corpus and on real Telegram posts, the CLI."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from lockstep.analyses.framing import framing_analysis, never_uses
from lockstep.demo import demo_inputs
from lockstep.errors import InputError
from lockstep.ingest import ingest, seed_catalogue
from lockstep.store.database import Store
from lockstep.store.lexicon_queries import DocumentFilter
from lockstep.text.lexicon import (
    available_lexicons,
    compile_form,
    find_form_span,
    load_lexicon,
    match_plan,
    parse_lexicon,
)
from lockstep.text.tokens import tokenize


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as store:
        ingest(store, demo_inputs())
    return path


def _matches(form: str, language: str, text: str) -> bool:
    plan = match_plan([compile_form(form, language)])
    lemmas = " " + " ".join(tokenize(text, language)) + " "
    return re.search(plan.pattern, lemmas) is not None


def test_forms_match_inflections_and_abbreviations() -> None:
    assert _matches("специальная военная операция", "ru", "в ходе специальной военной операции")
    assert _matches("полномасштабное вторжение", "ru", "с начала полномасштабного вторжения России")
    assert _matches("СВО", "ru", "участники СВО вернулись")
    assert _matches("full-scale invasion", "en", "since the full-scale invasions began")
    assert not _matches("специальная военная операция", "ru", "специальной операции военных")
    assert not _matches("invasion of Ukraine", "en", "the invasion of Kursk")


def test_chinese_form_matches_whatever_the_segmentation() -> None:
    plan = match_plan([compile_form("特别军事行动", "zh")])
    for segmented in (" 特别 军事行动 ", " 特别军事行动 ", " 特别 军事 行动 "):
        assert re.search(plan.pattern, segmented)
    assert not re.search(plan.pattern, " 独特 别军事行动 ")
    assert {"特", "特别", "特别军事行动"} <= set(plan.candidate_terms)


def test_form_span_points_at_the_inflected_words() -> None:
    text = "Вчера. Цели специальной военной операции не изменились."
    start, end = find_form_span(text, [compile_form("специальная военная операция", "ru")], "ru")
    assert text[start:end] == "специальной военной операции"


def test_bundled_lexicons_cover_the_required_topics_in_three_languages() -> None:
    names = set(available_lexicons())
    assert {"ukraine-war", "xinjiang", "taiwan", "us-biolabs"} <= names
    for name in ("ukraine-war", "xinjiang", "taiwan", "us-biolabs"):
        lexicon = load_lexicon(name)
        for topic in lexicon.topics:
            for framing in topic.framings:
                assert {"en", "ru", "zh"} <= {f.language for f in framing.forms}, (name, framing.id)
    framings = {f.id for f in load_lexicon("ukraine-war").topics[0].framings}
    assert framings == {"invasion", "war", "special-military-operation", "crisis-conflict"}


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        ({"topics": []}, "non-empty `topics`"),
        ({"topics": [{"id": "Bad Id", "framings": []}]}, "`id` must be"),
        ({"topics": [{"id": "t", "framings": [{"id": "f", "forms": {"en": "war"}}]}]}, "list of non-empty"),
        ({"topics": [{"id": "t", "framings": [{"id": "f", "forms": {"en": ["..."]}}]}]}, "has no words"),
        (
            {
                "topics": [
                    {
                        "id": "t",
                        "framings": [
                            {"id": "f", "forms": {"en": ["a"]}},
                            {"id": "f", "forms": {"en": ["b"]}},
                        ],
                    }
                ]
            },
            "duplicate",
        ),
    ],
)
def test_bad_lexicons_are_refused_with_a_reason(data: dict, reason: str) -> None:
    with pytest.raises(InputError, match=re.escape(reason)):
        parse_lexicon(data, "bad.yaml")


def test_never_uses_rule() -> None:
    assert never_uses(0, 20, 30, 100, 10, 0.05)  # 0.7^20 ≈ 0.0008
    assert not never_uses(0, 5, 30, 100, 10, 0.05)  # too few topic documents
    assert not never_uses(0, 20, 1, 100, 10, 0.05)  # 0.99^20 ≈ 0.82: silence is unremarkable
    assert not never_uses(0, 20, 0, 100, 10, 0.05)  # nobody else uses it either
    assert not never_uses(1, 20, 30, 100, 10, 0.05)


def test_demo_planted_framing_pattern(demo_store: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        result = framing_analysis(store, load_lexicon("demo-borderland"))
    totals = {row.group: {c.framing: c for c in row.framings} for row in result.totals}
    for northland in ("northwire", "northland-today"):
        assert totals[northland]["invasion"].documents == 0
        assert totals[northland]["invasion"].never_uses
        assert totals[northland]["special-military-operation"].share == 1.0
    assert totals["westria-wire"]["invasion"].documents > 20
    assert not totals["westria-wire"]["invasion"].never_uses

    # Eastmark's drift: no Northland term before the 2026-03-15 summit, a growing share after it
    with Store(demo_store, read_only=True) as store:
        before = framing_analysis(
            store, load_lexicon("demo-borderland"), where=DocumentFilter(until=_day("2026-03-15"))
        )
        after = framing_analysis(
            store, load_lexicon("demo-borderland"), where=DocumentFilter(since=_day("2026-03-15"))
        )
    eastmark = ("eastmark-daily", "eastmark-news-agency", "eastmark-global-tv")

    def smo(result_: object, group: str) -> int:
        row = next(r for r in result_.totals if r.group == group)  # type: ignore[attr-defined]
        return next(c.documents for c in row.framings if c.framing == "special-military-operation")

    assert sum(smo(before, g) for g in eastmark) == 0
    assert sum(smo(after, g) for g in eastmark) >= 20
    # every cell carries its evidence: ids, and snippets that contain a form
    cell = totals["eastmark-daily"]["special-military-operation"]
    assert len(cell.doc_ids) == cell.documents
    assert cell.examples
    for example in cell.examples:
        assert "特别军事行动" in example.snippet or "special military operation" in example.snippet.casefold()


def _day(text: str):  # type: ignore[no-untyped-def]
    import datetime as dt

    return dt.datetime.fromisoformat(text)


def test_telegram_ria_and_shot_never_say_invasion_bbc_does(shared_data: Path, tmp_path: Path) -> None:
    db = tmp_path / "tg.duckdb"
    with Store(db) as store:
        seed_catalogue(store)
        ingest(store, [str(shared_data / "telegram_ru")])
        result = framing_analysis(store, load_lexicon("ukraine-war"))
    totals = {row.group: {c.framing: c for c in row.framings} for row in result.totals}
    for state_outlet in ("ria-novosti", "shot"):
        assert totals[state_outlet]["invasion"].documents == 0
        assert totals[state_outlet]["invasion"].never_uses
    assert totals["bbc-russian"]["invasion"].documents >= 20
    assert not totals["bbc-russian"]["invasion"].never_uses
    ria = totals["ria-novosti"]["special-military-operation"].share
    bbc = totals["bbc-russian"]["special-military-operation"].share
    assert ria is not None and bbc is not None and ria > bbc
    # the evidence of BBC's invasion framing says so
    assert any("вторжен" in e.snippet.casefold() for e in totals["bbc-russian"]["invasion"].examples)


def test_framing_cli_json_and_png(demo_store: Path, tmp_path: Path) -> None:
    lexicon = tmp_path / "mine.yaml"
    lexicon.write_text(
        yaml.safe_dump(
            {
                "topics": [
                    {
                        "id": "summit",
                        "framings": [
                            {"id": "summit", "forms": {"en": ["summit"], "zh": ["峰会"]}},
                            {"id": "biolab", "forms": {"ru": ["биолаборатория"], "zh": ["生物实验室"]}},
                        ],
                    }
                ]
            },
            allow_unicode=True,
        ),
        encoding="utf-8",
    )
    png = tmp_path / "shares.png"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "lockstep.cli",
            "--db",
            str(demo_store),
            "framing",
            "--lexicon",
            str(lexicon),
            "--freq",
            "week",
            "--png",
            str(png),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    payload = json.loads(proc.stdout)
    assert payload["parameters"]["freq"] == "week"
    assert {c["framing"] for c in payload["totals"][0]["framings"]} == {"summit", "biolab"}
    biolab_docs = sum(
        c["documents"] for r in payload["totals"] for c in r["framings"] if c["framing"] == "biolab"
    )
    assert biolab_docs > 0
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    bad = subprocess.run(
        [
            sys.executable,
            "-m",
            "lockstep.cli",
            "--db",
            str(demo_store),
            "framing",
            "--lexicon",
            "demo-borderland",
            "--by",
            "planet",
        ],
        capture_output=True,
        text=True,
    )
    assert bad.returncode == 2 and "--by" in bad.stderr
