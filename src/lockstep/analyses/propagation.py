"""Propagation: where did a narrative first appear, in which language, and how did it spread?

Inputs: the documents matching a narrative (`analyses/narratives.py`), with their outlets'
catalogue country and state affiliation.

Parameters:
- `by` (default `outlet`): the unit whose first appearances make the cascade (outlet,
  language or country); first appearances are reported for all three either way.
- `groups` (default none): named groups of documents, e.g. `A:state-ru,B:state-zh`, whose lag
  is measured in the order given (see `parse_groups` for the selector grammar).
- `max_lag_days` (default 30): a later group's document is paired with the latest earlier
  document of the earlier group published at most this long before it. A month covers the
  relay of a claim between state outlets (days, in the cases we know) without pairing a
  document with an unrelated echo of the year before.
- `language_field` (default the document's language): `extra.NAME` reads the language(s)
  from a field the source carried, e.g. EUvsDisinfo's `languages` (the original outlets'
  languages; the case titles themselves are English summaries). Names (Russian) and codes
  (ru) are both understood; `+`-separated lists count in each language.

Output: the first document overall; first appearance per outlet, language and country (date,
lag from the very first, number of documents, evidence id and URL); the cascade (each new
`by` unit in time order); per pair of groups, the lag between their first appearances and the
median lag over document pairs, with the pairs as evidence.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import statistics
from dataclasses import asdict, dataclass, field
from typing import Any

from lockstep.analyses.narratives import NarrativeMatches
from lockstep.errors import InputError
from lockstep.store.database import Store
from lockstep.store.narrative_queries import documents_by_id

DIMENSIONS = ("outlet", "language", "country")
DEFAULT_MAX_LAG_DAYS = 30.0
MAX_PAIRS_SHOWN = 50

#: Language names as sources write them → ISO 639-1.
LANGUAGE_NAMES: dict[str, str] = {
    "english": "en", "russian": "ru", "ukrainian": "uk", "german": "de", "italian": "it", "french": "fr",
    "spanish": "es", "castilian": "es", "portuguese": "pt", "polish": "pl", "chinese": "zh", "arabic": "ar",
    "armenian": "hy", "georgian": "ka", "azerbaijani": "az", "belarusian": "be", "bulgarian": "bg",
    "czech": "cs", "slovak": "sk", "hungarian": "hu", "romanian": "ro", "moldovan": "ro", "serbian": "sr",
    "croatian": "hr", "lithuanian": "lt", "latvian": "lv", "estonian": "et", "finnish": "fi", "swedish": "sv",
    "norwegian": "no", "danish": "da", "dutch": "nl", "greek": "el", "turkish": "tr", "kazakh": "kk",
    "uzbek": "uz", "kyrgyz": "ky", "tajik": "tg", "persian": "fa", "hebrew": "he", "japanese": "ja",
    "korean": "ko", "hindi": "hi", "urdu": "ur", "uyghur": "ug", "slovenian": "sl", "macedonian": "mk",
}  # fmt: skip


@dataclass(frozen=True)
class GroupSpec:
    name: str
    state: bool | None
    language: str | None
    country: str | None
    outlet: str | None
    text: str

    def holds(self, doc: CascadeDocument) -> bool:
        return (
            (self.state is None or doc.state_affiliated is self.state)
            and (self.language is None or self.language in doc.languages)
            and (self.country is None or doc.country == self.country)
            and (self.outlet is None or doc.outlet_id == self.outlet)
        )


@dataclass
class CascadeDocument:
    id: str
    published_at: dt.datetime
    outlet: str
    outlet_id: str
    languages: list[str]
    country: str | None
    state_affiliated: bool | None
    url: str | None
    title: str | None
    score: float
    new: list[str] = field(default_factory=list)  # dimensions in which this is the first document


@dataclass
class FirstAppearance:
    key: str
    first_at: dt.datetime
    lag_days: float  # after the very first document of the narrative
    documents: int
    doc_id: str
    url: str | None
    outlet: str


@dataclass
class GroupLag:
    source: str
    target: str
    source_first: str | None
    target_first: str | None
    first_lag_days: float | None
    pairs: int
    median_lag_days: float | None
    evidence: list[dict[str, Any]]


@dataclass
class Propagation:
    narrative: str
    label: str
    parameters: dict[str, Any]
    documents: int
    undated: int
    first: CascadeDocument | None
    first_by: dict[str, list[FirstAppearance]]
    cascade: list[CascadeDocument]
    group_lags: list[GroupLag]
    timeline: list[CascadeDocument]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def parse_groups(spec: str | None) -> list[GroupSpec]:
    """`A:state-ru,B:state-zh`: NAME:SELECTOR pairs. A selector joins with '-' any of `state`,
    `nonstate`, a language code (lower case: ru, zh), a country code (upper case: RUS, XNL), and
    last, `outlet=ID` (the rest of the selector is the outlet id)."""
    groups: list[GroupSpec] = []
    for item in (spec or "").split(","):
        if not item.strip():
            continue
        name, sep, selector = item.strip().partition(":")
        if not sep or not name or not selector:
            raise InputError("--groups", item, "expected NAME:SELECTOR, e.g. A:state-ru")
        state: bool | None = None
        language = country = outlet = None
        rest = selector
        while rest:
            if rest.startswith("outlet="):
                outlet, rest = rest[len("outlet=") :], ""
                break
            part, _, rest = rest.partition("-")
            if part == "state":
                state = True
            elif part == "nonstate":
                state = False
            elif re.fullmatch(r"[a-z]{2,3}", part):
                language = part
            elif re.fullmatch(r"[A-Z]{3}", part):
                country = part
            else:
                raise InputError(
                    "--groups", item, f"unknown selector part {part!r} (state, nonstate, ru, RUS, outlet=ID)"
                )
        groups.append(GroupSpec(name, state, language, country, outlet or None, selector))
    if len({g.name for g in groups}) != len(groups):
        raise InputError("--groups", spec, "duplicate group name")
    return groups


def document_languages(language: str | None, extra: str | None, language_field: str | None) -> list[str]:
    """The language(s) a document counts under (see `language_field` in the module docstring)."""
    if not language_field or language_field == "language":
        return [language or "?"]
    name = language_field.removeprefix("extra.")
    try:
        value = (json.loads(extra) if extra else {}).get(name)
    except (ValueError, AttributeError):
        value = None
    items = value if isinstance(value, list) else str(value or "").split("+")
    codes = [LANGUAGE_NAMES.get(v.strip().lower(), v.strip().lower()) for v in items if str(v).strip()]
    return list(dict.fromkeys(codes)) or [language or "?"]


def propagation(
    store: Store,
    matches: NarrativeMatches,
    *,
    by: str = "outlet",
    groups: list[GroupSpec] | None = None,
    max_lag_days: float = DEFAULT_MAX_LAG_DAYS,
    language_field: str | None = None,
) -> Propagation:
    """The narrative's spread over the matching documents (see the module docstring).
    `matches` must hold every matching document (match with `limit=None`)."""
    if by not in DIMENSIONS:
        raise InputError("--by", by, f"expected one of {', '.join(DIMENSIONS)}")
    if language_field and language_field != "language" and not language_field.startswith("extra."):
        raise InputError("--language-field", language_field, "expected `language` or `extra.NAME`")
    extras = documents_by_id(store, [m.id for m in matches.documents]) if language_field else {}
    dated = sorted(
        (
            CascadeDocument(
                id=m.id,
                published_at=m.published_at,
                outlet=m.outlet,
                outlet_id=m.outlet_id,
                languages=document_languages(m.language, extras.get(m.id, {}).get("extra"), language_field),
                country=m.country,
                state_affiliated=m.state_affiliated,
                url=m.url,
                title=m.title,
                score=m.score,
            )
            for m in matches.documents
            if m.published_at is not None
        ),
        key=lambda d: (d.published_at, d.id),
    )
    first_by = {dim: _first_appearances(dated, dim) for dim in DIMENSIONS}
    seen: dict[str, set[str]] = {dim: set() for dim in DIMENSIONS}
    for doc in dated:
        for dim in DIMENSIONS:
            keys = set(_keys(doc, dim)) - seen[dim]
            if keys:
                doc.new.append(dim)
                seen[dim] |= keys
    specs = groups or []
    lags = [_group_lag(dated, a, b, max_lag_days) for i, a in enumerate(specs) for b in specs[i + 1 :]]
    return Propagation(
        narrative=matches.narrative,
        label=matches.label,
        parameters={
            "by": by,
            "groups": [f"{g.name}:{g.text}" for g in specs],
            "max_lag_days": max_lag_days,
            "language_field": language_field or "language",
            **matches.parameters,
        },
        documents=len(matches.documents),
        undated=len(matches.documents) - len(dated),
        first=dated[0] if dated else None,
        first_by=first_by,
        cascade=[d for d in dated if by in d.new],
        group_lags=lags,
        timeline=dated,
    )


def _keys(doc: CascadeDocument, dim: str) -> list[str]:
    if dim == "outlet":
        return [doc.outlet_id]
    if dim == "language":
        return doc.languages
    return [doc.country or "?"]


def _first_appearances(dated: list[CascadeDocument], dim: str) -> list[FirstAppearance]:
    firsts: dict[str, FirstAppearance] = {}
    for doc in dated:
        for key in _keys(doc, dim):
            if key in firsts:
                firsts[key].documents += 1
            else:
                firsts[key] = FirstAppearance(
                    key=doc.outlet if dim == "outlet" else key,
                    first_at=doc.published_at,
                    lag_days=_days(doc.published_at - dated[0].published_at),
                    documents=1,
                    doc_id=doc.id,
                    url=doc.url,
                    outlet=doc.outlet,
                )
    return sorted(firsts.values(), key=lambda f: (f.first_at, f.key))


def _group_lag(dated: list[CascadeDocument], a: GroupSpec, b: GroupSpec, max_lag_days: float) -> GroupLag:
    """Lag from group `a` to group `b`: first appearance to first appearance, and per `b`
    document the time since the latest `a` document before it (within `max_lag_days`)."""
    in_a = [d for d in dated if a.holds(d)]
    in_b = [d for d in dated if b.holds(d)]
    pairs: list[dict[str, Any]] = []
    for doc in in_b:
        earlier = [x for x in in_a if x.published_at <= doc.published_at and x.id != doc.id]
        if not earlier:
            continue
        source = earlier[-1]
        lag = _days(doc.published_at - source.published_at)
        if lag <= max_lag_days:
            pairs.append(
                {
                    "source_id": source.id,
                    "source_outlet": source.outlet,
                    "source_at": source.published_at,
                    "source_url": source.url,
                    "target_id": doc.id,
                    "target_outlet": doc.outlet,
                    "target_at": doc.published_at,
                    "target_url": doc.url,
                    "lag_days": lag,
                }
            )
    first_lag = _days(in_b[0].published_at - in_a[0].published_at) if in_a and in_b else None
    return GroupLag(
        source=f"{a.name} ({a.text})",
        target=f"{b.name} ({b.text})",
        source_first=in_a[0].id if in_a else None,
        target_first=in_b[0].id if in_b else None,
        first_lag_days=first_lag,
        pairs=len(pairs),
        median_lag_days=round(statistics.median(p["lag_days"] for p in pairs), 3) if pairs else None,
        evidence=pairs[:MAX_PAIRS_SHOWN],
    )


def _days(delta: dt.timedelta) -> float:
    return round(delta.total_seconds() / 86400, 3)
