"""From pairs of posts to a network: directed edges, the co-post null model, percentile
filtering, Leiden communities, cluster summaries and the evidence table.

Edge definition (the QUT toolkit's, so that results compare): the weight of A→B is the
number of distinct posts of A that have a matching post of B within the window. B→A is
counted from B's side, so the two directions differ when one account posts more. The
symmetry score min(w(A→B), w(B→A)) / max(...) is low when one side is a hyperactive account
that matches everything.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import numpy as np
import pyarrow as pa

from lockstep.analyses.coordination.model import LEIDEN_SEED, Cluster, Edge, Node
from lockstep.analyses.coordination.shares import items_filter, source_table
from lockstep.analyses.coordination.windows import MICROS, PAIRS
from lockstep.store.database import Store

KEPT = "_coord_kept"
TOP_OBJECTS = 5


def edges_from_pairs(store: Store, min_weight: int) -> list[Edge]:
    """Directed edges with weight ≥ `min_weight`, strongest first."""
    rows = store.query(
        f"""
        WITH directed AS (
            SELECT account_a AS source, account_b AS target, post_a AS source_post, t_a AS source_t, t_b AS target_t
            FROM {PAIRS}
            UNION ALL
            SELECT account_b, account_a, post_b, t_b, t_a FROM {PAIRS}
        ),
        agg AS (
            SELECT source, target, count(DISTINCT source_post) AS weight, count(*) AS pairs,
                   count(*) FILTER (WHERE source_t < target_t) AS source_first,
                   count(*) FILTER (WHERE target_t < source_t) AS target_first,
                   avg(abs(target_t - source_t)) / {MICROS} AS mean_delta_seconds,
                   median(abs(target_t - source_t)) / {MICROS} AS median_delta_seconds,
                   make_timestamp(min(least(source_t, target_t))) AS first,
                   make_timestamp(max(greatest(source_t, target_t))) AS last
            FROM directed GROUP BY source, target
        )
        SELECT a.*, r.weight AS reverse_weight
        FROM agg a JOIN agg r ON r.source = a.target AND r.target = a.source
        WHERE a.weight >= ?
        ORDER BY a.weight DESC, a.source, a.target
        """,
        [min_weight],
    )
    return [
        Edge(
            source=r["source"],
            target=r["target"],
            weight=int(r["weight"]),
            reverse_weight=int(r["reverse_weight"]),
            symmetry=min(r["weight"], r["reverse_weight"]) / max(r["weight"], r["reverse_weight"]),
            pairs=int(r["pairs"]),
            source_first=int(r["source_first"]),
            target_first=int(r["target_first"]),
            mean_delta_seconds=float(r["mean_delta_seconds"]),
            median_delta_seconds=float(r["median_delta_seconds"]),
            first=r["first"],
            last=r["last"],
        )
        for r in rows
    ]


def filter_percentile(edges: list[Edge], percentile: float | None) -> tuple[list[Edge], int | None]:
    """Keep edges whose weight is at least the `percentile`-th percentile of all weights."""
    if percentile is None or not edges:
        return edges, None
    threshold = int(np.percentile([e.weight for e in edges], percentile, method="lower"))
    return [e for e in edges if e.weight >= threshold], threshold


def add_null_model(store: Store, over: str, edges: list[Edge], window_seconds: float) -> None:
    """Co-post weight of each edge: how many posts of the source have *any* post of the target
    within the window. It bounds the edge weight from above, so weight / co-post weight says how
    much of the two accounts' simultaneous activity was the shared object."""
    accounts = sorted({e.source for e in edges} | {e.target for e in edges})
    if not accounts:
        return
    table, account, time = source_table(over)
    times: dict[str, np.ndarray] = {}
    for row in store.query(
        f"SELECT {account} AS account, list(epoch_us({time}) ORDER BY {time}) AS t FROM {table} "
        f"WHERE {items_filter(over)} AND {account} IN (SELECT unnest(?)) GROUP BY {account}",
        [accounts],
    ):
        times[row["account"]] = np.asarray(row["t"], dtype=np.int64)
    window_us = round(window_seconds * MICROS)
    for edge in edges:
        edge.copost_weight = copost_count(times[edge.source], times[edge.target], window_us)
        edge.normalised_weight = edge.weight / edge.copost_weight if edge.copost_weight else None


