"""What the store holds: the first thing an analyst checks before trusting any figure.

Inputs: every table. Parameters: none. Output: counts per table, documents per outlet and
language (with date range), documents per month, posts per platform, the catalogue, the
latest ingest runs and the most frequent rejection reasons (each with an example record,
so a rejected row can be found in its file).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from lockstep.store import queries
from lockstep.store.database import Store


@dataclass
class Overview:
    counts: dict[str, int]
    by_outlet: list[dict[str, Any]]
    per_month: list[dict[str, Any]]
    posts: list[dict[str, Any]]
    catalogue: list[dict[str, Any]]
    runs: list[dict[str, Any]]
    rejections: list[dict[str, Any]]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def overview(store: Store) -> Overview:
    return Overview(
        counts=store.counts(),
        by_outlet=queries.documents_by_outlet(store),
        per_month=queries.documents_per_month(store),
        posts=queries.posts_by_platform(store),
        catalogue=queries.catalogue_outlets(store),
        runs=queries.ingest_runs(store),
        rejections=queries.rejection_reasons(store),
    )
