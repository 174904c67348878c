"""PNG figures of the diplomacy capability: a timeline with a lane per actor, an agreement
heat map, agreement per year, and a reciprocity exchange chart (matplotlib Agg, via plots.py)."""

from __future__ import annotations

import datetime as dt

import matplotlib.dates as mdates
import numpy as np

from lockstep.analyses.alignment import AlignmentResult
from lockstep.analyses.chronology import Timeline
from lockstep.analyses.reciprocity import ReciprocityResult
from lockstep.outputs.plots import plt, png_bytes

_KIND_MARKERS = {
    "visit": "o", "meeting": "s", "interview": "D", "statement": "^", "joint_statement": "*",
    "vote": "v", "publication": "P", "other": ".",
}  # fmt: skip
MAX_LANES = 14


def timeline_png(result: Timeline) -> bytes | None:
    """One lane per actor (the most active first), one marker per event, shaped by kind."""
    if not result.events:
        return None
    counts: dict[str, int] = {}
    for event in result.events:
        for actor in event.actors:
            counts[actor] = counts.get(actor, 0) + 1
    lanes = sorted(counts, key=lambda a: (-counts[a], a))[:MAX_LANES]
    fig, ax = plt.subplots(figsize=(9, 0.5 * len(lanes) + 1.6))
    for kind, marker in _KIND_MARKERS.items():
        xs, ys = [], []
        for event in result.events:
            if event.kind != kind:
                continue
            for actor in event.actors:
                if actor in lanes:
                    xs.append(dt.date.fromisoformat(event.date))
                    ys.append(lanes.index(actor))
        if xs:
            ax.scatter(
                np.array(xs, dtype="datetime64[D]"),
                ys,
                marker=marker,
                s=60,
                label=kind.replace("_", " "),
                alpha=0.8,
            )
    ax.set_yticks(range(len(lanes)), [result.label(a)[:28] for a in lanes])
    locator = mdates.AutoDateLocator(maxticks=8)  # dates never collide, whatever the span
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(mdates.ConciseDateFormatter(locator))
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    ax.legend(ncol=4, fontsize=8, frameon=False, loc="upper center", bbox_to_anchor=(0.5, -0.12))
    ax.set_title("Events per actor (marker: kind)")
    return png_bytes(fig)


def agreement_heatmap(result: AlignmentResult, countries: list[str]) -> bytes | None:
    if len(countries) < 2:
        return None
    values = np.array([[result.matrix.get(a, {}).get(b, np.nan) if a != b else 1.0 for b in countries]
                       for a in countries])  # fmt: skip
    fig, ax = plt.subplots(figsize=(0.45 * len(countries) + 2.5, 0.45 * len(countries) + 2))
    image = ax.imshow(values, vmin=0, vmax=1, cmap="viridis")
    ax.set_xticks(range(len(countries)), countries, rotation=90, fontsize=8)
    ax.set_yticks(range(len(countries)), countries, fontsize=8)
    fig.colorbar(image, ax=ax, label=f"agreement ({result.parameters['variant']})")
    ax.set_title("Vote agreement")
    return png_bytes(fig)


def agreement_by_year(result: AlignmentResult) -> bytes | None:
    if not result.by_year:
        return None
    series: dict[str, list[tuple[int, float]]] = {}
    for row in result.by_year:
        series.setdefault(f"{row.a}–{row.b}", []).append((row.year, row.agreement))
    fig, ax = plt.subplots(figsize=(8, 3.4))
    for label, points in sorted(series.items())[:10]:
        ax.plot([p[0] for p in points], [p[1] for p in points], marker=".", label=label)
    ax.set_ylim(0, 1.02)
    ax.set_ylabel("agreement")
    ax.legend(ncol=3, fontsize=8, frameon=False)
    ax.set_title("Vote agreement per year")
    return png_bytes(fig)


def exchanges_png(result: ReciprocityResult) -> bytes | None:
    """Each pair on a lane; arrows of support in time, labelled by issue."""
    pairs = result.pairs[:8]
    if not pairs:
        return None
    fig, ax = plt.subplots(figsize=(9, 0.9 * len(pairs) + 1.4))
    for lane, pair in enumerate(pairs):
        for direction in pair.directions:
            if not direction.first:
                continue
            when = dt.date.fromisoformat(direction.first)
            offset = -0.15 if direction.supporter == pair.a else 0.15
            ax.scatter(
                np.array([when], dtype="datetime64[D]"),
                [lane + offset],
                s=70,
                marker=">" if offset < 0 else "<",
            )
            ax.annotate(
                f"{direction.supporter}→{direction.supported}: {direction.issue} ({direction.count})",
                (when, lane + offset), fontsize=7, xytext=(4, 2), textcoords="offset points",
            )  # fmt: skip
    ax.set_yticks(range(len(pairs)), [f"{p.a} ⇄ {p.b}" for p in pairs])
    ax.invert_yaxis()
    ax.grid(axis="x", alpha=0.3)
    ax.set_title("First support in each direction, by issue")
    return png_bytes(fig)
