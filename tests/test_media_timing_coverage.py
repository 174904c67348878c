"""First mention (documents and GDELT), coverage (attention share, distinctive words), and the media
report sections on the demo store and on an empty store."""

from __future__ import annotations

import datetime as dt
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

from lockstep.analyses.coverage import coverage_analysis
from lockstep.analyses.first_mention import first_mentions, gdelt_lags, query_plan
from lockstep.demo import demo_inputs
from lockstep.errors import InputError
from lockstep.ingest import ingest
from lockstep.outputs.media_report import sections
from lockstep.store.database import Store


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with Store(path) as store:
        ingest(store, demo_inputs())
    return path


def test_riverton_first_mentions_follow_the_planted_timing(demo_store: Path) -> None:
    plan, forms = query_plan(["Riverton", "Ривертон", "里弗顿"])
    with Store(demo_store, read_only=True) as store:
        result = first_mentions(store, plan, forms, event_date=dt.datetime(2026, 2, 10))
    order = [o.outlet_id for o in result.outlets]
    assert order[:2] == ["westria-wire", "free-north"]
    lags = {o.outlet_id: o.lag_hours for o in result.outlets}
    assert 70 < lags["eastmark-news-agency"] < 96  # +3 days
    assert lags["eastmark-daily"] > lags["eastmark-news-agency"]
    assert [r["outlet_id"] for r in result.never_mentioned] == ["eastmark-global-tv"]
    northwire = next(o for o in result.outlets if o.outlet_id == "northwire")
    assert northwire.language == "ru" and set(northwire.first_by_language) == {"ru", "en"}
    assert "Ривертон" in northwire.snippet


def test_gdelt_lags_respect_confidence(shared_data: Path, tmp_path: Path) -> None:
    with Store(tmp_path / "g.duckdb") as store:
        ingest(store, [str(shared_data / "gdelt" / "mentionssamp.csv")])
        loose = gdelt_lags(store, min_confidence=0)
        strict = gdelt_lags(store, min_confidence=100)
        raw = store.query(
            "SELECT source_name, (epoch(mention_time) - epoch(event_time)) / 3600.0 AS lag FROM gdelt_mentions "
            "WHERE source_name = 'rt.com'"
        )
    assert loose.mentions_used == 1635 and loose.mentions_below_confidence == 0
    assert strict.mentions_used + strict.mentions_below_confidence == 1635
    assert 0 < strict.mentions_used < 1635
    rt = next(s for s in loose.sources if s.source == "rt.com")
    assert rt.mentions == len(raw)
    assert sorted(rt.lags_hours) == sorted(round(r["lag"], 2) for r in raw)
    assert all(lag >= 0 for s in loose.sources for lag in s.lags_hours)


def test_attention_share_is_matching_over_all_documents(demo_store: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        before = coverage_analysis(store, "沃尔科夫", by="state", freq="year", where=_until("2026-03-15"))
        after = coverage_analysis(store, "Volkov", by="state", freq="year", where=_since("2026-03-15"))
        total_docs = store.scalar("SELECT count(*) FROM documents")
    assert before.entity["id"] == after.entity["id"] == "xnl-volkov"
    state_before = next(r for r in before.totals if r.group == "state-affiliated")
    state_after = next(r for r in after.totals if r.group == "state-affiliated")
    assert state_after.share > 2 * state_before.share  # type: ignore[operator]
    for row in before.totals + after.totals:
        assert math.isclose(row.share or 0, row.matching / row.documents, abs_tol=1e-4)
        assert len(row.doc_ids) == row.matching
    assert sum(r.documents for r in before.totals) + sum(r.documents for r in after.totals) == total_docs


def _until(day: str):  # type: ignore[no-untyped-def]
    from lockstep.store.lexicon_queries import DocumentFilter

    return DocumentFilter(until=dt.datetime.fromisoformat(day))


def _since(day: str):  # type: ignore[no-untyped-def]
    from lockstep.store.lexicon_queries import DocumentFilter

    return DocumentFilter(since=dt.datetime.fromisoformat(day))


def test_distinctive_words_compare_within_one_language(demo_store: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        result = coverage_analysis(
            store, "Volkov", compare_a=["northwire"], compare_b=["westria-wire"], words_language="en"
        )
        with pytest.raises(InputError):
            coverage_analysis(store, "Nobody Atall")
    d = result.distinctive
    assert d is not None and d.outlets_a == ["northwire"] and d.outlets_b == ["westria-wire"]
    assert all(w.z > 0 and w.count_a >= 3 for w in d.words_a)
    assert all(w.z < 0 and w.count_b >= 3 for w in d.words_b)
    assert "volkov" not in {w.term for w in d.words_a + d.words_b}  # the entity itself is not its context


def test_cli_first_mention_and_coverage(demo_store: Path, tmp_path: Path) -> None:
    cli = [sys.executable, "-m", "lockstep.cli", "--db", str(demo_store)]
    fm = subprocess.run(
        [
            *cli,
            "first-mention",
            "--lexicon",
            "demo-borderland",
            "--framing",
            "special-military-operation",
            "--png",
            str(tmp_path / "fm.png"),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    payload = json.loads(fm.stdout)
    assert {o["outlet_id"] for o in payload["outlets"][:2]} == {
        "northwire",
        "northland-today",
    }  # the term is Northland's
    assert {r["outlet_id"] for r in payload["never_mentioned"]} == {"free-north", "daily-roundup"}
    assert (tmp_path / "fm.png").read_bytes()[:4] == b"\x89PNG"
    cov = subprocess.run(
        [*cli, "coverage", "--entity", "Волков", "--json"], capture_output=True, text=True, check=True
    )
    assert json.loads(cov.stdout)["entity"]["id"] == "xnl-volkov"
    both = subprocess.run(
        [*cli, "first-mention", "--query", "x", "--lexicon", "demo-borderland", "--framing", "war"],
        capture_output=True,
        text=True,
    )
    assert both.returncode == 2 and "--query" in both.stderr


def test_report_sections_on_demo_and_empty_store(demo_store: Path, tmp_path: Path) -> None:
    with Store(demo_store, read_only=True) as store:
        found = {s.id: s for s in sections(store)}
    assert set(found) == {"framing", "first-mention", "coverage", "citations"}
    assert found["framing"].figures and found["citations"].tables and found["coverage"].tables
    with Store(tmp_path / "empty.duckdb") as store:
        empty = sections(store)
    assert all(s.notes and not s.figures for s in empty)
