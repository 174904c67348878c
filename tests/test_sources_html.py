"""Article extraction from saved HTML pages, against real pages with known bodies."""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import EDITS, HOSTILE, apply_edits, assert_records_or_input_error
from lockstep.errors import InputError
from lockstep.model import Document, Rejected
from lockstep.sources import html_page
from lockstep.sources.base import SourceOptions

PAGES = {
    "chinese_article.html": "chinese.txt",
    "arabic_article.html": "arabic.txt",
    "cnn_article.html": "cnn.txt",
}

PARAGRAPHS = (
    "The committee met on Tuesday to discuss the harbour project, which has divided the town "
    "for more than a decade and cost far more than anyone had planned.",
    "Residents said the new quay would bring jobs, while fishermen warned that dredging would "
    "ruin the spawning grounds their families have relied on for generations.",
    "A final vote is expected next month, after the environmental report is published and "
    "the public consultation, which drew four thousand replies, has been summarised.",
)


def article_html(head: str = "", body_text: tuple[str, ...] = PARAGRAPHS, lang: str = "en") -> str:
    paragraphs = "".join(f"<p>{p}</p>" for p in body_text)
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><title>Harbour vote - Town News</title>{head}</head>'
        "<body><nav><a href='/'>Home</a> <a href='/sport'>Sport</a></nav>"
        f"<article><h1>Harbour vote</h1>{paragraphs}</article>"
        "<footer>Copyright Town News</footer><script>var tracking = 1;</script></body></html>"
    )


def read_one(path: Path, outlet: str | None = None) -> Document | Rejected:
    (record,) = list(html_page.read(path, SourceOptions(outlet=outlet)))
    assert isinstance(record, (Document, Rejected))
    return record


def read_doc(path: Path) -> Document:
    record = read_one(path)
    assert isinstance(record, Document)
    return record


