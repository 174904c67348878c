"""MinHash signatures, computed once at ingest so near-duplicate work never re-reads text.

Why a home-made vectorised MinHash rather than datasketch: signatures must be stable across
processes and runs (Python's `hash` of a string is salted per process), and numpy over
CRC32 term hashes costs tens of microseconds per document.

Shingles are 3-term windows over the index terms (so inflection and case do not break a
match; Chinese terms are jieba words). A text shorter than 3 terms uses its terms.
"""

from __future__ import annotations

import zlib

import numpy as np

NUM_PERM = 64
SHINGLE = 3
_MASK61 = np.uint64((1 << 61) - 1)
_rng = np.random.default_rng(20260601)  # fixed: signatures stored today must match tomorrow's
_A = _rng.integers(1, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64) | np.uint64(1)
_B = _rng.integers(0, (1 << 61) - 1, size=NUM_PERM, dtype=np.uint64)
EMPTY_SIGNATURE = np.full(NUM_PERM, np.iinfo(np.uint32).max, dtype=np.uint32)


def shingle_hashes(terms: list[str]) -> np.ndarray:
    """64-bit hashes of the 3-term shingles (as a set)."""
    if not terms:
        return np.empty(0, dtype=np.uint64)
    cache = _CRC_CACHE
    base = np.fromiter((cache.get(t) or _crc(t) for t in terms), dtype=np.uint64, count=len(terms))
    if len(base) < SHINGLE:
        return np.unique(base)
    with np.errstate(over="ignore"):
        mixed = (
            base[:-2] * np.uint64(0x9E3779B97F4A7C15)
            + base[1:-1] * np.uint64(0xC2B2AE3D27D4EB4F)
            + base[2:] * np.uint64(0x165667B19E3779F9)
        )
    return np.unique(mixed)


_CRC_CACHE: dict[str, int] = {}


def _crc(term: str) -> int:
    value = zlib.crc32(term.encode("utf-8")) or 1  # 0 would read as a cache miss
    if len(_CRC_CACHE) < 500_000:
        _CRC_CACHE[term] = value
    return value


def minhash(terms: list[str]) -> np.ndarray:
    """A NUM_PERM-value uint32 signature; equal fractions of equal values estimate Jaccard."""
    hashes = shingle_hashes(terms)
    if hashes.size == 0:
        return EMPTY_SIGNATURE.copy()
    with np.errstate(over="ignore"):
        permuted = (hashes[:, None] * _A[None, :] + _B[None, :]) >> np.uint64(32)
    return permuted.min(axis=0).astype(np.uint32)


def estimated_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    return float(np.mean(a == b))
