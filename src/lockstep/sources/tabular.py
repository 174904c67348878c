"""Documents from JSON, JSON Lines and CSV, with a field mapping.

Every dataset names its fields differently (`message`, `Disinfo_cases_en`, `title`), so a
mapping says which input field feeds which document field: `--map text=message,published_at=date`.
Without a mapping, common names are recognised (see `_GUESSES`). Mapping values may be
dotted paths into nested objects (`published_at=extra.published`), and `records=a.b` names
where the list of records sits in a JSON document (lists met on the way are walked).

A value written `column[+]` is multi-valued and split on `+` (the EUvsDisinfo layout); for
`outlet` this makes one document per outlet, since the same claim appeared in each; for
other fields the first value is used and the full list kept in `extra`.

JSON Lines and CSV stream row by row (bounded memory for files of gigabytes); a JSON
document (array or object) is parsed whole, up to the whole-file cap.
"""

from __future__ import annotations

import csv
import html
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from lockstep.errors import InputError
from lockstep.model import Document, Record, Rejected
from lockstep.sources.base import (
    MAX_FIELD_CHARS,
    SourceFormat,
    SourceOptions,
    cap,
    display,
    iter_text_lines,
    read_whole_text,
)
from lockstep.text.dates import parse_datetime

_FIELDS = ("text", "title", "url", "published_at", "outlet", "language", "external_id")
_GUESSES: dict[str, tuple[str, ...]] = {
    "text": ("text", "body", "content", "message", "article", "disinfo_cases_*", "summary", "description"),
    "title": ("title", "headline", "fakes"),
    "url": ("url", "link", "permalink", "id"),
    "published_at": (
        "published_at",
        "published",
        "date",
        "datetime",
        "pubdate",
        "timestamp",
        "created_at",
        "time",
    ),
    "outlet": ("outlet", "media", "source", "publisher", "channel", "site", "outlets"),
    "language": ("language", "lang"),
    "external_id": ("id", "message_id", "doc_id", "guid"),
}
_LANGUAGE_NAMES = {
    "english": "en",
    "russian": "ru",
    "chinese": "zh",
    "ukrainian": "uk",
    "german": "de",
    "italian": "it",
    "arabic": "ar",
    "french": "fr",
    "spanish": "es",
    "uzbek": "uz",
    "uyghur": "ug",
}
#: Longest JSON Lines record accepted; a longer line is a rejected record, not a crash.
MAX_LINE_CHARS = 4 * MAX_FIELD_CHARS


def parse_mapping(pairs: dict[str, str]) -> dict[str, tuple[str, bool]]:
    """`{"outlet": "outlets[+]"}` → `{"outlet": ("outlets", True)}`; unknown targets refused."""
    parsed: dict[str, tuple[str, bool]] = {}
    for target, source in pairs.items():
        if target in ("records", "username"):
            continue
        if target not in _FIELDS:
            raise InputError("--map", target, f"unknown field; known: {', '.join(_FIELDS)}, records")
        multi = source.endswith("[+]")
        parsed[target] = (source[:-3] if multi else source, multi)
    return parsed


def _sniff_json(path: Path, head: bytes) -> bool:
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return start[:1] in (b"[", b"{") and path.suffix.lower() in (".json", ".jsonl", ".ndjson", "")


def _sniff_csv(path: Path, head: bytes) -> bool:
    return path.suffix.lower() in (".csv", ".tsv")


