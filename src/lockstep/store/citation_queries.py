"""Reads for the citations analysis: the catalogue as resolvable entries, and documents in pages.

Documents come in pages ordered by id so that a million-document store is never held in memory
at once; a cheap cue filter (RE2, in DuckDB) skips documents that contain no attribution cue.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from lockstep.store.database import Store
from lockstep.store.lexicon_queries import DocumentFilter

#: Words without which no cue of `lockstep.text.attributions` can match.
CUE_FILTER = (
    r"(?i)according to|said|says|told|report|citing|cited|stated|claim|announced|added|noted|wrote|tweeted|"
    r"-reported|по данным|по информации|по словам|по сведениям|по оценк|по мнению|ссылкой|"
    r"сообщ|переда[её]т|передают|пиш|написал|заяв|сказал|отметил|подчеркнул|рассказал|добавил|"
    r"заверил|уточнил|утвержда|указал|据|称|表示|指出|说|强调|透露|宣布|证实|回应|告诉|坦言|"
    r"重申|援引|报道|声明|：|:"
)


def catalogue_entries(store: Store) -> list[dict[str, Any]]:
    """Every outlet (catalogued or known only by the name documents carry) and actor, with all
    its names in any language."""
    return store.query(
        """
        SELECT 'outlet' AS kind, o.id, o.name, o.country, o.state_affiliated,
               list(DISTINCT a.alias) FILTER (WHERE a.alias IS NOT NULL) AS aliases
        FROM outlets o LEFT JOIN outlet_aliases a ON a.outlet_id = o.id
        GROUP BY ALL
        UNION ALL
        SELECT ac.kind, ac.id, ac.name, ac.country, NULL AS state_affiliated,
               list(DISTINCT a.alias) FILTER (WHERE a.alias IS NOT NULL) AS aliases
        FROM actors ac LEFT JOIN actor_aliases a ON a.actor_id = ac.id
        GROUP BY ALL
        ORDER BY kind, id
        """
    )


def outlet_profiles(store: Store) -> dict[str, dict[str, Any]]:
    """Country and state affiliation of every outlet, by id."""
    rows = store.query("SELECT id, name, country, state_affiliated FROM outlets")
    return {r["id"]: r for r in rows}


def attribution_documents(
    store: Store, where: DocumentFilter | None = None, page_size: int = 20_000, max_chars: int = 20_000
) -> Iterator[list[dict[str, Any]]]:
    """Pages of documents that contain at least one attribution cue, with capped text."""
    condition, params = (where or DocumentFilter()).sql()
    last = ""
    while True:
        page = store.query(
            f"""
            SELECT d.id, d.outlet_id, coalesce(o.name, d.outlet_name) AS outlet, d.language, d.published_at,
                   d.url, d.title, substr(d.text, 1, ?) AS text
            FROM documents d LEFT JOIN outlets o ON o.id = d.outlet_id
            WHERE d.id > ? AND {condition}
              AND regexp_matches(coalesce(d.title, '') || ' ' || substr(d.text, 1, ?), ?)
            ORDER BY d.id LIMIT ?
            """,
            [max_chars, last, *params, max_chars, CUE_FILTER, page_size],
        )
        if not page:
            return
        yield page
        last = page[-1]["id"]
