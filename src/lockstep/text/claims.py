"""Language-independent features of a claim, and cross-lingual ranking without a model.

A claim told in Russian and in German shares little surface text, but it shares *what it is
about* and *who, how many and when*:
- concepts from the multilingual concept dictionary (`catalogues/concepts.yaml`: war, NATO,
  biolabs, Nazis, sanctions... in en, ru, uk, de, it, zh), compiled through the ingest
  tokenizer (`lexicon.compile_form`) so inflections match;
- names and cognates: every Latin or Cyrillic word's spelling-blind key (`translit.name_key`),
  cut to its first letters so inflected forms agree ("Навального" / "Navalny" → "naval");
- a longer 6-letter word key beside the 4-letter one: where two keys share their first six
  letters the match is likelier a cognate than an accident of prefix;
- German compounds split against the dictionary's German words ("Bürgerkrieg" carries war,
  "Biowaffenlabor" biological and laboratory);
- numbers (two digits or more: figures, years), URLs and punctuation that survives translation
  (? ! : ; quotes, brackets, dashes).

Features are weighted TF-IDF over the two collections compared, and the ranking corrects
hubness with CSLS (Conneau et al. 2018): a candidate that is close to every query (a generic
text) is penalised by its mean similarity to its nearest queries, and vice versa. When the
callers pass text lengths, a length-ratio penalty follows (Gale & Church 1993: a translation's
length is proportional to its original's), capped so a longer retelling is not excluded.

Pure functions and numpy only; no SQL, no model.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import regex
import yaml

if TYPE_CHECKING:
    from scipy import sparse

from lockstep.text.lexicon import compile_form
from lockstep.text.normalise import match_key
from lockstep.text.tokens import tokenize
from lockstep.text.translit import name_key

CONCEPTS_FILE = Path(__file__).resolve().parent.parent / "catalogues" / "concepts.yaml"
#: Feature weights before IDF. Numbers and URLs are rare and survive translation intact, so
#: they count double; concepts and word keys count once each (a higher concept weight lost
#: recall on the development half: the dictionary's broad concepts are shared by many claims).
WEIGHTS = {"c": 1.0, "n": 2.0, "u": 3.0, "w": 1.0, "k": 1.0, "p": 1.0}
#: Letters of a word key kept: enough to tell names apart, few enough that case endings
#: (-ого, -ой, -s, -i) fall away. 4 beat 3, 5 and 6 on the development half.
KEY_PREFIX = 4
MIN_WORD_KEY = 4
#: The longer key (`k:`) beside it: 6 beat 5 and 7 on the development half.
LONG_KEY_PREFIX = 6
#: Neighbours averaged for CSLS; with the length penalty, 3 beat 2, 5 and 10 on the development half.
CSLS_K = 3
#: Characters of a text per character of its English version: the median over the development
#: half's parallel cases (German runs 11% longer, Ukrainian 7% shorter). A language without a
#: measured factor gets no length penalty (Chinese needs about a third of the characters).
LENGTH_FACTOR = {"en": 1.0, "ru": 0.97, "uk": 0.93, "de": 1.11, "it": 1.08}
#: Score subtracted per unit of |log length ratio|, and the ratio's cap (e^0.5 ≈ 1.65×): 0.2
#: beat 0.1, 0.3 and 0.5 on the development half; the cap keeps most of the gain (0.5 beat
#: 0.3, and uncapped gained 0.001) while a text twice as long loses at most 0.1.
LENGTH_WEIGHT = 0.2
LENGTH_CAP = 0.5
#: Shortest German word tried as a compound, and shortest dictionary part matched inside one.
MIN_COMPOUND = 8
MIN_COMPOUND_PART = 4

_WORD = regex.compile(r"[\p{L}\p{M}]+(?:[-'’][\p{L}\p{M}]+)*", regex.V1)
_HAN = regex.compile(r"\p{Han}")
_NUMBER = re.compile(r"\d[\d\s.,]*\d|\d")
_URL = re.compile(r"https?://([^\s<>\"']+)")
#: Punctuation that translators keep; every quotation mark style is one feature.
_PUNCTUATION = re.compile(r"[?!:;()\"«»“”„…—]")
_QUOTES = str.maketrans({"«": '"', "»": '"', "“": '"', "”": '"', "„": '"'})
#: Ukrainian has no lemmatiser in the index (decision 7): a light suffix stemmer makes the
#: dictionary's Ukrainian forms meet inflected text.
_UK_SUFFIXES = sorted(
    [
        "ами",
        "ями",
        "ові",
        "еві",
        "ого",
        "ому",
        "ими",
        "іми",
        "ій",
        "ої",
        "ою",
        "ею",
        "ах",
        "ях",
        "ів",
        "ям",
        "ам",
        "ом",
        "ем",
        "ий",
        "ий",
        "а",
        "я",
        "у",
        "ю",
        "і",
        "и",
        "о",
        "е",
        "ь",
        "ї",
        "є",
    ],
    key=len,
    reverse=True,
)


def uk_stem(word: str) -> str:
    if len(word) <= 4:
        return word
    for suffix in _UK_SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            return word[: -len(suffix)]
    return word


@dataclass(frozen=True)
class ConceptIndex:
    """The dictionary compiled for matching token sequences."""

    #: first term → [(concept, per-position term sets)]
    by_first: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]]
    #: Chinese forms: [(concept, characters)]
    han: tuple[tuple[str, str], ...]
    concepts: tuple[str, ...]
    #: German one-word forms (as written, lower-cased, and stemmed) → concepts: compound parts
    german_parts: dict[str, frozenset[str]]


@lru_cache(maxsize=4)
def concept_index(path: Path = CONCEPTS_FILE) -> ConceptIndex:
    """Compile the concept dictionary (bundled by default)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    by_first: dict[str, list[tuple[str, tuple[frozenset[str], ...]]]] = {}
    han: list[tuple[str, str]] = []
    german_parts: dict[str, set[str]] = {}
    for concept, forms in data["concepts"].items():
        for language, texts in forms.items():
            for text in texts:
                if language == "de" and " " not in text:
                    for part in {text.lower(), *tokenize(text, "de")}:
                        if len(part) >= MIN_COMPOUND_PART:
                            german_parts.setdefault(part, set()).add(concept)
                form = compile_form(text, language)
                if not form.terms:
                    continue
                if form.han:
                    (chars,) = tuple(form.terms[0])
                    han.append((concept, chars))
                    continue
                terms = tuple(frozenset(_norm(t, language) for t in position) for position in form.terms)
                for first in terms[0]:
                    by_first.setdefault(first, []).append((concept, terms))
    return ConceptIndex(
        by_first=by_first,
        han=tuple(han),
        concepts=tuple(data["concepts"]),
        german_parts={part: frozenset(concepts) for part, concepts in german_parts.items()},
    )


