"""Report sections of the coordination capability: the co-link network of the stored posts, its
clusters and the pairs of posts behind its strongest edges.

Co-link with the default window (60 s) and minimum weight (2) is shown because links are what
coordinated amplification pushes most often and the network every peer tool computes first;
the other network types are one `lockstep coordination --by …` away.
"""

from __future__ import annotations

from lockstep.analyses.coordination import Parameters, coordination, evidence_between
from lockstep.analyses.coordination.model import DEFAULT_MIN_WEIGHT, DEFAULT_WINDOW
from lockstep.errors import InputError
from lockstep.outputs.coordination_export import network_png
from lockstep.outputs.report import Section, Table
from lockstep.store.database import Store

_QUESTION = "Which accounts post the same link within seconds of each other, again and again — and which posts show it?"
_EVIDENCE_EDGES = 5
_EVIDENCE_ROWS_PER_EDGE = 4


def sections(store: Store) -> list[Section]:
    """This capability's sections of the HTML report, computed from the store."""
    section = Section(
        id="coordination", title="Coordination: co-link network of accounts", question=_QUESTION
    )
    params = Parameters(kind="link", window=DEFAULT_WINDOW, min_weight=DEFAULT_MIN_WEIGHT)
    try:
        result = coordination(store, params)
    except InputError:
        section.notes.append("No posts in the store: nothing to show.")
        return [section]
    section.notes.append(
        f"Parameters: window |Δt| ≤ {params.window:g} s (sliding), minimum weight {params.min_weight} "
        "(distinct posts of the source matched by the target), links normalised (scheme, www., tracking "
        "parameters, trailing slash, fragment), reposts left out, Leiden clusters (seed 42)."
    )
    section.notes.extend(result.notes)
    if not result.edges:
        section.notes.append(
            "No pair of accounts shared links within the window often enough to form an edge."
        )
        return [section]
    picture = network_png(result)
    if picture:
        section.figures.append((f"{len(result.nodes)} accounts, {len(result.edges)} directed edges", picture))
    section.tables.append(
        Table(
            columns=["cluster", "size", "members", "edges", "weight", "top links (pairs)", "first", "last"],
            rows=[
                [
                    c.id,
                    c.size,
                    ", ".join(c.members[:15]) + (" …" if c.size > 15 else ""),
                    c.edges,
                    c.weight,
                    "; ".join(f"{o['object']} ({o['pairs']})" for o in c.top_objects[:3]),
                    str(c.first or "")[:19],
                    str(c.last or "")[:19],
                ]
                for c in result.clusters[:10]
            ],
            caption="Clusters (Leiden communities of the network)",
        )
    )
    section.tables.append(
        Table(
            columns=[
                "source",
                "target",
                "weight",
                "reverse",
                "symmetry",
                "source first",
                "median Δt (s)",
                "first",
                "last",
            ],
            rows=[
                [
                    e.source,
                    e.target,
                    e.weight,
                    e.reverse_weight,
                    f"{e.symmetry:.2f}",
                    f"{e.source_first} of {e.pairs}",
                    f"{e.median_delta_seconds:.1f}",
                    str(e.first)[:19],
                    str(e.last)[:19],
                ]
                for e in result.edges[:15]
            ],
            caption="Strongest edges (weight = posts of the source matched by the target within the window)",
        )
    )
    rows = []
    shown: set[frozenset[str]] = set()
    for edge in result.edges:
        pair = frozenset((edge.source, edge.target))
        if pair in shown:
            continue
        shown.add(pair)
        for row in evidence_between(result, edge.source, edge.target).to_pylist()[:_EVIDENCE_ROWS_PER_EDGE]:
            rows.append(
                [
                    row["account_a"],
                    row["post_a"],
                    str(row["time_a"])[:19],
                    row["account_b"],
                    row["post_b"],
                    f"{row['delta_seconds']:.0f}",
                    row["urls_a"].split(" ")[0] if row["urls_a"] else "",
                ]
            )
        if len(shown) >= _EVIDENCE_EDGES:
            break
    section.tables.append(
        Table(
            columns=["account a", "post a", "time a", "account b", "post b", "Δt (s)", "link"],
            rows=rows,
            caption=f"Evidence: pairs of posts behind the {len(shown)} strongest account pairs (all pairs: "
            "`lockstep coordination --by link --export-dir DIR` or `--evidence A B`)",
            link_column="link",
        )
    )
    return [section]
