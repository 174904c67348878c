"""Input formats, and the registry that recognises them.

Each module describes itself with `FORMAT` (or `FORMATS`): a name for `--format`, a one-line
description, a cheap `sniff` and a `read` generator. Detection asks the specific formats
first (catalogues, GDELT, social posts, Telegram, feeds, WARC, HTML) and the generic
documents-from-JSON/CSV last, so that a file is read by the module that knows it best.
"""

from __future__ import annotations

import importlib
from functools import lru_cache
from pathlib import Path

from lockstep.errors import InputError
from lockstep.sources.base import SourceFormat

#: Detection order: most specific first.
_MODULES = (
    "catalogue",
    "targets",
    "events",
    "gdelt_mentions",
    "gdelt_events",
    "un_votes",
    "statements",
    "social_csv",
    "telegram",
    "feeds",
    "warc",
    "html_page",
    "tabular",
)
SNIFF_BYTES = 65536


@lru_cache(maxsize=1)
def all_formats() -> tuple[SourceFormat, ...]:
    formats: list[SourceFormat] = []
    for module_name in _MODULES:
        module = importlib.import_module(f"lockstep.sources.{module_name}")
        found = getattr(module, "FORMATS", None) or (module.FORMAT,)
        formats.extend(found)
    return tuple(formats)


def format_names() -> list[str]:
    return [f.name for f in all_formats()]


def get_format(name: str) -> SourceFormat:
    for fmt in all_formats():
        if fmt.name == name:
            return fmt
    raise InputError("--format", name, f"unknown format; known: auto, {', '.join(format_names())}")


def detect_format(path: Path, shown_name: str | None = None) -> SourceFormat | None:
    """The first format whose sniff accepts the file, or None."""
    try:
        with path.open("rb") as fh:
            head = fh.read(SNIFF_BYTES)
    except OSError as err:
        raise InputError(shown_name or str(path), None, f"cannot read: {err.strerror}") from None
    if not head.strip():
        raise InputError(shown_name or str(path), None, "empty file")
    if b"\x00" in head[:4096] and not head.startswith((b"\xff\xfe", b"\xfe\xff", b"\x1f\x8b", b"WARC")):
        raise InputError(shown_name or str(path), None, "binary data, not a text format lockstep reads")
    for fmt in all_formats():
        try:
            if fmt.sniff(path, head):
                return fmt
        except Exception:
            continue
    return None