def copost_count(source: np.ndarray, target: np.ndarray, window_us: int) -> int:
    """Posts of `source` with at least one post of `target` within the window (both sorted)."""
    if source.size == 0 or target.size == 0:
        return 0
    after = np.searchsorted(target, source, side="left")
    next_gap = np.where(
        after < target.size, target[np.minimum(after, target.size - 1)] - source, np.iinfo(np.int64).max
    )
    prev_gap = np.where(after > 0, source - target[np.maximum(after - 1, 0)], np.iinfo(np.int64).max)
    return int(np.count_nonzero(np.minimum(next_gap, prev_gap) <= window_us))


def communities(edges: list[Edge]) -> dict[str, int]:
    """Leiden (modularity, fixed seed) on the undirected graph weighted by w(A→B) + w(B→A).
    Clusters are numbered 1, 2, … by decreasing size."""
    ig, leidenalg = _leiden_modules()
    weights: dict[tuple[str, str], int] = defaultdict(int)
    for e in edges:
        key = (e.source, e.target) if e.source < e.target else (e.target, e.source)
        weights[key] += e.weight
    if not weights:
        return {}
    names = sorted({n for pair in weights for n in pair})
    index = {n: i for i, n in enumerate(names)}
    pairs = sorted(weights)
    graph = ig.Graph(n=len(names), edges=[(index[a], index[b]) for a, b in pairs])
    graph.es["weight"] = [weights[p] for p in pairs]
    partition = leidenalg.find_partition(
        graph, leidenalg.ModularityVertexPartition, weights="weight", seed=LEIDEN_SEED
    )
    groups = sorted(
        ([names[i] for i in members] for members in partition),
        key=lambda members: (-len(members), sorted(members)),
    )
    return {name: number for number, members in enumerate(groups, 1) for name in members}


def _leiden_modules() -> tuple[Any, Any]:
    """igraph and leidenalg, imported without matplotlib: igraph imports pyplot on import when it
    can (for plotting we do not use), 0.6 s of every run. The block is lifted right after, so our
    own figures still import matplotlib; igraph's own plotting is what is given up."""
    import sys

    if "igraph" not in sys.modules and "matplotlib" not in sys.modules:
        sys.modules["matplotlib"] = None  # type: ignore[assignment]  # makes `import matplotlib` fail
        try:
            import igraph
        finally:
            del sys.modules["matplotlib"]
    import igraph
    import leidenalg

    return igraph, leidenalg


def register_kept(store: Store, edges: list[Edge], membership: dict[str, int]) -> None:
    """The kept account pairs (unordered: `lo` < `hi`) as a temporary table, so evidence and
    summaries join only on them; a pair is kept when either direction is."""
    pairs = sorted({(min(e.source, e.target), max(e.source, e.target)) for e in edges})
    table = pa.table(
        {
            "lo": [a for a, _ in pairs],
            "hi": [b for _, b in pairs],
            "cluster_lo": [membership.get(a) for a, _ in pairs],
            "cluster_hi": [membership.get(b) for _, b in pairs],
        },
        schema=pa.schema(
            [("lo", pa.string()), ("hi", pa.string()), ("cluster_lo", pa.int64()), ("cluster_hi", pa.int64())]
        ),
    )
    store.con.register("_coord_kept_arrow", table)
    try:
        store.execute(f"CREATE OR REPLACE TEMP TABLE {KEPT} AS SELECT * FROM _coord_kept_arrow")
    finally:
        store.con.unregister("_coord_kept_arrow")


_JOIN_KEPT = (
    f"JOIN {KEPT} k ON k.lo = least(p.account_a, p.account_b) AND k.hi = greatest(p.account_a, p.account_b)"
)


