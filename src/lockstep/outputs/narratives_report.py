"""Report sections of the narratives capability (being built; none yet)."""

from __future__ import annotations

from lockstep.outputs.report import Section
from lockstep.store.database import Store


def sections(store: Store) -> list[Section]:
    """This capability's sections of the HTML report, computed from the store."""
    return []
