"""Files beside a coordination network: edges, nodes and evidence as CSV and Parquet, the graph as
GraphML and GEXF (Gephi opens both), and a PNG of the network coloured by cluster.

Evidence goes next to the graph because the first thing an analyst asks of an edge is which
posts it stands on; the evidence file has the post ids, times, accounts, shared objects, URLs
and the source file and record of each post.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from pathlib import Path
from typing import Any

import networkx as nx
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.parquet as pq

from lockstep.analyses.coordination.model import Result
from lockstep.outputs.plots import png_bytes

#: Nodes drawn in the PNG; a larger network is cut to its strongest accounts (the files keep all).
MAX_DRAWN_NODES = 300


def graph(result: Result) -> nx.DiGraph:
    """The network as a networkx graph with every edge and node field as an attribute."""
    g = nx.DiGraph(kind=str(result.parameters["kind"]), window_seconds=float(result.parameters["window"]))
    for node in result.nodes:
        g.add_node(node.account, **_attributes(asdict(node)))
    for edge in result.edges:
        g.add_edge(edge.source, edge.target, **_attributes(asdict(edge)))
    return g


def _attributes(row: dict[str, Any]) -> dict[str, Any]:
    """GraphML and GEXF take str, int, float and bool only; None is left out, times become ISO."""
    attributes: dict[str, Any] = {}
    for key, value in row.items():
        if value is None or key in ("source", "target", "account"):
            continue
        if isinstance(value, dt.datetime):
            value = value.isoformat()
        attributes[key] = value
    return attributes


def write_exports(result: Result, folder: Path) -> dict[str, str]:
    """Write every export into `folder`; returns {what: path}."""
    folder.mkdir(parents=True, exist_ok=True)
    stem = f"coordination-{result.parameters['kind']}"
    edges = _table([asdict(e) for e in result.edges], _EDGE_FIELDS)
    nodes = _table([asdict(n) for n in result.nodes], _NODE_FIELDS)
    written = {
        "edges_csv": folder / f"{stem}-edges.csv",
        "edges_parquet": folder / f"{stem}-edges.parquet",
        "nodes_csv": folder / f"{stem}-nodes.csv",
        "evidence_csv": folder / f"{stem}-evidence.csv",
        "evidence_parquet": folder / f"{stem}-evidence.parquet",
        "graphml": folder / f"{stem}.graphml",
        "gexf": folder / f"{stem}.gexf",
        "png": folder / f"{stem}.png",
    }
    pacsv.write_csv(edges, written["edges_csv"])
    pq.write_table(edges, written["edges_parquet"])
    pacsv.write_csv(nodes, written["nodes_csv"])
    pacsv.write_csv(result.evidence, written["evidence_csv"])
    pq.write_table(result.evidence, written["evidence_parquet"])
    g = graph(result)
    nx.write_graphml(g, written["graphml"])
    nx.write_gexf(g, written["gexf"])
    picture = network_png(result)
    if picture is None:
        written.pop("png")
    else:
        written["png"].write_bytes(picture)
    return {key: str(path) for key, path in written.items()}


_EDGE_FIELDS = [
    ("source", pa.string()),
    ("target", pa.string()),
    ("weight", pa.int64()),
    ("reverse_weight", pa.int64()),
    ("symmetry", pa.float64()),
    ("pairs", pa.int64()),
    ("source_first", pa.int64()),
    ("target_first", pa.int64()),
    ("mean_delta_seconds", pa.float64()),
    ("median_delta_seconds", pa.float64()),
    ("first", pa.timestamp("us")),
    ("last", pa.timestamp("us")),
    ("copost_weight", pa.int64()),
    ("normalised_weight", pa.float64()),
]
_NODE_FIELDS = [
    ("account", pa.string()),
    ("name", pa.string()),
    ("posts", pa.int64()),
    ("out_weight", pa.int64()),
    ("in_weight", pa.int64()),
    ("cluster", pa.int64()),
]


def _table(rows: list[dict[str, Any]], fields: list[tuple[str, pa.DataType]]) -> pa.Table:
    schema = pa.schema(fields)
    return pa.table({name: [row[name] for row in rows] for name, _ in fields}, schema=schema)


def network_png(result: Result, title: str | None = None) -> bytes | None:
    """The network drawn with a seeded spring layout, nodes coloured by cluster and sized by
    strength, edges as wide as their weight. None when there is no edge."""
    if not result.edges:
        return None
    import matplotlib.pyplot as plt

    strength = {n.account: n.out_weight + n.in_weight for n in result.nodes}
    drawn = set(sorted(strength, key=lambda a: (-strength[a], a))[:MAX_DRAWN_NODES])
    g = nx.Graph()
    for edge in result.edges:
        if edge.source in drawn and edge.target in drawn:
            previous = g.get_edge_data(edge.source, edge.target, {"weight": 0})["weight"]
            g.add_edge(edge.source, edge.target, weight=previous + edge.weight)
    cluster = {n.account: n.cluster or 0 for n in result.nodes}
    layout = nx.spring_layout(g, seed=7, weight="weight")
    fig, ax = plt.subplots(figsize=(7.5, 6))
    palette = plt.get_cmap("tab20")
    nodes = sorted(g.nodes)
    top = max((e[2]["weight"] for e in g.edges(data=True)), default=1)
    nx.draw_networkx_edges(
        g, layout, ax=ax, alpha=0.35, width=[0.5 + 3 * d["weight"] / top for _, _, d in g.edges(data=True)]
    )
    nx.draw_networkx_nodes(
        g,
        layout,
        nodelist=nodes,
        ax=ax,
        node_color=[palette((cluster[n] - 1) % 20) if cluster[n] else "#999999" for n in nodes],
        node_size=[40 + 400 * strength[n] / max(strength.values()) for n in nodes],
    )
    if len(nodes) <= 40:
        nx.draw_networkx_labels(g, layout, ax=ax, font_size=7)
    kind = result.parameters["kind"]
    shown = (
        ""
        if len(strength) <= MAX_DRAWN_NODES
        else f" (strongest {MAX_DRAWN_NODES} of {len(strength)} accounts)"
    )
    ax.set_title(
        title or f"co-{kind} network, window {result.parameters['window']} s{shown}; colour = cluster"
    )
    ax.axis("off")
    return png_bytes(fig)
