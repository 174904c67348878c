"""First mention: when did each outlet first mention an event or topic, and how long after it happened?

Two sources of evidence:

1. Stored documents. Inputs: documents, the term index, the outlet catalogue. What counts as a
   mention is either a query (words or a phrase, any language, inflections matched through the
   term index as in `search`) or a framing of a lexicon (`--lexicon ukraine-war --framing invasion`).
   Per outlet: its first matching document (id, URL, time, language, snippet), the number of
   matching documents, the first mention per language, and the lag after the event date; plus
   the outlets that have documents in the period but never mention it.
2. GDELT Mentions (`gdelt_mentions`). Per source (web domain): how long after each event its
   mentions came (MentionTimeDate − EventTimeDate), keeping only mentions whose GDELT
   Confidence reaches a minimum.

Parameters (defaults and why):
- `event_date = None`: without it, lags are measured from the earliest mention by any outlet
  (the question becomes "who was first, and who followed how late").
- `min_confidence = 50` (GDELT, percent): GDELT's Confidence is its certainty that the mention
  really reports the event; below 50 it is more likely wrong than right. (The sample's values are
  10…100 in steps of 10.)
- `event_id = None` (GDELT): all events; with one, each source's first mention of that event.
- Documents without a date are left out: they have no place on a time line.

Outputs: `FirstMentionResult` (documents) and `GdeltLagResult` (GDELT), each row with its evidence.
"""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

from lockstep.store.database import Store
from lockstep.store.lexicon_queries import DocumentFilter, document_texts, match_documents
from lockstep.text.lexicon import MatchPlan, SurfaceForm, compile_form, find_form_span, match_plan
from lockstep.text.tokens import query_terms, snippet

DEFAULT_MIN_CONFIDENCE = 50


@dataclass
class OutletFirstMention:
    outlet_id: str
    outlet: str
    country: str | None
    state_affiliated: bool | None
    first_doc_id: str
    first_url: str | None
    first_published_at: str
    language: str | None
    lag_hours: float
    documents: int
    first_by_language: dict[str, str]
    snippet: str


@dataclass
class FirstMentionResult:
    parameters: dict[str, Any]
    reference: str | None  # the time lags are measured from
    reference_kind: str  # "event date" or "earliest mention"
    outlets: list[OutletFirstMention]
    never_mentioned: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def query_plan(queries: list[str]) -> tuple[MatchPlan, list[SurfaceForm]]:
    """A match plan for free queries (any one matching is a mention, so one event can be named in
    each language: Riverton, Ривертон, 里弗顿). Chinese is matched as characters across
    segmentations, other scripts analysed as every plausible language (as `search` does)."""
    forms = []
    for query in queries:
        han = compile_form(query, "zh")
        form = (
            han
            if han.han
            else SurfaceForm(query, "*", tuple(frozenset(w) for w in query_terms(query)), False)
        )
        if not form.terms:
            raise ValueError(f"the query {query!r} has no words")
        forms.append(form)
    return match_plan(forms), forms


def first_mentions(
    store: Store,
    plan: MatchPlan,
    forms: list[SurfaceForm],
    *,
    event_date: dt.datetime | None = None,
    where: DocumentFilter | None = None,
    description: str = "",
) -> FirstMentionResult:
    rows = [r for r in match_documents(store, {"m": plan}, where) if r["published_at"] is not None]
    first: dict[str, dict[str, Any]] = {}
    counts: dict[str, int] = {}
    by_language: dict[str, dict[str, dt.datetime]] = {}
    for row in rows:  # ordered by time
        outlet = row["outlet_id"]
        counts[outlet] = counts.get(outlet, 0) + 1
        first.setdefault(outlet, row)
        by_language.setdefault(outlet, {}).setdefault(row["language"] or "?", row["published_at"])
    reference = event_date or (min(r["published_at"] for r in first.values()) if first else None)
    texts = document_texts(store, [r["id"] for r in first.values()])
    outlets = []
    for outlet, row in sorted(first.items(), key=lambda kv: (kv[1]["published_at"], kv[0])):
        doc = texts[row["id"]]
        outlets.append(
            OutletFirstMention(
                outlet_id=outlet,
                outlet=row["outlet"],
                country=row["country"],
                state_affiliated=row["state_affiliated"],
                first_doc_id=row["id"],
                first_url=row["url"],
                first_published_at=row["published_at"].isoformat(),
                language=row["language"],
                lag_hours=round((row["published_at"] - reference).total_seconds() / 3600, 2)
                if reference
                else 0.0,
                documents=counts[outlet],
                first_by_language={lang: t.isoformat() for lang, t in sorted(by_language[outlet].items())},
                snippet=snippet(doc["text"], find_form_span(doc["text"], forms, doc["language"]), width=70),
            )
        )
    silent = _silent_outlets(store, set(first), where)
    return FirstMentionResult(
        parameters={"match": description, "event_date": event_date.isoformat() if event_date else None},
        reference=reference.isoformat() if reference else None,
        reference_kind="event date" if event_date else "earliest mention",
        outlets=outlets,
        never_mentioned=silent,
    )


