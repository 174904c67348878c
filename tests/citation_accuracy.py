"""Accuracy of attribution extraction and resolution on the labelled set in tests/fixtures/citations/.

Run `python tests/citation_accuracy.py` to print the figures quoted in docs/citations.md; the test
in test_media_citations.py asserts them (minus a margin) so that a regression fails.
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
def _records(file: str) -> dict[str, str]:
    path = SHARED / file
    data = json.loads(path.read_text(encoding="utf-8"))
    if file.startswith("telegram_ru/"):
        return {str(r["message_id"]): r.get("text") or "" for r in data}
    if file.startswith("propaganda_cases_multilingual/"):
        return {str(r["id"]): _TAGS.sub(" ", r.get("Disinfo_cases_en") or "") for r in data}
    return {
        f"{ei}/{ii}": item["title"]
        for ei, entry in enumerate(data["entries"])
        for ii, item in enumerate(entry["items"])
    }


def labelled(language: str, with_shared: bool) -> list[tuple[str, list[list[Any]]]]:
    items = yaml.safe_load((FIXTURES / f"{language}.yaml").read_text(encoding="utf-8"))
    out = []
    for item in items:
        if "text" in item:
            out.append((item["text"], item["expect"]))
        elif with_shared:
            file, record, index = item["ref"]
            out.append((split_sentences(_records(file)[record])[index], item["expect"]))
    return out


def _same(a: str, b: str) -> bool:
    x, y = match_key(a).strip(" «»\"'“”"), match_key(b).strip(" «»\"'“”")
    return bool(x and y) and (x in y or y in x)


def score(language: str, with_shared: bool = True) -> Scores:
    scores = Scores(0, 0, 0, 0, 0, 0, 0)
    resolve = resolver().resolve
    for sentence, expect in labelled(language, with_shared):
        scores.sentences += 1
        found = sentence_attributions(sentence)
        resolutions = [resolve(a.source) for a in found]
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


def mistakes(language: str) -> list[str]:
    """Sentences where extraction or resolution disagrees with the label (for tuning)."""
    lines = []
    resolve = resolver().resolve
    for sentence, expect in labelled(language, SHARED.is_dir()):
        got = [(a.source, getattr(resolve(a.source), "id", None)) for a in sentence_attributions(sentence)]
        want = [(p, r) for p, r in expect]
        ok = len(got) == len(want) and all(any(_same(g[0], w[0]) and g[1] == w[1] for g in got) for w in want)
        if not ok:
            lines.append(f"{sentence[:140]}\n    want {want}\n    got  {got}")
    return lines


if __name__ == "__main__":
    for lang in ("en", "ru", "zh"):
        print(lang, score(lang, SHARED.is_dir()).summary())
    if len(sys.argv) > 1:
        print("\n".join(mistakes(sys.argv[1])))
