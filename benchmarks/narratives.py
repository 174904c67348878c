"""Narratives benchmarks: cross-lingual claim retrieval (accuracy and speed) and narrative matching
over a large store, each against a baseline measured in the same run.

1. Cross-lingual retrieval on ../shared/data/propaganda_cases_multilingual (623 cases in en, ru,
   uk, de, it; parallel records). Only the case text (`Disinfo_cases_<lang>`) is read by the
   matcher: Link, Date and Media are used here only to align the German file, which lacks one
   record. For every ordered language pair, each case of language A ranks all cases of B;
   recall@1 / recall@5 count a hit only when the parallel record ranks there (ties count against
   it). Development half = even English index, held-out half = odd; lexicons and weights were
   built looking at the development half only. Baseline: TF-IDF over transliterated words.
2. Narrative matching over a generated store of N documents (default 1,000,000): five
   narratives through the term index, against a full regex scan of every lemma sequence.

Usage: .venv/bin/python benchmarks/narratives.py [--docs 1000000] [--skip-matching] [--json OUT]
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from lockstep.analyses.narratives import group_forms, match_narrative  # noqa: E402
from lockstep.analyses.similar import recall_from_scores  # noqa: E402
from lockstep.store.database import Store  # noqa: E402
from lockstep.store.narrative_queries import actor_aliases  # noqa: E402
from lockstep.text.claims import (  # noqa: E402
    claim_features,
    comparable_length,
    concept_index,
    similarity,
    transliterated_tokens,
)
from lockstep.text.lexicon import match_plan  # noqa: E402
from lockstep.text.narratives import Narrative, load_narratives  # noqa: E402

CASES = ROOT.parent / "shared" / "data" / "propaganda_cases_multilingual"
FILES = {
    "en": "dataEng.json",
    "ru": "dataRu.json",
    "uk": "dataUkr.json",
    "de": "dataDe.json",
    "it": "dataIt.json",
}
SPLITS = ("dev", "heldout", "all")


@dataclass
class ParallelCases:
    texts: dict[str, list[str]]  # language -> case texts in file order
    parallel: dict[str, list[int | None]]  # language -> for each English record, its record here
    duplicates: dict[str, int]  # language -> non-empty texts identical to another record's
    empty: dict[str, int]


def load_parallel_cases(folder: Path | str) -> ParallelCases:
    """Case texts per language, aligned to the English records (the German file lacks one)."""
    records = {
        lang: json.loads((Path(folder) / name).read_text(encoding="utf-8")) for lang, name in FILES.items()
    }
    texts = {lang: [_case_text(r) for r in rows] for lang, rows in records.items()}
    english_keys = [_key(r) for r in records["en"]]
    parallel = {lang: _align(english_keys, [_key(r) for r in rows]) for lang, rows in records.items()}
    duplicates = {}
    for lang, items in texts.items():
        counts = Counter(t for t in items if t)
        duplicates[lang] = sum(c for c in counts.values() if c > 1)
    empty = {lang: sum(1 for t in items if not t) for lang, items in texts.items()}
    return ParallelCases(texts=texts, parallel=parallel, duplicates=duplicates, empty=empty)


def _case_text(record: dict[str, object]) -> str:
    """The `Disinfo_cases_*` field (the Ukrainian file spells it `Disinfo_cases _ua`)."""
    for key, value in record.items():
        if key.replace(" ", "").startswith("Disinfo_cases") and isinstance(value, str):
            return value.strip()
    return ""


def _key(record: dict[str, object]) -> tuple[str, str, str]:
    return (str(record.get("Link", "")).lower(), str(record.get("Date", "")), str(record.get("Media", "")))


def _align(reference: list[tuple[str, str, str]], other: list[tuple[str, str, str]]) -> list[int | None]:
    """For each reference record, the index of the same record in `other` (records are in the
    same order; a record missing from `other` maps to None)."""
    mapping: list[int | None] = []
    j = 0
    for i, key in enumerate(reference):
        if j < len(other) and other[j] == key:
            mapping.append(j)
            j += 1
        elif j < len(other) and i + 1 < len(reference) and reference[i + 1] == other[j]:
            mapping.append(None)
        else:
            mapping.append(j if j < len(other) else None)
            j += 1
    return mapping


def pair_indices(cases: ParallelCases, a: str, b: str, split: str) -> list[tuple[int, int]]:
    """(record in A, parallel record in B) for the English records of `split` with text in both."""
    pairs = []
    for i in range(len(cases.parallel["en"])):
        if (split == "dev" and i % 2) or (split == "heldout" and not i % 2):
            continue
        ia, ib = cases.parallel[a][i], cases.parallel[b][i]
        if ia is not None and ib is not None and cases.texts[a][ia] and cases.texts[b][ib]:
            pairs.append((ia, ib))
    return pairs


def crosslingual(cases: ParallelCases) -> dict[str, object]:
    """Recall@1/5 per ordered pair and split, ours and the baseline, and the time each took."""
    index = concept_index()
    start = time.perf_counter()
    ours = {lang: [claim_features(t, lang, index) for t in items] for lang, items in cases.texts.items()}
    lengths = {lang: [comparable_length(t, lang) for t in items] for lang, items in cases.texts.items()}
    features_s = time.perf_counter() - start
    start = time.perf_counter()
    base = {lang: [transliterated_tokens(t, lang) for t in items] for lang, items in cases.texts.items()}
    base_features_s = time.perf_counter() - start
    results: list[dict[str, object]] = []
    rank_s = base_rank_s = 0.0
    for a, b in itertools.permutations(FILES, 2):
        start = time.perf_counter()
        scores = similarity(ours[a], ours[b], query_lengths=lengths[a], candidate_lengths=lengths[b])
        rank_s += time.perf_counter() - start
        start = time.perf_counter()
        base_scores = similarity(base[a], base[b], weighted=False, csls=False)
        base_rank_s += time.perf_counter() - start
        for split in SPLITS:
            pairs = pair_indices(cases, a, b, split)
            r = recall_from_scores(scores, pairs, (1, 5))
            rb = recall_from_scores(base_scores, pairs, (1, 5))
            results.append(
                {"a": a, "b": b, "split": split, "queries": len(pairs), "candidates": len(cases.texts[b]),
                 "recall@1": r[1], "recall@5": r[5], "baseline_recall@1": rb[1], "baseline_recall@5": rb[5]}
            )  # fmt: skip
    return {
        "pairs": results,
        "duplicates": cases.duplicates,
        "empty": cases.empty,
        "timing_s": {"features": features_s, "ranking_20_pairs": rank_s,
                     "baseline_features": base_features_s, "baseline_ranking_20_pairs": base_rank_s},
    }  # fmt: skip


def matching(n_docs: int) -> dict[str, object]:
    """Five narratives over a generated store: term-index matching vs a full regex scan."""
    narratives = [n for n in load_narratives() if not n.id.startswith("demo-")]
    narratives += [n for n in load_narratives("demo-borderland-biolabs")]
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "bench.duckdb")
        start = time.perf_counter()
        _generate(store, n_docs, narratives)
        generate_s = time.perf_counter() - start
        timings: dict[str, float] = {}
        matched: dict[str, int] = {}
        start = time.perf_counter()
        for narrative in narratives:
            t0 = time.perf_counter()
            result = match_narrative(store, narrative, limit=20)
            timings[narrative.id] = time.perf_counter() - t0
            matched[narrative.id] = result.total
        ours_s = time.perf_counter() - start
        # baseline: every group's pattern checked on every document, no term-index candidates
        start = time.perf_counter()
        for narrative in narratives:
            aliases = actor_aliases(store, [a for g in narrative.groups for a in g.actors])
            for group in narrative.groups:
                forms = group_forms(group, aliases)
                if forms:
                    pattern = match_plan(forms).pattern.replace("'", "''")
                    store.scalar(
                        f"SELECT count(*) FROM documents WHERE regexp_matches(' ' || lemmas || ' ', '{pattern}')"
                    )
        baseline_s = time.perf_counter() - start
        store.close()
    return {"documents": n_docs, "generate_s": generate_s, "narratives": len(narratives), "matched": matched,
            "per_narrative_s": timings, "match_s": ours_s, "baseline_full_scan_s": baseline_s}  # fmt: skip


def _generate(store: Store, n_docs: int, narratives: list[Narrative]) -> None:
    """N documents of 40 lemmas drawn from a 20,000-word vocabulary; one in 2,000 also carries
    a narrative's core and one supporting concept (so matches are rare, as in a real store). Written with SQL
    directly (documents and term index), since ingest speed is another benchmark's subject."""
    seeds = []  # per narrative: the lemmas of one form of each all-of group and of the first any-of group
    for narrative in narratives:
        groups = narrative.of_kind("all_of") + [g for g in narrative.of_kind("any_of") if g.forms][:1]
        seeds.append(
            " ".join(" ".join(min(position) for position in g.forms[0].terms) for g in groups if g.forms)
        )
    store.execute(
        f"""
        INSERT INTO documents (id, outlet_id, outlet_name, language, published_at, date_precision, text,
                               content_sha256, n_terms, lemmas, source_format, source_file, ingested_at, run_id)
        SELECT 'b' || i, 'outlet-' || (i % 500), 'Outlet ' || (i % 500), 'en',
               TIMESTAMP '2020-01-01' + INTERVAL (i % 1000) HOUR, 'hour', 'generated',
               'x', 40,
               array_to_string(list_transform(range(40), lambda k: 'w' || ((i * 7919 + k * 104729) % 20000)), ' ')
               || CASE WHEN i % 2000 = 0 THEN ' ' || (['{"','".join(seeds)}'])[1 + (i // 2000) % {len(seeds)}] ELSE '' END,
               'bench', 'bench', now(), 0
        FROM range({n_docs}) t(i)
        """
    )
    store.execute(
        """
        INSERT INTO document_terms
        SELECT id, term, count(*)::USMALLINT FROM (SELECT id, unnest(string_split(lemmas, ' ')) AS term FROM documents)
        GROUP BY id, term
        """
    )


