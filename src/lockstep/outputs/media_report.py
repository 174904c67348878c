"""Report sections of the media capability: framing, first mention, coverage, citations.

The report takes no parameters, so each section chooses what to show from the store: framing
runs every bundled lexicon and shows the topics the store has documents on; first mention
follows the most-mentioned GDELT event and the framing topic with most documents; coverage
follows the most-mentioned catalogue actor; citations shows the whole graph.
"""

from __future__ import annotations

from typing import Any

from lockstep.analyses.citations import citations_analysis, sourcing_shares
from lockstep.analyses.coverage import coverage_analysis, most_mentioned_person
from lockstep.analyses.first_mention import first_mentions, gdelt_lags
from lockstep.analyses.framing import FramingResult, framing_analysis
from lockstep.outputs.media_plots import (
    attention_series,
    attention_shares,
    citation_shares,
    distinctive_words,
    framing_shares,
    lags_per_outlet,
)
from lockstep.outputs.report import Section, Table
from lockstep.store.database import Store
from lockstep.text.lexicon import available_lexicons, load_lexicon, match_plan

#: Rows shown per evidence table; the JSON output of the command holds them all.
MAX_EVIDENCE_ROWS = 60


def sections(store: Store) -> list[Section]:
    """This capability's sections of the HTML report, computed from the store."""
    framing = framing_results(store)
    return [
        framing_section(store, framing),
        first_mention_section(store, framing),
        coverage_section(store),
        citations_section(store),
    ]


def framing_results(store: Store) -> list[FramingResult]:
    """Every bundled lexicon's result, keeping only topics some document uses."""
    results = []
    for name in available_lexicons():
        result = framing_analysis(store, load_lexicon(name), by="outlet", freq="month")
        if any(row.topic_documents for row in result.totals):
            results.append(result)
    return results


def framing_section(store: Store, results: list[FramingResult]) -> Section:
    section = Section(
        id="framing",
        title="Framing: which words each outlet uses for the same thing",
        question=(
            "Which competing terms (invasion / war / special military operation / crisis) does each outlet use, "
            "how often, and does that change over time?"
        ),
    )
    if not results:
        section.notes.append("No document uses any framing of the bundled lexicons.")
        return section
    for result in results:
        for topic in result.topics:
            rows = [r for r in result.totals if r.topic == topic["id"] and r.topic_documents]
            if not rows:
                continue
            names = [f["label"] for f in topic["framings"]]
            section.tables.append(
                Table(
                    ["outlet", "documents", "topic documents", *names],
                    [
                        [r.label, r.documents, r.topic_documents, *(_cell(c) for c in r.framings)]
                        for r in rows
                    ],
                    f"{topic['label']} (lexicon {result.lexicon}): documents using each framing, whole range",
                )
            )
            chart = framing_shares(result, topic["id"])
            if chart:
                section.figures.append((f"{topic['label']}: share of topic documents per month", chart))
            section.tables.append(
                Table(
                    ["outlet", "framing", "published", "document", "snippet", "url"],
                    _evidence(rows)[:MAX_EVIDENCE_ROWS],
                    f"{topic['label']}: evidence (first documents per outlet and framing)",
                    link_column="url",
                )
            )
    parameters = results[0].parameters
    section.notes += [
        "Parameters: by outlet, per month; lexicons: " + ", ".join(r.lexicon for r in results) + ".",
        f"NEVER marks an outlet that used a framing in none of its ≥{parameters['min_topic_documents']} "
        f"topic documents while the other outlets' share p makes that unlikely: (1 − p)^n ≤ {parameters['never_alpha']}.",
        "Forms are matched through the term index (all inflections); a form can match a use that quotes or "
        "rejects the term, so read the snippets before concluding.",
    ]
    return section


def _cell(cell: Any) -> str:
    if cell.share is None:
        return "–"
    return f"{cell.documents} ({cell.share:.0%})" + (" NEVER" if cell.never_uses else "")


