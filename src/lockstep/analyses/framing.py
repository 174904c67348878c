"""Framing: which competing terms does each outlet use for the same thing, and how does that change?

Inputs: documents, the term index (`document_terms`, `documents.lemmas`), the outlet catalogue
(country, state affiliation), and a lexicon (`lockstep.text.lexicon`): topics, each with competing
framings, each with surface forms per language.

Parameters (defaults and why):
- `lexicon`: a bundled lexicon name or a YAML file. No default: the question is the analyst's.
- `topic`: one topic of the lexicon, default all of them.
- `by = "outlet"`: the analyst compares outlets first; `country`, `language` and `state`
  (state-affiliated or not) are coarser views of the same counts.
- `freq = "month"`: news framing moves over weeks to months; a week holds too few topic
  documents per outlet for stable shares except for large outlets (`week` is available).
- `min_topic_documents = 10` and `never_alpha = 0.05`: the "never uses" rule. A group is flagged
  as never using a framing in a period only when (1) it used none of its forms, (2) it published
  at least 10 documents on the topic (using any framing of the topic) in that period, and (3)
  its silence would be unlikely by chance: with p the share of that framing among the other
  groups' topic documents in the same period, (1 − p)^n ≤ 0.05 for its n topic documents. So an
  outlet with 3 topic stories is never flagged, and nor is anyone for a framing nobody else uses.
- `examples_per_cell = 3`: keyword-in-context snippets shown per cell; every matching document id
  is kept in `doc_ids` regardless.

Counting: a document counts once per framing it uses (a document may use several: "the war,
which Moscow calls a special military operation" counts for both). Shares are framing documents ÷
topic documents of the group and period, so they need not sum to 1. Documents without a date are
left out of periods but kept in the whole-range totals.

Outputs: `FramingResult` — per topic × group × period (and per topic × group over the whole
range): all documents, topic documents, and per framing the count, share, never-uses flag, every
matching document id and a few snippets with URLs.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from lockstep.store.database import Store
from lockstep.store.lexicon_queries import (
    DocumentFilter,
    document_texts,
    documents_per_group_period,
    match_documents,
)
from lockstep.text.lexicon import Framing, Lexicon, Topic, find_form_span, match_plan
from lockstep.text.tokens import snippet

DEFAULT_MIN_TOPIC_DOCUMENTS = 10
DEFAULT_NEVER_ALPHA = 0.05
DEFAULT_EXAMPLES_PER_CELL = 3


@dataclass
class Example:
    id: str
    outlet: str
    published_at: str | None
    url: str | None
    snippet: str


@dataclass
class FramingCell:
    framing: str
    documents: int
    share: float | None  # of the topic documents; None when there are none
    never_uses: bool
    doc_ids: list[str]
    examples: list[Example] = field(default_factory=list)


@dataclass
class GroupRow:
    topic: str
    group: str
    label: str
    period: str | None  # ISO start of the period; None for the whole range
    documents: int  # every document of the group in the period
    topic_documents: int  # documents using any framing of the topic
    framings: list[FramingCell]


@dataclass
class FramingResult:
    lexicon: str
    parameters: dict[str, Any]
    topics: list[dict[str, Any]]
    periods: list[GroupRow]
    totals: list[GroupRow]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    def never_uses(self) -> list[GroupRow]:
        """Whole-range rows with at least one never-uses flag."""
        return [row for row in self.totals if any(c.never_uses for c in row.framings)]


def framing_analysis(
    store: Store,
    lexicon: Lexicon,
    *,
    topic: str | None = None,
    by: str = "outlet",
    freq: str = "month",
    where: DocumentFilter | None = None,
    min_topic_documents: int = DEFAULT_MIN_TOPIC_DOCUMENTS,
    never_alpha: float = DEFAULT_NEVER_ALPHA,
    examples_per_cell: int = DEFAULT_EXAMPLES_PER_CELL,
) -> FramingResult:
    topics = lexicon.topic(topic)
    plans = {_key(t, f): match_plan(f.forms) for t in topics for f in t.framings}
    matches = match_documents(store, plans, where)
    result = FramingResult(
        lexicon=lexicon.name,
        parameters={
            "lexicon": lexicon.source,
            "topic": topic,
            "by": by,
            "freq": freq,
            "min_topic_documents": min_topic_documents,
            "never_alpha": never_alpha,
            "examples_per_cell": examples_per_cell,
        },
        topics=[_describe(t) for t in topics],
        periods=[],
        totals=[],
    )
    for period_freq, target in ((freq, result.periods), ("all", result.totals)):
        denominators = documents_per_group_period(store, by, period_freq, where)
        for t in topics:
            target.extend(_rows(t, matches, denominators, by, period_freq, min_topic_documents, never_alpha))
    _attach_examples(store, result, topics, matches, examples_per_cell)
    return result


def _key(topic: Topic, framing: Framing) -> str:
    return f"{topic.id}/{framing.id}"


def _describe(topic: Topic) -> dict[str, Any]:
    return {
        "id": topic.id,
        "label": topic.label,
        "framings": [
            {
                "id": f.id,
                "label": f.label,
                "forms": {
                    lang: [s.text for s in f.forms if s.language == lang]
                    for lang in sorted({s.language for s in f.forms})
                },
            }
            for f in topic.framings
        ],
    }


def group_of(row: dict[str, Any], by: str) -> str:
    """The group a matched document belongs to; mirrors `GROUP_EXPRESSIONS` in SQL."""
    if by == "outlet":
        return str(row["outlet_id"])
    if by == "country":
        return str(row["country"] or "?")
    if by == "language":
        return str(row["language"] or "?")
    return {True: "state-affiliated", False: "other"}.get(row["state_affiliated"], "unknown")


def period_of(moment: dt.datetime | None, freq: str) -> dt.datetime | None:
    """Start of the calendar period holding `moment` (as DuckDB's date_trunc; weeks start Monday)."""
    if freq == "all" or moment is None:
        return None
    day = dt.datetime(moment.year, moment.month, moment.day)
    if freq == "week":
        return day - dt.timedelta(days=day.weekday())
    if freq == "month":
        return day.replace(day=1)
    if freq == "quarter":
        return day.replace(month=3 * ((day.month - 1) // 3) + 1, day=1)
    return day.replace(month=1, day=1)


def _rows(
    topic: Topic,
    matches: list[dict[str, Any]],
    denominators: list[dict[str, Any]],
    by: str,
    freq: str,
    min_topic_documents: int,
    never_alpha: float,
) -> list[GroupRow]:
    prefix = topic.id + "/"
    # (group, period) -> framing -> doc ids; and topic docs per cell
    used: dict[tuple[str, Any], dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    topic_docs: dict[tuple[str, Any], int] = defaultdict(int)
    for row in matches:
        framings = [k.removeprefix(prefix) for k in row["matched"] if k.startswith(prefix)]
        if not framings or (freq != "all" and row["published_at"] is None):
            continue
        cell = (group_of(row, by), period_of(row["published_at"], freq))
        topic_docs[cell] += 1
        for framing in framings:
            used[cell][framing].append(row["id"])
    period_topic: dict[Any, int] = defaultdict(int)
    period_used: dict[tuple[Any, str], int] = defaultdict(int)
    for (group_key, period), count in topic_docs.items():
        period_topic[period] += count
        for framing_id, ids in used[(group_key, period)].items():
            period_used[(period, framing_id)] += len(ids)
    rows: list[GroupRow] = []
    for d in denominators:
        cell = (str(d["grp"]), d["period"])
        n = topic_docs.get(cell, 0)
        cells = []
        for framing in topic.framings:
            ids = used[cell][framing.id] if cell in used else []
            other_n = period_topic[cell[1]] - n
            other_used = period_used[(cell[1], framing.id)] - len(ids)
            cells.append(
                FramingCell(
                    framing=framing.id,
                    documents=len(ids),
                    share=round(len(ids) / n, 4) if n else None,
                    never_uses=never_uses(len(ids), n, other_used, other_n, min_topic_documents, never_alpha),
                    doc_ids=ids,
                )
            )
        rows.append(
            GroupRow(
                topic=topic.id,
                group=cell[0],
                label=str(d["label"]),
                period=cell[1].isoformat() if cell[1] else None,
                documents=int(d["documents"]),
                topic_documents=n,
                framings=cells,
            )
        )
    return rows


def never_uses(
    count: int,
    topic_documents: int,
    others_using: int,
    others_topic_documents: int,
    min_topic_documents: int,
    alpha: float,
) -> bool:
    """True when a group's silence on a framing means something (rule in the module docstring)."""
    if count or topic_documents < min_topic_documents or not others_topic_documents or not others_using:
        return False
    p = others_using / others_topic_documents
    return bool((1 - p) ** topic_documents <= alpha)


def _attach_examples(
    store: Store, result: FramingResult, topics: list[Topic], matches: list[dict[str, Any]], per_cell: int
) -> None:
    if per_cell <= 0:
        return
    by_id = {row["id"]: row for row in matches}
    wanted = {i for row in result.periods + result.totals for c in row.framings for i in c.doc_ids[:per_cell]}
    texts = document_texts(store, sorted(wanted))
    forms = {(t.id, f.id): f.forms for t in topics for f in t.framings}
    cache: dict[tuple[str, str, str], Example] = {}
    for row in result.periods + result.totals:
        for cell in row.framings:
            for doc_id in cell.doc_ids[:per_cell]:
                key = (row.topic, cell.framing, doc_id)
                if key not in cache:
                    doc, meta = texts[doc_id], by_id[doc_id]
                    full = (
                        f"{doc['title']}\n{doc['text']}"
                        if doc["title"] and not doc["text"].startswith(doc["title"])
                        else doc["text"]
                    )
                    span = find_form_span(full, forms[(row.topic, cell.framing)], doc["language"])
                    cache[key] = Example(
                        id=doc_id,
                        outlet=meta["outlet"],
                        published_at=meta["published_at"].isoformat() if meta["published_at"] else None,
                        url=meta["url"],
                        snippet=snippet(full, span, width=70),
                    )
                cell.examples.append(cache[key])
