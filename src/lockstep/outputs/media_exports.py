"""Graph exports of the citations analysis (GraphML, GEXF) for Gephi, Cytoscape or networkx.

Nodes are `outlet:<id>`, `<actor kind>:<id>`, `country:<code>` or `unresolved:<phrase>`; edges
carry the document count, first and last date, and the evidence document ids (capped, the full
list is in `citations --json`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import networkx as nx

from lockstep.errors import InputError

EXPORT_FORMATS = ("graphml", "gexf")
#: Evidence ids written per edge; graph tools choke on very long attributes.
MAX_EDGE_EVIDENCE = 50


def citation_graph(result: Any) -> nx.DiGraph:
    """The directed graph citing group → cited source of a `CitationsResult`."""
    graph = nx.DiGraph()
    prefix = "outlet:" if result.parameters["by"] == "outlet" else "country:"
    for edge in result.edges:
        source = prefix + edge.source
        graph.add_node(source, label=edge.source_label, kind="outlet" if prefix == "outlet:" else "country")
        graph.add_node(
            edge.target,
            label=edge.target_label,
            kind=edge.target_kind,
            country=edge.target_country or "",
            state_affiliated=str(edge.target_state_affiliated).lower()
            if edge.target_state_affiliated is not None
            else "",
        )
        graph.add_edge(
            source,
            edge.target,
            documents=edge.documents,
            first=edge.first or "",
            last=edge.last or "",
            self_citation=edge.self_citation,
            evidence=" ".join(edge.doc_ids[:MAX_EDGE_EVIDENCE]),
        )
    return graph


def export_format(path: Path) -> str:
    """The export format named by the file's suffix, or InputError."""
    suffix = path.suffix.lstrip(".").lower()
    if suffix not in EXPORT_FORMATS:
        raise InputError(
            str(path), None, f"export format from the file name: expected .{' or .'.join(EXPORT_FORMATS)}"
        )
    return suffix


def write_graph(graph: nx.DiGraph, path: Path) -> None:
    fmt = export_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt == "graphml":
        nx.write_graphml(graph, path)
    else:
        nx.write_gexf(graph, path)