def _evidence(rows: list[Any]) -> list[list[Any]]:
    return [
        [r.label, c.framing, (e.published_at or "")[:10], e.id, e.snippet, e.url or ""]
        for r in rows
        for c in r.framings
        for e in c.examples[:2]
    ]


def citations_section(store: Store) -> Section:
    section = Section(
        id="citations",
        title="Citations: who cites whom",
        question=(
            "Which outlets and officials does each outlet quote or credit as its source, and what share of its "
            "attributions goes to another state's officials or state media?"
        ),
    )
    result = citations_analysis(store)
    if not result.attributions:
        section.notes.append("No attribution found in the stored documents.")
        return section
    section.tables.append(
        Table(
            ["outlet", "country", "attributions", "unresolved", "to another state", "by country"],
            [
                [
                    r.label,
                    r.country or "?",
                    r.attributions,
                    r.unresolved,
                    f"{r.foreign_state_share:.0%}" if r.foreign_state_share is not None else "–",
                    ", ".join(
                        f"{c} {v['share']:.0%} ({v['attributions']:.0f})" for c, v in r.by_country.items()
                    ),
                ]
                for r in result.outlets
            ],
            "Sourcing per outlet (documents × cited sources; self-citations left out)",
        )
    )
    chart = citation_shares(sourcing_shares(result), "Whom each outlet cites")
    if chart:
        section.figures.append(("Share of each outlet's attributions by kind of source", chart))
    resolved = [e for e in result.edges if e.target_kind != "unresolved"]
    section.tables.append(
        Table(
            ["outlet", "cites", "kind", "country", "documents", "first", "last", "example", "url"],
            [
                [
                    e.source_label,
                    e.target_label,
                    e.target_kind,
                    e.target_country or "",
                    e.documents,
                    (e.first or "")[:10],
                    (e.last or "")[:10],
                    e.examples[0].sentence if e.examples else "",
                    (e.examples[0].url or "") if e.examples else "",
                ]
                for e in resolved[:MAX_EVIDENCE_ROWS]
            ],
            "Citations resolved to the catalogue (edges of the graph), with an example sentence each",
            link_column="url",
        )
    )
    section.tables.append(
        Table(
            ["unresolved source", "sentences"],
            [[u["source"], u["sentences"]] for u in result.unresolved_sources[:20]],
            "Most frequent sources the catalogue does not know (kept and counted, not dropped)",
        )
    )
    section.notes += [
        f"{result.attributions} attributions in {result.documents_with_attributions} of "
        f"{result.documents_scanned} documents with a cue; {result.resolved} resolved, {result.unresolved} unresolved.",
        "Accuracy of extraction and resolution per language: docs/citations.md. The graph: "
        "`lockstep citations --export graph.graphml`.",
    ]
    return section