def _norm(term: str, language: str | None) -> str:
    return uk_stem(term) if language == "uk" else term


def concepts_in(terms: Sequence[str], text: str, language: str | None, index: ConceptIndex) -> Counter[str]:
    """Concepts named in a token sequence (as `tokenize` produced it) and, for Chinese, in the
    text's characters whatever the segmentation."""
    found: Counter[str] = Counter()
    normed = [_norm(t, language) for t in terms]
    for i, term in enumerate(normed):
        for concept, form in index.by_first.get(term, ()):
            width = len(form)
            if all(i + k < len(normed) and normed[i + k] in form[k] for k in range(1, width)):
                found[concept] += 1
    if _HAN.search(text):
        key = match_key(text)
        for concept, chars in index.han:
            hits = key.count(chars)
            if hits:
                found[concept] += hits
    return found


def compound_concepts(word: str, parts: dict[str, frozenset[str]]) -> set[str]:
    """Concepts of the dictionary words a German compound is built from: any ending that is a
    dictionary word (the head: "Bürger|krieg") and any beginning, with or without the linking
    s ("Einsatz|s|truppen"). The whole word is left to the dictionary itself."""
    found: set[str] = set()
    if len(word) < MIN_COMPOUND:
        return found
    for cut in range(3, len(word) - 3):
        found |= parts.get(word[cut:], frozenset())
        start = word[:cut]
        for modifier in (start, start[:-1] if start.endswith("s") else ""):
            if len(modifier) >= MIN_COMPOUND_PART:
                found |= parts.get(modifier, frozenset())
    return found


def claim_features(text: str, language: str | None, index: ConceptIndex | None = None) -> Counter[str]:
    """Prefixed features of one text: `c:` concept, `w:` 4-letter and `k:` 6-letter word key,
    `n:` number, `u:` URL, `p:` punctuation mark."""
    index = index or concept_index()
    features: Counter[str] = Counter()
    for concept, count in concepts_in(tokenize(text, language), text, language, index).items():
        features[f"c:{concept}"] += count
    if language == "de":
        for word in _WORD.findall(text.lower()):
            for concept in compound_concepts(word, index.german_parts):
                features[f"c:{concept}"] += 1
    for word in _WORD.findall(text):
        if _HAN.search(word):
            continue
        key = name_key(word, language)
        if len(key) >= MIN_WORD_KEY:
            features[f"w:{key[:KEY_PREFIX]}"] += 1
        if len(key) >= LONG_KEY_PREFIX:
            features[f"k:{key[:LONG_KEY_PREFIX]}"] += 1
    for mark in _PUNCTUATION.findall(text.translate(_QUOTES)):
        features[f"p:{mark}"] += 1
    for url in _URL.findall(text):
        features[f"u:{url.rstrip('.,;)').lower().removeprefix('www.')}"] += 1
    for number in _NUMBER.findall(_URL.sub(" ", text)):
        digits = re.sub(r"[\s.,]", "", number)
        if len(digits) >= 2:
            features[f"n:{digits.lstrip('0') or '0'}"] += 1
    return features


