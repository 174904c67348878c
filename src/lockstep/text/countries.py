"""Country names → ISO 3166 alpha-3: the one normaliser every source of votes, signatures and
events goes through.

Why one table: UN records, news lists and datasets spell the same state many ways ("Dem. Rep.
Congo", "Congo - Kinshasa", "DRC"; "Türkiye"/"Turkey"; "КНДР"/"朝鲜"/"DPRK"), and two sources
that disagree on a spelling would otherwise split one state into two. The bundled table
`countries.tsv` holds official names in English, Russian and Chinese (from Unicode CLDR), our
informal spellings, ISO alpha-2 and alpha-3 codes, and the historical states of the UN record
with their ISO 3166-3 codes (USSR SUN, Yugoslavia YUG, Czechoslovakia CSK, East Germany DDR,
South Yemen YMD; Zanzibar, which has none, the user-assigned XZB). West Germany and the Yemen
Arab Republic map to DEU and YEM, the codes the unified states kept. "Congo" alone is the
Republic of the Congo (COG), as in UN usage; "Korea" alone is ambiguous and not resolved.
Codes of the ranges ISO 3166 leaves to users (XAA-XZZ and others) are accepted as given.

Matching is on a key that ignores case, accents, punctuation, "&" vs "and", "St." vs
"Saint" and a leading "the". A name that is not in the table is not guessed: callers report it
with its file and row.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

import regex

TABLE = Path(__file__).with_name("countries.tsv")
_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "ʼ": "'"})
_NOT_WORD = regex.compile(r"[^\p{L}\p{N}]+")


def name_key(name: str) -> str:
    """The matching key of a country name (case, accents and punctuation ignored)."""
    text = unicodedata.normalize("NFKC", name).translate(_APOSTROPHES).casefold().replace("&", " and ")
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    text = text.replace("'", "")
    words = _NOT_WORD.sub(" ", text).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join("saint" if w == "st" else w for w in words)


class _Table:
    def __init__(self, path: Path) -> None:
        self.by_key: dict[str, str] = {}
        self.by_alpha2: dict[str, str] = {}
        self.alpha3: dict[str, str] = {}  # code -> English name
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            iso3, iso2, english, others = line.split("\t")
            self.alpha3[iso3] = english
            if iso2:
                self.by_alpha2[iso2] = iso3
            for name in [english, *filter(None, others.split("|"))]:
                self.by_key.setdefault(name_key(name), iso3)


@lru_cache(maxsize=1)
def _table() -> _Table:
    return _Table(TABLE)


@lru_cache(maxsize=8192)
def country_code(name: str | None) -> str | None:
    """The alpha-3 code of a country name or code, or None when the name is unknown."""
    if name is None:
        return None
    text = name.strip()
    if not text:
        return None
    table = _table()
    if text.isascii() and text.isalpha() and text.isupper():
        if len(text) == 3 and (text in table.alpha3 or _user_assigned(text)):
            return text
        if len(text) == 2 and text in table.by_alpha2:
            return table.by_alpha2[text]
    return table.by_key.get(name_key(text))


def _user_assigned(code: str) -> bool:
    """ISO 3166 leaves AAA-AAZ, QMA-QZZ, XAA-XZZ and ZZA-ZZZ to users: such a code is taken as
    given (the synthetic demo's fictional states use XNL, XEM, XWR, XBL)."""
    return code.startswith(("AA", "X", "ZZ")) or ("QMA" <= code <= "QZZ")


def country_name(code: str) -> str:
    """The English name of an alpha-3 code (the code itself when it is not in the table)."""
    return _table().alpha3.get(code, code)


def known_codes() -> set[str]:
    """Every alpha-3 code in the table, historical states included."""
    return set(_table().alpha3)
