"""Coordination networks: definitions on hand-made posts, bad input, the CLI, exports, the demo."""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from itertools import combinations
from pathlib import Path

import numpy as np
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lockstep.analyses.coordination import Parameters, coordination, evidence_between
from lockstep.analyses.coordination.similarity import _distinct_rows, _shingle_sets, choose_bands
from lockstep.demo import DEMO_DATA
from lockstep.errors import InputError
from lockstep.ingest import ingest
from lockstep.store.database import Store
from lockstep.text.shingles import jaccard, shingles
from lockstep.text.tokens import tokenize
from lockstep.text.urls import normalise_url

LOCKSTEP = [sys.executable, "-m", "lockstep.cli"]
HEADER = "platform,account,post_id,timestamp,text,urls,hashtags,repost_of,reply_to\n"
PLANTED = {
    "north_patriot_17",
    "kaldgrad_voice",
    "truth_from_north",
    "vetrovo_eagle_88",
    "nord_defender_3",
    "real_news_kaldgrad",
    "ilmensk_patriot",
}


def _store(tmp_path: Path, lines: list[str]) -> Path:
    csv_path = tmp_path / "posts.csv"
    csv_path.write_text(HEADER + "".join(line + "\n" for line in lines), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        ingest(store, [str(csv_path)])
    return db


def _run(db: Path, **kwargs: object) -> object:
    with Store(db, read_only=True) as store:
        return coordination(store, Parameters(**kwargs))  # type: ignore[arg-type]


def _weights(result: object) -> dict[tuple[str, str], int]:
    return {(e.source, e.target): e.weight for e in result.edges}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        ("HTTPS://www.Example.com:443/a/b/?utm_source=x&id=3#top", "example.com/a/b?id=3"),
        ("http://example.com/news/1?fbclid=abc&gclid=1", "example.com/news/1"),
        ("example.com/news/1/", "example.com/news/1"),
        ("https://example.com:8080/Case/Kept", "example.com:8080/Case/Kept"),
        ("https://example.com/?page=2&utm_medium=social", "example.com?page=2"),
        ("23678", "23678"),  # CooRTweet's hashed url ids are ids, not addresses
        ("mailto:someone@example.com", "mailto:someone@example.com"),
    ],
)
def test_normalise_url(raw: str, key: str) -> None:
    assert normalise_url(raw) == key


def test_colink_joins_spellings_of_one_page_and_keeps_who_posted_first(tmp_path: Path) -> None:
    db = _store(
        tmp_path,
        [
            "x,alice,1,2026-01-01T10:00:00Z,a,https://www.example.com/a/?utm_source=tw,,,",
            "x,bob,2,2026-01-01T10:00:05Z,b,http://example.com/a#c,,,",
            "x,alice,3,2026-01-02T10:00:00Z,c,https://example.com/b,,,",
            "x,bob,4,2026-01-02T10:00:30Z,d,https://example.com/b,,,",
            "x,bob,5,2026-01-02T10:00:40Z,e,https://example.com/b/,,,",
            "x,carol,6,2026-01-02T12:00:00Z,f,https://example.com/b,,,",  # two hours later: outside
        ],
    )
    result = _run(db, kind="link", window=60, min_weight=1)
    assert _weights(result) == {("alice", "bob"): 2, ("bob", "alice"): 3}
    ab = next(e for e in result.edges if e.source == "alice")  # type: ignore[attr-defined]
    assert (ab.source_first, ab.target_first, ab.pairs) == (3, 0, 3)
    assert ab.symmetry == pytest.approx(2 / 3)
    assert ab.median_delta_seconds == 30 and ab.mean_delta_seconds == pytest.approx(25)
    assert str(ab.first) == "2026-01-01 10:00:00" and str(ab.last) == "2026-01-02 10:00:40"
    pairs = evidence_between(result, "bob", "alice").to_pylist()  # type: ignore[arg-type]
    assert {(p["post_a"], p["post_b"]) for p in pairs} == {("x:1", "x:2"), ("x:3", "x:4"), ("x:3", "x:5")}
    assert all(p["objects"].startswith("example.com/") and p["urls_a"] for p in pairs)


def test_sliding_window_finds_pairs_across_a_bin_edge(tmp_path: Path) -> None:
    """Posts at :58 and :02 are 4 s apart; 10-s bins put them apart, the sliding window does not."""
    lines = []
    for day in (1, 2):
        lines.append(f"x,alice,a{day},2026-01-0{day}T10:00:58Z,t,https://e.org/{day},,,")
        lines.append(f"x,bob,b{day},2026-01-0{day}T10:01:02Z,t,https://e.org/{day},,,")
    db = _store(tmp_path, lines)
    assert _weights(_run(db, kind="link", window=10, min_weight=2)) == {
        ("alice", "bob"): 2,
        ("bob", "alice"): 2,
    }
    assert _weights(_run(db, kind="link", window=3, min_weight=1)) == {}
    assert _weights(_run(db, kind="link", window=4, min_weight=1)) == {
        ("alice", "bob"): 2,
        ("bob", "alice"): 2,
    }


