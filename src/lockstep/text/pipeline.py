"""All text processing a document or post gets, once, at ingest.

Pure functions from raw text to the features the store keeps, so that they can run in
worker processes and so that no analysis ever re-tokenises text.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

import regex

from lockstep.text.fingerprints import minhash
from lockstep.text.language import detect_language
from lockstep.text.links import extract_hashtags, extract_urls, strip_mentions_and_urls
from lockstep.text.normalise import clean_text, content_sha256
from lockstep.text.tokens import tokenize

#: Most terms kept per document in the sequence used for phrase matching; beyond this a
#: "document" is a dump, and phrase search over its head is enough.
MAX_SEQUENCE_TERMS = 20_000
_TF_MAX = 65535


@dataclass(slots=True)
class TextFeatures:
    text: str
    title: str | None
    language: str | None
    sha256: str
    minhash: list[int]
    urls: list[str]
    hashtags: list[str]
    lemmas: str
    term_counts: list[tuple[str, int]]


def analyse(text: str, title: str | None, language: str | None) -> TextFeatures:
    """Clean, identify the language (unless the source knew it), tokenise, fingerprint."""
    body = clean_text(text)
    head = clean_text(title) if title else None
    lang = language or detect_language(f"{head or ''}\n{body}")
    terms = tokenize(f"{head}\n{body}" if head and not body.startswith(head) else body, lang)
    sequence = terms[:MAX_SEQUENCE_TERMS]
    counts = Counter(terms)
    return TextFeatures(
        text=body,
        title=head,
        language=lang,
        sha256=content_sha256(body),
        minhash=minhash(sequence).tolist(),
        urls=extract_urls(body),
        hashtags=extract_hashtags(body),
        lemmas=" ".join(sequence),
        term_counts=[(t, min(c, _TF_MAX)) for t, c in counts.items()],
    )


_SPACE = regex.compile(r"\s+")


def exact_text_key(text: str) -> str:
    """Key for exact co-text: lower-case, mentions and URLs removed, white space collapsed
    (the definition the coordination tools share), then hashed."""
    stripped = _SPACE.sub(" ", strip_mentions_and_urls(text).casefold()).strip()
    return content_sha256(stripped)
