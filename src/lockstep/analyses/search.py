"""Search the term index: which documents say this, in any inflection or script?

Inputs: documents and the term index. Parameters: the query, an optional query language
(default: analysed as every indexed language at once, because a one-word query rarely
reveals its language), phrase matching (default on: analysts search expressions like
"special military operation"), outlet and language filters, a result limit (default 20).
Output: the number of matching documents and the newest hits, each with its id, URL,
source file and record, and a keyword-in-context snippet as evidence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from lockstep.store.database import Store
from lockstep.store.queries import search_documents
from lockstep.text.tokens import first_match_span, query_terms, snippet


@dataclass
class Hit:
    id: str
    outlet: str
    outlet_id: str
    language: str | None
    published_at: str | None
    title: str | None
    url: str | None
    source_file: str
    source_record: str | None
    snippet: str


@dataclass
class SearchResult:
    query: str
    terms: list[list[str]]
    total: int
    hits: list[Hit]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def search_store(
    store: Store,
    query: str,
    *,
    lang: str | None = None,
    outlet: str | None = None,
    language: str | None = None,
    phrase: bool = True,
    limit: int = 20,
) -> SearchResult:
    words = query_terms(query, lang)
    total, rows = search_documents(store, words, phrase=phrase, outlet=outlet, language=language, limit=limit)
    hits = [
        Hit(
            id=row["id"],
            outlet=row["outlet_name"],
            outlet_id=row["outlet_id"],
            language=row["language"],
            published_at=row["published_at"].isoformat() if row["published_at"] else None,
            title=row["title"],
            url=row["url"],
            source_file=row["source_file"],
            source_record=row["source_record"],
            snippet=snippet(row["text"], first_match_span(row["text"], words[0], row["language"])),
        )
        for row in rows
    ]
    return SearchResult(query=query, terms=[sorted(w) for w in words], total=total, hits=hits)
