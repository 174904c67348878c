"""Diplomacy: country names, UN votes (both layouts), statements, events, GDELT events, the three
analyses and their commands, on self-written fixtures and the real data in ../shared/data."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import pytest

from lockstep.analyses.alignment import agreement_counts, alignment
from lockstep.analyses.chronology import timeline, timelinejs
from lockstep.analyses.reciprocity import merged_targets, reciprocity
from lockstep.ingest import ingest
from lockstep.model import Event, Rejected
from lockstep.sources import detect_format
from lockstep.sources.base import SourceOptions
from lockstep.sources.events import parse_event_date
from lockstep.sources.gdelt_events import cameo_kind
from lockstep.sources.targets import bundled_targets
from lockstep.sources.un_votes import normalise_resolution
from lockstep.store.database import Store
from lockstep.text.countries import country_code, name_key

FIXTURES = Path(__file__).parent / "fixtures" / "diplomacy"
DEMO = Path(__file__).resolve().parents[1] / "src" / "lockstep" / "demo_data"


# -- country names ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Dem. Rep. Congo", "COD"), ("Congo", "COG"), ("S. Sudan", "SSD"), ("Bosnia-Herzegovina", "BIH"),
        ("DPRK", "PRK"), ("Türkiye", "TUR"), ("Turkey", "TUR"), ("RU", "RUS"), ("RUS", "RUS"),
        ("Россия", "RUS"), ("俄罗斯", "RUS"), ("中国", "CHN"), ("КНДР", "PRK"), ("Côte d’Ivoire", "CIV"),
        ("Cote d'Ivoire", "CIV"), ("St. Vincent & Grenadines", "VCT"), ("USSR", "SUN"), ("Yugoslavia", "YUG"),
        ("Czechoslovakia", "CSK"), ("German Democratic Republic", "DDR"), ("Yemen People's Republic", "YMD"),
        ("Federal Republic of Germany", "DEU"), ("Yemen Arab Republic", "YEM"), ("Zanzibar", "XZB"),
        ("XNL", "XNL"), ("the Gambia", "GMB"),
    ],
)  # fmt: skip
def test_country_names_resolve(name: str, code: str) -> None:
    assert country_code(name) == code


def test_unknown_and_ambiguous_names_are_not_guessed() -> None:
    assert country_code("Atlantis") is None
    assert country_code("Korea") is None
    assert name_key("  The  Bahamas ") == name_key("bahamas")


def test_every_country_name_in_the_real_lists_resolves(shared_data: Path) -> None:
    files = [
        *(shared_data / "un_votes_ukraine").glob("*.csv"),
        *(shared_data / "xinjiang_statements").glob("*signatories*.csv"),
        *(shared_data / "xinjiang_statements").glob("hrc51*.csv"),
    ]
    names = {row["country"] for path in files for row in csv.DictReader(path.open(encoding="utf-8"))}
    assert len(names) > 150
    assert sorted(n for n in names if country_code(n) is None) == []


# -- sources ----------------------------------------------------------------------------------


def test_resolution_symbols_are_normalised() -> None:
    assert normalise_resolution("R/68/262") == "A/RES/68/262"
    assert normalise_resolution("68/262") == "A/RES/68/262"
    assert normalise_resolution("ES-11/1") == "A/RES/ES-11/1"
    assert normalise_resolution("ESS/11/1") == "A/RES/ES-11/1"
    assert normalise_resolution("A/HRC/51/L.6") == "A/HRC/51/L.6"


def test_event_dates_keep_their_precision() -> None:
    assert parse_event_date("2021")[1] == "year"
    assert parse_event_date("2021-06")[1] == "month"
    assert parse_event_date("2021-06-14")[1] == "day"
    with pytest.raises(ValueError):
        parse_event_date("June 2021")


def test_cameo_codes_map_to_kinds() -> None:
    assert cameo_kind("042")[0] == cameo_kind("043")[0] == "visit"
    assert cameo_kind("036")[0] == cameo_kind("040")[0] == "meeting"
    assert cameo_kind("051")[1] == cameo_kind("052")[1] == "supports"
    assert cameo_kind("057")[0] == "joint_statement"
    assert cameo_kind("112")[1] == "opposes"


def _ingest(tmp_path: Path, *inputs: str) -> Path:
    db = tmp_path / "d.duckdb"
    with Store(db) as store:
        ingest(store, list(inputs))
    return db


def test_ukraine_votes_real_checks(tmp_path: Path, shared_data: Path) -> None:
    db = _ingest(tmp_path, str(shared_data / "un_votes_ukraine"))
    with Store(db, read_only=True) as store:
        counts = {
            (r["resolution"], r["position"]): r["n"]
            for r in store.query("SELECT resolution, position, count(*) AS n FROM votes GROUP BY ALL")
        }
        positions = {
            (r["resolution"], r["country"]): r["position"]
            for r in store.query(
                "SELECT resolution, country, position FROM votes WHERE country IN ('RUS', 'CHN')"
            )
        }
        dates = {
            r["resolution"]: r["date"].isoformat()
            for r in store.query("SELECT DISTINCT resolution, date FROM votes")
        }
    assert [counts[("A/RES/68/262", p)] for p in ("yes", "no", "abstain")] == [100, 11, 58]
    assert [counts[("A/RES/ES-11/1", p)] for p in ("yes", "no", "abstain", "absent")] == [141, 5, 35, 12]
    for resolution in ("A/RES/68/262", "A/RES/ES-11/1"):
        assert positions[(resolution, "RUS")] == "no"
        assert positions[(resolution, "CHN")] == "abstain"
    assert dates == {"A/RES/68/262": "2014-03-27", "A/RES/ES-11/1": "2022-03-02"}  # from the targets table


def test_statements_keep_completeness_and_reciprocity_on_real_data(tmp_path: Path, shared_data: Path) -> None:
    db = _ingest(tmp_path, str(shared_data / "xinjiang_statements"), str(shared_data / "un_votes_ukraine"))
    with Store(db, read_only=True) as store:
        partial = store.query(
            "SELECT statement, count(*) AS n, any_value(completeness) AS c FROM signatures "
            "WHERE statement = 'HRC41_supportive_letter_initial' GROUP BY statement"
        )[0]
        l6 = store.query(
            "SELECT country, position, completeness FROM votes WHERE resolution = 'A/HRC/51/L.6'"
        )
        targets = merged_targets(store, bundled_targets())
        strict = reciprocity(store, targets, a="RUS", b="CHN")
        lenient = reciprocity(store, targets, a="Russia", b="China", abstain_counts_as_support=True)
    assert partial["n"] == 22 and "22_of_37" in partial["c"]
    assert {r["position"] for r in l6} == {"no", "abstain"} and all(r["completeness"] for r in l6)
    assert ("CHN", "no") in {(r["country"], r["position"]) for r in l6}
    assert strict.pairs == []  # China abstained: not support unless the parameter says so
    (pair,) = lenient.pairs
    first = pair.exchanges[0]
    assert (first.first_mover, first.first_issue, first.first_date) == ("CHN", "ukraine", "2014-03-27")
    assert (first.second_mover, first.second_issue) == ("RUS", "xinjiang")
    evidence = {s.ref for d in pair.directions for s in d.evidence}
    assert {"A/RES/68/262", "A/RES/ES-11/1", "HRC41_supportive_letter_initial"} <= evidence


def test_unknown_country_is_rejected_with_file_and_row(tmp_path: Path) -> None:
    path = tmp_path / "votes.csv"
    path.write_text(
        "resolution,country,vote\n68/262,Atlantis,yes\n68/262,Albania,yes\n68/262,Albania,maybe\n"
    )
    fmt = detect_format(path)
    assert fmt is not None and fmt.name == "votes-csv"
    records = list(fmt.read(path, SourceOptions()))
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert [(r.source_record, r.reason) for r in rejected] == [
        ("line 2", "unknown country name 'Atlantis'"),
        ("line 4", "unknown vote 'maybe'"),
    ]


def test_event_without_source_is_rejected(tmp_path: Path) -> None:
    path = tmp_path / "events.yaml"
    path.write_text(
        "events:\n"
        "  - {date: 2021-06, kind: interview, actors: [Russia], stance: supports, target: China, issue: xinjiang,"
        " sources: [https://example.org/a]}\n"
        "  - {date: 2021-06-14, kind: visit, actors: [Russia]}\n"
        "  - {date: 2021, kind: dinner, actors: [Russia], sources: [https://example.org/b]}\n"
    )
    fmt = detect_format(path)
    assert fmt is not None and fmt.name == "events"
    first, second, third = fmt.read(path, SourceOptions())
    assert (
        isinstance(first, Event)
        and first.precision == "month"
        and first.actors == ["RUS"]
        and first.target == "CHN"
    )
    assert isinstance(second, Rejected) and second.reason.startswith("event without a source")
    assert isinstance(third, Rejected) and "kind 'dinner'" in third.reason


def test_gdelt_events_link_to_mentions(tmp_path: Path) -> None:
    db = _ingest(
        tmp_path, str(FIXTURES / "gdelt_events.export.CSV"), str(FIXTURES / "gdelt_mentions.mentions.CSV")
    )
    with Store(db, read_only=True) as store:
        result = timeline(store, actor="XNL")
        rejected = store.query("SELECT source_record, reason FROM rejections ORDER BY source_record")
    kinds = {e.kind for e in result.events}
    assert {"visit", "statement", "joint_statement"} <= kinds
    visit = next(e for e in result.events if e.kind == "visit")
    assert visit.mentions == 2 and visit.sources[0].url == "https://northwire.example/2026/04/orlov-visit"
    praise = next(e for e in result.events if e.title and "CAMEO 051" in e.title)
    assert (praise.stance, praise.target) == ("supports", "XEM")
    assert [r["source_record"] for r in rejected] == ["line 5", "line 6"]  # no SOURCEURL; bad SQLDATE


# -- analyses ---------------------------------------------------------------------------------


def test_agreement_counts_strict_and_half() -> None:
    import numpy as np

    codes = np.array([[1, 1, 2, 3, 0], [1, 2, 2, 1, 3]], dtype=np.int8)  # yes=1 abstain=2 no=3, 0 = not cast
    same, joint = agreement_counts(codes, "strict")
    assert joint[0, 1] == 4 and same[0, 1] == 2  # column 5: one did not vote
    same_half, _ = agreement_counts(codes, "half")
    assert same_half[0, 1] == 2.5  # the yes/abstain pair counts one half


def test_demo_diplomacy(tmp_path: Path) -> None:
    db = _ingest(
        tmp_path, *(str(DEMO / n) for n in ("diplomacy_votes.csv", "diplomacy_targets.yaml",
        "diplomacy_statements.csv", "diplomacy_signatories.csv", "diplomacy_events.yaml"))
    )  # fmt: skip
    with Store(db, read_only=True) as store:
        result = alignment(store, countries=["XNL", "XEM", "XWR", "XBL"], by_year=True)
        recip = reciprocity(store, merged_targets(store, []))
        chronology = timeline(store)
        absent = store.scalar("SELECT count(*) FROM votes WHERE position = 'absent'")
    top = result.pairs[0]
    assert {top.a, top.b} in ({"XNL", "XEM"}, {"XWR", "XBL"}) and top.agreement > 0.8
    assert absent == 1 and result.votes == 143  # the absent row is stored, not cast
    assert any({"XNL", "XEM"} == set(b) for b in result.blocs)
    assert [(p.a, p.b) for p in recip.pairs] == [("XEM", "XNL")]
    issues = {
        (e.first_mover, e.first_issue, e.second_mover, e.second_issue) for e in recip.pairs[0].exchanges
    }
    assert ("XEM", "borderland", "XNL", "tashar") in issues
    slides = timelinejs(chronology)["events"]
    assert len(slides) == chronology.total == 10
    month_only = next(s for s in slides if "Chen Ming tells" in s["text"]["headline"])
    assert month_only["start_date"] == {"year": "2026", "month": "3"}


def test_commands_end_to_end(tmp_path: Path) -> None:
    db = _ingest(
        tmp_path,
        str(DEMO / "diplomacy_votes.csv"),
        str(DEMO / "diplomacy_events.yaml"),
        str(DEMO / "diplomacy_targets.yaml"),
    )
    base = [sys.executable, "-m", "lockstep.cli", "--db", str(db)]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*base, *args], capture_output=True, text=True, timeout=120)

    export = tmp_path / "tl.json"
    png = tmp_path / "tl.png"
    done = run("timeline", "--actor", "XNL", "--export-timelinejs", str(export), "--png", str(png), "--json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["total"] >= 5 and json.loads(export.read_text())["events"]
    assert png.read_bytes()[:4] == b"\x89PNG"
    done = run("alignment", "--countries", "XNL,XEM,XWR", "--variant", "half", "--json")
    assert done.returncode == 0, done.stderr
    assert {p["a"] + p["b"] for p in json.loads(done.stdout)["pairs"]} == {"XNLXEM", "XEMXWR", "XNLXWR"}
    done = run("reciprocity", "--a", "XNL", "--b", "XEM", "--json")
    assert done.returncode == 0 and json.loads(done.stdout)["pairs"][0]["exchanges"]
    bad = run("alignment", "--countries", "Atlantis")
    assert bad.returncode == 2 and "Atlantis" in bad.stderr


def test_bundled_case_file_is_sourced_and_feeds_reciprocity(tmp_path: Path, shared_data: Path) -> None:
    case = Path(__file__).resolve().parents[1] / "src" / "lockstep" / "casefiles" / "xinjiang_ukraine.yaml"
    db = _ingest(tmp_path, str(case), str(shared_data / "un_votes_ukraine"))
    with Store(db, read_only=True) as store:
        events = timeline(store).events
        result = reciprocity(store, merged_targets(store, bundled_targets()), a="RUS", b="CHN")
    assert len(events) >= 8 and all(
        s.url and s.url.startswith(("http://", "https://")) for e in events for s in e.sources
    )
    interview = next(e for e in events if e.kind == "interview")
    assert (interview.actors[0], interview.stance, interview.target, interview.issue) == (
        "RUS",
        "supports",
        "CHN",
        "xinjiang",
    )
    (pair,) = (
        result.pairs
    )  # Russia backs China on Xinjiang; China backs Russia in the joint statement (bilateral)
    assert {(d.supporter, d.issue) for d in pair.directions} >= {("RUS", "xinjiang"), ("CHN", "bilateral")}