def first_mention_section(store: Store, framing: list[FramingResult]) -> Section:
    section = Section(
        id="first-mention",
        title="First mention: who said it first, and who followed how late",
        question="When did each outlet first use each framing (or first report an event), and how long after the first outlet?",
    )
    for result in framing:
        lexicon = load_lexicon(result.parameters["lexicon"])
        for topic in lexicon.topics:
            rows = []
            for chosen in topic.framings:
                found = first_mentions(
                    store, match_plan(chosen.forms), list(chosen.forms), description=chosen.id
                )
                rows += [
                    [
                        chosen.label,
                        o.outlet,
                        o.language or "",
                        o.first_published_at[:16],
                        o.lag_hours,
                        o.documents,
                        o.first_doc_id,
                        o.snippet,
                        o.first_url or "",
                    ]
                    for o in found.outlets
                ]
                if found.outlets and len(found.outlets) >= 3:
                    chart = lags_per_outlet(
                        [f"{o.outlet} ({o.language})" for o in found.outlets],
                        [[o.lag_hours] for o in found.outlets],
                        f"'{chosen.label}': hours after the first outlet",
                    )
                    if chart and len(section.figures) < 4:
                        section.figures.append(
                            (f"{topic.label}: first use of '{chosen.label}' per outlet", chart)
                        )
            if rows:
                section.tables.append(
                    Table(
                        [
                            "framing",
                            "outlet",
                            "lang",
                            "first use",
                            "lag (h)",
                            "documents",
                            "document",
                            "snippet",
                            "url",
                        ],
                        rows[:MAX_EVIDENCE_ROWS],
                        f"{topic.label}: first use of each framing per outlet (lag after the earliest outlet)",
                        link_column="url",
                    )
                )
    lags = gdelt_lags(store)
    if lags.sources:
        section.tables.append(
            Table(
                ["source", "mentions", "events", "fastest (h)", "median (h)", "fastest mention"],
                [
                    [
                        s.source,
                        s.mentions,
                        s.events,
                        s.first_lag_hours,
                        s.median_lag_hours,
                        s.first_mention_url or "",
                    ]
                    for s in lags.sources[:MAX_EVIDENCE_ROWS]
                ],
                f"GDELT Mentions: lag of each source after the events it reports (confidence ≥ "
                f"{lags.parameters['min_confidence']}; {lags.mentions_below_confidence} mentions below it left out)",
                link_column="fastest mention",
            )
        )
    if not section.tables:
        section.notes.append(
            "Nothing to show: no framing of the bundled lexicons and no GDELT mentions in the store."
        )
    section.notes.append(
        "For an event, give its names in each language and its date: "
        "`lockstep first-mention --query Riverton --query Ривертон --query 里弗顿 --event-date 2026-02-10`."
    )
    return section


def coverage_section(store: Store) -> Section:
    section = Section(
        id="coverage",
        title="Coverage: attention to the most-mentioned person",
        question="How much attention does each outlet give an entity (share of its stories), and which words surround it?",
    )
    person = most_mentioned_person(store)
    if person is None:
        section.notes.append("No catalogue person is named in the stored documents.")
        return section
    result = coverage_analysis(store, person, freq="month")
    name = result.entity["name"]
    section.tables.append(
        Table(
            ["outlet", "documents", f"naming {name}", "share", "examples"],
            [
                [
                    r.label,
                    r.documents,
                    r.matching,
                    f"{r.share:.1%}" if r.share is not None else "–",
                    " ".join(r.example_urls[:2]),
                ]
                for r in sorted(result.totals, key=lambda r: -(r.share or 0))
            ],
            f"Attention to {name} ({', '.join(result.entity['names'])}), whole range",
        )
    )
    chart = attention_shares(
        attention_series(result.periods), f"Attention to {name}: share of each outlet's documents per month"
    )
    if chart:
        section.figures.append((f"Attention to {name} per month", chart))
    d = result.distinctive
    if d and (d.words_a or d.words_b):
        words = [(w.term, w.z) for w in d.words_a[:12]] + [(w.term, w.z) for w in d.words_b[:12]]
        chart = distinctive_words(
            words,
            f"Words near {name} ({result.parameters['words_language']}): {d.group_a} (+) vs {d.group_b} (−)",
        )
        if chart:
            section.figures.append(
                ("Distinctive words (weighted log-odds, informative Dirichlet prior)", chart)
            )
        section.tables.append(
            Table(
                [
                    "more typical of",
                    "word (term)",
                    "z",
                    f"uses in {d.group_a}",
                    f"uses in {d.group_b}",
                    "example documents",
                ],
                [
                    [d.group_a, w.term, w.z, w.count_a, w.count_b, " ".join(w.example_doc_ids)]
                    for w in d.words_a
                ]
                + [
                    [d.group_b, w.term, w.z, w.count_a, w.count_b, " ".join(w.example_doc_ids)]
                    for w in d.words_b
                ],
                f"Words within {result.parameters['window']} terms of {name}: {', '.join(d.outlets_a)} vs {', '.join(d.outlets_b)}",
            )
        )
    section.notes.append(
        "Words are index terms (lemmas, English stems, Chinese words). Any entity: `lockstep coverage --entity NAME`."
    )
    return section
