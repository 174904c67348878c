"""PNG charts of the media analyses (framing, first mention, coverage, citations).

They take the analyses' result objects, never the store, and return PNG bytes (or None when
there is nothing to draw) through `plots.png_bytes`, which also sets the fonts.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from lockstep.outputs.plots import plt, png_bytes

#: Most lines per chart; beyond this a chart is unreadable (the tables keep everything).
MAX_SERIES = 8


def framing_shares(result: Any, topic_id: str) -> bytes | None:
    """One panel per framing: its share of each group's topic documents per period."""
    rows = [r for r in result.periods if r.topic == topic_id and r.period]
    if not rows:
        return None
    topic = next(t for t in result.topics if t["id"] == topic_id)
    framings = topic["framings"]
    weight: dict[str, int] = defaultdict(int)
    for r in rows:
        weight[r.group] += r.topic_documents
    groups = [g for g, w in sorted(weight.items(), key=lambda kv: (-kv[1], kv[0])) if w][:MAX_SERIES]
    if not groups:
        return None
    labels = {r.group: r.label for r in rows}
    fig, axes = plt.subplots(
        1, len(framings), figsize=(3.2 * len(framings) + 1, 3.2), sharey=True, squeeze=False
    )
    for ax, framing in zip(axes[0], framings, strict=True):
        for group in groups:
            points = sorted(
                (dt.datetime.fromisoformat(r.period), c.share)
                for r in rows
                if r.group == group
                for c in r.framings
                if c.framing == framing["id"] and c.share is not None
            )
            if points:
                ax.plot(
                    [p[0] for p in points],
                    [p[1] for p in points],
                    marker="o",
                    markersize=3,
                    label=labels[group],
                )
        ax.set_title(framing["label"], fontsize=9)
        ax.set_ylim(-0.03, 1.03)
        ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    axes[0][0].set_ylabel("share of topic documents")
    handles, names = axes[0][0].get_legend_handles_labels()
    for ax in axes[0][1:]:
        for handle, name in zip(*ax.get_legend_handles_labels(), strict=True):
            if name not in names:
                handles.append(handle)
                names.append(name)
    fig.legend(
        handles,
        names,
        loc="lower center",
        ncol=min(4, len(names)),
        fontsize=7,
        frameon=False,
        bbox_to_anchor=(0.5, -0.12),
    )
    fig.suptitle(f"{topic['label']}: framing shares per {result.parameters['freq']}", fontsize=10)
    return png_bytes(fig)


def lags_per_outlet(labels: list[str], lags_hours: list[list[float]], title: str) -> bytes | None:
    """Horizontal dot plot: each outlet's lag(s) after the event, in hours."""
    if not labels:
        return None
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(labels) + 1.2))
    for i, lags in enumerate(lags_hours):
        ax.scatter(lags, [i] * len(lags), s=14, alpha=0.7)
    ax.set_yticks(range(len(labels)))
    ax.set_yticklabels(labels, fontsize=7)
    ax.invert_yaxis()
    ax.set_xlabel("hours after the event")
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_title(title, fontsize=10)
    return png_bytes(fig)


def attention_series(rows: list[Any]) -> dict[str, list[tuple[dt.datetime, float]]]:
    """Attention rows (coverage periods) as one series of (period, share) per group label."""
    series: dict[str, list[tuple[dt.datetime, float]]] = defaultdict(list)
    for row in rows:
        if row.period and row.share is not None:
            series[row.label].append((dt.datetime.fromisoformat(row.period), row.share))
    return series


def attention_shares(series: dict[str, list[tuple[dt.datetime, float]]], title: str) -> bytes | None:
    """Lines of attention share (matching ÷ all documents) per group over time."""
    series = {k: v for k, v in series.items() if v}
    if not series:
        return None
    ranked = sorted(series.items(), key=lambda kv: -max(s for _, s in kv[1]))[:MAX_SERIES]
    fig, ax = plt.subplots(figsize=(8, 3.4))
    for label, points in ranked:
        ordered = sorted(points)
        ax.plot([p[0] for p in ordered], [p[1] for p in ordered], marker="o", markersize=3, label=label)  # type: ignore[arg-type]
    ax.set_ylabel("share of the outlet's documents")
    ax.set_title(title, fontsize=10)
    ax.tick_params(axis="x", labelrotation=45, labelsize=7)
    ax.legend(fontsize=7, frameon=False, ncol=2)
    return png_bytes(fig)


def distinctive_words(words: list[tuple[str, float]], title: str) -> bytes | None:
    """Bar chart of log-odds z-scores: positive for the first group, negative for the second."""
    if not words:
        return None
    fig, ax = plt.subplots(figsize=(6, 0.28 * len(words) + 1.2))
    ax.barh(
        range(len(words)), [z for _, z in words], color=["#b2182b" if z > 0 else "#2166ac" for _, z in words]
    )
    ax.set_yticks(range(len(words)))
    ax.set_yticklabels([w for w, _ in words], fontsize=8)
    ax.invert_yaxis()
    ax.axvline(0, color="grey", linewidth=0.8)
    ax.set_xlabel("z-score of weighted log-odds")
    ax.set_title(title, fontsize=10)
    return png_bytes(fig)


def citation_shares(rows: list[tuple[str, dict[str, float]]], title: str) -> bytes | None:
    """Stacked horizontal bars: per outlet, the share of its attributions by kind of source."""
    if not rows:
        return None
    kinds = sorted({k for _, shares in rows for k in shares})
    fig, ax = plt.subplots(figsize=(7, 0.35 * len(rows) + 1.4))
    left = [0.0] * len(rows)
    for kind in kinds:
        values = [shares.get(kind, 0.0) for _, shares in rows]
        ax.barh(range(len(rows)), values, left=left, label=kind)
        left = [a + b for a, b in zip(left, values, strict=True)]
    ax.set_yticks(range(len(rows)))
    ax.set_yticklabels([label for label, _ in rows], fontsize=7)
    ax.invert_yaxis()
    ax.set_xlim(0, 1)
    ax.set_xlabel("share of the outlet's attributions")
    ax.set_title(title, fontsize=10)
    ax.legend(fontsize=7, frameon=False, ncol=3, loc="lower center", bbox_to_anchor=(0.5, -0.45))
    return png_bytes(fig)
