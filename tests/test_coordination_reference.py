"""Coordination networks against independent references on real data.

The QUT toolkit's networks are re-stated here from its published definitions
(network_types.md and its SQL: weight of A→B = distinct messages of A with a message of B
sharing the object within |Δt| ≤ window; reposts only count in co-retweet; self-loops left
out) as a slow, obviously correct all-pairs Python oracle. The same comparison was run once
against the real toolkit (docs/coordination.md records it); the suite cannot depend on it.
"""

from __future__ import annotations

import ast
import csv
import re
import subprocess
import sys
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from lockstep.analyses.coordination import Parameters, coordination
from lockstep.store.database import Store

LOCKSTEP = [sys.executable, "-m", "lockstep.cli"]
WINDOWS = (0.00005, 0.0002, 60.0)  # the sample's posts are microseconds apart: small windows discriminate
QUT_KINDS = {"co_link": "link", "co_retweet": "repost", "co_reply": "reply", "co_tweet": "text"}


def _ingest(path: Path, db: Path) -> None:
    subprocess.run(
        [*LOCKSTEP, "--db", str(db), "ingest", str(path), "--json"], check=True, capture_output=True
    )


@pytest.fixture(scope="module")
def sample(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[dict[str, Any]]]:
    path = shared_data / "coordination" / "qut_toolkit" / "sample_data.csv"
    db = tmp_path_factory.mktemp("qut") / "store.duckdb"
    _ingest(path, db)
    with path.open(encoding="utf-8-sig") as handle:
        rows = [
            {
                "id": row["message_id"],
                "user": row["user_id"],
                "repost": row["repost_id"] or None,
                "reply": row["reply_id"] or None,
                "message": row["message"],
                "micros": int(Decimal(row["timestamp"]) * 1_000_000),
                "urls": ast.literal_eval(row["urls"]),
            }
            for row in csv.DictReader(handle)
        ]
    return db, rows


def _qut_objects(row: dict[str, Any], network: str, empty_url_is_a_url: bool) -> list[str]:
    if network == "co_retweet":
        return [row["repost"]] if row["repost"] else []
    if row["repost"]:
        return []  # reposts take part in co-retweet only
    if network == "co_link":
        return row["urls"] or ([""] if empty_url_is_a_url else [])
    if network == "co_reply":
        return [row["reply"]] if row["reply"] else []
    # co_tweet: lower-case, @mentions removed, white space collapsed
    return [" ".join(re.sub(r"@\S*", "", row["message"].lower()).split())]


def _words(message: str) -> set[str]:
    return set(re.findall(r"\w+", re.sub(r"@\S*", "", message.lower())))


def qut_oracle(
    rows: list[dict[str, Any]],
    network: str,
    window: float,
    min_weight: int,
    *,
    empty_url_is_a_url: bool = False,
) -> list[tuple[str, str, int]]:
    """All pairs, O(n²): the QUT definition without its optimisations."""
    limit = round(window * 1_000_000)
    matched: dict[tuple[str, str], set[str]] = defaultdict(set)
    for a in rows:
        for b in rows:
            if a["user"] == b["user"] or abs(a["micros"] - b["micros"]) > limit:
                continue
            if network == "co_similar_tweet":
                if a["repost"] or b["repost"]:
                    continue
                wa, wb = _words(a["message"]), _words(b["message"])
                if wa | wb and len(wa & wb) / len(wa | wb) >= 0.8:
                    matched[(a["user"], b["user"])].add(a["id"])
            elif set(_qut_objects(a, network, empty_url_is_a_url)) & set(
                _qut_objects(b, network, empty_url_is_a_url)
            ):
                matched[(a["user"], b["user"])].add(a["id"])
    return sorted((s, t, len(ids)) for (s, t), ids in matched.items() if len(ids) >= min_weight)


def ours(db: Path, params: Parameters) -> list[tuple[str, str, int]]:
    with Store(db, read_only=True) as store:
        result = coordination(store, params)
    return sorted((e.source, e.target, e.weight) for e in result.edges)


@pytest.mark.parametrize("network", [*QUT_KINDS, "co_similar_tweet"])
def test_qut_sample_edges_and_weights_equal_the_qut_definition(
    sample: tuple[Path, list[Any]], network: str
) -> None:
    db, rows = sample
    compared = 0
    for window in WINDOWS:
        for min_weight in (1, 2):
            if network == "co_similar_tweet":
                params = Parameters(kind="similar-text", window=window, min_weight=min_weight, shingle=1)
            else:
                params = Parameters(kind=QUT_KINDS[network], window=window, min_weight=min_weight)  # type: ignore[arg-type]
            expected = qut_oracle(rows, network, window, min_weight)
            assert ours(db, params) == expected, (network, window, min_weight)
            compared += len(expected)
    assert compared > 0  # the sample has edges of this type at some setting


