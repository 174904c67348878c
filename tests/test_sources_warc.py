"""WARC captures, built in the test with warcio's writer: pages in, everything else skipped."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from fuzzing import EDITS, HOSTILE, apply_edits, assert_records_or_input_error
from lockstep.errors import InputError
from lockstep.model import Document, Record, Rejected
from lockstep.sources import warc
from lockstep.sources.base import SourceOptions

CAPTURED = "2024-03-06T12:00:00Z"
STORY = (
    "The committee met on Tuesday to discuss the harbour project, which has divided the town for more "
    "than a decade and cost far more than anyone had planned at the start.",
    "Residents said the new quay would bring jobs, while fishermen warned that dredging would ruin the "
    "spawning grounds their families have relied on for generations.",
)
RUSSIAN = (
    "Совет директоров одобрил сделку во вторник после долгих переговоров с акционерами компании.",
    "Акционеры потребовали опубликовать отчёт о рисках до конца месяца и провести новое собрание.",
)


def page(title: str, paragraphs: tuple[str, ...], head: str = "") -> str:
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (
        f"<html><head><title>{title}</title>{head}</head><body><nav>Home | World</nav>"
        f"<article><h1>{title}</h1>{body}</article><footer>Contact us</footer></body></html>"
    )


@dataclass(frozen=True)
class Capture:
    uri: str
    body: bytes
    content_type: str = "text/html; charset=utf-8"
    status: str = "200 OK"
    record_type: str = "response"


CAPTURES = (
    Capture(
        "https://news.example/harbour",
        page("Harbour vote", STORY, '<meta name="pubdate" content="2024-03-05T09:14:00Z">').encode(),
    ),
    Capture("https://news.example/logo.png", b"\x89PNG\r\n\x1a\n" + bytes(200), "image/png"),
    Capture("https://news.example/harbour", b"", "", record_type="request"),
    Capture("https://news.example/gone", page("Gone", STORY).encode(), status="404 Not Found"),
    Capture(
        "https://ru.example/deal",
        page("Сделка одобрена", RUSSIAN).encode("cp1251"),
        "text/html; charset=windows-1251",  # no meta charset: only the HTTP header tells
    ),
)


def build(captures: tuple[Capture, ...] = CAPTURES, *, gzip: bool = True) -> tuple[bytes, list[int]]:
    """A WARC holding the captures; returns its bytes and each record's offset."""
    buffer = io.BytesIO()
    writer = WARCWriter(buffer, gzip=gzip)
    offsets = []
    for capture in captures:
        offsets.append(buffer.tell())
        headers = {"WARC-Date": CAPTURED}
        if capture.record_type == "request":
            http = StatusAndHeaders("GET /harbour HTTP/1.1", [("Host", "news.example")], is_http_request=True)
        else:
            http = StatusAndHeaders(
                capture.status, [("Content-Type", capture.content_type)], protocol="HTTP/1.1"
            )
        record = writer.create_warc_record(
            capture.uri,
            capture.record_type,
            payload=io.BytesIO(capture.body),
            http_headers=http,
            warc_headers_dict=headers,
        )
        writer.write_record(record)
    return buffer.getvalue(), offsets


def write(tmp_path: Path, data: bytes, name: str = "capture.warc.gz") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def read_all(path: Path) -> list[Record]:
    return list(warc.read(path, SourceOptions()))


def read_until_error(path: Path) -> tuple[list[Record], InputError]:
    records: list[Record] = []
    with pytest.raises(InputError) as caught:
        for record in warc.read(path, SourceOptions()):
            records.append(record)
    return records, caught.value


@pytest.mark.parametrize("gzip", [True, False])
def test_pages_become_documents(tmp_path: Path, gzip: bool) -> None:
    data, offsets = build(gzip=gzip)
    path = write(tmp_path, data)
    harbour, deal = read_all(path)
    assert isinstance(harbour, Document) and isinstance(deal, Document)

    assert harbour.url == "https://news.example/harbour"
    assert harbour.title == "Harbour vote"
    assert all(p in harbour.text for p in STORY) and "Contact us" not in harbour.text
    assert (harbour.published_at, harbour.precision) == (dt.datetime(2024, 3, 5, 9, 14), "second")
    assert harbour.extra == {"captured_at": "2024-03-06T12:00:00"}
    assert (harbour.source_format, harbour.outlet) == ("warc", "news.example")
    assert harbour.raw_ref == f"{path}#{offsets[0]}"
    assert harbour.source_record == f"offset {offsets[0]}"

    assert deal.url == "https://ru.example/deal"
    assert RUSSIAN[0] in deal.text  # decoded with the charset of the HTTP header
    assert deal.published_at is None  # the capture date is not a publication date
    assert deal.extra == {"captured_at": "2024-03-06T12:00:00"}
    assert deal.raw_ref == f"{path}#{offsets[4]}"


