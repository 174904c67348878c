"""SQL the narratives capability needs beyond `lexicon_queries.match_documents`.

`match_documents` finds documents matching any of a set of plans across the whole store; a
narrative then checks its other concept groups, entities and numbers on those candidates
only (`flag_documents`), which keeps matching proportional to the candidates, not to the
store. Patterns are inlined as SQL literals for the same reason as in `lexicon_queries`:
DuckDB compiles each regular expression once.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from lockstep.store.database import Store
from lockstep.text.lexicon import MatchPlan


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def flag_documents(store: Store, plans: Mapping[str, MatchPlan], doc_ids: list[str]) -> dict[str, list[str]]:
    """For each of `doc_ids`, the keys of the plans its lemma sequence matches."""
    if not plans or not doc_ids:
        return {doc_id: [] for doc_id in doc_ids}
    keys = list(plans)
    flags = ",\n".join(
        f"regexp_matches(' ' || d.lemmas || ' ', {_literal(plans[k].pattern)}) AS f{i}"
        for i, k in enumerate(keys)
    )
    rows = store.query(f"SELECT d.id, {flags} FROM documents d WHERE d.id IN (SELECT unnest(?))", [doc_ids])
    return {r["id"]: [k for i, k in enumerate(keys) if r[f"f{i}"]] for r in rows}


def actor_aliases(store: Store, actor_ids: list[str]) -> dict[str, list[tuple[str | None, str]]]:
    """Each catalogue actor's names (language, alias), its display name included."""
    if not actor_ids:
        return {}
    rows = store.query(
        """
        SELECT a.id, NULL AS language, a.name AS alias FROM actors a WHERE a.id IN (SELECT unnest(?))
        UNION
        SELECT actor_id, language, alias FROM actor_aliases WHERE actor_id IN (SELECT unnest(?))
        ORDER BY 1, 2 NULLS FIRST, 3
        """,
        [actor_ids, actor_ids],
    )
    found: dict[str, list[tuple[str | None, str]]] = {}
    for r in rows:
        found.setdefault(r["id"], []).append((r["language"], r["alias"]))
    return found


def document_urls(store: Store, doc_ids: list[str]) -> dict[str, list[str]]:
    """The URLs each document links to (its own URL first, when it has one)."""
    if not doc_ids:
        return {}
    rows = store.query(
        "SELECT id, url, coalesce(urls, []) AS urls FROM documents WHERE id IN (SELECT unnest(?))", [doc_ids]
    )
    return {r["id"]: ([r["url"]] if r["url"] else []) + [u for u in r["urls"] if u != r["url"]] for r in rows}


def documents_by_id(store: Store, doc_ids: list[str]) -> dict[str, dict[str, Any]]:
    """Metadata, capped text and the `extra` JSON of the given documents."""
    if not doc_ids:
        return {}
    rows = store.query(
        """
        SELECT d.id, d.outlet_id, coalesce(o.name, d.outlet_name) AS outlet, o.country, o.state_affiliated,
               d.language, d.published_at, d.date_precision, d.url, d.title, substr(d.text, 1, 20000) AS text,
               CAST(d.extra AS VARCHAR) AS extra
        FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id
        WHERE d.id IN (SELECT unnest(?))
        """,
        [doc_ids],
    )
    return {r["id"]: r for r in rows}


def documents_for_claims(
    store: Store, languages: list[str] | None = None, limit: int = 200_000
) -> list[dict[str, Any]]:
    """Id, language, date, URL and capped text of documents (newest first), for claim matching."""
    condition = "language IN (SELECT unnest(?))" if languages else "true"
    return store.query(
        f"""
        SELECT id, language, published_at, url, coalesce(title || '\n', '') || substr(text, 1, 4000) AS text
        FROM documents WHERE {condition} ORDER BY published_at DESC NULLS LAST, id LIMIT {int(limit)}
        """,
        [languages] if languages else [],
    )