def write(tmp_path: Path, data: bytes | str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def similarity(a: str, b: str) -> float:
    """Character-level difflib ratio of the whitespace-collapsed texts (autojunk off, so it
    is the real ratio and not the heuristic one); the texts are a few kB, so it is fast."""
    return difflib.SequenceMatcher(None, " ".join(a.split()), " ".join(b.split()), autojunk=False).ratio()


# --- real pages -------------------------------------------------------------------------


@pytest.mark.parametrize(("page", "expected"), PAGES.items())
def test_body_matches_expected_text(shared_data: Path, page: str, expected: str) -> None:
    """Required quality: a real difflib ratio (character level, whitespace collapsed, no
    autojunk) of at least 0.9 between the extracted body and the hand-checked text."""
    folder = shared_data / "html_articles"
    doc = read_doc(folder / page)
    assert similarity(doc.text, (folder / expected).read_text(encoding="utf-8")) >= 0.9


def test_chinese_page_metadata(shared_data: Path) -> None:
    doc = read_doc(shared_data / "html_articles" / "chinese_article.html")
    assert doc.title == "港特首梁振英就住宅违建事件道歉"
    assert doc.language == "zh"  # lang="zh-Hans"
    assert (doc.published_at, doc.precision) == (dt.datetime(2012, 12, 10, 9, 24, 1), "second")
    assert doc.url == "http://www.bbc.co.uk/zhongwen/simp/chinese_news/2012/12/121210_hongkong_politics.shtml"
    assert doc.outlet == "British Broadcasting Corporation"
    assert (doc.source_format, doc.source_record) == ("html", "page")


def test_arabic_page_metadata(shared_data: Path) -> None:
    """The page states no publication date in its markup; none is invented."""
    doc = read_doc(shared_data / "html_articles" / "arabic_article.html")
    assert doc.title == "معارضون يسيطرون على مخازن للصواريخ بريف دمشق"
    assert doc.language == "ar"
    assert (doc.published_at, doc.precision) == (None, "unknown")
    assert doc.url == "http://arabic.cnn.com/2013/middle_east/8/3/syria.clashes/index.html"


def test_cnn_page_metadata(shared_data: Path) -> None:
    doc = read_doc(shared_data / "html_articles" / "cnn_article.html")
    assert doc.title == "After storm, forecasters see smooth sailing for Thanksgiving"
    assert doc.language == "en"  # lang="en-US"
    assert (doc.published_at, doc.precision) == (dt.datetime(2013, 11, 27, 8, 36, 32), "second")
    assert doc.url == "http://www.cnn.com/2013/11/27/travel/weather-thanksgiving/index.html"
    assert doc.outlet == "CNN"


@pytest.mark.parametrize("page", PAGES)
def test_sniff_real_pages(shared_data: Path, page: str) -> None:
    path = shared_data / "html_articles" / page
    assert html_page.sniff(path, path.read_bytes()[:65536])


def test_sniff_refuses_feeds(shared_data: Path) -> None:
    feed = shared_data / "feeds" / "Rss_meituan.xml"
    assert not html_page.sniff(feed, feed.read_bytes()[:65536])


# --- self-written pages -----------------------------------------------------------------


def test_boilerplate_dropped_and_meta_read(tmp_path: Path) -> None:
    head = (
        '<meta property="article:published_time" content="2024-03-05T10:14:00+01:00">'
        '<meta property="og:site_name" content="Town News">'
        '<link rel="canonical" href="https://town.example/harbour">'
    )
    doc = read_doc(write(tmp_path, article_html(head)))
    assert all(p in doc.text for p in PARAGRAPHS)
    assert "tracking" not in doc.text and "Copyright" not in doc.text and "Sport" not in doc.text
    assert (doc.published_at, doc.precision) == (dt.datetime(2024, 3, 5, 9, 14), "second")
    assert (doc.outlet, doc.url, doc.language) == ("Town News", "https://town.example/harbour", "en")


def test_outlet_falls_back_to_option_then_domain(tmp_path: Path) -> None:
    path = write(tmp_path, article_html('<meta property="og:url" content="https://www.town.example/h">'))
    assert read_doc(path).outlet == "town.example"
    record = read_one(path, outlet="Town Gazette")
    assert isinstance(record, Document) and record.outlet == "Town Gazette"


def test_fetched_page_keeps_its_url(tmp_path: Path) -> None:
    """A page without a canonical link that came from `ingest <url>` keeps that URL."""
    (record,) = html_page.read(
        write(tmp_path, article_html()), SourceOptions(display_name="https://town.example/a")
    )
    assert isinstance(record, Document)
    assert (record.url, record.outlet, record.source_file) == (
        "https://town.example/a",
        "town.example",
        "https://town.example/a",
    )


def test_hostile_urls_are_not_kept(tmp_path: Path) -> None:
    doc = read_doc(write(tmp_path, article_html('<link rel="canonical" href="javascript:alert(1)">')))
    assert doc.url is None


def test_declared_language_contradicted_by_script(tmp_path: Path) -> None:
    chinese = (
        "香港行政长官梁振英在各方压力下就其大宅的违章建筑问题到立法会接受质询，并向香港民众道歉。" * 3,
    ) * 3
    assert read_doc(write(tmp_path, article_html(body_text=chinese, lang="en"))).language is None
    assert read_doc(write(tmp_path, article_html(body_text=chinese, lang="zh-CN"))).language == "zh"


@pytest.mark.parametrize(
    ("declared", "codec"),
    [("iso-8859-1", "utf-8"), ("gb2312", "gb18030"), ("windows-1251", "cp1251"), (None, "cp1251")],
)
def test_encodings(tmp_path: Path, declared: str | None, codec: str) -> None:
    """UTF-8 declared as latin-1; GB18030 declared as GB2312; cp1251 declared and undeclared."""
    text = (
        ("Совет директоров одобрил сделку во вторник после долгих переговоров с акционерами компании.",) * 3
        if "1251" in codec
        else ("港特首就住宅违建事件道歉，立法会议员要求他辞职，并说他不诚实。𠀀 市民在政府总部外示威。",) * 3
    )
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={declared}">' if declared else ""
    doc = read_doc(write(tmp_path, article_html(head, text).encode(codec)))
    assert text[0] in doc.text


def test_page_without_text_is_rejected(tmp_path: Path) -> None:
    record = read_one(write(tmp_path, "<html><body><script>x()</script></body></html>"))
    assert isinstance(record, Rejected) and record.reason == "no article text found"


def test_unreadable_files_raise(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="empty"):
        read_one(write(tmp_path, " \n "))
    with pytest.raises(InputError, match="binary"):
        read_one(write(tmp_path, b"\x89PNG\r\n\x1a\n\x00\x00\x00<html>"))
    with pytest.raises(InputError, match="cannot read"):
        read_one(tmp_path / "missing.html")


def test_oversized_page_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(html_page, "MAX_PAGE_BYTES", 100)
    with pytest.raises(InputError, match="cap"):
        read_one(write(tmp_path, article_html()))


# --- hostile input ----------------------------------------------------------------------


@HOSTILE
@given(data=st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    assert_records_or_input_error(html_page.FORMAT, "random.html", data, (Document, Rejected))


@HOSTILE
@given(text=st.text(max_size=2000))
def test_random_markup(text: str) -> None:
    markup = f"<html><head>{text}</head><body><p>{text}</p></body></html>".encode()
    assert_records_or_input_error(html_page.FORMAT, "random.html", markup, (Document, Rejected))


@HOSTILE
@given(name=st.sampled_from(sorted(PAGES)), edits=EDITS)
def test_mutated_real_pages(shared_data: Path, name: str, edits: list[tuple[int, int, bytes]]) -> None:
    broken = apply_edits((shared_data / "html_articles" / name).read_bytes(), edits)
    assert_records_or_input_error(html_page.FORMAT, name, broken, (Document, Rejected))
