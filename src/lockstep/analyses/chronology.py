"""Chronology: what happened, when, by whom, with which source?

Inputs: `events` (curated files, the bundled case file, GDELT Events), `documents` (to give a
`doc:<id>` source its URL and title), `gdelt_mentions` (how many articles reported a GDELT event).

Parameters (all optional): `actor` (a state code or name, or an actor id: events where it acts
or is the target), `issue`, `date_from`, `date_to`, `kind`, `limit` (default 2,000 events: a
timeline longer than that is unreadable; the total is always reported).

Outputs: events in date order, each with its date and precision (a month-precision event is not
placed on a day), kind, actors, stance and target, place, quote, every source (URL, or the stored
document's URL and title) and, for GDELT events, the number of stored mentions; and the
TimelineJS 3 JSON of the same events (`timelinejs`), which a newsroom can load as is.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from typing import Any

from lockstep.store.database import Store
from lockstep.text.countries import country_code, country_name

LIMIT = 2000


@dataclass
class Source:
    ref: str
    url: str | None
    title: str | None = None


@dataclass
class TimelineEvent:
    id: str
    date: str
    precision: str
    kind: str
    title: str | None
    actors: list[str]
    issue: str | None
    stance: str | None
    target: str | None
    place: str | None
    quote: str | None
    sources: list[Source]
    mentions: int | None
    source_file: str
    source_record: str | None


@dataclass
class Timeline:
    parameters: dict[str, Any]
    total: int
    events: list[TimelineEvent]
    #: Display names of the actors in `events` (catalogue name, or country name for ISO codes).
    actor_names: dict[str, str] = field(default_factory=dict)

    def label(self, actor: str) -> str:
        return self.actor_names.get(actor) or actor_label(actor)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def timeline(
    store: Store,
    *,
    actor: str | None = None,
    issue: str | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    kind: str | None = None,
    limit: int = LIMIT,
) -> Timeline:
    actor_key = (country_code(actor) or actor) if actor else None
    where: list[str] = ["true"]
    params: list[object] = []
    if actor_key:
        where.append("(list_contains(actors, ?) OR target = ?)")
        params += [actor_key, actor_key]
    if issue:
        where.append("lower(issue) = lower(?)")
        params.append(issue)
    if date_from:
        where.append("date >= ?")
        params.append(date_from)
    if date_to:
        where.append("date <= ?")
        params.append(date_to)
    if kind:
        where.append("kind = ?")
        params.append(kind)
    clause = " AND ".join(where)
    total = int(store.scalar(f"SELECT count(*) FROM events WHERE {clause}", params))
    rows = store.query(
        f"""
        SELECT e.*, (SELECT count(*) FROM gdelt_mentions m
                     WHERE e.external_id LIKE 'gdelt:%'
                       AND m.event_id = TRY_CAST(substr(e.external_id, 7) AS BIGINT)) AS mentions
        FROM events e WHERE {clause} ORDER BY date, kind, id LIMIT ?
        """,
        [*params, limit],
    )
    doc_ids = sorted({s[4:] for r in rows for s in r["sources"] if s.startswith("doc:")})
    docs = {
        d["id"]: d
        for d in (store.query("SELECT id, url, title FROM documents WHERE id IN (SELECT unnest(?))", [doc_ids])
                  if doc_ids else [])
    }  # fmt: skip
    events = [
        TimelineEvent(
            id=r["id"], date=r["date"].isoformat(), precision=r["date_precision"], kind=r["kind"],
            title=r["title"], actors=list(r["actors"] or []), issue=r["issue"], stance=r["stance"],
            target=r["target"], place=r["place"], quote=r["quote"],
            sources=[_source(s, docs) for s in r["sources"]],
            mentions=int(r["mentions"]) if (r["external_id"] or "").startswith("gdelt:") else None,
            source_file=r["source_file"], source_record=r["source_record"],
        )
        for r in rows
    ]  # fmt: skip
    return Timeline(
        parameters={
            "actor": actor_key,
            "issue": issue,
            "from": date_from,
            "to": date_to,
            "kind": kind,
            "limit": limit,
        },
        total=total,
        events=events,
        actor_names=_actor_names(store, {a for e in events for a in e.actors}),
    )


def _actor_names(store: Store, ids: set[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = store.query("SELECT id, name FROM actors WHERE id IN (SELECT unnest(?))", [sorted(ids)])
    return {r["id"]: r["name"] for r in rows}


def _source(ref: str, docs: dict[str, dict[str, Any]]) -> Source:
    if ref.startswith("doc:"):
        doc = docs.get(ref[4:])
        return Source(ref, doc["url"] if doc else None, doc["title"] if doc else None)
    return Source(ref, ref if ref.startswith(("http://", "https://")) else None)


def actor_label(actor: str) -> str:
    name = country_name(actor)
    return actor if name == actor else name


def timelinejs(result: Timeline, title: str = "lockstep chronology") -> dict[str, Any]:
    """TimelineJS 3 JSON: one slide per event, the date only as precise as the source; the text
    carries the quote and links to every source (escaped by TimelineJS as HTML, so we escape)."""
    import html

    slides = []
    for event in result.events:
        year, month, day = event.date.split("-")
        start: dict[str, str] = {"year": year}
        if event.precision in ("month", "day"):
            start["month"] = str(int(month))
        if event.precision == "day":
            start["day"] = str(int(day))
        links = " ".join(
            f'<a href="{html.escape(s.url)}">{html.escape(s.title or s.url)}</a>'
            for s in event.sources
            if s.url
        )
        quote = f"<blockquote>{html.escape(event.quote)}</blockquote>" if event.quote else ""
        slides.append(
            {
                "unique_id": event.id,
                "start_date": start,
                "group": ", ".join(result.label(a) for a in event.actors[:3]),
                "text": {
                    "headline": html.escape(event.title or f"{event.kind}: {', '.join(event.actors)}"),
                    "text": f"{quote}<p>{html.escape(event.kind)}"
                    + (f" · {html.escape(event.place)}" if event.place else "")
                    + f"</p><p>Sources: {links}</p>",
                },
            }
        )
    return {"title": {"text": {"headline": html.escape(title)}}, "events": slides}


def timelinejs_text(result: Timeline, title: str = "lockstep chronology") -> str:
    return json.dumps(timelinejs(result, title), ensure_ascii=False, indent=1)