def transliterated_tokens(text: str, language: str | None) -> Counter[str]:
    """The baseline's features: whole words, romanised and lower-cased."""
    return Counter(name_key(w, language) for w in _WORD.findall(text) if not _HAN.search(w))


def tfidf_matrix(
    docs: Sequence[Counter[str]], vocabulary: dict[str, int], idf: np.ndarray, weighted: bool
) -> sparse.csr_matrix:
    """Rows of sublinear TF × IDF (× the feature kind's weight), L2-normalised."""
    from scipy import sparse  # imported here: scipy costs 0.1 s at every start of the CLI

    rows, cols, values = [], [], []
    for r, features in enumerate(docs):
        for feature, count in features.items():
            col = vocabulary.get(feature)
            if col is None:
                continue
            weight = WEIGHTS.get(feature[0], 1.0) if weighted else 1.0
            rows.append(r)
            cols.append(col)
            values.append((1 + math.log(count)) * idf[col] * weight)
    matrix = sparse.csr_matrix((values, (rows, cols)), shape=(len(docs), len(vocabulary)), dtype=np.float32)
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    return sparse.csr_matrix(sparse.diags(1 / norms) @ matrix)


def vocabulary_idf(collections: Iterable[Sequence[Counter[str]]]) -> tuple[dict[str, int], np.ndarray]:
    """Vocabulary and smoothed IDF over all documents of all collections; features seen once
    only are dropped (they cannot link two documents)."""
    df: Counter[str] = Counter()
    n = 0
    for docs in collections:
        for features in docs:
            df.update(features.keys())
            n += 1
    vocabulary = {f: i for i, f in enumerate(sorted(f for f, c in df.items() if c >= 2))}
    idf = np.zeros(len(vocabulary), dtype=np.float32)
    for feature, col in vocabulary.items():
        idf[col] = math.log((1 + n) / (1 + df[feature])) + 1
    return vocabulary, idf


def similarity(
    queries: Sequence[Counter[str]],
    candidates: Sequence[Counter[str]],
    *,
    weighted: bool = True,
    csls: bool = True,
    query_lengths: Sequence[float] | None = None,
    candidate_lengths: Sequence[float] | None = None,
) -> np.ndarray:
    """Query × candidate scores: cosine of TF-IDF vectors, hubness-corrected with CSLS, minus
    the length-ratio penalty when both sides' `comparable_length`s are given."""
    vocabulary, idf = vocabulary_idf([queries, candidates])
    q = tfidf_matrix(queries, vocabulary, idf, weighted)
    c = tfidf_matrix(candidates, vocabulary, idf, weighted)
    scores = np.asarray((q @ c.T).todense(), dtype=np.float32)
    if csls and min(scores.shape) > 1:
        scores = csls_scores(scores, CSLS_K)
    if query_lengths is not None and candidate_lengths is not None:
        scores = scores - length_penalty(query_lengths, candidate_lengths)
    return scores


def comparable_length(text: str, language: str | None) -> float:
    """Characters of `text` scaled to their English equivalent (`LENGTH_FACTOR`), at least 1;
    NaN (no penalty) for a language without a measured factor."""
    factor = LENGTH_FACTOR.get(language or "")
    return max(1, len(text.strip())) / factor if factor else math.nan


def length_penalty(query_lengths: Sequence[float], candidate_lengths: Sequence[float]) -> np.ndarray:
    """LENGTH_WEIGHT × min(LENGTH_CAP, |log(candidate / query)|) for every pair: a translation
    is about as long as its original, a near-duplicate with one more sentence is not. A NaN
    length (unknown language) costs nothing."""
    q = np.log(np.asarray(query_lengths, dtype=np.float64))
    c = np.log(np.asarray(candidate_lengths, dtype=np.float64))
    ratio = np.minimum(np.abs(c[None, :] - q[:, None]), LENGTH_CAP)
    return np.nan_to_num(LENGTH_WEIGHT * ratio, nan=0.0).astype(np.float32)


def csls_scores(cos: np.ndarray, k: int) -> np.ndarray:
    """2·cos(q, c) − r_C(q) − r_Q(c), r = mean similarity to the k nearest of the other side."""
    kq = min(k, cos.shape[1])
    kc = min(k, cos.shape[0])
    r_q = np.sort(cos, axis=1)[:, -kq:].mean(axis=1)
    r_c = np.sort(cos, axis=0)[-kc:, :].mean(axis=0)
    return 2 * cos - r_q[:, None] - r_c[None, :]


def shared_features(a: Counter[str], b: Counter[str]) -> dict[str, list[str]]:
    """Why two texts match: the features they share, by kind."""
    kinds = {"c": "concepts", "w": "words", "n": "numbers", "u": "urls"}
    shared: dict[str, list[str]] = {name: [] for name in kinds.values()}
    for feature in sorted(a.keys() & b.keys()):
        if feature[0] in kinds:  # the 6-letter keys repeat the 4-letter ones; punctuation explains nothing
            shared[kinds[feature[0]]].append(feature[2:])
    return shared
