"""The parameters and findings of a coordination analysis (plain dataclasses, JSON-ready)."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import pyarrow as pa

Kind = Literal["link", "repost", "hashtag", "text", "similar-text", "reply"]
Over = Literal["posts", "documents"]
KINDS: tuple[str, ...] = ("link", "repost", "hashtag", "text", "similar-text", "reply")

#: Default window in seconds: the QUT toolkit's documented example window, wide enough for
#: scheduled or scripted posting, narrow enough that organic sharing rarely fills it twice.
DEFAULT_WINDOW = 60
#: Edges need at least this many of the source's posts matched: one coincidence is not a pattern.
DEFAULT_MIN_WEIGHT = 2
#: Jaccard of 3-term shingle sets: at 0.8 a reworded copy still matches, a shared phrase does not.
DEFAULT_SIMILARITY = 0.8
#: Leiden is randomised; a fixed seed makes the same store give the same clusters.
LEIDEN_SEED = 42


@dataclass(frozen=True)
class Parameters:
    """What the analyst asked for. `window` is seconds, or None for `--window auto`."""

    kind: Kind
    over: Over = "posts"
    window: float | None = DEFAULT_WINDOW
    min_weight: int = DEFAULT_MIN_WEIGHT
    similarity: float = DEFAULT_SIMILARITY
    shingle: int = 3
    percentile: float | None = None
    null_model: bool = False
    candidates: str = "auto"


@dataclass
class Edge:
    """Directed: `weight` counts the distinct posts of `source` matched by a post of `target`."""

    source: str
    target: str
    weight: int
    reverse_weight: int
    symmetry: float
    pairs: int
    source_first: int
    target_first: int
    mean_delta_seconds: float
    median_delta_seconds: float
    first: dt.datetime
    last: dt.datetime
    copost_weight: int | None = None
    normalised_weight: float | None = None


@dataclass
class Node:
    account: str
    name: str | None
    posts: int
    out_weight: int
    in_weight: int
    cluster: int | None


@dataclass
class Cluster:
    id: int
    size: int
    members: list[str]
    edges: int
    weight: int
    top_objects: list[dict[str, Any]]
    first: dt.datetime | None
    last: dt.datetime | None


@dataclass
class Result:
    """The network with its evidence.

    `evidence` holds one row per pair of posts behind the kept edges (an Arrow table, since a
    large network has millions); `counts` says what was read, pruned and joined; `notes` say
    in words what was left aside and why.
    """

    parameters: dict[str, Any]
    counts: dict[str, int]
    nodes: list[Node]
    edges: list[Edge]
    clusters: list[Cluster]
    evidence: pa.Table
    notes: list[str] = field(default_factory=list)

    def as_dict(self, evidence_per_edge: int = 3) -> dict[str, Any]:
        """JSON-ready; each edge carries a few of its evidence pairs (all are in the exports)."""
        samples = sample_evidence(self.evidence, evidence_per_edge)
        edges = []
        for edge in self.edges:
            row = asdict(edge)
            row["evidence_sample"] = samples.get((edge.source, edge.target), [])
            edges.append(row)
        return {
            "parameters": self.parameters,
            "counts": self.counts,
            "nodes": [asdict(n) for n in self.nodes],
            "edges": edges,
            "clusters": [asdict(c) for c in self.clusters],
            "evidence_pairs": self.evidence.num_rows,
            "notes": self.notes,
        }


def sample_evidence(evidence: pa.Table, per_edge: int) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """The first `per_edge` evidence pairs of each edge, keyed both ways (edges are directed)."""
    samples: dict[tuple[str, str], list[dict[str, Any]]] = {}
    if per_edge <= 0:
        return samples
    for row in evidence.to_pylist():
        for key in ((row["account_a"], row["account_b"]), (row["account_b"], row["account_a"])):
            bucket = samples.setdefault(key, [])
            if len(bucket) < per_edge:
                bucket.append(row)
    return samples
