"""Framing lexicons: topics, their competing framings, and the surface forms of each framing.

A lexicon is a YAML file (format in docs/framing.md)::

    lexicon: ukraine-war
    description: ...
    topics:
      - id: ukraine-war
        label: The war in Ukraine
        framings:
          - id: invasion
            label: invasion
            forms:
              en: [invasion of Ukraine, full-scale invasion]
              ru: [вторжение в Украину, полномасштабное вторжение]
              zh: [入侵乌克兰]

Pure functions only (no SQL): loading and validating a file, compiling each surface form into
the sequence of index terms the ingest tokenizer would produce for it, and the two artefacts
the store needs to match a framing — the candidate terms (looked up in `document_terms`) and a
regular expression over the ordered lemma sequence (`documents.lemmas`). Both framing and
later capabilities (narratives, monitoring) match lexicons through these.

Why compile through the ingest tokenizer: the same function that indexed the documents turns
"специальной военной операции" and "специальная военная операция" into one lemma sequence, and
"invasions"/"invasion" into one English stem, so a lexicon lists a form once per language.
Chinese forms are matched whatever the segmentation of the document: jieba may cut
"特别军事行动" as one word or as 特别/军事行动 depending on the neighbouring characters, so a
Chinese form's pattern allows a token boundary between any two of its characters while
requiring boundaries at both of its ends.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import regex
import yaml

from lockstep.errors import InputError
from lockstep.text.normalise import match_key
from lockstep.text.tokens import MAX_TOKEN_CHARS, tokenize

#: Lexicons shipped with lockstep, addressed by file stem (`--lexicon ukraine-war`).
BUNDLED_DIR = Path(__file__).resolve().parent.parent / "catalogues" / "lexicons"
#: Bounds on what a (possibly hostile) lexicon file may ask for.
MAX_FORMS_PER_FRAMING = 500
MAX_FORM_CHARS = 120
MAX_LEXICON_BYTES = 2_000_000

_HAN = regex.compile(r"\p{Han}")
_ID = re.compile(r"^[a-z0-9][a-z0-9_.-]{0,63}$")
_WORD = regex.compile(r"\p{Han}+|[\p{L}\p{M}\p{N}]+(?:[-'’][\p{L}\p{M}\p{N}]+)*", regex.V1)


@dataclass(frozen=True)
class SurfaceForm:
    """One way of saying a framing in one language, compiled to index terms."""

    text: str
    language: str
    #: Per position, the terms a document may hold there (the form's analysis, plus its raw
    #: lower-cased word so that an unanalysed spelling in the index still matches).
    terms: tuple[frozenset[str], ...]
    #: A Chinese form matched by characters across any segmentation (see module docstring).
    han: bool


@dataclass(frozen=True)
class Framing:
    id: str
    label: str
    forms: tuple[SurfaceForm, ...]


@dataclass(frozen=True)
class Topic:
    id: str
    label: str
    description: str
    framings: tuple[Framing, ...]

    def framing(self, framing_id: str) -> Framing:
        for framing in self.framings:
            if framing.id == framing_id:
                return framing
        raise InputError("--framing", framing_id, f"no such framing in topic {self.id}")


@dataclass(frozen=True)
class Lexicon:
    name: str
    description: str
    source: str
    topics: tuple[Topic, ...]

    def topic(self, topic_id: str | None) -> list[Topic]:
        """The topics asked for: all when `topic_id` is None."""
        if topic_id is None:
            return list(self.topics)
        found = [t for t in self.topics if t.id == topic_id]
        if not found:
            raise InputError(self.source, topic_id, "no such topic in this lexicon")
        return found

    def find_framing(self, framing_id: str) -> tuple[Topic, Framing]:
        """The (topic, framing) with this id; `topic/framing` disambiguates."""
        topic_id, _, fid = framing_id.rpartition("/")
        hits = [(t, f) for t in self.topics if topic_id in ("", t.id) for f in t.framings if f.id == fid]
        if len(hits) != 1:
            names = ", ".join(f"{t.id}/{f.id}" for t in self.topics for f in t.framings)
            reason = "no such framing" if not hits else "ambiguous framing"
            raise InputError(self.source, framing_id, f"{reason}; choose one of: {names}")
        return hits[0]


@dataclass(frozen=True)
class MatchPlan:
    """What the store needs to find documents using any of `forms`."""

    candidate_terms: tuple[str, ...]
    pattern: str  # RE2-compatible, over ' ' || lemmas || ' '


# --------------------------------------------------------------------------------------------
# Loading


def available_lexicons() -> dict[str, Path]:
    """Bundled lexicons by name."""
    return {p.stem: p for p in sorted(BUNDLED_DIR.glob("*.yaml"))}


def load_lexicon(name_or_path: str) -> Lexicon:
    """A bundled lexicon by name, or a YAML file by path. Bad files raise `InputError`."""
    bundled = available_lexicons()
    path = bundled.get(name_or_path) or Path(name_or_path)
    if not path.is_file():
        raise InputError(
            name_or_path, None, f"no such lexicon file or bundled lexicon ({', '.join(bundled) or 'none'})"
        )
    if path.stat().st_size > MAX_LEXICON_BYTES:
        raise InputError(str(path), None, f"lexicon larger than {MAX_LEXICON_BYTES} bytes")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        raise InputError(str(path), None, f"not a YAML lexicon: {exc}") from None
    return parse_lexicon(data, str(path))


def parse_lexicon(data: Any, source: str) -> Lexicon:
    """Validate a parsed YAML document and compile every surface form."""
    if not isinstance(data, dict) or not isinstance(data.get("topics"), list) or not data["topics"]:
        raise InputError(source, None, "a lexicon needs a non-empty `topics` list")
    topics = [_parse_topic(raw, source, i) for i, raw in enumerate(data["topics"])]
    _unique([t.id for t in topics], source, "topic")
    name = str(data.get("lexicon") or Path(source).stem)
    return Lexicon(
        name=name, description=str(data.get("description") or ""), source=source, topics=tuple(topics)
    )


def _parse_topic(raw: Any, source: str, index: int) -> Topic:
    where = f"topics[{index}]"
    if not isinstance(raw, dict):
        raise InputError(source, where, "a topic is a mapping with id, label and framings")
    topic_id = _identifier(raw.get("id"), source, where)
    framings_raw = raw.get("framings")
    if not isinstance(framings_raw, list) or len(framings_raw) < 1:
        raise InputError(source, topic_id, "a topic needs a non-empty `framings` list")
    framings = [_parse_framing(f, source, f"{topic_id}.framings[{i}]") for i, f in enumerate(framings_raw)]
    _unique([f.id for f in framings], source, f"framing of {topic_id}")
    return Topic(
        id=topic_id,
        label=str(raw.get("label") or topic_id),
        description=str(raw.get("description") or ""),
        framings=tuple(framings),
    )


def _parse_framing(raw: Any, source: str, where: str) -> Framing:
    if not isinstance(raw, dict):
        raise InputError(source, where, "a framing is a mapping with id, label and forms")
    framing_id = _identifier(raw.get("id"), source, where)
    forms_raw = raw.get("forms")
    if not isinstance(forms_raw, dict) or not forms_raw:
        raise InputError(source, framing_id, "`forms` maps a language code to a list of surface forms")
    forms: list[SurfaceForm] = []
    for language, texts in forms_raw.items():
        if not isinstance(language, str) or not re.fullmatch(r"[a-z]{2,3}", language):
            raise InputError(source, framing_id, f"bad language code {language!r}")
        if not isinstance(texts, list) or not all(isinstance(t, str) and t.strip() for t in texts):
            raise InputError(source, f"{framing_id}.{language}", "forms must be a list of non-empty strings")
        for text in texts:
            if len(text) > MAX_FORM_CHARS:
                raise InputError(source, f"{framing_id}.{language}", f"form longer than {MAX_FORM_CHARS}")
            form = compile_form(text, language)
            if not form.terms:
                raise InputError(source, f"{framing_id}.{language}", f"form {text!r} has no words")
            forms.append(form)
    if len(forms) > MAX_FORMS_PER_FRAMING:
        raise InputError(source, framing_id, f"more than {MAX_FORMS_PER_FRAMING} forms")
    return Framing(id=framing_id, label=str(raw.get("label") or framing_id), forms=tuple(forms))


def _identifier(value: Any, source: str, where: str) -> str:
    if not isinstance(value, str) or not _ID.match(value):
        raise InputError(source, where, "`id` must be lower-case letters, digits, '-', '_' or '.'")
    return value


def _unique(ids: Sequence[str], source: str, what: str) -> None:
    seen: set[str] = set()
    for item in ids:
        if item in seen:
            raise InputError(source, item, f"duplicate {what} id")
        seen.add(item)


# --------------------------------------------------------------------------------------------
# Compiling


def compile_form(text: str, language: str) -> SurfaceForm:
    """The index terms of `text` as the ingest tokenizer produces them for `language`."""
    key = match_key(text).strip()
    if _HAN.search(key) and not regex.search(r"[\p{Latin}\p{Cyrillic}]", key):
        chars = "".join(regex.findall(r"\p{Han}|[\p{L}\p{N}]", key))
        return SurfaceForm(
            text=text, language=language, terms=(frozenset({chars}),) if chars else (), han=True
        )
    analysed = tokenize(text, language)
    raw = [w for w in _WORD.findall(key) if len(w) <= MAX_TOKEN_CHARS]
    if len(raw) == len(analysed):
        terms = tuple(frozenset({a, r}) for a, r in zip(analysed, raw, strict=True))
    else:
        terms = tuple(frozenset({a}) for a in analysed)
    return SurfaceForm(text=text, language=language, terms=terms, han=False)


def match_plan(forms: Iterable[SurfaceForm]) -> MatchPlan:
    """Candidate terms and the lemma-sequence pattern that find any of `forms`.

    Candidates: a document can only match a form if it holds the form's first term (for a
    Chinese form: some prefix of it, the first word of any segmentation). The pattern then
    checks the whole sequence, bounded by the spaces that separate terms.
    """
    candidates: set[str] = set()
    alternatives: list[str] = []
    for form in forms:
        if form.han:
            (chars,) = tuple(form.terms[0])
            candidates.update(chars[:i] for i in range(1, len(chars) + 1))
            alternatives.append(" ?".join(re.escape(c) for c in chars))
        else:
            candidates.update(form.terms[0])
            alternatives.append(" ".join(_alternation(position) for position in form.terms))
    unique_alternatives = sorted(set(alternatives))
    return MatchPlan(
        candidate_terms=tuple(sorted(candidates)),
        pattern=" (?:" + "|".join(unique_alternatives) + ") ",
    )


def _alternation(variants: frozenset[str]) -> str:
    escaped = sorted(re.escape(v) for v in variants)
    return escaped[0] if len(escaped) == 1 else "(?:" + "|".join(escaped) + ")"


# --------------------------------------------------------------------------------------------
# Evidence


def find_form_span(text: str, forms: Sequence[SurfaceForm], language: str | None) -> tuple[int, int] | None:
    """Where in the original `text` the first of `forms` occurs, for a keyword-in-context
    snippet. Works on the text's own words (so offsets are the reader's), tokenised the way
    the index was."""
    words: list[tuple[str, int, int]] = []  # (term, start, end) in text order
    for match in _WORD.finditer(text):
        word = match.group(0)
        if _HAN.match(word):
            words.append((match_key(word), match.start(), match.end()))
        elif len(word) <= MAX_TOKEN_CHARS:
            for term in tokenize(word, language):
                words.append((term, match.start(), match.end()))
    best: tuple[int, int] | None = None
    by_first: dict[str, list[SurfaceForm]] = {}
    for form in forms:
        if form.han:
            span = _han_span(words, form)
            if span and (best is None or span[0] < best[0]):
                best = span
        else:
            for term in form.terms[0]:
                by_first.setdefault(term, []).append(form)
    for i, (term, start, _end) in enumerate(words):
        if best is not None and start >= best[0]:
            break
        for form in by_first.get(term, ()):
            width = len(form.terms)
            if i + width <= len(words) and all(words[i + k][0] in form.terms[k] for k in range(1, width)):
                return start, words[i + width - 1][2]
    return best


def _han_span(words: list[tuple[str, int, int]], form: SurfaceForm) -> tuple[int, int] | None:
    (chars,) = tuple(form.terms[0])
    for term, start, _end in words:
        at = term.find(chars)
        if at >= 0:
            return start + at, start + at + len(chars)
    return None