def _print_crosslingual(result: dict[str, Any]) -> None:
    print(f"exact duplicate case texts per language: {result['duplicates']}; empty: {result['empty']}")
    print(f"{'pair':8} {'split':8} {'n':>4}  {'R@1':>6} {'R@5':>6}  {'base R@1':>8} {'base R@5':>8}")
    for row in result["pairs"]:
        print(
            f"{row['a']}→{row['b']:5} {row['split']:8} {row['queries']:>4}  {row['recall@1']:6.3f} {row['recall@5']:6.3f}"
            f"  {row['baseline_recall@1']:8.3f} {row['baseline_recall@5']:8.3f}"
        )
    t = result["timing_s"]
    print(
        f"features: ours {t['features']:.2f} s vs baseline {t['baseline_features']:.2f} s "
        f"(×{t['features'] / t['baseline_features']:.1f}); ranking 20 pairs of 623×623: "
        f"ours {t['ranking_20_pairs']:.2f} s vs baseline {t['baseline_ranking_20_pairs']:.2f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--skip-matching", action="store_true")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    report: dict[str, object] = {}
    if CASES.is_dir():
        report["crosslingual"] = crosslingual(load_parallel_cases(CASES))
        _print_crosslingual(report["crosslingual"])  # type: ignore[arg-type]
    else:
        print(f"skipped cross-lingual retrieval: {CASES} is absent")
    if not args.skip_matching:
        m = matching(args.docs)
        report["matching"] = m
        print(
            f"matching {m['narratives']} narratives over {m['documents']:,} documents: {m['match_s']:.2f} s "
            f"(baseline full regex scan {m['baseline_full_scan_s']:.2f} s, ×{m['baseline_full_scan_s'] / m['match_s']:.1f}); "  # type: ignore[operator]
            f"matches {m['matched']}; store generated in {m['generate_s']:.1f} s"
        )
    if args.json:
        args.json.write_text(json.dumps(report, indent=2, default=str), encoding="utf-8")


if __name__ == "__main__":
    main()
