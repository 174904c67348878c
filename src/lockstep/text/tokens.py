"""Terms for the index: the same word in any inflection becomes one term.

Why each choice:
- Chinese has no spaces, so words come from jieba's dictionary and HMM (through `rjieba`,
  the Rust port of jieba with the same dictionary, about 40× faster than the Python one).
- Russian is heavily inflected ("биолаборатории", "биолабораторий"); pymorphy3 gives the
  dictionary lemma, which is what an analyst types.
- English, German, Italian and other Latin-script languages get a Snowball stemmer: light,
  rule-based, no model to download; stems are never shown, only matched.
- Latin words inside Russian or Chinese text (NATO, Pfizer) are stemmed as English, which
  is what they usually are.
Every term is a match key (NFKC, case-folded, ё → е), so query and index agree.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from lockstep.text.normalise import match_key

_WORD = regex.compile(r"\p{Han}+|[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*", regex.V1)
_HAN = regex.compile(r"\p{Han}")
_CYRILLIC = regex.compile(r"\p{Cyrillic}")
_HAS_LETTER_OR_DIGIT = regex.compile(r"[\p{L}\p{N}]")

#: Longest token kept; longer "words" are base64 blobs or URLs, not terms anyone searches.
MAX_TOKEN_CHARS = 40

_SNOWBALL = {
    "en": "english",
    "de": "german",
    "it": "italian",
    "fr": "french",
    "es": "spanish",
    "pt": "portuguese",
    "nl": "dutch",
    "sv": "swedish",
    "ro": "romanian",
    "tr": "turkish",
    "uk": None,  # no Snowball stemmer for Ukrainian: lower-cased forms only
}


#: Cyrillic-script languages that pymorphy3's Russian dictionary would mangle.
_OTHER_CYRILLIC = frozenset({"uk", "bg", "sr", "mk", "be", "kk", "uz"})


def tokenize(text: str, language: str | None) -> list[str]:
    """Terms of `text` in order (repeats kept: the order is used for phrase matching)."""
    key = match_key(text)
    cache = _TERM_CACHE.setdefault(language, {})
    terms: list[str] = []
    for word in _WORD.findall(key):
        term = cache.get(word)
        if term is not None:
            terms.append(term)
        elif _HAN.match(word):
            terms.extend(_chinese_words(word))
        elif len(word) <= MAX_TOKEN_CHARS:
            term = _term(word, language)
            if len(cache) < _TERM_CACHE_SIZE:
                cache[word] = term
            terms.append(term)
    return terms


#: word → term, per language. Vocabulary repeats (Zipf), so most words are looked up, not
#: analysed again; the cap bounds memory on hostile input full of unique "words".
_TERM_CACHE: dict[str | None, dict[str, str]] = {}
_TERM_CACHE_SIZE = 500_000


def _chinese_words(run: str) -> list[str]:
    import rjieba

    return [w for w in rjieba.cut(run) if w.isalnum() or _HAS_LETTER_OR_DIGIT.search(w)]


def _term(word: str, language: str | None) -> str:
    if _CYRILLIC.search(word):
        return word if language in _OTHER_CYRILLIC else _russian_lemma(word)
    if word.isdigit():
        return word
    stemmer = _SNOWBALL.get(language, "english") if language else "english"
    return _stem(word, stemmer) if stemmer else word


@lru_cache(maxsize=200_000)
def _russian_lemma(word: str) -> str:
    parsed = _morph().parse(word)
    return parsed[0].normal_form.replace("ё", "е") if parsed else word


@lru_cache(maxsize=1)
def _morph():  # type: ignore[no-untyped-def]
    import pymorphy3

    return pymorphy3.MorphAnalyzer(lang="ru")


@lru_cache(maxsize=200_000)
def _stem(word: str, algorithm: str) -> str:
    return _stemmer(algorithm).stemWord(word)


@lru_cache(maxsize=16)
def _stemmer(algorithm: str):  # type: ignore[no-untyped-def]
    import snowballstemmer

    return snowballstemmer.stemmer(algorithm)


def query_terms(query: str, language: str | None = None) -> list[set[str]]:
    """For each word of a query, the set of terms it may be indexed under.

    A query has no reliable language of its own ("Invasion" is English and German), so each
    word is analysed the way each plausible document language would analyse it, and a
    document matches a word if it holds any of those terms.
    """
    languages: tuple[str | None, ...] = (language,) if language else ("en", "de", "it", "ru", "uk")
    per_language = [tokenize(query, lang) for lang in languages]
    width = max((len(t) for t in per_language), default=0)
    variants: list[set[str]] = [set() for _ in range(width)]
    for terms in per_language:
        if len(terms) == width:
            for i, term in enumerate(terms):
                variants[i].add(term)
    raw = [match_key(m.group(0)) for m in _WORD.finditer(query) if not _HAN.match(m.group(0))]
    if len(raw) == width:
        for i, word in enumerate(raw):
            variants[i].add(word)
    return variants


def first_match_span(text: str, word_variants: set[str], language: str | None) -> tuple[int, int] | None:
    """Where in the original text a word whose term is one of `word_variants` first occurs.

    Used to show keyword-in-context evidence: the index stores terms, the analyst wants to
    read the sentence they came from.
    """
    for match in _WORD.finditer(text):
        word = match.group(0)
        if _HAN.match(word):
            key = match_key(word)
            for variant in word_variants:
                at = key.find(variant) if _HAN.search(variant) else -1
                if at >= 0:
                    return match.start() + at, match.start() + at + len(variant)
        elif len(word) <= MAX_TOKEN_CHARS and _term(match_key(word), language) in word_variants:
            return match.span()
    return None


def snippet(text: str, span: tuple[int, int] | None, width: int = 90) -> str:
    """`width` characters either side of `span`, on one line, with ellipses where cut."""
    if span is None:
        return " ".join(text[: 2 * width].split())
    start, end = max(0, span[0] - width), min(len(text), span[1] + width)
    body = " ".join(text[start:end].split())
    return ("…" if start > 0 else "") + body + ("…" if end < len(text) else "")
