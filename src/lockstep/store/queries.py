"""Read queries over the store that more than one command needs.

Kept here, beside the schema, so that a change of table layout changes one file; the
analyses and outputs receive plain rows.
"""

from __future__ import annotations

import re
from typing import Any

from lockstep.store.database import Store


def documents_by_outlet(store: Store) -> list[dict[str, Any]]:
    return store.query(
        """
        SELECT d.outlet_id, any_value(o.name) AS outlet, any_value(o.country) AS country,
               any_value(o.state_affiliated) AS state_affiliated, any_value(o.in_catalogue) AS in_catalogue,
               d.language, count(*) AS documents,
               min(d.published_at) AS first_published, max(d.published_at) AS last_published
        FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id
        GROUP BY d.outlet_id, d.language
        ORDER BY documents DESC, d.outlet_id, d.language
        """
    )


def documents_per_month(store: Store) -> list[dict[str, Any]]:
    return store.query(
        """
        SELECT date_trunc('month', published_at) AS month, language, count(*) AS documents
        FROM documents WHERE published_at IS NOT NULL
        GROUP BY ALL ORDER BY month, language
        """
    )


def posts_by_platform(store: Store) -> list[dict[str, Any]]:
    return store.query(
        """
        SELECT platform, count(*) AS posts, count(DISTINCT account) AS accounts,
               min(ts) AS first_post, max(ts) AS last_post,
               count(*) FILTER (WHERE repost_of IS NOT NULL) AS reposts,
               count(*) FILTER (WHERE len(urls) > 0) AS with_links
        FROM posts GROUP BY platform ORDER BY posts DESC
        """
    )


def catalogue_outlets(store: Store) -> list[dict[str, Any]]:
    return store.query(
        """
        SELECT id, name, country, state_affiliated, affiliation_source, domains, languages
        FROM outlets WHERE in_catalogue ORDER BY country, name
        """
    )


def ingest_runs(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    return store.query(
        "SELECT id, started_at, finished_at, inputs, summary FROM ingest_runs ORDER BY id DESC LIMIT ?",
        [limit],
    )


def rejection_reasons(store: Store, limit: int = 20) -> list[dict[str, Any]]:
    return store.query(
        """
        SELECT source_file, reason, count(*) AS records, min(source_record) AS example_record
        FROM rejections GROUP BY ALL ORDER BY records DESC LIMIT ?
        """,
        [limit],
    )


def search_documents(
    store: Store,
    words: list[set[str]],
    *,
    phrase: bool = True,
    outlet: str | None = None,
    language: str | None = None,
    limit: int = 20,
) -> tuple[int, list[dict[str, Any]]]:
    """Documents holding every query word (any of its variants), adjacent and in order when
    `phrase`. The term index narrows the candidates; the lemma sequence checks adjacency.

    Returns (number of matching documents, the newest `limit` of them).
    """
    if not words:
        return 0, []
    conditions = [
        "d.id IN (SELECT doc_id FROM document_terms WHERE term IN (SELECT unnest(?)))" for _ in words
    ]
    params: list[Any] = [sorted(w) for w in words]
    if phrase and len(words) > 1:
        conditions.append("regexp_matches(' ' || d.lemmas || ' ', ?)")
        params.append(
            " " + " ".join("(?:" + "|".join(re.escape(v) for v in sorted(w)) + ")" for w in words) + " "
        )
    if outlet:
        conditions.append("(d.outlet_id = ? OR d.outlet_name = ?)")
        params += [outlet, outlet]
    if language:
        conditions.append("d.language = ?")
        params.append(language)
    where = " AND ".join(conditions)
    total = store.scalar(f"SELECT count(*) FROM documents d WHERE {where}", params)
    rows = store.query(
        f"""
        SELECT d.id, d.outlet_id, d.outlet_name, d.language, d.published_at, d.title, d.url,
               d.source_file, d.source_record, substr(d.text, 1, 20000) AS text
        FROM documents d WHERE {where}
        ORDER BY d.published_at DESC NULLS LAST, d.id LIMIT ?
        """,
        [*params, limit],
    )
    return int(total or 0), rows