def test_qut_empty_url_quirk_is_not_copied(sample: tuple[Path, list[Any]]) -> None:
    """The toolkit reads an empty urls field as the URL "" and links all such posts; we do not."""
    db, rows = sample
    with_quirk = qut_oracle(rows, "co_link", 60.0, 2, empty_url_is_a_url=True)
    without = qut_oracle(rows, "co_link", 60.0, 2)
    mine = ours(db, Parameters(kind="link", window=60.0, min_weight=2))
    assert mine == without
    assert set(mine) != set(with_quirk)
    assert len(with_quirk) > len(mine)


def sliding_oracle(
    shares: list[tuple[str, str, int, str]], window_s: int, min_weight: int
) -> dict[tuple[str, str], int]:
    """(post, account, epoch s, object) → directed weights, by sorting each object's shares."""
    by_object: dict[str, list[tuple[int, str, str]]] = defaultdict(list)
    for post, account, t, obj in shares:
        by_object[obj].append((t, post, account))
    matched: dict[tuple[str, str], set[str]] = defaultdict(set)
    for items in by_object.values():
        items.sort()
        for i, (t, post, account) in enumerate(items):
            j = i + 1
            while j < len(items) and items[j][0] - t <= window_s:
                _t2, post2, account2 = items[j]
                if account2 != account:
                    matched[(account, account2)].add(post)
                    matched[(account2, account)].add(post2)
                j += 1
    return {key: len(ids) for key, ids in matched.items() if len(ids) >= min_weight}


def _store_shares(db: Path, sql: str) -> list[tuple[str, str, int, str]]:
    with Store(db, read_only=True) as store:
        return [(r["id"], r["account"], r["t"], r["object"]) for r in store.query(sql)]


@pytest.fixture(scope="module")
def russian(shared_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("ru") / "store.duckdb"
    _ingest(shared_data / "coordination" / "coortweet" / "russian_coord_tweets.csv", db)
    return db


def test_russian_coord_tweets_corepost_with_coortweet_defaults(russian: Path) -> None:
    """CooRTweet's defaults: 10 s window, at least 2 shared objects. The figures are the ones
    docs/coordination.md reports; the edges equal an independent sort-based oracle."""
    with Store(russian, read_only=True) as store:
        result = coordination(store, Parameters(kind="repost", window=10, min_weight=2))
    shares = _store_shares(
        russian,
        "SELECT id, account, epoch(ts)::BIGINT AS t, repost_of AS object FROM posts WHERE repost_of IS NOT NULL",
    )
    expected = sliding_oracle(shares, 10, 2)
    assert {(e.source, e.target): e.weight for e in result.edges} == expected
    assert (len(result.nodes), len(result.edges), len(result.clusters)) == (10, 7, 5)
    assert result.counts["items"] == 35085  # 35,125 rows, 40 repeated content ids rejected at ingest
    for edge in result.edges:  # every edge stands on its evidence pairs
        pairs = [
            row
            for row in result.evidence.to_pylist()
            if {row["account_a"], row["account_b"]} == {edge.source, edge.target}
        ]
        assert (
            len({p["post_a"] if p["account_a"] == edge.source else p["post_b"] for p in pairs}) == edge.weight
        )
        assert all(abs(p["delta_seconds"]) <= 10 for p in pairs)


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["link", "hashtag"])
def test_german_elections_colink_and_cohashtag(shared_data: Path, tmp_path: Path, kind: str) -> None:
    db = tmp_path / "store.duckdb"
    _ingest(shared_data / "coordination" / "coortweet" / "german_elections.csv", db)
    with Store(db, read_only=True) as store:
        result = coordination(store, Parameters(kind=kind, window=60, min_weight=2))  # type: ignore[arg-type]
    column = "urls" if kind == "link" else "hashtags"
    shares = _store_shares(
        db, f"SELECT DISTINCT id, account, epoch(ts)::BIGINT AS t, unnest({column}) AS object FROM posts"
    )
    assert {(e.source, e.target): e.weight for e in result.edges} == sliding_oracle(shares, 60, 2)
    assert result.counts["items"] == 194323  # 218,971 rows less 24,648 repeated post ids
    assert len(result.edges) > 100 and result.clusters
