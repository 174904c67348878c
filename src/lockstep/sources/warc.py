"""WARC captures, gzip-compressed or plain: each HTML page response becomes an article.

Records are streamed one at a time, so a crawl of many gigabytes is read in bounded memory;
each page is capped at `html_page.MAX_PAGE_BYTES`. Pages go through the same extractor as
saved HTML pages, so a page reads the same whether it came as a file or in a capture.

The capture time is not the publication time: a page without its own date keeps
`published_at` empty and the WARC-Date goes to `extra["captured_at"]`, so that lag
analyses never mistake a crawl date for a publication date.

warcio stops silently at the end of a cut file, so truncation is checked here: a record
shorter than its declared length, a record header cut before its Content-Length, or bytes
after the last whole record. What was read is yielded, then `InputError` names the offset.
A file cut inside the gzip trailer or closing blank lines of its last record still holds
every byte of that record and is read as complete.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import Any, BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from lockstep.errors import InputError
from lockstep.model import Document, Record, Rejected
from lockstep.sources.base import SourceFormat, SourceOptions, display
from lockstep.sources.html_page import MAX_PAGE_BYTES, extract_article, web_url
from lockstep.text.dates import parse_datetime

_GZIP_MAGIC = b"\x1f\x8b"
_CHARSET = re.compile(r"""charset\s*=\s*["']?([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)
#: Bytes after the last record that are looked at; anything but blank lines there is damage.
_TAIL_BYTES = 65536


def sniff(path: Path, head: bytes) -> bool:
    if head.startswith(_GZIP_MAGIC):
        try:
            head = zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(head, 16)
        except zlib.error:
            return False
    return head.startswith(b"WARC/1.")


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    try:
        fh = path.open("rb")
    except OSError as err:
        raise InputError(name, None, f"cannot read: {err.strerror}") from None
    with fh:
        if not fh.read(1):
            raise InputError(name, None, "empty file")
        fh.seek(0)
        end = yield from _read_records(fh, name, options.outlet)
        _check_tail(fh, end, name)


FORMAT = SourceFormat(
    name="warc",
    description="a WARC capture (.warc or .warc.gz); each HTML page response becomes a document",
    sniff=sniff,
    read=read,
)


def _read_records(fh: BinaryIO, name: str, outlet: str | None) -> Generator[Record, None, int]:
    """Yield the pages of the archive; return the offset where the last whole record ends.

    warcio raises whatever its internals hit on damaged input (AttributeError and
    ValueError as well as its own ArchiveLoadFailed), so every call into it that parses
    framing is guarded and turned into an `InputError` at the current offset.
    `archive.offset` is where the record being parsed starts (the blank lines that end the
    previous record in a plain WARC are behind it).
    """
    archive = ArchiveIterator(fh)
    records = iter(archive)
    end = 0
    while True:
        try:
            record = next(records)
        except StopIteration:
            break
        except Exception as err:
            raise _unreadable(name, archive.offset, err) from None
        if not str(record.rec_headers.get_header("Content-Length") or "").strip().isdigit():
            raise InputError(
                name, f"offset {archive.offset}", "record header without a Content-Length (truncated?)"
            )
        payload = _html_payload(record)
        try:
            offset, length = archive.get_record_offset(), archive.get_record_length()
        except Exception as err:
            raise _unreadable(name, archive.offset, err) from None
        if getattr(record.raw_stream, "limit", 0) > 0:
            raise InputError(
                name, f"offset {offset}", "truncated: the record ends before its declared length"
            )
        end = offset + length
        if payload is not None:
            yield _page(record, payload, name, offset, outlet)
    return end


def _unreadable(name: str, offset: int, err: Exception) -> InputError:
    """warcio's own errors explain themselves; the others are its internals tripping."""
    detail = str(err) if isinstance(err, ArchiveLoadFailed) else "damaged or truncated record header"
    return InputError(name, f"offset {offset}", f"unreadable WARC record: {detail}")


def _html_payload(record: Any) -> bytes | str | None:
    """The body of a successful HTML response, a reason string when it cannot be used,
    None for every other record (requests, metadata, images, redirects: not articles)."""
    headers = record.http_headers
    if record.rec_type != "response" or headers is None or headers.get_statuscode() != "200":
        return None
    if "html" not in (headers.get_header("Content-Type") or "").lower():
        return None
    try:
        body: bytes = record.content_stream().read(MAX_PAGE_BYTES + 1)
    except Exception as err:  # content decoders (gzip, brotli, chunked) fail on damaged bodies
        return f"undecodable HTTP body: {err}"
    if len(body) > MAX_PAGE_BYTES:
        return f"page exceeds the {MAX_PAGE_BYTES}-byte cap"
    return body


def _page(record: Any, payload: bytes | str, name: str, offset: int, outlet: str | None) -> Record:
    where = f"offset {offset}"
    if isinstance(payload, str):
        return Rejected(name, where, payload)
    charset = _CHARSET.search(record.http_headers.get_header("Content-Type") or "")
    try:
        article = extract_article(payload, f"{name}#{offset}", charset.group(1) if charset else None)
    except InputError as err:
        return Rejected(name, where, err.reason)
    if article is None:
        return Rejected(name, where, "no article text found")
    url = web_url(record.rec_headers.get_header("WARC-Target-URI"))
    captured_at, _ = parse_datetime(record.rec_headers.get_header("WARC-Date"))
    return Document(
        outlet=article.outlet(outlet, url),
        text=article.text,
        title=article.title,
        url=url,
        language=article.language,
        published_at=article.published_at,
        precision=article.precision,
        source_format="warc",
        source_file=name,
        source_record=where,
        raw_ref=f"{name}#{offset}",
        extra={"captured_at": captured_at.isoformat()} if captured_at else {},
    )


def _check_tail(fh: BinaryIO, end: int, name: str) -> None:
    fh.seek(end)
    rest = fh.read(_TAIL_BYTES)
    if rest.strip() or fh.read(1):
        raise InputError(name, f"offset {end}", "truncated or damaged: data after the last whole record")
