"""Article pages saved as HTML, and the page handling that feeds and WARC captures share.

The body comes from trafilatura because boilerplate removal is the hard part and it is the
best-measured extractor we know of (see tests/test_sources_html.py and
benchmarks/html_extract.py for its scores on real pages). Metadata is read from the page's
own declarations first (meta tags, `<html lang>`, canonical link) because they carry full
timestamps and are what the publisher stated; trafilatura's date guess, which has only day
precision, is the fallback.

Old pages mis-declare their encoding, so bytes are decoded here rather than by the
extractor: a page that is valid UTF-8 is read as UTF-8 whatever it declares, legacy labels
are widened to the supersets browsers use, and `base.decode_bytes` does the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import regex
import trafilatura
from selectolax.lexbor import LexborHTMLParser
from trafilatura.settings import Document as Extracted

from lockstep.errors import InputError
from lockstep.model import Document, Precision, Record, Rejected
from lockstep.sources.base import (
    MAX_WHOLE_FILE_BYTES,
    SourceFormat,
    SourceOptions,
    cap,
    decode_bytes,
    display,
)
from lockstep.text.dates import parse_datetime
from lockstep.text.links import url_domain

#: Pages above this are not articles; it is also the size trafilatura refuses by default,
#: so a clear error here replaces a silent "no text" there.
MAX_PAGE_BYTES = 20_000_000

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.IGNORECASE)

#: Labels whose real-world content is a superset encoding (what browsers do, per WHATWG).
_ENCODING_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "iso-8859-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "big5": "big5hkscs",
    "shift_jis": "cp932",
    "euc-kr": "cp949",
}

#: Meta names/properties/itemprops that state first publication, most specific first.
_PUBLISHED_KEYS = (
    "article:published_time",
    "datepublished",
    "og:published_time",
    "pubdate",
    "publishdate",
    "publish-date",
    "parsely-pub-date",
    "sailthru.date",
    "dcterms.issued",
    "dc.date.issued",
    "dcterms.created",
    "datecreated",
    "dc.date",
    "date",
)
_LANGUAGE_KEYS = ("content-language", "language", "dc.language", "inlanguage", "og:locale")

#: Script every language's text must be mostly in, for the languages whose script is not
#: Latin; all others are expected in Latin script.
_LANGUAGE_SCRIPTS: dict[str, frozenset[str]] = {
    "zh": frozenset({"Han"}),
    "ja": frozenset({"Han", "Hiragana", "Katakana"}),
    "ko": frozenset({"Hangul", "Han"}),
    **{
        code: frozenset({"Cyrillic"}) for code in ("ru", "uk", "be", "bg", "sr", "mk", "kk", "ky", "tg", "mn")
    },
    **{code: frozenset({"Arabic"}) for code in ("ar", "fa", "ur", "ps")},
    "he": frozenset({"Hebrew"}),
    "el": frozenset({"Greek"}),
    "hy": frozenset({"Armenian"}),
    "ka": frozenset({"Georgian"}),
    "th": frozenset({"Thai"}),
    "hi": frozenset({"Devanagari"}),
}
#: Scripts counted per character (one character is about one word) and per word.
_CHARACTER_SCRIPTS = ("Han", "Hiragana", "Katakana")
_WORD_SCRIPTS = (
    "Latin", "Cyrillic", "Arabic", "Hangul", "Hebrew", "Greek", "Armenian", "Georgian", "Thai", "Devanagari",
)  # fmt: skip
_SCRIPT_RE = regex.compile(
    "|".join(
        [f"(?P<{name}>\\p{{Script={name}}})" for name in _CHARACTER_SCRIPTS]
        + [f"(?P<{name}>\\p{{Script={name}}}+)" for name in _WORD_SCRIPTS]
    )
)
_SCRIPT_SAMPLE_CHARS = 4000


@dataclass(slots=True)
class Article:
    """What a page says about itself, before it becomes a `Document` of some source format."""

    text: str
    title: str | None
    url: str | None
    language: str | None
    published_at: dt.datetime | None
    precision: Precision
    site_name: str | None

    def outlet(self, given: str | None, url: str | None) -> str:
        """The user's outlet name, else the site's own name, else the domain it came from."""
        return given or self.site_name or url_domain(url or "") or "unknown"


def sniff(path: Path, head: bytes) -> bool:
    text = head[:4096].replace(b"\x00", b"").decode("latin-1").lower()
    if "<rss" in text or "<feed" in text or "<rdf:rdf" in text:
        return False
    return "<html" in text or "<!doctype html" in text


def read(path: Path, options: SourceOptions) -> Iterator[Record]:
    name = display(path, options)
    data = read_capped(path, name, MAX_PAGE_BYTES)
    article = extract_article(data, name)
    if article is None:
        yield Rejected(name, "page", "no article text found")
        return
    url = article.url or web_url(options.display_name)  # a fetched page's own URL
    yield Document(
        outlet=article.outlet(options.outlet, url),
        text=article.text,
        title=article.title,
        url=url,
        language=article.language,
        published_at=article.published_at,
        precision=article.precision,
        source_format="html",
        source_file=name,
        source_record="page",
    )


FORMAT = SourceFormat(
    name="html",
    description="an HTML article page; the main text is extracted, navigation and boilerplate dropped",
    sniff=sniff,
    read=read,
)


def read_capped(path: Path, name: str, limit: int = MAX_WHOLE_FILE_BYTES) -> bytes:
    """The bytes of a file parsed in one piece, refused before reading when over `limit`."""
    try:
        size = path.stat().st_size
        if size > limit:
            raise InputError(name, None, f"file of {size} bytes exceeds the {limit}-byte cap")
        data = path.read_bytes()
    except OSError as err:
        raise InputError(name, None, f"cannot read: {err.strerror}") from None
    if not data.strip():
        raise InputError(name, None, "empty file")
    return data


def decode_markup(data: bytes, name: str, declared: str | None = None) -> str:
    """Decode HTML or XML whose declared encoding may be wrong.

    Valid UTF-8 wins over a declaration, because legacy text is practically never valid
    UTF-8 while UTF-8 pages declaring latin-1 are common and would decode "cleanly" into
    mojibake. Otherwise the declared label, widened to its superset, goes first.
    """
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(name, None, "binary data, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    label = declared.strip().lower() if declared else None
    return decode_bytes(data, name, _ENCODING_SUPERSETS.get(label, label) if label else None)


def extract_article(data: bytes, name: str, declared_charset: str | None = None) -> Article | None:
    """The article in a page, or None when the page holds no main text.

    `declared_charset` is what the transport said (an HTTP header in a WARC); it outranks
    the page's own meta tag, as it does in browsers. Raises `InputError` for bytes that are
    not text at all.
    """
    if len(data) > MAX_PAGE_BYTES:
        raise InputError(name, None, f"page of {len(data)} bytes exceeds the {MAX_PAGE_BYTES}-byte cap")
    markup = decode_markup(data, name, declared_charset or _meta_charset(data))
    extracted = _trafilatura(markup)
    if extracted is None or not extracted.text or not extracted.text.strip():
        return None
    text = cap(extracted.text.strip()) or ""
    head = _HeadFacts.of(markup)
    published_at, precision = head.published()
    if published_at is None and extracted.date:
        published_at, precision = parse_datetime(extracted.date)
    return Article(
        text=text,
        title=cap(_clean(extracted.title) or head.title),
        url=head.url or web_url(extracted.url),
        language=plausible_language(head.language, text),
        published_at=published_at,
        precision=precision,
        site_name=cap(_clean(extracted.sitename)),
    )


def _trafilatura(markup: str) -> Extracted | None:
    """Run the extractor with the settings the real-page tests were measured with.

    Comments are left out (readers' opinions are not the outlet's), and htmldate's
    extensive search is off: it guesses dates from free text and URLs, which made a
    2013-08 page "2013-01-01" in our tests; a missing date is better than an invented one.
    """
    try:
        result = trafilatura.bare_extraction(
            markup,
            include_comments=False,
            with_metadata=True,
            date_extraction_params={"extensive_search": False, "original_date": True},
        )
    except (ValueError, TypeError, RecursionError):
        return None
    return result if isinstance(result, Extracted) else None


@dataclass(slots=True)
class _HeadFacts:
    """Declarations read from the page's markup with a fast parser, keyed lower-case."""

    metas: dict[str, str]
    html_lang: str | None
    canonical: str | None
    title: str | None

    @classmethod
    def of(cls, markup: str) -> _HeadFacts:
        tree = LexborHTMLParser(markup)
        metas: dict[str, str] = {}
        for node in tree.css("meta[content]"):
            attrs = node.attributes
            content = attrs.get("content")
            for attr in ("property", "name", "itemprop", "http-equiv"):
                key = attrs.get(attr)
                if key and content:
                    metas.setdefault(key.strip().lower(), content.strip())
        html = tree.css_first("html")
        lang = (html.attributes.get("lang") or html.attributes.get("xml:lang")) if html else None
        canonical = tree.css_first("link[rel=canonical][href]")
        title = tree.css_first("title")
        return cls(
            metas=metas,
            html_lang=lang,
            canonical=canonical.attributes.get("href") if canonical else None,
            title=_clean(title.text()) if title else None,
        )

    @property
    def url(self) -> str | None:
        candidates = (self.canonical, self.metas.get("og:url"), self.metas.get("dc.identifier"))
        return next((url for url in map(web_url, candidates) if url), None)

    @property
    def language(self) -> str | None:
        candidates = [self.html_lang, *(self.metas.get(key) for key in _LANGUAGE_KEYS)]
        return next((code for code in map(language_code, candidates) if code), None)

    def published(self) -> tuple[dt.datetime | None, Precision]:
        for key in _PUBLISHED_KEYS:
            value = self.metas.get(key)
            if value:
                parsed, precision = parse_datetime(value)
                if parsed is not None:
                    return parsed, precision
        return None, "unknown"


