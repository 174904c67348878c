"""Near-duplicate co-text: candidates within the window, verified by exact Jaccard.

Why not compare every pair in the window (the QUT toolkit's co-similarity): with a 1-hour
window that is every post against thousands of others, hours of work on millions of posts.
Two ways to find candidates, both feeding the same sliding-window join as URLs do:
- prefix filtering (exact, the default for short texts): shingles are ranked rarest first;
  two sets with Jaccard ≥ t share a shingle among the first |x| − ⌈t·|x|⌉ + 1 of each, so those
  few shingles are the objects and no qualifying pair can be missed;
- MinHash-LSH (for long texts, where prefixes grow with the text and bands do not): each
  signature is cut into `bands` bands of `rows` values, chosen so that a pair at the threshold
  becomes a candidate with probability ≥ 99.9 % (≥ 1 − 10⁻⁶ for on-the-fly signatures).
Every candidate is then checked on its real shingle sets, so a reported pair is never a false
positive.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa

from lockstep.analyses.coordination.shares import SHARES, items_filter, source_table
from lockstep.analyses.coordination.windows import PAIRS, build_pairs
from lockstep.store.database import Store
from lockstep.text.fingerprints import NUM_PERM
from lockstep.text.tokens import tokenize

#: Probability that a pair exactly at the threshold becomes a candidate (stored 64-value signatures).
TARGET_RECALL = 0.999
#: Signatures computed on the fly are cheap to make longer: 128 values let a pair exactly at the
#: threshold be missed with probability < 1e-6 (0.8 → 32 bands of 4 rows: 5e-8), so that over the
#: tens of thousands of near-threshold pairs of a large input none is expected to be missed.
ON_THE_FLY_PERM = 128
ON_THE_FLY_RECALL = 1 - 1e-6
#: `--candidates`: auto takes prefix filtering unless its candidate pairs would exceed this many per
#: text. Measured (docs/coordination.md): a prefix candidate costs ~1.7 µs (join and verification),
#: LSH ~32 µs a text (128-value MinHash and 32 band rows), so they break even near 19 pairs a text;
#: ties go to prefix, which is exact.
PREFIX_PAIRS_PER_TEXT = 20
CANDIDATE_METHODS = ("auto", "prefix", "lsh")


def choose_bands(
    threshold: float, num_perm: int = NUM_PERM, recall: float = TARGET_RECALL
) -> tuple[int, int]:
    """(bands, rows): the most rows per band (fewest false candidates) that still keep the
    recall at the threshold ≥ TARGET_RECALL."""
    best = (num_perm, 1)
    for rows in range(1, num_perm + 1):
        bands = num_perm // rows
        if 1 - (1 - threshold**rows) ** bands >= recall:
            best = (bands, rows)
    return best


def build_similar_pairs(
    store: Store, over: str, window_seconds: float, threshold: float, size: int, method: str = "auto"
) -> dict[str, Any]:
    """Create `_coord_shares` (the texts considered) and `_coord_pairs` (verified pairs, with
    the similarity as the shared object). Returns counts (texts, candidates, verified) and how
    candidates were found (`method`, `index_entries`, and `bands`/`rows` for LSH).

    LSH signatures: the stored ones (3-term shingles, computed at ingest) when every item has one;
    otherwise (`--input`, other shingle sizes) computed here, vectorised, with more values
    (ON_THE_FLY_PERM) so that a pair at the threshold is missed with probability < 1e-6."""
    table, account, time = source_table(over)
    condition = items_filter(over) + (" AND repost_of IS NULL" if over == "posts" else "")
    items = store.con.sql(
        f"SELECT id AS post, {account} AS account, epoch_us({time}) AS t, minhash IS NOT NULL AS signed, "
        f"{'text' if over == 'posts' else 'lemmas'} AS body "
        f"FROM {table} WHERE {condition} ORDER BY id"
    ).to_arrow_table()
    stored = size == 3 and all(items.column("signed").to_pylist())
    sets = _shingle_sets(items.column("body").to_pylist(), over, size)
    keep = sets.lengths > 0
    if not keep.all():
        items, sets = items.filter(pa.array(keep)), sets.subset(np.flatnonzero(keep))
    shares = items.select(["post", "account", "t"]).append_column(
        "object", pa.nulls(items.num_rows, pa.string())
    )
    _materialise(store, SHARES, shares)
    bands, rows = (
        choose_bands(threshold) if stored else choose_bands(threshold, ON_THE_FLY_PERM, ON_THE_FLY_RECALL)
    )
    times = items.column("t").to_numpy()
    owner, token = sets.prefix_tokens(threshold)
    estimate = prefix_pair_estimate(token, times[owner], window_seconds) if items.num_rows > 1 else 0
    if method == "auto":
        method = "prefix" if estimate <= PREFIX_PAIRS_PER_TEXT * items.num_rows else "lsh"
    found: dict[str, Any] = {"texts": items.num_rows, "candidates": 0, "verified": 0, "method": method}
    found.update(
        {"bands": bands, "rows": rows, "index_entries": bands * items.num_rows}
        if method == "lsh"
        else {"index_entries": int(owner.size)}
    )
    found["prefix_pair_estimate"] = estimate
    if items.num_rows < 2:
        _materialise(store, PAIRS, _empty_pairs())
        return found
    index = np.arange(items.num_rows, dtype=np.int64)
    if method == "prefix":
        objects = {"post": owner, "account": items.column("account").take(pa.array(owner)), "object": token}
        objects["t"] = times[owner]
    else:
        signatures = (
            _stored_signatures(store, table, items.num_rows) if stored else sets.minhash(ON_THE_FLY_PERM)
        )
        objects = {
            "post": np.tile(index, bands),
            "account": pa.concat_arrays([items.column("account").combine_chunks()] * bands),
            "t": np.tile(items.column("t").to_numpy(), bands),
            "object": _band_buckets(signatures, bands, rows).reshape(-1),
        }
    _materialise(store, "_coord_candidates", pa.table(objects))
    build_pairs(store, "_coord_candidates", window_seconds, collect_objects=False)
    store.execute("DROP TABLE IF EXISTS _coord_candidates")
    candidates = store.con.sql(f"SELECT post_a, post_b FROM {PAIRS}").to_arrow_table()
    found["candidates"] = candidates.num_rows
    first = candidates.column("post_a").to_numpy()
    second = candidates.column("post_b").to_numpy()
    scores = sets.jaccard(first, second, threshold)
    kept = scores >= threshold
    found["verified"] = int(kept.sum())
    ids, accounts, times = items.column("post"), items.column("account"), items.column("t")
    take_a, take_b = pa.array(first[kept], pa.int64()), pa.array(second[kept], pa.int64())
    verified = pa.table(
        {
            "post_a": ids.take(take_a),
            "account_a": accounts.take(take_a),
            "t_a": times.take(take_a),
            "post_b": ids.take(take_b),
            "account_b": accounts.take(take_b),
            "t_b": times.take(take_b),
            "objects": pa.array(
                [[f"similarity {s:.3f}"] for s in scores[kept].tolist()], pa.list_(pa.string())
            ),
        }
    )
    _materialise(store, PAIRS, verified)
    return found


def _stored_signatures(store: Store, table: str, count: int) -> np.ndarray:
    """The ingest-time 64-value signatures of the items in `_coord_shares`, in its order (by id)."""
    minhash = store.con.sql(
        f"SELECT minhash FROM {table} WHERE id IN (SELECT post FROM {SHARES}) ORDER BY id"
    ).to_arrow_table()
    flat = minhash.column("minhash").combine_chunks().flatten().to_numpy(zero_copy_only=False)
    return flat.reshape(count, NUM_PERM).astype(np.uint64)


def prefix_pair_estimate(token: np.ndarray, t_us: np.ndarray, window_seconds: float) -> int:
    """About how many candidate pairs prefix filtering gives: entries of one shingle within the
    window of each other, counted per shingle (an upper bound: a pair sharing two prefix shingles
    counts twice, same-account pairs count). Whole seconds, the window rounded up: an estimate
    to choose the method by, computed in one sort."""
    if token.size < 2:
        return 0
    seconds = (t_us - t_us.min()) // 1_000_000
    width = int(seconds.max()) + int(np.ceil(window_seconds)) + 2
    key = np.sort(token.astype(np.int64) * width + seconds)
    reach = np.searchsorted(key, key + int(np.ceil(window_seconds)), side="right")
    return int((reach - np.arange(key.size) - 1).sum())


def prefix_lengths(lengths: np.ndarray, threshold: float) -> np.ndarray:
    """How many of its rarest shingles each set contributes: |x| − ⌈t·|x|⌉ + 1 (the ceiling taken
    with a little slack, so that floating point can only lengthen a prefix, never shorten it)."""
    return lengths - np.ceil(threshold * lengths - 1e-9).astype(np.int64) + 1


class ShingleSets:
    """Each item's set of shingles as sorted integer ids (exact: one id per distinct shingle),
    in one flat array with offsets, so MinHash and Jaccard run vectorised over all items."""

    def __init__(self, ids: np.ndarray, offsets: np.ndarray) -> None:
        self.ids, self.offsets = ids, offsets
        self.lengths = np.diff(offsets)

    def subset(self, rows: np.ndarray) -> ShingleSets:
        parts = [self.ids[self.offsets[r] : self.offsets[r + 1]] for r in rows.tolist()]
        offsets = np.concatenate([[0], np.cumsum(self.lengths[rows])]).astype(np.int64)
        return ShingleSets(np.concatenate(parts) if parts else np.empty(0, np.int64), offsets)

    def minhash(self, num_perm: int, chunk: int = 200_000) -> np.ndarray:
        """(items, num_perm) MinHash of the id sets (items must be non-empty), as uint32 values.

        A shingle's permuted values do not depend on the set it is in, so they are computed once
        per distinct shingle (a table of vocabulary × num_perm) and each set takes the minimum of
        its rows: one gather and one `reduceat` per chunk instead of the arithmetic per occurrence.
        For a vocabulary too large for the table (> 2M shingles) the values are computed per chunk."""
        rng = np.random.default_rng(20260605)  # fixed: the same input gives the same candidates
        a = rng.integers(1, (1 << 61) - 1, size=num_perm, dtype=np.uint64) | np.uint64(1)
        b = rng.integers(0, (1 << 61) - 1, size=num_perm, dtype=np.uint64)

        def permuted(ids: np.ndarray) -> np.ndarray:
            with np.errstate(over="ignore"):
                mixed = (ids.astype(np.uint64) + np.uint64(1)) * np.uint64(0x9E3779B97F4A7C15)
                mixed ^= mixed >> np.uint64(29)
                return ((mixed[:, None] * a[None, :] + b[None, :]) >> np.uint64(32)).astype(np.uint32)

        vocabulary = int(self.ids.max(initial=0)) + 1
        table = permuted(np.arange(vocabulary)) if vocabulary <= 2_000_000 else None
        out = np.empty((self.lengths.size, num_perm), dtype=np.uint32)
        start = 0
        while start < self.lengths.size:
            stop = int(np.searchsorted(self.offsets, self.offsets[start] + chunk, side="right")) - 1
            stop = min(max(stop, start + 1), self.lengths.size)
            lo, hi = self.offsets[start], self.offsets[stop]
            values = table[self.ids[lo:hi]] if table is not None else permuted(self.ids[lo:hi])
            out[start:stop] = np.minimum.reduceat(values, self.offsets[start:stop] - lo, axis=0)
            start = stop
        return out

    def prefix_tokens(self, threshold: float) -> tuple[np.ndarray, np.ndarray]:
        """(item, shingle) for the prefix of every set under the global rarest-first order (ties
        by id, so the order is total and the same for every set)."""
        frequency = np.bincount(self.ids)  # each set holds an id at most once: document frequency
        rank = np.empty(frequency.size, dtype=np.int64)
        rank[np.lexsort((np.arange(frequency.size), frequency))] = np.arange(frequency.size)
        owner = np.repeat(np.arange(self.lengths.size, dtype=np.int64), self.lengths)
        ranks = rank[self.ids]
        order = np.lexsort((ranks, owner))
        position = np.arange(owner.size) - np.repeat(self.offsets[:-1], self.lengths)
        keep = position < np.repeat(prefix_lengths(self.lengths, threshold), self.lengths)
        return owner[order][keep], ranks[order][keep]

    def jaccard(
        self, first: np.ndarray, second: np.ndarray, threshold: float = 0.0, chunk: int = 2_000_000
    ) -> np.ndarray:
        """Exact Jaccard of item pairs: |a ∩ b| by looking a's ids up in b's sorted ids. Pairs whose
        sizes alone rule out `threshold` (min/max < t) score 0 without the lookup."""
        possible = (
            np.minimum(self.lengths[first], self.lengths[second])
            >= threshold * np.maximum(self.lengths[first], self.lengths[second]) - 1e-9
        )
        if not possible.all():
            scores = np.zeros(first.size, dtype=np.float64)
            scores[possible] = self.jaccard(first[possible], second[possible], 0.0, chunk)
            return scores
        scores = np.zeros(first.size, dtype=np.float64)
        total = int(self.ids.max(initial=0)) + 1
        keys = np.repeat(np.arange(self.lengths.size, dtype=np.int64), self.lengths) * total + self.ids
        for lo in range(0, first.size, chunk):
            a, b = first[lo : lo + chunk], second[lo : lo + chunk]
            sizes = self.lengths[a]
            owner = np.repeat(np.arange(a.size), sizes)
            starts = np.repeat(self.offsets[a] - np.concatenate([[0], np.cumsum(sizes)[:-1]]), sizes)
            members = self.ids[np.arange(owner.size) + starts]
            wanted = b[owner] * total + members
            at = np.minimum(np.searchsorted(keys, wanted), keys.size - 1)
            common = np.bincount(owner, weights=keys[at] == wanted, minlength=a.size)
            union = sizes + self.lengths[b] - common
            scores[lo : lo + chunk] = np.where(union > 0, common / np.maximum(union, 1), 0.0)
        return scores


def _shingle_sets(bodies: list[str | None], over: str, size: int) -> ShingleSets:
    """Terms as the stored signatures saw them, shingled as `text.shingles.shingles` does, with
    exact integer ids for distinct shingles."""
    vocabulary: dict[str, int] = {}
    term_ids: list[int] = []
    offsets = [0]
    for body in bodies:
        for term in _terms(body, over):
            term_ids.append(vocabulary.setdefault(term, len(vocabulary)))
        offsets.append(len(term_ids))
    terms = np.asarray(term_ids, dtype=np.int64)
    bounds = np.asarray(offsets, dtype=np.int64)
    lengths = np.diff(bounds)
    if size == 1 or terms.size == 0:
        rows, shingle = np.repeat(np.arange(lengths.size), lengths), terms[:, None]
    else:
        long = lengths >= size
        starts = np.repeat(bounds[:-1][long], lengths[long] - size + 1)
        within = np.arange(starts.size) - np.repeat(
            np.concatenate([[0], np.cumsum(lengths[long] - size + 1)[:-1]]), lengths[long] - size + 1
        )
        windows = terms[(starts + within)[:, None] + np.arange(size)[None, :]]
        short_rows = np.repeat(np.flatnonzero(~long), lengths[~long])  # shorter texts: their terms, one each
        short = np.full((short_rows.size, size), -1, dtype=np.int64)
        short_rows_of = np.flatnonzero(~long)
        short_at = [np.arange(bounds[r], bounds[r + 1]) for r in short_rows_of.tolist()]
        short[:, 0] = terms[np.concatenate(short_at)] if short_at else terms[:0]
        rows = np.concatenate([np.repeat(np.flatnonzero(long), lengths[long] - size + 1), short_rows])
        shingle = np.vstack([windows, short])
    _, ids = _distinct_rows(shingle)
    order = np.lexsort((ids.reshape(-1), rows))
    rows, ids = rows[order], ids.reshape(-1)[order]
    distinct = np.ones(rows.size, dtype=bool)
    distinct[1:] = (rows[1:] != rows[:-1]) | (ids[1:] != ids[:-1])
    rows, ids = rows[distinct], ids[distinct]
    counts = np.bincount(rows, minlength=len(bodies))
    return ShingleSets(ids.astype(np.int64), np.concatenate([[0], np.cumsum(counts)]).astype(np.int64))


def _distinct_rows(shingle: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`np.unique(shingle, axis=0, return_inverse=True)`, fast: rows of term ids (−1 padded) are
    packed into one integer when they fit in 63 bits (a 1-D sort instead of a row sort)."""
    width = shingle.shape[1]
    bits = max(1, int(shingle.max(initial=0) + 2).bit_length())
    if bits * width > 63:
        return np.unique(shingle, axis=0, return_inverse=True)
    packed = np.zeros(shingle.shape[0], dtype=np.int64)
    for column in range(width):
        packed = (packed << bits) | (shingle[:, column] + 1)
    values, inverse = np.unique(packed, return_inverse=True)
    return values, inverse.reshape(-1)


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
