"""Narrative matching: which documents carry this claim, how strongly, and on what evidence?

Inputs: documents, the term index, the actors catalogue, narrative definitions
(`text/narratives.py`; bundled ones in `catalogues/narratives/`).

Parameters:
- `narrative`: a bundled id or a YAML file; default every bundled narrative.
- `min_score` (default 0.6): a document is reported when its score reaches it. 0.6 needs every
  all-of concept plus one more signal (an any-of concept or two key entities); all-of concepts
  alone (0.55) are a topic, not a claim ("biological weapons" is not yet "US biolabs in Ukraine").
- `embedder` (default none): an `Embedder` (text/embedder.py); when given, the score mixes in
  the cosine similarity to the narrative's seed texts (weight `EMBEDDING_WEIGHT`).
- `limit` (default 100): rows that get text evidence (matched words as written, snippet).

Score (0..1), each part explainable from the evidence list:
- 0.55 × share of all-of groups present (the claim's core; without all of them the
  document is a different story);
- 0.25 × share of any-of groups present (at most 0.25: supporting concepts);
- 0.10 × min(1, key entities named / 2) (two entities already pin the claim's actors);
- 0.05 if it shares a number or year with a seed text (casualty figures, dates travel with
  a claim across languages);
- 0.05 if a URL it carries is also carried by another matching document or a seed (shared
  sources are how a claim is copied).
A document naming any none-of concept (e.g. a fact check) is left out and counted apart.
Documents matching no all-of concept (or, without all-of groups, no any-of concept) are never
scored: they cannot reach the default threshold, and skipping them keeps matching proportional
to the candidates rather than to the store.

Output: per narrative, the matching documents (score, outlet, language, date, URL) with their
evidence: concept groups and entities found, the words as written, numbers and URLs shared.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from typing import Any

from lockstep.store.database import Store
from lockstep.store.lexicon_queries import DocumentFilter, match_documents
from lockstep.store.narrative_queries import actor_aliases, document_urls, documents_by_id, flag_documents
from lockstep.text.embedder import Embedder
from lockstep.text.lexicon import MatchPlan, SurfaceForm, compile_form, find_form_span, match_plan
from lockstep.text.narratives import ConceptGroup, Narrative
from lockstep.text.tokens import snippet

ALL_OF_WEIGHT = 0.55
ANY_OF_WEIGHT = 0.25
ENTITY_WEIGHT = 0.10
NUMBER_WEIGHT = 0.05
URL_WEIGHT = 0.05
EMBEDDING_WEIGHT = 0.3
DEFAULT_MIN_SCORE = 0.6
DEFAULT_LIMIT = 100

_NUMBER = re.compile(r"(?<![\w.,])\d{2,}(?:[.,]\d+)?(?![\w])")
_URL = re.compile(r"https?://[^\s<>\"']+")


@dataclass
class DocumentMatch:
    id: str
    score: float
    outlet: str
    outlet_id: str
    country: str | None
    state_affiliated: bool | None
    language: str | None
    published_at: dt.datetime | None
    url: str | None
    title: str | None
    concepts: list[str]
    entities: list[str]
    numbers: list[str] = field(default_factory=list)
    shared_urls: list[str] = field(default_factory=list)
    matched_text: dict[str, str] = field(default_factory=dict)  # concept/entity id -> words as written
    snippet: str = ""
    similarity: float | None = None


@dataclass
class NarrativeMatches:
    narrative: str
    label: str
    description: str
    parameters: dict[str, Any]
    total: int
    excluded: int  # documents left out because they name a none-of concept
    excluded_ids: list[str]
    documents: list[DocumentMatch]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def group_forms(group: ConceptGroup, aliases: dict[str, list[tuple[str | None, str]]]) -> list[SurfaceForm]:
    """A group's own forms plus every alias of its catalogue actors, compiled per alias language
    (aliases without a language are compiled as English and Russian, covering Latin and Cyrillic)."""
    forms = list(group.forms)
    for actor in group.actors:
        forms += alias_forms(aliases.get(actor, []))
    return forms


def alias_forms(names: list[tuple[str | None, str]]) -> list[SurfaceForm]:
    forms = []
    for language, alias in names:
        for lang in [language] if language else ["en", "ru"]:
            form = compile_form(alias, lang)
            if form.terms:
                forms.append(form)
    return forms


def seed_numbers(narrative: Narrative) -> set[str]:
    """Numbers (two digits or more, years included) stated in the seed texts."""
    return {m.group(0).replace(",", ".") for seed in narrative.seeds for m in _NUMBER.finditer(seed.text)}


def seed_urls(narrative: Narrative) -> set[str]:
    return {m.group(0).rstrip(".,;)") for seed in narrative.seeds for m in _URL.finditer(seed.text)}


def match_narrative(
    store: Store,
    narrative: Narrative,
    *,
    min_score: float = DEFAULT_MIN_SCORE,
    where: DocumentFilter | None = None,
    embedder: Embedder | None = None,
    limit: int | None = DEFAULT_LIMIT,
) -> NarrativeMatches:
    """Score every candidate document for `narrative` (see the module docstring)."""
    actor_ids = sorted({a for g in narrative.groups for a in g.actors} | set(narrative.entities))
    aliases = actor_aliases(store, actor_ids)
    plans = {g.id: match_plan(forms) for g in narrative.groups if (forms := group_forms(g, aliases))}
    core = [g.id for g in narrative.of_kind("all_of") or narrative.of_kind("any_of") if g.id in plans]
    base = where or DocumentFilter()
    bounded = DocumentFilter(
        since=max(filter(None, [base.since, narrative.since]), default=None),
        until=min(filter(None, [base.until, narrative.until]), default=None),
        outlets=base.outlets,
        languages=base.languages,
    )
    candidates = match_documents(store, {k: plans[k] for k in core}, bounded) if core else []
    ids = [c["id"] for c in candidates]
    others: dict[str, MatchPlan] = {k: p for k, p in plans.items() if k not in core}
    entity_forms = {f"entity:{a}": alias_forms(aliases.get(a, [])) for a in narrative.entities}
    others.update({k: match_plan(f) for k, f in entity_forms.items() if f})
    numbers = seed_numbers(narrative)
    others.update({f"number:{n}": match_plan([compile_form(n, "en")]) for n in numbers})
    flags = flag_documents(store, others, ids)
    urls = document_urls(store, ids)
    # a URL counts as shared when a document links to it and another matching document is it
    # or links to it too (documents that merely are one record split per outlet share only
    # their own URL, which is not a shared source)
    url_counts = Counter(u for doc_urls in urls.values() for u in set(doc_urls))
    own_url = {row["id"]: row["url"] for row in candidates}
    seeds_urls = seed_urls(narrative)
    kinds = {g.id: g.kind for g in narrative.groups}
    n_all, n_any = len(narrative.of_kind("all_of")), len(narrative.of_kind("any_of"))

    scored: list[tuple[float, dict[str, Any], list[str], list[str], list[str], list[str]]] = []
    excluded: list[str] = []
    for row in candidates:
        keys = set(row["matched"]) | set(flags.get(row["id"], []))
        if any(kinds.get(k) == "none_of" for k in keys):
            excluded.append(row["id"])
            continue
        concepts = [g.id for g in narrative.groups if g.id in keys and g.kind != "none_of"]
        entities = [k.split(":", 1)[1] for k in sorted(keys) if k.startswith("entity:")]
        shared_numbers = [k.split(":", 1)[1] for k in sorted(keys) if k.startswith("number:")]
        links = set(urls.get(row["id"], [])) - {own_url[row["id"]]}
        shared = sorted(u for u in links if url_counts[u] > 1 or u in seeds_urls)
        score = _score(
            sum(kinds[c] == "all_of" for c in concepts),
            sum(kinds[c] == "any_of" for c in concepts),
            n_all,
            n_any,
            len(entities),
            bool(shared_numbers),
            bool(shared),
        )
        scored.append((score, row, concepts, entities, shared_numbers, shared))

    similarities = (
        _seed_similarities(store, narrative, embedder, [s[1]["id"] for s in scored]) if embedder else {}
    )
    results: list[DocumentMatch] = []
    for score, row, concepts, entities, shared_numbers, shared in scored:
        similarity = similarities.get(row["id"])
        if similarity is not None:
            score = (1 - EMBEDDING_WEIGHT) * score + EMBEDDING_WEIGHT * max(0.0, similarity)
        if score + 1e-9 < min_score:
            continue
        results.append(
            DocumentMatch(
                id=row["id"],
                score=round(score, 3),
                outlet=row["outlet"],
                outlet_id=row["outlet_id"],
                country=row["country"],
                state_affiliated=row["state_affiliated"],
                language=row["language"],
                published_at=row["published_at"],
                url=row["url"],
                title=row["title"],
                concepts=concepts,
                entities=entities,
                numbers=shared_numbers,
                shared_urls=shared,
                similarity=None if similarity is None else round(similarity, 3),
            )
        )
    results.sort(key=lambda m: (-m.score, m.published_at or dt.datetime.max, m.id))
    _add_text_evidence(store, narrative, aliases, results[:limit] if limit is not None else results)
    return NarrativeMatches(
        narrative=narrative.id,
        label=narrative.label,
        description=narrative.description,
        parameters={
            "min_score": min_score,
            "since": bounded.since,
            "until": bounded.until,
            "embedder": embedder.name if embedder else None,
            "source": narrative.source,
        },
        total=len(results),
        excluded=len(excluded),
        excluded_ids=excluded,
        documents=results if limit is None else results[:limit],
    )


def _score(
    n_all_hit: int, n_any_hit: int, n_all: int, n_any: int, n_entities: int, number: bool, url: bool
) -> float:
    """The weighted sum of the module docstring. Without all-of groups, the any-of share
    carries both concept weights."""
    if n_all:
        concept = ALL_OF_WEIGHT * n_all_hit / n_all + (
            ANY_OF_WEIGHT * n_any_hit / n_any if n_any else ANY_OF_WEIGHT
        )
    else:
        concept = (ALL_OF_WEIGHT + ANY_OF_WEIGHT) * n_any_hit / max(1, n_any)
    return (
        concept
        + ENTITY_WEIGHT * min(1.0, n_entities / 2)
        + (NUMBER_WEIGHT if number else 0.0)
        + (URL_WEIGHT if url else 0.0)
    )


def _seed_similarities(
    store: Store, narrative: Narrative, embedder: Embedder, ids: list[str]
) -> dict[str, float]:
    """Highest cosine similarity of each document to any seed text."""
    if not ids or not narrative.seeds:
        return {}
    docs = documents_by_id(store, ids)
    order = [i for i in ids if i in docs]
    texts = [((docs[i]["title"] or "") + "\n" + docs[i]["text"])[:2000] for i in order]
    vectors = embedder.embed(texts)
    seeds = embedder.embed([s.text for s in narrative.seeds])
    sims = vectors @ seeds.T
    return {doc_id: float(sims[i].max()) for i, doc_id in enumerate(order)}


def _add_text_evidence(
    store: Store,
    narrative: Narrative,
    aliases: dict[str, list[tuple[str | None, str]]],
    rows: list[DocumentMatch],
) -> None:
    """The words as written behind each concept and entity, and a snippet around the first."""
    docs = documents_by_id(store, [r.id for r in rows])
    forms = {g.id: group_forms(g, aliases) for g in narrative.groups}
    forms.update({a: alias_forms(aliases.get(a, [])) for a in narrative.entities})
    for match in rows:
        doc = docs.get(match.id)
        if doc is None:
            continue
        text = ((doc["title"] or "") + "\n" + doc["text"]).strip()
        first: tuple[int, int] | None = None
        for key in match.concepts + match.entities:
            span = find_form_span(text, forms.get(key, []), doc["language"])
            if span:
                match.matched_text[key] = text[span[0] : span[1]]
                first = span if first is None or span[0] < first[0] else first
        match.snippet = snippet(text, first)
        match.title = match.title or " ".join(doc["text"][:160].split())
