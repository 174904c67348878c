"""The cascade chart of a narrative: each outlet's documents over time, outlets in order of
first appearance, colour by language, the first document of each outlet ringed."""

from __future__ import annotations

from typing import Any

from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num

from lockstep.analyses.propagation import Propagation
from lockstep.outputs.plots import plt, png_bytes

#: Outlets drawn (the earliest ones); a chart with hundreds of rows is unreadable.
MAX_OUTLETS = 40


def cascade_chart(result: Propagation) -> bytes | None:
    """PNG of the cascade, or None when nothing is dated."""
    if not result.timeline:
        return None
    order: list[str] = []
    for doc in result.timeline:
        if doc.outlet not in order:
            order.append(doc.outlet)
    order = order[:MAX_OUTLETS]
    rows = {outlet: i for i, outlet in enumerate(order)}
    languages = sorted({d.languages[0] for d in result.timeline if d.outlet in rows})
    colours: dict[str, Any] = {lang: plt.get_cmap("tab10")(i % 10) for i, lang in enumerate(languages)}
    fig, ax = plt.subplots(figsize=(9, max(2.4, 0.32 * len(order) + 1.2)))
    for lang in languages:
        docs = [d for d in result.timeline if d.outlet in rows and d.languages[0] == lang]
        ax.scatter(
            date2num([d.published_at for d in docs]),
            [rows[d.outlet] for d in docs],
            s=28,
            color=colours[lang],
            label=lang,
        )
    firsts = [d for d in result.timeline if "outlet" in d.new and d.outlet in rows]
    ax.scatter(
        date2num([d.published_at for d in firsts]), [rows[d.outlet] for d in firsts], s=110, facecolors="none",
        edgecolors="black", linewidths=1.0, label="first in outlet",
    )  # fmt: skip
    ax.plot(
        date2num([d.published_at for d in firsts]),
        [rows[d.outlet] for d in firsts],
        color="grey",
        linewidth=0.8,
        zorder=0,
    )
    locator = AutoDateLocator()
    ax.xaxis.set_major_locator(locator)
    ax.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    ax.set_yticks(range(len(order)))
    ax.set_yticklabels([o[:40] for o in order], fontsize=8)
    ax.invert_yaxis()
    ax.set_title(f"{result.label}: cascade by outlet"[:100], fontsize=10)
    ax.legend(fontsize=7, frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1.0))
    ax.tick_params(axis="x", labelsize=8)
    return png_bytes(fig)
