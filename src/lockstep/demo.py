"""`lockstep demo`: the front door. Builds a fresh store from the bundled synthetic corpus
(fictional outlets, written by us; see `demo_data/README.md`) and writes the report, so a
newcomer sees every capability at work before touching real data.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lockstep.ingest import Progress, ingest
from lockstep.outputs.report import write_report
from lockstep.store.database import Store

DEMO_DATA = Path(__file__).parent / "demo_data"


def demo_inputs() -> list[str]:
    """The whole demo folder: every capability adds its files there (the README is left aside,
    catalogues are read first)."""
    return [str(DEMO_DATA)]


def run_demo(folder: Path, progress: Progress | None = None) -> dict[str, Any]:
    """Rebuild `folder/lockstep.duckdb` from scratch and write `folder/report.html`."""
    folder.mkdir(parents=True, exist_ok=True)
    db = folder / "lockstep.duckdb"
    for stale in (db, folder / "lockstep.duckdb.wal"):
        stale.unlink(missing_ok=True)
    with Store(db) as store:
        # only the fictional catalogue: real outlets' names must not sit beside invented text
        result = ingest(store, demo_inputs(), progress=progress)
        counts = store.counts()
    report = folder / "report.html"
    with Store(db, read_only=True) as store:
        sections = write_report(store, report, title="lockstep demo (synthetic corpus, fictional outlets)")
    return {
        "store": str(db),
        "report": str(report),
        "sections": sections,
        "ingest": result.as_dict(),
        "counts": counts,
    }
