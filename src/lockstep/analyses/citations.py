"""Citations: who cites whom — which outlets and officials each outlet quotes or credits as its source.

Inputs: documents (title and text), the outlet catalogue (country, state affiliation) and the
actors catalogue (kind, country), with every alias in every language.

Method: `lockstep.text.attributions` extracts attribution cues sentence by sentence (English,
Russian, Chinese) and resolves each source phrase to a catalogue entry — a bare ministry ("外交部",
"the Foreign Ministry") to the citing outlet's own country's ministry; unresolved phrases are
kept as `unresolved:<phrase>` targets and counted. Each (citing group, target) pair becomes a
directed edge with its count, first and last date and the documents behind it.

Parameters (defaults and why):
- `by = "outlet"`: the citing node is the outlet; `country` merges a state's outlets.
- `count = "documents"`: an edge counts documents, not sentences — an article quoting Zakharova
  five times is one citation of her (sentences are kept in the evidence).
- `include_self = False` for the sourcing shares: an outlet crediting its own correspondent is not
  sourcing from anyone; self-citation edges are still listed, flagged `self_citation`.
- `examples_per_edge = 3`: sentences shown per edge; every document id is kept.

Foreign-state sourcing: per citing outlet, the share of its attributions (documents × targets, all
of them, unresolved included, self-citations excluded) whose target belongs to another state —
an actor whose country differs from the outlet's (officials, ministries, the state itself), or
a state-affiliated outlet of another country — broken down by that country. Outlets of unknown
country are left out of this share (the comparison needs their country).

Outputs: `CitationsResult` — totals, edges with evidence, per-outlet sourcing shares, the most
frequent unresolved source phrases.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from lockstep.store.citation_queries import attribution_documents, catalogue_entries, outlet_profiles
from lockstep.store.database import Store
from lockstep.store.lexicon_queries import DocumentFilter
from lockstep.text.attributions import CatalogueEntry, Resolution, SourceResolver, extract_attributions

DEFAULT_EXAMPLES_PER_EDGE = 3
MAX_UNRESOLVED_LISTED = 50


@dataclass
class CitationExample:
    doc_id: str
    url: str | None
    published_at: str | None
    source: str  # the phrase as written
    sentence: str


@dataclass
class CitationEdge:
    source: str  # citing group (outlet id or country)
    source_label: str
    target: str  # "outlet:<id>", "<actor kind>:<id>" or "unresolved:<phrase>"
    target_label: str
    target_kind: str  # outlet, person, organisation, state, unresolved
    target_country: str | None
    target_state_affiliated: bool | None
    documents: int
    first: str | None
    last: str | None
    self_citation: bool
    doc_ids: list[str]
    examples: list[CitationExample] = field(default_factory=list)


@dataclass
class OutletSourcing:
    group: str
    label: str
    country: str | None
    attributions: int  # documents × targets, self-citations excluded
    resolved: int
    unresolved: int
    foreign_state: int
    foreign_state_share: float | None
    by_country: dict[str, dict[str, float]]  # country -> {"attributions": n, "share": s}


@dataclass
class CitationsResult:
    parameters: dict[str, Any]
    documents_scanned: int
    documents_with_attributions: int
    attributions: int
    resolved: int
    unresolved: int
    edges: list[CitationEdge]
    outlets: list[OutletSourcing]
    unresolved_sources: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def resolver_for(store: Store) -> SourceResolver:
    return SourceResolver(
        CatalogueEntry(
            kind=r["kind"],
            id=r["id"],
            name=r["name"],
            country=r["country"],
            state_affiliated=r["state_affiliated"],
            aliases=tuple(r["aliases"] or ()),
        )
        for r in catalogue_entries(store)
    )


def citations_analysis(
    store: Store,
    *,
    by: str = "outlet",
    where: DocumentFilter | None = None,
    examples_per_edge: int = DEFAULT_EXAMPLES_PER_EDGE,
) -> CitationsResult:
    resolver = resolver_for(store)
    profiles = outlet_profiles(store)
    edges: dict[tuple[str, str], CitationEdge] = {}
    labels: dict[str, str] = {}
    unresolved_phrases: Counter[str] = Counter()
    scanned = with_attributions = 0
    for page in attribution_documents(store, where):
        for doc in page:
            scanned += 1
            body = doc["text"]
            if doc["title"] and not body.startswith(doc["title"]):
                body = f"{doc['title']}\n{body}"
            found = extract_attributions(body)
            if not found:
                continue
            with_attributions += 1
            profile = profiles.get(doc["outlet_id"], {})
            group = doc["outlet_id"] if by == "outlet" else (profile.get("country") or "?")
            labels[group] = doc["outlet"] if by == "outlet" else group
            seen_targets: set[str] = set()
            for attribution in found:
                resolution = resolver.resolve(
                    attribution.source, profile.get("country"), attribution.sentence
                )
                target = _target(resolution, attribution.source)
                if resolution is None:
                    unresolved_phrases[attribution.source] += 1
                edge = edges.get((group, target))
                if edge is None:
                    edge = edges[(group, target)] = _new_edge(
                        group, target, resolution, attribution.source, doc, profile, by
                    )
                if target not in seen_targets:
                    seen_targets.add(target)
                    _add(edge, doc)
                if len(edge.examples) < examples_per_edge and all(
                    e.doc_id != doc["id"] for e in edge.examples
                ):
                    edge.examples.append(
                        CitationExample(
                            doc["id"],
                            doc["url"],
                            _iso(doc["published_at"]),
                            attribution.source,
                            attribution.sentence[:400],
                        )
                    )
    for (group, _), edge in edges.items():
        edge.source_label = labels[group]
    ordered = sorted(edges.values(), key=lambda e: (-e.documents, e.source, e.target))
    total = sum(e.documents for e in ordered)
    unresolved = sum(e.documents for e in ordered if e.target_kind == "unresolved")
    return CitationsResult(
        parameters={"by": by, "count": "documents", "examples_per_edge": examples_per_edge},
        documents_scanned=scanned,
        documents_with_attributions=with_attributions,
        attributions=total,
        resolved=total - unresolved,
        unresolved=unresolved,
        edges=ordered,
        outlets=_sourcing(ordered, profiles, by),
        unresolved_sources=[
            {"source": phrase, "sentences": n}
            for phrase, n in unresolved_phrases.most_common(MAX_UNRESOLVED_LISTED)
        ],
    )


def _target(resolution: Resolution | None, phrase: str) -> str:
    if resolution is None:
        return "unresolved:" + " ".join(phrase.split())
    return f"{resolution.kind}:{resolution.id}"


def _new_edge(
    group: str,
    target: str,
    resolution: Resolution | None,
    phrase: str,
    doc: dict[str, Any],
    profile: dict[str, Any],
    by: str,
) -> CitationEdge:
    if resolution is None:
        kind, label, country, state = "unresolved", " ".join(phrase.split()), None, None
    else:
        kind, label, country, state = (
            resolution.kind,
            resolution.name,
            resolution.country,
            resolution.state_affiliated,
        )
    self_citation = (
        resolution is not None
        and resolution.kind == "outlet"
        and (resolution.id == doc["outlet_id"] if by == "outlet" else False)
    )
    return CitationEdge(
        source=group,
        source_label=group,
        target=target,
        target_label=label,
        target_kind=kind,
        target_country=country,
        target_state_affiliated=state,
        documents=0,
        first=None,
        last=None,
        self_citation=self_citation,
        doc_ids=[],
    )


def _add(edge: CitationEdge, doc: dict[str, Any]) -> None:
    edge.documents += 1
    edge.doc_ids.append(doc["id"])
    when = _iso(doc["published_at"])
    if when:
        edge.first = min(edge.first or when, when)
        edge.last = max(edge.last or when, when)


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def is_foreign_state(edge: CitationEdge, own_country: str | None) -> bool:
    """Whether the edge's target belongs to a state other than `own_country` (rule in the docstring)."""
    if own_country is None or edge.target_country in (None, own_country):
        return False
    if edge.target_kind == "outlet":
        return bool(edge.target_state_affiliated)
    return edge.target_kind in ("person", "organisation", "state")


