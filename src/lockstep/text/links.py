"""URLs and hashtags found in text, and the outlet domain of a URL.

Kept apart from tokenisation because coordination analyses join on these objects exactly,
while the term index is for words.
"""

from __future__ import annotations

import regex

_URL = regex.compile(r"https?://[^\s<>\"'\])}，。、；]+", regex.IGNORECASE)
_HASHTAG = regex.compile(r"(?<![\p{L}\p{N}_/&])#([\p{L}\p{N}_]{1,100})")
_MENTION = regex.compile(r"(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]{1,50}")
_TRAILING = ".,;:!?…»”’"


def extract_urls(text: str) -> list[str]:
    """URLs in order of appearance, without trailing punctuation, de-duplicated."""
    seen: dict[str, None] = {}
    for match in _URL.finditer(text):
        url = match.group(0).rstrip(_TRAILING)
        seen.setdefault(url, None)
    return list(seen)


def extract_hashtags(text: str) -> list[str]:
    """Hashtags lower-cased (case varies between accounts that share one), de-duplicated."""
    seen: dict[str, None] = {}
    for match in _HASHTAG.finditer(text):
        tag = match.group(1)
        if not tag.isdigit():
            seen.setdefault(tag.casefold(), None)
    return list(seen)


def strip_mentions_and_urls(text: str) -> str:
    return _MENTION.sub(" ", _URL.sub(" ", text))


def url_domain(url: str) -> str | None:
    """Host of a URL without `www.`, lower-cased; None when it is not an http(s) URL."""
    m = regex.match(r"(?i)^https?://(?:[^@/?#]*@)?([^/:?#]+)", url.strip())
    if not m:
        return None
    host = m.group(1).lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host
