"""GDELT 2.0 Mentions: which article mentioned which event, and when.

Two layouts are read. GDELT publishes `*.mentions.CSV` tab-separated with no header, 16
columns in codebook order, no quoting (a `"` is just a character); samples and BigQuery
exports carry a header (`globaleventid,eventtimedate,...`, any case) and are usually
comma-separated with CSV quoting. With a header, columns are found by name so that a
reordered or trimmed export still reads. Both timestamps are GDELT's 14-digit UTC
YYYYMMDDHHMMSS. The three character offsets are kept as GDELT writes them (-1: not found),
because two rows for one sentence of one article differ only there; InRawText and Extras
are not kept.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from itertools import chain
from pathlib import Path

from lockstep.errors import InputError
from lockstep.model import Mention, Record, Rejected
from lockstep.sources.base import SourceFormat, SourceOptions, cap, csv_rows, display, read_lines
from lockstep.text.dates import parse_datetime

#: The Mentions table's columns in codebook order (lower-cased, as headers write them).
COLUMNS = (
    "globaleventid",
    "eventtimedate",
    "mentiontimedate",
    "mentiontype",
    "mentionsourcename",
    "mentionidentifier",
    "sentenceid",
    "actor1charoffset",
    "actor2charoffset",
    "actioncharoffset",
    "inrawtext",
    "confidence",
    "mentiondoclen",
    "mentiondoctone",
    "mentiondoctranslationinfo",
    "extras",
)
_REQUIRED = COLUMNS[:6]
_STAMP = re.compile(r"[0-9]{14}")
_INT = re.compile(r"-?[0-9]{1,18}")
_FLOAT = re.compile(r"-?[0-9]{1,20}(?:\.[0-9]{1,30})?(?:[eE][-+]?[0-9]{1,3})?")


class _Bad(Exception):
    """A row that cannot become a Mention; the message is the reason for `Rejected`."""


def _read(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    lines = read_lines(path, name)
    first = next(lines, None)
    if first is None:
        raise InputError(name, None, "empty file")
    header = first.lstrip("\ufeff").rstrip("\r\n")
    delimiter = "\t" if "\t" in header else ","
    names = [cell.strip().strip('"').lower() for cell in header.split(delimiter)]
    rows: Iterator[tuple[int, list[str] | str]]
    if "globaleventid" in names:
        columns = _columns(names, name)
        width = len(names)
        rows = _tab_rows(lines, 2) if delimiter == "\t" else csv_rows(lines, ",", 2)
    else:
        columns = {column: index for index, column in enumerate(COLUMNS)}
        width = len(COLUMNS)
        rows = _tab_rows(chain([first], lines), 1)
    for line, row in rows:
        record = f"line {line}"
        if isinstance(row, str):
            yield Rejected(name, record, row)
            continue
        try:
            yield _mention(row, columns, width, name, record)
        except _Bad as bad:
            yield Rejected(name, record, str(bad))


def _columns(names: list[str], file: str) -> dict[str, int]:
    position = {column: index for index, column in reversed(list(enumerate(names)))}
    missing = [column for column in _REQUIRED if column not in position]
    if missing:
        raise InputError(file, "line 1", f"header lacks {', '.join(missing)}")
    return {column: position[column] for column in COLUMNS if column in position}


def _tab_rows(lines: Iterator[str], first_line: int) -> Iterator[tuple[int, list[str]]]:
    """GDELT's own files: one record per line, fields split on tabs, no quoting at all."""
    for number, line in enumerate(lines, start=first_line):
        text = line.rstrip("\r\n")
        if text.strip():
            yield number, text.split("\t")


def _mention(row: list[str], columns: dict[str, int], width: int, file: str, record: str) -> Mention:
    if len(row) != width:
        raise _Bad(f"{len(row)} columns, expected {width}")

    def cell(column: str) -> str:
        index = columns.get(column)
        return "" if index is None else row[index].strip()

    identifier = cap(cell("mentionidentifier")) or ""
    if not identifier:
        raise _Bad("empty MentionIdentifier")
    return Mention(
        event_id=_required_int(cell("globaleventid"), "GLOBALEVENTID"),
        event_time=_stamp(cell("eventtimedate"), "EventTimeDate"),
        mention_time=_stamp(cell("mentiontimedate"), "MentionTimeDate"),
        mention_type=_required_int(cell("mentiontype"), "MentionType"),
        source_name=cap(cell("mentionsourcename")) or "",
        identifier=identifier,
        sentence_id=_int(cell("sentenceid"), "SentenceID"),
        confidence=_int(cell("confidence"), "Confidence"),
        doc_len=_int(cell("mentiondoclen"), "MentionDocLen"),
        doc_tone=_float(cell("mentiondoctone"), "MentionDocTone"),
        translation_info=cap(cell("mentiondoctranslationinfo")) or None,
        source_file=file,
        source_record=record,
        offsets=(
            _int(cell("actor1charoffset"), "Actor1CharOffset"),
            _int(cell("actor2charoffset"), "Actor2CharOffset"),
            _int(cell("actioncharoffset"), "ActionCharOffset"),
        ),
    )


def _stamp(value: str, column: str) -> dt.datetime:
    when = parse_datetime(value)[0] if _STAMP.fullmatch(value) else None
    if when is None:
        raise _Bad(f"{column} {value[:40]!r} is not a YYYYMMDDHHMMSS time")
    return when


def _required_int(value: str, column: str) -> int:
    number = _int(value, column)
    if number is None:
        raise _Bad(f"empty {column}")
    return number


def _int(value: str, column: str) -> int | None:
    if not value:
        return None
    if not _INT.fullmatch(value):
        raise _Bad(f"{column} {value[:40]!r} is not an integer")
    return int(value)


def _float(value: str, column: str) -> float | None:
    if not value:
        return None
    if not _FLOAT.fullmatch(value):
        raise _Bad(f"{column} {value[:40]!r} is not a number")
    return float(value)


def _sniff(path: Path, head: bytes) -> bool:
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if first.lower().startswith("globaleventid"):
        return "mentiontimedate" in first.lower()
    fields = first.split("\t")
    return len(fields) == len(COLUMNS) and all(_STAMP.fullmatch(field) for field in fields[1:3])


FORMAT = SourceFormat(
    name="gdelt-mentions",
    description="GDELT 2.0 Mentions table (tab-separated as published, or CSV with a header)",
    sniff=_sniff,
    read=_read,
)