def _silent_outlets(store: Store, mentioned: set[str], where: DocumentFilter | None) -> list[dict[str, Any]]:
    condition, params = (where or DocumentFilter()).sql()
    rows = store.query(
        f"""
        SELECT d.outlet_id, any_value(coalesce(o.name, d.outlet_name)) AS outlet, count(*) AS documents
        FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id
        WHERE {condition} AND d.published_at IS NOT NULL
        GROUP BY d.outlet_id ORDER BY documents DESC, d.outlet_id
        """,
        params,
    )
    return [r for r in rows if r["outlet_id"] not in mentioned]


# --------------------------------------------------------------------------------------------
# GDELT


@dataclass
class SourceLag:
    source: str
    mentions: int
    events: int
    first_lag_hours: float  # the fastest of this source's mentions
    median_lag_hours: float
    first_mention_url: str | None
    first_event_id: int
    lags_hours: list[float] = field(default_factory=list)


@dataclass
class GdeltLagResult:
    parameters: dict[str, Any]
    mentions_used: int
    mentions_below_confidence: int
    sources: list[SourceLag]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def gdelt_lags(
    store: Store, *, min_confidence: int = DEFAULT_MIN_CONFIDENCE, event_id: int | None = None
) -> GdeltLagResult:
    """Per GDELT source, the lags of its mentions after the events they report."""
    condition = "event_id = ?" if event_id is not None else "true"
    params: list[Any] = [event_id] if event_id is not None else []
    rows = store.query(
        f"""
        SELECT coalesce(source_name, '?') AS source, event_id, identifier, mention_time, event_time,
               (epoch(mention_time) - epoch(event_time)) / 3600.0 AS lag_hours, confidence
        FROM gdelt_mentions WHERE {condition}
        ORDER BY source, mention_time, event_id
        """,
        params,
    )
    kept = [r for r in rows if (r["confidence"] or 0) >= min_confidence]
    grouped: dict[str, list[dict[str, Any]]] = {}
    for row in kept:
        grouped.setdefault(row["source"], []).append(row)
    sources = []
    for source, items in grouped.items():
        if event_id is not None:
            items = items[:1]  # the source's first mention of that event
        lags = [round(float(r["lag_hours"]), 2) for r in items]
        fastest = min(items, key=lambda r: r["lag_hours"])
        sources.append(
            SourceLag(
                source=source,
                mentions=len(items),
                events=len({r["event_id"] for r in items}),
                first_lag_hours=round(float(fastest["lag_hours"]), 2),
                median_lag_hours=round(statistics.median(lags), 2),
                first_mention_url=fastest["identifier"],
                first_event_id=int(fastest["event_id"]),
                lags_hours=lags,
            )
        )
    sources.sort(key=lambda s: (s.median_lag_hours, -s.mentions, s.source))
    return GdeltLagResult(
        parameters={"min_confidence": min_confidence, "event_id": event_id},
        mentions_used=len(kept),
        mentions_below_confidence=len(rows) - len(kept),
        sources=sources,
    )
