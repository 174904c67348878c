"""Coverage: how much attention does an entity get in each outlet, and which words surround it?

Inputs: documents, the term index (`document_terms`, `documents.lemmas`), the actors catalogue
(`actors`, `actor_aliases`: every name in every language) and the outlet catalogue.

Attention share: documents naming the entity (any alias, any language, any inflection — matched
through the term index like a framing form) ÷ all documents of that group in the period. Raw
counts would reward big outlets; the share is what compares an agency publishing 500 stories a
week with a channel publishing 30.

Distinctive words: the terms within `window` terms of a mention of the entity, in group A's
documents against group B's, scored by the weighted log-odds ratio with an informative Dirichlet
prior (Monroe, Colaresi & Quinn 2008, "Fightin' Words", eq. 16–22): with y the counts of a term
around the entity in each group, n each group's total, and α_w = α0 · (the term's share of all
terms in the store),
    δ_w = log((y_a+α_w)/(n_a+α0−y_a−α_w)) − log((y_b+α_w)/(n_b+α0−y_b−α_w)),  σ² ≈ 1/(y_a+α_w) + 1/(y_b+α_w),
and words are ranked by z = δ_w/σ. The prior shrinks rare words (one odd use is not a pattern)
and the background keeps function words near zero without a stop list.

Parameters (defaults and why):
- `by = "outlet"`, `freq = "month"`: as framing.
- `compare = "state"`: group A state-affiliated outlets, group B the others (the motivating
  question: which words do state outlets put next to a president's name that others do not?).
  `compare_a`/`compare_b` take explicit outlet ids instead.
- `window = 10` terms either side: a sentence's reach in news prose (≈ 20 words); wider windows
  drift into neighbouring stories of a digest.
- `prior_strength α0 = 500` pseudo-counts: about the size of one group's window vocabulary on a
  few hundred documents, so the prior matters for words seen a handful of times, not for frequent ones.
- `words_language = None`: words are compared within one language (comparing Chinese state
  outlets with English reference outlets would list languages, not framings); by default the
  language in which both groups have most documents naming the entity.
- `top = 20` words per side; `min_count = 3`: a word used fewer than 3 times around the entity in
  a group is not listed for it (its evidence would be anecdotal).

Outputs: `CoverageResult` — per group × period and per group over the whole range: documents,
matching documents, share, the matching ids (and example URLs); distinctive words for each side
with z-scores, counts and example documents.
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from typing import Any

from lockstep.analyses.framing import group_of, period_of
from lockstep.errors import InputError
from lockstep.store.coverage_queries import (
    actor_names,
    background_frequencies,
    document_lemmas,
    find_actor,
    person_ids,
)
from lockstep.store.database import Store
from lockstep.store.lexicon_queries import DocumentFilter, documents_per_group_period, match_documents
from lockstep.text.lexicon import SurfaceForm, compile_form, match_plan

DEFAULT_WINDOW = 10
DEFAULT_PRIOR_STRENGTH = 500.0
DEFAULT_TOP = 20
DEFAULT_MIN_COUNT = 3
_WORDLIKE = re.compile(r"[^\W\d_]{2,}|[\u4e00-\u9fff]", re.UNICODE)


@dataclass
class AttentionRow:
    group: str
    label: str
    period: str | None
    documents: int
    matching: int
    share: float | None
    doc_ids: list[str]
    example_urls: list[str]


@dataclass
class DistinctiveWord:
    term: str
    z: float
    count_a: int
    count_b: int
    example_doc_ids: list[str]


@dataclass
class Distinctive:
    group_a: str
    group_b: str
    outlets_a: list[str]
    outlets_b: list[str]
    terms_a: int  # window terms counted in A
    terms_b: int
    words_a: list[DistinctiveWord]  # more typical of A
    words_b: list[DistinctiveWord]  # more typical of B


@dataclass
class CoverageResult:
    entity: dict[str, Any]
    parameters: dict[str, Any]
    periods: list[AttentionRow]
    totals: list[AttentionRow]
    distinctive: Distinctive | None = field(default=None)

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def entity_forms(store: Store, name: str) -> tuple[dict[str, Any], list[SurfaceForm]]:
    """The actor an entity name denotes (id, name or any alias) and its names compiled as forms."""
    actor = find_actor(store, name)
    if actor is None:
        raise InputError("--entity", name, "no actor with this id, name or alias in the catalogue")
    forms = []
    for row in actor_names(store, actor["id"]):
        form = compile_form(row["alias"], row["language"] or "en")
        if form.terms:
            forms.append(form)
    return actor, forms


def coverage_analysis(
    store: Store,
    entity: str,
    *,
    by: str = "outlet",
    freq: str = "month",
    where: DocumentFilter | None = None,
    compare: str = "state",
    compare_a: list[str] | None = None,
    compare_b: list[str] | None = None,
    window: int = DEFAULT_WINDOW,
    prior_strength: float = DEFAULT_PRIOR_STRENGTH,
    top: int = DEFAULT_TOP,
    min_count: int = DEFAULT_MIN_COUNT,
    words_language: str | None = None,
) -> CoverageResult:
    actor, forms = entity_forms(store, entity)
    plan = match_plan(forms)
    matches = match_documents(store, {"entity": plan}, where)
    result = CoverageResult(
        entity={
            "id": actor["id"],
            "name": actor["name"],
            "kind": actor["kind"],
            "country": actor["country"],
            "names": sorted({f.text for f in forms}),
        },
        parameters={
            "by": by,
            "freq": freq,
            "compare": compare if not compare_a else "outlets",
            "window": window,
            "prior_strength": prior_strength,
            "top": top,
            "min_count": min_count,
        },
        periods=_attention(store, matches, by, freq, where),
        totals=_attention(store, matches, by, "all", where),
    )
    if compare_a and compare_b:
        sides = (
            {o: "A" for o in compare_a} | {o: "B" for o in compare_b},
            "selected outlets A",
            "selected outlets B",
        )
    else:
        sides = ({}, "state-affiliated", "not state-affiliated")
    side_of = sides[0]
    by_language: dict[str | None, dict[str, list[str]]] = defaultdict(lambda: {"A": [], "B": []})
    for row in matches:
        side = (
            side_of.get(row["outlet_id"]) if side_of else {True: "A", False: "B"}.get(row["state_affiliated"])
        )
        if side:
            by_language[row["language"]][side].append(row["id"])
    chosen = words_language or max(
        by_language,
        key=lambda lang: (min(len(by_language[lang]["A"]), len(by_language[lang]["B"])), str(lang)),
        default=None,
    )
    result.parameters["words_language"] = chosen
    groups: dict[str, list[str]] = by_language.get(chosen, {"A": [], "B": []})
    if groups["A"] and groups["B"]:
        result.distinctive = _distinctive(
            store, groups, matches, plan.pattern, sides[1], sides[2], window, prior_strength, top, min_count
        )
    return result


def _attention(
    store: Store, matches: list[dict[str, Any]], by: str, freq: str, where: DocumentFilter | None
) -> list[AttentionRow]:
    hits: dict[tuple[str, Any], list[dict[str, Any]]] = defaultdict(list)
    for row in matches:
        if freq != "all" and row["published_at"] is None:
            continue
        hits[(group_of(row, by), period_of(row["published_at"], freq))].append(row)
    rows = []
    for d in documents_per_group_period(store, by, freq, where):
        cell = hits.get((str(d["grp"]), d["period"]), [])
        rows.append(
            AttentionRow(
                group=str(d["grp"]),
                label=str(d["label"]),
                period=d["period"].isoformat() if d["period"] else None,
                documents=int(d["documents"]),
                matching=len(cell),
                share=round(len(cell) / d["documents"], 4) if d["documents"] else None,
                doc_ids=[r["id"] for r in cell],
                example_urls=[r["url"] for r in cell[:3] if r["url"]],
            )
        )
    return rows


def _distinctive(
    store: Store,
    groups: dict[str, list[str]],
    matches: list[dict[str, Any]],
    pattern: str,
    label_a: str,
    label_b: str,
    window: int,
    alpha0: float,
    top: int,
    min_count: int,
) -> Distinctive:
    mention = re.compile(pattern)
    counts: dict[str, Counter[str]] = {"A": Counter(), "B": Counter()}
    examples: dict[tuple[str, str], list[str]] = defaultdict(list)
    for side, ids in groups.items():
        for doc_id, lemmas in document_lemmas(store, ids).items():
            terms = lemmas.split(" ")
            padded = " " + lemmas + " "
            near: set[int] = set()
            for m in mention.finditer(padded):
                first = padded.count(" ", 0, m.start() + 1) - 1
                width = m.group(0).strip().count(" ") + 1
                near.update(range(max(0, first - window), min(len(terms), first + width + window)))
                near.difference_update(range(first, first + width))
            for i in near:
                term = terms[i]
                if _WORDLIKE.search(term):
                    counts[side][term] += 1
                    if len(examples[(side, term)]) < 3 and doc_id not in examples[(side, term)]:
                        examples[(side, term)].append(doc_id)
    vocabulary = sorted(set(counts["A"]) | set(counts["B"]))
    background, total_background = background_frequencies(store, vocabulary)
    total_background = max(total_background, 1)
    n_a, n_b = sum(counts["A"].values()), sum(counts["B"].values())
    scored = []
    for term in vocabulary:
        y_a, y_b = counts["A"][term], counts["B"][term]
        alpha = alpha0 * max(background.get(term, 0), y_a + y_b) / total_background
        delta = math.log((y_a + alpha) / (n_a + alpha0 - y_a - alpha)) - math.log(
            (y_b + alpha) / (n_b + alpha0 - y_b - alpha)
        )
        z = delta / math.sqrt(1 / (y_a + alpha) + 1 / (y_b + alpha))
        scored.append((z, term, y_a, y_b))
    words_a = [
        DistinctiveWord(t, round(z, 3), a, b, examples[("A", t)])
        for z, t, a, b in sorted(scored, reverse=True)
        if a >= min_count and z > 0
    ][:top]
    words_b = [
        DistinctiveWord(t, round(z, 3), a, b, examples[("B", t)])
        for z, t, a, b in sorted(scored)
        if b >= min_count and z < 0
    ][:top]
    outlets = {r["id"]: r["outlet_id"] for r in matches}
    return Distinctive(
        group_a=label_a,
        group_b=label_b,
        outlets_a=sorted({outlets[i] for i in groups["A"]}),
        outlets_b=sorted({outlets[i] for i in groups["B"]}),
        terms_a=n_a,
        terms_b=n_b,
        words_a=words_a,
        words_b=words_b,
    )


def most_mentioned_person(store: Store) -> str | None:
    """The catalogue person named in most documents (the report's default entity)."""
    plans = {}
    for actor_id in person_ids(store):
        forms = [
            f
            for row in actor_names(store, actor_id)
            if (f := compile_form(row["alias"], row["language"] or "en")).terms
        ]
        if forms:
            plans[actor_id] = match_plan(forms)
    counts: Counter[str] = Counter()
    for row in match_documents(store, plans):
        counts.update(row["matched"])
    return counts.most_common(1)[0][0] if counts else None