def _meta_charset(data: bytes) -> str | None:
    match = _META_CHARSET.search(data[:8192])
    return match.group(1).decode("ascii") if match else None


def _clean(value: str | None) -> str | None:
    """Whitespace-collapsed text, None when nothing is left."""
    if value is None:
        return None
    return " ".join(value.split()) or None


def web_url(value: str | None, base: str | None = None) -> str | None:
    """An absolute http(s) URL, or None: other schemes (javascript:, data:) are never kept
    because reports render URLs as links."""
    if not value:
        return None
    url = urljoin(base, value.strip()) if base else value.strip()
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or len(url) > 4096:
        return None
    return url


def language_code(tag: str | None) -> str | None:
    """Two-letter lower-case code of a language tag ("zh-Hans" -> "zh", "ar_AR" -> "ar")."""
    if not tag:
        return None
    primary = re.split(r"[-_\s,;]", tag.strip().lower(), maxsplit=1)[0]
    return primary if re.fullmatch(r"[a-z]{2}", primary) else None


def plausible_language(code: str | None, text: str) -> str | None:
    """The declared language, unless the text's script contradicts it.

    Publishers' declarations are templates: three of the four real feeds we test with
    declare "en" for Chinese text. Keeping such a label would send Chinese text to the
    English tokenizer, while None lets the ingest step detect the language.
    """
    if code is None:
        return None
    counts: dict[str, int] = {}  # words per script, so an English aside in Chinese text stays minor
    for match in _SCRIPT_RE.finditer(text[:_SCRIPT_SAMPLE_CHARS]):
        script = match.lastgroup or ""
        counts[script] = counts.get(script, 0) + 1
    if not counts:
        return code
    dominant = max(counts, key=lambda script: counts[script])
    return code if dominant in _LANGUAGE_SCRIPTS.get(code, frozenset({"Latin"})) else None