def test_time_zones_are_compared_in_utc_and_bad_timestamps_are_rejected(tmp_path: Path) -> None:
    db = _store(
        tmp_path,
        [
            "x,alice,1,2026-01-01T12:00:00+02:00,t,,,r1,",
            "x,bob,2,2026-01-01T10:00:05Z,t,,,r1,",
            "x,alice,3,1767268800,t,,,r2,",  # Unix seconds: 2026-01-01T12:00:00Z
            "x,bob,4,2026-01-01 12:00:09,t,,,r2,",  # no zone: UTC
            "x,carol,5,,t,,,r1,",  # no timestamp: rejected at ingest, never a post at midnight
            "x,carol,6,2026-01-01,t,,,r2,",  # a day, not a time: rejected
            "x,bob,2,2026-01-01T10:00:06Z,t,,,r1,",  # repeated post id: rejected, not counted twice
        ],
    )
    with Store(db, read_only=True) as store:
        reasons = {r["reason"] for r in store.query("SELECT reason FROM rejections")}
        assert store.scalar("SELECT count(*) FROM posts") == 4
    assert any("no parsable timestamp" in r for r in reasons)
    assert any("gives only the day" in r for r in reasons)
    assert "duplicate post id" in reasons
    assert _weights(_run(db, kind="repost", window=10, min_weight=2)) == {
        ("alice", "bob"): 2,
        ("bob", "alice"): 2,
    }


def test_accounts_with_one_post_are_pruned_as_sources_but_kept_as_targets(tmp_path: Path) -> None:
    """One post of dave matches two posts of alice: alice→dave has weight 2, dave→alice 1."""
    db = _store(
        tmp_path,
        [
            "x,alice,1,2026-01-01T10:00:00Z,t,,#tag,,",
            "x,alice,2,2026-01-01T10:00:20Z,t,,#tag,,",
            "x,dave,3,2026-01-01T10:00:10Z,t,,#tag,,",
        ],
    )
    result = _run(db, kind="hashtag", window=15, min_weight=2)
    assert _weights(result) == {("alice", "dave"): 2}
    assert result.counts["accounts_below_min_weight"] == 1  # type: ignore[attr-defined]
    assert result.edges[0].reverse_weight == 1 and result.edges[0].symmetry == 0.5  # type: ignore[attr-defined]


def test_reposts_count_only_in_corepost_and_empty_text_is_no_object(tmp_path: Path) -> None:
    db = _store(
        tmp_path,
        [
            "x,alice,1,2026-01-01T10:00:00Z,same words here https://e.org/1,,,orig,",
            "x,bob,2,2026-01-01T10:00:01Z,same words here https://e.org/1,,,orig,",
            "x,alice,3,2026-01-01T11:00:00Z,@bob https://e.org/2,,,,",
            "x,bob,4,2026-01-01T11:00:01Z,@carol https://e.org/3,,,,",
        ],
    )
    assert _weights(_run(db, kind="link", window=60, min_weight=1)) == {}
    assert _weights(_run(db, kind="text", window=60, min_weight=1)) == {}
    assert _weights(_run(db, kind="repost", window=60, min_weight=1)) == {
        ("alice", "bob"): 1,
        ("bob", "alice"): 1,
    }


def test_empty_store_is_a_clear_error_and_a_type_without_objects_an_empty_network(tmp_path: Path) -> None:
    empty = tmp_path / "empty.duckdb"
    Store(empty).close()
    with Store(empty, read_only=True) as store, pytest.raises(InputError, match="no posts in the store"):
        coordination(store, Parameters(kind="link"))
    done = subprocess.run(
        [*LOCKSTEP, "--db", str(empty), "coordination", "--by", "link"], capture_output=True, text=True
    )
    assert done.returncode == 2 and "no posts in the store" in done.stderr
    db = _store(tmp_path, ["x,alice,1,2026-01-01T10:00:00Z,t,https://e.org/1,,,"])
    result = _run(db, kind="reply")
    assert result.edges == [] and "network is empty" in result.notes[0]  # type: ignore[attr-defined]
    with Store(db, read_only=True) as store, pytest.raises(InputError, match="documents have no reposts"):
        coordination(store, Parameters(kind="repost", over="documents"))
    bad = subprocess.run(
        [*LOCKSTEP, "coordination", "--input", str(DEMO_DATA / "posts.csv"), "--by", "similar-text",
         "--candidates", "fast"],
        capture_output=True, text=True,
    )  # fmt: skip
    # refused in one line before any file is read
    assert bad.returncode == 2 and "loading" not in bad.stderr
    assert bad.stderr.strip() == "error: --candidates, record fast: one of auto, prefix, lsh"


