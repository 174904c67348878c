"""Text processing at ingest: language, terms, dates, fingerprints, links."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from lockstep.text.dates import parse_datetime
from lockstep.text.fingerprints import estimated_jaccard, minhash
from lockstep.text.language import detect_language
from lockstep.text.links import extract_hashtags, extract_urls, url_domain
from lockstep.text.normalise import clean_text, match_key
from lockstep.text.pipeline import analyse, exact_text_key
from lockstep.text.tokens import first_match_span, query_terms, snippet, tokenize


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("The foreign minister said the talks would continue next week in Geneva.", "en"),
        ("Der Außenminister sagte, die Gespräche würden nächste Woche in Genf fortgesetzt.", "de"),
        ("Il ministro degli Esteri ha detto che i colloqui proseguiranno la prossima settimana.", "it"),
        ("Министр иностранных дел заявил, что переговоры продолжатся на следующей неделе.", "ru"),
        ("Міністр закордонних справ заявив, що переговори триватимуть наступного тижня.", "uk"),
        ("外交部长表示，会谈将于下周在日内瓦继续举行。", "zh"),
        ("وقال وزير الخارجية إن المحادثات ستستمر الأسبوع المقبل في جنيف.", "ar"),
        ("تاشقى ئىشلار مىنىستىرى سۆھبەتنىڭ كېلەر ھەپتە داۋاملىشىدىغانلىقىنى ئېيتتى.", "ug"),
        (
            "Tashqi ishlar vaziri muzokaralar kelgusi haftada davom etishini aytdi va bu haqida gʻoyalar.",
            "uz",
        ),
        ("Ташқи ишлар вазири музокаралар келгуси ҳафтада давом этишини айтди.", "uz"),
    ],
)
def test_language(text: str, expected: str) -> None:
    assert detect_language(text) == expected


def test_language_too_short() -> None:
    assert detect_language("12 34 !!") is None


def test_russian_terms_are_lemmas() -> None:
    assert tokenize("биолаборатории", "ru") == tokenize("биолабораторий", "ru") == ["биолаборатория"]
    assert tokenize("специальной военной операции", "ru") == ["специальный", "военный", "операция"]


def test_yo_and_case_fold() -> None:
    assert match_key("Ёлка ＮＡＴＯ") == "елка nato"


def test_chinese_words() -> None:
    terms = tokenize("俄罗斯在乌克兰的特别军事行动", "zh")
    assert "俄罗斯" in terms and "乌克兰" in terms and "军事行动" in terms


def test_english_and_german_stems() -> None:
    assert tokenize("invasions", "en") == tokenize("invasion", "en")
    assert tokenize("Kriege", "de") == tokenize("Krieg", "de")


def test_query_terms_cover_languages() -> None:
    (variants,) = query_terms("биолаборатория")
    assert "биолаборатория" in variants
    (variants,) = query_terms("Invasion")
    assert tokenize("invasion", "en")[0] in variants and tokenize("Invasion", "de")[0] in variants


def test_snippet_finds_inflected_word() -> None:
    text = "Западные СМИ пишут о биолабораториях США на Украине, сообщает агентство."
    span = first_match_span(text, {"биолаборатория"}, "ru")
    assert span is not None and text[span[0] : span[1]] == "биолабораториях"
    assert "биолабораториях" in snippet(text, span, 20)


@pytest.mark.parametrize(
    ("value", "language", "expected", "precision"),
    [
        ("2024-11-07T18:09:50+00:00", None, dt.datetime(2024, 11, 7, 18, 9, 50), "second"),
        ("2026-03-15T09:30+03:00", None, dt.datetime(2026, 3, 15, 6, 30), "minute"),
        ("2026-03-16", None, dt.datetime(2026, 3, 16), "day"),
        ("2022-03", None, dt.datetime(2022, 3, 1), "month"),
        ("09/12/2021", None, dt.datetime(2021, 12, 9), "day"),
        ("20170701234500", None, dt.datetime(2017, 7, 1, 23, 45), "second"),
        (1623881091.0, None, dt.datetime(2021, 6, 16, 22, 4, 51), "second"),
        ("5 марта 2024", "ru", dt.datetime(2024, 3, 5), "day"),
        ("2024年3月5日", "zh", dt.datetime(2024, 3, 5), "day"),
        ("Fri, 21 Nov 2025 00:00:00 +0000", "en", dt.datetime(2025, 11, 21), "second"),
    ],
)
def test_dates(value: object, language: str | None, expected: dt.datetime, precision: str) -> None:
    assert parse_datetime(value, language) == (expected, precision)


def test_dates_refuse_garbage() -> None:
    assert parse_datetime("not a date at all, really") == (None, "unknown")
    assert parse_datetime(99999999999999) == (None, "unknown")


def test_minhash_estimates_jaccard() -> None:
    base = [f"w{i}" for i in range(200)]
    near = [*base[:190], *(f"x{i}" for i in range(10))]
    far = [f"y{i}" for i in range(200)]
    assert estimated_jaccard(minhash(base), minhash(base)) == 1.0
    assert estimated_jaccard(minhash(base), minhash(near)) > 0.7
    assert estimated_jaccard(minhash(base), minhash(far)) < 0.1


def test_minhash_is_stable_across_processes() -> None:
    import subprocess
    import sys

    code = "from lockstep.text.fingerprints import minhash; print(minhash(['a','b','c','d']).tolist()[:4])"
    outputs = {
        subprocess.run([sys.executable, "-c", code], capture_output=True, text=True).stdout for _ in range(2)
    }
    assert len(outputs) == 1 and str(minhash(["a", "b", "c", "d"]).tolist()[:4]) in outputs.pop()


def test_links() -> None:
    text = "Read https://www.example.com/a?utm_source=x. and #СВО #Donbas2022 #2024 and http://t.me/x)"
    assert extract_urls(text) == ["https://www.example.com/a?utm_source=x", "http://t.me/x"]
    assert extract_hashtags(text) == ["сво", "donbas2022"]
    assert url_domain("https://www.TASS.ru/politika") == "tass.ru"
    assert url_domain("ftp://x") is None


def test_clean_text_and_exact_key() -> None:
    assert clean_text("a\u200b b\r\n\r\n\r\n\r\nc\x00") == "a b\n\nc"
    assert exact_text_key("Hello  @bob https://x.y/z WORLD") == exact_text_key("hello world")


def test_analyse_keeps_features() -> None:
    features = analyse("Как сообщает ТАСС, биолаборатории #США https://tass.ru/x", None, None)
    assert features.language == "ru"
    assert "биолаборатория" in dict(features.term_counts)
    assert features.urls == ["https://tass.ru/x"] and features.hashtags == ["сша"]
    assert len(features.minhash) == 64 and len(features.sha256) == 64


def test_function_word_shortcut_agrees_with_model(shared_data: Path) -> None:
    """The shortcut may skip the model only where the model would say the same."""
    from lockstep.text import language

    agree = decided = 0
    for name in ("dataEng", "dataDe", "dataIt"):
        records = json.loads(
            (shared_data / "propaganda_cases_multilingual" / f"{name}.json").read_text("utf-8")
        )
        for record in records:
            text = next((v for k, v in record.items() if k.startswith("Disinfo_cases") and v), "")
            sample = text[: language.SAMPLE_CHARS]
            shortcut = language._by_function_words(sample)
            if shortcut is None:
                continue
            decided += 1
            agree += shortcut == language._model_pick(sample, None)
    assert decided > 600 and agree / decided >= 0.99
