"""SQL that matches lexicon entries (see `lockstep.text.lexicon`) against the term index.

One query per call, whatever the number of entries: the term index (`document_terms`) gives
the candidate documents (those holding a first term of some form), then each entry's
pattern is checked on the ordered lemma sequence of the candidates only. Patterns are
inlined as SQL literals so that DuckDB compiles each regular expression once, not per row.

Used by framing and first-mention, and meant for any later capability that matches
lexicons (narratives, monitoring): pass any mapping of keys to `MatchPlan`s.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from lockstep.store.database import Store
from lockstep.text.lexicon import MatchPlan

#: How documents may be grouped; the SQL expression is fixed here, never taken from input.
GROUP_EXPRESSIONS: dict[str, str] = {
    "outlet": "d.outlet_id",
    "country": "coalesce(o.country, '?')",
    "language": "coalesce(d.language, '?')",
    "state": "CASE o.state_affiliated WHEN true THEN 'state-affiliated' WHEN false THEN 'other' ELSE 'unknown' END",
}
#: Calendar periods; `all` is one period covering everything.
PERIODS = ("week", "month", "quarter", "year", "all")


@dataclass(frozen=True)
class DocumentFilter:
    """Which documents an analysis looks at (None: no restriction)."""

    since: dt.datetime | None = None
    until: dt.datetime | None = None
    outlets: tuple[str, ...] | None = None
    languages: tuple[str, ...] | None = None

    def sql(self) -> tuple[str, list[Any]]:
        conditions: list[str] = ["true"]
        params: list[Any] = []
        if self.since:
            conditions.append("d.published_at >= ?")
            params.append(self.since)
        if self.until:
            conditions.append("d.published_at < ?")
            params.append(self.until)
        if self.outlets:
            conditions.append("(d.outlet_id IN (SELECT unnest(?)) OR d.outlet_name IN (SELECT unnest(?)))")
            params += [list(self.outlets), list(self.outlets)]
        if self.languages:
            conditions.append("d.language IN (SELECT unnest(?))")
            params.append(list(self.languages))
        return " AND ".join(conditions), params


def period_expression(freq: str) -> str:
    if freq not in PERIODS:
        raise ValueError(f"unknown period {freq!r}")
    if freq == "all":
        return "NULL::TIMESTAMP"
    return f"date_trunc('{freq}', d.published_at)"


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def match_documents(
    store: Store, plans: Mapping[str, MatchPlan], where: DocumentFilter | None = None
) -> list[dict[str, Any]]:
    """Every document matching at least one plan: its id, outlet (with catalogue country and
    state affiliation), language, date, URL, and `matched`, the keys of the plans it matches."""
    if not plans:
        return []
    keys = list(plans)
    candidates = sorted({t for plan in plans.values() for t in plan.candidate_terms})
    flags = ",\n".join(
        f"regexp_matches(' ' || d.lemmas || ' ', {_literal(plans[k].pattern)}) AS f{i}"
        for i, k in enumerate(keys)
    )
    condition, params = (where or DocumentFilter()).sql()
    rows = store.query(
        f"""
        WITH candidate AS (
            SELECT DISTINCT doc_id FROM document_terms WHERE term IN (SELECT unnest(?))
        )
        SELECT id, outlet_id, outlet_name, coalesce(outlet, outlet_name) AS outlet, country, state_affiliated,
               language, published_at, url, title,
               list_filter([{", ".join(f"CASE WHEN f{i} THEN {_literal(k)} END" for i, k in enumerate(keys))}],
                           lambda x: x IS NOT NULL) AS matched
        FROM (
            SELECT d.id, d.outlet_id, d.outlet_name, o.name AS outlet, o.country, o.state_affiliated,
                   d.language, d.published_at, d.url, d.title,
                   {flags}
            FROM documents d
            JOIN candidate c ON c.doc_id = d.id
            LEFT JOIN outlets o ON o.id = d.outlet_id
            WHERE {condition}
        ) WHERE {" OR ".join(f"f{i}" for i in range(len(keys)))}
        ORDER BY published_at NULLS LAST, id
        """,
        [candidates, *params],
    )
    return rows


def documents_per_group_period(
    store: Store, by: str, freq: str, where: DocumentFilter | None = None
) -> list[dict[str, Any]]:
    """All documents per group and period (the denominator of every share), with the group's
    display label."""
    group = GROUP_EXPRESSIONS[by]
    label = "any_value(coalesce(o.name, d.outlet_name))" if by == "outlet" else group
    condition, params = (where or DocumentFilter()).sql()
    return store.query(
        f"""
        SELECT {group} AS grp, {label if by == "outlet" else "grp"} AS label, {period_expression(freq)} AS period,
               count(*) AS documents
        FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id
        WHERE {condition} AND ({"true" if freq == "all" else "d.published_at IS NOT NULL"})
        GROUP BY {group}, period ORDER BY grp, period
        """,
        params,
    )


def document_texts(store: Store, ids: list[str], max_chars: int = 20000) -> dict[str, dict[str, Any]]:
    """Text (capped) and language of the given documents, for evidence snippets."""
    if not ids:
        return {}
    rows = store.query(
        "SELECT id, language, substr(text, 1, ?) AS text, title FROM documents WHERE id IN (SELECT unnest(?))",
        [max_chars, ids],
    )
    return {r["id"]: r for r in rows}
