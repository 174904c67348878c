"""Accuracy of attribution extraction and resolution on the labelled set in tests/fixtures/citations/.

Run `python tests/citation_accuracy.py` to print the figures quoted in docs/citations.md; the test
in test_media_citations.py asserts them (minus a margin) so that a regression fails.

Each sentence is resolved with the country of the outlet that published it, as the analysis does:
for `ref` items the publisher named in the record (Telegram channel, the headline's source name)
looked up among the catalogue's outlets; for own sentences an optional `outlet_country`.

Halves: items are split by their position in the file (even positions: half A, odd: half B). Rules
were developed on half A; half B is the held-out check against fitting the labelled sentences.
"""

from __future__ import annotations

import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from lockstep.sources.catalogue import bundled_catalogue_paths, load_catalogue
from lockstep.text.attributions import CatalogueEntry, SourceResolver, sentence_attributions, split_sentences
from lockstep.text.normalise import match_key

FIXTURES = Path(__file__).parent / "fixtures" / "citations"
DEMO_CATALOGUE = Path(__file__).parents[1] / "src" / "lockstep" / "demo_data"
SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data").resolve()
_TAGS = re.compile(r"<[^>]+>")


@dataclass
class Scores:
    sentences: int
    expected: int
    extracted: int
    extraction_tp: int
    expected_resolvable: int
    resolved_predictions: int
    resolution_tp: int

    @property
    def extraction_precision(self) -> float:
        return self.extraction_tp / self.extracted if self.extracted else 1.0

    @property
    def extraction_recall(self) -> float:
        return self.extraction_tp / self.expected if self.expected else 1.0

    @property
    def resolution_precision(self) -> float:
        return self.resolution_tp / self.resolved_predictions if self.resolved_predictions else 1.0

    @property
    def resolution_recall(self) -> float:
        return self.resolution_tp / self.expected_resolvable if self.expected_resolvable else 1.0

    def summary(self) -> dict[str, Any]:
        return {
            "sentences": self.sentences,
            "expected sources": self.expected,
            "extraction P": round(self.extraction_precision, 3),
            "extraction R": round(self.extraction_recall, 3),
            "resolution P": round(self.resolution_precision, 3),
            "resolution R": round(self.resolution_recall, 3),
        }


@lru_cache(maxsize=1)
def publishers() -> SourceResolver:
    """The catalogue's outlets only: a record's publisher name → outlet (and its country)."""
    return SourceResolver(e for e in resolver().entries if e.kind == "outlet")


def publisher_country(name: str | None) -> str | None:
    found = publishers().resolve(name) if name else None
    return found.country if found else None


@lru_cache(maxsize=1)
def resolver() -> SourceResolver:
    outlets, actors, _ = load_catalogue(
        [*bundled_catalogue_paths(), DEMO_CATALOGUE / "outlets.yaml", DEMO_CATALOGUE / "actors.yaml"]
    )
    entries = [
        CatalogueEntry(
            "outlet",
            o.id,
            o.name,
            o.country,
            o.state_affiliated,
            tuple(a for v in o.aliases.values() for a in v),
        )
        for o in outlets
    ] + [
        CatalogueEntry(a.kind, a.id, a.name, a.country, None, tuple(x for v in a.aliases.values() for x in v))
        for a in actors
    ]
    return SourceResolver(entries)


@lru_cache(maxsize=16)
def _records(file: str) -> dict[str, tuple[str, str | None]]:
    """Record id → (text, publisher name as the record gives it; None for case summaries)."""
    path = SHARED / file
    data = json.loads(path.read_text(encoding="utf-8"))
    if file.startswith("telegram_ru/"):
        return {str(r["message_id"]): (r.get("text") or "", r.get("channel")) for r in data}
    if file.startswith("propaganda_cases_multilingual/"):
        return {str(r["id"]): (_TAGS.sub(" ", r.get("Disinfo_cases_en") or ""), None) for r in data}
    return {
        f"{ei}/{ii}": (item["title"], item["extra"].get("source_zh") or item["extra"].get("source_name"))
        for ei, entry in enumerate(data["entries"])
        for ii, item in enumerate(entry["items"])
    }


@dataclass
class Item:
    sentence: str
    expect: list[list[Any]]
    outlet_country: str | None


def labelled(language: str, with_shared: bool, half: str | None = None) -> list[Item]:
    """The labelled items of a language; `half` "A" (even positions) or "B" (odd) or None (all)."""
    items = yaml.safe_load((FIXTURES / f"{language}.yaml").read_text(encoding="utf-8"))
    out = []
    for position, item in enumerate(items):
        if half is not None and "AB"[position % 2] != half:
            continue
        if "text" in item:
            out.append(Item(item["text"], item["expect"], item.get("outlet_country")))
        elif with_shared:
            file, record, index = item["ref"]
            text, publisher = _records(file)[record]
            out.append(Item(split_sentences(text)[index], item["expect"], publisher_country(publisher)))
    return out


def _same(a: str, b: str) -> bool:
    x, y = match_key(a).strip(" «»\"'“”"), match_key(b).strip(" «»\"'“”")
    return bool(x and y) and (x in y or y in x)


def score(language: str, with_shared: bool = True, half: str | None = None) -> Scores:
    scores = Scores(0, 0, 0, 0, 0, 0, 0)
    resolve = resolver().resolve
    for item in labelled(language, with_shared, half):
        sentence, expect = item.sentence, item.expect
        scores.sentences += 1
        found = sentence_attributions(sentence)
        resolutions = [resolve(a.source, item.outlet_country, sentence) for a in found]
        scores.expected += len(expect)
        scores.extracted += len(found)
        scores.resolved_predictions += sum(1 for r in resolutions if r is not None)
        scores.expected_resolvable += sum(1 for _, rid in expect if rid)
        used: set[int] = set()
        for phrase, rid in expect:
            hit = next((i for i, a in enumerate(found) if i not in used and _same(a.source, phrase)), None)
            if hit is None:
                continue
            used.add(hit)
            scores.extraction_tp += 1
            if rid and resolutions[hit] is not None and resolutions[hit].id == rid:
                scores.resolution_tp += 1
    return scores


def mistakes(language: str, half: str | None = "A") -> list[str]:
    """Sentences where extraction or resolution disagrees with the label (for tuning: half A by default,
    so that half B stays a held-out check)."""
    lines = []
    resolve = resolver().resolve
    for item in labelled(language, SHARED.is_dir(), half):
        sentence = item.sentence
        got = [
            (a.source, getattr(resolve(a.source, item.outlet_country, sentence), "id", None))
            for a in sentence_attributions(sentence)
        ]
        want = [(p, r) for p, r in item.expect]
        ok = len(got) == len(want) and all(any(_same(g[0], w[0]) and g[1] == w[1] for g in got) for w in want)
        if not ok:
            lines.append(f"{sentence[:140]}\n    want {want}\n    got  {got}")
    return lines


if __name__ == "__main__":
    for lang in ("en", "ru", "zh"):
        for half in (None, "A", "B"):
            print(lang, half or "all", score(lang, SHARED.is_dir(), half).summary())
        print(lang, "own", score(lang, False).summary())
    if len(sys.argv) > 1:
        chosen = sys.argv[2] if len(sys.argv) > 2 else "A"
        print("\n".join(mistakes(sys.argv[1], None if chosen == "all" else chosen)))
