"""What every command shares: the consoles, the store path, JSON output."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from rich.console import Console

from lockstep.store.database import default_path

out = Console(soft_wrap=True)
err = Console(stderr=True)
_state: dict[str, Path] = {}


def set_db(path: Path | None) -> None:
    _state["db"] = path or default_path()


def db_path() -> Path:
    """The store chosen with `--db` (or $LOCKSTEP_DB, or ./lockstep.duckdb)."""
    return _state.get("db") or default_path()


def emit_json(payload: Any) -> None:
    """One JSON document on stdout; dates as ISO strings, non-ASCII kept readable."""
    sys.stdout.write(json.dumps(payload, ensure_ascii=False, indent=2, default=_default) + "\n")


def _default(value: Any) -> Any:
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
