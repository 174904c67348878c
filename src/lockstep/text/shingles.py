"""Shingle sets and MinHash signatures of any shingle size, for near-duplicate co-text.

The store keeps 3-term shingle signatures (`text.fingerprints`), computed at ingest. Other
shingle sizes (1 = the set of words, the QUT toolkit's representation) are computed here on
the fly. Verification uses the shingles themselves (tuples of terms), not their hashes, so a
hash collision can never make two different texts look more alike than they are.
"""

from __future__ import annotations

import zlib

import numpy as np

from lockstep.text.fingerprints import NUM_PERM, minhash

_rng = np.random.default_rng(20260604)  # fixed: the same text must give the same signature in every run
_A = _rng.integers(1, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)


def shingles(terms: list[str], size: int) -> frozenset[tuple[str, ...]]:
    """The set of `size`-term windows; a text shorter than `size` terms is its terms (one each),
    as the stored signatures treat it."""
    if len(terms) < size:
        return frozenset((term,) for term in terms)
    return frozenset(tuple(terms[i : i + size]) for i in range(len(terms) - size + 1))


def jaccard(a: frozenset[tuple[str, ...]], b: frozenset[tuple[str, ...]]) -> float:
    """|a ∩ b| / |a ∪ b|; 0 for two empty sets (nothing to compare is not a match)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def signature(terms: list[str], size: int) -> np.ndarray:
    """A NUM_PERM-value uint32 MinHash of the `size`-shingles. Size 3 is the stored signature."""
    if size == 3:
        return minhash(terms)
    items = shingles(terms, size)
    if not items:
        return np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)
    hashes = np.fromiter(
        (zlib.crc32("\x1f".join(item).encode("utf-8")) for item in items), dtype=np.uint64, count=len(items)
    )
    with np.errstate(over="ignore"):
        mixed = hashes * np.uint64(0x9E3779B97F4A7C15)
        permuted = (mixed[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return permuted.min(axis=0).astype(np.uint32)
