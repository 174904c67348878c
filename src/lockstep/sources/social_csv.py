"""Social media posts from CSV, as coordination tools exchange them.

Columns are found by name (case-insensitive) because every tool names them differently: the
QUT coordination-network-toolkit writes `message_id,user_id,username,repost_id,reply_id,
message,timestamp,urls`, CooRTweet `object_id,account_id,content_id,timestamp_share`, and
platform exports `tweet_id`, `created_at`, `screen_name`. `--map account=user_id` overrides
the guess for any field (account, post_id, timestamp, text, urls, hashtags, repost_of,
reply_to, account_name).

CooRTweet layout: in a file with `object_id`, `account_id`, `content_id` and
`timestamp_share`, `content_id` is the post itself and `object_id` the shared object (the
retweeted tweet in `russian_coord_tweets`), so `content_id` becomes `post_id` and `object_id`
becomes `repost_of`. CooRTweet's data documentation says so, `content_id` is unique per row
while `object_id` repeats, and only this reading puts every retweet after its original.

Multi-valued cells (urls, hashtags) may be a Python list literal (QUT writes
`"['http://a', 'http://b']"`; read with `ast.literal_eval`, only short cells and only lists of
strings) or separated by spaces, `|`, commas or `+`. Commas and `+` split URLs only before
another `http(s)://`, since both occur inside URLs. An empty cell means no URL: the QUT
toolkit counts it as one, which links every post without a URL to every other.
In CooRTweet's `german_elections`, `url_id` and `hashtag_id` are hashed ids, not URLs or
tags; they land in `urls`/`hashtags` unchanged and still join posts that share them.

Timestamps are Unix seconds (QUT, CooRTweet), ISO 8601 (a value without zone is taken as
UTC) or anything `parse_datetime` reads; a time coarser than a minute is rejected because
coordination windows are seconds wide and midnight would fake simultaneity.

A post id seen earlier in the file is rejected as "duplicate post id" (the store keys posts
by id). CooRTweet's `german_elections` repeats 24,645 rows this way, nearly all exact copies;
the few that differ carry another url, hashtag or image-hash id, which is not merged.
"""

from __future__ import annotations

import ast
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import chain
from pathlib import Path

from lockstep.errors import InputError
from lockstep.model import Post, Record, Rejected
from lockstep.sources.base import SourceFormat, SourceOptions, cap, csv_rows, display, read_lines
from lockstep.text.dates import from_epoch, parse_datetime
from lockstep.text.links import extract_hashtags, extract_urls

_ALIASES: dict[str, tuple[str, ...]] = {
    "account": ("account_id", "user_id", "author", "username", "screen_name", "account"),
    "post_id": ("post_id", "message_id", "id", "tweet_id", "object_id"),
    "timestamp": ("timestamp", "timestamp_share", "created_at", "date", "time"),
    "text": ("text", "message", "content"),
    "urls": ("urls", "url", "url_id", "link", "expanded_urls"),
    "hashtags": ("hashtags", "hashtag_id"),
    "repost_of": ("repost_of", "repost_id", "retweet_id"),
    "reply_to": ("reply_to", "reply_id", "in_reply_to"),
    "account_name": ("username", "screen_name"),
    "platform": ("platform", "network", "site"),
}
_REQUIRED = ("account", "post_id", "timestamp")
_COORTWEET = frozenset({"object_id", "account_id", "content_id", "timestamp_share"})
_DOCUMENT_COLUMNS = frozenset({"title", "headline"})
_PLATFORM_PREFIXES = {"fb_": "facebook", "ig_": "instagram", "tw_": "twitter"}

_LITERAL_MAX_CHARS = 100_000
_ID_MAX_CHARS = 512
_ITEM_MAX_CHARS = 4096
_MAX_ITEMS = 1000
_MAX_EXTRA_COLUMNS = 64
_NUMERIC = re.compile(r"\s*[0-9]{1,12}(?:\.[0-9]{1,9})?\s*")
_URL_SPLIT = re.compile(r"[\s|]+|[,+](?=https?://)", re.IGNORECASE)
_ITEM_SPLIT = re.compile(r"[\s,|+]+")
_FINE_PRECISIONS = ("second", "minute")


