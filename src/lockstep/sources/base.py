"""What every source module provides, and the input helpers they share.

A source module knows one input format and nothing about storage: it turns a file into a
stream of records (`lockstep.model`). Bad records are yielded as `Rejected` so the rest of
the file still goes in; a file that cannot be read at all raises `InputError`.
"""

from __future__ import annotations

import codecs
import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lockstep.errors import InputError
from lockstep.model import Record

#: Longest text field kept. Hostile inputs carry 50 MB "articles"; nothing real is that long,
#: and capping keeps memory bounded and rows reasonable.
MAX_FIELD_CHARS = 1_000_000
#: Fields must get through the csv module whole so that `cap` can shorten them; the module's
#: default limit (128 KiB) would reject a long post instead. Memory stays bounded by the
#: longest line, which `iter_text_lines` already holds.
CSV_FIELD_LIMIT = 256 * 1024 * 1024
#: Whole-file cap for formats that must be parsed in one piece (a JSON array, an HTML page).
MAX_WHOLE_FILE_BYTES = 512 * 1024 * 1024


@dataclass(slots=True)
class SourceOptions:
    """What the user told `lockstep ingest` about the input."""

    outlet: str | None = None
    mapping: dict[str, str] = field(default_factory=dict)
    platform: str | None = None
    display_name: str | None = None  # the URL when the file was fetched


@dataclass(frozen=True, slots=True)
class SourceFormat:
    """One input format: its name on the command line, how to recognise it, how to read it.

    `sniff` gets the file path and its first 64 KiB; it must be cheap and must not raise.
    """

    name: str
    description: str
    sniff: Callable[[Path, bytes], bool]
    read: Callable[[Path, SourceOptions], Iterator[Record]]


def display(path: Path, options: SourceOptions) -> str:
    """The name to print for an input: the URL it came from, or the path given."""
    return options.display_name or str(path)


def decode_bytes(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode input of unknown or mis-declared encoding.

    Order: a BOM wins; then the declared encoding if it decodes cleanly; then strict UTF-8;
    then charset detection (which handles cp1251 and gb18030). Declared encodings are tried
    but not trusted, because feeds and pages often declare UTF-8 and are not.
    """
    for bom, enc in (
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(enc)
            except UnicodeDecodeError as err:
                raise InputError(name, None, f"bad {enc} text: {err.reason}") from None
    candidates = [declared] if declared else []
    candidates.append("utf-8")
    for enc in candidates:
        try:
            return data.decode(enc)
        except (UnicodeDecodeError, LookupError):
            continue
    import charset_normalizer  # only for files that are not UTF-8 or a declared encoding

    best = charset_normalizer.from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise InputError(name, None, "not text: no character encoding fits (binary file?)")
    try:
        return data.decode(best.encoding)
    except UnicodeDecodeError:
        return data.decode(best.encoding, errors="replace")


def read_whole_text(path: Path, name: str, declared: str | None = None) -> str:
    """Read a file that must be parsed in one piece, refusing what is too large or binary."""
    try:
        size = path.stat().st_size
    except OSError as err:
        raise InputError(name, None, f"cannot read: {err.strerror}") from None
    if size > MAX_WHOLE_FILE_BYTES:
        raise InputError(name, None, f"file of {size} bytes exceeds the {MAX_WHOLE_FILE_BYTES}-byte cap")
    data = path.read_bytes()
    if not data.strip():
        raise InputError(name, None, "empty file")
    if b"\x00" in data[:4096] and not data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise InputError(name, None, "binary data, not text")
    return decode_bytes(data, name, declared)


def iter_text_lines(path: Path, name: str) -> Iterator[tuple[int, str]]:
    """Numbered lines of a text file; an unreadable file (a folder, no permission) is bad input."""
    try:
        yield from _text_lines(path, name)
    except OSError as err:
        raise InputError(name, None, f"cannot read: {err.strerror or err}") from None


def _text_lines(path: Path, name: str) -> Iterator[tuple[int, str]]:
    """Stream a line-oriented file (JSONL, CSV) in bounded memory, decoding each line.

    The encoding is chosen once from the head of the file; lines longer than the field cap
    are still yielded (the parser rejects them), but never more than one at a time.
    """
    with path.open("rb") as fh:
        head = fh.read(65536)
        if not head.strip():
            raise InputError(name, None, "empty file")
        if b"\x00" in head and not head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise InputError(name, None, "binary data, not text")
        encoding = _guess_line_encoding(head)
        fh.seek(0)
        stream = io.TextIOWrapper(fh, encoding=encoding, errors="replace", newline="")
        yield from enumerate(stream, start=1)


def _guess_line_encoding(head: bytes) -> str:
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    try:
        head.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as err:
        if err.start > len(head) - 4:  # a multi-byte character cut by the head boundary
            return "utf-8"
    import charset_normalizer

    best = charset_normalizer.from_bytes(head).best()
    return best.encoding if best is not None and best.encoding else "utf-8"


def cap(value: str | None) -> str | None:
    """Cap a text field; hostile inputs carry single fields of tens of megabytes."""
    if value is None:
        return None
    return value if len(value) <= MAX_FIELD_CHARS else value[:MAX_FIELD_CHARS]


def csv_rows(
    lines: Iterable[str], delimiter: str, first_line: int = 1
) -> Iterator[tuple[int, list[str] | str]]:
    """Parse CSV records, each with the line it starts on; a broken record gives its error text.

    One bad record (an unbalanced quote, a NUL) must not end the file, so csv errors are
    yielded in place of the row and parsing resumes on the next line.
    """
    csv.field_size_limit(max(csv.field_size_limit(), CSV_FIELD_LIMIT))
    reader = csv.reader(lines, delimiter=delimiter)
    while True:
        start = first_line + reader.line_num
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as err:
            if first_line + reader.line_num == start:
                return  # nothing consumed: the input is exhausted
            yield start, f"unreadable CSV: {err}"
            continue
        if row:
            yield start, row


def read_lines(path: Path, name: str) -> Iterator[str]:
    """`iter_text_lines` without the numbers (for readers that count CSV records themselves)."""
    for _, line in iter_text_lines(path, name):
        yield line
