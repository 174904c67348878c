"""RSS/Atom reading, checked against real feed snapshots and against hostile input."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from fuzzing import EDITS, HOSTILE, apply_edits, assert_records_or_input_error
from lockstep.errors import InputError
from lockstep.model import Document, Record, Rejected
from lockstep.sources import feeds, html_page
from lockstep.sources.base import SourceOptions

HAN = regex.compile(r"\p{Han}")
FEED_FILES = ("Rss_meituan.xml", "Rss_ruanyifeng.xml", "Atom_ruanyifeng.xml", "Atom_v2ex.xml")


def read_all(path: Path, outlet: str | None = None) -> list[Record]:
    records = list(feeds.read(path, SourceOptions(outlet=outlet)))
    assert all(isinstance(r, (Document, Rejected)) for r in records)
    return records


def documents(path: Path) -> list[Document]:
    records = read_all(path)
    docs = [r for r in records if isinstance(r, Document)]
    assert len(docs) == len(records)
    return docs


def write(tmp_path: Path, data: bytes | str, name: str = "feed.xml") -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def rss(items: str, extra_channel: str = "") -> str:
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>Test Outlet</title>'
        f"<link>https://news.example/</link>{extra_channel}{items}</channel></rss>"
    )


# --- real feeds -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "count", "outlet", "first_title"),
    [
        (
            "Rss_meituan.xml",
            10,
            "美团技术团队",
            "美团 LongCat Interaction 团队发布大模型交互系统技术报告 WOWService",
        ),
        ("Rss_ruanyifeng.xml", 6, "阮一峰的网络日志", "科技爱好者周刊（第 375 期）：一扇门的 Bug"),
        ("Atom_ruanyifeng.xml", 3, "阮一峰的网络日志", "科技爱好者周刊（第 375 期）：一扇门的 Bug"),
        ("Atom_v2ex.xml", 50, "V2EX", "[生活] 因为智能家居吵架"),
    ],
)
def test_real_feed_items(shared_data: Path, name: str, count: int, outlet: str, first_title: str) -> None:
    path = shared_data / "feeds" / name
    docs = documents(path)
    assert len(docs) == count
    assert docs[0].title == first_title
    assert [d.source_record for d in docs] == [f"item {i}" for i in range(1, count + 1)]
    for doc in docs:
        assert doc.outlet == outlet
        assert doc.source_format == "feed"
        assert doc.source_file == str(path)
        assert doc.text.strip()
        assert HAN.search(doc.title or "")
        assert doc.published_at is not None and doc.precision == "second"
        assert doc.url is not None and doc.url.startswith("http")
        assert doc.external_id
        assert "<p>" not in doc.text  # HTML converted, not passed through
    assert sum(bool(HAN.search(d.text)) for d in docs) >= 0.9 * count  # one v2ex post is only English


def test_same_post_has_the_same_instant_in_rss_and_atom(shared_data: Path) -> None:
    """The RSS feed writes "Fri, 28 Nov 2025 08:14:06 +0800", the Atom feed
    "2025-11-28T00:14:06Z": both must become the same UTC instant, to the second."""
    rss_doc = documents(shared_data / "feeds" / "Rss_ruanyifeng.xml")[0]
    atom_doc = documents(shared_data / "feeds" / "Atom_ruanyifeng.xml")[0]
    assert rss_doc.published_at == atom_doc.published_at == dt.datetime(2025, 11, 28, 0, 14, 6)
    assert rss_doc.url == atom_doc.url == "http://www.ruanyifeng.com/blog/2025/11/weekly-issue-375.html"
    assert atom_doc.external_id == "tag:www.ruanyifeng.com,2025:/blog//1.2511"


def test_real_feed_facts(shared_data: Path) -> None:
    meituan = documents(shared_data / "feeds" / "Rss_meituan.xml")
    assert meituan[0].published_at == dt.datetime(2025, 11, 21)
    assert meituan[0].url == "https://tech.meituan.com/2025/11/21/longcat-interaction-wowservice.html"
    assert {d.language for d in meituan} == {"zh"}  # declared zh-cn
    v2ex = documents(shared_data / "feeds" / "Atom_v2ex.xml")
    assert v2ex[0].external_id == "tag:www.v2ex.com,2025-12-01:/t/1176092"
    assert v2ex[0].published_at == dt.datetime(2025, 12, 1, 3, 52, 42)  # published, not updated
    assert v2ex[0].text.startswith("背景：家里装了很多小米的设备")


def test_paragraphs_survive_as_lines(shared_data: Path) -> None:
    doc = documents(shared_data / "feeds" / "Atom_ruanyifeng.xml")[0]
    lines = doc.text.split("\n")
    assert lines[0] == "这里记录每周值得分享的科技内容，周五发布。"
    assert "封面图" in lines  # an <h2> on its own line
    assert len(lines) > 20


def test_wrong_declared_language_is_dropped(shared_data: Path) -> None:
    """Both ruanyifeng feeds declare "en" over Chinese text: the label must not survive,
    so that the ingest step detects the language instead."""
    for name in ("Rss_ruanyifeng.xml", "Atom_ruanyifeng.xml"):
        assert {d.language for d in documents(shared_data / "feeds" / name)} == {None}


@pytest.mark.parametrize("name", FEED_FILES)
def test_sniff_real_feeds(shared_data: Path, name: str) -> None:
    path = shared_data / "feeds" / name
    assert feeds.sniff(path, path.read_bytes()[:65536])


def test_sniff_refuses_other_formats(shared_data: Path) -> None:
    page = shared_data / "html_articles" / "cnn_article.html"
    assert not feeds.sniff(page, page.read_bytes()[:65536])
    assert not feeds.sniff(Path("x"), b"WARC/1.0\r\n")
    assert not feeds.sniff(Path("x"), b'<feed xmlns="urn:not-atom">')


def test_outlet_option_wins(shared_data: Path) -> None:
    records = read_all(shared_data / "feeds" / "Atom_v2ex.xml", outlet="v2ex-community")
    assert {r.outlet for r in records if isinstance(r, Document)} == {"v2ex-community"}


# --- self-written feeds -----------------------------------------------------------------


def test_rss_fields(tmp_path: Path) -> None:
    item = (
        "<item><title>Headline</title><link>/news/1</link><guid>id-1</guid>"
        "<pubDate>Tue, 05 Mar 2024 10:14 +0100</pubDate>"
        "<description><![CDATA[<p>First paragraph.</p><script>alert(1)</script>"
        "<style>p{}</style><p>Second&nbsp;one.</p>]]></description></item>"
    )
    (doc,) = read_all(write(tmp_path, rss(item, "<language>en-GB</language>")))
    assert isinstance(doc, Document)
    assert doc.outlet == "Test Outlet"
    assert doc.text == "First paragraph.\nSecond one."
    assert doc.url == "https://news.example/news/1"  # relative link resolved against the channel
    assert doc.external_id == "id-1"
    assert doc.language == "en"
    assert (doc.published_at, doc.precision) == (dt.datetime(2024, 3, 5, 9, 14), "minute")


def test_rdf_feed_and_links_relative_to_the_fetched_url(tmp_path: Path) -> None:
    feed = (
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/">'
        "<channel><title>RDF News</title></channel>"
        "<item><title>One</title><link>1.html</link><description>First.</description></item>"
        "<item><title>Two</title><link>2.html</link><description>Second.</description></item>"
        "</rdf:RDF>"
    )
    path = write(tmp_path, feed)
    assert feeds.sniff(path, path.read_bytes())
    records = list(feeds.read(path, SourceOptions(display_name="https://rdf.example/news/feed.rdf")))
    assert [(r.title, r.url, r.source_file) for r in records if isinstance(r, Document)] == [
        ("One", "https://rdf.example/news/1.html", "https://rdf.example/news/feed.rdf"),
        ("Two", "https://rdf.example/news/2.html", "https://rdf.example/news/feed.rdf"),
    ]


def test_atom_entry_language_and_dates(tmp_path: Path) -> None:
    feed = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>Лента</title>'
        "<entry><title>Заголовок</title><id>urn:1</id><updated>2024-03-05T10:00:00+03:00</updated>"
        '<content type="html" xml:lang="ru-RU">&lt;p&gt;Текст новости.&lt;/p&gt;</content></entry>'
        "</feed>"
    )
    (doc,) = read_all(write(tmp_path, feed))
    assert isinstance(doc, Document)
    assert (doc.outlet, doc.title, doc.text, doc.language) == ("Лента", "Заголовок", "Текст новости.", "ru")
    assert (doc.published_at, doc.precision) == (dt.datetime(2024, 3, 5, 7, 0), "second")  # updated, as UTC


def test_item_without_title_and_text_is_rejected(tmp_path: Path) -> None:
    items = "<item><link>https://a.example/1</link></item><item><title>Only a headline</title></item>"
    rejected, headline = read_all(write(tmp_path, rss(items)))
    assert isinstance(rejected, Rejected) and rejected.source_record == "item 1"
    assert isinstance(headline, Document)
    assert (headline.title, headline.text, headline.source_record) == ("Only a headline", "", "item 2")


def test_hostile_links_are_not_kept(tmp_path: Path) -> None:
    item = "<item><title>x</title><link>javascript:alert(1)</link><description>y</description></item>"
    (doc,) = read_all(write(tmp_path, rss(item)))
    assert isinstance(doc, Document) and doc.url is None


def test_misdeclared_encodings(tmp_path: Path) -> None:
    """UTF-8 bytes declared as latin-1, and GB18030 bytes declared as the narrower GB2312."""
    item = "<item><title>港特首道歉</title><description>梁振英 𠀀 道歉</description></item>"
    utf8 = rss(item).replace('encoding="utf-8"', 'encoding="iso-8859-1"').encode("utf-8")
    gb = rss(item).replace('encoding="utf-8"', 'encoding="gb2312"').encode("gb18030")
    for data in (utf8, gb):
        (doc,) = read_all(write(tmp_path, data))
        assert isinstance(doc, Document)
        assert (doc.title, doc.text) == ("港特首道歉", "梁振英 𠀀 道歉")


def test_not_a_feed_raises(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not a readable feed"):
        read_all(write(tmp_path, "just some words, no markup at all"))
    with pytest.raises(InputError, match="not a readable feed"):
        read_all(write(tmp_path, "<rss><channel><item>"))  # broken XML whose only item is empty
    with pytest.raises(InputError, match="empty file"):
        read_all(write(tmp_path, "  \n"))
    with pytest.raises(InputError, match="binary"):
        read_all(write(tmp_path, b"\x00\x01\x02<rss>"))


def test_content_naming_a_local_file_is_not_opened(tmp_path: Path) -> None:
    """feedparser opens a string that names a file; our reader must never let it."""
    target = write(tmp_path, rss("<item><title>secret</title></item>"), "secret.xml")
    with pytest.raises(InputError):
        read_all(write(tmp_path, str(target), "innocent.xml"))


def test_entities_are_not_expanded_from_files_or_recursively(tmp_path: Path) -> None:
    """External entities (XXE) must not read local files; nested ones must not explode."""
    secret = write(tmp_path, "TOPSECRET", "secret.txt")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file://{secret}">]>'
        + rss("<item><title>&x;</title><description>a &x; b</description></item>").split("?>", 1)[1]
    )
    laughs = "".join(f'<!ENTITY e{i} "{f"&e{i - 1};" * 10}">' for i in range(1, 10))
    bomb = (
        f'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY e0 "lol">{laughs}]>'
        + rss("<item><title>&e9;</title><description>x</description></item>").split("?>", 1)[1]
    )
    for feed in (xxe, bomb):
        for record in read_all(write(tmp_path, feed)):
            assert isinstance(record, Document)
            assert "TOPSECRET" not in record.text + (record.title or "")
            assert len(record.text + (record.title or "")) < 100


def test_html_to_text() -> None:
    markup = "<div>a<br>b</div><ul><li>one</li><li>two</li></ul><noscript>x</noscript>  <p> c  d </p>"
    assert feeds.html_to_text(markup) == "a\nb\none\ntwo\nc d"
    assert feeds.html_to_text("") == ""


def test_language_code() -> None:
    assert html_page.language_code("zh-cn") == "zh"
    assert html_page.language_code("en_US") == "en"
    assert html_page.language_code("english") is None
    assert html_page.language_code("") is None


# --- hostile input ----------------------------------------------------------------------


@HOSTILE
@given(data=st.binary(max_size=4000))
def test_random_bytes(data: bytes) -> None:
    assert_records_or_input_error(feeds.FORMAT, "random.xml", data, (Document, Rejected))


@HOSTILE
@given(name=st.sampled_from(FEED_FILES), edits=EDITS)
def test_mutated_real_feeds(shared_data: Path, name: str, edits: list[tuple[int, int, bytes]]) -> None:
    broken = apply_edits((shared_data / "feeds" / name).read_bytes(), edits)
    assert_records_or_input_error(feeds.FORMAT, name, broken, (Document, Rejected))
