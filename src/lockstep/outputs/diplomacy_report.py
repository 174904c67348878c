"""Report sections of the diplomacy capability: chronology, alignment, reciprocity."""

from __future__ import annotations

from lockstep.analyses.alignment import MIN_JOINT, alignment
from lockstep.analyses.chronology import timeline
from lockstep.analyses.reciprocity import merged_targets, reciprocity
from lockstep.outputs import diplomacy_plots
from lockstep.outputs.report import Section, Table
from lockstep.sources.targets import bundled_targets
from lockstep.store.database import Store

#: States shown in the report's heat map and per-year chart: the most active voters, capped so
#: that the figure stays readable (the JSON of `lockstep alignment` has the full matrix).
MAX_STATES = 12


def sections(store: Store) -> list[Section]:
    """This capability's sections of the HTML report, computed from the store."""
    return [chronology_section(store), alignment_section(store), reciprocity_section(store)]


def chronology_section(store: Store) -> Section:
    result = timeline(store, limit=300)
    section = Section(
        id="chronology",
        title="Chronology",
        question="What happened, when, by whom, with which source?",
        notes=[
            f"{result.total} events in the store; the first {len(result.events)} are listed. Dates are shown only "
            "as precisely as the source gives them (year, month or day). Every event has at least one source.",
        ],
    )
    if not result.events:
        section.notes.append(
            "No events in the store: ingest a curated events file (YAML/CSV) or a GDELT Events export."
        )
        return section
    section.tables.append(
        Table(
            ["date", "kind", "actors", "stance", "issue", "title", "quote", "source", "event id"],
            [
                [
                    e.date[: {"year": 4, "month": 7}.get(e.precision, 10)],
                    e.kind,
                    ", ".join(e.actors),
                    f"{e.stance} {e.target}" if e.stance and e.target else e.stance or "",
                    e.issue or "",
                    e.title or "",
                    e.quote or "",
                    next((s.url for s in e.sources if s.url), e.sources[0].ref),
                    e.id,
                ]
                for e in result.events
            ],
            "Events in date order (first source linked; all are in `lockstep timeline --json`)",
            link_column="source",
        )
    )
    figure = diplomacy_plots.timeline_png(result)
    if figure:
        section.figures.append(("Timeline, one lane per actor", figure))
    return section


def alignment_section(store: Store) -> Section:
    section = Section(
        id="alignment",
        title="Vote alignment",
        question="How closely do states vote and co-sign together, per issue and over time?",
    )
    if not store.scalar(
        "SELECT count(*) FROM votes WHERE position IN ('yes', 'no', 'abstain')"
    ) and not store.scalar("SELECT count(*) FROM signatures"):
        section.notes.append("No votes or signatures in the store: ingest UN votes or joint statements.")
        return section
    busiest = [
        r["country"]
        for r in store.query(
            "SELECT country, count(*) AS n FROM votes WHERE position IN ('yes', 'no', 'abstain') "
            "GROUP BY country ORDER BY n DESC, country LIMIT ?",
            [MAX_STATES],
        )
    ]
    result = alignment(store, countries=sorted(busiest) or None, by_year=True)
    half_by_pair = {
        (p.a, p.b): p.agreement
        for p in alignment(store, countries=sorted(busiest) or None, variant="half").pairs
    }
    section.notes.append(
        f"{result.votes:,} cast votes in {result.roll_calls:,} roll calls. Agreement = identical votes ÷ jointly "
        f"cast votes (strict); the half variant scores yes/no against abstain as 0.5. Absent is not a vote. "
        f"Pairs with fewer than {MIN_JOINT} joint votes are left out."
    )
    section.tables.append(
        Table(
            [
                "a",
                "b",
                "agreement (strict)",
                "agreement (half)",
                "joint votes",
                "latest disagreement",
                "vote ids",
            ],
            [
                [
                    p.a,
                    p.b,
                    f"{p.agreement:.3f}",
                    f"{half_by_pair.get((p.a, p.b), float('nan')):.3f}",
                    p.joint,
                    f"{p.evidence[0].resolution} {p.evidence[0].date}: {p.evidence[0].position_a}/{p.evidence[0].position_b}"
                    if p.evidence
                    else "",
                    ", ".join(p.evidence[0].vote_ids) if p.evidence else "",
                ]
                for p in result.pairs[:60]
            ],
            "Agreement per pair of the most active voters",
        )
    )
    if result.blocs:
        section.tables.append(
            Table(
                ["bloc", "states", "members"],
                [[i, len(b), ", ".join(b)] for i, b in enumerate(result.blocs, start=1)],
                "Blocs: Ward clustering of every state's agreement profile (all roll calls)",
            )
        )
    if result.cosignature:
        section.tables.append(
            Table(
                [
                    "a",
                    "b",
                    "same side",
                    "opposite sides",
                    "agreement",
                    "lists that are partial",
                    "statements",
                ],
                [
                    [
                        c.a,
                        c.b,
                        c.same_side,
                        c.opposite_sides,
                        c.agreement,
                        c.partial_lists,
                        ", ".join(c.statements),
                    ]
                    for c in result.cosignature[:40]
                ],
                "Co-signature of joint statements (a partial signatory list undercounts)",
            )
        )
    for caption, figure in (
        ("Agreement matrix (strict)", diplomacy_plots.agreement_heatmap(result, result.countries)),
        ("Agreement per year", diplomacy_plots.agreement_by_year(result)),
    ):
        if figure:
            section.figures.append((caption, figure))
    return section


def reciprocity_section(store: Store) -> Section:
    targets = merged_targets(store, bundled_targets())
    strict = reciprocity(store, targets)
    lenient = reciprocity(store, targets, abstain_counts_as_support=True)
    section = Section(
        id="reciprocity",
        title="Reciprocity",
        question="Where does A back B on one issue and B back A on another, in which order?",
        notes=[
            "Support: an event whose stance supports a target; voting against a resolution that condemns the "
            "target (targets table, data not code); signing a statement supportive of the target. "
            f"{strict.relations} support relations; {len(strict.pairs)} pairs back each other on different issues "
            f"({len(lenient.pairs)} if an abstention on a condemnation counts as support).",
        ],
    )
    rows = []
    for label, result in (("no", strict), ("yes", lenient)):
        for pair in result.pairs[:20]:
            for e in pair.exchanges:
                rows.append(
                    [label, f"{pair.a} ⇄ {pair.b}", e.first_date, e.first_mover, e.first_issue, e.second_date,
                     e.second_mover, e.second_issue, e.lag_days]
                )  # fmt: skip
    if not rows:
        section.notes.append("No pair of states supports each other on different issues in the store.")
        return section
    section.tables.append(
        Table(
            ["abstain counts", "pair", "first", "who", "issue", "then", "who", "issue", "lag (days)"],
            rows,
            "Exchanges in time order",
        )
    )
    evidence = [
        [f"{d.supporter} → {d.supported}", d.issue, s.date or "", s.via, s.ref, s.detail, s.evidence_id, s.source_url or ""]
        for pair in lenient.pairs[:10]
        for d in pair.directions
        for s in d.evidence[:5]
    ]  # fmt: skip
    section.tables.append(
        Table(
            ["support", "issue", "date", "via", "ref", "detail", "evidence id", "source"],
            evidence,
            "Evidence rows (abstentions counted)",
            link_column="source",
        )
    )
    figure = diplomacy_plots.exchanges_png(lenient)
    if figure:
        section.figures.append(("First support in each direction, by issue", figure))
    return section
