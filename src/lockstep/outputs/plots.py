"""PNG charts for the report and the CLI, drawn with matplotlib's Agg backend (no display).

Chinese and Cyrillic labels need a font that has the glyphs: WenQuanYi Micro Hei (Debian
`fonts-wqy-microhei`) is preferred when present, DejaVu Sans otherwise.
"""

from __future__ import annotations

import io
import warnings
from collections import defaultdict
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib import font_manager

_INSTALLED = {f.name for f in font_manager.fontManager.ttflist}
# Only fonts that exist, so matplotlib does not warn for each missing one on every label.
matplotlib.rcParams["font.family"] = [
    f for f in ("WenQuanYi Micro Hei", "DejaVu Sans") if f in _INSTALLED
] or ["sans-serif"]
matplotlib.rcParams["svg.fonttype"] = "none"
# Without a CJK font (Debian fonts-wqy-microhei; `scripts/test` and `scripts/demo` install it)
# Chinese labels render as boxes; say so once in the docs, not once per glyph on stderr.
warnings.filterwarnings("ignore", message=r"Glyph \d+ .*missing from font", category=UserWarning)


def png_bytes(fig: Any) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=110, bbox_inches="tight", metadata={"Software": None})
    plt.close(fig)
    return buffer.getvalue()


def documents_per_month(rows: list[dict[str, Any]]) -> bytes | None:
    """Stacked bars of documents per month, one colour per language."""
    if not rows:
        return None
    months = sorted({r["month"] for r in rows})
    by_language: dict[str, dict[Any, int]] = defaultdict(dict)
    for r in rows:
        by_language[r["language"] or "?"][r["month"]] = r["documents"]
    fig, ax = plt.subplots(figsize=(8, 3.2))
    bottom = [0] * len(months)
    labels = [m.strftime("%Y-%m") for m in months]
    for language, counts in sorted(by_language.items(), key=lambda kv: -sum(kv[1].values())):
        values = [counts.get(m, 0) for m in months]
        ax.bar(labels, values, bottom=bottom, label=language)
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    ax.set_ylabel("documents")
    ax.set_title("Documents per month, by language")
    ax.legend(ncol=6, fontsize=8, frameon=False)
    if len(labels) > 12:
        ax.set_xticks(range(0, len(labels), max(1, len(labels) // 12)))
    ax.tick_params(axis="x", labelrotation=45, labelsize=8)
    return png_bytes(fig)
