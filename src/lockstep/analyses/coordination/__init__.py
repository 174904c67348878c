"""Coordination: which accounts (or outlets) post the same link, repost, hashtag, reply target
or (nearly) the same text within a short time of each other, again and again?

Inputs: the `posts` table (or `documents`, with outlets as accounts: `over="documents"`).
Parameters (defaults and why in `model.py` and docs/coordination.md):
- `kind`: link | repost | hashtag | text | similar-text | reply — what two posts must share.
- `window` (seconds, default 60; None = estimate from the data): sliding, |Δt| ≤ window.
- `min_weight` (default 2): an edge A→B needs that many distinct posts of A matched by B;
  accounts with fewer posts are pruned before the join (without changing the result).
- `similarity` (default 0.8) and `shingle` (default 3) for similar-text: exact Jaccard of the
  shingle sets; `candidates` (default auto): prefix filtering (exact) or MinHash-LSH.
- `percentile` (default none): keep edges whose weight reaches this weight percentile.
- `null_model` (default off): the co-post weight of each edge (posts of A with any post of B in
  the window) and weight / co-post weight.
Outputs (`Result`): directed edges (weight, reverse weight, symmetry, who posted first, mean and
median |Δt|, first/last time), nodes, Leiden clusters with their top objects and time span, and
the evidence: every pair of posts behind every kept edge.

Modules: `shares` (objects per network type), `windows` (the sliding join, window
estimation), `similarity` (prefix-filter or LSH candidates + exact verification), `networks` (edges, null model, communities,
evidence), `model` (dataclasses).
"""

from __future__ import annotations

from dataclasses import asdict

import pyarrow as pa

from lockstep.analyses.coordination.model import KINDS, Parameters, Result
from lockstep.analyses.coordination.networks import (
    KEPT,
    add_null_model,
    build_nodes,
    communities,
    edges_from_pairs,
    evidence_table,
    filter_percentile,
    register_kept,
    summarise_clusters,
)
from lockstep.analyses.coordination.shares import SHARES, build_shares, count_items, prune_shares
from lockstep.analyses.coordination.similarity import CANDIDATE_METHODS, build_similar_pairs
from lockstep.analyses.coordination.windows import PAIRS, build_pairs, estimate_window
from lockstep.errors import InputError
from lockstep.store.database import Store

__all__ = ["KINDS", "Parameters", "Result", "coordination", "evidence_between", "validate_parameters"]

_TEMP_TABLES = (SHARES, PAIRS, KEPT)


def coordination(store: Store, params: Parameters) -> Result:
    """Build the coordination network asked for, with its evidence."""
    validate_parameters(params)
    total, usable = count_items(store, params.over)
    if total == 0:
        raise InputError(str(store.path), None, f"no {params.over} in the store: ingest some first")
    notes: list[str] = []
    if usable < total:
        notes.append(
            f"{total - usable} of {total} {params.over} left aside: their date is coarser than a minute, "
            "too coarse for a window of seconds"
        )
    try:
        return _run(store, params, total, usable, notes)
    finally:
        for name in _TEMP_TABLES:
            store.execute(f"DROP TABLE IF EXISTS {name}")


def _run(store: Store, params: Parameters, total: int, usable: int, notes: list[str]) -> Result:
    parameters = asdict(params)
    window = params.window
    if window is None:
        build_shares(store, "text" if params.kind == "similar-text" else params.kind, params.over)
        window, facts = estimate_window(store, SHARES)
        parameters["window_estimate"] = facts
        notes.append(
            f"window estimated from the data: {window} s (median time to half of the shares among the "
            f"{facts['fastest_objects']} fastest of {facts['objects_shared_twice']} objects shared at least twice)"
        )
    parameters["window"] = window
    parameters["window_source"] = "given" if params.window is not None else "estimated"
    counts: dict[str, int] = {"items": total, "usable_items": usable}
    if params.kind == "similar-text":
        found = build_similar_pairs(
            store, params.over, window, params.similarity, params.shingle, params.candidates
        )
        lsh = found["method"] == "lsh"
        parameters["lsh"] = {"bands": found["bands"], "rows": found["rows"]} if lsh else None
        parameters["candidate_search"] = {
            key: found[key] for key in ("method", "index_entries", "prefix_pair_estimate")
        }
        counts.update({"shares": found["texts"], "candidate_pairs": found["candidates"]})
    else:
        build_shares(store, params.kind, params.over)
        counts["shares"] = int(store.scalar(f"SELECT count(*) FROM {SHARES}"))
        counts["accounts_below_min_weight"] = prune_shares(store, params.min_weight)
        counts["shares_after_pruning"] = int(store.scalar(f"SELECT count(*) FROM {SHARES}"))
        build_pairs(store, SHARES, window)
    counts["accounts"] = int(store.scalar(f"SELECT count(DISTINCT account) FROM {SHARES}"))
    counts["pairs"] = int(store.scalar(f"SELECT count(*) FROM {PAIRS}"))
    if counts["shares"] == 0:
        notes.append(f"no {params.over} carry a {params.kind} object: the network is empty")
    edges = edges_from_pairs(store, params.min_weight)
    edges, threshold = filter_percentile(edges, params.percentile)
    parameters["percentile_weight"] = threshold
    if params.null_model:
        add_null_model(store, params.over, edges, window)
    membership = communities(edges)
    register_kept(store, edges, membership)
    return Result(
        parameters=parameters,
        counts=counts,
        nodes=build_nodes(store, params.over, SHARES, edges, membership),
        edges=edges,
        clusters=summarise_clusters(store, edges, membership),
        evidence=evidence_table(store, params.over),
        notes=notes,
    )


def evidence_between(result: Result, first: str, second: str) -> pa.Table:
    """The evidence pairs of the edge between two accounts (both directions)."""
    import pyarrow.compute as pc

    evidence = result.evidence
    a, b = evidence.column("account_a"), evidence.column("account_b")
    mask = pc.or_(
        pc.and_(pc.equal(a, first), pc.equal(b, second)), pc.and_(pc.equal(a, second), pc.equal(b, first))
    )
    return evidence.filter(mask)


def validate_parameters(params: Parameters) -> None:
    """Refuse impossible parameters before any work (the CLI calls it before loading `--input` files)."""
    if params.kind not in KINDS:
        raise InputError("--by", None, f"unknown network type {params.kind!r}; one of {', '.join(KINDS)}")
    if params.over not in ("posts", "documents"):
        raise InputError("--over", None, "posts or documents")
    if params.over == "documents" and params.kind in ("repost", "reply"):
        raise InputError(
            "--over documents",
            None,
            f"documents have no {params.kind}s; use link, hashtag, text or similar-text",
        )
    if params.window is not None and params.window < 0:
        raise InputError("--window", None, "the window is a number of seconds ≥ 0, or auto")
    if params.min_weight < 1:
        raise InputError("--min-weight", None, "at least 1")
    if not 0 < params.similarity <= 1:
        raise InputError("--similarity", None, "a Jaccard similarity in (0, 1]")
    if not 1 <= params.shingle <= 5:
        raise InputError("--shingle", None, "shingles of 1 to 5 terms")
    if params.candidates not in CANDIDATE_METHODS:
        raise InputError("--candidates", params.candidates, f"one of {', '.join(CANDIDATE_METHODS)}")
    if params.percentile is not None and not 0 <= params.percentile <= 100:
        raise InputError("--percentile", None, "a percentile in [0, 100]")
