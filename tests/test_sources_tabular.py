"""Documents from JSON, JSON Lines and CSV with a field mapping, on the real files."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from lockstep.errors import InputError
from lockstep.model import Document, Rejected
from lockstep.sources.base import SourceOptions
from lockstep.sources.tabular import read_csv, read_json


def test_chinese_headlines_nested_snapshots(shared_data: Path) -> None:
    records = list(
        read_json(shared_data / "state_media_headlines_zh" / "history_elite_press.json", SourceOptions())
    )
    docs = [r for r in records if isinstance(r, Document)]
    assert len(docs) == 3301  # 59 snapshots of items, repeats included (the store de-duplicates)
    outlets = Counter(d.outlet for d in docs)
    assert outlets["People's Daily"] > 0 and "Qiushi" in outlets
    first = docs[0]
    assert first.title == "巴基斯坦总理：美伊和平协议或在24小时内敲定--国际"
    assert first.text == first.title + " 人民网"  # the feed summary: headline and site name
    assert first.published_at == dt.datetime(2026, 6, 13, 3, 40) and first.precision == "second"


def test_chinese_headlines_outlet_from_document_level(shared_data: Path) -> None:
    docs = list(
        read_json(shared_data / "state_media_headlines_zh" / "history_xinhua_news.json", SourceOptions())
    )
    assert {d.outlet for d in docs if isinstance(d, Document)} == {"Xinhua News Agency RSS"}


def test_propaganda_cases_russian(shared_data: Path) -> None:
    records = list(read_json(shared_data / "propaganda_cases_multilingual" / "dataRu.json", SourceOptions()))
    docs = [r for r in records if isinstance(r, Document)]
    rejected = [r for r in records if isinstance(r, Rejected)]
    assert len(docs) + len(rejected) == 623
    assert all(r.reason == "no text" for r in rejected)
    first = docs[0]
    assert first.outlet == "SNA.IT" and first.url and first.url.startswith("https://it.sputniknews.com/")
    assert first.published_at == dt.datetime(2021, 12, 9) and first.precision == "day"  # dd/mm/yyyy
    assert first.text.startswith("Весной 2014 года")
    assert first.title and first.title.startswith("Майдан")
    assert "Debunking" in first.extra and "Narrative" in first.extra


def test_euvsdisinfo_multi_valued_outlets(shared_data: Path) -> None:
    options = SourceOptions(mapping={"outlet": "outlets[+]"})
    docs = [
        r
        for r in read_csv(shared_data / "euvsdisinfo_cases" / "posts.csv", options)
        if isinstance(r, Document)
    ]
    cases = {d.url for d in docs}
    assert len(cases) == 10892
    assert len(docs) > len(cases)  # one document per outlet of a case
    navalny = [
        d for d in docs if d.url == "https://euvsdisinfo.eu/report/german-special-services-helped-navalny/"
    ]
    assert [d.outlet for d in navalny] == ["TASS - Russian"]
    assert navalny[0].extra["keywords"] == "Alexei Navalny+Vladimir Putin"


def test_csv_needs_a_text_column(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(InputError, match="no text or title column"):
        list(read_csv(path, SourceOptions()))


def test_csv_mapping_and_bad_rows(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text("when,body,who\n2024-01-02,hello world,A\n2024-01-03,short\n", encoding="utf-8")
    records = list(
        read_csv(path, SourceOptions(mapping={"text": "body", "published_at": "when", "outlet": "who"}))
    )
    assert isinstance(records[0], Document) and records[0].outlet == "A" and records[0].text == "hello world"
    assert isinstance(records[1], Rejected) and "2 fields where the header has 3" in records[1].reason


@pytest.mark.parametrize("encoding", ["cp1251", "utf-8-sig", "gb18030"])
def test_declared_and_undeclared_encodings(tmp_path: Path, encoding: str) -> None:
    text = (
        "Как сообщает ТАСС, переговоры продолжатся"
        if encoding != "gb18030"
        else "据塔斯社报道，会谈将继续举行，双方表示满意。"
    )
    path = tmp_path / "x.csv"
    path.write_bytes(f'text,date\n"{text}",2024-01-02\n'.encode(encoding))
    (doc,) = list(read_csv(path, SourceOptions()))
    assert isinstance(doc, Document) and doc.text == text


def test_huge_field_is_capped(tmp_path: Path) -> None:
    path = tmp_path / "x.jsonl"
    big = "слово " * (9 * 1024 * 1024)  # about 50 MB of UTF-8
    lines = [{"text": "ok"}, {"text": big[:900_000]}, {"text": big}]
    path.write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines), encoding="utf-8")
    records = list(read_json(path, SourceOptions()))
    assert [type(r).__name__ for r in records] == ["Document", "Document", "Rejected"]
    assert "longer than" in records[2].reason  # type: ignore[union-attr]


def test_malformed_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('[\n{"text": "a"},\n{"text": }\n]', encoding="utf-8")
    with pytest.raises(InputError) as info:
        list(read_json(path, SourceOptions()))
    assert "bad.json, record line 3: malformed JSON" in str(info.value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.binary(max_size=2000), suffix=st.sampled_from([".json", ".jsonl", ".csv"]))
def test_random_bytes_give_records_or_input_error(tmp_path: Path, data: bytes, suffix: str) -> None:
    path = tmp_path / f"random{suffix}"
    path.write_bytes(data)
    reader = read_csv if suffix == ".csv" else read_json
    try:
        for record in reader(path, SourceOptions()):
            assert isinstance(record, (Document, Rejected))
    except InputError:
        pass


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    cut=st.integers(0, 3000), flips=st.lists(st.tuples(st.integers(0, 2999), st.integers(0, 255)), max_size=8)
)
def test_mutated_real_json_gives_records_or_input_error(
    tmp_path: Path, shared_data: Path, cut: int, flips: list[tuple[int, int]]
) -> None:
    data = bytearray((shared_data / "telegram_ru" / "1001003921752_messages.json").read_bytes()[:3000])
    for at, value in flips:
        data[at % len(data)] = value
    path = tmp_path / "mutated.json"
    path.write_bytes(bytes(data[: max(1, cut)]))
    try:
        for record in read_json(path, SourceOptions()):
            assert isinstance(record, (Document, Rejected))
    except InputError:
        pass


def test_unreadable_path_is_bad_input(tmp_path: Path) -> None:
    from lockstep.sources.base import iter_text_lines

    with pytest.raises(InputError, match="cannot read"):
        list(iter_text_lines(tmp_path, "a-folder.csv"))
