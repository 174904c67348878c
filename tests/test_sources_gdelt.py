"""GDELT 2.0 Mentions: the real sample with its header, the same rows as GDELT publishes them, bad rows."""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import HOSTILE, assert_records_or_input_error, damaged
from lockstep.errors import InputError
from lockstep.model import Mention, Record, Rejected
from lockstep.sources.base import MAX_FIELD_CHARS, SourceOptions
from lockstep.sources.gdelt_mentions import COLUMNS, FORMAT

ROW = [
    "555924816",
    "20160701210000",
    "20170701234500",
    "1",
    "china.org.cn",
    "http://arabic.china.org.cn/txt/2017-07/02/content_41135804.htm",
    "4",
    "-1",
    "996",
    "988",
    "1",
    "100",
    "2579",
    "0.83565459610028",
    "srclc:ara;eng:GT-ARA 1.0",
    "",
]


def read(path: Path) -> list[Record]:
    return list(FORMAT.read(path, SourceOptions()))


def mentions(records: list[Record]) -> list[Mention]:
    return [r for r in records if isinstance(r, Mention)]


def write_tsv(tmp_path: Path, rows: list[list[str]]) -> Path:
    path = tmp_path / "20170701234500.mentions.CSV"
    path.write_text("".join("\t".join(row) + "\n" for row in rows), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def sample(shared_data: Path) -> Path:
    return shared_data / "gdelt" / "mentionssamp.csv"


def test_sample_with_header(sample: Path) -> None:
    records = read(sample)
    found = mentions(records)
    assert len(records) == len(found) == 1635
    assert found[0] == Mention(
        event_id=555924816,
        event_time=dt.datetime(2016, 7, 1, 21, 0),
        mention_time=dt.datetime(2017, 7, 1, 23, 45),
        mention_type=1,
        source_name="china.org.cn",
        identifier="http://arabic.china.org.cn/txt/2017-07/02/content_41135804.htm",
        sentence_id=4,
        confidence=100,
        doc_len=2579,
        doc_tone=0.83565459610028,
        translation_info="srclc:ara;eng:GT-ARA 1.0",
        source_file=str(sample),
        source_record="line 2",
        offsets=(-1, 996, 988),
    )
    last = found[-1]
    assert (last.event_id, last.source_name, last.confidence, last.source_record) == (
        669608750,
        "africatime.com",
        100,
        "line 1636",
    )
    assert {m.mention_time for m in found} == {dt.datetime(2017, 7, 1, 23, 45)}  # one 15-minute file


def test_headerless_tsv_gives_the_same_records(sample: Path, tmp_path: Path) -> None:
    with sample.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    tsv = write_tsv(tmp_path, rows)
    from_csv = mentions(read(sample))
    from_tsv = mentions(read(tsv))
    assert len(from_tsv) == 1635
    for a, b in zip(from_csv, from_tsv, strict=True):
        assert dataclasses.replace(a, source_file="", source_record="") == dataclasses.replace(
            b, source_file="", source_record=""
        )
    assert from_tsv[0].source_record == "line 1"


def test_header_columns_found_by_name(tmp_path: Path) -> None:
    order = [5, 0, 1, 2, 3, 4]
    path = tmp_path / "m.csv"
    path.write_text(
        ",".join(COLUMNS[i].upper() for i in order) + "\n" + ",".join(ROW[i] for i in order) + "\n",
        encoding="utf-8",
    )
    (mention,) = read(path)
    assert isinstance(mention, Mention)
    assert (mention.event_id, mention.source_name, mention.confidence, mention.doc_tone, mention.offsets) == (
        555924816,
        "china.org.cn",
        None,
        None,
        (None, None, None),
    )
    path.write_text("globaleventid,eventtimedate\n1,20170701234500\n", encoding="utf-8")
    with pytest.raises(InputError, match="header lacks mentiontimedate"):
        read(path)


def test_bad_rows_are_rejected(tmp_path: Path) -> None:
    def changed(index: int, value: str) -> list[str]:
        return [value if i == index else cell for i, cell in enumerate(ROW)]

    path = write_tsv(
        tmp_path,
        [
            ROW,
            ROW[:15],
            [*ROW, "x"],
            changed(0, "5559x"),
            changed(1, "2016070121000"),
            changed(2, "20171301234500"),
            changed(8, "9.5"),
            changed(11, "high"),
            changed(13, "nan"),
            changed(5, ""),
            ROW,
        ],
    )
    records = read(path)
    assert [r.source_record for r in mentions(records)] == ["line 1", "line 11"]
    assert [(r.source_record, r.reason) for r in records if isinstance(r, Rejected)] == [
        ("line 2", "15 columns, expected 16"),
        ("line 3", "17 columns, expected 16"),
        ("line 4", "GLOBALEVENTID '5559x' is not an integer"),
        ("line 5", "EventTimeDate '2016070121000' is not a YYYYMMDDHHMMSS time"),
        ("line 6", "MentionTimeDate '20171301234500' is not a YYYYMMDDHHMMSS time"),
        ("line 7", "Actor2CharOffset '9.5' is not an integer"),
        ("line 8", "Confidence 'high' is not an integer"),
        ("line 9", "MentionDocTone 'nan' is not a number"),
        ("line 10", "empty MentionIdentifier"),
    ]


def test_sniff(sample: Path, tmp_path: Path, shared_data: Path) -> None:
    assert FORMAT.sniff(sample, sample.read_bytes()[:65536])
    assert FORMAT.sniff(tmp_path / "x.CSV", ("\t".join(ROW) + "\n").encode())
    events_like = "\t".join(["555924816", "20160701", "201607", *ROW[3:]])
    assert not FORMAT.sniff(tmp_path / "x.CSV", events_like.encode())
    assert not FORMAT.sniff(tmp_path / "x.csv", b"globaleventid,sqldate,monthyear\n")
    posts = shared_data / "coordination" / "qut_toolkit" / "sample_data.csv"
    assert not FORMAT.sniff(posts, posts.read_bytes()[:65536])


def test_huge_identifier_is_capped(tmp_path: Path) -> None:
    huge = [*ROW[:5], "http://example.org/" + "x" * (50 * 1024 * 1024), *ROW[6:]]
    (mention,) = read(write_tsv(tmp_path, [huge]))
    assert isinstance(mention, Mention)
    assert len(mention.identifier) == MAX_FIELD_CHARS


def test_unreadable_and_empty(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot read"):
        read(tmp_path)
    empty = tmp_path / "empty.CSV"
    empty.write_bytes(b"\n\n")
    with pytest.raises(InputError, match="empty file"):
        read(empty)


@HOSTILE
@given(data=st.binary(max_size=2000))
def test_random_bytes(data: bytes) -> None:
    assert_records_or_input_error(FORMAT, "x.CSV", data, (Mention, Rejected))


@pytest.fixture(scope="module")
def real_heads(sample: Path) -> list[bytes]:
    text = sample.read_bytes()[:12000]
    rows = list(csv.reader(text.decode("utf-8", errors="replace").splitlines()))[1:]
    tsv = "".join("\t".join(row) + "\n" for row in rows).encode("utf-8")
    return [text, tsv]


@HOSTILE
@given(data=st.data())
def test_mutated_real_files(real_heads: list[bytes], data: st.DataObject) -> None:
    broken = data.draw(damaged(*real_heads))
    assert_records_or_input_error(FORMAT, "mentions.CSV", broken, (Mention, Rejected))
