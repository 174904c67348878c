"""Telegram source: the self-written Desktop export, the real message-list dumps, hostile input."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import HOSTILE, assert_records_or_input_error, damaged
from lockstep.errors import InputError
from lockstep.model import Document, Record, Rejected
from lockstep.sources.base import MAX_FIELD_CHARS, SourceOptions
from lockstep.sources.telegram import FORMAT

FIXTURE = Path(__file__).parent / "fixtures" / "telegram_desktop" / "result.json"
REAL_FILES = {
    "1001101170442_messages.json": ("РИА Новости", 1000),
    "1001003921752_messages.json": ("BBC News | Русская служба", 905),
    "1001100158992_messages.json": ("SHOT", 633),
}


def read(path: Path, options: SourceOptions | None = None) -> list[Record]:
    return list(FORMAT.read(path, options or SourceOptions()))


def documents(records: list[Record]) -> dict[str, Document]:
    return {r.source_record: r for r in records if isinstance(r, Document)}


def write_json(tmp_path: Path, data: object) -> Path:
    path = tmp_path / "messages.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


# --- Telegram Desktop export ------------------------------------------------------------------


def test_desktop_export_skips_service_messages_and_rejects_media_only() -> None:
    records = read(FIXTURE)
    assert [r.source_record for r in records if isinstance(r, (Document, Rejected))] == [
        "message 2",
        "message 3",
        "message 4",
        "message 5",
        "message 6",
    ]
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert rejected == [Rejected(str(FIXTURE), "message 5", "no text")]


def test_desktop_export_flattens_entity_arrays_and_keeps_hidden_links() -> None:
    doc = documents(read(FIXTURE))["message 3"]
    assert doc.text == (
        "Главное за день: подробности на сайте и в источнике https://example.com/report?id=7 #Новости #Brief"
    )
    assert doc.extra["urls"] == ["https://example.org/news/42", "https://example.com/report?id=7"]
    assert doc.extra["hashtags"] == ["новости", "brief"]
    english = documents(read(FIXTURE))["message 4"]
    assert english.text == "The ministry says the talks will continue next week. Read: statement"
    assert english.extra["urls"] == ["https://example.gov/statement"]
    assert english.extra["forwarded_from"] == "Example Ministry"


def test_desktop_export_fields() -> None:
    doc = documents(read(FIXTURE))["message 2"]
    assert doc.outlet == "Lockstep Test Channel"
    assert doc.external_id == "1500000001:2"
    assert doc.url is None  # the export has no public username
    assert doc.title is None
    assert doc.source_format == "telegram"
    assert doc.source_file == str(FIXTURE)
    assert doc.published_at == dt.datetime(2024, 3, 1, 12, 30, 5)  # from date_unixtime 1709296205
    assert doc.precision == "second"


def test_desktop_date_without_unixtime_is_taken_as_utc() -> None:
    doc = documents(read(FIXTURE))["message 6"]
    assert doc.published_at == dt.datetime(2024, 3, 1, 16, 45, 30)
    assert doc.extra["reply_to"] == 2
    assert doc.extra["media"] == "photo"


def test_username_and_outlet_options() -> None:
    records = read(FIXTURE, SourceOptions(outlet="lockstep-test", mapping={"username": "@lockstep_test"}))
    doc = documents(records)["message 3"]
    assert doc.url == "https://t.me/lockstep_test/3"
    assert doc.outlet == "lockstep-test"
    with pytest.raises(InputError, match="not a Telegram username"):
        read(FIXTURE, SourceOptions(mapping={"username": "a/b"}))


# --- message-list dumps -----------------------------------------------------------------------


def test_message_list_strips_telethon_markdown(tmp_path: Path) -> None:
    path = write_json(
        tmp_path,
        [
            {
                "message_id": 7,
                "sender_id": -1001500000001,
                "text": "**Срочно**: __встреча__ [в Женеве\n](https://example.org/g) ~~отменена~~",
                "date": "2024-03-01T12:30:05+03:00",
                "channel": "Test",
                "category": "political",
            }
        ],
    )
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert doc.text == "Срочно: встреча в Женеве\n отменена"
    assert doc.extra == {"category": "political", "urls": ["https://example.org/g"], "hashtags": []}
    assert doc.external_id == "1500000001:7"  # same key as the Desktop export of that channel
    assert doc.published_at == dt.datetime(2024, 3, 1, 9, 30, 5)


def test_message_list_rejects_bad_items(tmp_path: Path) -> None:
    good = {
        "message_id": 1,
        "sender_id": -1001,
        "text": "ok",
        "date": "2024-03-01T00:00:00+00:00",
        "channel": "C",
    }
    path = write_json(
        tmp_path,
        [
            good,
            "not an object",
            {**good, "message_id": None},
            {**good, "message_id": 2, "date": "someday"},
            {**good, "message_id": 3, "text": ["a"]},
            {**good, "message_id": 4, "text": "  \n"},
            {**good, "message_id": 5, "channel": None, "sender_id": None},
        ],
    )
    records = read(path)
    assert isinstance(records[0], Document)
    assert [(r.source_record, r.reason.split(" (")[0]) for r in records[1:] if isinstance(r, Rejected)] == [
        ("item 1", "not a message object"),
        ("item 2", "no message id"),
        ("message 2", "no parsable date"),
        ("message 3", "text is a list, not a string"),
        ("message 4", "no text"),
        ("message 5", "no channel name or id"),
    ]


def test_real_message_lists(shared_data: Path) -> None:
    for file_name, (channel, expected) in REAL_FILES.items():
        records = read(shared_data / "telegram_ru" / file_name)
        docs = [r for r in records if isinstance(r, Document)]
        assert len(records) == len(docs) == expected, file_name  # no empty texts in these dumps
        assert Counter(d.outlet for d in docs) == {channel: expected}
        assert all(d.precision == "second" for d in docs)
        dates = [d.published_at for d in docs if d.published_at is not None]
        assert len(dates) == expected
        assert dt.datetime(2024, 11, 1) <= min(dates) <= max(dates) <= dt.datetime(2024, 12, 5)
        assert len({d.external_id for d in docs}) == expected
        assert not any("**" in d.text or "](" in d.text for d in docs)


def test_real_bbc_message(shared_data: Path) -> None:
    records = read(shared_data / "telegram_ru" / "1001003921752_messages.json")
    doc = documents(records)["message 73714"]
    assert doc.external_id == "1003921752:73714"
    assert doc.published_at == dt.datetime(2024, 12, 4, 8, 14, 6)
    assert doc.text.startswith("📹 Бельгия стала первой страной в мире")
    assert "прочитать на нашем сайте: https://bbc.in/4g96wyS" in doc.text
    assert doc.extra["urls"] == ["https://bbc.in/4g96wyS"]
    assert doc.extra["category"] == "other"


def test_real_file_in_cp1251_reads_the_same(shared_data: Path, tmp_path: Path) -> None:
    messages = json.loads((shared_data / "telegram_ru" / "1001101170442_messages.json").read_text("utf-8"))[
        :50
    ]
    utf8 = write_json(tmp_path, messages)
    cp1251 = tmp_path / "cp1251.json"
    cp1251.write_bytes(utf8.read_text("utf-8").encode("cp1251", errors="replace"))
    texts = [d.text for d in read(cp1251) if isinstance(d, Document)]
    assert texts == [d.text for d in read(utf8) if isinstance(d, Document)]


# --- sniffing ---------------------------------------------------------------------------------


def test_sniff(shared_data: Path, tmp_path: Path) -> None:
    real = shared_data / "telegram_ru" / "1001101170442_messages.json"
    assert FORMAT.sniff(FIXTURE, FIXTURE.read_bytes()[:65536])
    assert FORMAT.sniff(real, real.read_bytes()[:65536])
    other = shared_data / "gdelt" / "mentionssamp.csv"
    assert not FORMAT.sniff(other, other.read_bytes()[:65536])
    assert not FORMAT.sniff(tmp_path / "x.json", b'{"items": [{"title": "a", "date": "2024"}]}')
    assert not FORMAT.sniff(tmp_path / "x.json", b"\xff\xfe\x00garbage")


# --- hostile input ----------------------------------------------------------------------------


def test_malformed_json_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"name": "x", "messages": [{"id": 1,', encoding="utf-8")
    with pytest.raises(InputError, match="malformed JSON") as info:
        read(path)
    assert info.value.file == str(path)
    assert str(path) in str(info.value)


@pytest.mark.parametrize("content", ["42", '"text"', '{"name": "no messages"}', "[" * 100_000])
def test_not_an_export(tmp_path: Path, content: str) -> None:
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError):
        read(path)


def test_unreadable_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read(tmp_path)


def test_huge_text_is_capped(tmp_path: Path) -> None:
    text = "x" * (50 * 1024 * 1024)
    path = write_json(
        tmp_path,
        {
            "name": "C",
            "id": 1,
            "messages": [{"id": 1, "type": "message", "date": "2024-01-01T00:00:00", "text": text}],
        },
    )
    (doc,) = read(path)
    assert isinstance(doc, Document)
    assert len(doc.text) == MAX_FIELD_CHARS


@HOSTILE
@given(data=st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    assert_records_or_input_error(FORMAT, "x.json", data, (Document, Rejected))


@HOSTILE
@given(data=damaged(FIXTURE.read_bytes()))
def test_mutated_fixture(data: bytes) -> None:
    assert_records_or_input_error(FORMAT, "result.json", data, (Document, Rejected))


@pytest.fixture(scope="module")
def real_slice(shared_data: Path) -> bytes:
    messages = json.loads((shared_data / "telegram_ru" / "1001003921752_messages.json").read_text("utf-8"))
    return json.dumps(messages[:15], ensure_ascii=False, indent=1).encode("utf-8")


@HOSTILE
@given(data=st.data())
def test_mutated_real_messages(real_slice: bytes, data: st.DataObject) -> None:
    broken = data.draw(damaged(real_slice))
    assert_records_or_input_error(FORMAT, "messages.json", broken, (Document, Rejected))
