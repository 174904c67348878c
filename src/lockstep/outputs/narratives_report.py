"""Report sections of the narratives capability: which stored documents carry each bundled
narrative, where it first appeared and how it spread (cascade, first appearances, lags between
the state outlets of each country, with the document pairs behind every lag)."""

from __future__ import annotations

from lockstep.analyses.narratives import DEFAULT_MIN_SCORE, match_narrative
from lockstep.analyses.propagation import Propagation, parse_groups, propagation
from lockstep.outputs.narratives_plots import cascade_chart
from lockstep.outputs.report import Section, Table
from lockstep.store.database import Store
from lockstep.text.narratives import load_narratives

#: Rows per table; the full lists are one `lockstep propagation --json` away.
MAX_ROWS = 40


def sections(store: Store) -> list[Section]:
    """One section: every bundled narrative that matches something, with its propagation."""
    section = Section(
        id="narratives",
        title="Narratives and their propagation",
        question=(
            "Which documents carry each known narrative, where did it first appear, in which language, "
            "and how did it spread across outlets and countries?"
        ),
    )
    results = []
    for narrative in load_narratives():
        matches = match_narrative(store, narrative, limit=None)
        if matches.total:
            results.append(
                (matches, propagation(store, matches, groups=parse_groups(_state_groups(matches))))
            )
    section.notes.append(
        f"Parameters: bundled narrative definitions (catalogues/narratives/), min score {DEFAULT_MIN_SCORE}; "
        "lags between the state-affiliated outlets of each country, in order of first appearance, pairing each "
        "document with the latest earlier document of the earlier group within 30 days."
    )
    if not results:
        section.notes.append("No stored document matches a bundled narrative: nothing to show.")
        return [section]
    section.tables.append(
        Table(
            [
                "narrative",
                "documents",
                "left out (debunks)",
                "first published",
                "first outlet",
                "language",
                "outlets",
                "languages",
                "first URL",
            ],
            [
                [
                    m.label,
                    m.total,
                    m.excluded,
                    _when(p),
                    p.first.outlet if p.first else "",
                    _first_lang(p),
                    len(p.first_by["outlet"]),
                    len(p.first_by["language"]),
                    p.first.url if p.first else "",
                ]
                for m, p in results
            ],
            "Narratives found in the store",
            link_column="first URL",
        )
    )
    for matches, result in results:
        start = result.first.published_at if result.first else None
        section.tables.append(
            Table(
                ["published (UTC)", "+days", "outlet", "language", "country", "state", "score", "id", "URL"],
                [
                    [
                        d.published_at.strftime("%Y-%m-%d %H:%M"),
                        f"{(d.published_at - start).total_seconds() / 86400:.1f}" if start else "",
                        d.outlet,
                        ", ".join(d.languages),
                        d.country or "?",
                        {True: "yes", False: "no", None: "?"}[d.state_affiliated],
                        d.score,
                        d.id,
                        d.url or "",
                    ]
                    for d in result.cascade[:MAX_ROWS]
                ],
                f"{result.label}: cascade (each outlet's first document, in time order)",
                link_column="URL",
            )
        )
        if result.group_lags:
            section.tables.append(
                Table(
                    [
                        "from",
                        "to",
                        "first → first (days)",
                        "document pairs",
                        "median lag (days)",
                        "evidence pairs",
                    ],
                    [
                        [
                            g.source,
                            g.target,
                            g.first_lag_days,
                            g.pairs,
                            g.median_lag_days,
                            "; ".join(
                                f"{e['source_id']} → {e['target_id']} ({e['lag_days']:.1f} d)"
                                for e in g.evidence[:5]
                            ),
                        ]
                        for g in result.group_lags
                    ],
                    f"{result.label}: lags between groups of state-affiliated outlets",
                )
            )
        section.tables.append(
            Table(
                ["score", "outlet", "language", "concepts and entities", "matched words", "snippet", "id"],
                [
                    [
                        m.score,
                        m.outlet,
                        m.language or "?",
                        ", ".join(m.concepts + m.entities),
                        "; ".join(dict.fromkeys(m.matched_text.values())),
                        m.snippet,
                        m.id,
                    ]
                    for m in matches.documents[:MAX_ROWS]
                ],
                f"{result.label}: matching documents and their evidence (highest scores first)",
            )
        )
        chart = cascade_chart(result)
        if chart:
            section.figures.append(
                (f"{result.label}: cascade by outlet (ringed: first document of each outlet)", chart)
            )
    section.notes.append(
        "Matching is lexical (concept terms, catalogue entities, numbers, shared URLs): a claim told without any "
        "of the definition's words is missed, and a document quoting the claim to refute it counts unless it "
        "uses a none-of form (fact check, no evidence). First appearance is first in the store, not in the world."
    )
    return [section]


def _state_groups(matches: object) -> str:
    """`XNL:state-XNL,XEM:state-XEM,...`: countries with state-affiliated matching documents, in
    order of their first such document."""
    from lockstep.analyses.narratives import NarrativeMatches

    assert isinstance(matches, NarrativeMatches)
    countries: list[str] = []
    for doc in sorted(
        (d for d in matches.documents if d.published_at and d.state_affiliated and d.country),
        key=lambda d: d.published_at,  # type: ignore[arg-type, return-value]
    ):
        if doc.country not in countries:
            countries.append(str(doc.country))
    return ",".join(f"{c}:state-{c}" for c in countries if len(c) == 3 and c.isupper())


def _when(result: Propagation) -> str:
    return result.first.published_at.strftime("%Y-%m-%d %H:%M") if result.first else ""


def _first_lang(result: Propagation) -> str:
    return ", ".join(result.first.languages) if result.first else ""
