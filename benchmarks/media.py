"""Framing and citations over a generated store of 1M documents (en/ru/zh).

How the store is built: the ingest pipeline would take ~7 minutes for 1M documents here, so the
benchmark writes the store directly with SQL, from a small vocabulary analysed by the *same*
tokenizer the ingest uses (`lockstep.text.tokens.tokenize`): each vocabulary unit — a filler
word, or a phrase such as "специальной военной операции", "full-scale invasion", "据新华社报道",
"заявил Песков" — has its text and its terms; a document is 32 units drawn at random (a phrase
with small probability), its `text` the units' texts, its `lemmas` the units' terms, its
`document_terms` the counts of those terms. Units are separated by spaces in all three languages,
so a Chinese unit is segmented exactly as jieba segments it alone (in real text jieba sees whole
runs; that changes which terms exist, not how many rows the index holds).

Timed, best of `--repeat`:
- framing: `framing_analysis` with the bundled ukraine-war lexicon, by outlet, per month
  (target < 5 s); baseline: one DuckDB query per framing that regex-scans the raw text with the
  lexicon's surface forms turned into inflection-tolerant patterns, grouped the same way.
- citations: `citations_analysis` over a slice of the store (`--citation-docs`, default 50,000),
  reported as documents per second; baseline: a DuckDB regex scan that only counts cue matches
  in the same slice (no resolution, no graph).

    .venv/bin/python benchmarks/media.py [--docs 1000000] [--repeat 3] [--keep /tmp/media-bench.duckdb]
"""

from __future__ import annotations

import argparse
import datetime as dt
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa

from lockstep.analyses.citations import citations_analysis
from lockstep.analyses.framing import framing_analysis
from lockstep.ingest import seed_catalogue
from lockstep.store.database import Store
from lockstep.store.lexicon_queries import DocumentFilter
from lockstep.text.lexicon import load_lexicon
from lockstep.text.tokens import tokenize

UNITS_PER_DOC = 32
PHRASE_PROBABILITY = 0.01
OUTLETS = {
    "en": ["reuters", "ap", "cgtn", "global-times", "rt"],
    "ru": ["ria-novosti", "tass", "bbc-russian", "meduza", "rossiyskaya-gazeta"],
    "zh": ["xinhua", "peoples-daily", "cctv", "china-daily", "the-paper"],
}
PHRASES = {
    "en": [
        "full-scale invasion", "the invasion of Ukraine", "the war in Ukraine", "special military operation",
        "the Ukraine crisis", "according to TASS,", "Maria Zakharova said", "citing Xinhua,", "Reuters reported",
        "said Dmitry Peskov.",
    ],
    "ru": [
        "полномасштабного вторжения", "вторжения в Украину", "войны в Украине", "специальной военной операции",
        "СВО", "спецоперации", "украинского кризиса", "как сообщает ТАСС,", "заявила Захарова.", "по данным Минобороны России,",
    ],
    "zh": ["入侵乌克兰", "乌克兰战争", "特别军事行动", "乌克兰危机", "俄乌冲突", "据新华社报道，", "扎哈罗娃表示，", "塔斯社援引"],
}  # fmt: skip
SYLLABLES = {
    "en": ["ka", "lo", "mer", "ti", "van", "dor", "pel", "si", "gra", "nu", "ber", "tor", "fin", "ma", "ro"],
    "ru": ["ка", "ло", "мер", "ти", "ван", "дор", "пел", "си", "гра", "ну", "бер", "тор", "фин", "ма", "ро"],
    "zh": list("国人民发展经济城市合作会议地区政府工作社会市场建设企业项目技术文化教育农业交通"),
}


def vocabulary(language: str, size: int, rng: np.random.Generator) -> tuple[list[str], list[str], np.ndarray]:
    """Units (text, space-joined terms) and their sampling weights (Zipf for fillers)."""
    syllables = SYLLABLES[language]
    fillers: set[str] = set()
    while len(fillers) < size:
        n = int(rng.integers(2, 4))
        fillers.add("".join(rng.choice(syllables, n)))
    words = sorted(fillers) + PHRASES[language]
    terms = [" ".join(tokenize(w, language)) for w in words]
    weights = np.concatenate([1.0 / np.arange(1, size + 1), np.full(len(PHRASES[language]), 0.0)])
    weights = weights / weights.sum() * (1 - PHRASE_PROBABILITY)
    weights[size:] = PHRASE_PROBABILITY / len(PHRASES[language])
    return words, terms, weights


