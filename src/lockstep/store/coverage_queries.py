"""Reads for the coverage analysis: actors by any name, their aliases, lemma sequences, and the
store-wide term frequencies used as the informative prior of the log-odds."""

from __future__ import annotations

from typing import Any

from lockstep.store.database import Store


def find_actor(store: Store, name: str) -> dict[str, Any] | None:
    """The actor whose id, name or alias is `name` (case-insensitive); states last when several match."""
    rows = store.query(
        """
        SELECT a.id, a.kind, a.name, a.country FROM actors a
        WHERE lower(a.id) = lower(?) OR lower(a.name) = lower(?)
           OR a.id IN (SELECT actor_id FROM actor_aliases WHERE lower(alias) = lower(?))
        ORDER BY a.kind = 'state', a.id
        """,
        [name, name, name],
    )
    return rows[0] if rows else None


def actor_names(store: Store, actor_id: str) -> list[dict[str, Any]]:
    """Every name of the actor, with its language (None: any)."""
    return store.query(
        """
        SELECT DISTINCT alias, language FROM actor_aliases WHERE actor_id = ?
        UNION SELECT name AS alias, NULL AS language FROM actors WHERE id = ?
        ORDER BY alias
        """,
        [actor_id, actor_id],
    )


def document_lemmas(store: Store, ids: list[str]) -> dict[str, str]:
    if not ids:
        return {}
    rows = store.query("SELECT id, lemmas FROM documents WHERE id IN (SELECT unnest(?))", [ids])
    return {r["id"]: r["lemmas"] for r in rows}


def background_frequencies(store: Store, terms: list[str]) -> tuple[dict[str, int], int]:
    """How often each term occurs in the whole store (sum of term frequencies), and the store's
    total number of term occurrences."""
    if not terms:
        return {}, 0
    rows = store.query(
        "SELECT term, sum(tf)::BIGINT AS n FROM document_terms WHERE term IN (SELECT unnest(?)) GROUP BY term",
        [terms],
    )
    total = store.scalar("SELECT coalesce(sum(tf), 0)::BIGINT FROM document_terms")
    return {r["term"]: int(r["n"]) for r in rows}, int(total or 0)


def person_ids(store: Store) -> list[str]:
    return [r["id"] for r in store.query("SELECT id FROM actors WHERE kind = 'person' ORDER BY id")]
