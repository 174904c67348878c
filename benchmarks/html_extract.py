"""Speed and quality of article extraction on the real pages, against a naive baseline.

The baseline (all text of <body>, via selectolax) is measured in the same run, so the speed
ratio holds on any machine; the quality column shows what the extractor's cost buys.

Run: .venv/bin/python benchmarks/html_extract.py [repeats]
"""

from __future__ import annotations

import difflib
import sys
import time
from collections.abc import Callable
from pathlib import Path

from selectolax.lexbor import LexborHTMLParser

from lockstep.sources.html_page import decode_markup, extract_article

DATA = (Path(__file__).resolve().parents[1] / ".." / "shared" / "data" / "html_articles").resolve()
PAGES = {
    "chinese_article.html": "chinese.txt",
    "arabic_article.html": "arabic.txt",
    "cnn_article.html": "cnn.txt",
}


def lockstep_text(data: bytes) -> str:
    article = extract_article(data, "benchmark")
    return article.text if article else ""


def baseline_text(data: bytes) -> str:
    body = LexborHTMLParser(decode_markup(data, "benchmark")).body
    return body.text() if body else ""


def similarity(a: str, b: str) -> float:
    """Real character-level difflib ratio of the whitespace-collapsed texts, as in the tests."""
    return difflib.SequenceMatcher(None, " ".join(a.split()), " ".join(b.split()), autojunk=False).ratio()


def pages_per_second(extract: Callable[[bytes], str], pages: list[bytes], repeats: int) -> float:
    start = time.perf_counter()
    for _ in range(repeats):
        for data in pages:
            extract(data)
    return repeats * len(pages) / (time.perf_counter() - start)


def main() -> None:
    if not DATA.is_dir():
        sys.exit(f"real pages not found at {DATA}")
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 50
    pages = {name: (DATA / name).read_bytes() for name in PAGES}
    expected = {name: (DATA / text).read_text(encoding="utf-8") for name, text in PAGES.items()}

    print(f"{'page':<22}{'lockstep':>10}{'baseline':>10}   (similarity to the expected body)")
    for name, data in pages.items():
        ours, base = (
            similarity(lockstep_text(data), expected[name]),
            similarity(baseline_text(data), expected[name]),
        )
        print(f"{name:<22}{ours:>10.3f}{base:>10.3f}")

    ours_speed = pages_per_second(lockstep_text, list(pages.values()), repeats)
    base_speed = pages_per_second(baseline_text, list(pages.values()), repeats)
    print(f"\n{len(pages)} pages x {repeats} repeats")
    print(f"lockstep (trafilatura + metadata): {ours_speed:8.1f} pages/s")
    print(f"baseline (selectolax body text):   {base_speed:8.1f} pages/s")
    print(f"lockstep is {base_speed / ours_speed:.1f}x slower than the baseline")


if __name__ == "__main__":
    main()