def build_store(path: Path, n_docs: int, seed: int = 7) -> None:
    rng = np.random.default_rng(seed)
    start = dt.datetime(2024, 1, 1)
    with Store(path) as store:
        seed_catalogue(store)
        batch = 100_000
        for offset in range(0, n_docs, batch):
            count = min(batch, n_docs - offset)
            ids, outlets, languages, published, texts, lemmas = [], [], [], [], [], []
            term_doc, term_text, term_tf = [], [], []
            for language in ("en", "ru", "zh"):
                words, terms, weights = VOCAB[language]
                share = (
                    count // 3
                    + (1 if language == "en" and count % 3 else 0)
                    + (1 if language == "ru" and count % 3 == 2 else 0)
                )
                picks = rng.choice(len(words), size=(share, UNITS_PER_DOC), p=weights)
                minutes = rng.integers(0, 365 * 24 * 60, size=share)
                outlet_ids = rng.choice(OUTLETS[language], size=share)
                for k in range(share):
                    doc_id = f"bench-{offset + len(ids):07d}"
                    units = picks[k]
                    text = " ".join(words[u] for u in units)
                    seq = " ".join(terms[u] for u in units if terms[u])
                    ids.append(doc_id)
                    outlets.append(str(outlet_ids[k]))
                    languages.append(language)
                    published.append(start + dt.timedelta(minutes=int(minutes[k])))
                    texts.append(text)
                    lemmas.append(seq)
                    counts: dict[str, int] = {}
                    for term in seq.split(" "):
                        counts[term] = counts.get(term, 0) + 1
                    for term, tf in counts.items():
                        term_doc.append(doc_id)
                        term_text.append(term)
                        term_tf.append(tf)
            documents = pa.table(
                {
                    "id": ids,
                    "outlet_id": outlets,
                    "outlet_name": outlets,
                    "url": [f"https://bench.example/{i}" for i in ids],
                    "language": languages,
                    "published_at": pa.array(published, pa.timestamp("us")),
                    "date_precision": ["second"] * len(ids),
                    "text": texts,
                    "content_sha256": ids,
                    "n_terms": pa.array([len(s.split(" ")) for s in lemmas], pa.int32()),
                    "lemmas": lemmas,
                    "source_format": ["benchmark"] * len(ids),
                    "source_file": ["benchmarks/media.py"] * len(ids),
                    "ingested_at": pa.array([start] * len(ids), pa.timestamp("us")),
                    "run_id": pa.array([0] * len(ids), pa.int32()),
                }
            )
            terms_table = pa.table(
                {"doc_id": term_doc, "term": term_text, "tf": pa.array(term_tf, pa.uint16())}
            )
            store.execute("BEGIN TRANSACTION")
            store.append_new_documents(documents, terms_table)
            store.execute("COMMIT")
            print(f"  built {offset + count:,} documents", flush=True)


VOCAB: dict[str, tuple[list[str], list[str], np.ndarray]] = {}


def regex_baseline(store: Store) -> int:
    """Per framing, a regex scan of the raw text grouped by outlet and month (no term index)."""
    lexicon = load_lexicon("ukraine-war")
    rows = 0
    for framing in lexicon.topics[0].framings:
        alternatives = []
        for form in framing.forms:
            words = form.text.casefold().split()
            if form.han:
                alternatives.append(form.text)
            else:  # crude inflection tolerance: each word's first 5 letters, then any letters
                alternatives.append(r"\s+".join(w[:5] + r"\w*" if len(w) > 5 else w for w in words))
        pattern = "(?i)(" + "|".join(alternatives) + ")"
        rows += len(
            store.query(
                "SELECT outlet_id, date_trunc('month', published_at) AS m, count(*) FROM documents "
                "WHERE regexp_matches(text, ?) GROUP BY ALL",
                [pattern],
            )
        )
    return rows


CUES = (
    r"(?i)according to|said|told|reported|citing|по данным|сообщает|передает|заявил|заявила|со ссылкой на|"
    r"据.{1,20}报道|表示|援引|报道称|称"
)


def citation_baseline(store: Store, until: dt.datetime) -> int:
    return int(
        store.scalar(
            "SELECT sum(len(regexp_extract_all(text, ?))) FROM documents WHERE published_at < ?",
            [CUES, until],
        )
        or 0
    )


def best(work: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        began = time.perf_counter()
        work()
        times.append(time.perf_counter() - began)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--docs", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--citation-docs", type=int, default=50_000)
    parser.add_argument("--keep", type=Path, help="Build (or reuse) the store at this path.")
    args = parser.parse_args()
    rng = np.random.default_rng(11)
    for language, size in (("en", 3000), ("ru", 3000), ("zh", 2000)):
        VOCAB[language] = vocabulary(language, size, rng)
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "bench.duckdb"
    if not path.exists():
        began = time.perf_counter()
        build_store(path, args.docs)
        print(f"store built in {time.perf_counter() - began:.0f} s: {path}")
    lexicon = load_lexicon("ukraine-war")
    with Store(path, read_only=True) as store:
        n_docs = store.scalar("SELECT count(*) FROM documents")
        n_terms = store.scalar("SELECT count(*) FROM document_terms")
        print(f"{n_docs:,} documents, {n_terms:,} term rows")
        result: list[object] = []
        ours = best(lambda: result.append(framing_analysis(store, lexicon, examples_per_cell=3)), args.repeat)
        base = best(lambda: regex_baseline(store), args.repeat)
        framing = result[-1]
        matched = sum(c.documents for r in framing.totals for c in r.framings)  # type: ignore[attr-defined]
        print(
            f"framing (ukraine-war, by outlet × month): {ours:.2f} s; regex-scan baseline {base:.2f} s; "
            f"ratio {base / ours:.1f}× ({matched:,} framing uses)"
        )
        # a slice of the store for citations, by date
        share = min(1.0, args.citation_docs / max(n_docs, 1))
        until = dt.datetime(2024, 1, 1) + dt.timedelta(days=365 * share)
        sliced = store.scalar("SELECT count(*) FROM documents WHERE published_at < ?", [until])
        cited: list[object] = []
        ours_c = best(lambda: cited.append(citations_analysis(store, where=DocumentFilter(until=until))), 1)
        base_c = best(lambda: citation_baseline(store, until), args.repeat)
        found = cited[-1].attributions  # type: ignore[attr-defined]
        print(
            f"citations over {sliced:,} documents: {ours_c:.2f} s ({sliced / ours_c:,.0f} docs/s, "
            f"{found:,} attributions); cue-count regex baseline {base_c:.2f} s; ratio {base_c / ours_c:.2f}×; "
            f"extrapolated to {n_docs:,} documents: {ours_c * n_docs / sliced / 60:.1f} min"
        )
    folder.cleanup()


if __name__ == "__main__":
    main()
