"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds: one `Document` per item.

Memory: feedparser builds the whole feed before yielding anything, so a feed is held in
memory several times over (bytes, decoded text, parsed entries). That is accepted up to
`base.MAX_WHOLE_FILE_BYTES` because feeds are snapshots of at most a few thousand items.
A 100,000-item feed still works but costs memory in proportion: a 115 MB one took about
0.8 GB peak and 40 s in our measurement. Archives that large should come as WARC or JSONL,
which stream.

Safety: feedparser is only ever handed a file object. Given a string or bytes it treats
them as a URL to fetch or a path to open, which a hostile file or argument could abuse.

Encoding: feeds declare encodings they do not use, so the bytes are decoded here with the
shared page decoder, the XML declaration is dropped, and feedparser gets plain UTF-8.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import io
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import feedparser
from selectolax.lexbor import LexborHTMLParser

from lockstep.errors import InputError
from lockstep.model import Document, Precision, Record, Rejected
from lockstep.sources.base import SourceFormat, SourceOptions, cap, display
from lockstep.sources.html_page import (
    decode_markup,
    language_code,
    plausible_language,
    read_capped,
    web_url,
)
from lockstep.text.dates import parse_datetime, to_utc
from lockstep.text.links import url_domain

_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>\s*")
_RFC822 = re.compile(r"^\s*(?:[A-Za-z]{3},?\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{2,4}\s+\d{1,2}:\d{2}")
_HAS_SECONDS = re.compile(r"\d:\d{2}:\d{2}")
_ATOM_NAMESPACE = "http://www.w3.org/2005/atom"
_DROPPED_TAGS = ["script", "style", "noscript", "template"]
_BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption",
        "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "ol",
        "p", "pre", "section", "table", "td", "th", "tr", "ul",
    }
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class _Feed:
    """What every item of one feed inherits."""

    name: str
    outlet: str
    base: str | None  # what relative item links are relative to
    language: str | None


def sniff(path: Path, head: bytes) -> bool:
    text = head[:4096].replace(b"\x00", b"").decode("latin-1").lower()
    return "<rss" in text or "<rdf:rdf" in text or ("<feed" in text and _ATOM_NAMESPACE in text)


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    parsed = _parse(read_capped(path, name), name)
    channel = parsed.get("feed", {})
    link = web_url(channel.get("link"))
    feed = _Feed(
        name=name,
        outlet=options.outlet or _one_line(channel.get("title")) or url_domain(link or "") or "unknown",
        base=web_url(options.display_name) or link,
        language=language_code(channel.get("language")),
    )
    for number, entry in enumerate(parsed.get("entries", []), start=1):
        yield _item(entry, number, feed)


FORMAT = SourceFormat(
    name="feed",
    description="an RSS 2.0, RSS 1.0 or Atom feed; one document per item",
    sniff=sniff,
    read=read,
)


def _parse(data: bytes, name: str) -> Mapping[str, Any]:
    match = _XML_ENCODING.match(data[:1024])
    text = decode_markup(data, name, match.group(1).decode("ascii") if match else None)
    payload = _XML_DECLARATION.sub("", text, count=1).encode("utf-8")
    parsed = feedparser.parse(io.BytesIO(payload))
    if parsed.get("bozo") and not any(map(_has_content, parsed.get("entries", []))):
        raise InputError(name, None, f"not a readable feed: {parsed.get('bozo_exception')}")
    return parsed


def _has_content(entry: Mapping[str, Any]) -> bool:
    """Whether an item carries anything; in broken XML, empty items are parser debris and
    the file is refused as a whole, while in a well-formed feed they are rejected one by one."""
    return any(entry.get(key) for key in ("title", "content", "summary"))


def _item(entry: Mapping[str, Any], number: int, feed: _Feed) -> Record:
    record = f"item {number}"
    text, text_language = _entry_text(entry)
    title = _one_line(_detail_text(entry.get("title_detail")) or entry.get("title"))
    if not text and not title:
        return Rejected(feed.name, record, "item has neither title nor text")
    title_language = (entry.get("title_detail") or {}).get("language")
    declared = language_code(text_language) or language_code(title_language) or feed.language
    language = plausible_language(declared, text or title or "")
    published_at, precision = _entry_date(entry.get("published") or entry.get("updated"), language)
    return Document(
        outlet=feed.outlet,
        text=cap(text) or "",
        title=cap(title),
        url=web_url(entry.get("link"), feed.base),
        language=language,
        published_at=published_at,
        precision=precision,
        source_format="feed",
        source_file=feed.name,
        source_record=record,
        external_id=cap(_one_line(entry.get("id"))),
    )


def _entry_text(entry: Mapping[str, Any]) -> tuple[str, str | None]:
    """Full content when the feed has it, else the summary; with its declared language."""
    for detail in [*entry.get("content", []), entry.get("summary_detail")]:
        text = _detail_text(detail)
        if text:
            return text, detail.get("language")
    return "", None


def _detail_text(detail: Mapping[str, Any] | None) -> str:
    if not detail or not isinstance(detail.get("value"), str):
        return ""
    value: str = detail["value"]
    if "html" in str(detail.get("type", "")):
        return html_to_text(value)
    return _tidy_lines(value)


def html_to_text(markup: str) -> str:
    """Readable text of an HTML fragment: scripts and styles dropped, one line per block.

    Paragraph breaks are kept because sentence splitting and quotation matching downstream
    need them; everything else about layout is noise.
    """
    tree = LexborHTMLParser(markup)
    tree.strip_tags(_DROPPED_TAGS)
    if tree.root is None:
        return ""
    parts: list[str] = []
    for node in tree.root.traverse(include_text=True):
        if node.tag == "-text":
            parts.append(node.text_content or "")
        elif node.tag in _BLOCK_TAGS:
            parts.append("\n")
    return _tidy_lines("".join(parts))


def _tidy_lines(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _one_line(value: object) -> str | None:
    if not isinstance(value, str):
        return None
    return " ".join(value.split()) or None


def _entry_date(raw: object, language: str | None) -> tuple[dt.datetime | None, Precision]:
    """RSS dates are RFC 822, read exactly by the standard library; anything else (Atom's
    ISO 8601, or a free-form date) goes to the shared parser."""
    if not isinstance(raw, str) or not raw.strip():
        return None, "unknown"
    if _RFC822.match(raw):
        try:
            stamp = to_utc(email.utils.parsedate_to_datetime(raw))
        except (TypeError, ValueError, IndexError, OverflowError):
            pass
        else:
            return stamp, "second" if _HAS_SECONDS.search(raw) else "minute"
    return parse_datetime(raw, language)
