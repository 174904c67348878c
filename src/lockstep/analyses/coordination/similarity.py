"""Near-duplicate co-text: MinHash-LSH candidates within the window, verified by exact Jaccard.

Why not compare every pair in the window (the QUT toolkit's co-similarity): with a 1-hour
window that is every post against thousands of others, hours of work on millions of posts.
LSH cuts each 64-value signature into `bands` bands of `rows` values; two posts become
candidates when one band is identical, and the band buckets go through the same sliding
window join as URLs do. The band shape is chosen so that a pair at the threshold becomes a
candidate with probability ≥ 99.9 % (higher above it); every candidate is then checked on its
real shingle sets, so a reported pair is never a false positive.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa

from lockstep.analyses.coordination.shares import SHARES, items_filter, source_table
from lockstep.analyses.coordination.windows import PAIRS, build_pairs
from lockstep.store.database import Store
from lockstep.text.fingerprints import NUM_PERM
from lockstep.text.shingles import jaccard, shingles, signature
from lockstep.text.tokens import tokenize

#: Probability that a pair exactly at the threshold becomes a candidate.
TARGET_RECALL = 0.999


def choose_bands(threshold: float, num_perm: int = NUM_PERM) -> tuple[int, int]:
    """(bands, rows): the most rows per band (fewest false candidates) that still keep the
    recall at the threshold ≥ TARGET_RECALL."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= TARGET_RECALL:
            best = (bands, rows)
    return best


def build_similar_pairs(
    store: Store, over: str, window_seconds: float, threshold: float, size: int
) -> dict[str, int]:
    """Create `_coord_shares` (the texts considered) and `_coord_pairs` (verified pairs, with
    the similarity as the shared object). Returns counts: texts, candidates, verified."""
    table, account, time = source_table(over)
    condition = items_filter(over) + (" AND repost_of IS NULL" if over == "posts" else "")
    items = store.con.sql(
        f"SELECT id AS post, {account} AS account, epoch_us({time}) AS t, minhash, "
        f"{'text' if over == 'posts' else 'lemmas'} AS body "
        f"FROM {table} WHERE {condition} AND minhash IS NOT NULL ORDER BY id"
    ).to_arrow_table()
    shares = items.select(["post", "account", "t"]).append_column(
        "object", pa.nulls(items.num_rows, pa.string())
    )
    _materialise(store, SHARES, shares)
    bands, rows = choose_bands(threshold)
    counts = {"texts": items.num_rows, "candidates": 0, "verified": 0, "bands": bands, "rows": rows}
    if items.num_rows < 2:
        _materialise(store, PAIRS, _empty_pairs())
        return counts
    bodies = items.column("body").to_pylist()
    if size == 3:
        flat = items.column("minhash").combine_chunks().flatten().to_numpy(zero_copy_only=False)
        signatures = flat.reshape(items.num_rows, NUM_PERM).astype(np.uint64)
    else:
        signatures = np.vstack([signature(_terms(b, over), size) for b in bodies]).astype(np.uint64)
    buckets = _band_buckets(signatures, bands, rows)
    index = np.arange(items.num_rows, dtype=np.int64)
    lsh = pa.table(
        {
            "post": np.tile(index, bands),
            "account": pa.concat_arrays([items.column("account").combine_chunks()] * bands),
            "t": np.tile(items.column("t").to_numpy(), bands),
            "object": buckets.reshape(-1),
        }
    )
    _materialise(store, "_coord_lsh", lsh)
    build_pairs(store, "_coord_lsh", window_seconds, collect_objects=False)
    store.execute("DROP TABLE IF EXISTS _coord_lsh")
    candidates = store.con.sql(f"SELECT post_a, post_b FROM {PAIRS}").to_arrow_table()
    counts["candidates"] = candidates.num_rows
    first = candidates.column("post_a").to_numpy()
    second = candidates.column("post_b").to_numpy()
    cache: dict[int, frozenset[tuple[str, ...]]] = {}

    def shingle_set(i: int) -> frozenset[tuple[str, ...]]:
        found = cache.get(i)
        if found is None:
            found = cache[i] = shingles(_terms(bodies[i], over), size)
        return found

    keep_a, keep_b, scores = [], [], []
    for a, b in zip(first.tolist(), second.tolist(), strict=True):
        score = jaccard(shingle_set(a), shingle_set(b))
        if score >= threshold:
            keep_a.append(a)
            keep_b.append(b)
            scores.append(score)
    counts["verified"] = len(scores)
    ids, accounts, times = items.column("post"), items.column("account"), items.column("t")
    take_a, take_b = pa.array(keep_a, pa.int64()), pa.array(keep_b, pa.int64())
    verified = pa.table(
        {
            "post_a": ids.take(take_a),
            "account_a": accounts.take(take_a),
            "t_a": times.take(take_a),
            "post_b": ids.take(take_b),
            "account_b": accounts.take(take_b),
            "t_b": times.take(take_b),
            "objects": pa.array([[f"similarity {s:.3f}"] for s in scores], pa.list_(pa.string())),
        }
    )
    _materialise(store, PAIRS, verified)
    return counts


def _terms(body: str | None, over: str) -> list[str]:
    """The terms the stored signature was computed from: posts tokenise their stored text as
    ingest did (no language), documents keep their term sequence in `lemmas`."""
    if not body:
        return []
    return tokenize(body, None) if over == "posts" else body.split(" ")


def _band_buckets(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """(bands, n) int64 bucket keys: each band's rows hashed together, salted by the band."""
    keys = np.empty((bands, signatures.shape[0]), dtype=np.uint64)
    with np.errstate(over="ignore"):
        for band in range(bands):
            key = np.full(
                signatures.shape[0], np.uint64(band + 1) * np.uint64(0x9E3779B97F4A7C15), dtype=np.uint64
            )
            for column in range(band * rows, (band + 1) * rows):
                key = (key ^ signatures[:, column]) * np.uint64(0x100000001B3)
            keys[band] = key
    return keys.view(np.int64)


def _materialise(store: Store, name: str, table: pa.Table) -> None:
    store.con.register("_coord_arrow", table)
    try:
        store.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT * FROM _coord_arrow")
    finally:
        store.con.unregister("_coord_arrow")


def _empty_pairs() -> pa.Table:
    return pa.table(
        {
            "post_a": pa.array([], pa.string()),
            "account_a": pa.array([], pa.string()),
            "t_a": pa.array([], pa.int64()),
            "post_b": pa.array([], pa.string()),
            "account_b": pa.array([], pa.string()),
            "t_b": pa.array([], pa.int64()),
            "objects": pa.array([], pa.list_(pa.string())),
        }
    )