@pytest.fixture(scope="module")
def demo_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("demo") / "store.duckdb"
    with Store(db) as store:
        ingest(store, [str(DEMO_DATA / "posts.csv")])
    return db


@pytest.mark.parametrize("kind", ["link", "hashtag", "text", "similar-text"])
def test_demo_planted_cluster_is_found(demo_store: Path, kind: str) -> None:
    result = _run(demo_store, kind=kind, window=60, min_weight=2)
    biggest = result.clusters[0]  # type: ignore[attr-defined]
    assert set(biggest.members) == PLANTED
    assert {e.source for e in result.edges} <= PLANTED  # type: ignore[attr-defined]
    assert biggest.first is not None and biggest.top_objects


def test_window_auto_says_what_it_chose(demo_store: Path) -> None:
    result = _run(demo_store, kind="link", window=None)
    p = result.parameters  # type: ignore[attr-defined]
    assert p["window_source"] == "estimated" and p["window"] >= 1
    assert p["window_estimate"]["objects_shared_twice"] > p["window_estimate"]["fastest_objects"] > 0
    assert any("window estimated" in note for note in result.notes)  # type: ignore[attr-defined]
    # bursts are 24–45 s wide: the estimate falls within them
    assert 5 <= p["window"] <= 45


def test_null_model_bounds_weights_and_percentile_filters(demo_store: Path) -> None:
    result = _run(demo_store, kind="link", window=60, min_weight=1, null_model=True)
    for edge in result.edges:  # type: ignore[attr-defined]
        assert edge.copost_weight >= edge.weight
        assert 0 < edge.normalised_weight <= 1
    weights = sorted(e.weight for e in result.edges)  # type: ignore[attr-defined]
    top = _run(demo_store, kind="link", window=60, min_weight=1, percentile=90)
    threshold = top.parameters["percentile_weight"]  # type: ignore[attr-defined]
    assert threshold > weights[0]
    assert all(e.weight >= threshold for e in top.edges)  # type: ignore[attr-defined]
    assert len(top.edges) == sum(w >= threshold for w in weights)  # type: ignore[attr-defined]


@pytest.mark.parametrize("method", ["auto", "prefix", "lsh"])
def test_similar_text_equals_exhaustive_verification(tmp_path: Path, method: str) -> None:
    """Neither candidate method loses anything here: same edges as comparing every pair in the window."""
    base = "the ministry said the convoy reached the northern border town early on monday morning"
    variants = [
        base,
        base + " officials said",
        base.replace("monday", "tuesday"),
        "weather will be sunny with light wind along the coast",
        base.replace("northern", "southern").replace("early", "late"),
    ]
    lines = []
    for day in range(1, 4):
        for i, account in enumerate(["alice", "bob", "carol", "dave", "erin"]):
            lines.append(f"x,{account},{day}-{i},2026-01-0{day}T10:0{i}:00Z,{variants[i]},,,,")
    db = _store(tmp_path, lines)
    result = _run(db, kind="similar-text", window=3600, min_weight=1, similarity=0.8, candidates=method)
    expected: dict[tuple[str, str], int] = {}
    posts = [(line.split(",")[1], line.split(",")[2], line.split(",")[4]) for line in lines]
    for (a, pa_, ta), (b, pb, tb) in combinations(posts, 2):
        same_day = pa_.split("-")[0] == pb.split("-")[0]
        if (
            a != b
            and same_day
            and jaccard(shingles(tokenize(ta, None), 3), shingles(tokenize(tb, None), 3)) >= 0.8
        ):
            expected[(a, b)] = expected.get((a, b), 0) + 1
            expected[(b, a)] = expected.get((b, a), 0) + 1
    assert expected and _weights(result) == expected
    parameters = result.parameters  # type: ignore[attr-defined]
    chosen = "prefix" if method == "auto" else method  # short texts: the prefix index is the smaller
    assert parameters["candidates"] == method and parameters["candidate_search"]["method"] == chosen
    assert parameters["lsh"] == ({"bands": 16, "rows": 4} if chosen == "lsh" else None)