@pytest.mark.parametrize("gzip", [True, False])
def test_raw_ref_points_at_the_record(tmp_path: Path, gzip: bool) -> None:
    path = write(tmp_path, build(gzip=gzip)[0])
    for doc in read_all(path):
        assert isinstance(doc, Document) and doc.raw_ref
        offset = int(doc.raw_ref.rsplit("#", 1)[1])
        with path.open("rb") as fh:
            fh.seek(offset)
            record = next(iter(ArchiveIterator(fh)))
            assert record.rec_headers.get_header("WARC-Target-URI") == doc.url


def test_page_without_text_is_rejected(tmp_path: Path) -> None:
    empty = Capture("https://news.example/empty", b"<html><body><script>x()</script></body></html>")
    data, offsets = build((empty,))
    (record,) = read_all(write(tmp_path, data))
    assert isinstance(record, Rejected)
    assert (record.source_record, record.reason) == (f"offset {offsets[0]}", "no article text found")


def test_binary_payload_labelled_html_is_rejected(tmp_path: Path) -> None:
    liar = Capture("https://news.example/liar", b"\x00\x01\x02" * 100)
    (record,) = read_all(write(tmp_path, build((liar, *CAPTURES[:1]))[0]))[:1]
    assert isinstance(record, Rejected) and "binary" in record.reason


@pytest.mark.parametrize("gzip", [True, False])
def test_truncated_file_yields_what_was_read_then_raises(tmp_path: Path, gzip: bool) -> None:
    data, offsets = build(gzip=gzip)
    cut = offsets[4] + (len(data) - offsets[4]) // 2  # in the middle of the last page
    records, error = read_until_error(write(tmp_path, data[:cut]))
    assert [r.url for r in records if isinstance(r, Document)] == ["https://news.example/harbour"]
    assert error.record == f"offset {offsets[4]}"


def test_cut_inside_a_record_header_is_reported(tmp_path: Path) -> None:
    data, offsets = build(gzip=False)
    records, error = read_until_error(write(tmp_path, data[: offsets[4] + 40], "plain.warc"))
    assert len(records) == 1
    assert error.record == f"offset {offsets[4]}"


def test_garbage_after_the_last_record_is_reported(tmp_path: Path) -> None:
    data, _ = build()
    records, error = read_until_error(write(tmp_path, data + b"this is not a record"))
    assert len(records) == 2
    assert error.record == f"offset {len(data)}"


def test_not_a_warc_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="offset 0"):
        read_all(write(tmp_path, b"<html><body>hello</body></html>", "page.warc"))
    with pytest.raises(InputError, match="empty"):
        read_all(write(tmp_path, b"", "empty.warc"))
    with pytest.raises(InputError, match="cannot read"):
        read_all(tmp_path / "missing.warc")


def test_sniff(tmp_path: Path) -> None:
    gz, _ = build()
    plain, _ = build(gzip=False)
    assert warc.sniff(Path("a.warc.gz"), gz[:65536])
    assert warc.sniff(Path("a.warc"), plain[:65536])
    assert not warc.sniff(Path("a.gz"), b"\x1f\x8b" + b"\x00" * 50)
    assert not warc.sniff(Path("a.html"), b"<html></html>")


# --- hostile input ----------------------------------------------------------------------


BUILT = {True: build(gzip=True)[0], False: build(gzip=False)[0]}


@HOSTILE
@given(data=st.binary(max_size=4000), gzip_magic=st.booleans())
def test_random_bytes(data: bytes, gzip_magic: bool) -> None:
    data = (b"\x1f\x8b" if gzip_magic else b"WARC/1.0\r\n") + data
    assert_records_or_input_error(warc.FORMAT, "random.warc", data, (Document, Rejected))


@HOSTILE
@given(gzip=st.booleans(), edits=EDITS)
def test_mutated_captures(gzip: bool, edits: list[tuple[int, int, bytes]]) -> None:
    broken = apply_edits(BUILT[gzip], edits)
    assert_records_or_input_error(warc.FORMAT, "mutated.warc", broken, (Document, Rejected))