def summarise_clusters(store: Store, edges: list[Edge], membership: dict[str, int]) -> list[Cluster]:
    """Size, members (strongest first), internal edges and weight, top objects, time span."""
    strength: dict[str, int] = defaultdict(int)
    for e in edges:
        strength[e.source] += e.weight
    members: dict[int, list[str]] = defaultdict(list)
    for name, number in membership.items():
        members[number].append(name)
    internal = [e for e in edges if membership.get(e.source) == membership.get(e.target)]
    spans = {
        int(r["cluster"]): r
        for r in store.query(
            f"""
            SELECT k.cluster_lo AS cluster, make_timestamp(min(p.t_a)) AS first, make_timestamp(max(p.t_b)) AS last
            FROM {PAIRS} p {_JOIN_KEPT}
            WHERE k.cluster_lo = k.cluster_hi GROUP BY k.cluster_lo
            """
        )
    }
    top: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for r in store.query(
        f"""
        WITH inside AS (
            SELECT k.cluster_lo AS cluster, unnest(p.objects) AS object
            FROM {PAIRS} p {_JOIN_KEPT}
            WHERE k.cluster_lo = k.cluster_hi
        ),
        counted AS (
            SELECT cluster, object, count(*) AS pairs,
                   row_number() OVER (PARTITION BY cluster ORDER BY count(*) DESC, object) AS rank
            FROM inside GROUP BY cluster, object
        )
        SELECT cluster, object, pairs FROM counted WHERE rank <= {TOP_OBJECTS} ORDER BY cluster, rank
        """
    ):
        top[int(r["cluster"])].append({"object": r["object"], "pairs": int(r["pairs"])})
    clusters = []
    for number in sorted(members):
        inside = [e for e in internal if membership[e.source] == number]
        span = spans.get(number)
        clusters.append(
            Cluster(
                id=number,
                size=len(members[number]),
                members=sorted(members[number], key=lambda n: (-strength[n], n)),
                edges=len(inside),
                weight=sum(e.weight for e in inside),
                top_objects=top.get(number, []),
                first=span["first"] if span else None,
                last=span["last"] if span else None,
            )
        )
    return clusters


def build_nodes(
    store: Store, over: str, shares: str, edges: list[Edge], membership: dict[str, int]
) -> list[Node]:
    """One node per account on a kept edge, with its name and how many of its items shared objects."""
    out_weight: dict[str, int] = defaultdict(int)
    in_weight: dict[str, int] = defaultdict(int)
    for e in edges:
        out_weight[e.source] += e.weight
        in_weight[e.target] += e.weight
    accounts = sorted(out_weight.keys() | in_weight.keys())
    if not accounts:
        return []
    if over == "posts":
        names_sql = "SELECT account, max(account_name) AS name FROM posts WHERE account IN (SELECT unnest(?)) GROUP BY account"
    else:
        names_sql = "SELECT id AS account, name FROM outlets WHERE id IN (SELECT unnest(?))"
    names = {r["account"]: r["name"] for r in store.query(names_sql, [accounts])}
    posts = {
        r["account"]: int(r["n"])
        for r in store.query(
            f"SELECT account, count(DISTINCT post) AS n FROM {shares} WHERE account IN (SELECT unnest(?)) GROUP BY account",
            [accounts],
        )
    }
    return [
        Node(
            account=a,
            name=names.get(a),
            posts=posts.get(a, 0),
            out_weight=out_weight[a],
            in_weight=in_weight[a],
            cluster=membership.get(a),
        )
        for a in accounts
    ]


def evidence_table(store: Store, over: str) -> pa.Table:
    """Every pair of posts behind a kept edge, with ids, times, accounts, shared objects, URLs
    and where each post came from (file and record). The posts involved are looked up in one pass
    over the source table, then joined twice (a scan of millions of posts per side was the cost)."""
    table, _, _ = source_table(over)
    result = store.con.sql(
        f"""
        WITH kept AS (SELECT p.* FROM {PAIRS} p {_JOIN_KEPT}),
        involved AS (
            SELECT id, {_urls_sql("x", over)} AS urls, left(x.text, 280) AS text,
                   x.source_file || ' ' || coalesce(x.source_record, '') AS record
            FROM {table} x
            WHERE id IN (SELECT post_a FROM kept UNION SELECT post_b FROM kept)
        )
        SELECT p.account_a, p.post_a, make_timestamp(p.t_a) AS time_a,
               p.account_b, p.post_b, make_timestamp(p.t_b) AS time_b,
               (p.t_b - p.t_a) / {MICROS} AS delta_seconds,
               array_to_string(p.objects, ' | ') AS objects,
               xa.urls AS urls_a, xb.urls AS urls_b, xa.text AS text_a, xb.text AS text_b,
               xa.record AS record_a, xb.record AS record_b
        FROM kept p
        JOIN involved xa ON xa.id = p.post_a
        JOIN involved xb ON xb.id = p.post_b
        ORDER BY p.account_a, p.account_b, p.t_a, p.post_a, p.post_b
        """
    ).to_arrow_table()
    return result


def _urls_sql(alias: str, over: str) -> str:
    """The links of an item as one space-separated string (a document's own URL first)."""
    if over == "posts":
        return f"array_to_string({alias}.urls, ' ')"
    return f"concat_ws(' ', {alias}.url, array_to_string({alias}.urls, ' '))"
