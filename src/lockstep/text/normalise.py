"""Unicode normalisation for stored text and for matching.

Stored text is NFC with control characters removed (so that what an analyst reads is what
came in, minus invisible junk). Matching keys are NFKC and case-folded, so that full-width
Latin in Chinese pages, ligatures and `ё`/`е` spelling do not split one term into two.
"""

from __future__ import annotations

import hashlib
import unicodedata

import regex

#: RE2 (and `re`) pattern of text that Python and DuckDB read alike: printable ASCII, tab, line
#: breaks. SQL fast paths handle such text themselves and leave the rest to the Python functions.
PRINTABLE_ASCII = r"[ -~\t\n\r]*"

_CONTROL = regex.compile(r"[\p{Cc}\p{Cf}&&[^\n\t\u200d]]", regex.V1)
_SPACES = regex.compile(r"[ \t\u00a0\u2000-\u200b\u3000]+")
_BLANK_LINES = regex.compile(r"\n\s*\n\s*(?:\n\s*)+")


def clean_text(text: str) -> str:
    """NFC, no control/format characters (zero-width joiner kept for scripts that need it),
    runs of spaces collapsed, at most one blank line between paragraphs."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return "\n".join(line.strip() for line in text.split("\n")).strip()


def match_key(text: str) -> str:
    """The form used for term matching: NFKC, case-folded, `ё` as `е`."""
    return unicodedata.normalize("NFKC", text).casefold().replace("ё", "е")


def content_sha256(text: str) -> str:
    """SHA-256 of the cleaned text: the same article stored twice has the same hash."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