@settings(max_examples=60, deadline=None)
@given(
    texts=st.lists(st.lists(st.sampled_from("abcdefghij"), min_size=1, max_size=12), min_size=2, max_size=14),
    threshold=st.sampled_from([0.5, 0.6, 0.7, 0.75, 0.8, 0.9, 1.0]),
)
def test_prefix_filter_misses_no_pair(texts: list[list[str]], threshold: float) -> None:
    """Every pair of word sets with Jaccard ≥ t shares a token of their prefixes (the exactness
    the prefix method rests on), for any sets and thresholds, including ties and tiny sets."""
    bodies = [" ".join(words) for words in texts]
    sets = _shingle_sets(bodies, "posts", 1)
    owner, token = sets.prefix_tokens(threshold)
    prefixes: dict[int, set[int]] = {}
    for item, shingle in zip(owner.tolist(), token.tolist(), strict=True):
        prefixes.setdefault(item, set()).add(shingle)
    for a, b in combinations(range(len(bodies)), 2):
        exact = jaccard(set(tokenize(bodies[a], None)), set(tokenize(bodies[b], None)))
        score = sets.jaccard(np.array([a]), np.array([b]), threshold)[0]
        assert score == pytest.approx(exact) or (exact < threshold and score == 0)
        if exact >= threshold:
            assert prefixes[a] & prefixes[b], (bodies[a], bodies[b], exact)


def test_band_choice_keeps_recall_at_the_threshold() -> None:
    for threshold in (0.5, 0.8, 0.9):
        bands, rows = choose_bands(threshold)
        assert bands * rows <= 64
        assert 1 - (1 - threshold**rows) ** bands >= 0.999


def test_cli_json_exports_and_evidence(demo_store: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    done = subprocess.run(
        [
            *LOCKSTEP,
            "--db",
            str(demo_store),
            "coordination",
            "--by",
            "link",
            "--export-dir",
            str(out),
            "--json",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    payload = json.loads(done.stdout)
    assert set(payload) >= {
        "parameters",
        "counts",
        "nodes",
        "edges",
        "clusters",
        "evidence_pairs",
        "notes",
        "exports",
    }
    edge = payload["edges"][0]
    for field in (
        "source",
        "target",
        "weight",
        "reverse_weight",
        "symmetry",
        "mean_delta_seconds",
        "first",
        "last",
    ):
        assert field in edge
    assert edge["evidence_sample"] and edge["evidence_sample"][0]["post_a"].startswith("microblog:")
    evidence = pq.read_table(payload["exports"]["evidence_parquet"])
    assert evidence.num_rows == payload["evidence_pairs"] > 0
    assert pq.read_table(payload["exports"]["edges_parquet"]).num_rows == len(payload["edges"])
    assert Path(payload["exports"]["png"]).read_bytes()[:4] == b"\x89PNG"
    graphml = ET.parse(payload["exports"]["graphml"]).getroot()
    assert len(graphml.findall(".//{http://graphml.graphdrawing.org/xmlns}edge")) == len(payload["edges"])
    assert "<gexf" in Path(payload["exports"]["gexf"]).read_text(encoding="utf-8")
    a, b = edge["source"], edge["target"]
    shown = subprocess.run(
        [*LOCKSTEP, "--db", str(demo_store), "coordination", "--by", "link", "--evidence", a, b, "--json"],
        capture_output=True,
        text=True,
        check=True,
    )
    pairs = json.loads(shown.stdout)["pairs"]
    assert len(pairs) == edge["pairs"]
    assert all({p["account_a"], p["account_b"]} == {a, b} and p["urls_a"] for p in pairs)


def test_documents_over_outlets(tmp_path: Path) -> None:
    docs = tmp_path / "docs.jsonl"
    rows = []
    for day in (10, 11):
        for outlet, second in (("Alpha Wire", 0), ("Beta News", 30)):
            rows.append(
                {
                    "outlet": outlet,
                    "title": f"story {day} {outlet}",
                    "text": f"Read https://source.example/story-{day} now, {outlet} reports #summit",
                    "published_at": f"2026-02-{day}T08:00:{second:02d}Z",
                    "url": f"https://{outlet.split()[0].lower()}.example/{day}",
                }
            )
    rows.append(
        {"outlet": "Gamma", "text": "Day only https://source.example/story-10", "published_at": "2026-02-10"}
    )
    docs.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "store.duckdb"
    with Store(db) as store:
        ingest(store, [str(docs)])
    result = _run(db, kind="link", over="documents", window=60, min_weight=2)
    assert sorted(_weights(result).values()) == [2, 2] and len(result.nodes) == 2  # type: ignore[attr-defined]
    assert any("coarser than a minute" in note for note in result.notes)  # type: ignore[attr-defined]


@settings(max_examples=50, deadline=None)
@given(rows=st.lists(st.lists(st.integers(-1, 3000), min_size=3, max_size=3), min_size=1, max_size=40))
def test_packed_distinct_rows_equal_numpy_unique(rows: list[list[int]]) -> None:
    shingle = np.array(rows, dtype=np.int64)
    _, expected = np.unique(shingle, axis=0, return_inverse=True)
    _, inverse = _distinct_rows(shingle)
    assert inverse.tolist() == expected.reshape(-1).tolist()
