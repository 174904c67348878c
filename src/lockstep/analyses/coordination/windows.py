"""Sliding time windows: every pair of shares of one object with |Δt| ≤ window, and the
window estimated from the data.

Why sliding and not bins: two posts 2 s apart straddling a bin edge fall in different bins;
the published tools that bin (CooRnet's early versions) miss them. The pair join runs in
DuckDB without comparing all shares of an object with each other: shares are numbered in
(object, time) order, a RANGE window frame gives for each share the number of the last share
of the same object within `window` after it, and the pairs are the numbers in between. The
cost is proportional to the pairs found, not to the square of an object's popularity.
"""

from __future__ import annotations

import math

from lockstep.store.database import Store

PAIRS = "_coord_pairs"
MICROS = 1_000_000
#: The estimated window never goes below one second (timestamps are often whole seconds).
MIN_AUTO_WINDOW = 1


def build_pairs(store: Store, shares: str, window_seconds: float, *, collect_objects: bool = True) -> None:
    """Create `_coord_pairs(post_a, account_a, t_a, post_b, account_b, t_b, objects)`.

    One row per pair of posts by different accounts sharing at least one object within the
    window; `a` is the earlier post (ties broken by post id, the same way for every object),
    `objects` lists every object the two posts share (left out when `collect_objects` is
    false: candidate buckets and prefix shingles are not worth showing).
    """
    window_us = round(window_seconds * MICROS)
    store.execute(
        f"CREATE OR REPLACE TEMP TABLE _coord_sorted AS SELECT post, account, t, object, "
        f"row_number() OVER (ORDER BY object, t, post) AS g FROM {shares}"
    )
    store.execute(
        "CREATE OR REPLACE TEMP TABLE _coord_reach AS SELECT g, max(g) OVER "
        f"(PARTITION BY object ORDER BY t RANGE BETWEEN CURRENT ROW AND {window_us} FOLLOWING) AS g_max "
        "FROM _coord_sorted"
    )
    store.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE {PAIRS} AS
        WITH reach AS (SELECT g AS ga, unnest(range(g + 1, g_max + 1)) AS gb FROM _coord_reach WHERE g_max > g)
        SELECT {"" if collect_objects else "DISTINCT"} a.post AS post_a, a.account AS account_a, a.t AS t_a,
               b.post AS post_b, b.account AS account_b, b.t AS t_b
               {", list(DISTINCT a.object::VARCHAR ORDER BY a.object::VARCHAR) AS objects" if collect_objects else ""}
        FROM reach
        JOIN _coord_sorted a ON a.g = reach.ga
        JOIN _coord_sorted b ON b.g = reach.gb
        WHERE a.account <> b.account
        {"GROUP BY ALL" if collect_objects else ""}
        """
    )
    store.execute("DROP TABLE IF EXISTS _coord_reach")
    store.execute("DROP TABLE IF EXISTS _coord_sorted")


def estimate_window(store: Store, shares: str) -> tuple[int, dict[str, float | int]]:
    """The window the data suggests, in whole seconds, and how it was found.

    Among objects shared at least twice, take the fastest 10 % by time from the first to the
    second share (the bursts), then the median, over those objects, of the time from the first
    share to the share that reaches half of the object's shares (at least the second share,
    since the first is the start). Rounded up, at least one second.
    """
    rows = store.query(
        f"""
        WITH ranked AS (
            SELECT object, t, row_number() OVER (PARTITION BY object ORDER BY t, post) AS rank,
                   count(*) OVER (PARTITION BY object) AS n
            FROM {shares}
        ),
        per_object AS (
            SELECT object,
                   (max(t) FILTER (WHERE rank = 2) - min(t)) / {MICROS} AS to_second,
                   (max(t) FILTER (WHERE rank = greatest(2, ceil(n / 2.0)::BIGINT)) - min(t)) / {MICROS} AS to_half
            FROM ranked WHERE n >= 2 GROUP BY object
        ),
        fastest AS (
            SELECT to_half FROM per_object
            ORDER BY to_second, object
            LIMIT (SELECT greatest(1, ceil(count(*) * 0.1)::BIGINT) FROM per_object)
        )
        SELECT (SELECT count(*) FROM per_object) AS objects, count(*) AS fastest, median(to_half) AS median_to_half
        FROM fastest
        """
    )
    row = rows[0] if rows else {"objects": 0, "fastest": 0, "median_to_half": None}
    median = row["median_to_half"]
    window = max(MIN_AUTO_WINDOW, math.ceil(median)) if median is not None else MIN_AUTO_WINDOW
    facts: dict[str, float | int] = {
        "objects_shared_twice": int(row["objects"] or 0),
        "fastest_objects": int(row["fastest"] or 0),
        "median_seconds_to_half": float(median) if median is not None else 0.0,
    }
    return window, facts
