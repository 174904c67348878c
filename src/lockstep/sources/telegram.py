"""Telegram channel messages, from the two shapes researchers actually hold.

1. Telegram Desktop's channel export (`result.json`): an object with the channel's `name`,
   `type`, `id` and `messages`. Each message's `text` is a string or an array mixing plain
   strings with entity objects; hidden link targets (`text_link` hrefs) exist only in those
   entities, so they are kept in `extra["urls"]` or the shared URL would be lost. `date` is
   written in the exporting computer's local time with no zone, so `date_unixtime` is
   preferred; when it is missing, `date` is taken as UTC (possibly off by the exporter's
   UTC offset).
2. A message-list dump (Telethon-style, as in the telegram-news-classifier data): a JSON array
   of `{message_id, sender_id, text, date, channel, category}`. Its `text` carries Telethon
   markdown (`**bold**`, `__italic__`, `~~strike~~`, `[label](url)`); the markers are removed
   so that the text compares with the same message from other sources, and link targets go
   to `extra["urls"]`. A literal `__`, `**` or `~~` in the text is removed with them.

`external_id` is `"<channel id>:<message id>"` with the channel id written bare: the `-100`
prefix of Bot API/Telethon ids (`-1001101170442`) is dropped so that both shapes give the
same key for the same message. A message URL is built only from a public username the user
supplies (`--map username=rian_ru`): neither shape carries one, and guessing it from the
channel title would point at the wrong channel.
"""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from lockstep.errors import InputError
from lockstep.model import Document, Precision, Record, Rejected
from lockstep.sources.base import SourceFormat, SourceOptions, cap, display, read_whole_text
from lockstep.text.dates import from_epoch, parse_datetime
from lockstep.text.links import extract_hashtags, extract_urls

_USERNAME = re.compile(r"[A-Za-z][A-Za-z0-9_]{3,31}")
_DIGITS = re.compile(r"-?[0-9]{1,20}")
# Label and target both exclude brackets so that every scan stops at the next bracket:
# hostile text full of "[" or "](" then costs linear time, not quadratic.
_MD_LINK = re.compile(r"\[([^\[\]]{0,1000})\]\(([^()\[\]\s]{1,4096})\)")
_MD_MARKS = re.compile(r"\*\*|__|~~")
_DESKTOP_HINT = re.compile(rb'"type"\s*:\s*"(?:message|service)"')
#: More links than this in one message is not a news post; the rest are dropped.
_MAX_LINKS = 1000
_MAX_LINK_CHARS = 4096
_MAX_LABEL_CHARS = 500


@dataclass(frozen=True, slots=True)
class _Context:
    file: str
    outlet: str | None
    username: str | None


@dataclass(frozen=True, slots=True)
class _Message:
    """What both export shapes reduce to before becoming a Document."""

    record: str
    message_id: int
    channel: str | None
    channel_id: str | None
    published_at: dt.datetime
    precision: Precision
    text: str
    links: list[str]
    extra: dict[str, object]


class _Bad(Exception):
    """A message that cannot become a Document; carries the reason for `Rejected`."""

    def __init__(self, record: str, reason: str) -> None:
        super().__init__(reason)
        self.record = record
        self.reason = reason