def read_json(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    with path.open("rb") as fh:
        head = fh.read(4096).lstrip(b"\xef\xbb\xbf \t\r\n")
    if path.suffix.lower() in (".jsonl", ".ndjson") or _looks_like_jsonl(path):
        yield from _read_jsonl(path, name, options)
        return
    if not head:
        raise InputError(name, None, "empty file")
    try:
        data = json.loads(read_whole_text(path, name))
    except json.JSONDecodeError as err:
        raise InputError(name, f"line {err.lineno}", f"malformed JSON: {err.msg}") from None
    except RecursionError:
        raise InputError(name, None, "malformed JSON: nested too deeply") from None
    records = _find_records(data, options.mapping.get("records"), name)
    mapping = _mapping_for(records[0] if records else {}, options)
    fallback = _document_level_outlet(data) or Path(name).stem
    for index, item in enumerate(records, start=1):
        yield from _documents(item, mapping, name, f"item {index}", "json", options, fallback)


def _document_level_outlet(data: Any) -> str | None:
    """A JSON document that wraps its records often names the publisher once, at the top."""
    if isinstance(data, dict):
        for key in ("source", "channel", "outlet", "name", "publisher"):
            if isinstance(data.get(key), str) and data[key].strip():
                return str(data[key]).strip()[:300]
    return None


def _looks_like_jsonl(path: Path) -> bool:
    """Two JSON objects on the first two lines: JSON Lines even without the extension."""
    with path.open("rb") as fh:
        first, second = fh.readline(65536), fh.readline(65536)
    try:
        return isinstance(json.loads(first), dict) and isinstance(json.loads(second), dict)
    except (ValueError, UnicodeDecodeError):
        return False


def _read_jsonl(path: Path, name: str, options: SourceOptions) -> Iterator[Record]:
    mapping: dict[str, tuple[str, bool]] | None = None
    for number, line in iter_text_lines(path, name):
        if not line.strip():
            continue
        where = f"line {number}"
        if len(line) > MAX_LINE_CHARS:
            yield Rejected(name, where, f"record longer than {MAX_LINE_CHARS} characters")
            continue
        try:
            item = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as err:
            yield Rejected(name, where, f"malformed JSON: {getattr(err, 'msg', 'nested too deeply')}")
            continue
        if not isinstance(item, dict):
            yield Rejected(name, where, "not a JSON object")
            continue
        if mapping is None:
            mapping = _mapping_for(item, options)
        yield from _documents(item, mapping, name, where, "jsonl", options)


def read_csv(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    lines = (line for _, line in iter_text_lines(path, name))
    csv.field_size_limit(MAX_LINE_CHARS)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
    reader = csv.reader(lines, delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(name, None, "empty file") from None
    except csv.Error as err:
        raise InputError(name, "line 1", f"malformed CSV header: {err}") from None
    header = [h.strip().lstrip("\ufeff") for h in header]
    if len(set(header)) != len(header):
        raise InputError(name, "line 1", "duplicate column names in the header")
    mapping = _mapping_for(dict.fromkeys(header, ""), options)
    if "text" not in mapping and "title" not in mapping:
        raise InputError(name, "line 1", "no text or title column; name one with --map text=COLUMN")
    number = 1
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            number += 1
            yield Rejected(name, f"row {number}", f"malformed CSV: {err}")
            continue
        number += 1
        if not row:
            continue
        if len(row) != len(header):
            yield Rejected(name, f"row {number}", f"{len(row)} fields where the header has {len(header)}")
            continue
        yield from _documents(
            dict(zip(header, row, strict=True)), mapping, name, f"row {number}", "csv", options
        )


def _find_records(data: Any, path: str | None, name: str) -> list[dict[str, Any]]:
    """The list of record objects in a JSON document: the top-level array, the list at
    `path` (walking lists on the way), or the largest list of objects found by search."""
    if path:
        nodes: list[Any] = [data]
        for step in path.split("."):
            nodes = [n for node in nodes for n in (node if isinstance(node, list) else [node])]
            nodes = [node.get(step) for node in nodes if isinstance(node, dict) and step in node]
        found = [r for node in nodes for r in (node if isinstance(node, list) else [node])]
    else:
        found = _largest_object_list(data)
    records = [r for r in found if isinstance(r, dict)]
    if not records:
        raise InputError(name, None, "no list of records found (name it with --map records=PATH)")
    return records


def _largest_object_list(data: Any, depth: int = 0) -> list[Any]:
    if depth > 6:
        return []
    if isinstance(data, list) and data and all(isinstance(x, dict) for x in data[:50]):
        nested = [_largest_object_list(x, depth + 1) for x in data[:1]]
        if nested and nested[0] and len(nested[0]) > 1:
            # a list of wrappers each holding a list (snapshots → items): flatten them
            return [r for x in data for r in _largest_object_list(x, depth + 1)]
        return data
    if isinstance(data, dict):
        best: list[Any] = []
        for value in data.values():
            candidate = _largest_object_list(value, depth + 1)
            if len(candidate) > len(best):
                best = candidate
        return best
    return []


def _mapping_for(sample: dict[str, Any], options: SourceOptions) -> dict[str, tuple[str, bool]]:
    """Explicit mapping first; each unmapped field guessed from the sample's keys."""
    mapping = parse_mapping(options.mapping)
    keys = {k.casefold(): k for k in sample}
    for parent, value in sample.items():  # one level of nesting: {"extra": {"published": ...}}
        if isinstance(value, dict):
            for child in value:
                keys.setdefault(child.casefold(), f"{parent}.{child}")
    used = {source for source, _ in mapping.values()}
    for target, guesses in _GUESSES.items():
        if target in mapping:
            continue
        for guess in guesses:
            match = next(
                (keys[k] for k in keys if (k.startswith(guess[:-1]) if guess.endswith("*") else k == guess)),
                None,
            )
            if match is not None and match not in used:
                if (
                    target == "url"
                    and guess == "id"
                    and not str(_get(sample, match) or "").startswith("http")
                ):
                    continue
                mapping[target] = (match, False)
                used.add(match)
                break
    return mapping


def _get(item: dict[str, Any], path: str) -> Any:
    node: Any = item
    for step in path.split("."):
        if not isinstance(node, dict):
            return None
        node = node.get(step)
    return node


def _documents(
    item: dict[str, Any],
    mapping: dict[str, tuple[str, bool]],
    name: str,
    where: str,
    fmt: str,
    options: SourceOptions,
    fallback_outlet: str | None = None,
) -> Iterator[Record]:
    values: dict[str, Any] = {}
    lists: dict[str, list[str]] = {}
    for target, (source, multi) in mapping.items():
        value = _get(item, source)
        if multi and isinstance(value, str):
            parts = [p.strip() for p in value.split("+") if p.strip()]
            lists[target] = parts
            value = parts[0] if parts else None
        values[target] = value
    text = _as_text(values.get("text")) or _as_text(values.get("title"))
    if not text:
        yield Rejected(name, where, "no text")
        return
    published, precision = parse_datetime(values.get("published_at"))
    if values.get("published_at") not in (None, "") and published is None:
        yield Rejected(name, where, f"unreadable date {str(values['published_at'])[:40]!r}")
        return
    outlets = lists.get("outlet") or [_as_text(values.get("outlet")) or fallback_outlet or Path(name).stem]
    if options.outlet:
        outlets = [options.outlet]
    mapped_sources = {source for source, _ in mapping.values()}
    extra: dict[str, object] = {
        k: (cap(v) if isinstance(v, str) else v)
        for k, v in item.items()
        if k not in mapped_sources and isinstance(v, (str, int, float, bool)) and v is not None
    }
    extra.update({f"{k}_list": v for k, v in lists.items()})
    url = _as_text(values.get("url"))
    external_id = _as_text(values.get("external_id"))
    if url is None and external_id and external_id.startswith(("http://", "https://")):
        url = external_id
    for outlet in outlets:
        yield Document(
            outlet=outlet[:300],
            text=text,
            title=_title(values.get("title")) if "text" in values and values.get("text") else None,
            url=url,
            language=_language_code(values.get("language")),
            published_at=published,
            precision=precision,
            source_format=fmt,
            source_file=name,
            source_record=where,
            external_id=external_id,
            extra=extra,
        )


def _title(value: Any) -> str | None:
    """Titles in JSON and CSV exports often keep the page's HTML entities (`&amp;`)."""
    text = _as_text(value)
    return html.unescape(text) if text and "&" in text else text


def _as_text(value: Any) -> str | None:
    if value is None or isinstance(value, (dict, list)):
        return None
    text = str(value).strip()
    return cap(text) if text else None


def _language_code(value: Any) -> str | None:
    text = _as_text(value)
    if not text:
        return None
    key = text.casefold().split("-")[0].split("_")[0]
    if len(key) == 2:
        return key
    return _LANGUAGE_NAMES.get(key)


JSON_FORMAT = SourceFormat("json", "documents from a JSON array/object or JSON Lines", _sniff_json, read_json)
CSV_FORMAT = SourceFormat("csv", "documents from a CSV/TSV file with a header", _sniff_csv, read_csv)
FORMATS = (JSON_FORMAT, CSV_FORMAT)
