"""Cyrillic → Latin transliteration, and a spelling-blind key for names and cognates.

Why: the same person or place is written "Навальный", "Navalny", "Nawalny" (de) and "Navalnyj";
"Луганск" (ru), "Луганськ" (uk), "Lugansk", "Luhansk". Cross-lingual claim matching compares
names without a model, so it needs one key for all of these. `translit` is a plain
scientific-style romanisation (ru and uk letters); `name_key` then removes what spellings
disagree on: case, y/i/j, doubled letters, soft and hard signs, ts/tz/c, z/s, kh/h/g, w/v, ph/f,
and a Latin c that sounds k (conflict/конфликт).

The key is deliberately lossy (it may merge two different names); it is a matching feature,
never shown to the reader.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_CYRILLIC_TO_LATIN: dict[str, str] = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "i", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "iu", "я": "ia", "ў": "u",
}  # fmt: skip
#: Ukrainian writes г for a sound English spellings give as h (Луганськ → Luhansk).
_UKRAINIAN = {"г": "h", "и": "y"}

_KEY_RULES: tuple[tuple[str, str], ...] = (
    ("shch", "s"), ("sch", "s"), ("tsch", "c"), ("sh", "s"), ("ch", "c"), ("zh", "z"), ("kh", "h"),
    ("ts", "c"), ("tz", "c"), ("cz", "c"), ("ph", "f"), ("w", "v"), ("x", "ks"), ("q", "k"),
    ("ck", "k"), ("th", "t"), ("ie", "e"), ("z", "s"), ("sc", "s"),
)  # fmt: skip
_VOWELISH = re.compile(r"[yj]")
_HARD_C = re.compile(r"c(?=[aoulrtkq]|$)")
_DOUBLED = re.compile(r"(.)\1+")
_NOT_LETTER = re.compile(r"[^a-z0-9]")


def translit(text: str, language: str | None = None) -> str:
    """`text` with Cyrillic letters romanised (other characters kept), lower-cased."""
    table = dict(_CYRILLIC_TO_LATIN, **_UKRAINIAN) if language == "uk" else _CYRILLIC_TO_LATIN
    return "".join(table.get(ch, ch) for ch in text.lower())


@lru_cache(maxsize=200_000)
def name_key(word: str, language: str | None = None) -> str:
    """A key under which spellings of one name in Cyrillic and Latin script agree
    ("Навальный", "Navalny", "Nawalny" → "navalni"; "Зеленский", "Zelenskyy" → "zelenski")."""
    latin = _strip_accents(translit(word, language))
    if word.isascii():  # a Latin c sounds k before a back vowel or consonant (conflict/конфликт)
        latin = _HARD_C.sub("k", latin)
    for old, new in _KEY_RULES:
        latin = latin.replace(old, new)
    latin = _VOWELISH.sub("i", latin)
    latin = latin.replace("h", "g")  # Luhansk/Lugansk, Kharkiv/Charkiw: h and g and kh agree
    latin = _NOT_LETTER.sub("", latin)
    return _DOUBLED.sub(r"\1", latin)


def _strip_accents(text: str) -> str:
    return "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