def _read(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    data = _load_json(path, name)
    context = _Context(name, options.outlet, _username(options, name))
    if isinstance(data, dict) and isinstance(data.get("messages"), list):
        desktop = partial(_desktop_message, _label(data.get("name")), _channel_id(data.get("id")))
        for index, item in enumerate(data["messages"]):
            if isinstance(item, dict) and item.get("type") == "service":
                continue  # "joined", "pinned", "created channel": not content
            yield _record(context, index, item, desktop)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield _record(context, index, item, _list_message)
    else:
        raise InputError(name, None, 'not a Telegram export: expected an object with "messages" or a list')


def _load_json(path: Path, name: str) -> Any:
    try:
        text = read_whole_text(path, name)
    except OSError as err:  # a directory, a file removed while reading
        raise InputError(name, None, f"cannot read: {err.strerror or err}") from None
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise InputError(name, None, f"malformed JSON: {err.msg} at line {err.lineno}") from None
    except (ValueError, RecursionError) as err:  # huge integers, absurd nesting
        raise InputError(name, None, f"malformed JSON: {err}") from None


def _username(options: SourceOptions, name: str) -> str | None:
    value = options.mapping.get("username")
    if value is None:
        return None
    value = value.strip().removeprefix("@")
    if not _USERNAME.fullmatch(value):
        raise InputError(name, None, f"not a Telegram username: {value[:40]!r}")
    return value


_Parse = Callable[[int, dict[str, Any]], _Message]


def _record(context: _Context, index: int, item: object, parse: _Parse) -> Record:
    if not isinstance(item, dict):
        return Rejected(context.file, f"item {index}", "not a message object")
    try:
        message = parse(index, item)
    except _Bad as bad:
        return Rejected(context.file, bad.record, bad.reason)
    return _document(context, message)


def _desktop_message(
    channel: str | None, channel_id: str | None, index: int, item: dict[str, Any]
) -> _Message:
    message_id, record = _identify(item.get("id"), index)
    if item.get("type", "message") != "message":
        raise _Bad(record, f"unknown message type {str(item.get('type'))[:40]!r}")
    published_at, precision = _desktop_date(item, record)
    raw = item.get("text")
    text, links = _flatten(item.get("text_entities") if raw is None else raw, record)
    extra: dict[str, object] = {}
    forwarded = _label(item.get("forwarded_from"))
    if forwarded:
        extra["forwarded_from"] = forwarded
    reply_to = _integer(item.get("reply_to_message_id"))
    if reply_to is not None:
        extra["reply_to"] = reply_to
    media = _media(item)
    if media:
        extra["media"] = media
    return _Message(record, message_id, channel, channel_id, published_at, precision, text, links, extra)


def _list_message(index: int, item: dict[str, Any]) -> _Message:
    message_id, record = _identify(item.get("message_id"), index)
    published_at, precision = _date(item.get("date"), record)
    raw = item.get("text")
    if raw is not None and not isinstance(raw, str):
        raise _Bad(record, f"text is a {type(raw).__name__}, not a string")
    text, links = _strip_markdown(cap(raw) or "")
    extra: dict[str, object] = {}
    category = _label(item.get("category"))
    if category:
        extra["category"] = category
    channel_id = _channel_id(item.get("sender_id"))
    channel = _label(item.get("channel"))
    return _Message(record, message_id, channel, channel_id, published_at, precision, text, links, extra)


def _identify(value: object, index: int) -> tuple[int, str]:
    message_id = _integer(value)
    if message_id is None or message_id < 0:
        raise _Bad(f"item {index}", "no message id")
    return message_id, f"message {message_id}"


def _desktop_date(item: dict[str, Any], record: str) -> tuple[dt.datetime, Precision]:
    seconds = _integer(item.get("date_unixtime"))
    if seconds is not None:
        try:
            return from_epoch(seconds), "second"
        except (ValueError, OverflowError, OSError):
            raise _Bad(record, f"date_unixtime {seconds} out of range") from None
    return _date(item.get("date"), record)


def _date(value: object, record: str) -> tuple[dt.datetime, Precision]:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        when, precision = parse_datetime(value)
        if when is not None:
            return when, precision
    raise _Bad(record, f"no parsable date ({str(value)[:40]!r})")


def _flatten(raw: object, record: str) -> tuple[str, list[str]]:
    """Join Desktop's text array; entity texts stay in place, hidden link targets are collected."""
    if raw is None:
        return "", []
    if isinstance(raw, str):
        return cap(raw) or "", []
    if not isinstance(raw, list):
        raise _Bad(record, f"text is a {type(raw).__name__}, not a string or list")
    parts: list[str] = []
    links: list[str] = []
    for piece in raw:
        if isinstance(piece, str):
            parts.append(piece)
        elif isinstance(piece, dict) and isinstance(piece.get("text"), str):
            parts.append(piece["text"])
            kind = piece.get("type")
            link = piece.get("href") if kind == "text_link" else piece["text"] if kind == "link" else None
            if isinstance(link, str):
                links.append(link)
    return cap("".join(parts)) or "", links


def _strip_markdown(text: str) -> tuple[str, list[str]]:
    links: list[str] = []

    def unlink(match: re.Match[str]) -> str:
        links.append(match.group(2))
        return match.group(1)

    return _MD_MARKS.sub("", _MD_LINK.sub(unlink, text)), links


def _document(context: _Context, message: _Message) -> Record:
    text = message.text.strip()
    if not text:
        return Rejected(context.file, message.record, "no text")
    outlet = context.outlet or message.channel or message.channel_id
    if not outlet:
        return Rejected(context.file, message.record, "no channel name or id")
    extra = dict(message.extra)
    extra["urls"] = _links(message.links + extract_urls(text))
    extra["hashtags"] = extract_hashtags(text)
    return Document(
        outlet=outlet,
        text=text,
        url=f"https://t.me/{context.username}/{message.message_id}" if context.username else None,
        published_at=message.published_at,
        precision=message.precision,
        source_format="telegram",
        source_file=context.file,
        source_record=message.record,
        external_id=f"{message.channel_id}:{message.message_id}" if message.channel_id else None,
        extra=extra,
    )


def _links(candidates: list[str]) -> list[str]:
    seen: dict[str, None] = {}
    for link in candidates:
        link = link.strip()
        if link and len(link) <= _MAX_LINK_CHARS:
            seen.setdefault(link, None)
            if len(seen) >= _MAX_LINKS:
                break
    return list(seen)


def _integer(value: object) -> int | None:
    """An id or Unix time given as a number or a digit string (Desktop writes both)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 2**63 else None
    if isinstance(value, str) and _DIGITS.fullmatch(value.strip()):
        number = int(value)
        return number if abs(number) < 2**63 else None
    return None


def _channel_id(value: object) -> str | None:
    number = _integer(value)
    if number is None:
        return None
    text = str(number)
    return text.removeprefix("-100") if text.startswith("-100") and len(text) > 4 else text


def _label(value: object) -> str | None:
    """A short name-like field (channel, category, forwarded_from); anything else is ignored."""
    if not isinstance(value, str):
        return None
    value = " ".join(value.split())
    return value[:_MAX_LABEL_CHARS] or None


def _media(item: dict[str, Any]) -> str | None:
    if "photo" in item:
        return "photo"
    kind = item.get("media_type")
    if isinstance(kind, str):
        return kind[:40]
    return "file" if "file" in item else None


def _sniff(path: Path, head: bytes) -> bool:
    body = head.removeprefix(codecs.BOM_UTF8).lstrip()
    if body.startswith(b"{"):
        return b'"messages"' in head and _DESKTOP_HINT.search(head) is not None
    if body.startswith(b"["):
        return (
            b'"message_id"' in head and b'"date"' in head and (b'"channel"' in head or b'"sender_id"' in head)
        )
    return False


FORMAT = SourceFormat(
    name="telegram",
    description="Telegram channel messages: Telegram Desktop result.json or a JSON list of messages",
    sniff=_sniff,
    read=_read,
)