def _sourcing(
    edges: list[CitationEdge], profiles: dict[str, dict[str, Any]], by: str
) -> list[OutletSourcing]:
    grouped: dict[str, list[CitationEdge]] = defaultdict(list)
    for edge in edges:
        if not edge.self_citation:
            grouped[edge.source].append(edge)
    rows = []
    for group, group_edges in grouped.items():
        country = (
            profiles.get(group, {}).get("country") if by == "outlet" else (None if group == "?" else group)
        )
        total = sum(e.documents for e in group_edges)
        unresolved = sum(e.documents for e in group_edges if e.target_kind == "unresolved")
        foreign: Counter[str] = Counter()
        for edge in group_edges:
            if is_foreign_state(edge, country):
                foreign[str(edge.target_country)] += edge.documents
        n_foreign = sum(foreign.values())
        rows.append(
            OutletSourcing(
                group=group,
                label=group_edges[0].source_label,
                country=country,
                attributions=total,
                resolved=total - unresolved,
                unresolved=unresolved,
                foreign_state=n_foreign,
                foreign_state_share=round(n_foreign / total, 4) if total and country else None,
                by_country={
                    c: {"attributions": n, "share": round(n / total, 4)} for c, n in foreign.most_common()
                },
            )
        )
    return sorted(rows, key=lambda r: (-(r.foreign_state_share or 0), -r.attributions, r.group))


def sourcing_shares(result: CitationsResult) -> list[tuple[str, dict[str, float]]]:
    """Per citing group, shares of its attributions: own side, each foreign state, unresolved."""
    rows = []
    for row in result.outlets:
        shares: dict[str, float] = {}
        for edge in result.edges:
            if edge.source != row.group or edge.self_citation or not row.attributions:
                continue
            if edge.target_kind == "unresolved":
                kind = "unresolved"
            elif is_foreign_state(edge, row.country):
                kind = f"foreign state: {edge.target_country}"
            else:
                kind = "other resolved"
            shares[kind] = shares.get(kind, 0.0) + edge.documents / row.attributions
        rows.append((row.label, shares))
    return rows