@dataclass(frozen=True, slots=True)
class _Layout:
    """Which column holds which Post field, decided once from the header."""

    header: list[str]
    columns: dict[str, int]
    others: list[int]  # columns kept in `extra`, so no tool-specific field is silently lost

    def get(self, row: list[str], field: str) -> str | None:
        index = self.columns.get(field)
        return None if index is None else row[index]

    def extra(self, row: list[str]) -> dict[str, object]:
        return {self.header[index]: cap(row[index]) for index in self.others if row[index]}


class _Bad(Exception):
    """A row that cannot become a Post; the message is the reason for `Rejected`."""


def _read(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    lines = read_lines(path, name)
    first = next(lines, None)
    if first is None:
        raise InputError(name, None, "empty file")
    rows = csv_rows(chain([first], lines), _delimiter(first))
    layout = _layout(rows, options, name)
    seen: set[tuple[str, str]] = set()
    for line, row in rows:
        record = f"line {line}"
        if isinstance(row, str):
            yield Rejected(name, record, row)
            continue
        try:
            post = _post(row, layout, options, name, record)
        except _Bad as bad:
            yield Rejected(name, record, str(bad))
            continue
        key = (post.platform, post.post_id)
        if key in seen:
            yield Rejected(name, record, "duplicate post id")
            continue
        seen.add(key)
        yield post


def _delimiter(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in (",", "\t", ";")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] > counts[","] else ","


def _layout(rows: Iterator[tuple[int, list[str] | str]], options: SourceOptions, name: str) -> _Layout:
    first = next(rows, None)
    if first is None or isinstance(first[1], str):
        raise InputError(name, "line 1", "no readable header row")
    header = [cell.strip().lstrip("\ufeff").lower() for cell in first[1]]
    position = {column: index for index, column in reversed(list(enumerate(header)))}
    columns: dict[str, int] = {}
    for field, aliases in _ALIASES.items():
        found = next((position[alias] for alias in aliases if alias in position), None)
        if found is not None:
            columns[field] = found
    if position.keys() >= _COORTWEET:
        columns["post_id"], columns["repost_of"] = position["content_id"], position["object_id"]
    columns.update(_mapped(options.mapping, position, name))
    if columns.get("account_name") == columns.get("account"):
        columns.pop("account_name", None)
    missing = [field for field in _REQUIRED if field not in columns]
    if missing:
        wanted = "; ".join(f"{field}: one of {', '.join(_ALIASES[field])}" for field in missing)
        raise InputError(
            name, "line 1", f"no column for {wanted} (or name it with --map {missing[0]}=COLUMN)"
        )
    used = set(columns.values())
    others = [index for index in range(len(header)) if index not in used][:_MAX_EXTRA_COLUMNS]
    return _Layout(header, columns, others)


def _mapped(mapping: dict[str, str], position: dict[str, int], name: str) -> dict[str, int]:
    columns: dict[str, int] = {}
    for field, column in mapping.items():
        if field not in _ALIASES:
            raise InputError(name, None, f"unknown field {field!r} in mapping; known: {', '.join(_ALIASES)}")
        key = column.strip().lower()
        if key not in position:
            raise InputError(name, "line 1", f"mapped column {column!r} for {field} is not in the header")
        columns[field] = position[key]
    return columns


def _post(row: list[str], layout: _Layout, options: SourceOptions, name: str, record: str) -> Post:
    if len(row) != len(layout.header):
        raise _Bad(f"{len(row)} fields, the header has {len(layout.header)}")
    account = _identifier(layout.get(row, "account"), "account")
    post_id = _identifier(layout.get(row, "post_id"), "post id")
    timestamp = _timestamp(layout.get(row, "timestamp") or "")
    text = cap(layout.get(row, "text")) or ""
    urls_cell, tags_cell = layout.get(row, "urls"), layout.get(row, "hashtags")
    return Post(
        platform=options.platform or _platform_cell(layout.get(row, "platform")) or _platform(account),
        account=account,
        post_id=post_id,
        timestamp=timestamp,
        text=text,
        urls=_split(urls_cell) if urls_cell is not None else extract_urls(text)[:_MAX_ITEMS],
        hashtags=_hashtags(tags_cell) if tags_cell is not None else extract_hashtags(text)[:_MAX_ITEMS],
        repost_of=_optional_identifier(layout.get(row, "repost_of"), "repost_of"),
        reply_to=_optional_identifier(layout.get(row, "reply_to"), "reply_to"),
        account_name=_optional_identifier(layout.get(row, "account_name"), "account name"),
        source_file=name,
        source_record=record,
        extra=layout.extra(row),
    )


def _identifier(value: str | None, what: str) -> str:
    found = _optional_identifier(value, what)
    if found is None:
        raise _Bad(f"no {what}")
    return found


def _optional_identifier(value: str | None, what: str) -> str | None:
    value = (value or "").strip()
    if len(value) > _ID_MAX_CHARS:
        raise _Bad(f"{what} longer than {_ID_MAX_CHARS} characters")
    return value or None


def _timestamp(value: str) -> dt.datetime:
    if _NUMERIC.fullmatch(value):
        try:
            return from_epoch(float(value))
        except (ValueError, OverflowError, OSError):
            raise _Bad(f"timestamp {value.strip()[:40]!r} out of range") from None
    when, precision = parse_datetime(value)
    if when is None:
        raise _Bad(f"no parsable timestamp ({value.strip()[:40]!r})")
    if precision not in _FINE_PRECISIONS:
        raise _Bad(f"timestamp {value.strip()[:40]!r} gives only the {precision}, not the time")
    return when


def _platform_cell(value: str | None) -> str | None:
    """A `platform` column, when the file has one, names the platform per row."""
    text = (value or "").strip().casefold()
    return text[:40] if text else None


def _platform(account: str) -> str:
    prefix = account[:3].lower()
    return _PLATFORM_PREFIXES.get(prefix, "twitter")


def _split(cell: str) -> list[str]:
    value = cell.strip()
    if not value:
        return []
    if value.startswith("[") and value.endswith("]"):
        items = _list_literal(value)
        if items is not None:
            return _clean(items)
        value = value[1:-1]
    pattern = _URL_SPLIT if "://" in value else _ITEM_SPLIT
    return _clean(pattern.split(value))


def _list_literal(value: str) -> list[str] | None:
    """A Python list of strings, or None; `literal_eval` evaluates no code, only literals."""
    if len(value) > _LITERAL_MAX_CHARS:
        return None
    try:
        parsed = ast.literal_eval(value)
    except (ValueError, SyntaxError, TypeError, MemoryError, RecursionError):
        return None
    if isinstance(parsed, list) and all(isinstance(item, str) for item in parsed):
        return parsed
    return None


def _clean(items: Iterable[str]) -> list[str]:
    seen: dict[str, None] = {}
    for item in items:
        item = item.strip().strip("'\"").strip()
        if item and len(item) <= _ITEM_MAX_CHARS:
            seen.setdefault(item, None)
            if len(seen) >= _MAX_ITEMS:
                break
    return list(seen)


def _hashtags(cell: str) -> list[str]:
    """Lower-cased without `#`, as `extract_hashtags` gives them, so both sources join."""
    return _clean(tag.lstrip("#").casefold() for tag in _split(cell))


def _sniff(path: Path, head: bytes) -> bool:
    first = head.decode("utf-8", errors="replace").lstrip("\ufeff").split("\n", 1)[0]
    cells = {cell.strip().strip('"').lower() for cell in re.split(r"[,;\t]", first)}
    return (
        bool(cells.intersection(_ALIASES["account"]))
        and bool(cells.intersection(_ALIASES["timestamp"]))
        and not cells & _DOCUMENT_COLUMNS
    )


FORMAT = SourceFormat(
    name="posts",
    description="social media posts as CSV (QUT coordination toolkit, CooRTweet, platform exports)",
    sniff=_sniff,
    read=_read,
)
